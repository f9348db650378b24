// Art. 9(2): recording a cancellation form, and withdrawing or correcting one as a new fact.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { cancellations, contracts, contractTerms, customers, renewalCycles } from '../db/schema.js';
import { itemByCode, type ItemCode } from '../domain/catalog.js';
import { cancellationDates, cancellationReasons, type CancellationDates } from '../domain/cancellation.js';
import { compareDates, jstDateOf, jstWallClock, type BusinessDate } from '../domain/dates.js';
import type { EndReason } from '../domain/ending.js';
import { ok, reason, refused, type Decided, type Reason } from '../domain/reasons.js';
import { audit, type Actor } from './audit.js';
import { settleContractEnd } from './endings.js';
import { NotFound } from './errors.js';
import { enqueueMessage } from './outbox.js';
import { inTransaction } from './transaction.js';

export type CancellationVia = 'modal' | 'staff' | 'cli';

export interface CancellationRecorded extends CancellationDates {
  contract: string;
  /** The day the contract ends: the effective date, or an earlier end already recorded. */
  endDate: BusinessDate;
  endReason: EndReason;
  status: 'active' | 'ended';
  dryRun: boolean;
  warnings: CancellationWarning[];
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
  const [term] = await tx
    .select()
    .from(contractTerms)
    .where(eq(contractTerms.contractId, contract.id))
    .orderBy(desc(contractTerms.seq))
    .limit(1);
  const [first] = await tx
    .select()
    .from(contractTerms)
    .where(eq(contractTerms.contractId, contract.id))
    .orderBy(asc(contractTerms.seq))
    .limit(1);
  const [inForce] = await tx
    .select()
    .from(cancellations)
    .where(and(eq(cancellations.contractId, contract.id), isNull(cancellations.withdrawnAt)));
  // A form counts if it arrived in any term of the contract: one that arrived on the last day of a
  // term is recorded after the renewed term began (有効期間中 of the contract, Art. 9(2)).
  const validity = term && first ? { startsOn: first.startsOn, expiryDate: term.expiryDate } : undefined;
  return { contract, term, validity, inForce };
}

/** A form cannot arrive after the moment it is recorded. */
function arrivalReasons(receivedAt: Date, now: Date): Reason[] {
  return receivedAt.getTime() > now.getTime()
    ? [
        reason(null, 'received-in-future', {
          receivedAt: `${jstWallClock(receivedAt)} JST`,
          now: `${jstWallClock(now)} JST`,
        }),
      ]
    : [];
}

/**
 * Art. 9(2): a cancellation recorded, corrected or withdrawn is told to the customer's channel and
 * to staff, whoever recorded it (every contact and staff learn of it before the contract ends).
 */
async function tellCancellation(
  tx: Tx,
  contractId: string,
  cancellationId: number,
  kind: 'recorded' | 'corrected' | 'withdrawn',
  now: Date,
): Promise<void> {
  const [row] = await tx
    .select({ channel: customers.slackChannel })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(eq(contracts.id, contractId));
  const data = { cancellationId, kind };
  await enqueueMessage(
    tx,
    {
      key: `cancellation:${cancellationId}:${kind}`,
      view: 'cancellation-told',
      data,
      channel: row?.channel ?? null,
      contractId,
    },
    now,
  );
  if (row?.channel)
    await enqueueMessage(
      tx,
      {
        key: `cancellation:${cancellationId}:${kind}:staff`,
        view: 'cancellation-told',
        data,
        channel: null,
        contractId,
      },
      now,
    );
}

async function insertAndSettle(tx: Tx, input: CancellationInput, dates: CancellationDates, now: Date, id?: number) {
  const [inserted] = await tx
    .insert(cancellations)
    .values({
      ...(id ? { id } : {}),
      contractId: input.contractId,
      receivedAt: input.receivedAt,
      receivedOn: dates.receivedOn,
      requestedOn: input.requestedOn ?? null,
      effectiveOn: dates.effective,
      via: input.via,
      recordedBy: input.actor,
      createdAt: now,
    })
    .returning({ id: cancellations.id });
  await tellCancellation(tx, input.contractId, inserted!.id, id ? 'corrected' : 'recorded', now);
  return settleContractEnd(tx, input.contractId, now);
}

