// What staff look at every day: the catalog, one contract's story, the audit log, and contracts
// found by expiry or by name.
import { describe, expect, it } from 'vitest';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const NOW = '2026-11-25T10:00+09:00';
const env = (extra: Record<string, string> = {}) => ({ ...t.env, CERTDESK_NOW: NOW, ...extra });

const records = jsonl(
  {
    type: 'customer',
    id: 'acme',
    name: 'ACME株式会社',
    country: 'JP',
    channel: 'C0ACME',
    contacts: ['U0ALICE', 'U0ALEX'],
    designatedServices: ['gio'],
  },
  { type: 'customer', id: 'globex', name: 'Globex', country: 'JP', channel: 'C0GLOBEX', contacts: ['U0BOB'] },
  {
    type: 'contract',
    id: 'acme-www',
    customer: 'acme',
    item: 'quick-ssl',
    term: '1y',
    commonName: 'www.acme.example',
    notBefore: '2026-01-10T00:00:00+09:00',
    notAfter: '2027-01-10T23:59:59+09:00',
    service: 'gio',
  },
  {
    type: 'contract',
    id: 'acme-shop',
    customer: 'acme',
    item: 'corporate-ssl',
    term: '1y',
    commonName: 'shop.acme.example',
    notBefore: '2026-06-01T00:00:00+09:00',
    notAfter: '2027-06-01T00:00:00+09:00',
  },
  {
    type: 'contract',
    id: 'globex-www',
    customer: 'globex',
    item: 'corporate-ssl',
    term: '1y',
    commonName: 'www.globex.example',
    notBefore: '2026-02-01T00:00:00+09:00',
    notAfter: '2027-02-01T00:00:00+09:00',
  },
  { type: 'staff', slackUserId: 'U0STAFF', name: '山田 花子' },
);

describe('certdesk items: the catalog (Art. 1, Appendix 1, Art. 8)', () => {
  it('lists every item with its codes, names, category, terms and prices in force, without and with tax', async () => {
    const r = await certdesk(['items', '--as-of', '2026-11-25', '--json'], env());
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ asOf: '2026-11-25', tariffVersion: '2022-09-01' });
    expect(r.json.items).toHaveLength(16);
    const quick = r.json.items.find((i: { code: string }) => i.code === 'quick-ssl');
    expect(quick).toMatchObject({
      category: 'I',
      name: { ja: 'クイック認証 SSL', en: 'Quick SSL (DV)' },
      abolishedFrom: null,
    });
    expect(quick.terms).toEqual([
      expect.objectContaining({
        term: '6m',
        certificateFee: 24_400,
        agencyFee: 25_000,
        total: 49_400,
        consumptionTax: 4_940,
        totalWithTax: 54_340,
      }),
      expect.objectContaining({
        term: '1y',
        certificateFee: 34_800,
        agencyFee: 25_000,
        total: 59_800,
        consumptionTax: 5_980,
        totalWithTax: 65_780,
      }),
    ]);
    const cloud = r.json.items.find((i: { code: string }) => i.code === 'global-server-id-cloud');
    expect(cloud.terms).toEqual([
      expect.objectContaining({
        term: '1y',
        individuallyPriced: true,
        certificateFee: null,
        total: null,
        totalWithTax: null,
      }),
    ]);
    expect(r.json.items.find((i: { code: string }) => i.code === 'sureserver')).toMatchObject({
      sold: false,
      renewsAs: 'sureserver-cloud',
    });
  });

  it('shows abolitions, and prints a table with 税抜 and 税込 columns for people', async () => {
    await certdesk(
      ['abolish', '--item', 'quick-ssl-wildcard', '--from', '2027-04-01', '--reason', 'GlobalSign ends the product'],
      env(),
    );
    const r = await certdesk(['items', '--item', 'quick-ssl-wildcard', '--json'], env());
    expect(r.json.items).toEqual([
      expect.objectContaining({
        code: 'quick-ssl-wildcard',
        abolishedFrom: '2027-04-01',
        abolitions: [expect.objectContaining({ from: '2027-04-01', reason: 'GlobalSign ends the product' })],
      }),
    ]);
    const after = await certdesk(['items', '--item', 'quick-ssl-wildcard', '--as-of', '2027-04-01', '--json'], env());
    expect(after.json.items[0].terms.every((x: { offered: boolean }) => !x.offered)).toBe(true);
    const ja = await certdesk(['items'], env({ CERTDESK_LANG: 'ja' }));
    expect(ja.stdout).toContain('合計（税抜）');
    expect(ja.stdout).toContain('合計（税込）');
    expect(ja.stdout).toContain('¥65,780');
  });
});

