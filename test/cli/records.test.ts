// The command line of records: import, contracts, cancel, abolish, ledger, against a real PostgreSQL.
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, contracts } from '../../src/db/schema.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();

const acme = {
  type: 'customer',
  id: 'acme',
  name: 'ACME株式会社',
  country: 'JP',
  channel: 'C0ACME',
  contacts: ['U0ALICE'],
  designatedServices: ['gio'],
};
const www = {
  type: 'contract',
  id: 'acme-www',
  customer: 'acme',
  item: 'quick-ssl',
  term: '1y',
  commonName: 'www.acme.example',
  notBefore: '2026-01-10T00:00:00Z',
  notAfter: '2027-01-10T14:59:59Z',
};
const hanako = { type: 'staff', slackUserId: 'U0STAFF', name: '山田 花子' };
const far = (id: string, item = 'corporate-ssl', extra: object = {}) => ({
  ...www,
  id,
  item,
  commonName: `${id}.acme.example`,
  notBefore: '2099-01-01T00:00:00+09:00',
  notAfter: '2099-12-31T23:59:59+09:00',
  ...extra,
});

const contract = async (id: string) =>
  ((await certdesk(['contracts', '--json'], t.env)).json as { id: string }[]).find((c) => c.id === id);

describe('certdesk import: onboarding, all or nothing, idempotent', () => {
  it('imports customers, contracts and staff, and records no fees', async () => {
    const file = tempFile(jsonl(acme, www, hanako), '.jsonl');
    const r = await certdesk(['import', file, '--json'], t.env);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ created: { customers: 1, contracts: 1, staff: 1 } });
    expect((await certdesk(['ledger', '--json'], t.env)).json).toEqual([]);
  });

  it('importing the same file twice changes nothing', async () => {
    const file = tempFile(jsonl(acme, www, hanako), '.jsonl');
    const before = await t.db.db.select({ n: count() }).from(auditLog);
    const r = await certdesk(['import', file, '--json'], t.env);
    expect(r.json).toMatchObject({
      created: { customers: 0, contracts: 0, staff: 0 },
      updated: { customers: 0, contracts: 0, staff: 0 },
      unchanged: { customers: 1, contracts: 1, staff: 1 },
    });
    expect(await t.db.db.select({ n: count() }).from(auditLog)).toEqual(before);
  });

  it('a record may refer to a customer imported earlier; CRLF lines and a byte-order mark are fine', async () => {
    const r = await certdesk(
      ['import', tempFile(`\uFEFF${jsonl(far('acme-shop')).replace(/\n/g, '\r\n')}`, '.jsonl'), '--json'],
      t.env,
    );
    expect(r).toMatchObject({ code: 0, json: { created: { contracts: 1 } } });
  });

  it('a bad line is reported with its number and nothing of the file is written', async () => {
    const file = tempFile(
      [
        JSON.stringify(far('acme-new-1')),
        JSON.stringify({ ...far('acme-new-2'), item: 'letsencrypt' }),
        '{not json',
        JSON.stringify({ ...far('acme-new-3'), term: '2y' }),
        JSON.stringify({ ...far('acme-new-4'), customer: 'nobody' }),
        JSON.stringify({ type: 'customer', id: 'globex', name: 'Globex', country: 'Japan' }),
      ].join('\n'),
      '.jsonl',
    );
    const r = await certdesk(['import', file, '--json'], t.env);
    expect(r.code).toBe(1);
    // Every problem in one pass, whatever its kind: the missing customer of line 5 too.
    expect(r.json.details.problems.map((p: { line: number }) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect(r.json.details.problems[0].message).toContain('unknown item "letsencrypt"');
    expect(r.json.details.problems[2].message).toContain('its terms are 6m, 1y');
    expect(r.json.details.problems[3].message).toContain('no customer "nobody"');
    expect(await contract('acme-new-1')).toBeUndefined();

    // A file whose lines all parse is refused as a whole for a missing customer.
    const second = await certdesk(
      [
        'import',
        tempFile(jsonl(far('acme-new-1'), far('acme-new-4', 'corporate-ssl', { customer: 'nobody' })), '.jsonl'),
        '--json',
      ],
      t.env,
    );
    expect(second.code).toBe(1);
    expect(second.json.details.problems).toEqual([
      {
        line: 2,
        message: expect.stringContaining('no customer "nobody"'),
        messageJa: expect.stringContaining('契約者「nobody」がありません'),
      },
    ]);
    expect(await contract('acme-new-1')).toBeUndefined();
  });

  it('warns, without refusing, of an existing category III contract whose period does not fit its term (Art. 3)', async () => {
    const byo = far('acme-byo', 'bring-your-own', { term: '6m' });
    const r = await certdesk(['import', tempFile(jsonl(byo), '.jsonl'), '--json'], t.env);
    expect(r.code).toBe(0);
    expect(r.json.warnings).toEqual([
      {
        line: 1,
        message: expect.stringContaining('does not fit the term 6m (Art. 3)'),
        messageJa: expect.stringContaining('第3条'),
      },
    ]);
  });

  it('an import never rewrites an existing contract', async () => {
    const r = await certdesk(['import', tempFile(jsonl({ ...www, term: '6m' }), '.jsonl'), '--json'], t.env);
    expect(r.code).toBe(1);
    expect(r.json.details.problems[0].message).toContain('already exists with term 1y');
  });
});

