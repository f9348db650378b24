// Staff's commands and buttons end to end: `certdesk serve` over real HTTP with correctly signed
// requests, the real PostgreSQL and Redis, and a fake Slack Web API answering the app's calls.
// Rejecting an application, answering for a customer, abolishing an item (Art. 8), the list of
// applications waiting, and the App Home's filter.
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { abolitions, applications, auditLog, contracts, renewalAnswers, renewalCycles } from '../../src/db/schema.js';
import { certdesk, jsonl } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { violationsInCalls } from '../../src/slack/block-kit-limits.js';
import { useServedApp } from '../support/slack/served-app.js';
import type { FakeSlack } from '../support/slack/fake-slack.js';
import {
  blockActions,
  eventCallback,
  appHomeOpened,
  inputValue,
  selectValue,
  viewSubmission,
} from '../support/slack/requests.js';

const t = useFreshDatabase();
const SECRET = '5b2d8e1f4a7c9036b1d2e3f4a5b6c7d8';
// Its own Redis database, so that running beside the other Slack tests changes nothing.
const REDIS_URL = testRedisUrl(13);
const NOW = '2026-11-11T09:00+09:00';
const STAFF = 'U0STAFF';
const ALICE = 'U0ALICE'; // a contact of ACME, Japanese
const ALEX = 'U0ALEX'; // a contact of ACME, English
const MALLORY = 'U0MALLORY'; // nobody's contact, English
const ACME = 'C0ACME';
const GLOBEX = 'C0GLOBEX';
const STAFF_CHANNEL = 'C0STAFF';

const STAFF_ONLY_JA = 'このコマンドは当社担当者だけが使えます。';
const STAFF_ONLY_EN = 'Only the provider’s staff can use this command.';

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    {
      type: 'customer',
      id: 'acme',
      name: 'ACME株式会社',
      country: 'JP',
      channel: ACME,
      contacts: [ALICE, ALEX],
      designatedServices: ['gio'],
    },
    { type: 'customer', id: 'globex', name: 'Globex', country: 'JP', channel: GLOBEX, contacts: ['U0GLOBEX'] },
    // Expires within 60 days of NOW: its renewal notice goes out, and the Home's default filter shows it.
    {
      type: 'contract',
      id: 'acme-www',
      customer: 'acme',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'www.acme.example',
      notBefore: '2026-01-11T00:00:00+09:00',
      notAfter: '2027-01-10T23:59:59+09:00',
      service: 'gio',
    },
    // Active but not expiring soon: only the "active" filter shows it.
    {
      type: 'contract',
      id: 'acme-shop',
      customer: 'acme',
      item: 'corporate-ssl',
      term: '1y',
      commonName: 'shop.acme.example',
      notBefore: '2026-05-01T00:00:00+09:00',
      notAfter: '2027-05-01T00:00:00+09:00',
    },
    // The only contract of the item abolished below.
    {
      type: 'contract',
      id: 'globex-gs',
      customer: 'globex',
      item: 'global-server-id',
      term: '1y',
      commonName: 'gs.globex.example',
      notBefore: '2026-08-01T00:00:00+09:00',
      notAfter: '2027-08-01T00:00:00+09:00',
    },
    { type: 'staff', slackUserId: STAFF, name: '山田 花子' },
  ),
  secret: SECRET,
  redisUrl: REDIS_URL,
  now: NOW,
  staffChannel: STAFF_CHANNEL,
  users: {
    [ALICE]: { locale: 'ja-JP' },
    [ALEX]: { locale: 'en-US' },
    [STAFF]: { locale: 'ja-JP' },
    [MALLORY]: { locale: 'en-US' },
  },
});
const { send, slash, until } = app;
let fake: FakeSlack;
beforeAll(() => {
  fake = app.fake;
});

const textOf = (x: unknown) => JSON.stringify(x);

/** serve's clock starts at NOW and runs on: a time it records is NOW or a little after. */
function expectShortlyAfterNow(at: Date) {
  const ms = at.getTime() - new Date(NOW).getTime();
  expect(ms).toBeGreaterThanOrEqual(0);
  expect(ms).toBeLessThan(10 * 60_000);
}

const settle = (ms = 500) => new Promise((r) => setTimeout(r, ms));

