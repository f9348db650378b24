// The X.509 / PKCS#10 pieces shared by CSRs (csr.ts) and the test CA: names (RFC 5280 §4.1.2.4),
// subjectAltName (§4.2.1.6), algorithm identifiers and signatures made with Node's crypto, which
// signs with RSA and ECDSA alike (node-forge has no ECDSA).
import { createPublicKey, sign, verify, constants, type KeyObject } from 'node:crypto';
import { formatIpAddress, normalizeDnsName, parseIpAddress } from '../domain/names.js';
import {
  child,
  DerError,
  implicitPrimitive,
  nullValue,
  oid,
  printableString,
  readBitStringBytes,
  readDer,
  readOid,
  readString,
  sequence,
  set,
  TAG,
  utf8String,
  boolean,
  octetString,
  type DerNode,
} from './der.js';

export const OID = {
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  extensionRequest: '1.2.840.113549.1.9.14',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
} as const;

// ---- names ----

export interface DistinguishedName {
  country?: string;
  state?: string;
  locality?: string;
  organization?: string;
  organizationalUnit?: string;
  commonName?: string;
}

// The order subjects are conventionally written in, most general first.
const NAME_FIELDS: [keyof DistinguishedName, string][] = [
  ['country', OID.countryName],
  ['state', OID.stateOrProvinceName],
  ['locality', OID.localityName],
  ['organization', OID.organizationName],
  ['organizationalUnit', OID.organizationalUnitName],
  ['commonName', OID.commonName],
];

/**
 * A Name of one attribute per RDN. DirectoryString values as UTF8String (RFC 5280 §4.1.2.4: "MUST
 * use UTF8String" for new certificates), so Japanese text survives; countryName is PrintableString
 * as X.520 defines it.
 */
export function encodeName(dn: DistinguishedName): Buffer {
  const rdns: Buffer[] = [];
  for (const [field, attr] of NAME_FIELDS) {
    const value = dn[field];
    if (value === undefined) continue;
    const encoded = field === 'country' ? printableString(value) : utf8String(value);
    rdns.push(set(sequence(oid(attr), encoded)));
  }
  return sequence(...rdns);
}

export function decodeName(node: DerNode): DistinguishedName {
  if (node.tag !== TAG.SEQUENCE) throw new DerError('expected a Name');
  const dn: DistinguishedName = {};
  for (const rdn of node.children) {
    for (const atv of rdn.children) {
      const type = readOid(child(atv, 0, TAG.OID));
      const field = NAME_FIELDS.find(([, o]) => o === type)?.[0];
      // The first of a repeated attribute is the one we report (one value per field).
      if (field && dn[field] === undefined) dn[field] = readString(child(atv, 1));
    }
  }
  return dn;
}

// ---- subjectAltName ----

/** A name as a SAN entry: A-label DNS names and wildcards as dNSName, addresses as iPAddress. */
export function sanEntry(name: string): { kind: 'dns' | 'ip'; value: string; der: Buffer } | null {
  const ip = parseIpAddress(name);
  if (ip) return { kind: 'ip', value: formatIpAddress(ip) ?? name, der: implicitPrimitive(7, ip) };
  const dns = normalizeDnsName(name);
  // dNSName is an IA5String in "preferred name syntax" (RFC 5280 §4.2.1.6): A-labels only.
  return dns === null ? null : { kind: 'dns', value: dns, der: implicitPrimitive(2, Buffer.from(dns, 'ascii')) };
}

export function extension(extnId: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(oid(extnId), boolean(true), octetString(value))
    : sequence(oid(extnId), octetString(value));
}

/** The DNS names and IP addresses of a GeneralNames value; other kinds of name are skipped. */
export function decodeGeneralNames(der: Buffer): string[] {
  const names: string[] = [];
  for (const gn of readDer(der).children) {
    if (gn.tag === 0x82) names.push(gn.content.toString('ascii'));
    else if (gn.tag === 0x87) {
      const ip = formatIpAddress(gn.content);
      if (ip) names.push(ip);
    }
  }
  return names;
}

/** Extensions (a SEQUENCE OF Extension) by OID: the value octets and the critical flag. */
export function readExtensions(node: DerNode): Map<string, { critical: boolean; value: Buffer }> {
  const out = new Map<string, { critical: boolean; value: Buffer }>();
  for (const ext of node.children) {
    const id = readOid(child(ext, 0, TAG.OID));
    const critical = ext.children.length === 3 && child(ext, 1, TAG.BOOLEAN).content[0] !== 0;
    out.set(id, { critical, value: child(ext, ext.children.length - 1, TAG.OCTET_STRING).content });
  }
  return out;
}

// ---- signatures ----

/**
 * How a key signs: sha256WithRSAEncryption (AlgorithmIdentifier parameters NULL, RFC 4055 §5) or
 * ecdsa-with-SHA256/384 (parameters absent, RFC 5758 §3.2). Certificates name the algorithm
 * inside the signed part, so it is known before signing.
 */