export type CancellationWarning =
  /** Category I/II: the term ends first and renews by default unless the customer answers "don't renew" by the deadline. */
  | { code: 'effective-after-expiry'; expiryDate: string; replyDeadline: string | null }
  /** The term ends first and its renewal is already decided (answered "renew", or the deadline passed): the renewal and its fees come first. */
  | { code: 'renewal-decided'; expiryDate: string; decision: 'renew' | 'default-renew' }
  /** The effective date has already passed: the contract ends now, as of that date. */
  | { code: 'effective-date-passed'; expiryDate: string; effective: string };

async function warningsFor(
  tx: Tx,
  contract: { id: string; item: string },
  term: { id: number; expiryDate: BusinessDate } | undefined,
  dates: CancellationDates,
  settled: { endReason: EndReason | null },
  now: Date,
): Promise<CancellationWarning[]> {
  const warnings: CancellationWarning[] = [];
  if (!term || settled.endReason !== 'cancelled') return warnings;
  if (compareDates(dates.effective, jstDateOf(now)) < 0)
    warnings.push({
      code: 'effective-date-passed',
      expiryDate: term.expiryDate.toString(),
      effective: dates.effective.toString(),
    });
  if (itemByCode(contract.item as ItemCode).category === 'III' || compareDates(dates.effective, term.expiryDate) <= 0)
    return warnings;
  const [cycle] = await tx.select().from(renewalCycles).where(eq(renewalCycles.contractTermId, term.id)).limit(1);
  const deadlinePassed = cycle?.replyDeadline ? compareDates(jstDateOf(now), cycle.replyDeadline) > 0 : false;
  const decided =
    cycle?.decision === 'renew' || cycle?.outcome === 'renewed'
      ? 'renew'
      : cycle?.decision === 'default-renew' ||
          cycle?.outcome === 'default-renewed' ||
          (deadlinePassed && !cycle?.decision)
        ? 'default-renew'
        : null;
  if (decided) warnings.push({ code: 'renewal-decided', expiryDate: term.expiryDate.toString(), decision: decided });
  else
    warnings.push({
      code: 'effective-after-expiry',
      expiryDate: term.expiryDate.toString(),
      replyDeadline: cycle?.replyDeadline?.toString() ?? null,
    });
  return warnings;
}

function result(
  contract: { id: string },
  dates: CancellationDates,
  settled: { endDate: BusinessDate | null; endReason: EndReason | null; endedNow: boolean },
  dryRun: boolean,
  warnings: CancellationWarning[],
): CancellationRecorded {
  return {
    contract: contract.id,
    ...dates,
    endDate: settled.endDate!,
    endReason: settled.endReason!,
    status: settled.endedNow ? 'ended' : 'active',
    dryRun,
    warnings,
  };
}

/** A form after the expiry of a held term (no notice went out in time): say how such a contract ends instead. */
async function withHoldHint(tx: Tx, term: { id: number } | undefined, reasons: Reason[]): Promise<Reason[]> {
  if (!term || !reasons.some((r) => r.code === 'cancellation-after-validity')) return reasons;
  const [cycle] = await tx.select().from(renewalCycles).where(eq(renewalCycles.contractTermId, term.id)).limit(1);
  if (!cycle?.heldAt || cycle.outcome) return reasons;
  return reasons.map((r) =>
    r.code === 'cancellation-after-validity' ? { ...r, params: { ...r.params, held: 'yes' } } : r,
  );
}

