import { describe, expect, it } from 'vitest';
import { findItem, ITEMS, type ItemCode } from '../../src/domain/catalog.js';
import { toBusinessDate } from '../../src/domain/dates.js';
import { quote, type Quote } from '../../src/domain/quote.js';
import { readTariff, tariffInForce, TARIFF_VERSIONS } from '../../src/domain/tariff.js';
import type { TermCode } from '../../src/domain/terms.js';

const asOf = toBusinessDate('2026-11-24');
const quoted = (item: ItemCode, term: TermCode, kind: 'new' | 'renewal' = 'new'): Quote => {
  const q = quote({ item, term, kind, asOf });
  if (!q.ok) throw new Error(JSON.stringify(q.reasons));
  return q.value;
};

// Appendix 1 (別紙1) §1 and §3, as the terms print them.
const APPENDIX_1: [ItemCode, TermCode, number | null, number][] = [
  ['secure-server-id', '1y', 81_000, 50_000],
  ['secure-server-id-ev', '1y', 162_000, 50_000],
  ['global-server-id', '1y', 138_000, 50_000],
  ['global-server-id-ev', '1y', 219_000, 50_000],
  ['sureserver-cloud', '6m', 50_000, 50_000],
  ['sureserver-cloud', '1y', 75_000, 50_000],
  ['sureserver-ev-cloud', '1y', 85_000, 50_000],
  ['corporate-ssl', '6m', 42_000, 50_000],
  ['corporate-ssl', '1y', 59_800, 50_000],
  ['corporate-ssl-wildcard', '6m', 108_000, 50_000],
  ['corporate-ssl-wildcard', '1y', 153_800, 50_000],
  ['quick-ssl', '6m', 24_400, 25_000],
  ['quick-ssl', '1y', 34_800, 25_000],
  ['quick-ssl-wildcard', '6m', 90_400, 25_000],
  ['quick-ssl-wildcard', '1y', 128_800, 25_000],
  ['secure-server-id-cloud', '1y', null, 50_000],
  ['secure-server-id-ev-cloud', '1y', null, 50_000],
  ['global-server-id-cloud', '1y', null, 50_000],
  ['global-server-id-ev-cloud', '1y', null, 50_000],
  ['bring-your-own', '6m', 5_000, 0],
  ['bring-your-own', '1y', 10_000, 0],
  ['bring-your-own', '2y', 20_000, 0],
  ['bring-your-own', '3y', 30_000, 0],
  ['bring-your-own', 'unlimited', 40_000, 0],
];

describe('Appendix 1 §1–§3: certificate fee, monthly fee and agency fee', () => {
  it.each(APPENDIX_1)(
    '%s for %s: certificate fee %s, agency fee %s, monthly fee 0',
    (item, term, certificateFee, agencyFee) => {
      for (const kind of ['new', 'renewal'] as const) {
        const q = quoted(item, term, kind);
        expect(q).toMatchObject({
          item,
          term,
          kind,
          certificateFee,
          agencyFee,
          monthlyFee: 0,
          tariffVersion: '2022-09-01',
        });
        expect(q.total).toBe(certificateFee === null ? null : certificateFee + agencyFee);
        expect(q.individuallyPriced).toBe(certificateFee === null);
      }
    },
  );

  it('every term of every sold item is in the table above', () => {
    const tariff = tariffInForce(asOf)!;
    const listed = Object.entries(tariff.items).flatMap(([item, p]) =>
      Object.keys(p.certificateFee).map((t) => `${item} ${t}`),
    );
    expect(listed.sort()).toEqual(APPENDIX_1.map(([i, t]) => `${i} ${t}`).sort());
  });

  it('a term the item does not offer is refused with the terms it does offer', () => {
    const q = quote({ item: 'secure-server-id', term: '6m', kind: 'new', asOf });
    expect(q).toEqual({
      ok: false,
      reasons: [
        {
          article: 'Appendix 1 §1',
          code: 'term-not-offered',
          params: { item: 'secure-server-id', term: '6m', offered: ['1y'] },
        },
      ],
    });
  });
});

describe('Art. 10: the tariff is effective-dated', () => {
  it('the 令和4年9月1日 tariff takes effect on 2022-09-01', () => {
    expect(quoted('quick-ssl', '1y').tariffVersion).toBe('2022-09-01');
    expect(quote({ item: 'quick-ssl', term: '1y', kind: 'new', asOf: toBusinessDate('2022-09-01') }).ok).toBe(true);
  });

  it('a date before any tariff is in force is a clear error', () => {
    const q = quote({ item: 'quick-ssl', term: '1y', kind: 'new', asOf: toBusinessDate('2022-08-31') });
    expect(q).toMatchObject({
      ok: false,
      reasons: [{ article: 'Art. 10', code: 'no-tariff-in-force', params: { first: '2022-09-01' } }],
    });
  });

  it('a later tariff version is data and applies from its own date', () => {
    const base = TARIFF_VERSIONS[0]!;
    const next = readTariff({
      version: '2027-04-01',
      effectiveFrom: '2027-04-01',
      source: 'test',
      items: { 'quick-ssl': { certificateFee: { '1y': 36_000 }, monthlyFee: { '1y': 0 }, agencyFee: 25_000 } },
    });
    const tariffs = [base, next];
    const before = quote({ item: 'quick-ssl', term: '1y', kind: 'new', asOf: toBusinessDate('2027-03-31'), tariffs });
    const after = quote({ item: 'quick-ssl', term: '1y', kind: 'new', asOf: toBusinessDate('2027-04-01'), tariffs });
    expect(before.ok && before.value.certificateFee).toBe(34_800);
    expect(after.ok && after.value).toMatchObject({ certificateFee: 36_000, tariffVersion: '2027-04-01' });
  });
});

