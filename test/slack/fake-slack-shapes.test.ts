// Our fake Slack must send nothing real Slack never sends: every key of every answer the fake Web
// API gives (for the methods certdesk calls) and of every request our builders send into the app
// must appear in Slack's own record of that method or payload: slackapi/java-slack-sdk json-logs
// samples (every key Slack has been seen to send) and, for requests, the bodies of
// slackapi/bolt-python's scenario tests (both MIT, in test/fixtures/slack/).
// The fake is driven only through startFakeSlack and HTTP, as the app drives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actions,
  button,
  checkboxes,
  context,
  datepicker,
  divider,
  header,
  input,
  option,
  section,
  staticSelect,
  textInput,
} from '../../src/slack/views/blocks.js';
import { boltPythonBody, javaSample, type Json } from '../support/recorded-payloads.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';
import {
  appHomeOpened,
  blockActions,
  eventCallback,
  selectValue,
  slashCommand,
  viewSubmission,
} from '../support/slack/requests.js';

const TOKEN = 'xoxb-shapes';
const CHANNEL = 'C0SHAPES01';
const USER = 'U0SHAPES01';

/** Block Kit as certdesk's builders make it (src/slack/views/blocks.ts), every kind it uses. */
const messageBlocks = [
  header('更新のご案内'),
  section('*acme-www* — クイック認証 SSL', {
    fields: ['*期限*\n2027-01-10', '*回答期限*\n2026-12-11'],
    accessory: button('詳細', 'contract:show', 'acme-www'),
  }),
  divider(),
  actions('renewal', [
    button('更新する', 'renewal:renew', '1', { style: 'primary' }),
    button('更新しない', 'renewal:decline', '1', {
      style: 'danger',
      confirm: { title: '確認', text: '更新しませんか？', yes: 'はい', no: 'いいえ' },
    }),
  ]),
  context('certdesk'),
];
const modalBlocks = [
  input(
    'cancel_contract',
    '契約',
    staticSelect('cancel:contract', '選んでください', [option('acme-www', 'acme-www')], 'acme-www'),
    { dispatch: true },
  ),
  input('cancel_requested', '希望日', datepicker('cancel:requested', '日付', '2027-01-31'), {
    optional: true,
    hint: '任意',
  }),
  input('cancel_reason', '理由', textInput('reason', { multiline: true, placeholder: '理由', maxLength: 500 }), {
    optional: true,
  }),
  input('cancel_ack', '確認', checkboxes('ack', [option('返金されないことを了承します', 'yes')]), { optional: false }),
  section('有効日: 2026-12-01'),
];
const modal = {
  type: 'modal',
  callback_id: 'cancel_modal',
  title: { type: 'plain_text', text: '解約' },
  submit: { type: 'plain_text', text: '送信' },
  close: { type: 'plain_text', text: '閉じる' },
  private_metadata: '{"channel":"C0SHAPES01"}',
  blocks: modalBlocks,
};
const home = { type: 'home', blocks: messageBlocks };

/**
 * Where the keys are the sender's own, not Slack's vocabulary: a view's state (keyed by block and
 * action ids; the samples record it as {}) and a message's metadata payload.
 */
const OPAQUE = [/(^|\.)state$/, /(^|\.)metadata\.event_payload$/];

/** Every key of `actual` (a path) that `sample` lacks at the same place; arrays are read element by element. */
function strayKeys(actual: unknown, sample: unknown, path = ''): string[] {
  if (OPAQUE.some((re) => re.test(path)) || sample === null || sample === undefined) return [];
  if (Array.isArray(actual)) {
    if (!Array.isArray(sample)) return actual.length ? [`${path} (an array where Slack sends ${typeof sample})`] : [];
    const shapes = sample.filter((s) => s !== null && typeof s === 'object');
    return actual.flatMap((a) =>
      a !== null && typeof a === 'object' ? strayKeys(a, shapes.reduce(union, {}), `${path}[]`) : [],
    );
  }
  if (actual !== null && typeof actual === 'object') {
    if (typeof sample !== 'object' || Array.isArray(sample))
      return [`${path} (an object where Slack sends ${Array.isArray(sample) ? 'an array' : typeof sample})`];
    const s = sample as Json;
    return Object.entries(actual as Json).flatMap(([k, v]) => {
      const p = path ? `${path}.${k}` : k;
      return k in s ? strayKeys(v, s[k], p) : [p];
    });
  }
  return [];
}

