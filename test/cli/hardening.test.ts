// Faults of the command line that could destroy facts or misread input, each reproduced through
// the real CLI against a real PostgreSQL.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, contracts } from '../../src/db/schema.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { makeCertificate } from '../support/certs.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
/** 2026-11-25, 10:00 in Tokyo: the day the faults were found. */
const NOW = '2026-11-25T10:00+09:00';
const env = () => ({ ...t.env, CERTDESK_NOW: NOW });

const customer = (id: string, country = 'JP') => ({
  type: 'customer',
  id,
  name: `${id} 株式会社`,
  country,
  channel: `C0${id.toUpperCase()}`,
  contacts: ['U0ALICE'],
});
const contract = (id: string, customerId: string, item = 'quick-ssl', from = '2026-03-01', to = '2027-03-01') => ({
  type: 'contract',
  id,
  customer: customerId,
  item,
  term: '1y',
  commonName: `${id}.example`,
  notBefore: `${from}T00:00:00+09:00`,
  notAfter: `${to}T23:59:59+09:00`,
});
const importLines = async (...records: object[]) =>
  certdesk(['import', tempFile(jsonl(...records), '.jsonl'), '--json'], env());
const show = async (id: string) =>
  (
    (await certdesk(['contracts', '--json'], env())).json as {
      id: string;
      status: string;
      endDate: string | null;
      endReason: string | null;
    }[]
  ).find((c) => c.id === id);
const auditCount = async () => Number((await t.db.db.select({ n: count() }).from(auditLog))[0]!.n);

