// What anyone on the internet can send to POST /slack/events: bodies too large to read, timestamps
// from the future, signed payloads of the wrong shape, actions on modals by people they are not
// for. `certdesk serve` over real HTTP, on the real PostgreSQL and Redis.
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonl } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import type { FakeSlack } from '../support/slack/fake-slack.js';
import { useServedApp } from '../support/slack/served-app.js';
import {
  appHomeOpened,
  blockActions,
  eventCallback,
  selectValue,
  signSlackRequest,
  slashCommand,
  urlVerification,
  viewSubmission,
} from '../support/slack/requests.js';

const t = useFreshDatabase();
const SECRET = '5b1e0c7d9a2f4e6b8c0d1e2f3a4b5c6d';
const NOW = '2026-11-11T09:00+09:00';
const STAFF = 'U0STAFF';
const ALICE = 'U0ALICE';
const MALLORY = 'U0MALLORY';
const ACME = 'C0ACME';
const STAFF_CHANNEL = 'C0STAFF';
const MiB = 1024 * 1024;

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    { type: 'customer', id: 'acme', name: 'ACME株式会社', country: 'JP', channel: ACME, contacts: [ALICE] },
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
    },
    {
      type: 'contract',
      id: 'globex-secret',
      customer: 'globex',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'secret.globex.example',
      notBefore: '2026-05-01T00:00:00+09:00',
      notAfter: '2027-05-01T00:00:00+09:00',
    },
    { type: 'staff', slackUserId: STAFF, name: '山田 花子' },
  ),
  secret: SECRET,
  redisUrl: testRedisUrl(14),
  now: NOW,
  staffChannel: STAFF_CHANNEL,
  users: { [ALICE]: { locale: 'ja-JP' }, [STAFF]: { locale: 'ja-JP' }, [MALLORY]: { locale: 'en-US' } },
});
const { send } = app;
let fake: FakeSlack;
beforeAll(() => {
  fake = app.fake;
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

interface RawOutcome {
  /** The status line the server answered, if any. */
  status: string | undefined;
  /** Body bytes the server took before it answered and closed the connection. */
  sent: number;
  closed: boolean;
}

/**
 * POSTs a body of `total` bytes over a raw socket, 64 KiB at a time, each written only once the
 * last was taken: how much got in before the server answered and stopped reading.
 */
function rawPost(port: number, total: number, headers: Record<string, string>): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ status: answer.split('\r\n')[0], sent, closed });
    };
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    setTimeout(() => finish(false), 20_000);
    socket.on('connect', () => {
      const head = Object.entries({ host: `127.0.0.1:${port}`, ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`POST /slack/events HTTP/1.1\r\n${head.join('')}\r\n`);
      const chunked = headers['transfer-encoding'] === 'chunked';
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!done && sent < total) {
          sent += chunk.length;
          const data = chunked
            ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
            : chunk;
          if (!socket.write(data)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  });
}

const portOf = () => Number(new URL(app.url).port);

describe('a body over 1 MiB is refused with 413 while it is read, before the signature is looked at', () => {
  it('an unsigned 200 MB POST declaring its length: 413 at once, and the rest is never read', async () => {
    const r = await rawPost(portOf(), 200 * 1024 * MiB, {
      'content-type': 'application/json',
      'content-length': String(200 * 1024 * MiB),
    });
    expect(r.status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(r.closed).toBe(true);
    expect(r.sent, `${r.sent} bytes taken`).toBeLessThan(8 * MiB);
  });

  it('a chunked body with no length: 413 once it passes 1 MiB, and the rest is never read', async () => {
    const r = await rawPost(portOf(), 200 * 1024 * MiB, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    expect(r.status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(r.closed).toBe(true);
    expect(r.sent, `${r.sent} bytes taken`).toBeLessThan(8 * MiB);
  });

  it('a correctly signed 2 MiB slash command is refused as well, and runs nothing', async () => {
    const body = slashCommand({
      command: '/cert',
      text: `help ${'x'.repeat(2 * MiB)}`,
      userId: STAFF,
      channelId: ACME,
      responseUrl: fake.responseUrl(),
    });
    const reply = await send('command', body);
    expect(reply.status).toBe(413);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responsesTo(body.response_url!)).toEqual([]);
  });

  it('a signed body just under the limit is still served', async () => {
    const challenge = 'c'.repeat(MiB - 200);
    const reply = await send('event', urlVerification(challenge));
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ challenge });
  });
});

describe('a timestamp more than 5 minutes from now, either way, is refused (401)', () => {
  it('six minutes or a year ahead is refused; four minutes ahead or behind is accepted', async () => {
    const help = () =>
      slashCommand({ command: '/cert', text: 'help', userId: STAFF, channelId: ACME, responseUrl: fake.responseUrl() });
    const ahead6 = help();
    expect((await send('command', ahead6, { timestamp: nowSeconds() + 6 * 60 })).status).toBe(401);
    const aheadYear = help();
    expect((await send('command', aheadYear, { timestamp: nowSeconds() + 365 * 86_400 })).status).toBe(401);
    expect((await send('command', help(), { timestamp: nowSeconds() + 4 * 60 })).status).toBe(200);
    expect((await send('command', help(), { timestamp: nowSeconds() - 4 * 60 })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responsesTo(ahead6.response_url!)).toEqual([]);
    expect(fake.responsesTo(aheadYear.response_url!)).toEqual([]);
  });

  it('a timestamp that is not a whole number of seconds is refused', async () => {
    for (const ts of ['1e12', '', 'soon', '1700000000.5']) {
      const raw = 'ssl_check=0&text=help';
      const res = await fetch(app.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': ts,
          'x-slack-signature': signSlackRequest(SECRET, Number(ts), raw),
        },
        body: raw,
      });
      expect(res.status).toBe(401);
    }
  });
});

