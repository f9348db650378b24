// The workers against the real Redis and PostgreSQL: two at once, a 429 from Slack, Redis emptied,
// a worker killed in the middle of a post. Whatever happens, each notice is posted once.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
/** A Redis database of this file's own, in the tests' own Redis: emptying it touches no other test and no developer's data. */
const REDIS_URL = testRedisUrl(11);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js');
let fake: FakeSlack;
let redis: Redis;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
  redis = new Redis(REDIS_URL);
  await redis.flushdb();
});
afterEach(async () => {
  await Promise.all([...running].map((w) => stop(w)));
});
afterAll(async () => {
  await redis.flushdb();
  redis.disconnect();
  await fake.close();
});

let clock = '2026-11-11T09:00+09:00';
const env = () => ({
  ...process.env,
  ...t.env,
  CERTDESK_LANG: 'en',
  CERTDESK_NOW: clock,
  REDIS_URL,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: fake.apiUrl,
  CERTDESK_STAFF_CHANNEL: 'C0STAFF',
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'worker'], { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const pending = async () => (await t.db.db.select().from(outbox).where(eq(outbox.status, 'pending'))).length;
const noticesIn = (channel: string) =>
  fake
    .messagesIn(channel)
    .filter((m) => m.metadata?.event_type === 'certdesk_outbox' && /Renewal notice|更新のご案内/.test(m.text));

/** N customers, each with its own channel and one contract whose first notice is due 2026-11-11 09:00 JST. */
async function customers(prefix: string, n: number) {
  const records: object[] = [];
  for (let i = 0; i < n; i++) {
    records.push({
      type: 'customer',
      id: `${prefix}${i}`,
      name: `${prefix} ${i}`,
      country: 'JP',
      channel: `C0${prefix.toUpperCase()}${i}`,
      contacts: ['U0ALICE'],
    });
    records.push({
      type: 'contract',
      id: `${prefix}${i}-www`,
      customer: `${prefix}${i}`,
      item: 'quick-ssl',
      term: '1y',
      commonName: `www.${prefix}${i}.example`,
      notBefore: '2026-01-11T00:00:00+09:00',
      notAfter: '2027-01-10T23:59:59+09:00',
    });
  }
  const r = await certdesk(['import', tempFile(jsonl(...records), '.jsonl')], {
    ...t.env,
    CERTDESK_NOW: '2026-10-01T10:00+09:00',
  });
  expect(r.code).toBe(0);
  return Array.from({ length: n }, (_, i) => `C0${prefix.toUpperCase()}${i}`);
}

describe('the workers: exactly once, whatever happens', () => {
  it('two workers on the same queues post each notice once', async () => {
    const channels = await customers('duo', 12);
    startWorker();
    startWorker();
    await until('every notice', async () => channels.every((c) => noticesIn(c).length > 0) && (await pending()) === 0);
    await new Promise((r) => setTimeout(r, 1_000));
    for (const c of channels) expect(noticesIn(c), c).toHaveLength(1);
  });

  it('a 429 from Slack pauses the queue for its Retry-After; nothing is dropped or posted twice', async () => {
    clock = '2026-11-26T09:00+09:00';
    fake.rateLimit('chat.postMessage', { times: 3, retryAfterSeconds: 1 });
    startWorker();
    const channels = Array.from({ length: 12 }, (_, i) => `C0DUO${i}`);
    await until(
      'every reminder',
      async () => channels.every((c) => noticesIn(c).length === 2) && (await pending()) === 0,
    );
    expect(fake.callsOf('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 1_000));
    for (const c of channels) expect(noticesIn(c)).toHaveLength(2);
    const rows = await t.db.db.select().from(outbox).where(eq(outbox.status, 'failed'));
    expect(rows).toEqual([]);
  });

  it('after Redis is emptied, a sweep rebuilds every pending job from PostgreSQL', async () => {
    clock = '2026-12-10T09:00+09:00';
    const channels = Array.from({ length: 12 }, (_, i) => `C0DUO${i}`);
    // Work is decided and queued, then Redis loses it all before any worker took it.
    const queued = await certdesk(['sweep', '--json'], { ...env(), SLACK_BOT_TOKEN: '' });
    // The last notices, and the reminders due since 2026-12-08 (three days before the deadline).
    expect(queued.json.steps).toEqual({ notice: 12, remind: 12 });
    expect(await pending()).toBeGreaterThanOrEqual(12);
    await redis.flushdb();
    startWorker();
    await until(
      'every notice after the flush',
      async () => channels.every((c) => noticesIn(c).length === 3) && (await pending()) === 0,
    );
    for (const c of channels) expect(noticesIn(c)).toHaveLength(3);
  });

  it('a worker killed (SIGKILL) while Slack takes its post: after a restart the work completes once', async () => {
    const [channel] = await customers('kill', 1);
    clock = '2026-11-11T09:00+09:00';
    fake.delayResponse('chat.postMessage', 4_000);
    const first = startWorker();
    await until('the post to reach Slack', async () => noticesIn(channel!).length === 1);
    await stop(first, 'SIGKILL');
    fake.delayResponse('chat.postMessage', 0);
    const [row] = await t.db.db
      .select()
      .from(outbox)
      .where(
        eq(
          outbox.key,
          (await t.db.db.select().from(outbox)).find((o) => o.status === 'pending' && o.view === 'renewal-notice')!.key,
        ),
      );
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    startWorker();
    // The dead worker's job is taken up again once its lock lapses (jobs/queues.ts).
    await until('the message recorded as sent', async () => (await pending()) === 0, 60_000);
    expect(noticesIn(channel!)).toHaveLength(1);
    const [sent] = await t.db.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(sent).toMatchObject({ status: 'sent', slackTs: noticesIn(channel!)[0]!.ts, attempts: 1 });
    expect(fake.callsOf('conversations.history').length).toBeGreaterThan(0);
  });

  it('stops on SIGTERM after the jobs in hand', async () => {
    const w = startWorker();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await stop(w)).toBe(0);
  });
});
