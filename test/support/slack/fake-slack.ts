// A stand-in for Slack's Web API on 127.0.0.1, for end-to-end tests that must not reach Slack.
// Point the real WebClient at it with `slackApiUrl: fake.apiUrl`. It answers the methods the app
// uses with the shapes Slack answers with, keeps the messages, views and ephemerals it was sent,
// records every call, and can be told to rate-limit, fail or stall a method.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKitViolations } from '../../../src/slack/block-kit-limits.js';

export type SlackArgs = Record<string, unknown>;

export interface SlackResult {
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

export interface RecordedCall {
  /** 1, 2, 3… in the order the calls were answered (a delayed call is recorded when it answers). */
  seq: number;
  /** The Web API method ('chat.postMessage'), or 'response_url' for a POST to fake.responseUrl(). */
  method: string;
  /** The bearer token (or a `token` argument); undefined when none was sent. */
  token: string | undefined;
  /** The arguments as Slack reads them: form values are strings, JSON-valued ones (blocks, view, metadata…) parsed. */
  args: SlackArgs;
  /** When the request arrived (ms since the epoch). */
  at: number;
  /** The HTTP status answered: 200, or 429 when rate-limited. */
  status: number;
  response: SlackResult;
  /** The request's Content-Type, to tell a form body from a JSON one. */
  contentType: string | undefined;
  /** For response_url calls: the URL posted to. */
  url?: string;
}

export interface FakeUser {
  id: string;
  name: string;
  realName: string;
  /** e.g. 'ja-JP' or 'en-US'; users.info returns it only with include_locale. */
  locale: string;
  tz: string;
  tzLabel: string;
  tzOffset: number;
  isBot: boolean;
  deleted: boolean;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface Reaction {
  name: string;
  users: string[];
  count: number;
}

/** A message as the fake keeps it (the API answers the same object without `channel`). */
export interface StoredMessage {
  channel: string;
  type: 'message';
  subtype?: string;
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  reactions?: Reaction[];
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** 'chat.postEphemeral' or 'response_url'. */
  via: string;
}

export interface StoredView {
  id: string;
  team_id: string;
  type: string;
  title?: unknown;
  submit: unknown;
  close: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, unknown> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  previous_view_id: string | null;
  root_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  /** For Home tabs: whose. Not part of Slack's answer. */
  user_id?: string;
}

export interface ResponseUrlContext {
  /** The channel of the interaction: in_channel responses are posted there. */
  channel?: string;
  /** The message the interaction came from: replace_original and delete_original act on it. */
  messageTs?: string;
  /** Who gets the ephemeral responses. */
  user?: string;
}

export interface FakeSlackOptions {
  /** Accepted tokens; when given, any other token is answered `invalid_auth`. Otherwise any token is accepted. */
  tokens?: string[];
  team?: { id: string; name: string; domain: string };
  bot?: { userId: string; botId: string; appId: string; name: string };
  /** Users users.info knows (others get a default en-US profile). */
  users?: Record<string, Partial<Omit<FakeUser, 'id'>>>;
  /** Refuse payloads over Block Kit's limits, as Slack does (default true). */
  refuseInvalidBlocks?: boolean;
}

type Fault = { kind: 'ratelimit'; remaining: number; retryAfterSeconds: number } | { kind: 'fail'; remaining: number; error: string; status: number };

interface Answer {
  status: number;
  body: SlackResult;
  headers?: Record<string, string>;
}

interface Request {
  method: string;
  token: string | undefined;
  args: SlackArgs;
  malformed: Set<string>;
}

type Handler = (req: Request) => SlackResult;

// Arguments Slack reads as JSON when they arrive form-encoded (WebClient JSON-stringifies objects).
const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks']);
const MAX_RESPONSE_URL_USES = 5;
const MAX_VIEW_STACK = 3;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (args: SlackArgs, key: string): string | undefined => {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
};
// Form bodies carry booleans as "true"/"1", JSON bodies as booleans.
const bool = (args: SlackArgs, key: string): boolean => {
  const v = args[key];
  return v === true || v === 1 || v === 'true' || v === '1';
};
const int = (args: SlackArgs, key: string): number | undefined => {
  const v = str(args, key);
  if (v === undefined || v === '') return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? undefined : n;
};
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const slackId = (prefix: string, length = 10): string => {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
};
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const viewHash = (): string => {
  let tail = '';
  for (const b of randomBytes(8)) tail += B62[b % B62.length];
  return `${Math.floor(Date.now() / 1000)}.${tail}`;
};
/** A Slack ts ("1700000000.000100") as microseconds, so "1700000000" and "1700000000.000000" compare equal. */
const tsMicros = (ts: string): bigint => {
  const [sec = '0', frac = ''] = ts.split('.');
  return BigInt(sec || '0') * 1_000_000n + BigInt((frac + '000000').slice(0, 6) || '0');
};
const encodeCursor = (ts: string): string => Buffer.from(`next_ts:${ts}`).toString('base64');
const decodeCursor = (cursor: string): string | undefined => {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  return text.startsWith('next_ts:') ? text.slice('next_ts:'.length) : undefined;
};
const errorAnswer = (error: string, messages?: string[]): SlackResult =>
  messages && messages.length > 0 ? { ok: false, error, response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } } : { ok: false, error };
/** An argument Slack would refuse, carrying the answer to send. */
class Refusal {
  constructor(readonly result: SlackResult) {}
}
const TS = /^\d+(\.\d+)?$/;

const summarize = (call: RecordedCall): string => {
  const args = JSON.stringify(call.args);
  const result = call.response.ok ? 'ok' : `error ${call.response.error ?? '?'}`;
  return `#${call.seq} ${call.method} → ${call.status} ${result} ${args.length > 200 ? `${args.slice(0, 200)}…` : args}`;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a body as Slack does: JSON, or a form whose JSON-valued fields are JSON strings. */
function parseArgs(contentType: string | undefined, body: string, query: URLSearchParams): { args: SlackArgs; malformed: Set<string>; invalid: boolean } {
  const args: SlackArgs = {};
  const malformed = new Set<string>();
  for (const [k, v] of query) args[k] = v;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (body.length > 0 && type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (!isObject(parsed)) return { args, malformed, invalid: true };
      Object.assign(args, parsed);
    } catch {
      return { args, malformed, invalid: true };
    }
  } else if (body.length > 0) {
    if (type !== 'application/x-www-form-urlencoded') return { args, malformed, invalid: true };
    for (const [k, v] of new URLSearchParams(body)) args[k] = v;
  }
  for (const key of JSON_ARGS) {
    const v = args[key];
    if (typeof v !== 'string') continue;
    try {
      args[key] = JSON.parse(v) as unknown;
    } catch {
      malformed.add(key);
    }
  }
  return { args, malformed, invalid: false };
}

/** The workspace and bot the fake answers as by default; the request builders use the same ids. */
export const FAKE_TEAM = { id: 'T0CERTDESK', name: 'certdesk test', domain: 'certdesk-test' } as const;
export const FAKE_BOT = { userId: 'U0CERTBOT1', botId: 'B0CERTBOT1', appId: 'A0CERTDESK', name: 'certdesk' } as const;
/** The person and channel requests come from unless a test says otherwise. */
export const FAKE_USER = { id: 'U0HUMAN001', name: 'tanaka.hanako' } as const;
export const FAKE_CHANNEL = { id: 'C0CERTDESK', name: 'certificates' } as const;

export class FakeSlack {
  readonly baseUrl: string;
  /** Pass as WebClient's `slackApiUrl` (or Bolt's `clientOptions.slackApiUrl`); ends with '/api/'. */
  readonly apiUrl: string;
  readonly team: { id: string; name: string; domain: string };
  readonly bot: { userId: string; botId: string; appId: string; name: string };

