// A message of the outbox is posted once, however many deliverers reach it at the same moment —
// on PostgreSQL (its advisory lock) and on the embedded database, where every client shares one
// session and advisory locks exclude no one (the sandbox delivers from its sweep and its workers).
import { WebClient } from '@slack/web-api';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { outbox } from '../../src/db/schema.js';
import { alertStaff } from '../../src/services/outbox.js';
import { deliverMessage } from '../../src/slack/deliver.js';
import { Paced } from '../../src/slack/pace.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
});
afterAll(() => fake.close());

/**
 * Imports the records and sweeps on the day their first notices fall due, with no Slack token:
 * the notices are decided and wait in the outbox.
 */
async function decideNotices(records: string, expected: number): Promise<void> {
  const imported = await certdesk(['import', tempFile(records, '.jsonl')], {
    ...t.env,
    CERTDESK_NOW: '2026-10-01T10:00+09:00',
  });
  expect(imported.code).toBe(0);
  const swept = await certdesk(['sweep', '--json'], {
    ...t.env,
    CERTDESK_NOW: '2026-11-11T09:00+09:00',
    SLACK_BOT_TOKEN: '',
  });
  expect(swept.json.steps).toEqual({ notice: expected });
}

describe('exactly once: deliverers racing for one message', () => {
  it('of eight deliveries of one notice at once, one posts it; the others find it busy or done', async () => {
    const records = jsonl(
      { type: 'customer', id: 'once', name: 'Once Ltd', country: 'JP', channel: 'C0ONCE', contacts: ['U0ALICE'] },
      {
        type: 'contract',
        id: 'once-www',
        customer: 'once',
        item: 'quick-ssl',
        term: '1y',
        commonName: 'www.once.example',
        notBefore: '2026-01-11T00:00:00+09:00',
        notAfter: '2027-01-10T23:59:59+09:00',
      },
    );
    await decideNotices(records, 1);
    const [row] = await t.db.db.select().from(outbox).where(eq(outbox.view, 'renewal-notice'));
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    fake.delayResponse('chat.postMessage', 300);
    const slack = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const config = loadConfig({ SLACK_API_URL: fake.apiUrl });
    const now = new Date('2026-11-11T00:00:05Z');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => deliverMessage({ database: t.db, slack, config }, row!.id, now)),
    );
    expect(results.filter((r) => r === 'sent')).toHaveLength(1);
    expect(results.every((r) => r === 'sent' || r === 'busy' || r === 'done-before')).toBe(true);
    expect(fake.messagesIn('C0ONCE')).toHaveLength(1);
    const [after] = await t.db.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(after).toMatchObject({ status: 'sent', attempts: 1, slackTs: fake.messagesIn('C0ONCE')[0]!.ts });
  });
});

describe('what a delivery sends to PostgreSQL, in order', () => {
  it('the lock before the reads of the row and the notice, and the record before the unlock, on its own connection', async () => {
    const records = jsonl(
      { type: 'customer', id: 'order', name: 'Order Ltd', country: 'JP', channel: 'C0ORDER', contacts: ['U0ALICE'] },
      {
        type: 'contract',
        id: 'order-www',
        customer: 'order',
        item: 'quick-ssl',
        term: '1y',
        commonName: 'www.order.example',
        notBefore: '2026-01-11T00:00:00+09:00',
        notAfter: '2027-01-10T23:59:59+09:00',
      },
    );
    await decideNotices(records, 1);
    const [row] = await t.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.view, 'renewal-notice'), eq(outbox.channel, 'C0ORDER')));
    // postgres.js calls debug as it writes each query to its connection.
    const sent: { connection: number; text: string }[] = [];
    const sql = postgres(t.db.url, {
      max: 10,
      onnotice: () => {},
      debug: (connection, text) => sent.push({ connection, text: String(text) }),
    });
    const database: Database = { db: drizzle(sql, { schema }), sql, close: () => sql.end() };
    try {
      const slack = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
      const config = loadConfig({ SLACK_API_URL: fake.apiUrl });
      expect(await deliverMessage({ database, slack, config }, row!.id, new Date('2026-11-11T00:00:05Z'))).toBe('sent');
    } finally {
      await database.close();
    }
    const lock = sent.find((q) => q.text.includes('pg_try_advisory_lock'))!;
    const onIt = sent.filter((q) => q.connection === lock.connection).map((q) => q.text);
    const at = (what: string) => onIt.findIndex((text) => text.includes(what));
    // (A new connection first asks for the array types, as postgres.js does.)
    const order = [
      'pg_try_advisory_lock',
      'from "outbox"',
      'from "renewal_notices"',
      'with sent as',
      'pg_advisory_unlock',
    ];
    expect(order.map(at).every((i, k, all) => i >= 0 && (k === 0 || i > all[k - 1]!))).toBe(true);
    expect(at('pg_advisory_unlock')).toBe(onIt.length - 1);
  });
});

