import { once } from 'node:events';
import { checkDatabase, checkRedis } from '../../health.js';
import { createHttpServer } from '../../http/server.js';
import { bi } from '../../i18n/text.js';
import type { Command } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: bi('HTTP サーバを起動します: /healthz（プロセス稼働）、/readyz（PostgreSQL と Redis に接続可能）', 'run the HTTP server: /healthz (process up), /readyz (PostgreSQL and Redis reachable)'),
  usage: 'certdesk serve',
  help: bi('PORT（既定 3000）で待ち受けます。SIGTERM または SIGINT で正しく停止します。', 'Listens on PORT (default 3000). Stops cleanly on SIGTERM or SIGINT.'),
  options: {},
  settings: ['DATABASE_URL', 'REDIS_URL', 'PORT'],
  async run(_args, ctx) {
    const database = await ctx.database();
    const url = ctx.config.databaseUrl!;
    const server = createHttpServer({
      readiness: async () => [...(await checkDatabase(database.sql, url)), await checkRedis(ctx.config.redisUrl)],
    });
    server.listen(ctx.config.port);
    await once(server, 'listening');
    process.stderr.write(`certdesk: ${bi(`:${ctx.config.port} で待ち受けています`, `listening on :${ctx.config.port}`)[ctx.locale]}\n`);
    const signal = await Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM'), once(process, 'SIGINT').then(() => 'SIGINT')]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return { json: { stopped: signal }, text: `certdesk: ${bi(`停止しました（${signal}）`, `stopped (${signal})`)[ctx.locale]}` };
  },
};