/** A button click on a message; resolves with the response URL the app answers through. */
async function click(user: string, channel: string, actionId: string, value: string, messageTs?: string) {
  const responseUrl = fake.responseUrl({ channel, user, messageTs });
  const reply = await send(
    'interactive',
    blockActions({ actions: { actionId, value }, userId: user, channelId: channel, messageTs, responseUrl }),
  );
  expect(reply.status).toBe(200);
  return responseUrl;
}

describe('staff reject an application', () => {
  let appId: number;
  let staffTs: string;

  it('a contact’s valid application is stored as submitted and staff get Accept / Reject', async () => {
    const r = await slash(ALICE, ACME, 'apply');
    expect(r.opened[0]?.callback_id).toBe('apply_modal');
    const reply = await send(
      'interactive',
      viewSubmission({
        callbackId: 'apply_modal',
        userId: ALICE,
        privateMetadata: r.opened[0]!.private_metadata,
        values: {
          apply_item: { item: selectValue('quick-ssl') },
          apply_term: { term: selectValue('1y') },
          apply_common_name: { common_name: inputValue('api.acme.example') },
          apply_service: { service: selectValue('gio') },
          apply_options: { options: { type: 'checkboxes', selected_options: [] } },
          apply_certificate: { certificate: inputValue(null) },
        },
      }),
    );
    expect(reply.status).toBe(200);
    const app = await until('the application', async () => (await t.db.db.select().from(applications))[0]);
    expect(app).toMatchObject({ customerId: 'acme', commonName: 'api.acme.example', status: 'submitted' });
    appId = app.id;
    const staffMessage = await until('the staff message', () =>
      fake.messagesIn(STAFF_CHANNEL).find((m) => textOf(m.blocks).includes('application:reject')),
    );
    staffTs = staffMessage.ts;
  });

  it('/cert applications lists the submitted application, with its buttons, for staff only', async () => {
    const staff = await slash(STAFF, STAFF_CHANNEL, 'applications');
    const msg = staff.responses[0] as { response_type: string; text: string; blocks: unknown[] };
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.text).toBe('承諾待ちの申込: 1 件 · 承諾待ちの変更: 0 件');
    expect(textOf(msg.blocks)).toContain(`申込 #${appId}`);
    expect(textOf(msg.blocks)).toContain('api.acme.example');
    expect(textOf(msg.blocks)).toContain('application:accept');
    expect(textOf(msg.blocks)).toContain('application:reject');
    expect(textOf((await slash(ALICE, ACME, 'applications')).responses)).toContain(STAFF_ONLY_JA);
    const stranger = await slash(MALLORY, ACME, 'applications');
    expect(textOf(stranger.responses)).toContain(STAFF_ONLY_EN);
    expect(textOf(stranger.responses)).not.toContain('api.acme.example');
  });

  it('a contact clicking Reject is refused in their language and the application stays submitted', async () => {
    const responseUrl = await click(ALICE, STAFF_CHANNEL, 'application:reject', String(appId), staffTs);
    await until('the refusal', () => fake.responsesTo(responseUrl).length > 0);
    expect(fake.responsesTo(responseUrl)[0]).toMatchObject({ response_type: 'ephemeral', text: STAFF_ONLY_JA });
    await settle();
    expect((await t.db.db.select().from(applications).where(eq(applications.id, appId)))[0]).toMatchObject({
      status: 'submitted',
      decidedBy: null,
    });
  });

  it('staff’s Reject records the application refused once (a double click changes nothing), redraws the staff message and tells the customer', async () => {
    // Reject opens a modal that confirms and asks for the reason the customer reads.
    await click(STAFF, STAFF_CHANNEL, 'application:reject', String(appId), staffTs);
    const modal = await until('the reject modal', () =>
      fake.modals().find((v) => v.callback_id === 'application_reject_modal'),
    );
    const empty = await send(
      'interactive',
      viewSubmission({
        callbackId: 'application_reject_modal',
        userId: STAFF,
        privateMetadata: modal.private_metadata,
        values: { reject_reason: { reason: inputValue(null) } },
      }),
    );
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { reject_reason: expect.any(String) } });
    const submit = () =>
      send(
        'interactive',
        viewSubmission({
          callbackId: 'application_reject_modal',
          userId: STAFF,
          privateMetadata: modal.private_metadata,
          values: { reject_reason: { reason: inputValue('同じ証明書の契約が既にあります') } },
        }),
      );
    await Promise.all([submit(), submit()]);
    const app = await until(
      'the refusal recorded',
      async () =>
        (
          await t.db.db
            .select()
            .from(applications)
            .where(and(eq(applications.id, appId), eq(applications.status, 'refused')))
        )[0],
    );
    expect(app).toMatchObject({
      decidedBy: `slack:${STAFF}`,
      contractId: null,
      refusal: { reason: '同じ証明書の契約が既にあります' },
    });
    expectShortlyAfterNow(app.decidedAt!);
    expect(await t.db.db.select().from(contracts).where(eq(contracts.commonName, 'api.acme.example'))).toEqual([]);

    // The staff message now says who rejected, and when, instead of offering the buttons.
    const redrawn = await until('the staff message redrawn', () => {
      const m = fake.message(STAFF_CHANNEL, staffTs)!;
      return !textOf(m.blocks).includes('application:reject') && m;
    });
    expect(textOf(redrawn.blocks)).toMatch(new RegExp(`<@${STAFF}> が 2026-11-11 09:\\d\\d JST にお断りしました。`));
    expect(textOf(redrawn.blocks)).not.toContain('application:accept');

    // The customer's channel is told, in the customer's language (ACME: Japanese).
    const told = await until('the customer told', () =>
      fake.messagesIn(ACME).find((m) => m.text.includes(`申込 #${appId}`)),
    );
    expect(told.text).toBe(`申込 #${appId} はお受けできませんでした。理由: 同じ証明書の契約が既にあります`);

    await settle(1_000);
    expect(fake.messagesIn(ACME).filter((m) => m.text.includes(`申込 #${appId}`))).toHaveLength(1);
    const audits = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'application.reject'), eq(auditLog.subject, `application:${appId}`)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: `slack:${STAFF}` });
  });

  it('a later Reject or Accept on the decided application changes nothing', async () => {
    await click(STAFF, STAFF_CHANNEL, 'application:reject', String(appId), staffTs);
    await click(STAFF, STAFF_CHANNEL, 'application:accept', String(appId), staffTs);
    await settle(1_000);
    expect((await t.db.db.select().from(applications).where(eq(applications.id, appId)))[0]).toMatchObject({
      status: 'refused',
      decidedBy: `slack:${STAFF}`,
    });
    expect(await t.db.db.select().from(contracts).where(eq(contracts.commonName, 'api.acme.example'))).toEqual([]);
    expect(fake.messagesIn(ACME).filter((m) => m.text.includes(`申込 #${appId}`))).toHaveLength(1);
  });

  it('/cert applications no longer lists it', async () => {
    const staff = await slash(STAFF, STAFF_CHANNEL, 'applications');
    const msg = staff.responses[0] as { text: string; blocks: unknown[] };
    expect(msg.text).toBe('承諾待ちの申込: 0 件 · 承諾待ちの変更: 0 件');
    expect(textOf(msg.blocks)).not.toContain('application:reject');
    expect(textOf(msg.blocks)).not.toContain('api.acme.example');
  });
});

