// Art. 10: reading and appending to the ledger. Entries are never changed; a correction is a new one.
import { asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { ledgerEntries } from '../db/schema.js';
import type { BusinessDate } from '../domain/dates.js';
import { correction, type LedgerEntryDraft } from '../domain/fees.js';

export type LedgerEntry = typeof ledgerEntries.$inferSelect;

export async function listLedger(q: Queryable, filter: { contract?: string } = {}): Promise<LedgerEntry[]> {
  return q
    .select()
    .from(ledgerEntries)
    .where(filter.contract ? eq(ledgerEntries.contractId, filter.contract) : undefined)
    .orderBy(asc(ledgerEntries.accruedOn), asc(ledgerEntries.id));
}

/**
 * Appends the entries of one fee event. The event key makes it happen once: a retried or
 * repeated event adds nothing. Returns the entries added.
 */
export async function appendFees(
  q: Queryable,
  contractId: string,
  eventKey: string,
  drafts: readonly LedgerEntryDraft[],
  now: Date,
): Promise<LedgerEntry[]> {
  if (drafts.length === 0) return [];
  return q
    .insert(ledgerEntries)
    .values(
      drafts.map((d) => ({
        contractId,
        eventKey,
        kind: d.kind,
        amount: d.amount,
        accruedOn: d.accruedOn,
        article: d.article,
        tariffVersion: d.tariffVersion,
        createdAt: now,
      })),
    )
    .onConflictDoNothing({ target: [ledgerEntries.eventKey, ledgerEntries.kind] })
    .returning();
}

/** The renewal fees of a cycle still standing: charged under its event key (or a later charge of it) and not reversed. */
export async function standingRenewalFees(q: Queryable, cycleId: number): Promise<LedgerEntry[]> {
  const key = `renewal-cycle:${cycleId}`;
  return q
    .select()
    .from(ledgerEntries)
    .where(
      sql`(${ledgerEntries.eventKey} = ${key} or ${ledgerEntries.eventKey} like ${`${key}:charge:%`}) and ${ledgerEntries.correctionOf} is null
          and not exists (select 1 from ledger_entries r where r.correction_of = ${ledgerEntries.id})`,
    )
    .orderBy(asc(ledgerEntries.id));
}

/**
 * Reverses entries by new ones of the opposite amount, each naming the entry it reverses (Art. 10:
 * the ledger is never changed). Returns the reversing entries.
 */
export async function reverseEntries(
  q: Queryable,
  entries: readonly LedgerEntry[],
  eventKey: string,
  on: BusinessDate,
  now: Date,
): Promise<LedgerEntry[]> {
  if (entries.length === 0) return [];
  return q
    .insert(ledgerEntries)
    .values(
      entries.map((e) => {
        const r = correction(
          {
            kind: e.kind,
            amount: e.amount,
            accruedOn: e.accruedOn,
            article: e.article,
            tariffVersion: e.tariffVersion,
          },
          0,
          on,
        );
        return {
          contractId: e.contractId,
          eventKey: `${eventKey}:${e.id}`,
          kind: r.kind,
          amount: r.amount,
          accruedOn: r.accruedOn,
          article: r.article,
          tariffVersion: r.tariffVersion,
          correctionOf: e.id,
          createdAt: now,
        };
      }),
    )
    .onConflictDoNothing({ target: [ledgerEntries.eventKey, ledgerEntries.kind] })
    .returning();
}
