// The CAs that take orders over ACME (RFC 8555): per issuer its directory, its External Account
// Binding (§7.3.4: a key id and an HMAC key, the key kept sealed like private keys), the challenge
// type, and the CAs its server's TLS chains to. An issuer with none stays manual (cert attach).
import { X509Certificate } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { ACME_ISSUERS, acmeIssuers, type AcmeChallengeType, type AcmeIssuer } from '../db/schema.js';
import { splitPemChain } from '../crypto/chain.js';
import { openSecret, sealSecret, type MasterKey } from '../crypto/custody.js';
import { audit, type Actor } from './audit.js';

export class IssuerSettingError extends Error {
  override readonly name = 'IssuerSettingError';
  constructor(
    readonly code: 'directory-url' | 'eab-pair' | 'eab-hmac-key' | 'ca-bundle' | 'master-key',
    message: string,
  ) {
    super(message);
  }
}

export interface IssuerInput {
  issuer: AcmeIssuer;
  directoryUrl: string;
  eab?: { kid: string; hmacKey: string };
  challenge?: AcmeChallengeType;
  caBundle?: string;
  master?: MasterKey;
  actor: Actor;
}

export interface IssuerView {
  issuer: AcmeIssuer;
  acme: boolean;
  directoryUrl: string | null;
  eabKid: string | null;
  /** Whether an HMAC key is kept (it is never shown). */
  eabHmacKey: 'sealed' | null;
  challenge: AcmeChallengeType | null;
  /** Subjects of the CA bundle's certificates. */
  caBundle: string[] | null;
  accountUrl: string | null;
}

const purpose = (issuer: string, what: 'eab-hmac-key' | 'account-key') => ['acme-issuer', issuer, what];

/** RFC 8555 §7.3.4: the MAC key is base64url; a CA may show it in base64 with padding. */
function hmacKeyBytes(text: string): Buffer | null {
  const t = text.trim();
  if (!/^[A-Za-z0-9_+/-]+={0,2}$/.test(t)) return null;
  const b = Buffer.from(t.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
  return b.length >= 16 ? b : null;
}

/** Records (or replaces) an issuer's ACME settings. A new directory or EAB starts a new account. */
export async function setIssuer(db: Db, input: IssuerInput, now: Date): Promise<IssuerView> {
  let url: URL;
  try {
    url = new URL(input.directoryUrl);
  } catch {
    throw new IssuerSettingError('directory-url', 'the ACME directory must be an https:// URL');
  }
  if (url.protocol !== 'https:')
    throw new IssuerSettingError('directory-url', 'the ACME directory must be an https:// URL (RFC 8555 §6.1)');
  let sealedHmac: string | undefined;
  if (input.eab) {
    if (!input.eab.kid.trim() || !input.eab.hmacKey.trim())
      throw new IssuerSettingError('eab-pair', 'give both --eab-kid and --eab-hmac-key');
    const bytes = hmacKeyBytes(input.eab.hmacKey);
    if (!bytes)
      throw new IssuerSettingError(
        'eab-hmac-key',
        'the EAB HMAC key must be base64url, as the CA gives it (at least 16 bytes)',
      );
    if (!input.master)
      throw new IssuerSettingError('master-key', 'the EAB HMAC key is kept sealed: CERTDESK_MASTER_KEY is needed');
    sealedHmac = sealSecret(bytes.toString('base64url'), purpose(input.issuer, 'eab-hmac-key'), input.master);
  }
  if (input.caBundle !== undefined) {
    const certs = splitPemChain(input.caBundle);
    if (!certs.length) throw new IssuerSettingError('ca-bundle', 'the CA bundle holds no PEM certificate');
    for (const c of certs) {
      try {
        new X509Certificate(c);
      } catch {
        throw new IssuerSettingError('ca-bundle', 'a certificate of the CA bundle cannot be read');
      }
    }
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(acmeIssuers).where(eq(acmeIssuers.issuer, input.issuer)).for('update');
    const eabKid = input.eab ? input.eab.kid.trim() : (before?.eabKid ?? null);
    const eabHmacKey = sealedHmac ?? before?.eabHmacKey ?? null;
    // Another server or another external account: the account key and URL belong to the old one.
    const sameAccount = before && before.directoryUrl === url.toString() && !input.eab;
    const values = {
      directoryUrl: url.toString(),
      eabKid,
      eabHmacKey,
      challenge: input.challenge ?? before?.challenge ?? 'http-01',
      caBundle: input.caBundle !== undefined ? splitPemChain(input.caBundle).join('') : (before?.caBundle ?? null),
      accountKey: sameAccount ? before.accountKey : null,
      accountUrl: sameAccount ? before.accountUrl : null,
      accountError: null,
      accountRetryAt: null,
      masterKeyId: sealedHmac ? input.master!.id : (before?.masterKeyId ?? null),
      updatedBy: input.actor,
      updatedAt: now,
    };
    if (before) await tx.update(acmeIssuers).set(values).where(eq(acmeIssuers.issuer, input.issuer));
    else await tx.insert(acmeIssuers).values({ issuer: input.issuer, ...values });
    await audit(tx, now, input.actor, 'issuer.set', `issuer:${input.issuer}`, {
      directoryUrl: values.directoryUrl,
      eabKid,
      challenge: values.challenge,
      caBundle: values.caBundle !== null,
    });
    return (await showIssuers(tx)).find((i) => i.issuer === input.issuer)!;
  });
}

/** Every issuer, with ACME or manual; never a secret. */
export async function showIssuers(q: Queryable): Promise<IssuerView[]> {
  const rows = await q.select().from(acmeIssuers);
  return ACME_ISSUERS.map((issuer) => {
    const r = rows.find((x) => x.issuer === issuer);
    if (!r)
      return {
        issuer,
        acme: false,
        directoryUrl: null,
        eabKid: null,
        eabHmacKey: null,
        challenge: null,
        caBundle: null,
        accountUrl: null,
      };
    return {
      issuer,
      acme: true,
      directoryUrl: r.directoryUrl,
      eabKid: r.eabKid,
      eabHmacKey: r.eabHmacKey ? 'sealed' : null,
      challenge: r.challenge,
      caBundle: r.caBundle
        ? splitPemChain(r.caBundle).map((c) => new X509Certificate(c).subject.replace(/\n/g, ', '))
        : null,
      accountUrl: r.accountUrl,
    };
  });
}

export type IssuerRow = typeof acmeIssuers.$inferSelect;

export async function loadIssuer(q: Queryable, issuer: AcmeIssuer): Promise<IssuerRow | undefined> {
  const [row] = await q.select().from(acmeIssuers).where(eq(acmeIssuers.issuer, issuer));
  return row;
}

/** The issuer's EAB HMAC key, opened for one use (never logged). */
export function openEabHmacKey(row: IssuerRow, masters: readonly MasterKey[]): string | null {
  return row.eabHmacKey ? openSecret(row.eabHmacKey, purpose(row.issuer, 'eab-hmac-key'), masters) : null;
}

export function sealAccountKey(issuer: string, pem: string, master: MasterKey): string {
  return sealSecret(pem, purpose(issuer, 'account-key'), master);
}

export function openAccountKey(row: IssuerRow, masters: readonly MasterKey[]): string | null {
  return row.accountKey ? openSecret(row.accountKey, purpose(row.issuer, 'account-key'), masters) : null;
}
