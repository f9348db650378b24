// Renewal notices posted together (Art. 6(1)): a customer with many contracts due the same day gets
// one message listing them, not a message each. The notice that is delivered first gathers the
// others of its customer's channel and day still waiting, a message's worth at a time
// (NOTICES_PER_MESSAGE), and posts them all; each keeps its own outbox row, recorded with that
// message, as proof of its notice.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { contracts, customers, outbox, renewalCycles } from '../db/schema.js';
import type { OutboxRow } from './outbox.js';

/** The advisory lock space of gathering ("grpn"), beside the outbox's own. */
const GATHER_LOCK_SPACE = 0x6772706e;

/** A notice's first post, still waiting and in no group: one that may gather others, or be gathered. */
const waitingFirstPostText = (
  o: string,
) => `${o}.view = 'renewal-notice' and ${o}.updates is null and ${o}.email_to is null
    and ${o}.status = 'pending' and ${o}.attempts = 0 and ${o}.grouped_with is null`;
const waitingFirstPost = (o: string) => sql.raw(waitingFirstPostText(o));

/**
 * Of the outbox row `o`: whether other notices of its channel wait to be gathered with it. Most
 * notices have none (one contract due): read with the row, it spares the gathering's transaction.
 */
export const othersWaitingWith = (o: string) =>
  sql.raw(`(${waitingFirstPostText(o)} and ${o}.channel is not null and exists (
    select 1 from outbox w where ${waitingFirstPostText('w')} and w.channel = ${o}.channel and w.id <> ${o}.id))`);

/**
 * Of the outbox row `o`: whether its first post should wait for others of its customer still being
 * made: it may gather others, and a renewal cycle of a contract whose customer has its channel is
 * due at `now` and not yet worked on (the workers take the cycles of a sweep a few at a time).
 */
export const stillGatheringWith = (o: string, now: SQL) => sql`(${sql.raw(waitingFirstPostText(o))}
    and ${sql.raw(o)}.channel is not null and exists (
      select 1 from ${renewalCycles} c
      join ${contracts} k on k.id = c.contract_id
      join ${customers} u on u.id = k.customer_id
      where u.slack_channel = ${sql.raw(o)}.channel and c.due_at <= ${now}::timestamptz))`;

/** The same, of a row in hand. */
const groupable = (r: OutboxRow) =>
  r.view === 'renewal-notice' &&
  r.updates === null &&
  r.emailTo === null &&
  r.status === 'pending' &&
  r.attempts === 0 &&
  r.groupedWith === null &&
  r.channel !== null;

/**
 * Gathers into `lead`'s message the other notices waiting for the same channel, made the same day
 * (JST), up to `size` in all. Each row joins one group only: rows another deliverer holds are
 * passed over, and a row already grouped is never taken again. Returns the members gathered (none:
 * the notice goes on its own), or the message `lead` itself was gathered into meanwhile.
 */
export async function gatherNotices(
  db: Db,
  lead: OutboxRow,
  size: number,
  /** Whether others wait, as read with the row (othersWaitingWith): a look without locks. */
  othersWaiting: boolean,
): Promise<{ members: number[] } | { gatheredInto: number }> {
  if (!othersWaiting || !groupable(lead) || size < 2) return { members: [] };
  return db.transaction(async (tx) => {
    // One gatherer per channel at a time, so that the messages come out full: the next one finds
    // what this one left, or finds itself gathered.
    await tx.execute(sql`select pg_advisory_xact_lock(${GATHER_LOCK_SPACE}, hashtext(${lead.channel}))`);
    const [self] = await tx.select({ groupedWith: outbox.groupedWith }).from(outbox).where(eq(outbox.id, lead.id));
    if (self?.groupedWith != null) return { gatheredInto: self.groupedWith };
    // Candidates locked (others' passed over), then one notice per contract: two notices of one
    // contract (a late one beside its successor) are never listed in one message.
    const candidates = await tx.execute<{ id: number; contract_id: string | null }>(sql`
      select o.id, o.contract_id from ${outbox} o
      where ${waitingFirstPost('o')} and o.channel = ${lead.channel} and o.id <> ${lead.id}
        and (o.created_at at time zone 'Asia/Tokyo')::date = (${lead.createdAt.toISOString()}::timestamptz at time zone 'Asia/Tokyo')::date
      order by o.id
      limit ${size - 1}
      for update skip locked`);
    const contractsIn = new Set([lead.contractId]);
    const chosen: number[] = [];
    for (const c of candidates) {
      if (contractsIn.has(c.contract_id)) continue;
      contractsIn.add(c.contract_id);
      chosen.push(Number(c.id));
    }
    if (chosen.length === 0) return { members: [] };
    const rows = await tx.execute<{ id: number }>(sql`
      update ${outbox} set grouped_with = ${lead.id}
      where grouped_with is null and status = 'pending' and attempts = 0
        and id in (${sql.join(
          [lead.id, ...chosen].map((id) => sql`${id}`),
          sql`, `,
        )})
      returning id`);
    const ids = [...rows].map((r) => Number(r.id));
    if (ids.includes(lead.id)) return { members: ids.filter((id) => id !== lead.id) };
    // The lead itself was claimed meanwhile: it goes on its own, and what it gathered is let go.
    if (ids.length) await tx.update(outbox).set({ groupedWith: null }).where(eq(outbox.groupedWith, lead.id));
    return { members: [] };
  });
}

/**
 * The notices posted in one message with the outbox row `id` (its own post, or one it updates):
 * the rows of its group in the order they were made; undefined when it went on its own.
 */
export async function noticeGroupOf(
  q: Queryable,
  id: number,
  /** The row's own grouped_with, when the caller has just read it. */
  known?: { groupedWith: number | null },
): Promise<{ rows: { id: number; noticeId: number; contractId: string | null }[] } | undefined> {
  const [own] = known
    ? [known]
    : await q.select({ groupedWith: outbox.groupedWith }).from(outbox).where(eq(outbox.id, id));
  const leadId = own?.groupedWith;
  if (leadId === null || leadId === undefined) return undefined;
  const rows = await q
    .select({ id: outbox.id, data: outbox.data, contractId: outbox.contractId })
    .from(outbox)
    .where(eq(outbox.groupedWith, leadId))
    .orderBy(asc(outbox.id));
  return {
    rows: rows.map((r) => ({
      id: r.id,
      noticeId: Number((r.data as { noticeId?: unknown }).noticeId),
      contractId: r.contractId,
    })),
  };
}

/**
 * Of these outbox messages, the notices gathered into another's message that are done with it:
 * sent with it, or failed or skipped as it was.
 */
export async function settledWithTheirMessage(
  q: Queryable,
  ids: readonly number[],
): Promise<{ id: number; status: 'sent' | 'failed' | 'skipped' }[]> {
  if (ids.length === 0) return [];
  const rows = await q
    .select({ id: outbox.id, status: outbox.status })
    .from(outbox)
    .where(
      and(
        inArray(outbox.id, [...ids]),
        sql`${outbox.status} <> 'pending'`,
        sql`${outbox.groupedWith} is not null and ${outbox.groupedWith} <> ${outbox.id}`,
      ),
    );
  return rows as { id: number; status: 'sent' | 'failed' | 'skipped' }[];
}
