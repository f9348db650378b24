// One contract's whole story: who holds it, its terms and certificates, every renewal cycle with
// its notices and answers, cancellations, abolitions, fees and the audit trail.
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import {
  abolitions,
  auditLog,
  cancellations,
  certificates,
  contracts,
  contractTerms,
  customerContacts,
  customerDesignatedServices,
  customerEmails,
  customers,
  ledgerEntries,
  outbox,
  priceAgreements,
  renewalAnswers,
  renewalCycles,
  renewalNotices,
} from '../db/schema.js';
import type { RenewalPolicy } from '../domain/renewal.js';
import { listContracts, type ContractView } from './contracts.js';
import { NotFound } from './errors.js';
import { ordersOf } from './orders.js';

export async function contractStory(q: Queryable, contractId: string, now: Date, policy: RenewalPolicy) {
  const [view] = await listContracts(q, { ids: [contractId] }, now, policy);
  if (!view) throw new NotFound('contract', contractId);
  const [contract] = await q.select().from(contracts).where(eq(contracts.id, contractId));
  const [customer] = await q.select().from(customers).where(eq(customers.id, contract!.customerId));
  const contacts = await q
    .select()
    .from(customerContacts)
    .where(eq(customerContacts.customerId, customer!.id))
    .orderBy(asc(customerContacts.slackUserId));
  const emails = await q
    .select()
    .from(customerEmails)
    .where(eq(customerEmails.customerId, customer!.id))
    .orderBy(asc(customerEmails.address));
  const services = await q
    .select()
    .from(customerDesignatedServices)
    .where(eq(customerDesignatedServices.customerId, customer!.id))
    .orderBy(asc(customerDesignatedServices.service));
  const terms = await q
    .select()
    .from(contractTerms)
    .where(eq(contractTerms.contractId, contractId))
    .orderBy(asc(contractTerms.seq));
  const certs = await q
    .select({
      id: certificates.id,
      contractTermId: certificates.contractTermId,
      commonName: certificates.commonName,
      sans: certificates.sans,
      issuer: certificates.issuer,
      serial: certificates.serial,
      notBefore: certificates.notBefore,
      notAfter: certificates.notAfter,
      fingerprintSha256: certificates.fingerprintSha256,
      source: certificates.source,
      recordedBy: certificates.recordedBy,
      createdAt: certificates.createdAt,
    })
    .from(certificates)
    .where(eq(certificates.contractId, contractId))
    .orderBy(asc(certificates.notBefore));
  const cycles = await q
    .select()
    .from(renewalCycles)
    .where(eq(renewalCycles.contractId, contractId))
    .orderBy(asc(renewalCycles.id));
  const cycleIds = cycles.map((c) => c.id);
  const notices = cycleIds.length
    ? await q
        .select()
        .from(renewalNotices)
        .where(inArray(renewalNotices.cycleId, cycleIds))
        .orderBy(asc(renewalNotices.id))
    : [];
  // A notice's e-mails, each kept as proof of notice (Art. 6(1)).
  const mails = await q
    .select({
      id: outbox.id,
      data: outbox.data,
      to: outbox.emailTo,
      status: outbox.status,
      sentAt: outbox.sentAt,
      messageId: outbox.messageId,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(and(eq(outbox.contractId, contractId), isNotNull(outbox.emailTo)))
    .orderBy(asc(outbox.id));
  // Appendix 1 §1: a category II renewal's certificate fee, agreed with the customer (each agreement a fact).
  const prices = await q
    .select()
    .from(priceAgreements)
    .where(eq(priceAgreements.contractId, contractId))
    .orderBy(asc(priceAgreements.id));
  const answers = cycleIds.length
    ? await q
        .select()
        .from(renewalAnswers)
        .where(inArray(renewalAnswers.cycleId, cycleIds))
        .orderBy(asc(renewalAnswers.id))
    : [];
  const cancellationRows = await q
    .select()
    .from(cancellations)
    .where(eq(cancellations.contractId, contractId))
    .orderBy(asc(cancellations.id));
  const abolitionRows = await q
    .select()
    .from(abolitions)
    .where(eq(abolitions.item, view.item))
    .orderBy(asc(abolitions.id));
  const ledger = await q
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.contractId, contractId))
    .orderBy(asc(ledgerEntries.accruedOn), asc(ledgerEntries.id));
  const orders = await ordersOf(q, [contractId]);
  const trail = await q
    .select()
    .from(auditLog)
    .where(eq(auditLog.subject, `contract:${contractId}`))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  return {
    view: view as ContractView,
    contract: contract!,
    customer: {
      ...customer!,
      contacts: contacts.map((c) => c.slackUserId),
      emails: emails.map((e) => ({ address: e.address, contact: e.slackUserId })),
      designatedServices: services.map((s) => s.service),
    },
    terms,
    certificates: certs,
    cycles: cycles.map((c) => ({
      ...c,
      notices: notices
        .filter((n) => n.cycleId === c.id)
        .map((n) => ({
          ...n,
          emails: mails
            .filter((m) => (m.data as { noticeId?: number }).noticeId === n.id)
            .map(({ data: _data, ...m }) => m),
        })),
      answers: answers.filter((a) => a.cycleId === c.id),
      agreedPrices: prices
        .filter((p) => p.cycleId === c.id)
        .map((p) => ({ amount: p.amount, agreedBy: p.agreedBy, agreedAt: p.agreedAt })),
    })),
    cancellations: cancellationRows,
    abolitions: abolitionRows,
    ledger,
    orders,
    audit: trail,
  };
}

export type ContractStory = Awaited<ReturnType<typeof contractStory>>;

/** A filter naming a contract or a customer names one that exists: otherwise it is a mistake, not "no entries". */
export async function assertRecordExists(q: Queryable, what: 'contract' | 'customer', id: string): Promise<void> {
  const table = what === 'contract' ? contracts : customers;
  const [row] = await q.select({ id: table.id }).from(table).where(eq(table.id, id));
  if (!row) throw new NotFound(what, id);
}
