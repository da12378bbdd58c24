import WebSocket from 'ws';

export type ServerEvent = Record<string, unknown>;

/** The events that end a response. */
export const TERMINAL_EVENTS: ReadonlySet<string> = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
]);

export const isTerminal = (event: ServerEvent) => TERMINAL_EVENTS.has(String(event.type));

/** A bare WebSocket-mode client for one host: it sends frames and records every event, in order. */
export interface HostSocket {
  /** Every JSON event received, in arrival order. */
  readonly events: readonly ServerEvent[];
  /** Frames that were not a JSON object in a text frame. */
  readonly otherFrames: number;
  send(frame: unknown): void;
  /**
   * Resolves once `done(events)` holds. Rejects when the socket closes first, or at the host's deadline
   * (a guard against a host that never answers, not a measurement).
   */
  waitUntil(done: (events: readonly ServerEvent[]) => boolean, what: string): Promise<void>;
  /** Sends `frame`, then resolves with the events from it up to and including the next terminal event. */
  exchange(frame: unknown): Promise<ServerEvent[]>;
  /** Closes the socket and waits for it to be closed (terminated if the close handshake stalls). */
  close(): Promise<void>;
}

export async function connectHost(
  url: string,
  headers: Readonly<Record<string, string>>,
  deadlineMs: number,
): Promise<HostSocket> {
  // As the official `openai` client: no compression, no payload limit.
  const socket = new WebSocket(url, { headers: { ...headers }, perMessageDeflate: false, maxPayload: 0 });
  const events: ServerEvent[] = [];
  let otherFrames = 0;
  let closeCode: number | undefined;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  socket.on('message', (data, isBinary) => {
    if (isBinary) otherFrames++;
    else {
      try {
        const parsed: unknown = JSON.parse(String(data));
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          events.push(parsed as ServerEvent);
        else otherFrames++;
      } catch {
        otherFrames++;
      }
    }
    notify();
  });
  const closed = new Promise<void>((resolve) =>
    socket.on('close', (code) => {
      closeCode = code;
      notify();
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no answer to the upgrade within ${deadlineMs} ms`));
    }, deadlineMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      socket.terminate();
      reject(
        new Error(`upgrade refused: HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim()),
      );
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`upgrade failed: ${error.message}`));
    });
  });
  // Errors after the upgrade show up as a close, which the waits report.
  socket.on('error', () => {});

  const waitUntil = (done: (events: readonly ServerEvent[]) => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        listeners.delete(check);
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (done(events)) finish();
        else if (closeCode !== undefined)
          finish(new Error(`the socket closed (${closeCode}) before ${what}, after ${events.length} events`));
      };
      const timer = setTimeout(
        () => finish(new Error(`no ${what} within ${deadlineMs} ms (${events.length} events so far)`)),
        deadlineMs,
      );
      listeners.add(check);
      check();
    });

  const send = (frame: unknown) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));

  return {
    events,
    get otherFrames() {
      return otherFrames;
    },
    send,
    waitUntil,
    exchange: async (frame) => {
      const from = events.length;
      send(frame);
      await waitUntil((all) => all.slice(from).some(isTerminal), 'terminal event');
      const end = events.findIndex((event, index) => index >= from && isTerminal(event));
      return events.slice(from, end + 1);
    },
    close: async () => {
      if (closeCode !== undefined) return;
      socket.close();
      const stalled = setTimeout(() => socket.terminate(), 2_000);
      await closed;
      clearTimeout(stalled);
    },
  };
}