  private readonly server: Server;
  private readonly emitter = new EventEmitter();
  private readonly options: FakeSlackOptions;
  private readonly handlers: Record<string, Handler>;
  private recorded: RecordedCall[] = [];
  private channels = new Map<string, StoredMessage[]>();
  private ephemerals: StoredEphemeral[] = [];
  private viewsById = new Map<string, StoredView>();
  private homes = new Map<string, string>();
  private usedTriggers = new Set<string>();
  private lastModal: string | undefined;
  private responseUrls = new Map<string, { context: ResponseUrlContext; uses: number }>();
  private faults = new Map<string, Fault[]>();
  private delays = new Map<string, number>();
  private responseDelays = new Map<string, number>();
  private users = new Map<string, FakeUser>();
  private lastTsMicros = 0n;

  private constructor(server: Server, options: FakeSlackOptions) {
    this.server = server;
    this.options = options;
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.team = options.team ?? { ...FAKE_TEAM };
    this.bot = options.bot ?? { ...FAKE_BOT };
    this.emitter.setMaxListeners(0);
    this.seedUsers();
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

  /** @internal use startFakeSlack(). */
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // Listening first gives the port the instance's URLs need; nobody can call before it is known.
    const fake = new FakeSlack(server, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    return fake;
  }

  // ---- what tests read ----

  /** Every call so far, in the order answered. */
  get calls(): readonly RecordedCall[] {
    return this.recorded;
  }

  callsOf(method: string): RecordedCall[] {
    return this.recorded.filter((c) => c.method === method);
  }

  lastCall(method: string): RecordedCall | undefined {
    return this.callsOf(method).at(-1);
  }

  /** Messages in a channel, oldest first, thread replies included. A user id means the bot's DM with that user. */
  messagesIn(channel: string): StoredMessage[] {
    return [...(this.channels.get(this.resolveChannel(channel)) ?? [])];
  }

  /** A thread: its parent, then the replies, oldest first. */
  thread(channel: string, ts: string): StoredMessage[] {
    const all = this.channels.get(this.resolveChannel(channel)) ?? [];
    return all.filter((m) => m.ts === ts || m.thread_ts === ts);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.channels.get(this.resolveChannel(channel))?.find((m) => m.ts === ts);
  }

  /** Ephemeral messages (chat.postEphemeral, and ephemeral response_url answers), optionally for one user. */
  ephemeralsFor(user?: string): StoredEphemeral[] {
    return this.ephemerals.filter((e) => user === undefined || e.user === user);
  }

  view(id: string): StoredView | undefined {
    return this.viewsById.get(id);
  }

  /** Modals opened or pushed, in order. */
  modals(): StoredView[] {
    return [...this.viewsById.values()].filter((v) => v.type === 'modal');
  }

  /** The Home tab last published for a user. */
  homeOf(user: string): StoredView | undefined {
    const id = this.homes.get(user);
    return id === undefined ? undefined : this.viewsById.get(id);
  }

  /** The bot's DM channel with a user (what chat.postMessage to a user id answers as `channel`). */
  dmChannelOf(user: string): string {
    return `D${user.slice(1)}`;
  }

  /** A fresh response_url on this server. The context lets replace_original/delete_original/in_channel act on the store. */
  responseUrl(context: ResponseUrlContext = {}): string {
    const id = `${Date.now()}/${randomBytes(12).toString('hex')}`;
    this.responseUrls.set(id, { context, uses: 0 });
    return `${this.baseUrl}/response/${id}`;
  }

  /** The bodies POSTed to one response_url, in order. */
  responsesTo(url: string): SlackArgs[] {
    return this.recorded.filter((c) => c.method === 'response_url' && c.url === url).map((c) => c.args);
  }

  setUser(id: string, user: Partial<Omit<FakeUser, 'id'>>): FakeUser {
    const full = { ...this.defaultUser(id), ...this.users.get(id), ...user, id };
    this.users.set(id, full);
    return full;
  }

  /** Puts a message in a channel as if someone had posted it (by default a human user), without recording a call. */
  addMessage(channel: string, message: Partial<Omit<StoredMessage, 'channel' | 'type'>> & { text: string }): StoredMessage {
    const ch = this.resolveChannel(channel);
    const stored: StoredMessage = { type: 'message', user: FAKE_USER.id, team: this.team.id, ...message, channel: ch, ts: message.ts ?? this.nextTs() };
    this.insert(stored);
    return stored;
  }

  /** Resolves with the first recorded call matching the predicate, or rejects listing what was received. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 5_000): Promise<RecordedCall> {
    const test = (c: RecordedCall): boolean => {
      try {
        return predicate(c);
      } catch {
        return false;
      }
    };
    const found = this.recorded.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.recorded.find(test);
        if (!hit) return;
        cleanup();
        resolve(hit);
      };
      // The event wakes us at once; the poll catches predicates that depend on other state.
      const poll = setInterval(check, 25);
      const timer = setTimeout(() => {
        cleanup();
        const received = this.recorded.length === 0 ? '  (no calls)' : this.recorded.map((c) => `  ${summarize(c)}`).join('\n');
        reject(new Error(`fake Slack: no call matched within ${timeoutMs} ms. Received ${this.recorded.length} call(s):\n${received}`));
      }, timeoutMs);
      const cleanup = () => {
        clearInterval(poll);
        clearTimeout(timer);
        this.emitter.off('call', check);
      };
      this.emitter.on('call', check);
    });
  }

  /** waitFor a call of one method (and matching args, when given). */
  waitForCall(method: string, predicate: (args: SlackArgs, call: RecordedCall) => boolean = () => true, timeoutMs = 5_000): Promise<RecordedCall> {
    return this.waitFor((c) => c.method === method && predicate(c.args, c), timeoutMs);
  }

  // ---- fault injection ----

  /** The next `times` calls of `method` answer HTTP 429 with Retry-After. */
  rateLimit(method: string, { times = 1, retryAfterSeconds = 1 }: { times?: number; retryAfterSeconds?: number } = {}): this {
    this.queueFault(method, { kind: 'ratelimit', remaining: times, retryAfterSeconds });
    return this;
  }

  /** The next `times` calls of `method` answer {ok:false, error} (HTTP 200 unless `status` says otherwise). */
  fail(method: string, { times = 1, error, status = 200 }: { times?: number; error: string; status?: number }): this {
    this.queueFault(method, { kind: 'fail', remaining: times, error, status });
    return this;
  }

  /**
   * Every call of `method` is carried out at once (a message is stored) but answered only after
   * `ms`: a client that dies meanwhile never learns that Slack took it.
   */
  delayResponse(method: string, ms: number): this {
    if (ms > 0) this.responseDelays.set(method, ms);
    else this.responseDelays.delete(method);
    return this;
  }

  /** Every call of `method` waits `ms` before it is answered, until reset() or delay(method, 0). */
  delay(method: string, ms: number): this {
    if (ms > 0) this.delays.set(method, ms);
    else this.delays.delete(method);
    return this;
  }

  /** Forgets calls, messages, views, response URLs and faults; keeps users and configuration. */
  reset(): void {
    this.recorded = [];
    this.channels.clear();
    this.ephemerals = [];
    this.viewsById.clear();
    this.homes.clear();
    this.usedTriggers.clear();
    this.lastModal = undefined;
    this.responseUrls.clear();
    this.faults.clear();
    this.delays.clear();
    this.responseDelays.clear();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // fetch keeps connections alive; without this close() waits for them to time out.
      this.server.closeAllConnections();
    });
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const contentType = req.headers['content-type'];
    const { args, malformed, invalid } = parseArgs(contentType, body, url.searchParams);

