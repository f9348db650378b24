import { sweepOnce } from '../../../jobs/work.js';
import { jstWallClock, toBusinessDate } from '../../domain/dates.js';
import { LABEL, OUTCOME, SAY } from '../../i18n/cli.js';
import { bilingual, type Locale } from '../../i18n/text.js';
import { slackClient } from '../../slack/client.js';
import { flag, optional, WORK_SETTINGS, type Command } from '../command.js';
import { dateText, table, yen } from '../format.js';
import { instantArg } from '../values.js';

const STEP = {
  notice: bilingual('更新のご案内', 'notice'),
  remind: bilingual('回答のお願い（担当者へのメンション）', 'reminder (contacts mentioned)'),
  hold: bilingual('保留（満了日までにご案内を送れず）', 'held (no notice sent before expiry)'),
  deadline: bilingual('回答期限の経過', 'deadline passed'),
  lapse: bilingual('失効', 'lapse'),
  rollover: bilingual('次の有効期間の開始', 'next term begins'),
  ending: bilingual('契約の終了', 'contract ends'),
  order: bilingual('CA への証明書の申請（ACME）', 'certificate ordered from the CA (ACME)'),
} as const;

/** What a deadline decided, planned (dry run) or recorded, in words. */
const DECIDED = {
  renew: bilingual('更新', 'renewal'),
  'default-renew': bilingual('みなし更新', 'default renewal'),
  end: bilingual('終了（更新しない）', "end (don't renew)"),
  lapse: bilingual('失効', 'lapse'),
  ...OUTCOME,
} as const;

/** How each message went to Slack. */
const DELIVERY = {
  sent: bilingual('送信', 'sent'),
  found: bilingual('送信済みを確認', 'found already posted'),
  'done-before': bilingual('送信済み', 'already done'),
  busy: bilingual('他の処理が送信中', 'being sent by another process'),
  waiting: bilingual('待機中', 'waiting'),
  skipped: bilingual('送信不要', 'skipped'),
  failed: bilingual('失敗', 'failed'),
} as const;

/**
 * A step's detail in words. The scheduler reports it as a short string — `60`, `45 late`,
 * `default-renewed ¥92000`, `2027-01-11…2028-01-10` — read here field by field; anything else is
 * shown as it came.
 */
export function stepDetail(step: string, detail: string | undefined, l: Locale): string {
  if (!detail) return '';
  const notice = /^(\d+)( late)?$/.exec(detail);
  if (step === 'notice' && notice) {
    const late = Boolean(notice[2]);
    return l === 'ja'
      ? `満了日の${notice[1]}日前${late ? '（遅れて送信）' : ''}`
      : `${notice[1]} days before expiry${late ? ' (late)' : ''}`;
  }
  if (step === 'remind' && /^\d{4}-\d{2}-\d{2}$/.test(detail))
    return `${l === 'ja' ? '回答期限' : 'reply by'} ${dateText(toBusinessDate(detail), l)}`;
  const outcome = /^([a-z-]+)(?: ¥(\d+))?$/.exec(detail);
  if (outcome && outcome[1]! in DECIDED) {
    const words = DECIDED[outcome[1] as keyof typeof DECIDED][l];
    return outcome[2] ? `${words} · ${l === 'ja' ? '料金' : 'fees'} ${yen(Number(outcome[2]))}` : words;
  }
  if (step === 'order') {
    // What the order is for (domain/orders.ts orderNeed): the first certificate, a renewed term's, or a replacement.
    if (detail === 'first') return l === 'ja' ? '最初の証明書' : 'the first certificate';
    if (detail.startsWith('term:')) return l === 'ja' ? '新しい有効期間の証明書' : 'the new term’s certificate';
    if (detail.startsWith('replace:'))
      return l === 'ja'
        ? '有効期間内に切れる証明書の差し替え'
        : 'a replacement of a certificate that ends within its term';
  }
  const term = /^(\d{4}-\d{2}-\d{2})…(\d{4}-\d{2}-\d{2})$/.exec(detail);
  if (term) return `${dateText(toBusinessDate(term[1]!), l)} → ${dateText(toBusinessDate(term[2]!), l)}`;
  return detail;
}

