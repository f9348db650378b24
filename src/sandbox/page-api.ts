// The web page's side of the stand-in: the page itself (index.html, sandbox.css, render.js,
// sandbox.js, served from disk; strings.js, its sentences from src/i18n) and the small JSON API
// it talks to:
//   GET  /sandbox/state?user=U…&since=N   the workspace as that person sees it; with `since`,
//                                         waits (up to 25 s) until something changes after N
//   POST /sandbox/command  { user, channel, text }                 a slash command typed
//   POST /sandbox/message  { user, channel, text, threadTs? }      a message typed
//   POST /sandbox/action   { user, container, blockId, actionId, value?, values? }
//   POST /sandbox/submit   { user, viewId, values }
//   POST /sandbox/close    { user, viewId }
//   POST /sandbox/home     { user }                                the Home tab opened
//   POST /sandbox/clock    { date: 'YYYY-MM-DD', time?: 'HH:MM' } | { instant: ISO string }
//   GET  /sandbox/mail?limit=N            the e-mails certdesk sent, newest first (N: 1–200, 50 by
//                                         default), without their bodies
//   GET  /sandbox/mail/ID                 one e-mail with its text and HTML
// Only this machine can reach it (127.0.0.1), and only the page: POSTs must be JSON from the
// page's own origin, and the Host must be the stand-in's, so another site open in the same
// browser cannot drive the sandbox (nor reach it through DNS rebinding).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Temporal } from 'temporal-polyfill';
import type { RawValue, RawValues } from './block-state.js';
import { sandboxPageStrings } from '../i18n/sandbox-page.js';
import type { MailRoute, PageMail, SandboxMail } from './mail-panel.js';
import { isObject, readBody } from './slack-format.js';
import type {
  ActionContainer,
  Activity,
  Notice,
  StoredEphemeral,
  StoredMessage,
  StoredView,
  Workspace,
} from './workspace.js';

/**
 * What the page needs of the Slack stand-in (slack-standin.ts): its workspace and clock, and the
 * things a person on the page can do. Named here, so the page does not import the stand-in that
 * serves it.
 */
export interface PageStandin {
  readonly url: string;
  readonly workspace: Workspace;
  readonly timeZone: string;
  readonly commands: string[];
  readonly canMoveClock: boolean;
  /** The e-mails certdesk sent (the Mailbox panel); absent when the sandbox has no mail. */
  readonly mail?: PageMail | undefined;
  now(): Date;
  moveClock(instant: Date): Promise<void>;
  runCommand(userId: string, channelId: string, line: string): Promise<object>;
  sendMessage(userId: string, channelId: string, text: string, threadTs?: string): Promise<object>;
  act(
    userId: string,
    input: { container: ActionContainer; blockId: string; actionId: string; value?: RawValue; values?: RawValues },
  ): Promise<object>;
  submit(userId: string, viewId: string, values: RawValues): Promise<object>;
  closeModal(userId: string, viewId: string): Promise<object>;
  openHome(userId: string): Promise<object>;
}

export interface PageContext {
  standin: PageStandin;
  pageDir: string;
  closing: () => boolean;
}

/** The page's files: next to this module, or (compiled into dist/, which tsc does not copy them to) in src/sandbox/page. */
export function pageDirectory(): string {
  const here = fileURLToPath(new URL('./page/', import.meta.url));
  if (existsSync(join(here, 'index.html'))) return here;
  return fileURLToPath(new URL('../../../src/sandbox/page/', import.meta.url));
}

