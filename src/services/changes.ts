// Art. 5: a change of the provider service that uses the certificate, limited to services the
// provider offers and designates; staff accept; a one-time fee is recorded when the tariff lists one.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client.js';
import { contractChanges, contracts, contractTerms, customers } from '../db/schema.js';
import { listDesignatedServices } from './designated-services.js';
import type { ItemCode } from '../domain/catalog.js';
import { jstDateOf } from '../domain/dates.js';
import { feesFor } from '../domain/fees.js';
import { ok, reason, refused, type Decided } from '../domain/reasons.js';
import type { TermCode } from '../domain/terms.js';
import { audit, type Actor } from './audit.js';
import { NotFound } from './errors.js';
import { appendFees } from './ledger.js';
import { enqueueMessage } from './outbox.js';

export type ContractChange = typeof contractChanges.$inferSelect;

export { listDesignatedServices };

export async function requestChange(
  db: Db,
  input: { contractId: string; toService: string; requestedBy: string; actor: Actor; channel?: string | null },
  now: Date,
): Promise<Decided<ContractChange>> {
  return db.transaction(async (tx) => {
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, input.contractId)).for('update');
    if (!contract) throw new NotFound('contract', input.contractId);
    if (contract.status === 'ended') return refused<ContractChange>(reason('Art. 5', 'contract-ended'));
    const designated = await listDesignatedServices(tx);
    if (!designated.some((s) => s.code === input.toService)) {
      return refused<ContractChange>(
        reason('Art. 5', 'service-not-designated', {
          service: input.toService,
          designated: designated.map((s) => s.code),
        }),
      );
    }
    if (contract.service === input.toService)
      return refused<ContractChange>(reason('Art. 5', 'service-unchanged', { service: input.toService }));
    const [change] = await tx
      .insert(contractChanges)
      .values({
        contractId: contract.id,
        fromService: contract.service,
        toService: input.toService,
        requestedBy: input.requestedBy,
        requestedAt: now,
        createdAt: now,
      })
      .returning();
    await enqueueMessage(
      tx,
      {
        key: `change:${change!.id}`,
        view: 'change-requested',
        data: { changeId: change!.id },
        channel: null,
        contractId: contract.id,
      },
      now,
    );
    await audit(tx, now, input.actor, 'change.request', `contract:${contract.id}`, {
      from: contract.service,
      to: input.toService,
    });
    return ok(change!);
  });
}

export async function decideChange(
  db: Db,
  input: { changeId: number; accept: boolean; actor: Actor },
  now: Date,
): Promise<{ change: ContractChange; already: boolean }> {
  return db.transaction(async (tx) => {
    const [change] = await tx
      .select()
      .from(contractChanges)
      .where(eq(contractChanges.id, input.changeId))
      .for('update');
    if (!change) throw new NotFound('contract', String(input.changeId));
    if (change.status !== 'requested') return { change, already: true };
    const [decided] = await tx
      .update(contractChanges)
      .set({ status: input.accept ? 'accepted' : 'refused', decidedBy: input.actor, decidedAt: now })
      .where(eq(contractChanges.id, change.id))
      .returning();
    if (input.accept) {
      await tx.update(contracts).set({ service: change.toService }).where(eq(contracts.id, change.contractId));
      // Art. 10: the one-time fee accrues when the change is accepted (Appendix 1 lists none today).
      const [term] = await tx
        .select()
        .from(contractTerms)
        .where(eq(contractTerms.contractId, change.contractId))
        .orderBy(sql`${contractTerms.seq} desc`)
        .limit(1);
      const [contract] = await tx.select().from(contracts).where(eq(contracts.id, change.contractId));
      const fees = feesFor({
        item: (term?.item ?? contract!.item) as ItemCode,
        term: (term?.term ?? contract!.term) as TermCode,
        event: { kind: 'contract-change', on: jstDateOf(now) },
      });
      if (fees.ok) await appendFees(tx, change.contractId, `contract-change:${change.id}`, fees.value, now);
    }
    await tellChange(tx, decided!, now);
    await audit(
      tx,
      now,
      input.actor,
      input.accept ? 'change.accept' : 'change.reject',
      `contract:${change.contractId}`,
      { to: change.toService },
    );
    return { change: decided!, already: false };
  });
}

async function tellChange(tx: Tx, change: ContractChange, now: Date): Promise<void> {
  const [row] = await tx
    .select({ channel: customers.slackChannel })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(eq(contracts.id, change.contractId));
  if (row?.channel)
    await enqueueMessage(
      tx,
      {
        key: `change-decided:${change.id}`,
        view: 'change-decided',
        data: { changeId: change.id },
        channel: row.channel,
        contractId: change.contractId,
      },
      now,
    );
  const [staffMessage] = await tx.execute<{ id: string }>(
    sql`select id from outbox where key = ${`change:${change.id}`}`,
  );
  if (staffMessage)
    await enqueueMessage(
      tx,
      {
        key: `change:${change.id}:decided`,
        view: 'change-requested',
        data: { changeId: change.id },
        channel: null,
        updates: Number(staffMessage.id),
      },
      now,
    );
}

export async function pendingChanges(q: Queryable): Promise<ContractChange[]> {
  return q
    .select()
    .from(contractChanges)
    .where(eq(contractChanges.status, 'requested'))
    .orderBy(asc(contractChanges.id));
}
