import type { BlockAction, ButtonAction } from '@slack/bolt';
import { APPLICATION, DENIED } from '../../src/i18n/app.js';
import { applicationData } from '../../src/services/message-data.js';
import { acceptModal, ACCEPT_APPLICATION, rejectModal, REJECT_APPLICATION } from '../../src/slack/views/application.js';
import { ActionPayload, replyPrivately, identifyPerson, type AppDeps, type ButtonClick } from '../context.js';
import type { Routes } from '../routes.js';

/**
 * Staff's Accept and Reject both open a modal that confirms: accepting shows the fees that accrue
 * (and asks for the agreed certificate fee of a category II item), rejecting asks for the reason
 * the customer reads. The decision is taken on submission (commands/views/decide.ts).
 */
export const openApplicationDecision =
  (deps: AppDeps, modal: typeof acceptModal | typeof rejectModal) =>
  async ({ ack, body, action, client, respond }: ButtonClick): Promise<void> => {
    await ack();
    const payload = ActionPayload.parse(body);
    const who = await identifyPerson(deps, client, payload.user.id, null);
    if (!who.person.staff) return replyPrivately(respond, who.locale, DENIED.staffOnly);
    const id = Number(action.value);
    const data = Number.isSafeInteger(id) ? await applicationData(deps.database.db, id, who.locale) : undefined;
    if (!data || data.model.status !== 'submitted')
      return replyPrivately(respond, who.locale, APPLICATION.alreadyDecided(id));
    if (payload.trigger_id) await client.views.open({ trigger_id: payload.trigger_id, view: modal(data.model) });
  };

export function register(app: Routes, deps: AppDeps): void {
  for (const [actionId, modal] of [
    [ACCEPT_APPLICATION, acceptModal],
    [REJECT_APPLICATION, rejectModal],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, openApplicationDecision(deps, modal));
  }
}
