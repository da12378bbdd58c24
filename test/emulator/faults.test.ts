/** Every fault the emulator can inject, as a bare WebSocket client sees it. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createResponsesEmulator,
  type EmulatorFault,
  type ResponsesEmulator,
  replayModel,
  scriptedModel,
} from '../../src/testing';
import { connectRaw, postRaw, sseBlocks, upgradeStatus, userMessage } from './raw-client';

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

  it('error-then-failed reproduces the recorded openai-error sequence, on both transports', async () => {
    const recorded = readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'openai-error.1.chunks.txt'),
      'utf8',
    )
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const shape = (events: Array<Record<string, unknown>>) =>
      events.map((event) => ({
        type: event.type,
        sequence_number: event.sequence_number,
        keys: Object.keys(event).sort(),
        error: event.error ?? (event.response as { error?: unknown } | undefined)?.error,
      }));
    const fault = {
      kind: 'error-then-failed',
      code: 'insufficient_quota',
      message: String((recorded[2]!.error as { message: string }).message),
    } as const;
    emulator.injectFault(fault);
    const client = await connectRaw(emulator);
    client.send(request);
    await client.waitFrames(4);
    const sent = client.frames.map((frame) => (frame.kind === 'json' ? frame.event : {}));
    expect(shape(sent)).toEqual(shape(recorded));
    expect(emulator.metrics.requests[0]).toMatchObject({ outcome: 'failed', accepted: true });
    client.close();

    emulator.injectFault({ ...fault, transport: 'http' });
    const sse = await postRaw(emulator, { model: 'gpt-5.4', input: 'hi', stream: true });
    expect(shape(sseBlocks(sse.body).map((block) => block.data))).toEqual(shape(recorded));
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

describe('no fault vanishes', () => {
  const fixture = join(import.meta.dirname, '..', 'fixtures', 'openai-local-shell-tool.1.chunks.txt');
  const recorded = readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('response-incomplete with the replay model turns the recorded terminal event into response.incomplete', async () => {
    emulator.setModel(replayModel(fixture));
    emulator.injectFault({ kind: 'response-incomplete', reason: 'content_filter' });
    const client = await connectRaw(emulator);
    client.send(request);
    const events = await client.untilTerminal();
    const recordedEnd = recorded.at(-1)!;
    expect(events.slice(0, -1)).toEqual(recorded.slice(0, -1));
    expect(events.at(-1)).toEqual({
      type: 'response.incomplete',
      sequence_number: recordedEnd.sequence_number,
      response: {
        ...(recordedEnd.response as object),
        status: 'incomplete',
        error: null,
        incomplete_details: { reason: 'content_filter' },
      },
    });
    expect(emulator.metrics.requests[0]!.outcome).toBe('incomplete');
    client.close();
  });

  it('response-failed and response-incomplete apply to a generate: false warm-up', async () => {
    emulator.injectFault({ kind: 'response-failed', code: 'server_error', message: 'warm-up failed' });
    emulator.injectFault({ kind: 'response-incomplete' });
    const client = await connectRaw(emulator);
    const warmUp = { type: 'response.create', model: 'gpt-5.4', generate: false, input: [] };
    client.send(warmUp);
    const failed = await client.untilTerminal();
    client.send(warmUp);
    const incomplete = await client.untilTerminal(failed.length);
    expect(failed.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.failed',
    ]);
    expect(failed.at(-1)).toMatchObject({
      response: { status: 'failed', error: { message: 'warm-up failed' } },
    });
    expect(incomplete.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', output: [], incomplete_details: { reason: 'max_output_tokens' } },
    });
    expect(emulator.metrics.requests.map((record) => record.outcome)).toEqual(['failed', 'incomplete']);
    client.close();
  });

  // Each fault is due after more events than the response has: it must still show, just before the end.
  const pastTheEnd: Array<[string, EmulatorFault, (kinds: string[], plain: string[]) => void]> = [
    [
      'close',
      { kind: 'close', at: 'mid-stream', afterEvents: 999, code: 1011 },
      (kinds, plain) => expect(kinds).toEqual(plain.slice(0, -1)),
    ],
    [
      'error-frame',
      { kind: 'error-frame', at: 'mid-stream', afterEvents: 999 },
      (kinds, plain) => expect(kinds).toEqual([...plain.slice(0, -1), 'error']),
    ],
    [
      'malformed-frame',
      { kind: 'malformed-frame', afterEvents: 999 },
      (kinds, plain) => expect(kinds).toEqual([...plain.slice(0, -1), 'text', 'response.completed']),
    ],
    [
      'binary-frame',
      { kind: 'binary-frame', afterEvents: 999 },
      (kinds, plain) => expect(kinds).toEqual([...plain.slice(0, -1), 'binary', 'response.completed']),
    ],
    [
      'stall',
      { kind: 'stall', afterEvents: 999 },
      (kinds, plain) => expect(kinds).toEqual(plain.slice(0, -1)),
    ],
  ];
  it.each(pastTheEnd)(
    'a %s fault due past the last event applies just before the terminal event',
    async (_, fault, check) => {
      const plainClient = await connectRaw(emulator);
      plainClient.send(request);
      await plainClient.untilTerminal();
      const plain = types(plainClient.frames);
      plainClient.close();

      emulator.injectFault(fault);
      const client = await connectRaw(emulator);
      client.send(request);
      // The stream ends at the fault (close, error) or at the terminal event; a stall ends nothing, so the
      // check waits for its last event and then for a quiet spell in which the terminal event must not come.
      await Promise.race([
        client.closed,
        client.untilTerminal().catch(() => {}),
        client.waitFrames(plain.length - 1),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      check(types(client.frames), plain);
      client.close();
    },
  );

  it('a generate: false warm-up (three events) still gets a fault left at its default afterEvents (3)', async () => {
    emulator.injectFault({ kind: 'malformed-frame' });
    const client = await connectRaw(emulator);
    client.send({ type: 'response.create', model: 'gpt-5.4', generate: false, input: [] });
    await client.untilTerminal();
    expect(types(client.frames)).toEqual([
      'response.created',
      'response.in_progress',
      'text',
      'response.completed',
    ]);
    client.close();
  });
});

describe('faults bound to a connection', () => {
  it('a fault with connectionId hits the next request on that connection only', async () => {
    const a = await connectRaw(emulator);
    const b = await connectRaw(emulator);
    emulator.injectFault({ kind: 'error-frame', code: 'for_b', connectionId: 2 });
    a.send(request);
    const onA = await a.untilTerminal();
    b.send(request);
    const [onB] = await b.untilTerminal();
    b.send(request);
    const again = await b.untilTerminal(1);
    expect(onA.at(-1)?.type).toBe('response.completed');
    expect(onB).toMatchObject({ type: 'error', error: { code: 'for_b' } });
    expect(again.at(-1)?.type).toBe('response.completed');
    expect(emulator.metrics.requests.map((record) => [record.connectionId, record.outcome])).toEqual([
      [1, 'completed'],
      [2, 'error'],
      [2, 'completed'],
    ]);
    a.close();
    b.close();
  });

  it('unbound faults stay first in, first out; a bound fault ahead of them waits for its connection', async () => {
    const a = await connectRaw(emulator);
    const b = await connectRaw(emulator);
    emulator.injectFault({ kind: 'error-frame', code: 'bound_to_b', connectionId: 2 });
    emulator.injectFault({ kind: 'error-frame', code: 'first' });
    emulator.injectFault({ kind: 'error-frame', code: 'second' });
    a.send(request);
    const [firstOnA] = await a.untilTerminal();
    b.send(request);
    const [firstOnB] = await b.untilTerminal();
    a.send(request);
    const [secondOnA] = await a.untilTerminal(1);
    expect([firstOnA, firstOnB, secondOnA].map((event) => (event!.error as { code: string }).code)).toEqual([
      'first',
      'bound_to_b',
      'second',
    ]);
    a.close();
    b.close();
  });

  it('connection ids are never reused, even after resetMetrics', async () => {
    const a = await connectRaw(emulator);
    emulator.resetMetrics();
    emulator.injectFault({ kind: 'error-frame', code: 'for_the_first', connectionId: 1 });
    const b = await connectRaw(emulator);
    b.send(request);
    expect((await b.untilTerminal()).at(-1)?.type).toBe('response.completed');
    expect(emulator.metrics.requests[0]!.connectionId).toBe(2);
    a.send(request);
    expect((await a.untilTerminal()).at(-1)).toMatchObject({ error: { code: 'for_the_first' } });
    a.close();
    b.close();
  });

  it('connectionId with transport: http is refused, as it could never match', () => {
    expect(() => emulator.injectFault({ kind: 'stall', transport: 'http', connectionId: 1 })).toThrow(
      TypeError,
    );
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

describe('a model that throws', () => {
  it('is a server error over both transports, never a request left hanging', async () => {
    const emulator = await createResponsesEmulator({
      model: scriptedModel(() => {
        throw new Error('script bug');
      }),
    });
    try {
      const http = await fetch(`${emulator.baseURL}/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', input: 'hi' }),
      });
      expect(http.status).toBe(500);
      expect(await http.text()).toContain('script bug');
      const client = await connectRaw(emulator);
      client.send(request);
      const events = await client.untilTerminal();
      expect(events).toEqual([
        expect.objectContaining({
          type: 'error',
          status: 500,
          error: expect.objectContaining({ code: 'server_error' }),
        }),
      ]);
      client.close();
      expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['error', 'error']);
    } finally {
      await emulator.close();
    }
  });
});
