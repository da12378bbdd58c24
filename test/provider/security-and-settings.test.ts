import { createOpenAI } from '@ai-sdk/openai';
import { NoSuchModelError } from '@ai-sdk/provider';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
import { toWebSocketURL } from '../../src/endpoint-urls';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { countingAgentModel } from './agent-model';

const API_KEY = 'sk-security-test-4d1e7a';
let emulator: ResponsesEmulator;
let provider: WsOpenAIProvider;

beforeEach(async () => {
  emulator = await createResponsesEmulator({
    model: scriptedModel(({ input }) => ({ output: [{ type: 'message', text: `items=${input.length}` }] })),
  });
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: API_KEY });
});

afterEach(async () => {
  await provider.close();
  await emulator.close();
});

describe('credentials', () => {
  it('a wrong key: the APICallError HTTP gives (status, server message, body), sent once', async () => {
    const strict = await createResponsesEmulator({ apiKeys: ['sk-the-right-key'] });
    const http = createOpenAI({ baseURL: strict.baseURL, apiKey: 'sk-a-wrong-key-123' });
    const ws = createWsOpenAI({ baseURL: strict.baseURL, apiKey: 'sk-a-wrong-key-123' });
    try {
      const seen = async (model: Parameters<typeof generateText>[0]['model']) => {
        const error = await generateText({ model, prompt: 'hi' }).catch((e) => e);
        const { name, message, statusCode, isRetryable, responseBody, data } = error;
        return { name, message, statusCode, isRetryable, responseBody, data };
      };
      const overHttp = await seen(http.responses('gpt-5.4'));
      const overWebSocket = await seen(ws('gpt-5.4'));
      expect(overWebSocket).toEqual(overHttp);
      expect(overWebSocket).toMatchObject({
        name: 'AI_APICallError',
        message: 'Incorrect API key provided.',
        statusCode: 401,
        isRetryable: false,
      });
      expect(overWebSocket.responseBody).toContain('invalid_api_key');
      expect(strict.metrics.upgrades).toMatchObject({ attempted: 1, refused: 1 });
    } finally {
      await ws.close();
      await strict.close();
    }
  });

  it('the API key goes only into the handshake: no frame, error or metadata carries it', async () => {
    const result = await generateText({ model: provider('gpt-5.4'), prompt: 'hi' });
    // A 400 is not retried, so with the AI SDK's default retries this is the error the app gets.
    emulator.injectFault({ kind: 'error-frame', status: 400, code: 'invalid_value', message: 'boom' });
    const error = await generateText({ model: provider('gpt-5.4'), prompt: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ name: 'AI_APICallError', statusCode: 400, isRetryable: false });
    const everything = JSON.stringify([
      emulator.metrics.requests.map((request) => request.body),
      result.providerMetadata,
      result.request,
      result.response,
      { ...error, message: error.message },
    ]);
    expect(everything).not.toContain(API_KEY);
  });

  it('sockets are never shared across different credentials', async () => {
    const model = provider('gpt-5.4');
    await generateText({ model, prompt: 'a', headers: { 'OpenAI-Project': 'proj_a' } });
    await generateText({ model, prompt: 'b', headers: { 'OpenAI-Project': 'proj_b' } });
    await generateText({ model, prompt: 'c', headers: { Authorization: 'Bearer sk-someone-else' } });
    const again = await generateText({ model, prompt: 'd', headers: { 'OpenAI-Project': 'proj_a' } });
    expect(emulator.metrics.connections).toBe(3);
    expect(again.providerMetadata?.['openai-ws']).toMatchObject({ connectionReused: true });
  });

  it('sockets are never shared across base URLs', async () => {
    const other = await createResponsesEmulator();
    const second = createWsOpenAI({ baseURL: other.baseURL, apiKey: API_KEY });
    try {
      await generateText({ model: provider('gpt-5.4'), prompt: 'a' });
      await generateText({ model: second('gpt-5.4'), prompt: 'b' });
      expect([emulator.metrics.connections, other.metrics.connections]).toEqual([1, 1]);
    } finally {
      await second.close();
      await other.close();
    }
  });
});

