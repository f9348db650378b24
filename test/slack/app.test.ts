// The Slack app end to end: `certdesk serve` over real HTTP with correctly signed requests, the
// real PostgreSQL and Redis, and a fake Slack Web API answering the app's calls.
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applications,
  cancellations,
  contractChanges,
  customerEmails,
  contracts,
  ledgerEntries,
  renewalAnswers,
  renewalCycles,
} from '../../src/db/schema.js';
import { jsonl } from '../support/cli.js';
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
  slashCommand,
  viewSubmission,
} from '../support/slack/requests.js';

const t = useFreshDatabase();
const SECRET = 'a3c1e9f2b47d5e6f8091a2b3c4d5e6f7';
const REDIS_URL = testRedisUrl(12);
const NOW = '2026-11-11T09:00+09:00';
const STAFF = 'U0STAFF';
const ALICE = 'U0ALICE'; // a contact of ACME, Japanese
const ALEX = 'U0ALEX'; // a contact of ACME, English
const MALLORY = 'U0MALLORY'; // nobody's contact
const ACME = 'C0ACME';
const STAFF_CHANNEL = 'C0STAFF';

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
    { type: 'customer', id: 'globex', name: 'Globex', country: 'JP', channel: 'C0GLOBEX', contacts: ['U0GLOBEX'] },
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

describe('requests are verified before anything runs', () => {
  it('a bad signature and a stale timestamp are refused (401) with no side effect', async () => {
    const body = slashCommand({
      command: '/cert',
      text: 'help',
      userId: STAFF,
      channelId: ACME,
      responseUrl: fake.responseUrl(),
    });
    expect((await send('command', body, { badSignature: true })).status).toBe(401);
    expect((await send('command', body, { staleTimestamp: true })).status).toBe(401);
    expect((await send('command', body, { tamper: (raw) => raw.replace('help', 'quote') })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responsesTo(body.response_url!)).toEqual([]);
  });
});

describe('/cert help and /cert alone: what this person may do here, in their language', () => {
  it('staff, a Japanese contact, an English contact and a stranger each get their own help', async () => {
    const staff = await slash(STAFF, ACME, 'help');
    expect(textOf(staff.responses)).toContain('/cert abolish');
    const alice = await slash(ALICE, ACME, '');
    expect(textOf(alice.responses)).toContain('ACME株式会社 のご担当者');
    expect(textOf(alice.responses)).not.toContain('/cert abolish');
    const alex = await slash(ALEX, ACME, 'help');
    expect(textOf(alex.responses)).toContain('As a contact of');
    const stranger = await slash(MALLORY, ACME, 'help');
    expect(textOf(stranger.responses)).toContain('staff must register you');
  });
});

describe('/cert quote (staff)', () => {
  it('gives the breakdown as a message, with tax, from codes or aliases', async () => {
    const r = await slash(STAFF, ACME, 'quote クイック認証 1年');
    const msg = r.responses[0] as { response_type: string; blocks: unknown[] };
    expect(msg.response_type).toBe('in_channel');
    expect(textOf(msg.blocks)).toContain('¥34,800');
    expect(textOf(msg.blocks)).toContain('¥59,800');
    expect(textOf(msg.blocks)).toContain('¥65,780');
  });

  it('says "did you mean" on a miss, says individually priced plainly, and refuses customers', async () => {
    expect(textOf((await slash(STAFF, ACME, 'quote quik-ssl 1y')).responses)).toContain('quick-ssl');
    expect(textOf((await slash(STAFF, ACME, 'quote global-server-id-cloud 1y')).responses)).toContain('個別見積');
    expect(textOf((await slash(ALICE, ACME, 'quote quick-ssl 1y')).responses)).toContain('担当者だけ');
  });

  it('alone, opens a modal whose submission shows the quote', async () => {
    const r = await slash(STAFF, ACME, 'quote');
    expect(r.opened[0]?.callback_id).toBe('quote_modal');
    const reply = await send(
      'interactive',
      viewSubmission({
        callbackId: 'quote_modal',
        userId: STAFF,
        values: {
          quote_item: { item: selectValue('corporate-ssl') },
          quote_term: { term: selectValue('6m') },
          quote_kind: { kind: selectValue('new') },
        },
      }),
    );
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ response_action: 'update' });
    expect(textOf(reply.json)).toContain('¥42,000');
    const wrong = await send(
      'interactive',
      viewSubmission({
        callbackId: 'quote_modal',
        userId: STAFF,
        values: {
          quote_item: { item: selectValue('secure-server-id') },
          quote_term: { term: selectValue('6m') },
          quote_kind: { kind: selectValue('new') },
        },
      }),
    );
    expect(wrong.json).toMatchObject({
      response_action: 'errors',
      errors: { quote_term: expect.stringContaining('別紙1') },
    });
  });
});

