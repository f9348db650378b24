// SPEC §9: a renewal notice Slack will not take goes by e-mail to the customer's addresses, once
// each, through a real SMTP server; with CERTDESK_NOTICE_EMAIL=always every notice goes both ways;
// a crash while sending neither loses the e-mail nor makes it two messages.
import { spawn } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, outbox, renewalCycles, renewalNotices } from '../../src/db/schema.js';
import { startMailbox, type Mailbox, type ReceivedMail } from '../../src/sandbox/mailbox.js';
import { BIN, certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
let mailbox: Mailbox;
let onMessage: ((m: ReceivedMail) => void | 'drop' | Promise<void | 'drop'>) | undefined;

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
  mailbox = await startMailbox({ onMessage: (m) => onMessage?.(m) });
});
afterAll(async () => {
  await fake.close();
  await mailbox.close();
});
beforeEach(() => {
  onMessage = undefined;
});

const FROM = '証明書窓口 <certs@provider.example>';
const env = (now: string, extra: Record<string, string> = {}) => ({
  ...t.env,
  CERTDESK_NOW: now,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: fake.apiUrl,
  CERTDESK_SMTP_URL: mailbox.url,
  CERTDESK_MAIL_FROM: FROM,
  ...extra,
});

/** A customer with a contact's address and one of its own, and a contract whose first notice falls due on 2026-11-11. */
async function importCustomer(id: string, channel: string, locale: 'ja' | 'en' = 'ja') {
  const records = jsonl(
    {
      type: 'customer',
      id,
      name: `${id} K.K.`,
      country: 'JP',
      channel,
      locale,
      contacts: [{ slackUserId: 'U0ALICE', email: `alice@${id}.example` }, 'U0BOB'],
      emails: [`certs@${id}.example`],
    },
    {
      type: 'contract',
      id: `${id}-www`,
      customer: id,
      item: 'quick-ssl',
      term: '1y',
      commonName: `www.${id}.example`,
      notBefore: '2026-01-11T00:00:00+09:00',
      notAfter: '2027-01-10T23:59:59+09:00',
    },
  );
  const r = await certdesk(['import', tempFile(records, '.jsonl')], {
    ...t.env,
    CERTDESK_NOW: '2026-10-01T10:00+09:00',
  });
  expect(r.code, r.stderr).toBe(0);
}

const mailsOf = (contractId: string) =>
  t.db.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.contractId, contractId), eq(outbox.view, 'renewal-notice-email')));