describe('a message posted by an attempt that died is found again, whatever the business clock says', () => {
  it('with the clock 29 days ahead of Slack’s (a sandbox, training), the retry finds the message and posts nothing', async () => {
    // Slack stamps messages with the real time; the business clock runs ahead of it here. This
    // test alone takes the real clock, because the fault is the distance between the two.
    const now = new Date(Date.now() + 29 * 86_400_000);
    const id = await alertStaff(t.db.db, 'crash-ahead', { kind: 'no-channel', contractId: null }, now);
    const config = loadConfig({ SLACK_API_URL: fake.apiUrl, CERTDESK_STAFF_CHANNEL: 'C0STAFF' });
    // Slack takes the message, but the answer comes too late: the worker dies without recording it.
    fake.delayResponse('chat.postMessage', 1_000);
    const impatient = new WebClient('xoxb-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      timeout: 200,
    });
    await expect(deliverMessage({ database: t.db, slack: impatient, config }, id!, now)).rejects.toThrow();
    fake.delayResponse('chat.postMessage', 0);
    expect(fake.messagesIn('C0STAFF')).toHaveLength(1);
    const slack = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect(await deliverMessage({ database: t.db, slack, config }, id!, new Date(now.getTime() + 60_000))).toBe(
      'found',
    );
    expect(fake.messagesIn('C0STAFF')).toHaveLength(1);
    const [after] = await t.db.db.select().from(outbox).where(eq(outbox.id, id!));
    expect(after).toMatchObject({ status: 'sent', attempts: 1, slackTs: fake.messagesIn('C0STAFF')[0]!.ts });
  });
});

describe('deliveries share the pool without starving it', () => {
  it('more deliveries at once than the pool has connections (a sweep beside the workers) all finish', async () => {
    // Each delivery holds a connection for its advisory lock and borrows others for its statements:
    // with every connection held, none would be left for a statement and all would wait for ever.
    const small = openDatabase(t.db.url, { max: 3 });
    try {
      const now = new Date('2026-11-11T00:00:05Z');
      const ids: number[] = [];
      for (let i = 0; i < 6; i++)
        ids.push((await alertStaff(small.db, `pool-${i}`, { kind: 'no-channel', contractId: null }, now))!);
      const config = loadConfig({
        SLACK_API_URL: fake.apiUrl,
        CERTDESK_STAFF_CHANNEL: 'C0POOL',
        CERTDESK_SLACK_CHANNEL_PACE_MS: '0',
      });
      fake.delayResponse('chat.postMessage', 100);
      const slack = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
      const results = await Promise.race([
        Promise.all(ids.map((id) => deliverMessage({ database: small, slack, config }, id, now))),
        new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 15_000).unref()),
      ]);
      fake.delayResponse('chat.postMessage', 0);
      expect(results).toEqual(ids.map(() => 'sent'));
      expect(fake.messagesIn('C0POOL')).toHaveLength(6);
    } finally {
      await small.sql.end({ timeout: 1 });
    }
  }, 30_000);
});

describe('a grouped notice posted by an attempt that died', () => {
  it('is found again by the retry, and every notice it listed is recorded with it; none is posted twice', async () => {
    const contract = (id: string) => ({
      type: 'contract',
      id,
      customer: 'grp',
      item: 'quick-ssl',
      term: '1y',
      commonName: `${id}.example`,
      notBefore: '2026-01-11T00:00:00+09:00',
      notAfter: '2027-01-10T23:59:59+09:00',
    });
    const records = jsonl(
      { type: 'customer', id: 'grp', name: 'Group Ltd', country: 'JP', channel: 'C0GRP', contacts: ['U0ALICE'] },
      contract('grp-a'),
      contract('grp-b'),
      contract('grp-c'),
    );
    await decideNotices(records, 3);
    const rows = await t.db.db.select().from(outbox).where(eq(outbox.channel, 'C0GRP')).orderBy(outbox.id);
    expect(rows).toHaveLength(3);
    const config = loadConfig({ SLACK_API_URL: fake.apiUrl });
    const now = new Date('2026-11-11T00:00:05Z');
    // Slack takes the message, but the answer comes too late: the attempt dies without recording it.
    fake.delayResponse('chat.postMessage', 1_000);
    const impatient = new WebClient('xoxb-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      timeout: 200,
    });
    await expect(deliverMessage({ database: t.db, slack: impatient, config }, rows[0]!.id, now)).rejects.toThrow();
    fake.delayResponse('chat.postMessage', 0);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(fake.messagesIn('C0GRP')).toHaveLength(1);
    const slack = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    // The others wait for the message they were gathered into.
    expect(await deliverMessage({ database: t.db, slack, config }, rows[1]!.id, now)).toBe('waiting');
    expect(await deliverMessage({ database: t.db, slack, config }, rows[0]!.id, new Date(now.getTime() + 60_000))).toBe(
      'found',
    );
    const [posted] = fake.messagesIn('C0GRP');
    expect(posted!.text).toBe('更新のご案内（3件）');
    const after = await t.db.db.select().from(outbox).where(eq(outbox.channel, 'C0GRP'));
    expect(after.map((r) => [r.status, r.slackTs])).toEqual(rows.map(() => ['sent', posted!.ts]));
    expect(await deliverMessage({ database: t.db, slack, config }, rows[2]!.id, now)).toBe('done-before');
    expect(fake.messagesIn('C0GRP')).toHaveLength(1);
  });
});

