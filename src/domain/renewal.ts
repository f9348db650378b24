// Renewal of the validity period (Art. 6): notices, the reply deadline, and what happens when
// the deadline passes, by category and answer.
import type { Category } from './catalog.js';
import { fittingTerm } from './certificate.js';
import {
  addDays,
  compareDates,
  earlierOf,
  isOnOrBefore,
  jstDateOf,
  jstInstantAt,
  laterOf,
  type BusinessDate,
} from './dates.js';
import { PROVISIONS } from './provisions.js';
import { ok, reason, refused, type Decided } from './reasons.js';
import { termEnd, type TermCode } from './terms.js';

export interface RenewalPolicy {
  /** Days before the expiry date on which notices go out (Art. 6(1)), e.g. [60, 45, 31]. */
  noticeDays: readonly number[];
  /** Days before the expiry date on which the reply deadline falls. */
  replyDays: number;
  /** JST hour at which a notice of the day is posted. */
  noticeHour: number;
  /** A late first notice leaves at least this many days to answer (the notice day not counted). */
  lateNoticeReplyDays: number;
  /** Default renewal fees accrue this many days after the reply deadline (Art. 10). */
  defaultRenewalFeeDelayDays: number;
  /**
   * The contacts are reminded this many days before the reply deadline, at the notice hour, when
   * no answer has come (schedule.ts 'remind'); 0: no reminders. Not a number of the terms.
   */
  reminderDays: number;
}

/** The notice schedule of the terms in force (./provisions) and the default reminder; settings may override them. */
export const DEFAULT_RENEWAL_POLICY: RenewalPolicy = { ...PROVISIONS.renewal, reminderDays: 3 };

export const RENEWAL_DECISIONS = ['renew', 'dont-renew', 'default-renew'] as const;
export type RenewalDecision = (typeof RENEWAL_DECISIONS)[number];
export type Answer = 'renew' | 'dont-renew';

/** Art. 6(1): the days on which notices are due, earliest first. */
export function scheduledNoticeDates(
  expiryDate: BusinessDate,
  policy: RenewalPolicy = DEFAULT_RENEWAL_POLICY,
): BusinessDate[] {
  return [...policy.noticeDays].sort((a, b) => b - a).map((d) => addDays(expiryDate, -d));
}

export function standardReplyDeadline(
  expiryDate: BusinessDate,
  policy: RenewalPolicy = DEFAULT_RENEWAL_POLICY,
): BusinessDate {
  return addDays(expiryDate, -policy.replyDays);
}

/**
 * Art. 6(2) follows the notice of 6(1): the last day an answer counts. A first notice that went
 * out late still leaves `lateNoticeReplyDays` to answer, but never past the day before expiry.
 */
export function replyDeadline(
  expiryDate: BusinessDate,
  firstNoticeOn: BusinessDate,
  policy: RenewalPolicy = DEFAULT_RENEWAL_POLICY,
): BusinessDate {
  const standard = standardReplyDeadline(expiryDate, policy);
  const afterLateNotice = addDays(firstNoticeOn, policy.lateNoticeReplyDays);
  return earlierOf(laterOf(standard, afterLateNotice), addDays(expiryDate, -1));
}

export interface NoticeState {
  expiryDate: BusinessDate;
  /** The notice days (before expiry) already sent, e.g. [60]. */
  sentNoticeDays: readonly number[];
  answered: boolean;
}

export interface DueNotice {
  /** Which scheduled notice this is (days before the expiry date). */
  noticeDays: number;
  dueOn: BusinessDate;
  dueAt: Date;
  /** No notice went out before this one although one was due earlier. */
  late: boolean;
}

/**
 * Art. 6(1): the notice to send at `now`, if any. When several are overdue only the latest is
 * sent; once the customer has answered, no reminder follows (the first notice still goes out, for
 * an answer taken before it). Reminders stop the day before
 * expiry, but a first notice still goes out on the expiry date itself: Art. 6(1) asks for it
 * "by the day the validity period passes", and without it nothing may renew or lapse.
 */
