/**
 * One named test per rule of shared/protocol.md (WebSocket mode as published), observed at the frame
 * level with a bare `ws` client.
 */

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createResponsesEmulator,
  type ModelTurnInput,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from '../../src/testing';
import { connectRaw, postRaw, responseCreate, upgradeStatus, userMessage } from './raw-client';

let emulator: ResponsesEmulator | undefined;
const turns: ModelTurnInput[] = [];
const echo = scriptedModel((turn) => {
  turns.push(turn);
  return { output: [{ type: 'message', text: `items=${turn.input.length}` }] };
});

async function start(options: ResponsesEmulatorOptions = {}) {
  turns.length = 0;
  emulator = await createResponsesEmulator({ model: echo, ...options });
  return emulator;
}

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const create = (fields: Record<string, unknown>) => responseCreate({ store: false, ...fields });

describe('connection', () => {
  it('the socket URL is the HTTP base with ws(s) and /responses', async () => {
    const emu = await start();
    // Derived as a client derives it from the base URL, not read back from the emulator's wsURL.
    const derived = new URL(`${emu.baseURL}/responses`);
    derived.protocol = 'ws:';
    const auth = { Authorization: 'Bearer sk-any' };
    expect(derived.pathname).toBe('/v1/responses');
    expect(await upgradeStatus(derived.href, auth)).toBe(101);
    expect(await upgradeStatus(new URL('/responses', derived).href, auth)).toBe(404);
    expect(await upgradeStatus(new URL('/v1/responses/ws', derived).href, auth)).toBe(404);
  });

  it('auth is a bearer key in the upgrade request; a missing or wrong key is refused with 401', async () => {
    const emu = await start({ apiKeys: ['sk-good'] });
    expect(await upgradeStatus(emu.wsURL, { Authorization: 'Bearer sk-good' })).toBe(101);
    expect(await upgradeStatus(emu.wsURL, { Authorization: 'Bearer sk-bad' })).toBe(401);
    expect(await upgradeStatus(emu.wsURL, {})).toBe(401);
    expect(emu.metrics.upgrades).toEqual({ attempted: 3, refused: 2 });
  });

  it('auth: the Bearer scheme is case-insensitive (RFC 7235); another scheme is refused', async () => {
    const emu = await start({ apiKeys: ['sk-good'] });
    expect(await upgradeStatus(emu.wsURL, { Authorization: 'bearer sk-good' })).toBe(101);
    expect(await upgradeStatus(emu.wsURL, { Authorization: 'BEARER sk-good' })).toBe(101);
    expect(await upgradeStatus(emu.wsURL, { Authorization: 'Basic sk-good' })).toBe(401);
    const post = await postRaw(emu, { model: 'gpt-5.4', input: 'x' }, { authorization: 'bearer sk-good' });
    expect(post.status).toBe(200);
  });

  it('the OpenAI-Beta responses_websockets header is accepted, not required, and recorded as sent', async () => {
    const emu = await start();
    const beta = 'responses_websockets=2026-02-06';
    const withBeta = await connectRaw(emu, { Authorization: 'Bearer sk-any', 'OpenAI-Beta': beta });
    withBeta.send(create({ input: [userMessage('with')] }));
    const first = await withBeta.untilTerminal();
    const without = await connectRaw(emu);
    without.send(create({ input: [userMessage('without')] }));
    const second = await without.untilTerminal();
    await postRaw(
      emu,
      { model: 'gpt-5.4', input: 'x' },
      { authorization: 'Bearer sk-any', 'openai-beta': beta },
    );
    expect([first.at(-1)?.type, second.at(-1)?.type]).toEqual(['response.completed', 'response.completed']);
    expect(emu.metrics.requests.map((request) => [request.transport, request.openaiBeta])).toEqual([
      ['ws', beta],
      ['ws', undefined],
      ['http', beta],
    ]);
    withBeta.close();
    without.close();
  });

  it('at the lifetime limit the server sends websocket_connection_limit_reached and closes', async () => {
    const emu = await start({ connectionLifetimeMs: 50 });
    const client = await connectRaw(emu);
    const { code } = await client.closed;
    expect(code).toBe(1000);
    expect(client.frames).toEqual([
      {
        kind: 'json',
        event: expect.objectContaining({
          type: 'error',
          error: expect.objectContaining({ code: 'websocket_connection_limit_reached' }),
        }),
      },
    ]);
  });

  it('a response running at the lifetime limit finishes before the limit error and close', async () => {
    // The request must arrive before the limit: 300 ms leaves room on a loaded machine (30 ms did not).
    const emu = await start({ connectionLifetimeMs: 300, timing: { serverCost: { perRequestMs: 600 } } });
    const client = await connectRaw(emu);
    client.send(create({ input: [userMessage('hi')] }));
    const events = await client.untilTerminal();
    expect(events.at(-1)?.type).toBe('response.completed');
    await client.closed;
    const last = client.frames.at(-1);
    expect(last).toMatchObject({
      kind: 'json',
      event: { error: { code: 'websocket_connection_limit_reached' } },
    });
  });
});