describe('certdesk contracts', () => {
  it('lists each contract with its JST expiry date, reply deadline and renewal state', async () => {
    expect(await contract('acme-www')).toEqual({
      id: 'acme-www',
      customer: 'acme',
      customerName: 'ACME株式会社',
      item: 'quick-ssl',
      category: 'I',
      term: '1y',
      commonName: 'www.acme.example',
      status: 'active',
      startsOn: '2026-01-10',
      expiryDate: '2027-01-10',
      // No notice sent yet: no deadline is fixed; the first notice is due 60 days before expiry.
      replyDeadline: null,
      firstNoticeDue: '2026-11-11',
      noticesSent: 0,
      renewalDecision: null,
      endDate: null,
      endReason: null,
      waitingForStaff: false,
      certificateNotAfter: null,
    });
    expect((await contract('acme-shop')) as object).toMatchObject({
      expiryDate: '2099-12-31',
      replyDeadline: null,
      firstNoticeDue: '2099-11-01',
    });
  });

  it('filters by customer and status; a customer that does not exist is a usage error', async () => {
    expect(await certdesk(['contracts', '--customer', 'acme', '--status', 'ended', '--json'], t.env)).toMatchObject({
      code: 0,
      json: [],
    });
    expect(await certdesk(['contracts', '--customer', 'nobody', '--json'], t.env)).toMatchObject({
      code: 2,
      json: { error: 'not-found', what: 'customer', id: 'nobody' },
    });
    expect((await certdesk(['contracts', '--status', 'gone'], t.env)).code).toBe(2);
  });

  it('prints a table for people', async () => {
    const r = await certdesk(['contracts'], t.env);
    expect(r.stdout).toMatch(/ID\s+Customer\s+Common name\s+Item/);
    expect(r.stdout).toContain('acme-www');
  });
});

// The clock of these records is 2099: the contracts run through 2099.
const at = (now: string) => ({ ...t.env, CERTDESK_NOW: now });
const in2099 = () => at('2099-12-20T12:00+09:00');

describe('certdesk cancel (Art. 9(2))', () => {
  it('records a form: effective 30 days after arrival or on the later requested date', async () => {
    await certdesk(['import', tempFile(jsonl(far('acme-cancel'), far('acme-cancel-2')), '.jsonl')], t.env);
    const r = await certdesk(
      ['cancel', '--contract', 'acme-cancel', '--received', '2099-03-01T10:00', '--requested', '2099-06-30', '--json'],
      at('2099-03-02T09:00+09:00'),
    );
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      receivedOn: '2099-03-01',
      earliestEffective: '2099-03-31',
      effective: '2099-06-30',
      status: 'active',
    });
    expect(await contract('acme-cancel')).toMatchObject({
      status: 'active',
      endDate: '2099-06-30',
      endReason: 'cancelled',
    });
  });

  it('a second form for the same contract is refused with exit 3', async () => {
    const r = await certdesk(
      ['cancel', '--contract', 'acme-cancel', '--received', '2099-04-01T10:00', '--json'],
      in2099(),
    );
    expect(r.code).toBe(3);
    expect(r.json.reasons[0]).toMatchObject({ article: 'Art. 9(2)', code: 'cancellation-already-recorded' });
  });

  it('a form arriving after the validity period is refused', async () => {
    const r = await certdesk(
      ['cancel', '--contract', 'acme-cancel-2', '--received', '2100-01-01T10:00', '--json'],
      at('2100-01-02T10:00+09:00'),
    );
    expect(r).toMatchObject({ code: 3, json: { reasons: [{ code: 'cancellation-after-validity' }] } });
  });

  it('a form whose effective date has passed ends the contract now', async () => {
    await certdesk(
      [
        'import',
        tempFile(
          jsonl({
            ...www,
            id: 'acme-old',
            notBefore: '2026-01-01T00:00:00+09:00',
            notAfter: '2099-01-01T00:00:00+09:00',
          }),
          '.jsonl',
        ),
      ],
      t.env,
    );
    const r = await certdesk(['cancel', '--contract', 'acme-old', '--received', '2026-02-01T09:00', '--json'], t.env);
    expect(r.json).toMatchObject({ effective: '2026-03-03', status: 'ended' });
    expect(await contract('acme-old')).toMatchObject({
      status: 'ended',
      endDate: '2026-03-03',
      endReason: 'cancelled',
    });
  });

  it('warns when the effective date falls after the term ends, since the term would renew by default', async () => {
    await certdesk(['import', tempFile(jsonl(far('acme-late')), '.jsonl')], t.env);
    const r = await certdesk(
      ['cancel', '--contract', 'acme-late', '--received', '2099-12-15T10:00', '--json'],
      in2099(),
    );
    expect(r.json).toMatchObject({
      effective: '2100-01-14',
      warnings: [{ code: 'effective-after-expiry', expiryDate: '2099-12-31' }],
    });
    expect(
      (await certdesk(['cancel', '--contract', 'acme-cancel-2', '--received', '2099-12-15T10:00'], in2099())).stdout,
    ).toContain('unless the customer answers "don\'t renew"');
  });

  it('an unknown contract is a usage error', async () => {
    expect((await certdesk(['cancel', '--contract', 'nope', '--received', '2026-03-01T10:00'], t.env)).code).toBe(2);
  });
});

