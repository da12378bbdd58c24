/** Every recorded fixture replays over both transports and arrives event for event as recorded. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, replayModel } from '../../src/testing';
import { connectRaw, sseBlocks } from './raw-client';

const fixturesDir = join(import.meta.dirname, '..', 'fixtures');
const fixtures = readdirSync(fixturesDir).filter((name) => name.endsWith('.chunks.txt'));

let emulator: ResponsesEmulator;
beforeAll(async () => {
  emulator = await createResponsesEmulator();
});
afterAll(async () => {
  await emulator.close();
});

/** The recording split into responses (each starts at response.created). */
function recordedResponses(fixture: string): unknown[][] {
  const events = readFileSync(join(fixturesDir, fixture), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
  const responses: unknown[][] = [];
  for (const event of events) {
    if (event.type === 'response.created' || responses.length === 0) responses.push([]);
    responses.at(-1)!.push(event);
  }
  return responses;
}

describe.each(fixtures)('%s', (fixture) => {
  const recorded = recordedResponses(fixture);

  it('over WebSocket: one text frame per recorded event, unchanged, and nothing after each terminal event', async () => {
    emulator.setModel(replayModel(join(fixturesDir, fixture)));
    const client = await connectRaw(emulator);
    const total = recorded.flat().length;
    for (const expected of recorded) {
      const from = client.frames.length;
      client.send({ type: 'response.create', model: 'gpt-5.4', input: [] });
      await client.waitFrames(from + expected.length);
    }
    // One more request (the recording starts over): an extra frame after any response would shift every
    // later frame, and one after the last would come before this request's response.created.
    client.send({ type: 'response.create', model: 'gpt-5.4', input: [] });
    await client.waitFrames(total + 1);
    client.close();
    const events = client.frames.map((frame) => (frame.kind === 'json' ? frame.event : frame));
    expect(events.slice(0, total)).toEqual(recorded.flat());
    expect(events[total]).toEqual(recorded[0]![0]);
  });

  it('over HTTP: one SSE block per recorded event, unchanged, its event: line naming the data type', async () => {
    emulator.setModel(replayModel(join(fixturesDir, fixture)));
    const received: unknown[][] = [];
    for (const _ of recorded) {
      const response = await fetch(`${emulator.baseURL}/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-replay', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5.4', input: [], stream: true }),
      });
      const blocks = sseBlocks(await response.text());
      expect(blocks.map((block) => block.event)).toEqual(blocks.map((block) => block.data.type));
      received.push(blocks.map((block) => block.data));
    }
    expect(received).toEqual(recorded);
  });
});
