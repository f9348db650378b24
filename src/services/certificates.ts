// Certificates serving a contract: an issued one attached by staff (category I/II, several per
// term since publicly trusted certificates live at most 200 days), a brought one uploaded for a
// renewal (category III, Art. 3, 6(3)), and the reissues due when a certificate ends first.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client.js';
import { certificates, contracts, contractTerms, renewalCycles } from '../db/schema.js';
import { splitPemChain, verifyChain } from '../crypto/chain.js';
import { publicKeyFingerprint } from '../crypto/keys.js';
import { itemByCode, type ItemCode } from '../domain/catalog.js';
import { readCertificate, type CertificateFacts } from '../crypto/certificate.js';
import {
  fittingTerm,
  isExpired,
  isNotYetValid,
  passesNinetyDayRule,
  secondsLeftFrom,
  validityDays,
} from '../domain/certificate.js';
import { addDays, compareDates, jstDateOf, jstInstantAt, jstWallClock } from '../domain/dates.js';
import { feesFor } from '../domain/fees.js';
import { certificateCoversName } from '../domain/names.js';
import { ok, reason, refused, type Decided, type Reason } from '../domain/reasons.js';
import { termEnd } from '../domain/renewal.js';
import type { TermCode } from '../domain/terms.js';
import { audit, type Actor } from './audit.js';
import { loadCycle, recordOutcome } from './cycles.js';
import { keptPublicKeys } from './custody.js';
import { NotFound } from './errors.js';
import { appendFees } from './ledger.js';
import { alertStaff } from './outbox.js';

export interface CertificateChecked {
  facts: CertificateFacts;
  spki: string;
  chain: string[];
}

/**
 * The checks every submitted certificate passes, each its own reason: it parses, it names the
 * contract's common name (RFC 6125), it is valid now, and its chain verifies up to the supplied
 * intermediates. With `keys`, its public key must be one the provider keeps (a key or a CSR).
 */
export function checkCertificate(
  pemText: string,
  commonName: string,
  now: Date,
  keys: readonly string[] | null,
): Decided<CertificateChecked> {
  const blocks = splitPemChain(pemText);
  const read = readCertificate(blocks[0] ?? pemText);
  if (!read.ok) return refused(reason(null, 'certificate-unreadable', { problem: read.problem }));
  const c = read.certificate;
  const reasons: Reason[] = [];
  if (!certificateCoversName({ commonName: c.commonName, sans: c.sans }, commonName)) {
    reasons.push(
      reason(null, 'certificate-does-not-cover-name', {
        commonName,
        names: c.sans.length ? c.sans : [c.commonName ?? ''],
      }),
    );
  }
  const spki = publicKeyFingerprint(c.pem);
  if (keys && keys.length > 0 && !keys.includes(spki)) reasons.push(reason('Art. 4(7)', 'certificate-key-mismatch'));
  if (isExpired(c, now))
    reasons.push(reason(null, 'certificate-expired', { notAfter: `${jstWallClock(c.notAfter)} JST` }));
  if (isNotYetValid(c, now))
    reasons.push(reason(null, 'certificate-not-yet-valid', { notBefore: `${jstWallClock(c.notBefore)} JST` }));
  const chain = blocks.slice(1);
  const verdict = verifyChain(c.pem, chain, now);
  if (!verdict.ok)
    reasons.push(reason(null, 'certificate-chain-invalid', { problem: verdict.code, index: verdict.index }));
  return reasons.length ? refused(...reasons) : ok({ facts: c, spki, chain });
}

async function insertCertificate(
  tx: Tx,
  contractId: string,
  termId: number | null,
  checked: CertificateChecked,
  source: 'issued' | 'uploaded',
  actor: Actor,
  now: Date,
): Promise<number> {
  const c = checked.facts;
  const [row] = await tx
    .insert(certificates)
    .values({
      contractId,
      contractTermId: termId,
      commonName: c.commonName,
      sans: c.sans,
      issuer: c.issuer,
      serial: c.serial,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      keyType: c.keyType,
      keyBits: c.keyBits,
      fingerprintSha256: c.fingerprintSha256,
      pem: c.pem,
      source,
      publicKeyFingerprint: checked.spki,
      chainPem: checked.chain.length ? checked.chain.join('\n') : null,
      recordedBy: actor,
      createdAt: now,
    })
    .returning({ id: certificates.id });
  return row!.id;
}

export interface Attached {
  contract: string;
  certificateId: number;
  /** The certificate was attached before: nothing changed. */
  already: boolean;
  /** It began the contract's first term; otherwise a reissue inside the term. */
  firstTerm: boolean;
  notAfter: Date;
  termExpiry: string;
  /** It ends before its term does: staff will be told ahead of a reissue. */
  endsBeforeTerm: boolean;
}

/**
 * An issued certificate (category I/II) serves the contract's current term: the first one begins
 * the term; later ones are reissues inside it — no fee, no renewal cycle.
 */
