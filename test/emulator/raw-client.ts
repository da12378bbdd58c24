import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import type { ResponsesEmulator } from '../../src/testing';

export type Frame =
  | { kind: 'json'; event: Record<string, unknown> }
  | { kind: 'text'; text: string }
  | { kind: 'binary' };

/** A bare `ws` client that records every frame, for frame-level assertions. */
export interface RawClient {
  readonly frames: Frame[];
  /** `performance.now()` when each frame arrived, index for index with `frames`. */
  readonly arrivals: number[];
  send(frame: unknown): void;
  /** Resolves with the events up to and including the next terminal event after `from`. */
  untilTerminal(from?: number): Promise<Array<Record<string, unknown>>>;
  waitFrames(count: number): Promise<void>;
  readonly closed: Promise<{ code: number }>;
  close(): void;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

export async function connectRaw(
  emulator: Pick<ResponsesEmulator, 'wsURL'>,
  headers: Record<string, string> = { Authorization: 'Bearer sk-raw' },
): Promise<RawClient> {
  const socket = new WebSocket(emulator.wsURL, { headers });
  const frames: Frame[] = [];
  const arrivals: number[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data, isBinary) => {
    arrivals.push(performance.now());
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
    arrivals,
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

/** A `response.create` frame: the flattened request body beside `type`. */
export const responseCreate = (fields: Record<string, unknown>) => ({
  type: 'response.create',
  model: 'gpt-5.4',
  ...fields,
});

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

export interface RawHttpAnswer {
  /** Undefined when the connection was dropped before any answer. */
  readonly status: number | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
  /** The body arrived whole (false: the connection was cut mid-body, or before any answer). */
  readonly complete: boolean;
}

/** A `POST /v1/responses` on its own connection that reports a cut connection instead of throwing. */
export function postRaw(
  emulator: ResponsesEmulator,
  body: unknown,
  headers: Record<string, string> = { authorization: 'Bearer sk-raw' },
): Promise<RawHttpAnswer> {
  return new Promise((resolve) => {
    const request = httpRequest(`${emulator.baseURL}/responses`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', ...headers },
    });
    request.on('error', () =>
      resolve({ status: undefined, contentType: undefined, body: '', complete: false }),
    );
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('close', () =>
        resolve({
          status: response.statusCode,
          contentType: response.headers['content-type'],
          body: text,
          complete: response.complete,
        }),
      );
    });
    request.end(JSON.stringify(body));
  });
}

export interface JsonAnswer {
  readonly status: number;
  /** The parsed JSON body (these tests read it loosely, as a caller of the plain API would). */
  readonly body: any;
}

/** A request to the emulator's HTTP API with plain `fetch`: `body`, if any, sent as JSON. */
export async function requestJson(
  url: string,
  { method, body, apiKey = 'sk-raw' }: { method?: string; body?: unknown; apiKey?: string } = {},
): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${apiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** An SSE body as its blocks: the `event:` line (if any) and the parsed `data:` line of each. */
export function sseBlocks(body: string): Array<{ event: string | undefined; data: Record<string, unknown> }> {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const field = (name: string) =>
        lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
      return { event: field('event'), data: JSON.parse(field('data') ?? 'null') };
    });
}
