/**
 * `stream_id` lanes, and `response.steer` / `response.inject`, as the `openai` 7.x types publish them, at
 * the frame level. The official client's lane helper against the same rules runs in
 * test/clients/openai-lanes.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { gatedEcho } from './gated-echo-model';
import { connectRaw, postRaw, responseCreate, userMessage } from './raw-client';

let emulator: ResponsesEmulator;

afterEach(async () => {
  await emulator.close();
});

/**
 * A lane's events (`undefined`: the default lane's, which carry no `stream_id`), split into its responses:
 * each response's sequence numbers start at 0.
 */
function responsesOn(events: Array<Record<string, unknown>>, lane: string | undefined) {
  const responses: Array<Array<Record<string, unknown>>> = [];
  const onLane = (event: Record<string, unknown>) =>
    lane === undefined ? !('stream_id' in event) : event.stream_id === lane;
  for (const event of events.filter(onLane)) {
    if (event.sequence_number === 0) responses.push([]);
    responses.at(-1)?.push(event);
  }
  return responses;
}

describe('stream_id lanes', () => {
  it('lanes multiplex one socket: each response and all its events echo its lane, FIFO within a lane', async () => {
    const echo = gatedEcho();
    emulator = await createResponsesEmulator({ model: echo.model });
    const raw = await connectRaw(emulator);
    echo.hold();
    raw.send(responseCreate({ store: false, stream_id: 'a', input: [userMessage('a1')] }));
    raw.send(responseCreate({ store: false, stream_id: 'a', input: [userMessage('a2')] }));
    raw.send(responseCreate({ store: false, stream_id: 'b', input: [userMessage('b1')] }));
    raw.send(responseCreate({ store: false, input: [userMessage('m1')] }));
    // Lanes run side by side: a1, b1 and m1 are all started while a1 is held; a2 waits behind a1.
    await expect.poll(() => [...echo.started].sort()).toEqual(['a1', 'b1', 'm1']);
    echo.release();
    const jsonEvents = () => raw.frames.flatMap((frame) => (frame.kind === 'json' ? [frame.event] : []));
    await expect
      .poll(() => jsonEvents().filter((event) => event.type === 'response.completed').length)
      .toBe(4);
    expect(echo.started.at(-1)).toBe('a2');
    expect(emulator.metrics.connections).toBe(1);

    const events = jsonEvents();
    // No event of another lane, and none with a stream_id inside its response object.
    expect(events.filter((event) => !['a', 'b', undefined].includes(event.stream_id as string))).toEqual([]);
    expect(
      events.filter((event) => (event.response as { stream_id?: unknown })?.stream_id !== undefined),
    ).toEqual([]);
    // Every event of a lane's response echoes the lane: each response's events, whole and in order.
    const texts = (lane: string | undefined) =>
      responsesOn(events, lane).map((response) => {
        expect(response.map((event) => event.sequence_number)).toEqual(response.map((_, index) => index));
        expect(response[0]!.type).toBe('response.created');
        expect(response.at(-1)!.type).toBe('response.completed');
        const output = (response.at(-1)!.response as { output: Array<{ content: Array<{ text: string }> }> })
          .output;
        return output[0]!.content[0]!.text;
      });
    expect(texts('a')).toEqual(['echo a1', 'echo a2']);
    expect(texts('b')).toEqual(['echo b1']);
    expect(texts(undefined)).toEqual(['echo m1']);
    raw.close();
  });

  it('a lane can fork from a response created on another lane (previous_response_id is lineage)', async () => {
    emulator = await createResponsesEmulator({
      model: scriptedModel(({ input }) => ({ output: [{ type: 'message', text: `items=${input.length}` }] })),
    });
    const raw = await connectRaw(emulator);
    raw.send(responseCreate({ store: false, stream_id: 'a', input: [userMessage('one')] }));
    const first = (await raw.untilTerminal()).at(-1)!;
    const firstId = (first.response as { id: string }).id;
    raw.send(
      responseCreate({
        store: false,
        stream_id: 'b',
        previous_response_id: firstId,
        input: [userMessage('two')],
      }),
    );
    const fork = (await raw.untilTerminal(raw.frames.length)).at(-1)!;
    expect(fork).toMatchObject({ type: 'response.completed', stream_id: 'b' });
    expect(emulator.metrics.requests[1]).toMatchObject({ cacheHit: true });
    raw.close();
  });

  it("each lane keeps its latest response: another lane's completion does not evict it, its own does", async () => {
    emulator = await createResponsesEmulator();
    const raw = await connectRaw(emulator);
    const run = async (stream_id: string, previous_response_id?: string) => {
      raw.send(
        responseCreate({
          store: false,
          stream_id,
          ...(previous_response_id === undefined ? {} : { previous_response_id }),
          input: [userMessage('x')],
        }),
      );
      return (await raw.untilTerminal(raw.frames.length)).at(-1)!;
    };
    const id = (event: Record<string, unknown>) => (event.response as { id: string }).id;
    const a1 = id(await run('a'));
    const b1 = id(await run('b'));
    const a2 = id(await run('a', a1));
    // b's latest is still cached after a moved on; a's older response is not.
    expect(await run('b', b1)).toMatchObject({ type: 'response.completed', stream_id: 'b' });
    expect(await run('c', a1)).toMatchObject({
      type: 'error',
      stream_id: 'c',
      error: { code: 'previous_response_not_found' },
    });
    expect(await run('a', a2)).toMatchObject({ type: 'response.completed', stream_id: 'a' });
    expect(emulator.metrics.requests.map((request) => request.cacheHit)).toEqual([
      undefined,
      undefined,
      true,
      true,
      undefined,
      true,
    ]);
    raw.close();
  });
});

