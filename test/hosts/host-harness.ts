import { type LanguageModel, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, expect } from 'vitest';
import { z } from 'zod';
import { createResponsesEmulator, type HostConventions, type ResponsesEmulator } from '../../src/testing';
import { countingAgentModel, expectedSum } from '../provider/agent-model';

/** Tool calls per loop: enough for continued steps after the first. */
export const TOOL_CALLS = 3;

/** An emulated host with its conventions, serving the counting agent model. */
export function startHost(hostConventions: HostConventions, apiKeys: string[] | 'any' = 'any') {
  return createResponsesEmulator({ model: countingAgentModel(TOOL_CALLS), hostConventions, apiKeys });
}

/**
 * Per test: an emulated host that accepts `key`, a fresh `Exposure`, and the secrets nothing may expose
 * (`key`; a test adds the others it uses). After each test the provider and the host are closed, and
 * nothing the test exposed holds a secret.
 */
export function hostPerTest(
  hostConventions: HostConventions,
  key: string,
  provider: () => { close(): Promise<void> },
) {
  const host = {
    emulator: undefined as unknown as ResponsesEmulator,
    exposure: new Exposure(),
    secrets: [] as string[],
  };
  beforeEach(async () => {
    host.emulator = await startHost(hostConventions, [key]);
    host.exposure = new Exposure();
    host.secrets.splice(0, host.secrets.length, key);
  });
  afterEach(async () => {
    await provider().close();
    await host.emulator.close();
    host.exposure.expectNoSecret(host.secrets);
  });
  return host;
}

/** `http://127.0.0.1:PORT`: what a recipe's `https://host` stands for. */
export function originOf(emulator: ResponsesEmulator): string {
  return new URL(emulator.baseURL).origin;
}

const tools = {
  step: tool({
    description: 'Returns ten times n.',
    inputSchema: z.object({ n: z.number() }),
    execute: async ({ n }) => String(n * 10),
  }),
};

/**
 * Everything a caller or a log could see: warnings, errors, step metadata, request and response bodies.
 * `expectNoSecret` then checks that no credential is in any of it.
 */
export class Exposure {
  readonly warnings: string[] = [];
  private readonly seen: unknown[] = [];
  readonly warn = (message: string) => {
    this.warnings.push(message);
  };

  see(value: unknown): void {
    this.seen.push(value);
  }

  error(error: unknown): unknown {
    const chain: unknown[] = [];
    for (let cause = error; cause !== undefined && chain.length < 5; ) {
      chain.push(cause instanceof Error ? { ...cause, message: cause.message, stack: cause.stack } : cause);
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    this.seen.push(chain, String(error));
    return error;
  }

  expectNoSecret(secrets: readonly string[]): void {
    const text = JSON.stringify([this.warnings, this.seen]);
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

/** One agent loop (TOOL_CALLS tool calls, then the answer) through `model`; checks the answer. */
export async function runToolLoop(model: LanguageModel, exposure: Exposure) {
  const result = streamText({
    model,
    system: 'You add numbers.',
    prompt: 'Call step until done, then report the sum.',
    tools,
    stopWhen: stepCountIs(TOOL_CALLS + 1),
  });
  // The answer is only right when the server saw every tool result, continued or resent.
  expect(await result.text).toBe(expectedSum(TOOL_CALLS));
  const steps = await result.steps;
  expect(steps).toHaveLength(TOOL_CALLS + 1);
  const metadata = steps.map((step) => step.providerMetadata?.['openai-ws']);
  exposure.see(steps.map((step) => [step.providerMetadata, step.request, step.response]));
  return metadata;
}

/** Every step over the socket; every step after the first continued with only its tool result. */
export function expectIncremental(metadata: Array<Record<string, unknown> | undefined>): void {
  for (const [index, step] of metadata.entries()) {
    expect(step).toMatchObject({ transport: 'websocket', continued: index > 0 });
    if (index > 0) expect(step?.inputItemsSent).toBe(1);
  }
}

/** Every step over HTTP, with the full input. */
export function expectOverHttp(metadata: Array<Record<string, unknown> | undefined>): void {
  for (const step of metadata)
    expect(step).toMatchObject({ transport: 'http', fullInputReason: 'http-fallback' });
}

/**
 * A token source that behaves like `@azure/identity`'s `getBearerTokenProvider` (or an OIDC helper): it
 * keeps one token until it expires, then fetches a new one. `expire()` is the passing of time, made
 * deterministic: the emulator refuses the current token from then on, and the source knows to refresh.
 */
export function refreshingTokens(emulator: ResponsesEmulator) {
  let current: string | undefined;
  const issued: string[] = [];
  const getToken = async () => {
    if (current === undefined) {
      current = emulator.issueKey();
      issued.push(current);
    }
    return current;
  };
  const expire = () => {
    if (current !== undefined) emulator.expireKey(current);
    current = undefined;
  };
  return Object.assign(getToken, { issued, expire });
}

/** Credentials the server accepted, per transport, in order. */
export function acceptedKeys(
  emulator: ResponsesEmulator,
  transport: 'ws' | 'http',
): Array<string | undefined> {
  return emulator.authLog
    .filter((record) => record.transport === transport && record.outcome === 'accepted')
    .map((record) => record.key);
}
