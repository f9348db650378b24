import type { ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { parseBusinessDate, readInstant } from '../../src/domain/dates.js';
import type { Reason } from '../../src/domain/reasons.js';
import { CANCEL, DENIED } from '../../src/i18n/app.js';
import { recordCancellation, type CancellationWarning } from '../../src/services/cancellations.js';
import { listContracts } from '../../src/services/contracts.js';
import { mayActFor } from '../../src/services/people.js';
import { CANCEL_BLOCKS, CANCEL_MODAL } from '../../src/slack/views/cancel.js';
import { ViewPayload, valueOf, identifyPerson, type AppDeps, type ModalSubmission } from '../context.js';
import { modalErrors } from './errors.js';
import type { Routes } from '../routes.js';

const Metadata = z.object({ channel: z.string().nullable(), customer: z.string().nullable() });

/** What a recorded cancellation should tell its sender, by warning (services/cancellations.ts). */
function warningText(warning: CancellationWarning) {
  switch (warning.code) {
    case 'effective-after-expiry':
      return CANCEL.afterExpiry(warning.expiryDate, warning.replyDeadline);
    case 'renewal-decided':
      return CANCEL.renewalDecided(warning.expiryDate, warning.decision === 'renew');
    case 'effective-date-passed':
      return CANCEL.effectivePassed(warning.effective);
  }
}

const blockOf = (reason: Reason) =>
  reason.code === 'received-in-future' ||
  reason.code === 'cancellation-before-validity' ||
  reason.code === 'cancellation-after-validity'
    ? CANCEL_BLOCKS.received
    : CANCEL_BLOCKS.contract;

/**
 * The cancellation form (Art. 9(2)): from a contact, it arrives now; from staff, at the time they
 * record. The customer sees the effective date and that paid fees are not refunded.
 */
export const recordCancellationFromModal =
  (deps: AppDeps) =>
  async ({ ack, body, client }: ModalSubmission): Promise<void> => {
    const payload = ViewPayload.parse(body);
    const meta = Metadata.parse(JSON.parse(payload.view.private_metadata || '{}'));
    const values = payload.view.state.values;
    const who = await identifyPerson(deps, client, payload.user.id, meta.channel);
    const now = deps.clock();
    const contractId = String(valueOf(values, CANCEL_BLOCKS.contract) ?? '');
    const [contract] = await listContracts(deps.database.db, { ids: [contractId] }, now, deps.config.renewalPolicy);
    const role = contract ? mayActFor(who.person, contract.customer) : null;
    if (!contract || !role)
      return ack({ response_action: 'errors', errors: { [CANCEL_BLOCKS.contract]: DENIED.stranger[who.locale] } });
    let receivedAt = now;
    if (role === 'staff') {
      const read = readInstant(String(valueOf(values, CANCEL_BLOCKS.received) ?? ''));
      if (!read.ok)
        return ack({ response_action: 'errors', errors: { [CANCEL_BLOCKS.received]: CANCEL.badInstant[who.locale] } });
      receivedAt = read.instant;
    }
    const requested = valueOf(values, CANCEL_BLOCKS.requested);
    const result = await recordCancellation(
      deps.database.db,
      {
        contractId,
        receivedAt,
        requestedOn: typeof requested === 'string' ? parseBusinessDate(requested) : undefined,
        via: role === 'staff' ? 'staff' : 'modal',
        actor: `slack:${who.userId}`,
      },
      now,
    );
    if (!result.ok) return ack({ response_action: 'errors', errors: modalErrors(result.reasons, blockOf, who.locale) });
    await ack();
    await deps.requestSweep('cancellation');
    const lines = [
      CANCEL.recorded(contractId, result.value.effective.toString())[who.locale],
      ...result.value.warnings.map((warning) => warningText(warning)[who.locale]),
    ];
    if (meta.channel)
      await client.chat.postEphemeral({ channel: meta.channel, user: who.userId, text: lines.join('\n') });
  };

export function register(app: Routes, deps: AppDeps): void {
  app.view<ViewSubmitAction>(CANCEL_MODAL, recordCancellationFromModal(deps));
}
