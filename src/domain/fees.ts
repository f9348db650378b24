// Ledger entries for every fee event (Art. 10, Appendix 1). Amounts are integers of yen.
import { itemByCode, type ItemCode } from './catalog.js';
import { compareDates, type BusinessDate } from './dates.js';
import { pricedItem, pricesOn } from './quote.js';
import { ok, reason, refused, type Decided } from './reasons.js';
import type { TariffVersion } from './tariff.js';
import type { TermCode } from './terms.js';

export const FEE_KINDS = ['certificate', 'agency', 'monthly', 'one-time'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

export interface LedgerEntryDraft {
  kind: FeeKind;
  amount: number;
  accruedOn: BusinessDate;
  /** The provision that makes the fee due. */
  article: string;
  tariffVersion: string;
}

export type FeeEvent =
  /** Art. 10: 初期費用 accrue when the provider accepts the application. */
  | { kind: 'acceptance'; on: BusinessDate }
  /** Art. 6(2)/(3): a renewal the contractor asked for (or a category III renewal certificate accepted). */
  | { kind: 'renewal'; on: BusinessDate }
  /** Art. 6(2) + Art. 10 (parenthesis): a default renewal, on the date the provider designates. */
  | { kind: 'default-renewal'; on: BusinessDate }
  /** Art. 10: 月額費用 of a month, due from the billing start date (課金開始日). */
  | { kind: 'monthly'; on: BusinessDate }
  /** Art. 5 + Art. 10: 一時費用 when a change of the service using the certificate is accepted. */
  | { kind: 'contract-change'; on: BusinessDate };

export interface FeeRequest {
  item: ItemCode;
  term: TermCode;
  event: FeeEvent;
  /** The amount staff agreed for an individually priced item (当社が別途契約者に示す金額). */
  agreedCertificateFee?: number | null;
  tariffs?: readonly TariffVersion[];
}

const ARTICLE: Record<FeeEvent['kind'], string> = {
  acceptance: 'Art. 10',
  renewal: 'Art. 10, Art. 6',
  'default-renewal': 'Art. 10, Art. 6(2)',
  monthly: 'Art. 10',
  'contract-change': 'Art. 10, Art. 5',
};

/**
 * The fees an event makes due, priced by the tariff in force on the day they accrue: the
 * certificate fee and agency fee of an acquisition or renewal (Appendix 1 §1, §3), a month's
 * monthly fee (§2), the one-time fee of a contract change. A renewed SureServer is priced as
 * SureServer for クラウド. A fee of 0 (every monthly fee of Appendix 1, the one-time fee it does
 * not list) makes no entry.
 */
export function feesFor(req: FeeRequest): Decided<LedgerEntryDraft[]> {
  const item = pricedItem(itemByCode(req.item), req.event.kind === 'acceptance' ? 'new' : 'renewal');
  const prices = pricesOn(item, req.term, req.event.on, req.tariffs);
  if (!prices.ok) return prices;
  const { certificateFee, agencyFee, monthlyFee, oneTimeFee, tariffVersion } = prices.value;
  const article = ARTICLE[req.event.kind];
  const accruedOn = req.event.on;
  if (req.event.kind === 'monthly') {
    return ok(
      monthlyFee > 0
        ? [{ kind: 'monthly', amount: monthlyFee, accruedOn, article: `${article}; Appendix 1 §2`, tariffVersion }]
        : [],
    );
  }
  if (req.event.kind === 'contract-change') {
    return ok(oneTimeFee > 0 ? [{ kind: 'one-time', amount: oneTimeFee, accruedOn, article, tariffVersion }] : []);
  }
  const amount = certificateFee ?? req.agreedCertificateFee ?? null;
  // Appendix 1 §1: an individually priced certificate fee must be agreed before acceptance; a
  // renewal's may be agreed later, and its fixed agency fee (§3) accrues with the renewal meanwhile.
  if (amount === null && req.event.kind === 'acceptance')
    return refused(reason('Appendix 1 §1', 'individual-price-missing', { item: item.code }));

  const entries: LedgerEntryDraft[] =
    amount === null
      ? []
      : [{ kind: 'certificate', amount, accruedOn, article: `${article}; Appendix 1 §1`, tariffVersion }];
  if (agencyFee > 0)
    entries.push({ kind: 'agency', amount: agencyFee, accruedOn, article: `${article}; Appendix 1 §3`, tariffVersion });
  return ok(entries);
}

/**
 * Appendix 1 §1 + Art. 10: the certificate fee of a category II renewal agreed after the renewal
 * (当社が別途契約者に示す金額) accrues when it is agreed, never before the renewal's own fee day.
 */
export function agreedCertificateFee(req: {
  item: ItemCode;
  term: TermCode;
  renewal: FeeEvent;
  amount: number;
  agreedOn: BusinessDate;
  tariffs?: readonly TariffVersion[];
}): Decided<LedgerEntryDraft> {
  if (itemByCode(req.item).category !== 'II')
    return refused(reason('Appendix 1 §1', 'not-individually-priced', { item: req.item }));
  const on = compareDates(req.agreedOn, req.renewal.on) > 0 ? req.agreedOn : req.renewal.on;
  const fees = feesFor({
    item: req.item,
    term: req.term,
    event: req.renewal,
    agreedCertificateFee: req.amount,
    tariffs: req.tariffs,
  });
  if (!fees.ok) return fees;
  const entry = fees.value.find((e) => e.kind === 'certificate')!;
  return ok({ ...entry, accruedOn: on });
}

/** A correction is a new entry that reverses (part of) an earlier one; the ledger is never changed. */
export function correction(original: LedgerEntryDraft, correctedAmount: number, on: BusinessDate): LedgerEntryDraft {
  return {
    ...original,
    amount: correctedAmount - original.amount,
    accruedOn: on,
    article: `${original.article} (correction)`,
  };
}