describe('fault 1: abolish with a past date ended live contracts and overwrote a cancellation (Art. 8)', () => {
  it('a date before today (JST) is refused with a clear message, and nothing changes', async () => {
    await importLines(customer('abo'), contract('abo-1', 'abo'), contract('abo-2', 'abo'), contract('abo-3', 'abo'));
    await certdesk(['cancel', '--contract', 'abo-1', '--received', '2026-11-20T10:00'], env());
    const before = await auditCount();
    const r = await certdesk(['abolish', '--item', 'quick-ssl', '--from', '2020-01-01', '--json'], env());
    expect(r).toMatchObject({
      code: 3,
      json: {
        reasons: [{ article: 'Art. 8', code: 'abolition-date-past', message: expect.stringContaining('in the past') }],
      },
    });
    expect(await show('abo-1')).toMatchObject({ status: 'active', endDate: '2026-12-20', endReason: 'cancelled' });
    expect(await show('abo-2')).toMatchObject({ status: 'active', endDate: null });
    expect(await auditCount()).toBe(before);
    const yesterday = await certdesk(['abolish', '--item', 'quick-ssl', '--from', '2026-11-24'], env());
    expect(yesterday.code).toBe(3);
  });

  it('--dry-run lists every contract it would end and on which day, and writes nothing', async () => {
    const before = await auditCount();
    const r = await certdesk(['abolish', '--item', 'quick-ssl', '--from', '2027-01-15', '--dry-run', '--json'], env());
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ dryRun: true, alreadyRecorded: false });
    expect(r.json.contracts).toEqual([
      expect.objectContaining({ id: 'abo-1', endDate: '2026-12-20', endReason: 'cancelled' }),
      expect.objectContaining({ id: 'abo-2', endDate: '2027-01-15', endReason: 'abolished' }),
      expect.objectContaining({ id: 'abo-3', endDate: '2027-01-15', endReason: 'abolished' }),
    ]);
    expect(await show('abo-2')).toMatchObject({ endDate: null });
    expect(await auditCount()).toBe(before);
    expect((await certdesk(['items', '--item', 'quick-ssl', '--json'], env())).json.items[0].abolitions).toEqual([]);
  });

  it('an end already recorded that comes first stands, with its reason: a contract ends on the earliest of its recorded ends', async () => {
    const r = await certdesk(['abolish', '--item', 'quick-ssl', '--from', '2027-01-15', '--json'], env());
    expect(r.code).toBe(0);
    expect(await show('abo-1')).toMatchObject({ endDate: '2026-12-20', endReason: 'cancelled' });
    expect(await show('abo-2')).toMatchObject({ endDate: '2027-01-15', endReason: 'abolished' });
    // A cancellation recorded after the abolition, taking effect later, does not move the earlier end.
    const late = await certdesk(
      ['cancel', '--contract', 'abo-3', '--received', '2026-11-25T09:00', '--requested', '2027-02-28', '--json'],
      env(),
    );
    expect(late.json).toMatchObject({ effective: '2027-02-28', endDate: '2027-01-15', endReason: 'abolished' });
  });

  it('staff can move the abolition while no contract has ended under it, never into the past; the old date stays on record', async () => {
    expect(
      (await certdesk(['abolish', 'move', '--item', 'quick-ssl', '--from', '2020-01-01', '--json'], env())).json
        .reasons[0].code,
    ).toBe('abolition-date-past');
    const r = await certdesk(
      ['abolish', 'move', '--item', 'quick-ssl', '--from', '2027-02-01', '--reason', 'CA moved its end date', '--json'],
      env(),
    );
    expect(r).toMatchObject({ code: 0, json: { previous: { from: '2027-01-15' }, from: '2027-02-01' } });
    expect(await show('abo-2')).toMatchObject({ endDate: '2027-02-01', endReason: 'abolished' });
    const history = (await certdesk(['items', '--item', 'quick-ssl', '--json'], env())).json.items[0];
    expect(history.abolishedFrom).toBe('2027-02-01');
    expect(
      history.abolitions.map((a: { from: string; withdrawnAt: string | null }) => [a.from, a.withdrawnAt !== null]),
    ).toEqual([
      ['2027-01-15', true],
      ['2027-02-01', false],
    ]);
  });

  it('staff can withdraw the abolition: the contracts go back to what else is recorded, and the audit log says who', async () => {
    const r = await certdesk(
      ['abolish', 'withdraw', '--item', 'quick-ssl', '--reason', 'the CA kept the product', '--json'],
      { ...env(), CERTDESK_ACTOR: 'hanako' },
    );
    expect(r.code).toBe(0);
    expect(await show('abo-1')).toMatchObject({ endDate: '2026-12-20', endReason: 'cancelled' });
    expect(await show('abo-2')).toMatchObject({ endDate: null, endReason: null });
    expect(await show('abo-3')).toMatchObject({ endDate: '2027-02-28', endReason: 'cancelled' });
    const trail = (await certdesk(['audit', '--subject', 'item:quick-ssl', '--json'], env())).json;
    expect(trail.map((a: { action: string }) => a.action)).toEqual(['abolish', 'abolish.move', 'abolish.withdraw']);
    expect(trail[2]).toMatchObject({ actor: 'cli:hanako', details: { reason: 'the CA kept the product' } });
    expect((await certdesk(['abolish', 'withdraw', '--item', 'quick-ssl'], env())).code).toBe(2);
  });

  it('once a contract has ended under an abolition, it can be neither withdrawn nor moved', async () => {
    await importLines(contract('abo-ev', 'abo', 'secure-server-id-ev'));
    await certdesk(['abolish', '--item', 'secure-server-id-ev', '--from', '2026-11-25'], env());
    expect(await show('abo-ev')).toMatchObject({ status: 'ended', endReason: 'abolished' });
    const w = await certdesk(['abolish', 'withdraw', '--item', 'secure-server-id-ev', '--json'], env());
    expect(w).toMatchObject({ code: 3, json: { reasons: [{ code: 'abolition-has-ended-contracts' }] } });
    const m = await certdesk(
      ['abolish', 'move', '--item', 'secure-server-id-ev', '--from', '2027-01-01', '--json'],
      env(),
    );
    expect(m).toMatchObject({ code: 3, json: { reasons: [{ code: 'abolition-has-ended-contracts' }] } });
  });

  it('the database itself keeps every abolition and cancellation: no update or delete but a withdrawal', async () => {
    await expect(t.db.sql`update abolitions set effective_from = '2030-01-01'`).rejects.toThrow(/keeps every fact/);
    await expect(t.db.sql`delete from cancellations`).rejects.toThrow(/keeps every fact/);
    await expect(
      t.db.sql`update abolitions set withdrawal_reason = 'rewritten' where withdrawn_at is not null`,
    ).rejects.toThrow(/only a withdrawal may be added, once/);
  });
});