export function dueNotice(
  state: NoticeState,
  now: Date,
  policy: RenewalPolicy = DEFAULT_RENEWAL_POLICY,
): DueNotice | null {
  // An answer taken before the first notice leaves that notice to go out (showing it), and no reminder.
  if (state.answered && state.sentNoticeDays.length > 0) return null;
  const today = jstDateOf(now);
  const lastDay = state.sentNoticeDays.length === 0 ? state.expiryDate : addDays(state.expiryDate, -1);
  if (!isOnOrBefore(today, lastDay)) return null;
  const sorted = [...policy.noticeDays].sort((a, b) => b - a);
  let due: DueNotice | null = null;
  for (const days of sorted) {
    const dueOn = addDays(state.expiryDate, -days);
    const dueAt = jstInstantAt(dueOn, policy.noticeHour);
    if (dueAt.getTime() > now.getTime()) break;
    due = { noticeDays: days, dueOn, dueAt, late: false };
  }
  if (!due || state.sentNoticeDays.some((sent) => sent <= due.noticeDays)) return null;
  // Late: the first notice goes out after the day the first scheduled notice was due.
  const late =
    state.sentNoticeDays.length === 0 && (due.noticeDays !== sorted[0] || compareDates(today, due.dueOn) > 0);
  return { ...due, late };
}

/**
 * Art. 6(2): an answer counts when it arrives on or before the reply deadline. One that arrives
 * before the first notice is taken too: the default renewal is assumed only when the contractor
 * sent no word.
 */
export function acceptAnswer(
  answeredAt: Date,
  cycle: { firstNoticeAt: Date | null; replyDeadline: BusinessDate | null },
): Decided<BusinessDate> {
  const answeredOn = jstDateOf(answeredAt);
  if (!cycle.firstNoticeAt || !cycle.replyDeadline) return ok(answeredOn);
  if (!isOnOrBefore(answeredOn, cycle.replyDeadline)) {
    return refused(reason('Art. 6(2)', 'answer-after-deadline', { deadline: cycle.replyDeadline.toString() }));
  }
  return ok(answeredOn);
}

export type RenewalOutcome =
  /** Category I/II answered "renew", or category III renewed with a fitting certificate. */
  | { kind: 'renew' }
  /** Art. 6(2): no answer to a notice; the provider treats the term as renewed. Fees accrue on feesAccrueOn. */
  | { kind: 'default-renew'; feesAccrueOn: BusinessDate }
  /** Art. 9(1): "don't renew"; the contract ends on the expiry date. */
  | { kind: 'end'; endsOn: BusinessDate; endReason: 'not-renewed' }
  /** Category III without a renewed certificate: staff are alerted, the contract ends on expiry. */
  | { kind: 'lapse'; endsOn: BusinessDate; alertStaff: true }
  /** No notice went out (Art. 6(1)): nothing renews or lapses; the cycle waits for an answer or staff. */
  | { kind: 'hold' };

/** What the passing of the reply deadline decides (Art. 6(2), 6(3), 9(1)). */
export function outcomeAtDeadline(
  category: Category,
  cycle: { expiryDate: BusinessDate; replyDeadline: BusinessDate | null; answer: Answer | null },
  policy: RenewalPolicy = DEFAULT_RENEWAL_POLICY,
  /** The day the outcome is recorded: default renewal fees are never dated before it. */
  decidedOn?: BusinessDate,
): RenewalOutcome {
  if (cycle.answer === 'dont-renew') return { kind: 'end', endsOn: cycle.expiryDate, endReason: 'not-renewed' };
  // Art. 6(2) and 6(3) both follow "the notice of paragraph 1": without it nothing renews or lapses.
  if (!cycle.replyDeadline && cycle.answer === null) return { kind: 'hold' };
  if (category === 'III') {
    // Art. 6(3): the contractor renews the certificate themself; no default renewal.
    return cycle.answer === 'renew' ? { kind: 'renew' } : { kind: 'lapse', endsOn: cycle.expiryDate, alertStaff: true };
  }
  if (cycle.answer === 'renew') return { kind: 'renew' };
  // Unanswered with a deadline (the hold above took the case without one).
  return {
    kind: 'default-renew',
    feesAccrueOn: defaultRenewalFeeDate(cycle.replyDeadline!, undefined, policy, decidedOn),
  };
}

/**
 * Art. 10 (parenthesis): fees of a default renewal accrue at a time the provider designates on or
 * after the day it treats the term as renewed, the day after the reply deadline.
 */
export function defaultRenewalFeeDate(
  deadline: BusinessDate,
  designated?: BusinessDate,
  policy: RenewalPolicy = DEFAULT_RENEWAL_POLICY,
  decidedOn?: BusinessDate,
): BusinessDate {
  const earliest = addDays(deadline, 1);
  const standard = addDays(deadline, policy.defaultRenewalFeeDelayDays);
  const day = designated ? laterOf(designated, earliest) : laterOf(standard, earliest);
  // Art. 10: the provider designates the day, and cannot designate one before it decided (after downtime).
  return decidedOn ? laterOf(day, decidedOn) : day;
}

