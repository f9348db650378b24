// The term a certificate fits (Art. 3) and the 90-day rule (Art. 6(3)), read from what
// src/crypto/certificate.ts reads of a certificate.
import { isOnOrBefore, jstDateOf, jstInstantAt, type BusinessDate } from './dates.js';
import { certificateCoversName } from './names.js';
import { addTerm, TERM_CODES, termEnd, type TermCode } from './terms.js';

/** A certificate's validity (RFC 5280 §4.1.2.5): the instants of notBefore and notAfter. */
export interface CertificateDates {
  notBefore: Date;
  notAfter: Date;
}

/** The names a certificate is for: its subject's CN and its DNS and IP subjectAltNames. */
export interface CertificateNames {
  commonName: string | null;
  sans: string[];
}

/**
 * The certificate's validity period in seconds, counted as RFC 5280 §4.1.2.5 does: notBefore
 * through notAfter inclusive. This is a duration, not a business date.
 */
export function validitySeconds(c: CertificateDates): number {
  return Math.floor((c.notAfter.getTime() - c.notBefore.getTime()) / 1000) + 1;
}

export function validityDays(c: CertificateDates): number {
  return Math.round((validitySeconds(c) / 86_400) * 1_000_000) / 1_000_000;
}

/**
 * Art. 3: a certificate fits a term when the JST date of notAfter is on or before the JST date
 * of notBefore plus the term (calendar months and years). 無期限 fits anything. A certificate that
 * starts at exactly 00:00 JST counts its first day (民法 Art. 140 ただし書), so the term ends the
 * day before the corresponding day (Art. 143).
 */
export function fitsTerm(c: CertificateDates, term: TermCode): boolean {
  const startsOn = jstDateOf(c.notBefore);
  const wholeFirstDay = c.notBefore.getTime() === jstInstantAt(startsOn, 0).getTime();
  const limit = wholeFirstDay ? termEnd(startsOn, term) : addTerm(startsOn, term);
  return limit === null || isOnOrBefore(jstDateOf(c.notAfter), limit);
}

/** Art. 3 / Appendix 1: the shortest term a certificate fits, which sets its fee tier. */
export function fittingTerm(c: CertificateDates, terms: readonly TermCode[] = TERM_CODES): TermCode | null {
  return terms.find((t) => fitsTerm(c, t)) ?? null;
}

const NINETY_DAYS_IN_SECONDS = 90 * 86_400;

/**
 * Art. 6(3): a category III contract cannot be renewed with a certificate valid 90 days or less.
 * Read with the term it renews (`renewedTermStartsOn`), the certificate must also still be valid
 * for more than 90 days from that term's first day (00:00 JST): one that ends before, or soon
 * after, the renewed term begins renews nothing.
 */
export function passesNinetyDayRule(c: CertificateDates, renewedTermStartsOn?: BusinessDate): boolean {
  if (validitySeconds(c) <= NINETY_DAYS_IN_SECONDS) return false;
  return renewedTermStartsOn === undefined || secondsLeftFrom(c, renewedTermStartsOn) > NINETY_DAYS_IN_SECONDS;
}

/** Seconds of validity left from the start of a JST day (inclusive of notAfter, as RFC 5280 counts); 0 when none. */
export function secondsLeftFrom(c: Pick<CertificateDates, 'notAfter'>, day: BusinessDate): number {
  return Math.max(0, Math.floor((c.notAfter.getTime() - jstInstantAt(day, 0).getTime()) / 1000) + 1);
}

export function isExpired(c: Pick<CertificateDates, 'notAfter'>, now: Date): boolean {
  return c.notAfter.getTime() < now.getTime();
}

export function isNotYetValid(c: Pick<CertificateDates, 'notBefore'>, now: Date): boolean {
  return c.notBefore.getTime() > now.getTime();
}

/** Whether the certificate serves the contract's common name (RFC 6125: SANs, the CN only without DNS SANs). */
export function coversName(c: CertificateNames, commonName: string): boolean {
  return certificateCoversName({ commonName: c.commonName, sans: c.sans }, commonName);
}
