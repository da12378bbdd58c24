/**
 * Runs callbacks after a fixed delay, in the order they were queued: injected network latency must not
 * reorder frames. With no delay the callback runs at once. Clearing drops everything still pending.
 */
export class DelayQueue {
  private readonly timers = new Set<NodeJS.Timeout>();
  private lastDue = 0;

  constructor(private readonly delayMs: () => number) {}

  push(callback: () => void): void {
    const delay = this.delayMs();
    if (delay <= 0 && this.timers.size === 0) {
      callback();
      return;
    }
    const due = Math.max(Date.now() + delay, this.lastDue);
    this.lastDue = due;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, due - Date.now());
    this.timers.add(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
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