describe('/cert apply, and staff accepting', () => {
  const values = (over: Record<string, unknown> = {}) => ({
    apply_item: { item: selectValue('quick-ssl') },
    apply_term: { term: selectValue('1y') },
    apply_common_name: { common_name: inputValue('api.acme.example') },
    apply_service: { service: selectValue('gio') },
    apply_options: { options: { type: 'checkboxes', selected_options: [] } },
    apply_certificate: { certificate: inputValue(null) },
    ...over,
  });
  let metadata = '';

  it('opens the application modal for a contact', async () => {
    const r = await slash(ALICE, ACME, 'apply');
    expect(r.opened[0]?.callback_id).toBe('apply_modal');
    metadata = r.opened[0]!.private_metadata!;
  });

  it('every refusal comes back inside the modal, with its article, all at once', async () => {
    const reply = await send(
      'interactive',
      viewSubmission({
        callbackId: 'apply_modal',
        userId: ALICE,
        privateMetadata: metadata,
        values: values({
          apply_item: { item: selectValue('secure-server-id-cloud') },
          apply_common_name: { common_name: inputValue('not a name') },
          apply_options: {
            options: {
              type: 'checkboxes',
              selected_options: [{ value: 'moved-from-external-server', text: { type: 'plain_text', text: 'x' } }],
            },
          },
        }),
      }),
    );
    expect(reply.json).toMatchObject({ response_action: 'errors' });
    const errors = (reply.json as { errors: Record<string, string> }).errors;
    expect(errors.apply_common_name).toContain('ドメイン名ではありません');
    expect(errors.apply_options).toContain('第7条第1項');
    expect(await t.db.db.select().from(applications)).toEqual([]);
  });

  it('a valid application is stored and staff get Accept / Reject', async () => {
    const reply = await send(
      'interactive',
      viewSubmission({ callbackId: 'apply_modal', userId: ALICE, privateMetadata: metadata, values: values() }),
    );
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    const app = await until('the application', async () => (await t.db.db.select().from(applications))[0]);
    expect(app).toMatchObject({
      customerId: 'acme',
      item: 'quick-ssl',
      commonName: 'api.acme.example',
      status: 'submitted',
    });
    const staffMessage = await until('the staff message', () =>
      fake.messagesIn(STAFF_CHANNEL).find((m) => textOf(m.blocks).includes('application:accept')),
    );
    expect(textOf(staffMessage.blocks)).toContain('api.acme.example');
  });

  it('acceptance creates the contract, records the fees of Art. 10, and tells the customer; a double click changes nothing', async () => {
    const [app] = await t.db.db.select().from(applications);
    const staffMessage = fake.messagesIn(STAFF_CHANNEL).find((m) => textOf(m.blocks).includes('application:accept'))!;
    // Accept opens a modal that confirms (the fees that accrue); its submission decides.
    await send(
      'interactive',
      blockActions({
        actions: { actionId: 'application:accept', value: String(app!.id) },
        userId: STAFF,
        channelId: STAFF_CHANNEL,
        messageTs: staffMessage.ts,
        responseUrl: fake.responseUrl({ channel: STAFF_CHANNEL, user: STAFF }),
      }),
    );
    const modal = await until('the accept modal', () =>
      fake.modals().find((v) => v.callback_id === 'application_accept_modal'),
    );
    expect(textOf(modal.blocks)).toContain('¥59,800');
    const click = () =>
      send(
        'interactive',
        viewSubmission({
          callbackId: 'application_accept_modal',
          userId: STAFF,
          privateMetadata: modal.private_metadata,
          values: {},
        }),
      );
    const [a, b] = await Promise.all([click(), click()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const contract = await until(
      'the contract',
      async () => (await t.db.db.select().from(contracts).where(eq(contracts.commonName, 'api.acme.example')))[0],
    );
    expect(contract).toMatchObject({ customerId: 'acme', origin: 'application', item: 'quick-ssl' });
    const fees = await t.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, contract!.id));
    expect(fees.map((f) => [f.kind, f.amount, f.article])).toEqual([
      ['certificate', 34_800, 'Art. 10; Appendix 1 §1'],
      ['agency', 25_000, 'Art. 10; Appendix 1 §3'],
    ]);
    await until('the customer told', () => fake.messagesIn(ACME).find((m) => m.text.includes(`#${app!.id}`)));
    await until(
      'the staff message redrawn',
      () => !textOf(fake.message(STAFF_CHANNEL, staffMessage.ts)!.blocks).includes('application:accept'),
    );
  });
});

