// The scheduler's work on one renewal cycle (Art. 6, 9(1), 10): the domain says which step is due
// (domain/schedule.ts); this carries it out in one transaction under the cycle's row lock, with
// its ledger entries, messages and audit rows, and stores when the cycle is next due.
import { and, asc, desc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import { columnsOf, type Db, type Queryable, type Tx } from '../db/client.js';
import {
  certificates,
  contracts,
  contractTerms,
  customers,
  outbox,
  renewalAnswers,
  renewalCycles,
  renewalNotices,
} from '../db/schema.js';
import { statement } from '../db/statement.js';
import { itemByCode, type ItemCode } from '../domain/catalog.js';
import { addDays, jstDateOf, type BusinessDate } from '../domain/dates.js';
import type { EndReason } from '../domain/ending.js';
import { feesFor, type FeeEvent } from '../domain/fees.js';
import { renewedTerm, type Answer, type RenewalPolicy } from '../domain/renewal.js';
import { nextDueAt, nextStep, type CycleFacts, type CycleStep } from '../domain/schedule.js';
import type { TermCode } from '../domain/terms.js';
import { audit } from './audit.js';
import { settleContractEnd } from './endings.js';
import { holdsDesignatedService } from './designated-services.js';
import { appendFees } from './ledger.js';
import { alertStaff, enqueueMessage } from './outbox.js';
import { agreedPriceOf } from './prices.js';

export const SCHEDULER = 'scheduler';

export interface CycleContext {
  cycle: typeof renewalCycles.$inferSelect;
  contract: typeof contracts.$inferSelect;
  term: typeof contractTerms.$inferSelect;
  customer: typeof customers.$inferSelect;
  notices: (typeof renewalNotices.$inferSelect)[];
  /** The accepted answer in force: the latest. */
  answer: typeof renewalAnswers.$inferSelect | null;
  renewalCertificateId: number | null;
  facts: CycleFacts;
}

/**
 * Everything the rules need to know about a cycle. Lock the cycle first when acting on it. Two
 * statements, built once per process and run on the caller's pool or transaction: the sweep reads
 * each due cycle, in a transaction of its own, before and after each step it takes.
 */
export async function loadCycle(q: Queryable, cycleId: number): Promise<CycleContext | undefined> {
  const [row] = await cycleQuery.execute(q, { cycleId });
  if (!row) return undefined;
  const notices = await noticesQuery.execute(q, { cycleId });
  const { answer, renewalCertificateId, ...rest } = row;
  return withFacts(rest, notices, answer, renewalCertificateId);
}

/**
 * The answer in force of the cycle a query reads (the latest accepted one), to join laterally,
 * and its columns to select (null when there is none).
 */
export function answerInForce(q: Queryable) {
  const answer = q
    .select()
    .from(renewalAnswers)
    .where(and(eq(renewalAnswers.cycleId, renewalCycles.id), eq(renewalAnswers.accepted, true)))
    .orderBy(desc(renewalAnswers.answeredAt), desc(renewalAnswers.id))
    .limit(1)
    .as('answer');
  return { answer, columns: columnsOf(renewalAnswers, answer) };
}

const cycleQuery = statement((q) => {
  const cycleId = sql.placeholder('cycleId');
  const { answer, columns: answerColumns } = answerInForce(q);
  // Category III: a certificate accepted for the next term waits, attached to no term yet.
  const renewalCertificateId = sql<number | null>`(
    select ${certificates.id} from ${certificates}
    where ${certificates.contractId} = ${contracts.id} and ${certificates.contractTermId} is null
      and ${certificates.source} = 'uploaded'
    order by ${certificates.id}
    limit 1
  )`.mapWith((v) => (v === null ? null : Number(v)));
  return q
    .select({
      cycle: renewalCycles,
      contract: contracts,
      term: contractTerms,
      customer: customers,
      answer: answerColumns,
      renewalCertificateId,
    })
    .from(renewalCycles)
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .leftJoinLateral(answer, sql`true`)
    .where(eq(renewalCycles.id, cycleId))
    .prepare('certdesk_cycle');
});

const noticesQuery = statement((q) =>
  q
    .select()
    .from(renewalNotices)
    .where(eq(renewalNotices.cycleId, sql.placeholder('cycleId')))
    .orderBy(asc(renewalNotices.id))
    .prepare('certdesk_cycle_notices'),
);

/** A cycle with what the rules need to know of it, from its rows. */
function withFacts(
  row: Pick<CycleContext, 'cycle' | 'contract' | 'term' | 'customer'>,
  notices: CycleContext['notices'],
  answer: CycleContext['answer'],
  renewalCertificateId: number | null,
): CycleContext {
  const { cycle, contract, term } = row;
  const facts = factsOf({
    ...cycle,
    item: term.item,
    status: contract.status,
    endDate: contract.endDate,
    endReason: contract.endReason,
    notices,
    answer: answer?.answer ?? null,
    renewalCertificate: renewalCertificateId !== null,
  });
  return { ...row, notices, answer, renewalCertificateId, facts };
}

/** What the rules read of a cycle, its contract and term: the one place facts are derived. */
export interface FactSource {
  item: string;
  expiryDate: BusinessDate;
  replyDeadline: BusinessDate | null;
  decision: string | null;
  outcome: string | null;
  heldAt: Date | null;
  nextTermId: number | null;
  remindedAt: Date | null;
  status: string;
  endDate: BusinessDate | null;
  endReason: string | null;
  notices: readonly { noticeDays: number; sentAt: Date | null }[];
  answer: string | null;
  renewalCertificate: boolean;
}

export function factsOf(s: FactSource): CycleFacts {
  return {
    category: itemByCode(s.item as ItemCode).category,
    expiryDate: s.expiryDate,
    notices: s.notices.map((n) => ({ noticeDays: n.noticeDays, sentOn: n.sentAt ? jstDateOf(n.sentAt) : null })),
    replyDeadline: s.replyDeadline,
    answer: (s.answer as Answer | null) ?? null,
    decision: s.decision as CycleFacts['decision'],
    outcome: s.outcome as CycleFacts['outcome'],
    held: s.heldAt !== null,
    rolledOver: s.nextTermId !== null,
    renewalCertificate: s.renewalCertificate,
    endDate: s.status === 'ended' ? (s.endDate ?? s.expiryDate) : s.endDate,
    endReason: (s.endReason as EndReason | null) ?? null,
    reminded: s.remindedAt !== null,
  };
}

/**
 * The columns facts are read from in bulk (the sweep's due cycles, a batch's locked ones), with
 * the cycle's contract and term joined: each cycle's notices, answer in force and waiting
 * certificate gathered in PostgreSQL. `factsOfRow` turns such a row into the facts.
 */
export function factColumns() {
  const c = renewalCycles;
  return {
    cycleId: c.id,
    contractId: contracts.id,
    status: contracts.status,
    endDate: contracts.endDate,
    endReason: contracts.endReason,
    item: contractTerms.item,
    expiryDate: c.expiryDate,
    replyDeadline: c.replyDeadline,
    decision: c.decision,
    outcome: c.outcome,
    heldAt: c.heldAt,
    nextTermId: c.nextTermId,
    remindedAt: c.remindedAt,
    // The answer in force: the latest accepted one.
    answer: sql<
      string | null
    >`(select a.answer from ${renewalAnswers} a where a.cycle_id = ${c.id} and a.accepted order by a.answered_at desc, a.id desc limit 1)`,
    // Category III: a certificate accepted for the next term waits, attached to no term yet.
    renewalCertificate: sql<boolean>`exists (
      select 1 from ${certificates} w
      where w.contract_id = ${contracts.id} and w.contract_term_id is null and w.source = 'uploaded'
    )`,
    // The notices in order, in one scan of them: each notice's days, then the instant it went out
    // (ms since the epoch), one after the other in one array.
    notices: sql<
      (number | null)[]
    >`array(select x.v from ${renewalNotices} n, lateral (values (0, n.notice_days::float8), (1, (extract(epoch from n.sent_at) * 1000)::float8)) x(k, v) where n.cycle_id = ${c.id} order by n.id, x.k)`,
  };
}

/** A row of `factColumns`, as the facts the rules take. */
export function factsOfRow(r: Omit<FactSource, 'notices'> & { notices: (number | null)[] }): CycleFacts {
  const notices: FactSource['notices'][number][] = [];
  for (let i = 0; i + 1 < r.notices.length; i += 2) {
    // A notice not sent yet: NULL in the array, which the driver reads as NaN.
    const ms = Number(r.notices[i + 1]);
    notices.push({ noticeDays: Number(r.notices[i]), sentAt: Number.isFinite(ms) ? new Date(ms) : null });
  }
  return factsOf({ ...r, notices });
}

export interface StepDone {
  cycleId: number;
  contractId: string;
  step: CycleStep['kind'];
  detail?: string;
}

/** Cycles whose next step is due at `now`, by index, earliest first, with the instant each fell due. */
export async function dueCycles(q: Queryable, now: Date, limit: number): Promise<{ id: number; dueAt: Date }[]> {
  const rows = await q
    .select({ id: renewalCycles.id, dueAt: renewalCycles.dueAt })
    .from(renewalCycles)
    .where(and(isNotNull(renewalCycles.dueAt), lte(renewalCycles.dueAt, now)))
    .orderBy(asc(renewalCycles.dueAt))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, dueAt: r.dueAt! }));
}

