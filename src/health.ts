// Whether the parts certdesk needs are reachable: used by `doctor`, `/readyz` and start-up.
import { Redis } from 'ioredis';
import type postgres from 'postgres';
import type { MailSettings } from './config.js';
import { pendingMigrations } from './db/migrate.js';
import { bilingual, type Bilingual } from './i18n/text.js';
import { transportFor } from './mail/transport.js';
import { redact } from './redact.js';

export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: Bilingual;
  /** What to do about it, when it is not ok. */
  fix?: Bilingual;
}

const message = (e: unknown) => (e instanceof Error ? e.message || e.constructor.name : String(e));

export async function checkDatabase(sql: postgres.Sql, url: string): Promise<Check[]> {
  const where = redact(url);
  try {
    const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
    const pending = await pendingMigrations(sql);
    return [
      {
        name: 'database',
        status: 'ok',
        detail: bilingual(`PostgreSQL ${row?.version}（${where}）`, `PostgreSQL ${row?.version} at ${where}`),
      },
      pending === 0
        ? { name: 'migrations', status: 'ok', detail: bilingual('最新です', 'up to date') }
        : {
            name: 'migrations',
            status: 'warn',
            detail: bilingual(
              `未適用のマイグレーションが ${pending} 件あります`,
              `${pending} migration(s) not applied`,
            ),
            fix: bilingual(
              '`npx certdesk migrate` を実行してください（他のコマンドも最初に適用します）',
              'run `npx certdesk migrate` (every other command also applies them first)',
            ),
          },
    ];
  } catch (e) {
    return [
      {
        name: 'database',
        status: 'fail',
        detail: bilingual(
          `PostgreSQL（${where}）に接続できません: ${message(e)}`,
          `cannot reach PostgreSQL at ${where}: ${message(e)}`,
        ),
        fix: bilingual(
          'PostgreSQL を起動するか、接続できるデータベースを DATABASE_URL に設定してください',
          'start PostgreSQL, or set DATABASE_URL to a database you can reach',
        ),
      },
    ];
  }
}

export async function checkRedis(url: string): Promise<Check> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => {});
  const where = redact(url);
  try {
    await redis.connect();
    await redis.ping();
    const policy = (await redis.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
    const value = policy[1];
    if (value && value !== 'noeviction') {
      return {
        name: 'redis',
        status: 'warn',
        detail: bilingual(
          `Redis（${where}）の maxmemory-policy が ${value} です`,
          `Redis at ${where}, maxmemory-policy ${value}`,
        ),
        fix: bilingual(
          'キューのジョブが消されないよう maxmemory-policy を noeviction にしてください',
          'set maxmemory-policy noeviction so queued jobs are never evicted',
        ),
      };
    }
    return { name: 'redis', status: 'ok', detail: bilingual(`Redis（${where}）`, `Redis at ${where}`) };
  } catch (e) {
    return {
      name: 'redis',
      status: 'fail',
      detail: bilingual(
        `Redis（${where}）に接続できません: ${message(e)}`,
        `cannot reach Redis at ${where}: ${message(e)}`,
      ),
      fix: bilingual('Redis を起動するか、REDIS_URL を設定してください', 'start Redis, or set REDIS_URL'),
    };
  } finally {
    redis.disconnect();
  }
}

export async function checkSlackToken(apiUrl: string, token: string | undefined): Promise<Check> {
  if (!token) {
    return {
      name: 'slack',
      status: 'warn',
      detail: bilingual('SLACK_BOT_TOKEN が設定されていません', 'SLACK_BOT_TOKEN is not set'),
      fix: bilingual(
        '`certdesk serve` の前に SLACK_BOT_TOKEN（xoxb-…）と SLACK_SIGNING_SECRET を設定してください',
        'set SLACK_BOT_TOKEN (xoxb-…) and SLACK_SIGNING_SECRET before `certdesk serve`',
      ),
    };
  }
  try {
    const res = await fetch(new URL('auth.test', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await res.json()) as { ok?: boolean; error?: string; team?: string; user?: string };
    if (body.ok)
      return {
        name: 'slack',
        status: 'ok',
        detail: bilingual(
          `トークンは有効です: ${body.team ?? 'ワークスペース'} の ${body.user ?? 'ボット'}`,
          `token works: ${body.user ?? 'bot'} in ${body.team ?? 'the workspace'}`,
        ),
      };
    return {
      name: 'slack',
      status: 'fail',
      detail: bilingual(
        `Slack がトークンを拒否しました: ${body.error ?? res.status}`,
        `Slack refused the token: ${body.error ?? res.status}`,
      ),
      fix: bilingual(
        'アプリをワークスペースに再インストールし、Bot User OAuth Token を SLACK_BOT_TOKEN に設定してください',
        'reinstall the app to the workspace and copy its Bot User OAuth Token into SLACK_BOT_TOKEN',
      ),
    };
  } catch (e) {
    return {
      name: 'slack',
      status: 'fail',
      detail: bilingual(
        `Slack API（${apiUrl}）に接続できません: ${message(e)}`,
        `cannot reach the Slack API at ${apiUrl}: ${message(e)}`,
      ),
      fix: bilingual('SLACK_API_URL とネットワークを確認してください', 'check SLACK_API_URL and the network'),
    };
  }
}

/** The SMTP server notices go out by answers and takes the login, when mail is set up. */
export async function checkMail(mail: MailSettings | undefined): Promise<Check> {
  if (!mail)
    return {
      name: 'mail',
      status: 'warn',
      detail: bilingual(
        'CERTDESK_SMTP_URL が設定されていないため、Slack に届かない更新のご案内はメールで送られません',
        'CERTDESK_SMTP_URL is not set: a renewal notice Slack will not take goes nowhere else',
      ),
      fix: bilingual(
        'CERTDESK_SMTP_URL（smtp://…）と CERTDESK_MAIL_FROM を設定し、担当者にメールアドレスを登録してください（contact add … --email）',
        'set CERTDESK_SMTP_URL (smtp://…) and CERTDESK_MAIL_FROM, and give contacts their addresses (contact add … --email)',
      ),
    };
  const server = new URL(mail.smtpUrl).host;
  try {
    await transportFor(mail.smtpUrl).verify();
    return {
      name: 'mail',
      status: 'ok',
      detail: bilingual(`SMTP サーバー ${server} に接続できます`, `the SMTP server ${server} answers`),
    };
  } catch (e) {
    // nodemailer's EAUTH: the server answered, and refused the user and password.
    if ((e as { code?: string }).code === 'EAUTH')
      return {
        name: 'mail',
        status: 'fail',
        detail: bilingual(
          `SMTP サーバー ${server} がログインを拒否しました: ${message(e)}`,
          `the SMTP server ${server} answers but refused the login: ${message(e)}`,
        ),
        fix: bilingual(
          'CERTDESK_SMTP_URL のユーザー名とパスワード（記号はURLエンコード）を確認してください',
          'check the user and password in CERTDESK_SMTP_URL (with any symbol in them URL-encoded)',
        ),
      };
    return {
      name: 'mail',
      status: 'fail',
      detail: bilingual(
        `SMTP サーバー ${server} に接続できません: ${message(e)}`,
        `the SMTP server ${server} does not answer: ${message(e)}`,
      ),
      fix: bilingual(
        'CERTDESK_SMTP_URL のホストとポート、そしてそのサーバーが動いていて、ここから届くことを確認してください',
        'check the host and port in CERTDESK_SMTP_URL, and that the server runs and can be reached from here',
      ),
    };
  }
}
