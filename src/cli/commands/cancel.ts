import { recordCancellation } from '../../services/cancellations.js';
import { optional, required, type Command } from '../command.js';
import { Refusal } from '../errors.js';
import { dateWithEra, fields } from '../format.js';
import { dateArg, instantArg } from '../values.js';

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'record a cancellation form that came on paper or by e-mail (Art. 9(2))',
  usage: 'certdesk cancel --contract ID --received INSTANT [--requested YYYY-MM-DD] [--json]',
  help: `  --contract ID        the contract cancelled
  --received INSTANT   when the form arrived (JST unless an offset is given)
  --requested DATE     the effective date the customer asked for, if any
The contract ends on the later of 30 days after arrival and the requested date. Paid fees are not refunded.`,
  options: { contract: { type: 'string' }, received: { type: 'string' }, requested: { type: 'string' } },
  async run(args, ctx) {
    const contractId = required(args, 'contract', 'the contract cancelled');
    const receivedAt = instantArg('received', required(args, 'received', 'when the cancellation form arrived'));
    const requestedText = optional(args, 'requested');
    const requestedOn = requestedText ? dateArg('requested', requestedText) : undefined;
    const r = await recordCancellation(await ctx.db(), { contractId, receivedAt, requestedOn, via: 'cli', actor: ctx.actor }, ctx.now);
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const json = {
      contract: v.contract,
      receivedOn: v.receivedOn.toString(),
      earliestEffective: v.earliestEffective.toString(),
      effective: v.effective.toString(),
      endDate: v.endDate.toString(),
      endReason: v.endReason,
      status: v.status,
      warnings: v.warnings,
    };
    const text = [
      `Cancellation of ${v.contract} recorded.`,
      fields([
        ['Received on 到達日', dateWithEra(v.receivedOn)],
        ['Effective 効力発生日', dateWithEra(v.effective)],
        ['Contract ends 契約終了日', `${dateWithEra(v.endDate)} (${v.endReason})`],
        ['Status', v.status],
      ]),
      ...v.warnings.map(
        (w) => `  ! The term ends on ${w.expiryDate}, before the effective date: unless the customer answers "don't renew", the term renews by default (Art. 6(2)).`,
      ),
    ].join('\n');
    return { json, text };
  },
};
