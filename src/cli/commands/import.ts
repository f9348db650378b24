import { importRecords } from '../../services/import.js';
import type { Command } from '../command.js';
import { Failure } from '../errors.js';
import { readFileArg } from '../values.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'onboard customers, staff and existing contracts from JSON lines (all or nothing, idempotent)',
  usage: 'certdesk import FILE [--json]',
  help: `  FILE   JSON lines, one record a line:
         {"type":"customer","id":"acme","name":"ACME株式会社","country":"JP","channel":"C0ACME","contacts":["U0ALICE"],"designatedServices":["gio"]}
         {"type":"contract","id":"acme-www","customer":"acme","item":"quick-ssl","term":"1y","commonName":"www.acme.example","notBefore":"2026-01-10T00:00:00Z","notAfter":"2027-01-10T23:59:59Z"}
         {"type":"staff","slackUserId":"U0STAFF","name":"山田 花子"}
       A bad line is reported with its number and nothing of the file is written.
       Importing the same file again changes nothing; existing contracts record no fees.`,
  options: {},
  positionals: { min: 1, max: 1 },
  async run(args, ctx) {
    const path = args.positionals[0]!;
    const text = (await readFileArg(path)).toString('utf8');
    const result = await importRecords(await ctx.db(), text, ctx.actor, ctx.now);
    if (!result.ok) {
      throw new Failure(`${path}: nothing was imported; fix these lines and import the file again:\n${result.problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`, {
        file: path,
        problems: result.problems,
      });
    }
    const s = result.summary;
    const kinds = ['customers', 'contracts', 'staff'] as const;
    const text2 = [
      `${path}: imported`,
      ...kinds.map((k) => `  ${k.padEnd(10)} ${s.created[k]} created, ${s.updated[k]} updated, ${s.unchanged[k]} unchanged`),
      ...s.warnings.map((w) => `  ! line ${w.line}: ${w.message}`),
    ].join('\n');
    return { json: { file: path, ...s }, text: text2 };
  },
};
