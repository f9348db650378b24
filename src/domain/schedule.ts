// What the scheduler must do for one renewal cycle, and when (Art. 6, 9(1), 10). Pure: the facts
// of the cycle and an instant in, the next step and the instant it falls due out. The services
// carry a step out in one transaction and store the next due instant, so the sweep finds due
// work by an index instead of reading every contract.
import type { Category } from './catalog.js';
import { addDays, compareDates, isOnOrBefore, jstDateOf, jstInstantAt, type BusinessDate } from './dates.js';
import type { EndReason } from './ending.js';
import {
  dueNotice,
  outcomeAtDeadline,
  type Answer,
  type DueNotice,
  type RenewalDecision,
  type RenewalOutcome,
  type RenewalPolicy,
} from './renewal.js';

export const CYCLE_OUTCOMES = ['renewed', 'default-renewed', 'ended', 'lapsed'] as const;
export type CycleOutcome = (typeof CYCLE_OUTCOMES)[number];

export interface CycleFacts {
  category: Category;
  expiryDate: BusinessDate;
  /** Notices decided so far (scheduled day and, once Slack has it, the JST day it went out). */
  notices: readonly { noticeDays: number; sentOn: BusinessDate | null }[];
  /** Fixed by the first notice that went out; null before, or when it went out on the expiry date. */
  replyDeadline: BusinessDate | null;
  /** The answer in force: the latest accepted one. */
  answer: Answer | null;
  decision: RenewalDecision | null;
  outcome: CycleOutcome | null;
  /** Waiting for an answer or a staff decision: no notice went out before the expiry date. */
  held: boolean;
  /** The next term has begun. */
  rolledOver: boolean;
  /** Category III: the certificate for the next term has been accepted. */
  renewalCertificate: boolean;
  /** The day the contract ends, when one is recorded (cancellation, abolition, "don't renew"). */
  endDate: BusinessDate | null;
  /** Why it ends on endDate. */
  endReason: EndReason | null;
  /** The contacts were reminded in the notice's thread (once a cycle). */
  reminded: boolean;
}

/** The facts of a renewal cycle just made: nothing sent, answered or decided yet. */
export function freshCycleFacts(category: Category, expiryDate: BusinessDate): CycleFacts {
  return {
    category,
    expiryDate,
    notices: [],
    replyDeadline: null,
    answer: null,
    decision: null,
    outcome: null,
    held: false,
    rolledOver: false,
    renewalCertificate: false,
    endDate: null,
    endReason: null,
    reminded: false,
  };
}

export type CycleStep =
  /** Art. 6(1): post this notice. */
  | { kind: 'notice'; notice: DueNotice }
  /** No answer yet, the reply deadline near: mention the customer's contacts in the notice's thread. */
  | { kind: 'remind' }
  /** The expiry date came with no notice sent: alert staff, and wait (no silent lapse or renewal). */
  | { kind: 'hold' }
  /** Art. 6(2), 6(3), 9(1): the reply deadline has passed; record what it decides. */
  | { kind: 'deadline'; outcome: Exclude<RenewalOutcome, { kind: 'hold' }> }
  /** Art. 6(3): category III answered "renew" but no certificate came by the end of the expiry date. */
  | { kind: 'lapse' }
  /** The renewed term begins (the day after the expiry date). */
  | { kind: 'rollover' };

/** The first instant of a JST business day. */
const startOf = (date: BusinessDate) => jstInstantAt(date, 0);

/**
 * A contract that ends before the renewed term would begin (the day after expiry) has nothing to
 * renew — unless the end is the customer's own "don't renew", which its deadline still settles.
 * (A "don't renew" under an earlier cancellation or abolition has nothing left to settle.)
 */
const endsBeforeRenewal = (f: CycleFacts) =>
  f.endDate !== null && f.endReason !== 'not-renewed' && isOnOrBefore(f.endDate, addDays(f.expiryDate, 1));

