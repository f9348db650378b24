import { itemByCode } from '../../domain/catalog.js';
import { jstDateOf } from '../../domain/dates.js';
import { quote } from '../../domain/quote.js';
import { TERM_NAMES } from '../../domain/terms.js';
import { say } from '../../i18n/cli.js';
import { noteJson, noteMessage } from '../../i18n/messages.js';
import { loadAbolitions } from '../../services/abolitions.js';
import { optional, required, type Command } from '../command.js';
import { Refusal } from '../errors.js';
import { dateWithEra, fields, yen } from '../format.js';
import { dateArg, itemArg, termArg } from '../values.js';

export const quoteCommand: Command = {
  name: 'quote',
  summary: 'price a new acquisition or a renewal (Appendix 1)',
  usage: 'certdesk quote --item CODE --term TERM [--renewal] [--as-of YYYY-MM-DD] [--json]',
  help: `  --item CODE        item code, or its Japanese or English name (e.g. quick-ssl, "クイック認証 ワイルドカード")
  --term TERM        6m, 1y, 2y, 3y or unlimited
  --renewal          a renewal rather than a new acquisition
  --as-of DATE       the day the prices are taken from (default: today in JST)`,
  options: { item: { type: 'string' }, term: { type: 'string' }, renewal: { type: 'boolean' }, 'as-of': { type: 'string' } },
  async run(args, ctx) {
    const item = itemArg(required(args, 'item', 'the item to quote (an item code)'));
    const term = termArg(required(args, 'term', 'the term: 6m, 1y, 2y, 3y or unlimited'));
    const asOfText = optional(args, 'as-of');
    const asOf = asOfText ? dateArg('as-of', asOfText) : jstDateOf(ctx.now);
    const abolitions = await loadAbolitions(await ctx.db());
    const q = quote({ item: item.code, term, kind: args.values.renewal ? 'renewal' : 'new', asOf, abolitions });
    if (!q.ok) throw new Refusal(q.reasons, { item: item.code, term });
    const v = q.value;
    const json = { ...v, asOf: v.asOf.toString(), notes: v.notes.map(noteJson) };
    const name = itemByCode(v.item).name[ctx.locale];
    const l = ctx.locale;
    const text = [
      `${name} (${v.item}) · ${say(l, 'category')} ${v.category} · ${TERM_NAMES[v.term][l]} · ${say(l, v.kind)}`,
      fields([
        [say(l, 'certificateFee'), v.individuallyPriced ? say(l, 'individuallyPriced') : yen(v.certificateFee)],
        [say(l, 'agencyFee'), yen(v.agencyFee)],
        [say(l, 'monthlyFee'), yen(v.monthlyFee)],
        [say(l, 'total'), v.total === null ? say(l, 'totalOnceAgreed') : yen(v.total)],
        [say(l, 'asOf'), dateWithEra(v.asOf)],
        [say(l, 'tariff'), v.tariffVersion],
      ]),
      ...v.notes.map((n) => `  * ${noteMessage(n, l)}`),
    ].join('\n');
    return { json, text };
  },
};