/**
 * Takes every step of a cycle that is due at `now`, then stores when it is next due. A cycle
 * another worker holds is skipped (it will finish it); the row lock makes each step happen once.
 */
export async function processCycle(
  db: Db,
  cycleId: number,
  now: Date,
  policy: RenewalPolicy,
): Promise<StepDone[] | 'busy'> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ id: renewalCycles.id })
      .from(renewalCycles)
      .where(eq(renewalCycles.id, cycleId))
      .for('update', { skipLocked: true });
    if (!locked) return 'busy' as const;
    const done: StepDone[] = [];
    // A cycle asleep for long may owe several steps (a notice, then its deadline): take them in
    // order, reading the cycle again after each.
    let ctx = await loadCycle(tx, cycleId);
    for (let i = 0; i < 6 && ctx; i++) {
      if (ctx.contract.status === 'ended' && ctx.facts.outcome === null) break;
      const step = nextStep(ctx.facts, now, policy);
      if (!step) break;
      done.push({
        cycleId,
        contractId: ctx.contract.id,
        step: step.kind,
        detail: await takeStep(tx, ctx, step, now, policy),
      });
      ctx = await loadCycle(tx, cycleId);
    }
    const due = ctx && ctx.contract.status === 'active' ? nextDueAt(ctx.facts, policy) : null;
    // One statement: the next due instant, and a failure of an earlier try resolved (services/failures.ts).
    await tx.execute(sql`
      with resolved as (
        update scheduled_failures set resolved_at = ${now.toISOString()}::timestamptz
        where step = 'cycle' and subject = ${String(cycleId)} and resolved_at is null
      )
      update renewal_cycles set due_at = ${due?.toISOString() ?? null}::timestamptz where id = ${cycleId}`);
    return done;
  });
}

