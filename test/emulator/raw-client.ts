import WebSocket from 'ws';
import type { ResponsesEmulator } from '../../src/testing';

export type Frame =
  | { kind: 'json'; event: Record<string, unknown> }
  | { kind: 'text'; text: string }
  | { kind: 'binary' };

/** A bare `ws` client that records every frame, for frame-level assertions. */
export interface RawClient {
  readonly frames: Frame[];
  send(frame: unknown): void;
  /** Resolves with the events up to and including the next terminal event after `from`. */
  untilTerminal(from?: number): Promise<Array<Record<string, unknown>>>;
  waitFrames(count: number): Promise<void>;
  readonly closed: Promise<{ code: number }>;
  close(): void;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

export async function connectRaw(
  emulator: ResponsesEmulator,
  headers: Record<string, string> = { Authorization: 'Bearer sk-raw' },
): Promise<RawClient> {
  const socket = new WebSocket(emulator.wsURL, { headers });
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data, isBinary) => {
    if (isBinary) frames.push({ kind: 'binary' });
    else {
      const text = String(data);
      try {
        frames.push({ kind: 'json', event: JSON.parse(text) });
      } catch {
        frames.push({ kind: 'text', text });
      }
    }
    for (const waiter of waiters) waiter();
  });
  const closed = new Promise<{ code: number }>((resolve) => socket.on('close', (code) => resolve({ code })));
  closed.then(() => {
    for (const waiter of waiters) waiter();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let closedNow = false;
  void closed.then(() => {
    closedNow = true;
  });

  const wait = (done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done()) {
          waiters.delete(check);
          resolve();
        } else if (closedNow) {
          waiters.delete(check);
          reject(new Error(`socket closed after ${frames.length} frames`));
        }
      };
      waiters.add(check);
      check();
    });

  return {
    frames,
    send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    untilTerminal: async (from = 0) => {
      const terminalIndex = () =>
        frames.findIndex(
          (frame, index) => index >= from && frame.kind === 'json' && TERMINAL.has(String(frame.event.type)),
        );
      await wait(() => terminalIndex() >= 0);
      return frames
        .slice(from, terminalIndex() + 1)
        .filter((frame): frame is Extract<Frame, { kind: 'json' }> => frame.kind === 'json')
        .map((frame) => frame.event);
    },
    waitFrames: (count) => wait(() => frames.length >= count),
    closed,
    close: () => socket.close(),
  };
}

export const userMessage = (text: string) => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
});

/** The HTTP status an upgrade gets: 101 when it succeeds. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', () => {});
    setTimeout(() => reject(new Error('no answer')), 5_000).unref();
  });
}