describe('client → server', () => {
  it('response.create carries the POST body flattened beside type', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(
      create({ input: [userMessage('hi')], tools: [{ type: 'function', name: 'grep', parameters: {} }] }),
    );
    const events = await client.untilTerminal();
    expect(events.at(-1)).toMatchObject({
      type: 'response.completed',
      response: { model: 'gpt-5.4', store: false },
    });
    expect(emu.metrics.requests[0]!.body).toEqual({
      model: 'gpt-5.4',
      store: false,
      input: [userMessage('hi')],
      tools: [{ type: 'function', name: 'grep', parameters: {} }],
    });
    client.close();
  });

  it('a follow-up continues with only the new items and previous_response_id', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ input: [userMessage('one')] }));
    const first = await client.untilTerminal();
    const id = (first.at(-1)!.response as { id: string }).id;
    const from = client.frames.length;
    client.send(create({ previous_response_id: id, input: [userMessage('two')] }));
    const second = await client.untilTerminal(from);
    expect(second.at(-1)?.type).toBe('response.completed');
    expect(turns[1]!.input).toHaveLength(3); // user, assistant, user
    expect(turns[1]!.newInput).toEqual([userMessage('two')]);
    expect(emu.metrics.requests[1]).toMatchObject({ previousResponseId: id, cacheHit: true, inputItems: 1 });
    client.close();
  });

  it('stream: true is accepted and ignored (every response streams)', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ stream: true, input: [userMessage('hi')] }));
    expect((await client.untilTerminal()).at(-1)?.type).toBe('response.completed');
    client.close();
  });

  it("a body nested under `response` is rejected: Missing required parameter: 'model'", async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send({ type: 'response.create', response: { model: 'gpt-5.4', input: [] } });
    const [error] = await client.untilTerminal();
    expect(error).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'missing_required_parameter',
        message: "Missing required parameter: 'model'.",
        param: 'model',
      },
    });
    client.close();
  });

  it('background is not supported', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ background: true, input: [] }));
    const [error] = await client.untilTerminal();
    expect(error).toMatchObject({ type: 'error', status: 400, error: { param: 'background' } });
    client.close();
  });

  it('an unknown event type and a frame that is not JSON get error frames', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send({ type: 'response.cancel' });
    const [unknown] = await client.untilTerminal();
    client.send('{not json');
    const [invalid] = await client.untilTerminal(1);
    expect(unknown).toMatchObject({ type: 'error', status: 400, error: { code: 'unknown_event_type' } });
    expect(invalid).toMatchObject({ type: 'error', status: 400, error: { code: 'invalid_json' } });
    client.close();
  });

  it('previous_response_id does not carry instructions over', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ instructions: 'Be terse.', input: [userMessage('one')] }));
    const first = await client.untilTerminal();
    const id = (first.at(-1)!.response as { id: string }).id;
    client.send(create({ previous_response_id: id, input: [userMessage('two')] }));
    const second = await client.untilTerminal(first.length);
    expect(turns[0]!.instructions).toBe('Be terse.');
    expect(turns[1]!.instructions).toBeUndefined();
    expect((second.at(-1)!.response as { instructions: unknown }).instructions).toBeNull();
    client.close();
  });

  it('generate: false warms up: completed, empty output, zero output tokens, empty input allowed, continuable', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(
      create({ generate: false, input: [], tools: [{ type: 'function', name: 'grep', parameters: {} }] }),
    );
    const warm = await client.untilTerminal();
    const response = warm.at(-1)!.response as {
      id: string;
      output: unknown[];
      usage: { output_tokens: number };
    };
    expect(warm.at(-1)?.type).toBe('response.completed');
    expect(response.output).toEqual([]);
    expect(response.usage.output_tokens).toBe(0);
    expect(turns).toHaveLength(0);
    client.send(create({ previous_response_id: response.id, input: [userMessage('go')] }));
    const real = await client.untilTerminal(warm.length);
    expect(real.at(-1)?.type).toBe('response.completed');
    expect(emu.metrics.requests.map((request) => [request.generate, request.cacheHit])).toEqual([
      [false, undefined],
      [true, true],
    ]);
    client.close();
  });
});

