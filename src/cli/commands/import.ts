import { SAY } from '../../i18n/cli.js';
import { bilingual, joinBi } from '../../i18n/text.js';
import { IMPORT_SAY } from '../../i18n/import.js';
import { importRecords } from '../../services/import.js';
import { flag, type Command } from '../command.js';
import { Failure } from '../errors.js';
import { readFileArg } from '../values.js';

/** A JSON lines file of many thousand records is a few megabytes; far more is not an onboarding file. */
export const IMPORT_FILE_LIMIT = 64 * 1024 * 1024;

/** A PostgreSQL error under a failed query (a unique key another change took first): its code, never the SQL. */
function databaseCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' && /^[0-9A-Z]{5}$/.test(cause.code) ? cause.code : undefined;
}

export const importCommand: Command = {
  name: 'import',
  summary: bilingual(
    '契約者・担当者・既存の契約を JSON Lines から取り込みます（全件か無か、再実行しても同じ）',
    'onboard customers, staff and existing contracts from JSON lines (all or nothing, idempotent)',
  ),
  usage: 'certdesk import FILE [--dry-run] [--json]',
  help: bilingual(
    `  FILE        1行に1レコードの JSON Lines（64 MiB まで）:
              {"type":"customer","id":"acme","name":"ACME株式会社","country":"JP","channel":"C0ACME","contacts":["U0ALICE"],"designatedServices":["gio"]}
              {"type":"contract","id":"acme-www","customer":"acme","item":"quick-ssl","term":"1y","commonName":"www.acme.example","notBefore":"2026-01-10T00:00:00Z","notAfter":"2027-01-10T23:59:59Z"}
              {"type":"staff","slackUserId":"U0STAFF","name":"山田 花子"}
  --dry-run   すべて確認し、追加・更新・変更なしの件数と警告を表示するだけで、何も書き込みません
customer の任意項目: locale（ja/en）、emails（メールで案内を受け取るアドレス）。contacts と designatedServices はリストです（1つでも ["U0ALICE"] のように）。担当者にメールアドレスを付けるときは {"slackUserId":"U0ALICE","email":"alice@acme.example"}。country は ISO 3166-1 の2文字の国コード。
contract の任意項目: service。term は 1y のほか 1年、1Y、6ヶ月 なども読みます。commonName はホスト名（ワイルドカードは *.example.co.jp）。
日時はオフセットなしなら日本時間、[Asia/Tokyo] のようなゾーン名も読みます。
誤りは種類を問わず（書式、重複、存在しない契約者、既存の契約との違い）一度にすべて行番号とともに報告し、そのファイルからは何も書き込みません。
同じファイルを再度取り込んでも何も変わりません。同時に実行された取り込みは順に行います。レコードのないファイルはそう伝えて終了コード 0 で終わります。
既存の契約の料金は記帳しません（certdesk 導入前に請求済みのため）。廃止済みの品目の契約は廃止日に終了します（第8条）。
新規の申込ならできないもの（日本国外、期間が長すぎる、指定サービスのない品目区分Ⅱなど）は警告してそのまま取り込みます。`,
    `  FILE        JSON lines, one record a line (at most 64 MiB):
              {"type":"customer","id":"acme","name":"ACME Co., Ltd.","country":"JP","channel":"C0ACME","contacts":["U0ALICE"],"designatedServices":["gio"]}
              {"type":"contract","id":"acme-www","customer":"acme","item":"quick-ssl","term":"1y","commonName":"www.acme.example","notBefore":"2026-01-10T00:00:00Z","notAfter":"2027-01-10T23:59:59Z"}
              {"type":"staff","slackUserId":"U0STAFF","name":"Hanako Yamada"}
  --dry-run   check everything and say what would be created, updated and unchanged, with the warnings; write nothing
Optional: a customer's locale (ja/en) and emails (addresses that receive notices by e-mail), a contract's service. contacts and designatedServices are lists, even of one (["U0ALICE"]); a contact with an address is {"slackUserId":"U0ALICE","email":"alice@acme.example"}.
country is an ISO 3166-1 two-letter code. term is read as people write it too (1Y, 12m and the Japanese term names). commonName is a host name (a wildcard as *.example.com).
Instants without an offset are JST; zone names such as [Asia/Tokyo] are read.
Every problem of the file, whatever its kind (format, duplicates, unknown customers, a contract that differs from the one on record), is reported at once with its line, and nothing is written.
Importing the same file again changes nothing; imports run at the same time take turns. A file with no records says so and exits 0.
Existing contracts record no fees (they were charged before certdesk). Contracts of an abolished item end on its date (Art. 8).
What a new application could not have (outside Japan, a period far longer than the term, category II without a designated service) is imported with a warning.`,
  ),
  options: { 'dry-run': { type: 'boolean' } },
  positionals: { min: 1, max: 1, what: bilingual('取り込むファイル', 'the file to import'), files: true },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const path = args.positionals[0]!;
    const dryRun = flag(args, 'dry-run');
    const text = (await readFileArg(path, IMPORT_FILE_LIMIT, bilingual('取り込むファイル', 'an import file'))).toString(
      'utf8',
    );
    const result = await importRecords(await ctx.db(), text, ctx.actor, ctx.now, {
      dryRun,
      policy: ctx.config.renewalPolicy,
    }).catch((e: unknown) => {
      const code = databaseCode(e);
      if (code) throw new Failure(SAY.importConflict(path, code), { file: path, sqlState: code });
      throw e;
    });
    if (!result.ok) {
      const lines = result.problems.map((p) =>
        joinBi([bilingual(`  ${p.line} 行目: `, `  line ${p.line}: `), p.message]),
      );
      if (result.totalProblems > result.problems.length)
        lines.push(
          joinBi([bilingual('  ', '  '), IMPORT_SAY.tooManyProblems(result.problems.length, result.totalProblems)]),
        );
      const head = bilingual(
        `${path}: 何も取り込んでいません。次の行を直して、もう一度取り込んでください:`,
        `${path}: nothing was imported; fix these lines and import the file again:`,
      );
      throw new Failure(joinBi([head, ...lines], '\n'), {
        file: path,
        totalProblems: result.totalProblems,
        problems: result.problems.map((p) => ({ line: p.line, message: p.message.en, messageJa: p.message.ja })),
      });
    }
    const s = result.summary;
    const json = {
      file: path,
      records: s.records,
      dryRun: s.dryRun,
      created: s.created,
      updated: s.updated,
      unchanged: s.unchanged,
      warnings: s.warnings.map((w) => ({ line: w.line, message: w.message.en, messageJa: w.message.ja })),
    };
    if (s.records === 0) return { json, text: SAY.importEmpty(path)[l] };
    const kinds = [
      ['customers', bilingual('契約者', 'customers')],
      ['contracts', bilingual('契約', 'contracts')],
      ['staff', bilingual('担当者', 'staff')],
    ] as const;
    const head = dryRun
      ? bilingual(
          `${path}: 取り込むと次のとおりです（--dry-run のため何も書き込んでいません）`,
          `${path}: importing would do this (--dry-run: nothing was written)`,
        )
      : bilingual(`${path}: 取り込みました`, `${path}: imported`);
    const out = [
      head[l],
      ...kinds.map(([k, name]) =>
        l === 'ja'
          ? `  ${name.ja}: 追加 ${s.created[k]}、更新 ${s.updated[k]}、変更なし ${s.unchanged[k]}`
          : `  ${name.en.padEnd(10)} ${s.created[k]} ${dryRun ? 'to create' : 'created'}, ${s.updated[k]} ${dryRun ? 'to update' : 'updated'}, ${s.unchanged[k]} unchanged`,
      ),
      ...s.warnings.map((w) =>
        l === 'ja' ? `  ! ${w.line} 行目: ${w.message.ja}` : `  ! line ${w.line}: ${w.message.en}`,
      ),
    ].join('\n');
    return { json, text: out };
  },
};
