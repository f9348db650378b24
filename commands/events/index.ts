// Every event the app subscribes to (manifest.yml lists the same).
import type { App } from '@slack/bolt';
import type { AppDeps } from '../context.js';
import { register as appHome } from './app-home.js';
import { register as threadReply } from './thread-reply.js';

export const EVENTS = ['app_home_opened', 'message.channels', 'message.groups'] as const;

export function register(app: App, deps: AppDeps): void {
  appHome(app, deps);
  threadReply(app, deps);
}
