// `/cert status` and the App Home: contracts with their expiry dates, notices sent, answers,
// deadlines and effective end dates; for staff, the work waiting for them.
import type { KnownBlock, View } from '@slack/types';
import { DECISION, END_REASON, STATUS } from '../../i18n/cli.js';
import { HOME, STATUS_VIEW } from '../../i18n/app.js';
import { slackDate } from '../../i18n/slack.js';
import type { Locale } from '../../i18n/text.js';
import { actions, context, divider, esc, header, LIMITS, option, section, staticSelect } from './blocks.js';

export interface ContractLine {
  id: string;
  itemName: string;
  commonName: string;
  customerName: string;
  status: 'active' | 'ended';
  expiryDate: string | null;
  replyDeadline: string | null;
  noticesSent: number;
  renewalDecision: 'renew' | 'dont-renew' | 'default-renew' | null;
  endDate: string | null;
  endReason: 'not-renewed' | 'cancelled' | 'abolished' | 'lapsed' | null;
  held: boolean;
}

export const HOME_FILTER_ACTION = 'home:filter';
export type HomeFilter = 'expiring' | 'active' | 'ended';

function contractBlock(c: ContractLine, l: Locale, withCustomer: boolean): KnownBlock[] {
  const s = STATUS_VIEW;
  const ends = c.endDate ? `${slackDate(c.endDate, l)}${c.endReason ? ` (${END_REASON[c.endReason][l]})` : ''}` : '—';
  const title = `${STATUS_VIEW.line(esc(c.id), esc(c.itemName), esc(c.commonName))}${withCustomer ? ` · ${esc(c.customerName)}` : ''}`;
  const blocks: KnownBlock[] = [
    section(title, {
      fields: [
        `*${s.status[l]}*\n${STATUS[c.status][l]}`,
        `*${s.expiry[l]}*\n${slackDate(c.expiryDate, l)}`,
        `*${s.deadline[l]}*\n${c.held ? s.noDeadline[l] : c.replyDeadline && c.noticesSent === 0 && c.status === 'active' ? s.provisionalDeadline(slackDate(c.replyDeadline, l))[l] : slackDate(c.replyDeadline, l)}`,
        `*${s.notices[l]}*\n${c.noticesSent}`,
        `*${s.answer[l]}*\n${c.renewalDecision ? DECISION[c.renewalDecision][l] : '—'}`,
        `*${s.ends[l]}*\n${ends}`,
      ],
    }),
  ];
  if (c.held) blocks.push(context(`:hourglass: ${s.held[l]}`));
  return blocks;
}

/** Contracts as blocks, as many as fit the surface; the rest are counted. */
function contractList(lines: readonly ContractLine[], l: Locale, withCustomer: boolean, room: number): KnownBlock[] {
  const out: KnownBlock[] = [];
  let shown = 0;
  for (const c of lines) {
    const blocks = contractBlock(c, l, withCustomer);
    if (out.length + blocks.length + 1 > room) break;
    out.push(...blocks);
    shown++;
  }
  if (shown < lines.length) out.push(context(STATUS_VIEW.more(lines.length - shown)[l]));
  return out;
}

export function statusMessage(
  l: Locale,
  lines: readonly ContractLine[],
  withCustomer: boolean,
): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [header(STATUS_VIEW.header[l])];
  if (!lines.length) blocks.push(section(STATUS_VIEW.none[l]));
  else blocks.push(...contractList(lines, l, withCustomer, LIMITS.messageBlocks - blocks.length));
  return { text: STATUS_VIEW.header[l], blocks };
}

export interface HomeModel {
  locale: Locale;
  role: 'staff' | 'contact' | 'stranger';
  name: string;
  customers: string[];
  waiting: { applications: number; changes: number; held: number; failed: number } | null;
  filter: HomeFilter;
  contracts: ContractLine[];
}

export function homeView(m: HomeModel): View {
  const l = m.locale;
  const blocks: KnownBlock[] = [header(HOME.header[l])];
  if (m.role === 'stranger') {
    blocks.push(section(HOME.strangerIntro[l]));
    return { type: 'home', blocks };
  }
  if (m.role === 'staff' && m.waiting) {
    const w = m.waiting;
    blocks.push(
      section(HOME.staffIntro(esc(m.name))[l]),
      section(
        `*${HOME.waiting[l]}*\n${[HOME.applications(w.applications), HOME.changes(w.changes), HOME.held(w.held), HOME.failed(w.failed)].map((x) => `• ${x[l]}`).join('\n')}`,
      ),
      divider(),
      actions('home_filter', [
        staticSelect(
          HOME_FILTER_ACTION,
          HOME.filter[l],
          (['expiring', 'active', 'ended'] as const).map((f) => option(HOME.filters[f][l], f)),
          m.filter,
        ),
      ]),
    );
  } else {
    blocks.push(section(HOME.contactIntro(esc(m.customers.join(', ')))[l]), divider());
  }
  if (!m.contracts.length) blocks.push(section(STATUS_VIEW.none[l]));
  else blocks.push(...contractList(m.contracts, l, m.role === 'staff', LIMITS.viewBlocks - blocks.length));
  return { type: 'home', blocks };
}
