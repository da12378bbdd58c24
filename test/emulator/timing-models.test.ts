/**
 * The timing models. Costs are asserted where the emulator computes them (`RequestRecord.serverCostMs`);
 * delays only as generous lower bounds and orderings, never as tight timings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createResponsesEmulator,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from '../../src/testing';
import { connectRaw, responseCreate as create, postRaw, userMessage } from './raw-client';

let emulator: ResponsesEmulator | undefined;
async function start(options: ResponsesEmulatorOptions) {
  emulator = await createResponsesEmulator({
    model: scriptedModel(() => ({
      output: [{ type: 'message', text: 'forty characters of answer, in 10 tokens' }],
    })),
    ...options,
  });
  return emulator;
}
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const bytes = (items: unknown[]) => Buffer.byteLength(JSON.stringify(items));
const indexOfType = (events: Array<Record<string, unknown>>, type: string) =>
  events.findIndex((event) => event.type === type);

describe('server cost', () => {
  it('a fixed part per request plus a part per uncached input byte; a cache-hit continuation pays only for its new items', async () => {
    const emu = await start({ timing: { serverCost: { perRequestMs: 10, perUncachedInputByteMs: 0.02 } } });
    const long = [userMessage('x'.repeat(5000))];
    const short = [userMessage('and now?')];
    const client = await connectRaw(emu);
    const sent = performance.now();
    client.send(create({ store: true, input: long }));
    const first = await client.untilTerminal();
    const firstCreatedAfter = client.arrivals[0]! - sent;
    const firstId = (first.at(-1)!.response as { id: string }).id;
    client.send(create({ previous_response_id: firstId, input: short }));
    await client.untilTerminal(first.length);
    client.close();
    // On another connection the same continuation is reloaded from storage: nothing of it was cached.
    const other = await connectRaw(emu);
    other.send(create({ previous_response_id: firstId, input: short }));
    await other.untilTerminal();
    other.close();

    const [cold, cached, reloaded] = emu.metrics.requests.map((request) => request.serverCostMs!);
    expect(cold).toBeCloseTo(10 + bytes(long) * 0.02, 6);
    expect(cached).toBeCloseTo(10 + bytes(short) * 0.02, 6);
    expect(reloaded).toBeGreaterThan(cold!);
    expect(emu.metrics.requests.map((request) => request.cacheHit)).toEqual([undefined, true, false]);
    // And it is really waited for before response.created (timers never fire early; 5% for clock skew).
    expect(firstCreatedAfter).toBeGreaterThanOrEqual(cold! * 0.95);
  });

  it('is 0 with the model off, and charged the same over HTTP', async () => {
    const emu = await start({});
    await postRaw(emu, { model: 'gpt-5.4', input: 'hi' });
    emu.setTiming({ serverCost: { perRequestMs: 3 } });
    await postRaw(emu, { model: 'gpt-5.4', input: 'hi' });
    expect(emu.metrics.requests.map((request) => request.serverCostMs)).toEqual([0, 3]);
  });
});

describe('output timing', () => {
  it('time to first token: the first delta comes at least timeToFirstTokenMs after the request', async () => {
    const emu = await start({ timing: { timeToFirstTokenMs: 150 } });
    const client = await connectRaw(emu);
    // Measured from the send: a loaded machine can only make the gap longer.
    const sent = performance.now();
    client.send(create({ input: [userMessage('hi')] }));
    const events = await client.untilTerminal();
    const inProgress = indexOfType(events, 'response.in_progress');
    const firstDelta = indexOfType(events, 'response.output_text.delta');
    expect(inProgress).toBe(1);
    expect(firstDelta).toBeGreaterThan(inProgress);
    expect(client.arrivals[firstDelta]! - sent).toBeGreaterThanOrEqual(145);
    client.close();
  });

  it('output speed: N tokens at R tokens a second take at least N / R seconds', async () => {
    const emu = await start({ timing: { outputTokensPerSecond: 100 } });
    const client = await connectRaw(emu);
    const sent = performance.now();
    client.send(create({ input: [userMessage('hi')] }));
    const events = await client.untilTerminal();
    const deltas = events.flatMap((event, index) =>
      event.type === 'response.output_text.delta' ? [index] : [],
    );
    expect(deltas).toHaveLength(10);
    // Pacing starts at the first output event: the tenth token is due 100 ms after it.
    expect(client.arrivals[deltas.at(-1)!]! - sent).toBeGreaterThanOrEqual(95);
    client.close();
  });
});

describe('network latency', () => {
  it('perFrameMs delays every frame and keeps their order', async () => {
    const emu = await start({ timing: { latency: { perFrameMs: 100 } } });
    const client = await connectRaw(emu);
    const sent = performance.now();
    client.send(create({ input: [userMessage('hi')] }));
    const events = await client.untilTerminal();
    expect(client.arrivals[0]! - sent).toBeGreaterThanOrEqual(95);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    client.close();
  });

  it('handshakeMs delays every WebSocket upgrade and the first request of a new HTTP connection', async () => {
    const emu = await start({ timing: { latency: { handshakeMs: 150 } } });
    let started = performance.now();
    const client = await connectRaw(emu);
    const upgrade = performance.now() - started;
    client.close();
    started = performance.now();
    const answer = await postRaw(emu, { model: 'gpt-5.4', input: 'hi' });
    const post = performance.now() - started;
    expect(answer.status).toBe(200);
    expect(upgrade).toBeGreaterThanOrEqual(140);
    expect(post).toBeGreaterThanOrEqual(140);
  });
});