export function signatureAlgorithmFor(privateKey: KeyObject): { algorithm: Buffer; hash: 'sha256' | 'sha384' } {
  if (privateKey.asymmetricKeyType === 'rsa')
    return { algorithm: sequence(oid(OID.sha256WithRSAEncryption), nullValue()), hash: 'sha256' };
  if (privateKey.asymmetricKeyType === 'ec') {
    const curve = privateKey.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return { algorithm: sequence(oid(OID.ecdsaWithSHA256)), hash: 'sha256' };
    if (curve === 'secp384r1') return { algorithm: sequence(oid(OID.ecdsaWithSHA384)), hash: 'sha384' };
  }
  throw new DerError('unsupported signing key');
}

/** Signs DER with a private key; an ECDSA signature is a DER Ecdsa-Sig-Value (RFC 3279 §2.2.3). */
export function signDer(privateKey: KeyObject, data: Buffer): { algorithm: Buffer; signature: Buffer } {
  const { algorithm, hash } = signatureAlgorithmFor(privateKey);
  const signature =
    privateKey.asymmetricKeyType === 'rsa'
      ? sign(hash, data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING })
      : sign(hash, data, { key: privateKey, dsaEncoding: 'der' });
  return { algorithm, signature };
}

const RSA_HASHES: Record<string, string> = {
  [OID.sha1WithRSAEncryption]: 'sha1',
  [OID.sha256WithRSAEncryption]: 'sha256',
  [OID.sha384WithRSAEncryption]: 'sha384',
  [OID.sha512WithRSAEncryption]: 'sha512',
};
const ECDSA_HASHES: Record<string, string> = {
  [OID.ecdsaWithSHA256]: 'sha256',
  [OID.ecdsaWithSHA384]: 'sha384',
  [OID.ecdsaWithSHA512]: 'sha512',
};

/** Whether a signature over data is good; false for an algorithm we do not know (e.g. RSASSA-PSS). */
export function verifyDer(algorithm: DerNode, publicKey: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    const alg = readOid(child(algorithm, 0, TAG.OID));
    const type = publicKey.asymmetricKeyType;
    if (RSA_HASHES[alg] && type === 'rsa')
      return verify(RSA_HASHES[alg], data, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    if (ECDSA_HASHES[alg] && type === 'ec')
      return verify(ECDSA_HASHES[alg], data, { key: publicKey, dsaEncoding: 'der' }, signature);
    if (alg === OID.ed25519 && type === 'ed25519') return verify(null, data, publicKey, signature);
    return false;
  } catch {
    return false;
  }
}

// ---- PKCS#10 ----

export interface CsrParts {
  /** The CertificationRequestInfo exactly as signed. */
  info: DerNode;
  subject: DerNode;
  publicKeyInfo: DerNode;
  /** The [0] attributes; absent in a few old encoders. */
  attributes: DerNode | undefined;
  signatureAlgorithm: DerNode;
  signature: Buffer;
}

const CSR_LABEL = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([\s\S]*?)-----END (NEW )?CERTIFICATE REQUEST-----/;

/** The DER of the first CSR in a PEM text; null when there is none. */
export function csrDerFromPem(pem: string): Buffer | null {
  const body = CSR_LABEL.exec(pem)?.[2];
  if (body === undefined) return null;
  const b64 = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new DerError('CSR is not base64');
  return Buffer.from(b64, 'base64');
}

/** RFC 2986 §4: CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature }. */
export function csrParts(der: Buffer): CsrParts {
  const root = readDer(der);
  const info = child(root, 0, TAG.SEQUENCE);
  child(info, 0, TAG.INTEGER);
  const attributes = info.children[3];
  if (attributes && attributes.tag !== 0xa0) throw new DerError('unexpected DER structure');
  return {
    info,
    subject: child(info, 1, TAG.SEQUENCE),
    publicKeyInfo: child(info, 2, TAG.SEQUENCE),
    attributes,
    signatureAlgorithm: child(root, 1, TAG.SEQUENCE),
    signature: readBitStringBytes(child(root, 2)),
  };
}

/** The SubjectPublicKeyInfo DER of a PEM CSR. */
export function csrPublicKeyInfo(pem: string): Buffer {
  const der = csrDerFromPem(pem);
  if (!der) throw new DerError('not a certificate request');
  return csrParts(der).publicKeyInfo.bytes;
}

/** The requested extensions (RFC 2985 §5.4.2 extensionRequest) of a CSR's attributes. */
export function requestedExtensions(
  attributes: DerNode | undefined,
): Map<string, { critical: boolean; value: Buffer }> {
  for (const attr of attributes?.children ?? []) {
    if (readOid(child(attr, 0, TAG.OID)) !== OID.extensionRequest) continue;
    const first = child(attr, 1, TAG.SET).children[0];
    if (first) return readExtensions(first);
  }
  return new Map();
}

/** A public key KeyObject from SubjectPublicKeyInfo DER. */
export function publicKeyFromSpki(spki: Buffer): KeyObject {
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

/** PEM text (RFC 7468): base64 in lines of 64, ending in a newline. */
export function toPem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
