// What certdesk says in Slack: messages, modals, the App Home. Japanese first, English for people
// whose Slack locale is English. Reasons of the terms are in ./messages.ts.
import { japaneseEraDate, parseBusinessDate } from '../domain/dates.js';
import { bilingual, type Bilingual, type Locale } from './text.js';

const yenFormat = new Intl.NumberFormat('ja-JP');
const yen = (n: number | null) => (n === null ? '—' : `${n < 0 ? '-' : ''}¥${yenFormat.format(Math.abs(n))}`);
export { yen as slackYen };

/** Someone's words shown back in Slack: `<!channel>` or `<@U…>` stays text, notifying no one. */
export const echo = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A business date for Japanese readers, with its era as the command line shows it:
 * `2026-12-11 (令和8年12月11日)`. Anything that is not a date (`—`, an instant) is left as it is.
 */
export function jaDate(text: string): string {
  const d = parseBusinessDate(text);
  return d ? `${text} (${japaneseEraDate(d)})` : text;
}

/** A business date in a reader's language: the era beside it in Japanese, ISO alone in English. */
export function slackDate(text: string | null, l: Locale): string {
  if (text === null) return '—';
  return l === 'ja' ? jaDate(text) : text;
}

export const NOTICE = {
  header: (cn: string) => bilingual(`更新のご案内: ${cn}`, `Renewal notice: ${cn}`),
  intro: (item: string, expiry: string, deadline: string) =>
    bilingual(
      `*${item}* の有効期間は *${jaDate(expiry)}* に満了します。更新するかどうかを *${jaDate(deadline)}* までにお知らせください（第6条）。`,
      `The term of *${item}* ends on *${expiry}*. Please tell us by *${deadline}* whether to renew it (Art. 6).`,
    ),
  introHeld: (item: string, expiry: string) =>
    bilingual(
      `*${item}*（有効期間の満了日 *${jaDate(expiry)}*）を更新するかどうかをお知らせください。`,
      `Please tell us whether to renew *${item}*, whose term ends on *${expiry}*.`,
    ),
  /** The late-notice rule of Art. 6(2) as renewal.ts replyDeadline applies it, stated with the deadline it gave. */
  late: (days: number, deadline: string) =>
    bilingual(
      `このご案内は予定より遅れてお送りしています。そのため回答期限は、通常の期限と、このご案内の${days}日後のいずれか遅い日（ただし満了日の前日まで）の ${jaDate(deadline)} としています。`,
      `This notice is later than scheduled, so the reply deadline is the later of the usual one and ${days} days after this notice (but no later than the day before expiry): ${deadline}.`,
    ),
  item: bilingual('品目', 'Item'),
  commonName: bilingual('コモンネーム', 'Common name'),
  expiry: bilingual('満了日', 'Expiry date'),
  deadline: bilingual('回答期限', 'Reply by'),
  noDeadline: bilingual('なし（ご回答をお待ちしています）', 'None: please answer'),
  defaultRenewal: (fees: string) =>
    bilingual(
      `期限までにご回答がない場合は、更新するものとして取り扱います（第6条第2項、みなし更新）。料金: ${fees}（税抜）。`,
      `Without an answer by the deadline, the term is renewed (Art. 6(2), default renewal). Fees: ${fees} (excl. tax).`,
    ),
  defaultRenewalIndividual: (price: Bilingual) =>
    bilingual(
      `期限までにご回答がない場合は、更新するものとして取り扱います（第6条第2項、みなし更新）。${price.ja}`,
      `Without an answer by the deadline, the term is renewed (Art. 6(2), default renewal). ${price.en}`,
    ),
  /** Category II: what is agreed and what is not (Appendix 1 §1, §3). */
  individualPrice: (agency: string, agreed: string | null) =>
    agreed
      ? bilingual(
          `料金: 申請代行手数料 ${agency} と、合意済みの証明書料金 ${agreed}（いずれも税抜）。`,
          `Fees: the agency fee of ${agency} and the agreed certificate fee of ${agreed} (both excl. tax).`,
        )
      : bilingual(
          `料金: 申請代行手数料 ${agency}（税抜）は更新とともに発生します。証明書料金は個別に定める金額で、まだ合意していません。金額は担当者からお示しし、合意した時点で発生します。`,
          `Fees: the agency fee of ${agency} (excl. tax) accrues with the renewal. The certificate fee is individually priced and not agreed yet: our staff will tell you the amount, and it accrues once agreed.`,
        ),
  categoryThree: bilingual(
    '期限までにご回答がない場合、自動更新はなく、契約は満了日に終了します（第6条第3項）。更新する場合は、新しい証明書をご自身で取得し、満了日の終わりまでにお送りください。有効期間が90日以内の証明書では更新できません。',
    'Without an answer by the deadline there is no default renewal: the contract ends on the expiry date (Art. 6(3)). To renew, obtain the new certificate yourself and send it by the end of the expiry date. A certificate valid for 90 days or less cannot renew the contract.',
  ),
  // Held: the notice went out on or after the expiry date, so Art. 6(2) and 6(3) have no reply period to run.
  held: bilingual(
    'このご案内は満了日以降にお送りしたため、回答期限はありません。ご回答をいただくまで、有効期間が自動で更新されることも、契約が終了することもありません。担当者からもご連絡します。',
    'This notice went out on or after the expiry date, too late to leave time to answer, so there is no reply deadline: until you answer, the term is neither renewed automatically nor ended. Our staff will also be in touch.',
  ),
  heldRenew: (fees: string) =>
    bilingual(
      `「更新する」とご回答いただくと、その日に更新を記録し、料金 ${fees}（税抜）はその日に発生します。「更新しない」とご回答いただくと、契約は満了日をもって終了します（第9条第1項）。`,
      `If you answer "renew", the renewal is recorded that day and its fees, ${fees} (excl. tax), accrue that day. If you answer "don't renew", the contract ends as of its expiry date (Art. 9(1)).`,
    ),
  heldRenewIndividual: (price: Bilingual) =>
    bilingual(
      `「更新する」とご回答いただくと、その日に更新を記録します。${price.ja}「更新しない」とご回答いただくと、契約は満了日をもって終了します（第9条第1項）。`,
      `If you answer "renew", the renewal is recorded that day. ${price.en} If you answer "don't renew", the contract ends as of its expiry date (Art. 9(1)).`,
    ),
  // A brought certificate renews when it is accepted (certificates.ts uploadRenewalCertificate), held or not.
  heldCategoryThree: bilingual(
    '更新する場合は、新しい証明書をご自身で取得してお送りください（第6条第3項）。証明書を受け付けた日に更新を記録します。有効期間が90日以内の証明書では更新できません。「更新しない」とご回答いただくと、契約は満了日をもって終了します（第9条第1項）。',
    'To renew, obtain the new certificate yourself and send it to us (Art. 6(3)); the renewal is recorded the day it is accepted. A certificate valid for 90 days or less cannot renew the contract. If you answer "don\'t renew", the contract ends as of its expiry date (Art. 9(1)).',
  ),
  noPublicCertificate: bilingual(
    '2029年3月15日以降、公的に信頼される証明書はすべて90日以内となり、この規定では更新できません。',
    'From 2029-03-15 no publicly trusted certificate lives more than 90 days, so none can renew under this rule.',
  ),
  groupHeader: (count: number) => bilingual(`更新のご案内（${count}件）`, `Renewal notices (${count} contracts)`),
  groupIntro: bilingual(
    '次の契約の有効期間が満了します。契約ごとに、更新するかどうかをそれぞれの回答期限までにお知らせください（第6条）。',
    'The terms of the contracts below are ending. For each, please tell us by its reply deadline whether to renew it (Art. 6).',
  ),
  groupThreadHint: (cn: string) =>
    bilingual(
      `このメッセージのスレッドに「更新する ${cn}」のように、コモンネームを添えて返信しても回答できます。`,
      `You can also answer in this thread, naming the contract's common name: "renew ${cn}" or "don't renew ${cn}".`,
    ),
  threadHint: bilingual(
    'このメッセージのスレッドに「更新する」「更新しない」と返信しても回答できます。',
    'You can also answer by replying "renew" or "don\'t renew" in this thread.',
  ),
  renew: bilingual('更新する', 'Renew'),
  decline: bilingual('更新しない', "Don't renew"),
  confirmDecline: {
    title: bilingual('更新しない', "Don't renew"),
    text: (expiry: string) =>
      bilingual(
        `契約は満了日（${jaDate(expiry)}）をもって終了します（第9条第1項）。よろしいですか？`,
        `The contract will end as of its expiry date (${expiry}) (Art. 9(1)). Continue?`,
      ),
    yes: bilingual('更新しない', "Don't renew"),
    no: bilingual('戻る', 'Back'),
  },
  /** `changeable`: a reply deadline is still ahead, so a later answer replaces this one. */
  answered: (answer: string, who: string, at: string, staff: boolean, changeable: boolean) =>
    bilingual(
      `回答: *${answer}* — <@${who}>${staff ? '（担当者が代理で記録）' : ''}、${at}。${changeable ? '期限までは変更できます。' : ''}`,
      `Answer: *${answer}* — <@${who}>${staff ? ' (recorded by staff for you)' : ''}, ${at}.${changeable ? ' You can change it until the deadline.' : ''}`,
    ),
  outcome: {
    renewed: (at: string) => bilingual(`結果: 更新を記録しました（${at}）。`, `Outcome: renewal recorded (${at}).`),
    'default-renewed': (at: string) =>
      bilingual(
        `結果: 期限までにご回答がなかったため、更新するものとして記録しました（みなし更新、${at}）。`,
        `Outcome: no answer came by the deadline, so the renewal was recorded (default renewal, ${at}).`,
      ),
    ended: (at: string) =>
      bilingual(
        `結果: 更新しません。契約は満了日をもって終了します（${at} 確定）。`,
        `Outcome: not renewed; the contract ends as of its expiry date (settled ${at}).`,
      ),
    lapsed: (at: string) =>
      bilingual(
        `結果: 更新はなく、契約は満了日をもって終了します（${at} 確定）。`,
        `Outcome: no renewal; the contract ends as of its expiry date (settled ${at}).`,
      ),
  },
  abolished: (item: string, from: string, expiry: string) =>
    bilingual(
      `*${item}* は ${jaDate(from)} をもって廃止されます（第8条）。次の有効期間の途中で廃止となるため、この契約は更新されず（ご回答があっても更新しません）、満了日（${jaDate(expiry)}）をもって終了します。料金はかかりません。`,
      `*${item}* is abolished from ${from} (Art. 8), before a renewed term would end: this contract is not renewed (an answer cannot renew it either) and ends as of its expiry date (${expiry}). No fees are charged.`,
    ),
  articleContext: bilingual(
    'IIJ サーバ証明書管理サービス 個別規程 第6条',
    'IIJ server certificate management service, individual terms, Art. 6',
  ),
} as const;

