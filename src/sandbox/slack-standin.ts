// A local stand-in for Slack, for `certdesk sandbox`: one HTTP server on 127.0.0.1 that is
//  - the Web API (`<url>/api/<method>`) and response_urls the app calls, answered from an
//    in-memory workspace (people, channels, messages, threads, reactions, modals, Home tabs);
//  - Slack towards the app: signed requests to `appUrl + /slack/events` for slash commands,
//    clicks, modal submissions and closes, typed messages and App Home opens;
//  - a web page at `/` (and its JSON API under /sandbox/) on which a newcomer plays the people.
// The app cannot tell it from Slack: it sees the same signed HTTP and the same Web API answers.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { actionOf, clientErrors, findElement, stateValues, type RawValue, type RawValues } from './block-state.js';
import { newEventId, postToApp, VERIFICATION_TOKEN, type AppReply, type SlackRequestKind } from './signed-requests.js';
import type { PageMail } from './mail-panel.js';
import { handlePage, pageDirectory, type PageContext } from './page-api.js';
import {
  escapeTyped,
  isObject,
  parseArgs,
  readBody,
  Refusal,
  str,
  type SlackArgs,
  type SlackResult,
} from './slack-format.js';
import { WebApi } from './web-api.js';
import {
  SANDBOX_BOT,
  SANDBOX_TEAM,
  withIds,
  Workspace,
  type ActionContainer,
  type SandboxBot,
  type SandboxChannel,
  type SandboxTeam,
  type SandboxUser,
  type StoredMessage,
  type StoredView,
} from './workspace.js';

export type { SandboxBot, SandboxChannel, SandboxTeam, SandboxUser } from './workspace.js';
export type { RawValue, RawValues } from './block-state.js';

/** The sandbox's clock: the stand-in reads it and asks it to move; it does not own it. */
export interface SandboxClock {
  now(): Date;
  /** Moves the clock (and whatever runs on it); absent when the clock cannot move. */
  moveTo?(instant: Date): Promise<void>;
}

export interface SandboxStandinOptions {
  /** Only loopback: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** Default 3000; 0 for any free port. */
  port?: number;
  /** The app's base URL (http://127.0.0.1:3001); requests go to appUrl + requestPath. */
  appUrl: string;
  /** Default '/slack/events' (Bolt's). */
  requestPath?: string;
  signingSecret: string;
  /** The token the app's WebClient sends; any other is answered `invalid_auth`. */
  botToken: string;
  users: SandboxUser[];
  channels: SandboxChannel[];
  clock?: SandboxClock;
  /** The zone of the page's clock and of "move to date" (default Asia/Tokyo). */
  timeZone?: string;
  /** The slash commands the app registered (default ['/cert']). */
  commands?: string[];
  team?: SandboxTeam;
  bot?: SandboxBot;
  /** How long Slack waits for the app to answer a request (default 3000 ms). */
  ackTimeoutMs?: number;
  /** Refuse trigger_ids older than this (Slack: 3000 ms); off by default. */
  triggerTtlMs?: number;
  /** Refuse payloads over Block Kit's limits, as Slack does (default true). */
  refuseInvalidBlocks?: boolean;
  /** Where index.html, sandbox.css and sandbox.js are (default: src/sandbox/page). */
  pageDir?: string;
  /** The e-mails the app sent, for the page's Mailbox panel (none: the page has no panel). */
  mail?: PageMail;
  /** One line per noteworthy event (the app failed to answer…); never secrets. */
  log?: (line: string) => void;
}

export interface InteractionResult {
  ok: boolean;
  /** Why not: 'unknown_user', 'not_in_channel', 'unknown_command', 'app_failed'… */
  error?: string;
  /** The app's HTTP status (0 when it did not answer). */
  status?: number;
  /** The message typed (sendMessage). */
  ts?: string;
}

