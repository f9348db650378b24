// The Web API methods the app calls, answered from a workspace with the shapes and errors Slack
// answers with (https://docs.slack.dev/reference/methods): what the sandbox plays, and what the
// tests' fake Slack (test/support/slack) serves. The sandbox's workspace knows which channels and
// people exist and whose interaction a trigger_id belongs to, so a modal opens in front of the
// right person.
import { randomBytes } from 'node:crypto';
import { blockKitViolations, charCount, LIMITS } from '../slack/block-kit-limits.js';
import {
  bool,
  compareTs,
  decodeCursor,
  encodeCursor,
  errorAnswer,
  int,
  isObject,
  Refusal,
  str,
  TS,
  tsMicros,
  viewHash,
  type SlackArgs,
  type SlackResult,
} from './slack-format.js';
import {
  withIds,
  type MessageMetadata,
  type ResponseUrlContext,
  type SandboxUser,
  type StoredEphemeral,
  type StoredMessage,
  type StoredView,
  type Workspace,
} from './workspace.js';

export interface WebApiRequest {
  method: string;
  token: string | undefined;
  args: SlackArgs;
  malformed: Set<string>;
}

export interface WebApiOptions {
  /** Accepted bot tokens; any other is answered `invalid_auth`. None given: any token is accepted. */
  tokens?: string[];
  /** Give blocks and their elements without ids generated ones, as Slack does (default true). */
  fillIds?: boolean;
  /** Refuse payloads over Block Kit's limits, as Slack does (default true). */
  refuseInvalidBlocks?: boolean;
  /** Slack refuses a trigger_id older than 3 s (`expired_trigger_id`); off unless set. */
  triggerTtlMs?: number;
  /** Accept trigger ids the stand-in did not issue (their modals belong to nobody on the page). */
  acceptUnknownTriggers?: boolean;
}

const MAX_VIEW_STACK = 3;
const MAX_RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
/** Methods whose success changes what the page shows. */
const CHANGES = new Set([
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'chat.delete',
  'reactions.add',
  'views.open',
  'views.push',
  'views.update',
  'views.publish',
]);

type Handler = (req: WebApiRequest) => SlackResult;

export class WebApi {
  private readonly handlers: Record<string, Handler>;

