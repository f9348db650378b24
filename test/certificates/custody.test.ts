// Art. 4(7): key pairs and CSRs made by the provider, keys kept sealed, issued certificates
// attached with every check, reissues inside a term, and category III renewal certificates —
// through the real command line against a real PostgreSQL, with certificates from a throwaway CA.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, ledgerEntries, outbox, privateKeys } from '../../src/db/schema.js';
import { acceptApplication, submitApplication } from '../../src/services/applications.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { makeHierarchy, makeLeaf, tamperSignature, type Issued } from '../support/ca.js';
import { embeddedTests, useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const NOW = '2026-11-25T10:00+09:00';
const MASTER = randomBytes(32).toString('base64');
const NEXT_MASTER = randomBytes(32).toString('base64');
const env = (extra: Record<string, string> = {}) => ({
  ...t.env,
  CERTDESK_NOW: NOW,
  CERTDESK_MASTER_KEY: MASTER,
  ...extra,
});
const dir = execFileSync('mktemp', ['-d']).toString().trim();
const kept: string[] = [];

let ca: { root: Issued; intermediate: Issued };
let contractId = '';

beforeAll(async () => {
  ca = makeHierarchy('rsa-2048', NOW);
  const records = jsonl(
    { type: 'customer', id: 'acme', name: 'ACME株式会社', country: 'JP', channel: 'C0ACME', contacts: ['U0ALICE'] },
    {
      type: 'contract',
      id: 'acme-byo',
      customer: 'acme',
      item: 'bring-your-own',
      term: '1y',
      commonName: 'byo.acme.example',
      notBefore: '2026-01-20T00:00:00+09:00',
      notAfter: '2027-01-10T23:59:59+09:00',
    },
  );
  expect(
    (await certdesk(['import', tempFile(records, '.jsonl')], { ...t.env, CERTDESK_NOW: '2026-10-01T10:00+09:00' }))
      .code,
  ).toBe(0);
  // A category I contract accepted from an application: it has no term until its certificate comes.
  const now = new Date('2026-11-25T01:00:00Z');
  const app = await submitApplication(
    t.db.db,
    {
      customerId: 'acme',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'www.acme.example',
      service: null,
      providerCreatesKey: true,
      movedFromExternalServer: false,
      certificatePem: null,
      submittedBy: 'U0ALICE',
      actor: 'test',
      channel: null,
    },
    now,
  );
  expect(app.ok).toBe(true);
  const accepted = await acceptApplication(
    t.db.db,
    { applicationId: app.ok ? app.value.application.id : 0, actor: 'test' },
    now,
  );
  contractId = accepted.ok ? accepted.value.contractId! : '';
  expect(contractId).toBe('acme-www-acme-example');
});

describe('Art. 4(7): a key pair and a CSR made by the provider', () => {
  it('without a master key, custody is refused with what to set and how to make one', async () => {
    const r = await certdesk(['csr', 'create', '--contract', contractId, '--json'], { ...t.env, CERTDESK_NOW: NOW });
    expect(r).toMatchObject({ code: 1, json: { message: expect.stringContaining('openssl rand -base64 32') } });
    expect(r.json.message).toContain('CERTDESK_MASTER_KEY');
    const weak = await certdesk(
      ['csr', 'create', '--contract', contractId, '--json'],
      env({ CERTDESK_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }),
    );
    expect(weak).toMatchObject({
      code: 1,
      json: {
        problems: [{ variable: 'CERTDESK_MASTER_KEY', message: expect.stringContaining('openssl rand -base64 32') }],
      },
    });
    expect(weak.stdout).not.toContain(Buffer.alloc(32, 7).toString('base64'));
  });

  for (const keyType of ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256'] as const) {
    it(`${keyType}: the CSR names the contract and its organisation, and openssl req -verify accepts it`, async () => {
      const r = await certdesk(['csr', 'create', '--contract', contractId, '--key-type', keyType, '--json'], env());
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({
        contract: contractId,
        keyType,
        commonName: 'www.acme.example',
        sans: ['www.acme.example'],
        subject: { commonName: 'www.acme.example', organization: 'ACME株式会社', country: 'JP' },
      });
      const file = join(dir, `${keyType}.csr`);
      execFileSync('sh', ['-c', `cat > ${file}`], { input: r.json.csr });
      // OpenSSL 3.0 prints its verdict on stderr and may exit 0 either way: read the words.
      const verified = spawnSync('openssl', ['req', '-in', file, '-noout', '-verify'], { encoding: 'utf8' });
      expect(`${verified.stdout}${verified.stderr}`).toMatch(/verify OK/);
      expect(`${verified.stdout}${verified.stderr}`).not.toMatch(/failure|error/i);
      expect(r.stdout).not.toMatch(/PRIVATE KEY/);
      kept.push(r.json.keyId);
    });
  }

  it('shows the CSR to people, never the key', async () => {
    const r = await certdesk(['csr', 'create', '--contract', contractId], env({ CERTDESK_LANG: 'ja' }));
    expect(r.stdout).toContain('-----BEGIN CERTIFICATE REQUEST-----');
    expect(r.stdout).toContain('秘密鍵は暗号化して保管しました');
    expect(r.stdout + r.stderr).not.toMatch(/PRIVATE KEY/);
    kept.push((await t.db.db.select().from(privateKeys)).at(-1)!.id);
  });
});

describe('custody: keys are kept sealed, exported only by staff, rotated all or nothing', () => {
  let keyPem = '';
  it('an exported key is written to a new file readable by its owner only, and the export is audited', async () => {
    const out = join(dir, 'www.key');
    const r = await certdesk(
      ['keys', 'export', '--contract', contractId, '--out', out, '--json'],
      env({ CERTDESK_ACTOR: 'hanako' }),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/PRIVATE KEY/);
    keyPem = readFileSync(out, 'utf8');
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect((await certdesk(['keys', 'export', '--contract', contractId, '--out', out], env())).code).toBe(2);
    const trail = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'key.export'));
    expect(trail).toEqual([expect.objectContaining({ actor: 'cli:hanako', subject: `contract:${contractId}` })]);
    expect(JSON.stringify(trail)).not.toMatch(/PRIVATE KEY/);
  });

  it('a dump of the database holds no key in the clear', async () => {
    const url = new URL(t.db.url);
    // The embedded database is served by this very process (pg_dump would wait on it forever) and
    // is a newer PostgreSQL than the client tools: there, every row of every table as text.
    const tables = async () =>
      (
        await t.db.db.execute<{ name: string }>(
          sql`select tablename as name from pg_tables where schemaname = 'public'`,
        )
      ).map((r) => r.name);
    const dump = embeddedTests()
      ? (
          await Promise.all(
            (await tables()).map(async (name) =>
              JSON.stringify([...(await t.db.db.execute(sql.raw(`select * from "${name}"`)))]),
            ),
          )
        ).join('\n')
      : execFileSync(
          'pg_dump',
          ['-h', url.hostname, '-p', url.port || '5432', '-U', 'postgres', url.pathname.slice(1)],
          { maxBuffer: 64 * 1024 * 1024 },
        ).toString();
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).not.toContain('PRIVATE KEY');
    const body = keyPem.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const line of body) expect(dump).not.toContain(line);
  });

  it('a changed ciphertext, or a wrong master key, is refused without showing key material', async () => {
    const [row] = await t.db.db
      .select()
      .from(privateKeys)
      .where(eq(privateKeys.id, kept.at(-1)!));
    const parts = row!.envelope.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0]! ^= 1;
    parts[3] = ct.toString('base64url');
    await t.db.db
      .update(privateKeys)
      .set({ envelope: parts.join('.') })
      .where(eq(privateKeys.id, row!.id));
    const tampered = await certdesk(
      ['keys', 'export', '--contract', contractId, '--key', row!.id, '--out', join(dir, 'x.key'), '--json'],
      env(),
    );
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/altered|tampered/);
    await t.db.db.update(privateKeys).set({ envelope: row!.envelope }).where(eq(privateKeys.id, row!.id));
    const wrong = await certdesk(
      ['keys', 'export', '--contract', contractId, '--out', join(dir, 'y.key'), '--json'],
      env({ CERTDESK_MASTER_KEY: NEXT_MASTER }),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).not.toMatch(/PRIVATE KEY/);
  });

  it('rotation re-seals every key under the new master key; without the old one, nothing changes', async () => {
    const refused = await certdesk(['keys', 'rotate', '--json'], env({ CERTDESK_MASTER_KEY: NEXT_MASTER }));
    expect(refused).toMatchObject({ code: 1, json: { message: expect.stringContaining('nothing changed') } });
    const before = await t.db.db.select().from(privateKeys);
    expect(new Set(before.map((k) => k.masterKeyId)).size).toBe(1);
    const r = await certdesk(
      ['keys', 'rotate', '--json'],
      env({ CERTDESK_MASTER_KEY: NEXT_MASTER, CERTDESK_MASTER_KEY_PREVIOUS: MASTER }),
    );
    expect(r).toMatchObject({ code: 0, json: { resealed: before.length, alreadyCurrent: 0 } });
    const after = await t.db.db.select().from(privateKeys);
    expect(after.every((k) => k.masterKeyId !== before[0]!.masterKeyId)).toBe(true);
    const again = await certdesk(
      ['keys', 'export', '--contract', contractId, '--out', join(dir, 'z.key')],
      env({ CERTDESK_MASTER_KEY: NEXT_MASTER }),
    );
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'z.key'), 'utf8')).toBe(keyPem);
  });
});

