// Art. 4(7): the provider creates the key pair and the CSR for a contract, and keeps the key —
// sealed under the master key, never in the clear, never shown, logged or posted — and the CSR,
// which may be shown. Rotation re-seals every key under a new master key, all or nothing.
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { acmeIssuers, contracts, csrs, customers, privateKeys } from '../db/schema.js';
import { createCsr as buildCsr, readCsr } from '../crypto/csr.js';
import { openPrivateKey, openSecret, reseal, sealPrivateKey, sealSecret, type MasterKey } from '../crypto/custody.js';
import { generateKeyPair, publicKeyFingerprint, type KeyType } from '../crypto/keys.js';
import { ok, reason, refused, type Decided } from '../domain/reasons.js';
import { audit, type Actor } from './audit.js';
import { NotFound } from './errors.js';

/** What a CSR says, for people: never the key. */
export interface CsrView {
  contract: string;
  keyId: string;
  keyType: KeyType;
  csr: string;
  subject: Record<string, string>;
  commonName: string;
  sans: string[];
  publicKeyFingerprint: string;
}

/**
 * Makes a key pair with Node's crypto and a CSR for the contract's common name and organisation,
 * seals the key and keeps both. The key is generated outside the transaction (it takes time);
 * only sealed bytes reach the database.
 */
export async function createCsrFor(
  db: Db,
  input: { contractId: string; keyType: KeyType; master: MasterKey; actor: Actor },
  now: Date,
): Promise<Decided<CsrView>> {
  const [row] = await db
    .select({ contract: contracts, customer: customers })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(eq(contracts.id, input.contractId));
  if (!row) throw new NotFound('contract', input.contractId);
  if (row.contract.status === 'ended') return refused(reason('Art. 4(7)', 'contract-ended'));
  const pair = await generateKeyPair(input.keyType);
  const pem = buildCsr({
    privateKeyPem: pair.privateKeyPem,
    commonName: row.contract.commonName,
    organization: row.customer.name,
    country: row.customer.country,
  });
  const facts = readCsr(pem);
  const keyId = randomUUID();
  const envelope = sealPrivateKey(pair.privateKeyPem, { contractId: row.contract.id, keyId }, input.master);
  await db.transaction(async (tx) => {
    await tx.insert(privateKeys).values({
      id: keyId,
      contractId: row.contract.id,
      keyType: pair.keyType,
      publicKeyFingerprint: facts.publicKeyFingerprint,
      envelope,
      masterKeyId: input.master.id,
      createdBy: input.actor,
      createdAt: now,
    });
    await tx.insert(csrs).values({
      contractId: row.contract.id,
      privateKeyId: keyId,
      pem,
      commonName: facts.commonName ?? row.contract.commonName,
      sans: facts.sans,
      subject: facts.subject,
      publicKeyFingerprint: facts.publicKeyFingerprint,
      createdBy: input.actor,
      createdAt: now,
    });
    await audit(tx, now, input.actor, 'csr.create', `contract:${row.contract.id}`, {
      keyId,
      keyType: pair.keyType,
      publicKeyFingerprint: facts.publicKeyFingerprint,
    });
  });
  return ok({
    contract: row.contract.id,
    keyId,
    keyType: pair.keyType,
    csr: pem,
    subject: facts.subject as unknown as Record<string, string>,
    commonName: facts.commonName ?? row.contract.commonName,
    sans: facts.sans,
    publicKeyFingerprint: facts.publicKeyFingerprint,
  });
}

/** The contract's kept keys' and CSRs' public-key fingerprints, to match an issued certificate against. */
export async function keptPublicKeys(
  q: Queryable,
  contractId: string,
): Promise<{ fingerprint: string; source: 'key' | 'csr'; keyId: string }[]> {
  const keys = await q
    .select({ fingerprint: privateKeys.publicKeyFingerprint, keyId: privateKeys.id })
    .from(privateKeys)
    .where(eq(privateKeys.contractId, contractId));
  const requests = await q
    .select({ fingerprint: csrs.publicKeyFingerprint, keyId: csrs.privateKeyId })
    .from(csrs)
    .where(eq(csrs.contractId, contractId));
  return [
    ...keys.map((k) => ({ ...k, source: 'key' as const })),
    ...requests.map((r) => ({ ...r, source: 'csr' as const })),
  ];
}

