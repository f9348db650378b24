// `/cert help` and `/cert` alone: what this person may do here, by role.
import type { KnownBlock } from '@slack/types';
import { HELP } from '../../i18n/app.js';
import type { Locale } from '../../i18n/text.js';
import type { Role } from '../../services/people.js';
import { esc, header, section } from './blocks.js';

export interface HelpModel {
  locale: Locale;
  role: Role;
  staffName?: string;
  customers: string[];
}

export function helpMessage(m: HelpModel): { text: string; blocks: KnownBlock[] } {
  const l = m.locale;
  const c = HELP.commands;
  const intro =
    m.role === 'staff'
      ? HELP.intro.staff(esc(m.staffName ?? ''))
      : m.role === 'contact'
        ? HELP.intro.contact(esc(m.customers.join(', ')))
        : HELP.intro.stranger;
  const lines =
    m.role === 'staff'
      ? [
          c.help,
          c.quote,
          c.apply,
          c.status,
          c.cancel,
          c.change,
          c.certificate,
          c.check,
          c.answer,
          c.applications,
          c.csr,
          c.attach,
          c.order,
          c.orders,
          c.abolish,
          c.customer,
          c.contact,
          c.staff,
          c.service,
        ]
      : m.role === 'contact'
        ? [c.help, c.apply, c.status, c.cancel, c.change, c.certificate, c.check]
        : [c.help];
  const blocks: KnownBlock[] = [header(HELP.title[l]), section(intro[l])];
  if (lines.length) blocks.push(section(lines.map((x) => `• ${x[l]}`).join('\n')));
  if (m.role === 'staff') blocks.push(section(HELP.staffRecordCancel[l]));
  return { text: HELP.title[l], blocks };
}
