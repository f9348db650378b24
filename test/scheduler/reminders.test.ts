// The reminder before the reply deadline: with no answer yet, the customer's contacts are mentioned
// in the thread of the first notice, CERTDESK_REMINDER_DAYS (3) days before the deadline at the
// notice hour — once, never after an answer — driven by `certdesk sweep` at fixed instants against
// the real PostgreSQL and a fake Slack answering over HTTP.
import { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { outbox, renewalCycles, renewalNotices } from '../../src/db/schema.js';
import { alertStaff, enqueueMessage } from '../../src/services/outbox.js';
import { deliverMessage } from '../../src/slack/deliver.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
/** A database of its own for CERTDESK_REMINDER_DAYS=5: a change of policy looks at every cycle again. */
const t5 = useFreshDatabase();
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
});
afterAll(() => fake.close());

const env = (db: { env: Record<string, string> }, now: string, extra: Record<string, string> = {}) => ({
  ...db.env,
  CERTDESK_NOW: now,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: fake.apiUrl,
  CERTDESK_STAFF_CHANNEL: 'C0STAFF',
  ...extra,
});
const run = async (args: string[], e: Record<string, string>) => {
  const r = await certdesk([...args, '--json'], e);
  if (r.code !== 0) throw new Error(`${args.join(' ')} exited ${r.code}: ${r.stdout}${r.stderr}`);
  return r.json as Record<string, unknown> & { steps: Record<string, number> };
};
const sweep = (now: string, ...flags: string[]) => run(['sweep', ...flags], env(t, now));

const customer = (id: string, channel: string, contacts: string[], locale = 'ja') => ({
  type: 'customer',
  id,
  name: `${id} 株式会社`,
  country: 'JP',
  channel,
  contacts,
  locale,
});
/** Its term ends on 2027-01-10 (JST): notices 2026-11-11, 11-26, 12-10; deadline 12-11; reminder 12-08 09:00. */
const contract = (id: string, customerId: string, item = 'quick-ssl') => ({
  type: 'contract',
  id,
  customer: customerId,
  item,
  term: '1y',
  commonName: `${id}.example`,
  notBefore: '2026-01-11T00:00:00+09:00',
  notAfter: '2027-01-10T23:59:59+09:00',
});

const isNotice = (m: { text: string }) => /更新のご案内|Renewal notice/.test(m.text);
const ours = (m: { metadata?: { event_type?: string } }) => m.metadata?.event_type === 'certdesk_outbox';
/** The first notice in a channel, and the replies in its thread that are ours. */
const firstNotice = (channel: string) => fake.messagesIn(channel).find((m) => ours(m) && isNotice(m))!;
const repliesTo = (channel: string, ts: string) => fake.thread(channel, ts).filter((m) => m.ts !== ts && ours(m));
const textOf = (m: { text: string; blocks?: unknown }) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;