async function takeStep(
  tx: Tx,
  ctx: CycleContext,
  step: CycleStep,
  now: Date,
  policy: RenewalPolicy,
): Promise<string | undefined> {
  const { cycle, contract } = ctx;
  const subject = `contract:${contract.id}`;
  switch (step.kind) {
    case 'notice': {
      const [notice] = await tx
        .insert(renewalNotices)
        .values({
          cycleId: cycle.id,
          noticeDays: step.notice.noticeDays,
          dueOn: step.notice.dueOn,
          late: step.notice.late,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (!notice) return undefined;
      await enqueueNotice(tx, notice.id, ctx, now);
      await audit(tx, now, SCHEDULER, 'renewal.notice', subject, {
        noticeDays: notice.noticeDays,
        dueOn: notice.dueOn.toString(),
        late: notice.late,
      });
      return `${notice.noticeDays}${notice.late ? ' late' : ''}`;
    }
    case 'remind':
      return remind(tx, ctx, now);
    case 'hold': {
      await tx.update(renewalCycles).set({ heldAt: now }).where(eq(renewalCycles.id, cycle.id));
      // Art. 6(1): the customer is told too, even after the expiry date: the contract waits for their answer.
      if (ctx.notices.length === 0) {
        const lastNoticeDays = Math.min(...policy.noticeDays);
        const [notice] = await tx
          .insert(renewalNotices)
          .values({ cycleId: cycle.id, noticeDays: lastNoticeDays, dueOn: jstDateOf(now), late: true, createdAt: now })
          .onConflictDoNothing()
          .returning();
        if (notice) await enqueueNotice(tx, notice.id, ctx, now);
      }
      await alertStaff(
        tx,
        `hold:${cycle.id}`,
        { kind: 'no-notice-before-expiry', contractId: contract.id, cycleId: cycle.id },
        now,
      );
      await audit(tx, now, SCHEDULER, 'renewal.hold', subject, { expiryDate: cycle.expiryDate.toString() });
      return undefined;
    }
    case 'lapse':
      return recordOutcome(tx, ctx, 'lapsed', now);
    case 'deadline': {
      const o = step.outcome;
      // Art. 4(1): a category II renewal needs a designated service still; without one it waits for staff.
      if (
        (o.kind === 'default-renew' || o.kind === 'renew') &&
        ctx.facts.category === 'II' &&
        !(await holdsDesignatedService(tx, contract.customerId))
      ) {
        await tx.update(renewalCycles).set({ heldAt: now }).where(eq(renewalCycles.id, cycle.id));
        await alertStaff(
          tx,
          `designated:${cycle.id}`,
          { kind: 'no-designated-service-at-renewal', contractId: contract.id, cycleId: cycle.id },
          now,
        );
        await audit(tx, now, SCHEDULER, 'renewal.hold', subject, {
          expiryDate: cycle.expiryDate.toString(),
          reason: 'no-designated-service',
        });
        return 'held: no designated service';
      }
      if (o.kind === 'default-renew') return recordOutcome(tx, ctx, 'default-renewed', now, o.feesAccrueOn);
      if (o.kind === 'renew')
        return recordOutcome(tx, ctx, 'renewed', now, addDays(cycle.replyDeadline ?? jstDateOf(now), 1));
      if (o.kind === 'end') return recordOutcome(tx, ctx, 'ended', now);
      return recordOutcome(tx, ctx, 'lapsed', now);
    }
    case 'rollover':
      return rollOver(tx, ctx, now);
  }
}

/**
 * Records what a cycle came to, with its fees (Art. 10) and the messages it owes: the customer is
 * told of a renewal, staff of a lapse, and every notice of the cycle shows the outcome instead of
 * its buttons.
 */
export async function recordOutcome(
  tx: Tx,
  ctx: CycleContext,
  outcome: 'renewed' | 'default-renewed' | 'ended' | 'lapsed',
  now: Date,
  feesOn?: BusinessDate,
  /** The fee event: a charge after an earlier one of the cycle was reversed has a key of its own. */
  feeEventKey = `renewal-cycle:${ctx.cycle.id}`,
): Promise<string> {
  const { cycle, contract, term } = ctx;
  const subject = `contract:${contract.id}`;
  // The decision agrees with the outcome: the answer that stood (or none, for a default renewal).
  const decision =
    outcome === 'default-renewed'
      ? 'default-renew'
      : outcome === 'ended'
        ? 'dont-renew'
        : outcome === 'renewed'
          ? 'renew'
          : cycle.decision;
  await tx
    .update(renewalCycles)
    .set({
      outcome,
      outcomeAt: now,
      decision,
      decidedAt: outcome === 'default-renewed' ? now : cycle.decidedAt,
      feesAccrueOn: feesOn ?? null,
    })
    .where(eq(renewalCycles.id, cycle.id));
  let detail: string = outcome;
  if ((outcome === 'renewed' || outcome === 'default-renewed') && feesOn && ctx.facts.category !== 'III') {
    const event: FeeEvent =
      outcome === 'default-renewed' ? { kind: 'default-renewal', on: feesOn } : { kind: 'renewal', on: feesOn };
    // Appendix 1 §1: a category II certificate fee is the one agreed for this renewal, if yet.
    const agreed = ctx.facts.category === 'II' ? await agreedPriceOf(tx, cycle.id) : null;
    const fees = feesFor({
      item: term.item as ItemCode,
      term: term.term as TermCode,
      event,
      agreedCertificateFee: agreed,
    });
    if (fees.ok) {
      const added = await appendFees(tx, contract.id, feeEventKey, fees.value, now);
      detail = `${outcome} ¥${added.reduce((s, e) => s + e.amount, 0)}`;
    } else {
      await alertStaff(
        tx,
        `fees:${cycle.id}`,
        {
          kind: 'fees-not-recorded',
          contractId: contract.id,
          cycleId: cycle.id,
          reasons: fees.reasons.map((r) => r.code),
        },
        now,
      );
    }
  }
  if (outcome === 'renewed' || outcome === 'default-renewed') {
    await enqueueMessage(
      tx,
      {
        key: `renewal:${cycle.id}`,
        view: 'renewal-recorded',
        data: { cycleId: cycle.id },
        channel: ctx.customer.slackChannel,
        contractId: contract.id,
      },
      now,
    );
  }
  if (outcome === 'ended') await settleContractEnd(tx, contract.id, now);
  if (outcome === 'lapsed') {
    await settleContractEnd(tx, contract.id, now);
    await alertStaff(
      tx,
      `lapse:${cycle.id}`,
      {
        kind: ctx.facts.answer === 'renew' ? 'no-renewal-certificate' : 'category-iii-unanswered',
        contractId: contract.id,
        cycleId: cycle.id,
      },
      now,
    );
  }
  await refreshNotices(tx, ctx, `outcome:${cycle.id}`, now);
  await audit(tx, now, SCHEDULER, `renewal.${outcome}`, subject, {
    expiryDate: cycle.expiryDate.toString(),
    feesAccrueOn: feesOn?.toString() ?? null,
  });
  return detail;
}

/** Every notice of the cycle that went out is redrawn with the cycle as it stands now. */
export async function refreshNotices(
  tx: Tx,
  ctx: Pick<CycleContext, 'cycle' | 'contract'>,
  why: string,
  now: Date,
): Promise<void> {
  const posted = await tx
    .select({ id: outbox.id, key: outbox.key, channel: outbox.channel })
    .from(outbox)
    .innerJoin(renewalNotices, sql`${outbox.key} = 'notice:' || ${renewalNotices.id}`)
    .where(eq(renewalNotices.cycleId, ctx.cycle.id));
  for (const p of posted) {
    await enqueueMessage(
      tx,
      {
        key: `${p.key}:${why}`,
        view: 'renewal-notice',
        data: { noticeId: Number(p.key.slice('notice:'.length)) },
        channel: p.channel,
        contractId: ctx.contract.id,
        updates: p.id,
      },
      now,
    );
  }
}

/** A renewal notice to post to the customer's channel, once (its key is the notice's). */
function enqueueNotice(tx: Tx, noticeId: number, ctx: CycleContext, now: Date) {
  return enqueueMessage(
    tx,
    {
      key: `notice:${noticeId}`,
      view: 'renewal-notice',
      data: { noticeId },
      channel: ctx.customer.slackChannel,
      contractId: ctx.contract.id,
    },
    now,
  );
}

/**
 * Art. 6(2) asks for an answer by the deadline: the customer's contacts are mentioned in the
 * thread of the first notice that went out (README, "What a contact receives"), once a cycle —
 * the claim on reminded_at and the message's key make it once, whoever else sweeps.
 */
async function remind(tx: Tx, ctx: CycleContext, now: Date): Promise<string | undefined> {
  const { cycle, contract } = ctx;
  const [claimed] = await tx
    .update(renewalCycles)
    .set({ remindedAt: now })
    .where(and(eq(renewalCycles.id, cycle.id), isNull(renewalCycles.remindedAt)))
    .returning({ id: renewalCycles.id });
  if (!claimed) return undefined;
  const first = ctx.notices.find((n) => n.sentAt !== null);
  const [parent] = first
    ? await tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(eq(outbox.key, `notice:${first.id}`))
    : [];
  await enqueueMessage(
    tx,
    {
      key: `reminder:${cycle.id}`,
      view: 'renewal-reminder',
      data: { cycleId: cycle.id },
      channel: ctx.customer.slackChannel,
      contractId: contract.id,
      replyTo: parent?.id ?? null,
    },
    now,
  );
  const deadline = cycle.replyDeadline?.toString() ?? null;
  await audit(tx, now, SCHEDULER, 'renewal.reminder', `contract:${contract.id}`, { replyDeadline: deadline });
  return deadline ?? undefined;
}

/** The renewed term begins the day after the expiry date, with a cycle of its own. */
async function rollOver(tx: Tx, ctx: CycleContext, now: Date): Promise<string | undefined> {
  const { cycle, contract, term } = ctx;
  const item = itemByCode(term.item as ItemCode);
  // Supplementary provision (平成28年7月1日): a renewed SureServer continues as SureServer for クラウド.
  const renewedItem = item.renewsAs ?? item.code;
  // Art. 3: a brought certificate's validity is the new term, and its fitting term the tier.
  const [brought] =
    item.category === 'III' && ctx.renewalCertificateId !== null
      ? await tx.select().from(certificates).where(eq(certificates.id, ctx.renewalCertificateId))
      : [];
  const next = renewedTerm(cycle.expiryDate, term.term as TermCode, brought ?? null);
  const termCode = next.term;
  if (!next.expiryDate) return undefined;
  const [created] = await tx
    .insert(contractTerms)
    .values({
      contractId: contract.id,
      seq: term.seq + 1,
      item: renewedItem,
      term: termCode,
      startsOn: next.startsOn,
      expiryDate: next.expiryDate,
      kind: cycle.outcome === 'default-renewed' ? 'default-renewal' : 'renewal',
      tariffVersion: null,
      createdAt: now,
    })
    .returning({ id: contractTerms.id });
  await tx.insert(renewalCycles).values({
    contractId: contract.id,
    contractTermId: created!.id,
    expiryDate: next.expiryDate,
    dueAt: now,
    createdAt: now,
  });
  await tx.update(renewalCycles).set({ nextTermId: created!.id }).where(eq(renewalCycles.id, cycle.id));
  if (renewedItem !== contract.item)
    await tx.update(contracts).set({ item: renewedItem }).where(eq(contracts.id, contract.id));
  if (ctx.renewalCertificateId !== null)
    await tx
      .update(certificates)
      .set({ contractTermId: created!.id })
      .where(eq(certificates.id, ctx.renewalCertificateId));
  // Art. 8: an abolition already recorded is read against the new term (it may leave nothing to renew).
  await settleContractEnd(tx, contract.id, now);
  await audit(tx, now, SCHEDULER, 'renewal.term', `contract:${contract.id}`, {
    startsOn: next.startsOn.toString(),
    expiryDate: next.expiryDate.toString(),
    item: renewedItem,
  });
  return `${next.startsOn}…${next.expiryDate}`;
}

/**
 * A notice went out: its outbox message is sent, the notice delivered (once; answers in its Slack
 * thread are recognised by the first Slack message, even one after an e-mail), and the first
 * delivery fixes the cycle's reply deadline; the cycle is due now, to be looked at again. One
 * statement, so all of it is recorded or none, prepared in PostgreSQL: a notice fan-out records
 * thousands.
 */
export async function noticeDelivered(
  pg: postgres.Sql | postgres.TransactionSql,
  m: {
    outboxId: number;
    noticeId: number;
    sentAt: Date;
    /** Where in Slack; null for an e-mail (Art. 6(1)). */
    channel: string | null;
    ts: string | null;
    deadline: BusinessDate | null;
  },
): Promise<void> {
  // Started at once, not when awaited: a delivery sends its unlock right after it (slack/deliver.ts).
  await pg
    .unsafe(
      NOTICE_DELIVERED,
      [m.sentAt.toISOString(), m.channel, m.ts, m.outboxId, m.noticeId, m.deadline?.toString() ?? null],
      { prepare: true },
    )
    .execute();
}

const NOTICE_DELIVERED = new PgDialect().sqlToQuery(sql`
  with sent as (
    update ${outbox}
    set status = 'sent', sent_at = $1, slack_channel = $2, slack_ts = $3
    where ${outbox.id} = $4
  ), notice as (
    update ${renewalNotices}
    set sent_at = coalesce(${renewalNotices.sentAt}, $1),
      slack_channel = coalesce(${renewalNotices.slackChannel}, $2),
      slack_ts = coalesce(${renewalNotices.slackTs}, $3)
    where ${renewalNotices.id} = $5
      and (${renewalNotices.sentAt} is null or (${renewalNotices.slackTs} is null and $3::text is not null))
    returning cycle_id
  )
  update ${renewalCycles}
  set reply_deadline = coalesce(${renewalCycles.replyDeadline}, $6::date), due_at = $1
  where ${renewalCycles.id} in (select cycle_id from notice)`).sql;
