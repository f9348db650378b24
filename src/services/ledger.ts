// Art. 10: reading and appending to the ledger. Entries are never changed; a correction is a new one.
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { ledgerEntries } from '../db/schema.js';
import type { LedgerEntryDraft } from '../domain/fees.js';

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
export async function appendFees(q: Queryable, contractId: string, eventKey: string, drafts: readonly LedgerEntryDraft[], now: Date): Promise<LedgerEntry[]> {
  if (drafts.length === 0) return [];
  return q
    .insert(ledgerEntries)
    .values(drafts.map((d) => ({ contractId, eventKey, kind: d.kind, amount: d.amount, accruedOn: d.accruedOn, article: d.article, tariffVersion: d.tariffVersion, createdAt: now })))
    .onConflictDoNothing({ target: [ledgerEntries.eventKey, ledgerEntries.kind] })
    .returning();
}