/** The reminder in a notice's thread when the reply deadline is near and no answer has come (README, "The scheduler"). */
export const REMINDER = {
  header: (cn: string) => bilingual(`更新のご回答のお願い: ${cn}`, `Reminder: please answer about renewing ${cn}`),
  body: (cn: string, item: string, deadline: string) =>
    bilingual(
      `*${cn}*（${item}）を更新するかどうかのご回答を、まだいただいていません。回答期限は *${jaDate(deadline)}* です（第6条）。`,
      `We have not had your answer yet on whether to renew *${cn}* (${item}). The reply deadline is *${deadline}* (Art. 6).`,
    ),
  defaultRenewal: bilingual(
    '期限までにご回答がない場合は、更新するものとして取り扱います（第6条第2項、みなし更新）。',
    'Without an answer by the deadline, the term is renewed (Art. 6(2), default renewal).',
  ),
  categoryThree: bilingual(
    '期限までにご回答がない場合、自動更新はなく、契約は満了日に終了します（第6条第3項）。',
    'Without an answer by the deadline there is no default renewal: the contract ends on the expiry date (Art. 6(3)).',
  ),
  howInThread: bilingual(
    '上のご案内の「更新する」「更新しない」ボタンで回答するか、このスレッドに「更新する」または「更新しない」と返信してください。',
    'Answer with the "Renew" or "Don\'t renew" button on the notice above, or reply "renew" or "don\'t renew" in this thread.',
  ),
  howElsewhere: bilingual(
    '更新のご案内の「更新する」「更新しない」ボタンで回答するか、ご案内のスレッドに「更新する」または「更新しない」と返信してください。',
    'Answer with the "Renew" or "Don\'t renew" button on the renewal notice, or reply "renew" or "don\'t renew" in its thread.',
  ),
} as const;

