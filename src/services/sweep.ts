// What is due at an instant, found from PostgreSQL by index: renewal cycles whose next step has
// come, contracts whose end date has come, messages not yet delivered, and the staff digest. The
// workers and `certdesk sweep` both start here; Redis only ever holds a copy of this list.
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { certificates, contracts, contractTerms, customers, outbox, renewalAnswers, renewalCycles, renewalNotices, schedulerState } from '../db/schema.js';
import { jstDateOf, jstInstantAt } from '../domain/dates.js';
import type { RenewalPolicy } from '../domain/renewal.js';
import { nextStep } from '../domain/schedule.js';
import { dueCycles, withFacts, type CycleContext, type StepDone } from './cycles.js';
import { dueEndings, settleContractEnd } from './endings.js';
import { enqueueMessage, pendingMessages } from './outbox.js';

export interface DueWork {
  cycles: { id: number; dueAt: Date }[];
  endings: string[];
  messages: number[];
}

/** How many of each the sweep takes at once; the rest waits for the next run (a minute later). */
export const SWEEP_BATCH = 5_000;

/**
 * When the renewal policy changes (notice days, reply days, notice hour), every cycle's due
 * instant was computed under the old one: look at each again.
 */
export async function reschedulePolicy(db: Db, policy: RenewalPolicy, now: Date): Promise<boolean> {
  const value = JSON.stringify({ noticeDays: [...policy.noticeDays].sort((a, b) => b - a), replyDays: policy.replyDays, noticeHour: policy.noticeHour, late: policy.lateNoticeReplyDays });
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(schedulerState).where(eq(schedulerState.key, 'renewal-policy')).for('update');
    if (row?.value === value) return false;
    await tx.execute(sql`update renewal_cycles set due_at = ${now.toISOString()}::timestamptz where outcome is null and held_at is null`);
    await tx.insert(schedulerState).values({ key: 'renewal-policy', value, updatedAt: now }).onConflictDoUpdate({ target: schedulerState.key, set: { value, updatedAt: now } });
    return row !== undefined;
  });
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
  const rows = await q.execute<{ id: string }>(sql`select id from outbox where status = 'pending' and id > ${afterId} order by id limit ${limit}`);
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
  return (await enqueueMessage(db, { key, view: 'staff-digest', data: { date: today.toString() }, channel: null }, now)) !== undefined;
}

/** Ends a contract whose end date has come (Art. 8, 9), telling its channel. */
export async function endDueContract(db: Db, contractId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => (await settleContractEnd(tx, contractId, now)).endedNow);
}

export interface PlannedStep {
  cycleId: number;
  contractId: string;
  step: StepDone['step'];
  detail?: string;
}

/**
 * What loadCycle reads, for many cycles at once: four queries however many cycles, so looking at
 * the due work costs the same whatever the number of contracts. Cycles that do not exist are absent.
 */
export async function loadCycles(q: Queryable, cycleIds: readonly number[]): Promise<Map<number, CycleContext>> {
  const out = new Map<number, CycleContext>();
  if (cycleIds.length === 0) return out;
  const ids = [...new Set(cycleIds)];
  const rows = await q
    .select({ cycle: renewalCycles, contract: contracts, term: contractTerms, customer: customers })
    .from(renewalCycles)
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(inArray(renewalCycles.id, ids));
  if (rows.length === 0) return out;
  const found = rows.map((r) => r.cycle.id);
  const contractIds = [...new Set(rows.map((r) => r.contract.id))];
  const notices = await q.select().from(renewalNotices).where(inArray(renewalNotices.cycleId, found)).orderBy(asc(renewalNotices.id));
  // The accepted answer in force per cycle: the latest.
  const answers = await q
    .selectDistinctOn([renewalAnswers.cycleId])
    .from(renewalAnswers)
    .where(and(inArray(renewalAnswers.cycleId, found), eq(renewalAnswers.accepted, true)))
    .orderBy(renewalAnswers.cycleId, desc(renewalAnswers.answeredAt), desc(renewalAnswers.id));
  // Category III: a certificate accepted for the next term waits, attached to no term yet.
  const waiting = await q
    .selectDistinctOn([certificates.contractId], { id: certificates.id, contractId: certificates.contractId })
    .from(certificates)
    .where(and(inArray(certificates.contractId, contractIds), isNull(certificates.contractTermId), eq(certificates.source, 'uploaded')))
    .orderBy(certificates.contractId, asc(certificates.id));
  const noticesOf = new Map<number, (typeof notices)[number][]>();
  for (const n of notices) noticesOf.set(n.cycleId, [...(noticesOf.get(n.cycleId) ?? []), n]);
  const answerOf = new Map(answers.map((a) => [a.cycleId, a]));
  const waitingOf = new Map(waiting.map((c) => [c.contractId, c.id]));
  for (const row of rows) out.set(row.cycle.id, withFacts(row, noticesOf.get(row.cycle.id) ?? [], answerOf.get(row.cycle.id) ?? null, waitingOf.get(row.contract.id) ?? null));
  return out;
}

/** What processing the due cycles would do now, without doing it (`sweep --dry-run`). */
export async function planCycles(db: Db, cycleIds: readonly number[], now: Date, policy: RenewalPolicy): Promise<PlannedStep[]> {
  const plan: PlannedStep[] = [];
  const loaded = await loadCycles(db, cycleIds);
  for (const id of cycleIds) {
    const ctx = loaded.get(id);
    if (!ctx || ctx.contract.status !== 'active') continue;
    const step = nextStep(ctx.facts, now, policy);
    if (!step) continue;
    const detail = step.kind === 'notice' ? `${step.notice.noticeDays}${step.notice.late ? ' late' : ''}` : step.kind === 'deadline' ? step.outcome.kind : undefined;
    plan.push({ cycleId: id, contractId: ctx.contract.id, step: step.kind, detail });
  }
  return plan;
}
