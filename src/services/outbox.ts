// Messages certdesk owes Slack, decided in the same transaction as the facts they tell of.
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { contracts, customerEmails, outbox, renewalNotices } from '../db/schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** The views a message can be rendered with (src/slack/deliveries.ts renders each). */
export const OUTBOX_VIEWS = [
  'renewal-notice',
  'renewal-notice-email',
  'renewal-reminder',
  'renewal-recorded',
  'renewal-corrected',
  'contract-ended',
  'abolition-announced',
  'staff-alert',
  'staff-digest',
  'application-submitted',
  'application-decided',
  'change-requested',
  'change-decided',
  'served-check',
  'cancellation-told',
] as const;
export type OutboxView = (typeof OUTBOX_VIEWS)[number];

export interface OutboxMessage {
  /** What made it: the same key twice is one message. */
  key: string;
  view: OutboxView;
  data: Record<string, unknown>;
  /** The channel, or null for the staff channel. */
  channel: string | null;
  contractId?: string | null;
  /** For an update of a message already posted: that message's outbox id. */
  updates?: number | null;
  /** For a reply in the thread of a message: that message's outbox id. */
  replyTo?: number | null;
}

/** Adds a message; returns its id, or undefined when a message with that key was already decided. */
export async function enqueueMessage(q: Queryable, m: OutboxMessage, now: Date): Promise<number | undefined> {
  const [row] = await q
    .insert(outbox)
    .values({
      key: m.key,
      view: m.view,
      data: m.data,
      channel: m.channel,
      contractId: m.contractId ?? null,
      updates: m.updates ?? null,
      replyTo: m.replyTo ?? null,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.key })
    .returning({ id: outbox.id });
  return row?.id;
}

/** A staff alert: goes to the staff channel as configured when it is delivered. */
export async function alertStaff(
  q: Queryable,
  key: string,
  data: { kind: string; contractId?: string | null } & Record<string, unknown>,
  now: Date,
): Promise<number | undefined> {
  return enqueueMessage(
    q,
    { key: `alert:${key}`, view: 'staff-alert', data, channel: null, contractId: data.contractId ?? null },
    now,
  );
}

/**
 * Ids of messages waiting to be delivered, oldest first. A notice gathered into another's message
 * is not listed: it goes out with that message (services/notice-groups.ts).
 */
export async function pendingMessages(q: Queryable, limit: number): Promise<number[]> {
  const rows = await q.execute<{ id: string }>(
    sql`select id from outbox where status = 'pending' and (grouped_with is null or grouped_with = id) order by id limit ${limit}`,
  );
  return [...rows].map((r) => Number(r.id));
}

/** How many messages wait to be delivered, counted up to `limit` (what `sweep --dry-run` reports). */
export async function pendingMessageCount(q: Queryable, limit: number): Promise<number> {
  const [row] = await q.execute<{ n: number }>(
    sql`select count(*)::int as n from (select 1 from outbox where status = 'pending' and (grouped_with is null or grouped_with = id) limit ${limit}) p`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Why a notice goes by e-mail: Slack would not take it, every notice does (CERTDESK_NOTICE_EMAIL=always),
 * or it is the reminder before the reply deadline (Art. 6(1)) that Slack would not take.
 */
export type NoticeEmailReason = 'fallback' | 'always' | 'reminder';

/** The cycle's first notice that went out: the one its reminder is about. */
export async function firstDeliveredNotice(q: Queryable, cycleId: number): Promise<number | undefined> {
  const [row] = await q
    .select({ id: renewalNotices.id })
    .from(renewalNotices)
    .where(and(eq(renewalNotices.cycleId, cycleId), isNotNull(renewalNotices.sentAt)))
    .orderBy(asc(renewalNotices.sentAt), asc(renewalNotices.id))
    .limit(1);
  return row?.id;
}

/**
 * A renewal notice by e-mail to each of the customer's addresses, one outbox message each
 * (keyed by notice and address: asked twice, each goes once). Returns how many were added.
 */
export async function enqueueNoticeEmails(
  q: Queryable,
  notice: { noticeId: number; contractId: string },
  reason: NoticeEmailReason,
  now: Date,
): Promise<number> {
  const addresses = await q
    .select({ address: customerEmails.address })
    .from(customerEmails)
    .innerJoin(contracts, eq(contracts.customerId, customerEmails.customerId))
    .where(eq(contracts.id, notice.contractId))
    .orderBy(asc(customerEmails.address));
  let added = 0;
  for (const { address } of addresses) {
    const [row] = await q
      .insert(outbox)
      .values({
        key: `${reason === 'reminder' ? 'reminder' : 'notice'}-email:${notice.noticeId}:${address.toLowerCase()}`,
        view: 'renewal-notice-email',
        data: { noticeId: notice.noticeId, reason },
        channel: null,
        emailTo: address,
        contractId: notice.contractId,
        createdAt: now,
      })
      .onConflictDoNothing({ target: outbox.key })
      .returning({ id: outbox.id });
    if (row) added++;
  }
  return added;
}
