// `/cert order` and `/cert orders` for staff in Slack: the same order as `certdesk cert order`,
// here over dns-01 through the hook, against Debian's pebble.
import { randomBytes } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { freePort } from '../support/net.js';
import { useServedApp } from '../support/slack/served-app.js';
import { pebbleInstalled, startPebble, type Pebble } from './pebble.js';

const t = useFreshDatabase();
const run = pebbleInstalled();
const MASTER = randomBytes(32).toString('base64');
const STAFF = 'U0STAFF';
const STAFF_CHANNEL = 'C0STAFF';
let pebble: Pebble | undefined;
let hook = '';

beforeAll(async () => {
  if (!run) return;
  pebble = await startPebble({ httpPort: await freePort() });
  hook = tempFile(
    `#!/usr/bin/env node
const [action, name, value] = process.argv.slice(2);
fetch(${JSON.stringify(pebble.challtestsrvUrl)} + (action === 'add' ? '/set-txt' : '/clear-txt'), { method: 'POST', body: JSON.stringify({ host: name + '.', value }) })
  .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
`,
    '.mjs',
  );
  chmodSync(hook, 0o755);
});
afterAll(async () => pebble?.stop());

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    { type: 'customer', id: 'slk', name: 'Slack Order KK', country: 'JP', channel: 'C0SLK', contacts: ['U0ALICE'] },
    { type: 'staff', slackUserId: STAFF, name: '山田 花子' },
  ),
  secret: 'b3c1e9f2b47d5e6f8091a2b3c4d5e6f7',
  redisUrl: '',
  redisUrlOf: () => testRedisUrl(7),
  // The clock a minute ahead of the real one: what pebble issues now is valid at it.
  get now() {
    return new Date(Date.now() + 60_000).toISOString();
  },
  staffChannel: STAFF_CHANNEL,
  users: { [STAFF]: { locale: 'en-US' }, U0ALICE: { locale: 'en-US' } },
  env: () => ({ CERTDESK_MASTER_KEY: MASTER, CERTDESK_ACME_DNS_HOOK: hook }),
});

describe.skipIf(!run)('/cert order in Slack (pebble)', () => {
  it('staff order a contract’s certificate; a contact may not; /cert orders lists it', async () => {
    const env = { ...t.env, CERTDESK_MASTER_KEY: MASTER };
    const set = await certdesk(
      [
        'issuer',
        'set',
        'digicert',
        '--acme-directory',
        pebble!.directoryUrl,
        '--eab-kid',
        'kid-digicert',
        // A key may start with '-' (base64url): given as --flag=VALUE.
        `--eab-hmac-key=${pebble!.eab['kid-digicert']!}`,
        '--challenge',
        'dns-01',
        '--ca-bundle',
        tempFile(pebble!.tlsCaPem, '.pem'),
      ],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    const applied = await certdesk(
      [
        'apply',
        '--customer',
        'slk',
        '--item',
        'global-server-id',
        '--term',
        '1y',
        '--common-name',
        'slack.a19.test',
        '--delegate-key',
        '--json',
      ],
      env,
    );
    const contract = (await certdesk(['application', 'accept', String(applied.json.application), '--json'], env)).json
      .contract as string;

    expect(JSON.stringify((await app.slash('U0ALICE', 'C0SLK', `order ${contract}`)).responses)).toContain(
      'Only the provider',
    );
    await app.slash(STAFF, STAFF_CHANNEL, `order ${contract}`);
    const responseText = () => JSON.stringify(app.fake.calls.filter((c) => c.url !== undefined).map((c) => c.args));
    // Staff hear back when it is attached (or, when the workers' sweep took it first, that it is under way).
    await app.until(
      'the order to be issued',
      () => /was issued and attached|already under way/.test(responseText()),
      90_000,
    );
    await app.until(
      'the order row to be issued',
      async () =>
        (
          (await t.db.sql`select status from acme_orders where contract_id = ${contract}`) as unknown as {
            status: string;
          }[]
        )[0]?.status === 'issued',
      90_000,
    );
    const [order] = (await t.db
      .sql`select need, status, requested_by from acme_orders where contract_id = ${contract}`) as unknown as {
      need: string;
      status: string;
      requested_by: string;
    }[];
    expect(order).toMatchObject({ need: 'first', status: 'issued' });
    expect([`slack:${STAFF}`, 'scheduler']).toContain(order!.requested_by);
    const listed = await app.slash(STAFF, STAFF_CHANNEL, `orders ${contract}`);
    expect(JSON.stringify(listed.responses)).toContain(`${contract} · first · issued`);
    // Staff are told in their channel.
    await app.until(
      'the staff alert',
      () =>
        app.fake.calls.some(
          (c) =>
            c.method === 'chat.postMessage' &&
            c.args.channel === STAFF_CHANNEL &&
            JSON.stringify(c.args).includes(contract),
        ),
      30_000,
    );
  }, 180_000);
});
