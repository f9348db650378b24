// Small typed builders for Block Kit, cutting text to Slack's limits so a long name or list can
// never make Slack refuse a message (the limits: ../block-kit-limits.ts, from Slack's Block Kit
// reference, https://docs.slack.dev/reference/block-kit/blocks).
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  Datepicker,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextOption,
  PlainTextElement,
  PlainTextInput,
  SectionBlock,
  StaticSelect,
  Checkboxes,
} from '@slack/types';
import { charCount, LIMITS } from '../block-kit-limits.js';

export type { KnownBlock };

export { LIMITS };

/** Cuts text to a number of characters (code points, so Japanese counts as Slack counts it). */
export function cut(text: string, max: number): string {
  if (charCount(text) <= max) return text;
  return `${[...text].slice(0, max - 1).join('')}…`;
}

/** Escapes what mrkdwn would read as markup or links in text that came from people. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const plain = (text: string, max: number = LIMITS.sectionText): PlainTextElement => ({
  type: 'plain_text',
  text: cut(text, max),
  emoji: true,
});
export const md = (text: string, max: number = LIMITS.sectionText): MrkdwnElement => ({
  type: 'mrkdwn',
  text: cut(text, max),
});

export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(text, LIMITS.headerText) });
export const divider = (): DividerBlock => ({ type: 'divider' });

export function section(
  text: string,
  extra: { blockId?: string; fields?: string[]; accessory?: SectionBlock['accessory'] } = {},
): SectionBlock {
  return {
    type: 'section',
    ...(extra.blockId ? { block_id: extra.blockId } : {}),
    text: md(text),
    ...(extra.fields?.length
      ? { fields: extra.fields.slice(0, LIMITS.sectionFields).map((f) => md(f, LIMITS.sectionFieldText)) }
      : {}),
    ...(extra.accessory ? { accessory: extra.accessory } : {}),
  };
}

/** Label–value pairs as section fields, ten at most per section. */
export function fieldsSections(pairs: readonly [string, string][]): SectionBlock[] {
  const out: SectionBlock[] = [];
  for (let i = 0; i < pairs.length; i += LIMITS.sectionFields) {
    out.push({
      type: 'section',
      fields: pairs.slice(i, i + LIMITS.sectionFields).map(([k, v]) => md(`*${k}*\n${v}`, LIMITS.sectionFieldText)),
    });
  }
  return out;
}

export const context = (...texts: string[]): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, LIMITS.contextElements).map((t) => md(t)),
});

export function button(
  text: string,
  actionId: string,
  value: string,
  opts: { style?: 'primary' | 'danger'; confirm?: { title: string; text: string; yes: string; no: string } } = {},
): Button {
  return {
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: actionId,
    value: cut(value, LIMITS.buttonValue),
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.confirm
      ? {
          confirm: {
            title: plain(opts.confirm.title, LIMITS.confirmTitle),
            text: plain(opts.confirm.text, LIMITS.confirmText),
            confirm: plain(opts.confirm.yes, LIMITS.confirmButton),
            deny: plain(opts.confirm.no, LIMITS.confirmButton),
          },
        }
      : {}),
  };
}

export const actions = (blockId: string, elements: ActionsBlock['elements']): ActionsBlock => ({
  type: 'actions',
  block_id: blockId,
  elements: elements.slice(0, LIMITS.actionsElements),
});

export const option = (text: string, value: string): PlainTextOption => ({
  text: plain(text, LIMITS.optionText),
  value: cut(value, LIMITS.optionValue),
});

export function staticSelect(
  actionId: string,
  placeholder: string,
  options: PlainTextOption[],
  initial?: string,
): StaticSelect {
  const opts = options.slice(0, LIMITS.selectOptions);
  const chosen = initial ? opts.find((o) => o.value === initial) : undefined;
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: plain(placeholder, LIMITS.placeholder),
    options: opts,
    ...(chosen ? { initial_option: chosen } : {}),
  };
}

export function datepicker(actionId: string, placeholder: string, initial?: string): Datepicker {
  return {
    type: 'datepicker',
    action_id: actionId,
    placeholder: plain(placeholder, LIMITS.placeholder),
    ...(initial ? { initial_date: initial } : {}),
  };
}

export function textInput(
  actionId: string,
  opts: { placeholder?: string; multiline?: boolean; initial?: string; maxLength?: number } = {},
): PlainTextInput {
  return {
    type: 'plain_text_input',
    action_id: actionId,
    ...(opts.placeholder ? { placeholder: plain(opts.placeholder, LIMITS.placeholder) } : {}),
    ...(opts.multiline ? { multiline: true } : {}),
    ...(opts.initial ? { initial_value: opts.initial } : {}),
    ...(opts.maxLength ? { max_length: opts.maxLength } : {}),
  };
}

export function checkboxes(actionId: string, options: PlainTextOption[], initial: string[] = []): Checkboxes {
  const chosen = options.filter((o) => o.value !== undefined && initial.includes(o.value));
  return {
    type: 'checkboxes',
    action_id: actionId,
    options: options.slice(0, LIMITS.checkboxOptions),
    ...(chosen.length ? { initial_options: chosen } : {}),
  };
}

export function input(
  blockId: string,
  label: string,
  element: InputBlock['element'],
  opts: { optional?: boolean; hint?: string; dispatch?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, LIMITS.inputLabel),
    element,
    ...(opts.optional ? { optional: true } : {}),
    ...(opts.hint ? { hint: plain(opts.hint, LIMITS.inputHint) } : {}),
    ...(opts.dispatch ? { dispatch_action: true } : {}),
  };
}

/** A message keeps at most 50 blocks: the last ones give way to a note that more exist. */
export function capBlocks(blocks: KnownBlock[], max: number, more: (hidden: number) => string): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, context(more(blocks.length - kept.length))];
}
