// Slack's own record of what it sends (slackapi/java-slack-sdk json-logs/samples, MIT: every key
// Slack has been seen to send, values blanked), with our ids filled in — Enterprise Grid ids
// (W… users, E… enterprises) and a Slack Connect user of another team — must pass every schema
// certdesk checks Slack's requests with.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionPayload, EventCallback, SlackRequest, SlashPayload, ViewPayload } from '../../src/slack/payloads.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'slack', 'java-slack-sdk');
const sample = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;

const GRID_USER = 'W0GRIDUSER1';
const CONNECT_TEAM = 'T0OTHERTEAM';
const ENTERPRISE = 'E0ENTERPRISE';
const CHANNEL = 'C0ACME';
const TS = '1794218400.000100';

/** Fills the blanked values certdesk reads, leaving every other key as Slack sends it. */
function fill(body: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(body);
  for (const [path, v] of Object.entries(values)) {
    const keys = path.split('.');
    let at = out as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
    at[keys.at(-1)!] = v;
  }
  return out;
}

const grid = {
  enterprise_id: ENTERPRISE,
  team_id: CONNECT_TEAM,
  api_app_id: 'A0CERTDESK',
  event_id: 'Ev0REAL0001',
  type: 'event_callback',
};

describe('Slack’s recorded payloads pass our schemas', () => {
  it('a slash command from an Enterprise Grid user', () => {
    const body = fill(sample('SlashCommandPayload.json'), {
      command: '/cert',
      text: 'status',
      user_id: GRID_USER,
      channel_id: CHANNEL,
      team_id: CONNECT_TEAM,
      enterprise_id: ENTERPRISE,
      trigger_id: '1.2.abc',
      response_url: 'https://hooks.slack.com/commands/T0/1/x',
    });
    expect(SlashPayload.safeParse(body).error).toBeUndefined();
    expect(SlackRequest.safeParse(body).success).toBe(true);
  });

  it('a block action on a message, and one in a modal', () => {
    const base = sample('BlockActionPayload.json');
    const onMessage = fill(base, {
      'user.id': GRID_USER,
      'user.team_id': CONNECT_TEAM,
      'enterprise.id': ENTERPRISE,
      'channel.id': CHANNEL,
      'container.channel_id': CHANNEL,
      'container.message_ts': TS,
      'actions.0.action_id': 'renewal:renew',
      'actions.0.type': 'button',
      'actions.0.value': '1',
    });
    delete onMessage.view;
    expect(ActionPayload.safeParse(onMessage).error).toBeUndefined();
    const inModal = fill(base, {
      'user.id': GRID_USER,
      'view.id': 'V0MODAL',
      'view.private_metadata': JSON.stringify({ channel: CHANNEL, customer: 'acme' }),
      'view.state': { values: {} },
      'actions.0.action_id': 'cancel:contract',
      'actions.0.type': 'static_select',
    });
    expect(ActionPayload.safeParse(inModal).error).toBeUndefined();
    expect(SlackRequest.safeParse(inModal).success).toBe(true);
  });

  it('a modal submission', () => {
    const body = fill(sample('ViewSubmissionPayload.json'), {
      'user.id': GRID_USER,
      'view.id': 'V0MODAL',
      'view.callback_id': 'cancel_modal',
      'view.private_metadata': '',
      'view.state': {
        values: {
          cancel_contract: { 'cancel:contract': { type: 'static_select', selected_option: { value: 'acme-www' } } },
        },
      },
    });
    expect(ViewPayload.safeParse(body).error).toBeUndefined();
    expect(SlackRequest.safeParse(body).success).toBe(true);
  });

  it('app_home_opened, a message, and a thread reply also sent to the channel', () => {
    const home = fill(sample('AppHomeOpenedPayload.json'), {
      ...grid,
      'event.user': GRID_USER,
      'event.tab': 'home',
      'event.channel': 'D0HOME',
    });
    const message = fill(sample('MessagePayload.json'), {
      ...grid,
      'event.user': GRID_USER,
      'event.channel': CHANNEL,
      'event.ts': TS,
      'event.type': 'message',
    });
    const broadcast = fill(sample('MessageThreadBroadcastPayload.json'), {
      ...grid,
      'event.user': GRID_USER,
      'event.channel': CHANNEL,
      'event.ts': TS,
      'event.thread_ts': TS,
      'event.text': '更新しない',
    });
    for (const body of [home, message, broadcast]) {
      expect(EventCallback.safeParse(body).error).toBeUndefined();
      expect(SlackRequest.safeParse(body).success).toBe(true);
    }
  });
});
