// Consumption tax (消費税) beside the terms' amounts. Appendix 1 lists amounts without tax (税抜);
// the tax is shown separately and labelled, never folded into the listed figures. The
// rate is effective-dated data in ./taxes, like the tariff.
import { z } from 'zod';
import data from './taxes/consumption-tax.json' with { type: 'json' };
import { compareDates, isOnOrBefore, toBusinessDate, type BusinessDate } from './dates.js';

const schema = z.object({
  source: z.string(),
  rounding: z.literal('floor'),
  rates: z.array(z.object({ effectiveFrom: z.string(), percent: z.number().int().min(0).max(100) })).min(1),
});

export interface TaxRate {
  effectiveFrom: BusinessDate;
  percent: number;
}

const parsed = schema.parse(data);
export const CONSUMPTION_TAX_RATES: readonly TaxRate[] = parsed.rates
  .map((r) => ({ effectiveFrom: toBusinessDate(r.effectiveFrom), percent: r.percent }))
  .sort((a, b) => compareDates(a.effectiveFrom, b.effectiveFrom));

export function taxRateOn(on: BusinessDate, rates: readonly TaxRate[] = CONSUMPTION_TAX_RATES): TaxRate | undefined {
  let found: TaxRate | undefined;
  for (const r of rates) if (isOnOrBefore(r.effectiveFrom, on)) found = r;
  return found;
}

export interface WithTax {
  /** 税抜: the amount as the terms list it. */
  amount: number;
  taxPercent: number;
  /** 消費税額: rounded down to the yen (端数切捨て). */
  tax: number;
  /** 税込. */
  amountWithTax: number;
}

/** The tax on an amount of yen on a date; integers only (money is integers of yen). */
export function withConsumptionTax(
  amount: number,
  on: BusinessDate,
  rates: readonly TaxRate[] = CONSUMPTION_TAX_RATES,
): WithTax {
  const percent = taxRateOn(on, rates)?.percent ?? 0;
  const tax = Math.floor((amount * percent) / 100);
  return { amount, taxPercent: percent, tax, amountWithTax: amount + tax };
}