export const RENEWAL = {
  header: (cn: string) => bilingual(`更新を記録しました: ${cn}`, `Renewal recorded: ${cn}`),
  renewed: (item: string, start: string, end: string) =>
    bilingual(
      `*${item}* の更新を記録しました。次の有効期間は ${jaDate(start)} から ${jaDate(end)} までです。`,
      `The renewal of *${item}* is recorded. The next term runs from ${start} to ${end}.`,
    ),
  defaultRenewed: (item: string, deadline: string, start: string, end: string) =>
    bilingual(
      `回答期限の ${jaDate(deadline)} までにご回答がなかったため、*${item}* を更新するものとして記録しました（第6条第2項）。次の有効期間は ${jaDate(start)} から ${jaDate(end)} までです。`,
      `No answer came by the reply deadline (${deadline}), so the renewal of *${item}* was recorded (Art. 6(2)). The next term runs from ${start} to ${end}.`,
    ),
  feesOpen: (agency: string, on: string) =>
    bilingual(
      `料金（税抜、第10条）: 申請代行手数料 ${agency} が ${jaDate(on)} に発生します。証明書料金は個別に定める金額で、まだ合意していません。合意した時点で発生します（別紙1の1）。`,
      `Fees (excl. tax, Art. 10): the agency fee of ${agency} accrues ${on}. The certificate fee is individually priced and not agreed yet; it accrues once agreed (Appendix 1 §1).`,
    ),
  fees: (cert: string, agency: string, total: string, on: string) =>
    bilingual(
      `料金（税抜、第10条）: 証明書料金 ${cert} + 申請代行手数料 ${agency} = ${total}。${jaDate(on)} に発生します。`,
      `Fees (excl. tax, accruing ${on}, Art. 10): certificate ${cert} + agency ${agency} = ${total}`,
    ),
} as const;