describe('a reminder in the notice’s thread, mentioning each contact, when no answer has come', () => {
  it('sets the scene: four customers, their notices out on 2026-11-11 and 11-26, one answered', async () => {
    const records = jsonl(
      customer('rem', 'C0REM', ['U0ALICE', 'U0BOB']),
      contract('rem-www', 'rem'),
      customer('ans', 'C0ANS', ['U0CAROL']),
      contract('ans-www', 'ans'),
      customer('lone', 'C0LONE', [], 'en'),
      contract('lone-www', 'lone'),
      customer('byo', 'C0BYO', ['U0DAVE']),
      contract('byo-www', 'byo', 'bring-your-own'),
    );
    await run(['import', tempFile(records, '.jsonl')], env(t, '2026-10-01T10:00+09:00'));
    expect((await sweep('2026-11-11T09:00+09:00')).steps).toEqual({ notice: 4 });
    await run(['answer', '--contract', 'ans-www', '--answer', 'renew'], env(t, '2026-11-20T10:00+09:00'));
    expect((await sweep('2026-11-26T09:00+09:00')).steps).toEqual({ notice: 3 });
  });

  it('nothing at 08:59 JST three days before the deadline', async () => {
    expect((await sweep('2026-12-08T08:59+09:00')).steps).toEqual({});
    expect(repliesTo('C0REM', firstNotice('C0REM').ts)).toHaveLength(0);
  });

  it('sweep --dry-run lists the reminders due, with the deadline, and sends nothing', async () => {
    const r = await sweep('2026-12-08T09:00+09:00', '--dry-run');
    expect(r.steps).toEqual({ remind: 3 });
    expect(r.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contractId: 'rem-www', step: 'remind', detail: '2026-12-11' }),
      ]),
    );
    expect(repliesTo('C0REM', firstNotice('C0REM').ts)).toHaveLength(0);
  });

  it('at 09:00 JST: a reply in the first notice’s thread mentioning every contact, with the deadline and how to answer', async () => {
    const r = await sweep('2026-12-08T09:00+09:00');
    expect(r.steps).toEqual({ remind: 3 });
    const notice = firstNotice('C0REM');
    const [reminder, ...more] = repliesTo('C0REM', notice.ts);
    expect(more).toHaveLength(0);
    expect(reminder!.thread_ts).toBe(notice.ts);
    // The message's text (what notifications show) and its blocks both mention each contact.
    expect(reminder!.text).toContain('<@U0ALICE>');
    expect(reminder!.text).toContain('<@U0BOB>');
    const text = textOf(reminder!);
    expect(JSON.stringify(reminder!.blocks)).toContain('<@U0ALICE> <@U0BOB>');
    expect(text).toContain('rem-www.example');
    expect(text).toContain('2026-12-11 (令和8年12月11日)');
    expect(text).toContain('みなし更新');
    expect(text).toContain('上のご案内の「更新する」「更新しない」ボタン');
    expect(text).not.toContain('<@U0CAROL>');
    // A reply, not a message of the channel: its history holds only the two notices.
    const top = fake.messagesIn('C0REM').filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
    expect(top.filter(ours).map((m) => isNotice(m))).toEqual([true, true]);
  });

  it('records when, and threads the message under the first notice’s message (reply_to)', async () => {
    const [row] = await t.db.db.select().from(outbox).where(eq(outbox.view, 'renewal-reminder')).limit(1);
    const reminders = await t.db.db.select().from(outbox).where(eq(outbox.view, 'renewal-reminder'));
    expect(reminders).toHaveLength(3);
    const [parent] = await t.db.db.select().from(outbox).where(eq(outbox.id, row!.replyTo!));
    expect(parent).toMatchObject({ view: 'renewal-notice', status: 'sent', updates: null });
    const [notice] = await t.db.db
      .select()
      .from(renewalNotices)
      .where(eq(renewalNotices.id, Number(parent!.key.slice('notice:'.length))));
    expect(notice).toMatchObject({ noticeDays: 60, slackTs: parent!.slackTs });
    expect(row).toMatchObject({ status: 'sent', key: `reminder:${notice!.cycleId}` });
    const [cycle] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.id, notice!.cycleId));
    expect(cycle!.remindedAt).toEqual(new Date('2026-12-08T00:00:00Z'));
  });

  it('a customer with no contacts: the reminder mentions no one and still says the deadline, in its language', async () => {
    const [reminder] = repliesTo('C0LONE', firstNotice('C0LONE').ts);
    const text = textOf(reminder!);
    expect(text).not.toContain('<@');
    expect(text).toContain('2026-12-11');
    expect(text).toContain('lone-www.example');
    expect(text).toContain('button on the notice above, or reply');
  });

  it('category III: the reminder says there is no default renewal', async () => {
    const [reminder] = repliesTo('C0BYO', firstNotice('C0BYO').ts);
    const text = textOf(reminder!);
    expect(text).toContain('<@U0DAVE>');
    expect(text).toContain('自動更新はなく');
    expect(text).not.toContain('みなし更新');
  });

  it('none when the answer came first', async () => {
    expect(fake.messagesIn('C0ANS').filter((m) => ours(m) && !isNotice(m))).toHaveLength(0);
  });

  it('none twice: later sweeps, the last notice and the deadline add no reminder', async () => {
    expect((await sweep('2026-12-08T09:05+09:00')).steps).toEqual({});
    expect((await sweep('2026-12-10T09:00+09:00')).steps).toEqual({ notice: 3 });
    expect((await sweep('2026-12-12T00:00+09:00')).steps).toMatchObject({ deadline: 4 });
    expect(repliesTo('C0REM', firstNotice('C0REM').ts)).toHaveLength(1);
    expect(await t.db.db.select().from(outbox).where(eq(outbox.view, 'renewal-reminder'))).toHaveLength(3);
  });
});

