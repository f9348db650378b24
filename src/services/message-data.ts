// What each message certdesk posts says, read from the database at the moment it is delivered,
// so a message never tells an older state than the facts.
import { and, asc, count, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { statement } from '../db/statement.js';
import type postgres from 'postgres';
import {
  abolitions,
  applications,
  cancellations,
  certificates,
  contractChanges,
  contracts,
  contractTerms,
  customerContacts,
  customers,
  ledgerEntries,
  outbox,
  renewalCycles,
  renewalNotices,
} from '../db/schema.js';
import { abolitionsReaching, itemByCode, type ItemCode } from '../domain/catalog.js';
import {
  addDays,
  compareDates,
  isOnOrBefore,
  jstDateOf,
  jstInstantAt,
  jstWallClock,
  type BusinessDate,
} from '../domain/dates.js';
import type { EndReason } from '../domain/ending.js';
import { NO_PUBLIC_CERTIFICATE_RENEWABLE_FROM } from '../domain/lifetimes.js';
import { pricedItem, pricesOn } from '../domain/quote.js';
import {
  defaultRenewalFeeDate,
  heldWindowEnd,
  renewedTerm,
  replyDeadline as deadlineFor,
  type RenewalPolicy,
} from '../domain/renewal.js';
import type { TermCode } from '../domain/terms.js';
import type { Locale } from '../i18n/text.js';
import { answerInForce } from './cycles.js';
import { standingRenewalFees } from './ledger.js';
import { agreedPriceOf, openPrices } from './prices.js';

const localeOf = (l: string): Locale => (l === 'en' ? 'en' : 'ja');
const when = (d: Date) => `${jstWallClock(d)} JST`;
/** Answers given in Slack name the Slack user; others (the command line) name the actor as recorded. */
const person = (by: string) => by.replace(/^slack:/, '');

/**
 * The reply deadline a notice shows: the cycle's once fixed; for a first notice going out now,
 * the deadline it fixes (Art. 6(2), the late-notice rule), or null when it goes out on the expiry
 * date itself and the cycle is held for staff — except a held category III contract, whose window
 * to bring a certificate runs from that notice.
 */
export function deadlineShown(
  fixed: BusinessDate | null,
  expiry: BusinessDate,
  anyDelivered: boolean,
  now: Date,
  policy: RenewalPolicy,
  heldCategoryThree = false,
): BusinessDate | null {
  if (fixed) return fixed;
  if (anyDelivered) return null;
  const today = jstDateOf(now);
  // Art. 6(3): a held category III contract has the late-notice window from this notice.
  if (heldCategoryThree) return heldWindowEnd(today, policy);
  const d = deadlineFor(expiry, today, policy);
  return compareDates(d, today) < 0 ? null : d;
}

/**
 * A notice with all it shows, read in one statement built once per process and prepared on each
 * connection: the notice fan-out reads one per message, on the pool or in a transaction.
 */
function noticeSelect(q: Queryable, which: 'notice' | 'outbox') {
  const { answer, columns } = answerInForce(q);
  const delivered = sql<boolean>`exists (
    select 1 from ${renewalNotices} delivered
    where delivered.cycle_id = ${renewalCycles.id} and delivered.sent_at is not null
  )`;
  return q
    .select({
      notice: renewalNotices,
      cycle: renewalCycles,
      contract: contracts,
      term: contractTerms,
      customer: customers,
      anyDelivered: delivered,
      answer: {
        answer: columns.answer,
        answeredBy: columns.answeredBy,
        answeredAt: columns.answeredAt,
        actingForCustomer: columns.actingForCustomer,
      },
    })
    .from(renewalNotices)
    .innerJoin(renewalCycles, eq(renewalCycles.id, renewalNotices.cycleId))
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .leftJoinLateral(answer, sql`true`)
    .where(
      which === 'notice'
        ? eq(renewalNotices.id, sql.placeholder('noticeId'))
        : eq(
            renewalNotices.id,
            sql`(select (${outbox.data} ->> 'noticeId')::bigint from ${outbox}
              where ${outbox.id} = ${sql.placeholder('outboxId')} and ${outbox.view} = 'renewal-notice')`,
          ),
    )
    .prepare(which === 'notice' ? 'certdesk_notice_data' : 'certdesk_notice_data_of_outbox');
}

const noticeQuery = statement((q) => noticeSelect(q, 'notice'));
const noticeOfOutboxQuery = statement((q) => noticeSelect(q, 'outbox'));

/** What noticeData reads of a notice in its one statement. */
export type NoticeRow = Awaited<ReturnType<typeof noticeQuery.execute>>[number];

/**
 * The notice a renewal-notice message of the outbox is for, read on a delivery's own connection in
 * the same round trip as its lock and its row (slack/deliver.ts); none for another kind of message.
 */
export async function noticeRowOfOutbox(conn: postgres.Sql, outboxId: number): Promise<NoticeRow | undefined> {
  const [row] = await noticeOfOutboxQuery.on(conn, { outboxId });
  return row;
}

/** A notice as its message shows it; `read` when its row was read already (noticeRowOfOutbox). */
export async function noticeData(q: Queryable, noticeId: number, now: Date, policy: RenewalPolicy, read?: NoticeRow) {
  const row = read?.notice.id === noticeId ? read : (await noticeQuery.execute(q, { noticeId }))[0];
  if (!row) return undefined;
  const { notice, cycle, contract, term, customer, anyDelivered, answer } = row;
  const locale = localeOf(customer.locale);
  const item = itemByCode(term.item as ItemCode);
  // Held: an answer decides whenever it comes (answers.ts), so no deadline is shown even if one was fixed.
  const heldCategoryThree = cycle.heldAt !== null && item.category === 'III';
  const shown = deadlineShown(cycle.replyDeadline, cycle.expiryDate, anyDelivered, now, policy, heldCategoryThree);
  const held = (cycle.heldAt !== null && !heldCategoryThree) || shown === null;
  const deadline = held ? null : shown;
  // Art. 8 with Art. 6(2): an abolition that leaves nothing to renew; the notice says so, and from when.
  const [abolition] =
    contract.endReason === 'abolished' && contract.endDate?.equals(cycle.expiryDate)
      ? await q
          .select({ from: abolitions.effectiveFrom })
          .from(abolitions)
          .where(
            and(inArray(abolitions.item, abolitionsReaching(term.item as ItemCode)), isNull(abolitions.withdrawnAt)),
          )
          .orderBy(asc(abolitions.effectiveFrom))
          .limit(1)
      : [];
  let renewalFees: { certificateFee: number; agencyFee: number; total: number } | null = null;
  let individualPrice: { agencyFee: number; agreed: number | null } | null = null;
  if (item.category !== 'III') {
    // Fees accrue on the default renewal's day (Art. 10), or, held, on the day the customer answers.
    const feeDay = deadline ? defaultRenewalFeeDate(deadline, undefined, policy) : jstDateOf(now);
    const prices = pricesOn(pricedItem(item, 'renewal'), term.term as TermCode, feeDay);
    const certificateFee = prices.ok ? prices.value.certificateFee : null;
    if (prices.ok && certificateFee !== null)
      renewalFees = {
        certificateFee,
        agencyFee: prices.value.agencyFee,
        total: certificateFee + prices.value.agencyFee,
      };
    // Appendix 1 §1: a category II renewal's certificate fee is the one agreed for it, if yet.
    if (prices.ok && item.category === 'II')
      individualPrice = { agencyFee: prices.value.agencyFee, agreed: await agreedPriceOf(q, cycle.id) };
  }
  return {
    channel: customer.slackChannel,
    notice,
    cycle,
    contractId: contract.id,
    deadline,
    model: {
      locale,
      cycleId: cycle.id,
      itemName: item.name[locale],
      category: item.category,
      commonName: contract.commonName,
      expiryDate: cycle.expiryDate.toString(),
      replyDeadline: deadline?.toString() ?? null,
      held,
      late: notice.late,
      lateNoticeReplyDays: policy.lateNoticeReplyDays,
      renewalFees,
      individualPrice,
      noPublicCertificateRenewable: isOnOrBefore(NO_PUBLIC_CERTIFICATE_RENEWABLE_FROM, cycle.expiryDate),
      answer: answer
        ? {
            answer: answer.answer as 'renew' | 'dont-renew',
            by: person(answer.answeredBy),
            at: when(answer.answeredAt),
            actingForCustomer: answer.actingForCustomer,
          }
        : null,
      outcome: cycle.outcome ? { kind: cycle.outcome, at: when(cycle.outcomeAt ?? now) } : null,
      abolishedFrom: abolition?.from.toString() ?? null,
    },
  };
}

/**
 * The reminder of a cycle as it stands when it is delivered: null when there is no longer anything
 * to remind of (an answer came, an outcome was recorded, the deadline passed, the contract ended).
 */
export async function reminderData(q: Queryable, cycleId: number, now: Date) {
  const { answer, columns } = answerInForce(q);
  const [row] = await q
    .select({
      cycle: renewalCycles,
      contract: contracts,
      term: contractTerms,
      customer: customers,
      answer: columns.answer,
    })
    .from(renewalCycles)
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .leftJoinLateral(answer, sql`true`)
    .where(eq(renewalCycles.id, cycleId));
  if (!row) return null;
  const { cycle, contract, term, customer } = row;
  const deadline = cycle.replyDeadline;
  if (row.answer !== null || cycle.outcome !== null || contract.status !== 'active' || !deadline) return null;
  if (!isOnOrBefore(jstDateOf(now), deadline)) return null;
  const contacts = await q
    .select({ id: customerContacts.slackUserId })
    .from(customerContacts)
    .where(eq(customerContacts.customerId, customer.id))
    .orderBy(asc(customerContacts.createdAt), asc(customerContacts.slackUserId));
  const locale = localeOf(customer.locale);
  const item = itemByCode(term.item as ItemCode);
  return {
    channel: customer.slackChannel,
    model: {
      locale,
      itemName: item.name[locale],
      category: item.category,
      commonName: contract.commonName,
      replyDeadline: deadline.toString(),
      contacts: contacts.map((c) => c.id),
    },
  };
}

export async function renewalRecordedData(q: Queryable, cycleId: number) {
  const [row] = await q
    .select({ cycle: renewalCycles, contract: contracts, term: contractTerms, customer: customers })
    .from(renewalCycles)
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(eq(renewalCycles.id, cycleId));
  const outcome = row?.cycle.outcome;
  if (!row || (outcome !== 'renewed' && outcome !== 'default-renewed')) return undefined;
  const { cycle, contract, term, customer } = row;
  const locale = localeOf(customer.locale);
  const fees = await standingRenewalFees(q, cycle.id);
  const cert = fees.find((f) => f.kind === 'certificate');
  const agency = fees.find((f) => f.kind === 'agency');
  // The renewed term as recorded once it has begun; before, as the rollover will record it.
  const [recorded] = cycle.nextTermId
    ? await q.select().from(contractTerms).where(eq(contractTerms.id, cycle.nextTermId))
    : [];
  const [brought] = recorded
    ? []
    : await q
        .select({ notBefore: certificates.notBefore, notAfter: certificates.notAfter })
        .from(certificates)
        .where(
          and(
            eq(certificates.contractId, contract.id),
            isNull(certificates.contractTermId),
            eq(certificates.source, 'uploaded'),
          ),
        )
        .orderBy(asc(certificates.id))
        .limit(1);
  const next =
    recorded ??
    renewedTerm(
      cycle.expiryDate,
      term.term as TermCode,
      itemByCode(term.item as ItemCode).category === 'III' ? (brought ?? null) : null,
    );
  return {
    channel: customer.slackChannel,
    model: {
      locale,
      itemName: itemByCode(pricedItem(itemByCode(term.item as ItemCode), 'renewal').code).name[locale],
      commonName: contract.commonName,
      kind: outcome,
      replyDeadline: cycle.replyDeadline?.toString() ?? null,
      nextTerm: next.expiryDate ? { startsOn: next.startsOn.toString(), expiryDate: next.expiryDate.toString() } : null,
      fees: cert
        ? {
            certificateFee: cert.amount,
            agencyFee: agency?.amount ?? 0,
            total: cert.amount + (agency?.amount ?? 0),
            accruedOn: cert.accruedOn.toString(),
          }
        : null,
      agencyOnly: !cert && agency ? { agencyFee: agency.amount, accruedOn: agency.accruedOn.toString() } : null,
    },
  };
}

export async function endedData(q: Queryable, contractId: string) {
  const [row] = await q
    .select({ contract: contracts, customer: customers })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(eq(contracts.id, contractId));
  if (!row || row.contract.status !== 'ended' || !row.contract.endDate || !row.contract.endReason) return undefined;
  const locale = localeOf(row.customer.locale);
  return {
    channel: row.customer.slackChannel,
    model: {
      locale,
      itemName: itemByCode(row.contract.item as ItemCode).name[locale],
      commonName: row.contract.commonName,
      endDate: row.contract.endDate.toString(),
      reason: row.contract.endReason as EndReason,
    },
  };
}

export async function alertData(
  q: Queryable,
  data: { kind: string; contractId?: string | null; cycleId?: number; detail?: string },
  locale: Locale,
) {
  let customerName: string | null = null;
  let detail = data.detail ?? '';
  if (data.contractId) {
    const [row] = await q
      .select({ name: customers.name })
      .from(contracts)
      .innerJoin(customers, eq(customers.id, contracts.customerId))
      .where(eq(contracts.id, data.contractId));
    customerName = row?.name ?? null;
  }
  if (data.cycleId && !detail) {
    const [cycle] = await q
      .select({ expiryDate: renewalCycles.expiryDate })
      .from(renewalCycles)
      .where(eq(renewalCycles.id, data.cycleId));
    detail = cycle?.expiryDate.toString() ?? '';
  }
  return { locale, contractId: data.contractId ?? '—', customerName, detail };
}

/** The staff digest of a JST day: what ended and renewed that day, and what waits for staff now. */
export async function digestData(q: Queryable, date: BusinessDate, locale: Locale) {
  const from = jstInstantAt(date, 0);
  const to = jstInstantAt(addDays(date, 1), 0);
  const ended = await q
    .select({ id: contracts.id, commonName: contracts.commonName, reason: contracts.endReason })
    .from(contracts)
    .where(and(eq(contracts.status, 'ended'), gte(contracts.endedAt, from), lt(contracts.endedAt, to)))
    .orderBy(asc(contracts.id));
  const renewed = await q
    .select({ id: contracts.id, commonName: contracts.commonName, kind: renewalCycles.outcome })
    .from(renewalCycles)
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .where(
      and(
        inArray(renewalCycles.outcome, ['renewed', 'default-renewed']),
        gte(renewalCycles.outcomeAt, from),
        lt(renewalCycles.outcomeAt, to),
      ),
    )
    .orderBy(asc(contracts.id));
  const [apps] = await q.select({ n: count() }).from(applications).where(eq(applications.status, 'submitted'));
  const [changes] = await q.select({ n: count() }).from(contractChanges).where(eq(contractChanges.status, 'requested'));
  const [held] = await q
    .select({ n: count() })
    .from(renewalCycles)
    .where(and(sql`${renewalCycles.heldAt} is not null`, isNull(renewalCycles.outcome)));
  const [failed] = await q.select({ n: count() }).from(outbox).where(eq(outbox.status, 'failed'));
  return {
    locale,
    date: date.toString(),
    ended: ended.map((e) => ({ id: e.id, commonName: e.commonName, reason: e.reason })),
    renewed: renewed.map((e) => ({
      id: e.id,
      commonName: e.commonName,
      kind: e.kind === 'default-renewed' ? ('default-renewed' as const) : ('renewed' as const),
    })),
    waiting: {
      applications: Number(apps!.n),
      changes: Number(changes!.n),
      held: Number(held!.n),
      failed: Number(failed!.n),
    },
    openPrices: (await openPrices(q)).map((o) => ({ ...o, expiryDate: o.expiryDate.toString() })),
  };
}

export async function applicationData(q: Queryable, applicationId: number, locale: Locale) {
  const [row] = await q
    .select({ app: applications, customer: customers })
    .from(applications)
    .innerJoin(customers, eq(customers.id, applications.customerId))
    .where(eq(applications.id, applicationId));
  if (!row) return undefined;
  const { app, customer } = row;
  const item = itemByCode(app.item as ItemCode);
  const prices = pricesOn(item, app.term as TermCode, jstDateOf(app.submittedAt));
  const fees = prices.ok
    ? {
        total: prices.value.certificateFee === null ? null : prices.value.certificateFee + prices.value.agencyFee,
        individuallyPriced: prices.value.certificateFee === null,
      }
    : null;
  const recorded = await q
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.eventKey, `acceptance:${app.id}`));
  const model = {
    locale,
    id: app.id,
    customerName: customer.name,
    itemName: item.name[locale],
    term: app.term,
    commonName: app.commonName,
    service: app.service,
    providerCreatesKey: app.providerCreatesKey,
    submittedBy: person(app.submittedBy),
    submittedAt: when(app.submittedAt),
    fees,
    status: app.status as 'submitted' | 'accepted' | 'refused' | 'withdrawn',
    decidedBy: app.decidedBy ? person(app.decidedBy) : null,
    decidedAt: app.decidedAt ? when(app.decidedAt) : null,
    contractId: app.contractId,
    refusalReason: ((app.refusal as { reason?: string | null } | null)?.reason ?? null) || null,
    agencyFee: prices.ok ? prices.value.agencyFee : null,
  };
  return {
    model,
    customerLocale: localeOf(customer.locale),
    feesRecorded: recorded.length ? recorded.reduce((s, e) => s + e.amount, 0) : null,
  };
}

