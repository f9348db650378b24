// `certdesk serve` for a test file: its records imported into the file's database, a fake Slack
// Web API, a Redis database of its own, and requests signed with the real scheme over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect } from 'vitest';
import { certdesk, tempFile } from '../cli.js';
import { freePort } from '../net.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { slackPost, slashCommand, type SlackReply } from './requests.js';

export interface ServedAppOptions {
  /** The command line's settings for the file's database (useFreshDatabase().env), read once it exists. */
  dbEnv: () => Record<string, string>;
  /** The import file (JSON lines), imported before serve starts. */
  records: string;
  secret: string;
  redisUrl: string;
  /** The Redis URL when it is known only once the file's hooks have run (a private redis-server). */
  redisUrlOf?: () => string;
  now: string;
  staffChannel: string;
  users: Record<string, { locale: string }>;
  /** More settings for serve (a function is read when serve starts); they override the ones above. */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Set up the fake Slack before serve starts (a 429 to come). */
  beforeServe?: (fake: FakeSlack) => void;
}

export interface ServedApp {
  /** The fake Slack, once started (in beforeAll). */
  readonly fake: FakeSlack;
  /** What serve printed, shown when a test fails. */
  readonly log: string;
  /** http://127.0.0.1:PORT/slack/events, once started. */
  readonly url: string;
  send: (
    kind: 'command' | 'interactive' | 'event',
    body: object,
    opts?: Partial<Parameters<typeof slackPost>[3]>,
  ) => Promise<SlackReply>;
  /** `/cert …` as a user in a channel; resolves with what the app answered through the response URL. */
  slash: (
    user: string,
    channel: string,
    text: string,
  ) => Promise<{
    responses: ReturnType<FakeSlack['responsesTo']>;
    opened: { callback_id: string; blocks: unknown[]; private_metadata?: string }[];
  }>;
  /** SIGTERM to serve; resolves with its exit code. */
  stop: () => Promise<number | null>;
  until: <T>(
    what: string,
    check: () => Promise<T | undefined | false | null> | T | undefined | false | null,
    ms?: number,
  ) => Promise<T>;
}

export function useServedApp(o: ServedAppOptions): ServedApp {
  let fake: FakeSlack;
  let serve: ChildProcess;
  let url = '';
  let log = '';

  beforeAll(async () => {
    fake = await startFakeSlack({ tokens: ['xoxb-certdesk'], users: o.users });
    expect(
      (
        await certdesk(['import', tempFile(o.records, '.jsonl')], {
          ...o.dbEnv(),
          CERTDESK_NOW: '2026-10-01T10:00+09:00',
        })
      ).code,
    ).toBe(0);
    const redisUrl = o.redisUrlOf?.() ?? o.redisUrl;
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    redis.disconnect();
    o.beforeServe?.(fake);
    const port = await freePort();
    url = `http://127.0.0.1:${port}/slack/events`;
    serve = spawn(process.execPath, [join(import.meta.dirname, '..', '..', '..', 'bin', 'certdesk.js'), 'serve'], {
      env: {
        ...process.env,
        ...o.dbEnv(),
        PORT: String(port),
        REDIS_URL: redisUrl,
        CERTDESK_NOW: o.now,
        CERTDESK_LANG: 'en',
        SLACK_BOT_TOKEN: 'xoxb-certdesk',
        SLACK_SIGNING_SECRET: o.secret,
        SLACK_API_URL: fake.apiUrl,
        CERTDESK_STAFF_CHANNEL: o.staffChannel,
        CERTDESK_MASTER_KEY: randomBytes(32).toString('base64'),
        ...(typeof o.env === 'function' ? o.env() : o.env),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    serve.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    // Up (/healthz), then ready (/readyz): the Slack app is mounted once /readyz says so.
    for (const [path, ok] of [
      ['/healthz', () => true],
      ['/readyz', (r: Response) => r.ok],
    ] as const) {
      for (let i = 0; i < 150; i++) {
        const passed = await fetch(`http://127.0.0.1:${port}${path}`).then(ok, () => false);
        if (passed) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((r) => serve.once('exit', r));
      serve.kill('SIGTERM');
      await exited;
    }
    await fake.close();
  });

  const send: ServedApp['send'] = (kind, body, opts = {}) =>
    slackPost(url, kind, body as never, { signingSecret: o.secret, ...opts });

  return {
    get fake() {
      return fake;
    },
    get log() {
      return log;
    },
    get url() {
      return url;
    },
    send,
    async slash(user, channel, text) {
      const responseUrl = fake.responseUrl({ channel, user });
      const before = fake.calls.length;
      const reply = await send(
        'command',
        slashCommand({ command: '/cert', text, userId: user, channelId: channel, responseUrl }),
      );
      expect(reply.status).toBe(200);
      await fake.waitFor((c) => c.seq > before && (c.url === responseUrl || c.method === 'views.open'), 10_000);
      const opened = fake.calls.filter((c) => c.seq > before && c.method === 'views.open');
      return {
        responses: fake.responsesTo(responseUrl),
        opened: opened.map((c) => c.args.view as { callback_id: string; blocks: unknown[]; private_metadata?: string }),
      };
    },
    async stop() {
      if (serve.exitCode !== null) return serve.exitCode;
      const exited = new Promise<number | null>((r) => serve.once('exit', r));
      serve.kill('SIGTERM');
      return exited;
    },
    async until(what, check, ms = 15_000) {
      const end = Date.now() + ms;
      for (;;) {
        const v = await check();
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n--- certdesk serve said:\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
