import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { ResponseInterruption } from '../../src/transport/connection-lane';
import { ResponsesConnection } from '../../src/transport/responses-connection';

/**
 * The heartbeat of a socket that runs a response, against a loopback server that answers no ping: as a
 * host whose pong waits behind a large event still on its way (the pong is queued after it), or one that
 * went silent. The server writes the large event by hand, slice by slice, on the upgraded TCP socket.
 */
let server: Server | undefined;
let host: ChildProcess | undefined;
let connection: ResponsesConnection | undefined;

afterEach(async () => {
  connection?.close();
  host?.kill();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = connection = host = undefined;
});

const HEARTBEAT = { heartbeatIntervalMs: 20, heartbeatTimeoutMs: 250 };

/** A text frame's header (server to client: unmasked) for a payload of `length` bytes. */
function textFrameHeader(length: number): Buffer {
  const header = Buffer.alloc(10);
  header[0] = 0x81; // FIN, text
  header[1] = 127; // 64-bit length follows
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** Answers the first `response.create` with `respond`, given the raw TCP socket and the `ws` socket. */
async function serve(respond: (tcp: Duplex, socket: WebSocket) => Promise<void>) {
  // No automatic pong: what a client gets while the host's answer is queued behind something else.
  const sockets = new WebSocketServer({ noServer: true, autoPong: false });
  server = createServer();
  server.on('upgrade', (request, tcp, head) =>
    sockets.handleUpgrade(request, tcp, head, (socket) => {
      socket.once('message', () => void respond(tcp, socket));
    }),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  connection = new ResponsesConnection({
    WebSocket,
    url: `ws://127.0.0.1:${port}/v1/responses`,
    headers: {},
    protocols: [],
    lanes: 1,
    timeouts: { handshakeMs: 5_000, firstEventMs: 30_000, betweenEventsMs: 30_000, ...HEARTBEAT },
  });
  await connection.ready();
  return new Promise<{ events: number; ended: string | ResponseInterruption }>((resolve) => {
    let events = 0;
    connection!.lanes[0]!.send('{"type":"response.create"}', {
      event: () => events++,
      terminal: (_, event) => resolve({ events, ended: event.type }),
      interrupted: (interruption) => resolve({ events, ended: interruption }),
    });
  });
}

describe('heartbeat of a socket running a response', () => {
  it('a large event still arriving is no silence, though no pong comes until it has arrived', async () => {
    const slices = 60;
    const slice = 'x'.repeat(4_096);
    const delta = JSON.stringify({
      type: 'response.output_text.delta',
      sequence_number: 1,
      delta: slice.repeat(slices),
    });
    const { events, ended } = await serve(async (tcp, socket) => {
      socket.send(JSON.stringify({ type: 'response.created', sequence_number: 0 }));
      // The event's frame, written a slice at a time over many heartbeat timeouts.
      const payload = Buffer.from(delta);
      tcp.write(textFrameHeader(payload.length));
      const step = Math.ceil(payload.length / slices);
      for (let offset = 0; offset < payload.length; offset += step) {
        tcp.write(payload.subarray(offset, offset + step));
        await sleep(25);
      }
      socket.send(JSON.stringify({ type: 'response.completed', sequence_number: 2, response: {} }));
    });
    expect({ events, ended }).toEqual({ events: 2, ended: 'response.completed' });
  });

  it('a connection that sends nothing and answers no ping is dropped: the response is interrupted', async () => {
    const { events, ended } = await serve(async (_, socket) => {
      socket.send(JSON.stringify({ type: 'response.created', sequence_number: 0 }));
    });
    expect({ events, ended }).toEqual({
      events: 1,
      ended: { kind: 'closed', code: 1006, reason: 'no pong', byClient: true },
    });
  });
});

describe('heartbeat after this process was busy for longer than the timeout', () => {
  /** A host in a process of its own (so it answers while this one is busy), its pongs a little late. */
  const HOST = `
    const { WebSocketServer } = require('ws');
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: false });
    server.on('connection', (socket) => socket.on('ping', (data) => setTimeout(() => socket.pong(data), 50)));
    server.on('listening', () => console.log(server.address().port));
  `;

  it('a pong that arrived meanwhile counts: the socket is not dropped', async () => {
    host = spawn(process.execPath, ['-e', HOST], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [port] = (await once(host.stdout!, 'data')) as [Buffer];
    let pongs = 0;
    let stalled = false;
    /** `ws`'s socket, but this process is busy for a while right after its first ping (a long parse, say). */
    class StallingAfterFirstPing extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        this.on('pong', () => pongs++);
      }
      override ping(...args: Parameters<WebSocket['ping']>): void {
        super.ping(...args);
        if (stalled) return;
        stalled = true;
        // Begins before the pong is read, ends well after the timeout; the pong arrives meanwhile. Busy
        // after the reads of an iteration (setImmediate), so the next one runs its due timers first.
        setTimeout(() => {
          setImmediate(() => {
            const until = Date.now() + 4 * HEARTBEAT.heartbeatTimeoutMs;
            while (Date.now() < until);
          });
        }, 10);
      }
    }
    connection = new ResponsesConnection({
      WebSocket: StallingAfterFirstPing,
      url: `ws://127.0.0.1:${String(port).trim()}/v1/responses`,
      headers: {},
      protocols: [],
      lanes: 1,
      timeouts: { handshakeMs: 5_000, firstEventMs: 30_000, betweenEventsMs: 30_000, ...HEARTBEAT },
    });
    await connection.ready();
    const closed = new Promise<void>((resolve) => connection!.onClose(resolve));
    const answered = expect.poll(() => pongs, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    await Promise.race([answered, closed]);

    expect(stalled).toBe(true);
    expect(connection.state).toBe('open');
  });
});
