import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCertificate, type CertificateFacts } from '../../src/crypto/certificate.js';
import { coversName, fitsTerm, fittingTerm, passesNinetyDayRule, validityDays } from '../../src/domain/certificate.js';
import { toBusinessDate } from '../../src/domain/dates.js';
import { TERM_CODES } from '../../src/domain/terms.js';
import { makeCertificate, makeEcCertificate, TEST_PRIVATE_KEY_PEM } from '../support/certs.js';

const period = (notBefore: string, notAfter: string) => ({
  notBefore: new Date(notBefore),
  notAfter: new Date(notAfter),
});
const read = (pem: string): CertificateFacts => {
  const r = readCertificate(pem);
  if (!r.ok) throw new Error(r.problem);
  return r.certificate;
};

describe('Art. 3: reading a certificate', () => {
  it('reads CN, SANs, issuer, serial, validity and key from PEM', () => {
    const c = read(
      makeCertificate({
        commonName: 'www.acme.example',
        sans: ['www.acme.example', 'acme.example'],
        notBefore: '2026-01-10T00:00:00Z',
        notAfter: '2027-01-10T23:59:59Z',
      }),
    );
    expect(c).toMatchObject({
      commonName: 'www.acme.example',
      sans: ['www.acme.example', 'acme.example'],
      issuer: 'certdesk test CA',
      keyType: 'RSA',
      keyBits: 2048,
    });
    expect(c.notBefore.toISOString()).toBe('2026-01-10T00:00:00.000Z');
    expect(c.notAfter.toISOString()).toBe('2027-01-10T23:59:59.000Z');
    expect(c.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads an ECDSA certificate too', () => {
    const c = read(
      makeEcCertificate({
        commonName: 'ec.acme.example',
        notBefore: '2026-01-10T00:00:00Z',
        notAfter: '2026-07-10T00:00:00Z',
      }),
    );
    expect(c).toMatchObject({ commonName: 'ec.acme.example', keyType: 'EC', keyBits: 256, sans: ['ec.acme.example'] });
    expect(c.notAfter.toISOString()).toBe('2026-07-10T00:00:00.000Z');
  });

  it('the leaf of a chain is the first certificate', () => {
    const chain =
      makeCertificate({
        commonName: 'leaf.example',
        notBefore: '2026-01-01T00:00:00Z',
        notAfter: '2026-06-01T00:00:00Z',
      }) +
      makeCertificate({
        commonName: 'ca.example',
        notBefore: '2020-01-01T00:00:00Z',
        notAfter: '2030-01-01T00:00:00Z',
      });
    expect(read(chain).commonName).toBe('leaf.example');
  });

  it('refuses what is not a certificate, saying what it is', () => {
    expect(readCertificate('hello')).toMatchObject({ ok: false, problem: 'not-pem' });
    expect(readCertificate(TEST_PRIVATE_KEY_PEM)).toMatchObject({ ok: false, problem: 'private-key-not-certificate' });
    expect(
      readCertificate('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n'),
    ).toMatchObject({ ok: false, problem: 'csr-not-certificate' });
    expect(
      readCertificate('-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n'),
    ).toMatchObject({ ok: false, problem: 'unreadable-certificate' });
  });

  it('a CN or SAN covers the contract common name, wildcards one label deep', () => {
    const c = { commonName: '*.acme.example', sans: ['*.acme.example', 'acme.example'] };
    expect(coversName(c, 'www.acme.example')).toBe(true);
    expect(coversName(c, 'ACME.example')).toBe(true);
    expect(coversName(c, 'a.b.acme.example')).toBe(false);
    expect(coversName(c, 'www.other.example')).toBe(false);
    expect(coversName({ commonName: 'www.acme.example', sans: [] }, 'www.acme.example')).toBe(true);
  });
});

describe('Art. 3: the term a certificate fits', () => {
  it('fits when the JST date of notAfter is on or before the JST date of notBefore plus the term', () => {
    expect(fitsTerm(period('2026-01-10T00:00:00Z', '2027-01-10T14:59:59Z'), '1y')).toBe(true);
    // 15:00 UTC is already the next day in Tokyo.
    expect(fitsTerm(period('2026-01-10T00:00:00Z', '2027-01-10T15:00:00Z'), '1y')).toBe(false);
  });

  it('民法 Art. 140 proviso: a certificate that starts at exactly 00:00 JST counts its first day', () => {
    // 2026-01-10T00:00 JST → 2027-01-10T23:59:59 JST is 366 days: it does not fit 1年間.
    expect(fitsTerm(period('2026-01-09T15:00:00Z', '2027-01-10T14:59:59Z'), '1y')).toBe(false);
    expect(fittingTerm(period('2026-01-09T15:00:00Z', '2027-01-10T14:59:59Z'))).toBe('2y');
    // The day before the corresponding day ends it (Art. 143).
    expect(fitsTerm(period('2026-01-09T15:00:00Z', '2027-01-09T14:59:59Z'), '1y')).toBe(true);
    // One second later the first day is not whole: counting starts the next day (Art. 140).
    expect(fitsTerm(period('2026-01-09T15:00:01Z', '2027-01-10T14:59:59Z'), '1y')).toBe(true);
    // From 00:00 JST on 2026-08-31, six months end on 2027-02-28 (Art. 143(2)).
    expect(fitsTerm(period('2026-08-30T15:00:00Z', '2027-02-28T14:59:59Z'), '6m')).toBe(true);
  });

  it('counts calendar months to the end of a short month', () => {
    // notBefore 2026-08-31 JST: six months reach 2027-02-28.
    expect(fitsTerm(period('2026-08-30T15:00:00Z', '2027-02-28T14:59:59Z'), '6m')).toBe(true);
    expect(fitsTerm(period('2026-08-30T15:00:00Z', '2027-02-28T15:00:00Z'), '6m')).toBe(false);
  });

  it('counts a leap day', () => {
    // notBefore 2028-02-29 JST: one year reaches 2029-02-28.
    expect(fitsTerm(period('2028-02-28T15:00:00Z', '2029-02-28T14:59:59Z'), '1y')).toBe(true);
    expect(fitsTerm(period('2028-02-28T15:00:00Z', '2029-03-01T00:00:00Z'), '1y')).toBe(false);
  });

  it('unlimited (無期限) fits anything', () => {
    expect(fitsTerm(period('2026-01-01T00:00:00Z', '2040-01-01T00:00:00Z'), 'unlimited')).toBe(true);
    expect(fittingTerm(period('2026-01-01T00:00:00Z', '2040-01-01T00:00:00Z'))).toBe('unlimited');
  });

  it('the fitting term is the shortest term it fits (property)', () => {
    const instant = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2060-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 5 * 366 * 86_400 }), (notBefore, seconds) => {
        const c = { notBefore, notAfter: new Date(notBefore.getTime() + seconds * 1000) };
        const fit = fittingTerm(c);
        expect(fit).not.toBeNull();
        expect(fitsTerm(c, fit!)).toBe(true);
        for (const shorter of TERM_CODES.slice(0, TERM_CODES.indexOf(fit!))) expect(fitsTerm(c, shorter)).toBe(false);
        for (const longer of TERM_CODES.slice(TERM_CODES.indexOf(fit!))) expect(fitsTerm(c, longer)).toBe(true);
      }),
    );
  });
});

