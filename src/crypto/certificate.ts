// The one way certdesk reads an X.509 certificate (RFC 5280), PEM or DER, RSA, EC or Ed25519 alike.
// OpenSSL, through Node's X509Certificate, decides whether the bytes are a certificate and holds its
// public key (chain.ts checks issuers and signatures on the same object). Names, serial and validity
// come from the DER itself (der.ts): X509Certificate gives them only as display text, escaped and
// joined with commas (https://nodejs.org/api/crypto.html#class-x509certificate).
import { createHash, X509Certificate } from 'node:crypto';
import type { CertificateDates, CertificateNames } from '../domain/certificate.js';
import { CURVES } from './curves.js';
import { child, readDer, readTime, TAG, type DerNode } from './der.js';
import { decodeGeneralNames, decodeName, OID, readExtensions, toPem } from './x509.js';

export interface CertificateFacts extends CertificateDates, CertificateNames {
  issuer: string;
  serial: string;
  keyType: string;
  keyBits: number | null;
  fingerprintSha256: string;
  pem: string;
}

export type CertificateProblem =
  | 'not-pem'
  | 'private-key-not-certificate'
  | 'public-key-not-certificate'
  | 'csr-not-certificate'
  | 'unreadable-certificate';

export type CertificateReading =
  { ok: true; certificate: CertificateFacts } | { ok: false; problem: CertificateProblem; detail?: string };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Reads the first certificate of a PEM text (a chain's leaf) or of DER bytes. */
export function readCertificate(input: string | Uint8Array): CertificateReading {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) {
    // DER is an ASN.1 SEQUENCE: it begins with 0x30.
    if (typeof input !== 'string' && input[0] === 0x30) return facts(Buffer.from(input), undefined);
    return { ok: false, problem: 'not-pem' };
  }
  const cert = blocks.find(
    (b) => b[1] === 'CERTIFICATE' || b[1] === 'X509 CERTIFICATE' || b[1] === 'TRUSTED CERTIFICATE',
  );
  if (!cert) {
    const label = blocks[0]?.[1] ?? '';
    if (label.includes('PRIVATE KEY')) return { ok: false, problem: 'private-key-not-certificate' };
    if (label.includes('PUBLIC KEY')) return { ok: false, problem: 'public-key-not-certificate' };
    if (label.includes('CERTIFICATE REQUEST')) return { ok: false, problem: 'csr-not-certificate' };
    return { ok: false, problem: 'not-pem', detail: label };
  }
  const pem = cert[0]
    .replace(/-----BEGIN [A-Z0-9 ]+-----/, '-----BEGIN CERTIFICATE-----')
    .replace(/-----END [A-Z0-9 ]+-----/, '-----END CERTIFICATE-----');
  return facts(pem, pem);
}

/** The parsed certificate of one PEM block or DER, or the reason it is none. */
function parse(input: string | Buffer): { ok: true; x509: X509Certificate } | { ok: false; detail: string } {
  try {
    return { ok: true, x509: new X509Certificate(input) };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

/** One certificate (PEM block or DER) as the object chain and key checks work on; null when it does not parse. */
export function openCertificate(input: string | Uint8Array): X509Certificate | null {
  const r = parse(typeof input === 'string' ? input : Buffer.from(input));
  return r.ok ? r.x509 : null;
}

function facts(input: string | Buffer, pem: string | undefined): CertificateReading {
  const parsed = parse(input);
  if (!parsed.ok) return { ok: false, problem: 'unreadable-certificate', detail: parsed.detail };
  const { x509 } = parsed;
  try {
    const der = Buffer.from(x509.raw);
    return {
      ok: true,
      certificate: {
        ...fields(readDer(der)),
        ...key(x509),
        fingerprintSha256: createHash('sha256').update(der).digest('hex'),
        pem: pem ?? toPem('CERTIFICATE', der),
      },
    };
  } catch (e) {
    return { ok: false, problem: 'unreadable-certificate', detail: (e as Error).message };
  }
}

/** TBSCertificate (RFC 5280 §4.1): [0] version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, …, [3] extensions. */
function fields(root: DerNode): CertificateDates & CertificateNames & { issuer: string; serial: string } {
  const tbs = child(root, 0, TAG.SEQUENCE);
  const at = tbs.children[0]?.tag === 0xa0 ? 1 : 0;
  const validity = child(tbs, at + 3, TAG.SEQUENCE);
  const issuer = decodeName(child(tbs, at + 2));
  const subject = decodeName(child(tbs, at + 4));
  const extensions = tbs.children.find((c) => c.tag === 0xa3)?.children[0];
  const san = extensions ? readExtensions(extensions).get(OID.subjectAltName) : undefined;
  return {
    commonName: subject.commonName ?? null,
    sans: san ? decodeGeneralNames(san.value) : [],
    issuer: issuer.commonName ?? issuer.organization ?? '',
    serial: child(tbs, at, TAG.INTEGER).content.toString('hex'),
    notBefore: readTime(child(validity, 0)),
    notAfter: readTime(child(validity, 1)),
  };
}

function key(x509: X509Certificate): { keyType: string; keyBits: number | null } {
  const k = x509.publicKey;
  const details = k.asymmetricKeyDetails;
  return {
    keyType: (k.asymmetricKeyType ?? 'unknown').toUpperCase(),
    keyBits: details?.modulusLength ?? (details?.namedCurve ? (CURVES[details.namedCurve]?.bits ?? null) : null),
  };
}
