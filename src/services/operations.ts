// The state an operator watches, read from PostgreSQL for GET /metrics: each figure one query on
// an index (drizzle/0005_due_work_indexes.sql, drizzle/0009_metrics-indexes.sql), so a scrape
// never scans a table however many messages and cycles there are.
import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { schedulerState } from '../db/schema.js';

export interface OperationsSnapshot {
  /** Outbox messages not yet delivered, and those given up on (staff were told of each). */
  pending: number;
  failed: number;
  /** How long the oldest undelivered message has waited, by the clock given; 0 when none waits. */
  oldestPendingSeconds: number;
  /** Renewal cycles whose next step is due at that instant. */
  cyclesDue: number;
  /** Cycles held for staff (Art. 6: the expiry date came with no notice sent) and not yet settled. */
  cyclesHeld: number;
  /** The real time a sweep last finished, by any process; none before the first. */
  lastSweepAt: Date | null;
}

const LAST_SWEEP = 'last-sweep';

const count = async (q: Queryable, query: ReturnType<typeof sql>) =>
  Number([...(await q.execute<{ n: string }>(query))][0]?.n ?? 0);

export async function operationsSnapshot(q: Queryable, now: Date): Promise<OperationsSnapshot> {
  const at = now.toISOString();
  const [oldest] = [
    ...(await q.execute<{ created_at: string | Date }>(
      sql`select created_at from outbox where status = 'pending' order by id limit 1`,
    )),
  ];
  const [last] = await q.select().from(schedulerState).where(eq(schedulerState.key, LAST_SWEEP));
  const oldestAt = oldest ? new Date(oldest.created_at) : undefined;
  return {
    pending: await count(q, sql`select count(*) as n from outbox where status = 'pending'`),
    failed: await count(q, sql`select count(*) as n from outbox where status = 'failed'`),
    oldestPendingSeconds: oldestAt ? Math.max(0, (now.getTime() - oldestAt.getTime()) / 1000) : 0,
    cyclesDue: await count(
      q,
      sql`select count(*) as n from renewal_cycles where due_at is not null and due_at <= ${at}::timestamptz`,
    ),
    cyclesHeld: await count(
      q,
      sql`select count(*) as n from renewal_cycles where held_at is not null and outcome is null`,
    ),
    lastSweepAt: last ? new Date(last.value) : null,
  };
}

/** A sweep finished: `real` is the system clock's instant (alerts compare it with Prometheus's time), `now` the business clock's. */
export async function recordSweep(q: Queryable, now: Date, real: Date): Promise<void> {
  const value = real.toISOString();
  await q
    .insert(schedulerState)
    .values({ key: LAST_SWEEP, value, updatedAt: now })
    .onConflictDoUpdate({ target: schedulerState.key, set: { value, updatedAt: now } });
}
