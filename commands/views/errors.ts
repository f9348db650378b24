// Refusals of the rules shown inside a modal, under the input they concern, all at once.
import type { Reason } from '../../src/domain/reasons.js';
import { reasonLine } from '../../src/i18n/messages.js';
import type { Locale } from '../../src/i18n/text.js';

/** Joins each block's reasons into one message, with the article in front (Slack shows one per block). */
export function modalErrors(
  reasons: readonly Reason[],
  blockOf: (reason: Reason) => string,
  locale: Locale,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const reason of reasons) {
    const block = blockOf(reason);
    const line = reasonLine(reason, locale);
    errors[block] = errors[block] ? `${errors[block]} / ${line}` : line;
  }
  // Slack caps an error message's length; keep each readable.
  for (const k of Object.keys(errors))
    if ([...errors[k]!].length > 2000) errors[k] = `${[...errors[k]!].slice(0, 1999).join('')}…`;
  return errors;
}
