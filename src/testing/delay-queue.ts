/**
 * Runs callbacks after a fixed delay, in the order they were queued: injected network latency must not
 * reorder frames. With no delay the callback runs at once. Clearing drops everything still pending.
 *
 * One timer serves the queue's head. A timer per frame would reorder frames under load: Node starts a
 * timer from the event loop's cached clock, not from `Date.now()`, so two timers set with different
 * remaining delays in a busy tick can fire out of order.
 */
export class DelayQueue {
  private readonly queue: Array<{ readonly due: number; readonly callback: () => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly delayMs: () => number) {}

  push(callback: () => void): void {
    const delay = this.delayMs();
    if (delay <= 0 && this.queue.length === 0) {
      callback();
      return;
    }
    const last = this.queue.at(-1)?.due ?? 0;
    this.queue.push({ due: Math.max(Date.now() + delay, last), callback });
    if (this.timer === undefined) this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private arm(): void {
    const head = this.queue[0];
    if (head === undefined) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, head.due - Date.now()));
  }

  private flush(): void {
    this.timer = undefined;
    try {
      while (this.queue.length > 0 && this.queue[0]!.due <= Date.now()) {
        // A callback may clear the queue (a close drops what is still in flight).
        this.queue.shift()!.callback();
      }
    } finally {
      if (this.timer === undefined) this.arm();
    }
  }
}

/** A sleep that ends early when `cancelled` resolves; timers never outlive the emulator. */
export function sleep(ms: number, cancelled: Promise<void>): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
    cancelled,
  ]).finally(() => clearTimeout(timer));
}
