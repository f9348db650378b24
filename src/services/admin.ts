// Staff manage customers, their contacts and channels, staff members and designated services.
// Every change is in the audit log with who made it.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { customerContacts, customerDesignatedServices, customers, designatedServices, staff } from '../db/schema.js';
import { audit, type Actor } from './audit.js';
import { NotFound } from './errors.js';

export async function addCustomer(db: Db, c: { id: string; name: string; country: string; channel: string | null; locale: 'ja' | 'en'; actor: Actor }, now: Date): Promise<'created' | 'exists'> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(customers)
      .values({ id: c.id, name: c.name, country: c.country.toUpperCase(), slackChannel: c.channel, locale: c.locale, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) return 'exists' as const;
    await audit(tx, now, c.actor, 'customer.create', `customer:${c.id}`, { name: c.name, country: c.country, channel: c.channel, locale: c.locale });
    return 'created' as const;
  });
}

export async function setCustomerChannel(db: Db, input: { customerId: string; channel: string; actor: Actor }, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.update(customers).set({ slackChannel: input.channel, updatedAt: now }).where(eq(customers.id, input.customerId)).returning();
    if (!row) throw new NotFound('customer', input.customerId);
    await audit(tx, now, input.actor, 'customer.channel', `customer:${input.customerId}`, { channel: input.channel });
  });
}

export async function setContact(db: Db, input: { customerId: string; userId: string; add: boolean; actor: Actor }, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId));
    if (!customer) throw new NotFound('customer', input.customerId);
    const changed = input.add
      ? (await tx.insert(customerContacts).values({ customerId: input.customerId, slackUserId: input.userId, createdAt: now }).onConflictDoNothing().returning()).length > 0
      : (await tx.delete(customerContacts).where(and(eq(customerContacts.customerId, input.customerId), eq(customerContacts.slackUserId, input.userId))).returning()).length > 0;
    if (changed) await audit(tx, now, input.actor, input.add ? 'contact.add' : 'contact.remove', `customer:${input.customerId}`, { user: input.userId });
    return changed;
  });
}

export async function setStaff(db: Db, input: { userId: string; name?: string; active: boolean; actor: Actor }, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(staff).where(eq(staff.slackUserId, input.userId));
    if (!existing && !input.active) throw new NotFound('staff', input.userId);
    if (existing && existing.active === input.active && (!input.name || input.name === existing.name)) return false;
    if (existing) await tx.update(staff).set({ active: input.active, name: input.name ?? existing.name, updatedAt: now }).where(eq(staff.slackUserId, input.userId));
    else await tx.insert(staff).values({ slackUserId: input.userId, name: input.name ?? input.userId, createdAt: now, updatedAt: now });
    await audit(tx, now, input.actor, input.active ? 'staff.add' : 'staff.remove', `staff:${input.userId}`, { name: input.name ?? existing?.name ?? null });
    return true;
  });
}

export async function addDesignatedService(db: Db, input: { code: string; name: string; actor: Actor }, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(designatedServices).values({ code: input.code, name: input.name, recordedBy: input.actor, createdAt: now }).onConflictDoNothing().returning();
    if (row) await audit(tx, now, input.actor, 'service.designate', `service:${input.code}`, { name: input.name });
    return Boolean(row);
  });
}

/** Art. 4(1): a customer's contract for a designated service (a prerequisite of category II). */
export async function setCustomerService(db: Db, input: { customerId: string; service: string; actor: Actor }, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(customerDesignatedServices).values({ customerId: input.customerId, service: input.service, createdAt: now }).onConflictDoNothing().returning();
    if (row) await audit(tx, now, input.actor, 'customer.service', `customer:${input.customerId}`, { service: input.service });
    return Boolean(row);
  });
}
