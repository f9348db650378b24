import { abolishItem } from '../../services/abolitions.js';
import { optional, required, type Command } from '../command.js';
import { Refusal } from '../errors.js';
import { dateWithEra } from '../format.js';
import { dateArg, itemArg } from '../values.js';

export const abolishCommand: Command = {
  name: 'abolish',
  summary: 'abolish an item from a date when its CA stops the product (Art. 8)',
  usage: 'certdesk abolish --item CODE --from YYYY-MM-DD [--reason TEXT] [--json]',
  help: `  --item CODE     a category I or II item
  --from DATE     the first day the item is abolished; its contracts end on that day
  --reason TEXT   why (recorded in the audit log)`,
  options: { item: { type: 'string' }, from: { type: 'string' }, reason: { type: 'string' } },
  async run(args, ctx) {
    const item = itemArg(required(args, 'item', 'the item to abolish'));
    const from = dateArg('from', required(args, 'from', 'the first day the item is abolished (YYYY-MM-DD)'));
    const r = await abolishItem(await ctx.db(), { item: item.code, from, reason: optional(args, 'reason'), actor: ctx.actor }, ctx.now);
    if (!r.ok) throw new Refusal(r.reasons, { item: item.code });
    const v = r.value;
    const json = { item: v.item, from: v.from.toString(), alreadyRecorded: v.alreadyRecorded, contracts: v.contracts, endedNow: v.endedNow };
    const text = [
      `${v.item} ${v.alreadyRecorded ? 'was already abolished' : 'is abolished'} from ${dateWithEra(v.from)}.`,
      v.contracts.length ? `  Contracts ending on that day: ${v.contracts.join(', ')}${v.endedNow.length ? ` (ended now: ${v.endedNow.length})` : ''}` : '  No active contracts of this item.',
    ].join('\n');
    return { json, text };
  },
};
