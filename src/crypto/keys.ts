// Key pairs for Art. 4(7) (the provider creates the key pair on request) and the fingerprint that
// ties a key, its CSR and its certificate together.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair as nodeGenerateKeyPair,
  KeyObject,
  X509Certificate,
} from 'node:crypto';
import { openCertificate } from './certificate.js';
import { CURVES } from './curves.js';
import { csrPublicKeyInfo } from './x509.js';

export const KEY_TYPES = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export function isKeyType(value: string): value is KeyType {
  return (KEY_TYPES as readonly string[]).includes(value);
}

export interface GeneratedKeyPair {
  /** PKCS#8 PEM. Secret: seal it (custody.ts) before it goes anywhere. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM. */
  publicKeyPem: string;
  keyType: KeyType;
}

export class KeyError extends Error {
  override readonly name = 'KeyError';
  constructor(
    readonly code: 'unsupported-key-type' | 'generation-failed' | 'unreadable-key',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A new key pair, made by OpenSSL through Node (node-forge's RSA generation is pure JavaScript:
 * slow for 4096 bits and not constant-time). Runs on the thread pool, so it does not block.
 */
export async function generateKeyPair(type: KeyType): Promise<GeneratedKeyPair> {
  const encoding = {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  } as const;
  const done =
    (resolve: (p: GeneratedKeyPair) => void, reject: (e: Error) => void) =>
    (err: Error | null, publicKeyPem: string, privateKeyPem: string) =>
      err
        ? reject(new KeyError('generation-failed', 'the key pair could not be generated'))
        : resolve({ privateKeyPem, publicKeyPem, keyType: type });
  switch (type) {
    case 'rsa-2048':
    case 'rsa-3072':
    case 'rsa-4096':
      return new Promise((resolve, reject) =>
        nodeGenerateKeyPair(
          'rsa',
          { modulusLength: Number(type.slice(4)), publicExponent: 0x10001, ...encoding },
          done(resolve, reject),
        ),
      );
    case 'ec-p256':
      // P-256 is prime256v1 in OpenSSL's names; named-curve encoding as RFC 5480 §2.1.1 requires.
      return new Promise((resolve, reject) =>
        nodeGenerateKeyPair(
          'ec',
          { namedCurve: 'prime256v1', paramEncoding: 'named', ...encoding },
          done(resolve, reject),
        ),
      );
    default:
      throw new KeyError('unsupported-key-type', `unsupported key type: ${String(type)}`);
  }
}

/**
 * A key's type in KEY_TYPES' spelling (`rsa-<bits>`, `ec-<curve>`; `ed25519` …), so that one of
 * ours reads back as its KeyType, and its size in bits (null when it has none).
 */
export function describeKey(key: KeyObject): { keyType: string; keyBits: number | null } {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return {
        keyType: `${key.asymmetricKeyType}-${details.modulusLength ?? 0}`,
        keyBits: details.modulusLength ?? null,
      };
    case 'ec': {
      const curve = CURVES[details.namedCurve ?? ''];
      return { keyType: `ec-${curve?.name ?? details.namedCurve ?? 'unknown'}`, keyBits: curve?.bits ?? null };
    }
    default:
      return { keyType: key.asymmetricKeyType ?? 'unknown', keyBits: null };
  }
}

const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;

/**
 * The public key of a private key, public key, certificate or CSR (PEM text, a KeyObject or an
 * X509Certificate). Throws KeyError('unreadable-key'); the message never quotes the input.
 */
export function publicKeyOf(input: string | KeyObject | X509Certificate): KeyObject {
  try {
    if (input instanceof X509Certificate) return input.publicKey;
    if (input instanceof KeyObject) return input.type === 'private' ? createPublicKey(input) : input;
    const label = PEM_LABEL.exec(input)?.[1] ?? '';
    if (label.endsWith('CERTIFICATE REQUEST'))
      return createPublicKey({ key: csrPublicKeyInfo(input), format: 'der', type: 'spki' });
    if (label.endsWith('CERTIFICATE')) {
      const cert = openCertificate(input);
      if (!cert) throw new KeyError('unreadable-key', 'not a readable certificate');
      return cert.publicKey;
    }
    // A private key's PEM gives its public half (createPublicKey derives it).
    return label.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(input)) : createPublicKey(input);
  } catch {
    throw new KeyError('unreadable-key', 'not a readable key, certificate or certificate request');
  }
}

/**
 * SHA-256 (hex) of the DER SubjectPublicKeyInfo: the same for a private key, its public key, and
 * every certificate and CSR made for it, and independent of how each was encoded.
 */
export function publicKeyFingerprint(input: string | KeyObject | X509Certificate): string {
  const spki = publicKeyOf(input).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}
