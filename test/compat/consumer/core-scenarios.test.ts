/**
 * The provider's core scenarios as a user installs it (from the tarball), on each line: ai@6 with
 * @ai-sdk/openai@3 (V3 models) and ai@7 with @ai-sdk/openai@4 (V4 models); once with `ws` and, where the
 * runtime has one (Node >= 22), once with its global WebSocket (undici, headers through its init).
 */
import { VERSION as OPENAI_VERSION } from '@ai-sdk/openai';
import { APICallError, generateText, stepCountIs, streamText, tool } from 'ai';
import {
  createWsOpenAI,
  type WsOpenAIProvider,
  type WsOpenAIProviderSettings,
  wsOpenAI,
} from 'ai-sdk-openai-ws';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from 'ai-sdk-openai-ws/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

const globalWebSocket = (globalThis as { WebSocket?: WsOpenAIProviderSettings['WebSocket'] }).WebSocket;
const implementations: Array<[string, WsOpenAIProviderSettings['WebSocket'] | undefined]> = [
  ['ws', undefined],
  ...(globalWebSocket ? [['global WebSocket', globalWebSocket] as [string, typeof globalWebSocket]] : []),
];
const nodeMajor = Number(process.versions.node.split('.')[0]);
const openaiMajor = Number(OPENAI_VERSION.split('.')[0]);

it('Node >= 22 has a global WebSocket (so the second variant runs there)', () => {
  expect(typeof globalWebSocket === 'function').toBe(nodeMajor >= 22);
});

it("wsOpenAI reports the installed @ai-sdk/openai's specification version", () => {
  expect(openaiMajor === 3 || openaiMajor === 4).toBe(true);
  expect(wsOpenAI('gpt-5.4').specificationVersion).toBe(openaiMajor === 4 ? 'v4' : 'v3');
  expect(wsOpenAI.specificationVersion).toBe(openaiMajor === 4 ? 'v4' : 'v3');
});

/** Calls `step` until the server saw `calls` tool outputs, then answers with their sum. */
const agentModel = (calls: number) =>
  scriptedModel(({ input }) => {
    const outputs = input.filter((item) => item.type === 'function_call_output');
    if (outputs.length < calls) {
      return {
        output: [
          { type: 'function_call', name: 'step', arguments: JSON.stringify({ n: outputs.length + 1 }) },
        ],
      };
    }
    const sum = outputs.reduce((total, item) => total + Number(item.output), 0);
    return { output: [{ type: 'message', text: `sum=${sum}` }] };
  });

const tools = {
  step: tool({ inputSchema: z.object({ n: z.number() }), execute: async ({ n }) => String(n * 10) }),
};

describe.each(implementations)('with %s', (_name, WebSocket) => {
  let emulator: ResponsesEmulator;
  let provider: WsOpenAIProvider;

  beforeEach(async () => {
    // apiKeys makes the emulator refuse an upgrade that lost its Authorization header.
    emulator = await createResponsesEmulator({ apiKeys: ['sk-compat'] });
    provider = createWsOpenAI({
      baseURL: emulator.baseURL,
      apiKey: 'sk-compat',
      fallback: 'none',
      WebSocket,
    });
  });

  afterEach(async () => {
    await provider.close();
    await emulator.close();
  });

  it('streamText runs a 5-step tool loop on one socket, steps 2..5 incremental', async () => {
    emulator.setModel(agentModel(4));
    const result = streamText({ model: provider('gpt-5.4'), prompt: 'go', tools, stopWhen: stepCountIs(5) });
    expect(await result.text).toBe('sum=100');
    const steps = await result.steps;
    expect(steps).toHaveLength(5);
    expect(steps.map((step) => step.providerMetadata?.['openai-ws']?.continued)).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
    const requests = emulator.metrics.requests;
    expect(emulator.metrics.connections).toBe(1);
    for (const [index, request] of requests.entries()) {
      if (index === 0) continue;
      expect(request.previousResponseId).toBe(requests[index - 1]!.responseId);
      expect((request.body.input as Array<{ type: string }>).map((item) => item.type)).toEqual([
        'function_call_output',
      ]);
    }
  });

  it('generateText continues too', async () => {
    emulator.setModel(agentModel(2));
    const result = await generateText({
      model: provider('gpt-5.4'),
      prompt: 'go',
      tools,
      stopWhen: stepCountIs(3),
    });
    expect(result.text).toBe('sum=30');
    expect(emulator.metrics.requests.map((request) => request.cacheHit)).toEqual([undefined, true, true]);
  });

  it('an error frame becomes a typed APICallError', async () => {
    emulator.setModel(agentModel(0));
    emulator.injectFault({
      kind: 'error-frame',
      status: 400,
      code: 'invalid_value',
      message: 'bad value',
    });
    // Not retryable: with the AI SDK's default retries this is the error the app gets.
    const error = await generateText({ model: provider('gpt-5.4'), prompt: 'x' }).catch((e) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(APICallError);
    expect(error).toMatchObject({ statusCode: 400, message: 'bad value', isRetryable: false });
  });

  it('abort closes the socket and the next call is unaffected', async () => {
    emulator.setModel(
      scriptedModel(() => ({ output: [{ type: 'message', text: 'long answer '.repeat(40) }] })),
    );
    emulator.setTiming({ outputTokensPerSecond: 300 });
    const controller = new AbortController();
    const result = streamText({ model: provider('gpt-5.4'), prompt: 'x', abortSignal: controller.signal });
    const parts: string[] = [];
    for await (const part of result.fullStream) {
      parts.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(parts).toContain('abort');
    emulator.setTiming({});
    const next = await generateText({ model: provider('gpt-5.4'), prompt: 'y' });
    expect(next.text).toContain('long answer');
    expect(emulator.metrics.requests[0]!.outcome).toBe('closed');
  });
});
