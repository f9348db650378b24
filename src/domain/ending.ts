// When a contract ends (Art. 8, Art. 9, Art. 6(3)). Several ends may be recorded for one contract
// (a cancellation, a "don't renew", an abolition of its item); it ends on the earliest of them.
import { addDays, compareDates, isOnOrBefore, jstInstantAt, type BusinessDate } from './dates.js';

export const END_REASONS = ['not-renewed', 'cancelled', 'abolished', 'lapsed'] as const;
export type EndReason = (typeof END_REASONS)[number];

export interface RecordedEnd {
  on: BusinessDate;
  reason: EndReason;
  /** When the fact behind it was recorded: on the same day, the one recorded first stands. */
  recordedAt: Date;
  /** Art. 8: the item is not provided from this day, so the contract is not in force on it. */
  fromStartOfDay?: boolean;
}

/**
 * Art. 8, 9(1), 9(2): the end that governs — the earliest recorded end date, and on a tie the
 * end recorded first. A later fact never moves an earlier end, and keeps its own reason.
 */
export function governingEnd(ends: readonly RecordedEnd[]): RecordedEnd | undefined {
  let found: RecordedEnd | undefined;
  for (const e of ends) {
    if (!found) found = e;
    else {
      const byDate = compareDates(e.on, found.on);
      if (byDate < 0 || (byDate === 0 && e.recordedAt.getTime() < found.recordedAt.getTime())) found = e;
    }
  }
  return found;
}

/**
 * Art. 9(1), 9(2) (解除の効力が生じる日): a contract is in force through the whole of the day it
 * ends, and has ended from 00:00 JST of the next day. An abolition (Art. 8) ends it from the start
 * of the abolition date, from which the item is no longer provided.
 */
export function endHasCome(end: { on: BusinessDate; fromStartOfDay?: boolean }, today: BusinessDate): boolean {
  const byDate = compareDates(end.on, today);
  return byDate < 0 || (byDate === 0 && end.fromStartOfDay === true);
}

export interface AbolitionFacts {
  /** The day from which the item is abolished. */
  from: BusinessDate;
  recordedAt: Date;
}

export interface TermFacts {
  expiryDate: BusinessDate;
  /** The last day an answer counts, once fixed. */
  replyDeadline: BusinessDate | null;
  /** The last day of the term a renewal would begin (null: unlimited). */
  renewedTermEnd: BusinessDate | null;
  /** When a renewal of this term was recorded, if one was. */
  renewalRecordedAt: Date | null;
}

/**
 * Art. 8 with Art. 6(2): the day an abolition ends a contract. An abolition from a day within the
 * term ends it that day. One from a later day, on record by the reply deadline and before any
 * renewal was recorded, that takes effect on or before the last day of the term a renewal would
 * begin leaves nothing to renew: the contract ends on its expiry date. Otherwise the renewal
 * stands and the abolition ends the contract on its own day.
 */
export function abolitionEnd(a: AbolitionFacts, term: TermFacts): BusinessDate {
  if (isOnOrBefore(a.from, term.expiryDate)) return a.from;
  const byDeadline =
    term.replyDeadline === null || a.recordedAt.getTime() < jstInstantAt(addDays(term.replyDeadline, 1), 0).getTime();
  const beforeRenewal = term.renewalRecordedAt === null || a.recordedAt.getTime() < term.renewalRecordedAt.getTime();
  const withinRenewedTerm = term.renewedTermEnd === null || isOnOrBefore(a.from, term.renewedTermEnd);
  return byDeadline && beforeRenewal && withinRenewedTerm ? term.expiryDate : a.from;
}
