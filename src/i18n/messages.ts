// Every sentence certdesk says to a person, in Japanese and English. One place, so wording stays
// consistent across Slack, the command line and the logs.
import type { CertificateProblem } from '../crypto/certificate.js';
import type { EligibilityNote } from '../domain/eligibility.js';
import type { QuoteNote } from '../domain/quote.js';
import type { Reason, ReasonCode, ReasonParams } from '../domain/reasons.js';
import { isTermCode, TERM_NAMES } from '../domain/terms.js';

import type { Bilingual as Sentence, Locale } from './text.js';

export type { Locale } from './text.js';
type Text = (p: ReasonParams) => string;
type Bilingual = { ja: Text; en: Text };

const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
/** A term code as the terms write it (6ヶ月間, 1年間); anything else as given. */
const termJa = (v: unknown) => (typeof v === 'string' && isTermCode(v) ? TERM_NAMES[v].ja : String(v ?? ''));
const listJa = (v: unknown) => (Array.isArray(v) ? v.map(termJa).join('、') : termJa(v));

const REASONS: Record<ReasonCode, Bilingual> = {
  'term-not-offered': {
    ja: (p) => `${p.item} に有効期間 ${termJa(p.term)} はありません。選べる有効期間: ${listJa(p.offered) || 'なし'}`,
    en: (p) => `${p.item} is not offered for the term ${p.term}. Terms offered: ${list(p.offered) || 'none'}.`,
  },
  // The article (the supplementary provision) is cited beside the sentence: the sentence does not cite it again.
  'item-not-sold': {
    ja: (p) =>
      `${p.item} は新規には販売していません。既存の契約は更新時に ${p.successor || '後継の品目'} として存続します。${p.successor ? `新規には ${p.successor} をお選びください。` : ''}`,
    en: (p) =>
      `${p.item} is no longer sold; existing contracts continue as ${p.successor || 'its successor'} when renewed.${p.successor ? ` For a new contract choose ${p.successor}.` : ''}`,
  },
  'item-abolished': {
    ja: (p) => `${p.item} は ${p.from} をもって廃止されました。見積・申込・更新はできません。`,
    en: (p) => `${p.item} is abolished from ${p.from}: it cannot be quoted, applied for or renewed.`,
  },
  'no-tariff-in-force': {
    ja: (p) => `${p.date} 時点で有効な料金表がありません。最初の料金表は ${p.first} から有効です。`,
    en: (p) => `No tariff is in force on ${p.date}. The first one takes effect on ${p.first}.`,
  },
  'organisation-outside-japan': {
    ja: (p) =>
      `品目区分Ⅰ・Ⅱは日本国外の組織（${p.country}）を対象に申し込めません。持ち込み証明書（品目区分Ⅲ）をご検討ください。`,
    en: (p) =>
      `Category I and II items cannot be applied for on behalf of an organisation outside Japan (${p.country}). A bring-your-own certificate (category III) can be.`,
  },
  'moved-from-external-server': {
    ja: () =>
      '当社が提供し指定するサービス以外のサーバで利用中の証明書を移設する形では、品目区分Ⅰ・Ⅱを申し込めません。',
    en: () =>
      'A certificate in use on a server that is not of a service the provider offers and designates cannot be moved in under a category I or II item.',
  },
  'no-designated-service': {
    ja: (p) =>
      `${p.item}（クラウド証明書）には、当社が指定するサービスのご契約が必要です。` +
      (p.services !== undefined
        ? `ご契約のサービス: ${list(p.services) || 'なし'}。当社の指定サービス: ${list(p.designated) || 'なし'}。`
        : ''),
    en: (p) =>
      `${p.item} (a cloud certificate) needs a contract for a service the provider designates.` +
      (p.services !== undefined
        ? ` The customer's services: ${list(p.services) || 'none'}; designated by the provider: ${list(p.designated) || 'none'}.`
        : ''),
  },
  'certificate-does-not-fit-term': {
    ja: (p) =>
      `証明書の有効期間が ${termJa(p.term)} を超えています。${p.fittingTerm ? `この証明書に合う有効期間は ${termJa(p.fittingTerm)} です。` : ''}`,
    en: (p) =>
      `The certificate's validity is longer than the term ${p.term}.${p.fittingTerm ? ` It fits the term ${p.fittingTerm}.` : ''}`,
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
    ja: (p) => `有効期間が90日以内の証明書（${p.validityDays}日）では更新できません。`,
    en: (p) => `A certificate valid for 90 days or less (${p.validityDays} days) cannot renew the contract.`,
  },
  'certificate-90-days-into-renewed-term': {
    ja: (p) =>
      `証明書は更新後の有効期間の初日（${p.startsOn}）から90日を超えて有効でなければなりません（その日からの残りは${p.daysLeft}日）。この証明書では更新できず、料金もかかりません。`,
    en: (p) =>
      `The certificate must still be valid for more than 90 days from the first day of the renewed term (${p.startsOn}); it has ${p.daysLeft} days left then, so it cannot renew the contract and nothing is charged.`,
  },
  'certificate-tier-applies': {
    ja: (p) =>
      `この証明書の有効期間で当てはまる区分は ${termJa(p.tier)} です（料金 ${Number(p.fee).toLocaleString('ja-JP')}円）。${termJa(p.term)} ではなく、有効期間に ${termJa(p.tier)} を選んで申し込んでください。`,
    en: (p) =>
      `This certificate's validity makes it a ${p.tier} contract (fee ¥${Number(p.fee).toLocaleString('en-US')}), not ${p.term}: choose ${p.tier} as the term and apply again.`,
  },
  'wildcard-needs-wildcard-item': {
    ja: (p) =>
      `ワイルドカードのコモンネーム（${p.commonName}）は ${p.item} では申し込めません。ワイルドカードオプション付きの品目（${list(p.wildcardItems)}）をお選びください。`,
    en: (p) =>
      `A wildcard common name (${p.commonName}) cannot be applied for under ${p.item}: choose an item with the wildcard option (${list(p.wildcardItems)}).`,
  },
  'certificate-not-taken': {
    ja: (p) =>
      `${p.item} の証明書は当社が認証機関に申請して取得します（申請代行）。申込に証明書は添付できません。証明書の欄を空にしてお申し込みください（お持ちの証明書をお使いになる場合は持ち込み証明書をお選びください）。`,
    en: (p) =>
      `For ${p.item} the provider obtains the certificate from the CA on your behalf, so an application cannot carry one. Leave the certificate empty and apply again (to use a certificate you already have, choose bring-your-own).`,
  },
  'abolition-category-iii': {
    ja: (p) => `廃止は品目区分Ⅰ・Ⅱの品目に限られます。${p.item} は品目区分Ⅲです。`,
    en: (p) => `Only category I and II items are abolished; ${p.item} is category III.`,
  },
  'cancellation-after-validity': {
    ja: (p) =>
      `解約申込書の到達日 ${p.receivedOn} は有効期間（${p.expiryDate} まで）の後です。` +
      (p.held
        ? '満了日までに更新のご案内を送れなかったため、契約は更新も終了もせず保留中です。終了するには、契約者の「更新しない」との回答を記録してください（満了日に終了します）。'
        : ''),
    en: (p) =>
      `The cancellation form arrived on ${p.receivedOn}, after the validity period ended on ${p.expiryDate}.` +
      (p.held
        ? ` No renewal notice went out before the expiry date, so the contract is held, neither renewed nor ended: to end it, record the customer's answer "don't renew" (it ends on the expiry date).`
        : ''),
  },
  'correction-changes-nothing': {
    ja: () =>
      '訂正内容が記録済みの解約と同じです。到達日時（--received）か指定日（--requested / --no-requested）を変えて指定してください。',
    en: () =>
      'The correction is the same as the cancellation on record: give a different arrival time (--received) or requested date (--requested / --no-requested).',
  },
  'cancellation-before-validity': {
    ja: (p) =>
      `解約申込書の到達日 ${p.receivedOn} は有効期間の開始日 ${p.startsOn} より前です。到達日時を確認してください。`,
    en: (p) =>
      `The cancellation form arrived on ${p.receivedOn}, before the validity period began on ${p.startsOn}. Check the time it arrived.`,
  },
  'contract-ended': {
    ja: () => 'この契約は既に終了しています。',
    en: () => 'This contract has already ended.',
  },
  'cancellation-already-recorded': {
    ja: (p) =>
      `この契約の解約は既に記録されています（${p.effective} に効力発生）。到達日時や指定日の誤りは当社担当者が certdesk cancel correct で訂正し、契約者が撤回した場合は certdesk cancel withdraw で取り消します。`,
    en: (p) =>
      `A cancellation of this contract is already recorded (effective ${p.effective}). Staff correct a mistyped arrival time or requested date with certdesk cancel correct, and take it back, when the customer withdrew it, with certdesk cancel withdraw.`,
  },
  'individual-price-missing': {
    ja: (p) =>
      `${p.item} の証明書料金は個別に定めます。承諾するときに合意した金額を入力してください（Slack では承諾の画面、コマンドラインでは certdesk application accept ID --agreed-fee 金額）。`,
    en: (p) =>
      `${p.item} is individually priced: give the agreed certificate fee when accepting (in the Accept dialog in Slack, or certdesk application accept ID --agreed-fee YEN).`,
  },
  'not-individually-priced': {
    ja: (p) => `${p.item} の証明書料金は別紙1の定額です。合意金額を記録できるのは品目区分Ⅱ（クラウド証明書）だけです。`,
    en: (p) =>
      `${p.item} has the fixed price of Appendix 1: an agreed amount is recorded only for category II (cloud certificates).`,
  },
  'no-renewal-to-price': {
    ja: (p) =>
      `契約 ${p.contract} には金額を合意できる更新がまだありません（証明書の取付けで有効期間が始まると、その更新が対象になります）。`,
    en: (p) =>
      `Contract ${p.contract} has no renewal to agree a price for yet (its renewal can be priced once its term begins, when the certificate is attached).`,
  },
  'price-unchanged': {
    ja: (p) => `この更新（満了日 ${p.expiryDate}）の証明書料金は既に ${p.amount} 円で合意されています。`,
    en: (p) => `The certificate fee of this renewal (expiry ${p.expiryDate}) is already agreed at ¥${p.amount}.`,
  },
  'application-already-pending': {
    ja: (p) =>
      `同じ契約者・品目・コモンネーム（${p.commonName}）の申込 #${p.application} が承諾待ちです。新しく申し込む前に、その申込の結果をお待ちください。`,
    en: (p) =>
      `Application #${p.application} for the same customer, item and common name (${p.commonName}) is waiting for a decision: wait for it before applying again.`,
  },
  'channel-taken': {
    ja: (p) =>
      `チャンネル ${p.channel} は既に契約者 ${p.customer} のチャンネルです。一つのチャンネルは一つの契約者のものです。`,
    en: (p) =>
      `Channel ${p.channel} is already the channel of customer ${p.customer}: a channel belongs to one customer.`,
  },
  'application-decided': {
    ja: (p) => `申込 #${p.application} は既に処理されています（${p.status}）。`,
    en: (p) => `Application #${p.application} has already been decided (${p.status}).`,
  },
  'customer-exists': {
    ja: (p) => `契約者 ${p.customer} は既に登録されています。変更は customer update で行ってください。`,
    en: (p) => `Customer ${p.customer} already exists: change it with customer update.`,
  },
  'abolition-date-past': {
    ja: (p) =>
      `廃止日 ${p.from} は過去の日付です（本日 ${p.today}）。過去に遡って契約を終了させることはできません。本日以降の日付を指定してください。`,
    en: (p) =>
      `The abolition date ${p.from} is in the past (today is ${p.today}): contracts cannot be ended retroactively. Give today or a later date.`,
  },
  'abolition-already-recorded': {
    ja: (p) =>
      `${p.item} は既に ${p.from} からの廃止が記録されています。日付を変えるには certdesk abolish move、取り消すには certdesk abolish withdraw を使ってください。`,
    en: (p) =>
      `${p.item} is already abolished from ${p.from}. To change the date use certdesk abolish move; to take it back, certdesk abolish withdraw.`,
  },
  'abolition-has-ended-contracts': {
    ja: (p) =>
      `${p.item} の廃止（${p.from}）により既に終了した契約があるため、廃止の取消・日付変更はできません: ${list(p.contracts)}`,
    en: (p) =>
      `Contracts have already ended under the abolition of ${p.item} from ${p.from}, so it can no longer be withdrawn or moved: ${list(p.contracts)}.`,
  },
  'received-in-future': {
    ja: (p) => `到達日時 ${p.receivedAt} は現在（${p.now}）より後です。解約申込書が届いた日時を指定してください。`,
    en: (p) =>
      `The arrival time ${p.receivedAt} is later than now (${p.now}). Give the time the cancellation form arrived.`,
  },
  'answer-before-notice': {
    ja: (p) =>
      '更新のご案内をお送りする前のため、まだご回答を受け付けられません。' +
      (p.queuedAt
        ? `ご案内は ${p.queuedAt} から Slack への送信待ちです。Slack の設定（certdesk doctor で確認）と certdesk serve または certdesk worker の起動後に送信されます。`
        : ''),
    en: (p) =>
      'Answers are taken once the renewal notice has been sent.' +
      (p.queuedAt
        ? ` The notice has been waiting to go to Slack since ${p.queuedAt}: it goes out once Slack is set up (see certdesk doctor) and certdesk serve or certdesk worker runs.`
        : ''),
  },
  'outcome-already-recorded': {
    ja: (p) =>
      `回答期限を過ぎ、${p.outcomeJa}が既に記録されています（${p.at}）。このご回答で変えることはできません。ご不明な点は担当者にご連絡ください。`,
    en: (p) =>
      `The reply deadline has passed and ${p.outcomeEn} is already recorded (${p.at}); this answer cannot change it. Please contact your account team with any question.`,
  },
  'common-name-invalid': {
    ja: (p) => `コモンネーム「${p.commonName}」はドメイン名ではありません（例: www.example.co.jp、*.example.co.jp）。`,
    en: (p) => `The common name "${p.commonName}" is not a domain name (e.g. www.example.com, *.example.com).`,
  },
  'certificate-unreadable': {
    ja: (p) =>
      `証明書を読み取れません（${p.problem}）。-----BEGIN CERTIFICATE----- から始まる PEM を貼り付けてください。`,
    en: (p) =>
      `The certificate cannot be read (${p.problem}). Paste the PEM that begins with -----BEGIN CERTIFICATE-----.`,
  },
  'service-not-designated': {
    ja: (p) =>
      `「${p.service}」は当社が提供し指定するサービスではありません。指定サービス: ${list(p.designated) || 'なし'}`,
    en: (p) =>
      `"${p.service}" is not a service the provider offers and designates. Designated services: ${list(p.designated) || 'none'}.`,
  },
  'service-not-held': {
    ja: (p) =>
      `「${p.service}」は契約者がご利用のサービスではありません。契約者がご利用の指定サービス: ${list(p.services) || 'なし'}`,
    en: (p) =>
      `"${p.service}" is not a service the customer uses. The customer's designated services: ${list(p.services) || 'none'}.`,
  },
  'service-unchanged': {
    ja: (p) => `この証明書は既に「${p.service}」で利用されています。`,
    en: (p) => `The certificate is already used by "${p.service}".`,
  },
  'certificate-key-mismatch': {
    ja: () =>
      '証明書の公開鍵が、当社が保管している秘密鍵・CSR のどれとも一致しません。この契約の CSR から発行された証明書か確認してください。',
    en: () =>
      'The certificate’s public key matches no private key or CSR kept for this contract. Check that it was issued from this contract’s CSR.',
  },
  'certificate-chain-invalid': {
    ja: (p) =>
      `中間証明書のチェーンを検証できません（${p.problem}、${p.index} 番目）。発行元から受け取った中間証明書を、証明書の後に順に付けてください。`,
    en: (p) =>
      `The chain does not verify (${p.problem}, at certificate ${p.index}). Append the intermediates from the issuer after the certificate, in order.`,
  },
  'certificate-category': {
    ja: (p) =>
      `${p.item} は品目区分${p.category}です。${p.category === 'III' ? '持ち込み証明書は cert upload で提出してください。' : '発行された証明書は cert attach で登録してください。'}`,
    en: (p) =>
      `${p.item} is category ${p.category}. ${p.category === 'III' ? 'A brought certificate is submitted with cert upload.' : 'An issued certificate is attached with cert attach.'}`,
  },
  'issuer-not-acme': {
    ja: (p) =>
      `${p.issuer} には ACME での発行申請が設定されていません。certdesk issuer set ${p.issuer} --acme-directory URL で設定するか、発行された証明書を cert attach で登録してください。`,
    en: (p) =>
      `${p.issuer} takes no ACME orders here: set it up with certdesk issuer set ${p.issuer} --acme-directory URL, or attach the issued certificate with cert attach.`,
  },
  'certificate-current': {
    ja: (p) =>
      `この契約の証明書は ${p.notAfter} まで有効で、差し替えの時期${p.dueOn === '—' ? 'はありません（有効期間の終わりまで使えます）' : `は ${p.dueOn} です`}。鍵の紛失や漏えいなどで今すぐ差し替えるときは certdesk cert order --contract ${p.contract} --replace としてください。`,
    en: (p) =>
      `This contract's certificate is valid until ${p.notAfter}; ${p.dueOn === '—' ? 'it serves to the end of its term and needs no replacement' : `its replacement falls due on ${p.dueOn}`}. To replace it now (a lost or compromised key), use certdesk cert order --contract ${p.contract} --replace.`,
  },
  'key-not-delegated': {
    ja: () =>
      '契約者から鍵ペアと CSR の作成を依頼されていません（第4条第7項）。依頼を受けたら certdesk csr create で作成してから発行を申請してください。',
    en: () =>
      'The customer did not ask the provider to create and keep the key pair and CSR (Art. 4(7)). Once they do, make them with certdesk csr create, then order.',
  },
  'renewal-not-open': {
    ja: () => 'この契約の更新は現在受け付けていません（更新のご案内の後、結果が決まる前に提出してください）。',
    en: () =>
      'This contract is not open for renewal now: submit the certificate after the renewal notice and before the outcome is settled.',
  },
  'master-key-missing': {
    ja: () =>
      'CERTDESK_MASTER_KEY が設定されていないため、秘密鍵を保管できません。作り方: openssl rand -base64 32 の出力を CERTDESK_MASTER_KEY に設定してください。',
    en: () =>
      'CERTDESK_MASTER_KEY is not set, so no private key can be kept. Make one with openssl rand -base64 32 and set it as CERTDESK_MASTER_KEY.',
  },
  'not-a-contact': {
    ja: () => 'この契約への回答は、契約者のご担当者として登録された方と当社担当者だけができます。',
    en: () => "Only the customer's registered contacts, and the provider's staff, can answer for this contract.",
  },
  'answer-after-deadline': {
    ja: (p) => `回答期限（${p.deadline}）を過ぎているため、ご回答を受け付けられませんでした。担当者にご連絡ください。`,
    en: (p) =>
      `The reply deadline (${p.deadline}) has passed, so the answer could not be taken. Please contact your account team.`,
  },
};