describe('/cert answer: staff record a customer’s renewal answer for them', () => {
  let cycleId: number;

  it('the renewal notice for acme-www goes out first', async () => {
    await until('the notice', () =>
      fake
        .messagesIn(ACME)
        .find((m) => m.metadata?.event_type === 'certdesk_outbox' && textOf(m.blocks).includes('renewal:renew')),
    );
    const [cycle] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'acme-www'));
    cycleId = cycle!.id;
  });

  it('a contact or a stranger using it is refused in their language and nothing is recorded', async () => {
    expect(textOf((await slash(ALICE, ACME, 'answer acme-www renew')).responses)).toContain(STAFF_ONLY_JA);
    expect(textOf((await slash(ALEX, ACME, 'answer acme-www dont-renew')).responses)).toContain(STAFF_ONLY_EN);
    expect(textOf((await slash(MALLORY, ACME, 'answer acme-www dont-renew')).responses)).toContain(STAFF_ONLY_EN);
    await settle();
    expect(await t.db.db.select().from(renewalAnswers)).toEqual([]);
    expect((await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.id, cycleId)))[0]!.decision).toBeNull();
  });

  it('staff without a valid answer get the usage, and nothing is recorded', async () => {
    expect(textOf((await slash(STAFF, STAFF_CHANNEL, 'answer acme-www maybe')).responses)).toContain(
      '使い方: `/cert answer 契約ID 更新する|更新しない`',
    );
    expect(await t.db.db.select().from(renewalAnswers)).toEqual([]);
  });

  it('staff’s answer is recorded as acting for the customer, via staff, and decides the cycle', async () => {
    const r = await slash(STAFF, STAFF_CHANNEL, 'answer acme-www 更新しない');
    expect(textOf(r.responses)).toContain('契約 acme-www について、回答「更新しない」を契約者に代わって記録しました。');
    const rows = await t.db.db.select().from(renewalAnswers).where(eq(renewalAnswers.cycleId, cycleId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      answer: 'dont-renew',
      answeredBy: STAFF,
      actingForCustomer: true,
      via: 'staff',
      accepted: true,
      refusalCode: null,
    });
    expectShortlyAfterNow(rows[0]!.answeredAt);
    const [cycle] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.id, cycleId));
    expect(cycle!.decision).toBe('dont-renew');
    // "Don't renew" ends the contract on its expiry date (Art. 9(1)).
    expect((await t.db.db.select().from(contracts).where(eq(contracts.id, 'acme-www')))[0]).toMatchObject({
      endReason: 'not-renewed',
    });
  });

  it('the same answer again is recorded as unchanged; the other answer takes its place', async () => {
    expect(textOf((await slash(STAFF, STAFF_CHANNEL, 'answer acme-www dont-renew')).responses)).toContain(
      '回答は既に「更新しない」です。',
    );
    const r = await slash(STAFF, STAFF_CHANNEL, 'answer acme-www renew');
    expect(textOf(r.responses)).toContain('契約 acme-www について、回答「更新する」を契約者に代わって記録しました。');
    const rows = await t.db.db.select().from(renewalAnswers).where(eq(renewalAnswers.cycleId, cycleId));
    expect(rows.map((x) => [x.answer, x.actingForCustomer, x.via])).toEqual([
      ['dont-renew', true, 'staff'],
      ['dont-renew', true, 'staff'],
      ['renew', true, 'staff'],
    ]);
    expect((await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.id, cycleId)))[0]!.decision).toBe(
      'renew',
    );
  });
});

