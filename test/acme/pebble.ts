// Debian's pebble (Let's Encrypt's ACME test server) and pebble-challtestsrv (its DNS) for a test
// file: pebble asks for External Account Binding, fetches http-01 from `certdesk serve` (its
// httpPort) and resolves names through challtestsrv; its TLS certificate comes from a CA made
// for the run, which the tests give certdesk as the issuer's CA bundle.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:https';
import { makeLeaf, makeRoot } from '../support/ca.js';
import { freePort } from '../support/net.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Whether the pebble tests run: pebble installed, or required (CI) so that its absence fails. */
export function pebbleInstalled(): boolean {
  const ok = has('pebble') && has('pebble-challtestsrv');
  if (!ok && process.env.CERTDESK_REQUIRE_PEBBLE === '1')
    throw new Error('CERTDESK_REQUIRE_PEBBLE=1 but pebble is not installed: apt-get install pebble');
  if (!ok) console.warn('pebble is not installed (apt-get install pebble): the ACME tests are skipped');
  return ok;
}

export interface Pebble {
  directoryUrl: string;
  /** PEM of the CA that signed pebble's TLS certificate: the issuer's CA bundle. */
  tlsCaPem: string;
  /** External accounts pebble knows: key id → HMAC key (base64url). */
  eab: Record<string, string>;
  /** challtestsrv's management API (set-txt, clear-txt). */
  challtestsrvUrl: string;
  /** The root of the certificates pebble issues (its management API, /roots/0). */
  issuingRoot: () => Promise<string>;
  stop: () => Promise<void>;
}

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: new Agent({ ca }), method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start`);
}

function stopProcess(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}

/** Starts challtestsrv and pebble; pebble's VA fetches http-01 answers from 127.0.0.1:`httpPort`. */
export async function startPebble(options: { httpPort: number; validityDays?: number }): Promise<Pebble> {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-pebble-'));
  const [listen, management, dns, challMgmt] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const root = makeRoot({ commonName: 'certdesk pebble TLS root' });
  const leaf = makeLeaf(root, { commonName: 'localhost', sans: ['localhost', '127.0.0.1'] });
  writeFileSync(join(dir, 'cert.pem'), leaf.certPem);
  writeFileSync(join(dir, 'key.pem'), leaf.keyPem);
  const eab = {
    'kid-globalsign': randomBytes(32).toString('base64url'),
    'kid-digicert': randomBytes(32).toString('base64url'),
  };
  writeFileSync(
    join(dir, 'pebble.json'),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${listen}`,
        managementListenAddress: `127.0.0.1:${management}`,
        certificate: join(dir, 'cert.pem'),
        privateKey: join(dir, 'key.pem'),
        httpPort: options.httpPort,
        tlsPort: await freePort(),
        ocspResponderURL: '',
        externalAccountBindingRequired: true,
        externalAccountMACKeys: eab,
        certificateValidityPeriod: (options.validityDays ?? 200) * 86_400,
      },
    }),
  );
  const log = (name: string) => (d: Buffer) => {
    if (process.env.CERTDESK_PEBBLE_LOG) process.stderr.write(`[${name}] ${d.toString()}`);
  };
  const chall = spawn(
    'pebble-challtestsrv',
    [
      '-defaultIPv4',
      '127.0.0.1',
      '-defaultIPv6',
      '',
      '-dns01',
      `127.0.0.1:${dns}`,
      '-http01',
      '',
      '-https01',
      '',
      '-tlsalpn01',
      '',
      '-management',
      `127.0.0.1:${challMgmt}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  chall.stdout!.on('data', log('challtestsrv'));
  chall.stderr!.on('data', log('challtestsrv'));
  // Nonce rejection stays at pebble's default (5% of nonces refused): acme-client's badNonce retries run.
  const pebble = spawn('pebble', ['-config', join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${dns}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1' },
  });
  pebble.stdout!.on('data', log('pebble'));
  pebble.stderr!.on('data', log('pebble'));
  const challtestsrvUrl = `http://127.0.0.1:${challMgmt}`;
  const directoryUrl = `https://localhost:${listen}/dir`;
  await until(
    'pebble-challtestsrv',
    async () =>
      (await fetch(`${challtestsrvUrl}/clear-txt`, { method: 'POST', body: JSON.stringify({ host: 'probe.' }) })).ok,
  );
  await until('pebble', async () => (await get(directoryUrl, root.certPem)).status === 200);
  return {
    directoryUrl,
    tlsCaPem: root.certPem,
    eab,
    challtestsrvUrl,
    issuingRoot: async () => (await get(`https://localhost:${management}/roots/0`, root.certPem)).body,
    stop: async () => {
      await Promise.all([stopProcess(pebble), stopProcess(chall)]);
    },
  };
}
