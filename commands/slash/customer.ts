import { ADMIN, DENIED } from '../../src/i18n/app.js';
import { addCustomer, setCustomerChannel, setCustomerService } from '../../src/services/admin.js';
import { channelRef, tell } from '../context.js';
import type { SlashHandler } from './types.js';

const USAGE = '`/cert customer add ID "NAME" CC #channel [ja|en]` · `/cert customer channel ID #channel` · `/cert customer service ID SERVICE`';

/** `/cert customer …` (staff): a customer, its shared channel, its designated services (Art. 4(1)). */
export const customer: SlashHandler = async ({ deps, who, args, respond }) => {
  const l = who.locale;
  if (!who.person.staff) return tell(respond, l, DENIED.staffOnly);
  const actor = `slack:${who.userId}`;
  const now = deps.clock();
  const [verb, id, ...rest] = args;
  const db = deps.database.db;
  if (verb === 'add' && id && rest.length >= 2 && /^[A-Za-z]{2}$/.test(rest[1]!)) {
    const channel = channelRef(rest[2]) ?? null;
    const locale = rest.find((r) => r === 'en') ? 'en' : 'ja';
    const r = await addCustomer(db, { id, name: rest[0]!, country: rest[1]!, channel, locale, actor }, now);
    return tell(respond, l, r === 'created' ? ADMIN.done : ADMIN.unchanged);
  }
  if (verb === 'channel' && id && channelRef(rest[0])) {
    await setCustomerChannel(db, { customerId: id, channel: channelRef(rest[0])!, actor }, now);
    return tell(respond, l, ADMIN.done);
  }
  if (verb === 'service' && id && rest[0]) {
    return tell(respond, l, (await setCustomerService(db, { customerId: id, service: rest[0], actor }, now)) ? ADMIN.done : ADMIN.unchanged);
  }
  return tell(respond, l, ADMIN.usage(USAGE));
};
