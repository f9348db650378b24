// Every sentence certdesk says to a person, in Japanese and English. One place, so wording stays
// consistent across Slack, the command line and the logs.
import type { CertificateProblem } from '../domain/certificate.js';
import type { EligibilityNote } from '../domain/eligibility.js';
import type { QuoteNote } from '../domain/quote.js';
import type { Reason, ReasonCode, ReasonParams } from '../domain/reasons.js';

export type Locale = 'ja' | 'en';
type Text = (p: ReasonParams) => string;
type Bilingual = { ja: Text; en: Text };

const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));

const REASONS: Record<ReasonCode, Bilingual> = {
  'term-not-offered': {
    ja: (p) => `${p.item} に有効期間 ${p.term} はありません。選べる有効期間: ${list(p.offered) || 'なし'}`,
    en: (p) => `${p.item} is not offered for the term ${p.term}. Terms offered: ${list(p.offered) || 'none'}.`,
  },
  'item-not-sold': {
    ja: (p) => `${p.item} は新規には販売していません（平成28年7月1日附則）。${p.successor ? `${p.successor} をお選びください。` : ''}`,
    en: (p) => `${p.item} is no longer sold (supplementary provision of 2016-07-01).${p.successor ? ` Choose ${p.successor} instead.` : ''}`,
  },
  'item-abolished': {
    ja: (p) => `${p.item} は ${p.from} をもって廃止されました（第8条）。見積・申込・更新はできません。`,
    en: (p) => `${p.item} is abolished from ${p.from} (Art. 8): it cannot be quoted, applied for or renewed.`,
  },
  'no-tariff-in-force': {
    ja: (p) => `${p.date} 時点で有効な料金表がありません。最初の料金表は ${p.first} から有効です。`,
    en: (p) => `No tariff is in force on ${p.date}. The first one takes effect on ${p.first}.`,
  },
  'organisation-outside-japan': {
    ja: (p) => `品目区分Ⅰ・Ⅱは日本国外の組織（${p.country}）を対象に申し込めません（第7条第2項）。持ち込み証明書（品目区分Ⅲ）をご検討ください。`,
    en: (p) => `Category I and II items cannot be applied for on behalf of an organisation outside Japan (${p.country}) (Art. 7(2)). A bring-your-own certificate (category III) can be.`,
  },
  'moved-from-external-server': {
    ja: () => '当社指定サービス以外のサーバで利用中の証明書を移設する形では、品目区分Ⅰ・Ⅱを申し込めません（第7条第1項）。',
    en: () => "A certificate in use on a server outside the provider's designated services cannot be moved in under a category I or II item (Art. 7(1)).",
  },
  'no-designated-service': {
    ja: (p) => `${p.item}（クラウド証明書）には、当社が指定するサービスのご契約が必要です（第4条第1項）。`,
    en: (p) => `${p.item} (a cloud certificate) needs a contract for a service the provider designates (Art. 4(1)).`,
  },
  'certificate-does-not-fit-term': {
    ja: (p) => `証明書の有効期間が ${p.term} を超えています（第3条）。${p.fittingTerm ? `この証明書に合う有効期間は ${p.fittingTerm} です。` : ''}`,
    en: (p) => `The certificate's validity is longer than the term ${p.term} (Art. 3).${p.fittingTerm ? ` It fits the term ${p.fittingTerm}.` : ''}`,
  },
  'certificate-missing': {
    ja: () => '証明書がありません。PEM 形式のサーバ証明書を添えてください。',
    en: () => 'No certificate was given. Attach the server certificate in PEM format.',
  },
  'certificate-expired': {
    ja: (p) => `証明書は ${p.notAfter} に期限切れです。有効な証明書を提出してください。`,
    en: (p) => `The certificate expired at ${p.notAfter}. Submit a certificate that is valid now.`,
  },
  'certificate-not-yet-valid': {
    ja: (p) => `証明書はまだ有効になっていません（${p.notBefore} から有効）。`,
    en: (p) => `The certificate is not valid yet (valid from ${p.notBefore}).`,
  },
  'certificate-does-not-cover-name': {
    ja: (p) => `証明書の名前（${list(p.names)}）が契約のコモンネーム ${p.commonName} を含みません。`,
    en: (p) => `The certificate's names (${list(p.names)}) do not cover the contract's common name ${p.commonName}.`,
  },
  'certificate-90-day-rule': {
    ja: (p) => `有効期間が90日以内の証明書（${p.validityDays}日）では更新できません（第6条第3項）。`,
    en: (p) => `A certificate valid for 90 days or less (${p.validityDays} days) cannot renew the contract (Art. 6(3)).`,
  },
  'abolition-category-iii': {
    ja: (p) => `第8条の廃止は品目区分Ⅰ・Ⅱの品目に限られます。${p.item} は品目区分Ⅲです。`,
    en: (p) => `Art. 8 abolishes category I and II items only; ${p.item} is category III.`,
  },
  'cancellation-after-validity': {
    ja: (p) => `解約申込書の到達日 ${p.receivedOn} は有効期間（${p.expiryDate} まで）の後です（第9条第2項）。`,
    en: (p) => `The cancellation form arrived on ${p.receivedOn}, after the validity period ended on ${p.expiryDate} (Art. 9(2)).`,
  },
  'cancellation-before-validity': {
    ja: (p) => `解約申込書の到達日 ${p.receivedOn} は有効期間の開始日 ${p.startsOn} より前です。到達日時を確認してください。`,
    en: (p) => `The cancellation form arrived on ${p.receivedOn}, before the validity period began on ${p.startsOn}. Check the time it arrived.`,
  },
  'contract-ended': {
    ja: () => 'この契約は既に終了しています。',
    en: () => 'This contract has already ended.',
  },
  'cancellation-already-recorded': {
    ja: (p) => `この契約の解約は既に記録されています（${p.effective} に効力発生）。`,
    en: (p) => `A cancellation of this contract is already recorded (effective ${p.effective}).`,
  },
  'individual-price-missing': {
    ja: (p) => `${p.item} の証明書料金は個別に定めます。承諾の前に合意した金額を記録してください。`,
    en: (p) => `${p.item} is individually priced: record the agreed certificate fee before accepting.`,
  },
  'answer-before-notice': {
    ja: () => '更新のご案内をお送りする前のため、まだご回答を受け付けられません（第6条第2項）。',
    en: () => 'Answers are taken once the renewal notice has been sent (Art. 6(2)).',
  },
  'answer-after-deadline': {
    ja: (p) => `回答期限（${p.deadline}）を過ぎているため、ご回答を受け付けられませんでした。担当者にご連絡ください。`,
    en: (p) => `The reply deadline (${p.deadline}) has passed, so the answer could not be taken. Please contact your account team.`,
  },
};

