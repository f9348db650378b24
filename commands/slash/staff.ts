import { ADMIN, DENIED, USAGE } from '../../src/i18n/app.js';
import { setStaff } from '../../src/services/admin.js';
import { replyPrivately, userRef } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert staff add|remove @user [name]` (staff): the provider's staff. */
export const staff: SlashHandler = async ({ deps, who, args, respond }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const [verb, user, ...name] = args;
  if ((verb !== 'add' && verb !== 'remove') || !user) return replyPrivately(respond, locale, ADMIN.usage(USAGE.staff));
  const userId = userRef(user);
  if (!userId) return replyPrivately(respond, locale, ADMIN.badUser(user));
  const changed = await setStaff(
    deps.database.db,
    { userId, name: name.join(' ') || undefined, active: verb === 'add', actor: `slack:${who.userId}` },
    deps.clock(),
  );
  await replyPrivately(respond, locale, changed ? ADMIN.done : ADMIN.unchanged);
};
