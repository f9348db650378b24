// Slack's pace for posting: about one message per second per channel, short bursts allowed
// (chat.postMessage's own limit), kept by every process that posts — the workers on any machine and
// `certdesk sweep` — through one row per channel in PostgreSQL, on PostgreSQL's clock.
//
// The row holds when the channel is next free, as the generic cell rate algorithm keeps it: each
// message takes the next slot (one interval after the last one taken, or now when the channel has
// been quiet), and a quiet channel takes `burst` messages at once. A message whose slot is later
// waits for it elsewhere (a delayed job, or the sweep's queue) and comes back holding it: it posts
// then without taking another, so 200 messages to one channel take 200 slots, not a round of
// retries each second. A message late for its slot by more than a burst's worth of intervals takes
// a new one, so that messages held up together (workers stopped meanwhile) do not post at once.
//
// The pace runs on real time, never the business clock (which the sandbox and `sweep --as-of` move).
//
// Only posting is paced: chat.update is a method of its own (Tier 3, counted per workspace) and
// edits a message already in the channel. A 429 moves the channel's next slot to after Retry-After.
import type { ChannelPace } from '../config.js';
import type { Database } from '../db/client.js';

/** A slot taken in a channel's pace: the message may be posted there from `at` (ms since the epoch). */
export interface Slot {
  channel: string;
  at: number;
}

/** The channel's next slot is later: come back at `slot.at` holding it. */
export class Paced extends Error {
  override readonly name = 'Paced';
  constructor(readonly slot: Slot) {
    super(`channel ${slot.channel} paced: its slot is at ${new Date(slot.at).toISOString()}`);
  }
}

/** How early a message may come back for its slot (the clocks of two machines, a timer's slack). */
const EARLY_MS = 50;

/**
 * Whether a message must take a slot in `channel` before posting: false when the pace is off or it
 * comes back holding one that is now. Throws Paced with the slot held when that is still to come.
 */
export function needsSlot(pace: ChannelPace, channel: string, held: Slot | undefined): boolean {
  if (pace.intervalMs <= 0) return false;
  const now = Date.now();
  if (held && held.channel === channel) {
    if (now < held.at - EARLY_MS) throw new Paced(held);
    if (now <= held.at + pace.intervalMs * pace.burst) return false;
  }
  return true;
}

/**
 * Takes the channel's next slot, as a statement's first part (`with slot as (…)`): its `wait` is
 * how long until the slot comes, in ms (0: now). The slot is the later of now and the channel's
 * free time less the burst's allowance; the free time moves one interval past the later of itself
 * and now. Parameters $1 to $3, given by slotParameters.
 */
export const SLOT_TAKEN = `
    insert into slack_channel_pace as p (channel, free_at)
    values ($1, now() + make_interval(secs => $2::float8))
    on conflict (channel) do update
      set free_at = greatest(p.free_at, now()) + make_interval(secs => $2::float8)
    returning greatest(0, extract(epoch from p.free_at - now()) * 1000 - $3::float8)::float8 as wait`;

/** The parameters $1 to $3 of SLOT_TAKEN. */
export function slotParameters(pace: ChannelPace, channel: string): [string, number, number] {
  const interval = pace.intervalMs;
  return [channel, interval / 1000, interval + interval * Math.max(0, pace.burst - 1)];
}

/** The most a slot taken may be away and still be now, in ms (SLOT_TAKEN's `wait`). */
export const NOW_WITHIN_MS = EARLY_MS;

/** Slack said to wait (429): the channel's next slot comes after Retry-After, in every process. */
export async function holdChannel(database: Database, pace: ChannelPace, channel: string, ms: number): Promise<void> {
  if (pace.intervalMs <= 0) return;
  // A slot is the free time less the burst's allowance: the free time goes that much past the wait.
  const allowance = pace.intervalMs * Math.max(0, pace.burst - 1);
  const until = (ms + allowance) / 1000;
  await database.sql`
    insert into slack_channel_pace as p (channel, free_at)
    values (${channel}, now() + make_interval(secs => ${until}))
    on conflict (channel) do update
      set free_at = greatest(p.free_at, now() + make_interval(secs => ${until}))`;
}
