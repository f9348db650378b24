// Slack's documented Block Kit limits, checked the way Slack checks them before it refuses a
// payload. Lengths count code points (what Slack counts), so a Japanese title is measured by
// its characters, not its UTF-16 units or bytes. One table for the builders (views/blocks.ts
// cuts text to it), the sandbox (it refuses what Slack would refuse) and the tests.

export type Surface = 'message' | 'modal' | 'home';

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  privateMetadata: 3_000,
  callbackId: 255,
  sectionText: 3_000,
  sectionFields: 10,
  sectionFieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  buttonUrl: 3_000,
  id: 255,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  selectOptions: 100,
  optionGroups: 100,
  overflowOptions: 5,
  checkboxOptions: 10,
  placeholder: 150,
  inputLabel: 2_000,
  inputHint: 2_000,
  imageAltText: 2_000,
  imageUrl: 3_000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Code points, as Slack counts them (a surrogate pair is one character). */
export const charCount = (s: string): number => [...s].length;

/** The text of a composition object ({type, text}) or a bare string. */
const textOf = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v.text === 'string') return v.text;
  return undefined;
};

class Checker {
  readonly violations: string[] = [];

  max(path: string, what: string, value: string | undefined, limit: number): void {
    if (value === undefined) return;
    const n = charCount(value);
    if (n > limit) this.violations.push(`${path}: ${what} is ${n} characters (max ${limit})`);
  }

  maxItems(path: string, what: string, items: unknown[], limit: number): void {
    if (items.length > limit) this.violations.push(`${path}: ${what} has ${items.length} (max ${limit})`);
  }

  add(message: string): void {
    this.violations.push(message);
  }
}

const SELECTS_WITH_OPTIONS = new Set(['static_select', 'multi_static_select']);
const SHORT_OPTION_LISTS: Record<string, number> = {
  overflow: LIMITS.overflowOptions,
  checkboxes: LIMITS.checkboxOptions,
  radio_buttons: LIMITS.checkboxOptions,
};

function checkOption(c: Checker, path: string, option: unknown): void {
  if (!isObject(option)) return;
  c.max(`${path}.text`, 'option text', textOf(option.text), LIMITS.optionText);
  if (typeof option.value === 'string') c.max(`${path}.value`, 'option value', option.value, LIMITS.optionValue);
  c.max(`${path}.description`, 'option description', textOf(option.description), LIMITS.optionDescription);
}

function checkConfirm(c: Checker, path: string, confirm: unknown): void {
  if (!isObject(confirm)) return;
  c.max(`${path}.title`, 'confirm title', textOf(confirm.title), LIMITS.confirmTitle);
  c.max(`${path}.text`, 'confirm text', textOf(confirm.text), LIMITS.confirmText);
  c.max(`${path}.confirm`, 'confirm button text', textOf(confirm.confirm), LIMITS.confirmButton);
  c.max(`${path}.deny`, 'deny button text', textOf(confirm.deny), LIMITS.confirmButton);
}

function checkElement(c: Checker, path: string, element: unknown): void {
  if (!isObject(element)) return;
  const type = typeof element.type === 'string' ? element.type : '';
  if (typeof element.action_id === 'string') c.max(`${path}.action_id`, 'action_id', element.action_id, LIMITS.id);
  c.max(`${path}.placeholder`, 'placeholder', textOf(element.placeholder), LIMITS.placeholder);
  checkConfirm(c, `${path}.confirm`, element.confirm);
  if (type === 'button') {
    c.max(`${path}.text`, 'button text', textOf(element.text), LIMITS.buttonText);
    if (typeof element.value === 'string') c.max(`${path}.value`, 'button value', element.value, LIMITS.buttonValue);
    if (typeof element.url === 'string') c.max(`${path}.url`, 'button url', element.url, LIMITS.buttonUrl);
  }
  if (type === 'image') {
    c.max(`${path}.alt_text`, 'image alt_text', textOf(element.alt_text), LIMITS.imageAltText);
  }
  const options = asArray(element.options);
  if (SELECTS_WITH_OPTIONS.has(type)) c.maxItems(`${path}.options`, `${type} options`, options, LIMITS.selectOptions);
  const shortLimit = SHORT_OPTION_LISTS[type];
  if (shortLimit !== undefined) c.maxItems(`${path}.options`, `${type} options`, options, shortLimit);
  options.forEach((o, i) => checkOption(c, `${path}.options[${i}]`, o));
  const groups = asArray(element.option_groups);
  c.maxItems(`${path}.option_groups`, 'option groups', groups, LIMITS.optionGroups);
  groups.forEach((g, gi) => {
    if (!isObject(g)) return;
    const groupOptions = asArray(g.options);
    c.maxItems(`${path}.option_groups[${gi}].options`, 'options in a group', groupOptions, LIMITS.selectOptions);
    groupOptions.forEach((o, i) => checkOption(c, `${path}.option_groups[${gi}].options[${i}]`, o));
  });
  checkOption(c, `${path}.initial_option`, element.initial_option);
}

