// The sandbox keeps its channels' messages between runs, as it keeps its clock and its data.
import { describe, expect, it } from 'vitest';
import { SANDBOX_BOT, SANDBOX_TEAM, Workspace } from '../../src/sandbox/workspace.js';

const make = (now: Date) =>
  new Workspace(() => now, {
    team: SANDBOX_TEAM,
    bot: SANDBOX_BOT,
    users: [{ id: 'U0SATO', name: 'sato', realName: '佐藤 花子', role: 'contact', locale: 'ja-JP' }],
    channels: [{ id: 'C0ACME', name: 'acme', kind: 'customer' }],
  });

describe('the sandbox workspace across a restart', () => {
  it('brings back each channel’s messages and threads, and never reuses a timestamp', () => {
    const before = make(new Date('2026-11-25T00:30:00Z'));
    const ts = before.nextTs();
    before.insert({ channel: 'C0ACME', type: 'message', ts, text: '更新のご案内', user: SANDBOX_BOT.userId });
    before.insert({
      channel: 'C0ACME',
      type: 'message',
      ts: before.nextTs(),
      text: '更新しない',
      user: 'U0SATO',
      thread_ts: ts,
    });
    // Kept as JSON in the sandbox folder, read back by the next run, whose clock has not moved.
    const saved = JSON.parse(JSON.stringify(before.saved()));
    const after = make(new Date('2026-11-25T00:30:00Z'));
    after.restore({ ...saved, messages: [...saved.messages, ['C0GONE', []]] });
    expect(after.messagesIn('C0ACME').map((m) => m.text)).toEqual(['更新のご案内', '更新しない']);
    expect(after.messagesIn('C0ACME')[0]).toMatchObject({
      reply_count: 1,
      latest_reply: after.messagesIn('C0ACME')[1]!.ts,
    });
    expect(after.messages.has('C0GONE')).toBe(false);
    expect(Number(after.nextTs())).toBeGreaterThan(Number(after.messagesIn('C0ACME')[1]!.ts));
  });
});
