// Art. 4(7): private keys kept encrypted under CERTDESK_MASTER_KEY.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  CustodyError,
  envelopeMasterKeyId,
  looksWeak,
  type MasterKey,
  openPrivateKey,
  parseMasterKey,
  reseal,
  sealPrivateKey,
  type CustodyErrorCode,
} from '../../src/crypto/custody.js';
import { generateKeyPair } from '../../src/crypto/keys.js';

function master(text = randomBytes(32).toString('base64')): MasterKey {
  const r = parseMasterKey(text);
  if (!r.ok) throw new Error(r.code);
  return r.masterKey;
}

const binding = { contractId: 'acme-www', keyId: 'k1' };
const { privateKeyPem } = await generateKeyPair('ec-p256');
/** A piece of the key's base64 body, to look for where it must not be. */
const keyBody = privateKeyPem.split('\n')[2]!.slice(0, 24);

function refusal(f: () => unknown): CustodyErrorCode {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CustodyError);
    return (e as CustodyError).code;
  }
  throw new Error('not refused');
}

/** Changes one character of one part of an envelope to another base64url character. */
function changePart(envelope: string, part: number, at = 0): string {
  const parts = envelope.split('.');
  const p = parts[part]!;
  const c = p[at]!;
  // Flip the low bit of the 6-bit value at this position, keeping the length and alphabet.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  parts[part] = p.slice(0, at) + alphabet[alphabet.indexOf(c) ^ 1] + p.slice(at + 1);
  return parts.join('.');
}

