import { say } from '../../i18n/cli.js';
import { listContracts, type ContractView } from '../../services/contracts.js';
import { optional, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { dateWithEra, table } from '../format.js';

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
  };
}

export const contractsCommand: Command = {
  name: 'contracts',
  summary: 'list contracts with their expiry date, reply deadline and renewal decision',
  usage: 'certdesk contracts [--customer ID] [--status active|ended] [--json]',
  help: `  --customer ID            only this customer's contracts
  --status active|ended    only active or ended contracts
Dates are JST business dates; replyDeadline is the last day an answer counts.`,
  options: { customer: { type: 'string' }, status: { type: 'string' } },
  async run(args, ctx) {
    const status = optional(args, 'status');
    if (status !== undefined && status !== 'active' && status !== 'ended') throw new UsageError(`--status must be active or ended (got "${status}")`);
    const rows = await listContracts(await ctx.db(), { customer: optional(args, 'customer'), status }, ctx.now, ctx.config.renewalPolicy);
    const text = rows.length
      ? table(rows, [
          { header: 'ID', value: (c) => c.id },
          { header: 'Customer', value: (c) => c.customer },
          { header: 'Item', value: (c) => c.item },
          { header: 'Term', value: (c) => c.term },
          { header: 'Status', value: (c) => c.status },
          { header: 'Expiry 満了日', value: (c) => dateWithEra(c.expiryDate) },
          { header: 'Reply by 回答期限', value: (c) => (c.replyDeadline ? c.replyDeadline.toString() : '—') },
          { header: 'Notices', value: (c) => String(c.noticesSent), right: true },
          { header: 'Decision', value: (c) => c.renewalDecision ?? '—' },
          { header: 'Ends', value: (c) => (c.endDate ? `${c.endDate} ${c.endReason}` : '—') },
        ])
      : say(ctx.locale, 'noContracts');
    return { json: rows.map(contractJson), text };
  },
};
