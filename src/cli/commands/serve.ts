import { once } from 'node:events';
import { registerListeners } from '../../../commands/index.js';
import { startScheduler } from '../../../jobs/workers.js';
import { checkDatabase, checkRedis } from '../../health.js';
import { createHttpServer } from '../../http/server.js';
import { bi } from '../../i18n/text.js';
import { createSlackApp } from '../../slack/app.js';
import { slackClient } from '../../slack/client.js';
import { LocaleCache } from '../../slack/locale.js';
import { clockFrom } from '../clock.js';
import type { Command } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: bi(
    'Slack アプリとジョブのワーカーを動かします: /slack/events、/healthz（プロセス稼働）、/readyz（PostgreSQL と Redis に接続可能）',
    'run the Slack app and the job workers: /slack/events, /healthz (process up), /readyz (PostgreSQL and Redis reachable)',
  ),
  usage: 'certdesk serve',
  help: bi(
    `PORT（既定 3000）で待ち受けます。SLACK_BOT_TOKEN と SLACK_SIGNING_SECRET で Slack アプリを、SLACK_APP_TOKEN があれば Socket Mode で動かします。
SIGTERM または SIGINT で、処理中のジョブを終えてから停止します。`,
    `Listens on PORT (default 3000). With SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET it runs the Slack app; with SLACK_APP_TOKEN, over Socket Mode.
Stops cleanly on SIGTERM or SIGINT, after the jobs in hand.`,
  ),
  options: {},
  settings: ['DATABASE_URL', 'REDIS_URL', 'PORT', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'CERTDESK_NOTICE_DAYS', 'CERTDESK_REPLY_DAYS', 'CERTDESK_NOTICE_HOUR', 'CERTDESK_STAFF_CHANNEL', 'CERTDESK_MASTER_KEY', 'CERTDESK_REISSUE_NOTICE_DAYS'],
  async run(_args, ctx) {
    const write = (line: string) => process.stderr.write(`${line}\n`);
    const database = await ctx.database();
    const url = ctx.config.databaseUrl!;
    const clock = clockFrom(ctx.now, ctx.config.now !== undefined);
    const config = ctx.config;
    const scheduler = await startScheduler({ database, slack: slackClient(config), config }, { redisUrl: config.redisUrl, clock, log: write });
    const slack = config.slack.botToken
      ? createSlackApp(config, (app) => registerListeners(app, { database, config, clock, kick: scheduler.kick, locales: new LocaleCache() }), write)
      : null;
    const server = createHttpServer({
      readiness: async () => [...(await checkDatabase(database.sql, url)), await checkRedis(config.redisUrl)],
      routes: slack?.route ? [slack.route] : [],
    });
    server.listen(config.port);
    await once(server, 'listening');
    await slack?.start();
    const mode = slack ? (slack.mode === 'socket' ? 'Socket Mode' : '/slack/events') : bi('Slack なし（SLACK_BOT_TOKEN 未設定）', 'no Slack (SLACK_BOT_TOKEN unset)')[ctx.locale];
    write(`certdesk: ${bi(`:${config.port} で待ち受けています（${mode}）`, `listening on :${config.port} (${mode})`)[ctx.locale]}`);
    const signal = await Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM'), once(process, 'SIGINT').then(() => 'SIGINT')]);
    // Stop taking requests and jobs, finish those in hand, then close the database (ctx does).
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await slack?.stop();
    await scheduler.close();
    return { json: { stopped: signal }, text: `certdesk: ${bi(`停止しました（${signal}）`, `stopped (${signal})`)[ctx.locale]}` };
  },
};
