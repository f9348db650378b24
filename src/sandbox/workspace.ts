// The workspace the stand-in plays: people, channels, messages with threads and reactions,
// ephemerals, modals (a stack per person), Home tabs, trigger ids and response URLs. The Web API
// side and the page side both read and change it; every change bumps `version`, which is what
// the page waits on. The tests' fake Slack (test/support/slack) plays one too, open to any
// channel and person (`anyone`).
import { randomBytes } from 'node:crypto';
import { b62, compareTs, isObject, microsToTs, slackId } from './slack-format.js';

export interface SandboxUser {
  /** 'U…' */
  id: string;
  /** The handle (`tanaka.hanako`). */
  name: string;
  /** The display name (`田中 花子`). */
  realName: string;
  /** A label shown next to the name on the page: 'staff', 'ACME contact', 'stranger'… */
  role: string;
  /** 'ja-JP' or 'en-US'; users.info answers it with include_locale. */
  locale: string;
  /** IANA zone; Asia/Tokyo for ja-JP and America/Los_Angeles otherwise unless given. */
  tz?: string;
  /** What users.info answers as tz_label and tz_offset; by default the zone's name and its offset now. */
  tzLabel?: string;
  tzOffset?: number;
  isBot?: boolean;
  deleted?: boolean;
}

export interface SandboxChannel {
  /** 'C…' (or 'G…' for a private channel). */
  id: string;
  /** Without '#'. */
  name: string;
  /** Groups the sidebar: the staff channel first, then customers' channels. */
  kind?: 'staff' | 'customer' | 'other';
  private?: boolean;
  topic?: string;
  /** Who is in it (and may type in it); everyone when absent. */
  members?: string[];
}

export interface SandboxTeam {
  id: string;
  name: string;
  domain: string;
}

export interface SandboxBot {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export const SANDBOX_TEAM: SandboxTeam = { id: 'T0SANDBOX1', name: 'certdesk sandbox', domain: 'certdesk-sandbox' };
export const SANDBOX_BOT: SandboxBot = {
  userId: 'U0CERTBOT1',
  botId: 'B0CERTBOT1',
  appId: 'A0CERTDESK',
  name: 'certdesk',
};

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface Reaction {
  name: string;
  users: string[];
  count: number;
}

/** A message as the stand-in keeps it (the API answers the same object without `channel`). */
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
  /** Who sees it. */
  user: string;
  /** Unique; also how the page names it. */
  ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** 'chat.postEphemeral', 'response_url', 'command' (the HTTP answer to a slash command) or 'slackbot'. */
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
  /** Whose modal or Home tab. Not part of Slack's answer. */
  user_id?: string;
}

export interface TriggerInfo {
  user: string;
  /** The modal (or Home tab) the interaction came from, for views.push. */
  viewId?: string;
  issuedAt: number;
  used: boolean;
}

export interface ResponseUrlContext {
  /** The channel of the interaction: in_channel responses are posted there. */
  channel?: string;
  /** Who gets the ephemeral responses. */
  user?: string;
  /** The message the interaction came from: replace_original and delete_original act on it. */
  messageTs?: string;
  /** Or the ephemeral it came from. */
  ephemeralTs?: string;
  threadTs?: string;
}

/** Where an action happened, as the page names it. */
export type ActionContainer =
  | { type: 'message'; channel: string; ts: string }
  | { type: 'ephemeral'; ts: string }
  | { type: 'view'; viewId: string };

