/** Every recorded fixture replays over both transports and arrives event for event as recorded. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, replayModel } from '../../src/testing';
import { connectRaw } from './raw-client';

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

  it('over WebSocket: one text frame per recorded event, unchanged', async () => {
    emulator.setModel(replayModel(join(fixturesDir, fixture)));
    const client = await connectRaw(emulator);
    const received: unknown[][] = [];
    for (const expected of recorded) {
      const from = client.frames.length;
      client.send({ type: 'response.create', model: 'gpt-5.4', input: [] });
      await client.waitFrames(from + expected.length);
      received.push(client.frames.slice(from).map((frame) => (frame.kind === 'json' ? frame.event : frame)));
    }
    client.close();
    expect(received).toEqual(recorded);
  });

  it('over HTTP: one SSE data line per recorded event, unchanged', async () => {
    emulator.setModel(replayModel(join(fixturesDir, fixture)));
    const received: unknown[][] = [];
    for (const _ of recorded) {
      const response = await fetch(`${emulator.baseURL}/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-replay', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5.4', input: [], stream: true }),
      });
      const text = await response.text();
      received.push(
        text
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => JSON.parse(line.slice(6))),
      );
    }
    expect(received).toEqual(recorded);
  });
});
