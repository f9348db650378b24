// Delivering a message of the outbox to Slack exactly once. A worker takes an advisory lock on
// the message (released by PostgreSQL if the worker dies), records the attempt before posting, and
// on a later attempt first looks in the channel for the message by its metadata: a worker killed
// after Slack took the message but before it recorded so finds it instead of posting again.
import { ErrorCode, type WebClient } from '@slack/web-api';
import { and, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Config } from '../config.js';
import { preparedPer, type Database, type Queryable } from '../db/client.js';
import { statement } from '../db/statement.js';
import { metrics } from '../metrics.js';
import { outbox } from '../db/schema.js';
import { jstDateOf, toBusinessDate, type BusinessDate } from '../domain/dates.js';
import { noticeDelivered } from '../services/cycles.js';
import {
  alertData,
  applicationData,
  cancellationData,
  changeData,
  customerLocale,
  deadlineShown,
  digestData,
  endedData,
  noticeData,
  noticeRowOfOutbox,
  reminderData,
  type NoticeRow,
  renewalRecordedData,
} from '../services/message-data.js';
import { gatherNotices, noticeGroupOf, othersWaitingWith, stillGatheringWith } from '../services/notice-groups.js';
import { alertStaff, enqueueNoticeEmails, firstDeliveredNotice, type OutboxRow } from '../services/outbox.js';
import { deliverEmail } from '../mail/deliver.js';
import { holdChannel, needsSlot, NOW_WITHIN_MS, Paced, SLOT_TAKEN, slotParameters, type Slot } from './pace.js';
import type { Locale } from '../i18n/text.js';
import { applicationDecided, applicationForStaff } from './views/application.js';
import type { KnownBlock } from './views/blocks.js';
import { cancellationTold } from './views/cancel.js';
import { changeDecided, changeForStaff } from './views/change.js';
import {
  abolitionAnnounced,
  contractEnded,
  renewalCorrected,
  servedCheck,
  type AbolitionModel,
  type CorrectedModel,
} from './views/endings.js';
import {
  NOTICES_PER_MESSAGE,
  renewalNotice,
  renewalNoticeGroup,
  renewalRecorded,
  renewalReminder,
} from './views/renewal.js';
import { staffAlert, staffDigest, type AlertKind } from './views/staff.js';