describe('fault 2: a zone name in brackets was ignored (RFC 9557)', () => {
  it('reads 20:00 in New York as the next day in JST, with or without the offset', async () => {
    for (const received of [
      '2026-09-01T20:00[America/New_York]',
      '2026-09-01T20:00-04:00[America/New_York]',
      '2026-09-01T20:00:00-04:00[!America/New_York][u-ca=japanese]',
    ]) {
      const r = await certdesk(['cancellation-date', '--received', received, '--json']);
      expect(r.json, received).toMatchObject({ receivedOn: '2026-09-02', effective: '2026-10-02' });
    }
  });

  it('refuses an offset that contradicts its zone, an unknown zone, and a wall time that happens twice', async () => {
    const contradiction = await certdesk([
      'cancellation-date',
      '--received',
      '2026-09-01T20:00-05:00[America/New_York]',
      '--json',
    ]);
    expect(contradiction).toMatchObject({
      code: 2,
      json: { message: expect.stringContaining('contradicts the time zone') },
    });
    expect(
      (await certdesk(['cancellation-date', '--received', '2026-09-01T20:00[Mars/Olympus]', '--json'])).json.message,
    ).toContain('unknown time zone');
    expect(
      (await certdesk(['cancellation-date', '--received', '2026-11-01T01:30[America/New_York]', '--json'])).json
        .message,
    ).toContain('happens twice');
  });

  it('cancel and import read the zone too', async () => {
    await importLines(customer('zone'), {
      ...contract('zone-1', 'zone'),
      notBefore: '2026-03-01T10:00[Asia/Tokyo]',
      notAfter: '2027-02-28T20:00-05:00[America/New_York]',
    });
    expect(await show('zone-1')).toMatchObject({ status: 'active' });
    const c = await certdesk(['contracts', '--json'], env());
    expect(c.json.find((x: { id: string }) => x.id === 'zone-1')).toMatchObject({
      startsOn: '2026-03-01',
      expiryDate: '2027-03-01',
    });
    const r = await certdesk(
      ['cancel', '--contract', 'zone-1', '--received', '2026-11-23T20:00[America/New_York]', '--json'],
      env(),
    );
    expect(r.json).toMatchObject({ receivedOn: '2026-11-24', effective: '2026-12-24' });
  });
});

