import { generateText, Output, streamText } from 'ai';
import { describe, it } from 'vitest';
import { z } from 'zod';
import type { EmulatorModel } from '../../src/testing';
import { expectParity, observeGenerate, observeStream, silenceErrors } from './run-side-by-side';
import { digest } from './scripts';

const schema = z.object({ answer: z.string(), format: z.string() });

/** Answers JSON when asked for a JSON schema (naming the format it was asked for), else text. */
const jsonScript = (): EmulatorModel => (turn) => {
  const format = (turn.body.text as { format?: { type?: string; name?: string } } | undefined)?.format;
  const text =
    format?.type === 'json_schema'
      ? JSON.stringify({ answer: digest(turn.input), format: `${format.type}:${format.name}` })
      : digest(turn.input);
  return { output: [{ type: 'message', text }] };
};

describe('structured output (Output.object)', () => {
  it('generateText', async () => {
    await expectParity('structured output (generateText)', {
      model: () => jsonScript(),
      run: (side) =>
        observeGenerate(
          generateText({ model: side.model(), output: Output.object({ schema }), prompt: 'json please' }),
        ),
    });
  });

  it('streamText', async () => {
    await expectParity('structured output (streamText)', {
      model: () => jsonScript(),
      run: (side) =>
        observeStream(
          streamText(
            silenceErrors({ model: side.model(), output: Output.object({ schema }), prompt: 'json please' }),
          ),
        ),
    });
  });
});