/** Two records of the same shape, their keys together (a sample of the same object seen elsewhere). */
function union(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Json = { ...(a as Json) };
    for (const [k, v] of Object.entries(b as Json)) out[k] = k in out ? union(out[k], v) : v;
    return out;
  }
  return a && typeof a === 'object' ? a : b;
}

const apiSample = (method: string): unknown => {
  const sample = javaSample(`api/${method}.json`);
  // A message in a thread's replies is the message history gives: both records count.
  if (method === 'conversations.replies')
    return union(sample, { messages: javaSample('api/conversations.history.json').messages });
  return sample;
};
/**
 * A view in a views.* answer is the view Slack sends with view_submission, and its blocks are the
 * Block Kit of messages: every record of them counts.
 */
const viewSample = (method: string) =>
  union(apiSample(method), {
    view: union(union(javaSample('ViewSubmissionPayload.json').view, boltPythonBody('view_submission.json').view), {
      blocks: (javaSample('api/chat.postMessage.json').message as Json).blocks,
    }),
  });
/** A request of one kind as both SDKs record it. */
const requestSample = (java: string, ...boltPython: string[]) =>
  boltPython.reduce<unknown>((s, b) => union(s, boltPythonBody(b)), javaSample(java)) as Json;

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: [TOKEN], users: { [USER]: { locale: 'ja-JP' } } });
});
afterAll(async () => {
  await fake.close();
});

