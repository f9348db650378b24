// Ordering certificates from a CA over ACME (RFC 8555), against Debian's pebble: External Account
// Binding, http-01 answered by `certdesk serve`, dns-01 through a hook, a wrong EAB key, and a run
// killed between the order and its finalisation. Dates are read from what pebble issues (it issues
// from the real time), never assumed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ariCertId } from '../../src/acme/ari.js';
import { splitPemChain, verifyChain } from '../../src/crypto/chain.js';
import { publicKeyFingerprint } from '../../src/crypto/keys.js';
import { jstDateOf } from '../../src/domain/dates.js';
import { termEnd } from '../../src/domain/renewal.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { freePort } from '../support/net.js';
import { pebbleInstalled, startPebble, type Pebble } from './pebble.js';

const t = useFreshDatabase();
const MASTER = randomBytes(32).toString('base64');
const run = pebbleInstalled();

let pebble: Pebble;
let serve: ChildProcess;
let servePort: number;
let env: Record<string, string>;
/** The contract ordered over http-01, reissued by the scheduler later. */
let wwwContract: string;

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

/** A contract from an accepted application; `delegate`: the customer asked the provider to make the key (Art. 4(7)). */
async function contractFor(item: string, commonName: string, delegate: boolean): Promise<string> {
  const applied = await certdesk(
    [
      'apply',
      '--customer',
      'acme19',
      '--item',
      item,
      '--term',
      '1y',
      '--common-name',
      commonName,
      ...(delegate ? ['--delegate-key'] : []),
      '--json',
    ],
    env,
  );
  expect(applied.code, applied.stderr).toBe(0);
  const accepted = await certdesk(['application', 'accept', String(applied.json.application), '--json'], env);
  expect(accepted.code, accepted.stderr).toBe(0);
  return accepted.json.contract as string;
}

async function rows<T>(query: string, ...params: (string | number)[]): Promise<T[]> {
  return (await t.db.sql.unsafe(query, params)) as unknown as T[];
}

/** A dns-01 hook that publishes the TXT record through challtestsrv's management API. */
function dnsHook(extra = ''): string {
  const path = tempFile(
    `#!/usr/bin/env node
${extra}
const [action, name, value] = process.argv.slice(2);
const path = action === 'add' ? '/set-txt' : '/clear-txt';
fetch(${JSON.stringify(pebble.challtestsrvUrl)} + path, { method: 'POST', body: JSON.stringify({ host: name + '.', value }) })
  .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
`,
    '.mjs',
  );
  chmodSync(path, 0o755);
  return path;
}

