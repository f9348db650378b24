// The longest a publicly trusted TLS certificate may live (CA/Browser Forum Baseline
// Requirements §6.3.2, ballot SC-081). The terms' 有効期間 is the contract's term: since these
// limits, one term of category I/II is served by several certificates (Art. 3).
import { isOnOrBefore, toBusinessDate, type BusinessDate } from './dates.js';

const STEPS: readonly { from: BusinessDate; maxDays: number }[] = [
  { from: toBusinessDate('2026-03-15'), maxDays: 200 },
  { from: toBusinessDate('2027-03-15'), maxDays: 100 },
  { from: toBusinessDate('2029-03-15'), maxDays: 47 },
];
const BEFORE_SC081_MAX_DAYS = 398;

export function maxPublicCertificateLifetimeDays(on: BusinessDate): number {
  let max = BEFORE_SC081_MAX_DAYS;
  for (const step of STEPS) if (isOnOrBefore(step.from, on)) max = step.maxDays;
  return max;
}

/** From this date no publicly trusted certificate lives more than 90 days, so none passes Art. 6(3). */
export const NO_PUBLIC_CERTIFICATE_RENEWABLE_FROM = toBusinessDate('2029-03-15');
