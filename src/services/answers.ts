// Art. 6(2), 6(3): a customer's answer to a renewal notice — by button, by a reply in the notice's
// thread, or recorded by staff for the customer. The answer that arrived last before the deadline
// is the decision, whatever the order answers are recorded in (staff may record a phone call after
// a later button press); an answer and the deadline racing give one outcome (the cycle's row lock).
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client.js';
import { contracts, renewalAnswers, renewalCycles, renewalNotices, slackDeliveries } from '../db/schema.js';
import { addDays, isOnOrBefore, jstDateOf, jstInstantAt, jstWallClock, laterOf } from '../domain/dates.js';
import { acceptAnswer, type Answer } from '../domain/renewal.js';
import { outcomeOfAnswer, renews } from '../domain/schedule.js';
import { reason, refused, ok, type Decided } from '../domain/reasons.js';
import { audit, type Actor } from './audit.js';
import { loadCycle, recordOutcome, refreshNotices, type CycleContext } from './cycles.js';
import { settleContractEnd } from './endings.js';
import { reverseEntries, standingRenewalFees } from './ledger.js';
import { alertStaff, enqueueMessage } from './outbox.js';

export type AnswerVia = 'button' | 'thread' | 'staff' | 'cli';

export interface AnswerInput {
  cycleId: number;
  answer: Answer;
  /** Who answered: a Slack user id, or the command line's actor. */
  answeredBy: string;
  actor: Actor;
  via: AnswerVia;
  /** Staff recorded it for the customer. */
  actingForCustomer: boolean;
  /** The Slack delivery it came from: a retried delivery is recorded once. */
  deliveryId?: string;
  /** When the answer arrived, if before it is recorded (an answer by phone or on paper). */
  receivedAt?: Date;
}

export type AnswerResult =
  /** `corrected`: the answer arrived by the deadline but was recorded after the outcome, which is now the answer's. */
  | {
      kind: 'recorded';
      answerId: number;
      contractId: string;
      cycleId: number;
      replaced: Answer | null;
      settled: boolean;
      corrected?: boolean;
      reversed?: number;
    }
  /** It arrived by the deadline, but the renewed term has begun: staff settle it by hand, and are told. */
  | { kind: 'staff-alerted'; answerId: number; contractId: string; cycleId: number }
  | { kind: 'unchanged'; answerId: number; contractId: string; cycleId: number }
  /** Recorded, but an answer that arrived later stands. */
  | {
      kind: 'superseded';
      answerId: number;
      contractId: string;
      cycleId: number;
      standing: Answer;
      standingReceivedAt: Date;
    }
  | { kind: 'duplicate' };

const OUTCOME_WORDS = {
  renewed: { ja: '更新', en: 'the renewal' },
  'default-renewed': { ja: 'みなし更新', en: 'the default renewal' },
  ended: { ja: '更新しないこと', en: 'the non-renewal' },
  lapsed: { ja: '更新なしでの終了', en: 'the ending without renewal' },
} as const;

/**
 * Records an answer as of its arrival, or says why it does not count; `now` is when it is
 * recorded. Refused answers are kept as tried, and audited, too.
 */
