// Appendix 1 with Art. 3: the fee tier of a category III contract is its certificate's fitting
// tier, at application as at renewal, and the application says which term applies before it is
// submitted. Against the real PostgreSQL, through the services the Slack modal and staff use.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts, ledgerEntries } from '../../src/db/schema.js';
import { acceptApplication, submitApplication, type ApplicationInput } from '../../src/services/applications.js';
import { makeHierarchy, makeLeaf } from '../support/ca.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const now = new Date('2027-02-01T01:00:00Z');
let application: ApplicationInput;

beforeAll(async () => {
  const ca = makeHierarchy();
  const records = jsonl({
    type: 'customer',
    id: 'tier',
    name: 'Tier Ltd',
    country: 'JP',
    channel: 'C0TIER',
    contacts: ['U0ALICE'],
  });
  expect(
    (await certdesk(['import', tempFile(records, '.jsonl')], { ...t.env, CERTDESK_NOW: '2027-02-01T10:00+09:00' }))
      .code,
  ).toBe(0);
  // A 200-day certificate: it fits 1年間 (and every longer term), not 6ヶ月間.
  const cert = makeLeaf(ca.intermediate, {
    commonName: 'www.tier.example',
    notBefore: '2027-01-25T00:00:00Z',
    notAfter: '2027-08-12T23:59:59Z',
  });
  application = {
    customerId: 'tier',
    item: 'bring-your-own',
    term: '3y',
    commonName: 'www.tier.example',
    service: null,
    providerCreatesKey: false,
    movedFromExternalServer: false,
    certificatePem: cert.certPem,
    submittedBy: 'U0ALICE',
    actor: 'slack:U0ALICE',
    channel: null,
  };
});

describe('Appendix 1, Art. 3: the fee tier of a category III contract is its certificate’s fitting tier', () => {
  it('an application under a longer term is told, before it is submitted, which term applies and its fee', async () => {
    const r = await submitApplication(t.db.db, application, now);
    expect(r).toMatchObject({
      ok: false,
      reasons: [
        { article: 'Art. 3', code: 'certificate-tier-applies', params: { term: '3y', tier: '1y', fee: 10_000 } },
      ],
    });
  });

  it('under the term that applies, it is taken, and acceptance makes a 1年間 contract charged ¥10,000', async () => {
    const r = await submitApplication(t.db.db, { ...application, term: '1y' }, now);
    expect(r.ok).toBe(true);
    const accepted = await acceptApplication(
      t.db.db,
      { applicationId: r.ok ? r.value.application.id : 0, actor: 'slack:U0STAFF' },
      now,
    );
    expect(accepted.ok).toBe(true);
    const id = accepted.ok ? accepted.value.contractId! : '';
    expect((await t.db.db.select().from(contracts).where(eq(contracts.id, id)))[0]).toMatchObject({ term: '1y' });
    expect(
      (await t.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, id))).map((e) => e.amount),
    ).toEqual([10_000]);
  });

  it('an application recorded under a longer term before this rule is accepted at the certificate’s tier', async () => {
    // As one submitted before the rule: the row says 3y.
    const r = await submitApplication(
      t.db.db,
      {
        ...application,
        term: '1y',
        commonName: 'old.tier.example',
        certificatePem: makeLeaf(makeHierarchy().intermediate, {
          commonName: 'old.tier.example',
          notBefore: '2027-01-25T00:00:00Z',
          notAfter: '2027-08-12T23:59:59Z',
        }).certPem,
      },
      now,
    );
    expect(r.ok).toBe(true);
    const appId = r.ok ? r.value.application.id : 0;
    await t.db.sql`update applications set term = '3y' where id = ${appId}`;
    const accepted = await acceptApplication(t.db.db, { applicationId: appId, actor: 'slack:U0STAFF' }, now);
    const id = accepted.ok ? accepted.value.contractId! : '';
    expect((await t.db.db.select().from(contracts).where(eq(contracts.id, id)))[0]).toMatchObject({ term: '1y' });
    expect(
      (await t.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, id))).map((e) => e.amount),
    ).toEqual([10_000]);
  });
});

describe('a certificate given with a category I/II application', () => {
  it('is refused with a sentence, not dropped: the provider obtains the certificate (Appendix 1 §3)', async () => {
    const r = await submitApplication(
      t.db.db,
      { ...application, item: 'quick-ssl', term: '1y', commonName: 'shop.tier.example' },
      now,
    );
    expect(r).toMatchObject({ ok: false, reasons: [{ code: 'certificate-not-taken' }] });
    if (!r.ok) expect(r.reasons[0]!.params).toMatchObject({ item: 'quick-ssl' });
  });
});