describe('certdesk quote: consumption tax beside the listed amounts', () => {
  it('adds the tax of the day, labelled, without folding it into the listed figures', async () => {
    const r = await certdesk(
      ['quote', '--item', 'corporate-ssl', '--term', '1y', '--as-of', '2026-11-25', '--json'],
      env(),
    );
    expect(r.json).toMatchObject({
      certificateFee: 59_800,
      agencyFee: 50_000,
      total: 109_800,
      taxPercent: 10,
      consumptionTax: 10_980,
      totalWithTax: 120_780,
    });
    const text = await certdesk(
      ['quote', '--item', 'corporate-ssl', '--term', '1y', '--as-of', '2026-11-25'],
      env({ CERTDESK_LANG: 'ja' }),
    );
    expect(text.stdout).toMatch(/合計（税抜）\s+¥109,800/);
    expect(text.stdout).toMatch(/消費税（10%）\s+¥10,980/);
    expect(text.stdout).toMatch(/合計（税込）\s+¥120,780/);
  });

  it('accepts terms as people write them: 1Y, 1年, 6ヶ月, 無期限', async () => {
    for (const [written, code] of [
      ['1Y', '1y'],
      ['1年', '1y'],
      ['6ヶ月', '6m'],
      ['無期限', 'unlimited'],
    ]) {
      const item = code === 'unlimited' ? 'bring-your-own' : 'corporate-ssl';
      expect(
        (await certdesk(['quote', '--item', item, '--term', written!, '--json'], env())).json,
        written,
      ).toMatchObject({ term: code });
    }
  });
});

describe('certdesk contracts: filters', () => {
  it('finds what expires within a number of days, and what matches a name', async () => {
    expect((await certdesk(['import', tempFile(records, '.jsonl')], env())).code).toBe(0);
    const soon = await certdesk(['contracts', '--expiring-within', '60', '--json'], env());
    expect(soon.json.map((c: { id: string }) => c.id)).toEqual(['acme-www']);
    const ninety = await certdesk(['contracts', '--expiring-within', '90', '--json'], env());
    expect(ninety.json.map((c: { id: string }) => c.id)).toEqual(['acme-www', 'globex-www']);
    const byName = await certdesk(['contracts', '--search', 'SHOP', '--json'], env());
    expect(byName.json.map((c: { id: string }) => c.id)).toEqual(['acme-shop']);
    const byCustomer = await certdesk(['contracts', '--search', 'globex', '--json'], env());
    expect(byCustomer.json.map((c: { id: string }) => c.id)).toEqual(['globex-www']);
    const byCustomerName = await certdesk(['contracts', '--search', 'ACME株式', '--json'], env());
    expect(byCustomerName.json.map((c: { id: string }) => c.id)).toEqual(['acme-shop', 'acme-www']);
    expect((await certdesk(['contracts', '--search', '%', '--json'], env())).json).toEqual([]);
    expect((await certdesk(['contracts', '--expiring-within', 'soon'], env())).code).toBe(2);
  });

  it('shows the common name and the customer name in the table', async () => {
    const r = await certdesk(['contracts'], env());
    expect(r.stdout).toMatch(/ID\s+Customer\s+Common name\s+Item/);
    expect(r.stdout).toContain('www.acme.example');
    expect(r.stdout).toContain('ACME株式会社');
  });
});

