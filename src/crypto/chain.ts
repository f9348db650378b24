// Checks on an issued certificate before it is attached to a contract: that it is for our key, and
// that the intermediates given with it form a chain (RFC 5280 §6.1, the parts that need no trust
// anchor). Node's X509Certificate (opened by certificate.ts) does the cryptography, so ECDSA chains
// work as RSA ones do.
import type { X509Certificate } from 'node:crypto';
import { openCertificate } from './certificate.js';
import { KeyError, publicKeyFingerprint } from './keys.js';

const CERT_BLOCK =
  /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----[\s\S]*?-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

/** The certificate PEM blocks of a text, in order (a served or pasted chain), each ending in a newline. */
export function splitPemChain(text: string): string[] {
  return [...text.replace(/\r\n?/g, '\n').matchAll(CERT_BLOCK)].map((m) =>
    `${m[0]}\n`.replace(/-----(BEGIN|END) (?:X509 |TRUSTED )?CERTIFICATE-----/g, '-----$1 CERTIFICATE-----'),
  );
}

export type KeyMatch = { ok: true } | { ok: false; code: 'key-mismatch' | 'unreadable-certificate' | 'unreadable-key' };

/**
 * Whether a certificate carries the public key of a private key or of a CSR (their
 * SubjectPublicKeyInfo compared): the certificate was issued for the key we keep.
 */
export function certificateMatchesKey(certPem: string, privateKeyOrCsrPem: string): KeyMatch {
  const cert = openCertificate(certPem);
  if (!cert) return { ok: false, code: 'unreadable-certificate' };
  let theirs: string;
  try {
    theirs = publicKeyFingerprint(privateKeyOrCsrPem);
  } catch (e) {
    if (e instanceof KeyError) return { ok: false, code: 'unreadable-key' };
    throw e;
  }
  return publicKeyFingerprint(cert) === theirs ? { ok: true } : { ok: false, code: 'key-mismatch' };
}

export const CHAIN_PROBLEMS = [
  'unreadable-certificate',
  'issuer-missing',
  'out-of-order',
  'bad-signature',
  'intermediate-expired',
  'intermediate-not-yet-valid',
  'intermediate-not-ca',
] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];

export type ChainVerdict =
  /** Each certificate is issued and signed by the next, and every intermediate is a CA valid now. */
  | { ok: true; code: 'verified'; length: number }
  /** No intermediates were given: nothing to check. Not an error by itself; the caller decides. */
  | { ok: true; code: 'no-chain' }
  /**
   * The first problem. `index` is the certificate at fault: 0 the leaf, i the i-th intermediate
   * (1-based, as they were given).
   */
  | { ok: false; code: ChainProblem; index: number; subject?: string };

/**
 * Walks leaf → intermediates[0] → intermediates[1] …, each issued (names and key identifiers,
 * X509_check_issued) and signed by the next (RFC 5246 §7.4.2 and RFC 8446 §4.4.2: each certificate
 * certifies the one before it). The top of the chain is not checked against any trust anchor.
 */
export function verifyChain(leafPem: string, intermediatesPem: readonly string[], now: Date): ChainVerdict {
  const leaf = openCertificate(leafPem);
  if (!leaf) return { ok: false, code: 'unreadable-certificate', index: 0 };
  if (intermediatesPem.length === 0) return { ok: true, code: 'no-chain' };
  const chain: X509Certificate[] = [leaf];
  for (const [i, pem] of intermediatesPem.entries()) {
    const c = openCertificate(pem);
    if (!c) return { ok: false, code: 'unreadable-certificate', index: i + 1 };
    chain.push(c);
  }
  const t = now.getTime();
  for (let i = 1; i < chain.length; i++) {
    const issuer = chain[i]!;
    const subject = chain[i - 1]!;
    if (!subject.checkIssued(issuer)) {
      // Its issuer is there but elsewhere in the list: the order is wrong, not the content.
      const elsewhere = chain.some((c, j) => j !== i && j !== i - 1 && subject.checkIssued(c));
      return { ok: false, code: elsewhere ? 'out-of-order' : 'issuer-missing', index: i - 1, subject: subject.subject };
    }
    if (!subject.verify(issuer.publicKey))
      return { ok: false, code: 'bad-signature', index: i - 1, subject: subject.subject };
    if (new Date(issuer.validTo).getTime() < t)
      return { ok: false, code: 'intermediate-expired', index: i, subject: issuer.subject };
    if (new Date(issuer.validFrom).getTime() > t)
      return { ok: false, code: 'intermediate-not-yet-valid', index: i, subject: issuer.subject };
    // RFC 5280 §4.2.1.9: only a certificate with basicConstraints cA TRUE may issue certificates.
    if (!issuer.ca) return { ok: false, code: 'intermediate-not-ca', index: i, subject: issuer.subject };
  }
  // A root sent along is checked as far as it can be: its self-signature.
  const top = chain[chain.length - 1]!;
  if (chain.length > 1 && top.checkIssued(top) && !top.verify(top.publicKey)) {
    return { ok: false, code: 'bad-signature', index: chain.length - 1, subject: top.subject };
  }
  return { ok: true, code: 'verified', length: chain.length };
}
