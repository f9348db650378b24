import { stopSignal } from '../../runtime/stop-signal.js';
import { startScheduler, type Scheduler } from '../../../jobs/workers.js';
import { bi } from '../../i18n/text.js';
import { ensureRedis } from '../../runtime/redis.js';
import { slackClient } from '../../slack/client.js';
import type { Command } from '../command.js';
import { clockFrom } from '../clock.js';

export const workerCommand: Command = {
  name: 'worker',
  summary: bi('ジョブのワーカーだけを動かします（Slack アプリなし。複数台で同じ Redis と PostgreSQL を共有できます）', 'run the job workers alone, without the Slack app (several machines may share one Redis and one PostgreSQL)'),
  usage: 'certdesk worker',
  help: bi(
    'ご案内、みなし更新、終了、Slack への送信を行います。SIGTERM で、処理中のジョブを終えてから停止します。複数台で動かすときは、全台に同じ REDIS_URL を設定してください。',
    'Sends notices, records default renewals and endings, delivers Slack messages. On SIGTERM it finishes the jobs in hand and stops. Running several, give them all the same REDIS_URL.',
  ),
  options: {},
  settings: ['DATABASE_URL', 'REDIS_URL', 'SLACK_BOT_TOKEN', 'SLACK_API_URL', 'CERTDESK_NOTICE_DAYS', 'CERTDESK_REPLY_DAYS', 'CERTDESK_NOTICE_HOUR', 'CERTDESK_STAFF_CHANNEL', 'CERTDESK_MASTER_KEY', 'CERTDESK_MASTER_KEY_PREVIOUS', 'CERTDESK_REISSUE_NOTICE_DAYS', 'CERTDESK_ACME_DNS_HOOK'],
  async run(_args, ctx) {
    const stopping = stopSignal();
    const write = (line: string) => process.stderr.write(`${line}\n`);
    let redis: Awaited<ReturnType<typeof ensureRedis>> | undefined;
    let scheduler: Scheduler | undefined;
    try {
      const database = await ctx.database();
      redis = await ensureRedis(ctx.config.redisUrlSet ? ctx.config.redisUrl : undefined, ctx.config.dataDir, (t) => write(`certdesk: ${t[ctx.locale]}`));
      scheduler = await startScheduler({ database, slack: slackClient(ctx.config), config: ctx.config }, { redisUrl: redis.url, clock: clockFrom(ctx.now, ctx.config.now !== undefined), log: write });
      write(`certdesk: ${bi('ワーカーを開始しました', 'workers started')[ctx.locale]}`);
      const signal = await stopping;
      return { json: { stopped: signal }, text: `certdesk: ${bi(`停止しました（${signal}）`, `stopped (${signal})`)[ctx.locale]}` };
    } finally {
      await scheduler?.close();
      await redis?.stop();
    }
  },
};
