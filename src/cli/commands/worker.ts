import type { Server } from 'node:http';
import { stopSignal } from '../../runtime/stop-signal.js';
import { startScheduler, type Scheduler } from '../../../jobs/workers.js';
import { checkDatabase, checkRedis } from '../../health.js';
import { createHttpServer } from '../../http/server.js';
import { bilingual } from '../../i18n/text.js';
import { metrics } from '../../metrics.js';
import { errorReporter } from '../../runtime/error-report.js';
import { ensureRedis } from '../../runtime/redis.js';
import { slackClient } from '../../slack/client.js';
import { OPERATIONS_SETTINGS, WORK_SETTINGS, type Command } from '../command.js';
import { clockFrom } from '../clock.js';
import { listenOn } from '../listen.js';

export const workerCommand: Command = {
  name: 'worker',
  summary: bilingual(
    'ジョブのワーカーだけを動かします（Slack アプリなし。複数台で同じ Redis と PostgreSQL を共有できます）',
    'run the job workers alone, without the Slack app (several machines may share one Redis and one PostgreSQL)',
  ),
  usage: 'certdesk worker',
  help: bilingual(
    'ご案内、みなし更新、終了、Slack への送信を行います。SIGTERM で、処理中のジョブを終えてから停止します。複数台で動かすときは、全台に同じ REDIS_URL を設定してください。PORT を設定すると、そのポートで /healthz、/readyz、/metrics に答えます（設定しなければ待ち受けないので、1台で複数動かせます）。',
    'Sends notices, records default renewals and endings, delivers Slack messages. On SIGTERM it finishes the jobs in hand and stops. Running several, give them all the same REDIS_URL. With PORT set it answers /healthz, /readyz and /metrics there (unset, it listens on no port, so several can run on one machine).',
  ),
  options: {},
  settings: ['DATABASE_URL', 'REDIS_URL', 'PORT', ...WORK_SETTINGS, ...OPERATIONS_SETTINGS],
  async run(_args, ctx) {
    const stopping = stopSignal();
    const { config, log } = ctx;
    const report = errorReporter({ webhook: config.errorWebhook, log, process: 'worker' });
    let redis: Awaited<ReturnType<typeof ensureRedis>> | undefined;
    let scheduler: Scheduler | undefined;
    let server: Server | undefined;
    try {
      const database = await ctx.database();
      const url = config.databaseUrl!;
      redis = await ensureRedis(config.redisUrlSet ? config.redisUrl : undefined, config.dataDir, (t) =>
        log.info(t[ctx.locale]),
      );
      const redisUrl = redis.url;
      const clock = clockFrom(ctx.now, config.now !== undefined);
      if (ctx.env.PORT?.trim()) {
        metrics.observeDatabase(database.db, clock, log);
        server = createHttpServer({
          readiness: async () => [...(await checkDatabase(database.sql, url)), await checkRedis(redisUrl)],
          metrics,
          metricsToken: config.metricsToken,
          report,
        });
        await listenOn(server, config.port);
      }
      scheduler = await startScheduler(
        { database, slack: slackClient(config, undefined, log), config },
        { redisUrl, clock, log, metrics, report },
      );
      if (server) metrics.observeQueues(scheduler.queues, log);
      log.info(
        server ? { port: config.port } : {},
        server ? `workers started; listening on :${config.port}` : 'workers started',
      );
      const signal = await stopping;
      log.info({ signal }, 'stopping: finishing the jobs in hand');
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
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
