import type { Command } from '../command.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring the database up to date (every command does this first)',
  usage: 'certdesk migrate [--json]',
  help: 'Safe to run while other certdesk processes start: they wait for each other.',
  options: {},
  async run(_args, ctx) {
    await ctx.db();
    return { json: { migrated: true }, text: 'The database is up to date.' };
  },
};
