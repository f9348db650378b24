import { roleOf } from '../../src/services/people.js';
import { helpMessage } from '../../src/slack/views/help.js';
import type { SlashHandler } from './types.js';

/** `/cert help` and `/cert` alone: what this person may do here. */
export const help: SlashHandler = async ({ who, respond }) => {
  const message = helpMessage({
    locale: who.locale,
    role: roleOf(who.person),
    staffName: who.person.staff?.name,
    customers: who.person.contactOf.map((c) => c.name),
  });
  await respond({ response_type: 'ephemeral', ...message });
};