describe('Supplementary provision (平成28年7月1日): SureServer', () => {
  it('a renewal of a legacy SureServer is quoted as SureServer for クラウド', () => {
    const q = quoted('sureserver', '1y', 'renewal');
    expect(q).toMatchObject({
      item: 'sureserver-cloud',
      requestedItem: 'sureserver',
      certificateFee: 75_000,
      agencyFee: 50_000,
      total: 125_000,
    });
    expect(q.notes.map((n) => n.code)).toContain('renews-as-successor');
  });

  it('a new SureServer is not sold', () => {
    const q = quote({ item: 'sureserver', term: '1y', kind: 'new', asOf });
    expect(q).toMatchObject({
      ok: false,
      reasons: [{ code: 'item-not-sold', params: { successor: 'sureserver-cloud' } }],
    });
  });
});

describe('Art. 8: an abolished item cannot be quoted from its abolition date', () => {
  const abolitions = new Map<ItemCode, ReturnType<typeof toBusinessDate>>([
    ['corporate-ssl', toBusinessDate('2026-12-01')],
  ]);
  it('quotes the day before and refuses from the date', () => {
    expect(
      quote({ item: 'corporate-ssl', term: '1y', kind: 'new', asOf: toBusinessDate('2026-11-30'), abolitions }).ok,
    ).toBe(true);
    const q = quote({
      item: 'corporate-ssl',
      term: '1y',
      kind: 'renewal',
      asOf: toBusinessDate('2026-12-01'),
      abolitions,
    });
    expect(q).toMatchObject({
      ok: false,
      reasons: [{ article: 'Art. 8', code: 'item-abolished', params: { from: '2026-12-01' } }],
    });
  });

  it('reports every reason at once', () => {
    const q = quote({ item: 'corporate-ssl', term: '2y', kind: 'new', asOf: toBusinessDate('2026-12-01'), abolitions });
    expect(q.ok ? [] : q.reasons.map((r) => r.code)).toEqual(['item-abolished', 'term-not-offered']);
  });
});

describe('Art. 1: items by code, Japanese or English name, or alias', () => {
  it.each([
    ['クイック認証 ワイルドカード', 'quick-ssl-wildcard'],
    ['quick wildcard', 'quick-ssl-wildcard'],
    ['クイック認証SSL／ワイルドカードオプション付き', 'quick-ssl-wildcard'],
    ['ｸｲｯｸ認証 SSL', 'quick-ssl'],
    ['セキュア・サーバID EV ※クラウド証明書', 'secure-server-id-ev-cloud'],
    ['SureServer for クラウド', 'sureserver-cloud'],
    ['持ち込み証明書', 'bring-your-own'],
    ['GLOBAL-SERVER-ID-EV', 'global-server-id-ev'],
  ])('%s is %s', (name, code) => {
    expect(findItem(name)?.code).toBe(code);
  });

  it('every item has a distinct code and category', () => {
    expect(new Set(ITEMS.map((i) => i.code)).size).toBe(16);
    expect(ITEMS.filter((i) => i.category === 'II')).toHaveLength(4);
  });

  it('an unknown name finds nothing', () => {
    expect(findItem('letsencrypt')).toBeUndefined();
  });
});

describe('Art. 3: terms and certificate lifetimes', () => {
  it('a 1-year term of category I is served by several certificates since 2026-03-15', () => {
    expect(quoted('quick-ssl', '1y').notes.map((n) => n.code)).toContain('term-served-by-several-certificates');
    const before = quote({ item: 'quick-ssl', term: '1y', kind: 'new', asOf: toBusinessDate('2026-03-14') });
    expect(before.ok && before.value.notes).toEqual([]);
  });

  it('a quote of category III warns that from 2029-03-15 no public certificate passes the 90-day rule', () => {
    expect(quoted('bring-your-own', '1y').notes.map((n) => n.code)).toEqual(['bring-your-own-shorter-certificates']);
    const later = quote({ item: 'bring-your-own', term: '6m', kind: 'renewal', asOf: toBusinessDate('2029-03-15') });
    expect(later.ok && later.value.notes.map((n) => n.code)).toEqual([
      'bring-your-own-no-public-certificate-renewable',
    ]);
  });
});
