// A throwaway CA for tests: roots, intermediates and leaves with RSA or EC P-256 keys. Node signs
// nothing by itself and node-forge signs RSA only, so the TBSCertificate (RFC 5280 §4.1) is encoded
// with src/crypto/der.ts and signed with Node's crypto, as the CSRs are.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type X509Certificate,
} from 'node:crypto';
import { openCertificate } from '../../src/crypto/certificate.js';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  integer,
  oid,
  readDer,
  sequence,
  TAG,
  time,
  tlv,
} from '../../src/crypto/der.js';
import { encodeName, extension, OID, sanEntry, signatureAlgorithmFor, signDer, toPem } from '../../src/crypto/x509.js';

export type TestKeyType = 'rsa-2048' | 'ec-p256';

export interface Issued {
  certPem: string;
  /** PKCS#8 PEM of the certificate's key. */
  keyPem: string;
  cert: X509Certificate;
}

export interface CertSpec {
  commonName?: string;
  organization?: string;
  /** DNS names or IP addresses; leaves default to [commonName]. */
  sans?: string[];
  notBefore?: Date | string;
  notAfter?: Date | string;
  keyType?: TestKeyType;
  /** Certify this key instead of a new one (a leaf for a key we keep). */
  keyPem?: string;
  /**
   * The clock the certificate is made at, when no notBefore is given: a test that fixes the
   * product's clock passes the same instant, so what it mints is valid at that time and not only
   * on the day the test happens to run. Defaults to the real time.
   */
  at?: Date | string;
  /** basicConstraints: true (CA), false (cA FALSE), 'absent' (no extension). */
  ca?: boolean | 'absent';
  /** Subject and authority key identifiers; without them only names link a chain. */
  keyIdentifiers?: boolean;
}

const DAY = 86_400_000;

export function newKeyPem(type: TestKeyType = 'rsa-2048'): string {
  const key =
    type === 'ec-p256'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
      : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

// RFC 7093 §2 method 1 style key identifier: the leftmost 160 bits of SHA-256 of the SPKI.
function keyId(keyPem: string): Buffer {
  return createHash('sha256')
    .update(createPublicKey(keyPem).export({ type: 'spki', format: 'der' }))
    .digest()
    .subarray(0, 20);
}

/** The subject Name of a certificate, byte for byte, to be the issuer of what it signs. */
function subjectDer(cert: X509Certificate): Buffer {
  const tbs = readDer(cert.raw).children[0]!;
  // tbsCertificate: [0] version, serialNumber, signature, issuer, validity, subject, …
  return tbs.children[5]!.bytes;
}

// keyUsage bits (RFC 5280 §4.2.1.3), DER-trimmed: digitalSignature(0), keyEncipherment(2), keyCertSign(5), cRLSign(6).
const KU_CA = tlv(TAG.BIT_STRING, Buffer.from([0x01, 0x06]));
const KU_RSA_LEAF = tlv(TAG.BIT_STRING, Buffer.from([0x05, 0xa0]));
const KU_EC_LEAF = tlv(TAG.BIT_STRING, Buffer.from([0x07, 0x80]));

function issue(spec: CertSpec, issuer: Issued | null, role: 'root' | 'intermediate' | 'leaf'): Issued {
  const keyPem = spec.keyPem ?? newKeyPem(spec.keyType ?? 'rsa-2048');
  const key = createPrivateKey(keyPem);
  const signerPem = issuer?.keyPem ?? keyPem;
  const signer = createPrivateKey(signerPem);
  const commonName = spec.commonName ?? (role === 'leaf' ? 'www.acme.example' : `certdesk test ${role}`);
  const subject = encodeName({
    organization: spec.organization ?? (role === 'leaf' ? undefined : 'certdesk tests'),
    commonName,
  });
  const at = spec.at === undefined ? Date.now() : new Date(spec.at).getTime();
  // A CA is valid from a year before its clock, so leaves dated before that instant still chain.
  const notBefore = new Date(spec.notBefore ?? at - (role === 'leaf' ? 1 : 365) * DAY);
  const notAfter = new Date(spec.notAfter ?? notBefore.getTime() + (role === 'leaf' ? 90 : 3650) * DAY);
  const ca = spec.ca ?? role !== 'leaf';
  const ids = spec.keyIdentifiers ?? true;

  const exts: Buffer[] = [];
  if (ca !== 'absent') exts.push(extension(OID.basicConstraints, true, ca ? sequence(boolean(true)) : sequence()));
  if (ca === true) exts.push(extension(OID.keyUsage, true, KU_CA));
  else if (role === 'leaf')
    exts.push(extension(OID.keyUsage, true, key.asymmetricKeyType === 'ec' ? KU_EC_LEAF : KU_RSA_LEAF));
  if (ids) {
    exts.push(extension(OID.subjectKeyIdentifier, false, tlv(TAG.OCTET_STRING, keyId(keyPem))));
    exts.push(extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, keyId(signerPem)))));
  }
  if (role === 'leaf') {
    const names = (spec.sans ?? [commonName]).map((n) => {
      const e = sanEntry(n);
      if (!e) throw new Error(`bad SAN ${n}`);
      return e.der;
    });
    if (names.length) exts.push(extension(OID.subjectAltName, false, sequence(...names)));
    exts.push(extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))));
  }

  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integer(serial),
    signatureAlgorithmFor(signer).algorithm,
    issuer ? subjectDer(issuer.cert) : subject,
    sequence(time(notBefore), time(notAfter)),
    subject,
    Buffer.from(createPublicKey(key).export({ type: 'spki', format: 'der' })),
    explicit(3, sequence(...exts)),
  );
  const { algorithm, signature } = signDer(signer, tbs);
  const certPem = toPem('CERTIFICATE', sequence(tbs, algorithm, bitString(signature)));
  return { certPem, keyPem, cert: openCertificate(certPem)! };
}

export const makeRoot = (spec: CertSpec = {}): Issued => issue(spec, null, 'root');
export const makeIntermediate = (issuer: Issued, spec: CertSpec = {}): Issued => issue(spec, issuer, 'intermediate');
export const makeLeaf = (issuer: Issued, spec: CertSpec = {}): Issued => issue(spec, issuer, 'leaf');
/** A self-signed leaf (no chain at all). */
export const makeSelfSigned = (spec: CertSpec = {}): Issued => issue({ ca: 'absent', ...spec }, null, 'leaf');

/** The same certificate with the last byte of its signature changed: it no longer verifies. */
export function tamperSignature(certPem: string): string {
  const der = Buffer.from(openCertificate(certPem)!.raw);
  // The signature BIT STRING is the last element, so its last byte is the certificate's last.
  der[der.length - 1]! ^= 0x01;
  return toPem('CERTIFICATE', der);
}

/**
 * A root, an intermediate under it, and the chain as a server sends it (intermediate only), made at
 * `at` (the test's clock; the real time when omitted).
 */
export function makeHierarchy(
  keyType: TestKeyType = 'rsa-2048',
  at?: Date | string,
): { root: Issued; intermediate: Issued } {
  const root = makeRoot({ keyType, commonName: 'certdesk test root', at });
  const intermediate = makeIntermediate(root, { keyType, commonName: 'certdesk test intermediate', at });
  return { root, intermediate };
}
