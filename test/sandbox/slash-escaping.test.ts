// A slash command's text as Slack sends it when the command escapes (manifest.yml should_escape):
// a mention typed as @name arrives as <@U…|name>, a channel typed as #name as <#C…|name>, so
// that commands written as help shows them (`/cert contact add acme @alice`) work in the sandbox.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxStandin, type SlackStandin } from '../../src/sandbox/slack-standin.js';
import { ACME, CHANNELS, CONTACT, freePort, movableClock, PageDriver, STAFF, USERS } from './helpers.js';

let standin: SlackStandin;
let app: Server;
const received: Record<string, string>[] = [];

beforeAll(async () => {
  const port = await freePort();
  // The app, reduced to what it is sent: each slash command's form, answered with an empty 200.
  app = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(Object.fromEntries(new URLSearchParams(body)));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', () => resolve()));
  standin = await startSandboxStandin({
    port: 0,
    appUrl: `http://127.0.0.1:${port}`,
    signingSecret: 'slash-escaping-secret',
    botToken: 'xoxb-sandbox',
    users: USERS,
    channels: CHANNELS,
    clock: movableClock(new Date('2026-11-11T00:00:00Z')),
  });
});

afterAll(async () => {
  await standin?.close();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

const sent = async (text: string) => {
  const before = received.length;
  expect(await new PageDriver(standin).post('command', { user: STAFF.id, channel: ACME.id, text })).toMatchObject({
    ok: true,
  });
  return received.slice(before).at(-1)!.text;
};

describe('the sandbox escapes slash command text as Slack does', () => {
  it('@name becomes <@U…|name>, #channel becomes <#C…|name>', async () => {
    expect(await sent(`/cert contact add acme @${CONTACT.name}`)).toBe(
      `contact add acme <@${CONTACT.id}|${CONTACT.name}>`,
    );
    expect(await sent(`/cert customer channel acme #${ACME.name}`)).toBe(
      `customer channel acme <#${ACME.id}|${ACME.name}>`,
    );
  });

  it('a name that is no one, and &, < and >, are left as Slack leaves them', async () => {
    expect(await sent('/cert contact add acme @nobody')).toBe('contact add acme @nobody');
    expect(await sent('/cert customer add x "A & B <C>" JP #nowhere')).toBe(
      'customer add x "A &amp; B &lt;C&gt;" JP #nowhere',
    );
  });
});
