// What certdesk says in Slack: messages, modals, the App Home. Japanese first, English for people
// whose Slack locale is English. Reasons of the terms are in ./messages.ts.
import { bi } from './text.js';

const yen = (n: number | null) => (n === null ? '—' : `¥${new Intl.NumberFormat('ja-JP').format(n)}`);
export { yen as slackYen };

export const NOTICE = {
  header: (cn: string) => bi(`更新のご案内: ${cn}`, `Renewal notice: ${cn}`),
  intro: (item: string, expiry: string, deadline: string) =>
    bi(`*${item}* の有効期間は *${expiry}* に満了します。更新するかどうかを *${deadline}* までにお知らせください（第6条）。`, `The term of *${item}* ends on *${expiry}*. Please tell us by *${deadline}* whether to renew it (Art. 6).`),
  introHeld: (item: string, expiry: string) =>
    bi(`*${item}* の有効期間は *${expiry}* に満了します。ご案内が遅れました。更新するかどうかをお知らせください。担当者からもご連絡します。`, `The term of *${item}* ends on *${expiry}*. This notice comes late: please tell us whether to renew; our staff will also be in touch.`),
  late: bi('このご案内は予定より遅れてお送りしています。回答期限は送信日から14日後（満了日の前日まで）です。', 'This notice is later than scheduled: you have 14 days from it to answer (up to the day before expiry).'),
  item: bi('品目', 'Item'),
  commonName: bi('コモンネーム', 'Common name'),
  expiry: bi('満了日', 'Expiry date'),
  deadline: bi('回答期限', 'Reply by'),
  defaultRenewal: (fees: string) =>
    bi(`期限までにご回答がない場合は、更新するものとして取り扱います（第6条第2項、みなし更新）。料金: ${fees}（税抜）。`, `Without an answer by the deadline, the term is renewed (Art. 6(2), default renewal). Fees: ${fees} (excl. tax).`),
  defaultRenewalIndividual: bi('期限までにご回答がない場合は、更新するものとして取り扱います（第6条第2項、みなし更新）。証明書料金は個別にお示しした金額です。', 'Without an answer by the deadline, the term is renewed (Art. 6(2), default renewal), at the certificate fee agreed with you.'),
  categoryThree: bi(
    '期限までにご回答がない場合、自動更新はなく、契約は満了日に終了します（第6条第3項）。更新する場合は、新しい証明書をご自身で取得し、満了日の前日までにお送りください。有効期間が90日以内の証明書では更新できません。',
    'Without an answer by the deadline there is no default renewal: the contract ends on the expiry date (Art. 6(3)). To renew, obtain the new certificate yourself and send it by the day before expiry. A certificate valid for 90 days or less cannot renew the contract.',
  ),
  noPublicCertificate: bi('2029年3月15日以降、公的に信頼される証明書はすべて90日以内となり、この規定では更新できません。', 'From 2029-03-15 no publicly trusted certificate lives more than 90 days, so none can renew under this rule.'),
  threadHint: bi('このメッセージのスレッドに「更新する」「更新しない」と返信しても回答できます。', 'You can also answer by replying "renew" or "don\'t renew" in this thread.'),
  renew: bi('更新する', 'Renew'),
  decline: bi('更新しない', "Don't renew"),
  confirmDecline: {
    title: bi('更新しない', "Don't renew"),
    text: (expiry: string) => bi(`契約は満了日（${expiry}）に終了します（第9条第1項）。よろしいですか？`, `The contract will end on its expiry date (${expiry}) (Art. 9(1)). Continue?`),
    yes: bi('更新しない', "Don't renew"),
    no: bi('戻る', 'Back'),
  },
  answered: (answer: string, who: string, at: string, staff: boolean) =>
    bi(`回答: *${answer}* — <@${who}>${staff ? '（担当者が代理で記録）' : ''}、${at}。期限までは変更できます。`, `Answer: *${answer}* — <@${who}>${staff ? ' (recorded by staff for you)' : ''}, ${at}. You can change it until the deadline.`),
  outcome: {
    renewed: (at: string) => bi(`結果: 更新を記録しました（${at}）。`, `Outcome: renewal recorded (${at}).`),
    'default-renewed': (at: string) => bi(`結果: 期限までにご回答がなかったため、更新するものとして記録しました（みなし更新、${at}）。`, `Outcome: no answer came by the deadline, so the renewal was recorded (default renewal, ${at}).`),
    ended: (at: string) => bi(`結果: 更新しません。契約は満了日に終了します（${at} 確定）。`, `Outcome: not renewed; the contract ends on its expiry date (settled ${at}).`),
    lapsed: (at: string) => bi(`結果: 更新はなく、契約は満了日に終了します（${at} 確定）。`, `Outcome: no renewal; the contract ends on its expiry date (settled ${at}).`),
  },
  articleContext: bi('IIJ サーバ証明書管理サービス 個別規程 第6条', 'IIJ server certificate management service, individual terms, Art. 6'),
} as const;

