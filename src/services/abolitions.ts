// Art. 8: abolishing an item from a date, moving or withdrawing that abolition while no contract
// has ended under it, and the abolitions every quote and application checks.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { preparedPer, type Db, type Queryable, type Tx } from '../db/client.js';
import { abolitions, contracts, customers } from '../db/schema.js';
import { itemByCode, itemsAbolishedWith, type ItemCode } from '../domain/catalog.js';
import { compareDates, jstDateOf, type BusinessDate } from '../domain/dates.js';
import { governingEnd, type EndReason } from '../domain/ending.js';
import type { Abolitions } from '../domain/quote.js';
import { ok, reason, refused, type Decided, type Reason } from '../domain/reasons.js';
import { audit, type Actor } from './audit.js';
import { recordedEnds, settleContractEnd } from './endings.js';
import { NotFound } from './errors.js';
import { enqueueMessage } from './outbox.js';
import { inTransaction } from './transaction.js';

export type Abolition = typeof abolitions.$inferSelect;

/** The abolitions in force (not withdrawn), by item. */
export async function loadAbolitions(q: Queryable): Promise<Abolitions> {
  const rows = await abolitionsInForce(q).execute();
  return new Map(rows.map((r) => [r.item as ItemCode, r.effectiveFrom]));
}

const abolitionsInForce = preparedPer((q) =>
  q.select().from(abolitions).where(isNull(abolitions.withdrawnAt)).prepare('certdesk_abolitions_in_force'),
);

/** Every abolition ever recorded, withdrawn ones included, oldest first. */
export async function abolitionHistory(q: Queryable, item?: ItemCode): Promise<Abolition[]> {
  return q
    .select()
    .from(abolitions)
    .where(item ? eq(abolitions.item, item) : undefined)
    .orderBy(asc(abolitions.item), asc(abolitions.id));
}

export interface AffectedContract {
  id: string;
  customer: string;
  customerName: string;
  commonName: string;
  /** The day it ends once the abolition is recorded, and why: an earlier recorded end stands. */
  endsOn: BusinessDate;
  endReason: EndReason;
}

export interface AbolitionResult {
  item: ItemCode;
  from: BusinessDate;
  /** Nothing changed: the same abolition was already recorded. */
  alreadyRecorded: boolean;
  /** Nothing was written (`--dry-run`). */
  dryRun: boolean;
  /** The item's active contracts and the day each ends. */
  contracts: AffectedContract[];
  /** Of those, the ones that ended now because their end date has come. */
  endedNow: string[];
}

interface AbolitionInput {
  item: ItemCode;
  from: BusinessDate;
  reason?: string;
  actor: Actor;
  dryRun?: boolean;
}

function dateReasons(item: ItemCode, from: BusinessDate, today: BusinessDate): Reason[] {
  const reasons: Reason[] = [];
  if (itemByCode(item).category === 'III') reasons.push(reason('Art. 8', 'abolition-category-iii', { item }));
  // An abolition ends contracts on its date: a date already past would end them retroactively.
  if (compareDates(from, today) < 0)
    reasons.push(reason('Art. 8', 'abolition-date-past', { from: from.toString(), today: today.toString() }));
  return reasons;
}

/**
 * The active contracts an abolition of `item` reaches (its own, and the legacy items that renew as
 * it), each with the end it has with the abolitions on record.
 */
async function affectedContracts(tx: Tx, item: ItemCode): Promise<AffectedContract[]> {
  const rows = await tx
    .select({
      id: contracts.id,
      customer: contracts.customerId,
      customerName: customers.name,
      commonName: contracts.commonName,
      item: contracts.item,
    })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(and(inArray(contracts.item, itemsAbolishedWith(item)), eq(contracts.status, 'active')))
    .orderBy(asc(contracts.id));
  const out: AffectedContract[] = [];
  for (const r of rows) {
    const end = governingEnd(await recordedEnds(tx, r));
    if (end)
      out.push({
        id: r.id,
        customer: r.customer,
        customerName: r.customerName,
        commonName: r.commonName,
        endsOn: end.on,
        endReason: end.reason,
      });
  }
  return out;
}

