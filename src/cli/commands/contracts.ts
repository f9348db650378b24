import { jstDateOf } from '../../domain/dates.js';
import { DECISION, END_REASON, LABEL, SAY, STATUS } from '../../i18n/cli.js';
import { bi, type Locale } from '../../i18n/text.js';
import { listContracts, type ContractView } from '../../services/contracts.js';
import { optional, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { dateText, table } from '../format.js';
import { wholeNumberArg } from '../values.js';

export function contractJson(c: ContractView) {
  const d = (x: { toString(): string } | null) => (x ? x.toString() : null);
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
    replyDeadline: d(c.replyDeadline),
    noticesSent: c.noticesSent,
    renewalDecision: c.renewalDecision,
    endDate: d(c.endDate),
    endReason: c.endReason,
    waitingForStaff: c.held,
    certificateNotAfter: c.certificateNotAfter?.toISOString() ?? null,
  };
}

export function endText(c: Pick<ContractView, 'endDate' | 'endReason'>, l: Locale): string {
  return c.endDate ? `${c.endDate.toString()} ${c.endReason ? END_REASON[c.endReason][l] : ''}`.trim() : '—';
}

export function contractsTable(rows: readonly ContractView[], l: Locale): string {
  return table(rows, [
    { header: LABEL.id[l], value: (c) => c.id },
    { header: LABEL.customer[l], value: (c) => c.customerName },
    { header: LABEL.commonName[l], value: (c) => c.commonName },
    { header: LABEL.item[l], value: (c) => c.item },
    { header: LABEL.term[l], value: (c) => c.term },
    { header: LABEL.status[l], value: (c) => STATUS[c.status][l] },
    { header: LABEL.expiry[l], value: (c) => dateText(c.expiryDate, l) },
    { header: LABEL.certificateEnds[l], value: (c) => (c.certificateNotAfter ? jstDateOf(c.certificateNotAfter).toString() : '—') },
    { header: LABEL.replyBy[l], value: (c) => (c.replyDeadline ? c.replyDeadline.toString() : '—') },
    { header: LABEL.notices[l], value: (c) => String(c.noticesSent), right: true },
    { header: LABEL.decision[l], value: (c) => (c.renewalDecision ? DECISION[c.renewalDecision][l] : '—') },
    { header: LABEL.ends[l], value: (c) => (c.held ? `${endText(c, l)} ${l === 'ja' ? '（保留: ご案内なし）' : '(held: no notice)'}` : endText(c, l)) },
  ]);
}

export const contractsCommand: Command = {
  name: 'contracts',
  summary: bi('契約の一覧: 満了日、回答期限、更新の回答、終了日', 'list contracts with their expiry date, reply deadline, renewal decision and end'),
  usage: 'certdesk contracts [--customer ID] [--status active|ended] [--expiring-within DAYS] [--search TEXT] [--json]',
  help: bi(
    `  --customer ID            この契約者の契約だけ
  --status STATUS          active（有効）または ended（終了）
  --expiring-within DAYS   本日（日本時間）から DAYS 日以内に満了する有効な契約
  --search TEXT            コモンネーム、契約 ID、契約者の ID・名称の一部（大文字小文字を区別しません）
日付は日本時間の暦日です。回答期限は回答が有効な最後の日です。`,
    `  --customer ID            only this customer's contracts
  --status STATUS          active or ended
  --expiring-within DAYS   active contracts whose term expires within DAYS days of today (JST)
  --search TEXT            part of the common name, the contract id, or the customer's id or name (any case)
Dates are JST calendar dates. The reply deadline is the last day an answer counts.`,
  ),
  options: { customer: { type: 'string' }, status: { type: 'string' }, 'expiring-within': { type: 'string' }, search: { type: 'string' } },
  settings: ['DATABASE_URL', 'CERTDESK_NOTICE_DAYS', 'CERTDESK_REPLY_DAYS', 'CERTDESK_NOTICE_HOUR'],
  async run(args, ctx) {
    const status = optional(args, 'status');
    if (status !== undefined && status !== 'active' && status !== 'ended') throw new UsageError(SAY.badStatus(status));
    const within = optional(args, 'expiring-within');
    const rows = await listContracts(
      await ctx.db(),
      { customer: optional(args, 'customer'), status, search: optional(args, 'search') || undefined, expiringWithinDays: within === undefined ? undefined : wholeNumberArg('expiring-within', within, 0, 3650) },
      ctx.now,
      ctx.config.renewalPolicy,
    );
    return { json: rows.map(contractJson), text: rows.length ? contractsTable(rows, ctx.locale) : LABEL.noContracts[ctx.locale] };
  },
};
