// One message per customer and time (Art. 6(1)): a customer with 40 contracts whose notices go out
// the same day gets them listed in a few messages within Block Kit's limits (a dozen contracts
// each), every contract with its own buttons; an answer redraws the message with that contract's
// answer and the others as they were; a reply in the thread names its contract. `certdesk serve`
// with its workers, a fake Slack over HTTP, the real PostgreSQL and Redis.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { outbox, renewalAnswers, renewalCycles, renewalNotices } from '../../src/db/schema.js';
import { blockKitViolations } from '../../src/slack/block-kit-limits.js';
import { NOTICES_PER_MESSAGE } from '../../src/slack/views/renewal.js';
import { jsonl } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import type { FakeSlack } from '../support/slack/fake-slack.js';
import { blockActions, eventCallback } from '../support/slack/requests.js';
import { useServedApp } from '../support/slack/served-app.js';

const t = useFreshDatabase();
const NOW = '2026-11-11T09:00+09:00';
const ALICE = 'U0ALICE';
const MANY = 'C0MANY';
const ONE = 'C0ONE';
const COUNT = 40;

/** Its term ends on 2027-01-10 (JST): the first notice goes out on 2026-11-11. */
const contract = (id: string, customer: string) => ({
  type: 'contract',
  id,
  customer,
  item: 'quick-ssl',
  term: '1y',
  commonName: `${id}.example`,
  notBefore: '2026-01-11T00:00:00+09:00',
  notAfter: '2027-01-10T23:59:59+09:00',
});
const many = Array.from({ length: COUNT }, (_, i) => `many-${String(i + 1).padStart(2, '0')}`);

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    { type: 'customer', id: 'many', name: '多数株式会社', country: 'JP', channel: MANY, contacts: [ALICE] },
    ...many.map((id) => contract(id, 'many')),
    { type: 'customer', id: 'one', name: 'One Ltd', country: 'JP', channel: ONE, contacts: ['U0BOB'] },
    contract('one-www', 'one'),
  ),
  secret: '5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d',
  redisUrl: testRedisUrl(14),
  now: NOW,
  staffChannel: 'C0STAFF',
  users: { [ALICE]: { locale: 'ja-JP' }, U0BOB: { locale: 'en-US' } },
});

let fake: FakeSlack;
type Posted = ReturnType<FakeSlack['messagesIn']>[number];
const ours = (m: Posted) => m.metadata?.event_type === 'certdesk_outbox' && m.thread_ts === undefined;
const blocksOf = (m: Posted) => (m.blocks ?? []) as { type: string; block_id?: string; elements?: unknown[] }[];
/** The notice messages of the customer with many contracts, as they stand now. */
const noticeMessages = () => fake.messagesIn(MANY).filter(ours);
let cycleOf: Map<string, number>;

beforeAll(async () => {
  fake = app.fake;
  await app.until(
    'every notice recorded as sent',
    async () => {
      const rows = await t.db.db.select().from(outbox).where(eq(outbox.view, 'renewal-notice'));
      return rows.length === COUNT + 1 && rows.every((r) => r.status === 'sent');
    },
    60_000,
  );
  const cycles = await t.db.db
    .select({ id: renewalCycles.id, contractId: renewalCycles.contractId })
    .from(renewalCycles)
    .where(inArray(renewalCycles.contractId, [...many, 'one-www']));
  cycleOf = new Map(cycles.map((c) => [c.contractId, c.id]));
}, 90_000);

describe('a customer’s notices of one day go out together (Art. 6(1))', () => {
  it(`40 contracts make ${Math.ceil(COUNT / NOTICES_PER_MESSAGE)} messages, each within Block Kit’s limits`, () => {
    const messages = noticeMessages();
    expect(messages).toHaveLength(Math.ceil(COUNT / NOTICES_PER_MESSAGE));
    for (const m of messages) {
      expect(blocksOf(m).length).toBeLessThanOrEqual(50);
      expect(blockKitViolations('message', { text: m.text, blocks: m.blocks })).toEqual([]);
      expect(m.text).toMatch(/^更新のご案内（\d+件）$/);
    }
    // Every contract is in exactly one message, with its own buttons.
    const listed = messages.flatMap((m) =>
      blocksOf(m)
        .filter((b) => b.type === 'actions')
        .map((b) => b.block_id),
    );
    expect(listed.sort()).toEqual(many.map((id) => `renewal:${cycleOf.get(id)}`).sort());
  });

  it('each notice is recorded as delivered with the message that listed it: its proof of notice', async () => {
    const notices = await t.db.db
      .select({ contractId: renewalCycles.contractId, ts: renewalNotices.slackTs, sentAt: renewalNotices.sentAt })
      .from(renewalNotices)
      .innerJoin(renewalCycles, eq(renewalCycles.id, renewalNotices.cycleId))
      .where(inArray(renewalCycles.contractId, many));
    expect(notices).toHaveLength(COUNT);
    const messageTs = new Set(noticeMessages().map((m) => m.ts));
    for (const n of notices) {
      expect(n.sentAt).not.toBeNull();
      expect(messageTs.has(n.ts!)).toBe(true);
    }
  });

  it('a customer with one contract due still gets a notice of its own', () => {
    const [notice, ...more] = fake.messagesIn(ONE).filter(ours);
    expect(more).toEqual([]);
    expect(notice!.text).toBe('更新のご案内: one-www.example');
  });
});

