// The tests' Slack Web API on 127.0.0.1, for end-to-end tests that must not reach Slack. Point the
// real WebClient at it with `slackApiUrl: fake.apiUrl`. The methods are answered by the sandbox's
// Web API (src/sandbox/web-api.ts) over a workspace open to any channel and person; this file adds
// what only tests need: every call recorded and awaitable, and methods told to rate-limit, fail or
// stall.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs, readBody, str, type SlackArgs, type SlackResult } from '../../../src/sandbox/slack-format.js';
import { WebApi } from '../../../src/sandbox/web-api.js';
import {
  Workspace,
  type ResponseUrlContext,
  type SandboxUser,
  type StoredEphemeral,
  type StoredMessage,
  type StoredView,
} from '../../../src/sandbox/workspace.js';

export type { SlackArgs, SlackResult } from '../../../src/sandbox/slack-format.js';
export type {
  MessageMetadata,
  Reaction,
  ResponseUrlContext,
  StoredEphemeral,
  StoredMessage,
  StoredView,
} from '../../../src/sandbox/workspace.js';

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

type Fault =
  | { kind: 'ratelimit'; remaining: number; retryAfterSeconds: number }
  | { kind: 'fail'; remaining: number; error: string; status: number; channel?: string };

interface Answer {
  status: number;
  body: SlackResult;
  headers?: Record<string, string>;
}

