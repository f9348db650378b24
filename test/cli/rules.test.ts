// The command line of the rules: quote, cancellation-date, cert inspect, eligibility (README, command reference).
import { describe, expect, it } from 'vitest';
import { certdesk, tempFile } from '../support/cli.js';
import { makeCertificate, TEST_PRIVATE_KEY_PEM } from '../support/certs.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();

describe('certdesk quote (Appendix 1, Art. 10)', () => {
  it('prints the JSON fields the README names', async () => {
    const r = await certdesk(
      ['quote', '--item', 'quick-ssl-wildcard', '--term', '6m', '--as-of', '2026-11-24', '--json'],
      t.env,
    );
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      item: 'quick-ssl-wildcard',
      category: 'I',
      term: '6m',
      kind: 'new',
      asOf: '2026-11-24',
      certificateFee: 90_400,
      agencyFee: 25_000,
      monthlyFee: 0,
      total: 115_400,
      individuallyPriced: false,
      tariffVersion: '2022-09-01',
    });
  });

  it('accepts a Japanese alias and quotes a renewal', async () => {
    const r = await certdesk(
      [
        'quote',
        '--item',
        'クイック認証 ワイルドカード',
        '--term',
        '1y',
        '--renewal',
        '--as-of',
        '2026-11-24',
        '--json',
      ],
      t.env,
    );
    expect(r.json).toMatchObject({
      item: 'quick-ssl-wildcard',
      kind: 'renewal',
      certificateFee: 128_800,
      total: 153_800,
    });
  });

  it('says plainly that a category II item is individually priced and gives no total', async () => {
    const r = await certdesk(['quote', '--item', 'global-server-id-ev-cloud', '--term', '1y', '--json'], t.env);
    expect(r.json).toMatchObject({ certificateFee: null, total: null, individuallyPriced: true, agencyFee: 50_000 });
    const text = await certdesk(['quote', '--item', 'global-server-id-ev-cloud', '--term', '1y'], t.env);
    expect(text.stdout).toContain('individually priced');
    expect(text.stdout).toContain('¥50,000');
  });

  it('shows amounts in yen and the era date for people', async () => {
    const r = await certdesk(['quote', '--item', 'corporate-ssl', '--term', '1y', '--as-of', '2027-03-31'], {
      ...t.env,
      CERTDESK_LANG: 'ja',
    });
    expect(r.stdout).toContain('¥59,800');
    expect(r.stdout).toContain('¥109,800');
    expect(r.stdout).toContain('令和9年3月31日');
  });

  it('a term not offered exits 3 with the terms offered', async () => {
    const r = await certdesk(['quote', '--item', 'secure-server-id', '--term', '6m', '--json'], t.env);
    expect(r.code).toBe(3);
    expect(r.json.reasons).toEqual([
      expect.objectContaining({
        article: 'Appendix 1 §1',
        code: 'term-not-offered',
        message: expect.stringContaining('Terms offered: 1y'),
      }),
    ]);
  });

  it('a new SureServer is refused; a renewal is priced as SureServer for クラウド', async () => {
    expect((await certdesk(['quote', '--item', 'sureserver', '--term', '1y', '--json'], t.env)).code).toBe(3);
    const r = await certdesk(['quote', '--item', 'sureserver', '--term', '6m', '--renewal', '--json'], t.env);
    expect(r.json).toMatchObject({ item: 'sureserver-cloud', certificateFee: 50_000, agencyFee: 50_000 });
  });

  it('speaks Japanese to people whose locale is Japanese', async () => {
    const r = await certdesk(['quote', '--item', 'secure-server-id', '--term', '6m'], {
      ...t.env,
      CERTDESK_LANG: 'ja',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('secure-server-id に有効期間 6ヶ月間 はありません。選べる有効期間: 1年間');
    const ok = await certdesk(['quote', '--item', 'quick-ssl', '--term', '1y'], { ...t.env, CERTDESK_LANG: 'ja' });
    expect(ok.stdout).toContain('クイック認証 SSL (quick-ssl) · 品目区分 I · 1年間 · 新規');
  });

  it('a date before the tariff exits 3', async () => {
    const r = await certdesk(
      ['quote', '--item', 'quick-ssl', '--term', '1y', '--as-of', '2022-08-31', '--json'],
      t.env,
    );
    expect(r.code).toBe(3);
    expect(r.json.reasons[0]).toMatchObject({ article: 'Art. 10', code: 'no-tariff-in-force' });
  });

  it('bad arguments exit 2 with the accepted values, never a stack trace', async () => {
    const unknownItem = await certdesk(['quote', '--item', 'letsencrypt', '--term', '1y'], t.env);
    expect(unknownItem.code).toBe(2);
    expect(unknownItem.stderr).toContain('certdesk items lists the item codes');
    expect(unknownItem.stderr).not.toMatch(/\n\s+at /);
    const badTerm = await certdesk(['quote', '--item', 'quick-ssl', '--term', '5y', '--json'], t.env);
    expect(badTerm).toMatchObject({
      code: 2,
      json: { error: 'usage', message: expect.stringContaining('Terms: 6m, 1y, 2y, 3y, unlimited') },
    });
    expect((await certdesk(['quote', '--term', '1y'], t.env)).stderr).toContain('--item is required');
    expect(
      (await certdesk(['quote', '--item', 'quick-ssl', '--term', '1y', '--as-of', '2026-02-30'], t.env)).code,
    ).toBe(2);
    expect((await certdesk(['quote', '--item', 'quick-ssl', '--term', '1y', '--colour'], t.env)).code).toBe(2);
    expect((await certdesk(['frobnicate'], t.env)).code).toBe(2);
  });

  it('has --help', async () => {
    const r = await certdesk(['quote', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: certdesk quote --item CODE --term TERM');
  });
});

describe('certdesk cancellation-date (Art. 9(2))', () => {
  it('a notice arriving on 2026-09-01 takes effect on 2026-10-01', async () => {
    const r = await certdesk(['cancellation-date', '--received', '2026-09-01T10:00', '--json']);
    expect(r).toMatchObject({
      code: 0,
      json: { receivedOn: '2026-09-01', earliestEffective: '2026-10-01', effective: '2026-10-01' },
    });
  });

  it('reads an instant with an offset on its JST date, and honours a later requested date', async () => {
    const r = await certdesk([
      'cancellation-date',
      '--received',
      '2026-08-31T15:30:00Z',
      '--requested',
      '2026-12-31',
      '--json',
    ]);
    expect(r.json).toMatchObject({
      receivedOn: '2026-09-01',
      earliestEffective: '2026-10-01',
      effective: '2026-12-31',
    });
  });

  it('an instant it cannot read exits 2', async () => {
    const r = await certdesk(['cancellation-date', '--received', 'last tuesday', '--json']);
    expect(r).toMatchObject({ code: 2, json: { error: 'usage' } });
  });
});

describe('certdesk cert inspect (Art. 3, Art. 6(3))', () => {
  it('reports names, validity, fitting term and the 90-day rule', async () => {
    const file = tempFile(
      makeCertificate({
        commonName: 'www.acme.example',
        sans: ['www.acme.example', 'acme.example'],
        notBefore: '2026-01-01T00:00:00Z',
        notAfter: '2026-03-31T23:59:59Z',
      }),
      '.pem',
    );
    const r = await certdesk(['cert', 'inspect', file, '--term', '6m', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      commonName: 'www.acme.example',
      sans: ['www.acme.example', 'acme.example'],
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2026-03-31T23:59:59.000Z',
      validityDays: 90,
      fittingTerm: '6m',
      fitsTerm: true,
      renewable: false,
      expired: true,
    });
  });

  it('reports on a certificate that is not yet valid, too', async () => {
    const file = tempFile(
      makeCertificate({ notBefore: '2030-01-01T00:00:00Z', notAfter: '2031-06-01T00:00:00Z' }),
      '.pem',
    );
    const r = await certdesk(['cert', 'inspect', file, '--term', '1y', '--json']);
    expect(r.json).toMatchObject({
      fittingTerm: '2y',
      fitsTerm: false,
      renewable: true,
      expired: false,
      notYetValid: true,
    });
  });

  it('refuses what is not a certificate, saying what it is', async () => {
    const key = await certdesk(['cert', 'inspect', tempFile(TEST_PRIVATE_KEY_PEM), '--json']);
    expect(key).toMatchObject({ code: 2, json: { message: expect.stringContaining('private key') } });
    expect(key.stdout).not.toContain('BEGIN PRIVATE KEY');
    expect((await certdesk(['cert', 'inspect', tempFile('hello')])).stderr).toContain('not a PEM certificate');
    expect((await certdesk(['cert', 'inspect', '/nonexistent.pem'])).stderr).toContain('no file');
    expect((await certdesk(['cert', 'inspect'])).code).toBe(2);
  });
});

describe('certdesk eligibility (Art. 3, 4(1), 7, 8)', () => {
  it('eligible exits 0', async () => {
    const r = await certdesk(
      ['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'JP', '--json'],
      t.env,
    );
    expect(r).toMatchObject({ code: 0, json: { eligible: true, reasons: [] } });
  });

  it('not eligible exits 3 with every reason and its article', async () => {
    const r = await certdesk(
      [
        'eligibility',
        '--item',
        'secure-server-id-cloud',
        '--term',
        '1y',
        '--country',
        'us',
        '--moved-from-external-server',
        '--json',
      ],
      t.env,
    );
    expect(r.code).toBe(3);
    expect(r.json.eligible).toBe(false);
    expect(r.json.reasons.map((x: { article: string; code: string }) => `${x.article} ${x.code}`)).toEqual([
      'Art. 7(2) organisation-outside-japan',
      'Art. 7(1) moved-from-external-server',
      'Art. 4(1) no-designated-service',
    ]);
    for (const reason of r.json.reasons) expect(reason.message).toMatch(/\w/);
  });

  it('category III checks the brought certificate against the term', async () => {
    const cert = tempFile(
      makeCertificate({
        notBefore: new Date(Date.now() - 86_400_000),
        notAfter: new Date(Date.now() + 300 * 86_400_000),
      }),
      '.pem',
    );
    const r = await certdesk(
      ['eligibility', '--item', 'bring-your-own', '--term', '6m', '--country', 'US', '--cert', cert, '--json'],
      t.env,
    );
    expect(r.code).toBe(3);
    expect(r.json.reasons).toEqual([
      expect.objectContaining({ article: 'Art. 3', code: 'certificate-does-not-fit-term' }),
    ]);
    const fits = await certdesk(
      ['eligibility', '--item', 'bring-your-own', '--term', '1y', '--country', 'US', '--cert', cert, '--json'],
      t.env,
    );
    expect(fits).toMatchObject({ code: 0, json: { eligible: true } });
  });

  it('a country that is not two letters is a usage error', async () => {
    expect(
      (await certdesk(['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'Japan'], t.env)).code,
    ).toBe(2);
  });
});
