// The renewal notice (Art. 6(1)) and the message that a renewal was recorded (Art. 6(2), 10).
import type { KnownBlock } from '@slack/types';
import type { Category } from '../../domain/catalog.js';
import type { CycleOutcome } from '../../domain/schedule.js';
import { NOTICE, REMINDER, RENEWAL, slackDate, slackYen } from '../../i18n/slack.js';
import type { Locale } from '../../i18n/text.js';
import { actions, button, context, cut, esc, fieldsSections, header, LIMITS, section } from './blocks.js';

export const RENEW_ACTION = 'renewal:renew';
export const DECLINE_ACTION = 'renewal:decline';

export interface NoticeModel {
  locale: Locale;
  cycleId: number;
  itemName: string;
  category: Category;
  commonName: string;
  expiryDate: string;
  /** The cycle's reply deadline (Art. 6(2)); null while the cycle is held. */
  replyDeadline: string | null;
  /**
   * The notice went out on or after the expiry date (schedule.ts 'hold'): there is no reply
   * period, nothing renews or ends by default, and an answer decides at once.
   */
  held: boolean;
  late: boolean;
  /** policy.lateNoticeReplyDays: a late first notice leaves at least this many days (up to the day before expiry). */
  lateNoticeReplyDays: number;
  /**
   * Category I/II: what a renewal costs (税抜) — by default at the deadline, or, held, on the day
   * the customer answers "renew"; null when individually priced.
   */
  renewalFees: { certificateFee: number; agencyFee: number; total: number } | null;
  /** Category II (Appendix 1 §1, §3): the fixed agency fee, and the certificate fee agreed for this renewal, if yet. */
  individualPrice?: { agencyFee: number; agreed: number | null } | null;
  /** Category III after 2029-03-15: no public certificate can renew. */
  noPublicCertificateRenewable: boolean;
  answer: { answer: 'renew' | 'dont-renew'; by: string; at: string; actingForCustomer: boolean } | null;
  outcome: { kind: CycleOutcome; at: string } | null;
  /** Art. 8: the item is abolished from this day, before the renewed term would end: nothing renews. */
  abolishedFrom?: string | null;
}

export interface NoticeMessage {
  text: string;
  blocks: KnownBlock[];
}

export function renewalNotice(m: NoticeModel): NoticeMessage {
  const l = m.locale;
  const name = esc(m.itemName);
  const deadline = m.held ? null : m.replyDeadline;
  const intro = deadline ? NOTICE.intro(name, m.expiryDate, deadline) : NOTICE.introHeld(name, m.expiryDate);
  const fees =
    m.renewalFees &&
    `${slackYen(m.renewalFees.certificateFee)} + ${slackYen(m.renewalFees.agencyFee)} = ${slackYen(m.renewalFees.total)}`;
  const ip = m.individualPrice;
  const price = NOTICE.individualPrice(slackYen(ip?.agencyFee ?? 0), ip?.agreed == null ? null : slackYen(ip.agreed));
  const blocks: KnownBlock[] = [
    header(NOTICE.header(m.commonName)[l]),
    section(intro[l]),
    ...fieldsSections([
      [NOTICE.item[l], name],
      [NOTICE.commonName[l], esc(m.commonName)],
      [NOTICE.expiry[l], slackDate(m.expiryDate, l)],
      [NOTICE.deadline[l], deadline ? slackDate(deadline, l) : NOTICE.noDeadline[l]],
    ]),
  ];
  if (m.abolishedFrom) {
    // Art. 8: no renewal, by default or by answer; the contract ends on its expiry date.
    blocks.push(section(NOTICE.abolished(name, m.abolishedFrom, m.expiryDate)[l]));
    blocks.push(context(NOTICE.articleContext[l]));
    return { text: NOTICE.header(m.commonName)[l], blocks };
  }
  if (!deadline) {
    // No reply period: no default renewal or lapse to announce (Art. 6(2), 6(3) follow a notice with time to answer).
    if (!m.outcome) {
      blocks.push(section(NOTICE.held[l]));
      if (m.category === 'III') blocks.push(section(NOTICE.heldCategoryThree[l]));
      else blocks.push(section((fees ? NOTICE.heldRenew(fees) : NOTICE.heldRenewIndividual(price))[l]));
      if (m.category === 'III' && m.noPublicCertificateRenewable) blocks.push(section(NOTICE.noPublicCertificate[l]));
    }
  } else if (m.category === 'III') {
    blocks.push(section(NOTICE.categoryThree[l]));
    if (m.noPublicCertificateRenewable) blocks.push(section(NOTICE.noPublicCertificate[l]));
  } else {
    blocks.push(section((fees ? NOTICE.defaultRenewal(fees) : NOTICE.defaultRenewalIndividual(price))[l]));
  }
  if (m.late && deadline) blocks.push(context(NOTICE.late(m.lateNoticeReplyDays, deadline)[l]));
  if (m.answer) {
    const answer = (m.answer.answer === 'renew' ? NOTICE.renew : NOTICE.decline)[l];
    blocks.push(
      section(
        NOTICE.answered(answer, m.answer.by, m.answer.at, m.answer.actingForCustomer, deadline !== null && !m.outcome)[
          l
        ],
      ),
    );
  }
  if (m.outcome) {
    blocks.push(section(NOTICE.outcome[m.outcome.kind](m.outcome.at)[l]));
  } else {
    const value = String(m.cycleId);
    const c = NOTICE.confirmDecline;
    blocks.push(
      actions(`renewal:${m.cycleId}`, [
        button(NOTICE.renew[l], RENEW_ACTION, value, { style: 'primary' }),
        button(NOTICE.decline[l], DECLINE_ACTION, value, {
          style: 'danger',
          confirm: { title: c.title[l], text: c.text(m.expiryDate)[l], yes: c.yes[l], no: c.no[l] },
        }),
      ]),
      context(NOTICE.threadHint[l]),
    );
  }
  blocks.push(context(NOTICE.articleContext[l]));
  return { text: NOTICE.header(m.commonName)[l], blocks };
}

