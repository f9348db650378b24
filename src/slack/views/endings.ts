// Messages of endings (Art. 8, 9, 6(3)) in the customer's channel.
import type { KnownBlock } from '@slack/types';
import type { EndReason } from '../../domain/ending.js';
import type { CycleOutcome } from '../../domain/schedule.js';
import { ABOLITION, CORRECTED, ENDED, SERVED, slackYen } from '../../i18n/slack.js';
import type { Locale } from '../../i18n/text.js';
import { capBlocks, context, esc, header, LIMITS, section } from './blocks.js';
import type { NoticeMessage } from './renewal.js';

export interface EndedModel {
  locale: Locale;
  itemName: string;
  commonName: string;
  endDate: string;
  reason: EndReason;
}

export function contractEnded(m: EndedModel): NoticeMessage {
  const l = m.locale;
  const blocks: KnownBlock[] = [
    header(ENDED.header(m.commonName)[l]),
    section(ENDED.body(esc(m.itemName), m.endDate, ENDED.reasons[m.reason][l])[l]),
  ];
  if (m.reason === 'cancelled') blocks.push(context(ENDED.noRefund[l]));
  return { text: ENDED.header(m.commonName)[l], blocks };
}

export interface CorrectedModel {
  locale: Locale;
  commonName: string;
  answer: 'renew' | 'dont-renew';
  receivedAt: string;
  replyDeadline: string;
  expiryDate: string;
  /** The outcome now; null while a category III renewal waits for its certificate. */
  outcome: CycleOutcome | null;
  /** Yen of renewal fees reversed. */
  reversed: number;
}

const ANSWER_WORDS = {
  renew: { ja: '更新する', en: 'renew' },
  'dont-renew': { ja: '更新しない', en: "don't renew" },
} as const;

/** Art. 6(2): an answer that arrived in time but was recorded after the outcome has made the outcome its own. */
export function renewalCorrected(m: CorrectedModel): NoticeMessage {
  const l = m.locale;
  const blocks: KnownBlock[] = [
    header(CORRECTED.header(m.commonName)[l]),
    section(CORRECTED.arrived(ANSWER_WORDS[m.answer], m.receivedAt, m.replyDeadline)[l]),
  ];
  if (m.outcome === 'ended') blocks.push(section(CORRECTED.ended(m.expiryDate)[l]));
  else if (m.outcome === null) blocks.push(section(CORRECTED.awaitingCertificate(m.expiryDate)[l]));
  else blocks.push(section(CORRECTED.renewed[l]));
  if (m.reversed > 0) blocks.push(section(CORRECTED.reversed(slackYen(m.reversed))[l]));
  return { text: CORRECTED.header(m.commonName)[l], blocks };
}

export interface AbolitionModel {
  locale: Locale;
  itemName: string;
  from: string;
  contracts: { id: string; commonName: string; endsOn: string }[];
}

export function abolitionAnnounced(m: AbolitionModel): NoticeMessage {
  const l = m.locale;
  const blocks: KnownBlock[] = [
    header(ABOLITION.header(m.itemName)[l]),
    section(ABOLITION.body(esc(m.itemName), m.from)[l]),
  ];
  for (const c of m.contracts) blocks.push(section(ABOLITION.contract(esc(c.id), esc(c.commonName), c.endsOn)[l]));
  return {
    text: ABOLITION.header(m.itemName)[l],
    blocks: capBlocks(blocks, LIMITS.messageBlocks, (n) => ABOLITION.more(n)[l]),
  };
}

export interface ServedModel {
  locale: Locale;
  commonName: string;
  target: string;
  outcome: 'not-current' | 'expiring';
  servedNotAfter: string | null;
}

/** What the host really serves, when it is not the contract's current certificate or ends soon. */
export function servedCheck(m: ServedModel): NoticeMessage {
  const l = m.locale;
  const text =
    m.outcome === 'not-current'
      ? SERVED.notCurrent(esc(m.target))[l]
      : SERVED.expiring(esc(m.target), m.servedNotAfter ?? '—')[l];
  return {
    text: SERVED.header(m.commonName)[l],
    blocks: [header(SERVED.header(m.commonName)[l]), section(`:mag: ${text}`)],
  };
}
