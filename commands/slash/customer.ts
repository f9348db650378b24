import type { Reason } from '../../src/domain/reasons.js';
import { ADMIN, DENIED, USAGE } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import type { Locale } from '../../src/i18n/text.js';
import { addCustomer, channelRef, countryRef, updateCustomer, type CustomerChange } from '../../src/services/admin.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

const refusal = (reasons: Reason[], locale: Locale) => reasons.map((r) => reasonLine(r, locale)).join('\n');

/**
 * `/cert customer …` (staff): a customer, its shared channel (one customer's), its country (ISO
 * 3166-1, Art. 7(2)) and the provider services it holds (Art. 4(1)). The command line's
 * `customer add` and `customer update` call the same services.
 */
export const customer: SlashHandler = async ({ deps, who, args, respond }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const actor = `slack:${who.userId}`;
  const now = deps.clock();
  const [verb, id, ...rest] = args;
  const db = deps.database.db;
  if (verb === 'add' && id && rest.length >= 2) {
    const [name, countryText, ...more] = rest;
    const country = countryRef(countryText);
    if (!country) return replyPrivately(respond, locale, ADMIN.badCountry(countryText!));
    const localeWord = more.find((r) => r === 'ja' || r === 'en') as 'ja' | 'en' | undefined;
    const channelText = more.find((r) => r !== localeWord);
    const channel = channelText === undefined ? null : channelRef(channelText);
    if (channel === undefined) return replyPrivately(respond, locale, ADMIN.badChannel(channelText!));
    const result = await addCustomer(db, { id, name: name!, country, channel, locale: localeWord ?? 'ja', actor }, now);
    return replyPrivately(respond, locale, result.ok ? ADMIN.done : refusal(result.reasons, locale));
  }
  const change: Omit<CustomerChange, 'id' | 'actor'> | string | undefined =
    !id || rest[0] === undefined
      ? undefined
      : verb === 'channel'
        ? (channelRef(rest[0]) && { channel: channelRef(rest[0]) }) || ADMIN.badChannel(rest[0])[locale]
        : verb === 'country'
          ? (countryRef(rest[0]) && { country: countryRef(rest[0]) }) || ADMIN.badCountry(rest[0])[locale]
          : verb === 'name'
            ? { name: rest.join(' ') }
            : verb === 'lang' && (rest[0] === 'ja' || rest[0] === 'en')
              ? { locale: rest[0] }
              : verb === 'service'
                ? { addService: rest[0] }
                : verb === 'unservice'
                  ? { removeService: rest[0] }
                  : undefined;
  if (typeof change === 'string') return replyPrivately(respond, locale, change);
  if (!change || !id) return replyPrivately(respond, locale, ADMIN.usage(USAGE.customer));
  const result = await updateCustomer(db, { id, ...change, actor }, now);
  return replyPrivately(
    respond,
    locale,
    !result.ok ? refusal(result.reasons, locale) : result.value.changed ? ADMIN.done : ADMIN.unchanged,
  );
};
