// Art. 9(2): recording a cancellation form, and withdrawing or correcting one as a new fact.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { cancellations, contracts, contractTerms } from '../db/schema.js';
import { itemByCode, type ItemCode } from '../domain/catalog.js';
import { cancellationDates, cancellationReasons, type CancellationDates } from '../domain/cancellation.js';
import { compareDates, jstWallClock, type BusinessDate } from '../domain/dates.js';
import type { EndReason } from '../domain/ending.js';
import { ok, reason, refused, type Decided, type Reason } from '../domain/reasons.js';
import { audit, type Actor } from './audit.js';
import { settleContractEnd } from './endings.js';
import { NotFound } from './errors.js';
import { inTransaction } from './transaction.js';

export type CancellationVia = 'modal' | 'staff' | 'cli';

export interface CancellationRecorded extends CancellationDates {
  contract: string;
  /** The day the contract ends: the effective date, or an earlier end already recorded. */
  endDate: BusinessDate;
  endReason: EndReason;
  status: 'active' | 'ended';
  dryRun: boolean;
  warnings: { code: 'effective-after-expiry'; expiryDate: string }[];
}

export interface CancellationInput {
  contractId: string;
  receivedAt: Date;
  requestedOn?: BusinessDate;
  via: CancellationVia;
  actor: Actor;
  dryRun?: boolean;
}

async function lockContract(tx: Tx, contractId: string) {
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
  if (!contract) throw new NotFound('contract', contractId);
  const [term] = await tx.select().from(contractTerms).where(eq(contractTerms.contractId, contract.id)).orderBy(desc(contractTerms.seq)).limit(1);
  const [inForce] = await tx
    .select()
    .from(cancellations)
    .where(and(eq(cancellations.contractId, contract.id), isNull(cancellations.withdrawnAt)));
  return { contract, term, inForce };
}

/** A form cannot arrive after the moment it is recorded. */
function arrivalReasons(receivedAt: Date, now: Date): Reason[] {
  return receivedAt.getTime() > now.getTime() ? [reason(null, 'received-in-future', { receivedAt: `${jstWallClock(receivedAt)} JST`, now: `${jstWallClock(now)} JST` })] : [];
}

async function insertAndSettle(tx: Tx, input: CancellationInput, dates: CancellationDates, now: Date, id?: number) {
  await tx.insert(cancellations).values({
    ...(id ? { id } : {}),
    contractId: input.contractId,
    receivedAt: input.receivedAt,
    receivedOn: dates.receivedOn,
    requestedOn: input.requestedOn ?? null,
    effectiveOn: dates.effective,
    via: input.via,
    recordedBy: input.actor,
    createdAt: now,
  });
  return settleContractEnd(tx, input.contractId, now);
}

function result(
  contract: { id: string; item: string },
  term: { expiryDate: BusinessDate } | undefined,
  dates: CancellationDates,
  settled: { endDate: BusinessDate | null; endReason: EndReason | null; endedNow: boolean },
  dryRun: boolean,
): CancellationRecorded {
  const warnings: CancellationRecorded['warnings'] = [];
  // Category I/II: a term that ends before the effective date renews by default unless the customer answers "don't renew".
  if (itemByCode(contract.item as ItemCode).category !== 'III' && term && compareDates(dates.effective, term.expiryDate) > 0 && settled.endReason === 'cancelled') {
    warnings.push({ code: 'effective-after-expiry', expiryDate: term.expiryDate.toString() });
  }
  return { contract: contract.id, ...dates, endDate: settled.endDate!, endReason: settled.endReason!, status: settled.endedNow ? 'ended' : 'active', dryRun, warnings };
}

/** Records a cancellation form (a modal, or staff for a paper or e-mail form with the time it arrived). */
export async function recordCancellation(db: Db, input: CancellationInput, now: Date): Promise<Decided<CancellationRecorded>> {
  return inTransaction(db, input.dryRun, async (tx) => {
    const { contract, term, inForce } = await lockContract(tx, input.contractId);
    const dates = cancellationDates(input.receivedAt, input.requestedOn);
    const reasons = [
      ...arrivalReasons(input.receivedAt, now),
      ...cancellationReasons(dates.receivedOn, { ended: contract.status === 'ended', cancellationEffective: inForce?.effectiveOn ?? null }, term),
    ];
    if (reasons.length) return refused<CancellationRecorded>(...reasons);
    const settled = await insertAndSettle(tx, input, dates, now);
    await audit(tx, now, input.actor, 'cancel', `contract:${contract.id}`, {
      receivedAt: input.receivedAt.toISOString(),
      requestedOn: input.requestedOn?.toString() ?? null,
      effective: dates.effective.toString(),
      via: input.via,
    });
    return ok(result(contract, term, dates, settled, Boolean(input.dryRun)));
  });
}

