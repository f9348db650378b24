// Cancellation forms (Art. 9(2)) against the renewal cycle they meet: a form that arrives on a
// term's last day, a renewal already decided, a back-dated form, a held contract; through the real
// command line and PostgreSQL, with a fake Slack so that notices go out and deadlines are fixed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'], users: {} });
});
afterAll(() => fake.close());

const env = (now: string, slack = true) => ({
  ...t.env,
  CERTDESK_NOW: now,
  ...(slack ? { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake.apiUrl, CERTDESK_STAFF_CHANNEL: 'C0STAFF' } : {}),
});
const sweep = async (now: string, slack = true) => {
  const r = await certdesk(['sweep', '--json'], env(now, slack));
  if (r.code !== 0) throw new Error(`sweep at ${now} exited ${r.code}: ${r.stdout}${r.stderr}`);
  return r.json;
};
const cancel = (contract: string, received: string, now: string, ...flags: string[]) =>
  certdesk(['cancel', '--contract', contract, '--received', received, '--json', ...flags], env(now));
const contractOf = async (id: string) =>
  ((await certdesk(['contracts', '--json'], env('2026-10-01T00:00+09:00'))).json as { id: string }[]).find(
    (c) => c.id === id,
  ) as Record<string, unknown>;

const customer = {
  type: 'customer',
  id: 'acme',
  name: 'ACME株式会社',
  country: 'JP',
  channel: 'C0ACME',
  contacts: ['U0ALICE'],
};
/** Terms ending 2027-01-10 (JST): first notice 2026-11-11, reply deadline 2026-12-11. */
const contract = (id: string, extra: object = {}) => ({
  type: 'contract',
  id,
  customer: 'acme',
  item: 'quick-ssl',
  term: '1y',
  commonName: `${id}.acme.example`,
  notBefore: '2026-01-11T00:00:00+09:00',
  notAfter: '2027-01-10T23:59:59+09:00',
  ...extra,
});

beforeAll(async () => {
  const file = tempFile(
    jsonl(
      customer,
      contract('last-day'),
      contract('decided'),
      contract('open'),
      contract('backdated'),
      contract('held', { notBefore: '2025-10-01T00:00:00+09:00', notAfter: '2026-09-30T23:59:59+09:00' }),
      contract('queued', { notBefore: '2026-02-01T00:00:00+09:00', notAfter: '2027-01-31T23:59:59+09:00' }),
    ),
    '.jsonl',
  );
  const r = await certdesk(['import', file], env('2026-10-01T10:00+09:00'));
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  await sweep('2026-10-01T10:05+09:00');
  await sweep('2026-11-11T09:00+09:00');
});

describe('Art. 6: a contract held because no notice went out before its expiry date', () => {
  it('a form after the expiry date is refused, and the refusal says how such a contract ends', async () => {
    expect(await contractOf('held')).toMatchObject({ status: 'active', expiryDate: '2026-09-30' });
    const r = await certdesk(
      ['cancel', '--contract', 'held', '--received', '2026-10-02T10:00', '--json'],
      env('2026-10-02T10:00+09:00'),
    );
    expect(r).toMatchObject({
      code: 3,
      json: { reasons: [{ code: 'cancellation-after-validity', params: { held: 'yes' } }] },
    });
    expect(r.json.reasons[0].message).toContain("don't renew");
  });
});

describe('Art. 6(2): an answer counts by when it arrived, notice or not', () => {
  it('while the notice waits to be sent (no Slack), an answer is taken', async () => {
    await sweep('2026-12-02T09:00+09:00', false);
    const r = await certdesk(
      ['answer', '--contract', 'queued', '--answer', 'renew', '--json'],
      env('2026-12-02T10:00+09:00', false),
    );
    expect(r).toMatchObject({ code: 0, json: { kind: 'recorded', answer: 'renew' } });
    expect(await contractOf('queued')).toMatchObject({ renewalDecision: 'renew' });
  });
});

describe('Art. 9(2): a form counts when it arrives during the validity period', () => {
  it('before the deadline, a form effective after the expiry date warns that the term renews by default unless the customer answers "don\'t renew"', async () => {
    const r = await cancel('open', '2026-11-20T10:00', '2026-11-20T10:00+09:00', '--requested', '2027-02-01');
    expect(r).toMatchObject({
      code: 0,
      json: {
        effective: '2027-02-01',
        warnings: [{ code: 'effective-after-expiry', expiryDate: '2027-01-10', replyDeadline: '2026-12-11' }],
      },
    });
  });

  it('a back-dated form whose effective date has passed ends the contract now, and says so', async () => {
    const r = await cancel('backdated', '2026-11-01T10:00', '2026-12-05T10:00+09:00');
    expect(r).toMatchObject({
      code: 0,
      json: {
        effective: '2026-12-01',
        status: 'ended',
        warnings: [{ code: 'effective-date-passed', effective: '2026-12-01' }],
      },
    });
  });

  it('after the deadline passed unanswered, a form effective after the expiry date warns that the default renewal comes first', async () => {
    await sweep('2026-12-12T00:30+09:00');
    const r = await cancel('decided', '2026-12-20T10:00', '2026-12-20T10:00+09:00');
    expect(r).toMatchObject({
      code: 0,
      json: {
        effective: '2027-01-19',
        warnings: [{ code: 'renewal-decided', decision: 'default-renew', expiryDate: '2027-01-10' }],
      },
    });
  });

  it('a form that arrived on the last day of a term is recorded after the renewed term began', async () => {
    await sweep('2027-01-11T00:30+09:00');
    expect(await contractOf('last-day')).toMatchObject({ expiryDate: '2028-01-10' });
    const r = await cancel('last-day', '2027-01-10T18:00', '2027-01-12T09:00+09:00');
    expect(r).toMatchObject({ code: 0, json: { receivedOn: '2027-01-10', effective: '2027-02-09', status: 'active' } });
  });

  it('a correction that changes nothing is refused, and nothing is recorded', async () => {
    const before = (
      await certdesk(['audit', '--subject', 'contract:last-day', '--json'], env('2027-01-12T09:05+09:00'))
    ).json.length;
    const r = await certdesk(
      ['cancel', 'correct', '--contract', 'last-day', '--received', '2027-01-10T18:00', '--json'],
      env('2027-01-12T09:05+09:00'),
    );
    expect(r).toMatchObject({ code: 3, json: { reasons: [{ code: 'correction-changes-nothing' }] } });
    expect(
      (await certdesk(['audit', '--subject', 'contract:last-day', '--json'], env('2027-01-12T09:06+09:00'))).json,
    ).toHaveLength(before);
  });
});
