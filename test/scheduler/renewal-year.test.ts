// A year of contracts through the sweep the command line runs (sweepOnce), with answers recorded
// late, early answers, abolitions of the item a contract renews as, and held renewals, against the
// real PostgreSQL and a fake Slack over HTTP. Each rule names the contracts it looks at.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOnce, type WorkDeps } from '../../jobs/work.js';
import { loadConfig } from '../../src/config.js';
import { renewalCycles } from '../../src/db/schema.js';
import { toBusinessDate } from '../../src/domain/dates.js';
import { abolishItem } from '../../src/services/abolitions.js';
import { answerCycleId, recordAnswer } from '../../src/services/answers.js';
import { listContracts } from '../../src/services/contracts.js';
import { importRecords } from '../../src/services/import.js';
import { listLedger } from '../../src/services/ledger.js';
import { slackClient } from '../../src/slack/client.js';
import { certdesk, jsonl } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
let deps: WorkDeps;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
  const config = loadConfig({
    ...t.env,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: fake.apiUrl,
    CERTDESK_STAFF_CHANNEL: 'C0STAFF',
    CERTDESK_LANG: 'en',
  });
  deps = { database: t.db, slack: slackClient(config), config };
});
afterAll(() => fake.close());

const at = (jst: string) => new Date(`${jst}+09:00`);
const sweep = async (jst: string) => {
  const r = await sweepOnce(deps, at(jst));
  expect(r.failures).toEqual([]);
  return r;
};
/** A contract as `certdesk contracts --json` shows it (dates as YYYY-MM-DD). */
const contractOf = async (id: string, jst: string) =>
  JSON.parse(
    JSON.stringify((await listContracts(t.db.db, {}, at(jst), deps.config.renewalPolicy)).find((c) => c.id === id)),
  ) as Record<string, unknown>;
