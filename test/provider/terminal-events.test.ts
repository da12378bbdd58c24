import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { APICallError, generateText, streamText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
import {
  createResponsesEmulator,
  type EmulatorFault,
  type ResponsesEmulator,
  scriptedModel,
} from '../../src/testing';
import { waitFor } from './wait-for';

const API_KEY = 'sk-test-terminal-0123456789';
let emulator: ResponsesEmulator;
let provider: WsOpenAIProvider;

const longAnswer = scriptedModel(() => ({
  output: [{ type: 'message', text: 'a fairly long answer '.repeat(20) }],
}));

beforeEach(async () => {
  emulator = await createResponsesEmulator({ model: longAnswer });
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: API_KEY, maxConnections: 2 });
});

afterEach(async () => {
  await provider.close();
  await emulator.close();
});

/**
 * The same fault under `generateText` with default settings, through
 * `@ai-sdk/openai` over HTTP and through wsOpenAI: what the app sees and how many requests the server got.
 */
async function sideBySide(fault: EmulatorFault) {
  const http = createOpenAI({ baseURL: emulator.baseURL, apiKey: API_KEY });
  const run = async (transport: 'http' | 'ws', model: LanguageModelV3) => {
    const before = emulator.metrics.requests.length;
    emulator.injectFault({ ...fault, transport } as EmulatorFault);
    const error = await generateText({ model, prompt: 'x' }).then(
      () => undefined,
      (e) => e,
    );
    const cause = error?.lastError ?? error;
    const seen = {
      name: error?.name,
      message: cause?.message,
      statusCode: cause?.statusCode,
      isRetryable: cause?.isRetryable,
      requests: emulator.metrics.requests.length - before,
    };
    return JSON.parse(JSON.stringify(seen)) as Partial<typeof seen>;
  };
  return { http: await run('http', http.responses('gpt-5.4')), ws: await run('ws', provider('gpt-5.4')) };
}

async function collect(result: ReturnType<typeof streamText>) {
  const parts: string[] = [];
  const errors: unknown[] = [];
  try {
    for await (const part of result.fullStream) {
      parts.push(part.type);
      if (part.type === 'error') errors.push(part.error);
    }
  } catch (error) {
    // streamText rethrows an error of the model's stream from fullStream.
    errors.push(error);
  }
  return { parts, errors };
}

