// What Slack's client works out from the blocks on screen and what the person entered: the
// `state.values` of a view or message, the `actions` entry of a block_actions payload, and the
// checks Slack makes itself before it sends a view_submission (required inputs, lengths).
// The page sends raw values ({ [block_id]: { [action_id]: string | string[] | null } }); the
// stand-in turns them into Slack's typed shapes here, so the page need not know them.
import { isObject } from './slack-format.js';

export type RawValue = string | string[] | null;
export type RawValues = Record<string, Record<string, RawValue>>;

type Json = Record<string, unknown>;

export interface ElementRef {
  block: Json;
  element: Json;
  blockId: string;
  actionId: string;
}

/** Element types that keep a value in state.values. */
const STATEFUL = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'static_select',
  'multi_static_select',
  'datepicker',
  'timepicker',
  'checkboxes',
  'radio_buttons',
]);
const TEXT_LIKE = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input']);

/** Every interactive element of some blocks, with its block. */
export function elementsOf(blocks: unknown[]): ElementRef[] {
  const out: ElementRef[] = [];
  for (const block of blocks) {
    if (!isObject(block) || typeof block.block_id !== 'string') continue;
    const candidates: unknown[] = [];
    if (block.type === 'actions' && Array.isArray(block.elements)) candidates.push(...block.elements);
    if (block.type === 'section' && block.accessory !== undefined) candidates.push(block.accessory);
    if (block.type === 'input' && block.element !== undefined) candidates.push(block.element);
    for (const element of candidates) {
      if (isObject(element) && typeof element.action_id === 'string')
        out.push({ block, element, blockId: block.block_id, actionId: element.action_id });
    }
  }
  return out;
}

export function findElement(blocks: unknown[], blockId: string, actionId: string): ElementRef | undefined {
  return elementsOf(blocks).find((r) => r.blockId === blockId && r.actionId === actionId);
}

/** Every option of a select-like element (options or option_groups). */
function optionsOf(element: Json): Json[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) => (isObject(g) && Array.isArray(g.options) ? g.options : []))
    : [];
  return [...direct, ...grouped].filter(isObject);
}

const optionByValue = (element: Json, value: string): Json | undefined =>
  optionsOf(element).find((o) => o.value === value);

/** The value an element starts with, as a raw value. */
function initialRaw(element: Json): RawValue {
  const type = element.type;
  if (TEXT_LIKE.has(String(type))) return typeof element.initial_value === 'string' ? element.initial_value : null;
  if (type === 'static_select' || type === 'radio_buttons')
    return isObject(element.initial_option) && typeof element.initial_option.value === 'string'
      ? element.initial_option.value
      : null;
  if (type === 'multi_static_select' || type === 'checkboxes') {
    return Array.isArray(element.initial_options)
      ? element.initial_options.flatMap((o) => (isObject(o) && typeof o.value === 'string' ? [o.value] : []))
      : [];
  }
  if (type === 'datepicker') return typeof element.initial_date === 'string' ? element.initial_date : null;
  if (type === 'timepicker') return typeof element.initial_time === 'string' ? element.initial_time : null;
  return null;
}

const rawOf = (raw: RawValues | undefined, ref: ElementRef): RawValue => {
  const block = raw?.[ref.blockId];
  if (block && Object.hasOwn(block, ref.actionId)) return block[ref.actionId] ?? null;
  return initialRaw(ref.element);
};

const asList = (v: RawValue): string[] => (Array.isArray(v) ? v : v === null || v === '' ? [] : [v]);
const asOne = (v: RawValue): string | null => (Array.isArray(v) ? (v[0] ?? null) : v === '' ? null : v);

