// Slack's recorded bodies (slackapi/bolt-python scenario tests and java-slack-sdk json-logs samples,
// MIT, in test/fixtures/slack/), replayed with our ids through signed HTTP into a running
// `certdesk serve`: each gets the answer a person would, never a 400 or a 500. Enterprise Grid ids
// (W… users, E… enterprises, org-wide installs) are people like any other; a Slack Connect user of
// another organisation is a stranger unless staff registered them, and sees no customer's data.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancellations, renewalAnswers, renewalCycles } from '../../src/db/schema.js';
import { jsonl } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { boltPythonBody, boltPythonSlashForm, fill, javaSample, type Json } from '../support/recorded-payloads.js';
import { newEventId, newTriggerId, slackNowTs } from '../support/slack/requests.js';
import { useServedApp } from '../support/slack/served-app.js';

const t = useFreshDatabase();
const NOW = '2026-11-11T09:00+09:00';
const TEAM = 'T0CERTDESK';
const ENTERPRISE = 'E0CERTORG01';
/** An Enterprise Grid user (W…), a registered contact of ACME. */
const GRID_ALICE = 'W0GRIDALICE';
/** A user of another organisation in the Slack Connect channel shared with ACME. */
const CONNECT_USER = 'W0CONNECTED';
const CONNECT_TEAM = 'T0OTHERORG1';
const CONNECT_ENTERPRISE = 'E0OTHERORG1';
const ACME = 'C0ACME';

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    { type: 'customer', id: 'acme', name: 'ACME株式会社', country: 'JP', channel: ACME, contacts: [GRID_ALICE] },
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
      id: 'acme-shop',
      customer: 'acme',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'shop.acme.example',
      notBefore: '2026-06-01T00:00:00+09:00',
      notAfter: '2027-05-31T23:59:59+09:00',
    },
    { type: 'customer', id: 'beta', name: 'ベータ株式会社', country: 'JP', channel: 'C0BETA', contacts: ['U0BOB'] },
    {
      type: 'contract',
      id: 'beta-secret',
      customer: 'beta',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'secret.beta.example',
      notBefore: '2026-06-01T00:00:00+09:00',
      notAfter: '2027-05-31T23:59:59+09:00',
    },
    { type: 'staff', slackUserId: 'U0STAFF', name: '山田 花子' },
  ),
  secret: 'b4f1c0de5eed0f1e2d3c4b5a69788796',
  redisUrl: testRedisUrl(8),
  now: NOW,
  staffChannel: 'C0STAFF',
  users: { [GRID_ALICE]: { locale: 'ja-JP' }, [CONNECT_USER]: { locale: 'en-US' } },
});

let notice: { ts: string };
let cycleId: number;
beforeAll(async () => {
  notice = await app.until('the renewal notice', () =>
    app.fake.messagesIn(ACME).find((m) => JSON.stringify(m.blocks).includes('renewal:renew')),
  );
  cycleId = (await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'acme-www')))[0]!.id;
});

const answers = () => t.db.db.select().from(renewalAnswers).where(eq(renewalAnswers.cycleId, cycleId));
const acceptedAnswers = async () => (await answers()).filter((a) => a.accepted);
const texts = (bodies: Json[]) => bodies.map((b) => JSON.stringify(b)).join('\n');

/** Posts a recorded body, signed; resolves with its HTTP answer and what came back on its response_url. */
async function replay(kind: 'command' | 'interactive' | 'event', body: object, responseUrl?: string) {
  const reply = await app.send(kind, body);
  return { reply, responses: async () => (responseUrl ? app.fake.responsesTo(responseUrl) : []) };
}

