import { describe, expect, it } from 'vitest';
import { itemByCode } from '../../src/domain/catalog.js';
import { toBusinessDate } from '../../src/domain/dates.js';
import { acmeIssuerOf, orderNeed, orderRetryAt, reissueDueAt } from '../../src/domain/orders.js';

const d = toBusinessDate;

describe('Appendix 1 §3: which CA the provider orders from', () => {
  it('maps an item to its ACME issuer; the contractor’s own CA has none', () => {
    expect(acmeIssuerOf(itemByCode('quick-ssl'))).toBe('globalsign');
    expect(acmeIssuerOf(itemByCode('secure-server-id-cloud'))).toBe('digicert');
    expect(acmeIssuerOf(itemByCode('sureserver-cloud'))).toBe('cybertrust');
    expect(acmeIssuerOf(itemByCode('bring-your-own'))).toBeNull();
  });
});

describe('the need an order is for: the same for every attempt at it', () => {
  it('the first certificate, a term with none yet, or the replacement of the current one', () => {
    expect(orderNeed({ term: null, current: null })).toBe('first');
    expect(orderNeed({ term: { id: 7, expiryDate: d('2027-06-30') }, current: null })).toBe('term:7');
    expect(
      orderNeed({
        term: { id: 7, expiryDate: d('2027-06-30') },
        current: { id: 12, notAfter: new Date('2027-01-15T00:00:00Z') },
      }),
    ).toBe('replace:12');
  });
});

describe('a reissue inside the term: no fee, not a renewal', () => {
  const cert = { notAfter: new Date('2027-01-15T14:59:59Z') }; // 2027-01-15 23:59:59 JST

  it('is due CERTDESK_REISSUE_NOTICE_DAYS before the JST day the certificate ends, at 00:00 JST', () => {
    expect(reissueDueAt(cert, d('2027-06-30'), 30, null)).toEqual(new Date('2026-12-15T15:00:00Z'));
  });

  it('follows the window the CA suggests (RFC 9773), early or late', () => {
    const window = { start: new Date('2026-11-20T03:00:00Z'), end: new Date('2026-11-22T03:00:00Z') };
    expect(reissueDueAt(cert, d('2027-06-30'), 30, window)).toEqual(window.start);
  });

  it('ignores a window that ends before it starts', () => {
    const window = { start: new Date('2026-11-22T03:00:00Z'), end: new Date('2026-11-20T03:00:00Z') };
    expect(reissueDueAt(cert, d('2027-06-30'), 30, window)).toEqual(new Date('2026-12-15T15:00:00Z'));
  });

  it('is not due for a certificate that serves to the end of its term (the next term orders its own)', () => {
    expect(reissueDueAt(cert, d('2027-01-15'), 30, null)).toBeNull();
    expect(reissueDueAt(cert, d('2027-01-10'), 30, null)).toBeNull();
    expect(reissueDueAt(cert, d('2027-01-16'), 30, null)).not.toBeNull();
  });
});

describe('backoff between attempts (RFC 8555 §6.6)', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  const after = (attempts: number, retryAfter?: number) =>
    (orderRetryAt(now, attempts, retryAfter).getTime() - now.getTime()) / 1000;

  it('doubles from a minute, up to a day', () => {
    expect([1, 2, 3, 4].map((n) => after(n))).toEqual([60, 120, 240, 480]);
    expect(after(30)).toBe(86_400);
  });

  it('waits out a longer Retry-After, never a shorter one', () => {
    expect(after(1, 3_600)).toBe(3_600);
    expect(after(4, 10)).toBe(480);
  });
});
