// Faults a new user met on a fresh clone, each reproduced through the real command line against a
// real PostgreSQL, and a fake Slack answering over HTTP where messages must really go out.
import { execFileSync } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { makeCertificate } from '../support/certs.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'], users: { U0ALICE: { locale: 'ja-JP' } } });
});
afterAll(() => fake.close());

/** 2026-11-25, 10:00 in Tokyo: the day the faults were found. */
const NOW = '2026-11-25T10:00+09:00';
const env = (extra: Record<string, string> = {}) => ({ ...t.env, CERTDESK_NOW: NOW, ...extra });
const ja = (extra: Record<string, string> = {}) => env({ CERTDESK_LANG: 'ja', ...extra });
const at = (now: string, extra: Record<string, string> = {}) => env({ CERTDESK_NOW: now, ...extra });
const withSlack = (now: string, extra: Record<string, string> = {}) =>
  at(now, { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake.apiUrl, CERTDESK_STAFF_CHANNEL: 'C0STAFF', ...extra });
const auditCount = async () => Number((await t.db.db.select({ n: count() }).from(auditLog))[0]!.n);

const customer = (id: string, extra: object = {}) => ({
  type: 'customer',
  id,
  name: `${id} 株式会社`,
  country: 'JP',
  channel: `C0${id.toUpperCase().replace(/-/g, '')}`,
  contacts: ['U0ALICE'],
  ...extra,
});
/** A 1-year contract ending 2027-01-10 (JST): notices 2026-11-11, 11-26, 12-10; reply deadline 12-11. */
const contract = (id: string, customerId: string, item = 'corporate-ssl', extra: object = {}) => ({
  type: 'contract',
  id,
  customer: customerId,
  item,
  term: '1y',
  commonName: `${id}.example.jp`,
  notBefore: '2026-01-11T00:00:00+09:00',
  notAfter: '2027-01-10T23:59:59+09:00',
  ...extra,
});
const importLines = async (records: object[], e = env()) =>
  certdesk(['import', tempFile(jsonl(...records), '.jsonl'), '--json'], e);
const contractOf = async (id: string, e = env()) =>
  ((await certdesk(['contracts', '--json'], e)).json as { id: string }[]).find((c) => c.id === id) as Record<
    string,
    unknown
  >;

describe('the scene', () => {
  it('customers and contracts to work on', async () => {
    const r = await importLines([
      customer('hist'),
      contract('hist-1', 'hist', 'corporate-ssl-wildcard'),
      customer('can'),
      contract('can-1', 'can'),
      contract('can-2', 'can'),
      contract('can-3', 'can'),
      customer('lonely'),
      customer('hd'),
    ]);
    expect(r).toMatchObject({ code: 0, json: { created: { customers: 4, contracts: 4 } } });
    // Imported early in November, so its first notice falls due after the import.
    expect(
      (await importLines([customer('sw'), contract('sw-1', 'sw', 'quick-ssl')], at('2026-11-01T10:00+09:00'))).code,
    ).toBe(0);
  });
});

describe('items and contract show: the history of an abolition (Art. 8)', () => {
  it('each record shows its own reason and its withdrawal reason, in text and JSON', async () => {
    expect(
      (
        await certdesk(
          ['abolish', '--item', 'corporate-ssl-wildcard', '--from', '2027-02-01', '--reason', 'reason A'],
          env(),
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await certdesk(
          ['abolish', 'move', '--item', 'corporate-ssl-wildcard', '--from', '2027-03-01', '--reason', 'reason B'],
          env(),
        )
      ).code,
    ).toBe(0);
    expect(
      (await certdesk(['abolish', 'withdraw', '--item', 'corporate-ssl-wildcard', '--reason', 'reason C'], env())).code,
    ).toBe(0);
    const json = (await certdesk(['items', '--item', 'corporate-ssl-wildcard', '--json'], env())).json.items[0]
      .abolitions;
    expect(json).toEqual([
      expect.objectContaining({
        from: '2027-02-01',
        reason: 'reason A',
        withdrawalReason: 'reason B',
        replacedBy: expect.any(Number),
      }),
      expect.objectContaining({
        from: '2027-03-01',
        reason: 'reason B',
        withdrawalReason: 'reason C',
        replacedBy: null,
      }),
    ]);
    const text = (await certdesk(['items', '--item', 'corporate-ssl-wildcard'], env())).stdout;
    expect(text).toMatch(
      /abolished from 2027-02-01 \(recorded by [^)]*; reason: reason A\) — moved [^;]*; reason: reason B/,
    );
    expect(text).toMatch(
      /abolished from 2027-03-01 \(recorded by [^)]*; reason: reason B\) — withdrawn [^;]*; reason: reason C/,
    );
    const story = (await certdesk(['contract', 'show', 'hist-1'], env())).stdout;
    expect(story).toContain('reason: reason A');
    expect(story).toMatch(/withdrawn [^\n]*reason: reason C/);
    const storyJa = (await certdesk(['contract', 'show', 'hist-1'], ja())).stdout;
    expect(storyJa).toMatch(/取消（[^）]*理由: reason C）/);
  });
});