export async function attachCertificate(
  db: Db,
  input: {
    contractId: string;
    pem: string;
    actor: Actor;
    /** Done in the same transaction once attached (or found attached before). */ then?: (
      tx: Tx,
      attached: Attached,
    ) => Promise<void>;
  },
  now: Date,
): Promise<Decided<Attached>> {
  return db.transaction(async (tx) => {
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, input.contractId)).for('update');
    if (!contract) throw new NotFound('contract', input.contractId);
    const item = itemByCode(contract.item as ItemCode);
    if (item.category === 'III')
      return refused<Attached>(reason(null, 'certificate-category', { item: item.code, category: item.category }));
    if (contract.status === 'ended') return refused<Attached>(reason(null, 'contract-ended'));
    const keys = (await keptPublicKeys(tx, contract.id)).map((k) => k.fingerprint);
    const checked = checkCertificate(input.pem, contract.commonName, now, keys);
    if (!checked.ok) return checked;
    const c = checked.value.facts;
    const [existing] = await tx
      .select()
      .from(certificates)
      .where(and(eq(certificates.contractId, contract.id), eq(certificates.fingerprintSha256, c.fingerprintSha256)));
    let [term] = await tx
      .select()
      .from(contractTerms)
      .where(eq(contractTerms.contractId, contract.id))
      .orderBy(desc(contractTerms.seq))
      .limit(1);
    if (existing) {
      const found: Attached = {
        contract: contract.id,
        certificateId: existing.id,
        already: true,
        firstTerm: false,
        notAfter: existing.notAfter,
        termExpiry: term?.expiryDate.toString() ?? '',
        endsBeforeTerm: false,
      };
      await input.then?.(tx, found);
      return ok(found);
    }
    const firstTerm = !term;
    if (!term) {
      // The term begins with the first certificate issued for it.
      const startsOn = jstDateOf(c.notBefore);
      const expiryDate = termEnd(startsOn, contract.term as TermCode);
      if (!expiryDate)
        return refused<Attached>(reason(null, 'certificate-category', { item: item.code, category: item.category }));
      [term] = await tx
        .insert(contractTerms)
        .values({
          contractId: contract.id,
          seq: 1,
          item: contract.item,
          term: contract.term,
          startsOn,
          expiryDate,
          kind: 'new',
          tariffVersion: null,
          createdAt: now,
        })
        .returning();
      await tx
        .insert(renewalCycles)
        .values({ contractId: contract.id, contractTermId: term!.id, expiryDate, dueAt: now, createdAt: now });
    }
    const certificateId = await insertCertificate(tx, contract.id, term!.id, checked.value, 'issued', input.actor, now);
    const endsBeforeTerm = compareDates(jstDateOf(c.notAfter), term!.expiryDate) < 0;
    await audit(
      tx,
      now,
      input.actor,
      firstTerm ? 'certificate.attach' : 'certificate.reissue',
      `contract:${contract.id}`,
      {
        certificateId,
        serial: c.serial,
        notAfter: c.notAfter.toISOString(),
        fingerprintSha256: c.fingerprintSha256,
      },
    );
    const attached: Attached = {
      contract: contract.id,
      certificateId,
      already: false,
      firstTerm,
      notAfter: c.notAfter,
      termExpiry: term!.expiryDate.toString(),
      endsBeforeTerm,
    };
    await input.then?.(tx, attached);
    return ok(attached);
  });
}

export interface Uploaded {
  contract: string;
  certificateId: number;
  /** Appendix 1: the fee tier is the new certificate's fitting term. */
  term: TermCode;
  validityDays: number;
  fees: number;
}

/**
 * Category III renewal (Art. 6(3)): the customer renews the certificate themself and brings it.
 * It must pass the checks, fit a term (Art. 3; its tier sets the fee) and live more than 90 days.
 * Accepted, it renews the contract now: the next term is its validity period.
 */
