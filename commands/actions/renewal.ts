import type { BlockAction, ButtonAction } from '@slack/bolt';
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
import type { Routes } from '../routes.js';

/**
 * `renewal:renew` and `renewal:decline` on a notice (Art. 6(2), 6(3)): only the customer's
 * contacts (or staff, recorded as acting for them) may answer; anyone else is told so, and
 * nothing changes. The notice is redrawn with the answer by the scheduler.
 */
export const answerRenewal =
  (deps: AppDeps, answer: Answer) =>
  async ({ ack, body, action, client, respond, context }: ButtonClick): Promise<void> => {
    await ack();
    const payload = ActionPayload.parse(body);
    const cycleId = Number(action.value);
    const channel = payload.channel?.id ?? payload.container?.channel_id ?? null;
    const who = await identifyPerson(deps, client, payload.user.id, channel);
    const cycle = Number.isInteger(cycleId) ? await customerOfCycle(deps.database.db, cycleId) : undefined;
    const role = cycle ? mayActFor(who.person, cycle.customerId) : null;
    if (!cycle || !role) return replyPrivately(respond, who.locale, DENIED.stranger);
    const result = await recordAnswer(
      deps.database.db,
      {
        cycleId,
        answer,
        answeredBy: who.userId,
        actor: `slack:${who.userId}`,
        via: 'button',
        actingForCustomer: role === 'staff',
        deliveryId: deliveryOf(context),
      },
      deps.clock(),
    );
    if (!result.ok)
      return replyPrivately(respond, who.locale, result.reasons.map((x) => reasonLine(x, who.locale)).join('\n'));
    if (result.value.kind === 'duplicate') return;
    await deps.requestSweep('answer');
    const answered = result.value;
    const locale = who.locale;
    await replyPrivately(
      respond,
      locale,
      answered.kind === 'unchanged'
        ? ANSWER.unchanged(DECISION[answer][locale])
        : answered.kind === 'superseded'
          ? ANSWER.superseded(
              DECISION[answer][locale],
              DECISION[answered.standing][locale],
              `${jstWallClock(answered.standingReceivedAt)} JST`,
            )
          : ANSWER.recorded(DECISION[answer][locale], cycle.commonName),
    );
  };

export function register(app: Routes, deps: AppDeps): void {
  for (const [actionId, answer] of [
    [RENEW_ACTION, 'renew'],
    [DECLINE_ACTION, 'dont-renew'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, answerRenewal(deps, answer));
  }
}
