import { jstWallClock } from '../../src/domain/dates.js';
import { DECISION } from '../../src/i18n/cli.js';
import { ANSWER, DENIED } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { currentCycleId, recordAnswer } from '../../src/services/answers.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert answer CONTRACT renew|dont-renew` (staff): a customer's answer, recorded for them. */
export const answer: SlashHandler = async ({ deps, who, args, respond, deliveryId }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const [contractId, word] = args;
  const value =
    word === 'renew' || word === '更新する'
      ? 'renew'
      : word === 'dont-renew' || word === '更新しない'
        ? 'dont-renew'
        : undefined;
  if (!contractId || !value) return replyPrivately(respond, locale, ANSWER.usage);
  const cycleId = await currentCycleId(deps.database.db, contractId);
  if (!cycleId) return replyPrivately(respond, locale, DENIED.notYourContract(contractId));
  const result = await recordAnswer(
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
  if (!result.ok) return replyPrivately(respond, locale, result.reasons.map((x) => reasonLine(x, locale)).join('\n'));
  await deps.requestSweep('answer');
  if (result.value.kind === 'duplicate') return;
  const answered = result.value;
  await replyPrivately(
    respond,
    locale,
    answered.kind === 'unchanged'
      ? ANSWER.unchanged(DECISION[value][locale])
      : answered.kind === 'superseded'
        ? ANSWER.supersededFor(
            DECISION[value][locale],
            contractId,
            DECISION[answered.standing][locale],
            `${jstWallClock(answered.standingReceivedAt)} JST`,
          )
        : ANSWER.recordedFor(DECISION[value][locale], contractId),
  );
};