/** Art. 6(2): an answer that arrived by the deadline, recorded after the outcome, made the outcome its own. */
export const CORRECTED = {
  header: (cn: string) => bilingual(`更新の結果を改めました: ${cn}`, `Renewal outcome corrected: ${cn}`),
  arrived: (answer: { ja: string; en: string }, at: string, deadline: string) =>
    bilingual(
      `回答期限（${jaDate(deadline)}）までの ${at} に届いた「${answer.ja}」とのご回答を、結果を記録した後に記録しました。ご回答は届いた時点で有効なため、結果をご回答どおりに改めます（第6条第2項）。`,
      `Your answer "${answer.en}", which arrived at ${at}, by the reply deadline (${deadline}), was recorded after the outcome. An answer counts from when it arrived, so the outcome is now your answer's (Art. 6(2)).`,
    ),
  ended: (expiry: string) =>
    bilingual(
      `この契約は更新されず、満了日（${jaDate(expiry)}）をもって終了します（第9条第1項）。`,
      `The contract is not renewed and ends as of its expiry date (${expiry}) (Art. 9(1)).`,
    ),
  renewed: bilingual(
    '更新を記録しました。次の有効期間と料金は、別のお知らせでお伝えします。',
    'The renewal is recorded; the next term and its fees follow in a message of their own.',
  ),
  awaitingCertificate: (expiry: string) =>
    bilingual(
      `更新する場合は、新しい証明書を満了日（${jaDate(expiry)}）の終わりまでにお送りください（第6条第3項）。`,
      `To renew, send the new certificate by the end of the expiry date (${expiry}) (Art. 6(3)).`,
    ),
  reversed: (yen: string) =>
    bilingual(
      `記録していた更新の料金 ${yen} は、取消の記帳をしました（請求しません）。`,
      `The renewal fees recorded (${yen}) are reversed: they are not charged.`,
    ),
} as const;

