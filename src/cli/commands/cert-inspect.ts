import { fittingTerm, fitsTerm, isExpired, isNotYetValid, passesNinetyDayRule, validityDays } from '../../domain/certificate.js';
import { jstDateOf } from '../../domain/dates.js';
import { optional, type Command } from '../command.js';
import { dateWithEra, fields } from '../format.js';
import { certificateArg, termArg } from '../values.js';

export const certInspectCommand: Command = {
  name: 'cert inspect',
  summary: 'read a certificate: names, validity, the term it fits (Art. 3) and the 90-day rule (Art. 6(3))',
  usage: 'certdesk cert inspect FILE [--term TERM] [--json]',
  help: `  FILE          a PEM (or DER) certificate; of a chain, the first certificate is read
  --term TERM   also say whether it fits this term (6m, 1y, 2y, 3y, unlimited)`,
  options: { term: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(args, ctx) {
    const termText = optional(args, 'term');
    const term = termText ? termArg(termText) : undefined;
    const c = await certificateArg(args.positionals[0]!);
    const json = {
      commonName: c.commonName,
      sans: c.sans,
      issuer: c.issuer,
      serial: c.serial,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      notBeforeJst: jstDateOf(c.notBefore).toString(),
      notAfterJst: jstDateOf(c.notAfter).toString(),
      validityDays: validityDays(c),
      fittingTerm: fittingTerm(c),
      ...(term ? { term, fitsTerm: fitsTerm(c, term) } : {}),
      renewable: passesNinetyDayRule(c),
      expired: isExpired(c, ctx.now),
      notYetValid: isNotYetValid(c, ctx.now),
      keyType: c.keyType,
      keyBits: c.keyBits,
      fingerprintSha256: c.fingerprintSha256,
    };
    const yesNo = (b: boolean) => (b ? 'yes' : 'no');
    const text = fields([
      ['Common name', c.commonName ?? '—'],
      ['SANs', c.sans.join(', ') || '—'],
      ['Issuer', c.issuer],
      ['Serial', c.serial],
      ['Not before', `${json.notBefore} (JST ${dateWithEra(jstDateOf(c.notBefore))})`],
      ['Not after', `${json.notAfter} (JST ${dateWithEra(jstDateOf(c.notAfter))})`],
      ['Validity', `${json.validityDays} days`],
      ['Fitting term (Art. 3)', json.fittingTerm ?? '—'],
      ...(term ? ([[`Fits ${term}`, yesNo(json.fitsTerm!)]] as [string, string][]) : []),
      ['Renewable (Art. 6(3), > 90 days)', yesNo(json.renewable)],
      ['Expired', yesNo(json.expired)],
      ['Key', `${c.keyType}${c.keyBits ? ` ${c.keyBits}` : ''}`],
      ['SHA-256', c.fingerprintSha256],
    ]);
    return { json, text };
  },
};
