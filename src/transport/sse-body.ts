const encoder = new TextEncoder();

/**
 * The body of the SSE response handed to the inner model for one streaming response. Events that
 * arrive in one socket read (ws delivers them one after another in the same task) are joined into one
 * chunk at the end of that task, so the SDK's stream pipeline runs once per read, as over HTTP, where
 * the body is read in chunks too, instead of once per event.
 */
export class SseBody {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private pending = '';
  private ended = false;

  /** `onCancel`: the consumer stopped reading. */
  constructor(onCancel: () => void) {
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => {
        this.ended = true;
        this.pending = '';
        onCancel();
      },
    });
  }

  /** Queues one event (its JSON text) for the current chunk. */
  push(json: string): void {
    if (this.ended) return;
    if (this.pending === '') queueMicrotask(() => this.flush());
    // A line break would end the data line early (a pretty-printed event, or text that could inject SSE
    // lines). In valid JSON raw line breaks are only whitespace between tokens, so a space keeps it equal.
    const line = json.includes('\n') || json.includes('\r') ? json.replace(/\r\n|\r|\n/g, ' ') : json;
    this.pending += `data: ${line}\n\n`;
  }

  /** Sends what is queued and ends the body. */
  close(): void {
    if (this.ended) return;
    this.flush();
    this.ended = true;
    this.controller.close();
  }

  /** Ends the body with an error (a stream's error discards what the reader has not taken yet). */
  error(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.pending = '';
    this.controller.error(error);
  }

  private flush(): void {
    if (this.pending === '' || this.ended) return;
    this.controller.enqueue(encoder.encode(this.pending));
    this.pending = '';
  }
}
