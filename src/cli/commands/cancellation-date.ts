import { cancellationDates } from '../../domain/cancellation.js';
import { LABEL } from '../../i18n/cli.js';
import { bilingual } from '../../i18n/text.js';
import { optional, required, type Command } from '../command.js';
import { dateText, fields } from '../format.js';
import { dateArg, instantArg } from '../values.js';

export const cancellationDateCommand: Command = {
  name: 'cancellation-date',
  summary: bilingual(
    '解約申込書の効力が生じる日を求めます（第9条第2項）',
    'the day a cancellation form takes effect (Art. 9(2))',
  ),
  usage: 'certdesk cancellation-date --received INSTANT [--requested YYYY-MM-DD] [--json]',
  help: bilingual(
    `  --received INSTANT   申込書が届いた日時。例: 2026-09-01T10:00（オフセットなしは日本時間）、2026-09-01T10:00:00Z、
                       2026-09-01T20:00-04:00[America/New_York]（RFC 9557: ゾーン名で読みます）
  --requested DATE     契約者が指定した解除日（あれば）
到達日から30日を経過する日（到達日は数えません）と指定日のいずれか遅い日です。何も記録しません。`,
    `  --received INSTANT   when the form arrived, e.g. 2026-09-01T10:00 (JST without an offset), 2026-09-01T10:00:00Z,
                       2026-09-01T20:00-04:00[America/New_York] (RFC 9557: read in that zone)
  --requested DATE     the effective date the customer asked for, if any
The later of 30 days after arrival (the arrival day not counted) and the requested date. Records nothing.`,
  ),
  options: { received: { type: 'string' }, requested: { type: 'string' } },
  settings: [],
  async run(args, ctx) {
    const l = ctx.locale;
    const received = instantArg(
      'received',
      required(args, 'received', bilingual('申込書が届いた日時', 'when the cancellation form arrived')),
    );
    const requestedText = optional(args, 'requested');
    const requested = requestedText ? dateArg('requested', requestedText) : undefined;
    const d = cancellationDates(received, requested);
    const json = {
      receivedOn: d.receivedOn.toString(),
      earliestEffective: d.earliestEffective.toString(),
      effective: d.effective.toString(),
      requested: requested?.toString() ?? null,
    };
    const text = fields([
      [LABEL.receivedOn[l], dateText(d.receivedOn, l)],
      [LABEL.earliestEffective[l], dateText(d.earliestEffective, l)],
      [LABEL.requested[l], requested ? dateText(requested, l) : '—'],
      [LABEL.effective[l], dateText(d.effective, l)],
    ]);
    return { json, text };
  },
};