const ledgerOf = async (id: string) => listLedger(t.db.db, { contract: id });
const net = async (id: string) => (await ledgerOf(id)).reduce((s, e) => s + e.amount, 0);
/** As `certdesk answer --received` records it: staff, for the customer. */
const answer = async (contract: string, a: 'renew' | 'dont-renew', receivedJst: string, nowJst: string) => {
  const cycleId = await answerCycleId(t.db.db, contract, at(receivedJst));
  return recordAnswer(
    t.db.db,
    {
      cycleId: cycleId!,
      answer: a,
      answeredBy: 'cli',
      actor: 'cli',
      via: 'cli',
      actingForCustomer: true,
      receivedAt: at(receivedJst),
    },
    at(nowJst),
  );
};
/** A cancellation form that arrived at `receivedJst`, as staff record it. */
const certdeskCancel = async (contract: string, receivedJst: string, nowJst: string) => {
  const r = await certdesk(['cancel', '--contract', contract, '--received', receivedJst, '--json'], {
    ...t.env,
    CERTDESK_NOW: `${nowJst}+09:00`,
  });
  expect(r.code).toBe(0);
};
const texts = (channel: string) => fake.messagesIn(channel).map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`);
const notices = (channel: string) => fake.messagesIn(channel).filter((m) => /Renewal notice|更新のご案内/.test(m.text));
const latest = (channel: string, ts: string) => JSON.stringify(fake.message(channel, ts)!.blocks);

const customer = (id: string) => ({
  type: 'customer',
  id,
  name: `${id} Ltd`,
  country: 'JP',
  channel: `C0${id.toUpperCase()}`,
  contacts: ['U0ALICE'],
  locale: 'en',
});
/** Expiry date 2027-01-10: notices 2026-11-11, 11-26, 12-10; reply deadline 2026-12-11. */
const contract = (id: string, customerId: string, item: string, extra: object = {}) => ({
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
/** Expiry date 2027-03-31: first notice 2027-01-30, reply deadline 2027-03-01. */
const march = { notBefore: '2026-04-01T00:00:00+09:00', notAfter: '2027-03-31T23:59:59+09:00' };
/** Expired the day before the import: no notice ever went out. */
const expired = { notBefore: '2025-10-01T00:00:00+09:00', notAfter: '2026-09-30T23:59:59+09:00' };

beforeAll(async () => {
  const records = jsonl(
    customer('late'),
    contract('late-ev', 'late', 'secure-server-id-ev'),
    customer('begun'),
    contract('begun-ev', 'begun', 'secure-server-id-ev'),
    customer('early'),
    contract('early-www', 'early', 'quick-ssl'),
    customer('legacy'),
    contract('legacy-ss', 'legacy', 'sureserver'),
    customer('known'),
    contract('known-www', 'known', 'corporate-ssl', march),
    customer('last'),
    contract('last-day', 'last', 'quick-ssl'),
    contract('last-cancel', 'last', 'global-server-id'),
    customer('held'),
    contract('held-www', 'held', 'quick-ssl', expired),
    contract('held-byo', 'held', 'bring-your-own', expired),
  );
  await importRecords(t.db.db, records, 'cli', at('2026-10-01T10:00'));
});

// One timeline, in order of the clock; each step names the rule it checks.
describe('a year of contracts, right to the yen', () => {
  it('Art. 6(1): a renewal held for want of a notice tells the customer that the contract waits for their answer, though the expiry date has passed', async () => {
    await sweep('2026-10-01T10:05');
    // The customer's two held notices of the day, in one message (each contract its own part).
    const [held, ...more] = notices('C0HELD');
    expect(more).toEqual([]);
    expect(held!.text).toBe('Renewal notices (2 contracts)');
    expect(texts('C0HELD').join('\n')).toContain('held-www.example');
    expect(texts('C0HELD').join('\n')).toContain('held-byo.example');
    expect(texts('C0HELD').join('\n')).toMatch(/until you answer/);
    expect(texts('C0HELD').some((x) => /Renewal recorded/.test(x))).toBe(false);
    expect(await contractOf('held-www', '2026-10-01T10:05')).toMatchObject({ status: 'active', renewalDecision: null });
  });

  it("Art. 6(3): a held category III contract gets 14 days from that notice, then lapses, ending on the window's last day", async () => {
    await sweep('2026-10-15T23:00');
    expect(await contractOf('held-byo', '2026-10-15T23:00')).toMatchObject({ status: 'active' });
    await sweep('2026-10-16T00:05');
    const [cycle] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'held-byo'));
    expect(cycle!.outcome).toBe('lapsed');
    expect(await contractOf('held-byo', '2026-10-16T00:05')).toMatchObject({
      status: 'ended',
      endDate: '2026-10-15',
      endReason: 'lapsed',
    });
    expect(await ledgerOf('held-byo')).toEqual([]);
  });

  it('Art. 6(2): an answer before the first notice is taken, and the notice shows it', async () => {
    const r = await answer('early-www', 'dont-renew', '2026-10-20T10:00', '2026-10-20T10:00');
    expect(r).toMatchObject({ ok: true, value: { kind: 'recorded' } });
    expect(await contractOf('early-www', '2026-10-20T10:00')).toMatchObject({
      renewalDecision: 'dont-renew',
      endDate: '2027-01-10',
      endReason: 'not-renewed',
    });
    await sweep('2026-11-11T09:00');
    const [first] = notices('C0EARLY');
    expect(first).toBeDefined();
    expect(latest('C0EARLY', first!.ts)).toContain("Don't renew");
  });

  it('附則 (平成28年7月1日) with Art. 8: a legacy SureServer contract renews as SureServer for クラウド, so an abolition of that item ends it on the abolition date', async () => {
    const r = await abolishItem(
      t.db.db,
      { item: 'sureserver-cloud', from: toBusinessDate('2026-12-20'), actor: 'cli' },
      at('2026-12-01T10:00'),
    );
    expect(r).toMatchObject({
      ok: true,
      value: { contracts: [expect.objectContaining({ id: 'legacy-ss', endsOn: toBusinessDate('2026-12-20') })] },
    });
    expect(await contractOf('legacy-ss', '2026-12-01T10:00')).toMatchObject({
      endDate: '2026-12-20',
      endReason: 'abolished',
    });
    await sweep('2026-12-01T10:01');
    expect(texts('C0LEGACY').some((x) => x.includes('2026-12-20') && x.includes('legacy-ss'))).toBe(true);
  });

  it('Art. 6(2): an answer before the first notice stands; no default renewal follows and nothing is charged', async () => {
    await certdeskCancel('last-cancel', '2026-12-11T10:00', '2026-12-11T10:00');
    expect((await answer('last-day', 'dont-renew', '2026-12-05T10:00', '2026-12-05T10:00')).ok).toBe(true);
    await sweep('2026-12-12T00:05');
    expect(await contractOf('late-ev', '2026-12-12T00:05')).toMatchObject({ renewalDecision: 'default-renew' });
    expect(await net('late-ev')).toBe(212_000);
    expect(await contractOf('early-www', '2026-12-12T00:05')).toMatchObject({
      renewalDecision: 'dont-renew',
      endReason: 'not-renewed',
    });
    expect(await ledgerOf('early-www')).toEqual([]);
  });

  it('Art. 6(2): a "don\'t renew" that arrived by the deadline and was recorded after the default renewal undoes it; the fees are reversed, the channel and staff told', async () => {
    const r = await certdesk(
      ['answer', '--contract', 'late-ev', '--answer', 'dont-renew', '--received', '2026-12-11T23:00', '--json'],
      { ...t.env, CERTDESK_NOW: '2026-12-12T09:30+09:00' },
    );
    expect(r).toMatchObject({ code: 0, json: { kind: 'recorded', corrected: true, reversed: 212_000 } });
    expect(await contractOf('late-ev', '2026-12-12T09:30')).toMatchObject({
      renewalDecision: 'dont-renew',
      endDate: '2027-01-10',
      endReason: 'not-renewed',
      status: 'active',
    });
    const ledger = await ledgerOf('late-ev');
    expect(ledger).toHaveLength(4);
    expect(await net('late-ev')).toBe(0);
    for (const e of ledger.filter((x) => x.amount < 0))
      expect(ledger.find((o) => o.id === e.correctionOf)!.amount).toBe(-e.amount);
    await sweep('2026-12-12T09:31');
    expect(texts('C0LATE').some((x) => /not renewed/i.test(x) && x.includes('2027-01-10') && /reversed/i.test(x))).toBe(
      true,
    );
    // Staff read it in their language (Japanese unless set otherwise).
    expect(texts('C0STAFF').some((x) => x.includes('late-ev') && /取消の記帳/.test(x) && x.includes('212,000'))).toBe(
      true,
    );
  });

  it('Art. 8: the legacy contract ends with the abolition, from the start of its date, never renewed and never charged', async () => {
    await sweep('2026-12-19T23:59');
    expect(await contractOf('legacy-ss', '2026-12-19T23:59')).toMatchObject({ status: 'active' });
    await sweep('2026-12-20T00:00');
    expect(await contractOf('legacy-ss', '2026-12-20T00:00')).toMatchObject({
      status: 'ended',
      endDate: '2026-12-20',
      endReason: 'abolished',
    });
    expect(await ledgerOf('legacy-ss')).toEqual([]);
  });

  it('Art. 9: a "don\'t renew" and a cancellation leave the contract in force through the whole of its end date', async () => {
    await sweep('2027-01-10T00:05');
    expect(await contractOf('last-day', '2027-01-10T00:05')).toMatchObject({
      status: 'active',
      endDate: '2027-01-10',
      endReason: 'not-renewed',
    });
    expect(await contractOf('last-cancel', '2027-01-10T00:05')).toMatchObject({
      status: 'active',
      endDate: '2027-01-10',
      endReason: 'cancelled',
    });
    await sweep('2027-01-11T00:00');
    expect(await contractOf('last-day', '2027-01-11T00:00')).toMatchObject({ status: 'ended' });
    expect(await contractOf('last-cancel', '2027-01-11T00:00')).toMatchObject({ status: 'ended' });
    expect(await contractOf('late-ev', '2027-01-11T00:00')).toMatchObject({
      status: 'ended',
      expiryDate: '2027-01-10',
    });
  });

  it('Art. 6(2): once the renewed term has begun, an answer that arrived by the deadline alerts staff instead, and the fees stand', async () => {
    expect(await contractOf('begun-ev', '2027-01-11T00:05')).toMatchObject({
      expiryDate: '2028-01-10',
      status: 'active',
    });
    const r = await certdesk(
      ['answer', '--contract', 'begun-ev', '--answer', 'dont-renew', '--received', '2026-12-11T22:00', '--json'],
      { ...t.env, CERTDESK_NOW: '2027-01-12T09:00+09:00' },
    );
    expect(r).toMatchObject({ code: 0, json: { kind: 'staff-alerted' } });
    expect(await net('begun-ev')).toBe(212_000);
    await sweep('2027-01-12T09:01');
    expect(texts('C0STAFF').some((x) => x.includes('begun-ev') && /次の有効期間が既に始まって/.test(x))).toBe(true);
  });

  it('Art. 8 with Art. 6(2): no renewal into an abolition on record before the reply deadline; the notices say why, and the contract ends on its expiry date', async () => {
    await abolishItem(
      t.db.db,
      { item: 'corporate-ssl', from: toBusinessDate('2027-04-15'), actor: 'cli' },
      at('2027-01-05T10:00'),
    );
    expect(await contractOf('known-www', '2027-01-05T10:00')).toMatchObject({
      endDate: '2027-03-31',
      endReason: 'abolished',
    });
    await sweep('2027-01-30T09:00');
    expect(notices('C0KNOWN')).toHaveLength(1);
    expect(texts('C0KNOWN').some((x) => /Renewal notice/.test(x) && x.includes('2027-04-15'))).toBe(true);
    await sweep('2027-03-02T00:05');
    expect(await ledgerOf('known-www')).toEqual([]);
    expect(await contractOf('known-www', '2027-03-31T12:00')).toMatchObject({
      status: 'active',
      endDate: '2027-03-31',
      endReason: 'abolished',
    });
    await sweep('2027-04-01T00:05');
    expect(await contractOf('known-www', '2027-04-01T00:05')).toMatchObject({
      status: 'ended',
      endDate: '2027-03-31',
      endReason: 'abolished',
      expiryDate: '2027-03-31',
    });
  });
});
