// One contract never stops the others: a step that fails for one renewal cycle (here a trigger
// that refuses its notice, as any bad row or bug might) is recorded with its error, retried with
// backoff and told to staff once, while every other due step of the sweep — and of the workers —
// still happens. Against the real PostgreSQL, Redis and a fake Slack over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scheduledFailures } from '../../src/db/schema.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
/** A Redis database of this file's own (the other scheduler tests use 11 to 13). */
const REDIS_URL = testRedisUrl(9);
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

const env = (now: string) => ({
  ...t.env,
  CERTDESK_LANG: 'en',
  CERTDESK_NOW: now,
  REDIS_URL,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: fake.apiUrl,
  CERTDESK_STAFF_CHANNEL: 'C0STAFF',
});
const noticesIn = (channel: string) =>
  fake
    .messagesIn(channel)
    .filter((m) => m.metadata?.event_type === 'certdesk_outbox' && /Renewal notice|更新のご案内/.test(m.text));
const failureAlerts = (contract: string) =>
  fake.messagesIn('C0STAFF').filter((m) => m.text.includes(contract) && /scheduler|定期処理/.test(m.text));

const customer = (id: string) => ({
  type: 'customer',
  id,
  name: `${id} Ltd`,
  country: 'JP',
  channel: `C0${id.toUpperCase()}`,
  contacts: ['U0ALICE'],
});
/** First notice due 2026-11-11 09:00 JST (60 days before the expiry date 2027-01-10). */
const contract = (id: string, customerId: string) => ({
  type: 'contract',
  id,
  customer: customerId,
  item: 'quick-ssl',
  term: '1y',
  commonName: `www.${customerId}.example`,
  notBefore: '2026-01-11T00:00:00+09:00',
  notAfter: '2027-01-10T23:59:59+09:00',
});

/** Any notice of a cycle of `contract` is refused by the database, as a bad row or a bug would be. */
const breakNotices = async (contract: string) => {
  await t.db.sql.unsafe(`
    create or replace function refuse_notice() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from renewal_cycles c where c.id = new.cycle_id and c.contract_id = '${contract}') then
        raise exception 'refused on purpose for %', '${contract}';
      end if;
      return new;
    end $$;
    drop trigger if exists refuse_notice on renewal_notices;
    create trigger refuse_notice before insert on renewal_notices for each row execute function refuse_notice();`);
};
const mendNotices = () => t.db.sql.unsafe('drop trigger if exists refuse_notice on renewal_notices');

describe('scheduled work: a step that fails for one contract stops no other (sweep)', () => {
  it('sets the scene: two contracts due a notice, one due its ending', async () => {
    const records = jsonl(
      customer('iso'),
      contract('iso-bad', 'iso'),
      customer('isb'),
      contract('isb-good', 'isb'),
      customer('isc'),
      contract('isc-cancel', 'isc'),
    );
    expect((await certdesk(['import', tempFile(records, '.jsonl')], env('2026-10-01T10:00+09:00'))).code).toBe(0);
    expect(
      (
        await certdesk(
          ['cancel', '--contract', 'isc-cancel', '--received', '2026-10-01T10:00'],
          env('2026-10-01T10:05+09:00'),
        )
      ).code,
    ).toBe(0);
    await breakNotices('iso-bad');
  });

  it('the sweep does every other due step, records the failure with its error, tells staff once, and exits 1 naming it', async () => {
    const r = await certdesk(['sweep', '--json'], env('2026-11-11T09:00+09:00'));
    expect(r.code).toBe(1);
    expect(r.json.failures).toEqual([
      expect.objectContaining({
        step: 'cycle',
        contractId: 'iso-bad',
        attempts: 1,
        error: expect.stringContaining('refused on purpose'),
      }),
    ]);
    expect(noticesIn('C0ISB')).toHaveLength(1);
    expect(noticesIn('C0ISO')).toHaveLength(0);
    expect(
      (await certdesk(['contracts', '--json'], env('2026-11-11T09:01+09:00'))).json.find(
        (c: { id: string }) => c.id === 'isc-cancel',
      ),
    ).toMatchObject({ status: 'ended' });
    const [failure] = await t.db.db.select().from(scheduledFailures);
    expect(failure).toMatchObject({
      step: 'cycle',
      contractId: 'iso-bad',
      attempts: 1,
      resolvedAt: null,
      error: expect.stringContaining('refused on purpose'),
    });
    expect(failureAlerts('iso-bad')).toHaveLength(1);
    const text = await certdesk(['sweep'], env('2026-11-11T09:00:01+09:00'));
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('iso-bad');
  });

  it('the failed step waits for its backoff, is retried, and staff are not told again', async () => {
    const soon = await certdesk(['sweep', '--json'], env('2026-11-11T09:00:05+09:00'));
    expect(soon.json.failures[0]).toMatchObject({ contractId: 'iso-bad', attempts: 1 });
    const later = await certdesk(['sweep', '--json'], env('2026-11-11T09:05+09:00'));
    expect(later.json.failures[0]).toMatchObject({ contractId: 'iso-bad', attempts: 2 });
    expect(failureAlerts('iso-bad')).toHaveLength(1);
  });

  it('once mended, the next retry does the step; the failure is resolved and the sweep exits 0', async () => {
    await mendNotices();
    const r = await certdesk(['sweep', '--json'], env('2026-11-11T10:00+09:00'));
    expect(r.code).toBe(0);
    expect(r.json.failures).toEqual([]);
    expect(noticesIn('C0ISO')).toHaveLength(1);
    const [failure] = await t.db.db.select().from(scheduledFailures).where(eq(scheduledFailures.contractId, 'iso-bad'));
    expect(failure!.resolvedAt).not.toBeNull();
    expect(failureAlerts('iso-bad')).toHaveLength(1);
  });
});

function startWorker(now: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: { ...process.env, ...env(now) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('scheduled work: a step that fails for one contract stops no other (workers)', () => {
  it(
    'the workers do every other due step, replyPrivately staff once, and retry the failed one until it succeeds',
    { timeout: 120_000 },
    async () => {
      const records = jsonl(customer('wko'), contract('wko-bad', 'wko'), customer('wkg'), contract('wkg-good', 'wkg'));
      expect((await certdesk(['import', tempFile(records, '.jsonl')], env('2026-10-01T10:00+09:00'))).code).toBe(0);
      await breakNotices('wko-bad');
      startWorker('2026-11-11T09:00+09:00');
      await until('the good notice', async () => noticesIn('C0WKG').length === 1);
      const failed = async () =>
        (await t.db.db.select().from(scheduledFailures).where(eq(scheduledFailures.contractId, 'wko-bad')))[0];
      await until('a retry that fails again', async () => ((await failed())?.attempts ?? 0) >= 2);
      expect(noticesIn('C0WKO')).toHaveLength(0);
      await until('the staff alert', async () => failureAlerts('wko-bad').length === 1);
      await mendNotices();
      await until('the mended notice', async () => noticesIn('C0WKO').length === 1, 90_000);
      expect((await failed())!.resolvedAt).not.toBeNull();
      expect(failureAlerts('wko-bad')).toHaveLength(1);
      expect(noticesIn('C0WKG')).toHaveLength(1);
    },
  );
});