describe('fault 3: cancel accepted a form received in the future, and could not be withdrawn or corrected (Art. 9(2))', () => {
  it('a form received after now is a usage error (exit 2, as for answer), and nothing is recorded', async () => {
    await importLines(
      customer('can'),
      contract('can-1', 'can'),
      contract('can-2', 'can'),
      contract('can-3', 'can', 'quick-ssl', '2025-11-01', '2026-11-01'),
    );
    const r = await certdesk(['cancel', '--contract', 'can-1', '--received', '2026-12-15T10:00', '--json'], env());
    expect(r).toMatchObject({ code: 2, json: { error: 'usage', message: expect.stringContaining('later than now') } });
    expect(await show('can-1')).toMatchObject({ endDate: null });
  });

  it('--dry-run shows the effective date and records nothing', async () => {
    const r = await certdesk(
      ['cancel', '--contract', 'can-1', '--received', '2026-11-20T10:00', '--dry-run', '--json'],
      env(),
    );
    expect(r.json).toMatchObject({ dryRun: true, effective: '2026-12-20' });
    expect(await show('can-1')).toMatchObject({ endDate: null });
  });

  it('staff withdraw a cancellation the customer took back: it stays on record, marked withdrawn, and the contract continues', async () => {
    await certdesk(['cancel', '--contract', 'can-1', '--received', '2026-11-20T10:00'], env());
    expect(await show('can-1')).toMatchObject({ endDate: '2026-12-20', endReason: 'cancelled' });
    const r = await certdesk(
      ['cancel', 'withdraw', '--contract', 'can-1', '--reason', 'the customer withdrew the form', '--json'],
      env(),
    );
    expect(r).toMatchObject({ code: 0, json: { withdrawn: { effective: '2026-12-20' }, endDate: null } });
    expect(await show('can-1')).toMatchObject({ status: 'active', endDate: null, endReason: null });
    const story = (await certdesk(['contract', 'show', 'can-1', '--json'], env())).json;
    expect(story.cancellations).toEqual([
      expect.objectContaining({
        effectiveOn: '2026-12-20',
        withdrawalReason: 'the customer withdrew the form',
        replacedBy: null,
      }),
    ]);
    expect(story.audit.map((a: { action: string }) => a.action)).toContain('cancel.withdraw');
    expect((await certdesk(['cancel', 'withdraw', '--contract', 'can-1'], env())).code).toBe(2);
    // Withdrawn, a new form can be recorded.
    expect(
      (await certdesk(['cancel', '--contract', 'can-1', '--received', '2026-11-24T10:00', '--json'], env())).code,
    ).toBe(0);
  });

  it('staff correct a mistyped arrival time: a new fact replaces the old, which stays', async () => {
    await certdesk(
      ['cancel', '--contract', 'can-2', '--received', '2026-11-02T10:00', '--requested', '2027-01-31'],
      env(),
    );
    expect(
      await certdesk(['cancel', 'correct', '--contract', 'can-2', '--received', '2026-12-02T10:00', '--json'], env()),
    ).toMatchObject({ code: 2, json: { message: expect.stringContaining('later than now') } });
    const r = await certdesk(
      [
        'cancel',
        'correct',
        '--contract',
        'can-2',
        '--received',
        '2026-11-12T10:00',
        '--no-requested',
        '--reason',
        'arrival mistyped',
        '--json',
      ],
      env(),
    );
    expect(r).toMatchObject({
      code: 0,
      json: {
        receivedOn: '2026-11-12',
        effective: '2026-12-12',
        replaced: { receivedOn: '2026-11-02', effective: '2027-01-31' },
      },
    });
    expect(await show('can-2')).toMatchObject({ endDate: '2026-12-12', endReason: 'cancelled' });
    const rows = (await certdesk(['contract', 'show', 'can-2', '--json'], env())).json.cancellations;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ effectiveOn: '2027-01-31', replacedBy: rows[1].id });
    expect(rows[1]).toMatchObject({ effectiveOn: '2026-12-12', withdrawnAt: null });
  });

  it('a cancellation of an ended contract can be neither withdrawn nor corrected', async () => {
    await certdesk(['cancel', '--contract', 'can-3', '--received', '2025-12-01T10:00'], env());
    expect(await show('can-3')).toMatchObject({ status: 'ended' });
    expect((await certdesk(['cancel', 'withdraw', '--contract', 'can-3', '--json'], env())).json.reasons[0].code).toBe(
      'contract-ended',
    );
    expect(
      (await certdesk(['cancel', 'correct', '--contract', 'can-3', '--received', '2025-12-02T10:00', '--json'], env()))
        .json.reasons[0].code,
    ).toBe('contract-ended');
  });
});

describe('fault 4: import ignored abolitions and accepted the impossible', () => {
  it('a contract of an item abolished before its expiry imports with the abolition as its end', async () => {
    await importLines(customer('imp'), contract('imp-seed', 'imp', 'corporate-ssl-wildcard'));
    await certdesk(['abolish', '--item', 'corporate-ssl-wildcard', '--from', '2027-01-31'], env());
    const r = await importLines(contract('imp-1', 'imp', 'corporate-ssl-wildcard'));
    expect(r.code).toBe(0);
    expect(r.json.warnings).toEqual([
      {
        line: 1,
        message: expect.stringContaining('abolished from 2027-01-31 (Art. 8)'),
        messageJa: expect.stringContaining('第8条'),
      },
    ]);
    expect(await show('imp-1')).toMatchObject({ status: 'active', endDate: '2027-01-31', endReason: 'abolished' });
  });

  it('dates outside a sane range are refused with their line number, and nothing is written', async () => {
    const r = await importLines(
      contract('imp-ok', 'imp'),
      { ...contract('imp-9999', 'imp'), notAfter: '9999-12-31' },
      { ...contract('imp-far', 'imp'), notAfter: '+275760-09-13T00:00:00Z' },
    );
    expect(r.code).toBe(1);
    expect(r.json.details.problems).toEqual([
      expect.objectContaining({
        line: 2,
        message: expect.stringContaining('notAfter: "9999-12-31" is outside the years certdesk accepts'),
      }),
      expect.objectContaining({
        line: 3,
        message: expect.stringContaining('notAfter: "+275760-09-13T00:00:00Z" is outside the years'),
      }),
    ]);
    expect(await show('imp-ok')).toBeUndefined();
  });

  it('warns, without refusing, of what a new application could not have: outside Japan (Art. 7(2)), a period far longer than the term', async () => {
    const r = await importLines(customer('overseas', 'US'), contract('overseas-1', 'overseas'), {
      ...contract('imp-long', 'imp'),
      notAfter: '2029-03-01T00:00:00+09:00',
    });
    expect(r.code).toBe(0);
    expect(r.json.warnings.map((w: { line: number; message: string }) => [w.line, w.message])).toEqual([
      [2, expect.stringContaining('outside Japan (US)')],
      [3, expect.stringContaining('more than a month after the end of a 1y term')],
    ]);
  });
});