export function reasonMessage(r: Reason, locale: Locale): string {
  return REASONS[r.code][locale](r.params);
}

/** A reason as the JSON of the command line carries it. */
export function reasonJson(r: Reason) {
  return { article: r.article, code: r.code, message: reasonMessage(r, 'en'), messageJa: reasonMessage(r, 'ja'), params: r.params };
}

const CERTIFICATE_PROBLEMS: Record<CertificateProblem, { ja: string; en: string }> = {
  'not-pem': { ja: 'PEM 形式の証明書ではありません（-----BEGIN CERTIFICATE----- で始まるファイルを指定してください）。', en: 'This is not a PEM certificate: give a file that begins with -----BEGIN CERTIFICATE-----.' },
  'private-key-not-certificate': { ja: 'これは秘密鍵です。証明書を指定してください（秘密鍵は共有しないでください）。', en: 'This is a private key, not a certificate. Give the certificate instead (and keep the key private).' },
  'public-key-not-certificate': { ja: 'これは公開鍵です。証明書を指定してください。', en: 'This is a public key, not a certificate. Give the certificate instead.' },
  'csr-not-certificate': { ja: 'これは CSR（証明書署名要求）です。発行された証明書を指定してください。', en: 'This is a certificate signing request (CSR), not a certificate. Give the issued certificate.' },
  'unreadable-certificate': { ja: '証明書を読み取れません（壊れているか、対応していない形式です）。', en: 'The certificate cannot be read: it is damaged or in a form certdesk does not read.' },
};

export function certificateProblemMessage(problem: CertificateProblem, locale: Locale): string {
  return CERTIFICATE_PROBLEMS[problem][locale];
}

const NOTES: Record<QuoteNote['code'] | EligibilityNote['code'], Bilingual> = {
  'individually-priced': {
    ja: () => '証明書料金は当社が別途お示しする金額です（個別見積）。合計は金額の決定後に確定します。',
    en: () => 'The certificate fee is individually priced (当社が別途契約者に示す金額): there is no total until the amount is agreed.',
  },
  'renews-as-successor': {
    ja: (p) => `${p.from} は更新後 ${p.to} として存続し、${p.to} の料金になります（平成28年7月1日附則）。`,
    en: (p) => `${p.from} continues after renewal as ${p.to}, at ${p.to} prices (supplementary provision of 2016-07-01).`,
  },
  'term-served-by-several-certificates': {
    ja: (p) => `公的に信頼される証明書の有効期間は最長${p.maxDays}日のため、この有効期間中に証明書を再発行します（再発行に料金はかかりません）。`,
    en: (p) => `Publicly trusted certificates now live at most ${p.maxDays} days, so the term is served by reissued certificates (a reissue carries no fee).`,
  },
  'bring-your-own-shorter-certificates': {
    ja: (p) => `持ち込み証明書の有効期間は証明書自体の有効期間です（現在最長${p.maxDays}日）。${p.from} 以降、公的証明書は90日以内となり第6条第3項により更新できなくなります。`,
    en: (p) => `A bring-your-own term is the certificate's own validity (now at most ${p.maxDays} days). From ${p.from} no publicly trusted certificate lives more than 90 days, so none can renew under Art. 6(3).`,
  },
  'bring-your-own-no-public-certificate-renewable': {
    ja: (p) => `公的に信頼される証明書の有効期間は最長${p.maxDays}日で、第6条第3項（90日以内は更新不可）を満たしません。`,
    en: (p) => `Publicly trusted certificates now live at most ${p.maxDays} days: none passes the 90-day rule of Art. 6(3).`,
  },
  'certificate-checked-on-submission': {
    ja: () => '持ち込み証明書が有効期間に合うか（第3条）は、証明書の提出時に確認します。',
    en: () => 'Whether the certificate fits the term (Art. 3) is checked when it is submitted.',
  },
  'transition-exception-applied': {
    ja: (p) => `認証機関の移行期間として第3条ただし書を適用しました: ${p.reason}`,
    en: (p) => `The CA's transition period (Art. 3 proviso) was applied: ${p.reason}`,
  },
};

export function noteMessage(n: { code: keyof typeof NOTES; params: ReasonParams }, locale: Locale): string {
  return NOTES[n.code][locale](n.params);
}

export function noteJson(n: { code: keyof typeof NOTES; params: ReasonParams }) {
  return { code: n.code, message: noteMessage(n, 'en'), messageJa: noteMessage(n, 'ja') };
}
