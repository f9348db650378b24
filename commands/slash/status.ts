import { DENIED } from '../../src/i18n/app.js';
import { customerHere } from '../../src/services/people.js';
import { contractLines } from '../../src/slack/contract-lines.js';
import { statusMessage } from '../../src/slack/views/status.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert status [contract]`: the customer's contracts (staff: this channel's customer's, or all). */
export const status: SlashHandler = async ({ deps, who, args, respond }) => {
  const l = who.locale;
  const p = who.person;
  if (!p.staff && p.contactOf.length === 0) return replyPrivately(respond, l, DENIED.notRegistered);
  const customer = customerHere(p);
  if (!p.staff && !customer) return replyPrivately(respond, l, DENIED.noCustomerHere);
  const only = args[0];
  const lines = await contractLines(
    deps.database.db,
    { customer: customer?.id, ids: only ? [only] : undefined, status: only ? undefined : 'active' },
    deps.clock(),
    deps.config.renewalPolicy,
    l,
  );
  await respond({ response_type: 'ephemeral', ...statusMessage(l, lines, p.staff !== null && !customer) });
};
