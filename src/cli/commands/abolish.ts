import { END_REASON, LABEL } from '../../i18n/cli.js';
import { bilingual, type Locale } from '../../i18n/text.js';
import { abolishItem, moveAbolition, withdrawAbolition, type AbolitionChange } from '../../services/abolitions.js';
import { flag, optional, required, type Command } from '../command.js';
import { Refusal } from '../errors.js';
import { dateText, table } from '../format.js';
import { dateArg, itemArg } from '../values.js';

const dryRunHelp = bilingual(
  '  --dry-run       終了する契約と日付を表示するだけで記録しません',
  '  --dry-run       list the contracts that would end and when, and record nothing',
);
const withdrawDryRunHelp = bilingual(
  '  --dry-run       取り消した後の各契約の終了日を表示するだけで記録しません',
  "  --dry-run       show each contract's end once the abolition is withdrawn, and record nothing",
);
const moveDryRunHelp = bilingual(
  '  --dry-run       新しい日付での各契約の終了日を表示するだけで記録しません',
  "  --dry-run       show each contract's end under the new date, and record nothing",
);
const itemWhat = bilingual('品目区分Ⅰ・Ⅱの品目', 'a category I or II item');

function changeText(v: AbolitionChange, head: string, l: Locale): string {
  return [
    head,
    v.contracts.length
      ? table(v.contracts, [
          { header: LABEL.contract[l], value: (c) => c.id },
          {
            header: LABEL.ends[l],
            value: (c) => (c.endsOn ? `${dateText(c.endsOn, l)} ${END_REASON[c.endReason!][l]}` : '—'),
          },
        ])
      : l === 'ja'
        ? '  この品目の有効な契約はありません。'
        : '  No active contracts of this item.',
  ].join('\n');
}

function changeJson(v: AbolitionChange) {
  return {
    item: v.item,
    previous: {
      from: v.previous.from.toString(),
      recordedBy: v.previous.recordedBy,
      recordedAt: v.previous.recordedAt.toISOString(),
    },
    from: v.from?.toString() ?? null,
    dryRun: v.dryRun,
    contracts: v.contracts.map((c) => ({ id: c.id, endDate: c.endsOn?.toString() ?? null, endReason: c.endReason })),
  };
}

export const abolishCommand: Command = {
  name: 'abolish',
  summary: bilingual(
    '認証機関が提供を終えた品目を、指定日から廃止します（第8条）',
    'abolish an item from a date when its CA stops the product (Art. 8)',
  ),
  usage: 'certdesk abolish --item CODE --from YYYY-MM-DD [--reason TEXT] [--dry-run] [--json]',
  help: bilingual(
    `  --item CODE     品目区分Ⅰ・Ⅱの品目
  --from DATE     廃止の初日（本日以降）。この品目の契約はこの日に終了します
  --reason TEXT   理由（監査記録に残ります）
${dryRunHelp.ja}
既に記録された、より早い終了（解約の効力発生日、「更新しない」）はその理由のまま優先します。
どの契約も終了していない間は certdesk abolish move で日付を変え、certdesk abolish withdraw で取り消せます。`,
    `  --item CODE     a category I or II item
  --from DATE     the first day the item is abolished (today or later); its contracts end on that day
  --reason TEXT   why (kept in the audit log)
${dryRunHelp.en}
An earlier end already recorded (a cancellation's effective date, a "don't renew") stands, with its reason.
While no contract has ended under it, certdesk abolish move changes the date and certdesk abolish withdraw takes it back.`,
  ),
  options: {
    item: { type: 'string' },
    from: { type: 'string' },
    reason: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const item = itemArg(required(args, 'item', itemWhat));
    const from = dateArg(
      'from',
      required(args, 'from', bilingual('廃止の初日（YYYY-MM-DD）', 'the first day the item is abolished (YYYY-MM-DD)')),
    );
    const r = await abolishItem(
      await ctx.db(),
      { item: item.code, from, reason: optional(args, 'reason'), actor: ctx.actor, dryRun: flag(args, 'dry-run') },
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.reasons, { item: item.code });
    const v = r.value;
    const json = {
      item: v.item,
      from: v.from.toString(),
      alreadyRecorded: v.alreadyRecorded,
      dryRun: v.dryRun,
      contracts: v.contracts.map((c) => ({
        id: c.id,
        customer: c.customer,
        commonName: c.commonName,
        endDate: c.endsOn.toString(),
        endReason: c.endReason,
      })),
      endedNow: v.endedNow,
    };
    const head = v.alreadyRecorded
      ? bilingual(
          `${v.item} は既に ${dateText(v.from, 'ja')} からの廃止が記録されています。`,
          `${v.item} was already abolished from ${dateText(v.from, 'en')}.`,
        )
      : v.dryRun
        ? bilingual(
            `${v.item} を ${dateText(v.from, 'ja')} から廃止すると、各契約は次のとおり終了します（--dry-run のため記録していません）:`,
            `Abolishing ${v.item} from ${dateText(v.from, 'en')} would end these contracts (--dry-run: nothing was recorded):`,
          )
        : bilingual(
            `${v.item} を ${dateText(v.from, 'ja')} から廃止しました。`,
            `${v.item} is abolished from ${dateText(v.from, 'en')}.`,
          );
    const text = [
      head[l],
      v.contracts.length
        ? table(v.contracts, [
            { header: LABEL.contract[l], value: (c) => c.id },
            { header: LABEL.customer[l], value: (c) => c.customerName },
            { header: LABEL.commonName[l], value: (c) => c.commonName },
            { header: LABEL.ends[l], value: (c) => `${dateText(c.endsOn, l)} ${END_REASON[c.endReason][l]}` },
          ])
        : l === 'ja'
          ? '  この品目の有効な契約はありません。'
          : '  No active contracts of this item.',
      ...(v.endedNow.length
        ? [
            v.dryRun
              ? l === 'ja'
                ? `  本日終了することになる契約: ${v.endedNow.join(', ')}`
                : `  Would end now: ${v.endedNow.join(', ')}`
              : l === 'ja'
                ? `  本日終了: ${v.endedNow.join(', ')}`
                : `  Ended now: ${v.endedNow.join(', ')}`,
          ]
        : []),
    ].join('\n');
    return { json, text };
  },
};

