// The scheduler through `certdesk sweep --as-of` : notices, the reply deadline, default
// renewals with their fees, category III lapses, endings and abolitions, each on its day, against
// the real PostgreSQL and a fake Slack answering over HTTP.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, renewalNotices } from '../../src/db/schema.js';
import { addDays, toBusinessDate } from '../../src/domain/dates.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'], users: { U0ALICE: { locale: 'ja-JP' } } });
});
afterAll(() => fake.close());

const env = (now: string, extra: Record<string, string> = {}) => ({
  ...t.env,
  CERTDESK_NOW: now,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: fake.apiUrl,
  CERTDESK_STAFF_CHANNEL: 'C0STAFF',
  ...extra,
});
const sweep = async (now: string, ...flags: string[]) => {
  const r = await certdesk(['sweep', '--json', ...flags], env(now));
  if (r.code !== 0) throw new Error(`sweep at ${now} exited ${r.code}: ${r.stdout}${r.stderr}`);
  return r.json;
};
const contractOf = async (id: string) =>
  ((await certdesk(['contracts', '--json'], env('2026-11-01T00:00+09:00'))).json as { id: string }[]).find(
    (c) => c.id === id,
  ) as Record<string, unknown>;

const customer = (id: string, channel: string) => ({
  type: 'customer',
  id,
  name: `${id} 株式会社`,
  country: 'JP',
  channel,
  contacts: ['U0ALICE'],
});
/** A contract whose term ends on 2027-01-10 (JST): notices 2026-11-11, 11-26, 12-10; deadline 12-11. */
const contract = (id: string, customerId: string, item = 'quick-ssl', extra: object = {}) => ({
  type: 'contract',
  id,
  customer: customerId,
  item,
  term: '1y',
  commonName: `${id}.example`,
  notBefore: '2026-01-11T00:00:00+09:00',
  notAfter: '2027-01-10T23:59:59+09:00',
  ...extra,
});
const noticesIn = (channel: string) =>
  fake
    .messagesIn(channel)
    .filter((m) => m.metadata?.event_type === 'certdesk_outbox' && /更新のご案内|Renewal notice/.test(m.text));

describe('Art. 6(1): notices 60, 45 and 31 days before expiry, at 09:00 JST and not before', () => {
  it('sets the scene', async () => {
    const r = await certdesk(
      [
        'import',
        tempFile(
          jsonl(
            customer('one', 'C0ONE'),
            contract('one-www', 'one'),
            customer('three', 'C0THREE'),
            contract('three-byo', 'three', 'bring-your-own'),
            customer('two', 'C0TWO'),
            contract('two-www', 'two', 'corporate-ssl'),
            customer('four', 'C0FOUR'),
            contract('four-www', 'four', 'global-server-id'),
            customer('five', 'C0FIVE'),
            contract('five-www', 'five', 'sureserver-ev-cloud'),
          ),
          '.jsonl',
        ),
      ],
      env('2026-10-01T10:00+09:00'),
    );
    expect(r.code).toBe(0);
  });

  it('no notice at 08:59 JST on the 60th day before expiry', async () => {
    const r = await sweep('2026-11-11T08:59+09:00');
    expect(r.steps).toEqual({});
    expect(noticesIn('C0ONE')).toHaveLength(0);
  });

  it('the first notice at 09:00 JST, in the customer’s channel, with the reply deadline and both buttons', async () => {
    const r = await sweep('2026-11-11T09:00+09:00');
    expect(r.steps).toEqual({ notice: 5 });
    // Five notices, and the staff digest of the day (due from the notice hour).
    expect(r).toMatchObject({ digest: true, messages: { sent: 6 } });
    const [notice] = noticesIn('C0ONE');
    expect(notice!.text).toContain('one-www.example');
    const blocks = JSON.stringify(notice!.blocks);
    expect(blocks).toContain('2026-12-11');
    expect(blocks).toContain('renewal:renew');
    expect(blocks).toContain('renewal:decline');
    expect(blocks).toContain('みなし更新');
    expect(await contractOf('one-www')).toMatchObject({ noticesSent: 1, replyDeadline: '2026-12-11' });
  });

  it('a second sweep at the same instant does nothing', async () => {
    const r = await sweep('2026-11-11T09:05+09:00');
    expect(r.steps).toEqual({});
    expect(noticesIn('C0ONE')).toHaveLength(1);
  });

  it('the category III notice says there is no default renewal, and the 90-day rule', async () => {
    const [notice] = noticesIn('C0THREE');
    const text = JSON.stringify(notice!.blocks);
    expect(text).toContain('自動更新はなく');
    expect(text).toContain('90日以内');
  });

  it('reminders 45 and 31 days before, then no more', async () => {
    await sweep('2026-11-26T09:00+09:00');
    await sweep('2026-12-10T09:00+09:00');
    expect(noticesIn('C0ONE')).toHaveLength(3);
    expect(await contractOf('one-www')).toMatchObject({ noticesSent: 3, replyDeadline: '2026-12-11' });
  });
});