describe('certdesk contract show: one contract’s whole story', () => {
  it('tells the customer, terms, cycles, cancellations, abolitions, ledger and audit', async () => {
    await certdesk(
      ['cancel', '--contract', 'acme-www', '--received', '2026-11-24T15:00', '--requested', '2026-12-31'],
      env({ CERTDESK_ACTOR: 'hanako' }),
    );
    const r = await certdesk(['contract', 'show', 'acme-www', '--json'], env());
    expect(r.code).toBe(0);
    expect(r.json.contract).toMatchObject({
      id: 'acme-www',
      customer: 'acme',
      customerName: 'ACME株式会社',
      commonName: 'www.acme.example',
      status: 'active',
      expiryDate: '2027-01-10',
      endDate: '2026-12-31',
      endReason: 'cancelled',
      service: 'gio',
      origin: 'imported',
    });
    expect(r.json.customer).toMatchObject({
      id: 'acme',
      country: 'JP',
      slackChannel: 'C0ACME',
      contacts: ['U0ALEX', 'U0ALICE'],
      designatedServices: ['gio'],
    });
    expect(r.json.terms).toEqual([
      expect.objectContaining({ seq: 1, startsOn: '2026-01-10', expiryDate: '2027-01-10', kind: 'imported' }),
    ]);
    expect(r.json.cycles).toEqual([expect.objectContaining({ expiryDate: '2027-01-10', notices: [], answers: [] })]);
    expect(r.json.cancellations).toEqual([
      expect.objectContaining({
        receivedOn: '2026-11-24',
        requestedOn: '2026-12-31',
        effectiveOn: '2026-12-31',
        recordedBy: 'cli:hanako',
      }),
    ]);
    expect(r.json.ledger).toEqual([]);
    expect(r.json.audit.map((a: { action: string }) => a.action)).toEqual(['import.contract.create', 'cancel']);
    const text = await certdesk(['contract', 'show', 'acme-www'], env({ CERTDESK_LANG: 'ja' }));
    expect(text.stdout).toContain('acme-www — クイック認証 SSL (quick-ssl) · www.acme.example');
    expect(text.stdout).toContain('解約');
    expect(text.stdout).toContain('2026-12-31 (令和8年12月31日)');
  });

  it('an unknown contract is a usage error that says where to look', async () => {
    const r = await certdesk(['contract', 'show', 'nope', '--json'], env());
    expect(r).toMatchObject({
      code: 2,
      json: { error: 'not-found', message: expect.stringContaining('certdesk contracts lists them') },
    });
  });
});

describe('certdesk audit: who did what, when', () => {
  it('lists every change with its actor, filtered by subject and by day', async () => {
    const all = await certdesk(['audit', '--json'], env());
    expect(all.json.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining([
        'abolish',
        'import.customer.create',
        'import.contract.create',
        'import.staff.create',
        'cancel',
      ]),
    );
    const one = await certdesk(['audit', '--subject', 'acme-www', '--json'], env());
    expect(one.json.map((a: { subject: string }) => a.subject)).toEqual(['contract:acme-www', 'contract:acme-www']);
    expect(one.json[1]).toMatchObject({
      actor: 'cli:hanako',
      action: 'cancel',
      details: { effective: '2026-12-31', via: 'cli' },
    });
    expect((await certdesk(['audit', '--subject', 'contract:acme-www', '--json'], env())).json).toHaveLength(2);
    expect((await certdesk(['audit', '--since', '2099-01-01', '--json'], env())).json).toEqual([]);
    expect((await certdesk(['audit', '--limit', '1', '--json'], env())).json).toHaveLength(1);
    const text = await certdesk(['audit', '--subject', 'acme-www'], env());
    expect(text.stdout).toMatch(/At \(JST\)\s+Actor\s+Action\s+Subject/);
  });
});