// The page's sentences live with the others in src/i18n; they reach the page as a script of data.
const STRINGS_JS = `globalThis.CertdeskSandboxStrings = ${JSON.stringify(sandboxPageStrings())};\n`;

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/sandbox.css': { file: 'sandbox.css', type: 'text/css; charset=utf-8' },
  '/strings.js': { file: '', type: 'text/javascript; charset=utf-8' },
  '/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/sandbox.js': { file: 'sandbox.js', type: 'text/javascript; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

// Everything comes from the stand-in itself; nothing inline, nothing from the network.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const LONG_POLL_MS = 25_000;

export interface PageUser {
  id: string;
  name: string;
  realName: string;
  role: string;
  locale: string;
  tz: string;
  isBot: boolean;
}

export interface PageChannel {
  id: string;
  name: string;
  kind: 'staff' | 'customer' | 'other' | 'dm';
  private: boolean;
  topic: string;
  /** The latest message's ts, for the sidebar's unread mark. */
  latestTs: string | null;
}

export type PageMessage = Omit<StoredMessage, 'metadata'>;

export interface PageView {
  id: string;
  type: string;
  title: unknown;
  submit: unknown;
  close: unknown;
  blocks: unknown[];
  hash: string;
  callbackId: string;
  /** Validation errors shown under input blocks: block_id → message. */
  errors: Record<string, string>;
  /** A problem with the modal as a whole ("the app did not answer"). */
  note: string | null;
}

export interface PageState {
  version: number;
  /** The sandbox clock (ISO instant). */
  now: string;
  timeZone: string;
  canMoveClock: boolean;
  team: { name: string };
  bot: { userId: string; name: string };
  commands: string[];
  /** Whose view this is; null when no `user` was asked for. */
  me: string | null;
  users: PageUser[];
  channels: PageChannel[];
  /** Per channel, oldest first, thread replies included. */
  messages: Record<string, PageMessage[]>;
  /** Mine only. */
  ephemerals: StoredEphemeral[];
  /** My open modals, bottom first. */
  modals: PageView[];
  home: PageView | null;
  notices: Notice[];
  activity: Activity[];
  /** Where e-mails go and how many arrived (the Mailbox panel reads them from /sandbox/mail); null without mail. */
  mail: PageMailState | null;
}

export interface PageMailState extends MailRoute {
  count: number;
  /** The newest e-mail's id (0: none yet): the page fetches the list again when it changes. */
  latest: number;
}

/** An e-mail in the list: everything but its body. */
export type PageMailItem = Omit<SandboxMail, 'text' | 'html'>;

/** The most e-mails one list answers, and how many without `limit`. */
export const MAIL_LIST_MAX = 200;
const MAIL_LIST_DEFAULT = 50;

const KIND_ORDER = { staff: 0, customer: 1, other: 2, dm: 3 } as const;

function pageView(standin: PageStandin, v: StoredView): PageView {
  const ws = standin.workspace;
  return {
    id: v.id,
    type: v.type,
    title: v.title ?? null,
    submit: v.submit,
    close: v.close,
    blocks: v.blocks,
    hash: v.hash,
    callbackId: v.callback_id,
    errors: ws.viewErrors.get(v.id) ?? {},
    note: ws.viewNotes.get(v.id) ?? null,
  };
}

/** The workspace as one person sees it (or everything, for no one). */
export function pageState(standin: PageStandin, me: string | null): PageState {
  const ws = standin.workspace;
  const users: PageUser[] = [...ws.users.values()].map((u) => ({
    id: u.id,
    name: u.name,
    realName: u.realName,
    role: u.role,
    locale: u.locale,
    tz: u.tz ?? standin.timeZone,
    isBot: false,
  }));
  users.push({
    id: ws.bot.userId,
    name: ws.bot.name,
    realName: ws.bot.name,
    role: 'app',
    locale: 'en-US',
    tz: standin.timeZone,
    isBot: true,
  });
  const latest = (id: string): string | null => ws.messagesIn(id).at(-1)?.ts ?? null;
  const channels: PageChannel[] = [...ws.channels.values()]
    .filter((c) => me === null || ws.isMember(me, c.id))
    .map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind ?? 'other',
      private: c.private === true,
      topic: c.topic ?? '',
      latestTs: latest(c.id),
    }));
  // The app's DM with me appears once the app has written to it.
  for (const id of ws.messages.keys()) {
    const dmUser = ws.dmUserOf(id);
    if (dmUser === undefined || (me !== null && dmUser !== me) || ws.messagesIn(id).length === 0) continue;
    channels.push({
      id,
      name: me === null ? `${ws.bot.name} ↔ ${ws.user(dmUser)?.name ?? dmUser}` : ws.bot.name,
      kind: 'dm',
      private: true,
      topic: '',
      latestTs: latest(id),
    });
  }
  channels.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
  const messages: Record<string, PageMessage[]> = {};
  for (const c of channels) messages[c.id] = ws.messagesIn(c.id).map(({ metadata: _metadata, ...m }) => m);
  const modals =
    me === null
      ? []
      : ws.stackOf(me).flatMap((id) => (ws.views.get(id) ? [pageView(standin, ws.views.get(id) as StoredView)] : []));
  const home = me === null ? undefined : ws.homeOf(me);
  return {
    version: ws.version,
    now: standin.now().toISOString(),
    timeZone: standin.timeZone,
    canMoveClock: standin.canMoveClock,
    team: { name: ws.team.name },
    bot: { userId: ws.bot.userId, name: ws.bot.name },
    commands: standin.commands,
    me,
    users,
    channels,
    messages,
    ephemerals: me === null ? [] : ws.ephemerals.filter((e) => e.user === me),
    modals,
    home: home ? pageView(standin, home) : null,
    notices: ws.notices.filter((n) => n.user === undefined || n.user === me),
    activity: ws.activity.slice(-100),
    mail: standin.mail
      ? { ...standin.mail.route, count: standin.mail.items.length, latest: standin.mail.items.at(-1)?.id ?? 0 }
      : null,
  };
}