function checkBlock(c: Checker, path: string, block: unknown, blockIds: Map<string, string>): void {
  if (!isObject(block)) {
    c.add(`${path}: a block must be an object`);
    return;
  }
  const type = typeof block.type === 'string' ? block.type : '';
  if (typeof block.block_id === 'string') {
    c.max(`${path}.block_id`, 'block_id', block.block_id, LIMITS.id);
    const first = blockIds.get(block.block_id);
    if (first !== undefined) c.add(`${path}.block_id: duplicate block_id "${block.block_id}" (first at ${first})`);
    else blockIds.set(block.block_id, path);
  }
  switch (type) {
    case 'section': {
      c.max(`${path}.text`, 'section text', textOf(block.text), LIMITS.sectionText);
      const fields = asArray(block.fields);
      c.maxItems(`${path}.fields`, 'section fields', fields, LIMITS.sectionFields);
      fields.forEach((f, i) => c.max(`${path}.fields[${i}]`, 'section field text', textOf(f), LIMITS.sectionFieldText));
      checkElement(c, `${path}.accessory`, block.accessory);
      break;
    }
    case 'header':
      c.max(`${path}.text`, 'header text', textOf(block.text), LIMITS.headerText);
      break;
    case 'context': {
      const elements = asArray(block.elements);
      c.maxItems(`${path}.elements`, 'context elements', elements, LIMITS.contextElements);
      elements.forEach((e, i) => checkElement(c, `${path}.elements[${i}]`, e));
      break;
    }
    case 'actions': {
      const elements = asArray(block.elements);
      c.maxItems(`${path}.elements`, 'actions elements', elements, LIMITS.actionsElements);
      const actionIds = new Map<string, number>();
      elements.forEach((e, i) => {
        checkElement(c, `${path}.elements[${i}]`, e);
        if (!isObject(e) || typeof e.action_id !== 'string') return;
        const first = actionIds.get(e.action_id);
        if (first !== undefined)
          c.add(
            `${path}.elements[${i}].action_id: duplicate action_id "${e.action_id}" in one block (first at elements[${first}])`,
          );
        else actionIds.set(e.action_id, i);
      });
      break;
    }
    case 'input': {
      const label = isObject(block.label) ? block.label : undefined;
      if (label !== undefined && label.type !== undefined && label.type !== 'plain_text')
        c.add(`${path}.label: an input label must be plain_text`);
      c.max(`${path}.label`, 'input label', textOf(block.label), LIMITS.inputLabel);
      c.max(`${path}.hint`, 'input hint', textOf(block.hint), LIMITS.inputHint);
      checkElement(c, `${path}.element`, block.element);
      break;
    }
    case 'image':
      c.max(`${path}.alt_text`, 'image alt_text', textOf(block.alt_text), LIMITS.imageAltText);
      if (typeof block.image_url === 'string')
        c.max(`${path}.image_url`, 'image_url', block.image_url, LIMITS.imageUrl);
      break;
    default:
      break;
  }
}

