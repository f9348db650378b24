// `certdesk sweep` delivers as the workers do: several messages at once (the Slack worker's
// concurrency), each channel at Slack's pace (README, CERTDESK_SLACK_CHANNEL_PACE_MS), through the
// same delivery code; its exit code and summary are those of a sweep that posts one at a time.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_CONCURRENCY } from '../../jobs/work.js';
import { SLACK_CHANNEL_PACE } from '../../src/config.js';
import { outbox } from '../../src/db/schema.js';
import { alertStaff } from '../../src/services/outbox.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

/** Every contract imported here owes its first notice at this instant. */
const DUE = '2026-11-11T09:00+09:00';

const env = (extra: Record<string, string> = {}) => ({
  ...t.env,
  CERTDESK_NOW: DUE,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: fake.apiUrl,
  ...extra,
});

/** A customer with its own channel and `n` contracts whose first notice is due at DUE. */
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

async function importRecords(records: object[]): Promise<void> {
  const r = await certdesk(['import', tempFile(jsonl(...records), '.jsonl')], {
    ...t.env,
    CERTDESK_NOW: '2026-10-01T10:00+09:00',
  });
  expect(r.code).toBe(0);
}

const posts = () => fake.callsOf('chat.postMessage').filter((c) => c.status === 200);
const postsTo = (channel: string) => posts().filter((c) => c.args.channel === channel);

describe('certdesk sweep delivers as the workers do', () => {
  it("several messages at once, up to the Slack worker's concurrency; the same exit code and summary", async () => {
    const channels = Array.from({ length: 24 }, (_, i) => `C0WIDE${i}`);
    await importRecords(channels.flatMap((c, i) => customer(`wide${i}`, c, 1)));
    // Slack takes its time with each post: one at a time, 24 would take 24 × 300 ms.
    fake.delay('chat.postMessage', 300);
    const r = await certdesk(['sweep', '--json'], env());
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ steps: { notice: 24 }, messages: { sent: 24 }, undelivered: 0, failures: [] });
    for (const c of channels) expect(postsTo(c), c).toHaveLength(1);
    // In flight at once: the posts that arrived while each one was still being answered.
    const at = posts().map((c) => c.at);
    const overlapping = Math.max(...at.map((a) => at.filter((b) => b >= a && b < a + 300).length));
    expect(overlapping).toBeGreaterThanOrEqual(4);
    expect(overlapping).toBeLessThanOrEqual(DELIVERY_CONCURRENCY);
    expect(Math.max(...at) - Math.min(...at)).toBeLessThan((24 * 300) / 2);
  });

  it("a customer's 30 notices of the day go out in three messages, each notice reported and recorded as sent", async () => {
    await importRecords(customer('grouped', 'C0GROUPED', 30));
    const r = await certdesk(['sweep', '--json'], env());
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ steps: { notice: 30 }, messages: { sent: 30 }, undelivered: 0, failures: [] });
    const messages = postsTo('C0GROUPED');
    expect(messages.map((c) => c.args.text).sort()).toEqual([
      '更新のご案内（12件）',
      '更新のご案内（12件）',
      '更新のご案内（6件）',
    ]);
    const rows = await t.db.db.select().from(outbox).where(eq(outbox.channel, 'C0GROUPED'));
    expect(rows).toHaveLength(30);
    expect(rows.every((row) => row.status === 'sent' && row.slackTs !== null)).toBe(true);
    expect(new Set(rows.map((row) => row.slackTs)).size).toBe(3);
  });

  it('a 429 is waited out for its Retry-After, without spending a try', async () => {
    await importRecords(customer('limited', 'C0LIMITED', 1));
    fake.rateLimit('chat.postMessage', { times: 1, retryAfterSeconds: 1 });
    const r = await certdesk(['sweep', '--json'], env());
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ steps: { notice: 1 }, messages: { sent: 1 }, undelivered: 0, failures: [] });
    const [refused, ...rest] = fake.callsOf('chat.postMessage').map((c) => ({ at: c.at, status: c.status }));
    expect(refused!.status).toBe(429);
    expect(rest.map((c) => c.status)).toEqual([200]);
    expect(rest[0]!.at - refused!.at).toBeGreaterThanOrEqual(1_000);
    const [row] = await t.db.db.select().from(outbox).where(eq(outbox.slackChannel, 'C0LIMITED'));
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it("200 messages to one channel at its pace while another channel's notice goes out at once", async () => {
    // A customer's notices of a day go out in one message (src/services/notice-groups.ts): the 200
    // messages of one channel here are staff alerts, ahead of the calm channel's notice in the outbox.
    for (let i = 0; i < 200; i++)
      await alertStaff(t.db.db, `pace-${i}`, { kind: 'no-channel', contractId: null }, new Date('2026-11-11T00:00Z'));
    await importRecords(customer('calm', 'C0CALM', 1));
    // The pace made short (50 ms) so that the sweep delivers all 200 in a few seconds.
    const pace = 50;
    const r = await certdesk(
      ['sweep', '--json'],
      env({ CERTDESK_SLACK_CHANNEL_PACE_MS: String(pace), CERTDESK_STAFF_CHANNEL: 'C0BUSY' }),
    );
    expect(r.code).toBe(0);
    // The day's staff digest goes to the busy channel too.
    const digest = r.json.digest ? 1 : 0;
    expect(r.json).toMatchObject({
      steps: { notice: 1 },
      messages: { sent: 201 + digest },
      undelivered: 0,
      failures: [],
    });
    const busy = postsTo('C0BUSY').map((c) => c.at);
    const [calm] = postsTo('C0CALM').map((c) => c.at);
    expect(busy).toHaveLength(200 + digest);
    // The calm channel's notice, last in the outbox, waited for none of the 200 ahead of it.
    expect(calm! - busy[0]!).toBeLessThan(2_000);
    // The busy channel: a burst, then one a pace apart on average (each as much as the post's own
    // time to reach Slack varies).
    const { burst } = SLACK_CHANNEL_PACE;
    for (let i = burst; i < busy.length; i++)
      expect(busy[i]! - busy[0]!, `post ${i}`).toBeGreaterThanOrEqual((i - burst + 1) * pace - 250);
    const paced = busy.slice(burst - 1);
    expect((paced.at(-1)! - paced[0]!) / (paced.length - 1)).toBeGreaterThanOrEqual(pace * 0.9);
  });
});
