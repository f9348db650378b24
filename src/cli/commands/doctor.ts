import { problemText, readConfig, SETTINGS } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { jstWallClock } from '../../domain/dates.js';
import { checkDatabase, checkRedis, checkSlackToken, type Check } from '../../health.js';
import { CHECK_STATUS, SAY } from '../../i18n/cli.js';
import { bi } from '../../i18n/text.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: bi('設定、データベース、Redis、Slack トークンを確認し、それぞれの対処を示します', 'check the configuration, database, Redis and Slack token, and say what to do about each'),
  usage: 'certdesk doctor [--json]',
  help: bi(
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
    if (problems.length === 0) checks.push({ name: 'configuration', status: 'ok', detail: bi('すべての設定が有効です', 'every setting is valid') });
    for (const p of problems) {
      checks.push({ name: 'configuration', status: 'fail', detail: { ja: problemText(p, 'ja'), en: problemText(p, 'en') }, fix: bi(`${p.variable} を直すか、設定を外して既定値にしてください`, `correct ${p.variable}, or unset it for its default`) });
    }
    if (config.now) checks.push({ name: 'clock', status: 'warn', detail: SAY.clockSet(jstWallClock(config.now)), fix: bi('本番では CERTDESK_NOW を設定しないでください', 'leave CERTDESK_NOW unset in production') });

    if (bad.has('DATABASE_URL')) {
      checks.push({ name: 'database', status: 'fail', detail: bi('DATABASE_URL が誤っているため確認できません', 'not checked: DATABASE_URL is not valid'), fix: bi('上の設定の誤りを直してください', 'correct the setting above') });
    } else if (config.databaseUrl) {
      const db = openDatabase(config.databaseUrl, { max: 1 });
      try {
        checks.push(...(await checkDatabase(db.sql, config.databaseUrl)));
      } finally {
        await db.close();
      }
    } else {
      checks.push({ name: 'database', status: 'fail', detail: bi('DATABASE_URL が設定されていません', 'DATABASE_URL is not set'), fix: bi('DATABASE_URL を設定してください（例: postgres://postgres@127.0.0.1:5432/certdesk）', 'set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/certdesk') });
    }
    if (bad.has('REDIS_URL')) checks.push({ name: 'redis', status: 'fail', detail: bi('REDIS_URL が誤っているため確認できません', 'not checked: REDIS_URL is not valid'), fix: bi('上の設定の誤りを直してください', 'correct the setting above') });
    else checks.push(await checkRedis(config.redisUrl));
    if (bad.has('SLACK_BOT_TOKEN') || bad.has('SLACK_API_URL')) {
      checks.push({ name: 'slack', status: 'fail', detail: bi('Slack の設定が誤っているため確認できません', 'not checked: a Slack setting is not valid'), fix: bi('上の設定の誤りを直してください', 'correct the setting above') });
    } else checks.push(await checkSlackToken(config.slack.apiUrl, config.slack.botToken));

    if (!bad.has('CERTDESK_MASTER_KEY')) {
      checks.push(
        config.masterKey
          ? { name: 'custody', status: 'ok', detail: bi(`マスター鍵 ${config.masterKey.id}`, `master key ${config.masterKey.id}`) }
          : {
              name: 'custody',
              status: 'warn',
              detail: bi('CERTDESK_MASTER_KEY が設定されていないため、秘密鍵を保管できません（第4条第7項）', 'CERTDESK_MASTER_KEY is not set: no private key can be kept (Art. 4(7))'),
              fix: bi('openssl rand -base64 32 の出力を CERTDESK_MASTER_KEY に設定してください', 'set CERTDESK_MASTER_KEY to the output of openssl rand -base64 32'),
            },
      );
    }
    const failed = checks.some((c) => c.status === 'fail');
    const mark = { ok: '✓', warn: '!', fail: '✗' } as const;
    const text = checks.map((c) => `${mark[c.status]} ${c.name}: ${c.detail[l]}${c.fix ? `\n    → ${c.fix[l]}` : ''}`).join('\n');
    const json = {
      ok: !failed,
      checks: checks.map((c) => ({ name: c.name, status: c.status, statusText: CHECK_STATUS[c.status].en, detail: c.detail.en, detailJa: c.detail.ja, ...(c.fix ? { fix: c.fix.en, fixJa: c.fix.ja } : {}) })),
    };
    return { json, text, exit: failed ? EXIT.failure : EXIT.ok };
  },
};
