import { once } from 'node:events';
import { checkDatabase, checkRedis } from '../../health.js';
import { createHttpServer } from '../../http/server.js';
import type { Command } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the HTTP server: /healthz (process up), /readyz (PostgreSQL and Redis reachable)',
  usage: 'certdesk serve',
  help: `Listens on PORT (default 3000). Stops cleanly on SIGTERM or SIGINT.`,
  options: {},
  async run(_args, ctx) {
    const database = await ctx.database();
    const url = ctx.config.databaseUrl!;
    const server = createHttpServer({
      readiness: async () => [...(await checkDatabase(database.sql, url)), await checkRedis(ctx.config.redisUrl)],
    });
    server.listen(ctx.config.port);
    await once(server, 'listening');
    process.stderr.write(`certdesk: listening on :${ctx.config.port}\n`);
    const signal = await Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM'), once(process, 'SIGINT').then(() => 'SIGINT')]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return { json: { stopped: signal }, text: `certdesk: stopped (${signal})` };
  },
};
