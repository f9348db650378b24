// A subcommand of /cert: what it is given, and the table of them.
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps, Who } from '../context.js';

export interface Slash {
  deps: AppDeps;
  client: WebClient;
  who: Who;
  args: string[];
  triggerId: string;
  respond: RespondFn;
  deliveryId?: string;
}

export type SlashHandler = (command: Slash) => Promise<void>;