describe('renewal notices: buttons, a changed answer, a thread reply, a stranger refused, retries once', () => {
  let notice: { ts: string; blocks?: unknown[] };
  let cycleId: number;

  it('the notice is posted in the customer’s channel with renewal:renew and renewal:decline', async () => {
    notice = await until('the notice', () =>
      fake
        .messagesIn(ACME)
        .find((m) => m.metadata?.event_type === 'certdesk_outbox' && textOf(m.blocks).includes('renewal:renew')),
    );
    const [cycle] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'acme-www'));
    cycleId = cycle!.id;
    expect(textOf(notice.blocks)).toContain('www.acme.example');
  });

  const click = (user: string, actionId: string, opts: { retryNum?: number; triggerId?: string } = {}) =>
    send(
      'interactive',
      blockActions({
        actions: { actionId, value: String(cycleId) },
        userId: user,
        channelId: ACME,
        messageTs: notice.ts,
        triggerId: opts.triggerId,
        responseUrl: fake.responseUrl({ channel: ACME, user }),
      }),
      { retryNum: opts.retryNum },
    );

  const accepted = async () =>
    t.db.db
      .select()
      .from(renewalAnswers)
      .where(and(eq(renewalAnswers.cycleId, cycleId), eq(renewalAnswers.accepted, true)));

  it('a click records the answer, and the message then says who answered what and when', async () => {
    expect((await click(ALICE, 'renewal:renew')).status).toBe(200);
    await until('the answer', async () => (await accepted()).length === 1);
    await until('the notice redrawn', () => textOf(fake.message(ACME, notice.ts)!.blocks).includes(`<@${ALICE}>`));
    expect(textOf(fake.message(ACME, notice.ts)!.blocks)).toContain('更新する');
  });

  it('the answer can be changed until the deadline', async () => {
    await click(ALEX, 'renewal:decline');
    await until('the changed answer', async () => (await accepted()).length === 2);
    const [cycle] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.id, cycleId));
    expect(cycle!.decision).toBe('dont-renew');
    expect((await t.db.db.select().from(contracts).where(eq(contracts.id, 'acme-www')))[0]).toMatchObject({
      endReason: 'not-renewed',
    });
    await until('the notice redrawn', () => textOf(fake.message(ACME, notice.ts)!.blocks).includes(`<@${ALEX}>`));
  });

  it('a reply typed in the notice’s thread counts the same, with a reaction', async () => {
    fake.addMessage(ACME, { text: '更新します', user: ALICE, thread_ts: notice.ts });
    const reply = fake.thread(ACME, notice.ts).at(-1)!;
    const event = {
      type: 'message',
      channel: ACME,
      user: ALICE,
      text: '更新します',
      ts: reply.ts,
      thread_ts: notice.ts,
      channel_type: 'channel',
      event_ts: reply.ts,
    };
    const envelope = eventCallback(event);
    expect((await send('event', envelope)).status).toBe(200);
    await until('the thread answer', async () => (await accepted()).length === 3);
    await until('the reaction', () =>
      fake.calls.some((c) => c.method === 'reactions.add' && c.args.timestamp === reply.ts),
    );
    // Slack retries the same delivery: recorded once.
    expect((await send('event', envelope, { retryNum: 1 })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await accepted()).toHaveLength(3);
  });

  it('a retried click is recorded once', async () => {
    const triggerId = `retry.${Date.now()}`;
    await click(ALEX, 'renewal:decline', { triggerId });
    await click(ALEX, 'renewal:decline', { triggerId, retryNum: 1 });
    await until('the answer', async () => (await accepted()).length === 4);
    await new Promise((r) => setTimeout(r, 500));
    expect(await accepted()).toHaveLength(4);
  });

  it('a stranger’s click is refused with an ephemeral message and nothing changes', async () => {
    const before = await t.db.db.select({ n: count() }).from(renewalAnswers);
    const responseUrl = fake.responseUrl({ channel: ACME, user: MALLORY });
    await send(
      'interactive',
      blockActions({
        actions: { actionId: 'renewal:renew', value: String(cycleId) },
        userId: MALLORY,
        channelId: ACME,
        messageTs: notice.ts,
        responseUrl,
      }),
    );
    await until('the refusal', () => fake.responsesTo(responseUrl).length > 0);
    expect(fake.responsesTo(responseUrl)[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(fake.responsesTo(responseUrl))).toContain("Only the customer's registered contacts");
    expect(await t.db.db.select({ n: count() }).from(renewalAnswers)).toEqual(before);
  });
});