/** A Web API call over HTTP, as @slack/web-api makes it (JSON body, Bearer token); the answer as Slack's JSON. */
async function call(method: string, args: Json, token = TOKEN): Promise<Json> {
  const res = await fetch(`${fake.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(args),
  });
  return (await res.json()) as Json;
}

const answers: { method: string; answer: Json; sample: unknown }[] = [];
async function record(method: string, args: Json, opts: { token?: string; sample?: unknown } = {}): Promise<Json> {
  const answer = await call(method, args, opts.token);
  answers.push({ method, answer, sample: opts.sample ?? apiSample(method) });
  return answer;
}

describe('every answer of the fake Web API has only keys Slack sends', () => {
  it('for each method certdesk calls, in success and in error', async () => {
    await record('auth.test', {});
    const posted = await record('chat.postMessage', {
      channel: CHANNEL,
      text: '更新のご案内',
      blocks: messageBlocks,
      metadata: { event_type: 'certdesk_outbox', event_payload: { outbox: 1 } },
    });
    expect(posted.ok).toBe(true);
    const ts = String(posted.ts);
    await record('chat.postMessage', { channel: CHANNEL, thread_ts: ts, text: 'リマインダー', reply_broadcast: true });
    await record('chat.postMessage', { channel: USER, text: 'DM' });
    await record('chat.postMessage', { text: 'nowhere' });
    await record('chat.postMessage', { channel: CHANNEL, text: 'x', blocks: [{ type: 'section' }] });
    await record('chat.update', { channel: CHANNEL, ts, text: '回答済み', blocks: messageBlocks.slice(0, 3) });
    await record('chat.update', { channel: CHANNEL, ts: '1.000001', text: 'gone' });
    await record('chat.postEphemeral', { channel: CHANNEL, user: USER, text: 'あなただけに', thread_ts: ts });
    await record('chat.postEphemeral', { channel: CHANNEL, text: 'no user' });
    await record('reactions.add', { channel: CHANNEL, timestamp: ts, name: 'white_check_mark' });
    await record('reactions.add', { channel: CHANNEL, timestamp: ts, name: 'white_check_mark' });
    await record('conversations.history', { channel: CHANNEL, limit: 1, include_all_metadata: true });
    await record('conversations.history', { channel: CHANNEL, oldest: '0', include_all_metadata: false });
    await record('conversations.history', { channel: USER });
    await record('conversations.replies', { channel: CHANNEL, ts, include_all_metadata: true });
    await record('conversations.replies', { channel: CHANNEL, ts: '1.000001' });
    await record('users.info', { user: USER, include_locale: true });
    await record('users.info', { user: 'U0CERTBOT1' });
    await record('users.info', { user: 'nobody' });
    const opened = await record(
      'views.open',
      { trigger_id: '1.2.shapes', view: modal },
      { sample: viewSample('views.open') },
    );
    expect(opened.ok).toBe(true);
    const view = opened.view as Json;
    await record('views.open', { trigger_id: '1.2.shapes', view: modal }, { sample: viewSample('views.open') });
    await record('views.push', { trigger_id: '1.3.shapes', view: modal }, { sample: viewSample('views.push') });
    await record(
      'views.update',
      { view_id: view.id, hash: view.hash, view: modal },
      { sample: viewSample('views.update') },
    );
    await record(
      'views.update',
      { view_id: view.id, hash: 'stale', view: modal },
      { sample: viewSample('views.update') },
    );
    await record('views.publish', { user_id: USER, view: home }, { sample: viewSample('views.publish') });
    await record(
      'views.publish',
      { user_id: USER, view: { type: 'home', blocks: 'nope' } },
      { sample: viewSample('views.publish') },
    );
    await record('chat.delete', { channel: CHANNEL, ts });
    await record('chat.postMessage', { channel: CHANNEL, text: 'x' }, { token: 'xoxb-wrong' });
    expect(answers.length).toBeGreaterThan(25);
    const stray = answers.flatMap((a) => strayKeys(a.answer, a.sample).map((k) => `${a.method}: ${k}`));
    expect(stray).toEqual([]);
  });
});

describe('every request our builders send into the app has only keys Slack sends', () => {
  it('slash commands, block actions, modal submissions and events', () => {
    const bodies: [string, unknown, Json][] = [
      [
        'slash command',
        slashCommand({
          command: '/cert',
          text: 'status',
          userId: USER,
          channelId: CHANNEL,
          responseUrl: 'https://hooks.slack.com/commands/T0/1/x',
        }),
        javaSample('SlashCommandPayload.json'),
      ],
      [
        'block action on a message',
        blockActions({
          userId: USER,
          channelId: CHANNEL,
          messageTs: '1.000100',
          responseUrl: 'https://hooks.slack.com/actions/T0/1/x',
          actions: { actionId: 'renewal:renew', value: '1' },
        }),
        requestSample('BlockActionPayload.json', 'block_actions.json'),
      ],
      [
        'modal submission',
        viewSubmission({
          callbackId: 'cancel_modal',
          userId: USER,
          privateMetadata: '{}',
          values: { cancel_contract: { 'cancel:contract': selectValue('acme-www') } },
        }),
        requestSample('ViewSubmissionPayload.json', 'view_submission.json', 'view_submission_connect_channel.json'),
      ],
      [
        'app_home_opened',
        eventCallback(appHomeOpened(USER)),
        requestSample('AppHomeOpenedPayload.json', 'app_home_opened_org_app.json', 'message_file_share_envelope.json'),
      ],
      [
        'a message',
        eventCallback({
          type: 'message',
          channel: CHANNEL,
          user: USER,
          text: '更新する',
          ts: '1.000200',
          thread_ts: '1.000100',
          channel_type: 'channel',
          event_ts: '1.000200',
        }),
        requestSample('MessagePayload.json', 'message_thread_broadcast.json', 'message_file_share_envelope.json'),
      ],
    ];
    const stray = bodies.flatMap(([what, body, sample]) => strayKeys(body, sample).map((k) => `${what}: ${k}`));
    expect(stray).toEqual([]);
  });
});