describe('every action on the cancellation modal is authorised by the person, not by private_metadata (Art. 9(2))', () => {
  const cancelAction = (userId: string, metadata: string) =>
    send(
      'interactive',
      blockActions({
        actions: { actionId: 'cancel:contract' },
        userId,
        view: {
          id: `V0${userId}`,
          hash: '1.x',
          private_metadata: metadata,
          callback_id: 'cancel_modal',
          state: { values: { cancel_contract: { 'cancel:contract': selectValue('acme-www') } } },
        } as never,
      }),
    );
  const updatesSince = (seq: number) => fake.calls.filter((c) => c.seq > seq && c.method === 'views.update');
  const lastSeq = () => fake.calls.at(-1)?.seq ?? 0;

  it('a stranger’s signed action with `customer: null` redraws nothing, and lists no contract', async () => {
    const before = lastSeq();
    expect((await cancelAction(MALLORY, JSON.stringify({ channel: null, customer: null }))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 800));
    expect(JSON.stringify(updatesSince(before))).not.toContain('secret.globex.example');
    expect(JSON.stringify(updatesSince(before))).not.toContain('www.acme.example');
  });

  it('a contact naming another customer, or none, is shown their own customer’s contracts only', async () => {
    for (const customer of [null, 'globex']) {
      const before = lastSeq();
      await cancelAction(ALICE, JSON.stringify({ channel: ACME, customer }));
      const update = await app.until('the modal redrawn', () => updatesSince(before)[0]);
      expect(JSON.stringify(update.args.view)).toContain('acme-www');
      expect(JSON.stringify(update.args.view)).not.toContain('globex-secret');
      expect(JSON.parse((update.args.view as { private_metadata: string }).private_metadata)).toEqual({
        channel: ACME,
        customer: 'acme',
      });
    }
    const before = lastSeq();
    await cancelAction(ALICE, JSON.stringify({ channel: 'C0GLOBEX', customer: 'globex' }));
    await new Promise((r) => setTimeout(r, 800));
    expect(JSON.stringify(updatesSince(before))).not.toContain('globex-secret');
  });

  it('staff are shown every customer’s contracts', async () => {
    const before = lastSeq();
    await cancelAction(STAFF, JSON.stringify({ channel: STAFF_CHANNEL, customer: null }));
    const update = await app.until('the modal redrawn', () => updatesSince(before)[0]);
    expect(JSON.stringify(update.args.view)).toContain('globex-secret');
  });
});

