import { generateText, streamText } from 'ai';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAzureWsOpenAI, createWsOpenAI, type WsOpenAIProvider } from '../../src';
import {
  AZURE_HOST_CONVENTIONS,
  createResponsesEmulator,
  type ResponsesEmulator,
  scriptedModel,
} from '../../src/testing';

/**
 * `providerOptions.openai.transport` is @ai-sdk/openai's own transport switch (vercel/ai#18076, a draft:
 * `transport: 'websocket'`). An app that copies an upstream example passes it; the inner model must not
 * see it (a release that validates it would refuse the call), and the app is told once that it is ignored.
 */
let emulator: ResponsesEmulator;
const providers: WsOpenAIProvider[] = [];
const notes: string[] = [];

beforeEach(async () => {
  emulator = await createResponsesEmulator({
    model: scriptedModel(() => ({ output: [{ type: 'message', text: 'hello' }] })),
    // Azure's paths (both providers below can reach it): the Azure model reads `providerOptions.azure`.
    hostConventions: AZURE_HOST_CONVENTIONS,
  });
});

afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.close();
  await emulator.close();
});

it('is dropped before the inner model sees it, with one note for the process; the calls run over the socket', async () => {
  const openai = createWsOpenAI({
    baseURL: `${new URL(emulator.baseURL).origin}/openai/v1`,
    apiKey: 'sk-test-upstream',
    warn: (m) => notes.push(m),
  });
  const azure = createAzureWsOpenAI({
    baseURL: `${new URL(emulator.baseURL).origin}/openai/v1`,
    apiKey: 'az-key-upstream',
    warn: (m) => notes.push(m),
  });
  providers.push(openai, azure);

  const streamed = streamText({
    model: openai('gpt-5.4'),
    prompt: 'x',
    providerOptions: { openai: { transport: 'websocket', user: 'u-1' } },
  });
  expect(await streamed.text).toBe('hello');
  const generated = await generateText({
    model: openai('gpt-5.4'),
    prompt: 'x',
    providerOptions: { openai: { transport: 'http' } },
  });
  expect(generated.text).toBe('hello');
  const onAzure = await generateText({
    model: azure('my-deployment'),
    prompt: 'x',
    providerOptions: { azure: { transport: 'websocket' } },
  });
  expect(onAzure.text).toBe('hello');
  await openai.prewarm('gpt-5.4', {
    system: 'be brief',
    providerOptions: { openai: { transport: 'websocket' } },
  });

  expect(notes).toEqual([expect.stringContaining('providerOptions.openai.transport')]);
  expect(notes[0]).toContain('ignored');
  // The calls' other options reached the server; the transport option went nowhere.
  const requests = emulator.metrics.requests;
  expect(requests.map((request) => request.transport)).toEqual(['ws', 'ws', 'ws', 'ws']);
  expect(requests[0]!.body).toMatchObject({ user: 'u-1' });
  expect(requests.every((request) => !('transport' in request.body))).toBe(true);
});
