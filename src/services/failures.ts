// Scheduled work never lets one contract stop the others: a step that fails for one renewal cycle
// or contract is recorded with its error, retried with backoff, and told to staff once, while
// every other due step goes on. The step's own transaction rolled back; this records the failure
// in a transaction of its own.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { renewalCycles, scheduledFailures } from '../db/schema.js';
import { alertStaff } from './outbox.js';

export type FailedStep = 'cycle' | 'ending';

export interface StepTarget {
  step: FailedStep;
  /** The cycle's id or the contract's id. */
  subject: string;
  /** The contract concerned; for a cycle, found from it when not given. */
  contractId?: string | null;
  cycleId?: number | null;
}

export interface StepFailure {
  step: FailedStep;
  contractId: string | null;
  cycleId: number | null;
  error: string;
  attempts: number;
  firstFailedAt: string;
  retryAt: string;
}

/** The first retry comes this soon after a failure; each later one waits twice as long, at most an hour. */
export const FIRST_RETRY_MS = 10_000;
export const LONGEST_RETRY_MS = 3_600_000;

/** How long after its `attempts`-th failure a step is tried again. */
export const retryDelayMs = (attempts: number) =>
  Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);

/**
 * An error's message as staff read it: the innermost cause (PostgreSQL's own words, not the
 * query and its parameters that drizzle wraps them in), one paragraph, a few hundred characters.
 */
function errorText(e: unknown): string {
  let inner = e;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  return (
    (inner instanceof Error ? inner.message : String(inner)).replace(/\s+/g, ' ').trim().slice(0, 500) ||
    'unknown error'
  );
}

/**
 * Records that a step failed: a first failure opens a row and alerts staff (once, by its key); a
 * later one counts the attempt. The step is next tried at the backoff's instant: a cycle is due
 * then (its index), an ending is held back from the due endings until then.
 */
export async function recordFailure(db: Db, target: StepTarget, error: unknown, now: Date): Promise<StepFailure> {
  const message = errorText(error);
  return db.transaction(async (tx) => {
    let contractId = target.contractId ?? null;
    if (contractId === null && target.cycleId) {
      const [cycle] = await tx
        .select({ contractId: renewalCycles.contractId })
        .from(renewalCycles)
        .where(eq(renewalCycles.id, target.cycleId));
      contractId = cycle?.contractId ?? null;
    }
    const [row] = await tx
      .insert(scheduledFailures)
      .values({
        step: target.step,
        subject: target.subject,
        contractId,
        cycleId: target.cycleId ?? null,
        error: message,
        attempts: 1,
        firstFailedAt: now,
        lastFailedAt: now,
        retryAt: new Date(now.getTime() + retryDelayMs(1)),
      })
      .onConflictDoUpdate({
        target: [scheduledFailures.step, scheduledFailures.subject],
        targetWhere: sql`${scheduledFailures.resolvedAt} is null`,
        set: {
          error: message,
          attempts: sql`${scheduledFailures.attempts} + 1`,
          lastFailedAt: now,
          retryAt: sql`${now.toISOString()}::timestamptz + least(${FIRST_RETRY_MS}::float8 * power(2, ${scheduledFailures.attempts}), ${LONGEST_RETRY_MS}::float8) * interval '1 millisecond'`,
        },
      })
      .returning();
    const f = row!;
    if (target.step === 'cycle' && target.cycleId)
      await tx.update(renewalCycles).set({ dueAt: f.retryAt }).where(eq(renewalCycles.id, target.cycleId));
    await alertStaff(
      tx,
      `step-failed:${f.id}`,
      { kind: 'scheduled-step-failed', contractId, cycleId: target.cycleId ?? null, detail: message },
      now,
    );
    return toFailure(f);
  });
}

/** The step succeeded: its open failure, if any, is resolved. */
export async function resolveFailure(q: Queryable, step: FailedStep, subject: string, now: Date): Promise<void> {
  await q
    .update(scheduledFailures)
    .set({ resolvedAt: now })
    .where(
      and(
        eq(scheduledFailures.step, step),
        eq(scheduledFailures.subject, subject),
        isNull(scheduledFailures.resolvedAt),
      ),
    );
}

/** Steps failing now (not yet resolved), oldest first. */
export async function openFailures(q: Queryable, limit = 100): Promise<StepFailure[]> {
  const rows = await q
    .select()
    .from(scheduledFailures)
    .where(isNull(scheduledFailures.resolvedAt))
    .orderBy(asc(scheduledFailures.firstFailedAt), asc(scheduledFailures.id))
    .limit(limit);
  return rows.map(toFailure);
}

function toFailure(f: typeof scheduledFailures.$inferSelect): StepFailure {
  return {
    step: f.step as FailedStep,
    contractId: f.contractId,
    cycleId: f.cycleId,
    error: f.error,
    attempts: f.attempts,
    firstFailedAt: f.firstFailedAt.toISOString(),
    retryAt: f.retryAt.toISOString(),
  };
}

/**
 * Runs one step; if it throws, records the failure instead of letting it stop the others. When
 * the failure cannot even be recorded (the database is gone), the error goes on up.
 */
export async function isolated<T>(
  db: Db,
  target: StepTarget,
  now: Date,
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; failure: StepFailure }> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    return { ok: false, failure: await recordFailure(db, target, e, now) };
  }
}