    if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      const method = 'response_url';
      const answer = (await this.faultFor(method)) ?? this.responseUrlPost(url.pathname.slice('/response/'.length), args, invalid);
      this.record({ method, token: undefined, args, at, answer, contentType, url: url.href });
      return this.send(res, answer);
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : str(args, 'token');
    const answer = await this.answer({ method, token, args, malformed }, invalid);
    this.record({ method, token, args, at, answer, contentType });
    this.send(res, answer);
  }

  private async answer(req: Request, invalidBody: boolean): Promise<Answer> {
    const ok = (body: SlackResult): Answer => ({ status: 200, body });
    const handler = this.handlers[req.method];
    if (!handler) return ok({ ok: false, error: 'unknown_method', req_method: req.method });
    if (invalidBody) return ok({ ok: false, error: 'invalid_form_data' });
    if (!req.token) return ok({ ok: false, error: 'not_authed' });
    const accepted = this.options.tokens;
    if (accepted && accepted.length > 0 && !accepted.includes(req.token)) return ok({ ok: false, error: 'invalid_auth' });
    const fault = await this.faultFor(req.method);
    if (fault) return fault;
    const answer = ok(handler(req));
    const late = this.responseDelays.get(req.method);
    if (late !== undefined) await new Promise((r) => setTimeout(r, late));
    return answer;
  }