/** Records a cancellation form (a modal, or staff for a paper or e-mail form with the time it arrived). */
export async function recordCancellation(
  db: Db,
  input: CancellationInput,
  now: Date,
): Promise<Decided<CancellationRecorded>> {
  return inTransaction(db, input.dryRun, async (tx) => {
    const { contract, term, validity, inForce } = await lockContract(tx, input.contractId);
    const dates = cancellationDates(input.receivedAt, input.requestedOn);
    const reasons = [
      ...arrivalReasons(input.receivedAt, now),
      ...cancellationReasons(
        dates.receivedOn,
        { ended: contract.status === 'ended', cancellationEffective: inForce?.effectiveOn ?? null },
        validity,
      ),
    ];
    if (reasons.length) return refused<CancellationRecorded>(...(await withHoldHint(tx, term, reasons)));
    const settled = await insertAndSettle(tx, input, dates, now);
    await audit(tx, now, input.actor, 'cancel', `contract:${contract.id}`, {
      receivedAt: input.receivedAt.toISOString(),
      requestedOn: input.requestedOn?.toString() ?? null,
      effective: dates.effective.toString(),
      via: input.via,
    });
    return ok(
      result(
        contract,
        dates,
        settled,
        Boolean(input.dryRun),
        await warningsFor(tx, contract, term, dates, settled, now),
      ),
    );
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
export async function withdrawCancellation(
  db: Db,
  input: { contractId: string; reason?: string; actor: Actor; dryRun?: boolean },
  now: Date,
): Promise<Decided<CancellationWithdrawn>> {
  return inTransaction(db, input.dryRun, async (tx) => {
    const { contract, inForce } = await lockContract(tx, input.contractId);
    if (!inForce) throw new NotFound('cancellation', input.contractId);
    if (contract.status === 'ended') return refused<CancellationWithdrawn>(reason('Art. 9(2)', 'contract-ended'));
    await tx
      .update(cancellations)
      .set({ withdrawnAt: now, withdrawnBy: input.actor, withdrawalReason: input.reason ?? null })
      .where(eq(cancellations.id, inForce.id));
    const settled = await settleContractEnd(tx, contract.id, now);
    await tellCancellation(tx, contract.id, inForce.id, 'withdrawn', now);
    await audit(tx, now, input.actor, 'cancel.withdraw', `contract:${contract.id}`, {
      effective: inForce.effectiveOn.toString(),
      reason: input.reason ?? null,
    });
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
  input: {
    contractId: string;
    receivedAt?: Date;
    requestedOn?: BusinessDate | null;
    reason?: string;
    actor: Actor;
    dryRun?: boolean;
  },
  now: Date,
): Promise<Decided<CancellationCorrected>> {
  return inTransaction(db, input.dryRun, async (tx) => {
    const { contract, term, validity, inForce } = await lockContract(tx, input.contractId);
    if (!inForce) throw new NotFound('cancellation', input.contractId);
    const receivedAt = input.receivedAt ?? inForce.receivedAt;
    const requestedOn =
      input.requestedOn === undefined ? (inForce.requestedOn ?? undefined) : (input.requestedOn ?? undefined);
    const dates = cancellationDates(receivedAt, requestedOn);
    if (
      receivedAt.getTime() === inForce.receivedAt.getTime() &&
      (requestedOn?.toString() ?? null) === (inForce.requestedOn?.toString() ?? null)
    ) {
      return refused<CancellationCorrected>(reason('Art. 9(2)', 'correction-changes-nothing'));
    }
    const reasons = [
      ...arrivalReasons(receivedAt, now),
      ...cancellationReasons(dates.receivedOn, { ended: contract.status === 'ended' }, validity),
    ];
    if (reasons.length) return refused<CancellationCorrected>(...reasons);
    const [next] = await tx.execute<{ id: string }>(
      sql`select nextval(pg_get_serial_sequence('cancellations', 'id')) as id`,
    );
    const nextId = Number(next!.id);
    await tx
      .update(cancellations)
      .set({ withdrawnAt: now, withdrawnBy: input.actor, withdrawalReason: input.reason ?? null, replacedBy: nextId })
      .where(eq(cancellations.id, inForce.id));
    const settled = await insertAndSettle(
      tx,
      { contractId: contract.id, receivedAt, requestedOn, via: inForce.via as CancellationVia, actor: input.actor },
      dates,
      now,
      nextId,
    );
    await audit(tx, now, input.actor, 'cancel.correct', `contract:${contract.id}`, {
      was: {
        receivedAt: inForce.receivedAt.toISOString(),
        requestedOn: inForce.requestedOn?.toString() ?? null,
        effective: inForce.effectiveOn.toString(),
      },
      now: {
        receivedAt: receivedAt.toISOString(),
        requestedOn: requestedOn?.toString() ?? null,
        effective: dates.effective.toString(),
      },
      reason: input.reason ?? null,
    });
    return ok({
      ...result(
        contract,
        dates,
        settled,
        Boolean(input.dryRun),
        await warningsFor(tx, contract, term, dates, settled, now),
      ),
      replaced: { receivedOn: inForce.receivedOn, effective: inForce.effectiveOn },
    });
  });
}
