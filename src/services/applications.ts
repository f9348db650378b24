// 利用の申込: an application (Art. 3, 4, 7), and its acceptance by staff, which makes the contract
// and the fees of Art. 10 (初期費用 accrue when the provider accepts).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import {
  applications,
  certificates,
  contracts,
  contractTerms,
  customers,
  renewalCycles,
  slackDeliveries,
} from '../db/schema.js';
import { splitPemChain, verifyChain } from '../crypto/chain.js';
import { itemByCode, type ItemCode } from '../domain/catalog.js';
import { readCertificate } from '../crypto/certificate.js';
import { jstDateOf } from '../domain/dates.js';
import { certificateTier, eligibility } from '../domain/eligibility.js';
import { feesFor } from '../domain/fees.js';
import { ok, reason, refused, type Decided, type Reason } from '../domain/reasons.js';
import type { TermCode } from '../domain/terms.js';
import { loadAbolitions } from './abolitions.js';
import { audit, type Actor } from './audit.js';
import { customerServices } from './designated-services.js';
import { NotFound } from './errors.js';
import { appendFees } from './ledger.js';
import { enqueueMessage } from './outbox.js';

export type Application = typeof applications.$inferSelect;

export interface ApplicationInput {
  customerId: string;
  item: ItemCode;
  term: TermCode;
  commonName: string;
  service: string | null;
  providerCreatesKey: boolean;
  movedFromExternalServer: boolean;
  /** Category III: the certificate brought in, as PEM. */
  certificatePem: string | null;
  /**
   * Art. 3 proviso: staff record the CA's transition period (移行期間), with its reason, for a
   * brought certificate whose validity does not fit the term. Only staff may give it.
   */
  transitionException?: string | null;
  submittedBy: string;
  actor: Actor;
  channel: string | null;
  deliveryId?: string;
}

/** Every reason an application cannot be made, at once (Art. 3, 4(1), 7(1), 7(2), 8, Appendix 1). */
export async function applicationReasons(
  q: Queryable,
  input: Omit<ApplicationInput, 'submittedBy' | 'actor' | 'channel'>,
  now: Date,
): Promise<Reason[]> {
  const [customer] = await q.select().from(customers).where(eq(customers.id, input.customerId));
  if (!customer) throw new NotFound('customer', input.customerId);
  // Art. 4(1): a service the customer holds that is on the provider's list, not any name given.
  const services = await customerServices(q, customer.id);
  const reasons: Reason[] = [];
  const item = itemByCode(input.item);
  let certificate;
  // A certificate given with a category I/II application is refused with a sentence, never dropped: the provider obtains it.
  if (item.category !== 'III' && input.certificatePem?.trim())
    reasons.push(reason(null, 'certificate-not-taken', { item: item.code }));
  if (item.category === 'III') {
    if (!input.certificatePem?.trim()) reasons.push(reason('Art. 3', 'certificate-missing'));
    else {
      // The checks of any brought certificate minus the key (the customer keeps it): the chain too.
      const blocks = splitPemChain(input.certificatePem);
      const read = readCertificate(blocks[0] ?? input.certificatePem);
      if (read.ok) {
        certificate = read.certificate;
        const verdict = verifyChain(read.certificate.pem, blocks.slice(1), now);
        if (!verdict.ok)
          reasons.push(reason(null, 'certificate-chain-invalid', { problem: verdict.code, index: verdict.index }));
      } else reasons.push(reason(null, 'certificate-unreadable', { problem: read.problem }));
    }
  }
  const e = eligibility(
    {
      item: input.item,
      term: input.term,
      country: customer.country,
      movedFromExternalServer: input.movedFromExternalServer,
      hasDesignatedService: services.designated.length > 0,
      certificate,
      commonName: input.commonName,
      transitionException: input.transitionException?.trim() || undefined,
    },
    now,
    await loadAbolitions(q),
  );
  const said = e.reasons.map((r) =>
    r.code === 'no-designated-service'
      ? { ...r, params: { ...r.params, services: services.services, designated: services.list } }
      : r,
  );
  // The service that will use a cloud certificate must be designated (Art. 4(1)) and the customer's own.
  if (item.category === 'II' && input.service && !services.list.includes(input.service)) {
    said.push(reason('Art. 4(1)', 'service-not-designated', { service: input.service, designated: services.list }));
  } else if (item.category === 'II' && input.service && !services.designated.includes(input.service)) {
    said.push(reason('Art. 4(1)', 'service-not-held', { service: input.service, services: services.designated }));
  }
  return [...reasons, ...said];
}

/** An application waiting for staff with the same customer, item and common name, if any. */
async function pendingTwin(
  q: Queryable,
  input: { customerId: string; item: string; commonName: string },
): Promise<Application | undefined> {
  const [twin] = await q
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.customerId, input.customerId),
        eq(applications.item, input.item),
        eq(applications.commonName, input.commonName.toLowerCase()),
        eq(applications.status, 'submitted'),
      ),
    )
    .orderBy(asc(applications.id))
    .limit(1);
  return twin;
}

