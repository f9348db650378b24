import type { App } from '@slack/bolt';
import { z } from 'zod';
import { customerHere } from '../../src/services/people.js';
import { cancelForm } from '../../src/slack/cancel-form.js';
import { ViewRedraws } from '../../src/slack/view-updates.js';
import { CANCEL_BLOCKS, CANCEL_CONTRACT_ACTION, CANCEL_DATE_ACTION } from '../../src/slack/views/cancel.js';
import { ActionPayload, valueOf, identifyPerson, type AppDeps } from '../context.js';

const Metadata = z.object({ channel: z.string().nullable(), customer: z.string().nullable() });

/**
 * A contract or date chosen in the cancellation modal: it shows the effective date at once, of the
 * contracts the person may cancel (Art. 9(2)).
 */
export function register(app: App, deps: AppDeps): void {
  const redraws = new ViewRedraws();
  for (const actionId of [CANCEL_DATE_ACTION, CANCEL_CONTRACT_ACTION]) {
    app.action(actionId, async ({ ack, body, client }) => {
      await ack();
      const p = ActionPayload.parse(body);
      if (!p.view) return;
      const meta = Metadata.parse(JSON.parse(p.view.private_metadata || '{}'));
      const w = await identifyPerson(deps, client, p.user.id, meta.channel);
      // The customer is the person's, as when the form was opened: private_metadata only says where.
      const customer = customerHere(w.person);
      if (!w.person.staff && !customer) return;
      const customerId = customer?.id ?? null;
      const values = ((p.view.state as { values?: Record<string, Record<string, unknown>> } | undefined)?.values ??
        {}) as Record<string, Record<string, unknown>>;
      const str = (block: string) => {
        const v = valueOf(values, block);
        return typeof v === 'string' ? v : undefined;
      };
      const actionTs = (p.actions[0] as { action_ts?: string } | undefined)?.action_ts;
      await redraws.redraw(client, p.view, actionTs, () =>
        cancelForm(
          deps.database.db,
          {
            locale: w.locale,
            staff: w.person.staff !== null,
            customerId,
            metadata: JSON.stringify({ channel: meta.channel, customer: customerId }),
            now: deps.clock(),
            policy: deps.config.renewalPolicy,
          },
          {
            contractId: str(CANCEL_BLOCKS.contract),
            requested: str(CANCEL_BLOCKS.requested),
            received: str(CANCEL_BLOCKS.received),
          },
        ),
      );
    });
  }
}