describe('Art. 9(1): "don\'t renew" ends the contract on the expiry date', () => {
  it('an answer recorded for the customer before the deadline sets the end; no default renewal follows', async () => {
    const r = await certdesk(
      ['answer', '--contract', 'four-www', '--answer', 'dont-renew', '--json'],
      env('2026-12-01T10:00+09:00'),
    );
    expect(r).toMatchObject({ code: 0, json: { kind: 'recorded' } });
    expect(await contractOf('four-www')).toMatchObject({
      renewalDecision: 'dont-renew',
      endDate: '2027-01-10',
      endReason: 'not-renewed',
    });
    // The notices say who answered and what.
    await sweep('2026-12-01T10:01+09:00');
    const [first] = noticesIn('C0FOUR');
    expect(JSON.stringify(fake.message('C0FOUR', first!.ts)!.blocks)).toContain('更新しない');
  });
});

describe('Art. 8: an abolition tells the customers and ends the contracts on its day', () => {
  it('the customer is told at once; the contract ends on the abolition date', async () => {
    const r = await certdesk(
      ['abolish', '--item', 'sureserver-ev-cloud', '--from', '2026-12-20'],
      env('2026-12-01T10:00+09:00'),
    );
    expect(r.code).toBe(0);
    await sweep('2026-12-01T10:02+09:00');
    const told = fake.messagesIn('C0FIVE').find((m) => /廃止/.test(m.text));
    expect(JSON.stringify(told!.blocks)).toContain('2026-12-20');
    expect(await contractOf('five-www')).toMatchObject({
      status: 'active',
      endDate: '2026-12-20',
      endReason: 'abolished',
    });
  });
});

describe('Art. 6(2): the default renewal of categories I and II, with its fees on the day Art. 10 says', () => {
  it('nothing happens until the end of the deadline day (JST)', async () => {
    const r = await sweep('2026-12-11T23:59+09:00');
    expect(r.outcomes).toEqual({});
  });

  it('the day after the deadline: default renewal recorded, fees accrue that day, and the channel is told', async () => {
    const r = await sweep('2026-12-12T00:00+09:00');
    expect(r.outcomes).toEqual({ 'default-renewed': 2, lapsed: 1, ended: 1 });
    expect(await contractOf('one-www')).toMatchObject({ renewalDecision: 'default-renew', status: 'active' });
    const ledger = (await certdesk(['ledger', '--contract', 'one-www', '--json'], env('2026-12-12T01:00+09:00'))).json;
    expect(ledger).toEqual([
      expect.objectContaining({
        kind: 'certificate',
        amount: 34_800,
        accruedOn: '2026-12-12',
        article: 'Art. 10, Art. 6(2); Appendix 1 §1',
      }),
      expect.objectContaining({
        kind: 'agency',
        amount: 25_000,
        accruedOn: '2026-12-12',
        article: 'Art. 10, Art. 6(2); Appendix 1 §3',
      }),
    ]);
    const told = fake.messagesIn('C0ONE').find((m) => /更新を記録しました/.test(m.text));
    expect(JSON.stringify(told!.blocks)).toContain(
      '回答期限の 2026-12-11 (令和8年12月11日) までにご回答がなかったため',
    );
    expect(JSON.stringify(told!.blocks)).toContain('¥59,800');
  });

  it('the notices show the outcome instead of their buttons', async () => {
    for (const n of noticesIn('C0ONE')) {
      const text = JSON.stringify(fake.message('C0ONE', n.ts)!.blocks);
      expect(text).not.toContain('renewal:renew');
      expect(text).toContain('みなし更新');
    }
  });

  it('the renewed term begins the day after expiry, and its own notices follow a year later', async () => {
    await sweep('2027-01-11T00:00+09:00');
    expect(await contractOf('one-www')).toMatchObject({
      status: 'active',
      startsOn: '2027-01-11',
      expiryDate: '2028-01-10',
      renewalDecision: null,
      noticesSent: 0,
    });
    expect(
      (await certdesk(['ledger', '--contract', 'one-www', '--json'], env('2027-01-11T01:00+09:00'))).json,
    ).toHaveLength(2);
  });
});

