/** Every fault the emulator can inject, as a bare WebSocket client sees it. */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { connectRaw, upgradeStatus, userMessage } from './raw-client';

let emulator: ResponsesEmulator;
const request = { type: 'response.create', model: 'gpt-5.4', input: [userMessage('hi')] };

beforeEach(async () => {
  emulator = await createResponsesEmulator({
    model: scriptedModel(() => ({ output: [{ type: 'message', text: 'a reasonably long answer' }] })),
  });
});
afterEach(async () => {
  await emulator.close();
});

const types = (frames: Awaited<ReturnType<typeof connectRaw>>['frames']) =>
  frames.map((frame) => (frame.kind === 'json' ? String(frame.event.type) : frame.kind));

describe('request faults', () => {
  it('close before the first event, with a code or with none (1006)', async () => {
    emulator.injectFault({ kind: 'close', at: 'before-first-event', code: 1011 });
    const coded = await connectRaw(emulator);
    coded.send(request);
    expect(await coded.closed).toEqual({ code: 1011 });
    expect(coded.frames).toEqual([]);

    emulator.injectFault({ kind: 'close', at: 'before-first-event' });
    const dropped = await connectRaw(emulator);
    dropped.send(request);
    expect(await dropped.closed).toEqual({ code: 1006 });
    expect(emulator.metrics.requests.map((r) => [r.outcome, r.accepted])).toEqual([
      ['closed', false],
      ['closed', false],
    ]);
  });

  it('close mid-stream after N events', async () => {
    emulator.injectFault({ kind: 'close', at: 'mid-stream', afterEvents: 3, code: 1012 });
    const client = await connectRaw(emulator);
    client.send(request);
    expect(await client.closed).toEqual({ code: 1012 });
    expect(types(client.frames)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
    ]);
    expect(emulator.metrics.requests[0]).toMatchObject({ outcome: 'closed', accepted: true });
  });

  it('close after the terminal event', async () => {
    emulator.injectFault({ kind: 'close', at: 'after-terminal', code: 1000 });
    const client = await connectRaw(emulator);
    client.send(request);
    await client.closed;
    expect(types(client.frames).at(-1)).toBe('response.completed');
  });

  it('an error frame with any code and status, before the response or mid-stream', async () => {
    emulator.injectFault({ kind: 'error-frame', status: 503, code: 'overloaded', message: 'busy' });
    emulator.injectFault({
      kind: 'error-frame',
      at: 'mid-stream',
      afterEvents: 2,
      status: 500,
      code: 'server_error',
    });
    const client = await connectRaw(emulator);
    client.send(request);
    const [before] = await client.untilTerminal();
    client.send(request);
    const mid = await client.untilTerminal(1);
    expect(before).toEqual({
      type: 'error',
      status: 503,
      error: { type: 'server_error', code: 'overloaded', message: 'busy', param: null },
    });
    expect(types(client.frames.slice(1))).toEqual(['response.created', 'response.in_progress', 'error']);
    expect(mid.at(-1)).toMatchObject({ sequence_number: 2, status: 500 });
    client.close();
  });

  it('response.failed and response.incomplete', async () => {
    emulator.injectFault({ kind: 'response-failed', code: 'server_error', message: 'nope' });
    emulator.injectFault({ kind: 'response-incomplete', reason: 'max_output_tokens' });
    const client = await connectRaw(emulator);
    client.send(request);
    const failed = await client.untilTerminal();
    client.send(request);
    const incomplete = await client.untilTerminal(failed.length);
    expect(failed.at(-1)).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { message: 'nope' } },
    });
    expect(incomplete.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
    client.close();
  });

  it('a malformed JSON frame and a binary frame mid-stream', async () => {
    emulator.injectFault({ kind: 'malformed-frame', afterEvents: 2 });
    emulator.injectFault({ kind: 'binary-frame', afterEvents: 1 });
    const client = await connectRaw(emulator);
    client.send(request);
    const first = await client.untilTerminal();
    client.send(request);
    await client.untilTerminal(first.length + 1);
    const kinds = client.frames.map((frame) => frame.kind);
    expect(kinds[2]).toBe('text');
    expect(kinds.indexOf('binary')).toBeGreaterThan(2);
    client.close();
  });

  it('a stall sends nothing more until the client closes', async () => {
    emulator.injectFault({ kind: 'stall', afterEvents: 2 });
    const client = await connectRaw(emulator);
    client.send(request);
    await client.waitFrames(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.frames).toHaveLength(2);
    client.close();
    await client.closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emulator.metrics.requests[0]!.outcome).toBe('closed');
  });
});

describe('upgrade faults', () => {
  const upgrade = () => upgradeStatus(emulator.wsURL, { Authorization: 'Bearer sk-x' });

  it('a refused upgrade with a chosen status, for a chosen number of times', async () => {
    emulator.injectFault({ kind: 'refuse-upgrade', status: 426, times: 2 });
    expect([await upgrade(), await upgrade(), await upgrade()]).toEqual([426, 426, 101]);
    expect(emulator.metrics.upgrades).toEqual({ attempted: 3, refused: 2 });
  });

  it('a slow handshake completes only after the delay', async () => {
    emulator.injectFault({ kind: 'slow-handshake', ms: 150 });
    const started = performance.now();
    const status = await upgrade();
    expect(status).toBe(101);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('dropConnections closes every open connection with the chosen code', async () => {
    const a = await connectRaw(emulator);
    const b = await connectRaw(emulator);
    emulator.dropConnections(1012);
    expect([await a.closed, await b.closed]).toEqual([{ code: 1012 }, { code: 1012 }]);
  });
});
