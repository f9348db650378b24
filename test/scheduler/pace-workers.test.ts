// Slack's pace in the workers (README, CERTDESK_SLACK_CHANNEL_PACE_MS): 200 messages to one channel go
// out about one a second, in two workers together, while another channel's notice goes out at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_CHANNEL_PACE } from '../../src/config.js';
import { outbox } from '../../src/db/schema.js';
import { alertStaff } from '../../src/services/outbox.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
/** A Redis database of this file's own in the tests' Redis. */
const REDIS_URL = testRedisUrl(6);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js');
const { intervalMs: PACE, burst: BURST } = SLACK_CHANNEL_PACE;
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

const env = (clock: string) => ({
  ...process.env,
  ...t.env,
  CERTDESK_LANG: 'en',
  CERTDESK_NOW: clock,
  REDIS_URL,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: fake.apiUrl,
  CERTDESK_STAFF_CHANNEL: 'C0BUSY',
});

function startWorker(clock: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'worker'], { env: env(clock), stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The posts Slack took in a channel, by when they arrived. */
const postsTo = (channel: string) =>
  fake
    .callsOf('chat.postMessage')
    .filter((c) => c.args.channel === channel && c.status === 200)
    .map((c) => c.at);

/** A customer with its own channel and `n` contracts whose first notice is due 2026-11-11 09:00 JST. */
function customer(id: string, channel: string, n: number): object[] {
  return [
    { type: 'customer', id, name: id, country: 'JP', channel, contacts: ['U0ALICE'] },
    ...Array.from({ length: n }, (_, i) => ({
      type: 'contract',
      id: `${id}-${i}`,
      customer: id,
      item: 'quick-ssl',
      term: '1y',
      commonName: `www${i}.${id}.example`,
      notBefore: '2026-01-11T00:00:00+09:00',
      notAfter: '2027-01-10T23:59:59+09:00',
    })),
  ];
}

describe("the workers keep Slack's pace in each channel", () => {
  it("200 messages to one channel are paced while another channel's notice goes out at once", async () => {
    // A customer's notices of a day go out in one message (src/services/notice-groups.ts): the 200
    // messages of the busy channel are staff alerts, first in the outbox; the calm channel's notice last.
    for (let i = 0; i < 200; i++)
      await alertStaff(t.db.db, `pace-${i}`, { kind: 'no-channel', contractId: null }, new Date('2026-11-11T00:00Z'));
    const imported = await certdesk(['import', tempFile(jsonl(...customer('calm', 'C0CALM', 1)), '.jsonl')], {
      ...t.env,
      CERTDESK_NOW: '2026-10-01T10:00+09:00',
    });
    expect(imported.code).toBe(0);
    // The notice is decided and waits in the outbox; the workers find all 201 at once when they start.
    const clock = '2026-11-11T09:00+09:00';
    const swept = await certdesk(['sweep', '--json'], { ...env(clock), SLACK_BOT_TOKEN: '' });
    expect(swept.json).toMatchObject({ steps: { notice: 1 } });

    startWorker(clock);
    startWorker(clock);
    const [calmAt] = await until(
      'the calm channel’s notice',
      async () => postsTo('C0CALM').at(0) !== undefined && postsTo('C0CALM'),
    );
    const busy = await until(
      'eight busy posts',
      async () => postsTo('C0BUSY').length >= BURST + 5 && postsTo('C0BUSY'),
    );

    // The calm channel waited for none of the 200 ahead of it.
    expect(calmAt! - busy[0]!).toBeLessThan(2_000);
    // The busy channel: a burst, then one a pace apart. The pace is kept when the slots are taken;
    // the posts reach Slack a little later each, some later than others (hence the allowance).
    for (let i = BURST; i < busy.length; i++)
      expect(busy[i]! - busy[0]!, `post ${i}`).toBeGreaterThanOrEqual((i - BURST + 1) * PACE - 500);
    const paced = busy.slice(BURST - 1);
    expect((paced.at(-1)! - paced[0]!) / (paced.length - 1)).toBeGreaterThanOrEqual(PACE * 0.9);
    // …and not slower than the pace by much.
    expect(busy.at(-1)! - busy[0]!).toBeLessThan((busy.length - BURST + 2) * PACE);
    expect(fake.callsOf('chat.postMessage').filter((c) => c.status === 429)).toEqual([]);

    // The rest wait their turn: none failed, none was posted twice, none spent an attempt waiting.
    await Promise.all([...running].map((w) => stop(w)));
    const rows = await t.db.db.select().from(outbox);
    const alerts = rows.filter((r) => r.view === 'staff-alert');
    expect(alerts.length).toBeGreaterThanOrEqual(200);
    const sent = rows.filter((r) => r.status === 'sent');
    expect(sent.length + rows.filter((r) => r.status === 'pending').length).toBe(rows.length);
    expect(fake.callsOf('chat.postMessage').filter((c) => c.status === 200)).toHaveLength(sent.length);
    expect(sent.every((r) => r.attempts === 1)).toBe(true);
  });
});
