import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { expectParity, observeGenerate, observeStream, silenceErrors } from './run-side-by-side';
import { echoScript } from './scripts';

/** Call settings and provider options, including ones @ai-sdk/openai warns about: the same body, the same warnings. */
const settings = {
  temperature: 0.3,
  topP: 0.9,
  topK: 5, // unsupported: a warning
  seed: 7, // unsupported: a warning
  maxOutputTokens: 300,
  providerOptions: {
    openai: {
      reasoningEffort: 'low',
      reasoningSummary: 'auto',
      textVerbosity: 'low',
      metadata: { app: 'parity' },
      user: 'user-1',
      promptCacheKey: 'pck-1',
      safetyIdentifier: 'sid-1',
    },
  },
} as const;

describe('call settings and provider options', () => {
  it.each(['gpt-5.4', 'gpt-4.1'])('%s (generateText)', async (modelId) => {
    const observed = await expectParity(`settings and warnings, ${modelId} (generateText)`, {
      model: echoScript(),
      run: (side) => observeGenerate(generateText({ model: side.model(modelId), prompt: 'hi', ...settings })),
    });
    // The scenario holds warnings to compare.
    expect(JSON.stringify(observed.http.app)).toContain('"feature":"topK"');
  });

  it('gpt-5.4 (streamText)', async () => {
    await expectParity('settings and warnings, gpt-5.4 (streamText)', {
      model: echoScript(),
      run: (side) =>
        observeStream(streamText(silenceErrors({ model: side.model('gpt-5.4'), prompt: 'hi', ...settings }))),
    });
  });
});