export interface ReminderModel {
  locale: Locale;
  itemName: string;
  category: Category;
  commonName: string;
  replyDeadline: string;
  /** The customer's registered contacts (Slack user ids), each mentioned. */
  contacts: readonly string[];
  /** Posted in the notice's thread (the buttons are on the message above), or, the notice never posted, on its own. */
  inThread: boolean;
}

/** At most this many sections of mentions: the rest of the 50 blocks of a message is the reminder's own. */
const MENTION_SECTIONS = 40;

/** Mentions, `<@U…>` separated by spaces, in as few section texts as Slack's limit allows. */
function mentionTexts(contacts: readonly string[]): string[] {
  const texts: string[] = [];
  let line = '';
  for (const id of contacts.filter((c) => /^[UW][A-Z0-9]+$/.test(c))) {
    const mention = `<@${id}>`;
    if (line && line.length + 1 + mention.length > LIMITS.sectionText) {
      texts.push(line);
      line = '';
    }
    line = line ? `${line} ${mention}` : mention;
  }
  if (line) texts.push(line);
  return texts.slice(0, MENTION_SECTIONS);
}

/**
 * The reminder when the reply deadline is near and no answer has come: every contact mentioned,
 * the deadline, what happens without an answer, and how to answer.
 */
export function renewalReminder(m: ReminderModel): NoticeMessage {
  const l = m.locale;
  const mentions = mentionTexts(m.contacts);
  const blocks: KnownBlock[] = [
    ...mentions.map((text) => section(text)),
    section(REMINDER.body(esc(m.commonName), esc(m.itemName), m.replyDeadline)[l]),
    section((m.category === 'III' ? REMINDER.categoryThree : REMINDER.defaultRenewal)[l]),
    section((m.inThread ? REMINDER.howInThread : REMINDER.howElsewhere)[l]),
    context(NOTICE.articleContext[l]),
  ];
  // The message's text carries the mentions too: it is what notifications show.
  const text = cut([...mentions, REMINDER.header(m.commonName)[l]].join(' '), LIMITS.messageText);
  return { text, blocks };
}

export interface RenewalRecordedModel {
  locale: Locale;
  itemName: string;
  commonName: string;
  kind: 'renewed' | 'default-renewed';
  replyDeadline: string | null;
  nextTerm: { startsOn: string; expiryDate: string } | null;
  fees: { certificateFee: number; agencyFee: number; total: number; accruedOn: string } | null;
  /** Category II with no certificate fee agreed yet: the agency fee alone has accrued. */
  agencyOnly?: { agencyFee: number; accruedOn: string } | null;
}

export function renewalRecorded(m: RenewalRecordedModel): NoticeMessage {
  const l = m.locale;
  const start = m.nextTerm?.startsOn ?? '—';
  const end = m.nextTerm?.expiryDate ?? '—';
  const body =
    m.kind === 'default-renewed'
      ? RENEWAL.defaultRenewed(esc(m.itemName), m.replyDeadline ?? '—', start, end)
      : RENEWAL.renewed(esc(m.itemName), start, end);
  const blocks: KnownBlock[] = [header(RENEWAL.header(m.commonName)[l]), section(body[l])];
  if (m.fees)
    blocks.push(
      section(
        RENEWAL.fees(
          slackYen(m.fees.certificateFee),
          slackYen(m.fees.agencyFee),
          slackYen(m.fees.total),
          m.fees.accruedOn,
        )[l],
      ),
    );
  else if (m.agencyOnly)
    blocks.push(section(RENEWAL.feesOpen(slackYen(m.agencyOnly.agencyFee), m.agencyOnly.accruedOn)[l]));
  blocks.push(context(NOTICE.articleContext[l]));
  return { text: RENEWAL.header(m.commonName)[l], blocks };
}
