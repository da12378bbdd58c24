import { generateText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
import type { ResponsesEmulator } from '../../src/testing';
import {
  acceptedKeys,
  Exposure,
  expectIncremental,
  expectOverHttp,
  originOf,
  runToolLoop,
  startHost,
  TOOL_CALLS,
} from './host-harness';

/**
 * Hosts that speak OpenAI's own conventions (`/v1/responses`, `Authorization: Bearer`): OpenAI and xAI.
 * Each recipe is the README's, with the emulator's origin standing in for the host.
 */
const recipes = [
  {
    host: 'OpenAI',
    key: 'sk-proj-openai-recipe-8a1f0c',
    modelId: 'gpt-5.4',
    // createWsOpenAI({ apiKey: process.env.OPENAI_API_KEY }): the base URL is OpenAI's by default.
    create: (origin: string, apiKey: string, warn: (message: string) => void) =>
      createWsOpenAI({ baseURL: `${origin}/v1`, apiKey, warn }),
  },
  {
    host: 'xAI',
    key: 'xai-recipe-key-2b9d47e1',
    modelId: 'grok-4.20-reasoning',
    // createWsOpenAI({ name: 'xai-ws', baseURL: 'https://api.x.ai/v1', apiKey: process.env.XAI_API_KEY })
    create: (origin: string, apiKey: string, warn: (message: string) => void) =>
      createWsOpenAI({ name: 'xai-ws', baseURL: `${origin}/v1`, apiKey, warn }),
  },
] as const;

describe.each(recipes)('$host', ({ key, modelId, create }) => {
  let emulator: ResponsesEmulator;
  let exposure: Exposure;
  let provider: WsOpenAIProvider;

  beforeEach(async () => {
    emulator = await startHost({}, [key]);
    exposure = new Exposure();
    provider = create(originOf(emulator), key, exposure.warn);
  });

  afterEach(async () => {
    await provider.close();
    await emulator.close();
    exposure.expectNoSecret([key]);
  });

  it('runs a tool loop over one socket, continued incrementally, with a Bearer key', async () => {
    expectIncremental(await runToolLoop(provider(modelId), exposure));
    expect(emulator.authLog).toEqual([{ transport: 'ws', via: 'bearer', key, outcome: 'accepted' }]);
    expect(emulator.metrics.requests.map((request) => request.body.model)).toEqual(
      Array(TOOL_CALLS + 1).fill(modelId),
    );
  });

  it('runs the same loop over the HTTP fallback', async () => {
    emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
    expectOverHttp(await runToolLoop(provider(modelId), exposure));
    expect(acceptedKeys(emulator, 'http')).toEqual(Array(TOOL_CALLS + 1).fill(key));
    expect(exposure.warnings).toHaveLength(1);
  });

  it('an error response carries no credential', async () => {
    emulator.injectFault({ kind: 'error-frame', status: 400, code: 'invalid_prompt', message: 'bad prompt' });
    const error = exposure.error(
      await generateText({ model: provider(modelId), prompt: 'x' }).catch((caught: unknown) => caught),
    );
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
  });
});
