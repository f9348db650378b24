// The stand-in in front of a real Bolt app, driven through the page's JSON API: slash commands,
// modals (validation errors, updates, pushes, closes), buttons and selects in messages, typed
// messages and thread replies, the Home tab and the clock. The app verifies every request's
// signature, so each passing step also proves the stand-in signs as Slack does.
import type { Server } from 'node:http';
import {
  App,
  LogLevel,
  type BlockAction,
  type ButtonAction,
  type StaticSelectAction,
  type ViewStateValue,
} from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../../src/sandbox/page-api.js';
import { startSandboxStandin, type SlackStandin } from '../../src/sandbox/slack-standin.js';
import {
  ACME,
  CHANNELS,
  CONTACT,
  freePort,
  LOBBY,
  movableClock,
  PageDriver,
  STAFF,
  STAFF_CHANNEL,
  STRANGER,
  textsIn,
  USERS,
} from './helpers.js';

const SECRET = 'sandbox-test-signing-secret';
const TOKEN = 'xoxb-sandbox-test';
const START = new Date('2026-03-02T00:30:00Z'); // 09:30 JST

const quoteModal = (channel: string, extra: KnownBlock[] = []): ModalView => ({
  type: 'modal',
  callback_id: 'quote',
  notify_on_close: true,
  private_metadata: JSON.stringify({ channel }),
  title: { type: 'plain_text', text: '見積もり' },
  submit: { type: 'plain_text', text: '送信' },
  close: { type: 'plain_text', text: 'やめる' },
  blocks: [
    {
      type: 'input',
      block_id: 'years',
      label: { type: 'plain_text', text: '年数' },
      element: {
        type: 'plain_text_input',
        action_id: 'years_input',
        placeholder: { type: 'plain_text', text: '1〜5' },
      },
    },
    {
      type: 'input',
      block_id: 'plan',
      label: { type: 'plain_text', text: 'プラン' },
      element: {
        type: 'static_select',
        action_id: 'plan_select',
        options: [
          { text: { type: 'plain_text', text: 'ベーシック' }, value: 'basic' },
          { text: { type: 'plain_text', text: 'プレミアム' }, value: 'premium' },
        ],
        initial_option: { text: { type: 'plain_text', text: 'ベーシック' }, value: 'basic' },
      },
    },
    {
      type: 'input',
      block_id: 'start',
      optional: true,
      label: { type: 'plain_text', text: '開始日' },
      element: { type: 'datepicker', action_id: 'start_date' },
    },
    {
      type: 'input',
      block_id: 'extras',
      optional: true,
      label: { type: 'plain_text', text: 'オプション' },
      element: {
        type: 'checkboxes',
        action_id: 'extras_check',
        options: [
          { text: { type: 'plain_text', text: 'ワイルドカード' }, value: 'wildcard' },
          { text: { type: 'plain_text', text: 'EV' }, value: 'ev' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'note',
      optional: true,
      label: { type: 'plain_text', text: '備考' },
      element: { type: 'plain_text_input', action_id: 'note_input', multiline: true },
    },
    {
      type: 'actions',
      block_id: 'tools',
      elements: [{ type: 'button', action_id: 'add_item', text: { type: 'plain_text', text: '品目を追加' } }],
    },
    ...extra,
  ],
});

const approvalBlocks = (): KnownBlock[] => [
  { type: 'header', text: { type: 'plain_text', text: '承認のお願い' } },
  { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*example.com* の証明書を更新しますか？' } },
  {
    type: 'actions',
    block_id: 'decide',
    elements: [
      {
        type: 'button',
        action_id: 'approve',
        style: 'primary',
        value: 'cycle-7',
        text: { type: 'plain_text', text: '承認' },
      },
      {
        type: 'button',
        action_id: 'reject',
        style: 'danger',
        value: 'cycle-7',
        text: { type: 'plain_text', text: '却下' },
        confirm: {
          title: { type: 'plain_text', text: '却下しますか？' },
          text: { type: 'plain_text', text: '取り消せません' },
          confirm: { type: 'plain_text', text: '却下' },
          deny: { type: 'plain_text', text: '戻る' },
        },
      },
      {
        type: 'static_select',
        action_id: 'choose',
        placeholder: { type: 'plain_text', text: '期間' },
        options: [
          { text: { type: 'plain_text', text: '1年' }, value: '1y' },
          { text: { type: 'plain_text', text: '2年' }, value: '2y' },
        ],
      },
    ],
  },
];

describe('the Slack stand-in in front of a Bolt app', () => {
  let standin: SlackStandin;
  let page: PageDriver;
  let app: App;
  let server: Server;
  const clock = movableClock(START);
  const seen = {
    submissions: [] as Record<string, Record<string, ViewStateValue>>[],
    closed: [] as string[],
    openErrors: [] as string[],
    modalActions: [] as Record<string, unknown>[],
    messages: [] as Record<string, unknown>[],
    actionBodies: [] as Record<string, unknown>[],
  };
  let homeRefreshes = 0;

  beforeAll(async () => {
    const appPort = await freePort();
    standin = await startSandboxStandin({
      port: 0,
      appUrl: `http://127.0.0.1:${appPort}`,
      signingSecret: SECRET,
      botToken: TOKEN,
      users: USERS,
      channels: CHANNELS,
      clock,
    });
    page = new PageDriver(standin);
    app = new App({
      token: TOKEN,
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });

    app.command('/cert', async ({ ack, body, client, respond }) => {
      const [verb] = body.text.split(/\s+/);
      if (verb === 'help') return ack({ response_type: 'ephemeral', text: '*使い方*: `/cert quote` で見積もり' });
      if (verb === 'announce')
        return ack({ response_type: 'in_channel', text: 'お知らせ: メンテナンスは *3月10日* です' });
      if (verb === 'plain') return ack('plain text answer');
      await ack();
      if (verb === 'quote') await client.views.open({ trigger_id: body.trigger_id, view: quoteModal(body.channel_id) });
      if (verb === 'double') {
        await client.views.open({ trigger_id: body.trigger_id, view: quoteModal(body.channel_id) });
        try {
          await client.views.open({ trigger_id: body.trigger_id, view: quoteModal(body.channel_id) });
        } catch (e) {
          seen.openErrors.push((e as { data?: { error?: string } }).data?.error ?? String(e));
        }
      }
      if (verb === 'post')
        await client.chat.postMessage({ channel: body.channel_id, text: '承認のお願い', blocks: approvalBlocks() });
      if (verb === 'later') await respond({ text: `<@${body.user_id}> さん、受け付けました` });
    });

    app.action('add_item', async ({ ack, body, client }) => {
      await ack();
      const b = body as BlockAction<ButtonAction>;
      seen.modalActions.push({ container: b.container, state: b.view?.state.values, hash: b.view?.hash });
      const channel = (JSON.parse(b.view?.private_metadata ?? '{}') as { channel: string }).channel;
      await client.views.update({
        view_id: b.view?.id ?? '',
        hash: b.view?.hash ?? '',
        view: quoteModal(channel, [
          { type: 'section', block_id: 'added', text: { type: 'mrkdwn', text: '品目を追加しました' } },
        ]),
      });
    });

    app.action('approve', async ({ ack, body, client }) => {
      await ack();
      const b = body as BlockAction<ButtonAction>;
      seen.actionBodies.push(b as unknown as Record<string, unknown>);
      const channel = b.channel?.id ?? '';
      const ts = b.message?.ts ?? '';
      await client.chat.update({
        channel,
        ts,
        text: '承認済み',
        blocks: [
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `<@${b.user.id}> が承認しました（${b.actions[0]?.value}）` },
          },
        ],
      });
      await client.reactions.add({ channel, timestamp: ts, name: 'white_check_mark' });
    });

    app.action('choose', async ({ ack, body, respond }) => {
      await ack();
      const b = body as BlockAction<StaticSelectAction>;
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `You chose ${b.actions[0]?.selected_option.value}`,
      });
    });

    app.view('quote', async ({ ack, view, body, client }) => {
      const values = view.state.values as Record<string, Record<string, ViewStateValue>>;
      seen.submissions.push(values);
      const years = values.years?.years_input?.value ?? '';
      if (!/^\d+$/.test(years))
        return ack({ response_action: 'errors', errors: { years: '年数を数字で入力してください' } });
      if (years === '9') {
        return ack({
          response_action: 'push',
          view: {
            type: 'modal',
            callback_id: 'confirm9',
            title: { type: 'plain_text', text: '確認' },
            close: { type: 'plain_text', text: '戻る' },
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '9年は長すぎます' } }],
          },
        });
      }
      await ack();
      const channel = (JSON.parse(view.private_metadata) as { channel: string }).channel;
      await client.chat.postMessage({
        channel,
        text: `<@${body.user.id}> の見積もり: ${years}年 (${values.plan?.plan_select?.selected_option?.value ?? '?'})`,
      });
    });

    app.view({ callback_id: 'quote', type: 'view_closed' }, async ({ ack, body }) => {
      await ack();
      seen.closed.push(body.user.id);
    });

    app.message(async ({ message, say }) => {
      if (message.subtype !== undefined) return;
      seen.messages.push(message as unknown as Record<string, unknown>);
      if (/renew|更新/.test(message.text ?? ''))
        await say({
          text: `更新のご依頼を受け付けました: ${message.text ?? ''}`,
          thread_ts: message.thread_ts ?? message.ts,
        });
    });

    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({ user_id: event.user, view: homeView(event.user, homeRefreshes) });
    });

    app.action('home_refresh', async ({ ack, body, client }) => {
      await ack();
      homeRefreshes += 1;
      await client.views.publish({ user_id: body.user.id, view: homeView(body.user.id, homeRefreshes) });
    });

    server = (await app.start(appPort)) as Server;
  });

  afterAll(async () => {
    await app.stop();
    await standin.close();
  });

  const homeView = (user: string, refreshes: number) => ({
    type: 'home' as const,
    blocks: [
      { type: 'header' as const, text: { type: 'plain_text' as const, text: 'certdesk' } },
      {
        type: 'section' as const,
        block_id: 'hello',
        text: { type: 'mrkdwn' as const, text: `こんにちは <@${user}>（更新 ${refreshes} 回）` },
      },
      {
        type: 'actions' as const,
        block_id: 'home_tools',
        elements: [
          { type: 'button' as const, action_id: 'home_refresh', text: { type: 'plain_text' as const, text: '更新' } },
        ],
      },
    ],
  });

  it('shows each person the channels they are in, the clock, and the people with their roles', async () => {
    expect(server.listening).toBe(true);
    const staff = await page.state(STAFF.id);
    expect(staff.me).toBe(STAFF.id);
    expect(staff.channels.map((c) => [c.name, c.kind])).toEqual([
      ['certdesk-staff', 'staff'],
      ['acme-certs', 'customer'],
      ['lobby', 'other'],
    ]);
    const contact = await page.state(CONTACT.id);
    expect(contact.channels.map((c) => c.name)).toEqual(['acme-certs', 'lobby']);
    const stranger = await page.state(STRANGER.id);
    expect(stranger.channels.map((c) => c.name)).toEqual(['lobby']);
    expect(staff.users.find((u) => u.id === CONTACT.id)).toMatchObject({
      role: 'ACME contact',
      locale: 'en-US',
      isBot: false,
    });
    expect(staff.users.find((u) => u.isBot)).toMatchObject({ id: standin.workspace.bot.userId, role: 'app' });
    expect(Math.abs(Date.parse(staff.now) - clock.now().getTime())).toBeLessThan(5_000);
    expect(staff).toMatchObject({ timeZone: 'Asia/Tokyo', canMoveClock: true, commands: ['/cert'] });
    // Bolt checked its token when it was built.
    expect(staff.activity.some((a) => a.dir === 'from-app' && a.what === 'auth.test' && a.ok)).toBe(true);
  });

  it('shows an ephemeral answer in the HTTP ack to its author only', async () => {
    expect(await page.post('command', { user: CONTACT.id, channel: ACME.id, text: '/cert help' })).toMatchObject({
      ok: true,
      status: 200,
    });
    const contact = await page.state(CONTACT.id);
    expect(contact.ephemerals.map((e) => [e.channel, e.text, e.via])).toEqual([
      [ACME.id, '*使い方*: `/cert quote` で見積もり', 'command'],
    ]);
    expect((await page.state(STAFF.id)).ephemerals).toEqual([]);
    expect(contact.messages[ACME.id]).toEqual([]);
    // A bare string answered by ack() is an ephemeral's text too.
    await page.post('command', { user: CONTACT.id, channel: ACME.id, text: '/cert plain' });
    expect((await page.state(CONTACT.id)).ephemerals.map((e) => e.text)).toContain('plain text answer');
  });

  it('posts an in_channel answer under the invocation, and respond() answers through the response_url', async () => {
    await page.post('command', { user: STAFF.id, channel: LOBBY.id, text: '/cert announce' });
    const s = await page.state(STRANGER.id);
    expect(textsIn(s, LOBBY.id)).toEqual(['/cert announce', 'お知らせ: メンテナンスは *3月10日* です']);
    expect(s.messages[LOBBY.id]?.map((m) => m.user)).toEqual([STAFF.id, standin.workspace.bot.userId]);
    await page.post('command', { user: STAFF.id, channel: LOBBY.id, text: '/cert later' });
    const later = await page.until(STAFF.id, (x) => x.ephemerals.some((e) => e.via === 'response_url'));
    expect(later.ephemerals.find((e) => e.via === 'response_url')).toMatchObject({
      channel: LOBBY.id,
      text: `<@${STAFF.id}> さん、受け付けました`,
    });
  });

  it('answers an unknown command as Slack does, and refuses commands where the person is not a member', async () => {
    expect(await page.post('command', { user: CONTACT.id, channel: LOBBY.id, text: '/nope x' })).toMatchObject({
      ok: false,
      error: 'unknown_command',
    });
    const s = await page.state(CONTACT.id);
    expect(s.ephemerals.at(-1)).toMatchObject({ via: 'slackbot', channel: LOBBY.id });
    expect(s.ephemerals.at(-1)?.text).toContain('`/nope` is not a valid command');
    expect(await page.post('command', { user: STRANGER.id, channel: ACME.id, text: '/cert help' })).toEqual({
      ok: false,
      error: 'not_in_channel',
    });
    expect(await page.post('message', { user: STRANGER.id, channel: ACME.id, text: 'hello' })).toEqual({
      ok: false,
      error: 'not_in_channel',
    });
  });

  it('opens a modal with the trigger of the command for its author, checks required inputs, shows the app’s errors, updates and submits', async () => {
    await page.post('command', { user: CONTACT.id, channel: ACME.id, text: '/cert quote' });
    let s = await page.until(CONTACT.id, (x) => x.modals.length === 1);
    const modal = s.modals[0]!;
    expect(modal).toMatchObject({
      type: 'modal',
      title: { text: '見積もり' },
      callbackId: 'quote',
      errors: {},
      note: null,
    });
    expect((await page.state(STAFF.id)).modals).toEqual([]);

    // Slack's own client refuses an empty required input without sending anything.
    const before = seen.submissions.length;
    const refused = await page.post('submit', {
      user: CONTACT.id,
      viewId: modal.id,
      values: { years: { years_input: null } },
    });
    expect(refused).toMatchObject({ ok: false, outcome: 'refused', errors: { years: 'Please fill out this field.' } });
    expect(seen.submissions.length).toBe(before);
    expect((await page.state(CONTACT.id)).modals[0]?.errors).toEqual({ years: 'Please fill out this field.' });

    // The app's validation errors stay on the open modal, under the input they name.
    const wrong = await page.post('submit', {
      user: CONTACT.id,
      viewId: modal.id,
      values: { years: { years_input: 'two' }, plan: { plan_select: 'premium' } },
    });
    expect(wrong).toMatchObject({ ok: true, outcome: 'errors', errors: { years: '年数を数字で入力してください' } });
    s = await page.state(CONTACT.id);
    expect(s.modals).toHaveLength(1);
    expect(s.modals[0]?.errors).toEqual({ years: '年数を数字で入力してください' });

    // A button inside the modal: block_actions with the view and what was entered; the app updates the view.
    expect(
      await page.post('action', {
        user: CONTACT.id,
        container: { type: 'view', viewId: modal.id },
        blockId: 'tools',
        actionId: 'add_item',
        values: { years: { years_input: '3' } },
      }),
    ).toMatchObject({ ok: true });
    s = await page.until(
      CONTACT.id,
      (x) => x.modals[0]?.blocks.some((b) => (b as { block_id?: string }).block_id === 'added') === true,
    );
    expect(s.modals[0]?.id).toBe(modal.id);
    expect(s.modals[0]?.hash).not.toBe(modal.hash);
    expect(s.modals[0]?.errors).toEqual({});
    expect(seen.modalActions.at(-1)).toMatchObject({
      container: { type: 'view', view_id: modal.id },
      state: { years: { years_input: { type: 'plain_text_input', value: '3' } } },
      hash: modal.hash,
    });

    // A valid submission closes the modal; the app posts in the channel from private_metadata.
    const ok = await page.post('submit', {
      user: CONTACT.id,
      viewId: modal.id,
      values: {
        years: { years_input: '3' },
        plan: { plan_select: 'premium' },
        start: { start_date: '2026-04-01' },
        extras: { extras_check: ['ev'] },
        note: { note_input: '' },
      },
    });
    expect(ok).toMatchObject({ ok: true, outcome: 'closed' });
    s = await page.until(CONTACT.id, (x) => (x.messages[ACME.id] ?? []).some((m) => m.text.includes('見積もり')));
    expect(s.modals).toEqual([]);
    expect(textsIn(s, ACME.id)).toContain(`<@${CONTACT.id}> の見積もり: 3年 (premium)`);
    expect(seen.submissions.at(-1)).toEqual({
      years: { years_input: { type: 'plain_text_input', value: '3' } },
      plan: {
        plan_select: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'プレミアム' }, value: 'premium' },
        },
      },
      start: { start_date: { type: 'datepicker', selected_date: '2026-04-01' } },
      extras: {
        extras_check: {
          type: 'checkboxes',
          selected_options: [{ text: { type: 'plain_text', text: 'EV' }, value: 'ev' }],
        },
      },
      note: { note_input: { type: 'plain_text_input', value: null } },
    });
  });

  it('honours response_action push, goes back on close, and tells the app of a close when notify_on_close', async () => {
    await page.post('command', { user: STAFF.id, channel: STAFF_CHANNEL.id, text: '/cert quote' });
    let s = await page.until(STAFF.id, (x) => x.modals.length === 1);
    const root = s.modals[0]!.id;
    // Japanese people see Slack's own messages in Japanese.
    expect(await page.post('submit', { user: STAFF.id, viewId: root, values: {} })).toMatchObject({
      outcome: 'refused',
      errors: { years: 'この項目は必須です。' },
    });
    expect(
      await page.post('submit', { user: STAFF.id, viewId: root, values: { years: { years_input: '9' } } }),
    ).toMatchObject({ ok: true, outcome: 'pushed' });
    s = await page.state(STAFF.id);
    expect(s.modals.map((m) => m.callbackId)).toEqual(['quote', 'confirm9']);
    expect(await page.post('close', { user: STAFF.id, viewId: s.modals[1]!.id })).toEqual({ ok: true });
    s = await page.state(STAFF.id);
    expect(s.modals.map((m) => m.id)).toEqual([root]);
    // Only the top view can be closed; closing the root sends view_closed (notify_on_close).
    expect(await page.post('close', { user: CONTACT.id, viewId: root })).toEqual({
      ok: false,
      error: 'view_not_found',
    });
    expect(await page.post('close', { user: STAFF.id, viewId: root })).toMatchObject({ ok: true, status: 200 });
    expect((await page.state(STAFF.id)).modals).toEqual([]);
    expect(seen.closed).toEqual([STAFF.id]);
  });

  it('uses a trigger_id once', async () => {
    await page.post('command', { user: STAFF.id, channel: STAFF_CHANNEL.id, text: '/cert double' });
    await page.until(STAFF.id, () => seen.openErrors.length > 0);
    expect(seen.openErrors).toEqual(['exchanged_trigger_id']);
    await page.post('close', { user: STAFF.id, viewId: (await page.state(STAFF.id)).modals[0]!.id });
  });

  it('sends a button click in a message with the message, channel and response_url; chat.update and reactions show', async () => {
    await page.post('command', { user: STAFF.id, channel: ACME.id, text: '/cert post' });
    let s = await page.until(CONTACT.id, (x) => (x.messages[ACME.id] ?? []).some((m) => m.text === '承認のお願い'));
    const message = s.messages[ACME.id]!.find((m) => m.text === '承認のお願い')!;
    // Blocks keep their ids; Slack gives ids to blocks that have none.
    expect(message.blocks?.map((b) => (b as { block_id: string }).block_id)).toEqual([
      expect.stringMatching(/^\w{5}$/),
      'summary',
      'decide',
    ]);
    const click = await page.post('action', {
      user: CONTACT.id,
      container: { type: 'message', channel: ACME.id, ts: message.ts },
      blockId: 'decide',
      actionId: 'approve',
    });
    expect(click).toMatchObject({ ok: true, status: 200 });
    s = await page.until(
      CONTACT.id,
      (x) => x.messages[ACME.id]?.find((m) => m.ts === message.ts)?.reactions !== undefined,
    );
    const updated = s.messages[ACME.id]!.find((m) => m.ts === message.ts)!;
    expect(updated).toMatchObject({ text: '承認済み', edited: { user: standin.workspace.bot.userId } });
    expect(updated.reactions).toEqual([{ name: 'white_check_mark', users: [standin.workspace.bot.userId], count: 1 }]);
    const body = seen.actionBodies.at(-1)!;
    expect(body).toMatchObject({
      type: 'block_actions',
      user: { id: CONTACT.id, username: 'alice' },
      container: { type: 'message', message_ts: message.ts, channel_id: ACME.id, is_ephemeral: false },
      channel: { id: ACME.id, name: 'acme-certs' },
      message: { ts: message.ts, text: '承認のお願い', bot_id: standin.workspace.bot.botId },
      actions: [{ type: 'button', action_id: 'approve', block_id: 'decide', value: 'cycle-7', style: 'primary' }],
      response_url: expect.stringMatching(new RegExp(`^${standin.url}/response/`)),
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]{32}$/),
    });
  });

  it('sends a select in a message; respond() answers the chooser alone', async () => {
    await page.post('command', { user: STAFF.id, channel: ACME.id, text: '/cert post' });
    const s = await page.until(
      CONTACT.id,
      (x) => (x.messages[ACME.id] ?? []).filter((m) => m.text === '承認のお願い').length > 0,
    );
    const message = s.messages[ACME.id]!.filter((m) => m.text === '承認のお願い').at(-1)!;
    await page.post('action', {
      user: CONTACT.id,
      container: { type: 'message', channel: ACME.id, ts: message.ts },
      blockId: 'decide',
      actionId: 'choose',
      value: '2y',
    });
    const after = await page.until(CONTACT.id, (x) => x.ephemerals.some((e) => e.text === 'You chose 2y'));
    expect(after.ephemerals.find((e) => e.text === 'You chose 2y')).toMatchObject({
      channel: ACME.id,
      via: 'response_url',
    });
    expect((await page.state(STAFF.id)).ephemerals.some((e) => e.text === 'You chose 2y')).toBe(false);
    // An element the message does not have is refused by the stand-in, not sent.
    expect(
      await page.post('action', {
        user: CONTACT.id,
        container: { type: 'message', channel: ACME.id, ts: message.ts },
        blockId: 'decide',
        actionId: 'nope',
      }),
    ).toEqual({ ok: false, error: 'element_not_found' });
  });

  it('delivers typed messages as message events; the app replies in the thread, and replies in the thread reach it', async () => {
    const sent = await page.post<{ ok: boolean; ts: string }>('message', {
      user: CONTACT.id,
      channel: ACME.id,
      text: 'Please renew <example.com> & @sato',
    });
    expect(sent).toMatchObject({ ok: true, status: 200 });
    let s = await page.until(CONTACT.id, (x) => x.messages[ACME.id]?.find((m) => m.ts === sent.ts)?.reply_count === 1);
    const parent = s.messages[ACME.id]!.find((m) => m.ts === sent.ts)!;
    // Slack escapes what people type and turns @names into mentions.
    expect(parent).toMatchObject({
      user: CONTACT.id,
      text: `Please renew &lt;example.com&gt; &amp; <@${STAFF.id}>`,
      thread_ts: sent.ts,
      reply_users: [standin.workspace.bot.userId],
    });
    const reply = s.messages[ACME.id]!.find((m) => m.thread_ts === sent.ts && m.ts !== sent.ts)!;
    expect(reply).toMatchObject({ bot_id: standin.workspace.bot.botId, parent_user_id: CONTACT.id });
    expect(seen.messages.at(-1)).toMatchObject({
      type: 'message',
      channel: ACME.id,
      user: CONTACT.id,
      ts: sent.ts,
      channel_type: 'channel',
    });

    const inThread = await page.post<{ ok: boolean; ts: string }>('message', {
      user: STAFF.id,
      channel: ACME.id,
      text: '更新でお願いします',
      threadTs: sent.ts,
    });
    s = await page.until(STAFF.id, (x) => x.messages[ACME.id]?.find((m) => m.ts === sent.ts)?.reply_count === 3);
    expect(seen.messages.at(-1)).toMatchObject({ ts: inThread.ts, thread_ts: sent.ts, parent_user_id: CONTACT.id });
    expect(s.messages[ACME.id]!.filter((m) => m.thread_ts === sent.ts).map((m) => m.user)).toEqual([
      CONTACT.id,
      standin.workspace.bot.userId,
      STAFF.id,
      standin.workspace.bot.userId,
    ]);
  });

  it('opens the Home tab: app_home_opened, views.publish, and actions in the Home tab', async () => {
    expect((await page.state(CONTACT.id)).home).toBeNull();
    expect(await page.post('home', { user: CONTACT.id })).toMatchObject({ ok: true, status: 200 });
    let s = await page.until(CONTACT.id, (x) => x.home !== null);
    expect(s.home).toMatchObject({ type: 'home' });
    const home = s.home!;
    expect(JSON.stringify(home.blocks)).toContain('更新 0 回');
    await page.post('action', {
      user: CONTACT.id,
      container: { type: 'view', viewId: home.id },
      blockId: 'home_tools',
      actionId: 'home_refresh',
    });
    s = await page.until(CONTACT.id, (x) => JSON.stringify(x.home?.blocks).includes('更新 1 回'));
    expect(s.home?.id).toBe(home.id);
    // Another person's Home is theirs alone.
    expect((await page.state(STAFF.id)).home).toBeNull();
    expect(
      await page.post('action', {
        user: STAFF.id,
        container: { type: 'view', viewId: home.id },
        blockId: 'home_tools',
        actionId: 'home_refresh',
      }),
    ).toEqual({ ok: false, error: 'view_not_found' });
  });

  it('moves the clock through the hook, and stamps later messages with the sandbox time', async () => {
    const moved = await page.post<{ ok: boolean; now: string }>('clock', { date: '2026-05-01', time: '09:00' });
    expect(moved.ok).toBe(true);
    expect(clock.moves.at(-1)?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    const s: PageState = await page.state(STAFF.id);
    expect(Date.parse(s.now) - Date.parse('2026-05-01T00:00:00Z')).toBeLessThan(5_000);
    const sent = await page.post<{ ts: string }>('message', {
      user: STAFF.id,
      channel: LOBBY.id,
      text: 'after the move',
    });
    expect(Number(sent.ts) * 1000 - Date.parse('2026-05-01T00:00:00Z')).toBeLessThan(5_000);
    // The clock's refusal reaches the page as it said it.
    expect(await page.post('clock', { date: '2026-01-01' })).toMatchObject({
      ok: false,
      error: 'clock_refused',
      message: 'the sandbox clock only moves forward',
    });
    expect(await page.post('clock', { date: '2026-02-30' })).toEqual({ ok: false, error: 'invalid_date' });
  });

  it('lists what went to the app and what the app called in the activity, without secrets', async () => {
    const s = await page.state(STAFF.id);
    const whats = s.activity.map((a) => `${a.dir}:${a.what}`);
    expect(whats).toEqual(
      expect.arrayContaining([
        'to-app:/cert quote',
        'from-app:views.open',
        'to-app:submit quote',
        'from-app:chat.update',
        'to-app:app_home_opened',
        'from-app:views.publish',
        'from-app:response_url',
      ]),
    );
    const all = JSON.stringify(s);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(SECRET);
  });
});