describe('lane limits and refusals (frame level)', () => {
  it('a 33rd named lane is refused with websocket_stream_limit_reached, echoing its stream_id', async () => {
    emulator = await createResponsesEmulator({
      model: scriptedModel(() => ({ output: [{ type: 'message', text: 'ok' }] })),
    });
    const raw = await connectRaw(emulator);
    for (let lane = 0; lane < 32; lane++) {
      raw.send(responseCreate({ store: false, stream_id: `lane-${lane}`, input: [] }));
      await raw.untilTerminal(raw.frames.length);
    }
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(Array(32).fill('completed'));
    raw.send(responseCreate({ store: false, stream_id: 'lane-32', input: [] }));
    expect((await raw.untilTerminal(raw.frames.length)).at(-1)).toMatchObject({
      type: 'error',
      status: 400,
      stream_id: 'lane-32',
      error: { code: 'websocket_stream_limit_reached', param: 'stream_id' },
    });
    // A known lane still works.
    raw.send(responseCreate({ store: false, stream_id: 'lane-0', input: [] }));
    expect((await raw.untilTerminal(raw.frames.length)).at(-1)).toMatchObject({
      type: 'response.completed',
      stream_id: 'lane-0',
    });
    raw.close();
  });

  it('a 17th response in flight on one socket is refused; the 16 others complete', async () => {
    const echo = gatedEcho();
    emulator = await createResponsesEmulator({ model: echo.model });
    const raw = await connectRaw(emulator);
    echo.hold();
    for (let index = 0; index < 17; index++)
      raw.send(
        responseCreate({ store: false, stream_id: `l${index % 4}`, input: [userMessage(`r${index}`)] }),
      );
    await raw.waitFrames(1);
    const refusal = raw.frames[0];
    expect(refusal).toMatchObject({
      kind: 'json',
      event: { type: 'error', stream_id: 'l0', error: { code: 'websocket_stream_limit_reached' } },
    });
    echo.release();
    await expect
      .poll(() => emulator.metrics.requests.filter((request) => request.outcome === 'completed').length)
      .toBe(16);
    expect(emulator.metrics.requests.map((request) => request.outcome).filter((o) => o === 'error')).toEqual([
      'error',
    ]);
    raw.close();
  });

  it('stream_id is WebSocket-only: over HTTP it is a 400 naming the parameter', async () => {
    emulator = await createResponsesEmulator();
    const answer = await postRaw(emulator, { model: 'gpt-5.4', input: 'hi', stream_id: 'a' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { param: 'stream_id' } });
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['error']);
  });

  it('a stream_id the official client would not send (empty, not a string, other characters, over 256) is refused with invalid_stream_id', async () => {
    emulator = await createResponsesEmulator();
    const raw = await connectRaw(emulator);
    for (const stream_id of ['', 7, 'has space', 'lane/1', 'x'.repeat(257)]) {
      raw.send(responseCreate({ store: false, stream_id, input: [] }));
      expect((await raw.untilTerminal(raw.frames.length)).at(-1)).toMatchObject({
        type: 'error',
        error: { code: 'invalid_stream_id', param: 'stream_id' },
      });
    }
    raw.close();
  });

  it('letters, digits, _, . and - up to 256 characters make a valid stream_id', async () => {
    emulator = await createResponsesEmulator();
    const raw = await connectRaw(emulator);
    for (const stream_id of ['A-z_0.9', 'x'.repeat(256)]) {
      raw.send(responseCreate({ store: false, stream_id, input: [] }));
      expect((await raw.untilTerminal(raw.frames.length)).at(-1)).toMatchObject({
        type: 'response.completed',
        stream_id,
      });
    }
    raw.close();
  });
});

