// What is due at an instant, found from PostgreSQL by index: renewal cycles whose next step has
// come, contracts whose end date has come, messages not yet delivered, and the staff digest. The
// workers and `certdesk sweep` both start here; Redis only ever holds a copy of this list.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client.js';
import { statement } from '../db/statement.js';
import { contracts, contractTerms, outbox, renewalCycles, schedulerState } from '../db/schema.js';
import { jstDateOf, jstInstantAt } from '../domain/dates.js';
import type { RenewalPolicy } from '../domain/renewal.js';
import type { CycleFacts } from '../domain/schedule.js';
import { nextStep } from '../domain/schedule.js';
import { dueCycles, factColumns, factsOfRow, type StepDone } from './cycles.js';
import { dueEndings, settleContractEnd } from './endings.js';
import { resolveFailure } from './failures.js';
import { enqueueMessage, pendingMessages } from './outbox.js';

export interface DueWork {
  cycles: { id: number; dueAt: Date }[];
  endings: string[];
  messages: number[];
}

/** How many of each the sweep takes at once; the rest waits for the next run (a minute later). */
export const SWEEP_BATCH = 5_000;

/**
 * When the renewal policy changes (notice days, reply days, notice hour, reminder days), every cycle's due
 * instant was computed under the old one: look at each again.
 */
export async function reschedulePolicy(db: Db, policy: RenewalPolicy, now: Date): Promise<boolean> {
  const value = policyRecord(policy);
  // Almost always the policy on record: a read, without a transaction that locks (and so writes) its row.
  const [recorded] = await db.select().from(schedulerState).where(eq(schedulerState.key, 'renewal-policy'));
  if (recorded?.value === value) return false;
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(schedulerState).where(eq(schedulerState.key, 'renewal-policy')).for('update');
    if (row?.value === value) return false;
    await tx.execute(
      sql`update renewal_cycles set due_at = ${now.toISOString()}::timestamptz where outcome is null and held_at is null`,
    );
    await tx
      .insert(schedulerState)
      .values({ key: 'renewal-policy', value, updatedAt: now })
      .onConflictDoUpdate({ target: schedulerState.key, set: { value, updatedAt: now } });
    return row !== undefined;
  });
}

/** The renewal policy as scheduler_state records it: the due instants on record were computed under it. */
function policyRecord(policy: RenewalPolicy): string {
  return JSON.stringify({
    noticeDays: [...policy.noticeDays].sort((a, b) => b - a),
    replyDays: policy.replyDays,
    noticeHour: policy.noticeHour,
    late: policy.lateNoticeReplyDays,
    reminderDays: policy.reminderDays,
  });
}

/**
 * Cycles a transaction scheduled (an import) under `policy`, reconciled with the policy on record
 * before it commits. With none on record yet, `policy` is recorded and every other open cycle is
 * made due (as the first sweep would make them all), so the first sweep after an import of many
 * contracts reads only those whose notices have come. With another policy on record, the
 * transaction's cycles are made due now, for a sweep to schedule under the policy it runs with.
 * The policy's row stays locked until the transaction ends (a sweep changing it waits).
 */
export async function scheduledUnder(tx: Tx, policy: RenewalPolicy, cycleIds: readonly number[], now: Date) {
  if (cycleIds.length === 0) return;
  const value = policyRecord(policy);
  const ids = `{${cycleIds.join(',')}}`;
  const inserted = await tx
    .insert(schedulerState)
    .values({ key: 'renewal-policy', value, updatedAt: now })
    .onConflictDoNothing()
    .returning({ key: schedulerState.key });
  if (inserted.length > 0) {
    await tx.execute(sql`update renewal_cycles set due_at = ${now.toISOString()}::timestamptz
      where outcome is null and held_at is null and id <> all(${ids}::bigint[])`);
    return;
  }
  const [row] = await tx.select().from(schedulerState).where(eq(schedulerState.key, 'renewal-policy')).for('share');
  if (row?.value !== value)
    await tx.execute(
      sql`update renewal_cycles set due_at = ${now.toISOString()}::timestamptz where id = any(${ids}::bigint[])`,
    );
}

export async function findDueWork(db: Db, now: Date, limit = SWEEP_BATCH): Promise<DueWork> {
  return {
    cycles: await dueCycles(db, now, limit),
    endings: await dueEndings(db, now, limit),
    messages: await pendingMessages(db, limit),
  };
}

