import { ADMIN, DENIED, USAGE } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { slackYen } from '../../src/i18n/slack.js';
import { NotFound } from '../../src/services/errors.js';
import { agreePrice, yenOf } from '../../src/services/prices.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert price CONTRACT YEN` (staff, Appendix 1 §1): a category II renewal's agreed certificate fee; `price agree` on the command line. */
export const price: SlashHandler = async ({ deps, who, args, respond }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const [contractId, amountText, ...rest] = args;
  const amount = yenOf(amountText);
  if (!contractId || amount === undefined || rest.length)
    return replyPrivately(respond, locale, ADMIN.usage(USAGE.price));
  try {
    const result = await agreePrice(
      deps.database.db,
      { contractId, amount, actor: `slack:${who.userId}` },
      deps.clock(),
    );
    if (!result.ok) return replyPrivately(respond, locale, result.reasons.map((x) => reasonLine(x, locale)).join('\n'));
    await replyPrivately(
      respond,
      locale,
      ADMIN.priceAgreed(
        result.value.contract,
        slackYen(result.value.amount),
        result.value.expiryDate.toString(),
        result.value.renewed,
      ),
    );
  } catch (e) {
    if (e instanceof NotFound) return replyPrivately(respond, locale, DENIED.notYourContract(contractId));
    throw e;
  }
};
