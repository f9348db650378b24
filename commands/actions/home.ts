import type { App } from '@slack/bolt';
import { z } from 'zod';
import { homeFor } from '../../src/slack/home.js';
import { HOME_FILTER_ACTION } from '../../src/slack/views/status.js';
import { ActionPayload, identifyPerson, type AppDeps } from '../context.js';

const Filter = z.enum(['expiring', 'active', 'ended']);

/** Staff choose which contracts the App Home shows. */
export function register(app: App, deps: AppDeps): void {
  app.action(HOME_FILTER_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const p = ActionPayload.parse(body);
    const filter = Filter.catch('expiring').parse(
      (action as { selected_option?: { value?: string } }).selected_option?.value,
    );
    const w = await identifyPerson(deps, client, p.user.id, null);
    await client.views.publish({
      user_id: w.userId,
      view: await homeFor(deps.database.db, w.person, w.locale, filter, deps.clock(), deps.config.renewalPolicy),
    });
  });
}
