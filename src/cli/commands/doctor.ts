import { problemText, readConfig, SETTINGS, type Setting } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { holderOf } from '../../db/embedded.js';
import { jstWallClock } from '../../domain/dates.js';
import { checkDatabase, checkMail, checkRedis, checkSlackToken, type Check } from '../../health.js';
import { CHECK_STATUS, SAY } from '../../i18n/cli.js';
import { bilingual, type Bilingual } from '../../i18n/text.js';
import { findRedisServer } from '../../runtime/redis.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';

/** What leaving a setting unset means; a setting not here has no default to fall back to. */
const WHEN_UNSET: Partial<Record<Setting, Bilingual>> = {
  DATABASE_URL: bilingual('組み込みデータベースを使います', 'the embedded database is used'),
  REDIS_URL: bilingual('redis://127.0.0.1:6379 を使います', 'redis://127.0.0.1:6379 is used'),
  PORT: bilingual('3000 で待ち受けます', 'it listens on 3000'),
  SLACK_API_URL: bilingual('https://slack.com/api/ を使います', 'https://slack.com/api/ is used'),
  SLACK_APP_TOKEN: bilingual('HTTP（/slack/events）で受けます', 'Slack is served over HTTP at /slack/events'),
  CERTDESK_LANG: bilingual('システムのロケールに従います', 'the system locale decides'),
  CERTDESK_NOW: bilingual('実際の時刻で動きます', 'the real clock is used'),
  CERTDESK_NOTICE_DAYS: bilingual('60,45,31 日前にご案内します', 'notices go 60, 45 and 31 days before expiry'),
  CERTDESK_REPLY_DAYS: bilingual('回答期限は満了日の 30 日前です', 'the reply deadline is 30 days before expiry'),
  CERTDESK_NOTICE_HOUR: bilingual('9 時（日本時間）に送ります', 'notices go at 09:00 JST'),
  CERTDESK_REMINDER_DAYS: bilingual(
    '回答期限の 3 日前に担当者へ回答をお願いします',
    'contacts are reminded 3 days before the reply deadline',
  ),
  CERTDESK_REISSUE_NOTICE_DAYS: bilingual('30 日前にお知らせします', 'staff are told 30 days ahead'),
  CERTDESK_DATA_DIR: bilingual('.certdesk を使います', '.certdesk is used'),
  CERTDESK_LOG: bilingual('ログは1行1つの JSON です', 'the log is one JSON object a line'),
  CERTDESK_LOG_LEVEL: bilingual('info 以上を記録します', 'info and above are logged'),
  CERTDESK_METRICS_TOKEN: bilingual('/metrics は認証なしで答えます', '/metrics answers without a token'),
  CERTDESK_ERROR_WEBHOOK: bilingual('エラーはログにだけ書きます', 'errors go to the log only'),
  CERTDESK_SMTP_URL: bilingual(
    'Slack に届かない更新のご案内は、メールでは送られません',
    'a renewal notice Slack will not take goes nowhere else',
  ),
  CERTDESK_NOTICE_EMAIL: bilingual(
    'Slack に届かないご案内だけをメールで送ります（fallback）',
    'only notices Slack will not take go by e-mail (fallback)',
  ),
  CERTDESK_SLACK_CHANNEL_PACE_MS: bilingual(
    '1つのチャンネルへは最初の3通の後、1秒に1通ずつ投稿します',
    'one channel gets three messages at once, then one a second',
  ),
  CERTDESK_ACME_DNS_HOOK: bilingual(
    'dns-01 の ACME 申請はできません（http-01 は使えます）',
    'ACME orders cannot answer dns-01 (http-01 still works)',
  ),
};

