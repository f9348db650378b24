import { DENIED } from '../../src/i18n/app.js';
import { customerChoices, customerHere } from '../../src/services/people.js';
import { listDesignatedServices } from '../../src/services/changes.js';
import { applyModal } from '../../src/slack/views/application.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert apply` (contacts and staff): the application modal. */
export const apply: SlashHandler = async ({ deps, client, who, triggerId, respond }) => {
  const locale = who.locale;
  const person = who.person;
  if (!person.staff && person.contactOf.length === 0) return replyPrivately(respond, locale, DENIED.notRegistered);
  const customer = customerHere(person);
  if (!person.staff && !customer) return replyPrivately(respond, locale, DENIED.noCustomerHere);
  const db = deps.database.db;
  const services = (await listDesignatedServices(db)).map((s) => ({ code: s.code, name: s.name }));
  // Staff may apply for any customer: they choose it in the modal, the channel's one first.
  const all = person.staff ? await customerChoices(db) : null;
  await client.views.open({
    trigger_id: triggerId,
    view: applyModal({ locale, customers: all, customerId: customer?.id ?? null, channel: who.channelId, services }),
  });
};
