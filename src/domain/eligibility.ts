// Whether an application may be made (Art. 3, 4(1), 7(1), 7(2), 8, Appendix 1). Every reason at once.
import { itemByCode, type ItemCode } from './catalog.js';
import {
  coversName,
  fitsTerm,
  fittingTerm,
  isExpired,
  isNotYetValid,
  type CertificateDates,
  type CertificateNames,
} from './certificate.js';
import { jstDateOf, jstWallClock, type BusinessDate } from './dates.js';
import { isCommonName } from './names.js';
import { availabilityReasons, pricesOn, type Abolitions } from './quote.js';
import { reason, type Reason } from './reasons.js';
import type { TermCode } from './terms.js';

/** Appendix 1: the two items with GlobalSign's wildcard option (ワイルドカードオプション付き). */
export const WILDCARD_ITEMS: readonly ItemCode[] = ['corporate-ssl-wildcard', 'quick-ssl-wildcard'];

export interface Application {
  item: ItemCode;
  term: TermCode;
  /** ISO 3166-1 alpha-2 country of the organisation the certificate is for. */
  country: string;
  /** Art. 7(1): a certificate in use on a server outside the provider's designated services, to be moved in. */
  movedFromExternalServer: boolean;
  /** Art. 4(1): the customer holds a contract for a service the provider designates for cloud certificates. */
  hasDesignatedService: boolean;
  /** Category III: the certificate brought in. */
  certificate?: CertificateDates & CertificateNames;
  commonName?: string;
  /** Art. 3 proviso: the CA's transition period (移行期間), recorded by staff with a reason. */
  transitionException?: string;
}

export interface EligibilityNote {
  code: 'certificate-checked-on-submission' | 'transition-exception-applied';
  params: Record<string, string>;
}

export interface Eligibility {
  eligible: boolean;
  reasons: Reason[];
  notes: EligibilityNote[];
}

export function eligibility(app: Application, now: Date, abolitions?: Abolitions): Eligibility {
  const today: BusinessDate = jstDateOf(now);
  const item = itemByCode(app.item);
  const reasons: Reason[] = [...availabilityReasons(item, item, 'new', today, abolitions)];
  const notes: EligibilityNote[] = [];
  if (item.sold) {
    const prices = pricesOn(item, app.term, today);
    if (!prices.ok) reasons.push(...prices.reasons);
  }

  if (item.category !== 'III') {
    if (app.country.toUpperCase() !== 'JP')
      reasons.push(reason('Art. 7(2)', 'organisation-outside-japan', { country: app.country.toUpperCase() }));
    if (app.movedFromExternalServer) reasons.push(reason('Art. 7(1)', 'moved-from-external-server'));
  }
  if (app.commonName !== undefined && !isCommonName(app.commonName))
    reasons.push(reason(null, 'common-name-invalid', { commonName: app.commonName }));
  // Appendix 1 prices the wildcard option apart: under a plain item a wildcard would be undercharged.
  if (item.category !== 'III' && app.commonName?.startsWith('*.') && !WILDCARD_ITEMS.includes(item.code)) {
    reasons.push(
      reason('Appendix 1 §1', 'wildcard-needs-wildcard-item', {
        item: item.code,
        commonName: app.commonName,
        wildcardItems: WILDCARD_ITEMS,
      }),
    );
  }
  if (item.category === 'II' && !app.hasDesignatedService)
    reasons.push(reason('Art. 4(1)', 'no-designated-service', { item: item.code }));

  if (item.category === 'III') {
    const cert = app.certificate;
    if (!cert) {
      notes.push({ code: 'certificate-checked-on-submission', params: {} });
    } else {
      reasons.push(...certificateReasons(cert, now, app.commonName));
      if (!fitsTerm(cert, app.term)) {
        if (app.transitionException)
          notes.push({ code: 'transition-exception-applied', params: { reason: app.transitionException } });
        else
          reasons.push(
            reason('Art. 3', 'certificate-does-not-fit-term', { term: app.term, fittingTerm: fittingTerm(cert) ?? '' }),
          );
      }
    }
  }
  return { eligible: reasons.length === 0, reasons, notes };
}

/**
 * Appendix 1 with Art. 3: the fee tier of a brought certificate is the shortest term it fits,
 * whatever term was asked for (a 200-day certificate is a 1年間 contract). Under the CA's
 * transition period it fits no term asked for: then the term asked.
 */
export function certificateTier(
  cert: CertificateDates,
  asked: TermCode,
  transitionException?: string | null,
): TermCode {
  if (!fitsTerm(cert, asked) && transitionException) return asked;
  return fittingTerm(cert) ?? asked;
}

/**
 * What makes a submitted certificate unusable now, whatever the term: expired, not yet valid,
 * another name. These are refused for what they are, under no article (Art. 3 is about the
 * validity length alone).
 */
export function certificateReasons(
  cert: CertificateDates & CertificateNames,
  now: Date,
  commonName: string | undefined,
): Reason[] {
  const article = null;
  const reasons: Reason[] = [];
  if (isExpired(cert, now))
    reasons.push(reason(article, 'certificate-expired', { notAfter: `${jstWallClock(cert.notAfter)} JST` }));
  if (isNotYetValid(cert, now))
    reasons.push(reason(article, 'certificate-not-yet-valid', { notBefore: `${jstWallClock(cert.notBefore)} JST` }));
  if (commonName && !coversName(cert, commonName)) {
    reasons.push(
      reason(article, 'certificate-does-not-cover-name', {
        commonName,
        names: cert.sans.length ? cert.sans : [cert.commonName ?? ''],
      }),
    );
  }
  return reasons;
}
