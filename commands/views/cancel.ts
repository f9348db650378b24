import type { App } from '@slack/bolt';
import { z } from 'zod';
import { parseBusinessDate, readInstant } from '../../src/domain/dates.js';
import type { Reason } from '../../src/domain/reasons.js';
import { CANCEL, DENIED } from '../../src/i18n/app.js';
import { recordCancellation, type CancellationWarning } from '../../src/services/cancellations.js';
import { listContracts } from '../../src/services/contracts.js';
import { mayActFor } from '../../src/services/people.js';
import { CANCEL_BLOCKS, CANCEL_MODAL } from '../../src/slack/views/cancel.js';
import { ViewPayload, valueOf, identifyPerson, type AppDeps } from '../context.js';
import { modalErrors } from './errors.js';

const Metadata = z.object({ channel: z.string().nullable(), customer: z.string().nullable() });

/** What a recorded cancellation should tell its sender, by warning (services/cancellations.ts). */
function warningText(x: CancellationWarning) {
  switch (x.code) {
    case 'effective-after-expiry':
      return CANCEL.afterExpiry(x.expiryDate, x.replyDeadline);
    case 'renewal-decided':
      return CANCEL.renewalDecided(x.expiryDate, x.decision === 'renew');
    case 'effective-date-passed':
      return CANCEL.effectivePassed(x.effective);
  }
}

const blockOf = (r: Reason) =>
  r.code === 'received-in-future' ||
  r.code === 'cancellation-before-validity' ||
  r.code === 'cancellation-after-validity'
    ? CANCEL_BLOCKS.received
    : CANCEL_BLOCKS.contract;

/**
 * The cancellation form (Art. 9(2)): from a contact, it arrives now; from staff, at the time they
 * record. The customer sees the effective date and that paid fees are not refunded.
 */
export function register(app: App, deps: AppDeps): void {
  app.view(CANCEL_MODAL, async ({ ack, body, client }) => {
    const p = ViewPayload.parse(body);
    const meta = Metadata.parse(JSON.parse(p.view.private_metadata || '{}'));
    const v = p.view.state.values;
    const w = await identifyPerson(deps, client, p.user.id, meta.channel);
    const now = deps.clock();
    const contractId = String(valueOf(v, CANCEL_BLOCKS.contract) ?? '');
    const [contract] = await listContracts(deps.database.db, { ids: [contractId] }, now, deps.config.renewalPolicy);
    const role = contract ? mayActFor(w.person, contract.customer) : null;
    if (!contract || !role)
      return ack({ response_action: 'errors', errors: { [CANCEL_BLOCKS.contract]: DENIED.stranger[w.locale] } });
    let receivedAt = now;
    if (role === 'staff') {
      const read = readInstant(String(valueOf(v, CANCEL_BLOCKS.received) ?? ''));
      if (!read.ok)
        return ack({ response_action: 'errors', errors: { [CANCEL_BLOCKS.received]: CANCEL.badInstant[w.locale] } });
      receivedAt = read.instant;
    }
    const requested = valueOf(v, CANCEL_BLOCKS.requested);
    const r = await recordCancellation(
      deps.database.db,
      {
        contractId,
        receivedAt,
        requestedOn: typeof requested === 'string' ? parseBusinessDate(requested) : undefined,
        via: role === 'staff' ? 'staff' : 'modal',
        actor: `slack:${w.userId}`,
      },
      now,
    );
    if (!r.ok) return ack({ response_action: 'errors', errors: modalErrors(r.reasons, blockOf, w.locale) });
    await ack();
    await deps.requestSweep('cancellation');
    const lines = [
      CANCEL.recorded(contractId, r.value.effective.toString())[w.locale],
      ...r.value.warnings.map((x) => warningText(x)[w.locale]),
    ];
    if (meta.channel)
      await client.chat.postEphemeral({ channel: meta.channel, user: w.userId, text: lines.join('\n') });
  });
}
