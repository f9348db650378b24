import { jstWallClock, toBusinessDate } from '../../domain/dates.js';
import { DECISION, END_REASON, LABEL, SAY, STATUS } from '../../i18n/cli.js';
import { bilingual, type Locale } from '../../i18n/text.js';
import {
  correctCancellation,
  recordCancellation,
  withdrawCancellation,
  type CancellationRecorded,
} from '../../services/cancellations.js';
import { flag, optional, required, type Command } from '../command.js';
import { Refusal, UsageError } from '../errors.js';
import { dateText, fields } from '../format.js';
import { dateArg, instantArg } from '../values.js';

const contractFlag = bilingual('解約する契約の ID', 'the contract cancelled');
/** The --dry-run line of a help whose flags are described from column `at`. */
const dryRunHelp = (at: number) =>
  bilingual(
    `  ${'--dry-run'.padEnd(at - 2)}結果を表示するだけで記録しません`,
    `  ${'--dry-run'.padEnd(at - 2)}show what would happen and record nothing`,
  );
const RECEIVED_HELP = bilingual(
  '  --received INSTANT   申込書が届いた日時（オフセットなしは日本時間。2026-09-01T20:00-04:00[America/New_York] のような RFC 9557 も可）。未来の日時は指定できません',
  '  --received INSTANT   when the form arrived (JST without an offset; RFC 9557 such as 2026-09-01T20:00-04:00[America/New_York] is read in its zone); not in the future',
);

function cancellationJson(v: CancellationRecorded) {
  return {
    contract: v.contract,
    receivedOn: v.receivedOn.toString(),
    earliestEffective: v.earliestEffective.toString(),
    effective: v.effective.toString(),
    endDate: v.endDate.toString(),
    endReason: v.endReason,
    status: v.status,
    dryRun: v.dryRun,
    warnings: v.warnings,
  };
}

type Warning = CancellationRecorded['warnings'][number];

/** A warning of a recorded cancellation, by its code. */
function warningText(w: Warning, l: Locale): string {
  const d = (text: string) => dateText(toBusinessDate(text), l);
  switch (w.code) {
    case 'renewal-decided':
      return l === 'ja'
        ? `  ! 有効期間は ${d(w.expiryDate)} に終わり、効力発生日より前です。更新は既に決まっているため（${DECISION[w.decision].ja}）、有効期間は更新され、その料金が発生します（第6条第2項、第10条）。`
        : `  ! The term ends on ${d(w.expiryDate)}, before the effective date, and its renewal is already decided (${DECISION[w.decision].en}): the term renews and its fees accrue first (Art. 6(2), Art. 10).`;
    case 'effective-date-passed':
      return l === 'ja'
        ? `  ! 効力発生日 ${d(w.effective)} は既に過ぎています。契約はその日付で終了します。`
        : `  ! The effective date ${d(w.effective)} has already passed: the contract ends as of that date.`;
    default:
      return l === 'ja'
        ? `  ! 有効期間は ${d(w.expiryDate)} に終わり、効力発生日より前です。契約者が${w.replyDeadline ? `回答期限 ${d(w.replyDeadline)} までに` : ''}「更新しない」と回答しない限り、有効期間はみなし更新されます（第6条第2項）。`
        : `  ! The term ends on ${d(w.expiryDate)}, before the effective date: unless the customer answers "don't renew"${w.replyDeadline ? ` by ${d(w.replyDeadline)}` : ''}, the term renews by default (Art. 6(2)).`;
  }
}

function cancellationText(head: string, v: CancellationRecorded, l: Locale): string {
  return [
    head,
    fields([
      [LABEL.receivedOn[l], dateText(v.receivedOn, l)],
      [LABEL.effective[l], dateText(v.effective, l)],
      [LABEL.contractEnds[l], `${dateText(v.endDate, l)} (${END_REASON[v.endReason][l]})`],
      [LABEL.status[l], STATUS[v.status][l]],
    ]),
    ...v.warnings.map((w) => warningText(w, l)),
  ].join('\n');
}

