/**
 * The model under the socket is the installed @ai-sdk/openai's (3.x under ai@6, 4.x under ai@7 — CI runs
 * this file on both): same specification version as `openai.responses(id)`, and a clear error outside
 * the supported range.
 */
import { createOpenAI, VERSION as OPENAI_VERSION } from '@ai-sdk/openai';
import { AISDKError, APICallError as ProviderAPICallError } from '@ai-sdk/provider';
import { APICallError, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, SUPPORTED_OPENAI_RANGE, UnsupportedOpenAIVersionError } from '../../src';
import { checkOpenAIVersion } from '../../src/load-responses-model';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';

let emulator: ResponsesEmulator;
beforeEach(async () => {
  emulator = await createResponsesEmulator();
});
afterEach(async () => {
  await emulator.close();
});

describe('the installed @ai-sdk/openai', () => {
  it('model and provider report its specification version (v3 with 3.x, v4 with 4.x)', async () => {
    const provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-version' });
    const http = createOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-version' });
    const expected = { 3: 'v3', 4: 'v4' }[Number(OPENAI_VERSION.split('.')[0])];
    expect(expected, `installed @ai-sdk/openai ${OPENAI_VERSION}`).toBeDefined();
    expect(provider('gpt-5.4').specificationVersion).toBe(expected);
    expect(provider('gpt-5.4').specificationVersion).toBe(http.responses('gpt-5.4').specificationVersion);
    expect(provider.specificationVersion).toBe(expected);
    expect(provider.specificationVersion).toBe(http.specificationVersion);
    await provider.close();
  });

  it('a server error is an APICallError the installed ai recognises, with status and retryability', async () => {
    const provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-version', fallback: 'none' });
    emulator.injectFault({ kind: 'error-frame', status: 400, code: 'invalid_request', message: 'bad' });
    const error = await generateText({ model: provider('gpt-5.4'), prompt: 'x' }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    // The same class as the installed ai's: our @ai-sdk/provider dependency is the user's copy.
    expect(error).toBeInstanceOf(ProviderAPICallError);
    expect(error).toBeInstanceOf(APICallError);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false, message: 'bad' });
    await provider.close();
  });

  it('a tool loop continues incrementally through the installed ai', async () => {
    emulator.setModel(
      scriptedModel(({ input }) =>
        input.some((item) => item.type === 'function_call_output')
          ? { output: [{ type: 'message', text: 'done' }] }
          : { output: [{ type: 'function_call', name: 'lookup', arguments: '{"q":"x"}' }] },
      ),
    );
    const provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-version' });
    const result = streamText({
      model: provider('gpt-5.4'),
      prompt: 'go',
      tools: { lookup: tool({ inputSchema: z.object({ q: z.string() }), execute: async () => 'found' }) },
      stopWhen: stepCountIs(3),
    });
    expect(await result.text).toBe('done');
    const [first, second] = emulator.metrics.requests;
    expect(second).toMatchObject({ previousResponseId: first!.responseId, cacheHit: true, inputItems: 1 });
    await provider.close();
  });
});

describe('outside the supported range', () => {
  it.each(['2.0.50', '5.0.0', 'not-a-version'])(
    '@ai-sdk/openai %s: an error naming it and the range',
    (v) => {
      expect(() => checkOpenAIVersion(v)).toThrow(UnsupportedOpenAIVersionError);
      let error: unknown;
      try {
        checkOpenAIVersion(v);
      } catch (caught) {
        error = caught;
      }
      // An AI SDK error, recognised as such across copies of the package (by its marker).
      expect(AISDKError.isInstance(error) && UnsupportedOpenAIVersionError.isInstance(error)).toBe(true);
      expect(() => checkOpenAIVersion(v)).toThrow(v);
      expect(() => checkOpenAIVersion(v)).toThrow(SUPPORTED_OPENAI_RANGE);
    },
  );

  it('every version in the range passes', () => {
    for (const version of ['3.0.0', '3.0.141', '4.0.0', '4.12.3', OPENAI_VERSION])
      checkOpenAIVersion(version);
  });
});

describe('a release whose internal model stops taking our fetch', () => {
  afterEach(() => {
    vi.doUnmock('@ai-sdk/openai/internal');
    vi.resetModules();
  });

  it('is refused with an error naming the installed version, not silently sent over HTTP', async () => {
    // The installed class, changed the way such a release would be: the config's fetch is ignored.
    vi.doMock('@ai-sdk/openai/internal', async (importOriginal) => {
      const original = await importOriginal<typeof import('@ai-sdk/openai/internal')>();
      class WithoutCustomFetch extends original.OpenAIResponsesLanguageModel {
        constructor(
          modelId: string,
          config: ConstructorParameters<typeof original.OpenAIResponsesLanguageModel>[1],
        ) {
          super(modelId, { ...config, fetch: undefined });
        }
      }
      return { ...original, OpenAIResponsesLanguageModel: WithoutCustomFetch };
    });
    vi.resetModules();
    const { createWsOpenAI: create } = await import('../../src');
    const provider = create({ baseURL: emulator.baseURL, apiKey: 'sk-version' });
    let error: unknown;
    try {
      provider('gpt-5.4');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      name: 'AI_UnsupportedOpenAIVersionError',
      installedVersion: OPENAI_VERSION,
      message: expect.stringMatching(/no longer accepts a custom fetch/),
    });
    expect((error as Error).message).toContain(SUPPORTED_OPENAI_RANGE);
    await provider.close();
    expect(emulator.metrics.requests).toHaveLength(0);
  });
});