/** Slack delivery counts in words: `送信 1 件` / `1 sent`. */
export function deliveryText(messages: Partial<Record<string, number>>, l: Locale): string {
  return Object.entries(messages)
    .filter(([, n]) => n)
    .map(([k, n]) => {
      const words = DELIVERY[k as keyof typeof DELIVERY]?.[l] ?? k;
      return l === 'ja' ? `${words} ${n} 件` : `${n} ${words}`;
    })
    .join(l === 'ja' ? '、' : ', ');
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: bilingual(
    'その時点で期限の来た定期処理（ご案内、みなし更新、終了、Slack への送信）をすべて一度だけ行います',
    'do every piece of scheduled work due at an instant (notices, default renewals, endings, Slack messages), exactly once',
  ),
  usage: 'certdesk sweep [--as-of INSTANT] [--dry-run] [--json]',
  help: bilingual(
    `  --as-of INSTANT   この時点までに期限の来た処理を行います（既定: 現在）。現在より後の時点では、その時点の処理を今行います（取り消せません。確認だけなら --dry-run）
  --dry-run         期限の来た処理を一覧するだけで、何も変更しません
ワーカーと同じ処理を、終了する前にこのプロセス自身で行います。同じ処理は、ワーカーや他の sweep と同時に動いても一度しか行われません。
複数のご案内が期限を過ぎている場合は、最新の1通だけを送ります。SLACK_BOT_TOKEN がない場合、メッセージは送信待ちのまま残ります。`,
    `  --as-of INSTANT   do the work due by this instant (default: now); a later instant does that work now, for good (add --dry-run to preview it)
  --dry-run         list what is due and change nothing
The same work the workers do, done by this process before it exits. Each piece happens once, whatever else runs at the same time.
When several notices of a contract are overdue, only the latest is sent. Without SLACK_BOT_TOKEN, messages wait in the outbox.`,
  ),
  options: { 'as-of': { type: 'string' }, 'dry-run': { type: 'boolean' } },
  settings: ['DATABASE_URL', ...WORK_SETTINGS],
  async run(args, ctx) {
    const l = ctx.locale;
    const asOfText = optional(args, 'as-of');
    const asOf = asOfText ? instantArg('as-of', asOfText) : ctx.now;
    const dryRun = flag(args, 'dry-run');
    // README, `sweep --as-of`: the work due at that instant, even a later one (a trial run moves time forward this
    // way). It cannot be undone, so the person is told, before it starts, that it runs ahead.
    if (!dryRun && asOf.getTime() > ctx.now.getTime())
      process.stderr.write(
        `certdesk: ${SAY.sweepAhead(`${jstWallClock(asOf)} JST`, `${jstWallClock(ctx.now)} JST`)[l]}\n`,
      );
    const database = await ctx.database();
    const report = await sweepOnce({ database, slack: slackClient(ctx.config), config: ctx.config }, asOf, { dryRun });
    const rows = report.details.map((d) => ({
      contract: d.contractId,
      step: STEP[d.step][l],
      detail: stepDetail(d.step, 'detail' in d ? d.detail : undefined, l),
    }));
    const text = [
      l === 'ja'
        ? `${jstWallClock(asOf)} JST 時点${dryRun ? 'で期限の来ている処理（--dry-run: 何も変更していません）' : 'の処理'}:`
        : `As of ${jstWallClock(asOf)} JST${dryRun ? ', due (--dry-run: nothing was changed)' : ''}:`,
      rows.length
        ? table(rows, [
            { header: LABEL.contract[l], value: (r) => r.contract },
            { header: LABEL.action[l], value: (r) => r.step },
            { header: LABEL.details[l], value: (r) => r.detail },
          ])
        : l === 'ja'
          ? '  期限の来た処理はありません。'
          : '  Nothing is due.',
      ...(deliveryText(report.messages, l)
        ? [
            l === 'ja'
              ? `メッセージ（Slack とメール）: ${deliveryText(report.messages, l)}`
              : `Messages (Slack and e-mail): ${deliveryText(report.messages, l)}`,
          ]
        : []),
      ...report.failures.map((f) =>
        l === 'ja'
          ? `失敗: 契約 ${f.contractId ?? '—'}（${f.step === 'cycle' ? '更新の処理' : '契約の終了'}、${f.attempts} 回目）: ${f.error}。再試行 ${jstWallClock(new Date(f.retryAt))} JST 以降`
          : `Failed: contract ${f.contractId ?? '—'} (${f.step === 'cycle' ? 'renewal step' : 'ending'}, attempt ${f.attempts}): ${f.error}. Retried from ${jstWallClock(new Date(f.retryAt))} JST`,
      ),
      ...(report.undelivered
        ? [(ctx.config.slack.botToken ? SAY.messagesWaiting : SAY.messagesWaitingNoToken)(report.undelivered)[l]]
        : []),
      ...(Object.keys(report.orders).length && !dryRun
        ? [
            l === 'ja'
              ? `CA への証明書の申請: 発行 ${report.orders.issued ?? 0} 件、失敗 ${report.orders.failed ?? 0} 件（certdesk contract show で詳細）`
              : `Certificates ordered from the CA: ${report.orders.issued ?? 0} issued, ${report.orders.failed ?? 0} failed (certdesk contract show has the details)`,
          ]
        : []),
    ].join('\n');
    // One contract's failing step stops no other, but the run is not clean until it is done.
    return { json: report, text, ...(report.failures.length || report.orders.failed ? { exit: 1 } : {}) };
  },
};
