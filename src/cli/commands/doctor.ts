import { openDatabase } from '../../db/client.js';
import { checkDatabase, checkRedis, checkSlackToken, type Check } from '../../health.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the configuration, database, Redis and Slack token, and say what to do about each',
  usage: 'certdesk doctor [--json]',
  help: 'Exits 1 when a check fails. It changes nothing (migrations are reported, not applied).',
  options: {},
  async run(_args, ctx) {
    const checks: Check[] = [];
    const config = ctx.config;
    if (ctx.configProblems.length === 0) checks.push({ name: 'configuration', status: 'ok', detail: 'every setting is valid' });
    for (const p of ctx.configProblems) checks.push({ name: 'configuration', status: 'fail', detail: p, fix: 'correct or unset this variable' });
    if (config.databaseUrl) {
      const db = openDatabase(config.databaseUrl, { max: 1 });
      try {
        checks.push(...(await checkDatabase(db.sql, config.databaseUrl)));
      } finally {
        await db.close();
      }
    } else {
      checks.push({ name: 'database', status: 'fail', detail: 'DATABASE_URL is not set', fix: 'set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/certdesk' });
    }
    checks.push(await checkRedis(config.redisUrl));
    checks.push(await checkSlackToken(config.slack.apiUrl, config.slack.botToken));
    const failed = checks.some((c) => c.status === 'fail');
    const mark = { ok: '✓', warn: '!', fail: '✗' } as const;
    const text = checks.map((c) => `${mark[c.status]} ${c.name}: ${c.detail}${c.fix ? `\n    → ${c.fix}` : ''}`).join('\n');
    return { json: { ok: !failed, checks }, text, exit: failed ? EXIT.failure : EXIT.ok };
  },
};