export interface SubmitResult extends InteractionResult {
  /**
   * closed / updated / pushed / cleared: what the app's answer did to the modal; errors: the app
   * answered validation errors; refused: Slack's own checks (required fields) stopped it;
   * failed: the app did not answer properly.
   */
  outcome?: 'closed' | 'updated' | 'pushed' | 'cleared' | 'errors' | 'refused' | 'failed';
  errors?: Record<string, string>;
}

export type { ActionContainer };

export interface ActionInput {
  container: ActionContainer;
  blockId: string;
  actionId: string;
  /** The element's new value (a select's option value, a date, checked values…); none for a button. */
  value?: RawValue;
  /** Everything entered in the surface (a modal's inputs), for state.values. */
  values?: RawValues;
}

export interface CallListener {
  (call: { method: string; args: SlackArgs; result: SlackResult; status: number }): void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const systemClock: SandboxClock = { now: () => new Date() };

export class SlackStandin {
  /** The page: http://127.0.0.1:<port>/ (no trailing slash). */
  readonly url: string;
  /** Give the app's WebClient this as `slackApiUrl`; ends with '/api/'. */
  readonly apiUrl: string;
  /** Where the stand-in sends Slack's requests. */
  readonly requestUrl: string;
  readonly workspace: Workspace;
  readonly webApi: WebApi;

  private readonly listeners = new Set<CallListener>();
  private closing = false;

  private constructor(
    private readonly server: Server,
    private readonly options: SandboxStandinOptions,
    private readonly clock: SandboxClock,
    private readonly pageDir: string,
  ) {
    const { port, address } = server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    this.url = `http://${host}:${port}`;
    this.apiUrl = `${this.url}/api/`;
    this.requestUrl = new URL(options.requestPath ?? '/slack/events', options.appUrl).toString();
    this.workspace = new Workspace(() => clock.now(), {
      team: options.team ?? SANDBOX_TEAM,
      bot: options.bot ?? SANDBOX_BOT,
      users: options.users,
      channels: options.channels,
    });
    this.webApi = new WebApi(this.workspace, {
      tokens: [options.botToken],
      ...(options.refuseInvalidBlocks !== undefined ? { refuseInvalidBlocks: options.refuseInvalidBlocks } : {}),
      ...(options.triggerTtlMs !== undefined ? { triggerTtlMs: options.triggerTtlMs } : {}),
    });
  }

