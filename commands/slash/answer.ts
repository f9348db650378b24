import { jstWallClock } from '../../src/domain/dates.js';
import { DECISION } from '../../src/i18n/cli.js';
import { ANSWER, DENIED } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { currentCycleId, recordAnswer } from '../../src/services/answers.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert answer CONTRACT renew|dont-renew` (staff): a customer's answer, recorded for them. */
export const answer: SlashHandler = async ({ deps, who, args, respond, deliveryId }) => {
  const l = who.locale;
  if (!who.person.staff) return replyPrivately(respond, l, DENIED.staffOnly);
  const [contractId, word] = args;
  const value =
    word === 'renew' || word === '更新する'
      ? 'renew'
      : word === 'dont-renew' || word === '更新しない'
        ? 'dont-renew'
        : undefined;
  if (!contractId || !value) return replyPrivately(respond, l, ANSWER.usage);
  const cycleId = await currentCycleId(deps.database.db, contractId);
  if (!cycleId) return replyPrivately(respond, l, DENIED.notYourContract(contractId));
  const r = await recordAnswer(
    deps.database.db,
    {
      cycleId,
      answer: value,
      answeredBy: who.userId,
      actor: `slack:${who.userId}`,
      via: 'staff',
      actingForCustomer: true,
      deliveryId,
    },
    deps.clock(),
  );
  if (!r.ok) return replyPrivately(respond, l, r.reasons.map((x) => reasonLine(x, l)).join('\n'));
  await deps.requestSweep('answer');
  if (r.value.kind === 'duplicate') return;
  const v = r.value;
  await replyPrivately(
    respond,
    l,
    v.kind === 'unchanged'
      ? ANSWER.unchanged(DECISION[value][l])
      : v.kind === 'superseded'
        ? ANSWER.supersededFor(
            DECISION[value][l],
            contractId,
            DECISION[v.standing][l],
            `${jstWallClock(v.standingReceivedAt)} JST`,
          )
        : ANSWER.recordedFor(DECISION[value][l], contractId),
  );
};
