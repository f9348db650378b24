import { ADMIN, DENIED, USAGE } from '../../src/i18n/app.js';
import {
  addDesignatedService,
  listDesignatedServices,
  removeDesignatedService,
} from '../../src/services/designated-services.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/**
 * `/cert service add|remove|list` (staff): the provider's list of designated services (Art. 4(1)
 * 当社が指定する, 5, 7(1)); the command line's `designated-service add|remove` is its twin.
 */
export const service: SlashHandler = async ({ deps, who, args, respond }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const [verb, code, ...name] = args;
  const db = deps.database.db;
  const actor = `slack:${who.userId}`;
  if (verb === 'list' || (verb === undefined && code === undefined)) {
    return replyPrivately(
      respond,
      locale,
      ADMIN.services(
        (await listDesignatedServices(db))
          .map((s) => (s.name === s.code ? s.code : `${s.code} (${s.name})`))
          .join(', '),
      ),
    );
  }
  if (verb === 'add' && code) {
    const changed = await addDesignatedService(db, { code, name: name.join(' ') || null, actor }, deps.clock());
    return replyPrivately(respond, locale, changed ? ADMIN.serviceAdded(code) : ADMIN.unchanged);
  }
  if (verb === 'remove' && code && !name.length) {
    const changed = await removeDesignatedService(db, { code, actor }, deps.clock());
    return replyPrivately(
      respond,
      locale,
      changed ? ADMIN.serviceRemoved(code) : ADMIN.notDesignated(code, await listDesignatedServices(db)),
    );
  }
  return replyPrivately(respond, locale, ADMIN.usage(USAGE.service));
};
