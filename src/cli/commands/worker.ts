import { once } from 'node:events';
import { startScheduler } from '../../../jobs/workers.js';
import { bi } from '../../i18n/text.js';
import { slackClient } from '../../slack/client.js';
import type { Command } from '../command.js';
import { clockFrom } from '../clock.js';

export const workerCommand: Command = {
  name: 'worker',
  summary: bi('ジョブのワーカーだけを動かします（Slack アプリなし。複数台で同じ Redis と PostgreSQL を共有できます）', 'run the job workers alone, without the Slack app (several machines may share one Redis and one PostgreSQL)'),
  usage: 'certdesk worker',
  help: bi(
    'ご案内、みなし更新、終了、Slack への送信を行います。SIGTERM で、処理中のジョブを終えてから停止します。',
    'Sends notices, records default renewals and endings, delivers Slack messages. On SIGTERM it finishes the jobs in hand and stops.',
  ),
  options: {},
  settings: ['DATABASE_URL', 'REDIS_URL', 'SLACK_BOT_TOKEN', 'SLACK_API_URL', 'CERTDESK_NOTICE_DAYS', 'CERTDESK_REPLY_DAYS', 'CERTDESK_NOTICE_HOUR', 'CERTDESK_STAFF_CHANNEL', 'CERTDESK_MASTER_KEY', 'CERTDESK_REISSUE_NOTICE_DAYS'],
  async run(_args, ctx) {
    const database = await ctx.database();
    const scheduler = await startScheduler(
      { database, slack: slackClient(ctx.config), config: ctx.config },
      { redisUrl: ctx.config.redisUrl, clock: clockFrom(ctx.now, ctx.config.now !== undefined), log: (line) => process.stderr.write(`${line}\n`) },
    );
    process.stderr.write(`certdesk: ${bi('ワーカーを開始しました', 'workers started')[ctx.locale]}\n`);
    const signal = await Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM'), once(process, 'SIGINT').then(() => 'SIGINT')]);
    await scheduler.close();
    return { json: { stopped: signal }, text: `certdesk: ${bi(`停止しました（${signal}）`, `stopped (${signal})`)[ctx.locale]}` };
  },
};
