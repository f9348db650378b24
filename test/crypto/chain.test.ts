// Checks on an issued certificate before it is attached: our key, its chain, its names, its dates.
import { describe, expect, it } from 'vitest';
import { certificateMatchesKey, splitPemChain, verifyChain } from '../../src/crypto/chain.js';
import { createCsr } from '../../src/crypto/csr.js';
import { generateKeyPair } from '../../src/crypto/keys.js';
import { readCertificate, type CertificateFacts } from '../../src/crypto/certificate.js';
import { isExpired, isNotYetValid } from '../../src/domain/certificate.js';
import { certificateCoversName } from '../../src/domain/names.js';
import {
  makeHierarchy,
  makeIntermediate,
  makeLeaf,
  makeRoot,
  makeSelfSigned,
  tamperSignature,
  type TestKeyType,
} from '../support/ca.js';

const NOW = new Date('2026-05-01T03:00:00Z');
const VALID = { notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z' };
const CA_VALID = { notBefore: '2020-01-01T00:00:00Z', notAfter: '2035-01-01T00:00:00Z' };

function facts(pem: string): CertificateFacts {
  const r = readCertificate(pem);
  if (!r.ok) throw new Error(r.problem);
  return r.certificate;
}

describe.each(['rsa-2048', 'ec-p256'] as const)('%s certificates', (keyType: TestKeyType) => {
  const root = makeRoot({ keyType, commonName: 'certdesk test root', ...CA_VALID });
  const intermediate = makeIntermediate(root, { keyType, commonName: 'certdesk test intermediate', ...CA_VALID });

  describe('certificateMatchesKey', () => {
    it('matches the key we keep and its CSR; not another key', async () => {
      const kept = await generateKeyPair(keyType === 'ec-p256' ? 'ec-p256' : 'rsa-2048');
      const csr = createCsr({ privateKeyPem: kept.privateKeyPem, commonName: 'www.acme.example' });
      const ours = makeLeaf(intermediate, { keyPem: kept.privateKeyPem, ...VALID });
      const theirs = makeLeaf(intermediate, { keyType, ...VALID });
      expect(certificateMatchesKey(ours.certPem, kept.privateKeyPem)).toEqual({ ok: true });
      expect(certificateMatchesKey(ours.certPem, csr)).toEqual({ ok: true });
      expect(certificateMatchesKey(theirs.certPem, kept.privateKeyPem)).toEqual({ ok: false, code: 'key-mismatch' });
      expect(certificateMatchesKey(theirs.certPem, csr)).toEqual({ ok: false, code: 'key-mismatch' });
      expect(certificateMatchesKey('not a certificate', csr)).toEqual({ ok: false, code: 'unreadable-certificate' });
      expect(certificateMatchesKey(ours.certPem, 'not a key')).toEqual({ ok: false, code: 'unreadable-key' });
    });
  });

  describe('verifyChain', () => {
    const leaf = makeLeaf(intermediate, { keyType, ...VALID });

    it('verifies leaf → intermediate, with or without the root sent along', () => {
      expect(verifyChain(leaf.certPem, [intermediate.certPem], NOW)).toEqual({ ok: true, code: 'verified', length: 2 });
      expect(verifyChain(leaf.certPem, [intermediate.certPem, root.certPem], NOW)).toEqual({
        ok: true,
        code: 'verified',
        length: 3,
      });
    });

    it('reports a leaf alone as no-chain, which is not an error by itself', () => {
      expect(verifyChain(leaf.certPem, [], NOW)).toEqual({ ok: true, code: 'no-chain' });
      expect(verifyChain(makeSelfSigned({ keyType, ...VALID }).certPem, [], NOW)).toEqual({
        ok: true,
        code: 'no-chain',
      });
    });

    it('issuer-missing: the intermediate given is not the leaf’s issuer', () => {
      const otherRoot = makeRoot({ keyType, commonName: 'another root', ...CA_VALID });
      const other = makeIntermediate(otherRoot, { keyType, commonName: 'another intermediate', ...CA_VALID });
      expect(verifyChain(leaf.certPem, [other.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'issuer-missing',
        index: 0,
      });
      // Same name, another key: the key identifiers tell them apart.
      const twin = makeIntermediate(root, { keyType, commonName: 'certdesk test intermediate', ...CA_VALID });
      expect(verifyChain(leaf.certPem, [twin.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'issuer-missing',
        index: 0,
      });
      // The intermediate's own issuer is missing when an unrelated certificate follows it.
      expect(verifyChain(leaf.certPem, [intermediate.certPem, otherRoot.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'issuer-missing',
        index: 1,
      });
    });

    it('bad-signature: a tampered signature, or a same-named issuer whose key did not sign', () => {
      expect(verifyChain(tamperSignature(leaf.certPem), [intermediate.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'bad-signature',
        index: 0,
      });
      expect(verifyChain(leaf.certPem, [tamperSignature(intermediate.certPem), root.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'bad-signature',
        index: 1,
      });
      expect(verifyChain(leaf.certPem, [intermediate.certPem, tamperSignature(root.certPem)], NOW)).toMatchObject({
        ok: false,
        code: 'bad-signature',
        index: 2,
      });
      // Without key identifiers only the names link certificates; the signature then decides.
      const plain = makeIntermediate(root, {
        keyType,
        commonName: 'plain intermediate',
        keyIdentifiers: false,
        ...CA_VALID,
      });
      const plainTwin = makeIntermediate(root, {
        keyType,
        commonName: 'plain intermediate',
        keyIdentifiers: false,
        ...CA_VALID,
      });
      const plainLeaf = makeLeaf(plain, { keyType, keyIdentifiers: false, ...VALID });
      expect(verifyChain(plainLeaf.certPem, [plain.certPem], NOW)).toMatchObject({ ok: true, code: 'verified' });
      expect(verifyChain(plainLeaf.certPem, [plainTwin.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'bad-signature',
        index: 0,
      });
    });

    it('intermediate-expired and intermediate-not-yet-valid, as of the instant given', () => {
      const old = makeIntermediate(root, {
        keyType,
        commonName: 'old intermediate',
        notBefore: '2020-01-01T00:00:00Z',
        notAfter: '2026-04-30T23:59:59Z',
      });
      expect(verifyChain(makeLeaf(old, { keyType, ...VALID }).certPem, [old.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'intermediate-expired',
        index: 1,
      });
      expect(
        verifyChain(makeLeaf(old, { keyType, ...VALID }).certPem, [old.certPem], new Date('2026-04-30T23:59:59Z')),
      ).toMatchObject({ ok: true });
      const early = makeIntermediate(root, {
        keyType,
        commonName: 'future intermediate',
        notBefore: '2026-06-01T00:00:00Z',
        notAfter: '2030-01-01T00:00:00Z',
      });
      expect(verifyChain(makeLeaf(early, { keyType, ...VALID }).certPem, [early.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'intermediate-not-yet-valid',
        index: 1,
      });
    });

    it('intermediate-not-ca: basicConstraints cA FALSE or absent', () => {
      for (const ca of [false, 'absent'] as const) {
        const notCa = makeIntermediate(root, { keyType, commonName: `not a CA (${String(ca)})`, ca, ...CA_VALID });
        const under = makeLeaf(notCa, { keyType, ...VALID });
        expect(verifyChain(under.certPem, [notCa.certPem], NOW)).toMatchObject({
          ok: false,
          code: 'intermediate-not-ca',
          index: 1,
        });
      }
    });

    it('out-of-order: the issuer is there, but not next', () => {
      expect(verifyChain(leaf.certPem, [root.certPem, intermediate.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'out-of-order',
        index: 0,
      });
    });

    it('unreadable-certificate, with the index of the one at fault', () => {
      expect(verifyChain('junk', [intermediate.certPem], NOW)).toMatchObject({
        ok: false,
        code: 'unreadable-certificate',
        index: 0,
      });
      expect(verifyChain(leaf.certPem, [intermediate.certPem, 'junk'], NOW)).toMatchObject({
        ok: false,
        code: 'unreadable-certificate',
        index: 2,
      });
    });
  });
});

describe('mixed chains', () => {
  it('an EC leaf under an RSA intermediate under an EC root', () => {
    const root = makeRoot({ keyType: 'ec-p256', ...CA_VALID });
    const intermediate = makeIntermediate(root, { keyType: 'rsa-2048', ...CA_VALID });
    const leaf = makeLeaf(intermediate, { keyType: 'ec-p256', ...VALID });
    expect(verifyChain(leaf.certPem, [intermediate.certPem, root.certPem], NOW)).toEqual({
      ok: true,
      code: 'verified',
      length: 3,
    });
  });
});

describe('issued certificates as a contract sees them (names and dates)', () => {
  const { intermediate } = makeHierarchy('ec-p256');

  it('right, wrong and wildcard names', () => {
    const right = facts(
      makeLeaf(intermediate, {
        keyType: 'ec-p256',
        commonName: 'www.acme.example',
        sans: ['www.acme.example', 'acme.example'],
        ...VALID,
      }).certPem,
    );
    const wrong = facts(
      makeLeaf(intermediate, {
        keyType: 'ec-p256',
        commonName: 'www.acme.example',
        sans: ['shop.acme.example'],
        ...VALID,
      }).certPem,
    );
    const wildcard = facts(
      makeLeaf(intermediate, { keyType: 'ec-p256', commonName: '*.acme.example', sans: ['*.acme.example'], ...VALID })
        .certPem,
    );
    const idn = facts(
      makeLeaf(intermediate, { keyType: 'ec-p256', commonName: 'www.bücher.example', ...VALID }).certPem,
    );
    expect(certificateCoversName(right, 'WWW.acme.example')).toBe(true);
    expect(certificateCoversName(right, 'acme.example')).toBe(true);
    // The CN is not looked at when there are DNS SANs.
    expect(certificateCoversName(wrong, 'www.acme.example')).toBe(false);
    expect(certificateCoversName(wildcard, 'www.acme.example')).toBe(true);
    expect(certificateCoversName(wildcard, 'acme.example')).toBe(false);
    expect(certificateCoversName(wildcard, 'a.b.acme.example')).toBe(false);
    expect(certificateCoversName(wildcard, '*.acme.example')).toBe(true);
    expect(certificateCoversName(right, '*.acme.example')).toBe(false);
    expect(idn.sans).toEqual(['www.xn--bcher-kva.example']);
    expect(certificateCoversName(idn, 'www.bücher.example')).toBe(true);
  });

  it('expired and not yet valid leaves', () => {
    const expired = facts(
      makeLeaf(intermediate, {
        keyType: 'ec-p256',
        notBefore: '2025-01-01T00:00:00Z',
        notAfter: '2026-04-30T00:00:00Z',
      }).certPem,
    );
    const future = facts(
      makeLeaf(intermediate, {
        keyType: 'ec-p256',
        notBefore: '2026-06-01T00:00:00Z',
        notAfter: '2027-06-01T00:00:00Z',
      }).certPem,
    );
    expect([isExpired(expired, NOW), isNotYetValid(expired, NOW)]).toEqual([true, false]);
    expect([isExpired(future, NOW), isNotYetValid(future, NOW)]).toEqual([false, true]);
    // UTCTime ends in 2049; from 2050 GeneralizedTime (RFC 5280 §4.1.2.5) reads back the same.
    const far = facts(
      makeLeaf(intermediate, {
        keyType: 'ec-p256',
        notBefore: '2049-12-31T00:00:00Z',
        notAfter: '2050-01-02T00:00:00Z',
      }).certPem,
    );
    expect(far.notAfter.toISOString()).toBe('2050-01-02T00:00:00.000Z');
  });
});

describe('splitPemChain', () => {
  it('returns the certificates of a text in order, skipping keys and noise, whatever the line endings', () => {
    const { root, intermediate } = makeHierarchy('ec-p256');
    const leaf = makeLeaf(intermediate, { keyType: 'ec-p256', ...VALID });
    const text = `subject=CN = www.acme.example\r\n${leaf.certPem.replace(/\n/g, '\r\n')}${leaf.keyPem}\n${intermediate.certPem}garbage\n${root.certPem.replace(/CERTIFICATE/g, 'TRUSTED CERTIFICATE')}`;
    const blocks = splitPemChain(text);
    expect(blocks).toEqual([leaf.certPem, intermediate.certPem, root.certPem]);
    expect(splitPemChain('no certificates here')).toEqual([]);
  });
});