const delivered = (f: CycleFacts) => f.notices.some((n) => n.sentOn !== null);

/**
 * Art. 8 with Art. 6(2): an abolition leaves nothing to renew and the contract ends on its expiry
 * date. The first notice still goes out, to say so.
 */
const abolishedAtExpiry = (f: CycleFacts) =>
  f.endReason === 'abolished' && f.endDate !== null && f.endDate.equals(f.expiryDate);

/** Art. 6(3): a held category III contract has the late-notice window from its notice, then lapses. */
const heldLapseAt = (f: CycleFacts): Date | null =>
  f.held && f.category === 'III' && f.replyDeadline && f.answer !== 'dont-renew' && !f.renewalCertificate
    ? startOf(addDays(f.replyDeadline, 1))
    : null;

/**
 * When the contacts are reminded (Art. 6(2) asks for an answer by the deadline): `reminderDays`
 * before the reply deadline at the notice hour, once, while no answer has come. Only after a notice
 * went out — the reminder is a reply in its thread — so a first notice delivered after that instant
 * (a late notice) is followed by the reminder at once; never once the deadline has passed, never
 * for a held cycle or one that ends before a renewal. `reminderDays` 0: no reminders.
 */
export function reminderAt(f: CycleFacts, policy: RenewalPolicy): Date | null {
  if (policy.reminderDays <= 0 || f.reminded || f.answer !== null || f.outcome !== null || f.held) return null;
  if (!f.replyDeadline || !delivered(f) || endsBeforeRenewal(f)) return null;
  return jstInstantAt(addDays(f.replyDeadline, -policy.reminderDays), policy.noticeHour);
}

/** Category III answered "renew": the outcome waits for the certificate, or the expiry date. */
const awaitingCertificate = (f: CycleFacts) => f.category === 'III' && f.answer === 'renew' && !f.renewalCertificate;

/** The step due at `now`, if any. Steps are taken one at a time; ask again after each. */
export function nextStep(f: CycleFacts, now: Date, policy: RenewalPolicy): CycleStep | null {
  const at = now.getTime();
  if (f.outcome) {
    const renewed = f.outcome === 'renewed' || f.outcome === 'default-renewed';
    return renewed && !f.rolledOver && at >= startOf(addDays(f.expiryDate, 1)).getTime() ? { kind: 'rollover' } : null;
  }
  if (f.held) {
    const lapseAt = heldLapseAt(f);
    return lapseAt && at >= lapseAt.getTime() ? { kind: 'lapse' } : null;
  }
  if (endsBeforeRenewal(f)) {
    if (!abolishedAtExpiry(f)) return null;
    const notice = dueNotice(
      { expiryDate: f.expiryDate, sentNoticeDays: f.notices.map((n) => n.noticeDays), answered: true },
      now,
      policy,
    );
    return notice && f.notices.length === 0 ? { kind: 'notice', notice } : null;
  }

  const expiryBegun = at >= startOf(f.expiryDate).getTime();
  const deadlinePassed = f.replyDeadline !== null && at >= startOf(addDays(f.replyDeadline, 1)).getTime();
  // Once the deadline has passed, a reminder asking for an answer would come too late: decide instead.
  if (delivered(f) && deadlinePassed && !awaitingCertificate(f)) {
    const outcome = outcomeAtDeadline(
      f.category,
      { expiryDate: f.expiryDate, replyDeadline: f.replyDeadline, answer: f.answer },
      policy,
      jstDateOf(now),
    );
    if (outcome.kind !== 'hold') return { kind: 'deadline', outcome };
  }

  const notice = dueNotice(
    { expiryDate: f.expiryDate, sentNoticeDays: f.notices.map((n) => n.noticeDays), answered: f.answer !== null },
    now,
    policy,
  );
  if (notice && !deadlinePassed) return { kind: 'notice', notice };

  const remindAt = reminderAt(f, policy);
  if (remindAt && !deadlinePassed && at >= remindAt.getTime()) return { kind: 'remind' };

  if (!delivered(f)) {
    if (!expiryBegun) return null;
    if (f.answer === null) return { kind: 'hold' };
    // An answer taken before any notice could go out decides by itself (Art. 6(2): the contractor gave word).
    if (!awaitingCertificate(f)) {
      const outcome = outcomeAtDeadline(
        f.category,
        { expiryDate: f.expiryDate, replyDeadline: f.replyDeadline, answer: f.answer },
        policy,
        jstDateOf(now),
      );
      return outcome.kind === 'hold' ? null : { kind: 'deadline', outcome };
    }
  }
  // Art. 6(3): the upload is open through the whole expiry date (JST); the lapse comes after it.
  if (awaitingCertificate(f)) return at >= startOf(addDays(f.expiryDate, 1)).getTime() ? { kind: 'lapse' } : null;
  return null;
}