describe('eligibility and quote: an abolition scheduled for a later day (Art. 8)', () => {
  it('say from when the item is abolished, in text and JSON, while it is still eligible', async () => {
    expect((await certdesk(['abolish', '--item', 'secure-server-id-ev', '--from', '2026-12-01'], env())).code).toBe(0);
    const r = await certdesk(
      ['eligibility', '--item', 'secure-server-id-ev', '--term', '1y', '--country', 'JP', '--json'],
      env(),
    );
    expect(r).toMatchObject({
      code: 0,
      json: {
        eligible: true,
        abolishedFrom: '2026-12-01',
        notes: [
          expect.objectContaining({ code: 'item-abolition-scheduled', message: expect.stringContaining('in 6 days') }),
        ],
      },
    });
    expect(
      (await certdesk(['eligibility', '--item', 'secure-server-id-ev', '--term', '1y', '--country', 'JP'], env()))
        .stdout,
    ).toContain('secure-server-id-ev is to be abolished from 2026-12-01 (in 6 days, Art. 8)');
    expect(
      (await certdesk(['eligibility', '--item', 'secure-server-id-ev', '--term', '1y', '--country', 'JP'], ja()))
        .stdout,
    ).toContain('2026-12-01 (令和8年12月1日) から廃止されます（6日後、第8条）');
    expect(
      (await certdesk(['quote', '--item', 'secure-server-id-ev', '--term', '1y', '--json'], env())).json,
    ).toMatchObject({ abolishedFrom: '2026-12-01' });
    // Once the day has come, it is refused outright.
    expect(
      (
        await certdesk(
          ['eligibility', '--item', 'secure-server-id-ev', '--term', '1y', '--country', 'JP', '--json'],
          at('2026-12-01T10:00+09:00'),
        )
      ).json.reasons[0].code,
    ).toBe('item-abolished');
  });
});

describe('import: imports of the same file at once', () => {
  it('take turns: one creates, the others find everything unchanged; none fails, none shows SQL', async () => {
    const records = Array.from({ length: 20 }, (_, i) => [
      customer(`par-${i}`),
      contract(`par-${i}-www`, `par-${i}`),
    ]).flat();
    const file = tempFile(jsonl(...records), '.jsonl');
    const runs = await Promise.all([1, 2, 3, 4].map(() => certdesk(['import', file, '--json'], env())));
    for (const r of runs) {
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).not.toMatch(/Failed query|insert into|params:/);
    }
    expect(runs.map((r) => r.json.created.customers).sort()).toEqual([0, 0, 0, 20]);
    expect(runs.map((r) => r.json.unchanged.contracts).sort()).toEqual([0, 20, 20, 20]);
  });
});

