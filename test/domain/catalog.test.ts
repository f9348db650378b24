import { describe, expect, it } from 'vitest';
import { findItem, suggestItems } from '../../src/domain/catalog.js';
import { governingEnd } from '../../src/domain/ending.js';
import { toBusinessDate } from '../../src/domain/dates.js';
import { taxRateOn, withConsumptionTax } from '../../src/domain/tax.js';
import { findTerm } from '../../src/domain/terms.js';
import { articleName } from '../../src/i18n/messages.js';

const d = toBusinessDate;

describe('Art. 1: items found by what people type', () => {
  it('a mistyped item gets the items it probably meant, sold ones only', () => {
    expect(suggestItems('quik-ssl').map((i) => i.code)).toEqual(['quick-ssl']);
    expect(suggestItems('wildcard').map((i) => i.code)).toEqual(['quick-ssl-wildcard', 'corporate-ssl-wildcard']);
    expect(suggestItems('letsencrypt')).toEqual([]);
    expect(findItem('ｸｲｯｸ認証 SSL')?.code).toBe('quick-ssl');
  });
});

describe('Appendix 1: terms written as people write them', () => {
  it('reads codes in any case, Japanese names and month counts', () => {
    expect(['1y', '1Y', '1年', '1年間', '12ヶ月', '12 months', '１年'].map(findTerm)).toEqual(Array(7).fill('1y'));
    expect(['6m', '6M', '6ヶ月', '6か月', '6カ月', '6ヶ月間'].map(findTerm)).toEqual(Array(6).fill('6m'));
    expect(['無期限', 'unlimited', 'UNLIMITED'].map(findTerm)).toEqual(Array(3).fill('unlimited'));
    expect(['2年', '24m', '3年間'].map(findTerm)).toEqual(['2y', '2y', '3y']);
    expect(findTerm('5y')).toBeUndefined();
  });
});

describe('consumption tax beside the terms’ amounts', () => {
  it('is 10% since 2019-10-01, 8% before, and rounds down to the yen', () => {
    expect(taxRateOn(d('2019-10-01'))?.percent).toBe(10);
    expect(taxRateOn(d('2019-09-30'))?.percent).toBe(8);
    expect(withConsumptionTax(59_800, d('2026-11-25'))).toEqual({
      amount: 59_800,
      taxPercent: 10,
      tax: 5_980,
      amountWithTax: 65_780,
    });
    expect(withConsumptionTax(999, d('2026-11-25'))).toMatchObject({ tax: 99, amountWithTax: 1_098 });
  });
});

describe('Art. 8, Art. 9: a contract ends on the earliest of its recorded ends', () => {
  const at = (iso: string) => new Date(iso);
  it('the earliest date governs, with its own reason', () => {
    const end = governingEnd([
      { on: d('2027-01-15'), reason: 'abolished', recordedAt: at('2026-11-25T00:00:00Z') },
      { on: d('2026-12-20'), reason: 'cancelled', recordedAt: at('2026-11-26T00:00:00Z') },
    ]);
    expect(end).toMatchObject({ on: d('2026-12-20'), reason: 'cancelled' });
  });
  it('on the same day, the end recorded first stands', () => {
    const end = governingEnd([
      { on: d('2027-01-10'), reason: 'abolished', recordedAt: at('2026-12-01T00:00:00Z') },
      { on: d('2027-01-10'), reason: 'not-renewed', recordedAt: at('2026-11-30T00:00:00Z') },
    ]);
    expect(end?.reason).toBe('not-renewed');
  });
  it('nothing recorded, no end', () => {
    expect(governingEnd([])).toBeUndefined();
  });
});

describe('article names as Japanese readers know them', () => {
  it('Art. 7(2) is 第7条第2項; Appendix 1 §3 is 別紙1の3', () => {
    expect(articleName('Art. 7(2)', 'ja')).toBe('第7条第2項');
    expect(articleName('Art. 10; Appendix 1 §3', 'ja')).toBe('第10条、別紙1の3');
    expect(articleName('Art. 10, Art. 6(2); Appendix 1 §1', 'ja')).toBe('第10条、第6条第2項、別紙1の1');
    expect(articleName('Art. 7(2)', 'en')).toBe('Art. 7(2)');
  });
});