describe.skipIf(!run)('ordering certificates over ACME (pebble)', () => {
  beforeAll(async () => {
    servePort = await freePort();
    pebble = await startPebble({ httpPort: servePort, validityDays: 200 });
    env = { ...t.env, REDIS_URL: testRedisUrl(8), CERTDESK_MASTER_KEY: MASTER, PORT: String(servePort) };
    // This serve answers http-01 from PostgreSQL for orders placed elsewhere (the command line); with
    // no master key its workers place no orders themselves, so each test decides when one is placed.
    serve = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js'), 'serve'], {
      env: { ...process.env, ...env, CERTDESK_MASTER_KEY: '' },
      stdio: 'ignore',
    });
    await waitFor(`http://127.0.0.1:${servePort}/healthz`);
    const records = jsonl(
      {
        type: 'customer',
        id: 'acme19',
        name: 'ACME株式会社',
        country: 'JP',
        channel: 'C0ACME19',
        contacts: ['U0ALICE'],
      },
      { type: 'staff', slackUserId: 'U0STAFF', name: '山田 花子' },
    );
    expect((await certdesk(['import', tempFile(records, '.jsonl')], env)).code).toBe(0);
  });

  afterAll(async () => {
    serve?.kill('SIGTERM');
    if (serve) await new Promise((r) => serve.once('exit', r));
    await pebble?.stop();
  });

  it('refuses with exit 3 when the issuer takes no ACME orders or the key was not delegated', async () => {
    const manual = await contractFor('sureserver-cloud', 'manual.a19.test', true);
    const r = await certdesk(['cert', 'order', '--contract', manual, '--json'], env);
    expect(r.code).toBe(3);
    expect(r.json.reasons.map((x: { code: string }) => x.code)).toEqual(['issuer-not-acme']);
    expect(r.json.reasons[0].message).toContain('certdesk issuer set cybertrust');

    expect(
      (
        await certdesk(
          [
            'issuer',
            'set',
            'globalsign',
            '--acme-directory',
            pebble.directoryUrl,
            '--ca-bundle',
            tempFile(pebble.tlsCaPem, '.pem'),
          ],
          env,
        )
      ).code,
    ).toBe(0);
    const own = await contractFor('quick-ssl', 'own-key.a19.test', false);
    const k = await certdesk(['cert', 'order', '--contract', own, '--json'], env);
    expect(k.code).toBe(3);
    expect(k.json.reasons).toEqual([expect.objectContaining({ article: 'Art. 4(7)', code: 'key-not-delegated' })]);
    expect(await rows('select id from acme_orders')).toEqual([]);
  });

  it('a wrong EAB HMAC key: a clear error, and no order row', async () => {
    const wrong = randomBytes(32).toString('base64url');
    const set = await certdesk(
      [
        'issuer',
        'set',
        'globalsign',
        '--acme-directory',
        pebble.directoryUrl,
        '--eab-kid',
        'kid-globalsign',
        // A key may start with '-' (base64url): given as --flag=VALUE.
        `--eab-hmac-key=${wrong}`,
        '--ca-bundle',
        tempFile(pebble.tlsCaPem, '.pem'),
        '--json',
      ],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    const contract = await contractFor('quick-ssl', 'wrong-eab.a19.test', true);
    const r = await certdesk(['cert', 'order', '--contract', contract, '--json'], env);
    expect(r.code, r.stdout).toBe(1);
    expect(r.json.message, r.stdout).toMatch(/the CA refused the ACME account: .*external account binding/i);
    expect(await rows('select id from acme_orders where contract_id = $1', contract)).toEqual([]);
    expect(await rows('select account_url from acme_issuers where issuer = $1', 'globalsign')).toEqual([
      { account_url: null },
    ]);
    // Staff are told once; the scheduler leaves the issuer alone for a while instead of asking again each minute.
    expect(await rows("select view from outbox where key like 'alert:acme-account:globalsign:%'")).toEqual([
      { view: 'staff-alert' },
    ]);
    const sweep = await certdesk(['sweep', '--json'], env);
    expect(sweep.json.orders).toEqual({});
    expect(await rows('select id from acme_orders where contract_id = $1', contract)).toEqual([]);
  });

  it('orders over http-01 with EAB: the issued certificate is attached with the kept key, its chain verified, the term as the terms say', async () => {
    const set = await certdesk(
      [
        'issuer',
        'set',
        'globalsign',
        '--acme-directory',
        pebble.directoryUrl,
        '--eab-kid',
        'kid-globalsign',
        // A key may start with '-' (base64url): given as --flag=VALUE.
        `--eab-hmac-key=${pebble.eab['kid-globalsign']!}`,
        '--challenge',
        'http-01',
        '--ca-bundle',
        tempFile(pebble.tlsCaPem, '.pem'),
        '--json',
      ],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    const shown = await certdesk(['issuer', 'show', '--json'], env);
    expect(shown.stdout).not.toContain(pebble.eab['kid-globalsign']);
    expect(shown.json.find((i: { issuer: string }) => i.issuer === 'globalsign')).toMatchObject({
      acme: true,
      eabKid: 'kid-globalsign',
      eabHmacKey: 'sealed',
      challenge: 'http-01',
      caBundle: [expect.stringContaining('certdesk pebble TLS root')],
    });
    expect(shown.json.find((i: { issuer: string }) => i.issuer === 'digicert')).toMatchObject({ acme: false });
    const [stored] = await rows<{ eab_hmac_key: string }>(
      'select eab_hmac_key from acme_issuers where issuer = $1',
      'globalsign',
    );
    expect(stored!.eab_hmac_key).not.toContain(pebble.eab['kid-globalsign']);

    const contract = await contractFor('quick-ssl', 'www.a19.test', true);
    wwwContract = contract;
    const ledgerBefore = (await certdesk(['ledger', '--json'], env)).json.filter(
      (e: { contract: string }) => e.contract === contract,
    );
    const dry = await certdesk(['cert', 'order', '--contract', contract, '--dry-run', '--json'], env);
    expect(dry.json).toMatchObject({ contract, dryRun: true, need: 'first', status: 'would-order', createsKey: true });
    expect(await rows('select id from private_keys where contract_id = $1', contract)).toEqual([]);

    const r = await certdesk(['cert', 'order', '--contract', contract, '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json).toMatchObject({ contract, status: 'issued', need: 'first', already: false });
    expect(r.json.issuer).toMatch(/Pebble Intermediate CA/);

    // The certificate pebble issued, for the key certdesk made and keeps.
    const [cert] = await rows<{
      pem: string;
      chain_pem: string;
      serial: string;
      public_key_fingerprint: string;
      source: string;
      contract_term_id: number;
    }>('select * from certificates where contract_id = $1', contract);
    expect(cert!.serial).toBe(r.json.serial);
    expect(cert!.source).toBe('issued');
    const [key] = await rows<{ public_key_fingerprint: string }>(
      'select public_key_fingerprint from private_keys where contract_id = $1',
      contract,
    );
    expect(publicKeyFingerprint(cert!.pem)).toBe(key!.public_key_fingerprint);
    const x = new X509Certificate(cert!.pem);
    expect(x.subjectAltName).toContain('DNS:www.a19.test');
    // Its chain: leaf → pebble's intermediate → pebble's root.
    const chain = splitPemChain(cert!.chain_pem);
    expect(verifyChain(cert!.pem, [...chain, await pebble.issuingRoot()], new Date())).toMatchObject({
      ok: true,
      code: 'verified',
    });

    // The term begins with the first certificate (JST date of its notBefore) and lasts the contract's term; no fee from the order.
    const notBefore = new Date(x.validFrom);
    const shownContract = await certdesk(['contract', 'show', contract, '--json'], env);
    expect(shownContract.code).toBe(0);
    expect(shownContract.json.terms[0]).toMatchObject({
      startsOn: jstDateOf(notBefore).toString(),
      expiryDate: termEnd(jstDateOf(notBefore), '1y')!.toString(),
    });
    expect(shownContract.json.orders).toEqual([
      expect.objectContaining({ need: 'first', status: 'issued', issuer: 'globalsign' }),
    ]);
    const ledgerAfter = (await certdesk(['ledger', '--json'], env)).json.filter(
      (e: { contract: string }) => e.contract === contract,
    );
    expect(ledgerAfter).toEqual(ledgerBefore);
    // Staff are told; the challenge answer is gone.
    expect(await rows('select view from outbox where key = $1', `alert:acme-issued:${r.json.order}`)).toEqual([
      { view: 'staff-alert' },
    ]);
    expect(await rows('select token from acme_challenges')).toEqual([]);

    // Ordered again by hand: the certificate is current and its replacement not due, so nothing is
    // ordered (it would buy a needless certificate); --replace replaces it anyway.
    const orders = await rows('select id from acme_orders where contract_id = $1', contract);
    const again = await certdesk(['cert', 'order', '--contract', contract, '--json'], env);
    expect(again.code, again.stdout).toBe(3);
    expect(again.json.reasons).toEqual([
      expect.objectContaining({ code: 'certificate-current', message: expect.stringContaining('--replace') }),
    ]);
    expect(await rows('select id from acme_orders where contract_id = $1', contract)).toEqual(orders);
    const replace = await certdesk(['cert', 'order', '--contract', contract, '--replace', '--dry-run', '--json'], env);
    expect(replace.json).toMatchObject({
      status: 'would-order',
      need: `replace:${(await rows<{ id: string }>('select id from certificates where contract_id = $1', contract))[0]!.id}`,
    });
  });

  it('answers dns-01 through CERTDESK_ACME_DNS_HOOK', async () => {
    const set = await certdesk(
      [
        'issuer',
        'set',
        'digicert',
        '--acme-directory',
        pebble.directoryUrl,
        '--eab-kid',
        'kid-digicert',
        // A key may start with '-' (base64url): given as --flag=VALUE.
        `--eab-hmac-key=${pebble.eab['kid-digicert']!}`,
        '--challenge',
        'dns-01',
        '--ca-bundle',
        tempFile(pebble.tlsCaPem, '.pem'),
      ],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    const contract = await contractFor('secure-server-id', 'dns.a19.test', true);
    const noHook = await certdesk(['cert', 'order', '--contract', contract, '--json'], env);
    expect(noHook.code).toBe(1);
    expect(noHook.json.message).toContain('CERTDESK_ACME_DNS_HOOK');
    const r = await certdesk(['cert', 'order', '--contract', contract, '--json'], {
      ...env,
      CERTDESK_ACME_DNS_HOOK: dnsHook(),
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json).toMatchObject({ contract, status: 'issued' });
    expect(await rows('select count(*)::int as n from certificates where contract_id = $1', contract)).toEqual([
      { n: 1 },
    ]);
    // One order row for the need, tried twice.
    expect(await rows('select need, status, attempts from acme_orders where contract_id = $1', contract)).toEqual([
      { need: 'first', status: 'issued', attempts: 2 },
    ]);
    expect(await rows('select view from outbox where key like $1', 'alert:acme-failed:%')).toHaveLength(1);
  });

  it('a run killed between the order and its finalisation is resumed on the same order: one certificate', async () => {
    const contract = await contractFor('secure-server-id', 'crash.a19.test', true);
    // The hook kills certdesk (its parent) when asked to publish the record: after the order, before finalisation.
    const killer = dnsHook(`if (process.argv[2] === 'add') process.kill(process.ppid, 'SIGKILL');`);
    const killed = await certdesk(['cert', 'order', '--contract', contract], {
      ...env,
      CERTDESK_ACME_DNS_HOOK: killer,
    });
    expect(killed.code).not.toBe(0);
    const [before] = await rows<{ id: number; order_url: string; status: string }>(
      'select id, order_url, status from acme_orders where contract_id = $1',
      contract,
    );
    expect(before).toMatchObject({ status: 'ordered', order_url: expect.stringMatching(/^https:\/\/localhost:\d+\//) });
    // Its lease has run out (the process is gone).
    await t.db.sql`update acme_orders set lease_until = now() - interval '1 second' where id = ${before!.id}`;
    const r = await certdesk(['cert', 'order', '--contract', contract, '--json'], {
      ...env,
      CERTDESK_ACME_DNS_HOOK: dnsHook(),
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.order).toBe(Number(before!.id));
    expect(await rows('select order_url, status from acme_orders where contract_id = $1', contract)).toEqual([
      { order_url: before!.order_url, status: 'issued' },
    ]);
    expect(await rows('select count(*)::int as n from certificates where contract_id = $1', contract)).toEqual([
      { n: 1 },
    ]);
  });

  it('the scheduler orders the first certificate of a contract accepted for an ACME issuer, with a delegated key', async () => {
    const contract = await contractFor('quick-ssl', 'sched.a19.test', true);
    const r = await certdesk(['sweep', '--json'], { ...env, CERTDESK_ACME_DNS_HOOK: dnsHook() });
    expect(
      r.code,
      JSON.stringify(
        await rows("select contract_id, need, status, last_error from acme_orders where status <> 'issued'"),
      ),
    ).toBe(0);
    expect(r.json.orders.issued).toBeGreaterThanOrEqual(1);
    expect(await rows('select need, status, requested_by from acme_orders where contract_id = $1', contract)).toEqual([
      { need: 'first', status: 'issued', requested_by: 'scheduler' },
    ]);
    expect(await rows('select count(*)::int as n from certificates where contract_id = $1', contract)).toEqual([
      { n: 1 },
    ]);
    // Done once: the next sweep orders nothing for it.
    const again = await certdesk(['sweep', '--json'], { ...env, CERTDESK_ACME_DNS_HOOK: dnsHook() });
    expect(again.json.orders.issued ?? 0).toBe(0);
    expect(await rows('select count(*)::int as n from acme_orders where contract_id = $1', contract)).toEqual([
      { n: 1 },
    ]);
  }, 180_000);

  it('inside the term, ahead of the certificate’s end, the scheduler orders its replacement: a reissue, no fee', async () => {
    const [cert] = await rows<{ id: string; not_after: Date; pem: string; contract_term_id: string }>(
      'select id, not_after, pem, contract_term_id from certificates where contract_id = $1',
      wwwContract,
    );
    const ledgerBefore = (await certdesk(['ledger', '--contract', wwwContract, '--json'], env)).json;
    const notAfter = new Date(cert!.not_after);
    // Pebble has no renewalInfo: CERTDESK_REISSUE_NOTICE_DAYS (30) before the JST day it ends, at 00:00 JST.
    const dueAt = new Date(
      Date.parse(`${jstDateOf(new Date(notAfter.getTime() - 30 * 86_400_000)).toString()}T00:00:00+09:00`),
    );
    const early = await certdesk(['sweep', '--as-of', new Date(dueAt.getTime() - 3_600_000).toISOString(), '--json'], {
      ...env,
      CERTDESK_ACME_DNS_HOOK: dnsHook(),
    });
    expect(early.code, early.stdout + early.stderr).toBe(0);
    expect(await rows('select need from acme_orders where contract_id = $1 order by id', wwwContract)).toEqual([
      { need: 'first' },
    ]);
    // Previewed first: the dry run names the order it would place, and places none.
    const preview = await certdesk(
      ['sweep', '--dry-run', '--as-of', new Date(dueAt.getTime() + 60_000).toISOString(), '--json'],
      env,
    );
    // (Contracts of the tests above are due too: this database is shared by the file.)
    expect(preview.json.orders.due).toBe(
      preview.json.details.filter((d: { step: string }) => d.step === 'order').length,
    );
    expect(preview.json.details).toContainEqual({
      contractId: wwwContract,
      step: 'order',
      detail: `replace:${cert!.id}`,
    });
    expect(await rows('select need from acme_orders where contract_id = $1 order by id', wwwContract)).toHaveLength(1);
    const due = await certdesk(['sweep', '--as-of', new Date(dueAt.getTime() + 60_000).toISOString(), '--json'], {
      ...env,
      CERTDESK_ACME_DNS_HOOK: dnsHook(),
    });
    expect(due.code, due.stdout + due.stderr).toBe(0);
    expect(await rows('select need, status from acme_orders where contract_id = $1 order by id', wwwContract)).toEqual([
      { need: 'first', status: 'issued' },
      { need: `replace:${cert!.id}`, status: 'issued' },
    ]);
    // The new certificate serves the same term: a reissue, no renewal, no fee.
    const certs = await rows<{ contract_term_id: string }>(
      'select contract_term_id from certificates where contract_id = $1 order by id',
      wwwContract,
    );
    expect(certs.map((c) => c.contract_term_id)).toEqual([cert!.contract_term_id, cert!.contract_term_id]);
    expect(await rows('select count(*)::int as n from contract_terms where contract_id = $1', wwwContract)).toEqual([
      { n: 1 },
    ]);
    expect((await certdesk(['ledger', '--contract', wwwContract, '--json'], env)).json).toEqual(ledgerBefore);
    expect(
      await rows(
        "select action from audit_log where subject = $1 and action like 'certificate.%' order by id",
        `contract:${wwwContract}`,
      ),
    ).toEqual([{ action: 'certificate.attach' }, { action: 'certificate.reissue' }]);
  }, 300_000);

  it('names a certificate for ACME Renewal Information as RFC 9773 §4.1 does', () => {
    return rows<{ pem: string }>(
      'select pem from certificates where contract_id = $1 order by id limit 1',
      wwwContract,
    ).then(([c]) => {
      const file = tempFile(c!.pem, '.pem');
      const aki = execFileSync('openssl', ['x509', '-in', file, '-noout', '-ext', 'authorityKeyIdentifier'], {
        encoding: 'utf8',
      })
        .split('\n')[1]!
        .trim()
        .replace(/^keyid:/, '');
      const serialHex = execFileSync('openssl', ['x509', '-in', file, '-noout', '-serial'], { encoding: 'utf8' })
        .trim()
        .replace(/^serial=/, '');
      // DER INTEGER content: a leading zero octet when the high bit is set.
      let serial = Buffer.from(serialHex.length % 2 ? `0${serialHex}` : serialHex, 'hex');
      if (serial[0]! & 0x80) serial = Buffer.concat([Buffer.from([0]), serial]);
      expect(ariCertId(c!.pem)).toBe(
        `${Buffer.from(aki.replace(/:/g, ''), 'hex').toString('base64url')}.${serial.toString('base64url')}`,
      );
    });
  });

  it('keys rotate reseals the issuers’ EAB and account keys: orders go on under the new master key', async () => {
    const next = randomBytes(32).toString('base64');
    const rotated = await certdesk(['keys', 'rotate', '--json'], {
      ...env,
      CERTDESK_MASTER_KEY: next,
      CERTDESK_MASTER_KEY_PREVIOUS: MASTER,
    });
    expect(rotated.code, rotated.stdout + rotated.stderr).toBe(0);
    const contract = await contractFor('quick-ssl', 'rotated.a19.test', true);
    const r = await certdesk(['cert', 'order', '--contract', contract, '--json'], {
      ...env,
      CERTDESK_MASTER_KEY: next,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.status).toBe('issued');
  }, 120_000);
});