function checkBlocks(c: Checker, path: string, blocks: unknown, limit: number, surface: Surface): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) {
    c.add(`${path}: blocks must be an array`);
    return;
  }
  c.maxItems(path, `${surface} blocks`, blocks, limit);
  const blockIds = new Map<string, string>();
  blocks.forEach((b, i) => checkBlock(c, `${path}[${i}]`, b, blockIds));
}

/**
 * What Slack would refuse in a payload. `payload` is, for a message, the arguments of
 * chat.postMessage/update/postEphemeral or a response_url body ({ text, blocks }), or a bare
 * array of blocks; for a modal or Home tab, the view object.
 */
export function blockKitViolations(surface: Surface, payload: unknown): string[] {
  const c = new Checker();
  if (surface === 'message') {
    if (Array.isArray(payload)) {
      checkBlocks(c, 'blocks', payload, LIMITS.messageBlocks, surface);
      return c.violations;
    }
    if (!isObject(payload)) return ['message: payload must be an object'];
    if (typeof payload.text === 'string') c.max('text', 'message text', payload.text, LIMITS.messageText);
    checkBlocks(c, 'blocks', payload.blocks, LIMITS.messageBlocks, surface);
    return c.violations;
  }
  if (!isObject(payload)) return [`${surface}: view must be an object`];
  const expected = surface === 'home' ? 'home' : 'modal';
  if (payload.type !== expected) c.add(`view.type: is ${JSON.stringify(payload.type)}, expected "${expected}"`);
  if (surface === 'modal') {
    if (textOf(payload.title) === undefined) c.add('view.title: a modal needs a title');
    c.max('view.title', 'modal title', textOf(payload.title), LIMITS.viewTitle);
    c.max('view.submit', 'modal submit text', textOf(payload.submit), LIMITS.viewSubmit);
    c.max('view.close', 'modal close text', textOf(payload.close), LIMITS.viewClose);
  }
  if (typeof payload.private_metadata === 'string')
    c.max('view.private_metadata', 'private_metadata', payload.private_metadata, LIMITS.privateMetadata);
  if (typeof payload.callback_id === 'string')
    c.max('view.callback_id', 'callback_id', payload.callback_id, LIMITS.callbackId);
  if (typeof payload.external_id === 'string') c.max('view.external_id', 'external_id', payload.external_id, LIMITS.id);
  checkBlocks(c, 'view.blocks', payload.blocks, LIMITS.viewBlocks, surface);
  return c.violations;
}

/** The surface a recorded call of the fake targets, or undefined when it carries no Block Kit. */
export function surfaceOf(method: string): Surface | undefined {
  switch (method) {
    case 'chat.postMessage':
    case 'chat.update':
    case 'chat.postEphemeral':
    case 'chat.scheduleMessage':
    case 'response_url':
      return 'message';
    case 'views.open':
    case 'views.update':
    case 'views.push':
      return 'modal';
    case 'views.publish':
      return 'home';
    default:
      return undefined;
  }
}

/** The part of a call's arguments that blockKitViolations checks for that surface. */
export function payloadOf(method: string, args: Record<string, unknown>): unknown {
  return surfaceOf(method) === 'message' ? args : args.view;
}

/** The surface of one call: views.update may target a Home tab as well as a modal. */
function surfaceOfCall(method: string, args: Record<string, unknown>): Surface | undefined {
  const view = args.view;
  if (method === 'views.update' && isObject(view) && view.type === 'home') return 'home';
  return surfaceOf(method);
}

/** Every violation in a list of recorded calls, each prefixed with the call's position and method. */
export function violationsInCalls(calls: readonly { method: string; args: Record<string, unknown> }[]): string[] {
  const out: string[] = [];
  calls.forEach((call, i) => {
    const surface = surfaceOfCall(call.method, call.args);
    if (surface === undefined) return;
    for (const v of blockKitViolations(surface, payloadOf(call.method, call.args)))
      out.push(`#${i + 1} ${call.method}: ${v}`);
  });
  return out;
}