/** A form cannot arrive after the moment it is recorded: a future arrival is a mistyped flag. */
function arrivalArg(text: string, now: Date): Date {
  const at = instantArg('received', text);
  if (at.getTime() > now.getTime())
    throw new UsageError(SAY.receivedInFuture(`${jstWallClock(at)} JST`, `${jstWallClock(now)} JST`));
  return at;
}

export const cancelCommand: Command = {
  name: 'cancel',
  summary: bilingual(
    '紙・電子メールで届いた解約申込書を記録します（第9条第2項）',
    'record a cancellation form that came on paper or by e-mail (Art. 9(2))',
  ),
  usage: 'certdesk cancel --contract ID --received INSTANT [--requested YYYY-MM-DD] [--dry-run] [--json]',
  help: bilingual(
    `  --contract ID        解約する契約
${RECEIVED_HELP.ja}
  --requested DATE     契約者が指定した解除日（あれば）
${dryRunHelp(23).ja}
到達日から30日を経過する日と指定日のいずれか遅い日に効力が生じます。支払済みの料金は返金しません。
取り消しは certdesk cancel withdraw、訂正は certdesk cancel correct で行います。`,
    `  --contract ID        the contract cancelled
${RECEIVED_HELP.en}
  --requested DATE     the effective date the customer asked for, if any
${dryRunHelp(23).en}
The contract ends on the later of 30 days after arrival and the requested date. Paid fees are not refunded.
certdesk cancel withdraw takes a cancellation back; certdesk cancel correct corrects one.`,
  ),
  options: {
    contract: { type: 'string' },
    received: { type: 'string' },
    requested: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const contractId = required(args, 'contract', contractFlag);
    const receivedAt = arrivalArg(
      required(args, 'received', bilingual('申込書が届いた日時', 'when the cancellation form arrived')),
      ctx.now,
    );
    const requestedText = optional(args, 'requested');
    const requestedOn = requestedText ? dateArg('requested', requestedText) : undefined;
    const r = await recordCancellation(
      await ctx.db(),
      { contractId, receivedAt, requestedOn, via: 'cli', actor: ctx.actor, dryRun: flag(args, 'dry-run') },
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const head = r.value.dryRun
      ? bilingual(
          `${contractId} の解約は次のとおり記録されます（--dry-run のため記録していません）。`,
          `Cancellation of ${contractId} would be recorded as follows (--dry-run: nothing was recorded).`,
        )
      : bilingual(`${contractId} の解約を記録しました。`, `Cancellation of ${contractId} recorded.`);
    return { json: cancellationJson(r.value), text: cancellationText(head[ctx.locale], r.value, ctx.locale) };
  },
};

export const cancelWithdrawCommand: Command = {
  name: 'cancel withdraw',
  summary: bilingual(
    '記録した解約を取り消します（契約者が撤回した）。記録は残ります',
    'take back a recorded cancellation (the customer withdrew it); the record stays',
  ),
  usage: 'certdesk cancel withdraw --contract ID [--reason TEXT] [--dry-run] [--json]',
  help: bilingual(
    `  --contract ID   解約を取り消す契約
  --reason TEXT   理由（監査記録に残ります）
${dryRunHelp(18).ja}
契約が終了した後は取り消せません。契約の終了日は、残る記録（「更新しない」、廃止など）から改めて決まります。`,
    `  --contract ID   the contract whose cancellation is taken back
  --reason TEXT   why (kept in the audit log)
${dryRunHelp(18).en}
Not once the contract has ended. Its end is derived again from what else is recorded ("don't renew", an abolition).`,
  ),
  options: { contract: { type: 'string' }, reason: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const contractId = required(args, 'contract', contractFlag);
    const r = await withdrawCancellation(
      await ctx.db(),
      { contractId, reason: optional(args, 'reason'), actor: ctx.actor, dryRun: flag(args, 'dry-run') },
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const ends = v.endDate
      ? `${dateText(v.endDate, l)} (${END_REASON[v.endReason!][l]})`
      : l === 'ja'
        ? 'なし（契約は継続します）'
        : 'none (the contract continues)';
    const effective = dateText(v.withdrawn.effective, l);
    const head = v.dryRun
      ? bilingual(
          `${v.contract} の解約（効力発生 ${effective}）は取り消されます（--dry-run のため記録していません）。`,
          `The cancellation of ${v.contract} (effective ${effective}) would be withdrawn (--dry-run: nothing was recorded).`,
        )
      : bilingual(
          `${v.contract} の解約（効力発生 ${effective}）を取り消しました。`,
          `The cancellation of ${v.contract} (effective ${effective}) is withdrawn.`,
        );
    const text = [head[l], fields([[LABEL.contractEnds[l], ends]])].join('\n');
    return {
      json: {
        contract: v.contract,
        withdrawn: { receivedOn: v.withdrawn.receivedOn.toString(), effective: v.withdrawn.effective.toString() },
        endDate: v.endDate?.toString() ?? null,
        endReason: v.endReason,
        dryRun: v.dryRun,
      },
      text,
    };
  },
};

export const cancelCorrectCommand: Command = {
  name: 'cancel correct',
  summary: bilingual(
    '記録した解約を訂正します（到達日時・指定日の誤り）。元の記録は残ります',
    'correct a recorded cancellation (a mistyped arrival time or requested date); the original stays on record',
  ),
  usage:
    'certdesk cancel correct --contract ID [--received INSTANT] [--requested YYYY-MM-DD | --no-requested] [--reason TEXT] [--dry-run] [--json]',
  help: bilingual(
    `  --contract ID        訂正する解約の契約
${RECEIVED_HELP.ja}
  --requested DATE     正しい指定日
  --no-requested       指定日はなかった
  --reason TEXT        訂正の理由（監査記録に残ります）
${dryRunHelp(23).ja}
指定しなかった項目は元の記録のままです。何も変わらない訂正は記録せず、終了コード 3 で終わります。契約が終了した後は訂正できません。`,
    `  --contract ID        the contract whose cancellation is corrected
${RECEIVED_HELP.en}
  --requested DATE     the right requested date
  --no-requested       there was no requested date
  --reason TEXT        why (kept in the audit log)
${dryRunHelp(23).en}
What is not given stays as recorded. A correction that changes nothing is refused (exit 3) and nothing is recorded. Not once the contract has ended.`,
  ),
  options: {
    contract: { type: 'string' },
    received: { type: 'string' },
    requested: { type: 'string' },
    'no-requested': { type: 'boolean' },
    reason: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const contractId = required(args, 'contract', contractFlag);
    const receivedText = optional(args, 'received');
    const requestedText = optional(args, 'requested');
    if (requestedText && flag(args, 'no-requested'))
      throw new UsageError(SAY.conflictingFlags('--requested', '--no-requested'));
    const r = await correctCancellation(
      await ctx.db(),
      {
        contractId,
        receivedAt: receivedText ? arrivalArg(receivedText, ctx.now) : undefined,
        requestedOn: flag(args, 'no-requested')
          ? null
          : requestedText
            ? dateArg('requested', requestedText)
            : undefined,
        reason: optional(args, 'reason'),
        actor: ctx.actor,
        dryRun: flag(args, 'dry-run'),
      },
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const was = dateText(v.replaced.effective, ctx.locale);
    const head = v.dryRun
      ? bilingual(
          `${contractId} の解約は次のとおり訂正されます（元の効力発生日 ${was}。--dry-run のため記録していません）。`,
          `Cancellation of ${contractId} would be corrected as follows (it is effective ${was}; --dry-run: nothing was recorded).`,
        )
      : bilingual(
          `${contractId} の解約を訂正しました（元の効力発生日 ${was}）。`,
          `Cancellation of ${contractId} corrected (it was effective ${was}).`,
        );
    return {
      json: {
        ...cancellationJson(v),
        replaced: { receivedOn: v.replaced.receivedOn.toString(), effective: v.replaced.effective.toString() },
      },
      text: cancellationText(head[ctx.locale], v, ctx.locale),
    };
  },
};