describe('Art. 6(3): category III has no default renewal and lapses on its expiry date', () => {
  it('staff were alerted at the deadline, and the contract ends on the expiry date', async () => {
    const alert = fake.messagesIn('C0STAFF').find((m) => m.text.includes('three-byo'));
    expect(alert?.text).toContain('自動更新はなく');
    expect(await contractOf('three-byo')).toMatchObject({
      endDate: '2027-01-10',
      endReason: 'lapsed',
      status: 'ended',
    });
    const ended = fake.messagesIn('C0THREE').find((m) => /契約が終了しました/.test(m.text));
    expect(JSON.stringify(ended!.blocks)).toContain('2027-01-10');
  });
});

describe('Art. 9: endings on their dates', () => {
  it('the abolished and the not-renewed contracts ended on their days, each telling its channel', async () => {
    expect(await contractOf('five-www')).toMatchObject({
      status: 'ended',
      endDate: '2026-12-20',
      endReason: 'abolished',
    });
    expect(await contractOf('four-www')).toMatchObject({
      status: 'ended',
      endDate: '2027-01-10',
      endReason: 'not-renewed',
    });
    expect(fake.messagesIn('C0FOUR').some((m) => /契約が終了しました/.test(m.text))).toBe(true);
    expect(fake.messagesIn('C0FIVE').some((m) => /契約が終了しました/.test(m.text))).toBe(true);
  });

  it('a cancellation ends the contract on its effective date, in force through that day, and the channel is told', async () => {
    const c = await certdesk(
      ['cancel', '--contract', 'two-www', '--received', '2027-02-01T10:00', '--json'],
      env('2027-02-01T10:00+09:00'),
    );
    expect(c.code).toBe(0);
    expect(await contractOf('two-www')).toMatchObject({ status: 'active', endDate: '2027-03-03' });
    await sweep('2027-03-03T23:59+09:00');
    expect(await contractOf('two-www')).toMatchObject({ status: 'active' });
    const r = await sweep('2027-03-04T00:00+09:00');
    expect(r.endings).toBe(1);
    expect(await contractOf('two-www')).toMatchObject({ status: 'ended', endReason: 'cancelled' });
    expect(fake.messagesIn('C0TWO').some((m) => /契約が終了しました/.test(m.text))).toBe(true);
  });
});

describe('sweep --as-of and --dry-run', () => {
  it('a dry run lists what is due and changes nothing; without it, a later instant does its work once', async () => {
    const before = await t.db.db.select().from(outbox);
    const dry = await certdesk(
      ['sweep', '--as-of', '2027-11-11T09:00+09:00', '--dry-run', '--json'],
      env('2027-03-05T10:00+09:00'),
    );
    expect(dry.code).toBe(0);
    // one-www's renewed term ends 2028-01-10: its first notice falls due on 2027-11-11.
    expect(dry.json).toMatchObject({
      dryRun: true,
      steps: { notice: 1 },
      details: [{ contractId: 'one-www', step: 'notice', detail: '60' }],
    });
    expect(await t.db.db.select().from(outbox)).toHaveLength(before.length);
    // Without --dry-run a later instant does that work now, as the README says, and says it runs ahead.
    const future = await certdesk(
      ['sweep', '--as-of', '2027-11-11T09:00+09:00', '--json'],
      env('2027-03-05T10:00+09:00'),
    );
    expect(future).toMatchObject({ code: 0, json: { dryRun: false, steps: { notice: 1 } } });
    expect(future.stderr).toContain('is later than now');
    expect(
      (await certdesk(['sweep', '--as-of', '2027-11-11T09:00+09:00', '--json'], env('2027-03-05T10:00+09:00'))).json
        .steps,
    ).toEqual({});
  });
});