describe('slash commands as Slack records them', () => {
  it('bolt-python’s slash command, from an Enterprise Grid contact: /cert status lists ACME’s contracts', async () => {
    const responseUrl = app.fake.responseUrl({ channel: ACME, user: GRID_ALICE });
    const body = {
      ...boltPythonSlashForm(),
      command: '/cert',
      text: 'status',
      team_id: TEAM,
      enterprise_id: ENTERPRISE,
      channel_id: ACME,
      user_id: GRID_ALICE,
      response_url: responseUrl,
      trigger_id: newTriggerId(),
    };
    const r = await replay('command', body, responseUrl);
    expect(r.reply.status).toBe(200);
    const [answer] = await app.until('the status', async () =>
      (await r.responses()).length ? r.responses() : undefined,
    );
    expect(texts([answer!])).toContain('acme-www');
    expect(texts([answer!])).not.toContain('beta');
  });

  it('java-slack-sdk’s slash command with is_enterprise_install: the same answer', async () => {
    const responseUrl = app.fake.responseUrl({ channel: ACME, user: GRID_ALICE });
    const body = fill(javaSample('SlashCommandPayload.json'), {
      command: '/cert',
      text: 'status acme-shop',
      team_id: TEAM,
      team_domain: 'certdesk',
      enterprise_id: ENTERPRISE,
      enterprise_name: 'Certdesk Org',
      channel_id: ACME,
      channel_name: 'acme',
      user_id: GRID_ALICE,
      user_name: 'alice',
      api_app_id: 'A0CERTDESK',
      token: 'x',
      response_url: responseUrl,
      trigger_id: newTriggerId(),
      is_enterprise_install: true,
    });
    // A form carries strings: Slack sends the flag as "true".
    const form = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
    const r = await replay('command', form, responseUrl);
    expect(r.reply.status).toBe(200);
    const [answer] = await app.until('the status', async () =>
      (await r.responses()).length ? r.responses() : undefined,
    );
    expect(texts([answer!])).toContain('acme-shop');
  });

  it('a Slack Connect user of another organisation is told to ask staff, and sees no customer’s contracts', async () => {
    const responseUrl = app.fake.responseUrl({ channel: ACME, user: CONNECT_USER });
    const body = {
      ...boltPythonSlashForm(),
      command: '/cert',
      text: 'status',
      team_id: CONNECT_TEAM,
      enterprise_id: CONNECT_ENTERPRISE,
      channel_id: ACME,
      user_id: CONNECT_USER,
      response_url: responseUrl,
      trigger_id: newTriggerId(),
    };
    const r = await replay('command', body, responseUrl);
    expect(r.reply.status).toBe(200);
    const [answer] = await app.until('the refusal', async () =>
      (await r.responses()).length ? r.responses() : undefined,
    );
    const text = texts([answer!]);
    expect(text).toContain('Staff must register you first');
    expect(text).not.toMatch(/acme-|beta|www\.acme|secret\.beta/);
  });
});

describe('renewal buttons as Slack records block_actions', () => {
  it('bolt-python’s block_actions from a Grid contact: "renew" is recorded and they are told so', async () => {
    const responseUrl = app.fake.responseUrl({ channel: ACME, user: GRID_ALICE, messageTs: notice.ts });
    const body = fill(boltPythonBody('block_actions.json'), {
      'user.id': GRID_ALICE,
      'user.team_id': TEAM,
      'team.id': TEAM,
      'team.enterprise_id': ENTERPRISE,
      'container.message_ts': notice.ts,
      'container.channel_id': ACME,
      'container.is_ephemeral': false,
      'channel.id': ACME,
      trigger_id: newTriggerId(),
      response_url: responseUrl,
      'actions.0.action_id': 'renewal:renew',
      'actions.0.block_id': 'renewal',
      'actions.0.value': String(cycleId),
      'actions.0.action_ts': slackNowTs(),
    });
    const r = await replay('interactive', body, responseUrl);
    expect(r.reply.status).toBe(200);
    await app.until('the answer', async () =>
      (await acceptedAnswers()).find((a) => a.answer === 'renew' && a.answeredBy === GRID_ALICE),
    );
    const [told] = await app.until('the reply', async () => ((await r.responses()).length ? r.responses() : undefined));
    expect(texts([told!])).toContain('更新する');
  });

  it('java-slack-sdk’s block_actions: "don’t renew" replaces it', async () => {
    const responseUrl = app.fake.responseUrl({ channel: ACME, user: GRID_ALICE, messageTs: notice.ts });
    const body = fill(javaSample('BlockActionPayload.json'), {
      'enterprise.id': ENTERPRISE,
      'team.id': TEAM,
      'user.id': GRID_ALICE,
      'user.team_id': TEAM,
      'container.type': 'message',
      'container.channel_id': ACME,
      'container.message_ts': notice.ts,
      'channel.id': ACME,
      'message.ts': notice.ts,
      trigger_id: newTriggerId(),
      response_url: responseUrl,
      'actions.0.action_id': 'renewal:decline',
      'actions.0.type': 'button',
      'actions.0.value': String(cycleId),
      'actions.0.action_ts': slackNowTs(),
    }) as Json;
    delete body.view;
    const r = await replay('interactive', body, responseUrl);
    expect(r.reply.status).toBe(200);
    await app.until('the answer', async () => (await acceptedAnswers()).find((a) => a.answer === 'dont-renew'));
  });

  it('the same button from a Slack Connect user of another organisation records nothing and says who may answer', async () => {
    const before = (await answers()).length;
    const responseUrl = app.fake.responseUrl({ channel: ACME, user: CONNECT_USER, messageTs: notice.ts });
    const body = fill(boltPythonBody('block_actions.json'), {
      'user.id': CONNECT_USER,
      'user.team_id': CONNECT_TEAM,
      'team.id': CONNECT_TEAM,
      'team.enterprise_id': CONNECT_ENTERPRISE,
      'container.message_ts': notice.ts,
      'container.channel_id': ACME,
      'container.is_ephemeral': false,
      'channel.id': ACME,
      trigger_id: newTriggerId(),
      response_url: responseUrl,
      'actions.0.action_id': 'renewal:renew',
      'actions.0.value': String(cycleId),
    });
    const r = await replay('interactive', body, responseUrl);
    expect(r.reply.status).toBe(200);
    const [told] = await app.until('the refusal', async () =>
      (await r.responses()).length ? r.responses() : undefined,
    );
    expect(texts([told!])).toContain("Only the customer's registered contacts");
    expect(await answers()).toHaveLength(before);
  });
});

