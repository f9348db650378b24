import { describe, expect, it } from 'vitest';
import { toBusinessDate } from '../../src/domain/dates.js';
import { agreedCertificateFee, correction, feesFor } from '../../src/domain/fees.js';
import { readTariff } from '../../src/domain/tariff.js';

const d = toBusinessDate;

describe('Art. 10: fees accrue as the terms say', () => {
  it('acceptance of a category I application: certificate fee and agency fee on the acceptance date', () => {
    expect(feesFor({ item: 'quick-ssl', term: '1y', event: { kind: 'acceptance', on: d('2026-11-24') } })).toEqual({
      ok: true,
      value: [
        {
          kind: 'certificate',
          amount: 34_800,
          accruedOn: d('2026-11-24'),
          article: 'Art. 10; Appendix 1 §1',
          tariffVersion: '2022-09-01',
        },
        {
          kind: 'agency',
          amount: 25_000,
          accruedOn: d('2026-11-24'),
          article: 'Art. 10; Appendix 1 §3',
          tariffVersion: '2022-09-01',
        },
      ],
    });
  });

  it('a default renewal accrues on the designated date, with its article', () => {
    const fees = feesFor({
      item: 'corporate-ssl',
      term: '1y',
      event: { kind: 'default-renewal', on: d('2026-12-12') },
    });
    expect(fees.ok && fees.value.map((e) => [e.kind, e.amount, e.accruedOn.toString(), e.article])).toEqual([
      ['certificate', 59_800, '2026-12-12', 'Art. 10, Art. 6(2); Appendix 1 §1'],
      ['agency', 50_000, '2026-12-12', 'Art. 10, Art. 6(2); Appendix 1 §3'],
    ]);
  });

  it('category III carries no agency fee', () => {
    const fees = feesFor({ item: 'bring-your-own', term: '2y', event: { kind: 'renewal', on: d('2026-11-24') } });
    expect(fees.ok && fees.value.map((e) => [e.kind, e.amount])).toEqual([['certificate', 20_000]]);
  });

  it('a renewed SureServer is charged as SureServer for クラウド', () => {
    const fees = feesFor({ item: 'sureserver', term: '6m', event: { kind: 'renewal', on: d('2026-11-24') } });
    expect(fees.ok && fees.value.map((e) => e.amount)).toEqual([50_000, 50_000]);
  });

  it('an individually priced item needs the amount staff agreed', () => {
    expect(
      feesFor({ item: 'global-server-id-cloud', term: '1y', event: { kind: 'acceptance', on: d('2026-11-24') } }),
    ).toMatchObject({
      ok: false,
      reasons: [{ code: 'individual-price-missing' }],
    });
    const fees = feesFor({
      item: 'global-server-id-cloud',
      term: '1y',
      event: { kind: 'acceptance', on: d('2026-11-24') },
      agreedCertificateFee: 240_000,
    });
    expect(fees.ok && fees.value.map((e) => e.amount)).toEqual([240_000, 50_000]);
  });

  it('Appendix 1 §3: a category II renewal with no agreed certificate fee accrues the fixed agency fee alone', () => {
    for (const kind of ['renewal', 'default-renewal'] as const) {
      const fees = feesFor({ item: 'secure-server-id-cloud', term: '1y', event: { kind, on: d('2027-12-12') } });
      expect(fees.ok && fees.value.map((e) => [e.kind, e.amount, e.accruedOn.toString()])).toEqual([
        ['agency', 50_000, '2027-12-12'],
      ]);
    }
  });

  it('Appendix 1 §1: a renewal price agreed after the renewal accrues when agreed, never before the renewal’s fee day', () => {
    const renewal = { kind: 'default-renewal', on: d('2027-12-12') } as const;
    const after = agreedCertificateFee({
      item: 'secure-server-id-cloud',
      term: '1y',
      renewal,
      amount: 120_000,
      agreedOn: d('2028-01-05'),
    });
    expect(after).toMatchObject({
      ok: true,
      value: { kind: 'certificate', amount: 120_000, article: 'Art. 10, Art. 6(2); Appendix 1 §1' },
    });
    expect(after.ok && after.value.accruedOn.toString()).toBe('2028-01-05');
    const before = agreedCertificateFee({
      item: 'secure-server-id-cloud',
      term: '1y',
      renewal,
      amount: 120_000,
      agreedOn: d('2027-11-01'),
    });
    expect(before.ok && before.value.accruedOn.toString()).toBe('2027-12-12');
    expect(
      agreedCertificateFee({ item: 'quick-ssl', term: '1y', renewal, amount: 1, agreedOn: d('2027-11-01') }),
    ).toMatchObject({ ok: false, reasons: [{ code: 'not-individually-priced' }] });
  });

  it('fees before any tariff is in force are refused', () => {
    expect(
      feesFor({ item: 'quick-ssl', term: '1y', event: { kind: 'acceptance', on: d('2022-08-31') } }),
    ).toMatchObject({ ok: false, reasons: [{ code: 'no-tariff-in-force' }] });
  });

  it('monthly fees (0 in Appendix 1 §2) and the one-time fee it does not list make no entry', () => {
    for (const kind of ['monthly', 'contract-change'] as const) {
      expect(feesFor({ item: 'quick-ssl', term: '1y', event: { kind, on: d('2026-11-24') } })).toEqual({
        ok: true,
        value: [],
      });
    }
  });

  it('a tariff that charges them makes monthly and one-time entries', () => {
    const tariffs = [
      readTariff({
        version: '2030-04-01',
        effectiveFrom: '2030-04-01',
        source: 'test',
        items: {
          'quick-ssl': {
            certificateFee: { '1y': 36_000 },
            monthlyFee: { '1y': 1_000 },
            agencyFee: 25_000,
            oneTimeFee: 3_000,
          },
        },
      }),
    ];
    expect(
      feesFor({ item: 'quick-ssl', term: '1y', event: { kind: 'monthly', on: d('2030-05-01') }, tariffs }),
    ).toEqual({
      ok: true,
      value: [
        {
          kind: 'monthly',
          amount: 1_000,
          accruedOn: d('2030-05-01'),
          article: 'Art. 10; Appendix 1 §2',
          tariffVersion: '2030-04-01',
        },
      ],
    });
    expect(
      feesFor({ item: 'quick-ssl', term: '1y', event: { kind: 'contract-change', on: d('2030-05-01') }, tariffs }),
    ).toEqual({
      ok: true,
      value: [
        {
          kind: 'one-time',
          amount: 3_000,
          accruedOn: d('2030-05-01'),
          article: 'Art. 10, Art. 5',
          tariffVersion: '2030-04-01',
        },
      ],
    });
  });

  it('a correction is a new entry of the difference', () => {
    const fees = feesFor({ item: 'quick-ssl', term: '1y', event: { kind: 'acceptance', on: d('2026-11-24') } });
    if (!fees.ok) throw new Error('priced');
    const entry = fees.value[0];
    expect(correction(entry!, 30_000, d('2026-11-30'))).toMatchObject({
      kind: 'certificate',
      amount: -4_800,
      accruedOn: d('2026-11-30'),
    });
  });
});
