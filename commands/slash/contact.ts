import { readEmailAddress } from '../../src/domain/email.js';
import { ADMIN, DENIED, USAGE } from '../../src/i18n/app.js';
import { setContact } from '../../src/services/admin.js';
import { replyPrivately, userRef } from '../context.js';
import type { SlashHandler } from './types.js';

/**
 * `/cert contact add CUSTOMER @user [email]` and `/cert contact remove CUSTOMER @user` (staff): who
 * may answer and act for a customer, and where their notices go by e-mail (Art. 6(1)).
 */
export const contact: SlashHandler = async ({ deps, who, args, respond }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const [verb, customerId, user, emailText, ...rest] = args;
  if (
    (verb !== 'add' && verb !== 'remove') ||
    !customerId ||
    !user ||
    rest.length > 0 ||
    (verb === 'remove' && emailText !== undefined)
  )
    return replyPrivately(respond, locale, ADMIN.usage(USAGE.contact));
  const userId = userRef(user);
  if (!userId) return replyPrivately(respond, locale, ADMIN.badUser(user));
  // Slack sends an address typed in a command as `<mailto:a@b|a@b>`; read either form.
  const email = emailText === undefined ? undefined : readEmailAddress(emailText);
  if (email === null) return replyPrivately(respond, locale, ADMIN.badEmail(emailText!));
  const changed = await setContact(
    deps.database.db,
    { customerId, userId, add: verb === 'add', email, actor: `slack:${who.userId}` },
    deps.clock(),
  );
  await replyPrivately(respond, locale, changed ? ADMIN.done : ADMIN.unchanged);
};