describe('parseMasterKey', () => {
  it('accepts 32 random bytes in base64 (or base64url), and names the key by a hash, not by its bytes', () => {
    const bytes = randomBytes(32);
    const r = parseMasterKey(`  ${bytes.toString('base64')}\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.masterKey.key.equals(bytes)).toBe(true);
    expect(r.masterKey.id).toMatch(/^[0-9a-f]{16}$/);
    expect(master(bytes.toString('base64url')).id).toBe(r.masterKey.id);
    expect(master(bytes.toString('base64').replace(/=+$/, '')).id).toBe(r.masterKey.id);
    expect(master().id).not.toBe(r.masterKey.id);
  });

  it('refuses a missing, non-base64, wrong-length or weak key, each with its code', () => {
    const code = (t: string | undefined) => {
      const r = parseMasterKey(t);
      return r.ok ? 'ok' : r.code;
    };
    expect(code(undefined)).toBe('missing');
    expect(code('')).toBe('missing');
    expect(code('   ')).toBe('missing');
    expect(code('this is not base64!')).toBe('not-base64');
    expect(code(`${randomBytes(32).toString('base64')}$`)).toBe('not-base64');
    expect(code(randomBytes(16).toString('base64'))).toBe('wrong-length');
    expect(code(randomBytes(33).toString('base64'))).toBe('wrong-length');
    expect(code(randomBytes(32).toString('hex'))).toBe('wrong-length');
    expect(code(Buffer.alloc(32).toString('base64'))).toBe('weak');
    expect(code(Buffer.alloc(32, 0x41).toString('base64'))).toBe('weak');
    expect(code(Buffer.from('abcd'.repeat(8)).toString('base64'))).toBe('weak');
    const eight = randomBytes(8);
    expect(code(Buffer.concat([eight, eight, eight, eight]).toString('base64'))).toBe('weak');
    expect(code(Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64'))).toBe('weak');
    expect(code(Buffer.from('correct horse battery staple 123').toString('base64'))).toBe('weak');
    // Random, but from four byte values only.
    expect(code(Buffer.from(randomBytes(32).map((b) => b % 4)).toString('base64'))).toBe('weak');
  });

  it('never calls a random key weak (property)', () => {
    for (let i = 0; i < 20_000; i++) {
      const bytes = randomBytes(32);
      if (looksWeak(bytes)) throw new Error(`refused a random key (${i})`);
    }
  });

  it('keeps the key bytes out of JSON, inspect and String', () => {
    const bytes = randomBytes(32);
    const text = bytes.toString('base64');
    const r = parseMasterKey(text);
    for (const shown of [
      JSON.stringify(r),
      inspect(r, { depth: 10, showHidden: true }),
      String(r.ok && r.masterKey),
      JSON.stringify({ ...(r.ok ? r.masterKey : {}) }),
    ]) {
      expect(shown).not.toContain(text.slice(0, 12));
      expect(shown).not.toContain(bytes.toString('hex').slice(0, 12));
      expect(shown).not.toMatch(/"(type|data)"/);
    }
    expect(JSON.parse(JSON.stringify(r))).toEqual({ ok: true, masterKey: { id: r.ok && r.masterKey.id } });
    expect(Object.keys(r.ok ? r.masterKey : {})).toEqual(['id']);
  });
});

describe('sealing and opening a private key', () => {
  it('round-trips, with a fresh nonce every time', () => {
    const m = master();
    const a = sealPrivateKey(privateKeyPem, binding, m);
    const b = sealPrivateKey(privateKeyPem, binding, m);
    expect(a).toMatch(/^v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(a.split('.')[1]).toBe(m.id);
    expect(envelopeMasterKeyId(a)).toBe(m.id);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(a).not.toContain(keyBody);
    expect(openPrivateKey(a, binding, [m])).toBe(privateKeyPem);
    expect(openPrivateKey(b, binding, [master(), m])).toBe(privateKeyPem);
    expect(openPrivateKey(sealPrivateKey('日本語 ✓', binding, m), binding, [m])).toBe('日本語 ✓');
  });

  it('refuses a changed byte of the nonce, the ciphertext or the tag', () => {
    const m = master();
    const e = sealPrivateKey(privateKeyPem, binding, m);
    const ctLength = e.split('.')[3]!.length;
    for (const [part, at] of [
      [2, 0],
      [2, 10],
      [3, 0],
      [3, Math.floor(ctLength / 2)],
      [3, ctLength - 2],
      [4, 0],
      [4, 20],
    ] as const) {
      expect(
        refusal(() => openPrivateKey(changePart(e, part, at), binding, [m])),
        `part ${part} at ${at}`,
      ).toBe('tampered');
    }
    // The tag's last character carries 4 unused bits: changing one of those is refused, not ignored.
    const tag = e.split('.')[4]!;
    const lastChar = tag.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const padded = e.slice(0, -1) + alphabet[alphabet.indexOf(lastChar) ^ 1];
    expect(refusal(() => openPrivateKey(padded, binding, [m]))).toBe('malformed');
    // Cutting the ciphertext short is tampering too.
    const parts = e.split('.');
    parts[3] = Buffer.from(parts[3]!, 'base64url').subarray(0, -3).toString('base64url');
    expect(refusal(() => openPrivateKey(parts.join('.'), binding, [m]))).toBe('tampered');
  });

  it('is bound to its contract and key', () => {
    const m = master();
    const e = sealPrivateKey(privateKeyPem, binding, m);
    expect(refusal(() => openPrivateKey(e, { ...binding, contractId: 'acme-shop' }, [m]))).toBe('tampered');
    expect(refusal(() => openPrivateKey(e, { ...binding, keyId: 'k2' }, [m]))).toBe('tampered');
    // The parts of the binding cannot trade characters (the encoding is unambiguous).
    const joined = sealPrivateKey(privateKeyPem, { contractId: 'a', keyId: 'bc' }, m);
    expect(refusal(() => openPrivateKey(joined, { contractId: 'ab', keyId: 'c' }, [m]))).toBe('tampered');
  });

  it('refuses an envelope when its master key is not configured, or when it names another key', () => {
    const m = master();
    const other = master();
    const e = sealPrivateKey(privateKeyPem, binding, m);
    expect(refusal(() => openPrivateKey(e, binding, [other]))).toBe('unknown-master-key');
    expect(refusal(() => openPrivateKey(e, binding, []))).toBe('unknown-master-key');
    // The header is authenticated: relabelled for another configured key, it does not open.
    const relabelled = e.replace(m.id, other.id);
    expect(refusal(() => openPrivateKey(relabelled, binding, [m, other]))).toBe('tampered');
  });

  it('refuses what is not an envelope as malformed', () => {
    const m = master();
    const e = sealPrivateKey(privateKeyPem, binding, m);
    for (const bad of [
      '',
      'v1',
      privateKeyPem,
      e.replace(/^v1/, 'v2'),
      `${e}.x`,
      e.replace(/\.[^.]+$/, '.AAAA'),
      changePart(e, 1).toUpperCase(),
      e.replace(/\.([^.]+)\./, '.$1!.'),
    ]) {
      expect(
        refusal(() => openPrivateKey(bad, binding, [m])),
        bad.slice(0, 40),
      ).toBe('malformed');
    }
  });

  it('reseals under a new master key; the old one no longer opens it', () => {
    const old = master();
    const next = master();
    const e = sealPrivateKey(privateKeyPem, binding, old);
    const moved = reseal(e, binding, [old], next);
    expect(envelopeMasterKeyId(moved)).toBe(next.id);
    expect(openPrivateKey(moved, binding, [next])).toBe(privateKeyPem);
    expect(refusal(() => openPrivateKey(moved, binding, [old]))).toBe('unknown-master-key');
    // Resealing what is already under the current key still works (rotation is re-runnable).
    expect(openPrivateKey(reseal(moved, binding, [next, old], next), binding, [next])).toBe(privateKeyPem);
    expect(refusal(() => reseal(e, { ...binding, keyId: 'k9' }, [old], next))).toBe('tampered');
  });

  it('no key material in error messages, stacks or JSON', () => {
    const text = randomBytes(32).toString('base64');
    const m = master(text);
    const e = sealPrivateKey(privateKeyPem, binding, m);
    const errors: unknown[] = [];
    for (const f of [
      () => openPrivateKey(changePart(e, 3, 5), binding, [m]),
      () => openPrivateKey(e, { ...binding, contractId: 'x' }, [m]),
      () => openPrivateKey(e, binding, [master()]),
      () => openPrivateKey('v1.garbage', binding, [m]),
    ]) {
      try {
        f();
      } catch (err) {
        errors.push(err);
      }
    }
    expect(errors).toHaveLength(4);
    const shown = errors
      .map(
        (err) =>
          `${String(err)}\n${(err as Error).stack}\n${JSON.stringify(err)}\n${inspect(err, { showHidden: true, depth: 10 })}`,
      )
      .join('\n');
    expect(shown).not.toContain(text.slice(0, 12));
    expect(shown).not.toContain(m.key.toString('hex').slice(0, 12));
    expect(shown).not.toContain(keyBody);
    expect(shown).not.toContain('PRIVATE KEY');
    expect(JSON.parse(JSON.stringify(errors[2]))).toMatchObject({ code: 'unknown-master-key' });
  });
});