/** The e-mails, newest first, at most `limit`, without their bodies. */
export function mailList(mail: PageMail, limit: number): PageMailItem[] {
  return mail.items
    .slice(-limit)
    .reverse()
    .map(({ text: _text, html: _html, ...m }) => m);
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(JSON.stringify(body));
};

/** The Host and Origin a request to the page may carry: the stand-in's own. */
function sameSite(req: IncomingMessage, pageUrl: string): boolean {
  const port = new URL(pageUrl).port;
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (!hosts.has(req.headers.host ?? '')) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return hosts.has(new URL(origin).host) && new URL(origin).protocol === 'http:';
  } catch {
    return false;
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function rawValue(v: unknown): RawValue | undefined {
  if (v === null || typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

function rawValues(v: unknown): RawValues {
  const out: RawValues = {};
  if (!isObject(v)) return out;
  for (const [blockId, actions] of Object.entries(v)) {
    if (!isObject(actions)) continue;
    for (const [actionId, value] of Object.entries(actions)) {
      const raw = rawValue(value);
      if (raw !== undefined) (out[blockId] ??= {})[actionId] = raw;
    }
  }
  return out;
}

function container(v: unknown): ActionContainer | undefined {
  if (!isObject(v)) return undefined;
  if (v.type === 'message' && typeof v.channel === 'string' && typeof v.ts === 'string')
    return { type: 'message', channel: v.channel, ts: v.ts };
  if (v.type === 'ephemeral' && typeof v.ts === 'string') return { type: 'ephemeral', ts: v.ts };
  if (v.type === 'view' && typeof v.viewId === 'string') return { type: 'view', viewId: v.viewId };
  return undefined;
}

/** The instant a "move to date" asks for: a date (and time) in the sandbox's zone, or an ISO instant. */
export function instantFrom(body: Record<string, unknown>, timeZone: string): Date | undefined {
  const instant = text(body.instant);
  if (instant !== undefined) {
    const d = new Date(instant);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const date = text(body.date);
  const time = text(body.time) ?? '09:00';
  if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  try {
    const plain = Temporal.PlainDateTime.from(`${date}T${time}`, { overflow: 'reject' });
    return new Date(plain.toZonedDateTime(timeZone).epochMilliseconds);
  } catch {
    return undefined;
  }
}

/** Answers a request of the page; false when it is not one. */
export async function handlePage(
  ctx: PageContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const file = FILES[url.pathname];
  const isApi = url.pathname.startsWith('/sandbox/');
  if (!file && !isApi) return false;
  const { standin } = ctx;
  if (!sameSite(req, standin.url)) {
    sendJson(res, 403, { ok: false, error: 'forbidden' });
    return true;
  }
  if (file) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { ok: false, error: 'method_not_allowed' });
      return true;
    }
    const content = file.file === '' ? STRINGS_JS : await readFile(join(ctx.pageDir, file.file));
    res.writeHead(200, {
      'content-type': file.type,
      'cache-control': 'no-cache',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : content);
    return true;
  }
  if (url.pathname === '/sandbox/state' && req.method === 'GET') {
    const user = url.searchParams.get('user');
    const me = user && standin.workspace.user(user) ? user : null;
    const since = url.searchParams.get('since');
    if (since !== null && /^\d+$/.test(since)) await standin.workspace.waitForChange(Number(since), LONG_POLL_MS);
    if (ctx.closing()) {
      sendJson(res, 503, { ok: false, error: 'closing' });
      return true;
    }
    sendJson(res, 200, { ok: true, state: pageState(standin, me) });
    return true;
  }
  if ((url.pathname === '/sandbox/mail' || url.pathname.startsWith('/sandbox/mail/')) && req.method === 'GET') {
    const mail = standin.mail;
    if (!mail) {
      sendJson(res, 404, { ok: false, error: 'no_mail' });
      return true;
    }
    if (url.pathname === '/sandbox/mail') {
      const asked = url.searchParams.get('limit');
      const limit = asked === null ? MAIL_LIST_DEFAULT : /^\d{1,4}$/.test(asked) ? Number(asked) : 0;
      if (limit < 1 || limit > MAIL_LIST_MAX) {
        sendJson(res, 400, { ok: false, error: 'invalid_limit' });
        return true;
      }
      sendJson(res, 200, { ok: true, route: mail.route, count: mail.items.length, mails: mailList(mail, limit) });
      return true;
    }
    const id = /^\/sandbox\/mail\/(\d{1,12})$/.exec(url.pathname)?.[1];
    const found = id === undefined ? undefined : mail.items.find((m) => m.id === Number(id));
    if (!found) {
      sendJson(res, 404, { ok: false, error: 'mail_not_found' });
      return true;
    }
    sendJson(res, 200, { ok: true, mail: found });
    return true;
  }
  if (req.method !== 'POST') {
    sendJson(res, 404, { ok: false, error: 'not_found' });
    return true;
  }
  // A JSON body needs a CORS preflight from another origin, which the stand-in never grants.
  if ((req.headers['content-type'] ?? '').split(';')[0]?.trim() !== 'application/json') {
    sendJson(res, 415, { ok: false, error: 'json_expected' });
    return true;
  }
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(await readBody(req, 1024 * 1024));
    if (!isObject(parsed)) throw new Error('not an object');
    body = parsed;
  } catch {
    sendJson(res, 400, { ok: false, error: 'invalid_json' });
    return true;
  }
  const user = text(body.user) ?? '';
  const answer = await pageAction(standin, url.pathname, user, body);
  sendJson(res, answer === undefined ? 404 : 200, answer ?? { ok: false, error: 'not_found' });
  return true;
}

async function pageAction(
  standin: PageStandin,
  path: string,
  user: string,
  body: Record<string, unknown>,
): Promise<object | undefined> {
  switch (path) {
    case '/sandbox/command':
      return standin.runCommand(user, text(body.channel) ?? '', text(body.text) ?? '');
    case '/sandbox/message':
      return standin.sendMessage(user, text(body.channel) ?? '', text(body.text) ?? '', text(body.threadTs));
    case '/sandbox/action': {
      const where = container(body.container);
      const blockId = text(body.blockId);
      const actionId = text(body.actionId);
      if (!where || blockId === undefined || actionId === undefined) return { ok: false, error: 'invalid_action' };
      const value = rawValue(body.value);
      return standin.act(user, {
        container: where,
        blockId,
        actionId,
        ...(value !== undefined ? { value } : {}),
        values: rawValues(body.values),
      });
    }
    case '/sandbox/submit':
      return standin.submit(user, text(body.viewId) ?? '', rawValues(body.values));
    case '/sandbox/close':
      return standin.closeModal(user, text(body.viewId) ?? '');
    case '/sandbox/home':
      return standin.openHome(user);
    case '/sandbox/clock': {
      if (!standin.canMoveClock) return { ok: false, error: 'clock_fixed' };
      const instant = instantFrom(body, standin.timeZone);
      if (!instant) return { ok: false, error: 'invalid_date' };
      try {
        await standin.moveClock(instant);
        return { ok: true, now: standin.now().toISOString() };
      } catch (error) {
        // The clock's own refusal (say, moving backwards) is for the person to read.
        return { ok: false, error: 'clock_refused', message: error instanceof Error ? error.message : String(error) };
      }
    }
    default:
      return undefined;
  }
}

export type { Activity, Notice };
