// When the provider orders a contract's certificate from its CA (申請代行, Appendix 1 §3, with the
// key and CSR it keeps under Art. 4(7)), and for which need: pure rules, no I/O, no clock.
import type { Item } from './catalog.js';
import { addDays, compareDates, jstDateOf, jstInstantAt, type BusinessDate } from './dates.js';

/** The ACME issuer code of an item's CA, or null for the contractor's own CA (category III). */
export function acmeIssuerOf(item: Pick<Item, 'issuer'>): 'digicert' | 'cybertrust' | 'globalsign' | null {
  switch (item.issuer) {
    case 'DigiCert':
      return 'digicert';
    case 'Cybertrust':
      return 'cybertrust';
    case 'GlobalSign':
      return 'globalsign';
    default:
      return null;
  }
}

export interface ServingState {
  /** The contract's latest term (its id and expiry date), or none before the first certificate. */
  term: { id: number; expiryDate: BusinessDate } | null;
  /** The latest certificate of that term, if any. */
  current: { id: number; notAfter: Date } | null;
}

/**
 * What an order now would be for, as a key that is the same for every attempt at it: the first
 * certificate (it begins the term), a term with no certificate yet (a renewed term began), or a
 * replacement of the current certificate inside its term (a reissue: no fee, not a renewal).
 */
export function orderNeed(s: ServingState): string {
  if (!s.term) return 'first';
  if (!s.current) return `term:${s.term.id}`;
  return `replace:${s.current.id}`;
}

/** A renewal information window (RFC 9773 §4.2): the CA's suggested time to renew. */
export interface RenewalWindow {
  start: Date;
  end: Date;
}

/**
 * When the replacement of a certificate that ends before its term is due: at the start of the
 * window the CA suggests (RFC 9773 §4.2; §4.3 lets a client pick any time inside it), else
 * `noticeDays` before the JST date of its notAfter. Null when the certificate serves to the end of
 * its term: a new term's certificate is ordered when that term begins.
 */
export function reissueDueAt(
  cert: { notAfter: Date },
  termExpiry: BusinessDate,
  noticeDays: number,
  window: RenewalWindow | null,
): Date | null {
  if (compareDates(jstDateOf(cert.notAfter), termExpiry) >= 0) return null;
  if (window && window.start.getTime() <= window.end.getTime()) return window.start;
  return jstInstantAt(addDays(jstDateOf(cert.notAfter), -noticeDays), 0);
}

/**
 * Backoff between attempts at an order that failed (RFC 8555 §6.6: a client should not retry at
 * once): 1, 2, 4 … minutes, at most a day; a Retry-After from the CA is honoured when longer.
 */
export function orderRetryAt(now: Date, attempts: number, retryAfterSeconds?: number): Date {
  const backoff = Math.min(60 * 2 ** Math.max(0, attempts - 1), 86_400);
  return new Date(now.getTime() + Math.max(backoff, retryAfterSeconds ?? 0) * 1000);
}
