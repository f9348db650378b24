// Appendix 1 (別紙1) prices as effective-dated versions (Art. 10). A new tariff is a new JSON
// file in ./tariffs, added to TARIFF_VERSIONS; the version in force on a date is the latest
// whose effectiveFrom is on or before it.
import { z } from 'zod';
import tariff20220901 from './tariffs/2022-09-01.json' with { type: 'json' };
import { ITEM_CODES, type ItemCode } from './catalog.js';
import { compareDates, isOnOrBefore, toBusinessDate, type BusinessDate } from './dates.js';
import { TERM_CODES, type TermCode } from './terms.js';

const yen = z.number().int().nonnegative();
const byTerm = <T extends z.ZodType>(amount: T) => z.partialRecord(z.enum(TERM_CODES), amount);

const tariffSchema = z.object({
  version: z.string().min(1),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.string(),
  items: z.partialRecord(
    z.enum(ITEM_CODES),
    z.object({
      /** null: 当社が別途契約者に示す金額 (individually priced). */
      certificateFee: byTerm(yen.nullable()),
      monthlyFee: byTerm(yen),
      agencyFee: yen,
      /** 一時費用 of a contract change (Art. 5, Art. 10); Appendix 1 lists none. */
      oneTimeFee: yen.optional(),
    }),
  ),
});

export interface ItemPrices {
  certificateFee: Partial<Record<TermCode, number | null>>;
  monthlyFee: Partial<Record<TermCode, number>>;
  agencyFee: number;
  oneTimeFee?: number;
}

export interface TariffVersion {
  version: string;
  effectiveFrom: BusinessDate;
  source: string;
  items: Partial<Record<ItemCode, ItemPrices>>;
}

export function readTariff(data: unknown): TariffVersion {
  const t = tariffSchema.parse(data);
  return { ...t, effectiveFrom: toBusinessDate(t.effectiveFrom) };
}

export const TARIFF_VERSIONS: readonly TariffVersion[] = [readTariff(tariff20220901)].sort((a, b) =>
  compareDates(a.effectiveFrom, b.effectiveFrom),
);

/** Art. 10: the tariff in force on a date, or undefined before the first one took effect. */
export function tariffInForce(
  on: BusinessDate,
  versions: readonly TariffVersion[] = TARIFF_VERSIONS,
): TariffVersion | undefined {
  let found: TariffVersion | undefined;
  for (const v of versions) if (isOnOrBefore(v.effectiveFrom, on)) found = v;
  return found;
}

/** The terms an item is offered for under a tariff (Appendix 1 §1). */
export function offeredTerms(tariff: TariffVersion, item: ItemCode): TermCode[] {
  const prices = tariff.items[item];
  return prices ? TERM_CODES.filter((t) => t in prices.certificateFee) : [];
}
