import { generateText, streamText } from 'ai';
import { describe, it } from 'vitest';
import { expectParity, observeGenerate, observeStream, silenceErrors } from './run-side-by-side';
import { echoScript } from './scripts';

describe('a wrong API key', () => {
  it('generateText: the server says why, as over HTTP', async () => {
    await expectParity('wrong API key (generateText)', {
      model: echoScript(),
      emulator: { apiKeys: ['sk-the-right-one'] },
      run: (side) => observeGenerate(generateText({ model: side.model(), prompt: 'hi' })),
    });
  });

  it('streamText: the server says why, as over HTTP', async () => {
    await expectParity('wrong API key (streamText)', {
      model: echoScript(),
      emulator: { apiKeys: ['sk-the-right-one'] },
      run: (side) => observeStream(streamText(silenceErrors({ model: side.model(), prompt: 'hi' }))),
    });
  });
});
