import { ADMIN, DENIED, USAGE } from '../../src/i18n/app.js';
import { setContact } from '../../src/services/admin.js';
import { replyPrivately, userRef } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert contact add|remove CUSTOMER @user` (staff): who may answer and act for a customer. */
export const contact: SlashHandler = async ({ deps, who, args, respond }) => {
  const l = who.locale;
  if (!who.person.staff) return replyPrivately(respond, l, DENIED.staffOnly);
  const [verb, customerId, user] = args;
  if ((verb !== 'add' && verb !== 'remove') || !customerId || !user)
    return replyPrivately(respond, l, ADMIN.usage(USAGE.contact));
  const userId = userRef(user);
  if (!userId) return replyPrivately(respond, l, ADMIN.badUser(user));
  const changed = await setContact(
    deps.database.db,
    { customerId, userId, add: verb === 'add', actor: `slack:${who.userId}` },
    deps.clock(),
  );
  await replyPrivately(respond, l, changed ? ADMIN.done : ADMIN.unchanged);
};