describe('server → client', () => {
  it('every frame is one JSON text event with sequence_number counting from 0', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ input: [userMessage('hello there')] }));
    const events = await client.untilTerminal();
    expect(client.frames.every((frame) => frame.kind === 'json')).toBe(true);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.map((event) => event.type).slice(0, 2)).toEqual([
      'response.created',
      'response.in_progress',
    ]);
    client.close();
  });

  it('error frames sent outside a response carry no sequence_number', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ previous_response_id: 'resp_unknown', input: [] }));
    const [error] = await client.untilTerminal();
    expect(error).not.toHaveProperty('sequence_number');
    client.close();
  });

  it('there is no [DONE] marker over the socket', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ input: [userMessage('hi')] }));
    const first = await client.untilTerminal();
    // A late marker would come before the next request's events (frames are in order), or in a quiet spell.
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.send(create({ input: [userMessage('again')] }));
    await client.untilTerminal(first.length);
    expect(client.frames[first.length]).toMatchObject({ kind: 'json', event: { type: 'response.created' } });
    expect(client.frames.every((frame) => frame.kind === 'json')).toBe(true);
    client.close();
  });

  it('each of the four terminal events ends a response', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    const ends: unknown[] = [];
    emu.injectFault({ kind: 'response-incomplete' });
    client.send(create({ input: [userMessage('a')] }));
    ends.push((await client.untilTerminal()).at(-1)?.type);
    emu.injectFault({ kind: 'response-failed' });
    client.send(create({ input: [userMessage('b')] }));
    ends.push((await client.untilTerminal(client.frames.length)).at(-1)?.type);
    emu.injectFault({ kind: 'error-frame', status: 500 });
    client.send(create({ input: [userMessage('c')] }));
    ends.push((await client.untilTerminal(client.frames.length)).at(-1)?.type);
    client.send(create({ input: [userMessage('d')] }));
    ends.push((await client.untilTerminal(client.frames.length)).at(-1)?.type);
    expect(ends).toEqual(['response.incomplete', 'response.failed', 'error', 'response.completed']);
    client.close();
  });
});