describe('/cert abolish and its confirmation (Art. 8)', () => {
  let button: { action_id: string; value: string };

  const abolitionRows = () => t.db.db.select().from(abolitions).where(eq(abolitions.item, 'global-server-id'));

  it('a contact or a stranger is refused, and nothing is previewed', async () => {
    expect(textOf((await slash(ALICE, ACME, 'abolish global-server-id 2027-02-01')).responses)).toContain(
      STAFF_ONLY_JA,
    );
    const stranger = await slash(MALLORY, GLOBEX, 'abolish global-server-id 2027-02-01');
    expect(textOf(stranger.responses)).toContain(STAFF_ONLY_EN);
    expect(textOf(stranger.responses)).not.toContain('abolish:confirm');
  });

  it('staff get a preview of the contracts it ends, with a confirming button, and nothing is recorded yet', async () => {
    const r = await slash(STAFF, STAFF_CHANNEL, 'abolish global-server-id 2027-02-01 CA 提供終了');
    const msg = r.responses[0] as {
      response_type: string;
      text: string;
      blocks: { type: string; elements?: { action_id: string; value: string; style?: string }[] }[];
    };
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.text).toBe(
      'global-server-id を 2027-02-01 (令和9年2月1日) から廃止すると、次の 1 件の契約が終了します（第8条）:',
    );
    expect(textOf(msg.blocks)).toContain('globex-gs (gs.globex.example) → 2027-02-01 廃止');
    const b = msg.blocks.flatMap((x) => x.elements ?? []).find((e) => e.action_id === 'abolish:confirm')!;
    expect(b).toMatchObject({ style: 'danger' });
    expect(JSON.parse(b.value)).toEqual({ item: 'global-server-id', from: '2027-02-01', reason: 'CA 提供終了' });
    button = b;
    expect(await abolitionRows()).toEqual([]);
    expect((await t.db.db.select().from(contracts).where(eq(contracts.id, 'globex-gs')))[0]).toMatchObject({
      endDate: null,
      endReason: null,
    });
  });

  it('staff asking for a past date or a category III item are told why, with nothing to confirm', async () => {
    const past = await slash(STAFF, STAFF_CHANNEL, 'abolish global-server-id 2026-11-01');
    expect(textOf(past.responses)).not.toContain('abolish:confirm');
    expect(textOf(past.responses)).toContain('第8条');
    const byo = await slash(STAFF, STAFF_CHANNEL, 'abolish bring-your-own 2027-02-01');
    expect(textOf(byo.responses)).not.toContain('abolish:confirm');
    expect(textOf(byo.responses)).toContain('第8条');
    expect(await t.db.db.select().from(abolitions)).toEqual([]);
  });

  it('a stranger pressing the confirming button is refused and nothing is recorded', async () => {
    const responseUrl = await click(MALLORY, STAFF_CHANNEL, button.action_id, button.value);
    await until('the refusal', () => fake.responsesTo(responseUrl).length > 0);
    expect(fake.responsesTo(responseUrl)[0]).toMatchObject({ response_type: 'ephemeral', text: STAFF_ONLY_EN });
    await settle();
    expect(await abolitionRows()).toEqual([]);
  });

  it('staff confirming records the abolition once with its reason, ends the contract on that date, and tells the customer', async () => {
    const responseUrl = fake.responseUrl({ channel: STAFF_CHANNEL, user: STAFF, messageTs: '1790000000.000100' });
    await Promise.all([
      send(
        'interactive',
        blockActions({
          actions: { actionId: button.action_id, value: button.value },
          userId: STAFF,
          channelId: STAFF_CHANNEL,
          messageTs: '1790000000.000100',
          responseUrl,
        }),
      ),
      send(
        'interactive',
        blockActions({
          actions: { actionId: button.action_id, value: button.value },
          userId: STAFF,
          channelId: STAFF_CHANNEL,
          messageTs: '1790000000.000100',
          responseUrl,
        }),
      ),
    ]);
    await until('the confirmation', () => fake.responsesTo(responseUrl).length > 0);
    expect(textOf(fake.responsesTo(responseUrl))).toContain(
      'global-server-id を 2027-02-01 (令和9年2月1日) から廃止しました。影響する契約者のチャンネルにお知らせします。',
    );
    expect(fake.responsesTo(responseUrl)[0]).toMatchObject({ replace_original: true });

    const rows = await abolitionRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      item: 'global-server-id',
      reason: 'CA 提供終了',
      recordedBy: `slack:${STAFF}`,
      withdrawnAt: null,
    });
    expect(rows[0]!.effectiveFrom.toString()).toBe('2027-02-01');
    const [contract] = await t.db.db.select().from(contracts).where(eq(contracts.id, 'globex-gs'));
    expect(contract).toMatchObject({ status: 'active', endReason: 'abolished' });
    expect(contract!.endDate?.toString()).toBe('2027-02-01');
    // Other items' contracts are untouched.
    expect((await t.db.db.select().from(contracts).where(eq(contracts.id, 'acme-shop')))[0]).toMatchObject({
      endDate: null,
      endReason: null,
    });

    const notice = await until('the customer told', () =>
      fake.messagesIn(GLOBEX).find((m) => textOf(m).includes('品目の廃止のお知らせ')),
    );
    expect(textOf(notice)).toContain('globex-gs');
    expect(textOf(notice)).toContain('2027-02-01');
    expect(fake.messagesIn(ACME).filter((m) => textOf(m).includes('品目の廃止のお知らせ'))).toEqual([]);
    await settle(1_000);
    expect(fake.messagesIn(GLOBEX).filter((m) => textOf(m).includes('品目の廃止のお知らせ'))).toHaveLength(1);
    expect(
      await t.db.db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'abolish'), eq(auditLog.subject, 'item:global-server-id'))),
    ).toEqual([{ n: 1 }]);
  });

  it('the command line’s catalog shows the item abolished from that date', async () => {
    const r = await certdesk(['items', '--item', 'global-server-id', '--json'], { ...t.env, CERTDESK_NOW: NOW });
    expect(r.code).toBe(0);
    expect(r.json.items).toHaveLength(1);
    expect(r.json.items[0]).toMatchObject({ code: 'global-server-id', abolishedFrom: '2027-02-01' });
  });
});

