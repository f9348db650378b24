// Who a Slack user is to certdesk: the provider's staff, a registered contact of a customer, or
// anyone else. What a person may do follows from it (SPEC: customers act in their shared channel).
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { customerContacts, customers, staff } from '../db/schema.js';

export type Customer = typeof customers.$inferSelect;

export interface Person {
  userId: string;
  staff: { name: string } | null;
  /** Customers this user is a registered contact of. */
  contactOf: Customer[];
  /** The customer whose shared channel this is, if any. */
  channelCustomer: Customer | null;
}

export type Role = 'staff' | 'contact' | 'stranger';

export async function whoIs(q: Queryable, userId: string, channelId?: string | null): Promise<Person> {
  const [member] = await q.select().from(staff).where(and(eq(staff.slackUserId, userId), eq(staff.active, true)));
  const contactOf = await q
    .select({ customer: customers })
    .from(customerContacts)
    .innerJoin(customers, eq(customers.id, customerContacts.customerId))
    .where(eq(customerContacts.slackUserId, userId))
    .orderBy(asc(customers.id));
  const [inChannel] = channelId ? await q.select().from(customers).where(eq(customers.slackChannel, channelId)) : [];
  return { userId, staff: member ? { name: member.name } : null, contactOf: contactOf.map((c) => c.customer), channelCustomer: inChannel ?? null };
}

export function roleOf(p: Person): Role {
  if (p.staff) return 'staff';
  return p.contactOf.length > 0 ? 'contact' : 'stranger';
}

/**
 * The customer a person acts for here: the channel's customer when they are its contact (or
 * staff); in a channel of no customer, the one customer they are a contact of, if only one.
 */
export function customerHere(p: Person): Customer | null {
  if (p.channelCustomer) return p.staff || p.contactOf.some((c) => c.id === p.channelCustomer!.id) ? p.channelCustomer : null;
  return p.contactOf.length === 1 ? p.contactOf[0]! : null;
}

/** Whether a person may answer or act for a customer: its contacts, and staff (recorded as acting for it). */
export function mayActFor(p: Person, customerId: string): 'contact' | 'staff' | null {
  if (p.contactOf.some((c) => c.id === customerId)) return 'contact';
  return p.staff ? 'staff' : null;
}