/** Art. 6(3): a held category III contract has the late-notice window from its notice to bring a certificate. */
export function heldWindowEnd(noticeOn: BusinessDate, policy: RenewalPolicy = DEFAULT_RENEWAL_POLICY): BusinessDate {
  return addDays(noticeOn, policy.lateNoticeReplyDays);
}

export { termEnd } from './terms.js';

/**
 * The term a renewal begins, the one truth the rollover records and the channel is told: from the
 * day after expiry, for the contract's term; for category III the brought certificate's validity
 * is the term, and the shortest term it fits its tier (Art. 3, Appendix 1).
 */
export function renewedTerm(
  expiryDate: BusinessDate,
  term: TermCode,
  certificate: { notBefore: Date; notAfter: Date } | null,
): { startsOn: BusinessDate; expiryDate: BusinessDate | null; term: TermCode } {
  const next = nextTerm(expiryDate, term);
  if (!certificate) return { ...next, term };
  return {
    startsOn: next.startsOn,
    expiryDate: jstDateOf(certificate.notAfter),
    term: fittingTerm(certificate) ?? term,
  };
}

/** The term a renewal begins: from the day after expiry, for the item's term. */
export function nextTerm(
  expiryDate: BusinessDate,
  term: TermCode,
): { startsOn: BusinessDate; expiryDate: BusinessDate | null } {
  const startsOn = addDays(expiryDate, 1);
  return { startsOn, expiryDate: termEnd(startsOn, term) };
}

const RENEW =
  /^(更新(する|します|をお願いします|お願いします|希望|で)?|renew|yes,?\s*renew|please renew|ok,?\s*renew)[。.!！]*$/i;
const DONT_RENEW =
  /^(更新(しない|しません|不要|は不要|なし|を希望しない|しないでください)|don[’']?t renew|do not renew|no renew(al)?|cancel renewal|not renew|no,?\s*(do not|don[’']?t) renew)[。.!！]*$/i;

/** A renewal answer typed in a notice's thread, or undefined when the text is not one. */
export function parseRenewalReply(text: string): Answer | undefined {
  const t = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (DONT_RENEW.test(t)) return 'dont-renew';
  if (RENEW.test(t)) return 'renew';
  return undefined;
}

const ABOUT_RENEWAL = /更新|継続|renew|^(はい|いいえ|yes|no|ok)\b/i;
const NEGATED = /しない|しません|不要|やめ|止め|解約|don[’']?t|not|no\b|cancel/i;
const QUESTION = /([?？]|(です|ます|する|しない)か)[。.!！]*$/;

/**
 * A reply in a notice's thread: an answer, words about the renewal that are not one (a question,
 * "やっぱり更新します") with the answer they lean to, or other talk.
 */
export type ReplyReading =
  | { kind: 'answer'; answer: Answer }
  | { kind: 'unclear'; leaning: Answer | null; question: boolean }
  | { kind: 'other' };

export function readRenewalReply(text: string): ReplyReading {
  const answer = parseRenewalReply(text);
  if (answer) return { kind: 'answer', answer };
  const t = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (!ABOUT_RENEWAL.test(t)) return { kind: 'other' };
  const question = QUESTION.test(t);
  const leaning = question ? null : NEGATED.test(t) ? 'dont-renew' : /更新|継続|renew/i.test(t) ? 'renew' : null;
  return { kind: 'unclear', leaning, question };
}

/**
 * A reply in the thread of a notice that lists several contracts names the one it answers for by
 * its common name ("renew www.example.jp"): the contract named (the longest name found, so that
 * `shop.example.jp` is not read as `example.jp`), and the reply without it. Undefined when the reply
 * names none of them.
 */
export function contractNamedInReply(
  text: string,
  commonNames: readonly string[],
): { index: number; rest: string } | undefined {
  const t = text.normalize('NFKC');
  const lower = t.toLowerCase();
  let found: { index: number; at: number; length: number } | undefined;
  commonNames.forEach((name, index) => {
    const n = name.normalize('NFKC').toLowerCase();
    let at = lower.indexOf(n);
    // A name counts only as a whole word: not `example.jp` inside `shop.example.jp`.
    while (at >= 0 && (/[\w.-]/.test(lower[at - 1] ?? '') || /[\w-]/.test(lower[at + n.length] ?? '')))
      at = lower.indexOf(n, at + 1);
    if (at >= 0 && (!found || n.length > found.length)) found = { index, at, length: n.length };
  });
  if (!found) return undefined;
  return { index: found.index, rest: `${t.slice(0, found.at)} ${t.slice(found.at + found.length)}`.trim() };
}
