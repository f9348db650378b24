import { DENIED } from '../../src/i18n/app.js';
import { customerHere } from '../../src/services/people.js';
import { contractLines } from '../../src/slack/contract-lines.js';
import { statusMessage } from '../../src/slack/views/status.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert status [contract]`: the customer's contracts (staff: this channel's customer's, or all). */
export const status: SlashHandler = async ({ deps, who, args, respond }) => {
  const locale = who.locale;
  const person = who.person;
  if (!person.staff && person.contactOf.length === 0) return replyPrivately(respond, locale, DENIED.notRegistered);
  const customer = customerHere(person);
  if (!person.staff && !customer) return replyPrivately(respond, locale, DENIED.noCustomerHere);
  const only = args[0];
  const lines = await contractLines(
    deps.database.db,
    { customer: customer?.id, ids: only ? [only] : undefined, status: only ? undefined : 'active' },
    deps.clock(),
    deps.config.renewalPolicy,
    locale,
  );
  await respond({ response_type: 'ephemeral', ...statusMessage(locale, lines, person.staff !== null && !customer) });
};