export const RENEWAL = {
  header: (cn: string) => bi(`更新を記録しました: ${cn}`, `Renewal recorded: ${cn}`),
  renewed: (item: string, start: string, end: string) => bi(`*${item}* の更新を記録しました。次の有効期間は ${start} から ${end} までです。`, `The renewal of *${item}* is recorded. The next term runs from ${start} to ${end}.`),
  defaultRenewed: (item: string, deadline: string, start: string, end: string) =>
    bi(
      `回答期限（${deadline}）までにご回答がなかったため、*${item}* を更新するものとして記録しました（第6条第2項）。次の有効期間は ${start} から ${end} までです。`,
      `No answer came by the reply deadline (${deadline}), so the renewal of *${item}* was recorded (Art. 6(2)). The next term runs from ${start} to ${end}.`,
    ),
  fees: (cert: string, agency: string, total: string, on: string) =>
    bi(`料金（税抜、${on} 発生、第10条）: 証明書料金 ${cert} + 申請代行手数料 ${agency} = ${total}`, `Fees (excl. tax, accruing ${on}, Art. 10): certificate ${cert} + agency ${agency} = ${total}`),
} as const;

export const ENDED = {
  header: (cn: string) => bi(`契約が終了しました: ${cn}`, `Contract ended: ${cn}`),
  body: (item: string, date: string, reason: string) => bi(`*${item}* の契約は ${date} に終了しました（${reason}）。`, `The contract for *${item}* ended on ${date} (${reason}).`),
  reasons: {
    'not-renewed': bi('更新しないとのご回答による、第9条第1項', "you answered don't renew, Art. 9(1)"),
    cancelled: bi('解約による、第9条第2項', 'cancellation, Art. 9(2)'),
    abolished: bi('品目の廃止による、第8条', 'the item was abolished, Art. 8'),
    lapsed: bi('更新がなかったため、第6条第3項', 'no renewal, Art. 6(3)'),
  },
  noRefund: bi('お支払い済みの料金は返金いたしません（第9条第2項）。', 'Fees already paid are not refunded (Art. 9(2)).'),
} as const;

export const ABOLITION = {
  header: (item: string) => bi(`品目の廃止のお知らせ: ${item}`, `Notice of abolition: ${item}`),
  body: (item: string, from: string) =>
    bi(`認証機関が提供を終了するため、*${item}* を ${from} から廃止します（第8条）。廃止日以降、見積・申込・更新はできません。`, `The CA stops the product, so *${item}* is abolished from ${from} (Art. 8). From that day it cannot be quoted, applied for or renewed.`),
  contract: (id: string, cn: string, endsOn: string) => bi(`契約 ${id}（${cn}）は ${endsOn} に終了します。`, `Contract ${id} (${cn}) ends on ${endsOn}.`),
} as const;