describe('response.steer and response.inject', () => {
  it('steering a running response fails with steering_not_supported, and the response streams on untouched', async () => {
    const text = 'a long enough answer to be steered in the middle of it';
    emulator = await createResponsesEmulator({
      model: scriptedModel(() => ({ output: [{ type: 'message', text }] })),
      timing: { outputTokensPerSecond: 200 },
    });
    const raw = await connectRaw(emulator);
    raw.send(responseCreate({ store: false, stream_id: 'main', input: [userMessage('go')] }));
    await raw.waitFrames(3);
    const created = raw.frames[0]!.kind === 'json' ? raw.frames[0]!.event : {};
    const id = (created.response as { id: string }).id;
    raw.send({ type: 'response.steer', previous_response_id: id, input: 'be brief' });
    raw.send({
      type: 'response.inject',
      response_id: id,
      input: [{ type: 'function_call_output', call_id: 'c', output: 'x' }],
    });
    const events = await raw.untilTerminal();

    const steerFailed = events.find((event) => event.type === 'response.steer.failed');
    expect(steerFailed).toMatchObject({
      stream_id: 'main',
      error: { type: 'invalid_request_error', code: 'steering_not_supported' },
      steer: { previous_response_id: id, input: 'be brief' },
    });
    expect(events.find((event) => event.type === 'response.inject.failed')).toMatchObject({
      stream_id: 'main',
      response_id: id,
      input: [{ call_id: 'c' }],
    });
    // The response itself: every one of its events, sequence numbers unbroken, the whole text.
    const own = events.filter(
      (event) =>
        !String(event.type).startsWith('response.steer') && !String(event.type).startsWith('response.inject'),
    );
    expect(own.map((event) => event.sequence_number)).toEqual(own.map((_, index) => index));
    expect(own.at(-1)).toMatchObject({ type: 'response.completed' });
    const deltas = own
      .filter((event) => event.type === 'response.output_text.delta')
      .map((event) => event.delta);
    expect(deltas.join('')).toBe(text);
    expect(emulator.metrics.requests).toHaveLength(1);
    raw.close();
  });

  it('steering a completed, an unknown or a malformed target fails with its documented code', async () => {
    emulator = await createResponsesEmulator();
    const raw = await connectRaw(emulator);
    raw.send(responseCreate({ store: false, input: [userMessage('hi')] }));
    const id = ((await raw.untilTerminal()).at(-1)!.response as { id: string }).id;
    const answer = async (frame: Record<string, unknown>) => {
      const from = raw.frames.length;
      raw.send(frame);
      await raw.waitFrames(from + 1);
      return (raw.frames[from] as { event: Record<string, unknown> }).event;
    };
    expect(await answer({ type: 'response.steer', previous_response_id: id, input: 'more' })).toMatchObject({
      type: 'response.steer.failed',
      error: { code: 'response_already_completed' },
    });
    expect(
      await answer({ type: 'response.steer', previous_response_id: 'resp_nope', input: 'more' }),
    ).toMatchObject({
      type: 'response.steer.failed',
      error: { code: 'response_not_found' },
    });
    expect(
      await answer({
        type: 'response.steer',
        previous_response_id: id,
        input: [{ role: 'assistant', content: 'x' }],
      }),
    ).toMatchObject({ type: 'response.steer.failed', error: { code: 'invalid_input' } });
    expect(await answer({ type: 'response.inject', response_id: id, input: [] })).toMatchObject({
      type: 'response.inject.failed',
      error: { code: 'response_already_completed' },
    });
    expect(emulator.metrics.requests).toHaveLength(1);
    raw.close();
  });
});