describe('/cert cancel: the form of Art. 9(2), with its effective date before submission', () => {
  it('shows the effective date for a requested date, and records the cancellation on submit', async () => {
    const r = await slash(ALICE, ACME, 'cancel acme-shop');
    const view = r.opened[0]!;
    expect(view.callback_id).toBe('cancel_modal');
    expect(textOf(view.blocks)).toContain('2026-12-11');
    expect(textOf(view.blocks)).toContain('返金いたしません');
    const viewId = fake.lastCall('views.open')!.response.view as { id: string; hash: string };
    await send(
      'interactive',
      blockActions({
        actions: { actionId: 'cancel:requested' },
        userId: ALICE,
        view: {
          id: viewId.id,
          hash: viewId.hash,
          private_metadata: view.private_metadata,
          callback_id: 'cancel_modal',
          state: {
            values: {
              cancel_contract: { 'cancel:contract': selectValue('acme-shop') },
              cancel_requested: { 'cancel:requested': { type: 'datepicker', selected_date: '2027-01-31' } },
            },
          },
        } as never,
      }),
    );
    const updated = await until('the modal redrawn', () => fake.callsOf('views.update').at(-1));
    expect(textOf(updated.args.view)).toContain('2027-01-31');
    const reply = await send(
      'interactive',
      viewSubmission({
        callbackId: 'cancel_modal',
        userId: ALICE,
        privateMetadata: view.private_metadata,
        values: {
          cancel_contract: { 'cancel:contract': selectValue('acme-shop') },
          cancel_requested: { 'cancel:requested': { type: 'datepicker', selected_date: '2027-01-31' } as never },
        },
      }),
    );
    expect(reply.status).toBe(200);
    const row = await until(
      'the cancellation',
      async () => (await t.db.db.select().from(cancellations).where(eq(cancellations.contractId, 'acme-shop')))[0],
    );
    expect(row).toMatchObject({ via: 'modal', effectiveOn: expect.anything(), recordedBy: `slack:${ALICE}` });
    expect(row!.effectiveOn.toString()).toBe('2027-01-31');
  });

  it('a second form is refused inside the modal, with its article', async () => {
    const reply = await send(
      'interactive',
      viewSubmission({
        callbackId: 'cancel_modal',
        userId: ALICE,
        privateMetadata: JSON.stringify({ channel: ACME, customer: 'acme' }),
        values: { cancel_contract: { 'cancel:contract': selectValue('acme-shop') } },
      }),
    );
    expect(reply.json).toMatchObject({
      response_action: 'errors',
      errors: { cancel_contract: expect.stringContaining('第9条第2項') },
    });
  });
});

