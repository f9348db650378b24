// The buttons and modals behind one Bolt listener each (commands/routes.ts): every id reaches its
// own listener, an id no listener registered is left unhandled as Bolt leaves it, and an id
// registered twice is refused at start-up.
import { App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { routesOn } from '../../commands/routes.js';

const receiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };

function appWith(register: (routes: ReturnType<typeof routesOn>) => void): App {
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: 'xoxb-test', botUserId: 'UBOT', botId: 'BBOT' }),
    convoStore: false,
  });
  const routes = routesOn(app);
  register(routes);
  routes.mount();
  return app;
}

const base = { team: { id: 'T1' }, user: { id: 'U1' }, api_app_id: 'A1', token: 't' };
const click = (actionId: string) => ({
  ...base,
  type: 'block_actions',
  trigger_id: 'tr',
  channel: { id: 'C1' },
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: 'v', action_ts: '1' }],
});
const submit = (callbackId: string) => ({
  ...base,
  type: 'view_submission',
  trigger_id: 'tr',
  view: { id: 'V1', callback_id: callbackId, state: { values: {} }, private_metadata: '' },
});

async function send(app: App, body: Record<string, unknown>): Promise<{ acked: boolean }> {
  let acked = false;
  const event: ReceiverEvent = { body, ack: async () => void (acked = true) };
  await app.processEvent(event).catch(() => {});
  return { acked };
}

describe('routed listeners', () => {
  it('sends each button and each modal to its own listener, and leaves others unhandled', async () => {
    const heard: string[] = [];
    const app = appWith((routes) => {
      for (const id of ['renewal:renew', 'renewal:decline', 'a.b'])
        routes.action(id, async ({ ack }) => {
          await ack();
          heard.push(`action ${id}`);
        });
      routes.view('quote_modal', async ({ ack }) => {
        await ack();
        heard.push('view quote_modal');
      });
    });
    expect(await send(app, click('renewal:decline'))).toEqual({ acked: true });
    expect(await send(app, click('renewal:renew'))).toEqual({ acked: true });
    expect(await send(app, submit('quote_modal'))).toEqual({ acked: true });
    // Only whole ids match: a dot is not a wildcard, a prefix is not the id.
    expect(await send(app, click('aXb'))).toEqual({ acked: false });
    expect(await send(app, click('renewal:renew:extra'))).toEqual({ acked: false });
    expect(await send(app, submit('other_modal'))).toEqual({ acked: false });
    expect(heard).toEqual(['action renewal:decline', 'action renewal:renew', 'view quote_modal']);
  });

  it('refuses a second listener for the same id', () => {
    expect(() =>
      appWith((routes) => {
        routes.action('x', async () => {});
        routes.action('x', async () => {});
      }),
    ).toThrow('two listeners for the action x');
  });
});
