import { describe, expect, it } from 'vitest';
import type { ItemCode } from '../../src/domain/catalog.js';
import { toBusinessDate } from '../../src/domain/dates.js';
import { eligibility, type Application } from '../../src/domain/eligibility.js';

const now = new Date('2026-11-24T03:00:00Z');
const app = (over: Partial<Application>): Application => ({
  item: 'quick-ssl',
  term: '1y',
  country: 'JP',
  movedFromExternalServer: false,
  hasDesignatedService: false,
  ...over,
});
const codes = (a: Application, abolitions?: Map<ItemCode, ReturnType<typeof toBusinessDate>>) =>
  eligibility(a, now, abolitions).reasons.map((r) => `${r.article} ${r.code}`);
const cert = (notBefore: string, notAfter: string, cn = 'www.acme.example') => ({
  notBefore: new Date(notBefore),
  notAfter: new Date(notAfter),
  commonName: cn,
  sans: [cn],
});

describe('Art. 7(2): organisations outside Japan', () => {
  it('category I or II is refused for an organisation outside Japan', () => {
    expect(codes(app({ country: 'US' }))).toEqual(['Art. 7(2) organisation-outside-japan']);
    expect(codes(app({ item: 'global-server-id-cloud', country: 'sg', hasDesignatedService: true }))).toEqual([
      'Art. 7(2) organisation-outside-japan',
    ]);
  });
  it('category III may be used from abroad', () => {
    expect(eligibility(app({ item: 'bring-your-own', country: 'US' }), now).eligible).toBe(true);
  });
});

describe('Art. 7(1): certificates moved in from a server that is not the provider’s', () => {
  it('category I is refused', () => {
    expect(codes(app({ movedFromExternalServer: true }))).toEqual(['Art. 7(1) moved-from-external-server']);
  });
  it('category III is not', () => {
    expect(codes(app({ item: 'bring-your-own', movedFromExternalServer: true }))).toEqual([]);
  });
});

describe('Art. 4(1): category II needs a designated service', () => {
  it('refused without one, eligible with one', () => {
    expect(codes(app({ item: 'secure-server-id-cloud' }))).toEqual(['Art. 4(1) no-designated-service']);
    expect(codes(app({ item: 'secure-server-id-cloud', hasDesignatedService: true }))).toEqual([]);
  });
});

describe('Art. 3: category III certificates must fit the term', () => {
  it('a certificate longer than the term is refused, naming the term it fits', () => {
    const e = eligibility(
      app({ item: 'bring-your-own', term: '6m', certificate: cert('2026-11-01T00:00:00Z', '2027-11-01T00:00:00Z') }),
      now,
    );
    expect(e.reasons).toEqual([
      { article: 'Art. 3', code: 'certificate-does-not-fit-term', params: { term: '6m', fittingTerm: '1y' } },
    ]);
  });
  it('the CA’s transition period (移行期間) recorded by staff lifts the refusal', () => {
    const e = eligibility(
      app({
        item: 'bring-your-own',
        term: '6m',
        certificate: cert('2026-11-01T00:00:00Z', '2027-11-01T00:00:00Z'),
        transitionException: 'CA 移行期間',
      }),
      now,
    );
    expect(e).toMatchObject({ eligible: true, notes: [{ code: 'transition-exception-applied' }] });
  });
  it('an expired or not-yet-valid certificate, or one for another name, is refused for what it is, under no article', () => {
    expect(
      codes(app({ item: 'bring-your-own', certificate: cert('2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z') })),
    ).toEqual(['null certificate-expired']);
    expect(
      codes(app({ item: 'bring-your-own', certificate: cert('2027-01-01T00:00:00Z', '2027-06-01T00:00:00Z') })),
    ).toEqual(['null certificate-not-yet-valid']);
    expect(
      codes(
        app({
          item: 'bring-your-own',
          commonName: 'shop.acme.example',
          certificate: cert('2026-11-01T00:00:00Z', '2027-03-01T00:00:00Z'),
        }),
      ),
    ).toEqual(['null certificate-does-not-cover-name']);
  });
  it('without a certificate the check waits for its submission', () => {
    expect(eligibility(app({ item: 'bring-your-own' }), now)).toMatchObject({
      eligible: true,
      notes: [{ code: 'certificate-checked-on-submission' }],
    });
  });
});

describe('Art. 8 and Appendix 1: abolished items and terms not offered', () => {
  it('every reason is reported at once', () => {
    const abolitions = new Map<ItemCode, ReturnType<typeof toBusinessDate>>([
      ['global-server-id-cloud', toBusinessDate('2026-11-01')],
    ]);
    expect(
      codes(
        app({ item: 'global-server-id-cloud', term: '6m', country: 'US', movedFromExternalServer: true }),
        abolitions,
      ),
    ).toEqual([
      'Art. 8 item-abolished',
      'Appendix 1 §1 term-not-offered',
      'Art. 7(2) organisation-outside-japan',
      'Art. 7(1) moved-from-external-server',
      'Art. 4(1) no-designated-service',
    ]);
  });
  it('a legacy SureServer cannot be applied for', () => {
    expect(codes(app({ item: 'sureserver' }))).toEqual(['Supplementary provision (平成28年7月1日) item-not-sold']);
  });
});

describe('Appendix 1: a wildcard common name needs a wildcard-option item', () => {
  const wildcard = (a: Application) => codes(a).filter((c) => c.endsWith('wildcard-needs-wildcard-item'));
  it('*.acme.example is refused under quick-ssl (priced as the plain item), taken under quick-ssl-wildcard', () => {
    expect(wildcard(app({ item: 'quick-ssl', commonName: '*.acme.example' }))).toEqual([
      'Appendix 1 §1 wildcard-needs-wildcard-item',
    ]);
    expect(wildcard(app({ item: 'corporate-ssl', commonName: '*.acme.example' }))).toHaveLength(1);
    expect(wildcard(app({ item: 'quick-ssl-wildcard', commonName: '*.acme.example' }))).toEqual([]);
    expect(wildcard(app({ item: 'corporate-ssl-wildcard', commonName: '*.acme.example' }))).toEqual([]);
    expect(wildcard(app({ item: 'quick-ssl', commonName: 'www.acme.example' }))).toEqual([]);
  });
});