describe('the stand-in when the app fails', () => {
  it('tells the person as Slack does when the app is down or refuses the signature', async () => {
    const port = await freePort();
    const standin = await startSandboxStandin({
      port: 0,
      appUrl: `http://127.0.0.1:${port}`,
      signingSecret: 'wrong-secret',
      botToken: TOKEN,
      users: USERS,
      channels: CHANNELS,
      ackTimeoutMs: 1_000,
    });
    const page = new PageDriver(standin);
    try {
      expect(await page.post('command', { user: CONTACT.id, channel: ACME.id, text: '/cert help' })).toMatchObject({
        ok: false,
        error: 'app_failed',
        status: 0,
      });
      expect((await page.state(CONTACT.id)).ephemerals.at(-1)).toMatchObject({
        via: 'slackbot',
        text: '`/cert` failed with the error "dispatch_failed"',
      });
      const sent = await page.post('message', { user: CONTACT.id, channel: ACME.id, text: 'hello' });
      expect(sent).toMatchObject({ ok: false, error: 'app_failed' });
      const s = await page.state(CONTACT.id);
      expect(s.messages[ACME.id]?.map((m) => m.text)).toEqual(['hello']);
      expect(s.notices.at(-1)).toMatchObject({ level: 'warn', user: CONTACT.id });

      // An app with another signing secret answers 401.
      const app = new App({
        token: TOKEN,
        signingSecret: SECRET,
        clientOptions: { slackApiUrl: standin.apiUrl },
        logLevel: LogLevel.ERROR,
      });
      app.command('/cert', async ({ ack }) => ack('never'));
      await app.start(port);
      try {
        expect(await page.post('command', { user: CONTACT.id, channel: ACME.id, text: '/cert help' })).toMatchObject({
          ok: false,
          error: 'app_failed',
          status: 401,
        });
        expect((await page.state(CONTACT.id)).ephemerals.at(-1)?.text).toBe(
          '`/cert` failed with the error "http_error 401"',
        );
      } finally {
        await app.stop();
      }
    } finally {
      await standin.close();
    }
  });
});