export function reasonMessage(r: Reason, locale: Locale): string {
  return REASONS[r.code][locale](r.params);
}

/** The words of a reason stored by its code alone (a refused answer), with the parameters still known. */
export function storedReasonMessage(code: string, params: ReasonParams, locale: Locale): string {
  return code in REASONS ? REASONS[code as ReasonCode][locale](params) : code;
}

export function reasonSentence(r: Reason): Sentence {
  return { ja: reasonMessage(r, 'ja'), en: reasonMessage(r, 'en') };
}

/** A reason as a line for people: its article first, when the terms make it. */
export function reasonLine(r: Reason, locale: Locale): string {
  return r.article ? `${articleName(r.article, locale)}: ${reasonMessage(r, locale)}` : reasonMessage(r, locale);
}

/**
 * `Art. 7(2)` as Japanese readers know it: 第7条第2項. Appendix 1's numbered parts (1 初期費用,
 * 2 月額費用, 3 申請代行手数料) are cited as 別紙1の1. The supplementary provision of 平成28年7月1日
 * is 平成28年7月1日附則 in Japanese and dated in the Gregorian calendar in English.
 */
export function articleName(article: string, locale: Locale): string {
  const provision = /^Supplementary provision(?: \(平成28年7月1日\))?$/;
  if (locale === 'en')
    return article.replace(provision, (m) => (m.includes('平成') ? 'Supplementary provision of 2016-07-01' : m));
  return article
    .split(/;\s*|,\s*/)
    .map((part) => {
      const art = /^Art\. (\d+)(?:\((\d+)\))?$/.exec(part.trim());
      if (art) return `第${art[1]}条${art[2] ? `第${art[2]}項` : ''}`;
      const app = /^Appendix (\d+)(?: §(\d+))?$/.exec(part.trim());
      if (app) return `別紙${app[1]}${app[2] ? `の${app[2]}` : ''}`;
      if (provision.test(part.trim())) return part.includes('平成') ? '平成28年7月1日附則' : '附則';
      return part.replace('Supplementary provision', '附則');
    })
    .join('、');
}

