// `certdesk sandbox` shows the e-mails a customer gets (SPEC §9): its own mail server receives the
// notices that go out as the clock moves, and the page's API lists them, newest first, each with
// its text and HTML. The whole sandbox runs here, in this process, on its own folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_EMAILS } from '../../src/sandbox/demo.js';
import { SANDBOX_MAIL_FROM, serverOf, type SandboxMail } from '../../src/sandbox/mail-panel.js';
import { startMailbox } from '../../src/sandbox/mailbox.js';
import type { PageMailItem, PageState } from '../../src/sandbox/page-api.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/run.js';

// The demo data is dated from this day: the first notices of www.acme.example and
// www.globex.example (60 days before expiry) go out at once, byo.acme.example's 15 days later.
const START = new Date('2026-11-25T09:30:00+09:00');

let dataDir: string;
let sandbox: Sandbox;

const start = (env: Record<string, string> = {}) =>
  startSandbox({
    port: 0,
    dataDir,
    config: loadConfig(env),
    startAt: START,
    // Only the sandbox's own sweeps (at start and when the clock moves): nothing arrives unasked.
    sweepEveryMs: 3_600_000,
    log: () => {},
  });

const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${sandbox.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
};
type List = { ok: boolean; count: number; mails: PageMailItem[]; route: { to: string; notices: string } };
const list = async (query = '') => (await get<List>(`/sandbox/mail${query}`)).body;
const to = (mails: PageMailItem[], address: string) => mails.filter((m) => m.to.includes(address));
/** The list once it satisfies `test`: the workers send e-mails a moment after the Slack messages. */
async function listUntil(test: (l: List) => boolean, what: string): Promise<List> {
  const deadline = Date.now() + 15_000;
  let l = await list();
  while (!test(l)) {
    if (Date.now() > deadline) throw new Error(`the mailbox never had ${what}: ${JSON.stringify(l.mails)}`);
    await new Promise((r) => setTimeout(r, 200));
    l = await list();
  }
  return l;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'certdesk-sandbox-mail-'));
  sandbox = await start();
}, 180_000);
afterAll(async () => {
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the sandbox’s mailbox', () => {
  it('receives today’s notices by e-mail too (always), from the demo sender, to the contacts and ACME', async () => {
    const state = async () => (await get<{ state: PageState }>('/sandbox/state')).body.state;
    expect((await state()).mail).toMatchObject({ to: 'mailbox', from: SANDBOX_MAIL_FROM, notices: 'always' });
    expect((await state()).mail!.server).toBe(new URL(sandbox.mailbox!.url).host);

    const first = await listUntil((l) => l.count >= 3, 'three e-mails');
    expect(first.route).toMatchObject({ to: 'mailbox', notices: 'always' });
    expect(to(first.mails, DEMO_EMAILS.sato).map((m) => m.subject)).toEqual(['【更新のご案内】www.acme.example']);
    expect(to(first.mails, DEMO_EMAILS.acme).map((m) => m.subject)).toEqual(['【更新のご案内】www.acme.example']);
    expect(to(first.mails, DEMO_EMAILS.alice).map((m) => m.subject)).toEqual(['Renewal notice: www.globex.example']);
    for (const m of first.mails) {
      expect(m.from).toBe('certs@provider.example');
      expect(m.messageId).toMatch(/^<certdesk\.outbox\.\d+@provider\.example>$/);
      // Dated on the sandbox clock, not the real one.
      expect(m.at.slice(0, 10)).toBe('2026-11-25');
      expect(m).not.toHaveProperty('text');
    }
    expect((await state()).mail).toMatchObject({ count: first.count, latest: first.mails[0]!.id });
  });

  it('gets the e-mail of a notice that goes out when the clock moves, newest first, with its body', async () => {
    const before = await list();
    const moved = await (
      await fetch(`${sandbox.url}/sandbox/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ date: '2026-12-10', time: '09:30' }),
      })
    ).json();
    expect(moved).toMatchObject({ ok: true });

    const isByo = (m: PageMailItem) => m.subject === '【更新のご案内】byo.acme.example';
    const after = await listUntil((l) => to(l.mails, DEMO_EMAILS.sato).some(isByo), 'byo.acme.example’s notice');
    const byo = to(after.mails, DEMO_EMAILS.sato).filter(isByo);
    expect(byo).toHaveLength(1);
    expect(byo[0]!.at.slice(0, 10)).toBe('2026-12-10');
    expect(after.count).toBeGreaterThan(before.count);
    const ids = after.mails.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids.at(-1)).toBe(before.mails.at(-1)!.id);

    const one = await get<{ ok: boolean; mail: SandboxMail }>(`/sandbox/mail/${byo[0]!.id}`);
    expect(one.status).toBe(200);
    expect(one.body.mail).toMatchObject({ id: byo[0]!.id, subject: '【更新のご案内】byo.acme.example' });
    expect(one.body.mail.text).toContain('byo.acme.example');
    expect(one.body.mail.text).toContain('ご回答の方法');
    expect(one.body.mail.html).toMatch(/^<!doctype html>/);
    // The same e-mail the mail server received.
    expect(sandbox.mailbox!.to(DEMO_EMAILS.sato).map((m) => m.messageId)).toContain(byo[0]!.messageId);
  });

  it('answers a bounded list and says what it cannot find', async () => {
    expect((await list('?limit=1')).mails).toHaveLength(1);
    for (const bad of ['0', '201', 'x', '-1', '1.5'])
      expect(await get(`/sandbox/mail?limit=${bad}`)).toEqual({
        status: 400,
        body: { ok: false, error: 'invalid_limit' },
      });
    expect(await get('/sandbox/mail/999999')).toEqual({ status: 404, body: { ok: false, error: 'mail_not_found' } });
    expect((await get('/sandbox/mail/abc')).status).toBe(404);
  });

  it('keeps the mailbox across a restart, as it keeps the channels', async () => {
    const before = await list('?limit=200');
    await sandbox.close();
    sandbox = await start();
    const after = await list('?limit=200');
    const seen = (mails: PageMailItem[]) => mails.map((m) => [m.id, m.subject, m.at, m.messageId]);
    // (The restart's own sweep may send more: they come after, with ids of their own.)
    expect(seen(after.mails.slice(after.mails.length - before.mails.length))).toEqual(seen(before.mails));
  });
});

describe('with CERTDESK_SMTP_URL set', () => {
  it('sends to that server, in the mode set there, and the page says so and lists nothing', async () => {
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
    const theirs = await startMailbox();
    try {
      sandbox = await start({
        CERTDESK_SMTP_URL: theirs.url,
        CERTDESK_MAIL_FROM: 'Desk <desk@their.example>',
        CERTDESK_NOTICE_EMAIL: 'always',
      });
      expect(sandbox.mailbox).toBeUndefined();
      const state = (await get<{ state: PageState }>('/sandbox/state')).body.state;
      expect(state.mail).toEqual({
        to: 'server',
        server: new URL(theirs.url).host,
        from: 'Desk <desk@their.example>',
        notices: 'always',
        count: 0,
        latest: 0,
      });
      const deadline = Date.now() + 15_000;
      while (theirs.to(DEMO_EMAILS.alice).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(theirs.to(DEMO_EMAILS.alice).map((m) => [m.from, m.subject])).toEqual([
        ['desk@their.example', 'Renewal notice: www.globex.example'],
      ]);
      expect((await list()).mails).toEqual([]);
    } finally {
      await sandbox.close();
      await theirs.close();
    }
  });

  it('shows the server by its host and port only, never its user name or password', () => {
    expect(serverOf('smtps://certdesk:s3cret@mail.example.com:465?pool=true')).toBe('mail.example.com:465');
    expect(serverOf('smtp://mail.example.com')).toBe('mail.example.com');
  });
});
