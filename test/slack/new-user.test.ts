// What a person new to certdesk meets in Slack: a typo, a placeholder typed as it was shown, a
// reply in a notice's thread in their own words, full-width input, a deadline not yet fixed. Each
// gets an answer that says what was understood and what to do, in their language.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancellations, renewalAnswers } from '../../src/db/schema.js';
import { jsonl } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import type { FakeSlack } from '../support/slack/fake-slack.js';
import {
  appHomeOpened,
  blockActions,
  eventCallback,
  inputValue,
  selectValue,
  viewSubmission,
} from '../support/slack/requests.js';
import { useServedApp } from '../support/slack/served-app.js';

const t = useFreshDatabase();
const NOW = '2026-11-11T09:00+09:00';
const STAFF = 'U0STAFF';
const ALICE = 'U0ALICE'; // a contact of ACME, Japanese
const GLEN = 'U0GLEN'; // a contact of Globex K.K., English
const ACME = 'C0ACME';

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    { type: 'customer', id: 'acme', name: 'ACME株式会社', country: 'JP', channel: ACME, contacts: [ALICE] },
    { type: 'customer', id: 'globex', name: 'Globex K.K.', country: 'JP', channel: 'C0GLOBEX', contacts: [GLEN] },
    // Its notice goes out now (60 days before 2027-01-10).
    {
      type: 'contract',
      id: 'acme-www',
      customer: 'acme',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'www.acme.example',
      notBefore: '2026-01-11T00:00:00+09:00',
      notAfter: '2027-01-10T23:59:59+09:00',
    },
    // No notice yet: its reply deadline is not fixed until the first one goes out.
    {
      type: 'contract',
      id: 'acme-shop',
      customer: 'acme',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'shop.acme.example',
      notBefore: '2026-06-01T00:00:00+09:00',
      notAfter: '2027-05-31T23:59:59+09:00',
    },
    {
      type: 'contract',
      id: 'globex-www',
      customer: 'globex',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'www.globex.example',
      notBefore: '2026-06-01T00:00:00+09:00',
      notAfter: '2027-05-31T23:59:59+09:00',
    },
    { type: 'staff', slackUserId: STAFF, name: '山田 花子' },
  ),
  secret: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  redisUrl: testRedisUrl(7),
  now: NOW,
  staffChannel: 'C0STAFF',
  users: { [ALICE]: { locale: 'ja-JP' }, [STAFF]: { locale: 'ja-JP' }, [GLEN]: { locale: 'en-US' } },
});
let fake: FakeSlack;
let notice: { ts: string };
beforeAll(async () => {
  fake = app.fake;
  notice = await app.until('the notice', () =>
    fake.messagesIn(ACME).find((m) => JSON.stringify(m.blocks).includes('renewal:renew')),
  );
});

const textOf = (x: unknown) => JSON.stringify(x);
const said = async (user: string, channel: string, text: string) =>
  textOf((await app.slash(user, channel, text)).responses);

/** A reply typed in the notice's thread, as Slack's message event carries it. */
async function reply(text: string, user = ALICE) {
  const stored = fake.addMessage(ACME, { text, user, thread_ts: notice.ts });
  const event = {
    type: 'message',
    channel: ACME,
    user,
    text,
    ts: stored.ts,
    thread_ts: notice.ts,
    channel_type: 'channel',
    event_ts: stored.ts,
  };
  expect((await app.send('event', eventCallback(event))).status).toBe(200);
  return stored;
}
const ephemeralTo = (user: string, pred: (text: string) => boolean) =>
  app.until('the reply', () =>
    fake.calls.find((c) => c.method === 'chat.postEphemeral' && c.args.user === user && pred(String(c.args.text))),
  );

describe('a reply in a notice’s thread that is not an answer is told so, with what to type', () => {
  it('「やっぱり更新します」: read as meaning renew, nothing recorded, and told to type 更新する', async () => {
    await reply('やっぱり更新します');
    const told = await ephemeralTo(ALICE, (x) => x.includes('やっぱり更新します'));
    expect(told.args.thread_ts).toBe(notice.ts);
    expect(String(told.args.text)).toMatch(/記録していません/);
    expect(String(told.args.text)).toContain('「更新する」');
    expect(await t.db.db.select().from(renewalAnswers)).toHaveLength(0);
  });

  it('「更新する？」: read as a question, nothing recorded', async () => {
    await reply('更新する？');
    const told = await ephemeralTo(ALICE, (x) => x.includes('更新する？'));
    expect(String(told.args.text)).toContain('質問');
    expect(await t.db.db.select().from(renewalAnswers)).toHaveLength(0);
  });

  it('talk that is not about the renewal gets no reply', async () => {
    const before = fake.calls.filter((c) => c.method === 'chat.postEphemeral').length;
    await reply('担当の佐藤にも共有します');
    await new Promise((r) => setTimeout(r, 800));
    expect(fake.calls.filter((c) => c.method === 'chat.postEphemeral')).toHaveLength(before);
  });
});

describe('a mistyped subcommand is answered with the one meant', () => {
  it('/cert qoute → quote; /cert stauts → status', async () => {
    expect(await said(STAFF, ACME, 'qoute quick-ssl 1y')).toContain('quote');
    expect(await said(STAFF, ACME, 'qoute quick-ssl 1y')).toContain('もしかして');
    expect(await said(GLEN, 'C0GLOBEX', 'stauts')).toContain('Did you mean `/cert status`');
  });
});