describe('each terminal event ends the stream', () => {
  it('response.completed: a normal finish', async () => {
    const { parts, errors } = await collect(streamText({ model: provider('gpt-5.4'), prompt: 'x' }));
    expect(errors).toEqual([]);
    expect(parts.at(-1)).toBe('finish');
  });

  it('response.incomplete: finishes with reason length, and the next request goes out whole', async () => {
    emulator.injectFault({ kind: 'response-incomplete', reason: 'max_output_tokens' });
    const model = provider('gpt-5.4');
    const first = streamText({ model, prompt: 'x' });
    expect(await first.finishReason).toBe('length');
    const next = await generateText({ model, prompt: 'y' });
    expect(next.providerMetadata?.['openai-ws']).toMatchObject({ continued: false, connectionReused: true });
  });

  it('response.failed in generateText: the error HTTP gives, sent once (the AI SDK does not retry)', async () => {
    const outcome = await sideBySide({
      kind: 'response-failed',
      code: 'server_error',
      message: 'The model crashed',
    });
    expect(outcome.ws).toEqual(outcome.http);
    expect(outcome.ws).toMatchObject({ isRetryable: false, requests: 1 });
  });

  it('an error frame before the response: retried by the AI SDK exactly as the same HTTP error is', async () => {
    const fault = {
      kind: 'error-frame',
      status: 429,
      code: 'rate_limit_exceeded',
      message: 'Slow down',
    } as const;
    // Once: the AI SDK's first retry (after its default 2 s backoff) succeeds on both transports.
    const outcome = await sideBySide(fault);
    expect(outcome.ws).toEqual(outcome.http);
    expect(outcome.ws).toEqual({ requests: 2 });
  });

  it('an error frame without sequence_number mid-stream: an error part, not a schema failure', async () => {
    emulator.injectFault({
      kind: 'error-frame',
      at: 'mid-stream',
      status: 500,
      code: 'server_error',
      message: 'boom',
      sequenceNumber: false,
    });
    // What streamText reports through onError (by default it prints it to stderr): the same error as the part.
    const reported: unknown[] = [];
    const { errors } = await collect(
      streamText({
        model: provider('gpt-5.4'),
        prompt: 'x',
        onError: ({ error }) => void reported.push(error),
      }),
    );
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('boom');
    expect(reported).toEqual(errors);
  });

  it('an error frame before the response without a status: derived from its code', async () => {
    emulator.injectFault({
      kind: 'error-frame',
      status: null,
      code: 'invalid_value',
      type: 'invalid_request_error',
      message: 'bad',
    });
    const error = await generateText({ model: provider('gpt-5.4'), prompt: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
    expect(emulator.metrics.requests).toHaveLength(1);
  });

  it('a close mid-stream is an error, never a normal finish', async () => {
    emulator.injectFault({ kind: 'close', at: 'mid-stream', afterEvents: 4, code: 1011 });
    const { parts, errors } = await collect(streamText({ model: provider('gpt-5.4'), prompt: 'x' }));
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0])).toBe(true);
    // Retryable, as HTTP's error for a body cut short is; the stream had begun, so nobody sends it again.
    expect((errors[0] as APICallError).isRetryable).toBe(true);
    expect(String((errors[0] as Error).message)).not.toContain(API_KEY);
    expect(parts).not.toContain('finish-step');
    expect(emulator.metrics.requests).toHaveLength(1);
  });

  it('doGenerate over a close mid-stream: the transport sends it once, the AI SDK retries it as over HTTP', async () => {
    const close = { kind: 'close', at: 'mid-stream', afterEvents: 4, code: 1011 } as const;
    for (let attempt = 0; attempt < 4; attempt++) emulator.injectFault(close);
    const error = await generateText({ model: provider('gpt-5.4'), prompt: 'x', maxRetries: 3 }).catch(
      (e) => e,
    );
    // One request per attempt of the AI SDK (1 + maxRetries), each closed after the server accepted it.
    expect(error).toMatchObject({ name: 'AI_RetryError', reason: 'maxRetriesExceeded' });
    expect(APICallError.isInstance(error.lastError)).toBe(true);
    expect(emulator.metrics.requests.map((request) => [request.outcome, request.accepted])).toEqual(
      Array(4).fill(['closed', true]),
    );
  });
});

describe('abort', () => {
  it('closes that socket and drops its chain; the next call is unaffected', async () => {
    emulator.setTiming({ outputTokensPerSecond: 200 });
    const controller = new AbortController();
    const model = provider('gpt-5.4');
    const result = streamText({ model, prompt: 'x', abortSignal: controller.signal });
    let sawText = false;
    const parts: string[] = [];
    for await (const part of result.fullStream) {
      parts.push(part.type);
      if (part.type === 'text-delta' && !sawText) {
        sawText = true;
        controller.abort();
      }
    }
    expect(parts).toContain('abort');
    await waitFor(() => emulator.metrics.openConnections === 0);
    expect(emulator.metrics.requests[0]!.outcome).toBe('closed');

    emulator.setTiming({});
    const next = await generateText({ model, prompt: 'y' });
    expect(next.text).toContain('a fairly long answer');
    expect(next.providerMetadata?.['openai-ws']).toMatchObject({ continued: false, connectionReused: false });
    expect(emulator.metrics.requests).toHaveLength(2);
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      generateText({ model: provider('gpt-5.4'), prompt: 'x', abortSignal: controller.signal }),
    ).rejects.toThrow();
    expect(emulator.metrics.requests).toHaveLength(0);
  });
});
