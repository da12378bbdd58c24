import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { ServerEvent } from '../../src/transport/connection-lane';
import { ResponsesConnection } from '../../src/transport/responses-connection';

/**
 * A socket's frames reach the connection as text; only those that may end the response are parsed there
 * (the inner model parses the rest, once). These drive a real connection against a loopback server that
 * answers `response.create` with the frames a test gives, spelt exactly so.
 */
let server: WebSocketServer | undefined;
let connection: ResponsesConnection | undefined;

afterEach(async () => {
  connection?.close();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

async function respondWith(frames: string[]) {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server!.once('listening', resolve));
  server.on('connection', (socket) =>
    socket.on('message', () => {
      for (const frame of frames) socket.send(frame);
    }),
  );
  const { port } = server.address() as { port: number };
  connection = new ResponsesConnection({
    WebSocket,
    url: `ws://127.0.0.1:${port}/v1/responses`,
    headers: {},
    protocols: [],
    lanes: 1,
    timeouts: {
      handshakeMs: 5_000,
      firstEventMs: 5_000,
      betweenEventsMs: 5_000,
      heartbeatIntervalMs: 0,
      heartbeatTimeoutMs: 5_000,
    },
  });
  await connection.ready();
  const events: string[] = [];
  const terminal = await new Promise<{ raw: string; event: ServerEvent }>((resolve, reject) => {
    connection!.lanes[0]!.send('{"type":"response.create"}', {
      event: (raw) => events.push(raw),
      terminal: (raw, event) => resolve({ raw, event }),
      interrupted: (interruption) => reject(new Error(interruption.kind)),
    });
  });
  return { events, terminal };
}

const delta = (text: string, sequence: number) =>
  JSON.stringify({ type: 'response.output_text.delta', sequence_number: sequence, delta: text });

describe('frames of a response', () => {
  it('deltas go on as text, even when their text names a terminal event; the terminal event ends it', async () => {
    const frames = [
      delta('a "error" and response.completed, quoted', 1),
      delta('plain', 2),
      JSON.stringify({ type: 'response.completed', sequence_number: 3, response: { id: 'resp_1' } }),
    ];
    const { events, terminal } = await respondWith(frames);
    expect(events).toEqual(frames.slice(0, 2));
    expect(terminal.raw).toBe(frames[2]);
    expect(terminal.event).toMatchObject({ type: 'response.completed', response: { id: 'resp_1' } });
    expect(connection!.lanes[0]!.state).toBe('idle');
  });

  it('a terminal event spelt with \\u escapes is still recognised', async () => {
    const escaped = '{"type":"response.c\\u006fmpleted","sequence_number":2,"response":{"id":"resp_2"}}';
    const { events, terminal } = await respondWith([delta('x', 1), escaped]);
    expect(events).toHaveLength(1);
    expect(terminal.event.type).toBe('response.completed');
  });

  it('an error event with spaces in its JSON ends the response too', async () => {
    const error = '{ "type" : "error", "error": { "message": "boom" } }';
    const { terminal } = await respondWith([delta('x', 1), error]);
    expect(terminal.event.type).toBe('error');
  });

  it('a frame that is no JSON event goes on as text, for the inner model to report', async () => {
    const { events } = await respondWith([
      'not json',
      JSON.stringify({ type: 'response.failed', sequence_number: 2, response: { id: 'resp_3' } }),
    ]);
    expect(events).toEqual(['not json']);
  });
});