describe('Art. 6(3): the 90-day rule', () => {
  it('a certificate valid exactly 90 days, as Let’s Encrypt issues, is refused', () => {
    const le = period('2026-01-01T00:00:00Z', '2026-03-31T23:59:59Z');
    expect(validityDays(le)).toBe(90);
    expect(passesNinetyDayRule(le)).toBe(false);
  });

  it('one second more than 90 days passes', () => {
    const c = period('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z');
    expect(validityDays(c)).toBeGreaterThan(90);
    expect(passesNinetyDayRule(c)).toBe(true);
  });

  it('read with the renewed term: the certificate must still be valid more than 90 days from its first day', () => {
    const yearEndingBefore = period('2026-03-10T15:00:00Z', '2027-03-10T14:59:59Z');
    expect(passesNinetyDayRule(yearEndingBefore)).toBe(true);
    // The renewed term begins 2027-04-01 (after an expiry date of 2027-03-31): it renews nothing.
    expect(passesNinetyDayRule(yearEndingBefore, toBusinessDate('2027-04-01'))).toBe(false);
    // Ninety days from 2027-04-01 00:00 JST end at 2027-06-29 23:59:59 JST; one second more passes.
    expect(
      passesNinetyDayRule(period('2026-07-01T00:00:00Z', '2027-06-29T14:59:59Z'), toBusinessDate('2027-04-01')),
    ).toBe(false);
    expect(
      passesNinetyDayRule(period('2026-07-01T00:00:00Z', '2027-06-29T15:00:00Z'), toBusinessDate('2027-04-01')),
    ).toBe(true);
  });

  it('counts the certificate lifetime, not the time left', () => {
    const twoHundredDays = period('2026-03-15T00:00:00Z', '2026-09-30T23:59:59Z');
    expect(validityDays(twoHundredDays)).toBe(200);
    expect(passesNinetyDayRule(twoHundredDays)).toBe(true);
  });
});
