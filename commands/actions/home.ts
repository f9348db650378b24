import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import { z } from 'zod';
import { homeFor } from '../../src/slack/home.js';
import { HOME_FILTER_ACTION } from '../../src/slack/views/status.js';
import { ActionPayload, identifyPerson, type AppDeps, type SelectChange } from '../context.js';
import type { Routes } from '../routes.js';

const Filter = z.enum(['expiring', 'active', 'ended']);

/** Staff choose which contracts the App Home shows. */
export const filterHome =
  (deps: AppDeps) =>
  async ({ ack, body, action, client }: SelectChange): Promise<void> => {
    await ack();
    const payload = ActionPayload.parse(body);
    const filter = Filter.catch('expiring').parse(action.selected_option?.value);
    const who = await identifyPerson(deps, client, payload.user.id, null);
    await client.views.publish({
      user_id: who.userId,
      view: await homeFor(deps.database.db, who.person, who.locale, filter, deps.clock(), deps.config.renewalPolicy),
    });
  };

export function register(app: Routes, deps: AppDeps): void {
  app.action<BlockAction<StaticSelectAction>>(HOME_FILTER_ACTION, filterHome(deps));
}