export const doctorCommand: Command = {
  name: 'doctor',
  summary: bilingual(
    '設定、データベース、Redis、Slack トークンを確認し、それぞれの対処を示します',
    'check the configuration, database, Redis and Slack token, and say what to do about each',
  ),
  usage: 'certdesk doctor [--json]',
  help: bilingual(
    'どれかの確認が失敗すると終了コード 1 です。何も変更しません（マイグレーションは報告するだけで適用しません）。誤った設定はそれぞれ報告し、残りの確認を続けます。',
    'Exits 1 when a check fails. It changes nothing (migrations are reported, not applied). Each bad setting is reported and the other checks still run.',
  ),
  options: {},
  settings: [],
  async run(_args, ctx) {
    const l = ctx.locale;
    const { config, problems } = readConfig(ctx.env, SETTINGS);
    const bad = new Set(problems.map((p) => p.variable));
    const checks: Check[] = [];
    if (problems.length === 0)
      checks.push({
        name: 'configuration',
        status: 'ok',
        detail: bilingual('すべての設定が有効です', 'every setting is valid'),
      });
    for (const p of problems) {
      const unset = WHEN_UNSET[p.variable];
      const fix = unset
        ? bilingual(
            `${p.variable} を直すか、設定を外してください（外すと${unset.ja}）`,
            `correct ${p.variable}, or unset it (then ${unset.en})`,
          )
        : bilingual(`${p.variable} を直してください`, `correct ${p.variable}`);
      checks.push({
        name: 'configuration',
        status: 'fail',
        detail: { ja: problemText(p, 'ja'), en: problemText(p, 'en') },
        fix,
      });
    }
    if (config.now)
      checks.push({
        name: 'clock',
        status: 'warn',
        detail: SAY.clockSet(jstWallClock(config.now)),
        fix: bilingual('本番では CERTDESK_NOW を設定しないでください', 'leave CERTDESK_NOW unset in production'),
      });

    if (bad.has('DATABASE_URL')) {
      checks.push({
        name: 'database',
        status: 'fail',
        detail: bilingual('DATABASE_URL が誤っているため確認できません', 'not checked: DATABASE_URL is not valid'),
        fix: bilingual('上の設定の誤りを直してください', 'correct the setting above'),
      });
    } else if (config.databaseUrl) {
      const db = openDatabase(config.databaseUrl, { max: 1 });
      try {
        checks.push(...(await checkDatabase(db.sql, config.databaseUrl)));
      } finally {
        await db.close();
      }
    } else {
      const holder = holderOf(config.dataDir);
      checks.push({
        name: 'database',
        status: 'ok',
        detail: holder
          ? bilingual(
              `組み込みデータベース（${config.dataDir}、プロセス ${holder.pid} が使用中）`,
              `embedded database in ${config.dataDir}, held by process ${holder.pid}`,
            )
          : bilingual(
              `組み込みデータベース（${config.dataDir}、DATABASE_URL 未設定のため。使うときに開きます）`,
              `embedded database in ${config.dataDir} (no DATABASE_URL; opened when used)`,
            ),
        fix: bilingual(
          '本番では DATABASE_URL に PostgreSQL を設定してください',
          'in production, set DATABASE_URL to a PostgreSQL server',
        ),
      });
    }
    if (bad.has('REDIS_URL'))
      checks.push({
        name: 'redis',
        status: 'fail',
        detail: bilingual('REDIS_URL が誤っているため確認できません', 'not checked: REDIS_URL is not valid'),
        fix: bilingual('上の設定の誤りを直してください', 'correct the setting above'),
      });
    else {
      const redis = await checkRedis(config.redisUrl);
      // No REDIS_URL and none at the default address: serve, worker and sandbox start a private one.
      const server = !config.redisUrlSet && redis.status === 'fail' ? findRedisServer() : undefined;
      checks.push(
        server
          ? {
              name: 'redis',
              status: 'warn',
              detail: bilingual(
                `${config.redisUrl} に Redis がありません。serve・worker・sandbox は実行専用の redis-server（${server}）を起動します`,
                `no Redis at ${config.redisUrl}: serve, worker and sandbox will start a private redis-server (${server}) for their run`,
              ),
              fix: bilingual(
                '複数のプロセスで共有するときは Redis を起動し、REDIS_URL を設定してください',
                'to share the queue between processes, run Redis and set REDIS_URL',
              ),
            }
          : redis,
      );
    }
    if (bad.has('SLACK_BOT_TOKEN') || bad.has('SLACK_API_URL')) {
      checks.push({
        name: 'slack',
        status: 'fail',
        detail: bilingual('Slack の設定が誤っているため確認できません', 'not checked: a Slack setting is not valid'),
        fix: bilingual('上の設定の誤りを直してください', 'correct the setting above'),
      });
    } else checks.push(await checkSlackToken(config.slack.apiUrl, config.slack.botToken));

    if (bad.has('CERTDESK_SMTP_URL') || bad.has('CERTDESK_MAIL_FROM') || bad.has('CERTDESK_NOTICE_EMAIL'))
      checks.push({
        name: 'mail',
        status: 'fail',
        detail: bilingual('メールの設定が誤っているため確認できません', 'not checked: a mail setting is not valid'),
        fix: bilingual('上の設定の誤りを直してください', 'correct the setting above'),
      });
    else checks.push(await checkMail(config.mail));

    if (!bad.has('CERTDESK_MASTER_KEY')) {
      checks.push(
        config.masterKey
          ? {
              name: 'custody',
              status: 'ok',
              detail: bilingual(`マスター鍵 ${config.masterKey.id}`, `master key ${config.masterKey.id}`),
            }
          : {
              name: 'custody',
              status: 'warn',
              detail: bilingual(
                'CERTDESK_MASTER_KEY が設定されていないため、秘密鍵を保管できません（第4条第7項）',
                'CERTDESK_MASTER_KEY is not set: no private key can be kept (Art. 4(7))',
              ),
              fix: bilingual(
                'openssl rand -base64 32 の出力を CERTDESK_MASTER_KEY に設定してください',
                'set CERTDESK_MASTER_KEY to the output of openssl rand -base64 32',
              ),
            },
      );
    }
    const failed = checks.some((c) => c.status === 'fail');
    const mark = { ok: '✓', warn: '!', fail: '✗' } as const;
    const text = checks
      .map((c) => `${mark[c.status]} ${c.name}: ${c.detail[l]}${c.fix ? `\n    → ${c.fix[l]}` : ''}`)
      .join('\n');
    const json = {
      ok: !failed,
      checks: checks.map((c) => ({
        name: c.name,
        status: c.status,
        statusText: CHECK_STATUS[c.status].en,
        detail: c.detail.en,
        detailJa: c.detail.ja,
        ...(c.fix ? { fix: c.fix.en, fixJa: c.fix.ja } : {}),
      })),
    };
    return { json, text, exit: failed ? EXIT.failure : EXIT.ok };
  },
};
