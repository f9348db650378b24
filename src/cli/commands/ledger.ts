import { FEE_KIND, LABEL } from '../../i18n/cli.js';
import { articleName } from '../../i18n/messages.js';
import { bilingual } from '../../i18n/text.js';
import { assertRecordExists } from '../../services/contract-story.js';
import { listLedger } from '../../services/ledger.js';
import { optional, type Command } from '../command.js';
import { dateText, table, yen } from '../format.js';

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: bilingual(
    '料金の台帳（第10条）: 追記のみ、料金1件に1行',
    'the fees ledger (Art. 10): append-only, one entry per fee',
  ),
  usage: 'certdesk ledger [--contract ID] [--json]',
  help: bilingual(
    '  --contract ID   この契約の記帳だけ（存在しない契約は終了コード 2）\n金額は税抜の整数（円）です。訂正は新しい記帳として追加されます。',
    "  --contract ID   only this contract's entries (a contract that does not exist exits 2)\nAmounts are integers of yen without tax. A correction is a new entry.",
  ),
  options: { contract: { type: 'string' } },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const contract = optional(args, 'contract');
    const db = await ctx.db();
    if (contract) await assertRecordExists(db, 'contract', contract);
    const entries = await listLedger(db, { contract });
    const json = entries.map((e) => ({
      id: e.id,
      contract: e.contractId,
      kind: e.kind,
      amount: e.amount,
      accruedOn: e.accruedOn.toString(),
      article: e.article,
      tariffVersion: e.tariffVersion,
      event: e.eventKey,
      correctionOf: e.correctionOf,
    }));
    const total = entries.reduce((sum, e) => sum + e.amount, 0);
    const text = entries.length
      ? `${table(entries, [
          { header: LABEL.accrued[l], value: (e) => dateText(e.accruedOn, l) },
          { header: LABEL.contract[l], value: (e) => e.contractId },
          { header: LABEL.kind[l], value: (e) => FEE_KIND[e.kind][l] },
          { header: LABEL.amount[l], value: (e) => yen(e.amount), right: true },
          { header: LABEL.article[l], value: (e) => articleName(e.article, l) },
          { header: LABEL.tariff[l], value: (e) => e.tariffVersion },
        ])}\n${LABEL.total[l]} ${yen(total)}`
      : LABEL.noLedgerEntries[l];
    return { json, text };
  },
};
