// Requests into the app as Slack sends them: signed with the signing secret, in the three body
// kinds Slack uses (a form for slash commands, a form holding `payload=<json>` for interactions,
// JSON for the Events API), with the fields Bolt reads.
import { randomBytes } from 'node:crypto';
import type {
  BlockAction,
  ButtonAction,
  EnvelopedEvent,
  SlashCommand,
  ViewOutput,
  ViewStateValue,
  ViewSubmitAction,
} from '@slack/bolt';
import {
  encodeSlackBody as encodeBody,
  jsonOf,
  newEventId,
  signSlackRequest,
  type SlackRequestKind,
} from '../../../src/sandbox/signed-requests.js';
import { FAKE_BOT, FAKE_CHANNEL, FAKE_TEAM, FAKE_USER } from './fake-slack.js';

export { newEventId, signSlackRequest, type SlackRequestKind };

export interface SlackBodyOf {
  command: Record<string, string | undefined>;
  interactive: object;
  event: object;
}

export interface SlackPostOptions {
  signingSecret: string;
  /** X-Slack-Request-Timestamp in seconds; now by default. */
  timestamp?: number;
  /** Send a timestamp ten minutes old (Bolt refuses anything older than five). */
  staleTimestamp?: boolean;
  /** Sign with the wrong secret. */
  badSignature?: boolean;
  /** X-Slack-Retry-Num; X-Slack-Retry-Reason defaults to 'http_timeout' with it. */
  retryNum?: number;
  retryReason?: string;
  /** Change the body after signing it, to send what the signature does not cover. */
  tamper?: (rawBody: string) => string;
  /** Override the Content-Type (Bolt compares it exactly: a `; charset=` suffix breaks form parsing). */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface SlackReply {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON (Bolt often answers an empty 200). */
  json: unknown;
}

// Slack still sends the deprecated verification token; Bolt ignores it.
const VERIFICATION_TOKEN = 'fake-verification-token';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
/** An action_ts / event_ts style timestamp for now ("1700000000.123456"). */
export const slackNowTs = (): string => {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + Math.floor(Math.random() * 1000)).padStart(6, '0')}`;
};

let triggerCounter = 0;
/** A fresh trigger_id in Slack's shape ("<digits>.<digits>.<hex>"), unique each time. */
export function newTriggerId(): string {
  triggerCounter += 1;
  return `${Date.now()}.${triggerCounter}.${randomBytes(16).toString('hex')}`;
}

/** The raw body and Content-Type Slack would send for a body of this kind. */
export function encodeSlackBody<K extends SlackRequestKind>(
  kind: K,
  body: SlackBodyOf[K],
): { rawBody: string; contentType: string } {
  return encodeBody(kind, body);
}

/** The headers of a signed Slack request for this raw body. */
export function slackHeaders(rawBody: string, contentType: string, options: SlackPostOptions): Record<string, string> {
  const timestamp = options.timestamp ?? (options.staleTimestamp ? nowSeconds() - 600 : nowSeconds());
  const secret = options.badSignature ? `${options.signingSecret}-wrong` : options.signingSecret;
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signSlackRequest(secret, timestamp, rawBody),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return { ...headers, ...options.headers };
}

/** POSTs a signed Slack request to the app and reads the whole answer. */
export async function slackPost<K extends SlackRequestKind>(
  url: string,
  kind: K,
  body: SlackBodyOf[K],
  options: SlackPostOptions,
): Promise<SlackReply> {
  const { rawBody, contentType } = encodeSlackBody(kind, body);
  const headers = slackHeaders(rawBody, contentType, options);
  const sent = options.tamper ? options.tamper(rawBody) : rawBody;
  const res = await fetch(url, { method: 'POST', headers, body: sent, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), text, json: jsonOf(text) };
}

// ---- slash commands ----

export interface SlashCommandInit {
  command: string;
  text?: string;
  /** Where respond() posts: typically fake.responseUrl({ channel, user }). */
  responseUrl: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  triggerId?: string;
}

export function slashCommand(init: SlashCommandInit): SlashCommand {
  return {
    token: VERIFICATION_TOKEN,
    team_id: init.teamId ?? FAKE_TEAM.id,
    team_domain: init.teamDomain ?? FAKE_TEAM.domain,
    channel_id: init.channelId ?? FAKE_CHANNEL.id,
    channel_name: init.channelName ?? FAKE_CHANNEL.name,
    user_id: init.userId ?? FAKE_USER.id,
    user_name: init.userName ?? FAKE_USER.name,
    command: init.command,
    text: init.text ?? '',
    api_app_id: init.apiAppId ?? FAKE_BOT.appId,
    is_enterprise_install: 'false',
    response_url: init.responseUrl,
    trigger_id: init.triggerId ?? newTriggerId(),
  };
}

// ---- interactions ----

export interface ButtonInit {
  actionId: string;
  blockId?: string;
  value?: string;
  text?: string;
}

export interface BlockActionsInit {
  actions: ButtonInit | ButtonInit[];
  /** Required for a click on a message; a click inside a modal (`view` given) has none. */
  responseUrl?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  /** The message holding the button (for a click on a message). */
  messageTs?: string;
  messageText?: string;
  messageBlocks?: unknown[];
  /** The modal holding the button (for a click inside a modal). */
  view?: ViewOutput;
  teamId?: string;
  apiAppId?: string;
  triggerId?: string;
}

export type BlockActionsPayload = Omit<BlockAction<ButtonAction>, 'response_url'> & { response_url?: string };

/** A block_actions payload for button clicks, on a message or inside a modal. */
export function blockActions(init: BlockActionsInit): BlockActionsPayload {
  const userId = init.userId ?? FAKE_USER.id;
  const teamId = init.teamId ?? FAKE_TEAM.id;
  const actions: ButtonAction[] = (Array.isArray(init.actions) ? init.actions : [init.actions]).map((a) => ({
    type: 'button',
    action_id: a.actionId,
    block_id: a.blockId ?? 'actions',
    text: { type: 'plain_text', text: a.text ?? a.actionId, emoji: true },
    ...(a.value !== undefined ? { value: a.value } : {}),
    action_ts: slackNowTs(),
  }));
  const common = {
    type: 'block_actions' as const,
    user: {
      id: userId,
      username: init.userName ?? FAKE_USER.name,
      name: init.userName ?? FAKE_USER.name,
      team_id: teamId,
    },
    api_app_id: init.apiAppId ?? FAKE_BOT.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: init.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: FAKE_TEAM.domain },
    is_enterprise_install: false,
    actions,
  };
  if (init.view) {
    return {
      ...common,
      container: { type: 'view', view_id: init.view.id },
      view: init.view,
      state: init.view.state,
    };
  }
  const channelId = init.channelId ?? FAKE_CHANNEL.id;
  const messageTs = init.messageTs ?? slackNowTs();
  return {
    ...common,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: init.channelName ?? FAKE_CHANNEL.name },
    message: {
      type: 'message',
      user: FAKE_BOT.userId,
      bot_id: FAKE_BOT.botId,
      app_id: FAKE_BOT.appId,
      team: teamId,
      ts: messageTs,
      text: init.messageText ?? '',
      blocks: init.messageBlocks ?? [],
    },
    state: { values: {} },
    ...(init.responseUrl !== undefined ? { response_url: init.responseUrl } : {}),
  };
}

/** A plain_text_input's state value. */
export const inputValue = (value: string | null): ViewStateValue => ({ type: 'plain_text_input', value });
/** A static_select's state value. */
export const selectValue = (value: string, text = value): ViewStateValue => ({
  type: 'static_select',
  selected_option: { value, text: { type: 'plain_text', text, emoji: true } },
});

export interface ViewSubmissionInit {
  callbackId: string;
  /** state.values: { [block_id]: { [action_id]: value } }. */
  values: Record<string, Record<string, ViewStateValue>>;
  privateMetadata?: string;
  /** The id and hash views.open answered (fake.lastCall('views.open')…), so views.update can use them. */
  viewId?: string;
  hash?: string;
  title?: string;
  blocks?: unknown[];
  userId?: string;
  userName?: string;
  teamId?: string;
  apiAppId?: string;
  triggerId?: string;
  /** For modals with response_url_enabled inputs. */
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** A view_submission payload, as Slack sends it when the user presses Submit. */
export function viewSubmission(init: ViewSubmissionInit): ViewSubmitAction {
  const teamId = init.teamId ?? FAKE_TEAM.id;
  const viewId = init.viewId ?? 'V0SUBMITTED';
  const view: ViewOutput = {
    id: viewId,
    team_id: teamId,
    type: 'modal',
    callback_id: init.callbackId,
    title: { type: 'plain_text', text: init.title ?? 'certdesk', emoji: true },
    submit: { type: 'plain_text', text: 'Submit', emoji: true },
    close: { type: 'plain_text', text: 'Cancel', emoji: true },
    blocks: (init.blocks ?? []) as ViewOutput['blocks'],
    private_metadata: init.privateMetadata ?? '',
    state: { values: init.values },
    hash: init.hash ?? `${nowSeconds()}.submitted`,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: viewId,
    previous_view_id: null,
    app_id: init.apiAppId ?? FAKE_BOT.appId,
    app_installed_team_id: teamId,
    bot_id: FAKE_BOT.botId,
    external_id: '',
  };
  return {
    type: 'view_submission',
    team: { id: teamId, domain: FAKE_TEAM.domain },
    user: { id: init.userId ?? FAKE_USER.id, name: init.userName ?? FAKE_USER.name, team_id: teamId },
    api_app_id: init.apiAppId ?? FAKE_BOT.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: init.triggerId ?? newTriggerId(),
    view,
    response_urls: init.responseUrls ?? [],
    is_enterprise_install: false,
  };
}

// ---- Events API ----

export interface EventCallbackInit {
  eventId?: string;
  /** Seconds. */
  eventTime?: number;
  teamId?: string;
  apiAppId?: string;
}

/** An event_callback envelope around an event (the body Bolt's event listeners get). */
export function eventCallback<E extends { type: string }>(event: E, init: EventCallbackInit = {}): EnvelopedEvent<E> {
  const teamId = init.teamId ?? FAKE_TEAM.id;
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: init.apiAppId ?? FAKE_BOT.appId,
    event,
    type: 'event_callback',
    event_id: init.eventId ?? newEventId(),
    event_time: init.eventTime ?? nowSeconds(),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

/** The app_home_opened event for a user opening the Home tab. */
export function appHomeOpened(user: string = FAKE_USER.id): {
  type: 'app_home_opened';
  user: string;
  channel: string;
  tab: 'home';
  event_ts: string;
} {
  return { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home', event_ts: slackNowTs() };
}

/** The url_verification challenge Slack sends when the Request URL is saved. */
export function urlVerification(challenge = randomBytes(24).toString('base64url')): {
  token: string;
  challenge: string;
  type: 'url_verification';
} {
  return { token: VERIFICATION_TOKEN, challenge, type: 'url_verification' };
}
