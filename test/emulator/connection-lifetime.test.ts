/**
 * The WebSocket connection lifetime limit (`connectionLifetimeMs`): what runs, what is dropped, and the
 * values that mean "no limit".
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createResponsesEmulator,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from '../../src/testing';
import { connectRaw, responseCreate, userMessage } from './raw-client';

let emulator: ResponsesEmulator | undefined;
let turns = 0;
async function start(options: ResponsesEmulatorOptions) {
  turns = 0;
  emulator = await createResponsesEmulator({
    model: scriptedModel(() => {
      turns++;
      return { output: [{ type: 'message', text: 'ok' }] };
    }),
    ...options,
  });
  return emulator;
}
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const create = (text: string) => responseCreate({ input: [userMessage(text)] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('connection lifetime', () => {
  it('at the limit the running response finishes; queued and later requests never run', async () => {
    // The limit (300 ms) falls inside the first response's server cost (1 s), with room for a slow start.
    const emu = await start({ connectionLifetimeMs: 300, timing: { serverCost: { perRequestMs: 1_000 } } });
    const client = await connectRaw(emu);
    client.send(create('runs'));
    client.send(create('queued'));
    await sleep(500);
    client.send(create('after the limit'));
    expect(await client.closed).toEqual({ code: 1000 });

    const types = client.frames.map((frame) => (frame.kind === 'json' ? frame.event.type : frame.kind));
    expect(types.filter((type) => type === 'response.created')).toHaveLength(1);
    expect(types.indexOf('response.completed')).toBe(types.length - 2);
    expect(client.frames.at(-1)).toMatchObject({
      kind: 'json',
      event: { type: 'error', error: { code: 'websocket_connection_limit_reached' } },
    });
    expect(turns).toBe(1);
    expect(emu.metrics.requests.map((request) => request.outcome)).toEqual(['completed', 'closed', 'closed']);
  });

  it('connectionLifetimeMs: Infinity means no limit', async () => {
    const emu = await start({ connectionLifetimeMs: Number.POSITIVE_INFINITY });
    const client = await connectRaw(emu);
    let closed = false;
    void client.closed.then(() => {
      closed = true;
    });
    await sleep(100);
    client.send(create('still open'));
    expect((await client.untilTerminal()).at(-1)?.type).toBe('response.completed');
    expect(closed).toBe(false);
    expect(client.frames.some((frame) => frame.kind === 'json' && frame.event.type === 'error')).toBe(false);
    client.close();
  });

  it('a lifetime past the largest timer delay is clamped, not overflowed into an instant close', async () => {
    const emu = await start({ connectionLifetimeMs: 2 ** 40 });
    const client = await connectRaw(emu);
    let closed = false;
    void client.closed.then(() => {
      closed = true;
    });
    await sleep(100);
    expect(closed).toBe(false);
    expect(client.frames).toEqual([]);
    client.close();
  });

  it('a lifetime that is not a number ≥ 0 (or Infinity) is refused at start', async () => {
    await expect(createResponsesEmulator({ connectionLifetimeMs: Number.NaN })).rejects.toThrow(RangeError);
    await expect(createResponsesEmulator({ connectionLifetimeMs: -1 })).rejects.toThrow(RangeError);
  });
});
