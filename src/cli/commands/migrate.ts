import { migrateToLatest } from '../../db/migrate.js';
import { bilingual } from '../../i18n/text.js';
import type { Command } from '../command.js';
import { databaseFailure } from '../database.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: bilingual(
    'データベースを最新にします（他のコマンドも最初に行います）',
    'bring the database up to date (every command does this first)',
  ),
  usage: 'certdesk migrate [--json]',
  help: bilingual(
    '他の certdesk プロセスが同時に起動しても安全です（互いに待ち合わせます）。',
    'Safe to run while other certdesk processes start: they wait for each other.',
  ),
  options: {},
  settings: ['DATABASE_URL'],
  async run(_args, ctx) {
    const url = await ctx.databaseUrl();
    const applied = await migrateToLatest(url).catch((e: unknown) => {
      throw databaseFailure(e, url);
    });
    const text = applied
      ? bilingual(
          `マイグレーションを ${applied} 件適用しました。データベースは最新です。`,
          `Applied ${applied} ${applied === 1 ? 'migration' : 'migrations'}. The database is up to date.`,
        )
      : bilingual('データベースは既に最新です。', 'The database was already up to date.');
    return { json: { applied, upToDate: true }, text: text[ctx.locale] };
  },
};
