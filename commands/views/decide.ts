import type { App } from '@slack/bolt';
import { z } from 'zod';
import { APPLICATION, DENIED } from '../../src/i18n/app.js';
import { acceptApplication, rejectApplication } from '../../src/services/applications.js';
import { yenOf } from '../../src/services/prices.js';
import { ACCEPT_MODAL, DECIDE_BLOCKS, REJECT_MODAL } from '../../src/slack/views/application.js';
import { ViewPayload, textOf, valueOf, identifyPerson, type AppDeps } from '../context.js';
import { modalErrors } from './errors.js';

const Metadata = z.object({ applicationId: z.number().int().positive() });

/** Staff's decision on an application, confirmed in its modal; the command line's `application accept|reject` is its twin. */
export function register(app: App, deps: AppDeps): void {
  app.view(ACCEPT_MODAL, async ({ ack, body, client }) => {
    const p = ViewPayload.parse(body);
    const { applicationId } = Metadata.parse(JSON.parse(p.view.private_metadata || '{}'));
    const w = await identifyPerson(deps, client, p.user.id, null);
    const firstBlock = DECIDE_BLOCKS.fee in p.view.state.values ? DECIDE_BLOCKS.fee : undefined;
    if (!w.person.staff)
      return firstBlock
        ? ack({ response_action: 'errors', errors: { [firstBlock]: DENIED.staffOnly[w.locale] } })
        : ack();
    let fee: number | undefined;
    if (firstBlock) {
      fee = yenOf(textOf(p.view.state.values, DECIDE_BLOCKS.fee));
      if (fee === undefined)
        return ack({ response_action: 'errors', errors: { [DECIDE_BLOCKS.fee]: APPLICATION.badFee[w.locale] } });
    }
    const r = await acceptApplication(
      deps.database.db,
      { applicationId, actor: `slack:${w.userId}`, agreedCertificateFee: fee ?? null },
      deps.clock(),
    );
    if (!r.ok) {
      // Refusals show in the modal where there is an input; otherwise the modal updates to say why.
      if (firstBlock)
        return ack({ response_action: 'errors', errors: modalErrors(r.reasons, () => firstBlock, w.locale) });
      const lines = modalErrors(r.reasons, () => 'all', w.locale).all!;
      return ack({
        response_action: 'update',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: APPLICATION.acceptTitle[w.locale] },
          close: { type: 'plain_text', text: APPLICATION.back[w.locale] },
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `${APPLICATION.refusedNow[w.locale]}\n${lines}` } },
          ],
        },
      });
    }
    await ack();
    await deps.requestSweep('application');
  });

  app.view(REJECT_MODAL, async ({ ack, body, client }) => {
    const p = ViewPayload.parse(body);
    const { applicationId } = Metadata.parse(JSON.parse(p.view.private_metadata || '{}'));
    const w = await identifyPerson(deps, client, p.user.id, null);
    if (!w.person.staff)
      return ack({ response_action: 'errors', errors: { [DECIDE_BLOCKS.reason]: DENIED.staffOnly[w.locale] } });
    const why = String(valueOf(p.view.state.values, DECIDE_BLOCKS.reason) ?? '').trim();
    if (!why)
      return ack({ response_action: 'errors', errors: { [DECIDE_BLOCKS.reason]: APPLICATION.rejectReason[w.locale] } });
    await ack();
    await rejectApplication(deps.database.db, { applicationId, actor: `slack:${w.userId}`, reason: why }, deps.clock());
    await deps.requestSweep('application');
  });
}
