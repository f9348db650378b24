import { itemByCode } from '../../domain/catalog.js';
import { jstDateOf } from '../../domain/dates.js';
import { quote, type Quote } from '../../domain/quote.js';
import { TERM_NAMES } from '../../domain/terms.js';
import { LABEL, SAY } from '../../i18n/cli.js';
import { noteJson, noteMessage } from '../../i18n/messages.js';
import { bilingual, type Locale } from '../../i18n/text.js';
import { loadAbolitions } from '../../services/abolitions.js';
import { flag, optional, required, type Command } from '../command.js';
import { Refusal } from '../errors.js';
import { dateText, fields, yen } from '../format.js';
import { dateArg, itemArg, scheduledAbolition, termArg } from '../values.js';

export function quoteJson(v: Quote) {
  return { ...v, asOf: v.asOf.toString(), notes: v.notes.map(noteJson) };
}

/** A quote as people read it: 税抜 amounts as the terms list them, then the tax and the 税込 total. */
export function quoteText(v: Quote, l: Locale): string {
  return [
    `${itemByCode(v.item).name[l]} (${v.item}) · ${LABEL.category[l]} ${v.category} · ${TERM_NAMES[v.term][l]} · ${(v.kind === 'new' ? LABEL.new : LABEL.renewal)[l]}`,
    fields([
      [LABEL.certificateFee[l], v.individuallyPriced ? LABEL.individuallyPriced[l] : yen(v.certificateFee)],
      [LABEL.agencyFee[l], yen(v.agencyFee)],
      [LABEL.monthlyFee[l], yen(v.monthlyFee)],
      [LABEL.totalWithoutTax[l], v.total === null ? LABEL.totalOnceAgreed[l] : yen(v.total)],
      ...(v.total === null
        ? []
        : ([
            [l === 'ja' ? `消費税（${v.taxPercent}%）` : `Consumption tax (${v.taxPercent}%)`, yen(v.consumptionTax)],
            [LABEL.totalWithTax[l], yen(v.totalWithTax)],
          ] as [string, string][])),
      [LABEL.asOf[l], dateText(v.asOf, l)],
      [LABEL.tariff[l], v.tariffVersion],
    ]),
    ...v.notes.map((n) => `  * ${noteMessage(n, l)}`),
  ].join('\n');
}

export const quoteCommand: Command = {
  name: 'quote',
  summary: bilingual(
    '新規取得または更新の料金を見積もります（別紙1）',
    'price a new acquisition or a renewal (Appendix 1)',
  ),
  usage: 'certdesk quote --item CODE --term TERM [--renewal] [--as-of YYYY-MM-DD] [--json]',
  help: bilingual(
    `  --item CODE        品目コード、または日本語・英語の名称（例: quick-ssl、"クイック認証 ワイルドカード"）。certdesk items で一覧
  --term TERM        有効期間: 6m, 1y, 2y, 3y, unlimited（1年、6ヶ月、無期限 なども可）
  --renewal          新規取得ではなく更新の見積
  --as-of DATE       料金表の基準日（既定: 本日・日本時間）
金額は別紙1のとおり税抜で示し、消費税と税込の合計を別に表示します。`,
    `  --item CODE        item code, or its Japanese or English name (e.g. quick-ssl, "クイック認証 ワイルドカード"); certdesk items lists them
  --term TERM        6m, 1y, 2y, 3y or unlimited (1Y, 12m and the Japanese term names also work)
  --renewal          a renewal rather than a new acquisition
  --as-of DATE       the day the prices are taken from (default: today in JST)
Amounts are as Appendix 1 lists them, without tax; consumption tax and the total with tax are shown apart.`,
  ),
  options: {
    item: { type: 'string' },
    term: { type: 'string' },
    renewal: { type: 'boolean' },
    'as-of': { type: 'string' },
  },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const item = itemArg(
      required(args, 'item', bilingual('見積もる品目（品目コード）', 'the item to quote (an item code)')),
    );
    const term = termArg(
      required(args, 'term', bilingual('有効期間: 6m, 1y, 2y, 3y, unlimited', 'the term: 6m, 1y, 2y, 3y or unlimited')),
    );
    const asOfText = optional(args, 'as-of');
    const asOf = asOfText ? dateArg('as-of', asOfText) : jstDateOf(ctx.now);
    const abolitions = await loadAbolitions(await ctx.db());
    const q = quote({ item: item.code, term, kind: flag(args, 'renewal') ? 'renewal' : 'new', asOf, abolitions });
    if (!q.ok) throw new Refusal(q.reasons, { item: item.code, term });
    const scheduled = scheduledAbolition(abolitions.get(item.code), asOf);
    const note = scheduled
      ? SAY.abolitionScheduled(
          item.code,
          dateText(scheduled.from, 'ja'),
          dateText(scheduled.from, 'en'),
          scheduled.days,
        )
      : undefined;
    const json = quoteJson(q.value);
    return {
      json:
        note && scheduled
          ? {
              ...json,
              notes: [...json.notes, { code: 'item-abolition-scheduled', message: note.en, messageJa: note.ja }],
              abolishedFrom: scheduled.from.toString(),
            }
          : json,
      text: [quoteText(q.value, ctx.locale), ...(note ? [`  ! ${note[ctx.locale]}`] : [])].join('\n'),
    };
  },
};