export const ENDED = {
  header: (cn: string) => bilingual(`契約が終了しました: ${cn}`, `Contract ended: ${cn}`),
  body: (item: string, date: string, reason: string) =>
    bilingual(
      `*${item}* の契約は ${jaDate(date)} に終了しました（${reason}）。`,
      `The contract for *${item}* ended on ${date} (${reason}).`,
    ),
  reasons: {
    'not-renewed': bilingual('更新しないとのご回答による、第9条第1項', "you answered don't renew, Art. 9(1)"),
    cancelled: bilingual('解約による、第9条第2項', 'cancellation, Art. 9(2)'),
    abolished: bilingual('品目の廃止による、第8条', 'the item was abolished, Art. 8'),
    lapsed: bilingual('更新がなかったため、第6条第3項', 'no renewal, Art. 6(3)'),
  },
  noRefund: bilingual(
    'お支払い済みの料金は返金いたしません（第9条第2項）。',
    'Fees already paid are not refunded (Art. 9(2)).',
  ),
} as const;

export const ABOLITION = {
  header: (item: string) => bilingual(`品目の廃止のお知らせ: ${item}`, `Notice of abolition: ${item}`),
  body: (item: string, from: string) =>
    bilingual(
      `認証機関が提供を終了するため、*${item}* を ${jaDate(from)} から廃止します（第8条）。廃止日以降、見積・申込・更新はできません。`,
      `The CA stops the product, so *${item}* is abolished from ${from} (Art. 8). From that day it cannot be quoted, applied for or renewed.`,
    ),
  contract: (id: string, cn: string, endsOn: string) =>
    bilingual(`契約 ${id}（${cn}）は ${jaDate(endsOn)} に終了します。`, `Contract ${id} (${cn}) ends on ${endsOn}.`),
  more: (n: number) => bilingual(`ほか ${n} 件の契約`, `${n} more contracts`),
} as const;

/** What an outbox message is, in words, for staff told that one failed. */
const MESSAGE_KINDS: Record<string, { ja: string; en: string }> = {
  'renewal-notice': bilingual('更新のご案内', 'renewal notice'),
  'renewal-reminder': bilingual('更新のご回答のお願い', 'renewal reminder'),
  'renewal-recorded': bilingual('更新の記録のお知らせ', 'renewal recorded'),
  'renewal-corrected': bilingual('更新の結果の訂正のお知らせ', 'renewal outcome corrected'),
  'contract-ended': bilingual('契約終了のお知らせ', 'contract ended'),
  'abolition-announced': bilingual('品目の廃止のお知らせ', 'notice of abolition'),
  'application-decided': bilingual('申込の結果のお知らせ', 'application decided'),
  'change-decided': bilingual('変更の結果のお知らせ', 'change decided'),
  'served-check': bilingual('証明書の確認結果', 'certificate check'),
  'application-submitted': bilingual('申込（担当者向け）', 'application for staff'),
  'change-requested': bilingual('変更の申込（担当者向け）', 'change request for staff'),
};

