import { bi, joinBi } from '../../i18n/text.js';
import { IMPORT_SAY } from '../../i18n/import.js';
import { importRecords } from '../../services/import.js';
import type { Command } from '../command.js';
import { Failure } from '../errors.js';
import { readFileArg } from '../values.js';

export const importCommand: Command = {
  name: 'import',
  summary: bi('契約者・担当者・既存の契約を JSON Lines から取り込みます（全件か無か、再実行しても同じ）', 'onboard customers, staff and existing contracts from JSON lines (all or nothing, idempotent)'),
  usage: 'certdesk import FILE [--json]',
  help: bi(
    `  FILE   1行に1レコードの JSON Lines:
         {"type":"customer","id":"acme","name":"ACME株式会社","country":"JP","channel":"C0ACME","contacts":["U0ALICE"],"designatedServices":["gio"]}
         {"type":"contract","id":"acme-www","customer":"acme","item":"quick-ssl","term":"1y","commonName":"www.acme.example","notBefore":"2026-01-10T00:00:00Z","notAfter":"2027-01-10T23:59:59Z"}
         {"type":"staff","slackUserId":"U0STAFF","name":"山田 花子"}
       customer の任意項目: locale（ja/en）。contract の任意項目: service。日時はオフセットなしなら日本時間、[Asia/Tokyo] のようなゾーン名も読みます。
       誤りのある行は行番号とともに報告し、そのファイルからは何も書き込みません。同じファイルを再度取り込んでも何も変わりません。
       既存の契約の料金は記帳しません（certdesk 導入前に請求済みのため）。廃止済みの品目の契約は廃止日に終了します（第8条）。`,
    `  FILE   JSON lines, one record a line:
         {"type":"customer","id":"acme","name":"ACME株式会社","country":"JP","channel":"C0ACME","contacts":["U0ALICE"],"designatedServices":["gio"]}
         {"type":"contract","id":"acme-www","customer":"acme","item":"quick-ssl","term":"1y","commonName":"www.acme.example","notBefore":"2026-01-10T00:00:00Z","notAfter":"2027-01-10T23:59:59Z"}
         {"type":"staff","slackUserId":"U0STAFF","name":"Hanako Yamada"}
       Optional: a customer's locale (ja/en), a contract's service. Instants without an offset are JST; zone names such as [Asia/Tokyo] are read.
       A bad line is reported with its number and nothing of the file is written. Importing the same file again changes nothing.
       Existing contracts record no fees (they were charged before certdesk). Contracts of an abolished item end on its date (Art. 8).`,
  ),
  options: {},
  positionals: { min: 1, max: 1, what: bi('取り込むファイル', 'the file to import') },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const path = args.positionals[0]!;
    const text = (await readFileArg(path)).toString('utf8');
    const result = await importRecords(await ctx.db(), text, ctx.actor, ctx.now);
    if (!result.ok) {
      const lines = result.problems.map((p) => joinBi([bi(`  ${p.line} 行目: `, `  line ${p.line}: `), p.message]));
      if (result.totalProblems > result.problems.length) lines.push(joinBi([bi('  ', '  '), IMPORT_SAY.tooManyProblems(result.problems.length, result.totalProblems)]));
      const head = bi(`${path}: 何も取り込んでいません。次の行を直して、もう一度取り込んでください:`, `${path}: nothing was imported; fix these lines and import the file again:`);
      throw new Failure(joinBi([head, ...lines], '\n'), {
        file: path,
        totalProblems: result.totalProblems,
        problems: result.problems.map((p) => ({ line: p.line, message: p.message.en, messageJa: p.message.ja })),
      });
    }
    const s = result.summary;
    const kinds = [
      ['customers', bi('契約者', 'customers')],
      ['contracts', bi('契約', 'contracts')],
      ['staff', bi('担当者', 'staff')],
    ] as const;
    const out = [
      l === 'ja' ? `${path}: 取り込みました` : `${path}: imported`,
      ...kinds.map(([k, name]) =>
        l === 'ja'
          ? `  ${name.ja}: 追加 ${s.created[k]}、更新 ${s.updated[k]}、変更なし ${s.unchanged[k]}`
          : `  ${name.en.padEnd(10)} ${s.created[k]} created, ${s.updated[k]} updated, ${s.unchanged[k]} unchanged`,
      ),
      ...s.warnings.map((w) => (l === 'ja' ? `  ! ${w.line} 行目: ${w.message.ja}` : `  ! line ${w.line}: ${w.message.en}`)),
    ].join('\n');
    return {
      json: { file: path, created: s.created, updated: s.updated, unchanged: s.unchanged, warnings: s.warnings.map((w) => ({ line: w.line, message: w.message.en, messageJa: w.message.ja })) },
      text: out,
    };
  },
};