/** The typed value Slack reports for an element holding `value`. */
function typedValue(element: Json, value: RawValue): Json {
  const type = String(element.type);
  if (TEXT_LIKE.has(type)) return { type, value: asOne(value) };
  if (type === 'static_select' || type === 'radio_buttons') {
    const v = asOne(value);
    return { type, selected_option: v === null ? null : (optionByValue(element, v) ?? null) };
  }
  if (type === 'multi_static_select' || type === 'checkboxes') {
    return { type, selected_options: asList(value).flatMap((v) => optionByValue(element, v) ?? []) };
  }
  if (type === 'datepicker') return { type, selected_date: asOne(value) };
  if (type === 'timepicker') return { type, selected_time: asOne(value) };
  return { type };
}

/** state.values for blocks: every stateful element, from what was entered or its initial value. */
export function stateValues(blocks: unknown[], raw: RawValues | undefined): Record<string, Record<string, Json>> {
  const out: Record<string, Record<string, Json>> = {};
  for (const ref of elementsOf(blocks)) {
    if (!STATEFUL.has(String(ref.element.type))) continue;
    (out[ref.blockId] ??= {})[ref.actionId] = typedValue(ref.element, rawOf(raw, ref));
  }
  return out;
}

/** The `actions[0]` of a block_actions payload for an element and the value it was given. */
export function actionOf(ref: ElementRef, value: RawValue, actionTs: string): Json {
  const e = ref.element;
  const type = String(e.type);
  const base: Json = { type, action_id: ref.actionId, block_id: ref.blockId };
  if (type === 'button') {
    return {
      ...base,
      text: e.text,
      ...(typeof e.value === 'string' ? { value: e.value } : {}),
      ...(typeof e.style === 'string' ? { style: e.style } : {}),
      ...(typeof e.url === 'string' ? { url: e.url } : {}),
      action_ts: actionTs,
    };
  }
  if (type === 'overflow') {
    const v = asOne(value);
    return { ...base, selected_option: v === null ? null : (optionByValue(e, v) ?? null), action_ts: actionTs };
  }
  const typed = typedValue(e, value);
  const extra: Json = {};
  if (type === 'static_select' || type === 'multi_static_select') {
    if (e.placeholder !== undefined) extra.placeholder = e.placeholder;
  }
  if (type === 'datepicker' && typeof e.initial_date === 'string') extra.initial_date = e.initial_date;
  return { ...typed, ...base, ...extra, action_ts: actionTs };
}

const MESSAGES = {
  required: { ja: 'この項目は必須です。', en: 'Please fill out this field.' },
  tooShort: {
    ja: (n: number) => `${n} 文字以上で入力してください。`,
    en: (n: number) => `Please enter at least ${n} characters.`,
  },
  tooLong: {
    ja: (n: number) => `${n} 文字以内で入力してください。`,
    en: (n: number) => `Please enter ${n} characters or fewer.`,
  },
  notNumber: { ja: '数値を入力してください。', en: 'Please enter a number.' },
};

/**
 * What Slack's client refuses before anything is sent: an empty required input, text shorter
 * than min_length or longer than max_length, a number_input that is not a number.
 */
export function clientErrors(blocks: unknown[], raw: RawValues | undefined, locale: string): Record<string, string> {
  const l = locale.startsWith('ja') ? 'ja' : 'en';
  const errors: Record<string, string> = {};
  for (const ref of elementsOf(blocks)) {
    if (ref.block.type !== 'input') continue;
    const value = rawOf(raw, ref);
    const type = String(ref.element.type);
    const empty = Array.isArray(value) ? value.length === 0 : value === null || value.trim() === '';
    if (empty) {
      if (ref.block.optional !== true) errors[ref.blockId] = MESSAGES.required[l];
      continue;
    }
    if (!TEXT_LIKE.has(type) || typeof value !== 'string') continue;
    const length = [...value].length;
    const min = ref.element.min_length;
    const max = ref.element.max_length;
    if (typeof min === 'number' && length < min) errors[ref.blockId] = MESSAGES.tooShort[l](min);
    else if (typeof max === 'number' && length > max) errors[ref.blockId] = MESSAGES.tooLong[l](max);
    else if (type === 'number_input' && !Number.isFinite(Number(value.trim())))
      errors[ref.blockId] = MESSAGES.notNumber[l];
  }
  return errors;
}
