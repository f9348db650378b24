// Messages for staff in CERTDESK_STAFF_CHANNEL: alerts and the daily digest.
import type { KnownBlock } from '@slack/types';
import type { EndReason } from '../../domain/ending.js';
import { ALERT, DIGEST } from '../../i18n/slack.js';
import type { Locale } from '../../i18n/text.js';
import { capBlocks, context, esc, header, LIMITS, section } from './blocks.js';
import type { NoticeMessage } from './renewal.js';

export type AlertKind = keyof typeof ALERT.kinds;

export interface AlertModel {
  locale: Locale;
  kind: AlertKind;
  contractId: string;
  customerName: string | null;
  /** The date or detail the alert names (an expiry date, an error). */
  detail: string;
}

export function staffAlert(m: AlertModel): NoticeMessage {
  const l = m.locale;
  const text = ALERT.kinds[m.kind](esc(m.contractId), esc(m.detail))[l];
  const blocks: KnownBlock[] = [section(`:warning: ${text}`)];
  if (m.customerName)
    blocks.push(context(`${ALERT.customer[l]}: ${esc(m.customerName)} · ${ALERT.contract[l]}: ${esc(m.contractId)}`));
  return { text, blocks };
}

export interface DigestModel {
  locale: Locale;
  date: string;
  ended: { id: string; commonName: string; reason: EndReason | null }[];
  renewed: { id: string; commonName: string; kind: 'renewed' | 'default-renewed' }[];
  waiting: { applications: number; changes: number; held: number; failed: number };
  /** Category II renewals whose certificate fee is still open (Appendix 1 §1): a daily reminder. */
  openPrices?: { contract: string; customerName: string; expiryDate: string; renewed: boolean }[];
}

export function staffDigest(m: DigestModel): NoticeMessage {
  const l = m.locale;
  const list = (rows: string[]) => (rows.length ? rows.join('\n') : DIGEST.none[l]);
  const reason = (r: EndReason | null) => (r ? DIGEST.endReasons[r] : DIGEST.unknownReason)[l];
  const blocks: KnownBlock[] = [
    header(DIGEST.header(m.date)[l]),
    section(
      `*${DIGEST.ended[l]}*\n${list(m.ended.map((e) => `• ${esc(e.id)} (${esc(e.commonName)}) — ${reason(e.reason)}`))}`,
    ),
    section(
      `*${DIGEST.renewed[l]}*\n${list(m.renewed.map((e) => `• ${esc(e.id)} (${esc(e.commonName)}) — ${DIGEST.renewalKinds[e.kind][l]}`))}`,
    ),
    section(
      `*${DIGEST.waiting[l]}*\n${[DIGEST.applications(m.waiting.applications), DIGEST.changes(m.waiting.changes), DIGEST.held(m.waiting.held), DIGEST.failed(m.waiting.failed)].map((s) => `• ${s[l]}`).join('\n')}`,
    ),
  ];
  if (m.openPrices?.length) {
    blocks.push(
      section(
        `*${DIGEST.openPrices[l]}*\n${m.openPrices
          .slice(0, 30)
          .map((o) => `• ${DIGEST.openPrice(esc(o.contract), esc(o.customerName), o.expiryDate, o.renewed)[l]}`)
          .join('\n')}${m.openPrices.length > 30 ? `\n${DIGEST.more(m.openPrices.length - 30)[l]}` : ''}`,
      ),
    );
  }
  return { text: DIGEST.header(m.date)[l], blocks: capBlocks(blocks, LIMITS.messageBlocks, (n) => DIGEST.more(n)[l]) };
}