describe('Art. 3, 6(3): a category III renewal certificate', () => {
  it('is refused before a notice, and when it lives 90 days or less', async () => {
    const ninety = makeLeaf(ca.intermediate, {
      commonName: 'byo.acme.example',
      notBefore: '2026-12-01T00:00:00Z',
      notAfter: '2027-02-28T23:59:59Z',
    });
    const before = await certdesk(
      ['cert', 'upload', '--contract', 'acme-byo', tempFile(ninety.certPem, '.pem'), '--json'],
      env({ CERTDESK_NOW: '2026-12-02T10:00+09:00' }),
    );
    expect(before.json.reasons[0].code).toBe('renewal-not-open');
    await t.db.sql`update renewal_notices set sent_at = '2026-11-11T00:00:00Z' where true`;
    await certdesk(['sweep'], env({ CERTDESK_NOW: '2026-11-11T09:00+09:00' }));
    await t.db
      .sql`update renewal_notices set sent_at = '2026-11-11T00:00:00Z', slack_channel = 'C0ACME', slack_ts = '1.1'`;
    const refused = await certdesk(
      ['cert', 'upload', '--contract', 'acme-byo', tempFile(ninety.certPem, '.pem'), '--json'],
      env({ CERTDESK_NOW: '2026-12-02T10:00+09:00' }),
    );
    expect(refused.json.reasons).toEqual([
      expect.objectContaining({ article: 'Art. 6(3)', code: 'certificate-90-day-rule' }),
    ]);
  });

  it('a fitting certificate renews the contract at its own tier, and the next term is its validity', async () => {
    const cert = makeLeaf(ca.intermediate, {
      commonName: 'byo.acme.example',
      notBefore: '2026-12-01T00:00:00Z',
      notAfter: '2027-11-30T00:00:00Z',
    });
    const r = await certdesk(
      ['cert', 'upload', '--contract', 'acme-byo', tempFile(cert.certPem + ca.intermediate.certPem, '.pem'), '--json'],
      env({ CERTDESK_NOW: '2026-12-02T10:00+09:00' }),
    );
    expect(r).toMatchObject({ code: 0, json: { term: '1y', fees: 10_000 } });
    await certdesk(['sweep'], env({ CERTDESK_NOW: '2027-01-11T00:00+09:00' }));
    const row = (await certdesk(['contracts', '--json'], env({ CERTDESK_NOW: '2027-01-11T01:00+09:00' }))).json.find(
      (c: { id: string }) => c.id === 'acme-byo',
    );
    expect(row).toMatchObject({ status: 'active', startsOn: '2027-01-11', expiryDate: '2027-11-30', term: '1y' });
  });
});