/** A reason as the JSON of the command line carries it. */
export function reasonJson(r: Reason) {
  return {
    article: r.article,
    code: r.code,
    message: reasonMessage(r, 'en'),
    messageJa: reasonMessage(r, 'ja'),
    params: r.params,
  };
}

const CERTIFICATE_PROBLEMS: Record<CertificateProblem, { ja: string; en: string }> = {
  'not-pem': {
    ja: 'PEM 形式の証明書ではありません（-----BEGIN CERTIFICATE----- で始まるファイルを指定してください）。',
    en: 'This is not a PEM certificate: give a file that begins with -----BEGIN CERTIFICATE-----.',
  },
  'private-key-not-certificate': {
    ja: 'これは秘密鍵です。証明書を指定してください（秘密鍵は共有しないでください）。',
    en: 'This is a private key, not a certificate. Give the certificate instead (and keep the key private).',
  },
  'public-key-not-certificate': {
    ja: 'これは公開鍵です。証明書を指定してください。',
    en: 'This is a public key, not a certificate. Give the certificate instead.',
  },
  'csr-not-certificate': {
    ja: 'これは CSR（証明書署名要求）です。発行された証明書を指定してください。',
    en: 'This is a certificate signing request (CSR), not a certificate. Give the issued certificate.',
  },
  'unreadable-certificate': {
    ja: '証明書を読み取れません（壊れているか、対応していない形式です）。',
    en: 'The certificate cannot be read: it is damaged or in a form certdesk does not read.',
  },
};