describe('provider surface', () => {
  it('serves Responses language models; other model kinds throw NoSuchModelError', () => {
    expect(provider('gpt-5.4')).toMatchObject({
      // The installed @ai-sdk/openai's: v3 with 3.x (ai@6), v4 with 4.x (ai@7).
      specificationVersion: createOpenAI({ apiKey: API_KEY }).responses('gpt-5.4').specificationVersion,
      modelId: 'gpt-5.4',
      provider: 'openai-ws.responses',
    });
    expect(provider.languageModel('gpt-5.4').modelId).toBe('gpt-5.4');
    expect(() => provider.embeddingModel('text-embedding-3-small')).toThrow(NoSuchModelError);
    expect(() => provider.imageModel('gpt-image-1')).toThrow(NoSuchModelError);
  });

  it('maps the HTTP base URL to the socket URL', () => {
    expect(toWebSocketURL('https://api.openai.com/v1')).toBe('wss://api.openai.com/v1/responses');
    expect(toWebSocketURL('http://127.0.0.1:4010/v1')).toBe('ws://127.0.0.1:4010/v1/responses');
    expect(() => toWebSocketURL('ftp://example.test/v1')).toThrow(/baseURL/);
  });

  it('rejects invalid numeric settings with InvalidArgumentError', () => {
    expect(() => createWsOpenAI({ maxConnections: 0 })).toThrow(
      expect.objectContaining({ name: 'AI_InvalidArgumentError' }),
    );
    expect(() => createWsOpenAI({ handshakeTimeoutMs: -1 })).toThrow(/handshakeTimeoutMs/);
    // Past Node's longest timer a timeout would fire after 1 ms instead.
    expect(() => createWsOpenAI({ firstEventTimeoutMs: 30 * 24 * 3_600_000 })).toThrow(/at most 2147483647/);
  });

  it('an API key that cannot go into a header is an InvalidArgumentError that does not quote it', async () => {
    const broken = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-broken\n' });
    try {
      const error = await generateText({ model: broken('gpt-5.4'), prompt: 'x' }).catch((caught) => caught);
      expect(error).toMatchObject({ name: 'AI_InvalidArgumentError', argument: 'apiKey' });
      expect(String(error.message)).not.toContain('sk-test-broken');
      expect(emulator.metrics.upgrades.attempted).toBe(0);
    } finally {
      await broken.close();
    }
  });

  it('a missing API key is a LoadAPIKeyError, raised before anything is sent', async () => {
    const previous = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    const keyless = createWsOpenAI({ baseURL: emulator.baseURL });
    try {
      await expect(generateText({ model: keyless('gpt-5.4'), prompt: 'x' })).rejects.toMatchObject({
        name: 'AI_LoadAPIKeyError',
      });
      expect(emulator.metrics.upgrades.attempted).toBe(0);
    } finally {
      if (previous !== undefined) process.env.OPENAI_API_KEY = previous;
      await keyless.close();
    }
  });
});

describe('client → server bytes of a 30-step agent loop', () => {
  it('wsOpenAI sends each item once; @ai-sdk/openai over HTTP re-sends the history every step', async () => {
    const tools = {
      step: tool({
        description: 'Returns ten times n, padded like a real tool result.',
        inputSchema: z.object({ n: z.number() }),
        execute: async ({ n }) => String(n * 10),
      }),
    };
    const run = async (model: Parameters<typeof streamText>[0]['model']) => {
      emulator.setModel(countingAgentModel(29));
      emulator.resetMetrics();
      const result = streamText({
        model,
        system: 'x'.repeat(2_000),
        prompt: 'go',
        tools,
        stopWhen: stepCountIs(30),
      });
      await result.consumeStream();
      expect(await result.steps).toHaveLength(30);
      return emulator.metrics.requests.reduce((total, request) => total + request.bytes, 0);
    };
    const overWebSocket = await run(provider('gpt-5.4'));
    const overHttp = await run(
      createOpenAI({ baseURL: emulator.baseURL, apiKey: API_KEY }).responses('gpt-5.4'),
    );
    console.log(
      `bytes: 30-step loop, wsOpenAI ${overWebSocket} B vs @ai-sdk/openai HTTP ${overHttp} B (${(overHttp / overWebSocket).toFixed(1)}×)`,
    );
    expect(overWebSocket).toBeLessThan(overHttp);
  });
});