describe('the cancellation form as Slack records view_submission', () => {
  const values = (contract: string) => ({
    cancel_contract: {
      'cancel:contract': {
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: contract, emoji: true }, value: contract },
      },
    },
  });

  it('bolt-python’s view_submission from a Grid contact records the cancellation', async () => {
    const body = fill(boltPythonBody('view_submission.json'), {
      'user.id': GRID_ALICE,
      'user.team_id': TEAM,
      'team.id': TEAM,
      'team.enterprise_id': ENTERPRISE,
      'view.callback_id': 'cancel_modal',
      'view.private_metadata': JSON.stringify({ channel: ACME, customer: 'acme' }),
      'view.state': { values: values('acme-shop') },
      trigger_id: newTriggerId(),
    });
    const r = await replay('interactive', body);
    expect(r.reply.status).toBe(200);
    expect(r.reply.json).toBeUndefined();
    const row = await app.until(
      'the cancellation',
      async () => (await t.db.db.select().from(cancellations).where(eq(cancellations.contractId, 'acme-shop')))[0],
    );
    expect(row).toMatchObject({ via: 'modal' });
    await app.until('the sender told', () =>
      app.fake.calls.some(
        (c) =>
          c.method === 'chat.postEphemeral' && c.args.user === GRID_ALICE && String(c.args.text).includes('acme-shop'),
      ),
    );
  });

  it('java-slack-sdk’s view_submission (is_enterprise_install) for a contract of another customer is refused in the form', async () => {
    const body = fill(javaSample('ViewSubmissionPayload.json'), {
      'enterprise.id': ENTERPRISE,
      'team.id': TEAM,
      'user.id': GRID_ALICE,
      'user.team_id': TEAM,
      'view.id': 'V0CANCEL01',
      'view.callback_id': 'cancel_modal',
      'view.private_metadata': JSON.stringify({ channel: ACME, customer: 'acme' }),
      'view.state': { values: values('beta-secret') },
      trigger_id: newTriggerId(),
      is_enterprise_install: true,
    });
    const r = await replay('interactive', body);
    expect(r.reply.status).toBe(200);
    expect(r.reply.json).toMatchObject({
      response_action: 'errors',
      errors: { cancel_contract: expect.stringContaining('登録された方') },
    });
    expect(await t.db.db.select().from(cancellations).where(eq(cancellations.contractId, 'beta-secret'))).toHaveLength(
      0,
    );
  });

  it('bolt-python’s Slack Connect view_submission (a user of another organisation) is refused in the form', async () => {
    const body = fill(boltPythonBody('view_submission_connect_channel.json'), {
      'user.id': CONNECT_USER,
      'user.team_id': CONNECT_TEAM,
      'team.id': CONNECT_TEAM,
      'team.enterprise_id': CONNECT_ENTERPRISE,
      'enterprise.id': CONNECT_ENTERPRISE,
      'view.callback_id': 'cancel_modal',
      'view.private_metadata': JSON.stringify({ channel: ACME, customer: 'acme' }),
      'view.state': { values: values('acme-www') },
      'view.app_installed_team_id': TEAM,
      trigger_id: newTriggerId(),
    });
    const r = await replay('interactive', body);
    expect(r.reply.status).toBe(200);
    expect(r.reply.json).toMatchObject({
      response_action: 'errors',
      errors: { cancel_contract: expect.stringContaining('registered contacts') },
    });
    expect(await t.db.db.select().from(cancellations).where(eq(cancellations.contractId, 'acme-www'))).toHaveLength(0);
  });
});