describe('a notice Slack will not take goes by e-mail', () => {
  it('after channel_not_found: one e-mail to each address, in Japanese, kept as proof of notice', async () => {
    await importCustomer('gone', 'C0GONE');
    fake.fail('chat.postMessage', { times: 1, error: 'channel_not_found' });
    const r = await certdesk(['sweep', '--json'], env('2026-11-11T09:00+09:00'));
    expect(r.code, r.stderr).toBe(0);

    const received = [...mailbox.to('alice@gone.example'), ...mailbox.to('certs@gone.example')];
    expect(received).toHaveLength(2);
    for (const m of received) {
      expect(m.subject).toBe('【更新のご案内】www.gone.example');
      expect(m.from).toBe('certs@provider.example');
      expect(m.headers['reply-to']).toContain('certs@provider.example');
      expect(m.messageId).toMatch(/^<certdesk\.outbox\.\d+@provider\.example>$/);
      // The facts of the Slack notice: item, expiry and deadline with their era, the default renewal and its fees.
      expect(m.text).toContain('Slack のチャンネルにお届けできなかったため');
      expect(m.text).toContain('2027-01-10 (令和9年1月10日)');
      expect(m.text).toContain('回答期限: 2026-12-11 (令和8年12月11日)');
      expect(m.text).toMatch(/¥[\d,]+ \+ ¥[\d,]+ = ¥[\d,]+/);
      // Slack refused the notice: the e-mail offers only what reaches the customer, a reply to it.
      expect(m.text).toContain('ご回答の方法');
      expect(m.text).toContain('このメールに「更新する」または「更新しない」とご返信ください');
      expect(m.text).not.toContain('Slack のチャンネルのご案内で');
      expect(m.text).not.toContain('スレッドに「更新する」「更新しない」と返信しても');
      expect(m.html).toContain('<b>2026-12-11 (令和8年12月11日)</b>');
    }
    // The e-mails are the notice's delivery: the deadline is fixed from them.
    const rows = await mailsOf('gone-www');
    expect(rows.map((m) => m.status)).toEqual(['sent', 'sent']);
    expect(rows.map((m) => m.messageId).sort()).toEqual(received.map((m) => m.messageId).sort());
    const [cycle] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'gone-www'));
    expect(cycle!.replyDeadline?.toString()).toBe('2026-12-11');
    const [notice] = await t.db.db.select().from(renewalNotices).where(eq(renewalNotices.cycleId, cycle!.id));
    expect(notice!.sentAt).not.toBeNull();
    const proofs = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subject, 'contract:gone-www'), eq(auditLog.action, 'renewal.notice.email')));
    expect(proofs).toHaveLength(2);

    // contract show says where the notice went, and when.
    const shown = await certdesk(['contract', 'show', 'gone-www'], {
      ...env('2026-11-11T10:00+09:00'),
      CERTDESK_LANG: 'en',
    });
    expect(shown.stdout).toContain('U0ALICE <alice@gone.example>, U0BOB, <certs@gone.example>');
    expect(shown.stdout).toMatch(/e-mail to alice@gone\.example sent .* <certdesk\.outbox\.\d+@provider\.example>/);
    const json = await certdesk(['contract', 'show', 'gone-www', '--json'], env('2026-11-11T10:00+09:00'));
    expect(json.json).toMatchObject({
      customer: { emails: expect.arrayContaining([{ address: 'certs@gone.example', contact: null }]) },
    });

    // Swept again: nothing more is sent.
    expect((await certdesk(['sweep'], env('2026-11-11T09:30+09:00'))).code).toBe(0);
    expect([...mailbox.to('alice@gone.example'), ...mailbox.to('certs@gone.example')]).toHaveLength(2);
  });

  it('with CERTDESK_NOTICE_EMAIL=always, a notice goes to Slack and by e-mail, in English for an English customer', async () => {
    await importCustomer('both', 'C0BOTH', 'en');
    const r = await certdesk(['sweep'], env('2026-11-11T09:00+09:00', { CERTDESK_NOTICE_EMAIL: 'always' }));
    expect(r.code, r.stderr).toBe(0);
    expect(fake.messagesIn('C0BOTH')).toHaveLength(1);
    const received = mailbox.to('alice@both.example');
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe('Renewal notice: www.both.example');
    expect(received[0]!.text).toContain('both to your Slack channel and to the address you registered');
    expect(received[0]!.text).toContain('Reply by: 2026-12-11');
    expect(received[0]!.text).toContain('In your Slack channel, press "Renew"');
    expect(received[0]!.text).toContain('You can also reply to this e-mail');
    // The Slack message stays the notice's place in Slack: answers in its thread are recognised by it.
    const [cycle] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'both-www'));
    const [notice] = await t.db.db.select().from(renewalNotices).where(eq(renewalNotices.cycleId, cycle!.id));
    expect(notice!.slackTs).toBe(fake.messagesIn('C0BOTH')[0]!.ts);
  });
});

describe('a mail server that does not answer', () => {
  it('leaves the e-mail waiting, staff told once, and the next sweep sends it', async () => {
    await importCustomer('down', 'C0DOWN');
    fake.fail('chat.postMessage', { times: 1, error: 'channel_not_found', channel: 'C0DOWN' });
    // Nothing listens on port 9 (discard) here: the connection is refused.
    const r = await certdesk(['sweep'], env('2026-11-11T09:00+09:00', { CERTDESK_SMTP_URL: 'smtp://127.0.0.1:9' }));
    expect(r.code, r.stderr).toBe(0);
    const waiting = await mailsOf('down-www');
    expect(waiting.map((m) => m.status)).toEqual(['pending', 'pending']);
    expect(waiting[0]!.lastError).toMatch(/ECONNREFUSED/);
    const alerts = await t.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.contractId, 'down-www'), eq(outbox.view, 'staff-alert')));
    expect(alerts.map((a) => (a.data as { kind: string }).kind).filter((k) => k === 'mail-waiting')).toHaveLength(2);

    expect((await certdesk(['sweep'], env('2026-11-11T09:10+09:00'))).code).toBe(0);
    expect((await mailsOf('down-www')).map((m) => m.status)).toEqual(['sent', 'sent']);
    expect(mailbox.to('alice@down.example')).toHaveLength(1);
  });
});

