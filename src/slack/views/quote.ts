// A quote as a message, and the modal that picks an item and a term (Appendix 1).
import type { KnownBlock, ModalView } from '@slack/types';
import { itemByCode, ITEMS } from '../../domain/catalog.js';
import type { Quote } from '../../domain/quote.js';
import { TERM_CODES, TERM_NAMES } from '../../domain/terms.js';
import { QUOTE } from '../../i18n/app.js';
import { noteMessage } from '../../i18n/messages.js';
import { LABEL } from '../../i18n/cli.js';
import { slackYen } from '../../i18n/slack.js';
import type { Locale } from '../../i18n/text.js';
import { context, fieldsSections, header, input, LIMITS, option, plain, section, staticSelect } from './blocks.js';

export const QUOTE_MODAL = 'quote_modal';
export const QUOTE_BLOCKS = { item: 'quote_item', term: 'quote_term', kind: 'quote_kind' } as const;

/** A quote, titled with the item it prices (a renewal of SureServer is priced, and titled, as SureServer for クラウド). */
export function quoteBlocks(q: Quote, l: Locale): KnownBlock[] {
  const itemName = itemByCode(q.item).name[l];
  const pairs: [string, string][] = [
    [LABEL.certificateFee[l], q.individuallyPriced ? QUOTE.individuallyPriced[l] : slackYen(q.certificateFee)],
    [LABEL.agencyFee[l], slackYen(q.agencyFee)],
    [LABEL.monthlyFee[l], slackYen(q.monthlyFee)],
    [LABEL.totalWithoutTax[l], q.total === null ? QUOTE.noTotal[l] : slackYen(q.total)],
  ];
  if (q.total !== null)
    pairs.push(
      [QUOTE.tax(q.taxPercent)[l], slackYen(q.consumptionTax)],
      [LABEL.totalWithTax[l], slackYen(q.totalWithTax)],
    );
  return [
    header(QUOTE.header(itemName)[l]),
    section(
      `*${itemName}* (\`${q.item}\`) · ${LABEL.category[l]} ${q.category} · ${TERM_NAMES[q.term][l]} · ${(q.kind === 'new' ? LABEL.new : LABEL.renewal)[l]}`,
    ),
    ...fieldsSections(pairs),
    ...q.notes.map((n) => context(noteMessage(n, l))),
    context(`${LABEL.asOf[l]} ${q.asOf} · ${LABEL.tariff[l]} ${q.tariffVersion}`),
  ];
}

export function quoteMessage(q: Quote, l: Locale): { text: string; blocks: KnownBlock[] } {
  return {
    text: `${QUOTE.header(itemByCode(q.item).name[l])[l]}: ${q.total === null ? QUOTE.individuallyPriced[l] : slackYen(q.total)}`,
    blocks: quoteBlocks(q, l),
  };
}

/** The quote modal; with a result, it shows the quote under the pickers. */
export function quoteModal(
  l: Locale,
  chosen: { item?: string; term?: string; kind?: string } = {},
  result?: KnownBlock[],
): ModalView {
  const items = ITEMS.filter((i) => i.sold || i.renewsAs).map((i) => option(`${i.name[l]}`, i.code));
  const terms = TERM_CODES.map((t) => option(TERM_NAMES[t][l], t));
  const kinds = [option(QUOTE.kindNew[l], 'new'), option(QUOTE.kindRenewal[l], 'renewal')];
  return {
    type: 'modal',
    callback_id: QUOTE_MODAL,
    title: plain(QUOTE.modalTitle[l], LIMITS.viewTitle),
    submit: plain(QUOTE.submit[l], LIMITS.viewSubmit),
    close: plain(QUOTE.close[l], LIMITS.viewClose),
    blocks: [
      input(QUOTE_BLOCKS.item, QUOTE.item[l], staticSelect('item', QUOTE.pickItem[l], items, chosen.item)),
      input(QUOTE_BLOCKS.term, QUOTE.term[l], staticSelect('term', QUOTE.pickTerm[l], terms, chosen.term)),
      input(QUOTE_BLOCKS.kind, QUOTE.kind[l], staticSelect('kind', QUOTE.kind[l], kinds, chosen.kind ?? 'new')),
      ...(result ?? []),
    ],
  };
}
