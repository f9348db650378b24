// What the host really serves, checked over TLS against local servers on loopback: the right
// certificate, a wrong one, one that ends soon, a closed port and a server that never answers.
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, servedChecks } from '../../src/db/schema.js';
import { acceptApplication, submitApplication } from '../../src/services/applications.js';
import { certdesk, tempFile } from '../support/cli.js';
import { makeHierarchy, makeLeaf, type Issued } from '../support/ca.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
let ca: { root: Issued; intermediate: Issued };
const servers: (Server | TcpServer)[] = [];
const day = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * day);

const env = () => ({
  ...t.env,
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: fake.apiUrl,
  CERTDESK_STAFF_CHANNEL: 'C0STAFF',
});

async function serveTls(cert: Issued): Promise<number> {
  const server = createServer({ key: cert.keyPem, cert: cert.certPem + ca.intermediate.certPem }, (s) => s.end());
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

async function contract(commonName: string): Promise<string> {
  const now = new Date();
  const app = await submitApplication(
    t.db.db,
    {
      customerId: 'served',
      item: 'corporate-ssl',
      term: '1y',
      commonName,
      service: null,
      providerCreatesKey: false,
      movedFromExternalServer: false,
      certificatePem: null,
      submittedBy: 'U0ALICE',
      actor: 'test',
      channel: null,
    },
    now,
  );
  const accepted = await acceptApplication(
    t.db.db,
    { applicationId: app.ok ? app.value.application.id : 0, actor: 'test' },
    now,
  );
  return accepted.ok ? accepted.value.contractId! : '';
}

const attach = (id: string, cert: Issued) =>
  certdesk(
    ['cert', 'attach', '--contract', id, tempFile(cert.certPem + ca.intermediate.certPem, '.pem'), '--json'],
    env(),
  );
const check = (id: string, target: string, ...extra: string[]) =>
  certdesk(['check', '--contract', id, '--served-at', target, '--json', ...extra], env());

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
  ca = makeHierarchy();
  await t.db
    .sql`insert into customers (id, name, country, slack_channel) values ('served', 'Served Ltd', 'JP', 'C0SERVED')`;
});
afterAll(async () => {
  for (const s of servers) s.close();
  await fake.close();
});

describe('the certificate a host really serves', () => {
  it('the contract’s current certificate is "current"', async () => {
    const id = await contract('www.served.example');
    const cert = makeLeaf(ca.intermediate, { commonName: 'www.served.example', notBefore: at(-1), notAfter: at(180) });
    expect((await attach(id, cert)).code).toBe(0);
    const r = await check(id, `127.0.0.1:${await serveTls(cert)}`);
    expect(r).toMatchObject({ code: 0, json: [{ contract: id, outcome: 'current' }] });
  });

  it('a certificate that is not the contract’s is told to the customer’s channel, once', async () => {
    const id = await contract('app.served.example');
    await attach(
      id,
      makeLeaf(ca.intermediate, { commonName: 'app.served.example', notBefore: at(-1), notAfter: at(180) }),
    );
    const other = makeLeaf(ca.intermediate, { commonName: 'app.served.example', notBefore: at(-1), notAfter: at(180) });
    const port = await serveTls(other);
    expect((await check(id, `127.0.0.1:${port}`)).json).toEqual([expect.objectContaining({ outcome: 'not-current' })]);
    await check(id, `127.0.0.1:${port}`);
    expect(await t.db.db.select().from(outbox).where(eq(outbox.view, 'served-check'))).toHaveLength(1);
    await certdesk(['sweep'], env());
    const told = fake.messagesIn('C0SERVED').filter((m) => m.text.includes('証明書の確認'));
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.blocks)).toContain('現在の証明書ではありません');
  });

  it('the current certificate ending within the notice window is told too', async () => {
    const id = await contract('api.served.example');
    const soon = makeLeaf(ca.intermediate, { commonName: 'api.served.example', notBefore: at(-150), notAfter: at(20) });
    await attach(id, soon);
    expect((await check(id, `127.0.0.1:${await serveTls(soon)}`)).json).toEqual([
      expect.objectContaining({ outcome: 'expiring' }),
    ]);
  });

  it('a closed port and a server that never answers are reported, never a crash', async () => {
    const id = await contract('down.served.example');
    await attach(
      id,
      makeLeaf(ca.intermediate, { commonName: 'down.served.example', notBefore: at(-1), notAfter: at(180) }),
    );
    const closed = await check(id, '127.0.0.1:1');
    expect(closed).toMatchObject({
      code: 0,
      json: [{ outcome: 'unreachable', detail: expect.stringContaining('refused') }],
    });
    const silent = createTcpServer(() => {});
    servers.push(silent);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const hung = await check(id, `127.0.0.1:${(silent.address() as { port: number }).port}`, '--timeout', '1');
    expect(hung).toMatchObject({
      code: 0,
      json: [{ outcome: 'unreachable', detail: expect.stringContaining('timeout') }],
    });
    expect(await t.db.db.select().from(servedChecks).where(eq(servedChecks.contractId, id))).toHaveLength(2);
    await certdesk(['sweep'], env());
    expect(fake.messagesIn('C0STAFF').some((m) => m.text.includes(id))).toBe(true);
  });

  it('no key material in any call the fake Slack server received', () => {
    expect(JSON.stringify(fake.calls)).not.toMatch(/PRIVATE KEY/);
  });
});
