// What a person new to certdesk met on the command line: full-width input read in one place and
// refused in another, a common name that one command took and another refused, an import that
// told its problems over two runs, a second empty database beside the sandbox's, and messages
// "waiting" without saying why.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const NOW = '2026-11-25T10:00+09:00';
const env = () => ({ ...t.env, CERTDESK_NOW: NOW });
const acme = {
  type: 'customer',
  id: 'acme',
  name: 'ACME株式会社',
  country: 'JP',
  channel: 'C0ACME',
  contacts: ['U0ALICE'],
};
const contract = (id: string, extra: object = {}) => ({
  type: 'contract',
  id,
  customer: 'acme',
  item: 'quick-ssl',
  term: '1y',
  commonName: `${id}.acme.example`,
  notBefore: '2026-03-01T00:00:00+09:00',
  notAfter: '2027-03-01T23:59:59+09:00',
  ...extra,
});
const importLines = async (...records: object[]) =>
  certdesk(['import', tempFile(jsonl(...records), '.jsonl'), '--json'], env());

beforeAll(async () => {
  expect((await importLines(acme, contract('acme-www'))).code).toBe(0);
});

describe('full-width input is read as its ASCII twin everywhere', () => {
  it('contracts --search ＡＣＭＥ finds ACME’s contracts', async () => {
    const r = await certdesk(['contracts', '--search', 'ＡＣＭＥ', '--json'], env());
    expect(r.code).toBe(0);
    expect(r.json.map((c: { id: string }) => c.id)).toEqual(['acme-www']);
  });

  it('cancellation-date and cancel take an arrival time typed in full width', async () => {
    const date = await certdesk(
      ['cancellation-date', '--received', '２０２６－０９－０１　１０：００', '--json'],
      env(),
    );
    expect(date).toMatchObject({ code: 0, json: { receivedOn: '2026-09-01', effective: '2026-10-01' } });
    const cancel = await certdesk(
      ['cancel', '--contract', 'ａｃｍｅ－ｗｗｗ', '--received', '２０２６－１１－２０　１０：００', '--json'],
      env(),
    );
    expect(cancel.code).toBe(0);
  });
});

describe('one checker of common names: apply, import and eligibility agree', () => {
  const names = [
    'localhost',
    'www..acme.example',
    'ドメイン.acme.example',
    'WWW.Acme.Example',
    '192.0.2.1',
    'under_score.acme.example',
  ];
  it.each(names)('%s', async (name) => {
    const apply = await certdesk(
      ['apply', '--customer', 'acme', '--item', 'quick-ssl', '--term', '1y', '--common-name', name, '--json'],
      env(),
    );
    const eligibility = await certdesk(
      ['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'JP', '--common-name', name, '--json'],
      env(),
    );
    const imported = await certdesk(
      [
        'import',
        '--dry-run',
        tempFile(jsonl(acme, contract(`cn-${names.indexOf(name)}`, { commonName: name })), '.jsonl'),
        '--json',
      ],
      env(),
    );
    const refusedBy = {
      apply: JSON.stringify(apply.json).includes('common-name-invalid'),
      eligibility: JSON.stringify(eligibility.json).includes('common-name-invalid'),
      import: imported.code !== 0,
    };
    expect(
      new Set(Object.values(refusedBy)).size,
      JSON.stringify({ refusedBy, apply: apply.json, eligibility: eligibility.json, imported: imported.json }),
    ).toBe(1);
  });
});

describe('an import tells every problem of a line in one run', () => {
  it('a bad common name and an unknown item on the same line are both reported', async () => {
    const r = await certdesk(
      [
        'import',
        tempFile(jsonl(acme, contract('two-faults', { commonName: 'not a name', item: 'quick-sll' })), '.jsonl'),
        '--json',
      ],
      env(),
    );
    expect(r.code).not.toBe(0);
    const text = JSON.stringify(r.json);
    expect(text).toContain('not a name');
    expect(text).toContain('quick-sll');
  });
});

describe('sweep says why messages wait', () => {
  it('without SLACK_BOT_TOKEN: it says that no token is set and how to set it', async () => {
    const r = await certdesk(['sweep', '--as-of', '2027-01-01T10:00+09:00'], { ...env(), SLACK_BOT_TOKEN: undefined });
    expect(r.stdout).toMatch(/waiting/i);
    expect(r.stdout).toContain('SLACK_BOT_TOKEN');
  });
});

describe('beside a running sandbox, the command line does not make a second, empty database', () => {
  let dataDir: string;
  let sandbox: EmbeddedDatabase;
  beforeAll(async () => {
    // The sandbox holds <data>/sandbox (as `certdesk sandbox` does): here this process holds it.
    dataDir = mkdtempSync(join(tmpdir(), 'certdesk-beside-sandbox-'));
    sandbox = await openEmbedded(join(dataDir, 'sandbox'), { server: true });
    await migrateToLatest(sandbox.url);
  }, 120_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('contracts uses the sandbox’s database and says so, and never creates one of its own', async () => {
    expect(
      (
        await certdesk(['import', tempFile(jsonl(acme, contract('sandbox-www')), '.jsonl')], {
          DATABASE_URL: sandbox.url,
          CERTDESK_NOW: NOW,
        })
      ).code,
    ).toBe(0);
    const noDatabase = { CERTDESK_DATA_DIR: dataDir, DATABASE_URL: undefined, CERTDESK_NOW: NOW };
    const r = await certdesk(['contracts', '--json'], noDatabase);
    expect(r.code).toBe(0);
    expect(r.json.map((c: { id: string }) => c.id)).toEqual(['sandbox-www']);
    expect(r.stderr).toContain(`a sandbox is running: using its database (${join(dataDir, 'sandbox')})`);
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
  }, 120_000);

  it('once this folder has a database of its own, it says that it is not the sandbox’s', async () => {
    const own = await openEmbedded(dataDir);
    await own.stop();
    const r = await certdesk(['contracts', '--json'], {
      CERTDESK_DATA_DIR: dataDir,
      DATABASE_URL: undefined,
      CERTDESK_NOW: NOW,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`not the running sandbox's (${join(dataDir, 'sandbox')})`);
  }, 120_000);
});
