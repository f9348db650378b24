// The stand-in's Web API, driven by the real @slack/web-api WebClient the app uses: the shapes and
// errors Slack answers with, as test/support/slack/fake-slack.ts gives them, plus what a real
// workspace knows (which channels and people exist, whose trigger_id it is).
import { WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxStandin, type SlackStandin } from '../../src/sandbox/slack-standin.js';
import { ACME, CHANNELS, CONTACT, LOBBY, PageDriver, STAFF, STRANGER, USERS } from './helpers.js';

const TOKEN = 'xoxb-sandbox-web-api';
let standin: SlackStandin;
let client: WebClient;
let page: PageDriver;

const errorOf = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof WebAPIPlatformError) return e.data.error;
    throw e;
  }
  throw new Error('expected the call to fail');
};

beforeAll(async () => {
  // Nothing listens at appUrl: these tests only call the Web API.
  standin = await startSandboxStandin({
    port: 0,
    appUrl: 'http://127.0.0.1:9',
    signingSecret: 's',
    botToken: TOKEN,
    users: USERS,
    channels: CHANNELS,
  });
  client = new WebClient(TOKEN, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } });
  page = new PageDriver(standin);
});
afterAll(() => standin.close());

describe('the stand-in’s Web API', () => {
  it('listens on 127.0.0.1 only and gives an apiUrl ending in /api/', async () => {
    expect(standin.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    await expect(
      startSandboxStandin({
        host: '0.0.0.0',
        port: 0,
        appUrl: 'http://127.0.0.1:9',
        signingSecret: 's',
        botToken: TOKEN,
        users: [],
        channels: [],
      }),
    ).rejects.toThrow(/loopback only/);
  });

  it('answers auth.test as the bot, and refuses other tokens', async () => {
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      user_id: 'U0CERTBOT1',
      bot_id: 'B0CERTBOT1',
      team_id: 'T0SANDBOX1',
      user: 'certdesk',
    });
    expect(
      await errorOf(
        new WebClient('xoxb-other', { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } }).auth.test(),
      ),
    ).toBe('invalid_auth');
    expect(
      await errorOf(new WebClient(undefined, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } }).auth.test()),
    ).toBe('not_authed');
    expect(await errorOf(client.apiCall('certificates.renew', {}))).toBe('unknown_method');
  });

  it('posts, updates and deletes messages in known channels; a user id means the bot’s DM', async () => {
    const metadata = { event_type: 'certdesk_outbox', event_payload: { id: 42 } };
    const posted = await client.chat.postMessage({
      channel: ACME.id,
      text: '証明書の更新',
      blocks: [{ type: 'section', block_id: 's1', text: { type: 'mrkdwn', text: '*証明書*' } }],
      metadata,
    });
    expect(posted).toMatchObject({
      ok: true,
      channel: ACME.id,
      message: { text: '証明書の更新', metadata, bot_id: 'B0CERTBOT1' },
    });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(await client.chat.update({ channel: ACME.id, ts: posted.ts!, text: 'updated' })).toMatchObject({
      ok: true,
      text: 'updated',
    });
    expect(await errorOf(client.chat.postMessage({ channel: 'C0NOWHERE1', text: 'x' }))).toBe('channel_not_found');
    const dm = await client.chat.postMessage({ channel: CONTACT.id, text: 'DM to Alice' });
    expect(dm.channel).toBe(`D${CONTACT.id.slice(1)}`);
    // The page shows the DM to Alice only.
    expect((await page.state(CONTACT.id)).channels.find((c) => c.kind === 'dm')).toMatchObject({
      id: dm.channel,
      name: 'certdesk',
    });
    expect((await page.state(STAFF.id)).channels.some((c) => c.kind === 'dm')).toBe(false);
    const gone = await client.chat.postMessage({ channel: LOBBY.id, text: 'to delete' });
    expect(await client.chat.delete({ channel: LOBBY.id, ts: gone.ts! })).toMatchObject({ ok: true });
    expect(await errorOf(client.chat.delete({ channel: LOBBY.id, ts: gone.ts! }))).toBe('message_not_found');
  });

  it('refuses blocks over Block Kit’s limits, as Slack does', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    expect(await errorOf(client.chat.postMessage({ channel: LOBBY.id, text: 'x', blocks }))).toBe('invalid_blocks');
    const s = await page.state(STAFF.id);
    expect(s.activity.at(-1)).toMatchObject({ dir: 'from-app', what: 'chat.postMessage', ok: false });
    expect(s.activity.at(-1)?.detail).toContain('message blocks has 51 (max 50)');
  });

  it('posts ephemerals only to members of the channel', async () => {
    expect(await client.chat.postEphemeral({ channel: ACME.id, user: CONTACT.id, text: 'only you' })).toMatchObject({
      ok: true,
      message_ts: expect.any(String),
    });
    expect(await errorOf(client.chat.postEphemeral({ channel: ACME.id, user: STRANGER.id, text: 'x' }))).toBe(
      'user_not_in_channel',
    );
    expect(await errorOf(client.chat.postEphemeral({ channel: ACME.id, user: 'U0NOBODY01', text: 'x' }))).toBe(
      'user_not_found',
    );
    expect((await page.state(CONTACT.id)).ephemerals.map((e) => e.text)).toContain('only you');
  });

  it('keeps threads and reactions, and pages history and replies with metadata on request', async () => {
    const parent = await client.chat.postMessage({
      channel: LOBBY.id,
      text: 'parent',
      metadata: { event_type: 'e', event_payload: { n: 1 } },
    });
    for (const n of [1, 2, 3])
      await client.chat.postMessage({ channel: LOBBY.id, text: `reply ${n}`, thread_ts: parent.ts! });
    await client.reactions.add({ channel: LOBBY.id, timestamp: parent.ts!, name: 'eyes' });
    expect(await errorOf(client.reactions.add({ channel: LOBBY.id, timestamp: parent.ts!, name: 'eyes' }))).toBe(
      'already_reacted',
    );
    const history = await client.conversations.history({ channel: LOBBY.id, limit: 1, include_all_metadata: true });
    expect(history.messages?.[0]).toMatchObject({
      text: 'parent',
      reply_count: 3,
      metadata: { event_type: 'e' },
      reactions: [{ name: 'eyes', count: 1 }],
    });
    const noMeta = await client.conversations.history({ channel: LOBBY.id, limit: 1 });
    expect(noMeta.messages?.[0]?.metadata).toBeUndefined();
    const first = await client.conversations.replies({ channel: LOBBY.id, ts: parent.ts!, limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['parent', 'reply 1']);
    expect(first.has_more).toBe(true);
    const rest = await client.conversations.replies({
      channel: LOBBY.id,
      ts: parent.ts!,
      cursor: first.response_metadata?.next_cursor ?? '',
    });
    expect(rest.messages?.map((m) => m.text)).toEqual(['reply 2', 'reply 3']);
    expect(await errorOf(client.conversations.history({ channel: 'C0NOWHERE1' }))).toBe('channel_not_found');
  });

  it('answers users.info with the locale when asked, and user_not_found for strangers to the workspace', async () => {
    const ja = await client.users.info({ user: STAFF.id, include_locale: true });
    expect(ja.user).toMatchObject({
      id: STAFF.id,
      name: 'sato',
      real_name: '佐藤 一郎',
      locale: 'ja-JP',
      tz: 'Asia/Tokyo',
      tz_offset: 32_400,
      is_bot: false,
    });
    const en = await client.users.info({ user: CONTACT.id });
    expect(en.user?.locale).toBeUndefined();
    expect(en.user?.tz).toBe('America/Los_Angeles');
    expect((await client.users.info({ user: 'U0CERTBOT1' })).user).toMatchObject({ is_bot: true });
    expect(await errorOf(client.users.info({ user: 'U0NOBODY01' }))).toBe('user_not_found');
  });

  it('opens modals only with trigger ids it issued, once; publishes and updates Home tabs with hash checks', async () => {
    const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'x' }, blocks: [] };
    expect(await errorOf(client.views.open({ trigger_id: '123.456.abc', view: modal }))).toBe('invalid_trigger_id');
    const trigger = standin.workspace.issueTrigger(CONTACT.id);
    const opened = await client.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view).toMatchObject({ type: 'modal', previous_view_id: null, root_view_id: opened.view?.id });
    expect(await errorOf(client.views.open({ trigger_id: trigger, view: modal }))).toBe('exchanged_trigger_id');
    expect((await page.state(CONTACT.id)).modals.map((m) => m.id)).toEqual([opened.view?.id]);
    const pushed = await client.views.push({
      trigger_id: standin.workspace.issueTrigger(CONTACT.id, opened.view?.id),
      view: modal,
    });
    expect(pushed.view?.previous_view_id).toBe(opened.view?.id);
    expect(await errorOf(client.views.update({ view_id: opened.view!.id!, hash: 'stale', view: modal }))).toBe(
      'hash_conflict',
    );

    const home = await client.views.publish({
      user_id: CONTACT.id,
      view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'v1' } }] },
    });
    const again = await client.views.publish({
      user_id: CONTACT.id,
      hash: home.view?.hash,
      view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'v2' } }] },
    });
    expect(again.view?.id).toBe(home.view?.id);
    expect(
      await errorOf(
        client.views.publish({ user_id: CONTACT.id, hash: home.view?.hash, view: { type: 'home', blocks: [] } }),
      ),
    ).toBe('hash_conflict');
    expect(await errorOf(client.views.publish({ user_id: 'U0NOBODY01', view: { type: 'home', blocks: [] } }))).toBe(
      'user_not_found',
    );
    expect(JSON.stringify((await page.state(CONTACT.id)).home?.blocks)).toContain('v2');
  });

  it('takes response_url posts: ephemeral, in_channel, replace_original, and refuses an unknown url', async () => {
    const posted = await client.chat.postMessage({ channel: ACME.id, text: 'original' });
    const id = standin.webApi.newResponseUrl({ channel: ACME.id, user: CONTACT.id, messageTs: posted.ts! });
    const url = `${standin.url}/response/${id}`;
    const send = (body: object) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await send({ text: 'just you' })).status).toBe(200);
    expect((await send({ replace_original: true, text: 'replaced' })).status).toBe(200);
    expect((await send({ response_type: 'in_channel', text: 'everyone' })).status).toBe(200);
    const s = await page.state(CONTACT.id);
    expect(s.ephemerals.map((e) => e.text)).toContain('just you');
    expect(s.messages[ACME.id]?.find((m) => m.ts === posted.ts)?.text).toBe('replaced');
    expect(s.messages[ACME.id]?.at(-1)?.text).toBe('everyone');
    expect(
      (
        await fetch(`${standin.url}/response/nope`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(404);
  });
});
