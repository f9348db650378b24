// SPEC §9: where notices go by e-mail, given by import and the command line, checked as a mail
// server would, shown by contract show, and gone with the contact.
import { describe, expect, it } from 'vitest';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const env = () => ({ ...t.env, CERTDESK_NOW: '2026-10-01T10:00+09:00', CERTDESK_LANG: 'en' });
const customer = (extra: object) => ({ type: 'customer', id: 'acme', name: 'ACME', country: 'JP', ...extra });
const contract = {
  type: 'contract',
  id: 'acme-www',
  customer: 'acme',
  item: 'quick-ssl',
  term: '1y',
  commonName: 'www.acme.example',
  notBefore: '2026-01-11T00:00:00+09:00',
  notAfter: '2027-01-10T23:59:59+09:00',
};

describe('e-mail addresses of a customer', () => {
  it('an import line with an address no mail server would take is refused, naming the field', async () => {
    const r = await certdesk(
      ['import', tempFile(jsonl(customer({ contacts: [{ slackUserId: 'U0ALICE', email: 'alice@' }] })), '.jsonl')],
      env(),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('contacts (item 1).email: must be an e-mail address a mail server would take');
    const plain = await certdesk(
      ['import', tempFile(jsonl(customer({ emails: 'certs@acme.example' })), '.jsonl')],
      env(),
    );
    expect(plain.stderr).toContain('emails: must be a list of e-mail addresses');
  });

  it('import, contact add --email and contact remove keep them; an import again adds none twice', async () => {
    const records = jsonl(
      customer({ contacts: [{ slackUserId: 'U0ALICE', email: 'alice@acme.example' }], emails: ['certs@acme.example'] }),
      contract,
    );
    expect((await certdesk(['import', tempFile(records, '.jsonl')], env())).code).toBe(0);
    const again = await certdesk(['import', tempFile(records, '.jsonl'), '--json'], env());
    expect(again.json.unchanged.customers).toBe(1);

    const bad = await certdesk(['contact', 'add', 'acme', 'U0BOB', '--email', 'bob at acme'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"bob at acme" is not an e-mail address');
    const added = await certdesk(['contact', 'add', 'acme', 'U0BOB', '--email', 'Bob@ACME.example', '--json'], env());
    expect(added.json).toMatchObject({ user: 'U0BOB', email: 'Bob@ACME.example', changed: true });
    // The same address in other case is the same address.
    const same = await certdesk(['contact', 'add', 'acme', 'U0BOB', '--email', 'bob@acme.example', '--json'], env());
    expect(same.json.changed).toBe(false);

    let shown = await certdesk(['contract', 'show', 'acme-www', '--json'], env());
    expect(shown.json.customer.emails).toEqual([
      { address: 'Bob@ACME.example', contact: 'U0BOB' },
      { address: 'alice@acme.example', contact: 'U0ALICE' },
      { address: 'certs@acme.example', contact: null },
    ]);
    expect((await certdesk(['contract', 'show', 'acme-www'], env())).stdout).toContain(
      'U0ALICE <alice@acme.example>, U0BOB <Bob@ACME.example>, <certs@acme.example>',
    );

    expect((await certdesk(['contact', 'remove', 'acme', 'U0BOB'], env())).code).toBe(0);
    shown = await certdesk(['contract', 'show', 'acme-www', '--json'], env());
    expect(shown.json.customer.emails.map((e: { address: string }) => e.address)).toEqual([
      'alice@acme.example',
      'certs@acme.example',
    ]);
    const audit = await certdesk(['audit', '--json'], env());
    expect(JSON.stringify(audit.json)).toContain('Bob@ACME.example');
  });
});
