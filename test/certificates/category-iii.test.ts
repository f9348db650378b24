// Category III (持ち込み証明書) renewals through the real command line and a fake Slack: the
// 90-day rule read with the renewed term (Art. 6(3)), the upload open through the whole expiry
// date, the fee tier of the brought certificate, and the renewed term told as it is recorded.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries } from '../../src/db/schema.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { makeHierarchy, makeLeaf, type Issued } from '../support/ca.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
let ca: { root: Issued; intermediate: Issued };
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
  ca = makeHierarchy();
});
afterAll(() => fake.close());

const env = (now: string) => ({
  ...t.env,
  CERTDESK_LANG: 'en',
  CERTDESK_NOW: now,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: fake.apiUrl,
  CERTDESK_STAFF_CHANNEL: 'C0STAFF',
});
const sweep = (now: string) => certdesk(['sweep', '--json'], env(now));
const contractOf = async (id: string, now: string) =>
  (await certdesk(['contracts', '--json'], env(now))).json.find((c: { id: string }) => c.id === id);
const fees = async (id: string) =>
  (await t.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, id))).map((e) => e.amount);
const upload = (contract: string, commonName: string, notBefore: string, notAfter: string, now: string) =>
  certdesk(
    [
      'cert',
      'upload',
      '--contract',
      contract,
      tempFile(makeLeaf(ca.intermediate, { commonName, notBefore, notAfter }).certPem, '.pem'),
      '--json',
    ],
    env(now),
  );

const customer = {
  type: 'customer',
  id: 'byo',
  name: 'BYO株式会社',
  country: 'JP',
  channel: 'C0BYO',
  contacts: ['U0ALICE'],
};
/** A term whose expiry date is 2027-03-31: first notice 2027-01-30 09:00 JST, reply deadline 2027-03-01. */
const contract = (id: string) => ({
  type: 'contract',
  id,
  customer: 'byo',
  item: 'bring-your-own',
  term: '1y',
  commonName: `${id}.byo.example`,
  notBefore: '2026-04-01T00:00:00+09:00',
  notAfter: '2027-03-31T23:59:59+09:00',
});

describe('category III renewals', () => {
  it('sets the scene: three contracts expiring 2027-03-31, noticed, answered "renew"', async () => {
    const records = jsonl(customer, contract('early'), contract('lastday'), contract('lapse'));
    expect((await certdesk(['import', tempFile(records, '.jsonl')], env('2027-01-10T10:00+09:00'))).code).toBe(0);
    expect((await sweep('2027-01-30T09:00+09:00')).code).toBe(0);
    for (const id of ['early', 'lastday', 'lapse']) {
      expect(
        (await certdesk(['answer', '--contract', id, '--answer', 'renew', '--json'], env('2027-02-01T10:00+09:00')))
          .code,
      ).toBe(0);
    }
  });

  it('Art. 6(3): a certificate that ends before the renewed term begins renews nothing and is never charged', async () => {
    // A 365-day certificate, uploaded 2027-02-02, ending 2027-03-10: before the renewed term's first day, 2027-04-01.
    const r = await upload(
      'early',
      'early.byo.example',
      '2026-03-10T15:00:00Z',
      '2027-03-10T14:59:59Z',
      '2027-02-02T10:00+09:00',
    );
    expect(r.code).toBe(3);
    expect(r.json.reasons).toEqual([
      expect.objectContaining({ article: 'Art. 6(3)', code: 'certificate-90-days-into-renewed-term' }),
    ]);
    expect(r.json.reasons[0].message).toContain('2027-04-01');
    expect(await fees('early')).toEqual([]);
    // Nor one that ends 90 days into it (2027-06-29 23:59:59 JST).
    const short = await upload(
      'early',
      'early.byo.example',
      '2026-07-01T00:00:00Z',
      '2027-06-29T14:59:59Z',
      '2027-02-02T10:00+09:00',
    );
    expect(short.json.reasons).toEqual([expect.objectContaining({ code: 'certificate-90-days-into-renewed-term' })]);
    const good = await upload(
      'early',
      'early.byo.example',
      '2027-01-20T00:00:00Z',
      '2027-08-01T00:00:00Z',
      '2027-02-02T10:00+09:00',
    );
    expect(good).toMatchObject({ code: 0, json: { term: '1y', fees: 10_000 } });
  });

  it('Art. 6(3): a "renew" upload is open until the end of the expiry date (JST), not 00:00', async () => {
    expect((await sweep('2027-03-31T00:00+09:00')).code).toBe(0);
    expect(await contractOf('lastday', '2027-03-31T00:01+09:00')).toMatchObject({
      status: 'active',
      renewalDecision: 'renew',
      endDate: null,
    });
    // A 200-day certificate: its fitting tier is 1年間 (Appendix 1), ¥10,000.
    const r = await upload(
      'lastday',
      'lastday.byo.example',
      '2027-03-20T00:00:00Z',
      '2027-10-05T23:59:59Z',
      '2027-03-31T10:00+09:00',
    );
    expect(r).toMatchObject({ code: 0, json: { term: '1y', fees: 10_000 } });
  });

  it('without an upload, the contract lapses once the expiry date is over, ending on that date', async () => {
    expect((await sweep('2027-03-31T23:59+09:00')).code).toBe(0);
    expect(await contractOf('lapse', '2027-03-31T23:59+09:00')).toMatchObject({ status: 'active' });
    expect((await sweep('2027-04-01T00:00+09:00')).code).toBe(0);
    expect(await contractOf('lapse', '2027-04-01T00:01+09:00')).toMatchObject({
      status: 'ended',
      endDate: '2027-03-31',
      endReason: 'lapsed',
    });
    expect(await fees('lapse')).toEqual([]);
  });

  it('one truth: the channel is told the renewed term as recorded, following the certificate', async () => {
    const row = await contractOf('lastday', '2027-04-01T00:01+09:00');
    expect(row).toMatchObject({ status: 'active', startsOn: '2027-04-01', expiryDate: '2027-10-06', term: '1y' });
    const told = fake
      .messagesIn('C0BYO')
      .filter(
        (m) =>
          /Renewal recorded: lastday/.test(m.text) || JSON.stringify(m.blocks ?? []).includes('lastday.byo.example'),
      );
    const body = JSON.stringify(told.map((m) => m.blocks));
    expect(body).toContain('2027-10-06');
    expect(body).not.toContain('2028-03-31');
  });
});
