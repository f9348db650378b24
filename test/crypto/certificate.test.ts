// Reading certificates that OpenSSL made, RSA and EC, PEM and DER, checked against what OpenSSL
// itself prints of them. Only the length of the validity is fixed (-days): the dates are compared
// with OpenSSL's, never with the day the test runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCertificate, readCertificate, type CertificateFacts } from '../../src/crypto/certificate.js';
import { publicKeyFingerprint } from '../../src/crypto/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'certdesk-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAYS = 397;
const SANS = 'DNS:www.example.jp,DNS:example.jp,IP:192.0.2.1,IP:2001:db8:0:0:0:0:0:1';

/** `openssl req -x509` with a new key of the given algorithm; the PEM and DER files. */
function opensslCertificate(name: string, newkey: string[]): { pem: string; der: Buffer; keyPem: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      ...newkey,
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      String(DAYS),
      '-set_serial',
      '0x1234abcd',
      '-utf8',
      '-subj',
      '/C=JP/O=株式会社テスト/CN=www.example.jp',
      '-addext',
      `subjectAltName=${SANS}`,
    ],
    { stdio: 'pipe' },
  );
  const derPath = join(dir, `${name}.der`);
  execFileSync('openssl', ['x509', '-in', cert, '-outform', 'DER', '-out', derPath], { stdio: 'pipe' });
  return { pem: readFileSync(cert, 'utf8'), der: readFileSync(derPath), keyPem: readFileSync(key, 'utf8') };
}

/** What `openssl x509` prints of a certificate: serial, dates and SHA-256 fingerprint. */
function opensslSays(pemText: string): { serial: string; notBefore: Date; notAfter: Date; fingerprint: string } {
  const path = join(dir, 'says.pem');
  writeFileSync(path, pemText);
  const out = execFileSync(
    'openssl',
    ['x509', '-in', path, '-noout', '-serial', '-startdate', '-enddate', '-fingerprint', '-sha256'],
    { encoding: 'utf8' },
  );
  const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1] ?? '';
  return {
    serial: field('serial').toLowerCase(),
    notBefore: new Date(field('notBefore')),
    notAfter: new Date(field('notAfter')),
    fingerprint: field('sha256 Fingerprint').replace(/:/g, '').toLowerCase(),
  };
}

function read(input: string | Uint8Array): CertificateFacts {
  const r = readCertificate(input);
  if (!r.ok) throw new Error(`${r.problem}: ${r.detail ?? ''}`);
  return r.certificate;
}

const KINDS = [
  { kind: 'RSA', newkey: ['-newkey', 'rsa:2048'], keyType: 'RSA', keyBits: 2048 },
  { kind: 'EC', newkey: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], keyType: 'EC', keyBits: 256 },
] as const;

describe('reading a certificate made by OpenSSL', () => {
  for (const k of KINDS) {
    describe(k.kind, () => {
      const made = opensslCertificate(k.kind.toLowerCase(), [...k.newkey]);
      const says = opensslSays(made.pem);

      it('reads the names, issuer, serial, key and fingerprint OpenSSL wrote', () => {
        const c = read(made.pem);
        expect(c).toMatchObject({
          commonName: 'www.example.jp',
          sans: ['www.example.jp', 'example.jp', '192.0.2.1', '2001:db8::1'],
          issuer: 'www.example.jp',
          serial: '1234abcd',
          keyType: k.keyType,
          keyBits: k.keyBits,
        });
        expect(c.serial).toBe(says.serial);
        expect(c.fingerprintSha256).toBe(says.fingerprint);
      });

      it('reads the validity OpenSSL wrote, to the second, -days apart', () => {
        const c = read(made.pem);
        expect(c.notBefore.getTime()).toBe(says.notBefore.getTime());
        expect(c.notAfter.getTime()).toBe(says.notAfter.getTime());
        expect(c.notAfter.getTime() - c.notBefore.getTime()).toBe(DAYS * 86_400_000);
      });

      it('reads the same from DER as from PEM', () => {
        const fromDer = read(made.der);
        const fromPem = read(made.pem);
        expect({ ...fromDer, pem: undefined }).toEqual({ ...fromPem, pem: undefined });
        expect({ ...read(fromDer.pem), pem: undefined }).toEqual({ ...fromPem, pem: undefined });
      });

      it('opens the same certificate for key and chain checks', () => {
        expect(publicKeyFingerprint(openCertificate(made.pem)!)).toBe(publicKeyFingerprint(made.keyPem));
        expect(openCertificate(made.der)?.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(says.fingerprint);
      });
    });
  }

  it('a damaged certificate is unreadable, whatever its key', () => {
    const { pem } = opensslCertificate('damaged', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    const truncated = `${pem.split('\n').slice(0, 4).join('\n')}\n-----END CERTIFICATE-----\n`;
    expect(readCertificate(truncated)).toMatchObject({ ok: false, problem: 'unreadable-certificate' });
    expect(openCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toBeNull();
  });
});
