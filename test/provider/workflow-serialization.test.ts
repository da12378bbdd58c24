/**
 * Workflow DevKit serialisation (the `workflow-serialize` / `workflow-deserialize` class hooks that
 * @ai-sdk/openai 4.x's models define): a model crosses a step boundary as JSON without credentials, and
 * the deserialised model runs a tool loop that continues incrementally.
 */

import { AISDKError } from '@ai-sdk/provider';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  createAzureWsOpenAI,
  createWsOpenAI,
  NotSerializableModelError,
  WsOpenAIResponsesLanguageModel,
} from '../../src';
import { createResponsesEmulator, type ResponsesEmulator } from '../../src/testing';
import { countingAgentModel } from './agent-model';

const API_KEY = 'sk-workflow-3f9a1c';
const SERIALIZE = Symbol.for('workflow-serialize');
const DESERIALIZE = Symbol.for('workflow-deserialize');
type Hooks = {
  [SERIALIZE]: (model: WsOpenAIResponsesLanguageModel) => unknown;
  [DESERIALIZE]: (data: unknown) => WsOpenAIResponsesLanguageModel;
};
const hooks = WsOpenAIResponsesLanguageModel as unknown as Hooks;

let emulator: ResponsesEmulator;
beforeEach(async () => {
  // apiKeys: the emulator refuses a handshake without this key, so the deserialised model must find it.
  emulator = await createResponsesEmulator({ apiKeys: [API_KEY], model: countingAgentModel(2) });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await emulator.close();
});

it('a model goes through JSON without its key and comes back working', async () => {
  // The key comes from the environment, on both sides of the step boundary.
  vi.stubEnv('OPENAI_API_KEY', API_KEY);
  const provider = createWsOpenAI({ baseURL: emulator.baseURL, maxConnections: 3, fallback: 'none' });
  const model = provider('gpt-5.4');
  const persisted = JSON.stringify(hooks[SERIALIZE](model));
  expect(persisted).not.toContain(API_KEY);
  expect(JSON.parse(persisted)).toEqual({
    modelId: 'gpt-5.4',
    settings: { baseURL: emulator.baseURL, maxConnections: 3, fallback: 'none' },
  });
  await provider.close();

  // The step that deserialises has the key in its environment, as with OPENAI_API_KEY in production.
  vi.stubEnv('OPENAI_API_KEY', API_KEY);
  const restored = hooks[DESERIALIZE](JSON.parse(persisted));
  expect(restored).toBeInstanceOf(WsOpenAIResponsesLanguageModel);
  expect(restored).toMatchObject({
    modelId: 'gpt-5.4',
    provider: model.provider,
    specificationVersion: model.specificationVersion,
  });
  const result = streamText({
    model: restored,
    prompt: 'go',
    tools: { step: tool({ inputSchema: z.object({ n: z.number() }), execute: async ({ n }) => String(n) }) },
    stopWhen: stepCountIs(3),
  });
  expect(await result.text).toBe('sum=3');
  const steps = await result.steps;
  expect(steps.map((step) => step.providerMetadata?.['openai-ws']?.continued)).toEqual([false, true, true]);

  // A model restored again with the same settings uses the same provider, so the same idle socket.
  const again = await generateText({ model: hooks[DESERIALIZE](JSON.parse(persisted)), prompt: 'again' });
  expect(again.providerMetadata?.['openai-ws']).toMatchObject({ connectionReused: true });
  expect(emulator.metrics.connections).toBe(1);
});

it('headers: {} and protocols: [] carry no credentials: the model is serialisable as without them', async () => {
  const provider = createWsOpenAI({ baseURL: emulator.baseURL, headers: {}, protocols: [] });
  try {
    expect(hooks[SERIALIZE](provider('gpt-5.4'))).toEqual({
      modelId: 'gpt-5.4',
      settings: { baseURL: emulator.baseURL },
    });
  } finally {
    await provider.close();
  }
});

it('a model whose provider was given credentials refuses, persisting nothing', async () => {
  const providers = [
    // An xAI-style key: restored, it would send OPENAI_API_KEY to that host.
    createWsOpenAI({ baseURL: emulator.baseURL, apiKey: API_KEY }),
    createWsOpenAI({ baseURL: emulator.baseURL, headers: { Authorization: `Bearer ${API_KEY}` } }),
    createWsOpenAI({ baseURL: emulator.baseURL, protocols: [`token.${API_KEY}`] }),
    createAzureWsOpenAI({ baseURL: emulator.baseURL, apiKey: API_KEY }),
  ];
  for (const provider of providers) {
    expect(() => hooks[SERIALIZE](provider('gpt-5.4'))).toThrow(
      /cannot be serialised.*Create the model inside/s,
    );
    expect(() => hooks[SERIALIZE](provider('gpt-5.4'))).toThrow(
      expect.toSatisfy(
        (error) => NotSerializableModelError.isInstance(error) && AISDKError.isInstance(error),
      ),
    );
    await provider.close();
  }
});
