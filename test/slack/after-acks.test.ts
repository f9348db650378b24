// The work after an ack waits while requests keep coming in, and never longer than its bound; the
// clock a listener goes on with is the request's.
import { describe, expect, it } from 'vitest';
import { afterAck, type AppDeps } from '../../commands/context.js';
import { AckFirst } from '../../src/slack/after-acks.js';

/** Says a request came in on every turn of the event loop for `ms`. */
async function busyFor(q: AckFirst, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    q.requestArrived();
    await new Promise((r) => setImmediate(r));
  }
}

describe('AckFirst: the work after the ack', () => {
  it('waits while requests keep coming in, and goes on once none has come for the quiet time', async () => {
    const q = new AckFirst(100, 60_000);
    let gone = false;
    const waited = q.afterAcks().then(() => (gone = true));
    await busyFor(q, 400);
    expect(gone).toBe(false);
    const quietFrom = performance.now();
    await waited;
    expect(performance.now() - quietFrom).toBeGreaterThanOrEqual(90);
  });

  it('goes on after its longest wait even while requests keep coming in', async () => {
    const q = new AckFirst(100, 300);
    const started = performance.now();
    let goneAfter = Infinity;
    const waited = q.afterAcks().then(() => (goneAfter = performance.now() - started));
    await busyFor(q, 1_000);
    await waited;
    expect(goneAfter).toBeGreaterThanOrEqual(290);
    expect(goneAfter).toBeLessThan(1_000);
  });

  it('lets every waiter go, first come first, a few per turn', async () => {
    const q = new AckFirst(5, 60_000, 2);
    const order: number[] = [];
    const all = Array.from({ length: 9 }, (_, i) => q.afterAcks().then(() => order.push(i)));
    expect(q.waitingCount).toBe(9);
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(q.waitingCount).toBe(0);
  });
});

describe('afterAck: the clock a listener goes on with', () => {
  it('is the instant the request arrived, however long it waited', async () => {
    let ticks = 0;
    const deps = { clock: () => new Date(Date.UTC(2027, 2, 31, 14, 59, 59, 500) + 1_000 * ticks++) } as AppDeps;
    const after = await afterAck(deps);
    const at = after.clock().toISOString();
    expect(at).toBe('2027-03-31T14:59:59.500Z');
    expect(after.clock().toISOString()).toBe(at);
  });
});
