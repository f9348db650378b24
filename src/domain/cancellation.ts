// When a contract ends at the contractor's word (Art. 9).
import { addDays, isOnOrBefore, jstDateOf, laterOf, type BusinessDate } from './dates.js';
import { PROVISIONS } from './provisions.js';
import { reason, type Reason } from './reasons.js';

/** Art. 9(2): 到達した日から30日を経過する日. The arrival day is not counted (民法 Art. 140). */
export const CANCELLATION_NOTICE_DAYS = PROVISIONS.cancellationNoticeDays;

export interface CancellationDates {
  receivedOn: BusinessDate;
  earliestEffective: BusinessDate;
  effective: BusinessDate;
}

/**
 * Art. 9(2): a cancellation form takes effect on the later of the day 30 days after the JST date
 * it arrived and the date the contractor asks for.
 */
export function cancellationDates(receivedAt: Date, requested?: BusinessDate): CancellationDates {
  const receivedOn = jstDateOf(receivedAt);
  const earliestEffective = addDays(receivedOn, CANCELLATION_NOTICE_DAYS);
  return {
    receivedOn,
    earliestEffective,
    effective: requested ? laterOf(earliestEffective, requested) : earliestEffective,
  };
}

/** Art. 9(1): after a "don't renew" answer the contract ends on the day the term ends. */
export function nonRenewalEffectiveDate(expiryDate: BusinessDate): BusinessDate {
  return expiryDate;
}

export interface TermInForce {
  startsOn: BusinessDate;
  expiryDate: BusinessDate;
}

/** Art. 9(2) covers forms that arrive during the validity period (有効期間中) of an active contract. */
export function cancellationReasons(
  receivedOn: BusinessDate,
  contract: { ended: boolean; cancellationEffective?: BusinessDate | null },
  /** The validity period: from the first term's start to the last term's expiry; none yet while the first certificate is awaited. */
  term: TermInForce | undefined,
): Reason[] {
  if (contract.ended) return [reason('Art. 9(2)', 'contract-ended')];
  const reasons: Reason[] = [];
  if (contract.cancellationEffective) {
    reasons.push(
      reason('Art. 9(2)', 'cancellation-already-recorded', { effective: contract.cancellationEffective.toString() }),
    );
  }
  if (!term) return reasons;
  if (!isOnOrBefore(receivedOn, term.expiryDate)) {
    reasons.push(
      reason('Art. 9(2)', 'cancellation-after-validity', {
        receivedOn: receivedOn.toString(),
        expiryDate: term.expiryDate.toString(),
      }),
    );
  } else if (!isOnOrBefore(term.startsOn, receivedOn)) {
    reasons.push(
      reason('Art. 9(2)', 'cancellation-before-validity', {
        receivedOn: receivedOn.toString(),
        startsOn: term.startsOn.toString(),
      }),
    );
  }
  return reasons;
}
