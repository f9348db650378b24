// Contracts as the Slack views show them, in the reader's language.
import type { Queryable } from '../db/client.js';
import { itemByCode } from '../domain/catalog.js';
import type { RenewalPolicy } from '../domain/renewal.js';
import type { Locale } from '../i18n/text.js';
import { listContracts, type ContractFilter } from '../services/contracts.js';
import type { ContractLine } from './views/status.js';

export async function contractLines(
  q: Queryable,
  filter: ContractFilter,
  now: Date,
  policy: RenewalPolicy,
  locale: Locale,
): Promise<ContractLine[]> {
  const rows = await listContracts(q, filter, now, policy);
  return rows.map((c) => ({
    id: c.id,
    itemName: itemByCode(c.item).name[locale],
    commonName: c.commonName,
    customerName: c.customerName,
    status: c.status,
    expiryDate: c.expiryDate?.toString() ?? null,
    replyDeadline: c.replyDeadline?.toString() ?? null,
    noticesSent: c.noticesSent,
    renewalDecision: c.renewalDecision,
    endDate: c.endDate?.toString() ?? null,
    endReason: c.endReason,
    held: c.held,
  }));
}