export interface CancellationWithdrawn {
  contract: string;
  withdrawn: { receivedOn: BusinessDate; effective: BusinessDate; recordedBy: string };
  endDate: BusinessDate | null;
  endReason: EndReason | null;
  dryRun: boolean;
}

/**
 * The customer withdrew the form: the cancellation stays on record, marked withdrawn, and the
 * contract's end is derived again from what else is recorded. Not once the contract has ended.
 */
export async function withdrawCancellation(db: Db, input: { contractId: string; reason?: string; actor: Actor; dryRun?: boolean }, now: Date): Promise<Decided<CancellationWithdrawn>> {
  return inTransaction(db, input.dryRun, async (tx) => {
    const { contract, inForce } = await lockContract(tx, input.contractId);
    if (!inForce) throw new NotFound('cancellation', input.contractId);
    if (contract.status === 'ended') return refused<CancellationWithdrawn>(reason('Art. 9(2)', 'contract-ended'));
    await tx
      .update(cancellations)
      .set({ withdrawnAt: now, withdrawnBy: input.actor, withdrawalReason: input.reason ?? null })
      .where(eq(cancellations.id, inForce.id));
    const settled = await settleContractEnd(tx, contract.id, now);
    await audit(tx, now, input.actor, 'cancel.withdraw', `contract:${contract.id}`, { effective: inForce.effectiveOn.toString(), reason: input.reason ?? null });
    return ok({
      contract: contract.id,
      withdrawn: { receivedOn: inForce.receivedOn, effective: inForce.effectiveOn, recordedBy: inForce.recordedBy },
      endDate: settled.endDate,
      endReason: settled.endReason,
      dryRun: Boolean(input.dryRun),
    });
  });
}

export interface CancellationCorrected extends CancellationRecorded {
  replaced: { receivedOn: BusinessDate; effective: BusinessDate };
}

/**
 * A recorded form was mistyped (its arrival time, the requested date): the correction is a new
 * cancellation that replaces the old one, which stays on record. Not once the contract has ended.
 */
export async function correctCancellation(
  db: Db,
  input: { contractId: string; receivedAt?: Date; requestedOn?: BusinessDate | null; reason?: string; actor: Actor; dryRun?: boolean },
  now: Date,
): Promise<Decided<CancellationCorrected>> {
  return inTransaction(db, input.dryRun, async (tx) => {
    const { contract, term, inForce } = await lockContract(tx, input.contractId);
    if (!inForce) throw new NotFound('cancellation', input.contractId);
    const receivedAt = input.receivedAt ?? inForce.receivedAt;
    const requestedOn = input.requestedOn === undefined ? (inForce.requestedOn ?? undefined) : (input.requestedOn ?? undefined);
    const dates = cancellationDates(receivedAt, requestedOn);
    const reasons = [...arrivalReasons(receivedAt, now), ...cancellationReasons(dates.receivedOn, { ended: contract.status === 'ended' }, term)];
    if (reasons.length) return refused<CancellationCorrected>(...reasons);
    const [next] = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence('cancellations', 'id')) as id`);
    const nextId = Number(next!.id);
    await tx
      .update(cancellations)
      .set({ withdrawnAt: now, withdrawnBy: input.actor, withdrawalReason: input.reason ?? null, replacedBy: nextId })
      .where(eq(cancellations.id, inForce.id));
    const settled = await insertAndSettle(tx, { contractId: contract.id, receivedAt, requestedOn, via: inForce.via as CancellationVia, actor: input.actor }, dates, now, nextId);
    await audit(tx, now, input.actor, 'cancel.correct', `contract:${contract.id}`, {
      was: { receivedAt: inForce.receivedAt.toISOString(), requestedOn: inForce.requestedOn?.toString() ?? null, effective: inForce.effectiveOn.toString() },
      now: { receivedAt: receivedAt.toISOString(), requestedOn: requestedOn?.toString() ?? null, effective: dates.effective.toString() },
      reason: input.reason ?? null,
    });
    return ok({ ...result(contract, term, dates, settled, Boolean(input.dryRun)), replaced: { receivedOn: inForce.receivedOn, effective: inForce.effectiveOn } });
  });
}