describe('fault 5: doctor failed on the settings it exists to check', () => {
  it('reports each bad setting as a finding, quoting the value given, and runs every other check', async () => {
    const r = await certdesk(['doctor', '--json'], {
      ...t.env,
      CERTDESK_NOTICE_DAYS: '10,20',
      CERTDESK_REPLY_DAYS: '40',
      SLACK_BOT_TOKEN: 'foo',
      CERTDESK_LANG: 'fr',
    });
    expect(r.code).toBe(1);
    const checks = r.json.checks as { name: string; status: string; detail: string }[];
    const config = checks.filter((c) => c.name === 'configuration').map((c) => c.detail);
    expect(config).toEqual([
      expect.stringContaining('SLACK_BOT_TOKEN: must be a bot token'),
      expect.stringContaining('CERTDESK_LANG: must be ja or en'),
      expect.stringContaining('CERTDESK_REPLY_DAYS'),
    ]);
    expect(config[2]).toContain('(got "40")');
    expect(checks.filter((c) => c.name === 'slack')).toEqual([
      expect.objectContaining({ status: 'fail', detail: expect.stringContaining('not checked') }),
    ]);
    expect(checks.find((c) => c.name === 'database')).toMatchObject({ status: 'ok' });
    expect(checks.find((c) => c.name === 'redis')).toMatchObject({ status: 'ok' });
  });

  it('each command validates only the settings it uses', async () => {
    expect(
      (await certdesk(['quote', '--item', 'quick-ssl', '--term', '1y', '--json'], { ...t.env, PORT: '99999' })).code,
    ).toBe(0);
    expect(
      (
        await certdesk(['cancellation-date', '--received', '2026-09-01T10:00', '--json'], {
          DATABASE_URL: 'mysql://x',
          REDIS_URL: 'nope',
        })
      ).code,
    ).toBe(0);
    expect((await certdesk(['serve', '--json'], { ...t.env, PORT: '99999' })).json).toMatchObject({
      error: 'configuration',
      problems: [{ variable: 'PORT' }],
    });
  });
});