describe('the App Home’s filter', () => {
  type HomeBlock = { block_id?: string; elements?: { action_id?: string; initial_option?: { value: string } }[] };
  const filterOf = (view: { blocks: unknown[] }) =>
    (view.blocks as HomeBlock[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'home:filter')
      ?.initial_option?.value;

  /** A choice in the Home's select, as Slack sends it; resolves with the Home then published. */
  async function choose(user: string, value: string) {
    const home = fake.homeOf(user)!;
    const before = fake.calls.length;
    const payload = blockActions({
      actions: { actionId: 'home:filter' },
      userId: user,
      view: {
        id: home.id,
        hash: home.hash,
        type: 'home',
        callback_id: '',
        private_metadata: '',
        state: { values: {} },
      } as never,
    }) as unknown as Record<string, unknown>;
    payload.actions = [
      {
        type: 'static_select',
        action_id: 'home:filter',
        block_id: 'home_filter',
        selected_option: { value, text: { type: 'plain_text', text: value } },
        action_ts: '1790000000.000200',
      },
    ];
    expect((await send('interactive', payload)).status).toBe(200);
    const call = await fake.waitFor(
      (c) => c.seq > before && c.method === 'views.publish' && c.args.user_id === user,
      10_000,
    );
    return call.args.view as { blocks: unknown[] };
  }

  it('staff’s Home shows the contracts expiring within 60 days by default', async () => {
    await send('event', eventCallback(appHomeOpened(STAFF)));
    const home = await until('the staff home', () => fake.homeOf(STAFF));
    expect(filterOf(home)).toBe('expiring');
    expect(textOf(home.blocks)).toContain('対応待ち');
    expect(textOf(home.blocks)).toContain('acme-www');
    expect(textOf(home.blocks)).not.toContain('acme-shop');
    expect(textOf(home.blocks)).not.toContain('globex-gs');
  });

  it('choosing "active" republishes staff’s Home with every active contract, and the select shows the choice', async () => {
    const view = await choose(STAFF, 'active');
    expect(filterOf(view)).toBe('active');
    expect(textOf(view.blocks)).toContain('acme-www');
    expect(textOf(view.blocks)).toContain('acme-shop');
    expect(textOf(view.blocks)).toContain('globex-gs');
    expect(textOf(view.blocks)).toContain('有効な契約');
    expect(fake.homeOf(STAFF)!.blocks).toEqual(view.blocks);
  });

  it('choosing "ended" shows no contract when none has ended, and an unknown value falls back to "expiring"', async () => {
    const ended = await choose(STAFF, 'ended');
    expect(filterOf(ended)).toBe('ended');
    expect(textOf(ended.blocks)).toContain('契約はありません。');
    expect(textOf(ended.blocks)).not.toContain('acme-www');
    const unknown = await choose(STAFF, 'everything');
    expect(filterOf(unknown)).toBe('expiring');
    expect(textOf(unknown.blocks)).toContain('acme-www');
    expect(textOf(unknown.blocks)).not.toContain('acme-shop');
  });

  it('a contact sending the filter still sees only their own customer’s contracts, in their language', async () => {
    await send('event', eventCallback(appHomeOpened(ALEX)));
    await until('the contact home', () => fake.homeOf(ALEX));
    const view = await choose(ALEX, 'active');
    expect(filterOf(view)).toBeUndefined();
    expect(textOf(view.blocks)).toContain('acme-www');
    expect(textOf(view.blocks)).toContain('acme-shop');
    expect(textOf(view.blocks)).not.toContain('globex-gs');
    expect(textOf(view.blocks)).toContain('Expiry');
  });
});

describe('Block Kit limits', () => {
  it('every message, modal and Home view the app sent stays within them', () => {
    expect(violationsInCalls(fake.calls)).toEqual([]);
    expect(
      fake.calls.filter((c) => c.response.error === 'invalid_blocks' || c.response.error === 'invalid_arguments'),
    ).toEqual([]);
  });
});
