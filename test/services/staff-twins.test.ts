// Every staff action in Slack has a twin on the command line calling the same service. The test
// finds the staff-only subcommands by asking each as a stranger, reads the buttons the listeners
// register, and fails when either drifts from STAFF_TWINS or from the commands that exist.
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { register as registerActions } from '../../commands/actions/index.js';
import type { AppDeps, Who } from '../../commands/context.js';
import { CUSTOMER_ACTIONS, STAFF_TWINS, SUBCOMMANDS } from '../../commands/slash/index.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { STAFF_COMMANDS } from '../../src/cli/commands/staff.js';
import { DENIED } from '../../src/i18n/app.js';

const cli = new Set(COMMANDS.map((c) => c.name));
const untouchable = new Proxy(
  {},
  {
    get: () => {
      throw new Error('the database was used before the staff check');
    },
  },
);
const deps = {
  database: { db: untouchable },
  config: {},
  clock: () => new Date('2026-11-11T00:00:00Z'),
  requestSweep: async () => {},
  locales: {},
  failed: () => {},
} as unknown as AppDeps;
const stranger: Who = {
  userId: 'U0NOBODY',
  channelId: 'C0NONE',
  locale: 'en',
  person: { userId: 'U0NOBODY', staff: null, contactOf: [], channelCustomer: null },
};

async function staffOnly(name: string): Promise<boolean> {
  const said: string[] = [];
  const respond = async (m: unknown) =>
    void said.push(typeof m === 'string' ? m : String((m as { text?: string }).text));
  await SUBCOMMANDS[name]!({
    deps,
    client: {} as never,
    who: stranger,
    args: [],
    triggerId: 't',
    respond: respond as never,
  });
  return said.includes(DENIED.staffOnly.en);
}

function registeredActions(): string[] {
  const ids: string[] = [];
  const app = {
    action: (id: unknown) => ids.push(String(id)),
    view: () => {},
    command: () => {},
    event: () => {},
    message: () => {},
  } as unknown as App;
  registerActions(app, deps);
  return ids;
}

describe('every staff action in Slack has a command-line twin', () => {
  it('each staff-only /cert subcommand is listed with its twin, and each customer one is not', async () => {
    for (const name of Object.keys(SUBCOMMANDS)) {
      const staff = await staffOnly(name);
      if (staff)
        expect(
          STAFF_TWINS[name],
          `/cert ${name} is staff-only: list its command-line twin in STAFF_TWINS`,
        ).toBeDefined();
      else
        expect(CUSTOMER_ACTIONS[name], `/cert ${name} is open to customers: list it in CUSTOMER_ACTIONS`).toBeDefined();
    }
  });

  it('each button a listener handles is listed, as a staff action with its twin or as a customer’s', () => {
    for (const id of registeredActions())
      expect(
        STAFF_TWINS[id] ?? CUSTOMER_ACTIONS[id],
        `the button ${id} is in neither STAFF_TWINS nor CUSTOMER_ACTIONS`,
      ).toBeDefined();
  });

  it('each twin named is a command that exists, and nothing listed is gone from Slack', () => {
    const slack = new Set([...Object.keys(SUBCOMMANDS), ...registeredActions()]);
    for (const [action, twins] of Object.entries({ ...STAFF_TWINS, ...CUSTOMER_ACTIONS })) {
      expect(slack.has(action), `${action} is listed but Slack no longer has it`).toBe(true);
      for (const t of twins) expect(cli.has(t), `${action}'s twin "certdesk ${t}" does not exist`).toBe(true);
    }
  });

  it('each staff command of the command line is the twin of something staff do in Slack', () => {
    const twins = new Set(Object.values(STAFF_TWINS).flat());
    for (const c of STAFF_COMMANDS) {
      if (c.name === 'apply') continue; // the twin of a customer's /cert apply, for forms that come by other means
      expect(twins.has(c.name), `certdesk ${c.name} has no Slack twin in STAFF_TWINS`).toBe(true);
    }
  });
});
