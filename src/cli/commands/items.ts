import { jstDateOf } from '../../domain/dates.js';
import { TERM_NAMES } from '../../domain/terms.js';
import { LABEL } from '../../i18n/cli.js';
import { bi } from '../../i18n/text.js';
import { catalogOn } from '../../services/catalog.js';
import { optional, type Command } from '../command.js';
import { dateText, instantText, table, yen } from '../format.js';
import { dateArg, itemArg } from '../values.js';

export const itemsCommand: Command = {
  name: 'items',
  summary: bi('品目の一覧: コード、名称、品目区分、有効期間ごとの料金、廃止（第1条、別紙1、第8条）', 'the catalog: codes, names, category, prices by term, abolitions (Art. 1, Appendix 1, Art. 8)'),
  usage: 'certdesk items [--item CODE] [--as-of YYYY-MM-DD] [--json]',
  help: bi(
    `  --item CODE    この品目だけ
  --as-of DATE   料金と廃止の基準日（既定: 本日・日本時間）
料金は税抜（別紙1のとおり）、税込は消費税を加えた額です。SureServer（旧品目）は更新のみで、SureServer for クラウドの料金です。`,
    `  --item CODE    this item only
  --as-of DATE   the day prices and abolitions are taken from (default: today in JST)
Prices are without tax, as Appendix 1 lists them; with tax adds consumption tax. SureServer (legacy) renews only, at SureServer for Cloud prices.`,
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
        { header: LABEL.name[l], value: (r) => (r.first ? r.e.item.name[l] : '') },
        { header: LABEL.category[l], value: (r) => (r.first ? r.e.item.category : '') },
        { header: LABEL.term[l], value: (r) => (r.t.term ? TERM_NAMES[r.t.term][l] : '—') },
        { header: LABEL.certificateFee[l], value: (r) => (r.t.quote ? (r.t.quote.individuallyPriced ? LABEL.individuallyPriced[l] : yen(r.t.quote.certificateFee)) : '—'), right: true },
        { header: LABEL.agencyFee[l], value: (r) => (r.t.quote ? yen(r.t.quote.agencyFee) : '—'), right: true },
        { header: LABEL.totalWithoutTax[l], value: (r) => (r.t.quote?.total != null ? yen(r.t.quote.total) : '—'), right: true },
        { header: LABEL.totalWithTax[l], value: (r) => (r.t.quote?.totalWithTax != null ? yen(r.t.quote.totalWithTax) : '—'), right: true },
        { header: LABEL.abolished[l], value: (r) => (r.first && r.e.abolishedFrom ? dateText(r.e.abolishedFrom, l) : '') },
      ]),
      ...entries.flatMap((e) =>
        e.abolitions.map((a) =>
          l === 'ja'
            ? `  ${e.item.code}: ${dateText(a.effectiveFrom, l)} から廃止（${a.recordedBy}、${instantText(a.createdAt)} 記録）${a.withdrawnAt ? ` — ${instantText(a.withdrawnAt)} に${a.replacedBy ? '日付変更' : '取消'}（${a.withdrawnBy}）` : ''}${a.reason ? `: ${a.reason}` : ''}`
            : `  ${e.item.code}: abolished from ${dateText(a.effectiveFrom, l)} (recorded by ${a.recordedBy}, ${instantText(a.createdAt)})${a.withdrawnAt ? ` — ${a.replacedBy ? 'moved' : 'withdrawn'} ${instantText(a.withdrawnAt)} by ${a.withdrawnBy}` : ''}${a.reason ? `: ${a.reason}` : ''}`,
        ),
      ),
    ].join('\n');
    return { json, text };
  },
};
