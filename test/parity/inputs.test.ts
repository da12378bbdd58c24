import { generateText, type ModelMessage } from 'ai';
import { describe, it } from 'vitest';
import { expectParity, observeGenerate } from './run-side-by-side';
import { echoScript } from './scripts';

// A 1×1 PNG and a minimal PDF: real bytes, inlined as the app would pass them.
const png = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('image and file inputs', () => {
  it('an image and a PDF in the first turn, then a follow-up turn that carries them again', async () => {
    await expectParity('image and file inputs', {
      model: echoScript(),
      run: async (side) => {
        const messages: ModelMessage[] = [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in these?' },
              { type: 'image', image: png, mediaType: 'image/png' },
              { type: 'file', data: pdf, mediaType: 'application/pdf', filename: 'tiny.pdf' },
              { type: 'image', image: new URL('https://example.com/cat.png') },
            ],
          },
        ];
        const first = await generateText({ model: side.model(), messages });
        messages.push(...first.response.messages, { role: 'user', content: 'And now?' });
        const second = await observeGenerate(generateText({ model: side.model(), messages }));
        return { first: first.text, second };
      },
    });
  });
});
