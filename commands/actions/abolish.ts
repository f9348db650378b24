import type { BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { toBusinessDate } from '../../src/domain/dates.js';
import { findItem } from '../../src/domain/catalog.js';
import { ADMIN, DENIED } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { abolishItem } from '../../src/services/abolitions.js';
import { CONFIRM_ABOLITION } from '../slash/abolish.js';
import { ActionPayload, replyPrivately, identifyPerson, type AppDeps, type ButtonClick } from '../context.js';
import type { Routes } from '../routes.js';

const Value = z.object({
  item: z.string(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  reason: z.string().nullable(),
});

/** Staff confirm an abolition they previewed (Art. 8). */
export const confirmAbolition =
  (deps: AppDeps) =>
  async ({ ack, body, action, client, respond }: ButtonClick): Promise<void> => {
    await ack();
    const payload = ActionPayload.parse(body);
    const who = await identifyPerson(deps, client, payload.user.id, null);
    if (!who.person.staff) return replyPrivately(respond, who.locale, DENIED.staffOnly);
    const value = Value.parse(JSON.parse(action.value ?? '{}'));
    const item = findItem(value.item);
    if (!item) return;
    const result = await abolishItem(
      deps.database.db,
      {
        item: item.code,
        from: toBusinessDate(value.from),
        reason: value.reason ?? undefined,
        actor: `slack:${who.userId}`,
      },
      deps.clock(),
    );
    if (!result.ok)
      return replyPrivately(respond, who.locale, result.reasons.map((x) => reasonLine(x, who.locale)).join('\n'));
    await deps.requestSweep('abolition');
    await respond({ replace_original: true, text: ADMIN.abolished(item.code, value.from)[who.locale] });
  };

export function register(app: Routes, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(CONFIRM_ABOLITION, confirmAbolition(deps));
}