export async function uploadRenewalCertificate(
  db: Db,
  input: { contractId: string; pem: string; actor: Actor },
  now: Date,
): Promise<Decided<Uploaded>> {
  return db.transaction(async (tx) => {
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, input.contractId)).for('update');
    if (!contract) throw new NotFound('contract', input.contractId);
    const item = itemByCode(contract.item as ItemCode);
    if (item.category !== 'III')
      return refused<Uploaded>(reason(null, 'certificate-category', { item: item.code, category: item.category }));
    const [cycleRow] = await tx
      .select({ id: renewalCycles.id })
      .from(renewalCycles)
      .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
      .where(eq(renewalCycles.contractId, contract.id))
      .orderBy(desc(contractTerms.seq))
      .limit(1)
      .for('update');
    const ctx = cycleRow ? await loadCycle(tx, cycleRow.id) : undefined;
    // Open once a notice went out, or while held (no notice before expiry: staff settle it with the customer).
    if (
      !ctx ||
      contract.status === 'ended' ||
      ctx.facts.outcome ||
      (!ctx.notices.some((n) => n.sentAt) && !ctx.cycle.heldAt)
    )
      return refused<Uploaded>(reason('Art. 6(3)', 'renewal-not-open'));
    const checked = checkCertificate(input.pem, contract.commonName, now, null);
    if (!checked.ok) return checked;
    const c = checked.value.facts;
    const reasons: Reason[] = [];
    // Art. 6(3), read with the term it renews: the renewed term begins the day after the expiry date.
    const renewedFrom = addDays(ctx.cycle.expiryDate, 1);
    if (!passesNinetyDayRule(c))
      reasons.push(reason('Art. 6(3)', 'certificate-90-day-rule', { validityDays: Math.floor(validityDays(c)) }));
    else if (!passesNinetyDayRule(c, renewedFrom)) {
      reasons.push(
        reason('Art. 6(3)', 'certificate-90-days-into-renewed-term', {
          startsOn: renewedFrom.toString(),
          daysLeft: Math.floor(secondsLeftFrom(c, renewedFrom) / 86_400),
        }),
      );
    }
    const tier = fittingTerm(c);
    if (!tier)
      reasons.push(reason('Art. 3', 'certificate-does-not-fit-term', { term: contract.term, fittingTerm: '' }));
    if (reasons.length || !tier) return refused<Uploaded>(...reasons);
    const fees = feesFor({ item: item.code, term: tier, event: { kind: 'renewal', on: jstDateOf(now) } });
    if (!fees.ok) return refused<Uploaded>(...fees.reasons);
    const certificateId = await insertCertificate(tx, contract.id, null, checked.value, 'uploaded', input.actor, now);
    const added = await appendFees(tx, contract.id, `renewal-cycle:${ctx.cycle.id}`, fees.value, now);
    await recordOutcome(tx, (await loadCycle(tx, ctx.cycle.id))!, 'renewed', now);
    await tx
      .update(renewalCycles)
      .set({ dueAt: now, feesAccrueOn: jstDateOf(now) })
      .where(eq(renewalCycles.id, ctx.cycle.id));
    await audit(tx, now, input.actor, 'certificate.upload', `contract:${contract.id}`, {
      certificateId,
      tier,
      validityDays: validityDays(c),
      fingerprintSha256: c.fingerprintSha256,
    });
    return ok({
      contract: contract.id,
      certificateId,
      term: tier,
      validityDays: validityDays(c),
      fees: added.reduce((s, e) => s + e.amount, 0),
    });
  });
}

/**
 * Certificates that end before their term does, within `days` of now, with no later certificate
 * for the term yet (by index on not_after): staff are told ahead so the reissue is in time.
 */
export async function dueReissues(
  q: Queryable,
  now: Date,
  days: number,
  limit: number,
): Promise<{ certificateId: number; contractId: string; notAfter: Date }[]> {
  const today = jstDateOf(now);
  const until = jstInstantAt(addDays(today, days + 1), 0);
  // A week back: an alert missed while the sweep was down still goes out.
  const from = jstInstantAt(addDays(today, -7), 0);
  const rows = await q.execute<{ id: string; contract_id: string; not_after: Date | string }>(sql`
    select c.id, c.contract_id, c.not_after from certificates c
    join contract_terms t on t.id = c.contract_term_id
    join contracts k on k.id = c.contract_id and k.status = 'active'
    where c.not_after between ${from.toISOString()}::timestamptz and ${until.toISOString()}::timestamptz
      and (c.not_after at time zone 'Asia/Tokyo')::date < t.expiry_date
      and not exists (select 1 from certificates c2 where c2.contract_term_id = c.contract_term_id and c2.not_after > c.not_after)
      and not exists (select 1 from outbox o where o.key = 'alert:reissue:' || c.id)
    order by c.not_after limit ${limit}`);
  return [...rows].map((r) => ({
    certificateId: Number(r.id),
    contractId: r.contract_id,
    notAfter: new Date(r.not_after),
  }));
}

export async function alertReissue(
  db: Db,
  due: { certificateId: number; contractId: string; notAfter: Date },
  now: Date,
): Promise<boolean> {
  return (
    (await alertStaff(
      db,
      `reissue:${due.certificateId}`,
      { kind: 'certificate-ends-before-term', contractId: due.contractId, detail: jstDateOf(due.notAfter).toString() },
      now,
    )) !== undefined
  );
}

/** The certificate serving a contract now: the latest of its current term's. */
export async function currentCertificates(q: Queryable, contractId: string) {
  const [term] = await q
    .select()
    .from(contractTerms)
    .where(eq(contractTerms.contractId, contractId))
    .orderBy(desc(contractTerms.seq))
    .limit(1);
  if (!term) return { term: undefined, certificates: [] };
  const rows = await q
    .select()
    .from(certificates)
    .where(eq(certificates.contractTermId, term.id))
    .orderBy(desc(certificates.notAfter));
  return { term, certificates: rows };
}