  /** @internal use startSandboxStandin(). */
  static async start(options: SandboxStandinOptions): Promise<SlackStandin> {
    const host = options.host ?? '127.0.0.1';
    if (!LOOPBACK.has(host)) throw new Error(`sandbox: the Slack stand-in listens on loopback only, not ${host}`);
    if (!options.signingSecret) throw new Error('sandbox: a signing secret is needed to sign requests to the app');
    if (!options.botToken) throw new Error('sandbox: a bot token is needed');
    new URL(options.appUrl); // throws on a malformed URL before anything listens
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Listening first gives the port the instance's URLs need; nobody can call before it is known.
    const standin = new SlackStandin(server, options, options.clock ?? systemClock, options.pageDir ?? pageDirectory());
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      standin.handle(req, res).catch((error: unknown) => {
        standin.log(
          `sandbox: internal error on ${req.method ?? '?'} ${new URL(req.url ?? '/', standin.url).pathname}: ${error instanceof Error ? error.message : String(error)}`,
        );
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
      });
    });
    return standin;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.workspace.wakeAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Browsers and fetch keep connections alive; without this close() waits for them to time out.
      this.server.closeAllConnections();
    });
  }

  /** Calls `listener` after every Web API call the app makes; returns a function that stops it. */
  onCall(listener: CallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get timeZone(): string {
    return this.options.timeZone ?? 'Asia/Tokyo';
  }

  get commands(): string[] {
    return this.options.commands ?? ['/cert'];
  }

  get canMoveClock(): boolean {
    return typeof this.clock.moveTo === 'function';
  }

  get mail(): PageMail | undefined {
    return this.options.mail;
  }

  now(): Date {
    return this.clock.now();
  }

  // ---- acting as the people on the page ----

  /** A person types a slash command (`/cert quote 2`) in a channel. */
  async runCommand(userId: string, channelId: string, line: string): Promise<InteractionResult> {
    const ws = this.workspace;
    const user = ws.user(userId);
    if (!user) return { ok: false, error: 'unknown_user' };
    const channel = this.typingChannel(userId, channelId);
    if (typeof channel !== 'string') return channel;
    const m = /^\s*(\/\S+)(?:\s+([\s\S]*))?$/.exec(line);
    if (!m?.[1]) return { ok: false, error: 'not_a_command' };
    const command = m[1];
    const text = (m[2] ?? '').trim();
    if (!this.commands.includes(command)) {
      this.slackbotSays(
        userId,
        channel,
        `\`${command}\` is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
      );
      ws.changed();
      return { ok: false, error: 'unknown_command' };
    }
    const responseUrl = this.responseUrlFor({ channel, user: userId });
    const body = {
      token: VERIFICATION_TOKEN,
      team_id: ws.team.id,
      team_domain: ws.team.domain,
      channel_id: channel,
      channel_name: ws.channelName(channel),
      user_id: userId,
      user_name: user.name,
      command,
      text: this.slashText(text),
      api_app_id: ws.bot.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: ws.issueTrigger(userId),
    };
    const reply = await this.send('command', body, `${command}${text ? ` ${text}` : ''}`);
    if (!this.answered(reply)) {
      this.slackbotSays(userId, channel, `\`${command}\` failed with the error "${failureCode(reply)}"`);
      ws.changed();
      return { ok: false, error: 'app_failed', status: reply.status };
    }
    // Bolt's ack(body) becomes the HTTP answer: a string is the text of an ephemeral, an object a message.
    const answer = isObject(reply.json) ? reply.json : reply.text.trim() !== '' ? { text: reply.text } : undefined;
    if (answer && (typeof answer.text === 'string' || Array.isArray(answer.blocks))) {
      const refused = this.refusedMessage(answer);
      if (refused) {
        this.slackbotSays(userId, channel, `\`${command}\` failed: the app's answer was refused (${refused})`);
      } else if (answer.response_type === 'in_channel') {
        // Slack shows the invocation above an in-channel answer.
        ws.insert({
          channel,
          type: 'message',
          ts: ws.nextTs(),
          text: escapeTyped(`${command}${text ? ` ${text}` : ''}`),
          user: userId,
          team: ws.team.id,
        });
        ws.insert(this.botMessageFrom(channel, answer));
      } else {
        ws.ephemerals.push({
          channel,
          user: userId,
          ts: ws.nextTs(),
          text: typeof answer.text === 'string' ? answer.text : '',
          ...(Array.isArray(answer.blocks) ? { blocks: withIds(answer.blocks) } : {}),
          via: 'command',
        });
      }
    }
    ws.changed();
    return { ok: true, status: reply.status };
  }

  /** A person types a message in a channel, or in a thread when `threadTs` is given. */
  async sendMessage(userId: string, channelId: string, text: string, threadTs?: string): Promise<InteractionResult> {
    const ws = this.workspace;
    if (!ws.user(userId)) return { ok: false, error: 'unknown_user' };
    const channel = this.typingChannel(userId, channelId);
    if (typeof channel !== 'string') return channel;
    if (text.trim() === '') return { ok: false, error: 'no_text' };
    let thread: StoredMessage | undefined;
    if (threadTs !== undefined) {
      thread = ws.message(channel, threadTs);
      if (!thread) return { ok: false, error: 'thread_not_found' };
    }
    const ts = ws.nextTs();
    const message: StoredMessage = {
      channel,
      type: 'message',
      ts,
      text: this.typedText(text),
      user: userId,
      team: ws.team.id,
    };
    if (thread) message.thread_ts = thread.thread_ts ?? thread.ts;
    ws.insert(message);
    ws.changed();
    const c = ws.channels.get(channel);
    const event: Record<string, unknown> = {
      type: 'message',
      client_msg_id: randomUUID(),
      text: message.text,
      user: userId,
      ts,
      team: ws.team.id,
      channel,
      event_ts: ts,
      channel_type: c === undefined ? 'im' : c.private ? 'group' : 'channel',
      ...(message.thread_ts !== undefined ? { thread_ts: message.thread_ts } : {}),
      ...(message.parent_user_id !== undefined ? { parent_user_id: message.parent_user_id } : {}),
    };
    const reply = await this.send(
      'event',
      this.envelope(event),
      `message in #${ws.channelName(channel)}${thread ? ' (thread)' : ''}`,
    );
    if (!this.answered(reply)) {
      ws.notify(
        'warn',
        `The app did not accept the message event (${failureCode(reply)}); Slack would retry it.`,
        userId,
      );
      ws.changed();
      return { ok: false, error: 'app_failed', status: reply.status, ts };
    }
    return { ok: true, status: reply.status, ts };
  }

  /** A person clicks a button, picks an option or a date in a message, an ephemeral, a modal or their Home tab. */
  async act(userId: string, input: ActionInput): Promise<InteractionResult> {
    const ws = this.workspace;
    const user = ws.user(userId);
    if (!user) return { ok: false, error: 'unknown_user' };
    const { container } = input;
    const actionTs = this.actionTs();
    const common = {
      type: 'block_actions',
      user: { id: userId, username: user.name, name: user.name, team_id: ws.team.id },
      api_app_id: ws.bot.appId,
      token: VERIFICATION_TOKEN,
      team: { id: ws.team.id, domain: ws.team.domain },
      enterprise: null,
      is_enterprise_install: false,
    };
    let payload: Record<string, unknown>;
    let label: string;
    if (container.type === 'view') {
      const view = ws.views.get(container.viewId);
      const isMine =
        view !== undefined &&
        !ws.closedViews.has(view.id) &&
        (ws.stackOf(userId).includes(view.id) || ws.homes.get(userId) === view.id);
      if (!view || !isMine) return { ok: false, error: 'view_not_found' };
      const ref = findElement(view.blocks, input.blockId, input.actionId);
      if (!ref) return { ok: false, error: 'element_not_found' };
      view.state = { values: stateValues(view.blocks, withValue(input.values, input, ref.element.type)) };
      payload = {
        ...common,
        container: { type: 'view', view_id: view.id },
        trigger_id: ws.issueTrigger(userId, view.id),
        view: this.webApi.presentView(view),
        actions: [actionOf(ref, input.value ?? null, actionTs)],
        state: view.state,
      };
      label = `${input.actionId} in ${view.type === 'home' ? 'Home' : 'a modal'}`;
    } else if (container.type === 'ephemeral') {
      const e = ws.ephemeral(container.ts);
      if (!e || e.user !== userId) return { ok: false, error: 'message_not_found' };
      const ref = findElement(e.blocks ?? [], input.blockId, input.actionId);
      if (!ref) return { ok: false, error: 'element_not_found' };
      payload = {
        ...common,
        container: { type: 'message', message_ts: e.ts, channel_id: e.channel, is_ephemeral: true },
        trigger_id: ws.issueTrigger(userId),
        channel: { id: e.channel, name: ws.channelName(e.channel) },
        state: { values: stateValues(e.blocks ?? [], withValue(input.values, input, ref.element.type)) },
        response_url: this.responseUrlFor({
          channel: e.channel,
          user: userId,
          ephemeralTs: e.ts,
          ...(e.thread_ts !== undefined ? { threadTs: e.thread_ts } : {}),
        }),
        actions: [actionOf(ref, input.value ?? null, actionTs)],
      };
      label = `${input.actionId} in an ephemeral message`;
    } else {
      const m = ws.message(container.channel, container.ts);
      if (!m || !ws.isMember(userId, m.channel)) return { ok: false, error: 'message_not_found' };
      const ref = findElement(m.blocks ?? [], input.blockId, input.actionId);
      if (!ref) return { ok: false, error: 'element_not_found' };
      const { channel: _c, metadata: _m, ...message } = m;
      const inThread = m.thread_ts !== undefined && m.thread_ts !== m.ts ? m.thread_ts : undefined;
      payload = {
        ...common,
        container: {
          type: 'message',
          message_ts: m.ts,
          channel_id: m.channel,
          is_ephemeral: false,
          ...(inThread !== undefined ? { thread_ts: inThread } : {}),
        },
        trigger_id: ws.issueTrigger(userId),
        channel: { id: m.channel, name: ws.channelName(m.channel) },
        message,
        state: { values: stateValues(m.blocks ?? [], withValue(input.values, input, ref.element.type)) },
        response_url: this.responseUrlFor({
          channel: m.channel,
          user: userId,
          messageTs: m.ts,
          ...(inThread !== undefined ? { threadTs: inThread } : {}),
        }),
        actions: [actionOf(ref, input.value ?? null, actionTs)],
      };
      label = `${input.actionId} in #${ws.channelName(m.channel)}`;
    }
    const reply = await this.send('interactive', payload, label);
    if (!this.answered(reply)) {
      ws.notify('error', `The app did not answer the action ${input.actionId} (${failureCode(reply)}).`, userId);
      ws.changed();
      return { ok: false, error: 'app_failed', status: reply.status };
    }
    ws.changed();
    return { ok: true, status: reply.status };
  }

  /** A person presses Submit on the modal on top of their stack. */
  async submit(userId: string, viewId: string, values: RawValues): Promise<SubmitResult> {
    const ws = this.workspace;
    const user = ws.user(userId);
    if (!user) return { ok: false, error: 'unknown_user' };
    const view = ws.views.get(viewId);
    if (!view || ws.stackOf(userId).at(-1) !== viewId) return { ok: false, error: 'view_not_found' };
    ws.viewNotes.delete(viewId);
    const refused = clientErrors(view.blocks, values, user.locale);
    if (Object.keys(refused).length > 0) {
      ws.viewErrors.set(viewId, refused);
      ws.changed();
      return { ok: false, outcome: 'refused', errors: refused };
    }
    ws.viewErrors.delete(viewId);
    view.state = { values: stateValues(view.blocks, values) };
    const payload = {
      type: 'view_submission',
      team: { id: ws.team.id, domain: ws.team.domain },
      user: { id: userId, username: user.name, name: user.name, team_id: ws.team.id },
      api_app_id: ws.bot.appId,
      token: VERIFICATION_TOKEN,
      trigger_id: ws.issueTrigger(userId, viewId),
      view: this.webApi.presentView(view),
      response_urls: [],
      enterprise: null,
      is_enterprise_install: false,
    };
    const reply = await this.send('interactive', payload, `submit ${view.callback_id || 'modal'}`);
    const result = this.applySubmitAnswer(userId, view, reply);
    ws.changed();
    return result;
  }

  private applySubmitAnswer(userId: string, view: StoredView, reply: AppReply): SubmitResult {
    const ws = this.workspace;
    const status = reply.status;
    const fail = (note: string): SubmitResult => {
      ws.viewNotes.set(view.id, note);
      return { ok: false, outcome: 'failed', error: 'app_failed', status };
    };
    if (!this.answered(reply))
      return fail(`We had some trouble connecting to the app (${failureCode(reply)}). Try again?`);
    const answer = isObject(reply.json) ? reply.json : undefined;
    const action = answer?.response_action;
    if (action === undefined) {
      ws.popModal(userId);
      return { ok: true, outcome: 'closed', status };
    }
    if (action === 'errors') {
      const errors = isObject(answer?.errors) ? answer.errors : undefined;
      const blockIds = new Set(
        view.blocks.flatMap((b) =>
          isObject(b) && b.type === 'input' && typeof b.block_id === 'string' ? [b.block_id] : [],
        ),
      );
      const valid =
        errors !== undefined && Object.entries(errors).every(([k, v]) => blockIds.has(k) && typeof v === 'string');
      // Slack refuses errors naming no input block of the view, and shows a generic failure instead.
      if (!errors || !valid) return fail('The app answered with errors for blocks that are not inputs of this modal.');
      ws.viewErrors.set(view.id, errors as Record<string, string>);
      return { ok: true, outcome: 'errors', errors: errors as Record<string, string>, status };
    }
    if (action === 'clear') {
      ws.popModal(userId, true);
      return { ok: true, outcome: 'cleared', status };
    }
    if (action === 'update' || action === 'push') {
      const checked = this.webApi.viewArg(answer?.view, 'modal');
      if (checked instanceof Refusal)
        return fail(`The app answered with a view Slack refuses: ${describeRefusal(checked.result)}`);
      const done =
        action === 'update' ? this.webApi.replaceView(view, checked) : this.webApi.pushModal(userId, checked);
      if ('ok' in done) return fail(`The app's ${action} was refused: ${done.error ?? '?'}`);
      return { ok: true, outcome: action === 'update' ? 'updated' : 'pushed', status };
    }
    return fail(`The app answered an unknown response_action ${JSON.stringify(action)}.`);
  }

  /** A person closes the modal on top of their stack (Cancel or ×). */
  async closeModal(userId: string, viewId: string): Promise<InteractionResult> {
    const ws = this.workspace;
    const user = ws.user(userId);
    if (!user) return { ok: false, error: 'unknown_user' };
    const view = ws.views.get(viewId);
    if (!view || ws.stackOf(userId).at(-1) !== viewId) return { ok: false, error: 'view_not_found' };
    ws.popModal(userId, view.clear_on_close);
    ws.changed();
    if (!view.notify_on_close) return { ok: true };
    const payload = {
      type: 'view_closed',
      team: { id: ws.team.id, domain: ws.team.domain },
      user: { id: userId, username: user.name, name: user.name, team_id: ws.team.id },
      api_app_id: ws.bot.appId,
      token: VERIFICATION_TOKEN,
      view: this.webApi.presentView(view),
      is_cleared: view.clear_on_close,
      enterprise: null,
      is_enterprise_install: false,
    };
    const reply = await this.send('interactive', payload, `close ${view.callback_id || 'modal'}`);
    if (!this.answered(reply)) {
      ws.notify('warn', `The app did not answer view_closed (${failureCode(reply)}).`, userId);
      ws.changed();
      return { ok: false, error: 'app_failed', status: reply.status };
    }
    return { ok: true, status: reply.status };
  }

  /** A person opens the app's Home tab (app_home_opened; the app usually publishes the view). */
  async openHome(userId: string): Promise<InteractionResult> {
    const ws = this.workspace;
    if (!ws.user(userId)) return { ok: false, error: 'unknown_user' };
    const home = ws.homeOf(userId);
    const event = {
      type: 'app_home_opened',
      user: userId,
      channel: ws.dmChannelOf(userId),
      tab: 'home',
      event_ts: this.actionTs(),
      ...(home ? { view: this.webApi.presentView(home) } : {}),
    };
    const reply = await this.send('event', this.envelope(event), 'app_home_opened');
    if (!this.answered(reply)) {
      ws.notify('warn', `The app did not accept app_home_opened (${failureCode(reply)}).`, userId);
      ws.changed();
      return { ok: false, error: 'app_failed', status: reply.status };
    }
    return { ok: true, status: reply.status };
  }

  /** Moves the sandbox clock through the hook it was given. */
  async moveClock(instant: Date): Promise<void> {
    if (!this.clock.moveTo) throw new Error('this sandbox clock cannot move');
    await this.clock.moveTo(instant);
    this.workspace.record({ dir: 'to-app', what: 'clock', ok: true, detail: `moved to ${instant.toISOString()}` });
    this.workspace.changed();
  }

  // ---- helpers ----

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** The channel a person may type in, or why not. */
  private typingChannel(userId: string, channelId: string): string | InteractionResult {
    const channel = this.workspace.resolveChannel(channelId);
    if (!channel || /^[UW]/.test(channelId)) return { ok: false, error: 'channel_not_found' };
    // The app's Messages tab is read-only (manifest.yml): people cannot type in its DM.
    if (this.workspace.dmUserOf(channel) !== undefined) return { ok: false, error: 'read_only' };
    if (!this.workspace.isMember(userId, channel)) return { ok: false, error: 'not_in_channel' };
    return channel;
  }

  /** `@name` typed by a person becomes a mention, as Slack's composer does; &, <, > are escaped. */
  private typedText(text: string): string {
    const byName = new Map<string, string>([[this.workspace.bot.name, this.workspace.bot.userId]]);
    for (const u of this.workspace.users.values()) byName.set(u.name, u.id);
    return escapeTyped(text).replace(/(^|\s)@([\w.-]+)/g, (all, pre: string, name: string) => {
      const id = byName.get(name);
      return id === undefined ? all : `${pre}<@${id}>`;
    });
  }

  /** A slash command's text as Slack sends it with should_escape (manifest.yml): <@U…|name>, <#C…|name>. */
  private slashText(text: string): string {
    const users = new Map([...this.workspace.users.values()].map((u) => [u.name, u.id]));
    const channels = new Map([...this.workspace.channels.values()].map((c) => [c.name, c.id]));
    return escapeTyped(text).replace(/(^|\s)([@#])([\w.-]+)/g, (all, pre: string, sign: string, name: string) => {
      const id = (sign === '@' ? users : channels).get(name);
      return id === undefined ? all : `${pre}<${sign}${id}|${name}>`;
    });
  }

  private responseUrlFor(context: Parameters<WebApi['newResponseUrl']>[0]): string {
    return `${this.url}/response/${this.webApi.newResponseUrl(context)}`;
  }

  private actionTs(): string {
    const ms = Date.now();
    return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + Math.floor(Math.random() * 1000)).padStart(6, '0')}`;
  }

  private envelope(event: Record<string, unknown>): Record<string, unknown> {
    const ws = this.workspace;
    return {
      token: VERIFICATION_TOKEN,
      team_id: ws.team.id,
      context_team_id: ws.team.id,
      api_app_id: ws.bot.appId,
      event,
      type: 'event_callback',
      event_id: newEventId(),
      event_time: Math.floor(this.clock.now().getTime() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: ws.team.id,
          user_id: ws.bot.userId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
  }

  private async send(kind: SlackRequestKind, body: object, label: string): Promise<AppReply> {
    const reply = await postToApp(
      this.requestUrl,
      kind,
      body,
      this.options.signingSecret,
      this.options.ackTimeoutMs ?? 3000,
    );
    const ok = this.answered(reply);
    const detail = reply.failure ? `${reply.failure} after ${reply.ms} ms` : `HTTP ${reply.status} in ${reply.ms} ms`;
    this.workspace.record({ dir: 'to-app', what: label, ok, detail });
    if (!ok) this.log(`sandbox: the app did not answer ${label}: ${detail}`);
    return reply;
  }

  private answered(reply: AppReply): boolean {
    return reply.failure === undefined && reply.status >= 200 && reply.status < 300;
  }

  private slackbotSays(user: string, channel: string, text: string): void {
    this.workspace.ephemerals.push({ channel, user, ts: this.workspace.nextTs(), text, via: 'slackbot' });
  }

  /** Why Slack would refuse a message the app answered in HTTP (over Block Kit's limits), if it would. */
  private refusedMessage(answer: Record<string, unknown>): string | undefined {
    const result = this.webApi.messageRefusal(answer);
    return result === undefined ? undefined : describeRefusal(result);
  }

  private botMessageFrom(channel: string, answer: Record<string, unknown>): StoredMessage {
    const ws = this.workspace;
    return {
      channel,
      type: 'message',
      ts: ws.nextTs(),
      text: typeof answer.text === 'string' ? answer.text : '',
      user: ws.bot.userId,
      bot_id: ws.bot.botId,
      app_id: ws.bot.appId,
      team: ws.team.id,
      ...(Array.isArray(answer.blocks) ? { blocks: withIds(answer.blocks) } : {}),
    };
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/api/')) return this.handleWebApi(req, res, url);
    if (url.pathname.startsWith('/response/') && req.method === 'POST') return this.handleResponseUrl(req, res, url);
    if (await handlePage(this.pageContext(), req, res, url)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  }

  private pageContext(): PageContext {
    return { standin: this, pageDir: this.pageDir, closing: () => this.closing };
  }

  private async handleWebApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req);
    const { args, malformed, invalid } = parseArgs(req.headers['content-type'], body, url.searchParams);
    const method = url.pathname.slice('/api/'.length);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : str(args, 'token');
    const result = this.webApi.call({ method, token, args, malformed }, invalid);
    this.recordCall(method, args, result);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(result));
    for (const listener of this.listeners) listener({ method, args, result, status: 200 });
  }

  private async handleResponseUrl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req);
    const { args, invalid } = parseArgs(req.headers['content-type'], body, url.searchParams);
    const answer = this.webApi.responseUrlPost(url.pathname.slice('/response/'.length), args, invalid);
    this.recordCall('response_url', args, answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(answer.body));
    for (const listener of this.listeners)
      listener({ method: 'response_url', args, result: answer.body, status: answer.status });
  }

  /** What the page's activity panel shows of a call: the method, where, and the error; never the token. */
  private recordCall(method: string, args: SlackArgs, result: SlackResult): void {
    const ws = this.workspace;
    const where: string[] = [];
    const channel = str(args, 'channel');
    if (channel) where.push(ws.channels.has(channel) ? `#${ws.channelName(channel)}` : channel);
    const user = str(args, 'user_id') ?? str(args, 'user');
    if (user) where.push(ws.user(user)?.name ?? user);
    if (method === 'response_url')
      where.push(
        args.replace_original
          ? 'replace_original'
          : args.delete_original
            ? 'delete_original'
            : String(args.response_type ?? 'ephemeral'),
      );
    const detail = result.ok
      ? where.join(' ')
      : `${result.error ?? 'error'}${describeMessages(result)}${where.length ? ` (${where.join(' ')})` : ''}`;
    ws.record({ dir: 'from-app', what: method, ok: result.ok, detail });
    if (!result.ok && method !== 'conversations.replies')
      this.log(`sandbox: ${method} refused: ${result.error ?? '?'}`);
    // A refused call changes nothing in the workspace, but the activity panel should show it.
    if (!result.ok) ws.changed();
  }
}

