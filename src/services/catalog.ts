// The catalog as staff see it on a date: every item, the terms it is offered for with their
// prices in force (Appendix 1), and its abolition (Art. 8).
import type { Queryable } from '../db/client.js';
import { ITEMS, type Item, type ItemCode } from '../domain/catalog.js';
import type { BusinessDate } from '../domain/dates.js';
import { quote, type Quote } from '../domain/quote.js';
import { offeredTerms, tariffInForce } from '../domain/tariff.js';
import type { TermCode } from '../domain/terms.js';
import { abolitionHistory, type Abolition } from './abolitions.js';

export interface CatalogEntry {
  item: Item;
  /** The terms offered on the date, each with its new-acquisition quote (null once abolished). */
  terms: { term: TermCode; quote: Quote | null }[];
  /** The abolition in force, if any. */
  abolishedFrom: BusinessDate | null;
  /** Every abolition recorded for the item, withdrawn ones included. */
  abolitions: Abolition[];
}

export async function catalogOn(
  q: Queryable,
  asOf: BusinessDate,
  only?: ItemCode,
): Promise<{ tariffVersion: string | null; entries: CatalogEntry[] }> {
  const history = await abolitionHistory(q, only);
  const inForce = new Map(history.filter((a) => !a.withdrawnAt).map((a) => [a.item as ItemCode, a.effectiveFrom]));
  const tariff = tariffInForce(asOf);
  const entries = ITEMS.filter((i) => !only || i.code === only).map((item) => {
    // A legacy item is priced as what it renews as; new quotes of it are refused.
    const terms = tariff ? offeredTerms(tariff, item.renewsAs ?? item.code) : [];
    return {
      item,
      terms: terms.map((term) => {
        const r = quote({ item: item.code, term, kind: item.sold ? 'new' : 'renewal', asOf, abolitions: inForce });
        return { term, quote: r.ok ? r.value : null };
      }),
      abolishedFrom: inForce.get(item.code) ?? null,
      abolitions: history.filter((a) => a.item === item.code),
    };
  });
  return { tariffVersion: tariff?.version ?? null, entries };
}
