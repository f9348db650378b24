// Staff manage customers, their contacts and channels, staff members and the customers' services.
// Every change is in the audit log with who made it. Slack and the command line call these.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client.js';
import { customerContacts, customerDesignatedServices, customerEmails, customers, staff } from '../db/schema.js';
import { ok, reason, refused, type Decided } from '../domain/reasons.js';
import { isCountryCode } from '../i18n/cli.js';
import { audit, type Actor } from './audit.js';
import { NotFound } from './errors.js';

export type Customer = typeof customers.$inferSelect;

/** `<@U123|name>` (as Slack sends a mention) or a bare user id → U123. */
export const userRef = (t: string | undefined) =>
  t?.trim().match(/^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/)?.[1] ??
  (t && /^[UW][A-Z0-9]+$/.test(t.trim()) ? t.trim() : undefined);
/** `<#C123|name>` (as Slack sends a #channel link) or a bare channel id → C123. A bare `#name` is no channel id. */
export const channelRef = (t: string | undefined) =>
  t?.trim().match(/^<#([CG][A-Z0-9]+)(\|[^>]*)?>$/)?.[1] ??
  (t && /^[CG][A-Z0-9]+$/.test(t.trim()) ? t.trim() : undefined);
/** An ISO 3166-1 alpha-2 code in upper case (Art. 7(2) reads it), or undefined. */
export const countryRef = (t: string | undefined) => (t && isCountryCode(t) ? t.trim().toUpperCase() : undefined);

/** A channel is one customer's: the other customer that has it, if any. */
async function channelHolder(tx: Tx, channel: string, except: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.slackChannel, channel), ne(customers.id, except)));
  return row?.id;
}

export interface CustomerInput {
  id: string;
  name: string;
  /** Checked by the caller with countryRef. */
  country: string;
  channel: string | null;
  locale: 'ja' | 'en';
  actor: Actor;
}

export async function addCustomer(db: Db, c: CustomerInput, now: Date): Promise<Decided<Customer>> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, c.id));
    if (existing) return refused<Customer>(reason(null, 'customer-exists', { customer: c.id }));
    const holder = c.channel ? await channelHolder(tx, c.channel, c.id) : undefined;
    if (holder) return refused<Customer>(reason(null, 'channel-taken', { channel: c.channel!, customer: holder }));
    const [row] = await tx
      .insert(customers)
      .values({
        id: c.id,
        name: c.name,
        country: c.country.toUpperCase(),
        slackChannel: c.channel,
        locale: c.locale,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, now, c.actor, 'customer.create', `customer:${c.id}`, {
      name: c.name,
      country: c.country,
      channel: c.channel,
      locale: c.locale,
    });
    return ok(row!);
  });
}

export interface CustomerChange {
  id: string;
  name?: string;
  country?: string;
  channel?: string;
  locale?: 'ja' | 'en';
  /** Art. 4(1): a provider service the customer holds, added or taken away. */
  addService?: string;
  removeService?: string;
  actor: Actor;
}

/** Changes a customer; `changed` is false when everything given was already so. */
export async function updateCustomer(
  db: Db,
  c: CustomerChange,
  now: Date,
): Promise<Decided<{ customer: Customer; changed: boolean }>> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(customers).where(eq(customers.id, c.id)).for('update');
    if (!current) throw new NotFound('customer', c.id);
    if (c.channel && c.channel !== current.slackChannel) {
      const holder = await channelHolder(tx, c.channel, c.id);
      if (holder)
        return refused<{ customer: Customer; changed: boolean }>(
          reason(null, 'channel-taken', { channel: c.channel, customer: holder }),
        );
    }
    const set: Partial<Customer> = {};
    if (c.name !== undefined && c.name !== current.name) set.name = c.name;
    if (c.country !== undefined && c.country.toUpperCase() !== current.country) set.country = c.country.toUpperCase();
    if (c.channel !== undefined && c.channel !== current.slackChannel) set.slackChannel = c.channel;
    if (c.locale !== undefined && c.locale !== current.locale) set.locale = c.locale;
    let changed = Object.keys(set).length > 0;
    const [customer] = changed
      ? await tx
          .update(customers)
          .set({ ...set, updatedAt: now })
          .where(eq(customers.id, c.id))
          .returning()
      : [current];
    if (c.addService) {
      const added = await tx
        .insert(customerDesignatedServices)
        .values({ customerId: c.id, service: c.addService, createdAt: now })
        .onConflictDoNothing()
        .returning();
      if (added.length) {
        changed = true;
        await audit(tx, now, c.actor, 'customer.service', `customer:${c.id}`, { service: c.addService });
      }
    }
    if (c.removeService) {
      const removed = await tx
        .delete(customerDesignatedServices)
        .where(
          and(eq(customerDesignatedServices.customerId, c.id), eq(customerDesignatedServices.service, c.removeService)),
        )
        .returning();
      if (removed.length) {
        changed = true;
        await audit(tx, now, c.actor, 'customer.service.remove', `customer:${c.id}`, { service: c.removeService });
      }
    }
    if (Object.keys(set).length) await audit(tx, now, c.actor, 'customer.update', `customer:${c.id}`, set);
    return ok({ customer: customer!, changed });
  });
}

