// When a contract ends (Art. 8, Art. 9, Art. 6(3)). Several ends may be recorded for one contract
// (a cancellation, a "don't renew", an abolition of its item); it ends on the earliest of them.
import { compareDates, type BusinessDate } from './dates.js';

export const END_REASONS = ['not-renewed', 'cancelled', 'abolished', 'lapsed'] as const;
export type EndReason = (typeof END_REASONS)[number];

export interface RecordedEnd {
  on: BusinessDate;
  reason: EndReason;
  /** When the fact behind it was recorded: on the same day, the one recorded first stands. */
  recordedAt: Date;
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