describe('Art. 6(3): a held category III contract (no notice went out before its expiry date)', () => {
  it('"renew" waits for the certificate the customer brings; its upload renews the contract, with its fees', async () => {
    const at = (s: string) => env({ CERTDESK_NOW: s });
    const records = jsonl({
      type: 'contract',
      id: 'acme-held-byo',
      customer: 'acme',
      item: 'bring-your-own',
      term: '1y',
      commonName: 'held.acme.example',
      notBefore: '2025-11-25T00:00:00+09:00',
      notAfter: '2026-11-24T23:59:59+09:00',
    });
    expect((await certdesk(['import', tempFile(records, '.jsonl')], at('2026-11-25T10:00+09:00'))).code).toBe(0);
    await certdesk(['sweep'], at('2026-11-25T10:01+09:00'));
    const answer = await certdesk(
      ['answer', '--contract', 'acme-held-byo', '--answer', 'renew', '--json'],
      at('2026-11-25T11:00+09:00'),
    );
    expect(answer).toMatchObject({ code: 0, json: { kind: 'recorded', settled: false } });
    await certdesk(['sweep'], at('2026-11-25T12:00+09:00'));
    const row = async () =>
      (await certdesk(['contracts', '--json'], at('2026-11-25T12:05+09:00'))).json.find(
        (c: { id: string }) => c.id === 'acme-held-byo',
      );
    expect(await row()).toMatchObject({ status: 'active', expiryDate: '2026-11-24', renewalDecision: 'renew' });
    const cert = makeLeaf(ca.intermediate, {
      commonName: 'held.acme.example',
      notBefore: '2026-11-24T00:00:00Z',
      notAfter: '2027-11-24T00:00:00Z',
    });
    const up = await certdesk(
      [
        'cert',
        'upload',
        '--contract',
        'acme-held-byo',
        tempFile(cert.certPem + ca.intermediate.certPem, '.pem'),
        '--json',
      ],
      at('2026-11-25T12:00+09:00'),
    );
    expect(up).toMatchObject({ code: 0, json: { term: '1y', fees: 10_000 } });
    await certdesk(['sweep'], at('2026-11-25T12:01+09:00'));
    expect(await row()).toMatchObject({ status: 'active', startsOn: '2026-11-25', expiryDate: '2027-11-24' });
  });
});