/** `renewal-notice: channel_not_found` → `更新のご案内: channel_not_found`; Slack's own error code stays as staff search for it. */
const failedMessage = (detail: string, l: Locale) => {
  const m = /^([a-z-]+): ([\s\S]*)$/.exec(detail);
  const kind = m ? MESSAGE_KINDS[m[1]!] : undefined;
  return kind ? `${kind[l]}: ${m![2]}` : detail;
};

export const ALERT = {
  header: bilingual('担当者への連絡', 'For staff'),
  kinds: {
    'no-notice-before-expiry': (c: string, expiry: string) =>
      bilingual(
        `契約 ${c} は満了日（${jaDate(expiry)}）までに更新のご案内を送れていません。自動更新も終了もせず、ご回答か担当者の判断を待っています（/cert answer で代理回答を記録できます）。`,
        `Contract ${c} reached its expiry date (${expiry}) with no renewal notice sent. Nothing renews or lapses: it waits for the customer's answer or a staff decision (/cert answer records one for the customer).`,
      ),
    'no-designated-service-at-renewal': (c: string, expiry: string) =>
      bilingual(
        `クラウド証明書の契約 ${c}（満了日 ${jaDate(expiry)}）の契約者は、当社の指定サービスを契約していないため、更新を保留しています（第4条第1項）。指定サービスを確認のうえ、/cert answer または certdesk answer で更新するかどうかを記録してください。`,
        `The customer of cloud-certificate contract ${c} (expiry ${expiry}) holds no service on the provider's designated list, so its renewal is held (Art. 4(1)). Check its services, then record whether it renews with /cert answer or certdesk answer.`,
      ),
    'category-iii-unanswered': (c: string, expiry: string) =>
      bilingual(
        `持ち込み証明書の契約 ${c} は回答期限までにご回答がありませんでした。自動更新はなく、満了日（${jaDate(expiry)}）に終了します（第6条第3項）。`,
        `Bring-your-own contract ${c} had no answer by the deadline: no default renewal; it ends on its expiry date (${expiry}) (Art. 6(3)).`,
      ),
    'no-renewal-certificate': (c: string, expiry: string) =>
      bilingual(
        `持ち込み証明書の契約 ${c} は「更新する」とのご回答でしたが、満了日（${jaDate(expiry)}）までに新しい証明書が届きませんでした。契約は満了日に終了します。`,
        `Bring-your-own contract ${c} answered "renew" but no new certificate came by the expiry date (${expiry}); the contract ends on its expiry date.`,
      ),
    'renewal-corrected': (c: string, reversed: string) =>
      bilingual(
        `契約 ${c}: 回答期限までに届いた回答を結果の記録後に記録したため、結果をその回答どおりに改めました（第6条第2項）。${Number(reversed) ? `更新の料金 ¥${Number(reversed).toLocaleString('ja-JP')} は取消の記帳をしました。` : ''}契約者のチャンネルにもお知らせしました。`,
        `Contract ${c}: an answer that arrived by the reply deadline was recorded after the outcome, so the outcome is now the answer's (Art. 6(2)).${Number(reversed) ? ` The renewal fees of ¥${Number(reversed).toLocaleString('en-US')} are reversed.` : ''} The customer's channel is told.`,
      ),
    'answer-after-term-began': (c: string, detail: string) =>
      bilingual(
        `契約 ${c}: 回答期限までに届いた回答（${detail}）を記録しましたが、次の有効期間が既に始まっているため、結果は自動では改めていません。料金と契約の扱いを確認し、手作業で処理してください（第6条第2項）。`,
        `Contract ${c}: an answer that arrived by the reply deadline (${detail}) was recorded after the renewed term has begun, so the outcome is not changed automatically. Check the fees and the contract, and settle it by hand (Art. 6(2)).`,
      ),
    'fees-not-recorded': (c: string) =>
      bilingual(
        `契約 ${c} の更新料金を記帳できませんでした（個別見積の金額が未記録など）。記録してください。`,
        `The renewal fees of contract ${c} could not be recorded (an individually priced fee not yet agreed?). Record them.`,
      ),
    'mail-waiting': (c: string, detail: string) =>
      bilingual(
        `契約 ${c} のご案内のメールをまだ送れていません（${detail}）。メールサーバーに届くようになれば、次の定期処理で自動的に送ります。CERTDESK_SMTP_URL を certdesk doctor で確認してください。`,
        `The e-mail of contract ${c}'s notice has not gone yet (${detail}). It is sent by the next sweep once the mail server answers: check CERTDESK_SMTP_URL with certdesk doctor.`,
      ),
    'mail-refused': (c: string, detail: string) =>
      bilingual(
        `契約 ${c} のご案内のメールは、メールサーバーに受け取りを拒否されました（${detail}）。certdesk contract show ${c} でアドレスを確認し、正しいアドレスを登録してください（contact add … --email）。`,
        `The mail server refused the e-mail of contract ${c}'s notice for good (${detail}). Check the address with certdesk contract show ${c} and register the right one (contact add … --email).`,
      ),
    'delivery-failed': (c: string, detail: string) =>
      bilingual(
        `Slack へのメッセージを届けられませんでした（${c}）: ${failedMessage(detail, 'ja')}`,
        `A message could not be delivered to Slack (${c}): ${failedMessage(detail, 'en')}`,
      ),
    'no-channel': (c: string) =>
      bilingual(
        `契約者のチャンネルが登録されていないため、契約 ${c} のメッセージを送れません。/cert customer channel で登録してください。`,
        `The customer of contract ${c} has no channel, so its message cannot be sent. Register one with /cert customer channel.`,
      ),
    'served-unreachable': (c: string, detail: string) =>
      bilingual(
        `契約 ${c} のサーバに接続して証明書を確認できませんでした: ${detail}`,
        `Could not connect to the server of contract ${c} to check its certificate: ${detail}`,
      ),
    'scheduled-step-failed': (c: string, detail: string) =>
      bilingual(
        `定期処理で契約 ${c} の処理に失敗しました: ${detail}。間隔を空けて自動で再試行します。他の契約の処理は続けています（解消するまで certdesk sweep が一覧します）。`,
        `The scheduler could not do a due step for contract ${c}: ${detail}. It is retried automatically, at growing intervals; every other contract's work goes on (certdesk sweep lists it until it succeeds).`,
      ),
    'certificate-ordered': (c: string, detail: string) =>
      bilingual(
        `契約 ${c} の証明書を CA に申請し、発行された証明書を登録しました（申請代行、別紙1の3）: ${detail}`,
        `The certificate of contract ${c} was ordered from the CA and the issued certificate attached (Appendix 1 §3): ${detail}`,
      ),
    'certificate-order-failed': (c: string, detail: string) =>
      bilingual(
        `契約 ${c} の証明書の申請（ACME）に失敗しました: ${detail}。間隔を空けて自動で再試行します。certdesk contract show ${c} で状況を、certdesk cert order --contract ${c} で再試行できます。`,
        `Ordering the certificate of contract ${c} over ACME failed: ${detail}. It is retried automatically, at growing intervals; certdesk contract show ${c} shows it, and certdesk cert order --contract ${c} retries now.`,
      ),
    'acme-account-refused': (_c: string, detail: string) =>
      bilingual(
        `CA が ACME アカウントを受け付けませんでした（外部アカウントのキー ID または HMAC 鍵の誤り？）: ${detail}。certdesk issuer set で設定し直してください。`,
        `The CA refused the ACME account (a wrong EAB key id or HMAC key?): ${detail}. Set it again with certdesk issuer set.`,
      ),
    'certificate-ends-before-term': (c: string, expiry: string) =>
      bilingual(
        `契約 ${c} の現在の証明書は有効期間の満了より前（${jaDate(expiry)}）に期限が切れます。再発行してください（料金はかかりません）。`,
        `The current certificate of contract ${c} ends (${expiry}) before its term does: reissue it (no fee).`,
      ),
  },
  contract: bilingual('契約', 'Contract'),
  customer: bilingual('契約者', 'Customer'),
} as const;

