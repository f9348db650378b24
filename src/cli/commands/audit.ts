import { LABEL } from '../../i18n/cli.js';
import { bilingual } from '../../i18n/text.js';
import { listAudit } from '../../services/audit.js';
import { optional, type Command } from '../command.js';
import { instantText, table } from '../format.js';
import { dateArg, wholeNumberArg } from '../values.js';

export const auditCommand: Command = {
  name: 'audit',
  summary: bilingual('監査記録: 誰が、いつ、何をしたか', 'the audit log: who did what, when'),
  usage: 'certdesk audit [--subject ID] [--since YYYY-MM-DD] [--limit N] [--json]',
  help: bilingual(
    `  --subject ID    対象: contract:acme-www のように種類付き、または acme-www だけ（どの種類でも）
  --since DATE    この日（日本時間）の始めから
  --limit N       最新の N 件だけ（古い順に表示）
古い順に表示します。`,
    `  --subject ID    the subject: with its kind (contract:acme-www), or just the id (acme-www) for any kind
  --since DATE    from the start of this JST day
  --limit N       only the N most recent entries (still shown oldest first, as tail does)
Entries are shown oldest first.`,
  ),
  options: { subject: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const since = optional(args, 'since');
    const limit = optional(args, 'limit');
    const rows = await listAudit(await ctx.db(), {
      subject: optional(args, 'subject'),
      since: since ? dateArg('since', since) : undefined,
      limit: limit ? wholeNumberArg('limit', limit, 1, 1_000_000) : undefined,
    });
    const json = rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      details: r.details,
    }));
    const text = rows.length
      ? table(rows, [
          { header: LABEL.at[l], value: (r) => instantText(r.at) },
          { header: LABEL.actor[l], value: (r) => r.actor },
          { header: LABEL.action[l], value: (r) => r.action },
          { header: LABEL.subject[l], value: (r) => r.subject },
          { header: LABEL.details[l], value: (r) => summarize(r.details) },
        ])
      : LABEL.noAudit[l];
    return { json, text };
  },
};

/** Details on one line, long values cut: the JSON output has them whole. */
function summarize(details: unknown): string {
  const text = JSON.stringify(details ?? {});
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
