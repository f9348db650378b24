// Test certificates made with node-forge, whose certificate builder sets any dates and names in a
// few lines; signed by a throwaway key (made natively, which is fast).
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
export const TEST_PRIVATE_KEY_PEM = privateKey;
const signingKey = forge.pki.privateKeyFromPem(privateKey);
const subjectKey = forge.pki.publicKeyFromPem(publicKey);

let serial = 1;

export interface CertOptions {
  commonName?: string;
  sans?: string[];
  notBefore: string | Date;
  notAfter: string | Date;
}

export function makeCertificate(o: CertOptions): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = subjectKey;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = new Date(o.notBefore);
  cert.validity.notAfter = new Date(o.notAfter);
  const cn = o.commonName ?? 'www.acme.example';
  cert.setSubject([
    { name: 'commonName', value: cn },
    { name: 'organizationName', value: 'ACME' },
  ]);
  cert.setIssuer([{ name: 'commonName', value: 'certdesk test CA' }]);
  const sans = o.sans ?? [cn];
  if (sans.length)
    cert.setExtensions([{ name: 'subjectAltName', altNames: sans.map((value) => ({ type: 2, value })) }]);
  cert.sign(signingKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** An ECDSA certificate (node-forge builds and signs RSA ones only). */
export function makeEcCertificate(o: CertOptions): string {
  // Node signs nothing by itself; build the certificate with node-forge's ASN.1 over an EC key.
  const ec = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const rsaPem = makeCertificate(o);
  const asn1 = forge.asn1.fromDer(forge.pem.decode(rsaPem)[0]!.body);
  const tbs = (asn1.value as forge.asn1.Asn1[])[0]!;
  const tbsFields = tbs.value as forge.asn1.Asn1[];
  // tbsCertificate: [0] version, serial, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
  tbsFields[6] = forge.asn1.fromDer(forge.util.createBuffer(ec.publicKey.toString('binary')));
  return forge.pem.encode({ type: 'CERTIFICATE', body: forge.asn1.toDer(asn1).getBytes() });
}