/** The element's new value folded into everything entered, so state.values shows it too. */
function withValue(values: RawValues | undefined, input: ActionInput, type: unknown): RawValues | undefined {
  if (input.value === undefined || type === 'button' || type === 'overflow') return values;
  return { ...values, [input.blockId]: { ...values?.[input.blockId], [input.actionId]: input.value } };
}

/** The error Slack shows a person when the app did not answer properly. */
function failureCode(reply: AppReply): string {
  if (reply.failure === 'timeout') return 'operation_timeout';
  if (reply.failure === 'unreachable') return 'dispatch_failed';
  return `http_error ${reply.status}`;
}

function describeMessages(result: SlackResult): string {
  const meta = result.response_metadata;
  const messages =
    isObject(meta) && Array.isArray(meta.messages)
      ? meta.messages.filter((m): m is string => typeof m === 'string')
      : [];
  return messages.length > 0 ? `: ${messages.slice(0, 3).join('; ')}` : '';
}

function describeRefusal(result: SlackResult): string {
  return `${result.error ?? 'error'}${describeMessages(result)}`;
}

/** Starts the Slack stand-in and its page on 127.0.0.1. Close it with `await standin.close()`. */
export function startSandboxStandin(options: SandboxStandinOptions): Promise<SlackStandin> {
  return SlackStandin.start(options);
}
