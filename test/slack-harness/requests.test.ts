// Signed requests as Slack sends them: checked with Bolt's own verifier, then sent over HTTP into a
// real Bolt app whose Web API client talks to the fake.
import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_USER, startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';
import {
  appHomeOpened,
  blockActions,
  encodeSlackBody,
  eventCallback,
  inputValue,
  newTriggerId,
  signSlackRequest,
  slackHeaders,
  slackPost,
  slashCommand,
  urlVerification,
  viewSubmission,
} from '../support/slack/requests.js';

const SECRET = 'test-signing-secret';

const verify = (rawBody: string, headers: Record<string, string>, nowMilliseconds?: number) =>
  verifySlackRequest({
    signingSecret: SECRET,
    body: rawBody,
    headers: {
      'x-slack-signature': headers['x-slack-signature'] ?? '',
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    },
    ...(nowMilliseconds !== undefined ? { nowMilliseconds } : {}),
  });

describe('signing', () => {
  it('signs v0:{timestamp}:{raw body} with HMAC-SHA256, as Bolt verifies it', () => {
    const { rawBody, contentType } = encodeSlackBody(
      'command',
      slashCommand({ command: '/certdesk', text: 'quote 2 年', responseUrl: 'http://127.0.0.1/response/x' }),
    );
    expect(contentType).toBe('application/x-www-form-urlencoded');
    expect(rawBody).toContain('command=%2Fcertdesk');
    const headers = slackHeaders(rawBody, contentType, { signingSecret: SECRET });
    expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(Number(headers['x-slack-request-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(() => verify(rawBody, headers)).not.toThrow();
  });

  it('signs the raw form body of an interactive payload', () => {
    const payload = blockActions({
      actions: { actionId: 'renew', value: 'C-42' },
      responseUrl: 'http://127.0.0.1/response/y',
    });
    const { rawBody } = encodeSlackBody('interactive', payload);
    expect(rawBody.startsWith('payload=%7B')).toBe(true);
    expect(JSON.parse(new URLSearchParams(rawBody).get('payload') ?? '')).toEqual(payload);
    expect(() =>
      verify(rawBody, slackHeaders(rawBody, 'application/x-www-form-urlencoded', { signingSecret: SECRET })),
    ).not.toThrow();
  });

  it('fails verification for a tampered body, a wrong secret and a stale timestamp', () => {
    const { rawBody, contentType } = encodeSlackBody('event', eventCallback(appHomeOpened()));
    const headers = slackHeaders(rawBody, contentType, { signingSecret: SECRET });
    expect(() => verify(rawBody.replace(FAKE_USER.id, 'U0ATTACKER'), headers)).toThrow(/signature mismatch/);
    expect(() =>
      verify(rawBody, slackHeaders(rawBody, contentType, { signingSecret: SECRET, badSignature: true })),
    ).toThrow(/signature mismatch/);
    expect(() =>
      verify(rawBody, slackHeaders(rawBody, contentType, { signingSecret: SECRET, staleTimestamp: true })),
    ).toThrow(/stale/);
    // Five minutes is the limit: 301 seconds old is refused, 299 accepted.
    const now = 1_800_000_000;
    expect(() =>
      verify(rawBody, slackHeaders(rawBody, contentType, { signingSecret: SECRET, timestamp: now - 301 }), now * 1000),
    ).toThrow(/stale/);
    expect(() =>
      verify(rawBody, slackHeaders(rawBody, contentType, { signingSecret: SECRET, timestamp: now - 299 }), now * 1000),
    ).not.toThrow();
  });

  it('(Bolt) accepts timestamps from the future: only staleness is checked', () => {
    const rawBody = '{}';
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect(() =>
      verify(rawBody, {
        'x-slack-request-timestamp': String(future),
        'x-slack-signature': signSlackRequest(SECRET, future, rawBody),
      }),
    ).not.toThrow();
  });

  it('adds the retry headers', () => {
    const headers = slackHeaders('{}', 'application/json', { signingSecret: SECRET, retryNum: 2 });
    expect(headers).toMatchObject({ 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
  });

  it('builds payloads with unique trigger ids and the fields Bolt reads', () => {
    const a = slashCommand({ command: '/certdesk', responseUrl: 'u' });
    const b = slashCommand({ command: '/certdesk', responseUrl: 'u' });
    expect(a.trigger_id).not.toBe(b.trigger_id);
    expect(newTriggerId()).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
    expect(a).toMatchObject({
      user_id: FAKE_USER.id,
      team_id: 'T0CERTDESK',
      channel_id: expect.stringMatching(/^C/),
      api_app_id: 'A0CERTDESK',
    });
    const click = blockActions({
      actions: { actionId: 'renew', blockId: 'contract', value: 'C-42' },
      messageTs: '1700000000.000100',
      responseUrl: 'u',
    });
    expect(click).toMatchObject({
      type: 'block_actions',
      actions: [
        {
          type: 'button',
          action_id: 'renew',
          block_id: 'contract',
          value: 'C-42',
          action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
        },
      ],
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0CERTDESK' },
      message: { ts: '1700000000.000100' },
      response_url: 'u',
    });
    const submit = viewSubmission({
      callbackId: 'quote',
      values: { years: { years_input: inputValue('2') } },
      privateMetadata: '{"c":1}',
      viewId: 'V123',
      hash: 'h',
    });
    expect(submit.view).toMatchObject({
      id: 'V123',
      callback_id: 'quote',
      private_metadata: '{"c":1}',
      hash: 'h',
      state: { values: { years: { years_input: { type: 'plain_text_input', value: '2' } } } },
    });
    const ev = eventCallback(appHomeOpened('U0JAPANESE'));
    expect(ev).toMatchObject({
      type: 'event_callback',
      event_id: expect.stringMatching(/^Ev[A-Z0-9]{10}$/),
      event_time: expect.any(Number),
      event: { type: 'app_home_opened', user: 'U0JAPANESE' },
    });
  });
});

describe('signed requests into a real Bolt app, with the fake behind its client', () => {
  let fake: FakeSlack;
  let app: App;
  let url: string;
  const seenRetries: (number | undefined)[] = [];

  const modal = {
    type: 'modal' as const,
    callback_id: 'quote',
    title: { type: 'plain_text' as const, text: '見積もり' },
    submit: { type: 'plain_text' as const, text: '送信' },
    blocks: [],
  };

  beforeAll(async () => {
    fake = await startFakeSlack({ tokens: ['xoxb-bolt'] });
    app = new App({
      token: 'xoxb-bolt',
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
      processBeforeResponse: true,
      logLevel: LogLevel.ERROR,
    });
    app.command('/certdesk', async ({ ack, body, client, respond }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: modal });
      await respond({ text: 'Opening the quote form…' });
    });
    app.action('renew', async ({ ack, respond }) => {
      await ack();
      await respond({ replace_original: true, text: 'Renewal requested' });
    });
    app.view('quote', async ({ ack, view }) => {
      const years = view.state.values.years?.years_input?.value ?? '';
      if (!/^\d+$/.test(years))
        await ack({ response_action: 'errors', errors: { years: '年数を数字で入力してください' } });
      else await ack();
    });
    app.event('app_home_opened', async ({ event, client, context }) => {
      seenRetries.push(context.retryNum);
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Contracts' } }] },
      });
    });
    const server = await app.start(0);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(() => {
    fake.reset();
    seenRetries.length = 0;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('checks its token with auth.test from its constructor (runs first: afterEach resets the fake)', async () => {
    // Bolt does not await that call before listening, so wait for it rather than assume it arrived.
    await fake.waitForCall('auth.test');
    expect(fake.callsOf('auth.test').map((c) => c.token)).toEqual(['xoxb-bolt']);
  });

  it('answers url_verification with the challenge', async () => {
    const body = urlVerification('the-challenge');
    const res = await slackPost(url, 'event', body, { signingSecret: SECRET });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: 'the-challenge' });
  });

  it('refuses a wrong signature, a stale timestamp and a tampered body with 401', async () => {
    const body = eventCallback(appHomeOpened());
    expect((await slackPost(url, 'event', body, { signingSecret: SECRET, badSignature: true })).status).toBe(401);
    expect((await slackPost(url, 'event', body, { signingSecret: SECRET, staleTimestamp: true })).status).toBe(401);
    expect(
      (
        await slackPost(url, 'event', body, {
          signingSecret: SECRET,
          tamper: (raw) => raw.replace(FAKE_USER.id, 'U0ATTACKER'),
        })
      ).status,
    ).toBe(401);
    expect(fake.callsOf('views.publish')).toEqual([]);
  });

  it('runs a slash command: opens the modal with its trigger_id and responds on the response_url', async () => {
    const responseUrl = fake.responseUrl({ channel: 'C0CERTDESK', user: FAKE_USER.id });
    const command = slashCommand({ command: '/certdesk', text: 'quote', responseUrl });
    const res = await slackPost(url, 'command', command, { signingSecret: SECRET });
    expect(res.status).toBe(200);
    const open = await fake.waitForCall('views.open');
    expect(open.args.trigger_id).toBe(command.trigger_id);
    expect(open.token).toBe('xoxb-bolt');
    expect(open.response.ok).toBe(true);
    await fake.waitForCall('response_url');
    expect(fake.responsesTo(responseUrl)).toEqual([{ text: 'Opening the quote form…' }]);
    expect(fake.ephemeralsFor(FAKE_USER.id).map((e) => e.text)).toEqual(['Opening the quote form…']);
  });

  it('handles a button click: respond() replaces the original message', async () => {
    const client = app.client;
    const posted = await client.chat.postMessage({
      channel: 'C0CERTDESK',
      text: 'Renew C-42?',
      blocks: [
        {
          type: 'actions',
          block_id: 'contract',
          elements: [{ type: 'button', action_id: 'renew', value: 'C-42', text: { type: 'plain_text', text: '更新' } }],
        },
      ],
    });
    const ts = posted.ts as string;
    const responseUrl = fake.responseUrl({ channel: 'C0CERTDESK', messageTs: ts, user: FAKE_USER.id });
    const click = blockActions({
      actions: { actionId: 'renew', blockId: 'contract', value: 'C-42' },
      messageTs: ts,
      messageBlocks: fake.message('C0CERTDESK', ts)?.blocks ?? [],
      responseUrl,
    });
    expect((await slackPost(url, 'interactive', click, { signingSecret: SECRET })).status).toBe(200);
    await fake.waitForCall('response_url');
    expect(fake.message('C0CERTDESK', ts)?.text).toBe('Renewal requested');
  });

  it('returns a view_submission validation error in the HTTP answer', async () => {
    const bad = viewSubmission({ callbackId: 'quote', values: { years: { years_input: inputValue('二') } } });
    const refused = await slackPost(url, 'interactive', bad, { signingSecret: SECRET });
    expect(refused.status).toBe(200);
    expect(refused.json).toEqual({ response_action: 'errors', errors: { years: '年数を数字で入力してください' } });
    const good = viewSubmission({ callbackId: 'quote', values: { years: { years_input: inputValue('2') } } });
    const accepted = await slackPost(url, 'interactive', good, { signingSecret: SECRET });
    expect(accepted.status).toBe(200);
    expect(accepted.text).toBe('');
  });

  it('delivers an event, and tells the listener it is a retry', async () => {
    const body = eventCallback(appHomeOpened('U0JAPANESE'));
    expect((await slackPost(url, 'event', body, { signingSecret: SECRET })).status).toBe(200);
    expect((await slackPost(url, 'event', body, { signingSecret: SECRET, retryNum: 1 })).status).toBe(200);
    expect(seenRetries).toEqual([undefined, 1]);
    expect(fake.callsOf('views.publish').map((c) => c.args.user_id)).toEqual(['U0JAPANESE', 'U0JAPANESE']);
    expect(fake.homeOf('U0JAPANESE')?.type).toBe('home');
  });

  it('(Bolt) cannot parse a form body whose Content-Type carries a charset', async () => {
    const command = slashCommand({ command: '/certdesk', responseUrl: fake.responseUrl() });
    const res = await slackPost(url, 'command', command, {
      signingSecret: SECRET,
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(res.status).toBe(400);
  });
});
