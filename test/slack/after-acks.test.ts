// The work after an ack waits while requests keep coming in, and never longer than its bound; the
// clock a listener goes on with is the request's.
import { describe, expect, it } from 'vitest';
import { afterAck, type AppDeps } from '../../commands/context.js';
import { AckFirst, ackFirst } from '../../src/slack/after-acks.js';

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
    const q = new AckFirst(300, 60_000);
    let gone = false;
    const waited = q.afterAcks().then(() => (gone = true));
    await busyFor(q, 700);
    expect(gone).toBe(false);
    const quietFrom = performance.now();
    await waited;
    expect(performance.now() - quietFrom).toBeGreaterThanOrEqual(290);
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

describe('AckFirst: work handed over', () => {
  it('runs it in its turn, gives its error to the sink, and settle lets what waits go and waits for it', async () => {
    const q = new AckFirst(60_000, 60_000);
    const done: string[] = [];
    const errors: unknown[] = [];
    q.run(
      async () => {
        await new Promise((r) => setTimeout(r, 50));
        done.push('slow');
      },
      (e) => errors.push(e),
    );
    q.run(
      async () => {
        throw new Error('broke');
      },
      (e) => errors.push(e),
    );
    q.run(
      async () => void done.push('quick'),
      () => {
        throw new Error('the sink broke too');
      },
    );
    // Nothing has gone yet: the quiet time is a minute.
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toEqual([]);
    expect(await q.settle()).toBe(0);
    expect(done.sort()).toEqual(['quick', 'slow']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['broke']);
    expect(q.waitingCount).toBe(0);
  });
});

describe('AckFirst: work that may not wait, and a stop that cannot wait for ever', () => {
  it('runs work that may not wait at once, however busy', async () => {
    const q = new AckFirst(60_000, 60_000);
    q.requestArrived();
    let ran = false;
    q.run(
      async () => void (ran = true),
      () => {},
      { waits: false },
    );
    await new Promise((r) => setImmediate(r));
    expect(ran).toBe(true);
  });

  it('settle gives up on work still running after its time, and says how much', async () => {
    const q = new AckFirst(5, 60_000);
    let release: () => void = () => {};
    q.run(
      () => new Promise<void>((r) => (release = r)),
      () => {},
    );
    expect(await q.settle(50)).toBe(1);
    release();
    expect(await q.settle(1_000)).toBe(0);
  });
});

describe('afterAck: the work after a listener’s ack', () => {
  it('goes on with the clock stopped at the request’s arrival, and its error goes with the delivery’s id', async () => {
    let ticks = 0;
    const failures: [string, string | undefined][] = [];
    const deps = {
      clock: () => new Date(Date.UTC(2027, 2, 31, 14, 59, 59, 500) + 1_000 * ticks++),
      failed: (e: unknown, delivery: string | undefined) => failures.push([(e as Error).message, delivery]),
    } as unknown as AppDeps;
    const seen: string[] = [];
    afterAck(deps, '/cert:123.456', async (now) => {
      seen.push(now.clock().toISOString());
      await new Promise((r) => setTimeout(r, 30));
      seen.push(now.clock().toISOString());
      throw new Error('the subcommand failed');
    });
    await ackFirst.settle();
    expect(seen).toEqual(['2027-03-31T14:59:59.500Z', '2027-03-31T14:59:59.500Z']);
    expect(failures).toEqual([['the subcommand failed', '/cert:123.456']]);
  });
});