describe('the late-notice rule', () => {
  it('a contract imported inside the window gets one notice, late, with 14 days to answer', async () => {
    await certdesk(
      [
        'import',
        tempFile(
          jsonl(
            customer('late', 'C0LATE'),
            contract('late-www', 'late', 'quick-ssl', {
              notBefore: '2027-01-01T00:00:00+09:00',
              notAfter: '2028-01-05T23:59:59+09:00',
            }),
          ),
          '.jsonl',
        ),
      ],
      env('2027-12-20T08:00+09:00'),
    );
    const r = await sweep('2027-12-20T10:00+09:00');
    expect(r.details.filter((d: { contractId: string }) => d.contractId === 'late-www')).toEqual([
      expect.objectContaining({ step: 'notice', detail: '31 late' }),
    ]);
    expect(noticesIn('C0LATE')).toHaveLength(1);
    expect(await contractOf('late-www')).toMatchObject({ noticesSent: 1, replyDeadline: '2028-01-03' });
    const [row] = await t.db.db.select().from(renewalNotices).where(eq(renewalNotices.noticeDays, 31));
    expect(row).toBeDefined();
  });
});

describe('Art. 6(2): the answer that arrived last is the decision, whatever the order staff record them in', () => {
  const at = (t: string) => `2028-01-${t}+09:00`;
  const answer = (value: string, received: string, now = at('12T12:00')) =>
    certdesk(['answer', '--contract', 'order-www', '--answer', value, '--received', received, '--json'], env(now));

  it('answers recorded out of order: an earlier arrival is kept as a fact but does not replace the later one', async () => {
    await certdesk(
      [
        'import',
        tempFile(
          jsonl(
            customer('order', 'C0ORDER'),
            contract('order-www', 'order', 'quick-ssl', {
              notBefore: '2027-03-11T00:00:00+09:00',
              notAfter: '2028-03-10T23:59:59+09:00',
            }),
          ),
          '.jsonl',
        ),
      ],
      env('2027-12-20T08:00+09:00'),
    );
    await sweep(at('10T09:00'));
    expect(noticesIn('C0ORDER')).toHaveLength(1);
    expect(await answer('dont-renew', at('12T11:00'))).toMatchObject({ code: 0, json: { kind: 'recorded' } });
    expect(await answer('renew', at('12T10:00'))).toMatchObject({
      code: 0,
      json: { kind: 'superseded', standing: 'dont-renew' },
    });
    expect(await answer('dont-renew', at('12T10:30'))).toMatchObject({
      code: 0,
      json: { kind: 'superseded', standing: 'dont-renew' },
    });
    expect(await contractOf('order-www')).toMatchObject({
      renewalDecision: 'dont-renew',
      endDate: '2028-03-10',
      endReason: 'not-renewed',
    });
  });

  it('the audit log shows when each answer was recorded, and when it arrived', async () => {
    const log = (await certdesk(['audit', '--subject', 'contract:order-www', '--json'], env(at('12T12:05')))).json as {
      at: string;
      action: string;
      details: { receivedAt?: string };
    }[];
    const answers = log.filter((e) => e.action === 'renewal.answer');
    expect(answers).toHaveLength(3);
    for (const a of answers) expect(a.at).toBe('2028-01-12T03:00:00.000Z');
    expect(answers.map((a) => a.details.receivedAt)).toEqual([
      '2028-01-12T02:00:00.000Z',
      '2028-01-12T01:00:00.000Z',
      '2028-01-12T01:30:00.000Z',
    ]);
  });

  it('an answer that arrived after the deadline is refused, and the refusal is in the audit log', async () => {
    const deadline = (await contractOf('order-www')).replyDeadline as string;
    const dayAfter = `${addDays(toBusinessDate(deadline), 1)}T09:00+09:00`;
    expect(await answer('renew', dayAfter, dayAfter)).toMatchObject({ code: 3 });
    const log = (await certdesk(['audit', '--subject', 'contract:order-www', '--json'], env(dayAfter))).json as {
      action: string;
      details: { refusal?: string };
    }[];
    expect(log.filter((e) => e.action === 'renewal.answer-refused')).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ refusal: 'answer-after-deadline' }) }),
    ]);
  });

  it('the contract ends on its expiry date with no default renewal and no fees', async () => {
    await sweep('2028-03-10T23:59+09:00');
    expect(await contractOf('order-www')).toMatchObject({ status: 'active', endDate: '2028-03-10' });
    await sweep('2028-03-11T00:00+09:00');
    expect(await contractOf('order-www')).toMatchObject({ status: 'ended', endReason: 'not-renewed' });
    expect(
      (await certdesk(['ledger', '--contract', 'order-www', '--json'], env('2028-03-11T00:05+09:00'))).json,
    ).toEqual([]);
  });
});