describe('fault 6: small ones', () => {
  it('cert inspect says in its human output that a certificate is not yet valid, or expired', async () => {
    const future = tempFile(
      makeCertificate({ notBefore: '2030-01-01T00:00:00Z', notAfter: '2031-01-01T00:00:00Z' }),
      '.pem',
    );
    expect((await certdesk(['cert', 'inspect', future], env())).stdout).toMatch(
      /NOT YET VALID \(valid from 2030-01-01 09:00 JST\)/,
    );
    const old = tempFile(
      makeCertificate({ notBefore: '2025-01-01T00:00:00Z', notAfter: '2025-12-01T00:00:00Z' }),
      '.pem',
    );
    const text = (await certdesk(['cert', 'inspect', old], env())).stdout;
    expect(text).toMatch(/EXPIRED/);
    expect(text).toMatch(/passes \(more than 90 days\) — but the certificate has expired/);
  });

  it('prints each article once', async () => {
    const r = await certdesk(['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'US'], t.env);
    expect(r.stdout).toContain('✗ Art. 7(2): Category I and II items cannot be applied for');
    expect(r.stdout.match(/Art\. 7\(2\)/g)).toHaveLength(1);
    const ja = await certdesk(['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'US'], {
      ...t.env,
      CERTDESK_LANG: 'ja',
    });
    expect(ja.stdout.match(/第7条第2項/g)).toHaveLength(1);
  });

  it('an unknown item in an import points to certdesk items, which lists the item codes', async () => {
    const r = await importLines({ ...contract('imp-x', 'imp'), item: 'quick-sll' });
    expect(r.json.details.problems[0].message).toContain('Did you mean quick-ssl? certdesk items lists the item codes');
    const items = await certdesk(['items', '--json'], env());
    expect(items.json.items.map((i: { code: string }) => i.code)).toContain('quick-ssl-wildcard');
  });

  it('a repeated flag, or a flag without its value, is a usage error that says so', async () => {
    const repeated = await certdesk(['quote', '--item', 'quick-ssl', '--item', 'corporate-ssl', '--term', '1y'], t.env);
    expect(repeated).toMatchObject({ code: 2, stderr: expect.stringContaining('--item is given more than once') });
    const valueless = await certdesk(['quote', '--item', '--term', '1y'], t.env);
    expect(valueless).toMatchObject({ code: 2, stderr: expect.stringContaining('--item needs a value') });
    expect(valueless.stderr).not.toMatch(/ambiguous|To specify an option/);
    // A value that starts with '-' (a base64url key may): the answer says how to give it.
    expect(valueless.stderr).toContain('a value that starts with "-" goes as --item=VALUE');
    const dashed = await certdesk(['quote', '--item=-quick-ssl', '--term', '1y'], t.env);
    expect(dashed.stderr).not.toContain('needs a value');
  });

  it('an out-of-range date exits 2', async () => {
    expect(
      (await certdesk(['quote', '--item', 'quick-ssl', '--term', '1y', '--as-of', '9999-12-31'], t.env)).code,
    ).toBe(2);
    expect((await certdesk(['cancellation-date', '--received', '+275760-09-13T00:00:00Z'])).code).toBe(2);
  });

  it('migrate --json says how many migrations it applied', async () => {
    expect((await certdesk(['migrate', '--json'], t.env)).json).toEqual({ applied: 0, upToDate: true });
  });

  it('a 20 MB binary file given to import gets one clear line, and a long bad file stops after a few dozen', async () => {
    const binary = Buffer.alloc(20 * 1024 * 1024, 0);
    for (let i = 0; i < binary.length; i += 4096) binary[i] = i % 251;
    const r = await certdesk(['import', tempFile(binary, '.bin'), '--json'], t.env);
    expect(r.code).toBe(1);
    expect(r.json.details.problems).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('not a JSON lines text file') }),
    ]);
    const garbage = await certdesk(['import', tempFile('nope\n'.repeat(5000), '.jsonl')], t.env);
    expect(garbage.stderr.split('\n').length).toBeLessThan(60);
    expect(garbage.stderr).toContain('and 4950 more');
  });

  it('certdesk --version prints the version; certdesk alone is a usage error', async () => {
    const v = await certdesk(['--version']);
    expect(v).toMatchObject({ code: 0, stdout: expect.stringMatching(/^certdesk \d+\.\d+\.\d+/) });
    const alone = await certdesk([]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('Usage: certdesk <command>');
  });
});

describe('fault 7: /readyz told strangers the PostgreSQL version, user, host and database name', () => {
  it('says ok or not per component, and nothing else', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js'), 'serve'], {
      env: { ...process.env, ...t.env, PORT: String(port) },
      stdio: 'pipe',
    });
    try {
      let body = '';
      for (let i = 0; i < 100 && !body; i++) {
        body = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.text(),
          () => '',
        );
        if (!body) await new Promise((r) => setTimeout(r, 100));
      }
      expect(JSON.parse(body)).toEqual({
        ok: true,
        checks: [
          { name: 'database', ok: true },
          { name: 'migrations', ok: true },
          { name: 'redis', ok: true },
        ],
      });
      expect(body).not.toMatch(/PostgreSQL|postgres:|127\.0\.0\.1|certdesk_t_/);
    } finally {
      child.kill('SIGTERM');
    }
    await new Promise((resolve) => child.on('exit', resolve));
  });
});

describe('every contract row the faults touched is still there', () => {
  it('no contract was deleted', async () => {
    const rows = await t.db.db.select({ id: contracts.id }).from(contracts).where(eq(contracts.customerId, 'abo'));
    expect(rows.map((r) => r.id).sort()).toEqual(['abo-1', 'abo-2', 'abo-3', 'abo-ev']);
  });
});
