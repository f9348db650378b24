// Category II (クラウド証明書) sold and billed end to end: applied for in Slack (/cert apply over
// signed HTTP) and with `certdesk apply`, accepted with the agreed certificate fee, renewed by
// default with its price agreed after the renewal. The ledger holds exactly Appendix 1's amounts.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { applications, ledgerEntries } from '../../src/db/schema.js';
import { makeIntermediate, makeLeaf, makeRoot, type Issued } from '../support/ca.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { useServedApp } from '../support/slack/served-app.js';
import { blockActions, inputValue, selectValue, viewSubmission } from '../support/slack/requests.js';

const t = useFreshDatabase();
const NOW = '2026-11-11T09:00+09:00';
const STAFF = 'U0STAFF';
const ALICE = 'U0ALICE';
const ACME = 'C0ACME';
const STAFF_CHANNEL = 'C0STAFF';

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    {
      type: 'customer',
      id: 'acme',
      name: 'ACME株式会社',
      country: 'JP',
      channel: ACME,
      contacts: [ALICE],
      designatedServices: ['gio'],
    },
    { type: 'staff', slackUserId: STAFF, name: '山田 花子' },
  ),
  secret: '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f',
  redisUrl: testRedisUrl(10),
  now: NOW,
  staffChannel: STAFF_CHANNEL,
  users: { [ALICE]: { locale: 'ja-JP' }, [STAFF]: { locale: 'ja-JP' } },
});

const cli = (args: string[], now = NOW) =>
  certdesk([...args, '--json'], {
    ...t.env,
    CERTDESK_NOW: now,
    SLACK_BOT_TOKEN: 'xoxb-certdesk',
    SLACK_API_URL: app.fake.apiUrl,
    CERTDESK_STAFF_CHANNEL: STAFF_CHANNEL,
  });
const ledgerOf = async (contract: string) =>
  (
    await t.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, contract)).orderBy(ledgerEntries.id)
  ).map((e) => [e.kind, e.amount, e.accruedOn.toString(), e.article]);

let ca: { root: Issued; intermediate: Issued };
beforeAll(() => {
  // Valid around the test's fixed clock, whatever day the test runs.
  const root = makeRoot({
    commonName: 'Test Root',
    notBefore: '2020-01-01T00:00:00Z',
    notAfter: '2040-01-01T00:00:00Z',
  });
  ca = {
    root,
    intermediate: makeIntermediate(root, {
      commonName: 'Test Intermediate',
      notBefore: '2020-01-01T00:00:00Z',
      notAfter: '2040-01-01T00:00:00Z',
    }),
  };
});

