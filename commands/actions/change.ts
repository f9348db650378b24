import type { BlockAction, ButtonAction } from '@slack/bolt';
import { DENIED } from '../../src/i18n/app.js';
import { decideChange } from '../../src/services/changes.js';
import { ACCEPT_CHANGE, REJECT_CHANGE } from '../../src/slack/views/change.js';
import { ActionPayload, replyPrivately, identifyPerson, type AppDeps, type ButtonClick } from '../context.js';
import type { Routes } from '../routes.js';

/** Staff accept or reject a change of service (Art. 5). */
export const decideChangeOfService =
  (deps: AppDeps, accept: boolean) =>
  async ({ ack, body, action, client, respond }: ButtonClick): Promise<void> => {
    await ack();
    const payload = ActionPayload.parse(body);
    const who = await identifyPerson(deps, client, payload.user.id, null);
    if (!who.person.staff) return replyPrivately(respond, who.locale, DENIED.staffOnly);
    await decideChange(
      deps.database.db,
      { changeId: Number(action.value), accept, actor: `slack:${who.userId}` },
      deps.clock(),
    );
    await deps.requestSweep('change');
  };

export function register(app: Routes, deps: AppDeps): void {
  for (const [actionId, accept] of [
    [ACCEPT_CHANGE, true],
    [REJECT_CHANGE, false],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, decideChangeOfService(deps, accept));
  }
}
