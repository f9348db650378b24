import type { Item } from '../../domain/catalog.js';
import { jstDateOf } from '../../domain/dates.js';
import { TERM_NAMES } from '../../domain/terms.js';
import { LABEL } from '../../i18n/cli.js';
import { bilingual, type Locale } from '../../i18n/text.js';
import type { Abolition } from '../../services/abolitions.js';
import { catalogOn } from '../../services/catalog.js';
import { optional, type Command } from '../command.js';
import { dateText, instantText, table, yen } from '../format.js';
import { dateArg, itemArg } from '../values.js';

/** A legacy item, marked as such in both languages: it is not sold, only renewed as its successor. */
function itemName(item: Item, l: Locale): string {
  return item.sold ? item.name[l] : l === 'ja' ? `${item.name.ja}（旧品目・販売終了）` : item.name.en;
}

const LEGACY_NOTE = (item: Item) =>
  bilingual(
    `${item.code}（${item.name.ja}）は平成28年6月30日以前の契約だけの旧品目で、新規には販売していません。料金は更新時のもので、更新後は ${item.renewsAs ?? '—'} として存続します（平成28年7月1日附則）。`,
    `${item.code} is a legacy item of contracts made before 2016-07-01 and is not sold: its prices are those of a renewal, after which it continues as ${item.renewsAs ?? '—'} (supplementary provision of 2016-07-01).`,
  );

/**
 * One recorded abolition with its own reason, and, once taken back or moved, when, by whom and
 * why: each record speaks for itself, so a move's reason is never shown as the next record's.
 */
export function abolitionLine(a: Abolition, l: Locale): string {
  const own = a.reason ? (l === 'ja' ? ` 理由: ${a.reason}` : ` reason: ${a.reason}`) : '';
  const why = a.withdrawalReason
    ? l === 'ja'
      ? ` 理由: ${a.withdrawalReason}`
      : ` reason: ${a.withdrawalReason}`
    : '';
  const gone = a.withdrawnAt
    ? l === 'ja'
      ? ` — ${instantText(a.withdrawnAt)} に${a.replacedBy ? '日付変更' : '取消'}（${a.withdrawnBy}${why ? `、${why.trim()}` : ''}）`
      : ` — ${a.replacedBy ? 'moved' : 'withdrawn'} ${instantText(a.withdrawnAt)} by ${a.withdrawnBy}${why ? `;${why}` : ''}`
    : '';
  return l === 'ja'
    ? `${dateText(a.effectiveFrom, l)} から廃止（${a.recordedBy}、${instantText(a.createdAt)} 記録${own ? `、${own.trim()}` : ''}）${gone}`
    : `abolished from ${dateText(a.effectiveFrom, l)} (recorded by ${a.recordedBy}, ${instantText(a.createdAt)}${own ? `;${own}` : ''})${gone}`;
}