describe('files a command reads: regular files of a sensible size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-files-'));
  const sparse = (name: string, bytes: number) => {
    const path = join(dir, name);
    const fd = openSync(path, 'w');
    ftruncateSync(fd, bytes);
    closeSync(fd);
    return path;
  };
  const pem = makeCertificate({ notBefore: '2026-01-01T00:00:00Z', notAfter: '2026-12-31T23:59:59Z' });

  it('a certificate file over 1 MiB is refused at once, with the limit, in both languages', async () => {
    const huge = sparse('huge.pem', 1024 ** 3);
    const started = Date.now();
    const r = await certdesk(['cert', 'inspect', huge, '--json'], env());
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r).toMatchObject({
      code: 2,
      json: {
        error: 'usage',
        message: expect.stringContaining('a certificate file is at most 1 MiB'),
        messageJa: expect.stringContaining('1 MiB までです'),
      },
    });
    expect(r.json.messageJa).not.toMatch(/Cannot create a string/);
  });

  it('a device, a named pipe and a folder are refused without being read', async () => {
    expect(await certdesk(['cert', 'inspect', '/dev/urandom', '--json'], env())).toMatchObject({
      code: 2,
      json: { message: expect.stringContaining('is not a regular file (it is a device)') },
    });
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(await certdesk(['cert', 'inspect', fifo, '--json'], env())).toMatchObject({
      code: 2,
      json: { message: expect.stringContaining('a named pipe'), messageJa: expect.stringContaining('名前付きパイプ') },
    });
    expect(await certdesk(['import', fifo, '--json'], env())).toMatchObject({
      code: 2,
      json: { message: expect.stringContaining('a named pipe') },
    });
    expect(await certdesk(['cert', 'inspect', dir, '--json'], env())).toMatchObject({
      code: 2,
      json: { message: expect.stringContaining('is a folder') },
    });
  });

  it('binary that is no certificate is "neither PEM nor DER"; a DER certificate is read', async () => {
    for (const first of [0x01, 0x30]) {
      const bytes = randomBytes(3000);
      bytes[0] = first;
      bytes[1] = 0x00;
      const r = await certdesk(['cert', 'inspect', tempFile(bytes, '.bin'), '--json'], env());
      expect(r, `first byte ${first}`).toMatchObject({
        code: 2,
        json: {
          message: expect.stringContaining('neither a PEM certificate'),
          messageJa: expect.stringContaining('DER 形式の証明書でもありません'),
        },
      });
    }
    const der = new X509Certificate(pem).raw;
    expect(await certdesk(['cert', 'inspect', tempFile(der, '.der'), '--json'], env())).toMatchObject({
      code: 0,
      json: { notAfter: '2026-12-31T23:59:59.000Z' },
    });
  });

  it('cert attach, cert upload and eligibility --cert read their files the same way', async () => {
    const big = sparse('big.pem', 2 * 1024 ** 2);
    expect(await certdesk(['cert', 'attach', '--contract', 'can-1', '/dev/urandom', '--json'], env())).toMatchObject({
      code: 2,
      json: { message: expect.stringContaining('not a regular file') },
    });
    expect(await certdesk(['cert', 'upload', '--contract', 'can-1', big, '--json'], env())).toMatchObject({
      code: 2,
      json: { message: expect.stringContaining('at most 1 MiB') },
    });
    expect(
      await certdesk(
        ['eligibility', '--item', 'bring-your-own', '--term', '1y', '--country', 'JP', '--cert', big, '--json'],
        env(),
      ),
    ).toMatchObject({ code: 2, json: { message: expect.stringContaining('at most 1 MiB') } });
  });

  it('an import file has its own limit, 64 MiB', async () => {
    const r = await certdesk(['import', sparse('big.jsonl', 65 * 1024 ** 2), '--json'], env());
    expect(r).toMatchObject({
      code: 2,
      json: { message: expect.stringContaining('an import file is at most 64 MiB') },
    });
  });
});

describe('--dry-run says what would happen, and records nothing', () => {
  it('cancel, cancel correct and cancel withdraw say the change would be made, never that it was', async () => {
    const before = await auditCount();
    const cancel = await certdesk(
      ['cancel', '--contract', 'can-1', '--received', '2026-11-20T10:00', '--dry-run'],
      env(),
    );
    expect(cancel.stdout).toContain(
      'Cancellation of can-1 would be recorded as follows (--dry-run: nothing was recorded).',
    );
    expect(cancel.stdout).not.toMatch(/can-1 recorded\./);
    expect(
      (await certdesk(['cancel', '--contract', 'can-1', '--received', '2026-11-20T10:00', '--dry-run'], ja())).stdout,
    ).toContain('can-1 の解約は次のとおり記録されます（--dry-run のため記録していません）。');
    expect(await auditCount()).toBe(before);

    await certdesk(['cancel', '--contract', 'can-1', '--received', '2026-11-20T10:00'], env());
    const recorded = await auditCount();
    const withdraw = await certdesk(['cancel', 'withdraw', '--contract', 'can-1', '--dry-run'], env());
    expect(withdraw.stdout).toContain('would be withdrawn (--dry-run: nothing was recorded)');
    expect(withdraw.stdout).not.toContain('is withdrawn');
    expect((await certdesk(['cancel', 'withdraw', '--contract', 'can-1', '--dry-run'], ja())).stdout).toContain(
      'は取り消されます（--dry-run のため記録していません）',
    );
    const correct = await certdesk(
      ['cancel', 'correct', '--contract', 'can-1', '--requested', '2027-01-05', '--dry-run'],
      env(),
    );
    expect(correct.stdout).toContain('Cancellation of can-1 would be corrected as follows');
    expect(
      (await certdesk(['cancel', 'correct', '--contract', 'can-1', '--requested', '2027-01-05', '--dry-run'], ja()))
        .stdout,
    ).not.toContain('訂正しました');
    expect(await auditCount()).toBe(recorded);
  });

  it('abolish, abolish move and abolish withdraw say what would happen', async () => {
    const before = await auditCount();
    expect(
      (await certdesk(['abolish', '--item', 'global-server-id', '--from', '2027-05-01', '--dry-run'], env())).stdout,
    ).toContain(
      'Abolishing global-server-id from 2027-05-01 would end these contracts (--dry-run: nothing was recorded):',
    );
    await certdesk(['abolish', '--item', 'global-server-id', '--from', '2027-05-01'], env());
    const recorded = await auditCount();
    const move = await certdesk(
      ['abolish', 'move', '--item', 'global-server-id', '--from', '2027-06-01', '--dry-run'],
      env(),
    );
    expect(move.stdout).toContain(
      'The abolition of global-server-id would move from 2027-05-01 to 2027-06-01 (--dry-run: nothing was recorded)',
    );
    const withdraw = await certdesk(['abolish', 'withdraw', '--item', 'global-server-id', '--dry-run'], ja());
    expect(withdraw.stdout).toContain(
      'global-server-id の廃止（2027-05-01 (令和9年5月1日) から）は取り消されます（--dry-run のため記録していません）',
    );
    expect(withdraw.stdout).not.toContain('取り消しました');
    expect(await auditCount()).toBe(recorded);
    expect(recorded).toBe(before + 1);
  });

  it('import --dry-run counts what would be created, updated and unchanged, with the warnings, and writes nothing', async () => {
    const before = await auditCount();
    const r = await importLines(
      [customer('dry'), contract('dry-1', 'dry', 'global-server-id-cloud'), customer('hist')],
      env(),
    );
    expect(r).toMatchObject({
      code: 0,
      json: { created: { customers: 1, contracts: 1 }, unchanged: { customers: 1 } },
    });
    const dry = await certdesk(
      [
        'import',
        tempFile(jsonl(customer('dry2'), contract('dry2-1', 'dry2'), customer('hist', { name: 'renamed' })), '.jsonl'),
        '--dry-run',
        '--json',
      ],
      env(),
    );
    expect(dry).toMatchObject({
      code: 0,
      json: {
        dryRun: true,
        records: 3,
        created: { customers: 1, contracts: 1 },
        updated: { customers: 1 },
        unchanged: { customers: 0 },
      },
    });
    expect(await auditCount()).toBe(before + 2);
    expect(await contractOf('dry2-1')).toBeUndefined();
    const text = await certdesk(['import', tempFile(jsonl(customer('dry2')), '.jsonl'), '--dry-run'], env());
    expect(text.stdout).toContain('importing would do this (--dry-run: nothing was written)');
    expect(text.stdout).toContain('1 to create');
  });
});

