import { findItem, suggestItems } from '../../src/domain/catalog.js';
import { jstDateOf } from '../../src/domain/dates.js';
import { quote as priceQuote } from '../../src/domain/quote.js';
import { findTerm } from '../../src/domain/terms.js';
import { DENIED, QUOTE } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { loadAbolitions } from '../../src/services/abolitions.js';
import { quoteMessage, quoteModal } from '../../src/slack/views/quote.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert quote ITEM TERM [renewal]` (staff): the breakdown; alone, a modal with pickers. */
export const quote: SlashHandler = async ({ deps, client, who, args, triggerId, respond }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  if (args.length === 0) {
    await client.views.open({ trigger_id: triggerId, view: quoteModal(locale) });
    return;
  }
  const renewal = args.at(-1)?.toLowerCase() === 'renewal' || args.at(-1) === '更新';
  const rest = renewal ? args.slice(0, -1) : args;
  if (rest.length < 2) return replyPrivately(respond, locale, QUOTE.usage);
  // The term is the last word; the item may be several (クイック認証 ワイルドカード).
  const termText = rest.at(-1)!;
  const itemText = rest.slice(0, -1).join(' ');
  const item = findItem(itemText);
  if (!item)
    return replyPrivately(
      respond,
      locale,
      QUOTE.unknownItem(
        itemText,
        suggestItems(itemText).map((i) => `\`${i.code}\``),
      ),
    );
  const term = findTerm(termText);
  if (!term) return replyPrivately(respond, locale, QUOTE.unknownTerm(termText));
  const quoted = priceQuote({
    item: item.code,
    term,
    kind: renewal ? 'renewal' : 'new',
    asOf: jstDateOf(deps.clock()),
    abolitions: await loadAbolitions(deps.database.db),
  });
  if (!quoted.ok)
    return replyPrivately(respond, locale, quoted.reasons.map((r) => `• ${reasonLine(r, locale)}`).join('\n'));
  await respond({ response_type: 'in_channel', ...quoteMessage(quoted.value, locale) });
};
