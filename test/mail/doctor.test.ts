// `certdesk doctor` on the mail server: one that answers and refuses the login is told apart from one
// that does not answer, each with what to check.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certdesk } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { freePort } from '../support/net.js';

const t = useFreshDatabase();
let server: SMTPServer;
let port = 0;
beforeAll(async () => {
  // A server that asks for a login and takes none.
  server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const mailCheck = async (smtpUrl: string) => {
  const r = await certdesk(['doctor', '--json'], {
    ...t.env,
    CERTDESK_LANG: 'en',
    CERTDESK_SMTP_URL: smtpUrl,
    CERTDESK_MAIL_FROM: 'certs@provider.example',
  });
  return (r.json.checks as { name: string; status: string; detail: string; fix?: string }[]).find(
    (c) => c.name === 'mail',
  );
};

describe('doctor: the mail server', () => {
  it('one that refuses the login is said to answer and refuse it, with the user and password to check', async () => {
    const check = await mailCheck(`smtp://someone:wrong@127.0.0.1:${port}`);
    expect(check).toMatchObject({ status: 'fail' });
    expect(check!.detail).toContain(`the SMTP server 127.0.0.1:${port} answers but refused the login`);
    expect(check!.fix).toContain('user and password');
  });

  it('one that does not answer is said not to', async () => {
    const closed = await freePort();
    const check = await mailCheck(`smtp://127.0.0.1:${closed}`);
    expect(check).toMatchObject({ status: 'fail' });
    expect(check!.detail).toContain(`the SMTP server 127.0.0.1:${closed} does not answer`);
  });
});
