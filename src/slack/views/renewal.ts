// The renewal notice (Art. 6(1)) and the message that a renewal was recorded (Art. 6(2), 10).
import type { KnownBlock } from '@slack/types';
import type { Category } from '../../domain/catalog.js';
import type { CycleOutcome } from '../../domain/schedule.js';
import { NOTICE, REMINDER, RENEWAL, slackDate, slackYen } from '../../i18n/slack.js';
import type { Locale } from '../../i18n/text.js';
import { actions, button, context, cut, divider, esc, fieldsSections, header, LIMITS, section } from './blocks.js';

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

/** A line of a notice after its facts: a section, or a context for the smaller print. */
interface NoticeLine {
  text: string;
  small?: boolean;
}

/** What a notice says of its contract: the sentence that opens it, and what is shown for its deadline. */
function noticeOpening(m: NoticeModel) {
  const name = esc(m.itemName);
  const deadline = m.held ? null : m.replyDeadline;
  const intro = deadline ? NOTICE.intro(name, m.expiryDate, deadline) : NOTICE.introHeld(name, m.expiryDate);
  return { name, deadline, intro: intro[m.locale] };
}

/**
 * What a notice says after its facts (Art. 6(2), 6(3), 8): what happens without an answer, the
 * answer in force and the outcome. The same lines in a notice of its own and in a customer's
 * grouped notice.
 */
function noticeLines(m: NoticeModel): NoticeLine[] {
  const l = m.locale;
  const { name, deadline } = noticeOpening(m);
  const fees =
    m.renewalFees &&
    `${slackYen(m.renewalFees.certificateFee)} + ${slackYen(m.renewalFees.agencyFee)} = ${slackYen(m.renewalFees.total)}`;
  const ip = m.individualPrice;
  const price = NOTICE.individualPrice(slackYen(ip?.agencyFee ?? 0), ip?.agreed == null ? null : slackYen(ip.agreed));
  const lines: NoticeLine[] = [];
  // Art. 8: no renewal, by default or by answer; the contract ends on its expiry date.
  if (m.abolishedFrom) return [{ text: NOTICE.abolished(name, m.abolishedFrom, m.expiryDate)[l] }];
  if (!deadline) {
    // No reply period: no default renewal or lapse to announce (Art. 6(2), 6(3) follow a notice with time to answer).
    if (!m.outcome) {
      lines.push({ text: NOTICE.held[l] });
      if (m.category === 'III') lines.push({ text: NOTICE.heldCategoryThree[l] });
      else lines.push({ text: (fees ? NOTICE.heldRenew(fees) : NOTICE.heldRenewIndividual(price))[l] });
      if (m.category === 'III' && m.noPublicCertificateRenewable) lines.push({ text: NOTICE.noPublicCertificate[l] });
    }
  } else if (m.category === 'III') {
    lines.push({ text: NOTICE.categoryThree[l] });
    if (m.noPublicCertificateRenewable) lines.push({ text: NOTICE.noPublicCertificate[l] });
  } else {
    lines.push({ text: (fees ? NOTICE.defaultRenewal(fees) : NOTICE.defaultRenewalIndividual(price))[l] });
  }
  if (m.late && deadline) lines.push({ text: NOTICE.late(m.lateNoticeReplyDays, deadline)[l], small: true });
  if (m.answer) {
    const answer = (m.answer.answer === 'renew' ? NOTICE.renew : NOTICE.decline)[l];
    lines.push({
      text: NOTICE.answered(
        answer,
        m.answer.by,
        m.answer.at,
        m.answer.actingForCustomer,
        deadline !== null && !m.outcome,
      )[l],
    });
  }
  if (m.outcome) lines.push({ text: NOTICE.outcome[m.outcome.kind](m.outcome.at)[l] });
  return lines;
}

/** The answer buttons of a notice still open (block id `renewal:<cycle>`: one per contract in a grouped notice). */
function noticeButtons(m: NoticeModel): KnownBlock | null {
  if (m.abolishedFrom || m.outcome) return null;
  const l = m.locale;
  const value = String(m.cycleId);
  const c = NOTICE.confirmDecline;
  return actions(`renewal:${m.cycleId}`, [
    button(NOTICE.renew[l], RENEW_ACTION, value, { style: 'primary' }),
    button(NOTICE.decline[l], DECLINE_ACTION, value, {
      style: 'danger',
      confirm: { title: c.title[l], text: c.text(m.expiryDate)[l], yes: c.yes[l], no: c.no[l] },
    }),
  ]);
}

export function renewalNotice(m: NoticeModel): NoticeMessage {
  const l = m.locale;
  const { name, deadline, intro } = noticeOpening(m);
  const blocks: KnownBlock[] = [
    header(NOTICE.header(m.commonName)[l]),
    section(intro),
    ...fieldsSections([
      [NOTICE.item[l], name],
      [NOTICE.commonName[l], esc(m.commonName)],
      [NOTICE.expiry[l], slackDate(m.expiryDate, l)],
      [NOTICE.deadline[l], deadline ? slackDate(deadline, l) : NOTICE.noDeadline[l]],
    ]),
  ];
  for (const line of noticeLines(m)) blocks.push(line.small ? context(line.text) : section(line.text));
  if (m.abolishedFrom) {
    blocks.push(context(NOTICE.articleContext[l]));
    return { text: NOTICE.header(m.commonName)[l], blocks };
  }
  const buttons = noticeButtons(m);
  if (buttons) blocks.push(buttons, context(NOTICE.threadHint[l]));
  blocks.push(context(NOTICE.articleContext[l]));
  return { text: NOTICE.header(m.commonName)[l], blocks };
}

/**
 * How many contracts one grouped notice lists: each takes a divider, a section and its buttons,
 * so a dozen stay well within Block Kit's 50 blocks a message with the header and the closing lines.
 */
export const NOTICES_PER_MESSAGE = 12;

/**
 * The renewal notices of one customer's contracts that go out together (Art. 6(1)): one message
 * listing them, each contract with its facts, its own buttons and its answer, instead of a message
 * each. Redrawn whole when one of them is answered: the others' parts come out as they were.
 */
export function renewalNoticeGroup(models: readonly NoticeModel[]): NoticeMessage {
  const l = models[0]!.locale;
  const blocks: KnownBlock[] = [header(NOTICE.groupHeader(models.length)[l]), section(NOTICE.groupIntro[l])];
  for (const m of models) {
    const { deadline, intro } = noticeOpening(m);
    const facts = `*${esc(m.commonName)}* — ${NOTICE.expiry[l]} ${slackDate(m.expiryDate, l)} · ${NOTICE.deadline[l]} ${
      deadline ? slackDate(deadline, l) : NOTICE.noDeadline[l]
    }`;
    const text = [facts, intro, ...noticeLines(m).map((line) => line.text)].join('\n');
    blocks.push(divider(), section(text, { blockId: `notice:${m.cycleId}` }));
    const buttons = noticeButtons(m);
    if (buttons) blocks.push(buttons);
  }
  const open = models.find((m) => noticeButtons(m));
  if (open) blocks.push(context(NOTICE.groupThreadHint(esc(open.commonName))[l]));
  blocks.push(context(NOTICE.articleContext[l]));
  return { text: NOTICE.groupHeader(models.length)[l], blocks };
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
