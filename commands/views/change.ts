import type { App } from '@slack/bolt';
import { z } from 'zod';
import { CHANGE, DENIED } from '../../src/i18n/app.js';
import { requestChange } from '../../src/services/changes.js';
import { listContracts } from '../../src/services/contracts.js';
import { mayActFor } from '../../src/services/people.js';
import { CHANGE_BLOCKS, CHANGE_MODAL } from '../../src/slack/views/change.js';
import { ViewPayload, valueOf, identifyPerson, type AppDeps } from '../context.js';
import { modalErrors } from './errors.js';

/** Art. 5: a change of the service that uses the certificate, asked of staff. */
export function register(app: App, deps: AppDeps): void {
  app.view(CHANGE_MODAL, async ({ ack, body, client }) => {
    const p = ViewPayload.parse(body);
    const v = p.view.state.values;
    const channel = z
      .object({ channel: z.string().nullable() })
      .catch({ channel: null })
      .parse(JSON.parse(p.view.private_metadata || '{}')).channel;
    const w = await identifyPerson(deps, client, p.user.id, channel);
    const contractId = String(valueOf(v, CHANGE_BLOCKS.contract) ?? '');
    const [contract] = await listContracts(
      deps.database.db,
      { ids: [contractId] },
      deps.clock(),
      deps.config.renewalPolicy,
    );
    if (!contract || !mayActFor(w.person, contract.customer))
      return ack({ response_action: 'errors', errors: { [CHANGE_BLOCKS.contract]: DENIED.stranger[w.locale] } });
    const r = await requestChange(
      deps.database.db,
      {
        contractId,
        toService: String(valueOf(v, CHANGE_BLOCKS.service) ?? ''),
        requestedBy: w.userId,
        actor: `slack:${w.userId}`,
      },
      deps.clock(),
    );
    if (!r.ok)
      return ack({
        response_action: 'errors',
        errors: modalErrors(
          r.reasons,
          (x) => (x.code === 'contract-ended' ? CHANGE_BLOCKS.contract : CHANGE_BLOCKS.service),
          w.locale,
        ),
      });
    await ack();
    await deps.requestSweep('change');
    if (channel)
      await client.chat.postEphemeral({ channel, user: w.userId, text: CHANGE.requested(contractId)[w.locale] });
  });
}