describe('semantics', () => {
  it('only the most recent response is cached: an older id is previous_response_not_found', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ input: [userMessage('one')] }));
    const first = (await client.untilTerminal()).at(-1)!.response as { id: string };
    client.send(create({ input: [userMessage('two')] }));
    await client.untilTerminal(client.frames.length);
    client.send(create({ previous_response_id: first.id, input: [userMessage('three')] }));
    const [error] = await client.untilTerminal(client.frames.length);
    expect(error).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'previous_response_not_found',
        message: `Previous response with id '${first.id}' not found.`,
        param: 'previous_response_id',
      },
    });
    client.close();
  });

  it('store: false state dies with the connection; store: true is reloaded from storage on another', async () => {
    const emu = await start();
    const first = await connectRaw(emu);
    first.send(create({ store: false, input: [userMessage('ephemeral')] }));
    const ephemeral = (await first.untilTerminal()).at(-1)!.response as { id: string };
    first.send(create({ store: true, input: [userMessage('kept')] }));
    const kept = (await first.untilTerminal(first.frames.length)).at(-1)!.response as { id: string };
    first.close();

    const second = await connectRaw(emu);
    second.send(create({ previous_response_id: ephemeral.id, input: [userMessage('x')] }));
    const [error] = await second.untilTerminal();
    second.send(create({ previous_response_id: kept.id, input: [userMessage('y')] }));
    const reloaded = await second.untilTerminal(second.frames.length);
    expect(error).toMatchObject({ error: { code: 'previous_response_not_found' } });
    expect(reloaded.at(-1)?.type).toBe('response.completed');
    expect(emu.metrics.requests.at(-1)).toMatchObject({ cacheHit: false });
    second.close();
  });

  it('a failed continuation evicts the id it named', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ input: [userMessage('one')] }));
    const first = (await client.untilTerminal()).at(-1)!.response as { id: string };
    emu.injectFault({ kind: 'response-failed' });
    client.send(create({ previous_response_id: first.id, input: [userMessage('two')] }));
    expect((await client.untilTerminal(client.frames.length)).at(-1)?.type).toBe('response.failed');
    client.send(create({ previous_response_id: first.id, input: [userMessage('two')] }));
    const [error] = await client.untilTerminal(client.frames.length);
    expect(error).toMatchObject({ type: 'error', error: { code: 'previous_response_not_found' } });
    client.close();
  });

  it('one response in flight per connection: a second response.create is queued FIFO', async () => {
    const emu = await start({ timing: { serverCost: { perRequestMs: 30 } } });
    const client = await connectRaw(emu);
    client.send(create({ input: [userMessage('first')] }));
    client.send(create({ input: [userMessage('second')] }));
    await client.untilTerminal();
    const all = await client.untilTerminal(
      client.frames.findIndex((f) => f.kind === 'json' && f.event.type === 'response.completed') + 1,
    );
    const types = client.frames.map((frame) => (frame.kind === 'json' ? frame.event.type : frame.kind));
    const firstDone = types.indexOf('response.completed');
    expect(types.lastIndexOf('response.created')).toBeGreaterThan(firstDone);
    expect(all.at(-1)?.type).toBe('response.completed');
    expect(turns.map((turn) => JSON.stringify(turn.newInput))).toEqual([
      JSON.stringify([userMessage('first')]),
      JSON.stringify([userMessage('second')]),
    ]);
    client.close();
  });

  it('queue: reject answers a second in-flight response.create with response_already_in_flight', async () => {
    const emu = await start({ queue: 'reject', timing: { serverCost: { perRequestMs: 50 } } });
    const client = await connectRaw(emu);
    client.send(create({ input: [userMessage('first')] }));
    client.send(create({ input: [userMessage('second')] }));
    const [rejected] = await client.untilTerminal();
    const first = await client.untilTerminal(1);
    // The rejection comes at once, while the first response is still in its server cost; the first then
    // runs to completion, and the second never runs.
    expect(rejected).toEqual({
      type: 'error',
      status: 409,
      error: expect.objectContaining({ code: 'response_already_in_flight' }),
    });
    expect(first[0]?.type).toBe('response.created');
    expect(first.at(-1)?.type).toBe('response.completed');
    expect(turns.map((turn) => turn.newInput)).toEqual([[userMessage('first')]]);
    expect(emu.metrics.requests.map((request) => request.outcome)).toEqual(['completed', 'error']);
    client.close();
  });

  it('the full input without previous_response_id is always allowed', async () => {
    const emu = await start();
    const client = await connectRaw(emu);
    client.send(create({ input: [userMessage('one')] }));
    await client.untilTerminal();
    client.send(create({ input: [userMessage('one'), userMessage('rewritten history')] }));
    expect((await client.untilTerminal(client.frames.length)).at(-1)?.type).toBe('response.completed');
    expect(turns[1]!.input).toHaveLength(2);
    client.close();
  });
});