async function settleAll(tx: Tx, ids: readonly string[], now: Date): Promise<string[]> {
  const ended: string[] = [];
  for (const id of ids) if ((await settleContractEnd(tx, id, now)).endedNow) ended.push(id);
  return ended;
}

/**
 * Art. 8 abolishes category I and II items when their CA stops the product. From that date the
 * item cannot be quoted, applied for or renewed, and its contracts end that day, unless an end
 * already recorded comes first. A date before today (JST) is refused.
 */
export async function abolishItem(db: Db, input: AbolitionInput, now: Date): Promise<Decided<AbolitionResult>> {
  const today = jstDateOf(now);
  return inTransaction(db, input.dryRun, async (tx) => {
    const [existing] = await tx
      .select()
      .from(abolitions)
      .where(and(eq(abolitions.item, input.item), isNull(abolitions.withdrawnAt)))
      .for('update');
    if (existing?.effectiveFrom.equals(input.from)) {
      return ok({
        item: input.item,
        from: input.from,
        alreadyRecorded: true,
        dryRun: Boolean(input.dryRun),
        contracts: await affectedContracts(tx, input.item),
        endedNow: [],
      });
    }
    const reasons = dateReasons(input.item, input.from, today);
    if (existing)
      reasons.push(
        reason('Art. 8', 'abolition-already-recorded', { item: input.item, from: existing.effectiveFrom.toString() }),
      );
    if (reasons.length) return refused<AbolitionResult>(...reasons);

    const [recorded] = await tx
      .insert(abolitions)
      .values({
        item: input.item,
        effectiveFrom: input.from,
        reason: input.reason ?? null,
        recordedBy: input.actor,
        createdAt: now,
      })
      .returning({ id: abolitions.id });
    const affected = await affectedContracts(tx, input.item);
    const endedNow = await settleAll(
      tx,
      affected.map((c) => c.id),
      now,
    );
    await announce(tx, recorded!.id, input.item, input.from, affected, now);
    await audit(tx, now, input.actor, 'abolish', `item:${input.item}`, {
      from: input.from.toString(),
      reason: input.reason ?? null,
      contracts: affected.map((c) => ({ id: c.id, endsOn: c.endsOn.toString(), endReason: c.endReason })),
    });
    return ok({
      item: input.item,
      from: input.from,
      alreadyRecorded: false,
      dryRun: Boolean(input.dryRun),
      contracts: affected,
      endedNow,
    });
  });
}

export interface AbolitionChange {
  item: ItemCode;
  /** The abolition taken back. */
  previous: { from: BusinessDate; recordedBy: string; recordedAt: Date };
  /** The new date, for a move; null for a withdrawal. */
  from: BusinessDate | null;
  dryRun: boolean;
  /** The item's active contracts with the end each has now. */
  contracts: { id: string; endsOn: BusinessDate | null; endReason: EndReason | null }[];
}

/** Art. 8: the affected customers are told in their channels, each of the contracts it ends. */
async function announce(
  tx: Tx,
  abolitionId: number,
  item: ItemCode,
  from: BusinessDate,
  affected: readonly AffectedContract[],
  now: Date,
): Promise<void> {
  const byCustomer = new Map<string, AffectedContract[]>();
  for (const c of affected) byCustomer.set(c.customer, [...(byCustomer.get(c.customer) ?? []), c]);
  for (const [customerId, list] of byCustomer) {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, customerId));
    if (!customer?.slackChannel) continue;
    const locale = customer.locale === 'en' ? 'en' : 'ja';
    await enqueueMessage(
      tx,
      {
        key: `abolition:${abolitionId}:${customerId}`,
        view: 'abolition-announced',
        data: {
          locale,
          itemName: itemByCode(item).name[locale],
          from: from.toString(),
          contracts: list.map((c) => ({ id: c.id, commonName: c.commonName, endsOn: c.endsOn.toString() })),
        },
        channel: customer.slackChannel,
      },
      now,
    );
  }
}

