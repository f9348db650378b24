// Certificate signing requests (PKCS#10, RFC 2986) for Art. 4(7): made for the contract's common
// name and organisation, and read back to check what a CSR asks for and that its self-signature
// holds. One path for RSA and EC P-256: the CertificationRequestInfo is encoded here and signed by
// Node's crypto (node-forge's createCertificationRequest signs RSA only, in pure JavaScript, and
// writes names as PrintableString unless told otherwise).
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { bitString, DerError, implicitConstructed, integer, oid, readOid, sequence, set, TAG, child } from './der.js';
import { describeKey, isKeyType, publicKeyFingerprint } from './keys.js';
import {
  csrDerFromPem,
  csrParts,
  decodeGeneralNames,
  decodeName,
  encodeName,
  extension,
  OID,
  publicKeyFromSpki,
  requestedExtensions,
  sanEntry,
  signDer,
  toPem,
  verifyDer,
  type DistinguishedName,
} from './x509.js';

export interface CsrRequest {
  privateKeyPem: string;
  /** A host name (IDNs are written as A-labels), a wildcard `*.example.com`, or an IP address. */
  commonName: string;
  /** More names; the common name is always among the SANs, first. */
  sans?: string[];
  organization?: string;
  /** Publicly trusted CAs no longer include OU (CA/B Forum BR §7.1.4.2, since 2022-09-01). */
  organizationalUnit?: string;
  locality?: string;
  state?: string;
  /** ISO 3166-1 alpha-2, e.g. JP. */
  country?: string;
}

export const CSR_PROBLEMS = [
  'unreadable-key',
  'unsupported-key',
  'invalid-name',
  'invalid-field',
  'field-too-long',
  'invalid-country',
  'not-csr',
  'unreadable-csr',
] as const;
export type CsrProblem = (typeof CSR_PROBLEMS)[number];

export class CsrError extends Error {
  override readonly name = 'CsrError';
  constructor(
    readonly code: CsrProblem,
    message: string,
    /** The request field at fault, for a message that names it. */
    readonly field?: keyof CsrRequest,
  ) {
    super(message);
  }
}

// RFC 5280 Appendix A upper bounds, in characters.
const UPPER_BOUNDS: Record<Exclude<keyof DistinguishedName, 'country'>, number> = {
  commonName: 64,
  organization: 64,
  organizationalUnit: 64,
  locality: 128,
  state: 128,
};

const CONTROL = /\p{Cc}/u;

function textField(field: keyof typeof UPPER_BOUNDS, value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (CONTROL.test(v)) throw new CsrError('invalid-field', `${field} contains control characters`, field);
  if ([...v].length > UPPER_BOUNDS[field])
    throw new CsrError('field-too-long', `${field} is longer than ${UPPER_BOUNDS[field]} characters`, field);
  return v;
}

/**
 * A PEM CSR signed with SHA-256 by the private key: subject C, ST, L, O, OU, CN (those given) and
 * an extensionRequest for subjectAltName holding the common name and the other names. Throws
 * CsrError; no message quotes the key.
 */
export function createCsr(req: CsrRequest): string {
  let key: KeyObject;
  try {
    key = createPrivateKey(req.privateKeyPem);
  } catch {
    throw new CsrError('unreadable-key', 'the private key could not be read', 'privateKeyPem');
  }
  if (!isKeyType(describeKey(key).keyType))
    throw new CsrError('unsupported-key', 'the private key is not of a supported type', 'privateKeyPem');

  const sans = new Map<string, Buffer>();
  let commonName = '';
  for (const [i, name] of [req.commonName, ...(req.sans ?? [])].entries()) {
    const entry = sanEntry(name.trim());
    if (!entry)
      throw new CsrError(
        'invalid-name',
        `not a host name or IP address: ${JSON.stringify(name)}`,
        i === 0 ? 'commonName' : 'sans',
      );
    // The CN repeats a SAN byte for byte (CA/B Forum BR §7.1.4.3), so it is normalised the same way.
    if (i === 0) commonName = entry.value;
    sans.set(`${entry.kind}:${entry.value}`, entry.der);
  }

  let country: string | undefined;
  if (req.country?.trim()) {
    country = req.country.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country))
      throw new CsrError('invalid-country', 'country must be a two-letter ISO 3166 code', 'country');
  }
  const subject = encodeName({
    country,
    state: textField('state', req.state),
    locality: textField('locality', req.locality),
    organization: textField('organization', req.organization),
    organizationalUnit: textField('organizationalUnit', req.organizationalUnit),
    commonName: textField('commonName', commonName),
  });

  // The private key's public half, as SubjectPublicKeyInfo DER.
  const publicKeyInfo = Buffer.from(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  // RFC 2986 §4.1; attributes [0] holds one extensionRequest (RFC 2985 §5.4.2) with the SANs.
  // The SAN is not critical: the subject is not empty (RFC 5280 §4.2.1.6).
  const sanExtension = extension(OID.subjectAltName, false, sequence(...sans.values()));
  const attributes = implicitConstructed(0, sequence(oid(OID.extensionRequest), set(sequence(sanExtension))));
  const info = sequence(integer(0), subject, publicKeyInfo, attributes);
  const { algorithm, signature } = signDer(key, info);
  return toPem('CERTIFICATE REQUEST', sequence(info, algorithm, bitString(signature)));
}

export interface CsrFacts {
  subject: DistinguishedName;
  commonName: string | null;
  /** DNS names and IP addresses requested in subjectAltName. */
  sans: string[];
  /** KEY_TYPES spelling (`rsa-2048`, `ec-p256`) when it is one of ours, `rsa-1024`, `ec-p384` … otherwise. */
  keyType: string;
  keyBits: number | null;
  publicKeyFingerprint: string;
  /** The OID of the signature algorithm. */
  signatureAlgorithm: string;
  /** Whether the CSR is signed by the key it carries (proof of possession, RFC 2986 §3). */
  signatureValid: boolean;
  /** The CSR re-wrapped as PEM. */
  pem: string;
}

/** Reads the first CSR of a PEM text. Throws CsrError('not-csr' | 'unreadable-csr'). */
export function readCsr(pem: string): CsrFacts {
  let der: Buffer | null;
  try {
    der = csrDerFromPem(pem);
  } catch {
    throw new CsrError('unreadable-csr', 'the certificate request is not valid base64');
  }
  if (!der) throw new CsrError('not-csr', 'no CERTIFICATE REQUEST block found');
  try {
    const parts = csrParts(der);
    const publicKey = publicKeyFromSpki(parts.publicKeyInfo.bytes);
    const subject = decodeName(parts.subject);
    const san = requestedExtensions(parts.attributes).get(OID.subjectAltName);
    return {
      subject,
      commonName: subject.commonName ?? null,
      sans: san ? decodeGeneralNames(san.value) : [],
      ...describeKey(publicKey),
      publicKeyFingerprint: publicKeyFingerprint(publicKey),
      signatureAlgorithm: readOid(child(parts.signatureAlgorithm, 0, TAG.OID)),
      signatureValid: verifyDer(parts.signatureAlgorithm, publicKey, parts.info.bytes, parts.signature),
      pem: toPem('CERTIFICATE REQUEST', der),
    };
  } catch (e) {
    if (e instanceof CsrError) throw e;
    throw new CsrError(
      'unreadable-csr',
      e instanceof DerError
        ? `the certificate request is malformed: ${e.message}`
        : 'the certificate request could not be read',
    );
  }
}