describe('attaching an issued certificate (category I/II): each check its own message', () => {
  const leafFor = (keyPem: string, spec: Parameters<typeof makeLeaf>[1] = {}) =>
    makeLeaf(ca.intermediate, {
      commonName: 'www.acme.example',
      keyPem,
      notBefore: '2026-11-20T00:00:00Z',
      notAfter: '2027-05-20T00:00:00Z',
      ...spec,
    });
  const attach = (pem: string, extra: Record<string, string> = {}) =>
    certdesk(
      ['cert', 'attach', '--contract', contractId, tempFile(pem, '.pem'), '--json'],
      env({ CERTDESK_MASTER_KEY: NEXT_MASTER, ...extra }),
    );
  const keyPem = () => readFileSync(join(dir, 'www.key'), 'utf8');

  it('refuses a certificate for another name, another key, expired, not yet valid, or with a broken chain', async () => {
    const codes = async (pem: string) =>
      (await attach(pem)).json.reasons.map((x: { code: string; problem?: string }) => x.code);
    expect(
      await codes(leafFor(keyPem(), { commonName: 'shop.acme.example' }).certPem + ca.intermediate.certPem),
    ).toEqual(['certificate-does-not-cover-name']);
    const stranger = makeLeaf(ca.intermediate, {
      commonName: 'www.acme.example',
      notBefore: '2026-11-20T00:00:00Z',
      notAfter: '2027-05-20T00:00:00Z',
    });
    expect(await codes(stranger.certPem + ca.intermediate.certPem)).toEqual(['certificate-key-mismatch']);
    expect(
      await codes(leafFor(keyPem(), { notBefore: '2025-01-01T00:00:00Z', notAfter: '2025-06-01T00:00:00Z' }).certPem),
    ).toEqual(['certificate-expired']);
    expect(
      await codes(leafFor(keyPem(), { notBefore: '2027-01-01T00:00:00Z', notAfter: '2027-06-01T00:00:00Z' }).certPem),
    ).toEqual(['certificate-not-yet-valid']);
    const other = makeHierarchy('rsa-2048', NOW);
    expect(await codes(leafFor(keyPem()).certPem + other.intermediate.certPem)).toEqual(['certificate-chain-invalid']);
    expect(await codes(tamperSignature(leafFor(keyPem()).certPem) + ca.intermediate.certPem)).toEqual([
      'certificate-chain-invalid',
    ]);
    const messages = (await attach(leafFor(keyPem(), { commonName: 'shop.acme.example' }).certPem)).json.reasons[0];
    expect(messages.messageJa).toContain('コモンネーム');
  });

  it('a good certificate begins the contract’s term, with no fee; a reissue serves the same term', async () => {
    const fees = (await t.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, contractId))).length;
    const first = await attach(leafFor(keyPem()).certPem + ca.intermediate.certPem);
    expect(first).toMatchObject({ code: 0, json: { firstTerm: true, termExpiry: '2027-11-19', endsBeforeTerm: true } });
    expect((await attach(leafFor(keyPem()).certPem + ca.intermediate.certPem)).json).toMatchObject({ already: false });
    const reissue = await attach(
      leafFor(keyPem(), { notBefore: '2026-11-24T00:00:00Z', notAfter: '2027-06-01T00:00:00Z' }).certPem +
        ca.intermediate.certPem,
    );
    expect(reissue).toMatchObject({ code: 0, json: { firstTerm: false } });
    expect((await t.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, contractId))).length).toBe(
      fees,
    );
    const row = (await certdesk(['contracts', '--json'], env())).json.find((c: { id: string }) => c.id === contractId);
    expect(row).toMatchObject({ expiryDate: '2027-11-19', certificateNotAfter: '2027-06-01T00:00:00.000Z' });
  });

  it('staff are told ahead when the current certificate ends before the term does', async () => {
    const early = await certdesk(['sweep', '--json'], env({ CERTDESK_NOW: '2027-04-01T10:00+09:00' }));
    expect(early.json.reissues).toBe(0);
    const due = await certdesk(['sweep', '--json'], env({ CERTDESK_NOW: '2027-05-05T10:00+09:00' }));
    expect(due.json.reissues).toBe(1);
    const alerts = await t.db.db.select().from(outbox).where(eq(outbox.view, 'staff-alert'));
    expect(alerts.filter((a) => (a.data as { kind: string }).kind === 'certificate-ends-before-term')).toEqual([
      expect.objectContaining({ contractId, data: expect.objectContaining({ detail: '2027-06-01' }) }),
    ]);
    expect((await certdesk(['sweep', '--json'], env({ CERTDESK_NOW: '2027-05-06T10:00+09:00' }))).json.reissues).toBe(
      0,
    );
  });
});
