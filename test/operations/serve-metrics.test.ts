// Operating `certdesk serve`: after real work (a sweep that posts a notice, a 429 from Slack, a
// cycle held because its expiry date came with no notice), GET /metrics says so, promtool accepts
// the scrape, and every line serve wrote to stderr is a JSON object with level, time and msg.
import { execFileSync, spawnSync } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { jsonl } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { useServedApp } from '../support/slack/served-app.js';

const t = useFreshDatabase();
const TOKEN = 'metrics-token-0123456789abcdef';

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    { type: 'customer', id: 'acme', name: 'ACME株式会社', country: 'JP', channel: 'C0ACME', contacts: ['U0ALICE'] },
    // Its first notice falls due 60 days before 2027-01-10: at 09:00 JST on 2026-11-11, serve's clock.
    {
      type: 'contract',
      id: 'acme-www',
      customer: 'acme',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'www.acme.example',
      notBefore: '2026-01-11T00:00:00+09:00',
      notAfter: '2027-01-10T23:59:59+09:00',
    },
    // Its expiry date has passed with no notice sent: the cycle is held for staff (Art. 6).
    {
      type: 'contract',
      id: 'acme-old',
      customer: 'acme',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'old.acme.example',
      notBefore: '2025-11-01T00:00:00+09:00',
      notAfter: '2026-10-31T23:59:59+09:00',
    },
  ),
  secret: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
  redisUrl: testRedisUrl(8),
  now: '2026-11-11T09:00+09:00',
  staffChannel: 'C0STAFF',
  users: { U0ALICE: { locale: 'ja-JP' } },
  env: { CERTDESK_METRICS_TOKEN: TOKEN },
  // The first message Slack is asked to take is refused with 429, Retry-After 1 s.
  beforeServe: (fake) => void fake.rateLimit('chat.postMessage', { times: 1, retryAfterSeconds: 1 }),
});

const base = () => app.url.replace(/\/slack\/events$/, '');
const scrape = async () => {
  const res = await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

/** The value of one sample, by its name and labels as they are written: `name{a="b"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const promtool = spawnSync('promtool', ['--version']).status === 0;

describe('GET /metrics on certdesk serve', () => {
  it('asks for the bearer token when CERTDESK_METRICS_TOKEN is set', async () => {
    expect((await fetch(`${base()}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${base()}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all!!' } })).status,
    ).toBe(401);
    expect((await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('after a sweep that posts, a 429 and a held cycle: the values say so', async () => {
    // The notice and the staff alert about the held cycle, each posted once, after the 429.
    await app.until(
      'the notice and the alert posted',
      () => app.fake.messagesIn('C0ACME').length >= 1 && app.fake.messagesIn('C0STAFF').length >= 1,
      30_000,
    );
    await app.until(
      'nothing left to deliver',
      async () => (await t.db.db.select().from(outbox).where(eq(outbox.status, 'pending'))).length === 0,
      30_000,
    );
    expect(app.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 429)).toHaveLength(1);

    // The database gauges are read at most every few seconds: wait for a reading after the work.
    const text = await app.until('a scrape after the work', async () => {
      const s = await scrape();
      return (
        sample(s, 'certdesk_outbox_messages{state="pending"}') === 0 &&
        sample(s, 'certdesk_renewal_cycles_held') === 1 &&
        s
      );
    });
    expect(sample(text, 'certdesk_outbox_messages{state="failed"}')).toBe(0);
    expect(sample(text, 'certdesk_outbox_oldest_pending_seconds')).toBe(0);
    expect(sample(text, 'certdesk_renewal_cycles_held')).toBe(1);
    // Each delivered notice (the first notice, and the held cycle's late one) makes its cycle due for
    // another look; the next sweep settles it. Read before or after that sweep: two, one or none.
    expect(sample(text, 'certdesk_renewal_cycles_due')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'certdesk_renewal_cycles_due')).toBeLessThanOrEqual(2);
    expect(sample(text, 'certdesk_slack_rate_limited_total{method="chat.postMessage"}')).toBe(1);
    expect(sample(text, 'certdesk_sweep_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'certdesk_sweep_last_run_timestamp_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'certdesk_database_up')).toBe(1);
    expect(
      sample(text, 'certdesk_http_request_duration_seconds_count{route="/healthz",method="GET",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'certdesk_http_request_duration_seconds_count{route="/metrics",method="GET",status="401"}'),
    ).toBe(2);
    // A delivery that waited out the 429 (no attempt spent) and then went out.
    expect(sample(text, 'certdesk_job_duration_seconds_count{queue="certdesk-slack",outcome="rate-limited"}')).toBe(1);
    expect(
      sample(text, 'certdesk_job_duration_seconds_count{queue="certdesk-slack",outcome="completed"}'),
    ).toBeGreaterThanOrEqual(2);
    // BullMQ's counts of every queue, and Node's own metrics.
    for (const queue of [
      'certdesk-sweep',
      'certdesk-renewals',
      'certdesk-endings',
      'certdesk-slack',
      'certdesk-checks',
    ]) {
      expect(sample(text, `certdesk_queue_jobs{queue="${queue}",state="waiting"}`)).toBeTypeOf('number');
    }
    expect(sample(text, 'certdesk_queue_jobs{queue="certdesk-slack",state="completed"}')).toBeGreaterThanOrEqual(2);
    expect(text).toContain('\nnodejs_heap_size_used_bytes ');
    expect(text).toContain('\nprocess_cpu_seconds_total ');
  });

  it.skipIf(!promtool && process.env.CERTDESK_REQUIRE_PROMTOOL !== '1')(
    'promtool check metrics accepts the scrape',
    async () => {
      const text = await scrape();
      // Throws with promtool's own words when it finds a problem.
      execFileSync('promtool', ['check', 'metrics'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] });
    },
  );
});

describe("certdesk serve's log", () => {
  it('every line on stderr is a JSON object with level, time and msg; a job names its ids', () => {
    const lines = app.log.split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
      expect(record, line).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        msg: expect.any(String),
      });
      expect(Number.isNaN(Date.parse(record.time as string)), line).toBe(false);
    }
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // One line at a job's start and one at its end, with its attempt, duration and outcome.
    const delivered = records.find(
      (r) => r.msg === 'job done' && r.queue === 'certdesk-slack' && r.outcome === 'completed',
    );
    expect(delivered).toMatchObject({
      level: 'info',
      job: expect.any(String),
      outbox: expect.any(Number),
      attempt: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(
      records.some((r) => r.msg === 'job started' && r.queue === 'certdesk-renewals' && typeof r.cycle === 'number'),
    ).toBe(true);
    expect(records.some((r) => r.msg === 'renewal step done' && r.contract === 'acme-old' && r.step === 'hold')).toBe(
      true,
    );
    expect(records.some((r) => r.msg === 'job done' && r.outcome === 'rate-limited')).toBe(true);
    // The token never appears, whatever was logged.
    expect(app.log).not.toContain('xoxb-certdesk');
    expect(app.log).not.toContain(TOKEN);
  });
});