describe('CERTDESK_REMINDER_DAYS=5, and a reminder posted once by an attempt that died before recording it', () => {
  const env5 = (now: string, extra: Record<string, string> = {}) =>
    env(t5, now, { CERTDESK_REMINDER_DAYS: '5', ...extra });
  let reminderId: number;

  it('comes five days before the deadline, 2026-12-06 at 09:00 JST', async () => {
    await run(
      ['import', tempFile(jsonl(customer('early', 'C0EARLY', ['U0ERIN']), contract('early-www', 'early')), '.jsonl')],
      env5('2026-10-01T10:00+09:00'),
    );
    expect((await run(['sweep'], env5('2026-11-11T09:00+09:00'))).steps).toEqual({ notice: 1 });
    expect((await run(['sweep'], env5('2026-11-26T09:00+09:00'))).steps).toEqual({ notice: 1 });
    expect((await run(['sweep'], env5('2026-12-06T08:59+09:00'))).steps).toEqual({});
    // No Slack token: the reminder is decided and waits in the outbox.
    const r = await run(['sweep'], env5('2026-12-06T09:00+09:00', { SLACK_BOT_TOKEN: '' }));
    expect(r.steps).toEqual({ remind: 1 });
    const [row] = await t5.db.db.select().from(outbox).where(eq(outbox.view, 'renewal-reminder'));
    expect(row).toMatchObject({ status: 'pending', attempts: 0, key: expect.stringMatching(/^reminder:/) });
    reminderId = row!.id;
  });

  it('Slack takes the reply but the worker dies before recording it: the next attempt finds it in the thread', async () => {
    const config = loadConfig({ SLACK_API_URL: fake.apiUrl, CERTDESK_STAFF_CHANNEL: 'C0STAFF' });
    const now = new Date('2026-12-06T00:01:00Z');
    fake.delayResponse('chat.postMessage', 1_000);
    const impatient = new WebClient('xoxb-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      timeout: 200,
    });
    await expect(deliverMessage({ database: t5.db, slack: impatient, config }, reminderId, now)).rejects.toThrow();
    fake.delayResponse('chat.postMessage', 0);
    const notice = firstNotice('C0EARLY');
    expect(repliesTo('C0EARLY', notice.ts)).toHaveLength(1);
    const slack = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const later = new Date(now.getTime() + 60_000);
    expect(await deliverMessage({ database: t5.db, slack, config }, reminderId, later)).toBe('found');
    const [reminder, ...more] = repliesTo('C0EARLY', notice.ts);
    expect(more).toHaveLength(0);
    expect(reminder!.text).toContain('<@U0ERIN>');
    const [after] = await t5.db.db.select().from(outbox).where(eq(outbox.id, reminderId));
    expect(after).toMatchObject({ status: 'sent', attempts: 1, slackTs: reminder!.ts, slackChannel: 'C0EARLY' });
    expect((await run(['sweep'], env5('2026-12-06T09:10+09:00'))).steps).toEqual({});
    expect(repliesTo('C0EARLY', notice.ts)).toHaveLength(1);
  });

  it('a reply waits for the message it answers; one whose parent was never posted goes on its own', async () => {
    const db: TestDatabase = t5.db;
    const config = loadConfig({ SLACK_API_URL: fake.apiUrl, CERTDESK_STAFF_CHANNEL: 'C0STAFF' });
    const slack = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const now = new Date('2026-12-06T01:00:00Z');
    const [first] = await db.db.select().from(outbox).where(eq(outbox.id, reminderId));
    const parentId = (await alertStaff(db.db, 'parent-of-reply', { kind: 'no-channel', contractId: null }, now))!;
    const replyId = (await enqueueMessage(
      db.db,
      {
        ...first!,
        key: 'reply-test',
        view: 'renewal-reminder',
        data: first!.data as Record<string, unknown>,
        replyTo: parentId,
      },
      now,
    ))!;
    expect(await deliverMessage({ database: db, slack, config }, replyId, now)).toBe('waiting');
    await db.db.update(outbox).set({ status: 'failed' }).where(eq(outbox.id, parentId));
    expect(await deliverMessage({ database: db, slack, config }, replyId, now)).toBe('sent');
    const [row] = await db.db.select().from(outbox).where(eq(outbox.id, replyId));
    const posted = fake.message('C0EARLY', row!.slackTs!);
    expect(posted?.thread_ts).toBeUndefined();
    expect(textOf(posted!)).toContain('更新のご案内の「更新する」「更新しない」ボタン');
  });
});
