// Who a Slack user is to certdesk: the provider's staff, a registered contact of a customer, or
// anyone else. What a person may do follows from it (README, "Running it in Slack": customers act in their shared channel).
import { asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { union } from 'drizzle-orm/pg-core';
import { columnsOf, preparedPer, type Queryable } from '../db/client.js';
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

/**
 * Who a Slack user is, in one statement: every Slack request asks before anything else, so the
 * staff row, the customers they are a contact of and the channel's customer come back together
 * (one row per customer, or one row with no customer), from a statement prepared once per pool.
 */
export async function whoIs(q: Queryable, userId: string, channelId?: string | null): Promise<Person> {
  const rows = await whoIsQuery(q).execute({ userId, channelId: channelId ?? '' });
  const staffName = rows[0]?.staffName ?? null;
  const contactOf: Customer[] = [];
  let channelCustomer: Customer | null = null;
  for (const r of rows) {
    if (!r.customer) continue;
    if (r.contact) contactOf.push(r.customer);
    if (channelId && r.customer.slackChannel === channelId) channelCustomer = r.customer;
  }
  return { userId, staff: staffName === null ? null : { name: staffName }, contactOf, channelCustomer };
}

function buildWhoIs(q: Queryable) {
  const userId = sql.placeholder('userId');
  const channelId = sql.placeholder('channelId');
  // The customers concerned: theirs as a contact, and the channel's (both found by index).
  // (A builder per use: drizzle's union() extends the builder it is given.)
  const theirs = () =>
    q
      .select({ id: customerContacts.customerId })
      .from(customerContacts)
      .where(eq(customerContacts.slackUserId, userId));
  const channels = q.select({ id: customers.id }).from(customers).where(eq(customers.slackChannel, channelId));
  const concerned = q
    .select({ ...getTableColumns(customers), contact: sql<boolean>`${customers.id} in ${theirs()}`.as('contact') })
    .from(customers)
    .where(inArray(customers.id, union(theirs(), channels)))
    .as('concerned');
  // A one-row table carrying the staff name, so a person with no customer still gets a row.
  const asker = q
    .select({
      staffName: sql<
        string | null
      >`(select ${staff.name} from ${staff} where ${staff.slackUserId} = ${userId} and ${staff.active})`.as(
        'staff_name',
      ),
    })
    .from(sql`(select 1) as one`)
    .as('asker');
  return q
    .select({ staffName: asker.staffName, customer: columnsOf(customers, concerned), contact: concerned.contact })
    .from(asker)
    .leftJoin(concerned, sql`true`)
    .orderBy(asc(concerned.id))
    .prepare('certdesk_who_is');
}

const whoIsQuery = preparedPer(buildWhoIs);

export function roleOf(p: Person): Role {
  if (p.staff) return 'staff';
  return p.contactOf.length > 0 ? 'contact' : 'stranger';
}

/**
 * The customer a person acts for here: the channel's customer when they are its contact (or
 * staff); in a channel of no customer, the one customer they are a contact of, if only one.
 */
export function customerHere(p: Person): Customer | null {
  if (p.channelCustomer)
    return p.staff || p.contactOf.some((c) => c.id === p.channelCustomer!.id) ? p.channelCustomer : null;
  return p.contactOf.length === 1 ? p.contactOf[0]! : null;
}

/** Whether a person may answer or act for a customer: its contacts, and staff (recorded as acting for it). */
export function mayActFor(p: Person, customerId: string): 'contact' | 'staff' | null {
  if (p.contactOf.some((c) => c.id === customerId)) return 'contact';
  return p.staff ? 'staff' : null;
}

/** The customers staff may choose from when applying for one (the first 100, by id). */
export async function customerChoices(q: Queryable): Promise<{ id: string; name: string }[]> {
  return q.select({ id: customers.id, name: customers.name }).from(customers).orderBy(asc(customers.id)).limit(100);
}
