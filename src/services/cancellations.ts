// Art. 9(2): recording a cancellation form and ending the contract on its effective date.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cancellations, contracts, contractTerms } from '../db/schema.js';
import { itemByCode, type ItemCode } from '../domain/catalog.js';
import { cancellationDates, cancellationReasons, type CancellationDates } from '../domain/cancellation.js';
import { compareDates, earlierOf, isOnOrBefore, jstDateOf, type BusinessDate } from '../domain/dates.js';
import { ok, refused, type Decided } from '../domain/reasons.js';
import { audit, type Actor } from './audit.js';

export class UnknownContract extends Error {
  constructor(readonly contractId: string) {
    super(`no contract "${contractId}" (certdesk contracts lists them)`);
  }
}

export interface CancellationRecorded extends CancellationDates {
  contract: string;
  /** The day the contract ends: the effective date, or an earlier end already decided. */
  endDate: BusinessDate;
  endReason: string;
  status: 'active' | 'ended';
  warnings: { code: 'effective-after-expiry'; expiryDate: string }[];
}

export async function recordCancellation(
  db: Db,
  input: { contractId: string; receivedAt: Date; requestedOn?: BusinessDate; via: 'modal' | 'staff' | 'cli'; actor: Actor },
  now: Date,
): Promise<Decided<CancellationRecorded>> {
  return db.transaction(async (tx) => {
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, input.contractId)).for('update');
    if (!contract) throw new UnknownContract(input.contractId);
    const [term] = await tx.select().from(contractTerms).where(eq(contractTerms.contractId, contract.id)).orderBy(desc(contractTerms.seq)).limit(1);
    const [existing] = await tx.select().from(cancellations).where(eq(cancellations.contractId, contract.id));
    const dates = cancellationDates(input.receivedAt, input.requestedOn);
    const reasons = cancellationReasons(dates.receivedOn, { ended: contract.status === 'ended', cancellationEffective: existing?.effectiveOn ?? null }, term);
    if (reasons.length) return refused<CancellationRecorded>(...reasons);

    // An end already decided for an earlier day (abolition, "don't renew") stands.
    const endDate = contract.endDate ? earlierOf(contract.endDate, dates.effective) : dates.effective;
    const endReason = contract.endDate && compareDates(contract.endDate, dates.effective) < 0 ? contract.endReason! : 'cancelled';
    const endsNow = isOnOrBefore(endDate, jstDateOf(now));
    await tx.insert(cancellations).values({
      contractId: contract.id,
      receivedAt: input.receivedAt,
      receivedOn: dates.receivedOn,
      requestedOn: input.requestedOn ?? null,
      effectiveOn: dates.effective,
      via: input.via,
      recordedBy: input.actor,
      createdAt: now,
    });
    await tx
      .update(contracts)
      .set({ endDate, endReason, ...(endsNow ? { status: 'ended', endedAt: now } : {}) })
      .where(eq(contracts.id, contract.id));
    await audit(tx, now, input.actor, 'cancel', `contract:${contract.id}`, {
      receivedAt: input.receivedAt.toISOString(),
      requestedOn: input.requestedOn?.toString() ?? null,
      effective: dates.effective.toString(),
      via: input.via,
    });
    const warnings: CancellationRecorded['warnings'] = [];
    // Category I/II: a term that ends before the effective date renews by default unless the customer answers "don't renew".
    if (itemByCode(contract.item as ItemCode).category !== 'III' && term && compareDates(dates.effective, term.expiryDate) > 0 && endReason === 'cancelled') {
      warnings.push({ code: 'effective-after-expiry', expiryDate: term.expiryDate.toString() });
    }
    return ok({ contract: contract.id, ...dates, endDate, endReason, status: endsNow ? 'ended' : 'active', warnings });
  });
}
