import type { BlockAction } from '@slack/bolt';
import { z } from 'zod';
import { customerHere } from '../../src/services/people.js';
import { cancelForm } from '../../src/slack/cancel-form.js';
import { ViewRedraws } from '../../src/slack/view-updates.js';
import { CANCEL_BLOCKS, CANCEL_CONTRACT_ACTION, CANCEL_DATE_ACTION } from '../../src/slack/views/cancel.js';
import { ActionPayload, valueOf, identifyPerson, type AppDeps, type InputChange } from '../context.js';
import type { Routes } from '../routes.js';

const Metadata = z.object({ channel: z.string().nullable(), customer: z.string().nullable() });

/**
 * A contract or date chosen in the cancellation modal: it shows the effective date at once, of the
 * contracts the person may cancel (Art. 9(2)).
 */
export const redrawCancelForm =
  (deps: AppDeps, redraws: ViewRedraws) =>
  async ({ ack, body, client }: InputChange): Promise<void> => {
    await ack();
    const payload = ActionPayload.parse(body);
    if (!payload.view) return;
    const meta = Metadata.parse(JSON.parse(payload.view.private_metadata || '{}'));
    const who = await identifyPerson(deps, client, payload.user.id, meta.channel);
    // The customer is the person's, as when the form was opened: private_metadata only says where.
    const customer = customerHere(who.person);
    if (!who.person.staff && !customer) return;
    const customerId = customer?.id ?? null;
    const values = ((payload.view.state as { values?: Record<string, Record<string, unknown>> } | undefined)?.values ??
      {}) as Record<string, Record<string, unknown>>;
    const textIn = (block: string) => {
      const value = valueOf(values, block);
      return typeof value === 'string' ? value : undefined;
    };
    const actionTs = (payload.actions[0] as { action_ts?: string } | undefined)?.action_ts;
    await redraws.redraw(client, payload.view, actionTs, () =>
      cancelForm(
        deps.database.db,
        {
          locale: who.locale,
          staff: who.person.staff !== null,
          customerId,
          metadata: JSON.stringify({ channel: meta.channel, customer: customerId }),
          now: deps.clock(),
          policy: deps.config.renewalPolicy,
        },
        {
          contractId: textIn(CANCEL_BLOCKS.contract),
          requested: textIn(CANCEL_BLOCKS.requested),
          received: textIn(CANCEL_BLOCKS.received),
        },
      ),
    );
  };

export function register(app: Routes, deps: AppDeps): void {
  const redraws = new ViewRedraws();
  for (const actionId of [CANCEL_DATE_ACTION, CANCEL_CONTRACT_ACTION])
    app.action<BlockAction>(actionId, redrawCancelForm(deps, redraws));
}
