// Reading a server certificate, the term it fits (Art. 3) and the 90-day rule (Art. 6(3)).
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { isOnOrBefore, jstDateOf, jstInstantAt, type BusinessDate } from './dates.js';
import { certificateCoversName } from './names.js';
import { addTerm, TERM_CODES, termEnd, type TermCode } from './terms.js';

export interface CertificateFacts {
  commonName: string | null;
  sans: string[];
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
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

export type CertificateReading = { ok: true; certificate: CertificateFacts } | { ok: false; problem: CertificateProblem; detail?: string };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Reads the first certificate of a PEM text (a chain's leaf) or of DER bytes. */
export function readCertificate(input: string | Uint8Array): CertificateReading {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) {
    // DER is an ASN.1 SEQUENCE: it begins with 0x30.
    if (typeof input !== 'string' && input[0] === 0x30) return fromDer(Buffer.from(input));
    return { ok: false, problem: 'not-pem' };
  }
  const cert = blocks.find((b) => b[1] === 'CERTIFICATE' || b[1] === 'X509 CERTIFICATE' || b[1] === 'TRUSTED CERTIFICATE');
  if (!cert) {
    const label = blocks[0]?.[1] ?? '';
    if (label.includes('PRIVATE KEY')) return { ok: false, problem: 'private-key-not-certificate' };
    if (label.includes('PUBLIC KEY')) return { ok: false, problem: 'public-key-not-certificate' };
    if (label.includes('CERTIFICATE REQUEST')) return { ok: false, problem: 'csr-not-certificate' };
    return { ok: false, problem: 'not-pem', detail: label };
  }
  const pem = cert[0].replace(/-----BEGIN [A-Z0-9 ]+-----/, '-----BEGIN CERTIFICATE-----').replace(/-----END [A-Z0-9 ]+-----/, '-----END CERTIFICATE-----');
  return fromPem(pem);
}

function fromDer(der: Buffer): CertificateReading {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return fromPem(`-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
}

function fromPem(pem: string): CertificateReading {
  let der: string;
  try {
    der = forge.pem.decode(pem)[0]?.body ?? '';
    forge.asn1.fromDer(der);
  } catch (e) {
    return { ok: false, problem: 'unreadable-certificate', detail: (e as Error).message };
  }
  const fingerprintSha256 = forge.md.sha256.create().update(der).digest().toHex();
  try {
    return { ok: true, certificate: { ...fromForge(forge.pki.certificateFromPem(pem)), fingerprintSha256, pem } };
  } catch (e) {
    // node-forge reads RSA keys only; other keys (ECDSA, Ed25519) are read with Node's X.509 parser.
    if (!/not RSA/i.test((e as Error).message)) return { ok: false, problem: 'unreadable-certificate', detail: (e as Error).message };
    try {
      return { ok: true, certificate: { ...fromNode(new X509Certificate(pem)), fingerprintSha256, pem } };
    } catch (e2) {
      return { ok: false, problem: 'unreadable-certificate', detail: (e2 as Error).message };
    }
  }
}

type Fields = Omit<CertificateFacts, 'fingerprintSha256' | 'pem'>;

function fromForge(c: forge.pki.Certificate): Fields {
  const cn = c.subject.getField('CN') as { value: string } | null;
  const san = c.getExtension('subjectAltName') as { altNames?: { type: number; value?: string; ip?: string }[] } | undefined;
  const issuer = (c.issuer.getField('CN') ?? c.issuer.getField('O')) as { value: string } | null;
  const key = c.publicKey as forge.pki.rsa.PublicKey;
  return {
    commonName: cn?.value ?? null,
    sans: (san?.altNames ?? []).flatMap((n) => (n.type === 2 && n.value ? [n.value] : n.type === 7 && n.ip ? [n.ip] : [])),
    issuer: issuer?.value ?? '',
    serial: c.serialNumber.toLowerCase(),
    notBefore: c.validity.notBefore,
    notAfter: c.validity.notAfter,
    keyType: 'RSA',
    keyBits: key.n.bitLength(),
  };
}

function fromNode(c: X509Certificate): Fields {
  const field = (dn: string, name: string) => dn.split('\n').find((l) => l.startsWith(`${name}=`))?.slice(name.length + 1) ?? null;
  const details = c.publicKey.asymmetricKeyDetails;
  const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
  return {
    commonName: field(c.subject, 'CN'),
    sans: (c.subjectAltName ?? '')
      .split(', ')
      .flatMap((s) => (s.startsWith('DNS:') ? [s.slice(4)] : s.startsWith('IP Address:') ? [s.slice(11)] : [])),
    issuer: field(c.issuer, 'CN') ?? field(c.issuer, 'O') ?? '',
    serial: c.serialNumber.toLowerCase(),
    notBefore: new Date(c.validFrom),
    notAfter: new Date(c.validTo),
    keyType: (c.publicKey.asymmetricKeyType ?? 'unknown').toUpperCase(),
    keyBits: details?.modulusLength ?? (details?.namedCurve ? (curveBits[details.namedCurve] ?? null) : null),
  };
}

/**
 * The certificate's validity period in seconds, counted as RFC 5280 §4.1.2.5 does: notBefore
 * through notAfter inclusive. This is a duration, not a business date.
 */
export function validitySeconds(c: Pick<CertificateFacts, 'notBefore' | 'notAfter'>): number {
  return Math.floor((c.notAfter.getTime() - c.notBefore.getTime()) / 1000) + 1;
}

export function validityDays(c: Pick<CertificateFacts, 'notBefore' | 'notAfter'>): number {
  return Math.round((validitySeconds(c) / 86_400) * 1_000_000) / 1_000_000;
}

/**
 * Art. 3: a certificate fits a term when the JST date of notAfter is on or before the JST date
 * of notBefore plus the term (calendar months and years). 無期限 fits anything. A certificate that
 * starts at exactly 00:00 JST counts its first day (民法 Art. 140 ただし書), so the term ends the
 * day before the corresponding day (Art. 143).
 */
export function fitsTerm(c: Pick<CertificateFacts, 'notBefore' | 'notAfter'>, term: TermCode): boolean {
  const startsOn = jstDateOf(c.notBefore);
  const wholeFirstDay = c.notBefore.getTime() === jstInstantAt(startsOn, 0).getTime();
  const limit = wholeFirstDay ? termEnd(startsOn, term) : addTerm(startsOn, term);
  return limit === null || isOnOrBefore(jstDateOf(c.notAfter), limit);
}

/** Art. 3 / Appendix 1: the shortest term a certificate fits, which sets its fee tier. */
export function fittingTerm(c: Pick<CertificateFacts, 'notBefore' | 'notAfter'>, terms: readonly TermCode[] = TERM_CODES): TermCode | null {
  return terms.find((t) => fitsTerm(c, t)) ?? null;
}

const NINETY_DAYS_IN_SECONDS = 90 * 86_400;

/**
 * Art. 6(3): a category III contract cannot be renewed with a certificate valid 90 days or less.
 * Read with the term it renews (`renewedTermStartsOn`), the certificate must also still be valid
 * for more than 90 days from that term's first day (00:00 JST): one that ends before, or soon
 * after, the renewed term begins renews nothing.
 */
export function passesNinetyDayRule(c: Pick<CertificateFacts, 'notBefore' | 'notAfter'>, renewedTermStartsOn?: BusinessDate): boolean {
  if (validitySeconds(c) <= NINETY_DAYS_IN_SECONDS) return false;
  return renewedTermStartsOn === undefined || secondsLeftFrom(c, renewedTermStartsOn) > NINETY_DAYS_IN_SECONDS;
}

/** Seconds of validity left from the start of a JST day (inclusive of notAfter, as RFC 5280 counts); 0 when none. */
export function secondsLeftFrom(c: Pick<CertificateFacts, 'notAfter'>, day: BusinessDate): number {
  return Math.max(0, Math.floor((c.notAfter.getTime() - jstInstantAt(day, 0).getTime()) / 1000) + 1);
}

export function isExpired(c: Pick<CertificateFacts, 'notAfter'>, now: Date): boolean {
  return c.notAfter.getTime() < now.getTime();
}

export function isNotYetValid(c: Pick<CertificateFacts, 'notBefore'>, now: Date): boolean {
  return c.notBefore.getTime() > now.getTime();
}

/** Whether the certificate serves the contract's common name (RFC 6125: SANs, the CN only without DNS SANs). */
export function coversName(c: Pick<CertificateFacts, 'commonName' | 'sans'>, commonName: string): boolean {
  return certificateCoversName({ commonName: c.commonName, sans: c.sans }, commonName);
}
