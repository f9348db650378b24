// Quotes for a new acquisition or a renewal (Art. 1, Art. 10, Appendix 1 §1–§3).
import { chargesAgencyFee, itemByCode, type Category, type Item, type ItemCode } from './catalog.js';
import { daysBetween, isOnOrBefore, type BusinessDate } from './dates.js';
import { maxPublicCertificateLifetimeDays, NO_PUBLIC_CERTIFICATE_RENEWABLE_FROM } from './lifetimes.js';
import { ok, reason, refused, type Decided, type Reason } from './reasons.js';
import { offeredTerms, tariffInForce, TARIFF_VERSIONS, type TariffVersion } from './tariff.js';
import { withConsumptionTax } from './tax.js';
import { addTerm, type TermCode } from './terms.js';

export type QuoteKind = 'new' | 'renewal';

/** Abolitions in force (Art. 8): item → the date from which it is abolished. */
export type Abolitions = ReadonlyMap<ItemCode, BusinessDate>;

export interface QuoteNote {
  code:
    | 'individually-priced'
    | 'renews-as-successor'
    | 'term-served-by-several-certificates'
    | 'bring-your-own-shorter-certificates'
    | 'bring-your-own-no-public-certificate-renewable';
  params: Record<string, string | number>;
}

export interface Quote {
  item: ItemCode;
  /** The item asked for, when the quote is for the item it continues as (SureServer). */
  requestedItem: ItemCode;
  category: Category;
  term: TermCode;
  kind: QuoteKind;
  asOf: BusinessDate;
  /** null: 当社が別途契約者に示す金額 (individually priced). */
  certificateFee: number | null;
  agencyFee: number;
  monthlyFee: number;
  /** Payable per acquisition or renewal (certificate + agency fee); null when individually priced. */
  total: number | null;
  /** Consumption tax on the total (税抜 → 税込), shown beside the terms' amounts; null when individually priced. */
  taxPercent: number;
  consumptionTax: number | null;
  totalWithTax: number | null;
  individuallyPriced: boolean;
  tariffVersion: string;
  notes: QuoteNote[];
}

export interface QuoteRequest {
  item: ItemCode;
  term: TermCode;
  kind: QuoteKind;
  asOf: BusinessDate;
  abolitions?: Abolitions;
  tariffs?: readonly TariffVersion[];
}

/** Supplementary provision of 平成28年7月1日: a renewed SureServer continues as SureServer for クラウド. */
export function pricedItem(item: Item, kind: QuoteKind): Item {
  return kind === 'renewal' && item.renewsAs ? itemByCode(item.renewsAs) : item;
}

/** Art. 8: whether an item is abolished on a date. */
export function isAbolished(
  item: ItemCode,
  on: BusinessDate,
  abolitions: Abolitions | undefined,
): BusinessDate | undefined {
  const from = abolitions?.get(item);
  return from && isOnOrBefore(from, on) ? from : undefined;
}

export interface Prices {
  certificateFee: number | null;
  agencyFee: number;
  monthlyFee: number;
  oneTimeFee: number;
  tariffVersion: string;
}

/** The Appendix 1 prices of an item and term on a date; every reason it cannot be priced. */
export function pricesOn(
  item: Item,
  term: TermCode,
  on: BusinessDate,
  tariffs: readonly TariffVersion[] = TARIFF_VERSIONS,
): Decided<Prices> {
  const tariff = tariffInForce(on, tariffs);
  if (!tariff) {
    const first = tariffs[0]?.effectiveFrom.toString() ?? '';
    return refused(reason('Art. 10', 'no-tariff-in-force', { date: on.toString(), first }));
  }
  const prices = tariff.items[item.code];
  const offered = offeredTerms(tariff, item.code);
  if (!prices || !offered.includes(term)) {
    return refused(reason('Appendix 1 §1', 'term-not-offered', { item: item.code, term, offered }));
  }
  return ok({
    certificateFee: prices.certificateFee[term] ?? null,
    agencyFee: chargesAgencyFee(item) ? prices.agencyFee : 0,
    monthlyFee: prices.monthlyFee[term] ?? 0,
    oneTimeFee: prices.oneTimeFee ?? 0,
    tariffVersion: tariff.version,
  });
}

/** Reasons an item cannot be sold or renewed on a date: not sold any more, or abolished (Art. 8). */
export function availabilityReasons(
  requested: Item,
  priced: Item,
  kind: QuoteKind,
  on: BusinessDate,
  abolitions?: Abolitions,
): Reason[] {
  const reasons: Reason[] = [];
  if (kind === 'new' && !requested.sold) {
    reasons.push(
      reason('Supplementary provision (平成28年7月1日)', 'item-not-sold', {
        item: requested.code,
        successor: requested.renewsAs ?? '',
      }),
    );
  }
  for (const code of new Set([requested.code, priced.code])) {
    const from = isAbolished(code, on, abolitions);
    if (from) reasons.push(reason('Art. 8', 'item-abolished', { item: code, from: from.toString() }));
  }
  return reasons;
}

/** A quote, or every reason there is none. */
export function quote(req: QuoteRequest): Decided<Quote> {
  const requested = itemByCode(req.item);
  const item = pricedItem(requested, req.kind);
  const reasons = availabilityReasons(requested, item, req.kind, req.asOf, req.abolitions);
  const prices = pricesOn(item, req.term, req.asOf, req.tariffs);
  // An item no longer sold has no price to speak of; its own reason says all.
  if (!prices.ok && (item.sold || req.kind === 'renewal')) reasons.push(...prices.reasons);
  if (!prices.ok || reasons.length > 0) return refused(...reasons);

  const { certificateFee, agencyFee, monthlyFee, tariffVersion } = prices.value;
  const individuallyPriced = certificateFee === null;
  const total = individuallyPriced ? null : certificateFee + agencyFee;
  const taxed = withConsumptionTax(total ?? 0, req.asOf);
  return ok({
    item: item.code,
    requestedItem: requested.code,
    category: item.category,
    term: req.term,
    kind: req.kind,
    asOf: req.asOf,
    certificateFee,
    agencyFee,
    monthlyFee,
    total,
    taxPercent: taxed.taxPercent,
    consumptionTax: total === null ? null : taxed.tax,
    totalWithTax: total === null ? null : taxed.amountWithTax,
    individuallyPriced,
    tariffVersion,
    notes: quoteNotes(requested, item, req.term, req.asOf),
  });
}

function quoteNotes(requested: Item, item: Item, term: TermCode, asOf: BusinessDate): QuoteNote[] {
  const notes: QuoteNote[] = [];
  if (requested.code !== item.code)
    notes.push({ code: 'renews-as-successor', params: { from: requested.code, to: item.code } });
  if (item.category === 'II') notes.push({ code: 'individually-priced', params: {} });
  const maxDays = maxPublicCertificateLifetimeDays(asOf);
  const termEnd = addTerm(asOf, term);
  if (item.category !== 'III' && termEnd && daysBetween(asOf, termEnd) > maxDays) {
    notes.push({ code: 'term-served-by-several-certificates', params: { maxDays } });
  }
  if (item.category === 'III') {
    if (isOnOrBefore(NO_PUBLIC_CERTIFICATE_RENEWABLE_FROM, asOf)) {
      notes.push({ code: 'bring-your-own-no-public-certificate-renewable', params: { maxDays } });
    } else {
      notes.push({
        code: 'bring-your-own-shorter-certificates',
        params: { maxDays, from: NO_PUBLIC_CERTIFICATE_RENEWABLE_FROM.toString() },
      });
    }
  }
  return notes;
}
