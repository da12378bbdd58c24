/**
 * The per-key WebSocket connection limit (`connectionLimit`), answered as hosts do: an error frame on the
 * connection's first request, or a 429 at the upgrade. HTTP requests are never limited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createResponsesEmulator,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from '../../src/testing';
import { connectRaw, postRaw, responseCreate, userMessage } from './raw-client';

let emulator: ResponsesEmulator | undefined;
async function start(options: ResponsesEmulatorOptions) {
  emulator = await createResponsesEmulator({
    model: scriptedModel(() => ({ output: [{ type: 'message', text: 'ok' }] })),
    ...options,
  });
  return emulator;
}
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const create = () => responseCreate({ store: false, input: [userMessage('hi')] });

/** An upgrade's status (101 on success) and, when refused, its JSON body. */
function upgrade(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body?: unknown }>((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        socket.terminate();
      });
    });
    socket.on('open', () => {
      resolve({ status: 101 });
      socket.close();
    });
    socket.on('error', () => {});
    setTimeout(() => reject(new Error('no answer')), 5_000).unref();
  });
}

const LIMIT_ERROR = {
  type: 'invalid_request_error',
  code: 'websocket_connection_limit_reached',
  message: expect.stringContaining('websocket connection limit reached'),
  param: null,
};

describe('connectionLimit (per key)', () => {
  it("default 'error-frame': the upgrade succeeds, the first request gets the limit error and no response.created, then close 1000", async () => {
    const emu = await start({ connectionLimit: { perKey: 2 } });
    const first = await connectRaw(emu, bearer('key-a'));
    const second = await connectRaw(emu, bearer('key-a'));
    const third = await connectRaw(emu, bearer('key-a'));
    third.send(create());
    expect(await third.closed).toEqual({ code: 1000 });
    expect(third.frames).toEqual([
      { kind: 'json', event: { type: 'error', status: 400, error: LIMIT_ERROR } },
    ]);

    // Another key has its own count; the two connections within the limit serve as usual.
    const other = await connectRaw(emu, bearer('key-b'));
    for (const client of [first, second, other]) {
      client.send(create());
      expect((await client.untilTerminal()).at(-1)).toMatchObject({ type: 'response.completed' });
    }
    expect(emu.metrics.connectionLimitRefusals).toBe(1);
    expect(emu.metrics.connections).toBe(4);
    expect(emu.metrics.requests.map((r) => [r.connectionId, r.outcome, r.accepted])).toEqual([
      [3, 'error', false],
      [1, 'completed', true],
      [2, 'completed', true],
      [4, 'completed', true],
    ]);
    for (const client of [first, second, other]) client.close();
  });

  it('counts open connections: once one closes, the key may open another', async () => {
    const emu = await start({ connectionLimit: { perKey: 1 } });
    const first = await connectRaw(emu, bearer('key-a'));
    first.close();
    await first.closed;
    await expect.poll(() => emu.metrics.openConnections).toBe(0);
    const second = await connectRaw(emu, bearer('key-a'));
    second.send(create());
    expect((await second.untilTerminal()).at(-1)).toMatchObject({ type: 'response.completed' });
    expect(emu.metrics.connectionLimitRefusals).toBe(0);
    second.close();
  });

  it("'refuse-upgrade': the upgrade is answered 429 with the limit error as JSON body; HTTP is never limited", async () => {
    const emu = await start({ connectionLimit: { perKey: 1, answer: 'refuse-upgrade' } });
    const held = await connectRaw(emu, bearer('key-a'));
    expect(await upgrade(emu.wsURL, bearer('key-a'))).toEqual({ status: 429, body: { error: LIMIT_ERROR } });
    expect((await upgrade(emu.wsURL, bearer('key-b'))).status).toBe(101);

    const answers = await Promise.all(
      [1, 2, 3].map(() => postRaw(emu, { model: 'gpt-5.4', input: 'hi' }, { authorization: 'Bearer key-a' })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(emu.metrics.upgrades).toEqual({ attempted: 3, refused: 1 });
    expect(emu.metrics.connectionLimitRefusals).toBe(1);
    held.close();
  });

  it('a host that asks for no credentials counts every connection in one shared bucket', async () => {
    const emu = await start({
      hostConventions: { auth: [] },
      connectionLimit: { perKey: 1, answer: 'refuse-upgrade' },
    });
    const held = await connectRaw(emu, {});
    expect((await upgrade(emu.wsURL, bearer('whatever'))).status).toBe(429);
    expect((await upgrade(emu.wsURL, {})).status).toBe(429);
    expect(emu.authLog.map((record) => [record.via, record.outcome])).toEqual([
      [undefined, 'accepted'],
      [undefined, 'accepted'],
      [undefined, 'accepted'],
    ]);
    held.close();
  });

  it('perKey must be an integer ≥ 0', async () => {
    await expect(createResponsesEmulator({ connectionLimit: { perKey: -1 } })).rejects.toThrow(RangeError);
    await expect(createResponsesEmulator({ connectionLimit: { perKey: 1.5 } })).rejects.toThrow(RangeError);
  });
});
