import { findItem, suggestItems } from '../../src/domain/catalog.js';
import { readBusinessDate } from '../../src/domain/dates.js';
import { ADMIN, DENIED, USAGE, QUOTE } from '../../src/i18n/app.js';
import { dateProblemSentence, END_REASON } from '../../src/i18n/cli.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { abolishItem } from '../../src/services/abolitions.js';
import { actions, button, section } from '../../src/slack/views/blocks.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

export const CONFIRM_ABOLITION = 'abolish:confirm';

/** `/cert abolish ITEM DATE [reason]` (staff, Art. 8): a preview of what it ends, then a button to record it. */
export const abolish: SlashHandler = async ({ deps, who, args, respond }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const [itemText, dateText, ...why] = args;
  const item = itemText ? findItem(itemText) : undefined;
  if (!item)
    return replyPrivately(
      respond,
      locale,
      itemText
        ? QUOTE.unknownItem(
            itemText,
            suggestItems(itemText).map((i) => i.code),
          )
        : ADMIN.usage(USAGE.abolish),
    );
  const date = dateText ? readBusinessDate(dateText) : undefined;
  if (!date) return replyPrivately(respond, locale, ADMIN.usage(USAGE.abolish));
  if (!date.ok) return replyPrivately(respond, locale, dateProblemSentence(date, dateText!));
  const preview = await abolishItem(
    deps.database.db,
    {
      item: item.code,
      from: date.date,
      reason: why.join(' ') || undefined,
      actor: `slack:${who.userId}`,
      dryRun: true,
    },
    deps.clock(),
  );
  if (!preview.ok) return replyPrivately(respond, locale, preview.reasons.map((r) => reasonLine(r, locale)).join('\n'));
  const abolition = preview.value;
  const text = ADMIN.abolishPreview(item.code, abolition.from.toString(), abolition.contracts.length)[locale];
  const list = abolition.contracts
    .slice(0, 40)
    .map((c) => `• ${c.id} (${c.commonName}) → ${c.endsOn} ${END_REASON[c.endReason][locale]}`)
    .join('\n');
  await respond({
    response_type: 'ephemeral',
    text,
    blocks: [
      section(text),
      ...(list ? [section(list)] : []),
      actions('abolish', [
        button(
          ADMIN.abolishConfirm[locale],
          CONFIRM_ABOLITION,
          JSON.stringify({ item: item.code, from: abolition.from.toString(), reason: why.join(' ') || null }),
          { style: 'danger' },
        ),
      ]),
    ],
  });
};
