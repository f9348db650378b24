import { eligibility } from '../../domain/eligibility.js';
import { say } from '../../i18n/cli.js';
import { noteJson, noteMessage, reasonJson, reasonMessage } from '../../i18n/messages.js';
import { loadAbolitions } from '../../services/abolitions.js';
import { optional, required, type Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { certificateArg, itemArg, termArg } from '../values.js';

export const eligibilityCommand: Command = {
  name: 'eligibility',
  summary: 'whether an application may be made (Art. 3, 4(1), 7, 8), with every reason',
  usage: 'certdesk eligibility --item CODE --term TERM --country CC [--moved-from-external-server] [--has-designated-service] [--cert FILE] [--common-name NAME] [--transition-exception REASON] [--json]',
  help: `  --item CODE                     item code (or name)
  --term TERM                     6m, 1y, 2y, 3y or unlimited
  --country CC                    the organisation's country, ISO 3166 two letters (JP)
  --moved-from-external-server    the certificate is in use on a server that is not of a service the provider offers and designates, to be moved in (Art. 7(1))
  --has-designated-service        the customer holds a designated provider service (Art. 4(1), category II)
  --cert FILE                     category III: the certificate brought in (Art. 3)
  --common-name NAME              the name the certificate must cover
  --transition-exception REASON   the CA's transition period (Art. 3 proviso), with the reason
Exits 3 when not eligible.`,
  options: {
    item: { type: 'string' },
    term: { type: 'string' },
    country: { type: 'string' },
    'moved-from-external-server': { type: 'boolean' },
    'has-designated-service': { type: 'boolean' },
    cert: { type: 'string' },
    'common-name': { type: 'string' },
    'transition-exception': { type: 'string' },
  },
  async run(args, ctx) {
    const item = itemArg(required(args, 'item', 'the item applied for'));
    const term = termArg(required(args, 'term', 'the term: 6m, 1y, 2y, 3y or unlimited'));
    const country = required(args, 'country', "the organisation's country (two letters, e.g. JP)");
    if (!/^[A-Za-z]{2}$/.test(country)) throw new UsageError(`--country must be a two-letter country code such as JP (got "${country}")`);
    const certPath = optional(args, 'cert');
    const certificate = certPath ? await certificateArg(certPath) : undefined;
    const e = eligibility(
      {
        item: item.code,
        term,
        country: country.toUpperCase(),
        movedFromExternalServer: Boolean(args.values['moved-from-external-server']),
        hasDesignatedService: Boolean(args.values['has-designated-service']),
        certificate,
        commonName: optional(args, 'common-name'),
        transitionException: optional(args, 'transition-exception'),
      },
      ctx.now,
      await loadAbolitions(await ctx.db()),
    );
    const json = { item: item.code, category: item.category, term, country: country.toUpperCase(), eligible: e.eligible, reasons: e.reasons.map(reasonJson), notes: e.notes.map(noteJson) };
    const text = [
      `${say(ctx.locale, e.eligible ? 'eligible' : 'notEligible')}: ${item.code} ${term}`,
      ...e.reasons.map((r) => `  ✗ ${r.article}: ${reasonMessage(r, ctx.locale)}`),
      ...e.notes.map((n) => `  * ${noteMessage(n, ctx.locale)}`),
    ].join('\n');
    return { json, text, exit: e.eligible ? EXIT.ok : EXIT.refused };
  },
};