/**
 * Adds or removes a customer's contact. An address given with an addition is the contact's e-mail
 * for notices (Art. 6(1)); a removal takes the contact's addresses with it.
 */
export async function setContact(
  db: Db,
  input: { customerId: string; userId: string; add: boolean; email?: string; actor: Actor },
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId));
    if (!customer) throw new NotFound('customer', input.customerId);
    const ofContact = and(
      eq(customerContacts.customerId, input.customerId),
      eq(customerContacts.slackUserId, input.userId),
    );
    if (!input.add) {
      const removed = await tx.delete(customerContacts).where(ofContact).returning();
      const addresses = await tx
        .delete(customerEmails)
        .where(and(eq(customerEmails.customerId, input.customerId), eq(customerEmails.slackUserId, input.userId)))
        .returning();
      if (removed.length || addresses.length)
        await audit(tx, now, input.actor, 'contact.remove', `customer:${input.customerId}`, {
          user: input.userId,
          emails: addresses.map((a) => a.address),
        });
      return removed.length + addresses.length > 0;
    }
    const added = await tx
      .insert(customerContacts)
      .values({ customerId: input.customerId, slackUserId: input.userId, createdAt: now })
      .onConflictDoNothing()
      .returning();
    const email = input.email ? await addEmail(tx, input.customerId, input.email, input.userId, now) : false;
    if (added.length || email)
      await audit(tx, now, input.actor, 'contact.add', `customer:${input.customerId}`, {
        user: input.userId,
        ...(input.email ? { email: input.email } : {}),
      });
    return added.length > 0 || email;
  });
}

/** Adds an address for a customer (a contact's when a Slack user is given); false when it was there already. */
export async function addEmail(
  q: Queryable,
  customerId: string,
  address: string,
  slackUserId: string | null,
  now: Date,
): Promise<boolean> {
  const [existing] = await q
    .select()
    .from(customerEmails)
    .where(and(eq(customerEmails.customerId, customerId), sql`lower(${customerEmails.address}) = lower(${address})`));
  if (existing) {
    // A customer's address given again as a contact's becomes the contact's.
    if (slackUserId === null || existing.slackUserId === slackUserId) return false;
    await q
      .update(customerEmails)
      .set({ slackUserId })
      .where(and(eq(customerEmails.customerId, customerId), eq(customerEmails.address, existing.address)));
    return true;
  }
  await q.insert(customerEmails).values({ customerId, address, slackUserId, createdAt: now });
  return true;
}

export async function setStaff(
  db: Db,
  input: { userId: string; name?: string; active: boolean; actor: Actor },
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(staff).where(eq(staff.slackUserId, input.userId));
    if (!existing && !input.active) throw new NotFound('staff', input.userId);
    if (existing && existing.active === input.active && (!input.name || input.name === existing.name)) return false;
    if (existing)
      await tx
        .update(staff)
        .set({ active: input.active, name: input.name ?? existing.name, updatedAt: now })
        .where(eq(staff.slackUserId, input.userId));
    else
      await tx
        .insert(staff)
        .values({ slackUserId: input.userId, name: input.name ?? input.userId, createdAt: now, updatedAt: now });
    await audit(tx, now, input.actor, input.active ? 'staff.add' : 'staff.remove', `staff:${input.userId}`, {
      name: input.name ?? existing?.name ?? null,
    });
    return true;
  });
}
