// What a contract looks like now: its term in force, renewal cycle and ending.
import { and, asc, count, desc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { contracts, contractTerms, customers, renewalCycles, renewalNotices, type ContractStatus, type EndReason } from '../db/schema.js';
import { itemByCode, type Category, type ItemCode } from '../domain/catalog.js';
import { jstDateOf, laterOf, type BusinessDate } from '../domain/dates.js';
import { replyDeadline, scheduledNoticeDates, type RenewalDecision, type RenewalPolicy } from '../domain/renewal.js';

export interface ContractView {
  id: string;
  customer: string;
  customerName: string;
  item: ItemCode;
  category: Category;
  term: string;
  commonName: string;
  status: ContractStatus;
  startsOn: BusinessDate | null;
  expiryDate: BusinessDate | null;
  /** The last day an answer counts: fixed by the first notice, projected until it goes out. */
  replyDeadline: BusinessDate | null;
  noticesSent: number;
  renewalDecision: RenewalDecision | null;
  endDate: BusinessDate | null;
  endReason: EndReason | null;
}

export interface ContractFilter {
  customer?: string;
  status?: ContractStatus;
}

export async function listContracts(q: Queryable, filter: ContractFilter, now: Date, policy: RenewalPolicy): Promise<ContractView[]> {
  const where: SQL[] = [];
  if (filter.customer) where.push(eq(contracts.customerId, filter.customer));
  if (filter.status) where.push(eq(contracts.status, filter.status));
  const rows = await q
    .select({ contract: contracts, customerName: customers.name })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(and(...where))
    .orderBy(asc(contracts.customerId), asc(contracts.id));
  if (rows.length === 0) return [];

  const ids = rows.map((r) => r.contract.id);
  const terms = await q.selectDistinctOn([contractTerms.contractId]).from(contractTerms).where(inArray(contractTerms.contractId, ids)).orderBy(contractTerms.contractId, desc(contractTerms.seq));
  const termByContract = new Map(terms.map((t) => [t.contractId, t]));
  const cycles = await q.select().from(renewalCycles).where(inArray(renewalCycles.contractTermId, terms.map((t) => t.id)));
  const cycleByTerm = new Map(cycles.map((c) => [c.contractTermId, c]));
  const sent = await q
    .select({ cycleId: renewalNotices.cycleId, n: count() })
    .from(renewalNotices)
    .where(and(inArray(renewalNotices.cycleId, cycles.map((c) => c.id)), isNotNull(renewalNotices.sentAt)))
    .groupBy(renewalNotices.cycleId);
  const sentByCycle = new Map(sent.map((s) => [s.cycleId, Number(s.n)]));
  const today = jstDateOf(now);

  return rows.map(({ contract: c, customerName }) => {
    const term = termByContract.get(c.id);
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
      status: c.status,
      startsOn: term?.startsOn ?? null,
      expiryDate: term?.expiryDate ?? null,
      replyDeadline: deadline,
      noticesSent: cycle ? (sentByCycle.get(cycle.id) ?? 0) : 0,
      renewalDecision: cycle?.decision ?? null,
      endDate: c.endDate,
      endReason: c.endReason,
    };
  });
}