/** The fee tier of a category III application's certificate (null for other categories, or no readable certificate). */
function categoryIiiTier(app: {
  item: string;
  term: string;
  certificatePem: string | null;
  transitionException?: string | null;
}): TermCode | null {
  if (itemByCode(app.item as ItemCode).category !== 'III' || !app.certificatePem) return null;
  const read = readCertificate(splitPemChain(app.certificatePem)[0] ?? app.certificatePem);
  return read.ok
    ? certificateTier(read.certificate, app.term as TermCode, app.transitionException?.trim() || null)
    : null;
}

/** Records a valid application and asks staff to decide; refuses with every reason otherwise. */
export async function submitApplication(
  db: Db,
  input: ApplicationInput,
  now: Date,
): Promise<Decided<{ application: Application; duplicate: boolean }>> {
  const reasons = await applicationReasons(db, input, now);
  if (reasons.length) return refused(...reasons);
  // Appendix 1 with Art. 3: the term that applies is the certificate's tier, said before the application is made.
  const tier = categoryIiiTier(input);
  if (tier && tier !== input.term) {
    const fees = feesFor({ item: input.item, term: tier, event: { kind: 'acceptance', on: jstDateOf(now) } });
    return refused(
      reason('Art. 3', 'certificate-tier-applies', {
        term: input.term,
        tier,
        fee: fees.ok ? fees.value.reduce((s, f) => s + f.amount, 0) : 0,
      }),
    );
  }
  return db.transaction(async (tx) => {
    if (input.deliveryId) {
      const [fresh] = await tx
        .insert(slackDeliveries)
        .values({ deliveryId: input.deliveryId, kind: 'application', userId: input.submittedBy, receivedAt: now })
        .onConflictDoNothing()
        .returning();
      if (!fresh) {
        const [earlier] = await tx
          .select()
          .from(applications)
          .where(and(eq(applications.customerId, input.customerId), eq(applications.commonName, input.commonName)))
          .orderBy(asc(applications.id));
        return ok({ application: earlier!, duplicate: true });
      }
    }
    // Two pending applications for one certificate are one too many: the second names the first.
    const twin = await pendingTwin(tx, input);
    if (twin)
      return refused<{ application: Application; duplicate: boolean }>(
        reason(null, 'application-already-pending', { application: twin.id, commonName: twin.commonName }),
      );
    const [application] = await tx
      .insert(applications)
      .values({
        customerId: input.customerId,
        item: input.item,
        term: input.term,
        commonName: input.commonName.toLowerCase(),
        service: input.service,
        providerCreatesKey: input.providerCreatesKey,
        movedFromExternalServer: input.movedFromExternalServer,
        certificatePem: input.certificatePem,
        transitionException: input.transitionException?.trim() || null,
        submittedBy: input.submittedBy,
        submittedAt: now,
        slackChannel: input.channel,
        createdAt: now,
      })
      .returning();
    await enqueueMessage(
      tx,
      {
        key: `application:${application!.id}`,
        view: 'application-submitted',
        data: { applicationId: application!.id },
        channel: null,
      },
      now,
    );
    await audit(tx, now, input.actor, 'application.submit', `application:${application!.id}`, {
      customer: input.customerId,
      item: input.item,
      term: input.term,
      commonName: application!.commonName,
      ...(application!.transitionException ? { transitionException: application!.transitionException } : {}),
    });
    return ok({ application: application!, duplicate: false });
  });
}

export interface Decision {
  application: Application;
  /** Nothing changed: it was decided before (a double click, a retried delivery). */
  already: boolean;
  contractId: string | null;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/^\*\./, 'wildcard.')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/**
 * Staff accept: the contract is made and the initial fees of Art. 10 accrue today. A category III
 * contract's term is its certificate's validity; a category I/II term begins when the issued
 * certificate is attached.
 */
