// Messages certdesk owes Slack, decided in the same transaction as the facts they tell of.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { outbox } from '../db/schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** The views a message can be rendered with (src/slack/deliveries.ts renders each). */
export const OUTBOX_VIEWS = [
  'renewal-notice',
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

/** Ids of messages waiting to be delivered, oldest first. */
export async function pendingMessages(q: Queryable, limit: number): Promise<number[]> {
  const rows = await q.execute<{ id: string }>(
    sql`select id from outbox where status = 'pending' order by id limit ${limit}`,
  );
  return [...rows].map((r) => Number(r.id));
}
