// Whether the parts certdesk needs are reachable: used by `doctor`, `/readyz` and start-up.
import { Redis } from 'ioredis';
import type postgres from 'postgres';
import { pendingMigrations } from './db/migrate.js';

export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** What to do about it, when it is not ok. */
  fix?: string;
}

const message = (e: unknown) => (e instanceof Error ? e.message || e.constructor.name : String(e));

export async function checkDatabase(sql: postgres.Sql, url: string): Promise<Check[]> {
  const where = redact(url);
  try {
    const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
    const pending = await pendingMigrations(sql);
    return [
      { name: 'database', status: 'ok', detail: `PostgreSQL ${row?.version} at ${where}` },
      pending === 0
        ? { name: 'migrations', status: 'ok', detail: 'up to date' }
        : { name: 'migrations', status: 'warn', detail: `${pending} migration(s) not applied`, fix: 'run `npx certdesk migrate` (every other command also applies them first)' },
    ];
  } catch (e) {
    return [{ name: 'database', status: 'fail', detail: `cannot reach PostgreSQL at ${where}: ${message(e)}`, fix: 'start PostgreSQL, or set DATABASE_URL to a database you can reach' }];
  }
}

export async function checkRedis(url: string): Promise<Check> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    const policy = (await redis.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
    const value = policy[1];
    if (value && value !== 'noeviction') {
      return { name: 'redis', status: 'warn', detail: `Redis at ${redact(url)}, maxmemory-policy ${value}`, fix: 'set maxmemory-policy noeviction so queued jobs are never evicted' };
    }
    return { name: 'redis', status: 'ok', detail: `Redis at ${redact(url)}` };
  } catch (e) {
    return { name: 'redis', status: 'fail', detail: `cannot reach Redis at ${redact(url)}: ${message(e)}`, fix: 'start Redis, or set REDIS_URL' };
  } finally {
    redis.disconnect();
  }
}

export async function checkSlackToken(apiUrl: string, token: string | undefined): Promise<Check> {
  if (!token) return { name: 'slack', status: 'warn', detail: 'SLACK_BOT_TOKEN is not set', fix: 'set SLACK_BOT_TOKEN (xoxb-…) and SLACK_SIGNING_SECRET before `certdesk serve`' };
  try {
    const res = await fetch(new URL('auth.test', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await res.json()) as { ok?: boolean; error?: string; team?: string; user?: string };
    if (body.ok) return { name: 'slack', status: 'ok', detail: `token works: ${body.user ?? 'bot'} in ${body.team ?? 'the workspace'}` };
    return { name: 'slack', status: 'fail', detail: `Slack refused the token: ${body.error ?? res.status}`, fix: 'reinstall the app to the workspace and copy its Bot User OAuth Token into SLACK_BOT_TOKEN' };
  } catch (e) {
    return { name: 'slack', status: 'fail', detail: `cannot reach the Slack API at ${apiUrl}: ${message(e)}`, fix: 'check SLACK_API_URL and the network' };
  }
}

/** A URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
