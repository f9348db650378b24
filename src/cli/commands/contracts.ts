import { addDays, compareDates, jstDateOf, type BusinessDate } from '../../domain/dates.js';
import { scheduledNoticeDates, type RenewalPolicy } from '../../domain/renewal.js';
import { isTermCode, TERM_NAMES } from '../../domain/terms.js';
import { DECISION, END_REASON, LABEL, SAY, STATUS } from '../../i18n/cli.js';
import { bilingual, type Locale } from '../../i18n/text.js';
import { assertRecordExists } from '../../services/contract-story.js';
import { listContracts, type ContractView } from '../../services/contracts.js';
import { optional, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { dateText, instantText, table } from '../format.js';
import { wholeNumberArg } from '../values.js';

/**
 * The reply deadline as far as it is known: fixed once the first notice went out (Art. 6(2)); until
 * then only the day the first notice is due. A held cycle, one with an outcome, or a contract that
 * ends before it would renew has neither.
 */
export function deadlineOf(
  c: ContractView,
  policy: RenewalPolicy,
): { fixed: BusinessDate | null; firstNoticeDue: BusinessDate | null } {
  const none = { fixed: null, firstNoticeDue: null };
  if (c.status !== 'active' || !c.expiryDate || c.held) return none;
  if (c.noticesSent > 0) return { fixed: c.replyDeadline, firstNoticeDue: null };
  if (c.renewalDecision) return none;
  // Ending before the renewed term would begin, it has nothing to renew: no notice will go out.
  if (c.endDate && compareDates(c.endDate, addDays(c.expiryDate, 1)) <= 0) return none;
  return { fixed: null, firstNoticeDue: scheduledNoticeDates(c.expiryDate, policy)[0] ?? c.expiryDate };
}

export function contractJson(c: ContractView, policy: RenewalPolicy) {
  const d = (x: { toString(): string } | null) => (x ? x.toString() : null);
  const deadline = deadlineOf(c, policy);
  return {
    id: c.id,
    customer: c.customer,
    customerName: c.customerName,
    item: c.item,
    category: c.category,
    term: c.term,
    commonName: c.commonName,
    status: c.status,
    startsOn: d(c.startsOn),
    expiryDate: d(c.expiryDate),
    replyDeadline: d(deadline.fixed),
    firstNoticeDue: d(deadline.firstNoticeDue),
    noticesSent: c.noticesSent,
    renewalDecision: c.renewalDecision,
    endDate: d(c.endDate),
    endReason: c.endReason,
    waitingForStaff: c.held,
    certificateNotAfter: c.certificateNotAfter?.toISOString() ?? null,
  };
}

/**
 * The reply deadline for people: the fixed day, or when the first notice that fixes it is due —
 * or, when it is known (one contract's story), since when it has waited to go to Slack.
 */
export function replyByText(
  c: ContractView,
  policy: RenewalPolicy,
  today: BusinessDate,
  l: Locale,
  queuedSince?: Date,
): string {
  const { fixed, firstNoticeDue: due } = deadlineOf(c, policy);
  if (fixed) return dateText(fixed, l);
  if (!due) return '—';
  if (queuedSince)
    return l === 'ja'
      ? `初回のご案内で確定（ご案内は ${instantText(queuedSince)} から送信待ち）`
      : `set by the first notice (queued since ${instantText(queuedSince)})`;
  const overdue = compareDates(due, today) < 0;
  return l === 'ja'
    ? `初回のご案内で確定（ご案内${overdue ? `は ${dateText(due, l)} から未送信` : `予定 ${dateText(due, l)}`}）`
    : `set by the first notice (${overdue ? `overdue since ${dateText(due, l)}` : `due ${dateText(due, l)}`})`;
}

/** Held (no notice before the expiry date): only while the cycle is held and has no outcome. */
export function heldText(c: Pick<ContractView, 'held' | 'noticesSent'>, l: Locale): string | null {
  if (!c.held) return null;
  if (c.noticesSent > 0)
    return l === 'ja'
      ? '（保留: 契約者の回答または担当者の判断待ち）'
      : "(held: waiting for the customer's answer or a staff decision)";
  return l === 'ja' ? '（保留: 満了日までにご案内を送れていません）' : '(held: no notice sent before the expiry date)';
}

export function endText(c: Pick<ContractView, 'endDate' | 'endReason'>, l: Locale): string {
  return c.endDate ? `${dateText(c.endDate, l)} ${c.endReason ? END_REASON[c.endReason][l] : ''}`.trim() : '—';
}

export const termText = (term: string, l: Locale) => (isTermCode(term) ? TERM_NAMES[term][l] : term);

export function contractsTable(
  rows: readonly ContractView[],
  policy: RenewalPolicy,
  today: BusinessDate,
  l: Locale,
): string {
  return table(rows, [
    { header: LABEL.id[l], value: (c) => c.id },
    { header: LABEL.customer[l], value: (c) => c.customerName },
    { header: LABEL.commonName[l], value: (c) => c.commonName },
    { header: LABEL.item[l], value: (c) => c.item },
    { header: LABEL.term[l], value: (c) => termText(c.term, l) },
    { header: LABEL.status[l], value: (c) => STATUS[c.status][l] },
    { header: LABEL.expiry[l], value: (c) => dateText(c.expiryDate, l) },
    {
      header: LABEL.certificateEnds[l],
      value: (c) => (c.certificateNotAfter ? dateText(jstDateOf(c.certificateNotAfter), l) : '—'),
    },
    { header: LABEL.replyBy[l], value: (c) => replyByText(c, policy, today, l) },
    { header: LABEL.notices[l], value: (c) => String(c.noticesSent), right: true },
    { header: LABEL.decision[l], value: (c) => (c.renewalDecision ? DECISION[c.renewalDecision][l] : '—') },
    {
      header: LABEL.ends[l],
      value: (c) => [endText(c, l), heldText(c, l)].filter((x) => x && x !== '—').join(' ') || '—',
    },
  ]);
}

export const contractsCommand: Command = {
  name: 'contracts',
  summary: bilingual(
    '契約の一覧: 満了日、回答期限、更新の回答、終了日',
    'list contracts with their expiry date, reply deadline, renewal decision and end',
  ),
  usage: 'certdesk contracts [--customer ID] [--status active|ended] [--expiring-within DAYS] [--search TEXT] [--json]',
  help: bilingual(
    `  --customer ID            この契約者の契約だけ
  --status STATUS          active（有効）または ended（終了）
  --expiring-within DAYS   本日（日本時間）から DAYS 日以内に満了する有効な契約
  --search TEXT            コモンネーム、契約 ID、契約者の ID・名称の一部（大文字小文字を区別しません）
日付は日本時間の暦日です。回答期限は回答が有効な最後の日で、最初に送ったご案内で確定します（それまでは初回のご案内の予定日を示します）。
満了日までにご案内を送れなかった契約は「保留」と示し、契約者の回答か担当者の判断を待ちます。存在しない契約者を指定すると終了コード 2 です。`,
    `  --customer ID            only this customer's contracts
  --status STATUS          active or ended
  --expiring-within DAYS   active contracts whose term expires within DAYS days of today (JST)
  --search TEXT            part of the common name, the contract id, or the customer's id or name (any case)
Dates are JST calendar dates. The reply deadline is the last day an answer counts; the first notice sent fixes it (until then, the day the first notice is due is shown).
A contract whose expiry date came with no notice sent is shown as held, waiting for the customer's answer or a staff decision. A customer that does not exist exits 2.`,
  ),
  options: {
    customer: { type: 'string' },
    status: { type: 'string' },
    'expiring-within': { type: 'string' },
    search: { type: 'string' },
  },
  settings: ['DATABASE_URL', 'CERTDESK_NOTICE_DAYS', 'CERTDESK_REPLY_DAYS', 'CERTDESK_NOTICE_HOUR'],
  async run(args, ctx) {
    const status = optional(args, 'status');
    if (status !== undefined && status !== 'active' && status !== 'ended') throw new UsageError(SAY.badStatus(status));
    const within = optional(args, 'expiring-within');
    const expiringWithinDays = within === undefined ? undefined : wholeNumberArg('expiring-within', within, 0, 3650);
    const customer = optional(args, 'customer');
    const db = await ctx.db();
    if (customer) await assertRecordExists(db, 'customer', customer);
    const policy = ctx.config.renewalPolicy;
    const rows = await listContracts(
      db,
      { customer, status, search: optional(args, 'search'), expiringWithinDays },
      ctx.now,
      policy,
    );
    return {
      json: rows.map((c) => contractJson(c, policy)),
      text: rows.length ? contractsTable(rows, policy, jstDateOf(ctx.now), ctx.locale) : LABEL.noContracts[ctx.locale],
    };
  },
};
