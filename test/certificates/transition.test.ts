// Art. 3 proviso: a certificate brought at application (category III) must fit the term chosen,
// unless staff record the CA's transition period (移行期間) with its reason.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { applications, auditLog } from '../../src/db/schema.js';
import { acceptApplication, submitApplication, type ApplicationInput } from '../../src/services/applications.js';
import { makeHierarchy, makeLeaf, type Issued } from '../support/ca.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const now = new Date('2026-11-25T01:00:00Z');
let ca: { root: Issued; intermediate: Issued };
let application: ApplicationInput;

beforeAll(async () => {
  ca = makeHierarchy('rsa-2048', now);
  const records = jsonl(
    { type: 'customer', id: 'tr', name: 'Transition Ltd', country: 'JP', channel: 'C0TR', contacts: ['U0ALICE'] },
    { type: 'staff', slackUserId: 'U0STAFF', name: 'Staff' },
  );
  expect(
    (await certdesk(['import', tempFile(records, '.jsonl')], { ...t.env, CERTDESK_NOW: '2026-11-25T10:00+09:00' }))
      .code,
  ).toBe(0);
  // A one-year certificate, brought for a six-month term: it does not fit (Art. 3).
  const cert = makeLeaf(ca.intermediate, {
    commonName: 'www.tr.example',
    notBefore: '2026-11-20T00:00:00Z',
    notAfter: '2027-11-19T00:00:00Z',
  });
  application = {
    customerId: 'tr',
    item: 'bring-your-own',
    term: '6m',
    commonName: 'www.tr.example',
    service: null,
    providerCreatesKey: false,
    movedFromExternalServer: false,
    certificatePem: cert.certPem + ca.intermediate.certPem,
    submittedBy: 'U0STAFF',
    actor: 'slack:U0STAFF',
    channel: null,
  };
});

describe('Art. 3: the term fit of a brought certificate, and the transition-period exception', () => {
  it('a certificate longer than the term chosen is refused, with the term it fits', async () => {
    const r = await submitApplication(t.db.db, application, now);
    expect(r).toMatchObject({
      ok: false,
      reasons: [
        { article: 'Art. 3', code: 'certificate-does-not-fit-term', params: { term: '6m', fittingTerm: '1y' } },
      ],
    });
    expect(await t.db.db.select().from(applications)).toEqual([]);
  });

  it('with the transition period recorded by staff, it is taken; the reason is kept and audited, and acceptance honours it', async () => {
    const r = await submitApplication(
      t.db.db,
      { ...application, transitionException: '  CA moves its roots (notice of 2026-10-01)  ' },
      now,
    );
    expect(r.ok).toBe(true);
    const id = r.ok ? r.value.application.id : 0;
    const [row] = await t.db.db.select().from(applications).where(eq(applications.id, id));
    expect(row).toMatchObject({
      transitionException: 'CA moves its roots (notice of 2026-10-01)',
      status: 'submitted',
    });
    const [entry] = await t.db.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `application:${id}`));
    expect(entry!.details).toMatchObject({ transitionException: 'CA moves its roots (notice of 2026-10-01)' });
    // Acceptance checks the rules again, with the exception the application carries.
    const accepted = await acceptApplication(t.db.db, { applicationId: id, actor: 'slack:U0STAFF' }, now);
    expect(accepted).toMatchObject({ ok: true, value: { already: false, contractId: 'tr-www-tr-example' } });
  });

  it('the chain brought with it must verify (the checks of any certificate, minus the key)', async () => {
    const other = makeHierarchy('rsa-2048', now);
    const cert = makeLeaf(ca.intermediate, {
      commonName: 'www.tr.example',
      notBefore: '2026-11-20T00:00:00Z',
      notAfter: '2027-05-19T00:00:00Z',
    });
    const r = await submitApplication(
      t.db.db,
      { ...application, certificatePem: cert.certPem + other.intermediate.certPem },
      now,
    );
    expect(r).toMatchObject({
      ok: false,
      reasons: [{ code: 'certificate-chain-invalid', params: { problem: 'issuer-missing', index: 0 } }],
    });
    expect(
      (
        await submitApplication(
          t.db.db,
          { ...application, commonName: 'www.tr.example', certificatePem: cert.certPem + ca.intermediate.certPem },
          now,
        )
      ).ok,
    ).toBe(true);
  });

  it('a blank reason is no exception', async () => {
    const r = await submitApplication(
      t.db.db,
      { ...application, commonName: 'www.tr.example', transitionException: '   ' },
      now,
    );
    expect(r).toMatchObject({ ok: false, reasons: [{ code: 'certificate-does-not-fit-term' }] });
  });
});
