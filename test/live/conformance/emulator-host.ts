import { createWsOpenAI } from '../../../src';
import {
  createResponsesEmulator,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
} from '../../../src/testing';
import { conformanceModel } from './conformance-model';
import type { ConformanceHost } from './rule';

const KEY = 'sk-conformance';

/**
 * The project's emulator as a host, in process on loopback, behind the model the suite's prompts expect.
 * Output is paced (a timing model, as a real host takes time to write) so that a long answer is still
 * running when the next frame arrives, as it would be on a real host.
 */
export async function startEmulatorHost(
  options: ResponsesEmulatorOptions = {},
): Promise<{ host: ConformanceHost; emulator: ResponsesEmulator }> {
  const emulator = await createResponsesEmulator({
    model: conformanceModel(),
    timing: { outputTokensPerSecond: 500 },
    apiKeys: [KEY],
    ...options,
  });
  return { host: emulatorHost(emulator, { wsURL: emulator.wsURL }), emulator };
}

/**
 * A host served by `emulator` at `wsURL` (the emulator's own, or a proxy in front of it). Closing the host
 * closes the emulator.
 */
export function emulatorHost(
  emulator: ResponsesEmulator,
  { wsURL, name = 'emulator' }: { wsURL: string; name?: string },
): ConformanceHost {
  return {
    name,
    wsURL,
    headers: { Authorization: `Bearer ${KEY}` },
    model: 'gpt-5.4-nano',
    deadlineMs: 10_000,
    createProvider: (warn) =>
      createWsOpenAI({ apiKey: KEY, baseURL: emulator.baseURL, webSocketURL: wsURL, warn }),
    close: () => emulator.close(),
  };
}