export interface Notice {
  id: number;
  /** Whose page shows it; everyone's when undefined. */
  user?: string;
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface Activity {
  seq: number;
  at: string;
  /** 'to-app': the stand-in called the app. 'from-app': the app called the Web API or a response_url. */
  dir: 'to-app' | 'from-app';
  what: string;
  ok: boolean;
  detail: string;
}

const MAX_ACTIVITY = 200;
const MAX_NOTICES = 50;
const DM_PREFIX = 'D';

/** Slack gives blocks (and their elements) without ids generated ones; actions name them. */
export function withIds(blocks: unknown[]): unknown[] {
  return blocks.map((b) => {
    if (!isObject(b)) return b;
    const block: Record<string, unknown> = { ...b };
    if (typeof block.block_id !== 'string' || block.block_id === '') block.block_id = b62(5);
    const name = (e: unknown): unknown =>
      isObject(e) &&
      typeof e.type === 'string' &&
      e.type !== 'image' &&
      e.type !== 'mrkdwn' &&
      e.type !== 'plain_text' &&
      (typeof e.action_id !== 'string' || e.action_id === '')
        ? { ...e, action_id: b62(5) }
        : e;
    if (Array.isArray(block.elements) && block.type === 'actions') block.elements = block.elements.map(name);
    if (block.accessory !== undefined) block.accessory = name(block.accessory);
    if (block.element !== undefined) block.element = name(block.element);
    return block;
  });
}

export interface SavedWorkspace {
  messages: [string, StoredMessage[]][];
  lastTsMicros: string;
}

export class Workspace {
  readonly team: SandboxTeam;
  readonly bot: SandboxBot;
  readonly users = new Map<string, SandboxUser>();
  readonly channels = new Map<string, SandboxChannel>();
  readonly messages = new Map<string, StoredMessage[]>();
  ephemerals: StoredEphemeral[] = [];
  readonly views = new Map<string, StoredView>();
  /** Open modals per person, bottom first. */
  readonly stacks = new Map<string, string[]>();
  readonly homes = new Map<string, string>();
  /** Validation errors the app answered for a modal: block_id → message. */
  readonly viewErrors = new Map<string, Record<string, string>>();
  /** A note about a modal not tied to an input ("the app did not answer"). */
  readonly viewNotes = new Map<string, string>();
  readonly closedViews = new Set<string>();
  readonly triggers = new Map<string, TriggerInfo>();
  readonly responseUrls = new Map<string, { context: ResponseUrlContext; uses: number; createdAt: number }>();
  activity: Activity[] = [];
  notices: Notice[] = [];
  version = 0;

  /** The last modal opened through a trigger the workspace did not issue: views.push goes onto it. */
  lastUnownedModal: string | undefined;

  private activitySeq = 0;
  private noticeSeq = 0;
  private lastTsMicros = 0n;
  private waiters = new Set<() => void>();
  /** Every channel and every U… id exists; a person not named gets a default en-US profile. */
  private readonly anyone: boolean;

  constructor(
    readonly now: () => Date,
    init: { team: SandboxTeam; bot: SandboxBot; users: SandboxUser[]; channels: SandboxChannel[]; anyone?: boolean },
  ) {
    this.team = init.team;
    this.bot = init.bot;
    this.anyone = init.anyone ?? false;
    for (const u of init.users) {
      if (!/^[UW][A-Z0-9]+$/.test(u.id))
        throw new Error(`sandbox: a user id looks like U…, not ${JSON.stringify(u.id)}`);
      this.users.set(u.id, { ...u, tz: u.tz ?? (u.locale === 'ja-JP' ? 'Asia/Tokyo' : 'America/Los_Angeles') });
    }
    for (const c of init.channels) {
      if (!/^[CG][A-Z0-9]+$/.test(c.id))
        throw new Error(`sandbox: a channel id looks like C… or G…, not ${JSON.stringify(c.id)}`);
      this.channels.set(c.id, { ...c });
    }
  }

  // ---- change notification ----

  /** Marks a change: the page's long poll answers. */
  changed(): void {
    this.version += 1;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves at the next change after `since`, or after `ms`. */
  waitForChange(since: number, ms: number): Promise<void> {
    if (this.version !== since) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiters.add(wake);
    });
  }

  /** What is kept between runs: the channels' messages (with their threads) and the last ts. */
  saved(): SavedWorkspace {
    return { messages: [...this.messages.entries()], lastTsMicros: this.lastTsMicros.toString() };
  }

  /** Brings back what a previous run kept, for the channels that still exist. */
  restore(saved: SavedWorkspace): void {
    for (const [channel, list] of saved.messages)
      if (this.channels.has(channel) || this.dmUserOf(channel) !== undefined) this.messages.set(channel, list);
    const last = BigInt(saved.lastTsMicros);
    if (last > this.lastTsMicros) this.lastTsMicros = last;
    this.changed();
  }

  /** Forgets messages, ephemerals, views, triggers and response URLs; keeps people, channels and the last ts. */
  clear(): void {
    this.messages.clear();
    this.ephemerals = [];
    this.views.clear();
    this.stacks.clear();
    this.homes.clear();
    this.viewErrors.clear();
    this.viewNotes.clear();
    this.closedViews.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.lastUnownedModal = undefined;
    this.changed();
  }

