import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

type Frame = Record<string, unknown>;

/** How the proxy changes traffic, to play a host that breaks one rule. */
export interface FrameRewrites {
  /** A client frame: forwarded as returned, or answered by the proxy itself with `{ reply }`. */
  readonly toServer?: (frame: Frame) => Frame | { readonly reply: Frame };
  /** A server event, as the client will see it. */
  readonly toClient?: (event: Frame) => Frame;
}

export interface RewritingProxy {
  /** `ws://127.0.0.1:PORT/v1/responses` */
  readonly wsURL: string;
  close(): Promise<void>;
}

/**
 * A loopback WebSocket proxy in front of a real server (the emulator): one upstream socket per client socket,
 * every JSON frame passed through `rewrites`. The conformance suite's own tests use it to show that each
 * rule notices the host behaviour it is about.
 */
export async function startRewritingProxy(
  upstreamURL: string,
  rewrites: FrameRewrites,
): Promise<RewritingProxy> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (client, request) => {
    const authorization = request.headers.authorization;
    const upstream = new WebSocket(upstreamURL, { headers: authorization ? { authorization } : {} });
    sockets.add(client).add(upstream);
    const pending: string[] = [];
    upstream.on('open', () => {
      for (const text of pending.splice(0)) upstream.send(text);
    });
    client.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      const rewritten = rewrites.toServer?.(frame) ?? frame;
      if ('reply' in rewritten) {
        client.send(JSON.stringify(rewritten.reply));
        return;
      }
      const text = JSON.stringify(rewritten);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    upstream.on('message', (data) => {
      const event = JSON.parse(String(data)) as Frame;
      client.send(JSON.stringify(rewrites.toClient?.(event) ?? event));
    });
    const closeBoth = () => {
      for (const socket of [client, upstream]) {
        sockets.delete(socket);
        if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)
          socket.terminate();
      }
    };
    for (const socket of [client, upstream]) {
      socket.on('close', closeBoth);
      socket.on('error', closeBoth);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    wsURL: `ws://127.0.0.1:${port}/v1/responses`,
    close: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
