// A refusal by the terms: the article that decides it and a code the views turn into words
// (src/i18n/messages.ts). The domain never speaks a language itself.
export type ReasonCode =
  | 'term-not-offered'
  | 'item-not-sold'
  | 'item-abolished'
  | 'no-tariff-in-force'
  | 'organisation-outside-japan'
  | 'moved-from-external-server'
  | 'no-designated-service'
  | 'certificate-does-not-fit-term'
  | 'certificate-missing'
  | 'certificate-expired'
  | 'certificate-not-yet-valid'
  | 'certificate-does-not-cover-name'
  | 'certificate-90-day-rule'
  | 'wildcard-needs-wildcard-item'
  | 'certificate-not-taken'
  | 'certificate-tier-applies'
  | 'certificate-90-days-into-renewed-term'
  | 'abolition-category-iii'
  | 'abolition-date-past'
  | 'abolition-already-recorded'
  | 'abolition-has-ended-contracts'
  | 'received-in-future'
  | 'cancellation-after-validity'
  | 'cancellation-before-validity'
  | 'correction-changes-nothing'
  | 'contract-ended'
  | 'cancellation-already-recorded'
  | 'individual-price-missing'
  | 'answer-before-notice'
  | 'answer-after-deadline'
  | 'outcome-already-recorded'
  | 'common-name-invalid'
  | 'certificate-unreadable'
  | 'service-not-designated'
  | 'service-not-held'
  | 'certificate-key-mismatch'
  | 'certificate-chain-invalid'
  | 'certificate-category'
  | 'renewal-not-open'
  | 'master-key-missing'
  | 'service-unchanged'
  | 'not-a-contact'
  | 'not-individually-priced'
  | 'no-renewal-to-price'
  | 'price-unchanged'
  | 'application-already-pending'
  | 'channel-taken'
  | 'customer-exists'
  | 'application-decided'
  | 'issuer-not-acme'
  | 'key-not-delegated'
  | 'certificate-current';

export type ReasonParams = Record<string, string | number | readonly string[]>;

export interface Reason {
  /**
   * Where the terms say it: `Art. 7(2)`, `Appendix 1 §1`; null for a check the terms do not make
   * themselves (an expired certificate is refused for being expired, not under an article).
   */
  article: string | null;
  code: ReasonCode;
  params: ReasonParams;
}

export type Decided<T> = { ok: true; value: T } | { ok: false; reasons: Reason[] };

export const reason = (article: string | null, code: ReasonCode, params: ReasonParams = {}): Reason => ({
  article,
  code,
  params,
});
export const ok = <T>(value: T): Decided<T> => ({ ok: true, value });
export const refused = <T>(...reasons: Reason[]): Decided<T> => ({ ok: false, reasons });
