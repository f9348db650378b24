import { CHANGE, DENIED } from '../../src/i18n/app.js';
import { listDesignatedServices } from '../../src/services/changes.js';
import { listContracts } from '../../src/services/contracts.js';
import { customerHere } from '../../src/services/people.js';
import { changeModal } from '../../src/slack/views/change.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert change [contract]` (Art. 5): change the provider service that uses the certificate. */
export const change: SlashHandler = async ({ deps, client, who, args, triggerId, respond }) => {
  const locale = who.locale;
  const person = who.person;
  if (!person.staff && person.contactOf.length === 0) return replyPrivately(respond, locale, DENIED.notRegistered);
  const customer = customerHere(person);
  if (!person.staff && !customer) return replyPrivately(respond, locale, DENIED.noCustomerHere);
  const services = await listDesignatedServices(deps.database.db);
  if (!services.length) return replyPrivately(respond, locale, CHANGE.noServices);
  const rows = await listContracts(
    deps.database.db,
    { customer: customer?.id, status: 'active' },
    deps.clock(),
    deps.config.renewalPolicy,
  );
  const chosen = args[0] && rows.some((r) => r.id === args[0]) ? args[0] : undefined;
  if (args[0] && !chosen) return replyPrivately(respond, locale, DENIED.notYourContract(args[0]));
  await client.views.open({
    trigger_id: triggerId,
    view: changeModal(
      locale,
      rows.slice(0, 100).map((r) => ({ id: r.id, commonName: r.commonName, service: r.service })),
      services.map((s) => ({ code: s.code, name: s.name })),
      chosen,
      who.channelId,
    ),
  });
};
