// Art. 4(7): key pairs and CSRs made by certdesk, checked by OpenSSL itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsr, CsrError, readCsr } from '../../src/crypto/csr.js';
import { generateKeyPair, KEY_TYPES, KeyError, publicKeyFingerprint, type KeyType } from '../../src/crypto/keys.js';
import { toPem } from '../../src/crypto/x509.js';
import { makeHierarchy, makeLeaf } from '../support/ca.js';

const dir = mkdtempSync(join(tmpdir(), 'certdesk-csr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string): string {
  const path = join(dir, `f${n++}.pem`);
  writeFileSync(path, text);
  return path;
}

/**
 * `openssl req -verify`. OpenSSL 3.0 exits 0 even when the self-signature fails, printing
 * "verify failure", so the verdict is read from the output as well as the exit status.
 */
function opensslVerify(csrPem: string): { ok: boolean; out: string } {
  const r = spawnSync('openssl', ['req', '-in', file(csrPem), '-noout', '-verify'], { encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  return { ok: r.status === 0 && /verify OK/i.test(out) && !/fail/i.test(out), out };
}

const BITS: Record<KeyType, number> = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096, 'ec-p256': 256 };

describe.each(KEY_TYPES)('%s', (keyType) => {
  it('generates PKCS#8 and SPKI PEM, and a CSR that OpenSSL verifies and readCsr reads the same way', async () => {
    const pair = await generateKeyPair(keyType);
    expect(pair.keyType).toBe(keyType);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);

    const csr = createCsr({
      privateKeyPem: pair.privateKeyPem,
      commonName: 'www.acme.example',
      sans: ['acme.example', '192.0.2.10', 'WWW.ACME.EXAMPLE'],
      organization: 'ACME株式会社',
      organizationalUnit: '情報システム部',
      locality: '千代田区',
      state: '東京都',
      country: 'jp',
    });
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n$/);
    const verified = opensslVerify(csr);
    expect(verified.out).toMatch(/verify OK/i);
    expect(verified.ok).toBe(true);

    // OpenSSL's own reading of the subject, the SANs and the algorithms.
    const text = execFileSync(
      'openssl',
      ['req', '-in', file(csr), '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus_space'],
      { encoding: 'utf8' },
    );
    expect(text).toContain(
      'Subject: C=JP, ST=東京都, L=千代田区, O=ACME株式会社, OU=情報システム部, CN=www.acme.example',
    );
    expect(text).toContain('DNS:www.acme.example, DNS:acme.example, IP Address:192.0.2.10');
    expect(text).toContain(keyType === 'ec-p256' ? 'ecdsa-with-SHA256' : 'sha256WithRSAEncryption');
    const asn1 = execFileSync('openssl', ['asn1parse', '-in', file(csr)], { encoding: 'utf8' });
    expect(asn1).toMatch(/UTF8STRING\s+:ACME/);
    expect(asn1).toMatch(/PRINTABLESTRING\s+:JP/);

    const facts = readCsr(csr);
    expect(facts).toMatchObject({
      subject: {
        country: 'JP',
        state: '東京都',
        locality: '千代田区',
        organization: 'ACME株式会社',
        organizationalUnit: '情報システム部',
        commonName: 'www.acme.example',
      },
      commonName: 'www.acme.example',
      sans: ['www.acme.example', 'acme.example', '192.0.2.10'],
      keyType,
      keyBits: BITS[keyType],
      signatureAlgorithm: keyType === 'ec-p256' ? '1.2.840.10045.4.3.2' : '1.2.840.113549.1.1.11',
      signatureValid: true,
    });
    // One fingerprint for the private key, its public key and its CSR.
    expect(facts.publicKeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKeyFingerprint(pair.privateKeyPem)).toBe(facts.publicKeyFingerprint);
    expect(publicKeyFingerprint(pair.publicKeyPem)).toBe(facts.publicKeyFingerprint);
    expect(publicKeyFingerprint(createPublicKey(pair.publicKeyPem))).toBe(facts.publicKeyFingerprint);
    expect(publicKeyFingerprint(csr)).toBe(facts.publicKeyFingerprint);
  });
});

