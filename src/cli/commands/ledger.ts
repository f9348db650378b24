import { say } from '../../i18n/cli.js';
import { listLedger } from '../../services/ledger.js';
import { optional, type Command } from '../command.js';
import { dateWithEra, table, yen } from '../format.js';

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'the fees ledger (Art. 10): append-only, one entry per fee',
  usage: 'certdesk ledger [--contract ID] [--json]',
  help: `  --contract ID   only this contract's entries`,
  options: { contract: { type: 'string' } },
  async run(args, ctx) {
    const entries = await listLedger(await ctx.db(), { contract: optional(args, 'contract') });
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
          { header: 'Accrued 発生日', value: (e) => dateWithEra(e.accruedOn) },
          { header: 'Contract', value: (e) => e.contractId },
          { header: 'Kind', value: (e) => e.kind },
          { header: 'Amount', value: (e) => yen(e.amount), right: true },
          { header: 'Article', value: (e) => e.article },
          { header: 'Tariff', value: (e) => e.tariffVersion },
        ])}\nTotal ${yen(total)}`
      : say(ctx.locale, 'noLedgerEntries');
    return { json, text };
  },
};