export const DIGEST = {
  header: (date: string) => bilingual(`本日の状況: ${jaDate(date)}`, `Today (${date})`),
  ended: bilingual('終了した契約', 'Ended'),
  renewed: bilingual('更新した契約', 'Renewed'),
  waiting: bilingual('担当者の対応待ち', 'Waiting for staff'),
  none: bilingual('なし', 'none'),
  /** Why a contract ended, in a word and its article. */
  endReasons: {
    'not-renewed': bilingual('更新しないとのご回答（第9条第1項）', "answered don't renew (Art. 9(1))"),
    cancelled: bilingual('解約（第9条第2項）', 'cancelled (Art. 9(2))'),
    abolished: bilingual('品目の廃止（第8条）', 'item abolished (Art. 8)'),
    lapsed: bilingual('更新なしで終了（第6条第3項）', 'ended without renewal (Art. 6(3))'),
  },
  unknownReason: bilingual('理由の記録なし', 'no reason recorded'),
  renewalKinds: {
    renewed: bilingual('ご回答による更新', 'renewed on the answer'),
    'default-renewed': bilingual('みなし更新（第6条第2項）', 'default renewal (Art. 6(2))'),
  },
  applications: (n: number) => bilingual(`承諾待ちの申込: ${n} 件`, `Applications to decide: ${n}`),
  changes: (n: number) => bilingual(`承諾待ちの変更: ${n} 件`, `Changes to decide: ${n}`),
  held: (n: number) =>
    bilingual(`満了日より前にご案内できず保留中の更新: ${n} 件`, `Renewals held (no notice before expiry): ${n}`),
  failed: (n: number) => bilingual(`送信に失敗したメッセージ: ${n} 件`, `Messages that failed to send: ${n}`),
  openPrices: bilingual(
    '証明書料金が未合意の更新（品目区分Ⅱ、別紙1の1）',
    'Renewals whose certificate fee is not agreed (category II, Appendix 1 §1)',
  ),
  openPrice: (contract: string, customer: string, expiry: string, renewed: boolean) =>
    bilingual(
      `${contract}（${customer}）満了日 ${jaDate(expiry)}: ${renewed ? '更新済み、証明書料金は合意した時点で発生' : '更新前'} — \`certdesk price agree --contract ${contract} --amount 金額\``,
      `${contract} (${customer}), expiry ${expiry}: ${renewed ? 'renewed; the certificate fee accrues once agreed' : 'renewal to come'} — \`certdesk price agree --contract ${contract} --amount YEN\``,
    ),
  more: (n: number) => bilingual(`ほか ${n} 件`, `${n} more`),
} as const;

export const SERVED = {
  header: (cn: string) => bilingual(`証明書の確認: ${cn}`, `Certificate check: ${cn}`),
  notCurrent: (target: string) =>
    bilingual(
      `${target} が提示している証明書は、この契約の現在の証明書ではありません。設定を確認してください。`,
      `${target} serves a certificate that is not this contract's current certificate. Please check the server's configuration.`,
    ),
  expiring: (target: string, date: string) =>
    bilingual(
      `${target} が提示している証明書は ${jaDate(date)} に期限が切れます。新しい証明書への入れ替えをご確認ください。`,
      `The certificate ${target} serves ends on ${date}. Please check that the new certificate is installed in time.`,
    ),
} as const;