  /** Wakes every waiter (on close). */
  wakeAll(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  record(entry: Omit<Activity, 'seq' | 'at'>): void {
    this.activitySeq += 1;
    this.activity.push({ seq: this.activitySeq, at: this.now().toISOString(), ...entry });
    if (this.activity.length > MAX_ACTIVITY) this.activity = this.activity.slice(-MAX_ACTIVITY);
  }

  notify(level: Notice['level'], text: string, user?: string): void {
    this.noticeSeq += 1;
    this.notices.push({ id: this.noticeSeq, level, text, ...(user !== undefined ? { user } : {}) });
    if (this.notices.length > MAX_NOTICES) this.notices = this.notices.slice(-MAX_NOTICES);
  }

  // ---- ids and time ----

  /** Unique, increasing message timestamps from the sandbox clock ("1700000000.000100"). */
  nextTs(): string {
    let micros = BigInt(this.now().getTime()) * 1000n;
    if (micros <= this.lastTsMicros) micros = this.lastTsMicros + 1n;
    this.lastTsMicros = micros;
    return microsToTs(micros);
  }

  /** A fresh trigger_id in Slack's shape ("<digits>.<digits>.<hex>") for an interaction by `user`. */
  issueTrigger(user: string, viewId?: string): string {
    const id = `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { user, issuedAt: Date.now(), used: false, ...(viewId !== undefined ? { viewId } : {}) });
    return id;
  }

  newViewId(): string {
    let id = slackId('V');
    while (this.views.has(id)) id = slackId('V');
    return id;
  }

  // ---- people and channels ----

  user(id: string): SandboxUser | undefined {
    const known = this.users.get(id);
    if (known || !this.anyone || !/^[UW][A-Z0-9]+$/.test(id)) return known;
    return {
      id,
      name: id.toLowerCase(),
      realName: `User ${id}`,
      role: '',
      locale: 'en-US',
      tz: 'America/Los_Angeles',
      tzLabel: 'Pacific Standard Time',
      tzOffset: -28_800,
      isBot: false,
      deleted: false,
    };
  }

  dmChannelOf(user: string): string {
    return `${DM_PREFIX}${user.slice(1)}`;
  }

  /** The person a DM channel is with, when `channel` is one. */
  dmUserOf(channel: string): string | undefined {
    if (!channel.startsWith(DM_PREFIX)) return undefined;
    return [...this.users.keys()].find((u) => this.dmChannelOf(u) === channel);
  }

  /** A channel id as Slack resolves it (a user id means the bot's DM with that user); undefined when unknown. */
  resolveChannel(channel: string): string | undefined {
    if (/^[UW][A-Z0-9]+$/.test(channel))
      return this.users.has(channel) || this.anyone ? this.dmChannelOf(channel) : undefined;
    if (this.anyone) return channel;
    if (this.channels.has(channel)) return channel;
    if (this.dmUserOf(channel) !== undefined) return channel;
    return undefined;
  }

  channelName(channel: string): string {
    const c = this.channels.get(channel);
    if (c) return c.name;
    return 'directmessage';
  }

  isMember(user: string, channel: string): boolean {
    if (this.anyone) return true;
    const dmUser = this.dmUserOf(channel);
    if (dmUser !== undefined) return dmUser === user;
    const c = this.channels.get(channel);
    if (!c) return false;
    return c.members === undefined || c.members.includes(user);
  }

  // ---- messages ----

  messagesIn(channel: string): StoredMessage[] {
    return this.messages.get(channel) ?? [];
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    const resolved = this.resolveChannel(channel) ?? channel;
    return this.messages.get(resolved)?.find((m) => m.ts === ts);
  }

  insert(message: StoredMessage): void {
    const list = this.messages.get(message.channel) ?? [];
    list.push(message);
    list.sort((a, b) => compareTs(a.ts, b.ts));
    this.messages.set(message.channel, list);
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

  removeMessage(m: StoredMessage): void {
    const list = this.messages.get(m.channel) ?? [];
    this.messages.set(
      m.channel,
      list.filter((x) => x !== m),
    );
    if (m.thread_ts !== undefined && m.thread_ts !== m.ts) {
      const parent = list.find((x) => x.ts === m.thread_ts);
      if (parent?.reply_count !== undefined) parent.reply_count -= 1;
    }
  }

  ephemeral(ts: string): StoredEphemeral | undefined {
    return this.ephemerals.find((e) => e.ts === ts);
  }

  // ---- views ----

  stackOf(user: string): string[] {
    return this.stacks.get(user) ?? [];
  }

  /** The person whose modal stack holds a view. */
  stackOwner(viewId: string): string | undefined {
    for (const [user, stack] of this.stacks) if (stack.includes(viewId)) return user;
    return undefined;
  }

  closeView(id: string): void {
    this.closedViews.add(id);
    this.viewErrors.delete(id);
    this.viewNotes.delete(id);
  }

  /** Pops the top modal of a person's stack (or all of them). */
  popModal(user: string, all = false): string[] {
    const stack = this.stackOf(user);
    const closed = all ? stack.splice(0) : stack.splice(-1);
    for (const id of closed) this.closeView(id);
    if (stack.length === 0) this.stacks.delete(user);
    return closed;
  }

  homeOf(user: string): StoredView | undefined {
    const id = this.homes.get(user);
    return id === undefined ? undefined : this.views.get(id);
  }
}