describe('Art. 6: a term that reaches its expiry date with no notice sent is held, and staff and the customer are told at once', () => {
  it('no default renewal and no ending; the staff channel gets one alert naming the contract', async () => {
    // Imported after its expiry date: no notice could go out before it.
    const records = jsonl(
      customer('held', 'C0HELD'),
      contract('held-www', 'held', 'quick-ssl', {
        notBefore: '2027-03-01T00:00:00+09:00',
        notAfter: '2028-02-29T23:59:59+09:00',
      }),
    );
    expect((await certdesk(['import', tempFile(records, '.jsonl')], env('2028-03-20T10:00+09:00'))).code).toBe(0);
    const alerts = () => fake.messagesIn('C0STAFF').filter((m) => m.text.includes('held-www'));
    const r = await sweep('2028-03-20T10:05+09:00');
    expect(r.details.filter((d: { contractId: string }) => d.contractId === 'held-www')).toEqual([
      expect.objectContaining({ step: 'hold' }),
    ]);
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]!.text).toContain('満了日（2028-02-29');
    // The customer is told too: the contract waits for their answer, with no reply deadline.
    expect(noticesIn('C0HELD')).toHaveLength(1);
    expect(JSON.stringify(noticesIn('C0HELD')[0]!.blocks)).toContain('回答期限はありません');
    // Later sweeps change nothing and tell no one again.
    await sweep('2028-03-21T10:05+09:00');
    expect(alerts()).toHaveLength(1);
    expect(
      (await certdesk(['contracts', '--json'], env('2028-03-21T10:10+09:00'))).json.find(
        (c: { id: string }) => c.id === 'held-www',
      ),
    ).toMatchObject({ status: 'active', renewalDecision: null, endDate: null, waitingForStaff: true });
  });
});

describe('Art. 6(1): CERTDESK_NOTICE_HOUR moves the hour notices go out', () => {
  it('at 14:00 JST: none at 13:59, the notice at 14:00', async () => {
    const records = jsonl(
      customer('hour', 'C0HOUR'),
      contract('hour-www', 'hour', 'quick-ssl', {
        notBefore: '2028-06-01T00:00:00+09:00',
        notAfter: '2029-05-31T23:59:59+09:00',
      }),
    );
    expect((await certdesk(['import', tempFile(records, '.jsonl')], env('2029-03-01T10:00+09:00'))).code).toBe(0);
    // 60 days before 2029-05-31 is 2029-04-01.
    const at = async (now: string) => {
      const r = await certdesk(['sweep', '--json'], env(now, { CERTDESK_NOTICE_HOUR: '14' }));
      expect(r.code).toBe(0);
      return r.json.details.filter((d: { contractId: string }) => d.contractId === 'hour-www');
    };
    expect(await at('2029-04-01T13:59+09:00')).toEqual([]);
    expect(await at('2029-04-01T14:00+09:00')).toEqual([expect.objectContaining({ step: 'notice', detail: '60' })]);
    expect(noticesIn('C0HOUR')).toHaveLength(1);
  });
});