export const itemsCommand: Command = {
  name: 'items',
  summary: bilingual(
    '品目の一覧: コード、名称、品目区分、有効期間ごとの料金、廃止（第1条、別紙1、第8条）',
    'the catalog: codes, names, category, prices by term, abolitions (Art. 1, Appendix 1, Art. 8)',
  ),
  usage: 'certdesk items [--item CODE] [--as-of YYYY-MM-DD] [--json]',
  help: bilingual(
    `  --item CODE    この品目だけ
  --as-of DATE   料金と廃止の基準日（既定: 本日・日本時間）
料金は税抜（別紙1のとおり）、税込は消費税を加えた額です。SureServer（旧品目・販売終了）は更新のみで、SureServer for クラウドの料金です。
廃止はその理由と、取消・日付変更された記録はいつ、誰が、なぜ変えたかとともに示します。`,
    `  --item CODE    this item only
  --as-of DATE   the day prices and abolitions are taken from (default: today in JST)
Prices are without tax, as Appendix 1 lists them; with tax adds consumption tax. SureServer (legacy, not sold) renews only, at SureServer for Cloud prices.
Abolitions are shown with their reasons; one withdrawn or moved says when, by whom and why.`,
  ),
  options: { item: { type: 'string' }, 'as-of': { type: 'string' } },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const itemText = optional(args, 'item');
    const only = itemText ? itemArg(itemText).code : undefined;
    const asOfText = optional(args, 'as-of');
    const asOf = asOfText ? dateArg('as-of', asOfText) : jstDateOf(ctx.now);
    const { tariffVersion, entries } = await catalogOn(await ctx.db(), asOf, only);
    const json = {
      asOf: asOf.toString(),
      tariffVersion,
      items: entries.map((e) => ({
        code: e.item.code,
        category: e.item.category,
        issuer: e.item.issuer,
        name: e.item.name,
        sold: e.item.sold,
        renewsAs: e.item.renewsAs ?? null,
        abolishedFrom: e.abolishedFrom?.toString() ?? null,
        terms: e.terms.map(({ term, quote: q }) => ({
          term,
          offered: q !== null,
          certificateFee: q?.certificateFee ?? null,
          agencyFee: q?.agencyFee ?? null,
          monthlyFee: q?.monthlyFee ?? null,
          total: q?.total ?? null,
          consumptionTax: q?.consumptionTax ?? null,
          totalWithTax: q?.totalWithTax ?? null,
          individuallyPriced: q?.individuallyPriced ?? null,
        })),
        abolitions: e.abolitions.map((a) => ({
          from: a.effectiveFrom.toString(),
          reason: a.reason,
          recordedBy: a.recordedBy,
          recordedAt: a.createdAt.toISOString(),
          withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
          withdrawnBy: a.withdrawnBy,
          withdrawalReason: a.withdrawalReason,
          replacedBy: a.replacedBy,
        })),
      })),
    };
    const rows = entries.flatMap((e) =>
      (e.terms.length ? e.terms : [{ term: null, quote: null }]).map((t, i) => ({ e, t, first: i === 0 })),
    );
    const text = [
      `${LABEL.asOf[l]} ${dateText(asOf, l)} · ${LABEL.tariff[l]} ${tariffVersion ?? '—'}`,
      table(rows, [
        { header: LABEL.code[l], value: (r) => (r.first ? r.e.item.code : '') },
        { header: LABEL.name[l], value: (r) => (r.first ? itemName(r.e.item, l) : '') },
        { header: LABEL.categoryHeader[l], value: (r) => (r.first ? r.e.item.category : '') },
        {
          header: LABEL.term[l],
          value: (r) =>
            r.t.term ? `${TERM_NAMES[r.t.term][l]}${r.e.item.sold ? '' : l === 'ja' ? '（更新）' : ' (renewal)'}` : '—',
        },
        {
          header: LABEL.certificateFee[l],
          value: (r) =>
            r.t.quote
              ? r.t.quote.individuallyPriced
                ? LABEL.individuallyPriced[l]
                : yen(r.t.quote.certificateFee)
              : '—',
          right: true,
        },
        { header: LABEL.agencyFee[l], value: (r) => (r.t.quote ? yen(r.t.quote.agencyFee) : '—'), right: true },
        {
          header: LABEL.totalWithoutTax[l],
          value: (r) => (r.t.quote?.total != null ? yen(r.t.quote.total) : '—'),
          right: true,
        },
        {
          header: LABEL.totalWithTax[l],
          value: (r) => (r.t.quote?.totalWithTax != null ? yen(r.t.quote.totalWithTax) : '—'),
          right: true,
        },
        {
          header: LABEL.abolished[l],
          value: (r) => (r.first && r.e.abolishedFrom ? dateText(r.e.abolishedFrom, l) : ''),
        },
      ]),
      ...entries.flatMap((e) => (e.item.sold ? [] : [`  * ${LEGACY_NOTE(e.item)[l]}`])),
      ...entries.flatMap((e) => e.abolitions.map((a) => `  ${e.item.code}: ${abolitionLine(a, l)}`)),
    ].join('\n');
    return { json, text };
  },
};
