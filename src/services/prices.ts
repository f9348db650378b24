// Appendix 1 §1 (当社が別途契約者に示す金額): the certificate fee of a category II renewal is
// agreed with the customer, before or after the renewal. The agency fee (§3) is fixed and accrues
// with the renewal regardless; the certificate fee when agreed (Art. 10).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { contracts, contractTerms, customers, priceAgreements, renewalCycles, renewalNotices } from '../db/schema.js';
import { ITEMS, itemByCode, type ItemCode } from '../domain/catalog.js';
import { jstDateOf, type BusinessDate } from '../domain/dates.js';
import { agreedCertificateFee, type FeeEvent } from '../domain/fees.js';
import { ok, reason, refused, type Decided } from '../domain/reasons.js';
import type { TermCode } from '../domain/terms.js';
import { audit, type Actor } from './audit.js';
import { NotFound } from './errors.js';
import { appendFees, type LedgerEntry } from './ledger.js';

/** The event key of a renewal's fees: the agreed certificate fee joins them, once. */
export const renewalEventKey = (cycleId: number) => `renewal-cycle:${cycleId}`;

const INDIVIDUALLY_PRICED = ITEMS.filter((i) => i.category === 'II').map((i) => i.code);

/** The certificate fee agreed for a renewal (the latest agreement), or null while it is open. */
export async function agreedPriceOf(q: Queryable, cycleId: number): Promise<number | null> {
  const [row] = await q
    .select({ amount: priceAgreements.amount })
    .from(priceAgreements)
    .where(eq(priceAgreements.cycleId, cycleId))
    .orderBy(desc(priceAgreements.id))
    .limit(1);
  return row?.amount ?? null;
}

export interface PriceAgreed {
  contract: string;
  cycleId: number;
  /** The expiry date of the term the renewal follows. */
  expiryDate: BusinessDate;
  amount: number;
  /** Whether the renewal had already happened: then the fee accrued now. */
  renewed: boolean;
  entries: LedgerEntry[];
}

/**
 * `price agree`: the certificate fee of a category II contract's renewal. A renewal already
 * recorded whose fee is still open comes first (the fee accrues now); otherwise the coming one
 * (the fee accrues with it).
 */
export async function agreePrice(
  db: Db,
  input: { contractId: string; amount: number; actor: Actor },
  now: Date,
): Promise<Decided<PriceAgreed>> {
  return db.transaction(async (tx) => {
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, input.contractId)).for('update');
    if (!contract) throw new NotFound('contract', input.contractId);
    if (itemByCode(contract.item as ItemCode).category !== 'II')
      return refused<PriceAgreed>(reason('Appendix 1 §1', 'not-individually-priced', { item: contract.item }));
    const cycles = await tx
      .select({ cycle: renewalCycles, term: contractTerms })
      .from(renewalCycles)
      .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
      .where(eq(renewalCycles.contractId, contract.id))
      .orderBy(desc(renewalCycles.id));
    let target: (typeof cycles)[number] | undefined;
    for (const c of cycles) {
      const renewed = c.cycle.outcome === 'renewed' || c.cycle.outcome === 'default-renewed';
      if (renewed && (await agreedPriceOf(tx, c.cycle.id)) === null) {
        target = c;
        break;
      }
    }
    target ??= contract.status === 'active' ? cycles.find((c) => c.cycle.outcome === null) : undefined;
    if (!target) return refused<PriceAgreed>(reason('Appendix 1 §1', 'no-renewal-to-price', { contract: contract.id }));
    const { cycle, term } = target;
    const standing = await agreedPriceOf(tx, cycle.id);
    if (standing === input.amount)
      return refused<PriceAgreed>(
        reason('Appendix 1 §1', 'price-unchanged', { amount: standing, expiryDate: cycle.expiryDate.toString() }),
      );
    await tx.insert(priceAgreements).values({
      contractId: contract.id,
      cycleId: cycle.id,
      amount: input.amount,
      agreedBy: input.actor,
      agreedAt: now,
      createdAt: now,
    });
    const renewed = (cycle.outcome === 'renewed' || cycle.outcome === 'default-renewed') && cycle.feesAccrueOn !== null;
    let entries: LedgerEntry[] = [];
    if (renewed) {
      const event: FeeEvent = {
        kind: cycle.outcome === 'default-renewed' ? 'default-renewal' : 'renewal',
        on: cycle.feesAccrueOn!,
      };
      const entry = agreedCertificateFee({
        item: term.item as ItemCode,
        term: term.term as TermCode,
        renewal: event,
        amount: input.amount,
        agreedOn: jstDateOf(now),
      });
      if (!entry.ok) return refused<PriceAgreed>(...entry.reasons);
      entries = await appendFees(tx, contract.id, renewalEventKey(cycle.id), [entry.value], now);
    }
    await audit(tx, now, input.actor, 'price.agree', `contract:${contract.id}`, {
      cycle: cycle.id,
      expiryDate: cycle.expiryDate.toString(),
      amount: input.amount,
      replaces: standing,
      renewed,
    });
    return ok<PriceAgreed>({
      contract: contract.id,
      cycleId: cycle.id,
      expiryDate: cycle.expiryDate,
      amount: input.amount,
      renewed,
      entries,
    });
  });
}

export interface OpenPrice {
  contract: string;
  customerName: string;
  item: string;
  expiryDate: BusinessDate;
  /** The renewal is recorded (its certificate fee is owed once agreed), or still to come. */
  renewed: boolean;
}

/**
 * Category II renewals whose certificate fee is still open, for the staff digest: those recorded
 * without one, and those coming whose notice has gone out.
 */
export async function openPrices(q: Queryable): Promise<OpenPrice[]> {
  const agreed = sql`exists (select 1 from ${priceAgreements} where ${priceAgreements.cycleId} = ${renewalCycles.id})`;
  const noticed = sql`exists (select 1 from ${renewalNotices} where ${renewalNotices.cycleId} = ${renewalCycles.id} and ${renewalNotices.sentAt} is not null)`;
  const rows = await q
    .select({
      contract: contracts.id,
      customerName: customers.name,
      item: contractTerms.item,
      expiryDate: renewalCycles.expiryDate,
      outcome: renewalCycles.outcome,
    })
    .from(renewalCycles)
    .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(
      and(
        inArray(contractTerms.item, INDIVIDUALLY_PRICED),
        sql`not ${agreed}`,
        sql`(${renewalCycles.outcome} in ('renewed', 'default-renewed') or (${renewalCycles.outcome} is null and ${contracts.status} = 'active' and ${noticed}))`,
      ),
    )
    .orderBy(renewalCycles.expiryDate, contracts.id);
  return rows.map((r) => ({
    contract: r.contract,
    customerName: r.customerName,
    item: r.item,
    expiryDate: r.expiryDate,
    renewed: r.outcome !== null,
  }));
}

/** An amount of yen as people type it (`240000`, `240,000`, `¥240,000`, `240000円`), or undefined. */
export function yenOf(text: string | null | undefined): number | undefined {
  const t = (text ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/円$/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^\d{1,10}$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) && n <= 2_147_483_647 ? n : undefined;
}
