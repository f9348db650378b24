import type { ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { APPLICATION, DENIED } from '../../src/i18n/app.js';
import { acceptApplication, rejectApplication } from '../../src/services/applications.js';
import { yenOf } from '../../src/services/prices.js';
import { ACCEPT_MODAL, DECIDE_BLOCKS, REJECT_MODAL } from '../../src/slack/views/application.js';
import { ViewPayload, textOf, valueOf, identifyPerson, type AppDeps, type ModalSubmission } from '../context.js';
import { modalErrors } from './errors.js';
import type { Routes } from '../routes.js';

const Metadata = z.object({ applicationId: z.number().int().positive() });

/**
 * Staff accept an application in its modal, with the agreed certificate fee when the item is priced
 * individually (category II); the command line's `application accept` is its twin.
 */
export const acceptApplicationFromModal =
  (deps: AppDeps) =>
  async ({ ack, body, client }: ModalSubmission): Promise<void> => {
    const payload = ViewPayload.parse(body);
    const { applicationId } = Metadata.parse(JSON.parse(payload.view.private_metadata || '{}'));
    const values = payload.view.state.values;
    const who = await identifyPerson(deps, client, payload.user.id, null);
    const feeBlock = DECIDE_BLOCKS.fee in values ? DECIDE_BLOCKS.fee : undefined;
    if (!who.person.staff)
      return feeBlock
        ? ack({ response_action: 'errors', errors: { [feeBlock]: DENIED.staffOnly[who.locale] } })
        : ack();
    let fee: number | undefined;
    if (feeBlock) {
      fee = yenOf(textOf(values, DECIDE_BLOCKS.fee));
      if (fee === undefined)
        return ack({ response_action: 'errors', errors: { [DECIDE_BLOCKS.fee]: APPLICATION.badFee[who.locale] } });
    }
    const result = await acceptApplication(
      deps.database.db,
      { applicationId, actor: `slack:${who.userId}`, agreedCertificateFee: fee ?? null },
      deps.clock(),
    );
    if (!result.ok) {
      // Refusals show in the modal where there is an input; otherwise the modal updates to say why.
      if (feeBlock)
        return ack({ response_action: 'errors', errors: modalErrors(result.reasons, () => feeBlock, who.locale) });
      const lines = modalErrors(result.reasons, () => 'all', who.locale).all!;
      return ack({
        response_action: 'update',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: APPLICATION.acceptTitle[who.locale] },
          close: { type: 'plain_text', text: APPLICATION.back[who.locale] },
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `${APPLICATION.refusedNow[who.locale]}\n${lines}` } },
          ],
        },
      });
    }
    await ack();
    await deps.requestSweep('application');
  };

/** Staff reject an application with the reason the customer reads; the command line's `application reject` is its twin. */
export const rejectApplicationFromModal =
  (deps: AppDeps) =>
  async ({ ack, body, client }: ModalSubmission): Promise<void> => {
    const payload = ViewPayload.parse(body);
    const { applicationId } = Metadata.parse(JSON.parse(payload.view.private_metadata || '{}'));
    const who = await identifyPerson(deps, client, payload.user.id, null);
    if (!who.person.staff)
      return ack({ response_action: 'errors', errors: { [DECIDE_BLOCKS.reason]: DENIED.staffOnly[who.locale] } });
    const reason = String(valueOf(payload.view.state.values, DECIDE_BLOCKS.reason) ?? '').trim();
    if (!reason)
      return ack({
        response_action: 'errors',
        errors: { [DECIDE_BLOCKS.reason]: APPLICATION.rejectReason[who.locale] },
      });
    await ack();
    await rejectApplication(deps.database.db, { applicationId, actor: `slack:${who.userId}`, reason }, deps.clock());
    await deps.requestSweep('application');
  };

/** Staff's decision on an application, confirmed in its modal. */
export function register(app: Routes, deps: AppDeps): void {
  app.view<ViewSubmitAction>(ACCEPT_MODAL, acceptApplicationFromModal(deps));
  app.view<ViewSubmitAction>(REJECT_MODAL, rejectApplicationFromModal(deps));
}
