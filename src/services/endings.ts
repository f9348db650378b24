// The day a contract ends, derived from the facts recorded for it (Art. 8, 9, 6(3)), and the
// ending itself once that day has come. contracts.end_date and end_reason are this derivation,
// kept beside the contract so the scheduler finds due endings by index.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { abolitions, cancellations, contracts, contractTerms, customers, renewalCycles } from '../db/schema.js';
import { abolitionsReaching, ITEMS, type ItemCode } from '../domain/catalog.js';
import { addDays, jstDateOf, laterOf, type BusinessDate } from '../domain/dates.js';
import { abolitionEnd, endHasCome, governingEnd, type EndReason, type RecordedEnd } from '../domain/ending.js';
import { termEnd, type TermCode } from '../domain/terms.js';
import { audit } from './audit.js';
import { enqueueMessage } from './outbox.js';

export interface SettledEnd {
  endDate: BusinessDate | null;
  endReason: EndReason | null;
  /** The contract ended now because its end date has come. */
  endedNow: boolean;
}

/** Every end recorded for a contract, whether or not it governs. */
export async function recordedEnds(tx: Tx, contract: { id: string; item: string }): Promise<RecordedEnd[]> {
  const ends: RecordedEnd[] = [];
  const [cancellation] = await tx
    .select()
    .from(cancellations)
    .where(and(eq(cancellations.contractId, contract.id), isNull(cancellations.withdrawnAt)));
  if (cancellation)
    ends.push({ on: cancellation.effectiveOn, reason: 'cancelled', recordedAt: cancellation.createdAt });
  const [current] = await tx
    .select({ cycle: renewalCycles, term: contractTerms.term })
    .from(renewalCycles)
    .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
    .where(eq(renewalCycles.contractId, contract.id))
    .orderBy(desc(contractTerms.seq))
    .limit(1);
  const c = current?.cycle;
  // Art. 8 with the supplementary provision (平成28年7月1日): an abolition of the item a contract renews as reaches it too.
  const reaching = await tx
    .select()
    .from(abolitions)
    .where(
      and(inArray(abolitions.item, abolitionsReaching(contract.item as ItemCode)), isNull(abolitions.withdrawnAt)),
    );
  for (const a of reaching) {
    const renewed = c?.outcome === 'renewed' || c?.outcome === 'default-renewed';
    const on = c
      ? abolitionEnd(
          { from: a.effectiveFrom, recordedAt: a.createdAt },
          {
            expiryDate: c.expiryDate,
            replyDeadline: c.replyDeadline,
            renewedTermEnd: termEnd(addDays(c.expiryDate, 1), current!.term as TermCode),
            renewalRecordedAt: renewed ? (c.outcomeAt ?? c.createdAt) : null,
          },
        )
      : a.effectiveFrom;
    ends.push({ on, reason: 'abolished', recordedAt: a.createdAt, fromStartOfDay: on.equals(a.effectiveFrom) });
  }
  // Art. 9(1): "don't renew" ends the contract the day the term ends; Art. 6(3): so does a lapse.
  if (c?.decision === 'dont-renew' || c?.outcome === 'ended')
    ends.push({ on: c.expiryDate, reason: 'not-renewed', recordedAt: c.decidedAt ?? c.createdAt });
  // A held category III contract lapses at the end of its window, which runs past the expiry date (Art. 6(3)).
  if (c?.outcome === 'lapsed')
    ends.push({
      on: laterOf(c.expiryDate, c.replyDeadline ?? c.expiryDate),
      reason: 'lapsed',
      recordedAt: c.outcomeAt ?? c.createdAt,
    });
  return ends;
}

/**
 * Recomputes an active contract's end from its recorded facts, after one was added or withdrawn,
 * and ends it when that day has come. An ended contract is never reopened.
 */
export async function settleContractEnd(tx: Tx, contractId: string, now: Date): Promise<SettledEnd> {
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
  if (!contract) throw new Error(`no contract ${contractId}`);
  if (contract.status === 'ended') return { endDate: contract.endDate, endReason: contract.endReason, endedNow: false };
  const end = governingEnd(await recordedEnds(tx, contract));
  // Art. 9: in force through the whole of its end date; Art. 8: an abolition from the start of its date.
  const endsNow = end !== undefined && endHasCome(end, jstDateOf(now));
  const changed = contract.endDate?.toString() !== end?.on.toString() || contract.endReason !== (end?.reason ?? null);
  await tx
    .update(contracts)
    .set({
      endDate: end?.on ?? null,
      endReason: end?.reason ?? null,
      ...(endsNow ? { status: 'ended', endedAt: now } : {}),
    })
    .where(eq(contracts.id, contractId));
  if (changed || endsNow) await touchCurrentCycle(tx, contractId, now);
  if (endsNow) await announceEnding(tx, contractId, contract.customerId, now);
  return { endDate: end?.on ?? null, endReason: end?.reason ?? null, endedNow: endsNow };
}

/** The scheduler looks at the contract's current cycle again at its next sweep (its due work may have changed). */
export async function touchCurrentCycle(tx: Tx, contractId: string, now: Date): Promise<void> {
  await tx.execute(sql`
    update renewal_cycles set due_at = ${now.toISOString()}::timestamptz
    where id = (select rc.id from renewal_cycles rc join contract_terms ct on ct.id = rc.contract_term_id
                where rc.contract_id = ${contractId} order by ct.seq desc limit 1)`);
}

/** On its end date the contract ends and the customer's channel is told (Art. 8, 9). */
async function announceEnding(tx: Tx, contractId: string, customerId: string, now: Date): Promise<void> {
  const [customer] = await tx
    .select({ channel: customers.slackChannel })
    .from(customers)
    .where(eq(customers.id, customerId));
  await enqueueMessage(
    tx,
    {
      key: `ended:${contractId}`,
      view: 'contract-ended',
      data: { contractId },
      channel: customer?.channel ?? null,
      contractId,
    },
    now,
  );
  await audit(tx, now, 'scheduler', 'contract.end', `contract:${contractId}`, {});
}

/** Art. 8: the contract's end date is the date an abolition reaching it takes effect (its item's, or the item it renews as). */
const abolishedThatDay =
  sql.raw(`exists (select 1 from abolitions a where a.withdrawn_at is null and a.effective_from = contracts.end_date
  and (a.item = contracts.item${ITEMS.filter((i) => i.renewsAs)
    .map((i) => ` or (contracts.item = '${i.code}' and a.item = '${i.renewsAs}')`)
    .join('')}))`);

/**
 * Active contracts whose end has come (by index), to be ended by the sweep: in force through the end
 * date (Art. 9), or not on it when an abolition takes effect that day (Art. 8).
 */
export async function dueEndings(tx: Queryable, now: Date, limit: number): Promise<string[]> {
  const today = jstDateOf(now).toString();
  const rows = await tx.execute<{ id: string }>(
    // An ending that failed waits for its retry (services/failures.ts).
    sql`select id from contracts where status = 'active' and end_date is not null
        and (end_date < ${today}::date or (end_date = ${today}::date and end_reason = 'abolished' and ${abolishedThatDay}))
        and not exists (
          select 1 from scheduled_failures f
          where f.step = 'ending' and f.subject = contracts.id and f.resolved_at is null
            and f.retry_at > ${now.toISOString()}::timestamptz
        )
        order by end_date, id limit ${limit}`,
  );
  return [...rows].map((r) => r.id);
}