export async function changeData(q: Queryable, changeId: number, locale: Locale) {
  const [row] = await q
    .select({ change: contractChanges, customer: customers })
    .from(contractChanges)
    .innerJoin(contracts, eq(contracts.id, contractChanges.contractId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(eq(contractChanges.id, changeId));
  if (!row) return undefined;
  const c = row.change;
  return {
    customerLocale: localeOf(row.customer.locale),
    model: {
      locale,
      id: c.id,
      contractId: c.contractId,
      from: c.fromService,
      to: c.toService,
      requestedBy: person(c.requestedBy),
      status: c.status as 'requested' | 'accepted' | 'refused',
      decidedBy: c.decidedBy ? person(c.decidedBy) : null,
    },
  };
}

/** The language of a contract's customer, for messages in its channel. */
export async function customerLocale(q: Queryable, contractId: string): Promise<Locale> {
  const [row] = await q
    .select({ locale: customers.locale })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(eq(contracts.id, contractId));
  return localeOf(row?.locale ?? 'ja');
}

/** A cancellation as recorded (Art. 9(2)), to tell the customer's channel and staff. */
export async function cancellationData(q: Queryable, cancellationId: number) {
  const [row] = await q
    .select({ c: cancellations, contract: contracts, customer: customers })
    .from(cancellations)
    .innerJoin(contracts, eq(contracts.id, cancellations.contractId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(eq(cancellations.id, cancellationId));
  if (!row) return undefined;
  const { c, contract, customer } = row;
  return {
    channel: customer.slackChannel,
    customerLocale: localeOf(customer.locale),
    model: {
      contractId: contract.id,
      customerName: customer.name,
      commonName: contract.commonName,
      itemName: (l: Locale) => itemByCode(contract.item as ItemCode).name[l],
      receivedOn: c.receivedOn.toString(),
      requestedOn: c.requestedOn?.toString() ?? null,
      effectiveOn: c.effectiveOn.toString(),
      by: person(c.recordedBy),
      withdrawalReason: c.withdrawalReason,
    },
  };
}