const summarize = (call: RecordedCall): string => {
  const args = JSON.stringify(call.args);
  const result = call.response.ok ? 'ok' : `error ${call.response.error ?? '?'}`;
  return `#${call.seq} ${call.method} → ${call.status} ${result} ${args.length > 200 ? `${args.slice(0, 200)}…` : args}`;
};

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
  private readonly ws: Workspace;
  private readonly api: WebApi;
  private recorded: RecordedCall[] = [];
  private faults = new Map<string, Fault[]>();
  private delays = new Map<string, number>();
  private responseDelays = new Map<string, number>();

  private constructor(server: Server, options: FakeSlackOptions) {
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.team = options.team ?? { ...FAKE_TEAM };
    this.bot = options.bot ?? { ...FAKE_BOT };
    this.emitter.setMaxListeners(0);
    this.ws = new Workspace(() => new Date(), {
      team: this.team,
      bot: this.bot,
      users: [],
      channels: [],
      anyone: true,
    });
    this.api = new WebApi(this.ws, {
      ...(options.tokens ? { tokens: options.tokens } : {}),
      ...(options.refuseInvalidBlocks !== undefined ? { refuseInvalidBlocks: options.refuseInvalidBlocks } : {}),
      // Tests send trigger ids of their own and compare blocks with what the app sent.
      acceptUnknownTriggers: true,
      fillIds: false,
    });
    this.setUser(this.bot.userId, { name: this.bot.name, realName: this.bot.name, isBot: true });
    for (const [id, user] of Object.entries(options.users ?? {})) {
      // A Japanese user lives in Tokyo unless the test says otherwise.
      const tokyo =
        user.locale === 'ja-JP' ? { tz: 'Asia/Tokyo', tzLabel: 'Japan Standard Time', tzOffset: 32_400 } : {};
      this.setUser(id, { ...tokyo, ...user });
    }
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
    return [...this.ws.messagesIn(this.channelOf(channel))];
  }

  /** A thread: its parent, then the replies, oldest first. */
  thread(channel: string, ts: string): StoredMessage[] {
    return this.ws.messagesIn(this.channelOf(channel)).filter((m) => m.ts === ts || m.thread_ts === ts);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.ws.message(channel, ts);
  }

  /** Ephemeral messages (chat.postEphemeral, and ephemeral response_url answers), optionally for one user. */
  ephemeralsFor(user?: string): StoredEphemeral[] {
    return this.ws.ephemerals.filter((e) => user === undefined || e.user === user);
  }

  view(id: string): StoredView | undefined {
    return this.ws.views.get(id);
  }

  /** Modals opened or pushed, in order. */
  modals(): StoredView[] {
    return [...this.ws.views.values()].filter((v) => v.type === 'modal');
  }

  /** The Home tab last published for a user. */
  homeOf(user: string): StoredView | undefined {
    return this.ws.homeOf(user);
  }

  /** The bot's DM channel with a user (what chat.postMessage to a user id answers as `channel`). */
  dmChannelOf(user: string): string {
    return this.ws.dmChannelOf(user);
  }

  /** A fresh response_url on this server. The context lets replace_original/delete_original/in_channel act on the store. */
  responseUrl(context: ResponseUrlContext = {}): string {
    return `${this.baseUrl}/response/${this.api.newResponseUrl(context)}`;
  }

  /** The bodies POSTed to one response_url, in order. */
  responsesTo(url: string): SlackArgs[] {
    return this.recorded.filter((c) => c.method === 'response_url' && c.url === url).map((c) => c.args);
  }

  setUser(id: string, user: Partial<Omit<FakeUser, 'id'>>): FakeUser {
    const { role: _role, ...known } = this.ws.user(id) ?? { role: '' };
    const defaults: FakeUser = {
      id,
      name: id.toLowerCase(),
      realName: `User ${id}`,
      locale: 'en-US',
      tz: 'America/Los_Angeles',
      tzLabel: 'Pacific Standard Time',
      tzOffset: -28_800,
      isBot: false,
      deleted: false,
    };
    const full: FakeUser = { ...defaults, ...known, ...user, id };
    this.ws.users.set(id, { ...full, role: '' } satisfies SandboxUser);
    return full;
  }

  /** Puts a message in a channel as if someone had posted it (by default a human user), without recording a call. */
  addMessage(
    channel: string,
    message: Partial<Omit<StoredMessage, 'channel' | 'type'>> & { text: string },
  ): StoredMessage {
    const stored: StoredMessage = {
      type: 'message',
      user: FAKE_USER.id,
      team: this.team.id,
      ...message,
      channel: this.channelOf(channel),
      ts: message.ts ?? this.ws.nextTs(),
    };
    this.ws.insert(stored);
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
        const received =
          this.recorded.length === 0 ? '  (no calls)' : this.recorded.map((c) => `  ${summarize(c)}`).join('\n');
        reject(
          new Error(
            `fake Slack: no call matched within ${timeoutMs} ms. Received ${this.recorded.length} call(s):\n${received}`,
          ),
        );
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
  waitForCall(
    method: string,
    predicate: (args: SlackArgs, call: RecordedCall) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<RecordedCall> {
    return this.waitFor((c) => c.method === method && predicate(c.args, c), timeoutMs);
  }

  // ---- fault injection ----

  /** The next `times` calls of `method` answer HTTP 429 with Retry-After. */
  rateLimit(
    method: string,
    { times = 1, retryAfterSeconds = 1 }: { times?: number; retryAfterSeconds?: number } = {},
  ): this {
    this.queueFault(method, { kind: 'ratelimit', remaining: times, retryAfterSeconds });
    return this;
  }

  /**
   * The next `times` calls of `method` (to `channel` only, when given) answer {ok:false, error}
   * (HTTP 200 unless `status` says otherwise).
   */
  fail(
    method: string,
    { times = 1, error, status = 200, channel }: { times?: number; error: string; status?: number; channel?: string },
  ): this {
    this.queueFault(method, { kind: 'fail', remaining: times, error, status, channel });
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
    this.ws.clear();
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

  /** A user id means the bot's DM with that user. */
  private channelOf(channel: string): string {
    return this.ws.resolveChannel(channel) ?? channel;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const contentType = req.headers['content-type'];
    const { args, malformed, invalid } = parseArgs(contentType, body, url.searchParams);

    if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      const method = 'response_url';
      const answer =
        (await this.faultFor(method, args)) ??
        this.api.responseUrlPost(url.pathname.slice('/response/'.length), args, invalid);
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
    const call = { method, token, args, malformed };
    const refused = this.api.refusal(call, invalid);
    const answer = refused
      ? { status: 200, body: refused }
      : ((await this.faultFor(method, args)) ?? (await this.carryOut(call)));
    this.record({ method, token, args, at, answer, contentType });
    this.send(res, answer);
  }

  private async carryOut(call: Parameters<WebApi['carryOut']>[0]): Promise<Answer> {
    const answer = { status: 200, body: this.api.carryOut(call) };
    const late = this.responseDelays.get(call.method);
    if (late !== undefined) await new Promise((r) => setTimeout(r, late));
    return answer;
  }

  private async faultFor(method: string, args: SlackArgs): Promise<Answer | undefined> {
    const ms = this.delays.get(method);
    if (ms !== undefined) await new Promise((r) => setTimeout(r, ms));
    const queue = this.faults.get(method);
    // A fault for one channel passes over calls to others.
    const fault = queue?.find((f) => f.kind !== 'fail' || f.channel === undefined || f.channel === args.channel);
    if (!queue || !fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) queue.splice(queue.indexOf(fault), 1);
    if (fault.kind === 'ratelimit') {
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(fault.retryAfterSeconds) },
      };
    }
    return { status: fault.status, body: { ok: false, error: fault.error } };
  }

  private queueFault(method: string, fault: Fault): void {
    if (fault.remaining <= 0) return;
    const queue = this.faults.get(method) ?? [];
    queue.push(fault);
    this.faults.set(method, queue);
  }

  private record(c: {
    method: string;
    token: string | undefined;
    args: SlackArgs;
    at: number;
    answer: Answer;
    contentType: string | undefined;
    url?: string;
  }): void {
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
}

/** Starts a fake Slack Web API on 127.0.0.1 at a random port. Close it with `await fake.close()`. */
export function startFakeSlack(options?: FakeSlackOptions): Promise<FakeSlack> {
  return FakeSlack.start(options);
}
