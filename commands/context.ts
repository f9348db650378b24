// What every listener gets: the app's dependencies, and the person in front of it.
import type {
  AllMiddlewareArgs,
  BlockAction,
  Context,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  StaticSelectAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../src/config.js';
import { typed } from '../src/domain/typed.js';
import type { Database } from '../src/db/client.js';
import type { Bilingual, Locale } from '../src/i18n/text.js';
import { whoIs, type Person } from '../src/services/people.js';
import { ackFirst } from '../src/slack/after-acks.js';
import type { WorkFailed } from '../src/slack/app.js';
import type { LocaleCache } from '../src/slack/locale.js';
import { section } from '../src/slack/views/blocks.js';

export interface AppDeps {
  database: Database;
  config: Config;
  /** The instant requests are handled at: the system clock, or the sandbox's. */
  clock: () => Date;
  /** Ask the scheduler to deliver what a change just decided (a redrawn notice, a message). */
  requestSweep: (reason: string) => Promise<void>;
  locales: LocaleCache;
  /** Where an error of the work after an ack goes (src/slack/app.ts). */
  failed: WorkFailed;
}

/** What a listener of a button gets from Bolt. */
export type ButtonClick = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
/** What a listener of a select menu gets from Bolt. */
export type SelectChange = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;
/** What a listener of a modal input that reports each change (a date picker, a select) gets from Bolt. */
export type InputChange = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
/** What a listener of a modal's submission gets from Bolt. */
export type ModalSubmission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface Who {
  userId: string;
  channelId: string | null;
  locale: Locale;
  person: Person;
}

export async function identifyPerson(
  deps: AppDeps,
  client: WebClient,
  userId: string,
  channelId: string | null,
): Promise<Who> {
  const [locale, person] = await Promise.all([
    deps.locales.of(client, userId),
    whoIs(deps.database.db, userId, channelId),
  ]);
  return { userId, channelId, locale, person };
}

/**
 * The rest of a listener's work once it has acknowledged: it waits while requests keep coming in
 * (src/slack/after-acks.ts), then goes on with the clock stopped at the request's arrival, so that
 * the wait never moves the instant an answer or a cancellation is taken to be made (Art. 6, Art. 9).
 * Its error goes where a listener's would (logged with Slack's id of the delivery, and reported).
 */
export function afterAck(
  deps: AppDeps,
  deliveryId: string | undefined,
  work: (deps: AppDeps) => Promise<void>,
  options: { waits?: boolean } = {},
): void {
  const at = deps.clock();
  ackFirst.run(
    () => work({ ...deps, clock: () => at }),
    (e) => deps.failed(e, deliveryId),
    options,
  );
}

/** An answer only the person who asked sees. */
export async function replyPrivately(
  respond: RespondFn,
  locale: Locale,
  text: Bilingual | string,
  blocks?: unknown[],
): Promise<void> {
  const shown = typeof text === 'string' ? text : text[locale];
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: shown,
    blocks: (blocks as never) ?? [section(shown)],
  });
}

/** The parts of Slack's payloads the listeners read, checked as they arrive. */
export { ActionPayload, SlashPayload, ViewPayload } from '../src/slack/payloads.js';

/** A value of a modal's input, whatever its element: text, select, date or checkboxes. */
export function valueOf(values: Record<string, Record<string, unknown>>, block: string): string | string[] | null {
  const element = Object.values(values[block] ?? {})[0] as Record<string, unknown> | undefined;
  if (!element) return null;
  if (typeof element.value === 'string') return typed(element.value).trim() || null;
  const selected = element.selected_option as { value?: string } | null | undefined;
  if (selected?.value) return selected.value;
  if (typeof element.selected_date === 'string') return element.selected_date;
  if (Array.isArray(element.selected_options))
    return (element.selected_options as { value: string }[]).map((o) => o.value);
  return null;
}

/** Slack's id of the delivery a request came in (set by the receiver), which makes an answer once only. */
export function deliveryOf(context: Context): string | undefined {
  return typeof context.deliveryId === 'string' ? context.deliveryId : undefined;
}

/** A modal input's text (or single choice), or null when empty. */
export function textOf(values: Record<string, Record<string, unknown>>, block: string): string | null {
  const value = valueOf(values, block);
  return typeof value === 'string' ? value : null;
}

/** A modal input's choices (checkboxes, a multi-select): none when empty. */
export function choicesOf(values: Record<string, Record<string, unknown>>, block: string): string[] {
  const value = valueOf(values, block);
  return value === null ? [] : Array.isArray(value) ? value : [value];
}

/** Splits a slash command's text into words (read as typed() reads it), keeping "quoted words" together and Slack's <…> escapes whole. */
export function words(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  for (const match of typed(text).matchAll(re)) out.push(match[1] ?? match[2] ?? match[3]!);
  return out;
}

/** Slack's mention and channel-link escapes, read as the command line reads them. */
export { channelRef, userRef } from '../src/services/admin.js';
