import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { jstWallClock } from '../../src/domain/dates.js';
import { DENIED, ANSWER } from '../../src/i18n/app.js';
import { DECISION } from '../../src/i18n/cli.js';
import { reasonLine } from '../../src/i18n/messages.js';
import type { Answer } from '../../src/domain/renewal.js';
import { customerOfCycle, recordAnswer } from '../../src/services/answers.js';
import { mayActFor } from '../../src/services/people.js';
import { DECLINE_ACTION, RENEW_ACTION } from '../../src/slack/views/renewal.js';
import {
  ActionPayload,
  replyPrivately,
  identifyPerson,
  type AppDeps,
  type ButtonClick,
  deliveryOf,
} from '../context.js';

/**
 * `renewal:renew` and `renewal:decline` on a notice (Art. 6(2), 6(3)): only the customer's
 * contacts (or staff, recorded as acting for them) may answer; anyone else is told so, and
 * nothing changes. The notice is redrawn with the answer by the scheduler.
 */
export const answerRenewal =
  (deps: AppDeps, answer: Answer) =>
  async ({ ack, body, action, client, respond, context }: ButtonClick): Promise<void> => {
    await ack();
    const p = ActionPayload.parse(body);
    const cycleId = Number(action.value);
    const w = await identifyPerson(deps, client, p.user.id, p.channel?.id ?? p.container?.channel_id ?? null);
    const customerId = Number.isInteger(cycleId) ? await customerOfCycle(deps.database.db, cycleId) : undefined;
    const role = customerId ? mayActFor(w.person, customerId) : null;
    if (!customerId || !role) return replyPrivately(respond, w.locale, DENIED.stranger);
    const r = await recordAnswer(
      deps.database.db,
      {
        cycleId,
        answer,
        answeredBy: w.userId,
        actor: `slack:${w.userId}`,
        via: 'button',
        actingForCustomer: role === 'staff',
        deliveryId: deliveryOf(context),
      },
      deps.clock(),
    );
    if (!r.ok) return replyPrivately(respond, w.locale, r.reasons.map((x) => reasonLine(x, w.locale)).join('\n'));
    if (r.value.kind === 'duplicate') return;
    await deps.requestSweep('answer');
    const v = r.value;
    const l = w.locale;
    await replyPrivately(
      respond,
      l,
      v.kind === 'unchanged'
        ? ANSWER.unchanged(DECISION[answer][l])
        : v.kind === 'superseded'
          ? ANSWER.superseded(DECISION[answer][l], DECISION[v.standing][l], `${jstWallClock(v.standingReceivedAt)} JST`)
          : ANSWER.recorded(DECISION[answer][l]),
    );
  };

export function register(app: App, deps: AppDeps): void {
  for (const [actionId, answer] of [
    [RENEW_ACTION, 'renew'],
    [DECLINE_ACTION, 'dont-renew'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, answerRenewal(deps, answer));
  }
}