describe('every button of a grouped notice answers for its own contract', () => {
  const click = (id: string, actionId: 'renewal:renew' | 'renewal:decline') => {
    const cycleId = cycleOf.get(id)!;
    const message = noticeMessages().find((m) => blocksOf(m).some((b) => b.block_id === `renewal:${cycleId}`))!;
    return app.send(
      'interactive',
      blockActions({
        actions: { actionId, blockId: `renewal:${cycleId}`, value: String(cycleId) },
        userId: ALICE,
        channelId: MANY,
        messageTs: message.ts,
        responseUrl: fake.responseUrl({ channel: MANY, user: ALICE }),
      }),
    );
  };
  const answers = () =>
    t.db.db
      .select({ contractId: renewalCycles.contractId, answer: renewalAnswers.answer })
      .from(renewalAnswers)
      .innerJoin(renewalCycles, eq(renewalCycles.id, renewalAnswers.cycleId))
      .where(eq(renewalAnswers.accepted, true));
  /** The part of the notices that tells of one contract: its section's text. */
  const partOf = (id: string) => {
    for (const m of noticeMessages())
      for (const b of blocksOf(m) as { block_id?: string; text?: { text: string } }[])
        if (b.block_id === `notice:${cycleOf.get(id)}`) return b.text!.text;
    return undefined;
  };

  it('the 40 buttons clicked, each contract’s answer is recorded and shown in its own part', async () => {
    const expected = new Map(many.map((id, i) => [id, i % 3 === 0 ? 'dont-renew' : 'renew']));
    for (const id of many) {
      const r = await click(id, expected.get(id) === 'renew' ? 'renewal:renew' : 'renewal:decline');
      expect(r.status).toBe(200);
    }
    await app.until('40 answers', async () => (await answers()).length === COUNT, 30_000);
    expect(new Map((await answers()).map((a) => [a.contractId, a.answer]))).toEqual(expected);
    await app.until(
      'every part redrawn with its answer',
      () => many.every((id) => partOf(id)?.includes(`<@${ALICE}>`)),
      30_000,
    );
    for (const id of many)
      expect(partOf(id)).toContain(expected.get(id) === 'renew' ? '回答: *更新する*' : '回答: *更新しない*');
    // Redrawn in place: still the same messages, still within the limits.
    for (const m of noticeMessages())
      expect(blockKitViolations('message', { text: m.text, blocks: m.blocks })).toEqual([]);
    expect(noticeMessages()).toHaveLength(Math.ceil(COUNT / NOTICES_PER_MESSAGE));
  });
});

describe('a reply in a grouped notice’s thread names its contract', () => {
  const reply = async (text: string, threadTs: string) => {
    const stored = fake.addMessage(MANY, { text, user: ALICE, thread_ts: threadTs });
    const event = {
      type: 'message',
      channel: MANY,
      user: ALICE,
      text,
      ts: stored.ts,
      thread_ts: threadTs,
      channel_type: 'channel',
      event_ts: stored.ts,
    };
    expect((await app.send('event', eventCallback(event))).status).toBe(200);
    return event;
  };
  /** The answer in force for a contract: its latest accepted one. */
  const answerOf = async (id: string) => {
    const [latest] = await t.db.db
      .select({ answer: renewalAnswers.answer })
      .from(renewalAnswers)
      .where(and(eq(renewalAnswers.cycleId, cycleOf.get(id)!), eq(renewalAnswers.accepted, true)))
      .orderBy(desc(renewalAnswers.id))
      .limit(1);
    return latest?.answer;
  };

  it('「更新しない many-02.example」 answers for many-02 alone, and gets its reaction', async () => {
    const first = noticeMessages().find((m) =>
      blocksOf(m).some((b) => b.block_id === `renewal:${cycleOf.get('many-02')}`),
    )!;
    expect(await answerOf('many-02')).toBe('renew');
    const event = await reply('更新しない many-02.example', first.ts);
    await app.until('many-02 declined', async () => (await answerOf('many-02')) === 'dont-renew');
    await app.until('the reaction', () =>
      fake.calls.some((c) => c.method === 'reactions.add' && c.args.timestamp === event.ts),
    );
    expect(await answerOf('many-03')).toBe('renew');
  });

  it('「更新しない」 alone is not read as an answer for all: the contact is asked which contract', async () => {
    const first = noticeMessages()[0]!;
    const before = await t.db.db.select().from(renewalAnswers);
    await reply('更新しない', first.ts);
    const asked = await app.until('the question back', () =>
      fake.calls.find((c) => c.method === 'chat.postEphemeral' && String(c.args.text).includes('どの契約へのご回答か')),
    );
    // It lists the contracts of that message, by their common names.
    const listedThere = blocksOf(first)
      .filter((b) => b.type === 'actions')
      .map((b) => [...cycleOf].find(([, cycle]) => `renewal:${cycle}` === b.block_id)![0]);
    expect(listedThere.length).toBeGreaterThan(1);
    for (const id of listedThere) expect(String(asked.args.text)).toContain(`${id}.example`);
    expect(await t.db.db.select().from(renewalAnswers)).toHaveLength(before.length);
  });
});