describe('staff record a paper cancellation form with the time it arrived', () => {
  it('the staff modal asks for the arrival time and records it as staff’s', async () => {
    const r = await slash(STAFF, ACME, 'cancel acme-www');
    const view = r.opened[0]!;
    expect(textOf(view.blocks)).toContain('cancel_received');
    const future = await send(
      'interactive',
      viewSubmission({
        callbackId: 'cancel_modal',
        userId: STAFF,
        privateMetadata: view.private_metadata,
        values: {
          cancel_contract: { 'cancel:contract': selectValue('acme-www') },
          cancel_received: { received: inputValue('2026-12-01 10:00') },
        },
      }),
    );
    expect(future.json).toMatchObject({
      response_action: 'errors',
      errors: { cancel_received: expect.stringContaining('現在') },
    });
    await send(
      'interactive',
      viewSubmission({
        callbackId: 'cancel_modal',
        userId: STAFF,
        privateMetadata: view.private_metadata,
        values: {
          cancel_contract: { 'cancel:contract': selectValue('acme-www') },
          cancel_received: { received: inputValue('2026-11-05 10:00') },
        },
      }),
    );
    const row = await until(
      'the cancellation',
      async () => (await t.db.db.select().from(cancellations).where(eq(cancellations.contractId, 'acme-www')))[0],
    );
    expect(row).toMatchObject({ via: 'staff', recordedBy: `slack:${STAFF}` });
    expect(row!.effectiveOn.toString()).toBe('2026-12-05');
  });
});