describe('a delivery leaves no advisory lock behind, whatever it returns', () => {
  /** The advisory locks of the outbox ("outb") held by any session. */
  const outboxLocks = async () =>
    Number(
      (
        await t.db.sql<{ n: number }[]>`
        select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = ${0x6f757462}`
      )[0]!.n,
    );
  const slack = () => new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  const now = new Date('2026-11-11T00:00:05Z');

  it('paced: the slot is taken and no attempt spent; back holding a slot that is now, it takes no other', async () => {
    const config = loadConfig({ SLACK_API_URL: fake.apiUrl, CERTDESK_STAFF_CHANNEL: 'C0LOCKS' });
    const ids: number[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await alertStaff(t.db.db, `locks-${i}`, { kind: 'no-channel', contractId: null }, now))!);
    const d = { database: t.db, slack: slack(), config };
    // A quiet channel takes a burst of three at once; the fourth's slot is a second later.
    for (const id of ids.slice(0, 3)) expect(await deliverMessage(d, id, now)).toBe('sent');
    const paced = await deliverMessage(d, ids[3]!, now).catch((e: unknown) => e);
    expect(paced).toBeInstanceOf(Paced);
    const slot = (paced as Paced).slot;
    expect(slot.channel).toBe('C0LOCKS');
    const [waiting] = await t.db.db.select().from(outbox).where(eq(outbox.id, ids[3]!));
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
    const freeAt = async () =>
      (
        await t.db.sql<{ at: number }[]>`
          select extract(epoch from free_at)::float8 as at from slack_channel_pace where channel = 'C0LOCKS'`
      )[0]!.at;
    const before = await freeAt();
    // Come back holding a slot that is now: it posts without taking another.
    expect(await deliverMessage(d, ids[3]!, now, { slot: { channel: 'C0LOCKS', at: Date.now() } })).toBe('sent');
    expect(await freeAt()).toBe(before);
    expect(fake.messagesIn('C0LOCKS')).toHaveLength(4);
    expect(await outboxLocks()).toBe(0);
  });

  it("gathering: a notice's first post waits while its customer has a cycle due, and posts once told not to wait", async () => {
    const records = jsonl(
      { type: 'customer', id: 'lk', name: 'Lock Ltd', country: 'JP', channel: 'C0LK', contacts: ['U0ALICE'] },
      {
        type: 'contract',
        id: 'lk-www',
        customer: 'lk',
        item: 'quick-ssl',
        term: '1y',
        commonName: 'www.lk.example',
        notBefore: '2026-01-11T00:00:00+09:00',
        notAfter: '2027-01-10T23:59:59+09:00',
      },
    );
    await decideNotices(records, 1);
    const [row] = await t.db.db.select().from(outbox).where(eq(outbox.channel, 'C0LK'));
    // Another of the customer's cycles still to be worked on by this sweep: due now.
    await t.db.sql`update renewal_cycles set due_at = ${now.toISOString()}::timestamptz where contract_id = 'lk-www'`;
    const config = loadConfig({ SLACK_API_URL: fake.apiUrl });
    const d = { database: t.db, slack: slack(), config };
    expect(await deliverMessage(d, row!.id, now, { waitForOthers: true })).toBe('gathering');
    const [waiting] = await t.db.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await outboxLocks()).toBe(0);
    expect(await deliverMessage(d, row!.id, now)).toBe('sent');
    expect(fake.messagesIn('C0LK')).toHaveLength(1);
    expect(await outboxLocks()).toBe(0);
  });

  it('busy and done-before leave none either', async () => {
    const config = loadConfig({
      SLACK_API_URL: fake.apiUrl,
      CERTDESK_STAFF_CHANNEL: 'C0BUSY',
      CERTDESK_SLACK_CHANNEL_PACE_MS: '0',
    });
    const id = (await alertStaff(t.db.db, 'locks-busy', { kind: 'no-channel', contractId: null }, now))!;
    fake.delayResponse('chat.postMessage', 200);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => deliverMessage({ database: t.db, slack: slack(), config }, id, now)),
    );
    fake.delayResponse('chat.postMessage', 0);
    expect(results.filter((r) => r === 'sent')).toHaveLength(1);
    expect(await deliverMessage({ database: t.db, slack: slack(), config }, id, now)).toBe('done-before');
    expect(await outboxLocks()).toBe(0);
  });
});