describe('a reminder Slack will not take goes by e-mail too', () => {
  it('before the deadline, with no answer: one e-mail to each address asking for the answer; none after one', async () => {
    await importCustomer('quiet', 'C0QUIET');
    // The channel is gone for good: the notice, and later its reminder, are refused.
    fake.fail('chat.postMessage', { times: 10, error: 'channel_not_found', channel: 'C0QUIET' });
    expect((await certdesk(['sweep'], env('2026-11-11T09:00+09:00'))).code).toBe(0);
    expect(mailbox.to('alice@quiet.example')).toHaveLength(1);
    // CERTDESK_REMINDER_DAYS (3) before the deadline of 2026-12-11 (the 45-day notice, overdue, goes too).
    const r = await certdesk(['sweep'], env('2026-12-08T09:00+09:00'));
    expect(r.code, r.stderr).toBe(0);
    const reminders = mailbox.to('alice@quiet.example').filter((m) => m.subject.startsWith('【ご回答のお願い】'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.subject).toBe('【ご回答のお願い】www.quiet.example の更新');
    expect(reminders[0]!.text).toContain('回答期限は 2026-12-11 (令和8年12月11日) です');
    expect(mailbox.to('certs@quiet.example').filter((m) => m.subject.startsWith('【ご回答のお願い】'))).toHaveLength(1);
    // Swept again, nothing more.
    const before = mailbox.to('alice@quiet.example').length;
    expect((await certdesk(['sweep'], env('2026-12-08T10:00+09:00'))).code).toBe(0);
    expect(mailbox.to('alice@quiet.example')).toHaveLength(before);
  });
});

describe('a crash while sending', () => {
  it('before the server took the message: the retry sends it, and it arrives once', async () => {
    await importCustomer('drop', 'C0DROP');
    fake.fail('chat.postMessage', { times: 1, error: 'is_archived' });
    let dropped = 0;
    onMessage = (m) => {
      if (m.to.includes('alice@drop.example') && dropped++ === 0) return 'drop';
    };
    const r = await certdesk(['sweep'], env('2026-11-11T09:00+09:00'));
    expect(r.code, r.stderr).toBe(0);
    expect(dropped).toBe(2);
    expect(mailbox.to('alice@drop.example')).toHaveLength(1);
    const [row] = (await mailsOf('drop-www')).filter((m) => m.emailTo === 'alice@drop.example');
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 2,
      messageId: mailbox.to('alice@drop.example')[0]!.messageId,
    });
  });

  it('after the server took it, before it was recorded: the next sweep sends the same message, by its Message-ID', async () => {
    await importCustomer('crash', 'C0CRASH');
    fake.fail('chat.postMessage', { times: 1, error: 'not_in_channel' });
    // The sweep is killed the moment the server has the first e-mail, before it can record it.
    const child = spawn(process.execPath, [BIN, 'sweep'], {
      env: { ...process.env, ...env('2026-11-11T09:00+09:00') },
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ? null : code)),
    );
    onMessage = (m) => {
      if (m.to.includes('alice@crash.example')) child.kill('SIGKILL');
    };
    expect(await exited).toBeNull();
    onMessage = undefined;
    const [before] = (await mailsOf('crash-www')).filter((m) => m.emailTo === 'alice@crash.example');
    expect(before).toMatchObject({ status: 'pending', attempts: 1 });

    const r = await certdesk(['sweep'], env('2026-11-11T09:05+09:00'));
    expect(r.code, r.stderr).toBe(0);
    const received = mailbox.to('alice@crash.example');
    // The attempt was recorded before sending: the retry carries the same Message-ID, so the
    // recipient's mail system files it as the one message it already has.
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(1);
    const [after] = (await mailsOf('crash-www')).filter((m) => m.emailTo === 'alice@crash.example');
    expect(after).toMatchObject({ status: 'sent', messageId: received[0]!.messageId });
  });
});