  constructor(
    private readonly ws: Workspace,
    private readonly options: WebApiOptions,
  ) {
    this.handlers = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (r) => this.postMessage(r),
      'chat.update': (r) => this.update(r),
      'chat.postEphemeral': (r) => this.postEphemeral(r),
      'chat.delete': (r) => this.deleteMessage(r),
      'reactions.add': (r) => this.addReaction(r),
      'views.open': (r) => this.viewsOpen(r),
      'views.push': (r) => this.viewsPush(r),
      'views.update': (r) => this.viewsUpdate(r),
      'views.publish': (r) => this.viewsPublish(r),
      'conversations.history': (r) => this.history(r),
      'conversations.replies': (r) => this.replies(r),
      'users.info': (r) => this.usersInfo(r),
    };
  }

  /** Answers one call. `invalidBody`: the body could not be parsed at all. */
  call(req: WebApiRequest, invalidBody: boolean): SlackResult {
    return this.refusal(req, invalidBody) ?? this.carryOut(req);
  }

  /** What Slack answers before it looks at the method's arguments: an unknown method, a bad body or token. */
  refusal(req: WebApiRequest, invalidBody: boolean): SlackResult | undefined {
    if (!this.handlers[req.method]) return { ok: false, error: 'unknown_method', req_method: req.method };
    if (invalidBody) return errorAnswer('invalid_form_data');
    if (!req.token) return errorAnswer('not_authed');
    const accepted = this.options.tokens;
    if (accepted && accepted.length > 0 && !accepted.includes(req.token)) return errorAnswer('invalid_auth');
    return undefined;
  }

  /** Carries out a call that passed `refusal`. */
  carryOut(req: WebApiRequest): SlackResult {
    const handler = this.handlers[req.method];
    if (!handler) return { ok: false, error: 'unknown_method', req_method: req.method };
    const result = handler(req);
    if (result.ok && CHANGES.has(req.method)) this.ws.changed();
    return result;
  }

  private ids(blocks: unknown[]): unknown[] {
    return this.options.fillIds === false ? blocks : withIds(blocks);
  }

  // ---- response_url ----

  /** A fresh response_url id for an interaction (the server makes it a URL). */
  newResponseUrl(context: ResponseUrlContext): string {
    const id = `${Date.now()}/${randomBytes(12).toString('hex')}`;
    this.ws.responseUrls.set(id, { context, uses: 0, createdAt: Date.now() });
    return id;
  }

  /** A POST to a response_url: Bolt's respond() sends JSON; Slack answers HTTP errors as plain codes. */
  responseUrlPost(id: string, args: SlackArgs, invalid: boolean): { status: number; body: SlackResult } {
    const entry = this.ws.responseUrls.get(id);
    if (!entry || Date.now() - entry.createdAt > RESPONSE_URL_LIFETIME_MS)
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (invalid) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    entry.uses += 1;
    if (entry.uses > MAX_RESPONSE_URL_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    if (this.options.refuseInvalidBlocks !== false) {
      const violations = blockKitViolations('message', args);
      if (violations.length > 0)
        return {
          status: 400,
          body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: violations } },
        };
    }
    const { messageTs, ephemeralTs, user, threadTs } = entry.context;
    const channel =
      entry.context.channel === undefined
        ? undefined
        : (this.ws.resolveChannel(entry.context.channel) ?? entry.context.channel);
    const original = channel !== undefined && messageTs !== undefined ? this.ws.message(channel, messageTs) : undefined;
    const originalEphemeral = ephemeralTs !== undefined ? this.ws.ephemeral(ephemeralTs) : undefined;
    const blocks = Array.isArray(args.blocks) ? this.ids(args.blocks) : undefined;
    if (bool(args, 'delete_original')) {
      if (original) this.ws.removeMessage(original);
      if (originalEphemeral) this.ws.ephemerals = this.ws.ephemerals.filter((e) => e !== originalEphemeral);
    } else if (bool(args, 'replace_original') && original) {
      if (typeof args.text === 'string') original.text = args.text;
      if (blocks) original.blocks = blocks;
      original.edited = { user: this.ws.bot.userId, ts: this.ws.nextTs() };
    } else if (bool(args, 'replace_original') && originalEphemeral) {
      if (typeof args.text === 'string') originalEphemeral.text = args.text;
      if (blocks) originalEphemeral.blocks = blocks;
    } else if (args.response_type === 'in_channel' && channel !== undefined) {
      const m = this.botMessage(channel, args, undefined);
      const thread = str(args, 'thread_ts') ?? threadTs;
      if (thread) m.thread_ts = thread;
      this.ws.insert(m);
    } else if (channel !== undefined && user !== undefined) {
      const e: StoredEphemeral = {
        channel,
        user,
        ts: this.ws.nextTs(),
        text: str(args, 'text') ?? '',
        via: 'response_url',
      };
      if (blocks) e.blocks = blocks;
      const thread = str(args, 'thread_ts') ?? threadTs;
      if (thread) e.thread_ts = thread;
      this.ws.ephemerals.push(e);
    }
    this.ws.changed();
    return { status: 200, body: { ok: true } };
  }

  /** Why Slack would refuse a message body ({ text, blocks }) the app answered in HTTP, if it would. */
  messageRefusal(body: SlackArgs): SlackResult | undefined {
    return this.messageViolations(body, new Set());
  }

  // ---- views the stand-in itself changes (answers to view_submission) ----

  /** Checks a view object the app sent (in a call or in a response_action). */
  viewArg(view: unknown, surface: 'modal' | 'home', malformed = false): Record<string, unknown> | Refusal {
    if (malformed) return new Refusal(errorAnswer('invalid_arguments', ['failed to parse view']));
    if (!isObject(view)) return new Refusal(errorAnswer('invalid_arguments', ['missing required field: view']));
    if (view.type !== surface) return new Refusal(errorAnswer('invalid_arguments', [`view.type must be "${surface}"`]));
    if (this.options.refuseInvalidBlocks !== false) {
      const violations = blockKitViolations(surface, view);
      if (violations.length > 0) return new Refusal(errorAnswer('invalid_arguments', violations));
    }
    return view;
  }

  buildView(
    view: Record<string, unknown>,
    id: string,
    links: { previous: string | null; root: string | null },
    user: string | undefined,
  ): StoredView {
    return {
      id,
      team_id: this.ws.team.id,
      type: String(view.type),
      ...(view.title !== undefined ? { title: view.title } : {}),
      submit: view.submit ?? null,
      close: view.close ?? null,
      blocks: Array.isArray(view.blocks) ? this.ids(view.blocks) : [],
      private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
      callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
      external_id: typeof view.external_id === 'string' ? view.external_id : '',
      state: { values: {} },
      hash: viewHash(),
      clear_on_close: view.clear_on_close === true,
      notify_on_close: view.notify_on_close === true,
      previous_view_id: links.previous,
      root_view_id: links.root,
      app_id: this.ws.bot.appId,
      app_installed_team_id: this.ws.team.id,
      bot_id: this.ws.bot.botId,
      ...(user !== undefined ? { user_id: user } : {}),
    };
  }

  /** The view as Slack presents it (without the stand-in's own `user_id`). */
  presentView(v: StoredView): Record<string, unknown> {
    const { user_id: _user, ...rest } = v;
    return rest;
  }

  /** Pushes a modal onto a person's stack; an error answer when the stack is full. */
  pushModal(user: string, view: Record<string, unknown>): StoredView | SlackResult {
    const stack = this.ws.stacks.get(user) ?? [];
    const below = stack.at(-1);
    if (below === undefined) return errorAnswer('not_found');
    if (stack.length >= MAX_VIEW_STACK) return errorAnswer('push_limit_reached');
    if (this.externalIdTaken(view)) return errorAnswer('duplicate_external_id');
    const root = stack[0] ?? below;
    const stored = this.buildView(view, this.ws.newViewId(), { previous: below, root }, user);
    this.ws.views.set(stored.id, stored);
    stack.push(stored.id);
    this.ws.stacks.set(user, stack);
    return stored;
  }

  /** Replaces a view's content in place (same id, new hash). */
  replaceView(current: StoredView, view: Record<string, unknown>): StoredView | SlackResult {
    if (this.externalIdTaken(view, current.id)) return errorAnswer('duplicate_external_id');
    const stored = this.buildView(
      view,
      current.id,
      { previous: current.previous_view_id, root: current.root_view_id },
      current.user_id,
    );
    this.ws.views.set(current.id, stored);
    this.ws.viewErrors.delete(current.id);
    this.ws.viewNotes.delete(current.id);
    return stored;
  }

  // ---- methods ----

  private authTest(): SlackResult {
    const { team, bot } = this.ws;
    return {
      ok: true,
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: bot.name,
      team_id: team.id,
      user_id: bot.userId,
      bot_id: bot.botId,
      is_enterprise_install: false,
    };
  }

  private botMessage(channel: string, args: SlackArgs, metadata: MessageMetadata | undefined): StoredMessage {
    const { bot, team } = this.ws;
    const m: StoredMessage = {
      channel,
      type: 'message',
      ts: this.ws.nextTs(),
      text: str(args, 'text') ?? '',
      user: bot.userId,
      bot_id: bot.botId,
      app_id: bot.appId,
      team: team.id,
    };
    if (Array.isArray(args.blocks)) m.blocks = this.ids(args.blocks);
    if (Array.isArray(args.attachments)) m.attachments = args.attachments;
    if (metadata) m.metadata = metadata;
    return m;
  }

  /** The message as Slack's API answers it: no `channel`, and metadata only when asked for. */
  private present(m: StoredMessage, withMetadata: boolean): SlackResult {
    const { channel: _channel, metadata, ...rest } = m;
    const out: Record<string, unknown> = { ...rest };
    const { bot, team } = this.ws;
    if (rest.bot_id !== undefined)
      out.bot_profile = { id: bot.botId, app_id: bot.appId, name: bot.name, deleted: false, team_id: team.id };
    if (withMetadata && metadata) out.metadata = metadata;
    return out as SlackResult;
  }

  private messageViolations(args: SlackArgs, malformed: Set<string>): SlackResult | undefined {
    if (malformed.has('blocks')) return errorAnswer('invalid_blocks_format', ['failed to parse blocks']);
    if (args.blocks !== undefined && !Array.isArray(args.blocks))
      return errorAnswer('invalid_blocks_format', ['blocks must be an array']);
    if (this.options.refuseInvalidBlocks === false) return undefined;
    const text = str(args, 'text');
    if (text !== undefined && charCount(text) > LIMITS.messageText) return errorAnswer('msg_too_long');
    const violations = blockKitViolations('message', { blocks: args.blocks });
    return violations.length > 0 ? errorAnswer('invalid_blocks', violations) : undefined;
  }

  private metadataOf(args: SlackArgs, malformed: Set<string>): MessageMetadata | Refusal | undefined {
    if (args.metadata === undefined) return undefined;
    const m = args.metadata;
    if (malformed.has('metadata') || !isObject(m) || typeof m.event_type !== 'string' || !isObject(m.event_payload)) {
      return new Refusal(
        errorAnswer('invalid_metadata_format', ['metadata must be {event_type: string, event_payload: object}']),
      );
    }
    return { event_type: m.event_type, event_payload: m.event_payload };
  }

  private postMessage({ args, malformed }: WebApiRequest): SlackResult {
    const requested = str(args, 'channel');
    const channel = requested === undefined ? undefined : this.ws.resolveChannel(requested);
    if (!channel) return errorAnswer('channel_not_found');
    if (str(args, 'text') === undefined && args.blocks === undefined && args.attachments === undefined)
      return errorAnswer('no_text');
    const refused = this.messageViolations(args, malformed);
    if (refused) return refused;
    const metadata = this.metadataOf(args, malformed);
    if (metadata instanceof Refusal) return metadata.result;
    const m = this.botMessage(channel, args, metadata);
    const threadTs = str(args, 'thread_ts');
    if (threadTs) {
      // A reply to a reply joins the parent's thread, as in Slack.
      const parent = this.ws.messagesIn(channel).find((x) => x.ts === threadTs);
      m.thread_ts = parent?.thread_ts ?? threadTs;
      if (bool(args, 'reply_broadcast')) m.subtype = 'thread_broadcast';
    }
    this.ws.insert(m);
    return { ok: true, channel, ts: m.ts, message: this.present(m, true) };
  }

  private update({ args, malformed }: WebApiRequest): SlackResult {
    const channel = str(args, 'channel');
    const ts = str(args, 'ts');
    if (!channel || this.ws.resolveChannel(channel) === undefined) return errorAnswer('channel_not_found');
    if (!ts) return errorAnswer('message_not_found');
    const m = this.ws.message(channel, ts);
    if (!m) return errorAnswer('message_not_found');
    if (m.bot_id !== this.ws.bot.botId) return errorAnswer('cant_update_message');
    const refused = this.messageViolations(args, malformed);
    if (refused) return refused;
    const metadata = this.metadataOf(args, malformed);
    if (metadata instanceof Refusal) return metadata.result;
    const text = str(args, 'text');
    if (text !== undefined) m.text = text;
    if (Array.isArray(args.blocks)) m.blocks = this.ids(args.blocks);
    if (Array.isArray(args.attachments)) m.attachments = args.attachments;
    if (metadata) m.metadata = metadata;
    m.edited = { user: this.ws.bot.userId, ts: this.ws.nextTs() };
    // Slack's answer carries the ts beside the message, and no thread counters in it.
    const {
      ts: _ts,
      thread_ts: _thread,
      reply_count: _count,
      reply_users: _users,
      reply_users_count: _usersCount,
      latest_reply: _latest,
      ...message
    } = this.present(m, true);
    return { ok: true, channel: m.channel, ts: m.ts, text: m.text, message };
  }

  private postEphemeral({ args, malformed }: WebApiRequest): SlackResult {
    const requested = str(args, 'channel');
    const user = str(args, 'user');
    const channel = requested === undefined ? undefined : this.ws.resolveChannel(requested);
    if (!channel) return errorAnswer('channel_not_found');
    if (!user || !this.ws.user(user)) return errorAnswer('user_not_found');
    if (!this.ws.isMember(user, channel)) return errorAnswer('user_not_in_channel');
    if (str(args, 'text') === undefined && args.blocks === undefined && args.attachments === undefined)
      return errorAnswer('no_text');
    const refused = this.messageViolations(args, malformed);
    if (refused) return refused;
    const e: StoredEphemeral = {
      channel,
      user,
      ts: this.ws.nextTs(),
      text: str(args, 'text') ?? '',
      via: 'chat.postEphemeral',
    };
    if (Array.isArray(args.blocks)) e.blocks = this.ids(args.blocks);
    const threadTs = str(args, 'thread_ts');
    if (threadTs) e.thread_ts = threadTs;
    this.ws.ephemerals.push(e);
    return { ok: true, message_ts: e.ts };
  }

  private deleteMessage({ args }: WebApiRequest): SlackResult {
    const channel = str(args, 'channel');
    const ts = str(args, 'ts');
    if (!channel || this.ws.resolveChannel(channel) === undefined) return errorAnswer('channel_not_found');
    const m = ts === undefined ? undefined : this.ws.message(channel, ts);
    if (!m) return errorAnswer('message_not_found');
    if (m.bot_id !== this.ws.bot.botId) return errorAnswer('cant_delete_message');
    this.ws.removeMessage(m);
    return { ok: true, channel: m.channel, ts: m.ts };
  }

  private addReaction({ args }: WebApiRequest): SlackResult {
    const channel = str(args, 'channel');
    const ts = str(args, 'timestamp');
    const name = str(args, 'name');
    if (!channel || !ts) return errorAnswer('no_item_specified');
    if (!name || name.includes(':') || name.includes(' ')) return errorAnswer('invalid_name');
    const m = this.ws.message(channel, ts);
    if (!m) return errorAnswer('message_not_found');
    const reactions = (m.reactions ??= []);
    const existing = reactions.find((r) => r.name === name);
    const me = this.ws.bot.userId;
    if (existing?.users.includes(me)) return errorAnswer('already_reacted');
    if (existing) {
      existing.users.push(me);
      existing.count += 1;
    } else reactions.push({ name, users: [me], count: 1 });
    return { ok: true };
  }

  /** Uses up a trigger_id: whose interaction it was, or the error Slack answers. */
  private useTrigger(args: SlackArgs): { user: string | undefined; viewId?: string } | SlackResult {
    const trigger = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
    if (!trigger) return errorAnswer('invalid_arguments', ['missing required field: trigger_id']);
    const info = this.ws.triggers.get(trigger);
    if (!info) {
      if (!this.options.acceptUnknownTriggers) return errorAnswer('invalid_trigger_id');
      this.ws.triggers.set(trigger, { user: '', issuedAt: Date.now(), used: true });
      return { user: undefined };
    }
    // Slack accepts a trigger_id once; a replayed interaction cannot open a second modal.
    if (info.used) return errorAnswer('exchanged_trigger_id');
    const ttl = this.options.triggerTtlMs;
    if (ttl !== undefined && Date.now() - info.issuedAt > ttl) return errorAnswer('expired_trigger_id');
    info.used = true;
    return { user: info.user, ...(info.viewId !== undefined ? { viewId: info.viewId } : {}) };
  }

  private externalIdTaken(view: Record<string, unknown>, except?: string): boolean {
    const ext = view.external_id;
    if (typeof ext !== 'string' || ext === '') return false;
    return [...this.ws.views.values()].some(
      (v) => v.external_id === ext && v.id !== except && !this.ws.closedViews.has(v.id),
    );
  }

  private viewsOpen({ args, malformed }: WebApiRequest): SlackResult {
    const view = this.viewArg(args.view, 'modal', malformed.has('view'));
    if (view instanceof Refusal) return view.result;
    const trigger = this.useTrigger(args);
    if ('ok' in trigger) return trigger;
    if (this.externalIdTaken(view)) return errorAnswer('duplicate_external_id');
    const id = this.ws.newViewId();
    const stored = this.buildView(view, id, { previous: null, root: id }, trigger.user);
    this.ws.views.set(id, stored);
    if (trigger.user !== undefined) {
      // A new modal replaces whatever the person had open.
      this.ws.popModal(trigger.user, true);
      this.ws.stacks.set(trigger.user, [id]);
    } else this.ws.lastUnownedModal = id;
    return { ok: true, view: this.presentView(stored) };
  }

  private viewsPush({ args, malformed }: WebApiRequest): SlackResult {
    const view = this.viewArg(args.view, 'modal', malformed.has('view'));
    if (view instanceof Refusal) return view.result;
    const trigger = this.useTrigger(args);
    if ('ok' in trigger) return trigger;
    const pushed = trigger.user === undefined ? this.pushUnowned(view) : this.pushModal(trigger.user, view);
    return 'ok' in pushed ? pushed : { ok: true, view: this.presentView(pushed) };
  }

  /** Slack pushes onto the modal the trigger came from; for a trigger the workspace did not issue, the last one opened or pushed. */
  private pushUnowned(view: Record<string, unknown>): StoredView | SlackResult {
    const below = this.ws.lastUnownedModal === undefined ? undefined : this.ws.views.get(this.ws.lastUnownedModal);
    if (!below) return errorAnswer('not_found');
    let depth = 1;
    for (let v: StoredView | undefined = below; v?.previous_view_id; v = this.ws.views.get(v.previous_view_id))
      depth += 1;
    if (depth >= MAX_VIEW_STACK) return errorAnswer('push_limit_reached');
    if (this.externalIdTaken(view)) return errorAnswer('duplicate_external_id');
    const stored = this.buildView(
      view,
      this.ws.newViewId(),
      { previous: below.id, root: below.root_view_id ?? below.id },
      undefined,
    );
    this.ws.views.set(stored.id, stored);
    this.ws.lastUnownedModal = stored.id;
    return stored;
  }

  private openView(viewId: string | undefined, externalId: string | undefined): StoredView | undefined {
    const candidates = [...this.ws.views.values()].filter((v) => !this.ws.closedViews.has(v.id));
    return viewId ? candidates.find((v) => v.id === viewId) : candidates.find((v) => v.external_id === externalId);
  }

  private viewsUpdate({ args, malformed }: WebApiRequest): SlackResult {
    const viewId = str(args, 'view_id');
    const externalId = str(args, 'external_id');
    if (!viewId && !externalId) return errorAnswer('invalid_arguments', ['either view_id or external_id is required']);
    const current = this.openView(viewId, externalId);
    if (!current) return errorAnswer('not_found');
    const view = this.viewArg(args.view, current.type === 'home' ? 'home' : 'modal', malformed.has('view'));
    if (view instanceof Refusal) return view.result;
    const hash = str(args, 'hash');
    if (hash !== undefined && hash !== current.hash) return errorAnswer('hash_conflict');
    const replaced = this.replaceView(current, view);
    return 'ok' in replaced ? replaced : { ok: true, view: this.presentView(replaced) };
  }

  private viewsPublish({ args, malformed }: WebApiRequest): SlackResult {
    const user = str(args, 'user_id');
    if (!user) return errorAnswer('invalid_arguments', ['missing required field: user_id']);
    if (!this.ws.user(user)) return errorAnswer('user_not_found');
    const view = this.viewArg(args.view, 'home', malformed.has('view'));
    if (view instanceof Refusal) return view.result;
    const current = this.ws.homeOf(user);
    const hash = str(args, 'hash');
    if (hash !== undefined && current && hash !== current.hash) return errorAnswer('hash_conflict');
    // A person's Home tab keeps its view id across publishes.
    const id = current?.id ?? this.ws.newViewId();
    const stored = this.buildView(view, id, { previous: null, root: null }, user);
    this.ws.views.set(id, stored);
    this.ws.homes.set(user, id);
    return { ok: true, view: this.presentView(stored) };
  }

  /** Applies oldest/latest/inclusive, cursor and limit to messages already in answer order. */
  private page(
    messages: StoredMessage[],
    args: SlackArgs,
    newestFirst: boolean,
  ): { page: StoredMessage[]; hasMore: boolean; next?: string } | Refusal {
    const oldest = str(args, 'oldest');
    const latest = str(args, 'latest');
    if (oldest !== undefined && oldest !== '' && !TS.test(oldest)) return new Refusal(errorAnswer('invalid_ts_oldest'));
    if (latest !== undefined && latest !== '' && !TS.test(latest)) return new Refusal(errorAnswer('invalid_ts_latest'));
    const inclusive = bool(args, 'inclusive');
    let list = messages.filter((m) => {
      if (
        oldest !== undefined &&
        oldest !== '' &&
        (inclusive ? compareTs(m.ts, oldest) < 0 : compareTs(m.ts, oldest) <= 0)
      )
        return false;
      if (
        latest !== undefined &&
        latest !== '' &&
        (inclusive ? compareTs(m.ts, latest) > 0 : compareTs(m.ts, latest) >= 0)
      )
        return false;
      return true;
    });
    const cursor = str(args, 'cursor');
    const from = cursor ? decodeCursor(cursor) : undefined;
    if (cursor && (from === undefined || !TS.test(from))) return new Refusal(errorAnswer('invalid_cursor'));
    if (from !== undefined) {
      const f = tsMicros(from);
      list = list.filter((m) => (newestFirst ? tsMicros(m.ts) <= f : tsMicros(m.ts) >= f));
    }
    const limit = Math.min(Math.max(int(args, 'limit') ?? 100, 1), 999);
    const page = list.slice(0, limit);
    const nextMessage = list[limit];
    return nextMessage ? { page, hasMore: true, next: encodeCursor(nextMessage.ts) } : { page, hasMore: false };
  }

  private history({ args }: WebApiRequest): SlackResult {
    const requested = str(args, 'channel');
    const channel = requested === undefined || /^[UW]/.test(requested) ? undefined : this.ws.resolveChannel(requested);
    if (!channel) return errorAnswer('channel_not_found');
    // History shows top-level messages and broadcast replies; other replies live in their threads.
    const top = this.ws
      .messagesIn(channel)
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === 'thread_broadcast');
    const paged = this.page([...top].reverse(), args, true);
    if (paged instanceof Refusal) return paged.result;
    const { page, hasMore, next } = paged;
    const withMetadata = bool(args, 'include_all_metadata');
    return {
      ok: true,
      messages: page.map((m) => this.present(m, withMetadata)),
      has_more: hasMore,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      ...(next ? { response_metadata: { next_cursor: next } } : {}),
    };
  }

  private replies({ args }: WebApiRequest): SlackResult {
    const requested = str(args, 'channel');
    const ts = str(args, 'ts');
    const channel = requested === undefined || /^[UW]/.test(requested) ? undefined : this.ws.resolveChannel(requested);
    if (!channel) return errorAnswer('channel_not_found');
    const list = this.ws.messagesIn(channel);
    const anchor = ts === undefined ? undefined : list.find((m) => m.ts === ts);
    if (!anchor) return errorAnswer('thread_not_found');
    const root = anchor.thread_ts ?? anchor.ts;
    const thread = list.filter((m) => m.ts === root || m.thread_ts === root);
    const paged = this.page(thread, args, false);
    if (paged instanceof Refusal) return paged.result;
    const { page, hasMore, next } = paged;
    const withMetadata = bool(args, 'include_all_metadata');
    return {
      ok: true,
      messages: page.map((m) => this.present(m, withMetadata)),
      has_more: hasMore,
      ...(next ? { response_metadata: { next_cursor: next } } : {}),
    };
  }

  private usersInfo({ args }: WebApiRequest): SlackResult {
    const id = str(args, 'user');
    if (!id || !/^[UW][A-Z0-9]+$/.test(id)) return errorAnswer('user_not_found');
    const { bot, team } = this.ws;
    const u: Omit<SandboxUser, 'role'> | undefined =
      this.ws.user(id) ??
      (id === bot.userId ? { id, name: bot.name, realName: bot.name, locale: 'en-US', tz: 'Asia/Tokyo' } : undefined);
    if (!u) return errorAnswer('user_not_found');
    const isBot = u.isBot ?? id === bot.userId;
    const tz = u.tz ?? 'Asia/Tokyo';
    const user: Record<string, unknown> = {
      id: u.id,
      team_id: team.id,
      name: u.name,
      deleted: u.deleted ?? false,
      color: '9f69e7',
      real_name: u.realName,
      tz,
      tz_label: u.tzLabel ?? tz,
      tz_offset: u.tzOffset ?? tzOffsetSeconds(tz, this.ws.now()),
      profile: {
        real_name: u.realName,
        real_name_normalized: u.realName,
        display_name: u.name,
        display_name_normalized: u.name,
        team: team.id,
        ...(isBot && id === bot.userId ? { bot_id: bot.botId, api_app_id: bot.appId } : {}),
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: isBot,
      is_app_user: false,
      updated: 1_700_000_000,
      is_email_confirmed: !isBot,
      who_can_share_contact_card: 'EVERYONE',
    };
    if (bool(args, 'include_locale')) user.locale = u.locale;
    return { ok: true, user };
  }
}

/** A zone's offset from UTC at an instant, in seconds (what users.info calls tz_offset). */
function tzOffsetSeconds(timeZone: string, at: Date): number {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
    if (!m) return 0;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60);
  } catch {
    return 0;
  }
}
