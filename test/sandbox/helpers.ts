// Driving the sandbox stand-in as its page does: through its JSON API, waiting on its long poll.
import { createServer } from 'node:net';
import type { PageState } from '../../src/sandbox/page-api.js';
import type { SandboxChannel, SandboxUser, SlackStandin } from '../../src/sandbox/slack-standin.js';

export const STAFF: SandboxUser = {
  id: 'U0STAFF001',
  name: 'sato',
  realName: '佐藤 一郎',
  role: 'staff',
  locale: 'ja-JP',
};
export const CONTACT: SandboxUser = {
  id: 'U0CONTACT1',
  name: 'alice',
  realName: 'Alice Smith',
  role: 'ACME contact',
  locale: 'en-US',
};
export const STRANGER: SandboxUser = {
  id: 'U0STRANGE1',
  name: 'mallory',
  realName: 'Mallory',
  role: 'stranger',
  locale: 'en-US',
};
export const USERS = [STAFF, CONTACT, STRANGER];

export const STAFF_CHANNEL: SandboxChannel = {
  id: 'C0STAFF001',
  name: 'certdesk-staff',
  kind: 'staff',
  members: [STAFF.id],
};
export const ACME: SandboxChannel = {
  id: 'C0ACME0001',
  name: 'acme-certs',
  kind: 'customer',
  topic: 'ACME 株式会社',
  members: [STAFF.id, CONTACT.id],
};
export const LOBBY: SandboxChannel = { id: 'C0LOBBY001', name: 'lobby', kind: 'other' };
export const CHANNELS = [STAFF_CHANNEL, ACME, LOBBY];

/** A port nobody listens on right now (to start the app on after the stand-in, which must know it first). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A clock that runs from a start instant and can be moved, as the sandbox command's will. */
export function movableClock(start: Date): { now(): Date; moveTo(instant: Date): Promise<void>; moves: Date[] } {
  let offset = start.getTime() - Date.now();
  const moves: Date[] = [];
  return {
    now: () => new Date(Date.now() + offset),
    moveTo: async (instant: Date) => {
      if (instant.getTime() < Date.now() + offset - 60_000) throw new Error('the sandbox clock only moves forward');
      offset = instant.getTime() - Date.now();
      moves.push(instant);
    },
    moves,
  };
}

export class PageDriver {
  constructor(readonly standin: SlackStandin) {}

  async state(user: string | null, since?: number): Promise<PageState> {
    const q = new URLSearchParams();
    if (user) q.set('user', user);
    if (since !== undefined) q.set('since', String(since));
    const res = await fetch(`${this.standin.url}/sandbox/state?${q.toString()}`);
    if (res.status !== 200) throw new Error(`state: HTTP ${res.status}`);
    const body = (await res.json()) as { ok: boolean; state: PageState };
    return body.state;
  }

  /** Waits, as the page does (long poll), until the state seen by `user` satisfies `predicate`. */
  async until(user: string | null, predicate: (s: PageState) => boolean, timeoutMs = 5_000): Promise<PageState> {
    const deadline = Date.now() + timeoutMs;
    let s = await this.state(user);
    while (!predicate(s)) {
      if (Date.now() > deadline)
        throw new Error(
          `sandbox state never matched; last state:\n${JSON.stringify({ messages: s.messages, ephemerals: s.ephemerals, modals: s.modals, home: s.home, notices: s.notices, activity: s.activity.slice(-10) }, null, 1).slice(0, 6000)}`,
        );
      s = await Promise.race([
        this.state(user, s.version),
        new Promise<PageState>((resolve) => setTimeout(() => resolve(s), 300)),
      ]);
    }
    return s;
  }

  async post<T = Record<string, unknown>>(path: string, body: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${this.standin.url}/sandbox/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as T;
  }
}

export const textsIn = (s: PageState, channel: string): string[] => (s.messages[channel] ?? []).map((m) => m.text);