describe('import: every problem of a file in one pass', () => {
  it('format errors, duplicates and unknown customers are reported together, each with its line', async () => {
    const r = await certdesk(
      [
        'import',
        tempFile(
          [
            JSON.stringify(customer('onepass', { country: 'XX' })),
            '{not json',
            JSON.stringify(contract('onepass-1', 'nobody')),
            JSON.stringify(contract('onepass-2', 'nobody-either', 'quick-ssl', { commonName: 'not a hostname!' })),
            JSON.stringify(contract('onepass-1', 'can')),
            JSON.stringify(contract('onepass-3', 'onepass')),
          ].join('\n'),
          '.jsonl',
        ),
        '--json',
      ],
      env(),
    );
    expect(r.code).toBe(1);
    const problems = r.json.details.problems.map((p: { line: number; message: string }) => [p.line, p.message]);
    expect(problems).toEqual([
      [1, expect.stringContaining('country: "XX" is not an ISO 3166-1 two-letter country code')],
      [2, expect.stringContaining('not valid JSON')],
      [3, expect.stringContaining('no customer "nobody"')],
      [4, expect.stringContaining('commonName: "not a hostname!" is not a host name')],
      [4, expect.stringContaining('no customer "nobody-either"')],
      [5, expect.stringContaining('contract "onepass-1" is already on line 3')],
    ]);
    // Line 6 names the customer of line 1, which has problems of its own: it is not reported missing too.
    expect(await contractOf('onepass-3')).toBeUndefined();
  });

  it('says in Japanese that a line is not valid JSON, without the parser’s English', async () => {
    const r = await certdesk(['import', tempFile('{not json\n', '.jsonl'), '--json'], env());
    expect(r.json.details.problems[0].messageJa).toMatch(/^この行は JSON として読めません（2 文字目付近）/);
    expect(r.json.details.problems[0].messageJa).not.toMatch(/Expected|Unexpected/);
  });

  it('reads terms as people write them (1年, 1Y), as the other commands do', async () => {
    const r = await importLines([
      contract('term-ja', 'lonely', 'corporate-ssl', { term: '1年' }),
      contract('term-upper', 'lonely', 'corporate-ssl', { term: '1Y' }),
    ]);
    expect(r).toMatchObject({ code: 0, json: { created: { contracts: 2 } } });
    expect(await contractOf('term-ja')).toMatchObject({ term: '1y' });
  });

  it('a single contact written without a list says it must be a list of Slack user IDs; a missing field is required', async () => {
    const r = await importLines([
      customer('one-contact', { contacts: 'U1' }),
      { type: 'customer', id: 'no-name', country: 'JP' },
    ]);
    expect(r.json.details.problems).toEqual([
      expect.objectContaining({
        line: 1,
        message:
          'contacts: must be a list of Slack user IDs or {"slackUserId": …, "email": …}, e.g. ["U0ALICE"] (one contact is still a list)',
      }),
      expect.objectContaining({ line: 2, message: 'name: is required' }),
    ]);
  });

  it('a common name must be a host name; a wildcard as the whole first label is one', async () => {
    expect(
      (
        await importLines([
          contract('cn-wild', 'lonely', 'corporate-ssl-wildcard', { commonName: '*.wild.example.jp' }),
        ])
      ).code,
    ).toBe(0);
    for (const bad of ['not a hostname!', 'www.*.example.jp', '192.0.2.1', 'localhost', 'a..example.jp']) {
      const r = await importLines([contract('cn-bad', 'lonely', 'corporate-ssl', { commonName: bad })]);
      expect(r.json.details.problems, bad).toEqual([
        expect.objectContaining({ message: expect.stringContaining('is not a host name') }),
      ]);
    }
  });

  it('a country that is not an ISO 3166-1 code is refused, suggesting the code meant (UK → GB)', async () => {
    const r = await importLines([customer('uk', { country: 'UK' })]);
    expect(r.json.details.problems).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('(did you mean GB?)'),
        messageJa: expect.stringContaining('もしかして GB'),
      }),
    ]);
    expect((await importLines([customer('gb', { country: 'gb' })])).code).toBe(0);
  });

  it('a file with no records says so (exit 0) and imports nothing', async () => {
    const r = await certdesk(['import', tempFile('\n# nothing yet\n\n', '.jsonl'), '--json'], env());
    expect(r).toMatchObject({ code: 0, json: { records: 0, created: { customers: 0, contracts: 0, staff: 0 } } });
    const text = await certdesk(['import', tempFile('', '.jsonl')], env());
    expect(text.stdout).toContain('the file holds no records');
    expect((await certdesk(['import', tempFile('', '.jsonl')], ja())).stdout).toContain('レコードがありません');
  });

  it('warns of a category II contract whose customer holds no designated service (Art. 4(1)), and imports it', async () => {
    const r = await importLines([contract('cloud-1', 'lonely', 'global-server-id-cloud')]);
    expect(r).toMatchObject({ code: 0, json: { created: { contracts: 1 } } });
    expect(r.json.warnings).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringContaining('holds no designated provider service'),
        messageJa: expect.stringContaining('第4条第1項'),
      }),
    ]);
    const served = await importLines([
      customer('served', { designatedServices: ['gio'] }),
      contract('cloud-2', 'served', 'global-server-id-cloud'),
    ]);
    expect(served.json.warnings).toEqual([]);
  });
});

