// What the cancellation modal shows for the choices made so far (Art. 9(2)): the effective date,
// and whether the term would renew first. Shared by the slash command and the modal's actions.
import type { Queryable } from '../db/client.js';
import { cancellationDates } from '../domain/cancellation.js';
import { compareDates, parseBusinessDate, readInstant } from '../domain/dates.js';
import type { RenewalPolicy } from '../domain/renewal.js';
import type { Locale } from '../i18n/text.js';
import { listContracts } from '../services/contracts.js';
import { cancelModal } from './views/cancel.js';
import type { ModalView } from '@slack/types';

export interface CancelChoices {
  contractId?: string;
  requested?: string;
  received?: string;
}

export async function cancelForm(
  q: Queryable,
  opts: {
    locale: Locale;
    staff: boolean;
    customerId: string | null;
    metadata: string;
    now: Date;
    policy: RenewalPolicy;
  },
  choices: CancelChoices,
): Promise<ModalView> {
  const rows = await listContracts(
    q,
    { customer: opts.customerId ?? undefined, status: 'active' },
    opts.now,
    opts.policy,
  );
  const received = choices.received ? readInstant(choices.received) : undefined;
  const requested = choices.requested ? parseBusinessDate(choices.requested) : undefined;
  const dates = cancellationDates(received?.ok ? received.instant : opts.now, requested);
  const chosen = rows.find((r) => r.id === choices.contractId) ?? (rows.length === 1 ? rows[0] : undefined);
  const renewsFirst =
    chosen?.expiryDate && chosen.category !== 'III' && compareDates(dates.effective, chosen.expiryDate) > 0;
  return cancelModal({
    locale: opts.locale,
    staff: opts.staff,
    contracts: rows.slice(0, 100).map((r) => ({ id: r.id, commonName: r.commonName })),
    chosen: chosen?.id,
    requested: choices.requested,
    received: choices.received,
    effective: dates.effective.toString(),
    expiryBefore: renewsFirst ? chosen.expiryDate!.toString() : null,
    metadata: opts.metadata,
  });
}
