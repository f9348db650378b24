// Art. 8: abolishing an item from a date, and the abolitions every quote and application checks.
import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { abolitions, contracts } from '../db/schema.js';
import { itemByCode, type ItemCode } from '../domain/catalog.js';
import { isOnOrBefore, jstDateOf, type BusinessDate } from '../domain/dates.js';
import type { Abolitions } from '../domain/quote.js';
import { reason, refused, ok, type Decided } from '../domain/reasons.js';
import { audit, type Actor } from './audit.js';

export async function loadAbolitions(q: Queryable): Promise<Abolitions> {
  const rows = await q.select().from(abolitions);
  return new Map(rows.map((r) => [r.item as ItemCode, r.effectiveFrom]));
}

export interface AbolitionResult {
  item: ItemCode;
  from: BusinessDate;
  /** Nothing changed: the same abolition was already recorded. */
  alreadyRecorded: boolean;
  /** Active contracts of the item, which end on the abolition date. */
  contracts: string[];
  /** Of those, the ones that ended now because the date has come. */
  endedNow: string[];
}

export class AbolitionConflict extends Error {
  constructor(readonly item: ItemCode, readonly recordedFrom: BusinessDate) {
    super(`${item} is already abolished from ${recordedFrom}; an abolition date is not moved here`);
  }
}

/**
 * Art. 8 abolishes category I and II items when their CA stops the product. From that date the
 * item cannot be quoted, applied for or renewed, and its contracts end on that date.
 */
export async function abolishItem(db: Db, input: { item: ItemCode; from: BusinessDate; reason?: string; actor: Actor }, now: Date): Promise<Decided<AbolitionResult>> {
  const item = itemByCode(input.item);
  if (item.category === 'III') return refused(reason('Art. 8', 'abolition-category-iii', { item: item.code }));
  const today = jstDateOf(now);

  return ok(
    await db.transaction(async (tx) => {
      const [existing] = await tx.select().from(abolitions).where(eq(abolitions.item, item.code)).for('update');
      if (existing && !existing.effectiveFrom.equals(input.from)) throw new AbolitionConflict(item.code, existing.effectiveFrom);
      if (!existing) {
        await tx.insert(abolitions).values({ item: item.code, effectiveFrom: input.from, reason: input.reason ?? null, recordedBy: input.actor }).onConflictDoNothing();
      }
      // Contracts whose end is not already set to an earlier day end on the abolition date.
      const affected = await tx
        .select({ id: contracts.id })
        .from(contracts)
        .where(and(eq(contracts.item, item.code), eq(contracts.status, 'active'), or(isNull(contracts.endDate), gt(contracts.endDate, input.from))))
        .for('update');
      const ids = affected.map((c) => c.id);
      const endsNow = isOnOrBefore(input.from, today);
      if (ids.length > 0) {
        await tx
          .update(contracts)
          .set({ endDate: input.from, endReason: 'abolished', ...(endsNow ? { status: 'ended', endedAt: now } : {}) })
          .where(inArray(contracts.id, ids));
      }
      if (!existing || ids.length > 0) {
        await audit(tx, now, input.actor, 'abolish', `item:${item.code}`, { from: input.from.toString(), reason: input.reason ?? null, contracts: ids });
      }
      return { item: item.code, from: input.from, alreadyRecorded: Boolean(existing), contracts: ids, endedNow: endsNow ? ids : [] };
    }),
  );
}