  private async faultFor(method: string): Promise<Answer | undefined> {
    const ms = this.delays.get(method);
    if (ms !== undefined) await new Promise((r) => setTimeout(r, ms));
    const queue = this.faults.get(method);
    const fault = queue?.[0];
    if (!queue || !fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) queue.shift();
    if (fault.kind === 'ratelimit') {
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(fault.retryAfterSeconds) } };
    }
    return { status: fault.status, body: { ok: false, error: fault.error } };
  }

  private queueFault(method: string, fault: Fault): void {
    if (fault.remaining <= 0) return;
    const queue = this.faults.get(method) ?? [];
    queue.push(fault);
    this.faults.set(method, queue);
  }

  private record(c: { method: string; token: string | undefined; args: SlackArgs; at: number; answer: Answer; contentType: string | undefined; url?: string }): void {
    const call: RecordedCall = {
      seq: this.recorded.length + 1,
      method: c.method,
      token: c.token,
      args: c.args,
      at: c.at,
      status: c.answer.status,
      response: c.answer.body,
      contentType: c.contentType,
    };
    if (c.url !== undefined) call.url = c.url;
    this.recorded.push(call);
    this.emitter.emit('call', call);
  }

  private send(res: ServerResponse, answer: Answer): void {
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  // ---- state helpers ----

  /** Unique, increasing Slack timestamps from the real clock ("1700000000.000100"). */
  private nextTs(): string {
    let micros = BigInt(Date.now()) * 1000n;
    if (micros <= this.lastTsMicros) micros = this.lastTsMicros + 1n;
    this.lastTsMicros = micros;
    return `${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, '0')}`;
  }

  private resolveChannel(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? this.dmChannelOf(channel) : channel;
  }

  private insert(message: StoredMessage): void {
    const list = this.channels.get(message.channel) ?? [];
    list.push(message);
    list.sort((a, b) => (tsMicros(a.ts) < tsMicros(b.ts) ? -1 : tsMicros(a.ts) > tsMicros(b.ts) ? 1 : 0));
    this.channels.set(message.channel, list);
    if (message.thread_ts !== undefined && message.thread_ts !== message.ts) {
      const parent = list.find((m) => m.ts === message.thread_ts);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        const users = new Set(parent.reply_users ?? []);
        if (message.user) users.add(message.user);
        parent.reply_users = [...users];
        parent.reply_users_count = users.size;
        parent.latest_reply = message.ts;
        if (parent.user !== undefined) message.parent_user_id = parent.user;
      }
    }
  }

  /** The message as Slack's API answers it: no `channel`, and metadata only when asked for. */
  private present(m: StoredMessage, withMetadata: boolean): SlackResult {
    const { channel: _channel, metadata, ...rest } = m;
    const out: Record<string, unknown> = { ...rest };
    if (rest.bot_id !== undefined) out.bot_profile = { id: this.bot.botId, app_id: this.bot.appId, name: this.bot.name, deleted: false, team_id: this.team.id };
    if (withMetadata && metadata) out.metadata = metadata;
    return out as SlackResult;
  }

  private messageViolations(args: SlackArgs, malformed: Set<string>): SlackResult | undefined {
    if (malformed.has('blocks')) return errorAnswer('invalid_blocks_format', ['failed to parse blocks']);
    if (args.blocks !== undefined && !Array.isArray(args.blocks)) return errorAnswer('invalid_blocks_format', ['blocks must be an array']);
    if (this.options.refuseInvalidBlocks === false) return undefined;
    const text = str(args, 'text');
    if (text !== undefined && [...text].length > 40_000) return errorAnswer('msg_too_long');
    const violations = blockKitViolations('message', { blocks: args.blocks });
    return violations.length > 0 ? errorAnswer('invalid_blocks', violations) : undefined;
  }

  private metadataOf(args: SlackArgs, malformed: Set<string>): MessageMetadata | Refusal | undefined {
    if (args.metadata === undefined) return undefined;
    const m = args.metadata;
    if (malformed.has('metadata') || !isObject(m) || typeof m.event_type !== 'string' || !isObject(m.event_payload)) {
      return new Refusal(errorAnswer('invalid_metadata_format', ['metadata must be {event_type: string, event_payload: object}']));
    }
    return { event_type: m.event_type, event_payload: m.event_payload };
  }

  private defaultUser(id: string): FakeUser {
    return { id, name: id.toLowerCase(), realName: `User ${id}`, locale: 'en-US', tz: 'America/Los_Angeles', tzLabel: 'Pacific Standard Time', tzOffset: -28_800, isBot: false, deleted: false };
  }

  private seedUsers(): void {
    this.setUser(this.bot.userId, { name: this.bot.name, realName: this.bot.name, isBot: true });
    for (const [id, user] of Object.entries(this.options.users ?? {})) {
      // A Japanese user lives in Tokyo unless the test says otherwise.
      const tokyo = user.locale === 'ja-JP' ? { tz: 'Asia/Tokyo', tzLabel: 'Japan Standard Time', tzOffset: 32_400 } : {};
      this.setUser(id, { ...tokyo, ...user });
    }
  }

  // ---- methods ----

  private authTest(): SlackResult {
    return {
      ok: true,
      url: `https://${this.team.domain}.slack.com/`,
      team: this.team.name,
      user: this.bot.name,
      team_id: this.team.id,
      user_id: this.bot.userId,
      bot_id: this.bot.botId,
      is_enterprise_install: false,
    };
  }

  private botMessage(channel: string, args: SlackArgs, metadata: MessageMetadata | undefined): StoredMessage {
    const m: StoredMessage = {
      channel,
      type: 'message',
      ts: this.nextTs(),
      text: str(args, 'text') ?? '',
      user: this.bot.userId,
      bot_id: this.bot.botId,
      app_id: this.bot.appId,
      team: this.team.id,
    };
    if (Array.isArray(args.blocks)) m.blocks = args.blocks;
    if (Array.isArray(args.attachments)) m.attachments = args.attachments;
    if (metadata) m.metadata = metadata;
    return m;
  }

  private postMessage({ args, malformed }: Request): SlackResult {
    const requested = str(args, 'channel');
    if (!requested) return errorAnswer('channel_not_found');
    if (str(args, 'text') === undefined && args.blocks === undefined && args.attachments === undefined) return errorAnswer('no_text');
    const refused = this.messageViolations(args, malformed);
    if (refused) return refused;
    const metadata = this.metadataOf(args, malformed);
    if (metadata instanceof Refusal) return metadata.result;
    const channel = this.resolveChannel(requested);
    const m = this.botMessage(channel, args, metadata);
    const threadTs = str(args, 'thread_ts');
    if (threadTs) {
      // A reply to a reply joins the parent's thread, as in Slack.
      const parent = this.channels.get(channel)?.find((x) => x.ts === threadTs);
      m.thread_ts = parent?.thread_ts ?? threadTs;
      if (bool(args, 'reply_broadcast')) m.subtype = 'thread_broadcast';
    }
    this.insert(m);
    return { ok: true, channel, ts: m.ts, message: this.present(m, true) };
  }

  private update({ args, malformed }: Request): SlackResult {
    const channel = str(args, 'channel');
    const ts = str(args, 'ts');
    if (!channel) return errorAnswer('channel_not_found');
    if (!ts) return errorAnswer('message_not_found');
    const m = this.message(channel, ts);
    if (!m) return errorAnswer('message_not_found');
    if (m.bot_id !== this.bot.botId) return errorAnswer('cant_update_message');
    const refused = this.messageViolations(args, malformed);
    if (refused) return refused;
    const metadata = this.metadataOf(args, malformed);
    if (metadata instanceof Refusal) return metadata.result;
    const text = str(args, 'text');
    if (text !== undefined) m.text = text;
    if (Array.isArray(args.blocks)) m.blocks = args.blocks;
    if (Array.isArray(args.attachments)) m.attachments = args.attachments;
    if (metadata) m.metadata = metadata;
    m.edited = { user: this.bot.userId, ts: this.nextTs() };
    return { ok: true, channel: m.channel, ts: m.ts, text: m.text, message: this.present(m, true) };
  }

  private postEphemeral({ args, malformed }: Request): SlackResult {
    const channel = str(args, 'channel');
    const user = str(args, 'user');
    if (!channel) return errorAnswer('channel_not_found');
    if (!user) return errorAnswer('user_not_found');
    if (str(args, 'text') === undefined && args.blocks === undefined && args.attachments === undefined) return errorAnswer('no_text');
    const refused = this.messageViolations(args, malformed);
    if (refused) return refused;
    const e: StoredEphemeral = { channel: this.resolveChannel(channel), user, ts: this.nextTs(), text: str(args, 'text') ?? '', via: 'chat.postEphemeral' };
    if (Array.isArray(args.blocks)) e.blocks = args.blocks;
    const threadTs = str(args, 'thread_ts');
    if (threadTs) e.thread_ts = threadTs;
    this.ephemerals.push(e);
    return { ok: true, message_ts: e.ts };
  }

  private deleteMessage({ args }: Request): SlackResult {
    const channel = str(args, 'channel');
    const ts = str(args, 'ts');
    if (!channel) return errorAnswer('channel_not_found');
    const m = ts === undefined ? undefined : this.message(channel, ts);
    if (!m) return errorAnswer('message_not_found');
    if (m.bot_id !== this.bot.botId) return errorAnswer('cant_delete_message');
    this.removeMessage(m);
    return { ok: true, channel: m.channel, ts: m.ts };
  }

  private removeMessage(m: StoredMessage): void {
    const list = this.channels.get(m.channel) ?? [];
    this.channels.set(
      m.channel,
      list.filter((x) => x !== m),
    );
    if (m.thread_ts !== undefined && m.thread_ts !== m.ts) {
      const parent = list.find((x) => x.ts === m.thread_ts);
      if (parent?.reply_count !== undefined) parent.reply_count -= 1;
    }
  }

  private addReaction({ args }: Request): SlackResult {
    const channel = str(args, 'channel');
    const ts = str(args, 'timestamp');
    const name = str(args, 'name');
    if (!channel || !ts) return errorAnswer('no_item_specified');
    if (!name || name.includes(':') || name.includes(' ')) return errorAnswer('invalid_name');
    const m = this.message(channel, ts);
    if (!m) return errorAnswer('message_not_found');
    const reactions = (m.reactions ??= []);
    const existing = reactions.find((r) => r.name === name);
    if (existing?.users.includes(this.bot.userId)) return errorAnswer('already_reacted');
    if (existing) {
      existing.users.push(this.bot.userId);
      existing.count += 1;
    } else reactions.push({ name, users: [this.bot.userId], count: 1 });
    return { ok: true };
  }

  private useTrigger(args: SlackArgs): SlackResult | undefined {
    const trigger = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
    if (!trigger) return errorAnswer('invalid_arguments', ['missing required field: trigger_id']);
    // Slack accepts a trigger_id once; a replayed interaction cannot open a second modal.
    if (this.usedTriggers.has(trigger)) return errorAnswer('exchanged_trigger_id');
    this.usedTriggers.add(trigger);
    return undefined;
  }

  private viewArg(args: SlackArgs, malformed: Set<string>, surface: 'modal' | 'home'): Record<string, unknown> | Refusal {
    if (malformed.has('view')) return new Refusal(errorAnswer('invalid_arguments', ['failed to parse view']));
    const view = args.view;
    if (!isObject(view)) return new Refusal(errorAnswer('invalid_arguments', ['missing required field: view']));
    if (view.type !== surface) return new Refusal(errorAnswer('invalid_arguments', [`view.type must be "${surface}"`]));
    if (this.options.refuseInvalidBlocks !== false) {
      const violations = blockKitViolations(surface, view);
      if (violations.length > 0) return new Refusal(errorAnswer('invalid_arguments', violations));
    }
    return view;
  }

  private buildView(view: Record<string, unknown>, id: string, links: { previous: string | null; root: string | null }): StoredView {
    return {
      id,
      team_id: this.team.id,
      type: String(view.type),
      ...(view.title !== undefined ? { title: view.title } : {}),
      submit: view.submit ?? null,
      close: view.close ?? null,
      blocks: Array.isArray(view.blocks) ? view.blocks : [],
      private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
      callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
      external_id: typeof view.external_id === 'string' ? view.external_id : '',
      state: { values: {} },
      hash: viewHash(),
      clear_on_close: view.clear_on_close === true,
      notify_on_close: view.notify_on_close === true,
      previous_view_id: links.previous,
      root_view_id: links.root,
      app_id: this.bot.appId,
      app_installed_team_id: this.team.id,
      bot_id: this.bot.botId,
    };
  }

  private presentView(v: StoredView): SlackResult {
    const { user_id: _user, ...rest } = v;
    return { ok: true, view: rest };
  }

  private newViewId(): string {
    let id = slackId('V');
    while (this.viewsById.has(id)) id = slackId('V');
    return id;
  }

  private externalIdTaken(view: Record<string, unknown>, except?: string): boolean {
    const ext = view.external_id;
    if (typeof ext !== 'string' || ext === '') return false;
    return [...this.viewsById.values()].some((v) => v.external_id === ext && v.id !== except);
  }

  private viewsOpen({ args, malformed }: Request): SlackResult {
    const view = this.viewArg(args, malformed, 'modal');
    if (view instanceof Refusal) return view.result;
    const triggerError = this.useTrigger(args);
    if (triggerError) return triggerError;
    if (this.externalIdTaken(view)) return errorAnswer('duplicate_external_id');
    const id = this.newViewId();
    const stored = this.buildView(view, id, { previous: null, root: id });
    this.viewsById.set(id, stored);
    this.lastModal = id;
    return this.presentView(stored);
  }

  private viewsPush({ args, malformed }: Request): SlackResult {
    const view = this.viewArg(args, malformed, 'modal');
    if (view instanceof Refusal) return view.result;
    const triggerError = this.useTrigger(args);
    if (triggerError) return triggerError;
    // Slack pushes onto the modal the trigger came from; the fake takes the last one opened or pushed.
    const below = this.lastModal === undefined ? undefined : this.viewsById.get(this.lastModal);
    if (!below) return errorAnswer('not_found');
    const root = below.root_view_id ?? below.id;
    let depth = 1;
    for (let v: StoredView | undefined = below; v?.previous_view_id; v = this.viewsById.get(v.previous_view_id)) depth += 1;
    if (depth >= MAX_VIEW_STACK) return errorAnswer('push_limit_reached');
    if (this.externalIdTaken(view)) return errorAnswer('duplicate_external_id');
    const id = this.newViewId();
    const stored = this.buildView(view, id, { previous: below.id, root });
    this.viewsById.set(id, stored);
    this.lastModal = id;
    return this.presentView(stored);
  }

  private viewsUpdate({ args, malformed }: Request): SlackResult {
    const viewId = str(args, 'view_id');
    const externalId = str(args, 'external_id');
    if (!viewId && !externalId) return errorAnswer('invalid_arguments', ['either view_id or external_id is required']);
    const current = viewId ? this.viewsById.get(viewId) : [...this.viewsById.values()].find((v) => v.external_id === externalId);
    if (!current) return errorAnswer('not_found');
    const view = this.viewArg(args, malformed, current.type === 'home' ? 'home' : 'modal');
    if (view instanceof Refusal) return view.result;
    const hash = str(args, 'hash');
    if (hash !== undefined && hash !== current.hash) return errorAnswer('hash_conflict');
    if (this.externalIdTaken(view, current.id)) return errorAnswer('duplicate_external_id');
    const stored = this.buildView(view, current.id, { previous: current.previous_view_id, root: current.root_view_id });
    if (current.user_id !== undefined) stored.user_id = current.user_id;
    this.viewsById.set(current.id, stored);
    return this.presentView(stored);
  }

  private viewsPublish({ args, malformed }: Request): SlackResult {
    const user = str(args, 'user_id');
    if (!user) return errorAnswer('invalid_arguments', ['missing required field: user_id']);
    if (!/^[UW][A-Z0-9]+$/.test(user)) return errorAnswer('user_not_found');
    const view = this.viewArg(args, malformed, 'home');
    if (view instanceof Refusal) return view.result;
    const currentId = this.homes.get(user);
    const current = currentId === undefined ? undefined : this.viewsById.get(currentId);
    const hash = str(args, 'hash');
    if (hash !== undefined && current && hash !== current.hash) return errorAnswer('hash_conflict');
    // A user's Home tab keeps its view id across publishes.
    const id = current?.id ?? this.newViewId();
    const stored = this.buildView(view, id, { previous: null, root: null });
    stored.user_id = user;
    this.viewsById.set(id, stored);
    this.homes.set(user, id);
    return this.presentView(stored);
  }

  /** Applies oldest/latest/inclusive, cursor and limit to messages already in answer order. */
  private page(messages: StoredMessage[], args: SlackArgs, newestFirst: boolean): { page: StoredMessage[]; hasMore: boolean; next?: string } | Refusal {
    const oldest = str(args, 'oldest');
    const latest = str(args, 'latest');
    if (oldest !== undefined && oldest !== '' && !TS.test(oldest)) return new Refusal(errorAnswer('invalid_ts_oldest'));
    if (latest !== undefined && latest !== '' && !TS.test(latest)) return new Refusal(errorAnswer('invalid_ts_latest'));
    const inclusive = bool(args, 'inclusive');
    let list = messages.filter((m) => {
      const t = tsMicros(m.ts);
      if (oldest !== undefined && oldest !== '' && (inclusive ? t < tsMicros(oldest) : t <= tsMicros(oldest))) return false;
      if (latest !== undefined && latest !== '' && (inclusive ? t > tsMicros(latest) : t >= tsMicros(latest))) return false;
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

  private history({ args }: Request): SlackResult {
    const channel = str(args, 'channel');
    if (!channel || /^[UW]/.test(channel)) return errorAnswer('channel_not_found');
    // History shows top-level messages and broadcast replies; other replies live in their threads.
    const top = (this.channels.get(channel) ?? []).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === 'thread_broadcast');
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

  private replies({ args }: Request): SlackResult {
    const channel = str(args, 'channel');
    const ts = str(args, 'ts');
    if (!channel || /^[UW]/.test(channel)) return errorAnswer('channel_not_found');
    const list = this.channels.get(channel) ?? [];
    const anchor = ts === undefined ? undefined : list.find((m) => m.ts === ts);
    if (!anchor) return errorAnswer('thread_not_found');
    const root = anchor.thread_ts ?? anchor.ts;
    const thread = list.filter((m) => m.ts === root || m.thread_ts === root);
    const paged = this.page(thread, args, false);
    if (paged instanceof Refusal) return paged.result;
    const { page, hasMore, next } = paged;
    const withMetadata = bool(args, 'include_all_metadata');
    return { ok: true, messages: page.map((m) => this.present(m, withMetadata)), has_more: hasMore, ...(next ? { response_metadata: { next_cursor: next } } : {}) };
  }

  private usersInfo({ args }: Request): SlackResult {
    const id = str(args, 'user');
    if (!id || !/^[UW][A-Z0-9]+$/.test(id)) return errorAnswer('user_not_found');
    const u = this.users.get(id) ?? this.defaultUser(id);
    const user: Record<string, unknown> = {
      id: u.id,
      team_id: this.team.id,
      name: u.name,
      deleted: u.deleted,
      color: '9f69e7',
      real_name: u.realName,
      tz: u.tz,
      tz_label: u.tzLabel,
      tz_offset: u.tzOffset,
      profile: {
        real_name: u.realName,
        real_name_normalized: u.realName,
        display_name: u.name,
        display_name_normalized: u.name,
        team: this.team.id,
        ...(u.isBot && u.id === this.bot.userId ? { bot_id: this.bot.botId, api_app_id: this.bot.appId } : {}),
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.isBot,
      is_app_user: false,
      updated: 1_700_000_000,
      is_email_confirmed: !u.isBot,
      who_can_share_contact_card: 'EVERYONE',
    };
    if (bool(args, 'include_locale')) user.locale = u.locale;
    return { ok: true, user };
  }

  /** A POST to a response_url: Bolt's respond() sends JSON; Slack answers HTTP errors as plain codes. */
  private responseUrlPost(id: string, args: SlackArgs, invalid: boolean): Answer {
    const entry = this.responseUrls.get(id);
    if (!entry) return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (invalid) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    entry.uses += 1;
    if (entry.uses > MAX_RESPONSE_URL_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    if (this.options.refuseInvalidBlocks !== false) {
      const violations = blockKitViolations('message', args);
      if (violations.length > 0) return { status: 400, body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: violations } } };
    }
    const { channel, messageTs, user } = entry.context;
    const original = channel !== undefined && messageTs !== undefined ? this.message(channel, messageTs) : undefined;
    if (bool(args, 'delete_original')) {
      if (original) this.removeMessage(original);
    } else if (bool(args, 'replace_original') && original) {
      if (typeof args.text === 'string') original.text = args.text;
      if (Array.isArray(args.blocks)) original.blocks = args.blocks;
      original.edited = { user: this.bot.userId, ts: this.nextTs() };
    } else if (args.response_type === 'in_channel' && channel !== undefined) {
      const m = this.botMessage(this.resolveChannel(channel), args, undefined);
      const threadTs = str(args, 'thread_ts');
      if (threadTs) m.thread_ts = threadTs;
      this.insert(m);
    } else if (channel !== undefined && user !== undefined) {
      const e: StoredEphemeral = { channel: this.resolveChannel(channel), user, ts: this.nextTs(), text: str(args, 'text') ?? '', via: 'response_url' };
      if (Array.isArray(args.blocks)) e.blocks = args.blocks;
      this.ephemerals.push(e);
    }
    return { status: 200, body: { ok: true } };
  }
}

/** Starts a fake Slack Web API on 127.0.0.1 at a random port. Close it with `await fake.close()`. */
export function startFakeSlack(options?: FakeSlackOptions): Promise<FakeSlack> {
  return FakeSlack.start(options);
}