export const ALERT = {
  header: bi('担当者への連絡', 'For staff'),
  kinds: {
    'no-notice-before-expiry': (c: string, expiry: string) =>
      bi(`契約 ${c} は満了日（${expiry}）までに更新のご案内を送れていません。自動更新も終了もせず、ご回答か担当者の判断を待っています（/cert answer で代理回答を記録できます）。`, `Contract ${c} reached its expiry date (${expiry}) with no renewal notice sent. Nothing renews or lapses: it waits for the customer's answer or a staff decision (/cert answer records one for the customer).`),
    'category-iii-unanswered': (c: string, expiry: string) => bi(`持ち込み証明書の契約 ${c} は回答期限までにご回答がありませんでした。自動更新はなく、満了日（${expiry}）に終了します（第6条第3項）。`, `Bring-your-own contract ${c} had no answer by the deadline: no default renewal; it ends on its expiry date (${expiry}) (Art. 6(3)).`),
    'no-renewal-certificate': (c: string, expiry: string) => bi(`持ち込み証明書の契約 ${c} は「更新する」とのご回答でしたが、満了日（${expiry}）までに新しい証明書が届きませんでした。契約は満了日に終了します。`, `Bring-your-own contract ${c} answered "renew" but no new certificate came by the expiry date (${expiry}); the contract ends on its expiry date.`),
    'fees-not-recorded': (c: string) => bi(`契約 ${c} の更新料金を記帳できませんでした（個別見積の金額が未記録など）。記録してください。`, `The renewal fees of contract ${c} could not be recorded (an individually priced fee not yet agreed?). Record them.`),
    'delivery-failed': (c: string, expiry: string) => bi(`Slack へのメッセージ送信が再試行後も失敗しました（${c}）: ${expiry}`, `A message to Slack failed after its retries (${c}): ${expiry}`),
    'no-channel': (c: string) => bi(`契約者のチャンネルが登録されていないため、契約 ${c} のメッセージを送れません。/cert customer channel で登録してください。`, `The customer of contract ${c} has no channel, so its message cannot be sent. Register one with /cert customer channel.`),
    'served-unreachable': (c: string, detail: string) => bi(`契約 ${c} のサーバに接続して証明書を確認できませんでした: ${detail}`, `Could not connect to the server of contract ${c} to check its certificate: ${detail}`),
    'certificate-ends-before-term': (c: string, expiry: string) => bi(`契約 ${c} の現在の証明書は有効期間の満了より前（${expiry}）に期限が切れます。再発行してください（料金はかかりません）。`, `The current certificate of contract ${c} ends (${expiry}) before its term does: reissue it (no fee).`),
  },
  contract: bi('契約', 'Contract'),
  customer: bi('契約者', 'Customer'),
} as const;

export const DIGEST = {
  header: (date: string) => bi(`本日の状況（${date}）`, `Today (${date})`),
  ended: bi('終了した契約', 'Ended'),
  renewed: bi('更新した契約', 'Renewed'),
  waiting: bi('担当者の対応待ち', 'Waiting for staff'),
  none: bi('なし', 'none'),
  applications: (n: number) => bi(`承諾待ちの申込: ${n} 件`, `Applications to decide: ${n}`),
  changes: (n: number) => bi(`承諾待ちの変更: ${n} 件`, `Changes to decide: ${n}`),
  held: (n: number) => bi(`ご案内が届かず保留中の更新: ${n} 件`, `Renewals held without a notice: ${n}`),
  failed: (n: number) => bi(`送信に失敗したメッセージ: ${n} 件`, `Messages that failed to send: ${n}`),
} as const;

export const SERVED = {
  header: (cn: string) => bi(`証明書の確認: ${cn}`, `Certificate check: ${cn}`),
  notCurrent: (target: string) => bi(`${target} が提示している証明書は、この契約の現在の証明書ではありません。設定を確認してください。`, `${target} serves a certificate that is not this contract's current certificate. Please check the server's configuration.`),
  expiring: (target: string, date: string) => bi(`${target} が提示している証明書は ${date} に期限が切れます。新しい証明書への入れ替えをご確認ください。`, `The certificate ${target} serves ends on ${date}. Please check that the new certificate is installed in time.`),
} as const;
