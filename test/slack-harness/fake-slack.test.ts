// The fake Slack Web API, driven by the real @slack/web-api WebClient the app uses.
import type { ConversationsHistoryResponse } from '@slack/web-api';
import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT, startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const TOKEN = 'xoxb-test-certdesk';
let fake: FakeSlack;
let client: WebClient;

const clientWith = (token: string | undefined) =>
  new WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });

beforeAll(async () => {
  fake = await startFakeSlack({
    tokens: [TOKEN],
    users: { U0JAPANESE: { locale: 'ja-JP', name: 'sato', realName: '佐藤 花子' } },
  });
  client = clientWith(TOKEN);
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const errorOf = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
};

describe('the fake Slack Web API', () => {
  it('listens on 127.0.0.1 and gives an apiUrl ending in /api/', () => {
    expect(fake.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('answers auth.test with the bot identity and records the bearer token', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({
      ok: true,
      user_id: FAKE_BOT.userId,
      bot_id: FAKE_BOT.botId,
      team_id: 'T0CERTDESK',
      user: 'certdesk',
      team: 'certdesk test',
    });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({
      seq: 1,
      method: 'auth.test',
      token: TOKEN,
      status: 200,
      contentType: 'application/x-www-form-urlencoded',
    });
  });

  it('refuses a call without a token (not_authed) and with an unknown one (invalid_auth)', async () => {
    const none = await errorOf(clientWith(undefined).auth.test());
    expect(none).toBeInstanceOf(WebAPIPlatformError);
    expect((none as WebAPIPlatformError).data.error).toBe('not_authed');
    const wrong = await errorOf(clientWith('xoxb-someone-else').chat.postMessage({ channel: 'C1', text: 'hi' }));
    expect((wrong as WebAPIPlatformError).data.error).toBe('invalid_auth');
    expect(fake.calls.map((c) => [c.method, c.token, c.response.error])).toEqual([
      ['auth.test', undefined, 'not_authed'],
      ['chat.postMessage', 'xoxb-someone-else', 'invalid_auth'],
    ]);
    expect(fake.messagesIn('C1')).toEqual([]);
  });

  it('answers unknown methods with unknown_method', async () => {
    const e = await errorOf(client.apiCall('certificates.renew', { id: 1 }));
    expect((e as WebAPIPlatformError).data.error).toBe('unknown_method');
  });

  it('round-trips chat.postMessage with blocks and metadata, parsing the form body as Slack does', async () => {
    const blocks = [{ type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*証明書* expires soon' } }];
    const metadata = { event_type: 'certificate_expiring', event_payload: { contract: 'C-42', days: 30 } };
    const res = await client.chat.postMessage({ channel: 'C0CERTS', text: '証明書 expires soon', blocks, metadata });
    expect(res.ok).toBe(true);
    expect(res.channel).toBe('C0CERTS');
    expect(res.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(res.message).toMatchObject({
      type: 'message',
      text: '証明書 expires soon',
      blocks,
      metadata,
      bot_id: FAKE_BOT.botId,
      user: FAKE_BOT.userId,
      ts: res.ts,
    });
    const call = fake.lastCall('chat.postMessage');
    // WebClient JSON-stringifies nested values inside a form body; the fake reads them back as objects.
    expect(call?.args).toMatchObject({ channel: 'C0CERTS', text: '証明書 expires soon', blocks, metadata });
    expect(fake.messagesIn('C0CERTS')).toHaveLength(1);
  });

  it('reads JSON bodies too (as other Slack clients send them)', async () => {
    const blocks = [{ type: 'divider' }];
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        channel: 'C1',
        text: 'json',
        blocks,
        metadata: { event_type: 'e', event_payload: { n: 1 } },
      }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C1', message: { text: 'json', blocks } });
    expect(fake.lastCall('chat.postMessage')).toMatchObject({
      contentType: 'application/json; charset=utf-8',
      args: { blocks, metadata: { event_payload: { n: 1 } } },
    });
  });

  it('gives unique, increasing Slack-style timestamps', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.chat.postMessage({ channel: 'C1', text: `m${i}` })),
    );
    const ts = results.map((r) => r.ts ?? '');
    expect(new Set(ts).size).toBe(20);
    const stored = fake.messagesIn('C1').map((m) => m.ts);
    expect([...stored].sort()).toEqual(stored);
    expect(stored.every((t) => /^\d{10}\.\d{6}$/.test(t))).toBe(true);
  });

  it('keeps threads: replies carry thread_ts, the parent counts them, replies lists them in order', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'parent' });
    const r1 = await client.chat.postMessage({ channel: 'C1', text: 'reply 1', thread_ts: parent.ts as string });
    // A reply to a reply joins the parent's thread.
    await client.chat.postMessage({ channel: 'C1', text: 'reply 2', thread_ts: r1.ts as string });
    expect(fake.thread('C1', parent.ts as string).map((m) => m.text)).toEqual(['parent', 'reply 1', 'reply 2']);
    expect(fake.message('C1', parent.ts as string)).toMatchObject({
      reply_count: 2,
      thread_ts: parent.ts,
      latest_reply: expect.any(String),
    });
    const replies = await client.conversations.replies({ channel: 'C1', ts: parent.ts as string });
    expect(replies.messages?.map((m) => m.text)).toEqual(['parent', 'reply 1', 'reply 2']);
    const history = await client.conversations.history({ channel: 'C1' });
    expect(history.messages?.map((m) => m.text)).toEqual(['parent']);
  });

  it('posts to a user id in the bot DM channel', async () => {
    const res = await client.chat.postMessage({ channel: 'U0JAPANESE', text: 'こんにちは' });
    expect(res.channel).toMatch(/^D/);
    expect(fake.messagesIn('U0JAPANESE').map((m) => m.text)).toEqual(['こんにちは']);
    expect(fake.messagesIn(res.channel as string)).toHaveLength(1);
  });

  it('updates, deletes and reacts to messages, refusing unknown ones', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'v1' });
    const ts = posted.ts as string;
    const updated = await client.chat.update({ channel: 'C1', ts, text: 'v2', blocks: [{ type: 'divider' }] });
    expect(updated).toMatchObject({ ok: true, channel: 'C1', ts, text: 'v2' });
    expect(fake.message('C1', ts)).toMatchObject({
      text: 'v2',
      blocks: [{ type: 'divider' }],
      edited: { user: FAKE_BOT.userId },
    });
    await client.reactions.add({ channel: 'C1', timestamp: ts, name: 'white_check_mark' });
    expect(fake.message('C1', ts)?.reactions).toEqual([
      { name: 'white_check_mark', users: [FAKE_BOT.userId], count: 1 },
    ]);
    expect(
      (
        (await errorOf(
          client.reactions.add({ channel: 'C1', timestamp: ts, name: 'white_check_mark' }),
        )) as WebAPIPlatformError
      ).data.error,
    ).toBe('already_reacted');
    expect(
      ((await errorOf(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))) as WebAPIPlatformError).data
        .error,
    ).toBe('message_not_found');
    const human = fake.addMessage('C1', { text: 'written by a person' });
    expect(
      ((await errorOf(client.chat.update({ channel: 'C1', ts: human.ts, text: 'x' }))) as WebAPIPlatformError).data
        .error,
    ).toBe('cant_update_message');
    await client.chat.delete({ channel: 'C1', ts });
    expect(fake.messagesIn('C1').map((m) => m.text)).toEqual(['written by a person']);
  });

  it('answers chat.postEphemeral with message_ts and keeps it out of the channel history', async () => {
    const res = await client.chat.postEphemeral({ channel: 'C1', user: 'U0JAPANESE', text: 'only you' });
    expect(res.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.ephemeralsFor('U0JAPANESE')).toMatchObject([
      { channel: 'C1', text: 'only you', via: 'chat.postEphemeral' },
    ]);
    expect(fake.messagesIn('C1')).toEqual([]);
  });

  it('returns metadata from conversations.history only with include_all_metadata', async () => {
    const metadata = { event_type: 'notice_sent', event_payload: { contract: 'C-1' } };
    await client.chat.postMessage({ channel: 'C1', text: 'with metadata', metadata });
    const plain = await client.conversations.history({ channel: 'C1' });
    expect(plain.messages?.[0]?.metadata).toBeUndefined();
    const full = await client.conversations.history({ channel: 'C1', include_all_metadata: true });
    expect(full.messages?.[0]?.metadata).toEqual(metadata);
    // WebClient sends the boolean as the string "true".
    expect(fake.lastCall('conversations.history')?.args.include_all_metadata).toBe('true');
  });

  it('filters conversations.history by oldest/latest, newest first, and pages with a cursor', async () => {
    const ts: string[] = [];
    for (let i = 0; i < 5; i++) ts.push((await client.chat.postMessage({ channel: 'C1', text: `m${i}` })).ts as string);
    const window = await client.conversations.history({ channel: 'C1', oldest: ts[1], latest: ts[4] });
    expect(window.messages?.map((m) => m.text)).toEqual(['m3', 'm2']);
    const inclusive = await client.conversations.history({
      channel: 'C1',
      oldest: ts[1],
      latest: ts[4],
      inclusive: true,
    });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['m4', 'm3', 'm2', 'm1']);
    const first = await client.conversations.history({ channel: 'C1', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['m4', 'm3']);
    expect(first.has_more).toBe(true);
    const texts: string[] = [];
    for await (const page of client.paginate('conversations.history', { channel: 'C1', limit: 2 })) {
      texts.push(...((page as ConversationsHistoryResponse).messages ?? []).map((m) => m.text ?? ''));
    }
    expect(texts).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
  });

  it('opens, updates and pushes modals with ids and hashes, and refuses a stale hash', async () => {
    const view = {
      type: 'modal' as const,
      callback_id: 'quote',
      title: { type: 'plain_text' as const, text: '見積もり' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: '1.2.abc', view });
    expect(opened.view).toMatchObject({
      type: 'modal',
      callback_id: 'quote',
      title: { text: '見積もり' },
      state: { values: {} },
      team_id: 'T0CERTDESK',
      previous_view_id: null,
    });
    const id = opened.view?.id as string;
    const hash = opened.view?.hash as string;
    expect(id).toMatch(/^V[A-Z0-9]{10}$/);
    expect(hash).toMatch(/^\d+\.\w+$/);
    expect(opened.view?.root_view_id).toBe(id);

    const updated = await client.views.update({ view_id: id, hash, view: { ...view, private_metadata: 'step=2' } });
    expect(updated.view).toMatchObject({ id, private_metadata: 'step=2' });
    expect(updated.view?.hash).not.toBe(hash);
    expect(((await errorOf(client.views.update({ view_id: id, hash, view }))) as WebAPIPlatformError).data.error).toBe(
      'hash_conflict',
    );
    expect(
      ((await errorOf(client.views.update({ view_id: 'V0NOTTHERE0', view }))) as WebAPIPlatformError).data.error,
    ).toBe('not_found');

    const pushed = await client.views.push({ trigger_id: '1.2.def', view: { ...view, callback_id: 'confirm' } });
    expect(pushed.view).toMatchObject({ previous_view_id: id, root_view_id: id, callback_id: 'confirm' });
    // A trigger_id is good for one view.
    expect(
      ((await errorOf(client.views.open({ trigger_id: '1.2.abc', view }))) as WebAPIPlatformError).data.error,
    ).toBe('exchanged_trigger_id');
    expect(fake.modals().map((v) => v.callback_id)).toEqual(['quote', 'confirm']);
  });

  it('updates a view by external_id', async () => {
    const view = {
      type: 'modal' as const,
      external_id: 'quote-42',
      title: { type: 'plain_text' as const, text: 'Quote' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: 't-ext', view });
    const updated = await client.views.update({ external_id: 'quote-42', view: { ...view, callback_id: 'v2' } });
    expect(updated.view?.id).toBe(opened.view?.id);
  });

  it('publishes Home tabs per user, keeping the view id', async () => {
    const home = {
      type: 'home' as const,
      blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Contracts' } }],
    };
    const first = await client.views.publish({ user_id: 'U0JAPANESE', view: home });
    const second = await client.views.publish({ user_id: 'U0JAPANESE', view: { ...home, private_metadata: 'v2' } });
    expect(second.view?.id).toBe(first.view?.id);
    expect(fake.homeOf('U0JAPANESE')).toMatchObject({ type: 'home', private_metadata: 'v2' });
    expect(
      (
        (await errorOf(
          client.views.publish({
            user_id: 'U0JAPANESE',
            view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } as never,
          }),
        )) as WebAPIPlatformError
      ).data.error,
    ).toBe('invalid_arguments');
  });

  it('refuses payloads over Block Kit limits as Slack does', async () => {
    const title = { type: 'plain_text' as const, text: '証明書の更新手続きについてのご案内とお願い事項です' };
    const e = (await errorOf(
      client.views.open({ trigger_id: 't-long', view: { type: 'modal', title, blocks: [] } }),
    )) as WebAPIPlatformError;
    expect(e.data.error).toBe('invalid_arguments');
    expect(e.data.response_metadata?.messages?.[0]).toMatch(/modal title is 25 characters \(max 24\)/);
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(
      ((await errorOf(client.chat.postMessage({ channel: 'C1', text: 'many', blocks }))) as WebAPIPlatformError).data
        .error,
    ).toBe('invalid_blocks');
  });

  it('answers users.info with the locale only when asked, per user', async () => {
    const ja = await client.users.info({ user: 'U0JAPANESE', include_locale: true });
    expect(ja.user).toMatchObject({
      id: 'U0JAPANESE',
      name: 'sato',
      real_name: '佐藤 花子',
      locale: 'ja-JP',
      tz: 'Asia/Tokyo',
      is_bot: false,
    });
    const noLocale = await client.users.info({ user: 'U0JAPANESE' });
    expect(noLocale.user?.locale).toBeUndefined();
    const other = await client.users.info({ user: 'U0SOMEBODY', include_locale: true });
    expect(other.user?.locale).toBe('en-US');
    fake.setUser('U0SOMEBODY', { locale: 'ja-JP', isBot: true });
    expect((await client.users.info({ user: 'U0SOMEBODY', include_locale: true })).user).toMatchObject({
      locale: 'ja-JP',
      is_bot: true,
    });
    expect((await client.users.info({ user: FAKE_BOT.userId })).user?.is_bot).toBe(true);
    expect(((await errorOf(client.users.info({ user: 'nobody' }))) as WebAPIPlatformError).data.error).toBe(
      'user_not_found',
    );
  });

  it('rate-limits a method: HTTP 429 with Retry-After surfaces as the client rate-limited error', async () => {
    fake.rateLimit('chat.postMessage', { times: 1, retryAfterSeconds: 7 });
    const e = await errorOf(client.chat.postMessage({ channel: 'C1', text: 'first' }));
    expect(e).toBeInstanceOf(WebAPIRateLimitedError);
    expect((e as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect((e as WebAPIRateLimitedError).retryAfter).toBe(7);
    // Only `times` calls are limited.
    expect((await client.chat.postMessage({ channel: 'C1', text: 'second' })).ok).toBe(true);
    expect(fake.callsOf('chat.postMessage').map((c) => [c.status, c.response.error ?? 'ok'])).toEqual([
      [429, 'ratelimited'],
      [200, 'ok'],
    ]);
    expect(fake.messagesIn('C1').map((m) => m.text)).toEqual(['second']);
  });

  it('without rejectRateLimitedCalls and with no retries, a 429 surfaces as a request error after Retry-After', async () => {
    const patient = new WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    fake.rateLimit('chat.postMessage', { retryAfterSeconds: 0 });
    const e = await errorOf(patient.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(e).toBeInstanceOf(WebAPIRequestError);
    expect((e as WebAPIRequestError).original.message).toMatch(/rate limit was exceeded/);
  });

  it('fails a method with a platform error, a given number of times', async () => {
    fake.fail('views.open', { times: 2, error: 'expired_trigger_id' });
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'x' }, blocks: [] };
    for (const t of ['a', 'b'])
      expect(((await errorOf(client.views.open({ trigger_id: t, view }))) as WebAPIPlatformError).data.error).toBe(
        'expired_trigger_id',
      );
    expect((await client.views.open({ trigger_id: 'c', view })).ok).toBe(true);
  });

  it('fails with an HTTP status when asked, which the client reports as an HTTP error', async () => {
    fake.fail('chat.postMessage', { error: 'internal_error', status: 503 });
    const e = await errorOf(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(e).toBeInstanceOf(WebAPIHTTPError);
    expect((e as WebAPIHTTPError).statusCode).toBe(503);
  });

  it('delays a method, so a client timeout can be tested', async () => {
    fake.delay('chat.postMessage', 300);
    const hasty = new WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, timeout: 50 });
    const started = Date.now();
    expect(await errorOf(hasty.chat.postMessage({ channel: 'C1', text: 'slow' }))).toBeInstanceOf(WebAPIRequestError);
    expect(Date.now() - started).toBeLessThan(300);
    const res = await client.chat.postMessage({ channel: 'C1', text: 'slow but fine' });
    expect(res.ok).toBe(true);
  });

  it('waitFor resolves on a matching call and rejects listing what arrived', async () => {
    const waiting = fake.waitForCall('chat.postMessage', (args) => args.text === 'later');
    setTimeout(() => void client.chat.postMessage({ channel: 'C1', text: 'later' }), 30);
    expect((await waiting).args.channel).toBe('C1');
    await client.auth.test();
    await expect(fake.waitForCall('views.open', () => true, 100)).rejects.toThrow(
      /no call matched within 100 ms\. Received 2 call\(s\):\n.*chat\.postMessage.*\n.*auth\.test/,
    );
  });

  it('records POSTs to a response_url and applies replace_original to the message', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Renew?' });
    const url = fake.responseUrl({ channel: 'C1', messageTs: posted.ts as string, user: 'U0JAPANESE' });
    expect(url).toMatch(new RegExp(`^${fake.baseUrl}/response/`));
    const replace = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Renewed' }),
    });
    expect(replace.status).toBe(200);
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'just for you' }),
    });
    expect(fake.responsesTo(url)).toEqual([{ replace_original: true, text: 'Renewed' }, { text: 'just for you' }]);
    expect(fake.message('C1', posted.ts as string)?.text).toBe('Renewed');
    expect(fake.ephemeralsFor('U0JAPANESE')).toMatchObject([{ text: 'just for you', via: 'response_url' }]);
    const unknown = await fetch(`${fake.baseUrl}/response/nope`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
  });

  it('reset forgets calls, messages and faults', async () => {
    await client.chat.postMessage({ channel: 'C1', text: 'x' });
    fake.fail('auth.test', { error: 'account_inactive' });
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(fake.messagesIn('C1')).toEqual([]);
    expect((await client.auth.test()).ok).toBe(true);
  });
});
