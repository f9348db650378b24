import type { App } from '@slack/bolt';
import { homeFor } from '../../src/slack/home.js';
import { identifyPerson, type AppDeps } from '../context.js';

/** The App Home tab, drawn for the person who opens it. */
export function register(app: App, deps: AppDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const who = await identifyPerson(deps, client, event.user, null);
    await client.views.publish({
      user_id: who.userId,
      view: await homeFor(
        deps.database.db,
        who.person,
        who.locale,
        'expiring',
        deps.clock(),
        deps.config.renewalPolicy,
      ),
    });
  });
}
