import { DENIED } from '../../src/i18n/app.js';
import { listContracts } from '../../src/services/contracts.js';
import { customerHere } from '../../src/services/people.js';
import { cancelForm } from '../../src/slack/cancel-form.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/**
 * `/cert cancel [contract]`: the cancellation form (Art. 9(2)) for a contact; for staff, the
 * record of a form that came on paper or by e-mail, with the time it arrived.
 */
export const cancel: SlashHandler = async ({ deps, client, who, args, triggerId, respond }) => {
  const locale = who.locale;
  const person = who.person;
  if (!person.staff && person.contactOf.length === 0) return replyPrivately(respond, locale, DENIED.notRegistered);
  const customer = customerHere(person);
  if (!person.staff && !customer) return replyPrivately(respond, locale, DENIED.noCustomerHere);
  const now = deps.clock();
  const rows = await listContracts(
    deps.database.db,
    { customer: customer?.id, status: 'active' },
    now,
    deps.config.renewalPolicy,
  );
  if (args[0] && !rows.some((r) => r.id === args[0]))
    return replyPrivately(respond, locale, DENIED.notYourContract(args[0]));
  const view = await cancelForm(
    deps.database.db,
    {
      locale,
      staff: person.staff !== null,
      customerId: customer?.id ?? null,
      metadata: JSON.stringify({ channel: who.channelId, customer: customer?.id ?? null }),
      now,
      policy: deps.config.renewalPolicy,
    },
    { contractId: args[0] },
  );
  await client.views.open({ trigger_id: triggerId, view });
};