describe('/cert change (Art. 5), staff commands, /cert status and the App Home', () => {
  it('staff designate a service; a contact asks to move the certificate to it; staff accept', async () => {
    expect(textOf((await slash(STAFF, STAFF_CHANNEL, 'service add ivs "IIJ Virtual Server"')).responses)).toContain(
      '登録しました',
    );
    const r = await slash(ALICE, ACME, 'change acme-www');
    expect(r.opened[0]?.callback_id).toBe('change_modal');
    const bad = await send(
      'interactive',
      viewSubmission({
        callbackId: 'change_modal',
        userId: ALICE,
        privateMetadata: r.opened[0]!.private_metadata,
        values: {
          change_contract: { contract: selectValue('acme-www') },
          change_service: { service: selectValue('gio') },
        },
      }),
    );
    expect(bad.json).toMatchObject({
      response_action: 'errors',
      errors: { change_service: expect.stringContaining('第5条') },
    });
    await send(
      'interactive',
      viewSubmission({
        callbackId: 'change_modal',
        userId: ALICE,
        privateMetadata: r.opened[0]!.private_metadata,
        values: {
          change_contract: { contract: selectValue('acme-www') },
          change_service: { service: selectValue('ivs') },
        },
      }),
    );
    const change = await until('the change', async () => (await t.db.db.select().from(contractChanges))[0]);
    await send(
      'interactive',
      blockActions({
        actions: { actionId: 'change:accept', value: String(change!.id) },
        userId: STAFF,
        channelId: STAFF_CHANNEL,
        responseUrl: fake.responseUrl(),
      }),
    );
    await until(
      'the service changed',
      async () => (await t.db.db.select().from(contracts).where(eq(contracts.id, 'acme-www')))[0]!.service === 'ivs',
    );
  });

  it('staff manage customers, contacts and staff, and only staff may', async () => {
    expect(
      textOf((await slash(STAFF, STAFF_CHANNEL, 'customer add initech "Initech" JP <#C0INITECH|initech>')).responses),
    ).toContain('記録しました');
    expect(
      textOf((await slash(STAFF, STAFF_CHANNEL, `contact add initech <@${MALLORY}|mallory>`)).responses),
    ).toContain('記録しました');
    // An address as Slack sends one typed in a command (escaped as a mailto link), for notices by e-mail.
    expect(
      textOf(
        (
          await slash(
            STAFF,
            STAFF_CHANNEL,
            `contact add initech <@${MALLORY}|mallory> <mailto:mallory@initech.example|mallory@initech.example>`,
          )
        ).responses,
      ),
    ).toContain('記録しました');
    expect(await t.db.db.select().from(customerEmails).where(eq(customerEmails.customerId, 'initech'))).toMatchObject([
      { address: 'mallory@initech.example', slackUserId: MALLORY },
    ]);
    expect(
      textOf((await slash(STAFF, STAFF_CHANNEL, `contact add initech <@${MALLORY}|mallory> mallory@`)).responses),
    ).toContain('メールアドレスではありません');
    expect(textOf((await slash(MALLORY, 'C0INITECH', 'help')).responses)).toContain('As a contact of Initech');
    expect(textOf((await slash(MALLORY, 'C0INITECH', 'staff add <@U0EVE|eve>')).responses)).toContain(
      'staff can use this command',
    );
  });

  it('/cert status lists the customer’s contracts with expiry, notices, answers and ends', async () => {
    const r = await slash(ALICE, ACME, 'status');
    const text = textOf(r.responses);
    expect(text).toContain('acme-www');
    expect(text).toContain('2027-01-10');
    expect(text).not.toContain('globex');
  });

  it('the App Home shows staff the work waiting for them, and contacts their contracts', async () => {
    await send('event', eventCallback(appHomeOpened(STAFF)));
    const staffHome = await until('the staff home', () => fake.homeOf(STAFF));
    expect(textOf(staffHome)).toContain('対応待ち');
    await send('event', eventCallback(appHomeOpened(ALEX)));
    const home = await until('the contact home', () => fake.homeOf(ALEX));
    expect(textOf(home)).toContain('acme-www');
    expect(textOf(home)).toContain('Expiry');
  });
});

describe('certificates in Slack (Art. 4(7))', () => {
  it('staff make a key pair and a CSR: the CSR is shown, the key never is', async () => {
    const r = await slash(STAFF, STAFF_CHANNEL, 'csr acme-shop ec-p256');
    const text = textOf(r.responses);
    expect(text).toContain('BEGIN CERTIFICATE REQUEST');
    expect(text).toContain('shop.acme.example');
    expect(text).not.toContain('PRIVATE KEY');
    expect(textOf((await slash(ALICE, ACME, 'csr acme-shop')).responses)).toContain('担当者だけ');
  });

  it('an attached certificate is checked inside the modal, each failure with its message', async () => {
    const r = await slash(STAFF, STAFF_CHANNEL, 'attach acme-shop');
    expect(r.opened[0]?.callback_id).toBe('certificate_modal');
    const reply = await send(
      'interactive',
      viewSubmission({
        callbackId: 'certificate_modal',
        userId: STAFF,
        privateMetadata: r.opened[0]!.private_metadata,
        values: {
          certificate_pem: {
            pem: inputValue('-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----'),
          },
        },
      }),
    );
    expect(reply.json).toMatchObject({
      response_action: 'errors',
      errors: { certificate_pem: expect.stringContaining('証明書を読み取れません') },
    });
  });

  it('no key material in anything Slack received, nor in what the server logged', () => {
    expect(JSON.stringify(fake.calls)).not.toMatch(/PRIVATE KEY/);
    expect(app.log).not.toMatch(/PRIVATE KEY/);
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

describe('the ledger', () => {
  it('has the acceptance fees only', async () => {
    expect((await t.db.db.select({ n: count() }).from(ledgerEntries))[0]!.n).toBe(2);
  });
});