describe('eligibility --country: ISO 3166-1 alpha-2', () => {
  it('XX is no country (exit 2), UK suggests GB, and jp is JP', async () => {
    expect(
      await certdesk(['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'XX', '--json'], env()),
    ).toMatchObject({ code: 2, json: { message: expect.stringContaining('"XX" is not one') } });
    expect(
      (await certdesk(['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'UK', '--json'], env())).json
        .message,
    ).toContain('did you mean GB?');
    expect(
      await certdesk(['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'jp', '--json'], env()),
    ).toMatchObject({ code: 0, json: { country: 'JP', eligible: true } });
    expect(
      (await certdesk(['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'GB', '--json'], env())).json
        .reasons[0].code,
    ).toBe('organisation-outside-japan');
  });
});

describe('exit codes', () => {
  it('an arrival in the future is a usage error for answer and cancel alike (exit 2)', async () => {
    expect(
      (
        await certdesk(
          ['answer', '--contract', 'can-2', '--answer', 'renew', '--received', '2026-12-01T10:00', '--json'],
          env(),
        )
      ).code,
    ).toBe(2);
    expect(
      (await certdesk(['cancel', '--contract', 'can-2', '--received', '2026-12-01T10:00', '--json'], env())).code,
    ).toBe(2);
    expect(
      (await certdesk(['cancel', '--contract', 'can-2', '--received', '2026-12-01T10:00'], ja())).stderr,
    ).toContain('現在（2026-11-25 10:00 JST）より後です');
  });

  it('a filter naming a record that does not exist exits 2; naming one with nothing to list exits 0', async () => {
    expect(await certdesk(['ledger', '--contract', 'nope', '--json'], env())).toMatchObject({
      code: 2,
      json: { error: 'not-found', what: 'contract' },
    });
    expect(await certdesk(['ledger', '--contract', 'can-2', '--json'], env())).toMatchObject({ code: 0, json: [] });
    expect(await certdesk(['contracts', '--customer', 'nobody', '--json'], env())).toMatchObject({
      code: 2,
      json: { error: 'not-found', what: 'customer' },
    });
    expect(await certdesk(['contracts', '--customer', 'hist', '--status', 'ended', '--json'], env())).toMatchObject({
      code: 0,
      json: [],
    });
  });

  it('an empty value is a usage error that says the option needs a value, never "not given"', async () => {
    for (const args of [
      ['contracts', '--customer', ''],
      ['ledger', '--contract', ''],
      ['ledger', '--contract='],
      ['items', '--item', ''],
      ['audit', '--subject', '  '],
      ['cancel', '--contract', '', '--received', '2026-11-20T10:00'],
    ]) {
      const r = await certdesk([...args, '--json'], env());
      expect(r, args.join(' ')).toMatchObject({
        code: 2,
        json: { error: 'usage', message: expect.stringContaining('was given an empty value') },
      });
    }
  });
});

describe('cancel: a second form, and a correction that changes nothing (Art. 9(2))', () => {
  it('a second form is refused (exit 3) and points to cancel correct and cancel withdraw', async () => {
    await certdesk(['cancel', '--contract', 'can-3', '--received', '2026-11-20T10:00'], env());
    const r = await certdesk(['cancel', '--contract', 'can-3', '--received', '2026-11-20T10:00', '--json'], env());
    expect(r).toMatchObject({
      code: 3,
      json: {
        reasons: [
          {
            code: 'cancellation-already-recorded',
            message: expect.stringMatching(/cancel correct.*cancel withdraw/),
            messageJa: expect.stringMatching(/cancel correct.*cancel withdraw/),
          },
        ],
      },
    });
  });

  it('a correction that changes nothing is refused (exit 3), and nothing is recorded', async () => {
    const before = await auditCount();
    const r = await certdesk(
      ['cancel', 'correct', '--contract', 'can-3', '--received', '2026-11-20T10:00', '--json'],
      env(),
    );
    expect(r).toMatchObject({ code: 3, json: { reasons: [{ code: 'correction-changes-nothing' }] } });
    expect(await auditCount()).toBe(before);
    expect((await certdesk(['contract', 'show', 'can-3', '--json'], env())).json.cancellations).toHaveLength(1);
  });
});

describe('audit --limit', () => {
  it('keeps the most recent entries, shown oldest first', async () => {
    const all = (await certdesk(['audit', '--json'], env())).json as { id: number }[];
    const last = (await certdesk(['audit', '--limit', '3', '--json'], env())).json as { id: number }[];
    expect(last.map((a) => a.id)).toEqual(all.slice(-3).map((a) => a.id));
    expect((await certdesk(['audit', '--help'], env())).stdout).toContain('only the N most recent entries');
    // `help COMMAND` is the command's own help, as `COMMAND --help` is; an unknown one is named.
    expect((await certdesk(['help', 'audit'], env())).stdout).toContain('only the N most recent entries');
    expect((await certdesk(['help', 'cancel', 'withdraw'], env())).stdout).toBe(
      (await certdesk(['cancel', 'withdraw', '--help'], env())).stdout,
    );
    expect(await certdesk(['help', 'nosuch'], env())).toMatchObject({ code: 2 });
  });
});

describe('contracts and contract show: the reply deadline (Art. 6(2)) and holds', () => {
  it('before the first notice goes out no deadline is shown: the day the first notice is due instead', async () => {
    const e = at('2026-11-05T10:00+09:00');
    expect(await contractOf('sw-1', e)).toMatchObject({
      replyDeadline: null,
      firstNoticeDue: '2026-11-11',
      noticesSent: 0,
    });
    expect((await certdesk(['contracts', '--search', 'sw-1'], e)).stdout).toContain(
      'set by the first notice (due 2026-11-11)',
    );
    const story = (await certdesk(['contract', 'show', 'sw-1'], e)).stdout;
    expect(story).toContain('Reply by set by the first notice (due 2026-11-11)');
    expect(story).toContain('reply by set by the first notice (due 2026-11-11)');
    // The day after, the deadline it would have does not move with the clock: it still waits for the notice.
    expect((await certdesk(['contracts', '--search', 'sw-1'], at('2026-11-12T10:00+09:00'))).stdout).toContain(
      'set by the first notice (overdue since 2026-11-11)',
    );
  });

  it('a notice waiting for Slack: both lines say since when; once sent, the deadline is fixed and both lines show it', async () => {
    expect((await certdesk(['sweep'], at('2026-11-11T09:00+09:00'))).code).toBe(0);
    const waiting = (await certdesk(['contract', 'show', 'sw-1'], at('2026-11-11T09:01+09:00'))).stdout;
    expect(waiting.match(/set by the first notice \(queued since 2026-11-11 09:00 JST\)/g)).toHaveLength(2);
    const sent = await certdesk(['sweep'], withSlack('2026-11-11T09:02+09:00'));
    expect(sent.stdout).toMatch(/Messages \(Slack and e-mail\): \d+ sent/);
    expect(sent.stdout).not.toContain('{');
    expect(await contractOf('sw-1', at('2026-11-12T10:00+09:00'))).toMatchObject({
      replyDeadline: '2026-12-11',
      firstNoticeDue: null,
      noticesSent: 1,
    });
    const story = (await certdesk(['contract', 'show', 'sw-1'], at('2026-11-12T10:00+09:00'))).stdout;
    expect(story).toContain('Reply by 2026-12-11');
    expect(story).toContain('reply by 2026-12-11');
    const table = (await certdesk(['contracts', '--search', 'sw-1'], ja({ CERTDESK_NOW: '2026-11-12T10:00+09:00' })))
      .stdout;
    expect(table).toContain('2026-12-11 (令和8年12月11日)');
    expect(table).toContain('1年間');
  });

  it('a held contract shows no deadline; "held" says no notice was sent, then that an answer or staff is awaited', async () => {
    // Imported on its expiry date, with no notice ever sent.
    const hd = contract('hd-1', 'hd', 'corporate-ssl', {
      notBefore: '2025-12-01T00:00:00+09:00',
      notAfter: '2026-11-30T23:59:59+09:00',
    });
    expect((await importLines([hd], at('2026-11-30T00:10+09:00'))).code).toBe(0);
    expect((await certdesk(['sweep'], at('2026-11-30T00:30+09:00'))).code).toBe(0);
    expect(await contractOf('hd-1', at('2026-11-30T00:31+09:00'))).toMatchObject({
      waitingForStaff: true,
      replyDeadline: null,
      firstNoticeDue: null,
      noticesSent: 0,
    });
    const held = (await certdesk(['contracts', '--search', 'hd-1'], at('2026-11-30T00:31+09:00'))).stdout;
    expect(held).toContain('(held: no notice sent before the expiry date)');
    expect(held).not.toContain('set by the first notice');
    expect((await certdesk(['sweep'], withSlack('2026-11-30T00:35+09:00'))).code).toBe(0);
    expect(await contractOf('hd-1', at('2026-11-30T00:40+09:00'))).toMatchObject({
      waitingForStaff: true,
      replyDeadline: null,
      noticesSent: 1,
    });
    const answered = (await certdesk(['contracts', '--search', 'hd-1'], at('2026-11-30T00:40+09:00'))).stdout;
    expect(answered).toContain("(held: waiting for the customer's answer or a staff decision)");
    expect(answered).not.toContain('no notice sent');
    const story = (await certdesk(['contract', 'show', 'hd-1'], at('2026-11-30T00:40+09:00'))).stdout;
    expect(story).toMatch(/Reply by — \(held: waiting/);
    expect(story).toContain('reply by — (held)');
    // Staff answer for the customer: the cycle has an outcome, and "held" is no longer shown.
    expect(
      (await certdesk(['answer', '--contract', 'hd-1', '--answer', 'dont-renew'], at('2026-11-30T00:45+09:00'))).code,
    ).toBe(0);
    await certdesk(['sweep'], withSlack('2026-11-30T00:50+09:00'));
    const after = await contractOf('hd-1', at('2026-11-30T00:55+09:00'));
    expect(after.waitingForStaff).toBe(false);
    expect((await certdesk(['contracts', '--search', 'hd-1'], at('2026-11-30T00:55+09:00'))).stdout).not.toContain(
      'held',
    );
  });
});

describe('the words of the command line, in each language', () => {
  it('sweep says its details and its Slack deliveries in words, amounts as ¥59,800', async () => {
    const dry = await certdesk(['sweep', '--dry-run'], at('2026-12-12T00:00+09:00'));
    expect(dry.stdout).toMatch(/sw-1\s+deadline passed\s+default renewal/);
    const r = await certdesk(['sweep'], withSlack('2026-12-12T00:00+09:00', { CERTDESK_LANG: 'ja' }));
    expect(r.stdout).toMatch(/sw-1\s+回答期限の経過\s+みなし更新 · 料金 ¥59,800/);
    expect(r.stdout).toMatch(/メッセージ（Slack とメール）: 送信 \d+ 件/);
    expect(r.stdout).not.toMatch(/\{"|late|renewed|¥59800/);
  });

  it('the ledger cites Appendix 1 as 別紙1の1 and 別紙1の3 in Japanese', async () => {
    const r = await certdesk(['ledger', '--contract', 'sw-1'], ja({ CERTDESK_NOW: '2026-12-13T10:00+09:00' }));
    expect(r.stdout).toContain('第10条、第6条第2項、別紙1の1');
    expect(r.stdout).toContain('第10条、第6条第2項、別紙1の3');
    expect(r.stdout).not.toMatch(/別紙1 \d/);
  });

  it('contract show speaks of term kinds, outcomes and refused answers in words, not codes', async () => {
    const e = ja({ CERTDESK_NOW: '2026-12-13T10:00+09:00' });
    expect(
      (await certdesk(['answer', '--contract', 'sw-1', '--answer', 'dont-renew', '--received', '2026-12-13T09:00'], e))
        .code,
    ).toBe(3);
    const story = (await certdesk(['contract', 'show', 'sw-1'], e)).stdout;
    expect(story).toContain('1年間 · quick-ssl · 取り込み');
    expect(story).toContain('結果 みなし更新');
    expect(story).toMatch(/受付不可: [^a-z]*回答期限/);
    const terms = story.slice(story.indexOf('有効期間\n'), story.indexOf('監査記録'));
    expect(terms).not.toMatch(/imported|renewal|renewed|outcome-already-recorded|answer-after-deadline/);
    expect(terms).toContain('コマンドライン（受付不可: ');
  });

  it('cert inspect gives the validity in whole days, and what is left over', async () => {
    const exact = tempFile(
      makeCertificate({ notBefore: '2026-01-01T00:00:00Z', notAfter: '2026-12-31T23:59:59Z' }),
      '.pem',
    );
    const plusOne = tempFile(
      makeCertificate({ notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z' }),
      '.pem',
    );
    expect((await certdesk(['cert', 'inspect', exact], env())).stdout).toMatch(
      /Validity\s+365 days \(both ends included, RFC 5280\)/,
    );
    expect((await certdesk(['cert', 'inspect', plusOne], env())).stdout).toMatch(/Validity\s+365 days 1 s /);
    expect((await certdesk(['cert', 'inspect', plusOne], ja())).stdout).toContain('365日と1秒');
    expect((await certdesk(['cert', 'inspect', plusOne, '--json'], env())).json).toMatchObject({
      validityDays: 365.000012,
      validitySeconds: 31_536_001,
    });
  });

  it('SureServer is legacy and not sold in Japanese as in English; its refusal cites its provision once', async () => {
    const items = (await certdesk(['items', '--item', 'sureserver'], ja())).stdout;
    expect(items).toContain('SureServer（旧品目・販売終了）');
    expect(items).toContain('6ヶ月間（更新）');
    expect(items).toContain('新規には販売していません');
    expect((await certdesk(['items', '--item', 'sureserver'], env())).stdout).toContain('6 months (renewal)');
    const en = await certdesk(['quote', '--item', 'sureserver', '--term', '1y'], env());
    expect(en.code).toBe(3);
    expect(en.stderr.match(/supplementary provision/gi)).toHaveLength(1);
    expect(en.stderr).toContain('Supplementary provision of 2016-07-01:');
    const jaRefusal = await certdesk(['quote', '--item', 'sureserver', '--term', '1y'], ja());
    expect(jaRefusal.stderr.match(/附則/g)).toHaveLength(1);
    expect(jaRefusal.stderr).toContain('平成28年7月1日附則: sureserver は新規には販売していません');
  });

  it('help: --dry-run lines up under cancel withdraw, abolish withdraw --dry-run speaks of a withdrawal, the Category header is capitalised', async () => {
    const help = (await certdesk(['cancel', 'withdraw', '--help'], env())).stdout.split('\n');
    const column = (flag: string) => {
      const line = help.find((l) => l.trimStart().startsWith(flag))!;
      return line.indexOf(line.slice(2 + flag.length).trimStart());
    };
    expect(column('--dry-run')).toBe(column('--reason TEXT'));
    expect(column('--dry-run')).toBe(column('--contract ID'));
    const withdraw = (await certdesk(['abolish', 'withdraw', '--help'], env())).stdout;
    expect(withdraw).not.toContain('would end');
    expect(withdraw).toContain('once the abolition is withdrawn');
    expect((await certdesk(['items'], env())).stdout).toMatch(/Code\s+Name\s+Category\s+Term/);
  });

  it('abolish tables carry the era date in Japanese, as other dates do', async () => {
    const r = await certdesk(['abolish', '--item', 'corporate-ssl', '--from', '2027-04-01', '--dry-run'], ja());
    // The abolition falls within the term a renewal would begin: can-2 ends on its expiry date (Art. 8 with Art. 6(2)).
    expect(r.stdout).toMatch(/can-2\s.*2027-01-10 \(令和9年1月10日\) 廃止/);
    const moved = await certdesk(
      ['abolish', 'move', '--item', 'secure-server-id-ev', '--from', '2027-04-01', '--dry-run'],
      ja(),
    );
    expect(moved.stdout).toContain('2026-12-01 (令和8年12月1日) から 2027-04-01 (令和9年4月1日) に変更されます');
  });
});