/** When the next step falls due (it may be past: then it is due now), or null when none will. */
export function nextDueAt(f: CycleFacts, policy: RenewalPolicy): Date | null {
  if (f.outcome) {
    const renewed = f.outcome === 'renewed' || f.outcome === 'default-renewed';
    return renewed && !f.rolledOver ? startOf(addDays(f.expiryDate, 1)) : null;
  }
  if (f.held) return heldLapseAt(f);
  if (endsBeforeRenewal(f)) {
    const first = Math.max(...policy.noticeDays);
    return abolishedAtExpiry(f) && f.notices.length === 0
      ? jstInstantAt(addDays(f.expiryDate, -first), policy.noticeHour)
      : null;
  }
  const candidates: Date[] = [];
  // The first notice goes out even when an answer came before it; later notices only while none has.
  if (f.answer === null || f.notices.length === 0) {
    // The next scheduled notice not yet decided; the latest decided one bounds which remain.
    const decided = Math.min(Infinity, ...f.notices.map((n) => n.noticeDays));
    const remaining = [...policy.noticeDays].filter((d) => d < decided).sort((a, b) => b - a);
    const first = remaining[0];
    if (first !== undefined) candidates.push(jstInstantAt(addDays(f.expiryDate, -first), policy.noticeHour));
  }
  const remindAt = reminderAt(f, policy);
  if (remindAt) candidates.push(remindAt);
  if (!delivered(f)) {
    // A first notice, the hold, or the outcome of an answer taken before any notice: on the expiry date at the latest.
    candidates.push(startOf(f.expiryDate));
  } else if (awaitingCertificate(f)) {
    candidates.push(startOf(addDays(f.expiryDate, 1)));
  } else if (f.replyDeadline) {
    candidates.push(startOf(addDays(f.replyDeadline, 1)));
  }
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (a.getTime() <= b.getTime() ? a : b));
}

/** Whether a cycle is held at its expiry: the state staff see as "waiting for a decision". */
export function isHeldAt(f: CycleFacts, today: BusinessDate): boolean {
  return f.held || (!f.outcome && !delivered(f) && compareDates(today, f.expiryDate) >= 0 && !endsBeforeRenewal(f));
}

/**
 * Art. 6(2): the renewal is assumed only when the contractor sent no word, so an answer that
 * arrived by the deadline but was recorded after the outcome makes the outcome its own: "don't
 * renew" ends the contract on its expiry date (Art. 9(1)); "renew" renews a category I/II
 * contract, and gives a category III contract the rest of its expiry date to bring its
 * certificate (null: no outcome yet). Returns the outcome recorded when the answer changes nothing.
 */
export function outcomeOfAnswer(category: Category, answer: Answer, recorded: CycleOutcome): CycleOutcome | null {
  if (answer === 'dont-renew') return 'ended';
  if (recorded === 'renewed') return recorded;
  if (category === 'III') return recorded === 'default-renewed' ? recorded : null;
  return 'renewed';
}

/** Whether an outcome renews the term. */
export const renews = (o: CycleOutcome | null) => o === 'renewed' || o === 'default-renewed';
