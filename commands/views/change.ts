import type { ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { CHANGE, DENIED } from '../../src/i18n/app.js';
import { requestChange } from '../../src/services/changes.js';
import { listContracts } from '../../src/services/contracts.js';
import { mayActFor } from '../../src/services/people.js';
import { CHANGE_BLOCKS, CHANGE_MODAL } from '../../src/slack/views/change.js';
import { ViewPayload, valueOf, identifyPerson, type AppDeps, type ModalSubmission } from '../context.js';
import { modalErrors } from './errors.js';
import type { Routes } from '../routes.js';

/** Art. 5: a change of the service that uses the certificate, asked of staff. */
export const requestChangeFromModal =
  (deps: AppDeps) =>
  async ({ ack, body, client }: ModalSubmission): Promise<void> => {
    const payload = ViewPayload.parse(body);
    const values = payload.view.state.values;
    const channel = z
      .object({ channel: z.string().nullable() })
      .catch({ channel: null })
      .parse(JSON.parse(payload.view.private_metadata || '{}')).channel;
    const who = await identifyPerson(deps, client, payload.user.id, channel);
    const contractId = String(valueOf(values, CHANGE_BLOCKS.contract) ?? '');
    const [contract] = await listContracts(
      deps.database.db,
      { ids: [contractId] },
      deps.clock(),
      deps.config.renewalPolicy,
    );
    if (!contract || !mayActFor(who.person, contract.customer))
      return ack({ response_action: 'errors', errors: { [CHANGE_BLOCKS.contract]: DENIED.stranger[who.locale] } });
    const result = await requestChange(
      deps.database.db,
      {
        contractId,
        toService: String(valueOf(values, CHANGE_BLOCKS.service) ?? ''),
        requestedBy: who.userId,
        actor: `slack:${who.userId}`,
      },
      deps.clock(),
    );
    if (!result.ok)
      return ack({
        response_action: 'errors',
        errors: modalErrors(
          result.reasons,
          (reason) => (reason.code === 'contract-ended' ? CHANGE_BLOCKS.contract : CHANGE_BLOCKS.service),
          who.locale,
        ),
      });
    await ack();
    await deps.requestSweep('change');
    if (channel)
      await client.chat.postEphemeral({ channel, user: who.userId, text: CHANGE.requested(contractId)[who.locale] });
  };

export function register(app: Routes, deps: AppDeps): void {
  app.view<ViewSubmitAction>(CHANGE_MODAL, requestChangeFromModal(deps));
}
