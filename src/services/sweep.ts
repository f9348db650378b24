// What is due at an instant, found from PostgreSQL by index: renewal cycles whose next step has
// come, contracts whose end date has come, messages not yet delivered, and the staff digest. The
// workers and `certdesk sweep` both start here; Redis only ever holds a copy of this list.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox, schedulerState } from '../db/schema.js';
import { jstDateOf, jstInstantAt } from '../domain/dates.js';
import type { RenewalPolicy } from '../domain/renewal.js';
import { nextStep } from '../domain/schedule.js';
import { dueCycles, loadCycle, type StepDone } from './cycles.js';
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

/** What processing the due cycles would do now, without doing it (`sweep --dry-run`). */
export async function planCycles(db: Db, cycleIds: readonly number[], now: Date, policy: RenewalPolicy): Promise<PlannedStep[]> {
  const plan: PlannedStep[] = [];
  for (const id of cycleIds) {
    const ctx = await loadCycle(db, id);
    if (!ctx || ctx.contract.status !== 'active') continue;
    const step = nextStep(ctx.facts, now, policy);
    if (!step) continue;
    const detail = step.kind === 'notice' ? `${step.notice.noticeDays}${step.notice.late ? ' late' : ''}` : step.kind === 'deadline' ? step.outcome.kind : undefined;
    plan.push({ cycleId: id, contractId: ctx.contract.id, step: step.kind, detail });
  }
  return plan;
}