/** Messages waiting to be delivered after the one with id `afterId`, oldest first (by the pending index). */
export async function pendingMessagesAfter(q: Queryable, afterId: number, limit = SWEEP_BATCH): Promise<number[]> {
  const rows = await q.execute<{ id: string }>(
    sql`select id from outbox where status = 'pending' and (grouped_with is null or grouped_with = id) and id > ${afterId} order by id limit ${limit}`,
  );
  return [...rows].map((r) => Number(r.id));
}

/** How many batches of messages one sweep queues at most (the rest waits for the next sweep). */
export const MESSAGE_PAGES = 20;

/**
 * A random name of this database, made once: job ids carry it, so a database restored or made
 * anew never meets the finished jobs of another in the same Redis (ids would repeat).
 */
export async function databaseInstance(db: Db, now: Date): Promise<string> {
  const fresh = randomBytes(4).toString('hex');
  await db.insert(schedulerState).values({ key: 'instance', value: fresh, updatedAt: now }).onConflictDoNothing();
  const [row] = await db.select().from(schedulerState).where(eq(schedulerState.key, 'instance'));
  return row!.value;
}

/** The staff digest of the day is due from the notice hour on (once a day). */
export async function enqueueDigest(db: Db, now: Date, policy: RenewalPolicy): Promise<boolean> {
  const today = jstDateOf(now);
  if (now.getTime() < jstInstantAt(today, policy.noticeHour).getTime()) return false;
  const key = `digest:${today}`;
  const [exists] = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.key, key));
  if (exists) return false;
  return (
    (await enqueueMessage(db, { key, view: 'staff-digest', data: { date: today.toString() }, channel: null }, now)) !==
    undefined
  );
}

/** Ends a contract whose end date has come (Art. 8, 9), telling its channel. */
export async function endDueContract(db: Db, contractId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ended = (await settleContractEnd(tx, contractId, now)).endedNow;
    await resolveFailure(tx, 'ending', contractId, now);
    return ended;
  });
}

export interface PlannedStep {
  cycleId: number;
  contractId: string;
  step: StepDone['step'];
  detail?: string;
}

/**
 * The facts of the cycles due by an instant, earliest first, and no more: what `sweep --dry-run`
 * decides from. One statement (one snapshot), reading only the columns the rules read, with each
 * cycle's notices, answer in force and waiting certificate gathered per cycle in PostgreSQL.
 */
export async function dueFacts(
  q: Queryable,
  dueBy: Date,
  limit: number,
): Promise<{ cycleId: number; contractId: string; status: string; facts: CycleFacts }[]> {
  const rows = await dueFactsQuery.execute(q, { dueBy: dueBy.toISOString(), limit });
  return rows.map((r) => ({ cycleId: r.cycleId, contractId: r.contractId, status: r.status, facts: factsOfRow(r) }));
}

/** dueFacts's statement, built once per process. */
const dueFactsQuery = statement((q) => {
  const c = renewalCycles;
  return q
    .select(factColumns())
    .from(c)
    .innerJoin(contracts, eq(contracts.id, c.contractId))
    .innerJoin(contractTerms, eq(contractTerms.id, c.contractTermId))
    .where(and(isNotNull(c.dueAt), sql`${c.dueAt} <= ${sql.placeholder('dueBy')}::timestamptz`))
    .orderBy(asc(c.dueAt), asc(c.id))
    .limit(sql.placeholder('limit'))
    .prepare('certdesk_due_facts');
});

/** What processing the due cycles would do now, without doing it (`sweep --dry-run`), in due order. */
export async function planCycles(
  db: Db,
  now: Date,
  policy: RenewalPolicy,
  limit = SWEEP_BATCH,
): Promise<PlannedStep[]> {
  const plan: PlannedStep[] = [];
  for (const { cycleId, contractId, status, facts } of await dueFacts(db, now, limit)) {
    if (status !== 'active') continue;
    const step = nextStep(facts, now, policy);
    if (!step) continue;
    const detail =
      step.kind === 'notice'
        ? `${step.notice.noticeDays}${step.notice.late ? ' late' : ''}`
        : step.kind === 'deadline'
          ? step.outcome.kind
          : step.kind === 'remind'
            ? facts.replyDeadline?.toString()
            : undefined;
    plan.push({ cycleId, contractId, step: step.kind, detail });
  }
  return plan;
}