/** The abolition in force for an item, locked, refusing a change once a contract has ended under it. */
async function changeableAbolition(tx: Tx, item: ItemCode): Promise<Decided<Abolition>> {
  const [existing] = await tx
    .select()
    .from(abolitions)
    .where(and(eq(abolitions.item, item), isNull(abolitions.withdrawnAt)))
    .for('update');
  if (!existing) throw new NotFound('abolition', item);
  const ended = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        inArray(contracts.item, itemsAbolishedWith(item)),
        eq(contracts.status, 'ended'),
        eq(contracts.endReason, 'abolished'),
      ),
    );
  if (ended.length)
    return refused(
      reason('Art. 8', 'abolition-has-ended-contracts', {
        item,
        from: existing.effectiveFrom.toString(),
        contracts: ended.map((c) => c.id),
      }),
    );
  return ok(existing);
}

async function contractEnds(tx: Tx, item: ItemCode) {
  const rows = await tx
    .select({ id: contracts.id, endsOn: contracts.endDate, endReason: contracts.endReason })
    .from(contracts)
    .where(and(inArray(contracts.item, itemsAbolishedWith(item)), eq(contracts.status, 'active')))
    .orderBy(asc(contracts.id));
  return rows;
}

/**
 * Staff take back an abolition (the CA kept the product after all). Allowed while no contract has
 * ended under it; the abolition stays on record, marked withdrawn, and the contracts' ends are
 * derived again from what else is recorded.
 */
export async function withdrawAbolition(
  db: Db,
  input: { item: ItemCode; reason?: string; actor: Actor; dryRun?: boolean },
  now: Date,
): Promise<Decided<AbolitionChange>> {
  return inTransaction(db, input.dryRun, async (tx) => {
    const found = await changeableAbolition(tx, input.item);
    if (!found.ok) return found;
    const previous = found.value;
    await tx
      .update(abolitions)
      .set({ withdrawnAt: now, withdrawnBy: input.actor, withdrawalReason: input.reason ?? null })
      .where(eq(abolitions.id, previous.id));
    const ids = (await contractEnds(tx, input.item)).map((c) => c.id);
    await settleAll(tx, ids, now);
    await audit(tx, now, input.actor, 'abolish.withdraw', `item:${input.item}`, {
      from: previous.effectiveFrom.toString(),
      reason: input.reason ?? null,
    });
    return ok({
      item: input.item,
      previous: { from: previous.effectiveFrom, recordedBy: previous.recordedBy, recordedAt: previous.createdAt },
      from: null,
      dryRun: Boolean(input.dryRun),
      contracts: await contractEnds(tx, input.item),
    });
  });
}

/** Staff move an abolition to another date (not in the past), while no contract has ended under it. */
export async function moveAbolition(
  db: Db,
  input: { item: ItemCode; from: BusinessDate; reason?: string; actor: Actor; dryRun?: boolean },
  now: Date,
): Promise<Decided<AbolitionChange>> {
  return inTransaction(db, input.dryRun, async (tx) => {
    const found = await changeableAbolition(tx, input.item);
    if (!found.ok) return found;
    const previous = found.value;
    const reasons = dateReasons(input.item, input.from, jstDateOf(now));
    if (reasons.length) return refused<AbolitionChange>(...reasons);
    // The replacement's id is taken first, so the old fact can name it as it is withdrawn.
    const [next] = await tx.execute<{ id: string }>(
      sql`select nextval(pg_get_serial_sequence('abolitions', 'id')) as id`,
    );
    const nextId = Number(next!.id);
    await tx
      .update(abolitions)
      .set({ withdrawnAt: now, withdrawnBy: input.actor, withdrawalReason: input.reason ?? null, replacedBy: nextId })
      .where(eq(abolitions.id, previous.id));
    await tx.insert(abolitions).values({
      id: nextId,
      item: input.item,
      effectiveFrom: input.from,
      reason: input.reason ?? previous.reason,
      recordedBy: input.actor,
      createdAt: now,
    });
    const ids = (await contractEnds(tx, input.item)).map((c) => c.id);
    await settleAll(tx, ids, now);
    await audit(tx, now, input.actor, 'abolish.move', `item:${input.item}`, {
      from: previous.effectiveFrom.toString(),
      to: input.from.toString(),
      reason: input.reason ?? null,
    });
    return ok({
      item: input.item,
      previous: { from: previous.effectiveFrom, recordedBy: previous.recordedBy, recordedAt: previous.createdAt },
      from: input.from,
      dryRun: Boolean(input.dryRun),
      contracts: await contractEnds(tx, input.item),
    });
  });
}