describe('certdesk abolish (Art. 8)', () => {
  it('abolishes an item from a date: its contracts end then, and it cannot be quoted', async () => {
    await certdesk(['import', tempFile(jsonl(far('acme-ev', 'secure-server-id-ev')), '.jsonl')], t.env);
    const r = await certdesk(['abolish', '--item', 'secure-server-id-ev', '--from', '2099-06-01', '--json'], t.env);
    expect(r).toMatchObject({
      code: 0,
      json: {
        item: 'secure-server-id-ev',
        from: '2099-06-01',
        contracts: [{ id: 'acme-ev', endDate: '2099-06-01', endReason: 'abolished' }],
        endedNow: [],
      },
    });
    expect(await contract('acme-ev')).toMatchObject({
      status: 'active',
      endDate: '2099-06-01',
      endReason: 'abolished',
    });
    expect(
      (
        await certdesk(
          ['quote', '--item', 'secure-server-id-ev', '--term', '1y', '--as-of', '2099-06-01', '--json'],
          t.env,
        )
      ).code,
    ).toBe(3);
    expect(
      (
        await certdesk(
          ['quote', '--item', 'secure-server-id-ev', '--term', '1y', '--as-of', '2099-05-31', '--json'],
          t.env,
        )
      ).code,
    ).toBe(0);
  });

  it('the same abolition again changes nothing; another date is refused and points to abolish move', async () => {
    expect(
      (await certdesk(['abolish', '--item', 'secure-server-id-ev', '--from', '2099-06-01', '--json'], t.env)).json,
    ).toMatchObject({ alreadyRecorded: true });
    const other = await certdesk(['abolish', '--item', 'secure-server-id-ev', '--from', '2099-07-01', '--json'], t.env);
    expect(other).toMatchObject({
      code: 3,
      json: {
        reasons: [
          { article: 'Art. 8', code: 'abolition-already-recorded', message: expect.stringContaining('abolish move') },
        ],
      },
    });
  });

  it('an abolition whose day comes ends the contracts on that day', async () => {
    await certdesk(['import', tempFile(jsonl(far('acme-gs', 'global-server-id')), '.jsonl')], t.env);
    const r = await certdesk(
      ['abolish', '--item', 'global-server-id', '--from', '2099-02-01', '--json'],
      at('2099-02-01T08:00+09:00'),
    );
    expect(r.json.endedNow).toEqual(['acme-gs']);
    expect(await contract('acme-gs')).toMatchObject({ status: 'ended', endDate: '2099-02-01', endReason: 'abolished' });
    expect(
      (await certdesk(['contracts', '--status', 'ended', '--json'], t.env)).json.map((c: { id: string }) => c.id),
    ).toContain('acme-gs');
  });

  it('category III cannot be abolished under Art. 8 (exit 3)', async () => {
    const r = await certdesk(['abolish', '--item', 'bring-your-own', '--from', '2099-01-01', '--json'], t.env);
    expect(r).toMatchObject({ code: 3, json: { reasons: [{ article: 'Art. 8', code: 'abolition-category-iii' }] } });
  });
});

describe('every change is in the audit log', () => {
  it('records who did what', async () => {
    const rows = await t.db.db.select().from(auditLog);
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['import.customer.create', 'import.contract.create', 'import.staff.create', 'cancel', 'abolish'])
      expect(actions).toContain(a);
    // People act through the command line here; the scheduler records the endings it carries out.
    expect(
      rows.every((r) => r.actor.startsWith('cli:') || (r.actor === 'scheduler' && r.action === 'contract.end')),
    ).toBe(true);
    expect((await t.db.db.select({ n: count() }).from(contracts))[0]!.n).toBeGreaterThan(5);
  });
});