describe('HTTP POST /v1/responses', () => {
  const post = (emu: ResponsesEmulator, body: unknown, key = 'sk-http') =>
    fetch(`${emu.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });

  it('streams SSE events with stream: true and returns the response object without it', async () => {
    const emu = await start();
    const streamed = await post(emu, { model: 'gpt-5.4', stream: true, input: 'hi' });
    expect(streamed.headers.get('content-type')).toBe('text/event-stream');
    const text = await streamed.text();
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((block) =>
        JSON.parse(
          block
            .split('\n')
            .find((line) => line.startsWith('data: '))!
            .slice(6),
        ),
      );
    expect(events.at(-1).type).toBe('response.completed');
    const whole = await (await post(emu, { model: 'gpt-5.4', input: 'hi' })).json();
    expect(whole).toMatchObject({ object: 'response', status: 'completed', output: [{ type: 'message' }] });
    expect(emu.metrics.requests.map((request) => request.transport)).toEqual(['http', 'http']);
  });

  it('continues only stored responses (store: true) and reports others as previous_response_not_found', async () => {
    const emu = await start();
    const stored = await (await post(emu, { model: 'gpt-5.4', store: true, input: 'one' })).json();
    const ephemeral = await (await post(emu, { model: 'gpt-5.4', store: false, input: 'one' })).json();
    const ok = await post(emu, { model: 'gpt-5.4', previous_response_id: stored.id, input: 'two' });
    const missing = await post(emu, { model: 'gpt-5.4', previous_response_id: ephemeral.id, input: 'two' });
    expect(ok.status).toBe(200);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'previous_response_not_found' } });
  });

  it('refuses a wrong key with 401 and never echoes it', async () => {
    const emu = await start({ apiKeys: ['sk-good'] });
    const response = await post(emu, { model: 'gpt-5.4', input: 'x' }, 'sk-secret-wrong');
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('sk-secret-wrong');
  });
});

describe('permessage-deflate', () => {
  it('is negotiated when offered (compressed frames round-trip), and declined with perMessageDeflate: false', async () => {
    for (const perMessageDeflate of [true, false]) {
      const emu = await start({ perMessageDeflate });
      const socket = new WebSocket(emu.wsURL, {
        headers: { Authorization: 'Bearer sk-deflate' },
        perMessageDeflate: { threshold: 0 },
      });
      const events: Array<Record<string, unknown>> = [];
      const done = new Promise<void>((resolve) =>
        socket.on('message', (data) => {
          const event = JSON.parse(String(data)) as Record<string, unknown>;
          events.push(event);
          if (event.type === 'response.completed') resolve();
        }),
      );
      await new Promise((resolve) => socket.once('open', resolve));
      expect(socket.extensions).toBe(perMessageDeflate ? 'permessage-deflate' : '');
      socket.send(JSON.stringify(create({ input: [userMessage('x'.repeat(5_000))] })));
      await done;
      expect(events.at(-1)).toMatchObject({ type: 'response.completed' });
      expect(emu.metrics.requests[0]).toMatchObject({ outcome: 'completed', inputItems: 1 });
      // The request's bytes are counted as received, after decompression.
      expect(emu.metrics.requests[0]!.bytes).toBeGreaterThan(5_000);
      socket.close();
      await emu.close();
      emulator = undefined;
    }
  });
});

describe('effective input (what the model reads)', () => {
  const post = (emu: ResponsesEmulator, body: unknown) =>
    fetch(`${emu.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-http' },
      body: JSON.stringify(body),
    }).then((response) => response.json());

  it('input tokens are counted on items as the model reads them: the server copy and a resent copy cost the same', async () => {
    const emu = await start();
    const first = await post(emu, { model: 'gpt-5.4', input: 'one' });
    const produced = first.output[0] as { content: { text: string }[] };
    const resent = { role: 'assistant', content: [{ type: 'output_text', text: produced.content[0]!.text }] };
    const asServerCopy = await post(emu, {
      model: 'gpt-5.4',
      input: [{ role: 'user', content: 'one' }, first.output[0]],
    });
    const asResent = await post(emu, { model: 'gpt-5.4', input: [{ role: 'user', content: 'one' }, resent] });
    expect(asServerCopy.usage.input_tokens).toBe(asResent.usage.input_tokens);
  });
});
