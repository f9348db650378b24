import { ADMIN, DENIED } from '../../src/i18n/app.js';
import { addDesignatedService } from '../../src/services/admin.js';
import { tell } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert service add CODE NAME` (staff): a service the provider offers and designates (Art. 4(1), 5, 7(1)). */
export const service: SlashHandler = async ({ deps, who, args, respond }) => {
  const l = who.locale;
  if (!who.person.staff) return tell(respond, l, DENIED.staffOnly);
  const [verb, code, ...name] = args;
  if (verb !== 'add' || !code || !name.length) return tell(respond, l, ADMIN.usage('`/cert service add CODE NAME`'));
  const changed = await addDesignatedService(deps.database.db, { code, name: name.join(' '), actor: `slack:${who.userId}` }, deps.clock());
  await tell(respond, l, changed ? ADMIN.done : ADMIN.unchanged);
};
