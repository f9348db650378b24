import { cancellationDates } from '../../domain/cancellation.js';
import { say } from '../../i18n/cli.js';
import { optional, required, type Command } from '../command.js';
import { dateWithEra, fields } from '../format.js';
import { dateArg, instantArg } from '../values.js';

export const cancellationDateCommand: Command = {
  name: 'cancellation-date',
  summary: 'the day a cancellation form takes effect (Art. 9(2))',
  usage: 'certdesk cancellation-date --received INSTANT [--requested YYYY-MM-DD] [--json]',
  help: `  --received INSTANT   when the form arrived, e.g. 2026-09-01T10:00 (JST unless an offset is given)
  --requested DATE     the effective date the customer asked for, if any`,
  options: { received: { type: 'string' }, requested: { type: 'string' } },
  async run(args, ctx) {
    const received = instantArg('received', required(args, 'received', 'when the cancellation form arrived'));
    const requestedText = optional(args, 'requested');
    const requested = requestedText ? dateArg('requested', requestedText) : undefined;
    const d = cancellationDates(received, requested);
    const json = { receivedOn: d.receivedOn.toString(), earliestEffective: d.earliestEffective.toString(), effective: d.effective.toString(), requested: requested?.toString() ?? null };
    const text = fields([
      [say(ctx.locale, 'receivedOn'), dateWithEra(d.receivedOn)],
      [say(ctx.locale, 'earliestEffective'), dateWithEra(d.earliestEffective)],
      [say(ctx.locale, 'requested'), requested ? dateWithEra(requested) : '—'],
      [say(ctx.locale, 'effective'), dateWithEra(d.effective)],
    ]);
    return { json, text };
  },
};
