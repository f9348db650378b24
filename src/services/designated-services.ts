// Art. 4(1) (当社が指定する当社が提供するサービス), 5, 7(1): the provider's list of designated services,
// kept by staff; a category II application and each category II renewal need one the customer holds.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { customerDesignatedServices, designatedServices } from '../db/schema.js';
import { audit, type Actor } from './audit.js';

export type DesignatedService = typeof designatedServices.$inferSelect;

export async function listDesignatedServices(q: Queryable): Promise<DesignatedService[]> {
  return q.select().from(designatedServices).orderBy(asc(designatedServices.code));
}

/** Adds a service to the list; false when it is there already. */
export async function addDesignatedService(
  db: Db,
  input: { code: string; name?: string | null; actor: Actor },
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const name = input.name?.trim() || input.code;
    const [row] = await tx
      .insert(designatedServices)
      .values({ code: input.code, name, recordedBy: input.actor, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (row) await audit(tx, now, input.actor, 'service.designate', `service:${input.code}`, { name });
    return Boolean(row);
  });
}

/**
 * Takes a service off the list; false when it was not on it. Contracts already made stay; their
 * next category II renewal needs another designated service (checked then).
 */
export async function removeDesignatedService(
  db: Db,
  input: { code: string; actor: Actor },
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(designatedServices).where(eq(designatedServices.code, input.code)).returning();
    if (row) await audit(tx, now, input.actor, 'service.undesignate', `service:${input.code}`, { name: row.name });
    return Boolean(row);
  });
}

/** The customer's services, and which of them are on the provider's list (Art. 4(1)). */
export async function customerServices(
  q: Queryable,
  customerId: string,
): Promise<{ services: string[]; designated: string[]; list: string[] }> {
  const services = (
    await q
      .select({ s: customerDesignatedServices.service })
      .from(customerDesignatedServices)
      .where(eq(customerDesignatedServices.customerId, customerId))
  ).map((r) => r.s);
  const list = (await listDesignatedServices(q)).map((s) => s.code);
  return { services, designated: services.filter((s) => list.includes(s)), list };
}

/** Art. 4(1): whether the customer holds a service on the provider's list. */
export async function holdsDesignatedService(q: Queryable, customerId: string): Promise<boolean> {
  const rows = await q
    .select({ s: customerDesignatedServices.service })
    .from(customerDesignatedServices)
    .where(eq(customerDesignatedServices.customerId, customerId));
  if (!rows.length) return false;
  const listed = await q
    .select({ code: designatedServices.code })
    .from(designatedServices)
    .where(
      inArray(
        designatedServices.code,
        rows.map((r) => r.s),
      ),
    );
  return listed.length > 0;
}
