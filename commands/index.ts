// All of the app's listeners, by kind: the slash command, block actions, modal submissions, events.
import type { App } from '@slack/bolt';
import { register as actions } from './actions/index.js';
import type { AppDeps } from './context.js';
import { register as events } from './events/index.js';
import { register as slash } from './slash/index.js';
import { register as views } from './views/index.js';
import { routesOn } from './routes.js';

export type { AppDeps };

export function registerListeners(app: App, deps: AppDeps): void {
  slash(app, deps);
  const routes = routesOn(app);
  actions(routes, deps);
  views(routes, deps);
  routes.mount();
  events(app, deps);
}
