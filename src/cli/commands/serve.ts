import { stopSignal } from '../../runtime/stop-signal.js';
import type { Server } from 'node:http';
import { startScheduler, type Scheduler } from '../../../jobs/workers.js';
import { checkDatabase, checkRedis } from '../../health.js';
import { createHttpServer, type Route } from '../../http/server.js';
import { http01Route } from '../../acme/challenges.js';
import { bilingual } from '../../i18n/text.js';
import { metrics } from '../../metrics.js';
import { errorReporter } from '../../runtime/error-report.js';
import { ensureRedis } from '../../runtime/redis.js';
import { slackClient } from '../../slack/client.js';
import { clockFrom } from '../clock.js';
import { OPERATIONS_SETTINGS, WORK_SETTINGS, type Command } from '../command.js';
import { listenOn } from '../listen.js';

async function loadSlackModules() {
  const [{ createSlackApp }, { registerListeners }, { LocaleCache }] = await Promise.all([
    import('../../slack/app.js'),
    import('../../../commands/index.js'),
    import('../../slack/locale.js'),
  ]);
  return { createSlackApp, registerListeners, LocaleCache };
}

export const serveCommand: Command = {
  name: 'serve',
  summary: bilingual(
    'Slack アプリとジョブのワーカーを動かします: /slack/events、/healthz（プロセス稼働）、/readyz（PostgreSQL と Redis に接続可能）、/metrics（Prometheus）、/.well-known/acme-challenge/（ACME の http-01）',
    'run the Slack app and the job workers: /slack/events, /healthz (process up), /readyz (PostgreSQL and Redis reachable), /metrics (Prometheus), /.well-known/acme-challenge/ (ACME http-01)',
  ),
  usage: 'certdesk serve',
  help: bilingual(
    `PORT（既定 3000）で待ち受けます。SLACK_BOT_TOKEN と SLACK_SIGNING_SECRET で Slack アプリを、SLACK_APP_TOKEN があれば Socket Mode で動かします。
REDIS_URL 未設定で既定の Redis が応答せず redis-server がインストールされていれば、この実行専用の Redis を起動します。
SIGTERM または SIGINT で、処理中のジョブを終えてから停止します。`,
    `Listens on PORT (default 3000). With SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET it runs the Slack app; with SLACK_APP_TOKEN, over Socket Mode.
With REDIS_URL unset, no Redis at the default address and redis-server installed, it starts a private Redis for the run.
Stops cleanly on SIGTERM or SIGINT, after the jobs in hand.`,
  ),
  options: {},
  settings: [
    'DATABASE_URL',
    'REDIS_URL',
    'PORT',
    'SLACK_SIGNING_SECRET',
    'SLACK_APP_TOKEN',
    ...WORK_SETTINGS,
    ...OPERATIONS_SETTINGS,
  ],
  async run(_args, ctx) {
    const stopping = stopSignal();
    const config = ctx.config;
    const log = ctx.log;
    const report = errorReporter({ webhook: config.errorWebhook, log, process: 'serve' });
    const routes: Route[] = [];
    let redis: Awaited<ReturnType<typeof ensureRedis>> | undefined;
    let scheduler: Scheduler | undefined;
    let server: Server | undefined;
    // Bolt and the listeners are loaded by this command, not with the command line (`certdesk
    // worker` and the other commands never carry them), while the connections open.
    const slackModules = loadSlackModules();
    slackModules.catch(() => {});
    try {
      const database = await ctx.database();
      const url = config.databaseUrl!;
      redis = await ensureRedis(config.redisUrlSet ? config.redisUrl : undefined, config.dataDir, (t) =>
        log.info(t[ctx.locale]),
      );
      const redisUrl = redis.url;
      // http-01 (RFC 8555 §8.3): the CA's validation reaches any instance; the answer is in PostgreSQL.
      routes.push(http01Route(async () => database.db));
      const clock = clockFrom(ctx.now, config.now !== undefined);
      metrics.observeDatabase(database.db, clock, log);
      // The port first: nothing starts working when the app could not be reached.
      let started = false;
      server = createHttpServer({
        readiness: async () => [...(await checkDatabase(database.sql, url)), await checkRedis(redisUrl)],
        routes,
        metrics,
        metricsToken: config.metricsToken,
        report,
        started: () => started,
      });
      const { createSlackApp, registerListeners, LocaleCache } = await slackModules;
      await listenOn(server, config.port);
      scheduler = await startScheduler(
        { database, slack: slackClient(config, undefined, log), config },
        { redisUrl, clock, log, metrics, report },
      );
      metrics.observeQueues(scheduler.queues, log);
      const requestSweep = scheduler.requestSweep;
      const slack = config.slack.botToken
        ? createSlackApp(
            config,
            (app, failed) =>
              registerListeners(app, { database, config, clock, requestSweep, locales: new LocaleCache(), failed }),
            log,
            report,
          )
        : null;
      if (slack?.route) routes.push(slack.route);
      await slack?.start();
      started = true;
      const mode = slack ? (slack.mode === 'socket' ? 'socket' : 'http') : 'none';
      log.info(
        {
          port: config.port,
          slack: mode,
          metricsToken: Boolean(config.metricsToken),
          errorWebhook: Boolean(config.errorWebhook),
        },
        `listening on :${config.port}`,
      );
      const signal = await stopping;
      log.info({ signal }, 'stopping: finishing the jobs in hand');
      // Stop taking requests and jobs, finish those in hand, then close the database (ctx does).
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
      await slack?.stop();
      return {
        json: { stopped: signal },
        text: `certdesk: ${bilingual(`停止しました（${signal}）`, `stopped (${signal})`)[ctx.locale]}`,
      };
    } finally {
      if (server?.listening) server.close();
      await scheduler?.close();
      await redis?.stop();
    }
  },
};