/** Slack said to wait: the queue pauses this long and the message is tried again, no retry spent. */
export class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Slack rate limit: retry after ${retryAfterMs} ms`);
  }
}

export interface Deliverer {
  database: Database;
  slack: WebClient;
  config: Config;
  /** The language of staff messages. */
  staffLocale?: Locale;
}

export type DeliveryResult =
  | 'sent'
  | 'found'
  | 'done-before'
  | 'busy'
  | 'waiting'
  | 'skipped'
  | 'failed'
  /** A notice's first post waits for others of its customer still being made (`waitForOthers`). */
  | 'gathering';

export interface DeliveryOptions {
  /** The slot in its channel's pace the message comes back holding (src/slack/pace.ts). */
  slot?: Slot;
  /** A notice's first post waits ('gathering') while its customer's other notices are still being made. */
  waitForOthers?: boolean;
}

const METADATA_TYPE = 'certdesk_outbox';
const LOCK_SPACE = 0x6f757462; // "outb"

interface Rendered {
  channel: string;
  text: string;
  blocks: KnownBlock[];
  /** A reply: the ts of the message in whose thread it goes (in `channel`). */
  threadTs?: string;
  /**
   * A notice's first post (several, for a grouped notice): each recorded as delivered with the
   * message, fixing the reply deadline it showed.
   */
  notices?: { outboxId: number; id: number; deadline: (sentAt: Date) => BusinessDate | null }[];
}

type Render = Rendered | { skip: string } | { missingChannel: true };

/** Where a reply goes: its parent's thread, as posted. */
interface Thread {
  channel: string;
  ts: string;
}

/**
 * The thread of a reply's parent: 'waiting' until the parent is posted; null when it never will be
 * (failed, skipped) or has no Slack message, and the reply goes on its own.
 */
async function threadOf(d: Deliverer, parentId: number): Promise<Thread | null | 'waiting'> {
  const [parent] = await d.database.db
    .select({ status: outbox.status, channel: outbox.slackChannel, ts: outbox.slackTs })
    .from(outbox)
    .where(eq(outbox.id, parentId));
  if (!parent || parent.status === 'failed' || parent.status === 'skipped') return null;
  if (parent.status !== 'sent') return 'waiting';
  return parent.channel && parent.ts ? { channel: parent.channel, ts: parent.ts } : null;
}

async function render(
  d: Deliverer,
  row: OutboxRow,
  now: Date,
  thread: Thread | null,
  /** The notice of a renewal-notice message, read with its row. */
  noticeRead?: NoticeRow,
): Promise<Render> {
  const q = d.database.db;
  const data = row.data as Record<string, unknown>;
  const staffChannel = d.config.staffChannel;
  const staffLocale = d.staffLocale ?? 'ja';
  const to = (channel: string | null | undefined) => row.channel ?? channel ?? null;
  switch (row.view) {
    case 'renewal-notice': {
      // A notice posted with others of the customer's: the message lists them all, as they stand now.
      const group = row.updates === null ? await noticeGroupOf(q, row.id, row) : await noticeGroupOf(q, row.updates);
      const parts = group ? group.rows : [{ id: row.id, noticeId: Number(data.noticeId) }];
      const notices = [];
      for (const part of parts) {
        const n = await noticeData(q, part.noticeId, now, d.config.renewalPolicy, noticeRead);
        if (n) notices.push({ outboxId: part.id, ...n });
      }
      const [first] = notices;
      if (!first) return { skip: 'notice gone' };
      const channel = to(first.channel);
      if (!channel) return { missingChannel: true };
      const view = group ? renewalNoticeGroup(notices.map((n) => n.model)) : renewalNotice(first.model);
      return {
        channel,
        ...view,
        notices:
          row.updates === null
            ? notices.map((n) => ({
                outboxId: n.outboxId,
                id: n.notice.id,
                deadline: (sentAt: Date) =>
                  deadlineShown(
                    n.cycle.replyDeadline,
                    n.cycle.expiryDate,
                    false,
                    sentAt,
                    d.config.renewalPolicy,
                    n.cycle.heldAt !== null && n.model.category === 'III',
                  ),
              }))
            : undefined,
      };
    }
    case 'renewal-reminder': {
      const r = await reminderData(q, Number(data.cycleId), now);
      if (!r) return { skip: 'nothing to remind of: answered, decided, or past the deadline' };
      if (thread)
        return { ...renewalReminder({ ...r.model, inThread: true }), channel: thread.channel, threadTs: thread.ts };
      const channel = to(r.channel);
      // No channel: the notice went by e-mail, if at all, and staff were told of it; so does the reminder.
      return channel
        ? { channel, ...renewalReminder({ ...r.model, inThread: false }) }
        : { skip: NO_CHANNEL_FOR_REMINDER };
    }
    case 'renewal-recorded': {
      const r = await renewalRecordedData(q, Number(data.cycleId));
      if (!r) return { skip: 'no renewal to tell of' };
      const channel = to(r.channel);
      return channel ? { channel, ...renewalRecorded(r.model) } : { missingChannel: true };
    }
    case 'contract-ended': {
      const e = await endedData(q, String(data.contractId));
      if (!e) return { skip: 'contract not ended' };
      const channel = to(e.channel);
      return channel ? { channel, ...contractEnded(e.model) } : { missingChannel: true };
    }
    case 'renewal-corrected': {
      const channel = row.channel;
      return channel ? { channel, ...renewalCorrected(data as unknown as CorrectedModel) } : { missingChannel: true };
    }
    case 'abolition-announced': {
      const channel = row.channel;
      return channel ? { channel, ...abolitionAnnounced(data as unknown as AbolitionModel) } : { missingChannel: true };
    }
    case 'staff-alert': {
      if (!staffChannel) return { skip: 'CERTDESK_STAFF_CHANNEL is not set' };
      const a = await alertData(q, data as { kind: string }, staffLocale);
      return { channel: staffChannel, ...staffAlert({ ...a, kind: data.kind as AlertKind }) };
    }
    case 'staff-digest': {
      if (!staffChannel) return { skip: 'CERTDESK_STAFF_CHANNEL is not set' };
      return {
        channel: staffChannel,
        ...staffDigest(await digestData(q, toBusinessDate(String(data.date)), staffLocale)),
      };
    }
    case 'application-submitted': {
      if (!staffChannel) return { skip: 'CERTDESK_STAFF_CHANNEL is not set' };
      const a = await applicationData(q, Number(data.applicationId), staffLocale);
      return a ? { channel: staffChannel, ...applicationForStaff(a.model) } : { skip: 'application gone' };
    }
    case 'application-decided': {
      const a = await applicationData(q, Number(data.applicationId), 'ja');
      if (!a || !row.channel) return { skip: 'no channel' };
      return {
        channel: row.channel,
        ...applicationDecided({ ...a.model, locale: a.customerLocale, feesRecorded: a.feesRecorded }),
      };
    }
    case 'change-requested': {
      if (!staffChannel) return { skip: 'CERTDESK_STAFF_CHANNEL is not set' };
      const c = await changeData(q, Number(data.changeId), staffLocale);
      return c ? { channel: staffChannel, ...changeForStaff(c.model) } : { skip: 'change gone' };
    }
    case 'change-decided': {
      const c = await changeData(q, Number(data.changeId), 'ja');
      if (!c || !row.channel) return { skip: 'no channel' };
      return { channel: row.channel, ...changeDecided({ ...c.model, locale: c.customerLocale }) };
    }
    case 'served-check': {
      const channel = row.channel;
      if (!channel) return { missingChannel: true };
      const locale = await customerLocale(q, String(data.contractId));
      const notAfter =
        typeof data.servedNotAfter === 'string' ? jstDateOf(new Date(data.servedNotAfter)).toString() : null;
      return {
        channel,
        ...servedCheck({
          locale,
          commonName: String(data.target),
          target: String(data.target),
          outcome: data.outcome as 'not-current' | 'expiring',
          servedNotAfter: notAfter,
        }),
      };
    }
    case 'cancellation-told': {
      const c = await cancellationData(q, Number(data.cancellationId));
      if (!c) return { skip: 'cancellation gone' };
      // The customer's channel in its language; staff (a row with no channel) in theirs.
      const forStaff = row.channel === null;
      if (forStaff && !staffChannel) return { skip: 'CERTDESK_STAFF_CHANNEL is not set' };
      const channel = forStaff ? staffChannel! : row.channel!;
      const locale = forStaff ? staffLocale : c.customerLocale;
      return {
        channel,
        ...cancellationTold({
          ...c.model,
          locale,
          itemName: c.model.itemName(locale),
          kind: data.kind as 'recorded' | 'corrected' | 'withdrawn',
        }),
      };
    }
    default:
      return { skip: `no view ${row.view}` };
  }
}

/**
 * Delivers one message of the outbox, once. Returns what happened; throws RateLimited when
 * Slack asks to wait, Paced when the channel's pace gives it a later slot (come back then with
 * `slot`), and other errors when a later attempt may succeed.
 */
export async function deliverMessage(
  d: Deliverer,
  outboxId: number,
  now: Date,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  // One delivery of a message at a time in this process, whatever the database: on the embedded
  // one, every client shares one session, and its advisory locks exclude no one.
  if (inFlight.has(outboxId)) return 'busy';
  inFlight.add(outboxId);
  try {
    return await deliverLocked(d, outboxId, now, options);
  } finally {
    inFlight.delete(outboxId);
  }
}

const inFlight = new Set<number>();

async function deliverLocked(
  d: Deliverer,
  outboxId: number,
  now: Date,
  { slot, waitForOthers = false }: DeliveryOptions,
): Promise<DeliveryResult> {
  const { db, sql: pg } = d.database;
  const gate = reservationGate(d.database);
  await gate.enter();
  let conn: Awaited<ReturnType<typeof pg.reserve>>;
  try {
    conn = await pg.reserve();
  } catch (e) {
    gate.leave();
    throw e;
  }
  try {
    const key = outboxId % 2_147_483_647;
    // The lock, then the row and, for a notice, what it shows, sent together on the delivery's
    // connection: one round trip, and both are read after the lock is taken (a statement sees what
    // was committed when it began), so they hold whatever the previous holder of the lock recorded.
    // postgres.js sends a query when it is first awaited or executed, a microtask later, in that
    // order: the lock is started here, before the reads are.
    const locking = conn<{ ok: boolean }[]>`select pg_try_advisory_lock(${LOCK_SPACE}, ${key}) as ok`.execute();
    const reading = outboxRowForDelivery.on(conn, { id: outboxId, now: now.toISOString(), waitForOthers });
    const readingNotice = noticeRowOfOutbox(conn, outboxId);
    reading.catch(() => {});
    readingNotice.catch(() => {});
    const [lock] = await locking;
    if (!lock?.ok) {
      // The connection goes back to the pool with nothing of this delivery's still running on it.
      await Promise.allSettled([reading, readingNotice]);
      return 'busy';
    }
    let unlocking: Promise<unknown> | undefined;
    try {
      const [[read], noticeRead] = await Promise.all([reading, readingNotice]);
      if (!read) return 'done-before';
      const { othersWaiting, stillGathering, ...row } = read;
      if (row.status !== 'pending') return 'done-before';
      if (stillGathering) return 'gathering';
      // A notice gathered into another's message goes out with it (services/notice-groups.ts).
      if (row.groupedWith !== null && row.groupedWith !== row.id) return await gatheredNotice(d, row, now);
      if (row.emailTo !== null) {
        const mailed = await deliverEmail(d, row, now);
        if (typeof mailed !== 'object') return mailed;
        await markFailed(d, row.id, mailed.failed, now, { permanent: true });
        return 'failed';
      }
      // A notice's first post gathers the others of its customer's channel and day still waiting.
      if (row.groupedWith === null) {
        const gathered = await gatherNotices(db, row, NOTICES_PER_MESSAGE, othersWaiting);
        if ('gatheredInto' in gathered)
          return await gatheredNotice(d, { ...row, groupedWith: gathered.gatheredInto }, now);
        if (gathered.members.length) {
          row.groupedWith = row.id;
          if (d.config.mail?.notices === 'always')
            for (const part of (await noticeGroupOf(db, row.id))!.rows)
              if (part.id !== row.id && part.contractId)
                await enqueueNoticeEmails(db, { noticeId: part.noticeId, contractId: part.contractId }, 'always', now);
        }
      }
      // CERTDESK_NOTICE_EMAIL=always: every notice goes by e-mail too, whatever Slack does.
      if (
        row.view === 'renewal-notice' &&
        row.updates === null &&
        row.attempts === 0 &&
        d.config.mail?.notices === 'always'
      )
        await enqueueNoticeEmails(db, noticeOf(row), 'always', now);
      if (row.view === 'renewal-reminder' && row.attempts === 0 && d.config.mail?.notices === 'always')
        await noticeByEmail(d, db, row, now);

      // A reply waits for the message in whose thread it goes.
      const thread = row.replyTo === null ? null : await threadOf(d, row.replyTo);
      if (thread === 'waiting') return 'waiting';
      const rendered = await render(d, row, now, thread, noticeRead);
      if ('skip' in rendered) {
        await db.transaction(async (tx) => {
          // A grouped notice's message with none of its notices left: none of them goes out.
          await tx
            .update(outbox)
            .set({ status: 'skipped', lastError: rendered.skip, attemptedAt: now })
            .where(
              row.groupedWith === row.id
                ? and(eq(outbox.groupedWith, outboxId), eq(outbox.status, 'pending'))
                : eq(outbox.id, outboxId),
            );
          if (rendered.skip === NO_CHANNEL_FOR_REMINDER) await noticeByEmail(d, tx, row, now);
        });
        return 'skipped';
      }
      if ('missingChannel' in rendered) {
        await db.transaction(async (tx) => {
          await tx
            .update(outbox)
            .set({ status: 'failed', lastError: 'the customer has no Slack channel', attemptedAt: now })
            .where(eq(outbox.id, outboxId));
          await alertStaff(tx, `no-channel:${outboxId}`, { kind: 'no-channel', contractId: row.contractId }, now);
          await noticeByEmail(d, tx, row, now);
        });
        return 'failed';
      }

      if (row.updates !== null) return await update(d, row, rendered, now);

      // A previous attempt may have posted and died before recording: look before posting again.
      if (row.attempts > 0 && row.attemptedAt) {
        const found = await findPosted(
          d.slack,
          rendered.channel,
          outboxId,
          earliest(row.attemptedAt, row.attemptedAtReal),
          rendered.threadTs,
        );
        if (found) {
          await recordSent(d, row, rendered, found, row.attemptedAt);
          return 'found';
        }
      }
      // Slack's pace in this channel: post now, or come back for a later slot (no attempt spent).
      // Claim this attempt only if no one else did since the row was read (the advisory lock excludes
      // other processes on PostgreSQL, not on the embedded database); a slot to take is taken in the
      // same statement, and the attempt claimed only when the slot is now.
      const claim = {
        id: outboxId,
        seen: row.attempts,
        grouped: row.groupedWith,
        now: now.toISOString(),
        realNow: new Date().toISOString(),
      };
      let claimed: unknown[];
      if (needsSlot(d.config.slackChannelPace, rendered.channel, slot)) {
        const [taken] = await pg.unsafe<{ wait: number; id: string | null }[]>(
          CLAIM_IN_SLOT,
          [
            ...slotParameters(d.config.slackChannelPace, rendered.channel),
            claim.id,
            claim.seen,
            claim.grouped,
            claim.now,
            claim.realNow,
            NOW_WITHIN_MS,
          ],
          { prepare: true },
        );
        // Not claimed: the slot is later (come back holding it), or someone else claimed the attempt.
        if (taken!.id === null && taken!.wait > NOW_WITHIN_MS)
          throw new Paced({ channel: rendered.channel, at: Date.now() + Math.ceil(taken!.wait) });
        claimed = taken!.id === null ? [] : [taken!.id];
      } else claimed = await claimAttempt(db).execute(claim);
      if (claimed.length === 0) return 'busy';
      let ts: string;
      try {
        const res = await d.slack.chat.postMessage({
          channel: rendered.channel,
          text: rendered.text,
          blocks: rendered.blocks,
          ...(rendered.threadTs ? { thread_ts: rendered.threadTs } : {}),
          unfurl_links: false,
          metadata: { event_type: METADATA_TYPE, event_payload: { outbox_id: String(outboxId) } },
        });
        ts = String(res.ts);
      } catch (e) {
        return await failure(d, row, e, now, true, rendered.channel);
      }
      // One notice is recorded in one statement on the delivery's connection, and the lock given up
      // in the same write: the session runs them in order, so the lock is free only once the record
      // is committed. Other records run on the pool, and the lock waits for them.
      const onConnection = rendered.notices?.length === 1;
      const recording = recordSent(
        d,
        row,
        rendered,
        { ts, channel: rendered.channel },
        now,
        onConnection ? conn : undefined,
      );
      if (onConnection) {
        // recordSent has started its one statement (noticeDelivered executes it at once): the unlock
        // is started after it, so it goes out after it.
        unlocking = conn`select pg_advisory_unlock(${LOCK_SPACE}, ${key})`.execute();
        unlocking.catch(() => {});
      }
      await recording;
      return 'sent';
    } finally {
      await (unlocking ?? conn`select pg_advisory_unlock(${LOCK_SPACE}, ${key})`);
    }
  } finally {
    conn.release();
    gate.leave();
  }
}

/**
 * How many deliveries of this process hold a connection of a pool at once: one fewer than the pool
 * has, whoever delivers (the sweep's lanes, the Slack worker, the sandbox's clock). A delivery holds
 * its connection for its advisory lock and borrows another for each statement: with every
 * connection held, no statement could run and every delivery would wait for ever.
 */
function reservationGate(database: Database): Gate {
  let gate = gates.get(database.sql);
  if (!gate) gates.set(database.sql, (gate = new Gate(Math.max(1, database.sql.options.max - 1))));
  return gate;
}

const gates = new WeakMap<object, Gate>();

/** A counting semaphore: `enter` waits while `size` holders are in. */
class Gate {
  private inside = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async enter(): Promise<void> {
    if (this.inside < this.size) {
      this.inside++;
      return;
    }
    // The place is handed over by `leave`, so a newcomer cannot take it first.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inside--;
  }
}

async function update(d: Deliverer, row: OutboxRow, rendered: Rendered, now: Date): Promise<DeliveryResult> {
  const [original] = await d.database.db.select().from(outbox).where(eq(outbox.id, row.updates!));
  if (!original || original.status === 'failed' || original.status === 'skipped') {
    await d.database.db
      .update(outbox)
      .set({ status: 'skipped', lastError: 'the message it updates was never posted' })
      .where(eq(outbox.id, row.id));
    return 'skipped';
  }
  if (original.status !== 'sent' || !original.slackTs || !original.slackChannel) return 'waiting';
  try {
    await d.slack.chat.update({
      channel: original.slackChannel,
      ts: original.slackTs,
      text: rendered.text,
      blocks: rendered.blocks,
    });
  } catch (e) {
    return failure(d, row, e, now, false);
  }
  await d.database.db
    .update(outbox)
    .set({
      status: 'sent',
      sentAt: now,
      attemptedAt: now,
      slackChannel: original.slackChannel,
      slackTs: original.slackTs,
    })
    .where(eq(outbox.id, row.id));
  return 'sent';
}

// The statements every delivery runs, built once per pool (or transaction) and prepared in
// PostgreSQL: a notice fan-out runs them once per message. Instants go in as ISO strings, as
// drizzle's own columns send them.
const outboxRow = preparedPer((q) =>
  q
    .select()
    .from(outbox)
    .where(eq(outbox.id, sql.placeholder('id')))
    .prepare('certdesk_outbox_row'),
);

/** The message, with what its gathering needs to know (services/notice-groups.ts), in one statement. */
const outboxRowForDelivery = statement((q) =>
  q
    .select({
      ...getTableColumns(outbox),
      othersWaiting: sql<boolean>`${othersWaitingWith('outbox')}`,
      stillGathering: sql<boolean>`(${sql.placeholder('waitForOthers')}::boolean and ${stillGatheringWith(
        'outbox',
        sql`${sql.placeholder('now')}`,
      )})`,
    })
    .from(outbox)
    .where(eq(outbox.id, sql.placeholder('id')))
    .prepare('certdesk_outbox_row_for_delivery'),
);

/** Claims this attempt only if no one else did since the row was read, nor gathered it into their message. */
const claimAttempt = preparedPer((q) =>
  q
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      attemptedAt: sql`${sql.placeholder('now')}`,
      attemptedAtReal: sql`${sql.placeholder('realNow')}`,
    })
    .where(
      and(
        eq(outbox.id, sql.placeholder('id')),
        eq(outbox.status, 'pending'),
        eq(outbox.attempts, sql.placeholder('seen')),
        // Nor gathered into another's message since (services/notice-groups.ts).
        sql`${outbox.groupedWith} is not distinct from ${sql.placeholder('grouped')}::bigint`,
      ),
    )
    .returning({ id: outbox.id })
    .prepare('certdesk_outbox_claim'),
);

/** claimAttempt with a slot taken in the channel's pace first: the attempt is claimed only when the slot is now. */
const CLAIM_IN_SLOT = `
  with slot as (${SLOT_TAKEN}),
  claimed as (
    update outbox
    set attempts = attempts + 1, attempted_at = $7::timestamptz, attempted_at_real = $8::timestamptz
    where id = $4 and status = 'pending' and attempts = $5 and grouped_with is not distinct from $6::bigint
      and (select wait from slot) <= $9::float8
    returning id
  )
  select (select wait from slot) as wait, (select id from claimed) as id`;

const markSent = preparedPer((q) =>
  q
    .update(outbox)
    .set({
      status: 'sent',
      sentAt: sql`${sql.placeholder('sentAt')}`,
      slackChannel: sql`${sql.placeholder('channel')}`,
      slackTs: sql`${sql.placeholder('ts')}`,
    })
    .where(eq(outbox.id, sql.placeholder('id')))
    .prepare('certdesk_outbox_sent'),
);

/** The message is out: recorded in one statement, with what it means when it is a notice. */
async function recordSent(
  d: Deliverer,
  row: OutboxRow,
  rendered: Rendered,
  posted: { ts: string; channel: string },
  sentAt: Date,
  /** The delivery's own connection, for a single notice's one statement. */
  conn?: postgres.Sql,
): Promise<void> {
  if (rendered.notices?.length === 1) {
    // One notice: its one statement records it whole.
    const [n] = rendered.notices;
    await noticeDelivered(conn ?? d.database.sql, {
      outboxId: n!.outboxId,
      noticeId: n!.id,
      sentAt,
      channel: posted.channel,
      ts: posted.ts,
      deadline: n!.deadline(sentAt),
    });
  } else if (rendered.notices) {
    // A grouped notice's rows are recorded together: none is left waiting for a message already out.
    const notices = rendered.notices;
    await d.database.sql.begin(async (tx) => {
      for (const n of notices)
        await noticeDelivered(tx, {
          outboxId: n.outboxId,
          noticeId: n.id,
          sentAt,
          channel: posted.channel,
          ts: posted.ts,
          deadline: n.deadline(sentAt),
        });
    });
  } else {
    await markSent(d.database.db).execute({
      id: row.id,
      sentAt: sentAt.toISOString(),
      channel: posted.channel,
      ts: posted.ts,
    });
  }
}

/**
 * A notice gathered into another's message: it waits for that message, and is recorded with it.
 * Should the message never go out, the notice does not either, and goes by e-mail where it can.
 */
async function gatheredNotice(d: Deliverer, row: OutboxRow, now: Date): Promise<DeliveryResult> {
  const [lead] = await d.database.db
    .select({ status: outbox.status, lastError: outbox.lastError })
    .from(outbox)
    .where(eq(outbox.id, row.groupedWith!));
  if (lead?.status === 'pending') return 'waiting';
  // Recorded with its message meanwhile.
  const [again] = await outboxRow(d.database.db).execute({ id: row.id });
  if (again?.status !== 'pending') return 'done-before';
  if (lead?.status === 'skipped') {
    await d.database.db
      .update(outbox)
      .set({ status: 'skipped', lastError: lead.lastError })
      .where(eq(outbox.id, row.id));
    return 'skipped';
  }
  await markFailed(
    d,
    row.id,
    `listed in message ${row.groupedWith}, which failed: ${lead?.lastError ?? 'not posted'}`,
    now,
  );
  return 'failed';
}

/**
 * When to look back from for an earlier attempt's message: Slack stamps it with the real time, the
 * sandbox's stand-in with the business clock; the earlier of the two finds it under either.
 */
const earliest = (business: Date, real: Date | null) => (real && real < business ? real : business);

/**
 * The message a previous attempt posted, found by its metadata in the channel's recent history —
 * or, for a reply, among the replies of its thread (the history holds no replies).
 */
async function findPosted(
  slack: WebClient,
  channel: string,
  outboxId: number,
  attemptedAt: Date,
  threadTs?: string,
): Promise<{ ts: string; channel: string } | undefined> {
  const oldest = String(Math.floor(attemptedAt.getTime() / 1000) - 300);
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const query = { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
    const res = threadTs
      ? await slack.conversations.replies({ ...query, ts: threadTs })
      : await slack.conversations.history(query);
    for (const m of res.messages ?? []) {
      const meta = m.metadata as { event_type?: string; event_payload?: { outbox_id?: string } } | undefined;
      if (meta?.event_type === METADATA_TYPE && meta.event_payload?.outbox_id === String(outboxId) && m.ts)
        return { ts: m.ts, channel };
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

/** Slack errors that no retry mends: the message is failed and staff are told. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_blocks',
  'msg_too_long',
  'invalid_auth',
  'account_inactive',
  'message_not_found',
  'cant_update_message',
  'restricted_action',
]);

async function failure(
  d: Deliverer,
  row: OutboxRow,
  e: unknown,
  now: Date,
  posted: boolean,
  channel?: string,
): Promise<DeliveryResult> {
  const err = e as { code?: string; retryAfter?: number; data?: { error?: string } };
  if (err.code === ErrorCode.RateLimitedError) {
    const retryAfterMs = Math.max(1, err.retryAfter ?? 1) * 1000;
    // Every process keeps off the channel until then (src/slack/pace.ts).
    if (channel) await holdChannel(d.database, d.config.slackChannelPace, channel, retryAfterMs);
    metrics.slackRateLimited.inc({ method: posted ? 'chat.postMessage' : 'chat.update' });
    // Slack refused before posting: this attempt does not count.
    if (posted)
      await d.database.db
        .update(outbox)
        .set({ attempts: sql`greatest(${outbox.attempts} - 1, 0)` })
        .where(eq(outbox.id, row.id));
    throw new RateLimited(retryAfterMs);
  }
  const platform = err.code === ErrorCode.PlatformError ? err.data?.error : undefined;
  if (platform && PERMANENT.has(platform)) {
    await markFailed(d, row.id, platform, now);
    return 'failed';
  }
  throw e;
}

/**
 * The message will not be delivered: record why and tell staff (unless it was itself for staff).
 * An e-mail whose retries are spent on a passing failure (the mail server did not answer) stays
 * waiting instead, for the next sweep to send (staff told once): only a refusal (`permanent`, a
 * 5xx) fails it. Returns whether the message is still waiting.
 */
export async function markFailed(
  d: Deliverer,
  outboxId: number,
  why: string,
  now: Date,
  options: { permanent?: boolean } = {},
): Promise<boolean> {
  return d.database.db.transaction(async (tx) => {
    const [pending] = await tx.select().from(outbox).where(eq(outbox.id, outboxId));
    if (pending?.emailTo && !options.permanent) {
      await tx
        .update(outbox)
        .set({ lastError: why.slice(0, 500) })
        .where(eq(outbox.id, outboxId));
      await alertStaff(
        tx,
        `mail-waiting:${outboxId}`,
        { kind: 'mail-waiting', contractId: pending.contractId, detail: `${pending.emailTo}: ${why}`.slice(0, 300) },
        now,
      );
      return true;
    }
    const [row] = await tx
      .update(outbox)
      .set({ status: 'failed', lastError: why.slice(0, 500) })
      .where(eq(outbox.id, outboxId))
      .returning();
    if (row) await noticeByEmail(d, tx, row, now);
    // The notices gathered into this message are not posted either: each goes by e-mail where it can.
    const gathered =
      row && row.groupedWith === row.id
        ? await tx
            .update(outbox)
            .set({ status: 'failed', lastError: `listed in message ${row.id}, which failed: ${why}`.slice(0, 500) })
            .where(and(eq(outbox.groupedWith, row.id), ne(outbox.id, row.id), eq(outbox.status, 'pending')))
            .returning()
        : [];
    for (const g of gathered) await noticeByEmail(d, tx, g, now);
    if (row && row.view !== 'staff-alert' && row.view !== 'staff-digest') {
      // A grouped notice's message names the other contracts it listed too.
      const listed = gathered.length ? ` (+ ${gathered.map((g) => g.contractId).join(', ')})` : '';
      await alertStaff(
        tx,
        `delivery-failed:${outboxId}`,
        row.emailTo
          ? { kind: 'mail-refused', contractId: row.contractId, detail: `${row.emailTo}: ${why}`.slice(0, 300) }
          : {
              kind: 'delivery-failed',
              contractId: row.contractId,
              detail: `${row.view}: ${why}${listed}`.slice(0, 300),
            },
        now,
      );
    }
    return false;
  });
}

const noticeOf = (row: OutboxRow) => ({
  noticeId: Number((row.data as { noticeId?: unknown }).noticeId),
  contractId: row.contractId!,
});

/** Why a reminder was skipped for a customer with no Slack channel: it goes by e-mail instead. */
const NO_CHANNEL_FOR_REMINDER = 'the customer has no Slack channel';

/**
 * A notice (or its reminder) Slack would not take goes to the customer's addresses by
 * e-mail, when mail is set up; a reminder with CERTDESK_NOTICE_EMAIL=always goes both ways, as its notice did.
 */
async function noticeByEmail(d: Deliverer, q: Queryable, row: OutboxRow, now: Date): Promise<void> {
  if (!d.config.mail || !row.contractId || row.updates !== null) return;
  if (row.view === 'renewal-notice') await enqueueNoticeEmails(q, noticeOf(row), 'fallback', now);
  if (row.view === 'renewal-reminder') {
    const noticeId = await firstDeliveredNotice(q, Number((row.data as { cycleId?: unknown }).cycleId));
    if (noticeId !== undefined) await enqueueNoticeEmails(q, { noticeId, contractId: row.contractId }, 'reminder', now);
  }
}
