import { once } from 'node:events';
import { openDatabase } from '../../db/client.js';
import { migrateToLatest } from '../../db/migrate.js';
import { checkDatabase, checkRedis } from '../../health.js';
import { createHttpServer } from '../../http/server.js';
import type { Command } from '../command.js';
import { Failure } from '../errors.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the HTTP server: /healthz (process up), /readyz (PostgreSQL and Redis reachable)',
  usage: 'certdesk serve',
  help: `Listens on PORT (default 3000). Stops cleanly on SIGTERM or SIGINT.`,
  options: {},
  async run(_args, ctx) {
    const url = ctx.config.databaseUrl;
    if (!url) throw new Failure('DATABASE_URL is not set: set it to your PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/certdesk');
    await migrateToLatest(url);
    const database = openDatabase(url, { max: 2 });
    const server = createHttpServer({
      readiness: async () => [...(await checkDatabase(database.sql, url)), await checkRedis(ctx.config.redisUrl)],
    });
    server.listen(ctx.config.port);
    await once(server, 'listening');
    process.stderr.write(`certdesk: listening on :${ctx.config.port}\n`);
    const signal = await Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM'), once(process, 'SIGINT').then(() => 'SIGINT')]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
    return { json: { stopped: signal }, text: `certdesk: stopped (${signal})` };
  },
};