export async function recordAnswer(db: Db, input: AnswerInput, now: Date): Promise<Decided<AnswerResult>> {
  const received = input.receivedAt ?? now;
  return db.transaction(async (tx) => {
    if (input.deliveryId) {
      const [fresh] = await tx
        .insert(slackDeliveries)
        .values({
          deliveryId: input.deliveryId,
          kind: `answer:${input.via}`,
          userId: input.answeredBy,
          receivedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (!fresh) return ok<AnswerResult>({ kind: 'duplicate' });
    }
    await tx
      .select({ id: renewalCycles.id })
      .from(renewalCycles)
      .where(eq(renewalCycles.id, input.cycleId))
      .for('update');
    const ctx = await loadCycle(tx, input.cycleId);
    if (!ctx) return refused<AnswerResult>(reason('Art. 6(2)', 'answer-before-notice'));
    const subject = `contract:${ctx.contract.id}`;
    const detail = {
      answer: input.answer,
      via: input.via,
      actingForCustomer: input.actingForCustomer,
      receivedAt: received.toISOString(),
    };
    if (arrivedInTimeAfterOutcome(ctx, received)) return correctOutcome(tx, ctx, input, received, now);
    const refusal = answerRefusal(ctx, received, now);
    if (refusal) {
      await tx.insert(renewalAnswers).values({ ...row(input, received), accepted: false, refusalCode: refusal.code });
      await audit(tx, now, input.actor, 'renewal.answer-refused', subject, {
        ...detail,
        refusal: refusal.code,
        article: refusal.article,
      });
      return refused<AnswerResult>(refusal);
    }
    const [answer] = await tx
      .insert(renewalAnswers)
      .values({ ...row(input, received), accepted: true })
      .returning({ id: renewalAnswers.id });
    const base = { answerId: answer!.id, contractId: ctx.contract.id, cycleId: ctx.cycle.id };
    const standing = ctx.answer;
    // An answer that arrived later than this one stands: this one is a fact, not the decision.
    if (standing && standing.answeredAt.getTime() > received.getTime()) {
      await audit(tx, now, input.actor, 'renewal.answer', subject, {
        ...detail,
        superseded: true,
        standing: standing.answer,
      });
      return ok<AnswerResult>({
        kind: 'superseded',
        ...base,
        standing: standing.answer as Answer,
        standingReceivedAt: standing.answeredAt,
      });
    }
    if (ctx.facts.answer === input.answer && ctx.cycle.decision === input.answer) {
      await audit(tx, now, input.actor, 'renewal.answer', subject, { ...detail, unchanged: true });
      return ok<AnswerResult>({ kind: 'unchanged', ...base });
    }
    await tx
      .update(renewalCycles)
      .set({ decision: input.answer, decidedAt: received, dueAt: now })
      .where(eq(renewalCycles.id, ctx.cycle.id));
    // "Don't renew" ends the contract on the expiry date (Art. 9(1)); "renew" after it takes that back.
    await settleContractEnd(tx, ctx.contract.id, now);
    let settled = false;
    // Held (no notice before expiry): the answer is the decision the cycle waited for — except that
    // category III renews only with the certificate the customer brings (Art. 6(3)): its upload settles it.
    if (ctx.cycle.heldAt && !(ctx.facts.category === 'III' && input.answer === 'renew')) {
      const fresh = (await loadCycle(tx, ctx.cycle.id))!;
      await recordOutcome(
        tx,
        fresh,
        input.answer === 'renew' ? 'renewed' : 'ended',
        now,
        input.answer === 'renew' ? jstDateOf(received) : undefined,
      );
      settled = true;
    } else {
      await refreshNotices(tx, ctx, `answer:${answer!.id}`, now);
    }
    await audit(tx, now, input.actor, 'renewal.answer', subject, { ...detail, replaced: ctx.facts.answer });
    return ok<AnswerResult>({ kind: 'recorded', ...base, replaced: ctx.facts.answer, settled });
  });
}

/**
 * An answer that arrived by the reply deadline, recorded after the deadline's outcome (staff
 * recording a phone call the next morning): Art. 6(2) assumes the renewal only when no word came.
 */
function arrivedInTimeAfterOutcome(ctx: CycleContext, received: Date): boolean {
  const { cycle, contract } = ctx;
  if (!cycle.outcome || cycle.heldAt || contract.status === 'ended' || !cycle.replyDeadline) return false;
  const firstNotice = ctx.notices.find((n) => n.sentAt)?.sentAt ?? null;
  return (
    acceptAnswer(received, { firstNoticeAt: firstNotice, replyDeadline: cycle.replyDeadline }).ok &&
    (!cycle.outcomeAt || received.getTime() < cycle.outcomeAt.getTime())
  );
}

/**
 * The outcome becomes the answer's, as new facts: the renewal's fees reversed by entries of the
 * opposite amount (Art. 10), or charged when it now renews; the channel and staff told. Once the
 * renewed term has begun, staff are alerted instead and settle it by hand.
 */
async function correctOutcome(
  tx: Tx,
  ctx: CycleContext,
  input: AnswerInput,
  received: Date,
  now: Date,
): Promise<Decided<AnswerResult>> {
  const { cycle, contract } = ctx;
  const subject = `contract:${contract.id}`;
  const recorded = cycle.outcome!;
  const detail = {
    answer: input.answer,
    via: input.via,
    actingForCustomer: input.actingForCustomer,
    receivedAt: received.toISOString(),
    recordedOutcome: recorded,
  };
  const [answer] = await tx
    .insert(renewalAnswers)
    .values({ ...row(input, received), accepted: true })
    .returning({ id: renewalAnswers.id });
  const base = { answerId: answer!.id, contractId: contract.id, cycleId: cycle.id };
  const standing = ctx.answer;
  if (standing && standing.answeredAt.getTime() > received.getTime()) {
    await audit(tx, now, input.actor, 'renewal.answer', subject, {
      ...detail,
      superseded: true,
      standing: standing.answer,
    });
    return ok<AnswerResult>({
      kind: 'superseded',
      ...base,
      standing: standing.answer as Answer,
      standingReceivedAt: standing.answeredAt,
    });
  }
  const begun = cycle.nextTermId !== null || now.getTime() >= jstInstantAt(addDays(cycle.expiryDate, 1), 0).getTime();
  const target = outcomeOfAnswer(ctx.facts.category, input.answer, recorded);
  if (target === recorded) {
    await audit(tx, now, input.actor, 'renewal.answer', subject, { ...detail, unchanged: true });
    return ok<AnswerResult>({ kind: 'unchanged', ...base });
  }
  if (begun) {
    await alertStaff(
      tx,
      `late-answer:${answer!.id}`,
      {
        kind: 'answer-after-term-began',
        contractId: contract.id,
        cycleId: cycle.id,
        detail: `${input.answer} ${jstWallClock(received)}`,
      },
      now,
    );
    await audit(tx, now, input.actor, 'renewal.answer', subject, { ...detail, termBegun: true, staffAlerted: true });
    return ok<AnswerResult>({ kind: 'staff-alerted', ...base });
  }
  const today = jstDateOf(now);
  const reversed =
    renews(recorded) && !renews(target)
      ? await reverseEntries(
          tx,
          await standingRenewalFees(tx, cycle.id),
          `renewal-cycle:${cycle.id}:reversal:${answer!.id}`,
          today,
          now,
        )
      : [];
  const reversedTotal = -reversed.reduce((sum, e) => sum + e.amount, 0);
  if (target === 'renewed' && !renews(recorded)) {
    // Fees of a renewal the contractor asked for: the day after the deadline, never before the day it is decided (Art. 10).
    const fresh = (await loadCycle(tx, cycle.id))!;
    await recordOutcome(
      tx,
      fresh,
      'renewed',
      now,
      laterOf(addDays(cycle.replyDeadline!, 1), today),
      `renewal-cycle:${cycle.id}:charge:${answer!.id}`,
    );
  } else {
    const decision = input.answer;
    await tx
      .update(renewalCycles)
      .set({
        outcome: target,
        outcomeAt: target ? now : null,
        decision,
        decidedAt: received,
        dueAt: now,
        ...(renews(target) ? {} : { feesAccrueOn: null }),
      })
      .where(eq(renewalCycles.id, cycle.id));
    await settleContractEnd(tx, contract.id, now);
    await refreshNotices(tx, ctx, `correction:${answer!.id}`, now);
  }
  const customerLocale = ctx.customer.locale === 'en' ? 'en' : 'ja';
  await enqueueMessage(
    tx,
    {
      key: `corrected:${answer!.id}`,
      view: 'renewal-corrected',
      data: {
        locale: customerLocale,
        commonName: contract.commonName,
        answer: input.answer,
        receivedAt: `${jstWallClock(received)} JST`,
        replyDeadline: cycle.replyDeadline!.toString(),
        expiryDate: cycle.expiryDate.toString(),
        outcome: target,
        reversed: reversedTotal,
      },
      channel: ctx.customer.slackChannel,
      contractId: contract.id,
    },
    now,
  );
  await alertStaff(
    tx,
    `corrected:${answer!.id}`,
    { kind: 'renewal-corrected', contractId: contract.id, cycleId: cycle.id, detail: String(reversedTotal) },
    now,
  );
  await audit(tx, now, input.actor, 'renewal.corrected', subject, {
    ...detail,
    outcome: target,
    reversed: reversed.map((e) => ({ id: e.id, reverses: e.correctionOf, kind: e.kind, amount: e.amount })),
  });
  return ok<AnswerResult>({
    kind: 'recorded',
    ...base,
    replaced: (standing?.answer as Answer | undefined) ?? null,
    settled: target !== null,
    corrected: true,
    reversed: reversedTotal,
  });
}

function row(input: AnswerInput, received: Date) {
  return {
    cycleId: input.cycleId,
    answer: input.answer,
    answeredAt: received,
    answeredBy: input.answeredBy,
    actingForCustomer: input.actingForCustomer,
    via: input.via,
    slackDeliveryId: input.deliveryId ?? null,
  };
}

/** Why an answer that arrived at `received` does not count: the outcome is recorded, or it came after the deadline. */
function answerRefusal(ctx: CycleContext, received: Date, now: Date) {
  const { cycle, contract } = ctx;
  if (cycle.outcome) {
    const words = OUTCOME_WORDS[cycle.outcome];
    return reason('Art. 6(2)', 'outcome-already-recorded', {
      outcome: cycle.outcome,
      outcomeJa: words.ja,
      outcomeEn: words.en,
      at: `${jstWallClock(cycle.outcomeAt ?? now)} JST`,
    });
  }
  if (contract.status === 'ended') return reason('Art. 9(2)', 'contract-ended');
  if (cycle.heldAt) return undefined;
  const firstNotice = ctx.notices.find((n) => n.sentAt)?.sentAt ?? null;
  const accepted = acceptAnswer(received, { firstNoticeAt: firstNotice, replyDeadline: cycle.replyDeadline });
  return accepted.ok ? undefined : accepted.reasons[0]!;
}

/** The cycle in force of a contract: the latest term's. */
export async function currentCycleId(tx: Db | Tx, contractId: string): Promise<number | undefined> {
  const rows = await tx
    .select({ id: renewalCycles.id })
    .from(renewalCycles)
    .where(and(eq(renewalCycles.contractId, contractId)))
    .orderBy(renewalCycles.id);
  return rows.at(-1)?.id;
}

/**
 * The cycle an answer that arrived at `received` answers: the term whose expiry date had not
 * passed when it arrived (a term renewed since keeps its answer), else the current one.
 */
export async function answerCycleId(tx: Db | Tx, contractId: string, received: Date): Promise<number | undefined> {
  const day = jstDateOf(received);
  const rows = await tx
    .select({ id: renewalCycles.id, expiryDate: renewalCycles.expiryDate })
    .from(renewalCycles)
    .where(eq(renewalCycles.contractId, contractId))
    .orderBy(renewalCycles.id);
  return rows.find((r) => isOnOrBefore(day, r.expiryDate))?.id ?? rows.at(-1)?.id;
}

/**
 * The customer whose renewal cycle this is, for authorising an answer to it, and the contract's
 * common name, for saying which contract was answered (a notice may list several).
 */
export async function customerOfCycle(
  q: Queryable,
  cycleId: number,
): Promise<{ customerId: string; commonName: string } | undefined> {
  const [row] = await q
    .select({ customerId: contracts.customerId, commonName: contracts.commonName })
    .from(renewalCycles)
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .where(eq(renewalCycles.id, cycleId));
  return row;
}

/**
 * The renewal notices a Slack thread belongs to (its channel and parent ts), with their customer and
 * common name: one, or several when the message listed a customer's contracts together.
 */
export async function noticesOfThread(
  q: Queryable,
  channel: string,
  threadTs: string,
): Promise<{ cycleId: number; customerId: string; commonName: string }[]> {
  return q
    .select({ cycleId: renewalNotices.cycleId, customerId: contracts.customerId, commonName: contracts.commonName })
    .from(renewalNotices)
    .innerJoin(renewalCycles, eq(renewalCycles.id, renewalNotices.cycleId))
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .where(and(eq(renewalNotices.slackChannel, channel), eq(renewalNotices.slackTs, threadTs)))
    .orderBy(asc(renewalNotices.id));
}
