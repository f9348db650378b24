// Private keys at rest (Art. 4(7)): envelope encryption under CERTDESK_MASTER_KEY with
// AES-256-GCM (NIST SP 800-38D). The envelope names the master key by a public id, so `keys
// rotate` can open with the previous key and seal with the current one. No key material (the
// master key, the private key) is ever put in an error message, a string or JSON.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

const KEY_BYTES = 32;
const NONCE_BYTES = 12; // GCM's natural IV length (SP 800-38D §8.2.2)
const TAG_BYTES = 16;
const VERSION = 'v1';

/** The secret bytes of a master key, kept out of reach of JSON, inspect and enumeration. */
const secrets = new WeakMap<MasterKey, Buffer>();

/** A master key: 32 bytes, known to others only by its id. */
export class MasterKey {
  /** First 16 hex characters of SHA-256 of the key: names it without revealing it. */
  readonly id: string;

  constructor(bytes: Uint8Array) {
    if (bytes.length !== KEY_BYTES) throw new RangeError(`a master key is ${KEY_BYTES} bytes`);
    const copy = Buffer.alloc(KEY_BYTES);
    copy.set(bytes);
    secrets.set(this, copy);
    this.id = createHash('sha256').update(copy).digest('hex').slice(0, 16);
  }

  /** A copy of the key bytes (for the cipher; never log it). */
  get key(): Buffer {
    return Buffer.from(secrets.get(this) ?? Buffer.alloc(0));
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  toString(): string {
    return `MasterKey(${this.id})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export const MASTER_KEY_REFUSALS = ['missing', 'not-base64', 'wrong-length', 'weak'] as const;
export type MasterKeyRefusal = (typeof MASTER_KEY_REFUSALS)[number];

export type MasterKeyReading = { ok: true; masterKey: MasterKey } | { ok: false; code: MasterKeyRefusal };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Reads CERTDESK_MASTER_KEY: base64 (or base64url) of exactly 32 bytes that look random. The
 * refusal is a code; the message that names the variable and says how to make a key (e.g.
 * `openssl rand -base64 32`) is written where refusals are shown.
 */
export function parseMasterKey(text: string | undefined): MasterKeyReading {
  const t = text?.trim() ?? '';
  if (t === '') return { ok: false, code: 'missing' };
  let bytes: Buffer;
  if (BASE64.test(t)) bytes = Buffer.from(t, 'base64');
  else if (BASE64URL.test(t) && !/=[^=]/.test(t)) bytes = Buffer.from(t.replace(/=+$/, ''), 'base64url');
  else return { ok: false, code: 'not-base64' };
  if (bytes.length !== KEY_BYTES) return { ok: false, code: 'wrong-length' };
  if (looksWeak(bytes)) return { ok: false, code: 'weak' };
  return { ok: true, masterKey: new MasterKey(bytes) };
}

/**
 * Whether 32 bytes are plainly not random. Each test below fails a random key with probability
 * under 1e-9, so a good key is never refused in practice:
 * - a short repeated pattern (period ≤ 16, which includes all bytes equal): 2^-128 or less;
 * - an arithmetic run (00 01 02 …): 2^-240;
 * - fewer than 16 distinct byte values (a random key has about 30): about 3e-10;
 * - printable ASCII only (a password or phrase base64-encoded): (95/256)^32, about 2e-14.
 */
export function looksWeak(bytes: Uint8Array): boolean {
  const b = [...bytes];
  for (let period = 1; period <= 16; period++) {
    if (b.every((v, i) => i < period || v === b[i - period])) return true;
  }
  const step = ((b[1] ?? 0) - (b[0] ?? 0) + 256) % 256;
  if (b.every((v, i) => i === 0 || (v - (b[i - 1] ?? 0) + 256) % 256 === step)) return true;
  if (new Set(b).size < 16) return true;
  return b.every((v) => v >= 0x20 && v <= 0x7e);
}

/** Which contract and which of its keys a sealed private key belongs to; bound into the AAD. */
export interface KeyBinding {
  contractId: string;
  keyId: string;
}

export const CUSTODY_ERRORS = ['malformed', 'unknown-master-key', 'tampered'] as const;
export type CustodyErrorCode = (typeof CUSTODY_ERRORS)[number];

const MESSAGES: Record<CustodyErrorCode, string> = {
  malformed: 'the sealed private key is not a v1 envelope',
  'unknown-master-key': 'the private key was sealed under a master key that is not configured',
  tampered: 'the sealed private key failed authentication: it was altered, or it belongs to another contract or key',
};

export class CustodyError extends Error {
  override readonly name = 'CustodyError';
  constructor(
    readonly code: CustodyErrorCode,
    /** The id of the master key the envelope names (public), when known. */
    readonly masterKeyId?: string,
  ) {
    super(code === 'unknown-master-key' && masterKeyId ? `${MESSAGES[code]} (id ${masterKeyId})` : MESSAGES[code]);
  }
}

// Unambiguous (JSON) encoding of everything the ciphertext is bound to (SP 800-38D §5.2.1.1 AAD):
// moving an envelope to another contract or key, or editing its header, fails authentication.
function associatedData(masterKeyId: string, binding: KeyBinding): Buffer {
  return Buffer.from(
    JSON.stringify(['certdesk-private-key', VERSION, masterKeyId, binding.contractId, binding.keyId]),
    'utf8',
  );
}

function secretOf(master: MasterKey): Buffer {
  const key = secrets.get(master);
  if (!key) throw new TypeError('not a MasterKey');
  return key;
}

/**
 * Seals a private key: `v1.<masterKeyId>.<nonce>.<ciphertext>.<tag>` (base64url parts). A fresh
 * random 96-bit nonce every time: with one key, random nonces stay safe for far more seals than
 * we will ever make (SP 800-38D §8.3 allows 2^32).
 */
export function sealPrivateKey(plaintextPem: string, binding: KeyBinding, master: MasterKey): string {
  return sealWith(plaintextPem, associatedData(master.id, binding), master);
}

function sealWith(plaintext: string, aad: Buffer, master: MasterKey): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secretOf(master), nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    master.id,
    nonce.toString('base64url'),
    ciphertext.toString('base64url'),
    tag.toString('base64url'),
  ].join('.');
}

const B64URL_PART = /^[A-Za-z0-9_-]*$/;

interface Envelope {
  masterKeyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parseEnvelope(envelope: string): Envelope {
  const parts = typeof envelope === 'string' ? envelope.trim().split('.') : [];
  if (parts.length !== 5) throw new CustodyError('malformed');
  const [version, masterKeyId, nonce, ciphertext, tag] = parts as [string, string, string, string, string];
  if (
    version !== VERSION ||
    !/^[0-9a-f]{16}$/.test(masterKeyId) ||
    ![nonce, ciphertext, tag].every((p) => B64URL_PART.test(p))
  )
    throw new CustodyError('malformed');
  const e = {
    masterKeyId,
    nonce: Buffer.from(nonce, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (e.nonce.length !== NONCE_BYTES || e.tag.length !== TAG_BYTES || e.ciphertext.length === 0)
    throw new CustodyError('malformed');
  // Only the canonical text of each part: otherwise unused trailing bits would let two texts stand for one envelope.
  if (
    e.nonce.toString('base64url') !== nonce ||
    e.ciphertext.toString('base64url') !== ciphertext ||
    e.tag.toString('base64url') !== tag
  ) {
    throw new CustodyError('malformed');
  }
  return e;
}

/** Which master key an envelope was sealed under (public), or throws CustodyError('malformed'). */
export function envelopeMasterKeyId(envelope: string): string {
  return parseEnvelope(envelope).masterKeyId;
}

/** Opens an envelope with whichever of the master keys it names. Throws CustodyError. */
export function openPrivateKey(envelope: string, binding: KeyBinding, masters: readonly MasterKey[]): string {
  return openWith(envelope, (id) => associatedData(id, binding), masters);
}

function openWith(envelope: string, aad: (masterKeyId: string) => Buffer, masters: readonly MasterKey[]): string {
  const e = parseEnvelope(envelope);
  const master = masters.find((m) => m.id === e.masterKeyId);
  if (!master) throw new CustodyError('unknown-master-key', e.masterKeyId);
  try {
    const decipher = createDecipheriv('aes-256-gcm', secretOf(master), e.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(e.masterKeyId));
    decipher.setAuthTag(e.tag);
    // final() throws when the tag does not verify; nothing decrypted is returned before that.
    return Buffer.concat([decipher.update(e.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new CustodyError('tampered', e.masterKeyId);
  }
}

/**
 * Another secret kept like a private key (an ACME EAB HMAC key, an ACME account key): the same
 * envelope, bound to what it is (`acme-issuer`, `digicert`, `eab-hmac-key`) so it opens nowhere else.
 */
export function sealSecret(plaintext: string, purpose: readonly string[], master: MasterKey): string {
  return sealWith(plaintext, secretData(master.id, purpose), master);
}

export function openSecret(envelope: string, purpose: readonly string[], masters: readonly MasterKey[]): string {
  return openWith(envelope, (id) => secretData(id, purpose), masters);
}

function secretData(masterKeyId: string, purpose: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify(['certdesk-secret', VERSION, masterKeyId, ...purpose]), 'utf8');
}

/** Opens with one of `from` and seals again under `to`, with a new nonce (`keys rotate`). */
export function reseal(envelope: string, binding: KeyBinding, from: readonly MasterKey[], to: MasterKey): string {
  return sealPrivateKey(openPrivateKey(envelope, binding, from), binding, to);
}
