// The contract terms (有効期間) of Appendix 1 (別紙1): 6ヶ月間, 1年間, 2年間, 3年間, 無期限.
import { addDays, addMonths, type BusinessDate } from './dates.js';

export const TERM_CODES = ['6m', '1y', '2y', '3y', 'unlimited'] as const;
export type TermCode = (typeof TERM_CODES)[number];

const TERM_MONTHS: Record<TermCode, number | null> = { '6m': 6, '1y': 12, '2y': 24, '3y': 36, unlimited: null };

export const TERM_NAMES: Record<TermCode, { ja: string; en: string }> = {
  '6m': { ja: '6ヶ月間', en: '6 months' },
  '1y': { ja: '1年間', en: '1 year' },
  '2y': { ja: '2年間', en: '2 years' },
  '3y': { ja: '3年間', en: '3 years' },
  unlimited: { ja: '無期限', en: 'unlimited' },
};

export function isTermCode(text: string): text is TermCode {
  return (TERM_CODES as readonly string[]).includes(text);
}

/** The date a term reaches when counted from `date` (the corresponding day; Aug 31 + 6m = Feb 28). */
export function addTerm(date: BusinessDate, term: TermCode): BusinessDate | null {
  const months = TERM_MONTHS[term];
  return months === null ? null : addMonths(date, months);
}

/**
 * The last day of a term that starts on a day (民法 Art. 143): the day before the corresponding
 * day of the last month; when that month has no corresponding day, its last day (Art. 143(2)).
 * 2026-08-31 + 6 months ends 2027-02-28; 2028-02-29 + 1 year ends 2029-02-28.
 */
export function termEnd(startsOn: BusinessDate, term: TermCode): BusinessDate | null {
  const reached = addTerm(startsOn, term);
  if (!reached) return null;
  // addTerm constrains a missing day to the month's last day: then that day ends the term.
  return reached.day < startsOn.day ? reached : addDays(reached, -1);
}

const TERM_ALIASES: Record<string, TermCode> = {};
for (const [code, months] of Object.entries(TERM_MONTHS) as [TermCode, number | null][]) {
  const names = [code, TERM_NAMES[code].ja, TERM_NAMES[code].en];
  if (months !== null) {
    names.push(
      `${months}m`,
      `${months}ヶ月`,
      `${months}か月`,
      `${months}カ月`,
      `${months}ヵ月`,
      `${months}ヶ月間`,
      `${months}か月間`,
      `${months}months`,
      `${months}month`,
    );
    if (months % 12 === 0)
      names.push(
        `${months / 12}y`,
        `${months / 12}年`,
        `${months / 12}年間`,
        `${months / 12}year`,
        `${months / 12}years`,
      );
  } else {
    names.push('無期限', 'unlimited', 'none', 'forever');
  }
  for (const n of names) TERM_ALIASES[normalizeTerm(n)] = code;
}

function normalizeTerm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** A term from its code or the way people write it: `1Y`, `1年`, `6ヶ月`, `無期限`, `12 months`. */
export function findTerm(text: string): TermCode | undefined {
  return TERM_ALIASES[normalizeTerm(text)];
}