export const abolishWithdrawCommand: Command = {
  name: 'abolish withdraw',
  summary: bilingual(
    '品目の廃止を取り消します（どの契約もまだ終了していない間）。記録は残ります',
    'take back an abolition while no contract has ended under it; the record stays',
  ),
  usage: 'certdesk abolish withdraw --item CODE [--reason TEXT] [--dry-run] [--json]',
  help: bilingual(
    `  --item CODE     廃止を取り消す品目
  --reason TEXT   理由（監査記録に残ります）
${withdrawDryRunHelp.ja}`,
    `  --item CODE     the item whose abolition is taken back
  --reason TEXT   why (kept in the audit log)
${withdrawDryRunHelp.en}`,
  ),
  options: { item: { type: 'string' }, reason: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const item = itemArg(required(args, 'item', itemWhat));
    const r = await withdrawAbolition(
      await ctx.db(),
      { item: item.code, reason: optional(args, 'reason'), actor: ctx.actor, dryRun: flag(args, 'dry-run') },
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.reasons, { item: item.code });
    const v = r.value;
    const head = v.dryRun
      ? bilingual(
          `${v.item} の廃止（${dateText(v.previous.from, 'ja')} から）は取り消されます（--dry-run のため記録していません）。取り消した後の各契約:`,
          `The abolition of ${v.item} (from ${dateText(v.previous.from, 'en')}) would be withdrawn (--dry-run: nothing was recorded). Each contract then:`,
        )
      : bilingual(
          `${v.item} の廃止（${dateText(v.previous.from, 'ja')} から）を取り消しました。`,
          `The abolition of ${v.item} (from ${dateText(v.previous.from, 'en')}) is withdrawn.`,
        );
    return { json: changeJson(v), text: changeText(v, head[ctx.locale], ctx.locale) };
  },
};

export const abolishMoveCommand: Command = {
  name: 'abolish move',
  summary: bilingual(
    '品目の廃止日を変更します（どの契約もまだ終了していない間）。元の記録は残ります',
    'move an abolition to another date while no contract has ended under it; the original stays on record',
  ),
  usage: 'certdesk abolish move --item CODE --from YYYY-MM-DD [--reason TEXT] [--dry-run] [--json]',
  help: bilingual(
    `  --item CODE     廃止日を変える品目
  --from DATE     新しい廃止の初日（本日以降）
  --reason TEXT   理由（監査記録に残ります）
${moveDryRunHelp.ja}`,
    `  --item CODE     the item whose abolition moves
  --from DATE     the new first day of the abolition (today or later)
  --reason TEXT   why (kept in the audit log)
${moveDryRunHelp.en}`,
  ),
  options: {
    item: { type: 'string' },
    from: { type: 'string' },
    reason: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const item = itemArg(required(args, 'item', itemWhat));
    const from = dateArg(
      'from',
      required(
        args,
        'from',
        bilingual('新しい廃止の初日（YYYY-MM-DD）', 'the new first day of the abolition (YYYY-MM-DD)'),
      ),
    );
    const r = await moveAbolition(
      await ctx.db(),
      { item: item.code, from, reason: optional(args, 'reason'), actor: ctx.actor, dryRun: flag(args, 'dry-run') },
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.reasons, { item: item.code });
    const v = r.value;
    const [was, to] = [v.previous.from, from];
    const head = v.dryRun
      ? bilingual(
          `${v.item} の廃止日は ${dateText(was, 'ja')} から ${dateText(to, 'ja')} に変更されます（--dry-run のため記録していません）。変更後の各契約:`,
          `The abolition of ${v.item} would move from ${dateText(was, 'en')} to ${dateText(to, 'en')} (--dry-run: nothing was recorded). Each contract then:`,
        )
      : bilingual(
          `${v.item} の廃止日を ${dateText(was, 'ja')} から ${dateText(to, 'ja')} に変更しました。`,
          `The abolition of ${v.item} moves from ${dateText(was, 'en')} to ${dateText(to, 'en')}.`,
        );
    return { json: changeJson(v), text: changeText(v, head[ctx.locale], ctx.locale) };
  },
};