describe('the real reason, not the usage line', () => {
  it('/cert check ID: there is no contract "ID", and which contracts there are', async () => {
    const text = await said(ALICE, ACME, 'check ID');
    expect(text).toContain('「ID」');
    expect(text).toContain('acme-www');
    expect(text).not.toContain('使い方');
  });

  it('/cert csr nonexistent: no such contract', async () => {
    const text = await said(STAFF, ACME, 'csr nonexistent');
    expect(text).toContain('nonexistent');
    expect(text).not.toContain('使い方');
  });

  it('/cert abolish quick-ssl 2027-02-30: no such day', async () => {
    const text = await said(STAFF, ACME, 'abolish quick-ssl 2027-02-30');
    expect(text).toContain('2027-02-30');
    expect(text).toContain('28');
    expect(text).not.toContain('使い方');
  });
});

describe('Japanese says it in Japanese', () => {
  it('usage lines carry Japanese placeholders', async () => {
    const contact = await said(STAFF, ACME, 'contact add');
    expect(contact).toContain('契約者ID');
    expect(contact).not.toMatch(/CUSTOMER|@user/);
    const abolish = await said(STAFF, ACME, 'abolish');
    expect(abolish).toContain('品目');
    expect(abolish).not.toMatch(/ITEM|reason/);
  });

  it('the abolition preview names the end reason in Japanese', async () => {
    const text = await said(STAFF, ACME, 'abolish quick-ssl 2027-03-01');
    expect(text).toContain('廃止');
    expect(text).not.toContain('abolished');
  });

  it('the cancellation form does not say 任意 twice (Slack adds it to optional inputs)', async () => {
    const r = await app.slash(ALICE, ACME, 'cancel acme-shop');
    expect(textOf(r.opened[0]!.blocks)).not.toContain('任意');
  });

  it('a SureServer renewal quote is titled with the item it renews as', async () => {
    const text = await said(STAFF, ACME, 'quote sureserver 1y renewal');
    expect(text).toContain('SureServer for クラウド');
    expect(text).not.toMatch(/"text":"[^"]*SureServer（|"text":"SureServer の見積/);
  });
});

describe('English reads as English', () => {
  it('the App Home of a contact of "Globex K.K." does not say "K.K.."', async () => {
    await app.send('event', eventCallback(appHomeOpened(GLEN)));
    const published = await app.until('the home', () =>
      fake.calls.find((c) => c.method === 'views.publish' && c.args.user_id === GLEN),
    );
    expect(textOf(published.args.view)).toContain('Globex K.K.');
    expect(textOf(published.args.view)).not.toContain('K.K..');
  });
});

describe('full-width input is read as its half-width twin', () => {
  it('staff record a paper form that arrived at ２０２６－１１－０５　１０：００', async () => {
    const r = await app.slash(STAFF, ACME, 'cancel acme-www');
    const view = r.opened[0]!;
    const reply = await app.send(
      'interactive',
      viewSubmission({
        callbackId: 'cancel_modal',
        userId: STAFF,
        privateMetadata: view.private_metadata,
        values: {
          cancel_contract: { 'cancel:contract': selectValue('acme-www') },
          cancel_received: { received: inputValue('２０２６－１１－０５　１０：００') },
        },
      }),
    );
    expect(reply.json).toBeUndefined();
    const row = await app.until(
      'the cancellation',
      async () => (await t.db.db.select().from(cancellations).where(eq(cancellations.contractId, 'acme-www')))[0],
    );
    expect(row.receivedAt.toISOString()).toBe('2026-11-05T01:00:00.000Z');
  });

  it('/cert status ａｃｍｅ－ｓｈｏｐ finds acme-shop', async () => {
    expect(await said(ALICE, ACME, 'status ａｃｍｅ－ｓｈｏｐ')).toContain('shop.acme.example');
  });
});

describe('a date changed twice before the modal is redrawn (typed key by key)', () => {
  /** Two changes of the requested date, both sent with the hash the modal had before either was drawn. */
  async function twoQuickChanges(olderFirst: boolean) {
    const r = await app.slash(ALICE, ACME, 'cancel acme-shop');
    const opened = fake.lastCall('views.open')!.response.view as { id: string; hash: string };
    const change = (date: string) =>
      blockActions({
        actions: { actionId: 'cancel:requested' },
        userId: ALICE,
        view: {
          id: opened.id,
          hash: opened.hash,
          private_metadata: r.opened[0]!.private_metadata,
          callback_id: 'cancel_modal',
          state: {
            values: {
              cancel_contract: { 'cancel:contract': selectValue('acme-shop') },
              cancel_requested: { 'cancel:requested': { type: 'datepicker', selected_date: date } },
            },
          },
        } as never,
      });
    const older = change('2027-01-31');
    await new Promise((r) => setTimeout(r, 5));
    const newer = change('2027-03-31');
    for (const body of olderFirst ? [older, newer] : [newer, older])
      expect((await app.send('interactive', body)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    return fake.view(opened.id)!;
  }

  it.each([true, false])(
    'the modal shows the newest date’s effective date, and nothing is logged as an error (older sent first: %s)',
    async (olderFirst) => {
      const view = await twoQuickChanges(olderFirst);
      expect(textOf(view.blocks)).toContain('2027-03-31');
      expect(app.log).not.toContain('hash_conflict');
    },
  );
});

describe('a reply deadline is shown as fixed only once the first notice fixes it', () => {
  it('/cert status: acme-shop (no notice yet) shows its deadline as at the earliest', async () => {
    const text = await said(ALICE, ACME, 'status acme-shop');
    expect(text).toContain('最初のご案内');
    const www = await said(ALICE, ACME, 'status acme-www');
    expect(www).not.toContain('最初のご案内');
  });

  it('the App Home says the same in English', async () => {
    const published = await app.until('the home', () =>
      fake.calls.find((c) => c.method === 'views.publish' && c.args.user_id === GLEN),
    );
    expect(textOf(published.args.view)).toContain('first notice');
  });
});