export async function acceptApplication(
  db: Db,
  input: { applicationId: number; actor: Actor; agreedCertificateFee?: number | null },
  now: Date,
): Promise<Decided<Decision>> {
  return db.transaction(async (tx) => {
    const [app] = await tx.select().from(applications).where(eq(applications.id, input.applicationId)).for('update');
    if (!app) throw new NotFound('application', String(input.applicationId));
    if (app.status !== 'submitted') return ok({ application: app, already: true, contractId: app.contractId });
    // The rules again, as of acceptance: an abolition may have come meanwhile.
    const reasons = await applicationReasons(
      tx,
      { ...app, item: app.item as ItemCode, term: app.term as TermCode },
      now,
    );
    const item = itemByCode(app.item as ItemCode);
    const agreed = input.agreedCertificateFee ?? app.agreedCertificateFee;
    // Appendix 1 with Art. 3: a category III contract is of its certificate's tier, whatever term was asked for.
    const term = categoryIiiTier(app) ?? (app.term as TermCode);
    const fees = feesFor({
      item: item.code,
      term,
      event: { kind: 'acceptance', on: jstDateOf(now) },
      agreedCertificateFee: agreed,
    });
    if (!fees.ok) reasons.push(...fees.reasons);
    if (reasons.length || !fees.ok) return refused<Decision>(...reasons);

    let contractId = `${app.customerId}-${slug(app.commonName)}`;
    for (
      let n = 2;
      (await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, contractId))).length;
      n++
    )
      contractId = `${app.customerId}-${slug(app.commonName)}-${n}`;
    await tx.insert(contracts).values({
      id: contractId,
      customerId: app.customerId,
      item: item.code,
      term,
      commonName: app.commonName,
      service: app.service,
      status: 'active',
      origin: 'application',
      applicationId: app.id,
      acceptedAt: now,
      agreedCertificateFee: agreed ?? null,
      createdAt: now,
    });
    if (item.category === 'III' && app.certificatePem) {
      const read = readCertificate(app.certificatePem);
      if (read.ok) {
        const c = read.certificate;
        const [firstTerm] = await tx
          .insert(contractTerms)
          .values({
            contractId,
            seq: 1,
            item: item.code,
            term,
            startsOn: jstDateOf(c.notBefore),
            expiryDate: jstDateOf(c.notAfter),
            kind: 'new',
            tariffVersion: fees.value[0]?.tariffVersion ?? null,
            createdAt: now,
          })
          .returning({ id: contractTerms.id });
        await tx.insert(renewalCycles).values({
          contractId,
          contractTermId: firstTerm!.id,
          expiryDate: jstDateOf(c.notAfter),
          dueAt: now,
          createdAt: now,
        });
        await tx.insert(certificates).values({
          contractId,
          contractTermId: firstTerm!.id,
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
          source: 'uploaded',
          recordedBy: input.actor,
          createdAt: now,
        });
      }
    }
    await appendFees(tx, contractId, `acceptance:${app.id}`, fees.value, now);
    const [decided] = await tx
      .update(applications)
      .set({
        status: 'accepted',
        decidedBy: input.actor,
        decidedAt: now,
        contractId,
        agreedCertificateFee: agreed ?? null,
      })
      .where(eq(applications.id, app.id))
      .returning();
    await tellDecision(tx, decided!, now);
    await audit(tx, now, input.actor, 'application.accept', `application:${app.id}`, {
      contract: contractId,
      fees: fees.value.map((f) => ({ kind: f.kind, amount: f.amount })),
    });
    await audit(tx, now, input.actor, 'contract.create', `contract:${contractId}`, { application: app.id });
    return ok({ application: decided!, already: false, contractId });
  });
}

export async function rejectApplication(
  db: Db,
  input: { applicationId: number; actor: Actor; reason?: string },
  now: Date,
): Promise<Decision> {
  return db.transaction(async (tx) => {
    const [app] = await tx.select().from(applications).where(eq(applications.id, input.applicationId)).for('update');
    if (!app) throw new NotFound('application', String(input.applicationId));
    if (app.status !== 'submitted') return { application: app, already: true, contractId: app.contractId };
    const [decided] = await tx
      .update(applications)
      .set({ status: 'refused', decidedBy: input.actor, decidedAt: now, refusal: { reason: input.reason ?? null } })
      .where(eq(applications.id, app.id))
      .returning();
    await tellDecision(tx, decided!, now);
    await audit(tx, now, input.actor, 'application.reject', `application:${app.id}`, { reason: input.reason ?? null });
    return { application: decided!, already: false, contractId: null };
  });
}

/** The customer's channel is told, and the staff message shows the decision instead of its buttons. */
async function tellDecision(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  app: Application,
  now: Date,
): Promise<void> {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, app.customerId));
  const channel = app.slackChannel ?? customer?.slackChannel ?? null;
  if (channel)
    await enqueueMessage(
      tx,
      { key: `application-decided:${app.id}`, view: 'application-decided', data: { applicationId: app.id }, channel },
      now,
    );
  const [staffMessage] = await tx.execute<{ id: string }>(
    sql`select id from outbox where key = ${`application:${app.id}`}`,
  );
  if (staffMessage) {
    await enqueueMessage(
      tx,
      {
        key: `application:${app.id}:decided`,
        view: 'application-submitted',
        data: { applicationId: app.id },
        channel: null,
        updates: Number(staffMessage.id),
      },
      now,
    );
  }
}

export async function pendingApplications(q: Queryable): Promise<Application[]> {
  return q.select().from(applications).where(eq(applications.status, 'submitted')).orderBy(asc(applications.id));
}