export async function listCsrs(q: Queryable, contractId: string) {
  return q.select().from(csrs).where(eq(csrs.contractId, contractId)).orderBy(asc(csrs.id));
}

export interface RotationResult {
  resealed: number;
  alreadyCurrent: number;
  to: string;
}

/**
 * Re-seals every kept key under the current master key, in one transaction: if any key cannot be
 * opened (its master key is not given, or it was altered), nothing changes.
 */
export async function rotateKeys(
  db: Db,
  input: { to: MasterKey; from: readonly MasterKey[]; actor: Actor },
  now: Date,
): Promise<RotationResult> {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(privateKeys).orderBy(asc(privateKeys.id)).for('update');
    let resealed = 0;
    let alreadyCurrent = 0;
    for (const r of rows) {
      if (r.masterKeyId === input.to.id) {
        alreadyCurrent++;
        continue;
      }
      const envelope = reseal(
        r.envelope,
        { contractId: r.contractId, keyId: r.id },
        [...input.from, input.to],
        input.to,
      );
      await tx
        .update(privateKeys)
        .set({ envelope, masterKeyId: input.to.id, resealedAt: now })
        .where(eq(privateKeys.id, r.id));
      resealed++;
    }
    // The ACME issuers' secrets (EAB HMAC key, account key) are kept the same way and move with them.
    for (const i of await tx.select().from(acmeIssuers).orderBy(asc(acmeIssuers.issuer)).for('update')) {
      if (!i.masterKeyId || i.masterKeyId === input.to.id) continue;
      const masters = [...input.from, input.to];
      const again = (envelope: string | null, what: string) =>
        envelope
          ? sealSecret(
              openSecret(envelope, ['acme-issuer', i.issuer, what], masters),
              ['acme-issuer', i.issuer, what],
              input.to,
            )
          : null;
      await tx
        .update(acmeIssuers)
        .set({
          eabHmacKey: again(i.eabHmacKey, 'eab-hmac-key'),
          accountKey: again(i.accountKey, 'account-key'),
          masterKeyId: input.to.id,
        })
        .where(eq(acmeIssuers.issuer, i.issuer));
      resealed++;
    }
    await audit(tx, now, input.actor, 'keys.rotate', 'keys', { to: input.to.id, resealed, alreadyCurrent });
    return { resealed, alreadyCurrent, to: input.to.id };
  });
}

/** Staff take a kept key out (to install it on a server): audited; the caller writes it where asked, never to a log. */
export async function exportKey(
  db: Db,
  input: { contractId: string; keyId?: string; masters: readonly MasterKey[]; actor: Actor },
  now: Date,
): Promise<{ keyId: string; pem: string; publicKeyFingerprint: string }> {
  // The latest key is the one of the latest CSR (keys are named by random ids).
  const rows = await db
    .select({ key: privateKeys })
    .from(privateKeys)
    .innerJoin(csrs, eq(csrs.privateKeyId, privateKeys.id))
    .where(eq(privateKeys.contractId, input.contractId))
    .orderBy(asc(csrs.id));
  const row = (input.keyId ? rows.find((r) => r.key.id === input.keyId) : rows.at(-1))?.key;
  if (!row) throw new NotFound('contract', input.contractId);
  const pem = openPrivateKey(row.envelope, { contractId: row.contractId, keyId: row.id }, input.masters);
  if (publicKeyFingerprint(pem) !== row.publicKeyFingerprint)
    throw new Error('the kept key does not match its recorded public key');
  await db.transaction(async (tx) =>
    audit(tx, now, input.actor, 'key.export', `contract:${input.contractId}`, {
      keyId: row.id,
      publicKeyFingerprint: row.publicKeyFingerprint,
    }),
  );
  return { keyId: row.id, pem, publicKeyFingerprint: row.publicKeyFingerprint };
}
