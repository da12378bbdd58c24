import { describe, expect, it } from 'vitest';
import { DelayQueue } from '../../src/testing/delay-queue';

/** Keeps the event loop busy, so its cached clock falls behind `Date.now()`, as under load. */
function busyFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {}
}

describe('DelayQueue (injected latency)', () => {
  it('keeps frames in order when the event loop is busy between them', async () => {
    const delays = [50, 1, 1];
    const queue = new DelayQueue(() => delays.shift() ?? 1);
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      queue.push(() => order.push('a'));
      busyFor(10);
      queue.push(() => order.push('b'));
      busyFor(10);
      queue.push(() => {
        order.push('c');
        resolve();
      });
    });
    await done;
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('delays each frame by at least its latency, and clear() drops what is pending', async () => {
    const queue = new DelayQueue(() => 30);
    const ran: number[] = [];
    const start = Date.now();
    queue.push(() => ran.push(Date.now() - start));
    await new Promise((resolve) => setTimeout(resolve, 60));
    queue.push(() => ran.push(-1));
    queue.clear();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ran).toHaveLength(1);
    expect(ran[0]).toBeGreaterThanOrEqual(29);
  });
});