describe('createCsr', () => {
  it('always puts the common name among the SANs, first; IP addresses as IP SANs; IDNs as A-labels', async () => {
    const { privateKeyPem } = await generateKeyPair('ec-p256');
    expect(readCsr(createCsr({ privateKeyPem, commonName: 'www.acme.example' })).sans).toEqual(['www.acme.example']);
    expect(readCsr(createCsr({ privateKeyPem, commonName: 'www.acme.example', sans: ['acme.example'] })).sans).toEqual([
      'www.acme.example',
      'acme.example',
    ]);
    const idn = readCsr(
      createCsr({ privateKeyPem, commonName: 'www.bücher.example.', sans: ['2001:DB8::0:1', '*.acme.example'] }),
    );
    expect(idn.commonName).toBe('www.xn--bcher-kva.example');
    expect(idn.sans).toEqual(['www.xn--bcher-kva.example', '2001:db8::1', '*.acme.example']);
    const ip = createCsr({ privateKeyPem, commonName: '192.0.2.1' });
    expect(readCsr(ip)).toMatchObject({ commonName: '192.0.2.1', sans: ['192.0.2.1'] });
    expect(execFileSync('openssl', ['req', '-in', file(ip), '-noout', '-text'], { encoding: 'utf8' })).toContain(
      'IP Address:192.0.2.1',
    );
  });

  it('leaves out the fields that are not given', async () => {
    const { privateKeyPem } = await generateKeyPair('ec-p256');
    const facts = readCsr(
      createCsr({ privateKeyPem, commonName: 'www.acme.example', organization: '  ', country: '' }),
    );
    expect(facts.subject).toEqual({ commonName: 'www.acme.example' });
  });

  it('refuses bad input with a code, naming the field', async () => {
    const { privateKeyPem } = await generateKeyPair('ec-p256');
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(CsrError);
        return { code: (e as CsrError).code, field: (e as CsrError).field };
      }
      throw new Error('not refused');
    };
    expect(refusal(() => createCsr({ privateKeyPem, commonName: 'f*.acme.example' }))).toEqual({
      code: 'invalid-name',
      field: 'commonName',
    });
    expect(refusal(() => createCsr({ privateKeyPem, commonName: 'www.acme.example', sans: ['a..b'] }))).toEqual({
      code: 'invalid-name',
      field: 'sans',
    });
    expect(refusal(() => createCsr({ privateKeyPem, commonName: 'www.acme.example', country: 'JPN' }))).toEqual({
      code: 'invalid-country',
      field: 'country',
    });
    expect(
      refusal(() => createCsr({ privateKeyPem, commonName: 'www.acme.example', organization: 'あ'.repeat(65) })),
    ).toEqual({ code: 'field-too-long', field: 'organization' });
    expect(
      refusal(() => createCsr({ privateKeyPem, commonName: 'www.acme.example', organization: 'ACME\n株式会社' })),
    ).toEqual({ code: 'invalid-field', field: 'organization' });
    expect(refusal(() => createCsr({ privateKeyPem, commonName: `${'a'.repeat(60)}.example` }))).toEqual({
      code: 'field-too-long',
      field: 'commonName',
    });
    expect(refusal(() => createCsr({ privateKeyPem: 'not a key', commonName: 'www.acme.example' }))).toEqual({
      code: 'unreadable-key',
      field: 'privateKeyPem',
    });
  });

  it('no error message quotes the private key', async () => {
    const { privateKeyPem } = await generateKeyPair('rsa-2048');
    const broken = privateKeyPem.replace(/[A-Za-z]/, (c) => (c === 'A' ? 'B' : 'A')).slice(0, -40);
    const body = privateKeyPem.split('\n')[1]!.slice(0, 16);
    for (const bad of [broken, privateKeyPem.replace('PRIVATE KEY', 'PRIVAT KEY')]) {
      let thrown: unknown;
      try {
        createCsr({ privateKeyPem: bad, commonName: 'www.acme.example' });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(CsrError);
      expect(String(thrown)).not.toContain(body);
      expect((thrown as Error).stack).not.toContain(body);
      expect(JSON.stringify(thrown)).not.toContain(body);
    }
  });
});

describe('readCsr', () => {
  it('reads a CSR made by OpenSSL, with its UTF-8 organisation', () => {
    const key = file(
      execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], {
        encoding: 'utf8',
      }),
    );
    const csr = execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-key',
        key,
        '-utf8',
        '-subj',
        '/C=JP/O=株式会社エーシーエムイー/CN=shop.acme.example',
        '-addext',
        'subjectAltName=DNS:shop.acme.example,IP:2001:db8::5',
      ],
      { encoding: 'utf8' },
    );
    expect(readCsr(csr)).toMatchObject({
      subject: { country: 'JP', organization: '株式会社エーシーエムイー', commonName: 'shop.acme.example' },
      sans: ['shop.acme.example', '2001:db8::5'],
      keyType: 'ec-p256',
      signatureValid: true,
    });
  });

  it('finds a CSR whose signature does not hold (proof of possession fails)', async () => {
    for (const keyType of ['rsa-2048', 'ec-p256'] as const) {
      const { privateKeyPem } = await generateKeyPair(keyType);
      const csr = createCsr({ privateKeyPem, commonName: 'www.acme.example', organization: 'ACME' });
      const der = Buffer.from(csr.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
      // Change the organisation ("ACME" → "ACMF") inside the signed part.
      const at = der.indexOf(Buffer.from('ACME'));
      der[at + 3] = 0x46;
      const tampered = toPem('CERTIFICATE REQUEST', der);
      expect(readCsr(tampered)).toMatchObject({ signatureValid: false, subject: { organization: 'ACMF' } });
      expect(opensslVerify(tampered).ok).toBe(false);
    }
  });

  it('refuses what is not a CSR', async () => {
    const { privateKeyPem } = await generateKeyPair('ec-p256');
    const code = (pem: string) => {
      try {
        readCsr(pem);
        return 'read';
      } catch (e) {
        return (e as CsrError).code;
      }
    };
    expect(code(privateKeyPem)).toBe('not-csr');
    expect(code('hello')).toBe('not-csr');
    expect(code('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n')).toBe(
      'unreadable-csr',
    );
    expect(code('-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n')).toBe(
      'unreadable-csr',
    );
  });
});

describe('publicKeyFingerprint', () => {
  it('is the same for a key and a certificate issued for it, and differs for another key', async () => {
    const { intermediate } = makeHierarchy('ec-p256');
    const { privateKeyPem } = await generateKeyPair('ec-p256');
    const leaf = makeLeaf(intermediate, { keyPem: privateKeyPem });
    expect(publicKeyFingerprint(leaf.certPem)).toBe(publicKeyFingerprint(privateKeyPem));
    expect(publicKeyFingerprint(new X509Certificate(leaf.certPem))).toBe(publicKeyFingerprint(privateKeyPem));
    expect(publicKeyFingerprint(intermediate.certPem)).not.toBe(publicKeyFingerprint(privateKeyPem));
  });

  it('throws KeyError on what is not a key, without quoting it', () => {
    expect(() => publicKeyFingerprint('-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n')).toThrow(
      KeyError,
    );
    try {
      publicKeyFingerprint('-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n');
    } catch (e) {
      expect((e as Error).message).not.toContain('c2VjcmV0');
    }
  });
});