describe('category II, from application to a default renewal priced after it', () => {
  let slackContract: string;
  let cliContract: string;

  it('an application naming no designated service of the provider is refused (Art. 4(1)), then accepted once the provider designates the service', async () => {
    const refused = await cli([
      'apply',
      '--customer',
      'acme',
      '--item',
      'global-server-id-cloud',
      '--term',
      '1y',
      '--common-name',
      'api.acme.example',
      '--service',
      'gio',
    ]);
    expect(refused.code).toBe(3);
    expect(refused.json.reasons.map((r: { code: string }) => r.code)).toEqual([
      'no-designated-service',
      'service-not-designated',
    ]);
    expect((await cli(['designated-service', 'add', 'gio', '--name', 'IIJ GIO'])).json).toMatchObject({
      service: 'gio',
      designated: true,
      changed: true,
    });
  });

  it('a designated service the customer does not use is refused, naming the ones it does (Art. 4(1))', async () => {
    await cli(['designated-service', 'add', 'other-svc', '--name', 'Other']);
    const refused = await cli([
      'apply',
      '--customer',
      'acme',
      '--item',
      'global-server-id-cloud',
      '--term',
      '1y',
      '--common-name',
      'other.acme.example',
      '--service',
      'other-svc',
    ]);
    expect(refused.code).toBe(3);
    expect(refused.json.reasons).toEqual([
      expect.objectContaining({ code: 'service-not-held', params: { service: 'other-svc', services: ['gio'] } }),
    ]);
    expect((await cli(['designated-service', 'remove', 'other-svc'])).json).toMatchObject({ changed: true });
    // Taken off twice (or mistyped): a usage error that says what is on the list.
    const again = await cli(['designated-service', 'remove', 'other-svc']);
    expect(again.code).toBe(2);
    expect(again.json.message).toMatch(/^"other-svc" is not on the list of designated services\. The list: .*gio/);
  });

  it('/cert apply in Slack, then Accept asks for the agreed certificate fee in a modal: certificate and agency fees accrue at acceptance', async () => {
    const opened = await app.slash(ALICE, ACME, 'apply');
    const submitted = await app.send(
      'interactive',
      viewSubmission({
        callbackId: 'apply_modal',
        userId: ALICE,
        privateMetadata: opened.opened[0]!.private_metadata,
        values: {
          apply_item: { item: selectValue('secure-server-id-cloud') },
          apply_term: { term: selectValue('1y') },
          apply_common_name: { common_name: inputValue('www.acme.example') },
          apply_service: { service: selectValue('gio') },
          apply_options: { options: { type: 'checkboxes', selected_options: [] } },
          apply_certificate: { certificate: inputValue(null) },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    const application = await app.until(
      'the application',
      async () => (await t.db.db.select().from(applications).where(eq(applications.commonName, 'www.acme.example')))[0],
    );
    // A second application for the same customer, item and name is refused, naming the first.
    const twin = await cli([
      'apply',
      '--customer',
      'acme',
      '--item',
      'secure-server-id-cloud',
      '--term',
      '1y',
      '--common-name',
      'www.acme.example',
      '--service',
      'gio',
    ]);
    expect(twin.code).toBe(3);
    expect(twin.json.reasons[0]).toMatchObject({
      code: 'application-already-pending',
      params: { application: application.id },
    });

    const responseUrl = app.fake.responseUrl({ channel: STAFF_CHANNEL, user: STAFF });
    expect(
      (
        await app.send(
          'interactive',
          blockActions({
            actions: { actionId: 'application:accept', value: String(application.id) },
            userId: STAFF,
            channelId: STAFF_CHANNEL,
            responseUrl,
          }),
        )
      ).status,
    ).toBe(200);
    const modal = await app.until('the accept modal', () =>
      app.fake.modals().find((v) => v.callback_id === 'application_accept_modal'),
    );
    const values = { accept_fee: { fee: inputValue('240,000') } };
    expect(
      (
        await app.send(
          'interactive',
          viewSubmission({
            callbackId: 'application_accept_modal',
            userId: STAFF,
            privateMetadata: modal.private_metadata,
            values,
          }),
        )
      ).status,
    ).toBe(200);
    const accepted = await app.until(
      'the acceptance',
      async () => (await t.db.db.select().from(applications).where(eq(applications.id, application.id)))[0]?.contractId,
    );
    slackContract = accepted;
    expect(await ledgerOf(slackContract)).toEqual([
      ['certificate', 240_000, '2026-11-11', 'Art. 10; Appendix 1 §1'],
      ['agency', 50_000, '2026-11-11', 'Art. 10; Appendix 1 §3'],
    ]);
  });

  it('certdesk apply and certdesk application accept --agreed-fee do the same from the command line', async () => {
    const applied = await cli([
      'apply',
      '--customer',
      'acme',
      '--item',
      'global-server-id-cloud',
      '--term',
      '1y',
      '--common-name',
      'api.acme.example',
      '--service',
      'gio',
    ]);
    expect(applied).toMatchObject({ code: 0, json: { status: 'pending' } });
    const without = await cli(['application', 'accept', String(applied.json.application)]);
    expect(without.code).toBe(3);
    expect(without.json.reasons[0].code).toBe('individual-price-missing');
    const accepted = await cli(['application', 'accept', String(applied.json.application), '--agreed-fee', '300000']);
    expect(accepted.code).toBe(0);
    cliContract = accepted.json.contract;
    expect(accepted.json.ledger.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
      ['certificate', 300_000],
      ['agency', 50_000],
    ]);
  });

  it('a default renewal accrues the fixed agency fee (Appendix 1 §3) at once, and the certificate fee when agreed after it', async () => {
    const leaf = makeLeaf(ca.intermediate, {
      commonName: 'www.acme.example',
      notBefore: '2026-11-10T00:00:00Z',
      notAfter: '2027-05-20T00:00:00Z',
    });
    const attached = await certdesk(
      [
        'cert',
        'attach',
        '--contract',
        slackContract,
        tempFile(leaf.certPem + ca.intermediate.certPem, '.pem'),
        '--json',
      ],
      { ...t.env, CERTDESK_NOW: NOW },
    );
    expect(attached.code, JSON.stringify(attached.json)).toBe(0);
    const [row] = (await cli(['contracts', '--customer', 'acme'])).json.filter(
      (c: { id: string }) => c.id === slackContract,
    );
    const expiry: string = row.expiryDate;
    const day = (d: string, days: number) =>
      new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    // The first notice at 60 days fixes the deadline (30 days before); the day after, a default renewal.
    const swept = await cli(['sweep', '--as-of', `${day(expiry, -60)}T09:30+09:00`], `${day(expiry, -60)}T09:30+09:00`);
    expect(swept.code, `${expiry} ${JSON.stringify(swept.json)}`).toBe(0);
    const notice = await app.until('the notice', () =>
      app.fake.messagesIn(ACME).find((m) => JSON.stringify(m.blocks).includes('renewal:renew')),
    );
    expect(JSON.stringify(notice.blocks)).toContain('まだ合意していません');
    const deadline = day(expiry, -30);
    const renewedAt = `${day(deadline, 1)}T09:30+09:00`;
    expect((await cli(['sweep', '--as-of', renewedAt], renewedAt)).code).toBe(0);
    const feeDay = day(deadline, 1);
    expect((await ledgerOf(slackContract)).slice(2)).toEqual([
      ['agency', 50_000, feeDay, 'Art. 10, Art. 6(2); Appendix 1 §3'],
    ]);

    const agreedAt = `${day(deadline, 10)}T11:00+09:00`;
    const agreed = await cli(['price', 'agree', '--contract', slackContract, '--amount', '250000'], agreedAt);
    expect(agreed).toMatchObject({ code: 0, json: { contract: slackContract, renewed: true, amount: 250_000 } });
    expect((await ledgerOf(slackContract)).slice(2)).toEqual([
      ['agency', 50_000, feeDay, 'Art. 10, Art. 6(2); Appendix 1 §3'],
      ['certificate', 250_000, day(deadline, 10), 'Art. 10, Art. 6(2); Appendix 1 §1'],
    ]);
    // Agreed once, it is not open any more; the next renewal's cycle begins with the renewed term.
    const again = await cli(['price', 'agree', '--contract', slackContract, '--amount', '250000'], agreedAt);
    expect(again.code).toBe(3);
    expect(again.json.reasons[0].code).toBe('no-renewal-to-price');
    expect((await ledgerOf(slackContract)).length).toBe(4);
    expect((await ledgerOf(cliContract)).length).toBe(2);
    // contract show keeps the agreement with its renewal cycle: the amount, who recorded it, when.
    const shown = await cli(['contract', 'show', slackContract], agreedAt);
    expect(shown.json.cycles.flatMap((c: { agreedPrices: unknown[] }) => c.agreedPrices)).toEqual([
      expect.objectContaining({ amount: 250_000 }),
    ]);
  });
});
