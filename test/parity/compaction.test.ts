import { join } from 'node:path';
import { VERSION as OPENAI_VERSION } from '@ai-sdk/openai';
import { type ModelMessage, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { type EmulatorModel, replayModel } from '../../src/testing';
import { expectParity, observeStream, silenceErrors } from './run-side-by-side';
import { digest } from './scripts';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'openai-compaction.1.chunks.txt');

/** The recorded response with a server-side compaction item first, then digests of what the model saw. */
const compactingScript = (): EmulatorModel => {
  const replay = replayModel(fixture);
  let turn = 0;
  return (input) =>
    turn++ === 0 ? replay(input) : { output: [{ type: 'message', text: digest(input.input) }] };
};

describe('server-side compaction', () => {
  it('the conversation goes on after a compaction item, and the WebSocket chain picks up again', async () => {
    const observed = await expectParity('server-side compaction (openai-compaction fixture)', {
      model: compactingScript,
      run: async (side) => {
        const messages: ModelMessage[] = [{ role: 'user', content: 'Compare testing strategies.' }];
        const turns: unknown[] = [];
        // streamText: @ai-sdk/openai 3.0.141 maps a compaction item in a stream, while its generateText
        // schema rejects one (over HTTP as over WebSocket: a type validation error).
        for (const next of ['Shorter?', 'And E2E?', undefined]) {
          const result = streamText(silenceErrors({ model: side.model(), messages }));
          turns.push(await observeStream(result));
          messages.push(...(await result.response).messages);
          if (next !== undefined) messages.push({ role: 'user', content: next });
        }
        return turns;
      },
    });
    // The wire, not parity. @ai-sdk/openai 3.0.141 does not map compaction items: the app's history never
    // holds one, so the turn after it cannot continue the cached response (the server would see the
    // compaction item HTTP does not send) and goes out whole; the chain then continues from that turn.
    // 4.x (ai@7) carries the compaction item in the history, so that turn continues too.
    const carriesCompaction = Number(OPENAI_VERSION.split('.')[0]) >= 4;
    expect(observed.wire.ws.map((request) => request.cacheHit)).toEqual(
      carriesCompaction ? [undefined, true, true] : [undefined, undefined, true],
    );
  });
});