describe('a signed payload of the wrong shape is answered 400 at once, and runs nothing', () => {
  const quick = async (kind: 'command' | 'interactive' | 'event', body: unknown) => {
    const started = Date.now();
    const reply = await send(kind, body as object);
    return { status: reply.status, ms: Date.now() - started };
  };

  it('payload=null, payload=42, payload=[] and a JSON body of null', async () => {
    for (const [kind, body] of [
      ['interactive', null],
      ['interactive', 42],
      ['interactive', []],
      ['interactive', 'block_actions'],
      ['event', null],
      ['event', 42],
    ] as const) {
      const r = await quick(kind, body);
      expect(r, `${kind} ${JSON.stringify(body)}`).toMatchObject({ status: 400 });
      expect(r.ms).toBeLessThan(1_000);
    }
  });

  it('a block action without its user, or with actions that are not a list', async () => {
    const click = blockActions({
      actions: { actionId: 'renewal:renew', value: '1' },
      userId: ALICE,
      channelId: ACME,
      responseUrl: fake.responseUrl(),
    });
    const { user: _user, ...noUser } = click;
    expect(await quick('interactive', noUser)).toMatchObject({ status: 400 });
    expect(await quick('interactive', { ...click, user: { id: 42 } })).toMatchObject({ status: 400 });
    expect(await quick('interactive', { ...click, actions: 'renewal:renew' })).toMatchObject({ status: 400 });
  });

  it('a modal submission whose private_metadata is not JSON, or with no state', async () => {
    const submission = viewSubmission({
      callbackId: 'cancel_modal',
      userId: ALICE,
      privateMetadata: '{not json',
      values: { cancel_contract: { 'cancel:contract': selectValue('acme-www') } },
    });
    const r = await quick('interactive', submission);
    expect(r).toMatchObject({ status: 400 });
    expect(r.ms).toBeLessThan(1_000);
    const { state: _state, ...noState } = submission.view;
    expect(await quick('interactive', { ...submission, view: noState })).toMatchObject({ status: 400 });
  });

  it('a slash command without its user or channel, and an event callback without its event', async () => {
    const body = slashCommand({
      command: '/cert',
      text: 'help',
      userId: STAFF,
      channelId: ACME,
      responseUrl: fake.responseUrl(),
    });
    expect(await quick('command', { ...body, user_id: undefined })).toMatchObject({ status: 400 });
    expect(await quick('command', { ...body, channel_id: undefined })).toMatchObject({ status: 400 });
    expect(await quick('event', { ...eventCallback(appHomeOpened(ALICE)), event: null })).toMatchObject({
      status: 400,
    });
    expect(
      await quick('event', { ...eventCallback(appHomeOpened(ALICE)), event: { type: 'app_home_opened' } }),
    ).toMatchObject({ status: 400 });
  });

  it('none of them reached a listener to fail there', () => {
    expect(app.log).not.toMatch(/TypeError|SyntaxError|ZodError|invalid_type|Cannot read properties/);
  });
});

describe('what is echoed is escaped, control characters are refused at the edge, and no log shows a parameter', () => {
  it('`/cert <!channel> hi` echoes the word escaped, so it notifies no one', async () => {
    const r = await app.slash(STAFF, ACME, '<!channel> hi');
    const text = JSON.stringify(r.responses);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    const contract = await app.slash(ALICE, ACME, 'cancel <!here|here>');
    expect(JSON.stringify(contract.responses)).not.toContain('<!here');
  });

  it('a NUL or another control character in slash text is refused with a message, before any query', async () => {
    for (const text of ['cancel acme-www\u0000', 'status \u0007', 'quote quick-ssl\u001b[31m 1y']) {
      const body = slashCommand({
        command: '/cert',
        text,
        userId: ALICE,
        channelId: ACME,
        responseUrl: fake.responseUrl(),
      });
      const reply = await send('command', body);
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('制御文字') });
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.responsesTo(body.response_url!)).toEqual([]);
    }
  });

  it('a control character in a modal’s input or a message is refused (400) before any listener', async () => {
    const submission = viewSubmission({
      callbackId: 'cancel_modal',
      userId: ALICE,
      privateMetadata: JSON.stringify({ channel: ACME, customer: 'acme' }),
      values: { cancel_contract: { 'cancel:contract': selectValue('acme-www\u0000') } },
    });
    expect((await send('interactive', submission)).status).toBe(400);
  });

  it('the log never shows a query or its parameters', () => {
    expect(app.log).not.toMatch(/Failed query|params:|select |insert /i);
    expect(app.log).not.toContain('acme-www\u0000');
  });
});
