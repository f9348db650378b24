// What a contract looks like now: its term in force, renewal cycle and ending.
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import {
  certificates,
  contracts,
  contractTerms,
  customers,
  renewalCycles,
  renewalNotices,
  type ContractStatus,
  type EndReason,
} from '../db/schema.js';
import { itemByCode, type Category, type ItemCode } from '../domain/catalog.js';
import { addDays, jstDateOf, laterOf, type BusinessDate } from '../domain/dates.js';
import { replyDeadline, scheduledNoticeDates, type RenewalDecision, type RenewalPolicy } from '../domain/renewal.js';
import { customerHere, mayActFor, type Person } from './people.js';

export interface ContractView {
  id: string;
  customer: string;
  customerName: string;
  item: ItemCode;
  category: Category;
  term: string;
  commonName: string;
  /** The provider service that uses the certificate (Art. 5). */
  service: string | null;
  status: ContractStatus;
  startsOn: BusinessDate | null;
  expiryDate: BusinessDate | null;
  /** The last day an answer counts: fixed by the first notice, projected until it goes out. */
  replyDeadline: BusinessDate | null;
  noticesSent: number;
  renewalDecision: RenewalDecision | null;
  endDate: BusinessDate | null;
  endReason: EndReason | null;
  /** No notice went out before the expiry date: the renewal waits for an answer or staff. */
  held: boolean;
  /** When the certificate serving the term now ends (it may end before the term: a reissue is due). */
  certificateNotAfter: Date | null;
}

export interface ContractFilter {
  customer?: string;
  status?: ContractStatus;
  /** Active contracts whose term expires within this many days of today (JST). */
  expiringWithinDays?: number;
  /** Part of the common name, the customer's id or name, or the contract id (case-insensitive). */
  search?: string;
  ids?: readonly string[];
}

/** The latest term of each contract: its term in force. */
const latestTerm = sql`${contractTerms.seq} = (select max(t2.seq) from contract_terms t2 where t2.contract_id = ${contracts.id})`;

export async function listContracts(
  q: Queryable,
  filter: ContractFilter,
  now: Date,
  policy: RenewalPolicy,
): Promise<ContractView[]> {
  const today = jstDateOf(now);
  const where: SQL[] = [];
  if (filter.customer) where.push(eq(contracts.customerId, filter.customer));
  if (filter.status) where.push(eq(contracts.status, filter.status));
  if (filter.ids) where.push(inArray(contracts.id, [...filter.ids]));
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(contracts.commonName, like),
        ilike(contracts.id, like),
        ilike(customers.id, like),
        ilike(customers.name, like),
      )!,
    );
  }
  if (filter.expiringWithinDays !== undefined) {
    where.push(
      eq(contracts.status, 'active'),
      sql`${contractTerms.expiryDate} between ${today.toString()}::date and ${addDays(today, filter.expiringWithinDays).toString()}::date`,
    );
  }
  const rows = await q
    .select({ contract: contracts, customerName: customers.name, term: contractTerms })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .leftJoin(contractTerms, and(eq(contractTerms.contractId, contracts.id), latestTerm))
    .where(and(...where))
    .orderBy(asc(contracts.customerId), asc(contracts.id));
  if (rows.length === 0) return [];

  const termIds = rows.flatMap((r) => (r.term ? [r.term.id] : []));
  const cycles = termIds.length
    ? await q.select().from(renewalCycles).where(inArray(renewalCycles.contractTermId, termIds))
    : [];
  const cycleByTerm = new Map(cycles.map((c) => [c.contractTermId, c]));
  const sent = cycles.length
    ? await q
        .select({ cycleId: renewalNotices.cycleId, n: count() })
        .from(renewalNotices)
        .where(
          and(
            inArray(
              renewalNotices.cycleId,
              cycles.map((c) => c.id),
            ),
            isNotNull(renewalNotices.sentAt),
          ),
        )
        .groupBy(renewalNotices.cycleId)
    : [];
  const sentByCycle = new Map(sent.map((s) => [s.cycleId, Number(s.n)]));
  const certs = termIds.length
    ? await q
        .selectDistinctOn([certificates.contractTermId], {
          termId: certificates.contractTermId,
          notAfter: certificates.notAfter,
        })
        .from(certificates)
        .where(inArray(certificates.contractTermId, termIds))
        .orderBy(certificates.contractTermId, desc(certificates.notAfter))
    : [];
  const certByTerm = new Map(certs.map((c) => [c.termId, c.notAfter]));

  return rows.map(({ contract: c, customerName, term }) => {
    const cycle = term ? cycleByTerm.get(term.id) : undefined;
    const item = itemByCode(c.item as ItemCode);
    let deadline: BusinessDate | null = cycle?.replyDeadline ?? null;
    if (!deadline && term && c.status === 'active') {
      // Not yet noticed: the deadline it will have if the first notice goes out on its day (or today, if that is past).
      const firstNotice = scheduledNoticeDates(term.expiryDate, policy)[0] ?? term.expiryDate;
      deadline = replyDeadline(term.expiryDate, laterOf(firstNotice, today), policy);
    }
    return {
      id: c.id,
      customer: c.customerId,
      customerName,
      item: item.code,
      category: item.category,
      term: term?.term ?? c.term,
      commonName: c.commonName,
      service: c.service,
      status: c.status,
      startsOn: term?.startsOn ?? null,
      expiryDate: term?.expiryDate ?? null,
      replyDeadline: deadline,
      noticesSent: cycle ? (sentByCycle.get(cycle.id) ?? 0) : 0,
      renewalDecision: cycle?.decision ?? null,
      endDate: c.endDate,
      endReason: c.endReason,
      held: Boolean(cycle?.heldAt && !cycle.outcome),
      certificateNotAfter: term ? (certByTerm.get(term.id) ?? null) : null,
    };
  });
}

export type NamedContract =
  | { ok: true; contract: typeof contracts.$inferSelect }
  | { ok: false; why: 'missing' | 'not-theirs'; id: string; theirs: string[] };

/**
 * The contract a person names in a command, when they may act for its customer (its contacts,
 * staff); otherwise why not, with the contracts of the customer they act for here to choose from.
 */
export async function contractNamed(q: Queryable, person: Person, id: string): Promise<NamedContract> {
  const [c] = await q.select().from(contracts).where(eq(contracts.id, id));
  if (c && mayActFor(person, c.customerId)) return { ok: true, contract: c };
  const here = customerHere(person);
  const theirs = here
    ? (
        await q
          .select({ id: contracts.id })
          .from(contracts)
          .where(and(eq(contracts.customerId, here.id), eq(contracts.status, 'active')))
          .orderBy(asc(contracts.id))
      ).map((r) => r.id)
    : [];
  return { ok: false, why: c ? 'not-theirs' : 'missing', id, theirs };
}