export function certificateProblemMessage(problem: CertificateProblem, locale: Locale): string {
  return CERTIFICATE_PROBLEMS[problem][locale];
}

export function certificateProblemSentence(problem: CertificateProblem): Sentence {
  return CERTIFICATE_PROBLEMS[problem];
}

const NOTES: Record<QuoteNote['code'] | EligibilityNote['code'], Bilingual> = {
  'individually-priced': {
    ja: () => '証明書料金は当社が別途お示しする金額です（個別見積）。合計は金額の決定後に確定します。',
    en: () =>
      'The certificate fee is individually priced (当社が別途契約者に示す金額): there is no total until the amount is agreed.',
  },
  'renews-as-successor': {
    ja: (p) => `${p.from} は更新後 ${p.to} として存続し、${p.to} の料金になります（平成28年7月1日附則）。`,
    en: (p) =>
      `${p.from} continues after renewal as ${p.to}, at ${p.to} prices (supplementary provision of 2016-07-01).`,
  },
  'term-served-by-several-certificates': {
    ja: (p) =>
      `公的に信頼される証明書の有効期間は最長${p.maxDays}日のため、この有効期間中に証明書を再発行します（再発行に料金はかかりません）。`,
    en: (p) =>
      `Publicly trusted certificates now live at most ${p.maxDays} days, so the term is served by reissued certificates (a reissue carries no fee).`,
  },
  'bring-your-own-shorter-certificates': {
    ja: (p) =>
      `持ち込み証明書の有効期間は証明書自体の有効期間です（現在最長${p.maxDays}日）。${p.from} 以降、公的証明書は90日以内となり第6条第3項により更新できなくなります。`,
    en: (p) =>
      `A bring-your-own term is the certificate's own validity (now at most ${p.maxDays} days). From ${p.from} no publicly trusted certificate lives more than 90 days, so none can renew under Art. 6(3).`,
  },
  'bring-your-own-no-public-certificate-renewable': {
    ja: (p) =>
      `公的に信頼される証明書の有効期間は最長${p.maxDays}日で、第6条第3項（90日以内は更新不可）を満たしません。`,
    en: (p) =>
      `Publicly trusted certificates now live at most ${p.maxDays} days: none passes the 90-day rule of Art. 6(3).`,
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
