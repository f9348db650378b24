// Certificates: key pairs through certdesk's path (src/crypto/keys.ts, Art. 4(7)) against Node's
// crypto.generateKeyPair, and reading certificates (src/crypto/certificate.ts) against Node's
// X509Certificate with its SHA-256 fingerprint.
import { generateKeyPair as nodeGenerateKeyPair, generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { generateKeyPair } from '../src/crypto/keys.js';
import { readCertificate } from '../src/crypto/certificate.js';
import { figure, type Figure } from './lib/report.js';
import { median, now } from './lib/stats.js';

const encoding = {
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
} as const;
const native = (bits: number) =>
  new Promise<void>((resolve, reject) =>
    nodeGenerateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001, ...encoding }, (e) =>
      e ? reject(e) : resolve(),
    ),
  );
const nativeEc = () =>
  new Promise<void>((resolve, reject) =>
    nodeGenerateKeyPair('ec', { namedCurve: 'prime256v1', paramEncoding: 'named', ...encoding }, (e) =>
      e ? reject(e) : resolve(),
    ),
  );

/** A server certificate as a CA issues one: RSA 2048, CN and SANs, signed with SHA-256. */
function sampleCertificate(): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '0a1b2c3d4e5f';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2026-07-01T00:00:00Z');
  cert.setSubject([
    { name: 'commonName', value: 'www.example.co.jp' },
    { name: 'organizationName', value: 'Example KK' },
    { name: 'countryName', value: 'JP' },
  ]);
  cert.setIssuer([
    { name: 'commonName', value: 'Bench CA' },
    { name: 'organizationName', value: 'Bench' },
  ]);
  cert.setExtensions([
    {
      name: 'subjectAltName',
      altNames: ['www.example.co.jp', 'example.co.jp', 'api.example.co.jp'].map((value) => ({ type: 2, value })),
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** The time of each of n operations, in ms. */
async function each(n: number, f: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = now();
    await f();
    out.push(now() - t);
  }
  return out;
}

async function perOp(n: number, f: () => Promise<unknown> | unknown): Promise<number> {
  const t = now();
  for (let i = 0; i < n; i++) await f();
  return (now() - t) / n;
}

export async function benchCertificates(o: {
  rounds: number;
  keys: number;
  pems: number;
}): Promise<{ figures: Figure[]; raw: unknown; method: string[] }> {
  const raw = {
    rsaCertdesk: [] as number[],
    rsaNative: [] as number[],
    ecCertdesk: [] as number[],
    ecNative: [] as number[],
    pemCertdesk: [] as number[],
    pemNative: [] as number[],
  };
  const pem = sampleCertificate();
  const check = readCertificate(pem);
  if (!check.ok) throw new Error(`the sample certificate does not read: ${check.problem}`);
  // Warm up both paths.
  await perOp(2, () => generateKeyPair('rsa-2048'));
  await perOp(2, () => native(2048));
  await perOp(100, () => readCertificate(pem));
  await perOp(100, () => new X509Certificate(pem).fingerprint256);
  for (let r = 0; r < o.rounds; r++) {
    // Alternate which goes first; keys are timed one by one (the median key, not the mean).
    const pairs: [() => Promise<void>, () => Promise<void>][] = [
      [
        async () => void raw.rsaNative.push(...(await each(o.keys, () => native(2048)))),
        async () => void raw.rsaCertdesk.push(...(await each(o.keys, () => generateKeyPair('rsa-2048')))),
      ],
      [
        async () => void raw.ecNative.push(...(await each(o.keys * 5, nativeEc))),
        async () => void raw.ecCertdesk.push(...(await each(o.keys * 5, () => generateKeyPair('ec-p256')))),
      ],
      [
        async () => void raw.pemNative.push(await perOp(o.pems, () => new X509Certificate(pem).fingerprint256)),
        async () => void raw.pemCertdesk.push(await perOp(o.pems, () => readCertificate(pem))),
      ],
    ];
    for (const [base, subject] of pairs) {
      if (r % 2 === 0) {
        await base();
        await subject();
      } else {
        await subject();
        await base();
      }
    }
  }
  // RSA generation time varies a lot from key to key (prime search): many keys per round, medians.
  const rate = (ms: number) => 1000 / ms;
  return {
    figures: [
      figure({
        section: 'certificates',
        name: 'RSA 2048 key pair (time per key)',
        unit: 'ms',
        value: median(raw.rsaCertdesk),
        baseline: median(raw.rsaNative),
        baselineName: 'crypto.generateKeyPair',
        better: 'lower',
        target: 1.1,
        bar: 1.2,
        note: `median of ${o.keys * o.rounds} keys each`,
      }),
      figure({
        section: 'certificates',
        name: 'EC P-256 key pair (time per key)',
        unit: 'ms',
        value: median(raw.ecCertdesk),
        baseline: median(raw.ecNative),
        baselineName: 'crypto.generateKeyPair',
        better: 'lower',
        target: 1.1,
        bar: 1.2,
        note: `median of ${o.keys * 5 * o.rounds} keys each`,
      }),
      figure({
        section: 'certificates',
        name: 'PEM certificates read per second (readCertificate)',
        unit: '/s',
        value: rate(median(raw.pemCertdesk)),
        baseline: rate(median(raw.pemNative)),
        baselineName: 'X509Certificate + fingerprint256',
        better: 'higher',
        target: null,
        bar: null,
        note: `${o.pems} × ${o.rounds} rounds; readCertificate parses with X509Certificate, then reads the DER's fields in JavaScript`,
      }),
    ],
    raw,
    method: [
      'Certificates: in this process, rounds alternating baseline and certdesk; key generation timed per key over several keys (RSA prime search varies from key to key); PEM reading of one RSA 2048 server certificate with three SANs.',
    ],
  };
}