describe('events as Slack records them', () => {
  it('bolt-python’s thread_broadcast reply from a Grid contact is an answer (Art. 6)', async () => {
    const stored = app.fake.addMessage(ACME, {
      text: '更新する',
      user: GRID_ALICE,
      thread_ts: notice.ts,
      subtype: 'thread_broadcast',
    });
    const body = fill(boltPythonBody('message_thread_broadcast.json'), {
      team_id: TEAM,
      enterprise_id: ENTERPRISE,
      api_app_id: 'A0CERTDESK',
      event_id: newEventId(),
      'event.text': '更新する',
      'event.user': GRID_ALICE,
      'event.ts': stored.ts,
      'event.event_ts': stored.ts,
      'event.thread_ts': notice.ts,
      'event.channel': ACME,
      'event.root.ts': notice.ts,
      'event.root.thread_ts': notice.ts,
      'event.root.user': 'U0CERTBOT1',
      'authorizations.0.team_id': TEAM,
      'authorizations.0.enterprise_id': ENTERPRISE,
      event_context: `1-message-${TEAM}-${ACME}`,
    });
    const r = await replay('event', body);
    expect(r.reply.status).toBe(200);
    await app.until('the answer', async () =>
      (await acceptedAnswers()).find((a) => a.via === 'thread' && a.answer === 'renew'),
    );
    await app.until('the reaction', () =>
      app.fake.calls.some((c) => c.method === 'reactions.add' && c.args.timestamp === stored.ts),
    );
  });

  it('java-slack-sdk’s thread_broadcast from a Slack Connect user of another organisation records nothing and says who may answer', async () => {
    const before = (await answers()).length;
    const stored = app.fake.addMessage(ACME, {
      text: "don't renew",
      user: CONNECT_USER,
      thread_ts: notice.ts,
      subtype: 'thread_broadcast',
    });
    const body = fill(javaSample('MessageThreadBroadcastPayload.json'), {
      type: 'event_callback',
      team_id: TEAM,
      enterprise_id: ENTERPRISE,
      api_app_id: 'A0CERTDESK',
      event_id: newEventId(),
      event_time: Math.floor(Date.now() / 1000),
      'event.text': "don't renew",
      'event.user': CONNECT_USER,
      'event.team': CONNECT_TEAM,
      'event.user_team': CONNECT_TEAM,
      'event.source_team': CONNECT_TEAM,
      'event.ts': stored.ts,
      'event.event_ts': stored.ts,
      'event.thread_ts': notice.ts,
      'event.channel': ACME,
      'event.channel_type': 'channel',
      is_ext_shared_channel: true,
    }) as Json;
    const r = await replay('event', body);
    expect(r.reply.status).toBe(200);
    await app.until('the refusal', () =>
      app.fake.calls.some(
        (c) =>
          c.method === 'chat.postEphemeral' &&
          c.args.user === CONNECT_USER &&
          String(c.args.text).includes('registered contacts'),
      ),
    );
    expect(await answers()).toHaveLength(before);
  });

  it('bolt-python’s app_home_opened of an org-wide install: the Messages tab draws nothing, the Home tab is ACME’s', async () => {
    const body = boltPythonBody('app_home_opened_org_app.json');
    const asRecorded = fill(body, {
      'event.user': GRID_ALICE,
      event_id: newEventId(),
      enterprise_id: ENTERPRISE,
      'authorizations.0.enterprise_id': ENTERPRISE,
    });
    expect((await replay('event', asRecorded)).reply.status).toBe(200);
    const home = fill(body, {
      'event.user': GRID_ALICE,
      'event.tab': 'home',
      event_id: newEventId(),
      enterprise_id: ENTERPRISE,
      'authorizations.0.enterprise_id': ENTERPRISE,
    });
    expect((await replay('event', home)).reply.status).toBe(200);
    const published = await app.until('the home', () =>
      app.fake.calls.find((c) => c.method === 'views.publish' && c.args.user_id === GRID_ALICE),
    );
    expect(JSON.stringify(published.args.view)).toContain('acme-www');
    expect(app.fake.calls.filter((c) => c.method === 'views.publish' && c.args.user_id === GRID_ALICE)).toHaveLength(1);
  });

  it('java-slack-sdk’s app_home_opened from a Slack Connect user: a Home that names no customer', async () => {
    const body = fill(javaSample('AppHomeOpenedPayload.json'), {
      type: 'event_callback',
      team_id: CONNECT_TEAM,
      enterprise_id: CONNECT_ENTERPRISE,
      api_app_id: 'A0CERTDESK',
      event_id: newEventId(),
      'event.user': CONNECT_USER,
      'event.tab': 'home',
      'event.channel': 'D0CONNECT1',
    });
    expect((await replay('event', body)).reply.status).toBe(200);
    const published = await app.until('the home', () =>
      app.fake.calls.find((c) => c.method === 'views.publish' && c.args.user_id === CONNECT_USER),
    );
    const view = JSON.stringify(published.args.view);
    expect(view).toContain('staff must register you');
    expect(view).not.toMatch(/acme-|beta|www\.acme|secret\.beta/);
  });
});

describe('nothing of them failed inside the app', () => {
  it('serve logged no error from Bolt or a listener', () => {
    // Bolt's errors (a listener that threw, a body it could not read) are logged as "certdesk: slack: …".
    expect(app.log).not.toContain('certdesk: slack:');
  });
});
