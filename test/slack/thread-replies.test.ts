// Answers typed in a renewal notice's thread (Art. 6): as Slack sends them, including "Also send
// to #channel", and each message recorded once whatever delivery brings it.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { renewalAnswers, renewalCycles } from '../../src/db/schema.js';
import { jsonl } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import type { FakeSlack } from '../support/slack/fake-slack.js';
import { useServedApp } from '../support/slack/served-app.js';
import { eventCallback } from '../support/slack/requests.js';

const t = useFreshDatabase();
const NOW = '2026-11-11T09:00+09:00';
const ALICE = 'U0ALICE';
const ACME = 'C0ACME';

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    { type: 'customer', id: 'acme', name: 'ACME株式会社', country: 'JP', channel: ACME, contacts: [ALICE] },
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
    { type: 'staff', slackUserId: 'U0STAFF', name: '山田 花子' },
  ),
  secret: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  redisUrl: testRedisUrl(15),
  now: NOW,
  staffChannel: 'C0STAFF',
  users: { [ALICE]: { locale: 'ja-JP' } },
});
let fake: FakeSlack;
let notice: { ts: string };
let cycleId: number;
beforeAll(async () => {
  fake = app.fake;
  notice = await app.until('the notice', () =>
    fake
      .messagesIn(ACME)
      .find((m) => m.metadata?.event_type === 'certdesk_outbox' && JSON.stringify(m.blocks).includes('renewal:renew')),
  );
  cycleId = (await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'acme-www')))[0]!.id;
});

const answers = () =>
  t.db.db
    .select()
    .from(renewalAnswers)
    .where(and(eq(renewalAnswers.cycleId, cycleId), eq(renewalAnswers.accepted, true)));

/** A reply in the notice's thread as Slack's message event carries it. */
function replyEvent(text: string, opts: { broadcast?: boolean } = {}) {
  const stored = fake.addMessage(ACME, {
    text,
    user: ALICE,
    thread_ts: notice.ts,
    ...(opts.broadcast ? { subtype: 'thread_broadcast' } : {}),
  });
  return {
    type: 'message',
    ...(opts.broadcast
      ? { subtype: 'thread_broadcast', root: { type: 'message', ts: notice.ts, thread_ts: notice.ts, reply_count: 1 } }
      : {}),
    channel: ACME,
    user: ALICE,
    text,
    ts: stored.ts,
    thread_ts: notice.ts,
    channel_type: 'channel',
    event_ts: stored.ts,
  };
}

describe('a reply also sent to the channel (thread_broadcast) is an answer like any thread reply (Art. 6)', () => {
  it('「更新しない」 sent with "Also send to #channel" records the answer and gets its reaction', async () => {
    const event = replyEvent('更新しない', { broadcast: true });
    expect((await app.send('event', eventCallback(event))).status).toBe(200);
    const answer = await app.until('the answer', async () => (await answers())[0]);
    expect(answer).toMatchObject({ answer: 'dont-renew', via: 'thread', answeredBy: ALICE });
    await app.until('the reaction', () =>
      fake.calls.some((c) => c.method === 'reactions.add' && c.args.timestamp === event.ts),
    );
  });
});

describe('one message is one answer, whatever delivery brings it', () => {
  it('the same message under a new event id is recorded once', async () => {
    const before = (await answers()).length;
    const event = replyEvent('更新します');
    await app.send('event', eventCallback(event));
    await app.until('the answer', async () => (await answers()).length === before + 1);
    // Slack (or anyone holding an old delivery) sends the same message again with a fresh event id.
    expect((await app.send('event', eventCallback(event))).status).toBe(200);
    await app.send('event', eventCallback({ ...event, subtype: 'thread_broadcast' }));
    await new Promise((r) => setTimeout(r, 800));
    expect(await answers()).toHaveLength(before + 1);
    expect(fake.calls.filter((c) => c.method === 'reactions.add' && c.args.timestamp === event.ts)).toHaveLength(1);
  });
});
