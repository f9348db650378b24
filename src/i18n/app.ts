// What the Slack app says to the person in front of it: help, quotes, modals, status, the App
// Home, refusals. Japanese first; English for users whose Slack locale is English.
import { echo, jaDate } from './slack.js';
import { bilingual, sentence, type Bilingual } from './text.js';

export const HELP = {
  title: bilingual('certdesk の使い方', 'Using certdesk'),
  intro: {
    staff: (name: string) => bilingual(`${name} さん（当社担当者）が使えるコマンド:`, `${name}, as staff you can use:`),
    contact: (customers: string) =>
      bilingual(`${customers} のご担当者として使えるコマンド:`, `As a contact of ${customers} you can use:`),
    stranger: bilingual(
      'certdesk は IIJ サーバ証明書管理サービスの見積・申込・更新・解約を扱います。ご利用には、当社担当者による登録が必要です。担当者にお問い合わせください。',
      'certdesk handles quotes, applications, renewals and cancellations of the IIJ server certificate service. To use it, staff must register you first: please ask your account team.',
    ),
  },
  commands: {
    help: bilingual('`/cert help` — この説明', '`/cert help` — this help'),
    quote: bilingual(
      '`/cert quote 品目 有効期間 [更新]` — 料金の見積（引数なしで選択画面）',
      '`/cert quote ITEM TERM [renewal]` — a price quote (alone: a form to pick them)',
    ),
    apply: bilingual('`/cert apply` — 新規の申込', '`/cert apply` — apply for a certificate'),
    status: bilingual('`/cert status [契約]` — 契約の状況', '`/cert status [contract]` — your contracts'),
    cancel: bilingual(
      '`/cert cancel [契約]` — 解約の申込（第9条第2項）',
      '`/cert cancel [contract]` — cancel a contract (Art. 9(2))',
    ),
    change: bilingual(
      '`/cert change [契約]` — 証明書を利用するサービスの変更（第5条）',
      '`/cert change [contract]` — change the service that uses the certificate (Art. 5)',
    ),
    certificate: bilingual(
      '`/cert certificate 契約` — 持ち込み証明書の更新用の証明書を提出（第6条第3項）',
      '`/cert certificate CONTRACT` — bring the renewal certificate of a bring-your-own contract (Art. 6(3))',
    ),
    check: bilingual(
      '`/cert check 契約` — サーバが実際に提示している証明書を確認',
      '`/cert check CONTRACT` — check the certificate the server really serves',
    ),
    csr: bilingual(
      '`/cert csr 契約 [鍵の種類]` — 鍵ペアと CSR を作成し、秘密鍵を保管（第4条第7項）',
      '`/cert csr CONTRACT [key type]` — make a key pair and a CSR, and keep the key (Art. 4(7))',
    ),
    attach: bilingual(
      '`/cert attach 契約` — 発行された証明書を登録（再発行も）',
      '`/cert attach CONTRACT` — attach an issued certificate (a reissue too)',
    ),
    order: bilingual(
      '`/cert order 契約` — 証明書を CA に ACME で申請し、発行されたものを登録（申請代行）',
      '`/cert order CONTRACT` — order the certificate from the CA over ACME and attach it',
    ),
    orders: bilingual(
      '`/cert orders [契約]` — CA への申請の状況',
      '`/cert orders [CONTRACT]` — the orders placed with the CA',
    ),
    answer: bilingual(
      '`/cert answer 契約 更新する|更新しない` — 契約者に代わり更新の回答を記録',
      "`/cert answer CONTRACT renew|dont-renew` — record a customer's renewal answer for them",
    ),
    applications: bilingual(
      '`/cert applications` — 承諾待ちの申込と変更',
      '`/cert applications` — applications and changes to decide',
    ),
    abolish: bilingual(
      '`/cert abolish 品目 YYYY-MM-DD [理由]` — 品目の廃止（第8条、確認あり）',
      '`/cert abolish ITEM YYYY-MM-DD [reason]` — abolish an item (Art. 8, after a preview)',
    ),
    customer: bilingual(
      '`/cert customer add ID "名称" JP #チャンネル [ja|en]` · `/cert customer channel ID #チャンネル` · `/cert customer service ID サービス`',
      '`/cert customer add ID "Name" JP #channel [ja|en]` · `/cert customer channel ID #channel` · `/cert customer service ID SERVICE`',
    ),
    contact: bilingual(
      '`/cert contact add 契約者ID @ユーザー [メールアドレス]` · `/cert contact remove 契約者ID @ユーザー`',
      '`/cert contact add CUSTOMER @user [email]` · `/cert contact remove CUSTOMER @user`',
    ),
    staff: bilingual('`/cert staff add|remove @ユーザー [名前]`', '`/cert staff add|remove @user [name]`'),
    service: bilingual(
      '`/cert service add コード 名称` — 当社が指定するサービス（第4条第1項、第5条）',
      '`/cert service add CODE NAME` — a service the provider designates (Art. 4(1), 5)',
    ),
  },
  staffRecordCancel: bilingual(
    '担当者が `/cert cancel` を使うと、紙・電子メールで届いた解約申込書を到達日時とともに記録できます。',
    'Staff using `/cert cancel` record a paper or e-mail cancellation form with the time it arrived.',
  ),
} as const;

export const DENIED = {
  staffOnly: bilingual('このコマンドは当社担当者だけが使えます。', 'Only the provider’s staff can use this command.'),
  notRegistered: bilingual(
    'ご利用には当社担当者による登録が必要です。`/cert help` をご覧ください。',
    'Staff must register you first. See `/cert help`.',
  ),
  noCustomerHere: bilingual(
    'このチャンネルの契約者が分かりません。契約者と共有しているチャンネルで実行してください。',
    'This channel belongs to no customer of yours: use the channel shared with your account team.',
  ),
  /** A contract named that does not exist, or is not of a customer the person acts for: the same words, so as to tell nothing of others. */
  noSuchContract: (id: string, theirs: readonly string[]) =>
    bilingual(
      `「${echo(id)}」という契約は見つかりません。${theirs.length ? `このチャンネルの契約: ${theirs.map((x) => `\`${x}\``).join('、')}（` : ''}\`/cert status\` で契約の一覧を表示します${theirs.length ? '）' : ''}。`,
      `There is no contract "${echo(id)}" here.${theirs.length ? ` This channel's contracts: ${theirs.map((x) => `\`${x}\``).join(', ')}.` : ''} \`/cert status\` lists them.`,
    ),
  notYourContract: (id: string) =>
    bilingual(
      `契約 ${echo(id)} はこのチャンネルの契約者のものではありません。`,
      `Contract ${echo(id)} is not this customer's.`,
    ),
  unknownSubcommand: (text: string, suggestions: readonly string[] = []) => {
    const ja = suggestions.map((s) => `\`/cert ${s}\``).join('、');
    const en = suggestions.map((s) => `\`/cert ${s}\``).join(' or ');
    return bilingual(
      `「${echo(text)}」というサブコマンドはありません。${ja ? `もしかして: ${ja}（` : ''}\`/cert help\` で一覧を表示します${ja ? '）' : ''}。`,
      `There is no subcommand "${echo(text)}".${en ? ` Did you mean ${en}?` : ''} \`/cert help\` lists them.`,
    );
  },
  controlCharacters: bilingual(
    '制御文字を含む入力は受け付けられません。入力し直してください。',
    'Input with control characters cannot be accepted: please type it again.',
  ),
  failed: bilingual(
    '処理できませんでした。しばらくしてからもう一度お試しください。解決しない場合は担当者にご連絡ください。',
    'This could not be done. Please try again shortly, and tell your account team if it persists.',
  ),
  stranger: bilingual(
    'この操作は、契約者のご担当者として登録された方と当社担当者だけができます。',
    "Only the customer's registered contacts, and the provider's staff, can do this.",
  ),
} as const;

export const QUOTE = {
  modalTitle: bilingual('料金の見積', 'Price quote'),
  submit: bilingual('見積もる', 'Quote'),
  close: bilingual('閉じる', 'Close'),
  item: bilingual('品目', 'Item'),
  term: bilingual('有効期間', 'Term'),
  kind: bilingual('種類', 'Kind'),
  kindNew: bilingual('新規取得', 'New acquisition'),
  kindRenewal: bilingual('更新', 'Renewal'),
  pickItem: bilingual('品目を選ぶ', 'Choose an item'),
  pickTerm: bilingual('有効期間を選ぶ', 'Choose a term'),
  usage: bilingual(
    '使い方: `/cert quote 品目 有効期間 [更新]`（例: `/cert quote quick-ssl 1y`）',
    'Usage: `/cert quote ITEM TERM [renewal]` (e.g. `/cert quote quick-ssl 1y`)',
  ),
  unknownItem: (text: string, suggestions: string[]) =>
    bilingual(
      `「${echo(text)}」という品目はありません。${suggestions.length ? `もしかして: ${suggestions.join('、')}` : '`/cert quote` だけで一覧から選べます。'}`,
      `There is no item "${echo(text)}".${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ' `/cert quote` alone lets you pick from a list.'}`,
    ),
  unknownTerm: (text: string) =>
    bilingual(
      `「${echo(text)}」という有効期間はありません。6m, 1y, 2y, 3y, unlimited（1年、6ヶ月、無期限 なども可）`,
      `There is no term "${echo(text)}". Terms: 6m, 1y, 2y, 3y, unlimited`,
    ),
  header: (item: string) => bilingual(`見積: ${item}`, `Quote: ${item}`),
  individuallyPriced: bilingual('個別見積（当社が別途示す金額）', 'individually priced'),
  noTotal: bilingual('金額決定後に確定', 'set once the fee is agreed'),
  tax: (p: number) => bilingual(`消費税（${p}%）`, `Consumption tax (${p}%)`),
} as const;

export const APPLY = {
  title: bilingual('証明書の申込', 'Apply'),
  submit: bilingual('申し込む', 'Apply'),
  close: bilingual('キャンセル', 'Cancel'),
  customer: bilingual('契約者', 'Customer'),
  commonName: bilingual('コモンネーム', 'Common name'),
  commonNameHint: bilingual(
    '証明書を利用するドメイン名（例: www.example.co.jp）',
    'The domain name the certificate is for (e.g. www.example.com)',
  ),
  service: bilingual('証明書を利用する当社サービス', 'Provider service that will use it'),
  serviceHint: bilingual(
    '当社が提供し指定するサービスのコード（例: gio）',
    'The code of a service the provider offers and designates (e.g. gio)',
  ),
  options: bilingual('オプション', 'Options'),
  providerCreatesKey: bilingual(
    'CSR と秘密鍵の作成・管理を当社に委託する（第4条第7項）',
    'Let the provider create and keep the CSR and private key (Art. 4(7))',
  ),
  movedFromExternal: bilingual(
    '他社サーバで利用中の証明書を移設する（第7条第1項）',
    'Move a certificate in use on a server elsewhere (Art. 7(1))',
  ),
  certificate: bilingual('持ち込む証明書（品目区分Ⅲのみ、PEM）', 'Certificate brought in (category III only, PEM)'),
  transitionException: bilingual('認証機関の移行期間（担当者のみ）', "The CA's transition period (staff only)"),
  transitionExceptionHint: bilingual(
    '持ち込む証明書の有効期間が選んだ有効期間に適合しなくても、認証機関の移行期間として受け付けるときに、その理由を書きます（第3条ただし書）。',
    "To take a brought certificate whose validity does not fit the term, as the CA's transition period, write the reason (Art. 3 proviso).",
  ),
  certificateHint: bilingual(
    '-----BEGIN CERTIFICATE----- から貼り付けてください。有効期間が選んだ有効期間以内である必要があります（第3条）。',
    'Paste from -----BEGIN CERTIFICATE-----. Its validity must fit the term chosen (Art. 3).',
  ),
  received: (id: number) =>
    bilingual(
      `申込 #${id} を受け付けました。担当者が確認し、このチャンネルでお知らせします。`,
      `Application #${id} received. Our staff will check it and tell you in this channel.`,
    ),
  duplicate: (id: number) =>
    bilingual(`申込 #${id} は既に受け付けています。`, `Application #${id} was already received.`),
} as const;

export const APPLICATION = {
  header: (id: number) => bilingual(`申込 #${id}`, `Application #${id}`),
  submittedBy: (who: string, at: string) =>
    bilingual(`<@${who}> が ${at} に申し込みました。`, `Submitted by <@${who}> at ${at}.`),
  fields: {
    customer: bilingual('契約者', 'Customer'),
    item: bilingual('品目', 'Item'),
    term: bilingual('有効期間', 'Term'),
    commonName: bilingual('コモンネーム', 'Common name'),
    service: bilingual('利用サービス', 'Service'),
    options: bilingual('オプション', 'Options'),
    fees: bilingual('承諾時の料金（税抜、第10条）', 'Fees at acceptance (excl. tax, Art. 10)'),
  },
  providerCreatesKey: bilingual('CSR・秘密鍵を当社で作成', 'provider creates the key and CSR'),
  none: bilingual('なし', 'none'),
  accept: bilingual('承諾する', 'Accept'),
  reject: bilingual('お断りする', 'Reject'),
  acceptTitle: bilingual('申込を承諾する', 'Accept application'),
  rejectTitle: bilingual('申込をお断りする', 'Reject application'),
  back: bilingual('戻る', 'Back'),
  acceptIntro: (id: number, customer: string, item: string, cn: string) =>
    bilingual(
      `申込 #${id}: ${customer} の ${item}（${cn}）を承諾し、契約を作成します。`,
      `Application #${id}: accept ${item} (${cn}) for ${customer} and make the contract.`,
    ),
  acceptFees: (fees: string) =>
    bilingual(
      `承諾すると料金 ${fees}（税抜）が本日発生します（第10条）。契約者のチャンネルにお知らせします。`,
      `On acceptance the fees, ${fees} (excl. tax), accrue today (Art. 10). The customer's channel will be told.`,
    ),
  acceptIndividual: (agency: string) =>
    bilingual(
      `品目区分Ⅱ（クラウド証明書）: 証明書料金は契約者と合意した金額を入力してください。申請代行手数料 ${agency} と合わせて本日発生します（第10条、別紙1）。`,
      `Category II (cloud certificate): enter the certificate fee agreed with the customer. It accrues today with the agency fee of ${agency} (Art. 10, Appendix 1).`,
    ),
  agreedFee: bilingual('合意した証明書料金（円、税抜）', 'Agreed certificate fee (yen, excl. tax)'),
  agreedFeeHint: bilingual('半角数字で入力してください（例: 240000）。', 'Digits only, e.g. 240000.'),
  badFee: bilingual(
    '金額は0以上の整数（円）で入力してください。',
    'Enter the amount as a whole number of yen (0 or more).',
  ),
  rejectReason: bilingual('お断りする理由（契約者に表示されます）', 'Reason (the customer reads it)'),
  rejectIntro: (id: number, customer: string) =>
    bilingual(
      `申込 #${id}（${customer}）をお断りします。理由は契約者のチャンネルにお知らせします。`,
      `Application #${id} (${customer}) will be rejected; the customer's channel is told the reason.`,
    ),
  alreadyDecided: (id: number) =>
    bilingual(`申込 #${id} は既に処理されています。`, `Application #${id} has already been decided.`),
  accepted: (who: string, at: string, contract: string) =>
    bilingual(
      `<@${who}> が ${at} に承諾しました。契約 ${contract} を作成しました。`,
      `Accepted by <@${who}> at ${at}: contract ${contract} created.`,
    ),
  rejected: (who: string, at: string, why: string | null) =>
    bilingual(
      `<@${who}> が ${at} にお断りしました。${why ? `理由: ${why}` : ''}`,
      `Rejected by <@${who}> at ${at}.${why ? ` Reason: ${why}` : ''}`,
    ),
  customerAccepted: (id: number, contract: string, fees: string) =>
    bilingual(
      `申込 #${id} を承諾しました。契約 ${contract} です。${fees}`,
      `Application #${id} is accepted: contract ${contract}. ${fees}`,
    ),
  customerRejected: (id: number, why: string | null) =>
    why
      ? bilingual(
          `申込 #${id} はお受けできませんでした。理由: ${why}`,
          `Application #${id} could not be accepted. Reason: ${why}`,
        )
      : bilingual(
          `申込 #${id} はお受けできませんでした。詳しくは担当者からご連絡します。`,
          `Application #${id} could not be accepted. Our staff will be in touch.`,
        ),
  feesLine: (total: string) => bilingual(`料金（税抜）: ${total}`, `Fees (excl. tax): ${total}`),
  individuallyPriced: bilingual(
    '（個別見積: 「承諾する」で合意した金額を入力します）',
    '(individually priced: Accept asks for the agreed amount)',
  ),
  refusedNow: bilingual('承諾できません:', 'Cannot accept:'),
} as const;

export const CHANGE = {
  title: bilingual('利用サービスの変更', 'Change service'),
  submit: bilingual('申し込む', 'Request'),
  close: bilingual('キャンセル', 'Cancel'),
  contract: bilingual('契約', 'Contract'),
  toService: bilingual('変更後のサービス', 'New service'),
  requested: (id: string) =>
    bilingual(
      `契約 ${id} の利用サービスの変更を受け付けました。担当者が承諾するとお知らせします。`,
      `The change of service for contract ${id} is requested. We will tell you when staff accept it.`,
    ),
  header: (id: number) => bilingual(`変更の申込 #${id}（第5条）`, `Change request #${id} (Art. 5)`),
  body: (contract: string, from: string, to: string, who: string) =>
    bilingual(`契約 ${contract}: ${from} → ${to}（<@${who}>）`, `Contract ${contract}: ${from} → ${to} (<@${who}>)`),
  accept: bilingual('承諾する', 'Accept'),
  reject: bilingual('お断りする', 'Reject'),
  decided: (accepted: boolean, who: string) =>
    accepted
      ? bilingual(`<@${who}> が承諾しました。`, `Accepted by <@${who}>.`)
      : bilingual(`<@${who}> がお断りしました。`, `Rejected by <@${who}>.`),
  customerDecided: (accepted: boolean, contract: string, to: string) =>
    accepted
      ? bilingual(
          `契約 ${contract} の利用サービスを ${to} に変更しました。`,
          `Contract ${contract} is now used by ${to}.`,
        )
      : bilingual(
          `契約 ${contract} の利用サービスの変更はお受けできませんでした。`,
          `The change of service for contract ${contract} could not be accepted.`,
        ),
  noServices: bilingual(
    '当社が指定するサービスがまだ登録されていません。担当者にお問い合わせください。',
    'No designated service is registered yet: please ask your account team.',
  ),
} as const;

export const CANCEL_TOLD = {
  header: (kind: 'recorded' | 'corrected' | 'withdrawn', cn: string) =>
    kind === 'withdrawn'
      ? bilingual(`解約の撤回: ${cn}`, `Cancellation withdrawn: ${cn}`)
      : kind === 'corrected'
        ? bilingual(`解約の訂正: ${cn}`, `Cancellation corrected: ${cn}`)
        : bilingual(`解約を受け付けました: ${cn}`, `Cancellation recorded: ${cn}`),
  body: (
    kind: 'recorded' | 'corrected' | 'withdrawn',
    item: string,
    contract: string,
    received: string,
    effective: string,
  ) =>
    kind === 'withdrawn'
      ? bilingual(
          `*${item}*（契約 ${contract}）の解約（${jaDate(effective)} に効力発生の予定）は撤回されました。契約は続きます。`,
          `The cancellation of *${item}* (contract ${contract}), which was to take effect on ${effective}, is withdrawn: the contract continues.`,
        )
      : bilingual(
          `*${item}*（契約 ${contract}）の解約を${kind === 'corrected' ? '訂正しました' : '受け付けました'}。解約申込書の到達日 ${jaDate(received)}、解約の効力が生じる日は ${jaDate(effective)} です（第9条第2項）。お支払いいただいた料金は返金されません。`,
          `The cancellation of *${item}* (contract ${contract}) is ${kind === 'corrected' ? 'corrected' : 'recorded'}: the form arrived on ${received} and the cancellation takes effect on ${effective} (Art. 9(2)). Fees paid are not refunded.`,
        ),
  by: (who: string, customer: string) =>
    bilingual(`記録: <@${who}>（契約者 ${customer}）`, `Recorded by <@${who}> (customer ${customer})`),
} as const;

export const CANCEL = {
  title: bilingual('解約の申込', 'Cancel a contract'),
  titleStaff: bilingual('解約申込書の記録', 'Record a cancellation'),
  submit: bilingual('申し込む', 'Submit'),
  submitStaff: bilingual('記録する', 'Record'),
  close: bilingual('閉じる', 'Close'),
  contract: bilingual('契約', 'Contract'),
  // Optional inputs: Slack itself adds (任意) / (optional) after the label.
  requested: bilingual('解除の効力を生じさせたい日', 'The date you want it to take effect'),
  received: bilingual('申込書が届いた日時', 'When the form arrived'),
  receivedHint: bilingual('例: 2026-09-01 10:00（日本時間）', 'e.g. 2026-09-01 10:00 (JST)'),
  rule: bilingual(
    '解除の効力は、この申込が当社に届いた日から30日を経過する日と、ご指定の日のいずれか遅い日に生じます（第9条第2項）。',
    'The cancellation takes effect on the later of the day 30 days after it reaches us and the date you ask for (Art. 9(2)).',
  ),
  effective: (date: string) =>
    bilingual(`この申込の効力発生日: *${jaDate(date)}*`, `This cancellation would take effect on *${date}*`),
  noRefund: bilingual('お支払い済みの料金は返金いたしません。', 'Fees already paid are not refunded.'),
  recorded: (contract: string, date: string) =>
    bilingual(
      `契約 ${contract} の解約を受け付けました。効力発生日は ${jaDate(date)} です。お支払い済みの料金は返金いたしません。`,
      `The cancellation of contract ${contract} is recorded: it takes effect on ${date}. Fees already paid are not refunded.`,
    ),
  afterExpiry: (expiry: string, deadline: string | null) =>
    bilingual(
      `有効期間は ${jaDate(expiry)} に満了し、効力発生日より前です。更新のご案内に${deadline ? `回答期限 ${jaDate(deadline)} までに` : ''}「更新しない」とご回答いただかないと、更新されます（第6条第2項）。`,
      `The term ends on ${expiry}, before the effective date: unless you answer "don't renew" to the renewal notice${deadline ? ` by ${deadline}` : ''}, it renews (Art. 6(2)).`,
    ),
  // The renewal is already decided (answered "renew", or renewed by default): it comes first, with its fees.
  renewalDecided: (expiry: string, byAnswer: boolean) =>
    bilingual(
      `有効期間は ${jaDate(expiry)} に満了し、効力発生日より前です。更新は既に決まっているため（${byAnswer ? '「更新する」とのご回答' : 'みなし更新'}）、有効期間は更新され、その料金が発生します（第6条第2項、第10条）。`,
      `The term ends on ${expiry}, before the effective date, and its renewal is already decided (${byAnswer ? 'answered "renew"' : 'default renewal'}): the term renews and its fees accrue first (Art. 6(2), Art. 10).`,
    ),
  effectivePassed: (effective: string) =>
    bilingual(
      `効力発生日 ${jaDate(effective)} は既に過ぎています。契約はその日付で終了します。`,
      `The effective date ${effective} has already passed: the contract ends as of that date.`,
    ),
  badInstant: bilingual('日時として読めません。例: 2026-09-01 10:00', 'This is not a time. E.g. 2026-09-01 10:00'),
} as const;

export const STATUS_VIEW = {
  header: bilingual('契約の状況', 'Your contracts'),
  none: bilingual('契約はありません。', 'No contracts.'),
  line: (id: string, item: string, cn: string) => `*${id}* — ${item} · ${cn}`,
  expiry: bilingual('満了日', 'Expiry'),
  deadline: bilingual('回答期限', 'Reply by'),
  notices: bilingual('ご案内', 'Notices'),
  answer: bilingual('回答', 'Answer'),
  ends: bilingual('終了', 'Ends'),
  status: bilingual('状態', 'Status'),
  held: bilingual(
    '満了日より前にご案内できなかったため、ご回答または担当者の判断を待っています（自動更新も終了もしません）',
    'No notice went out before expiry: waiting for an answer or a staff decision (nothing renews or ends by default)',
  ),
  noDeadline: bilingual('なし（ご回答をお待ちしています）', 'None: please answer'),
  /** Before the first notice the deadline is the standard one; a late notice moves it later (Art. 6(1), 6(2)). */
  provisionalDeadline: (date: string) =>
    bilingual(`${date}（予定。最初のご案内で確定します）`, `${date} (planned: the first notice fixes it)`),
  more: (n: number) =>
    bilingual(`ほか ${n} 件（/cert status 契約ID で個別に表示）`, `${n} more (/cert status CONTRACT shows one)`),
} as const;

export const HOME = {
  header: bilingual('certdesk', 'certdesk'),
  staffIntro: (name: string) =>
    bilingual(
      `${name} さん、こんにちは。対応待ちの作業と契約の一覧です。`,
      `Hello ${name}. Here is the work waiting for you and the contracts.`,
    ),
  contactIntro: (customers: string) => bilingual(`${customers} の契約です。`, sentence(`Contracts of ${customers}`)),
  strangerIntro: HELP.intro.stranger,
  waiting: bilingual('対応待ち', 'Waiting for you'),
  applications: (n: number) => bilingual(`承諾待ちの申込: ${n} 件`, `Applications to decide: ${n}`),
  changes: (n: number) => bilingual(`承諾待ちの変更: ${n} 件`, `Changes to decide: ${n}`),
  held: (n: number) =>
    bilingual(`満了日より前にご案内できず保留中の更新: ${n} 件`, `Renewals held (no notice before expiry): ${n}`),
  failed: (n: number) => bilingual(`送信に失敗したメッセージ: ${n} 件`, `Messages that failed to send: ${n}`),
  filter: bilingual('表示する契約', 'Show'),
  filters: {
    expiring: bilingual('60日以内に満了', 'Expiring within 60 days'),
    active: bilingual('有効な契約', 'Active contracts'),
    ended: bilingual('終了した契約', 'Ended contracts'),
  },
  contracts: bilingual('契約', 'Contracts'),
} as const;

export const ANSWER = {
  recorded: (answer: string, commonName?: string) =>
    commonName
      ? bilingual(
          `${commonName} について、回答「${answer}」を記録しました。`,
          `Your answer "${answer}" for ${commonName} is recorded.`,
        )
      : bilingual(`回答「${answer}」を記録しました。`, `Your answer "${answer}" is recorded.`),
  recordedFor: (answer: string, contract: string) =>
    bilingual(
      `契約 ${contract} について、回答「${answer}」を契約者に代わって記録しました。`,
      `Answer "${answer}" recorded for the customer of contract ${contract}.`,
    ),
  unchanged: (answer: string) => bilingual(`回答は既に「${answer}」です。`, `Your answer is already "${answer}".`),
  /** Art. 6(2): recorded, but an answer that arrived later stands (the last to arrive decides). `at`: when that one arrived. */
  superseded: (answer: string, standing: string, at: string) =>
    bilingual(
      `回答「${answer}」を記録しました。ただし、その後 ${at} に届いた回答「${standing}」が有効です（最後に届いた回答が有効です）。`,
      `Your answer "${answer}" is recorded, but the answer "${standing}" that arrived later, at ${at}, stands (the last answer to arrive counts).`,
    ),
  supersededFor: (answer: string, contract: string, standing: string, at: string) =>
    bilingual(
      `契約 ${contract} について、回答「${answer}」を契約者に代わって記録しました。ただし、その後 ${at} に届いた回答「${standing}」が有効です（最後に届いた回答が有効です）。`,
      `Answer "${answer}" recorded for the customer of contract ${contract}, but the answer "${standing}" that arrived later, at ${at}, stands (the last answer to arrive counts).`,
    ),
  usage: bilingual(
    '使い方: `/cert answer 契約ID 更新する|更新しない`（renew|dont-renew も可）',
    'Usage: `/cert answer CONTRACT renew|dont-renew`',
  ),
  /** A thread reply about the renewal that is not an answer: what it was read as, and what to type. */
  notAnAnswer: (text: string, leaning: 'renew' | 'dont-renew' | null, question: boolean) =>
    bilingual(
      `「${echo(text)}」は回答として記録していません（${question ? 'ご質問として読みました' : leaning === 'renew' ? '更新なさるおつもりと読めますが、回答の言葉ではありません' : leaning === 'dont-renew' ? '更新なさらないおつもりと読めますが、回答の言葉ではありません' : 'どちらの回答か読み取れません'}）。回答は、このスレッドに「更新する」または「更新しない」とだけ入力するか、ご案内のボタンでお願いします。${question ? 'ご質問は当社担当者がお答えします。' : ''}`,
      `"${echo(text)}" is not recorded as an answer (${question ? 'it reads as a question' : leaning === 'renew' ? 'it reads as meaning renew, but is not worded as an answer' : leaning === 'dont-renew' ? "it reads as meaning don't renew, but is not worded as an answer" : 'it does not say which answer'}). To answer, type just "renew" or "don't renew" in this thread (or 更新する / 更新しない), or press a button on the notice.${question ? ' Staff will answer your question.' : ''}`,
    ),
  /** A reply in the thread of a notice listing several contracts that names none of them. */
  whichContract: (commonNames: readonly string[]) =>
    bilingual(
      `このご案内には${commonNames.length}件の契約があります。どの契約へのご回答か、コモンネームを添えて「更新する ${commonNames[0]}」のように返信するか、その契約のボタンでお願いします: ${commonNames.join('、')}`,
      `This notice lists ${commonNames.length} contracts. Say which one you answer for by its common name, as in "renew ${commonNames[0]}", or press that contract's button: ${commonNames.join(', ')}`,
    ),
} as const;

/** The usage lines of the staff commands, placeholders in the reader's language. */
export const USAGE = {
  abolish: bilingual('`/cert abolish 品目 YYYY-MM-DD [理由]`', '`/cert abolish ITEM YYYY-MM-DD [reason]`'),
  contact: bilingual(
    '`/cert contact add 契約者ID @ユーザー [メールアドレス]` · `/cert contact remove 契約者ID @ユーザー`',
    '`/cert contact add CUSTOMER @user [email]` · `/cert contact remove CUSTOMER @user`',
  ),
  staff: bilingual('`/cert staff add|remove @ユーザー [名前]`', '`/cert staff add|remove @user [name]`'),
  price: bilingual('`/cert price 契約ID 金額（円）`', '`/cert price CONTRACT YEN`'),
  service: bilingual(
    '`/cert service add コード [名称]` · `/cert service remove コード` · `/cert service list`',
    '`/cert service add CODE [NAME]` · `/cert service remove CODE` · `/cert service list`',
  ),
  customer: bilingual(
    '`/cert customer add 契約者ID "名称" 国コード [#チャンネル] [ja|en]` · `/cert customer channel 契約者ID #チャンネル` · `/cert customer name 契約者ID "名称"` · `/cert customer country 契約者ID 国コード` · `/cert customer lang 契約者ID ja|en` · `/cert customer service 契約者ID サービス` · `/cert customer unservice 契約者ID サービス`',
    '`/cert customer add ID "NAME" CC [#channel] [ja|en]` · `/cert customer channel ID #channel` · `/cert customer name ID "NAME"` · `/cert customer country ID CC` · `/cert customer lang ID ja|en` · `/cert customer service ID SERVICE` · `/cert customer unservice ID SERVICE`',
  ),
} as const;

export const ADMIN = {
  done: bilingual('記録しました。', 'Recorded.'),
  unchanged: bilingual('変更はありません（既に記録されています）。', 'Nothing changed (already recorded).'),
  usage: (line: Bilingual) => bilingual(`使い方: ${line.ja}`, `Usage: ${line.en}`),
  abolishPreview: (item: string, from: string, n: number) =>
    bilingual(
      `${item} を ${jaDate(from)} から廃止すると、次の ${n} 件の契約が終了します（第8条）:`,
      `Abolishing ${item} from ${from} ends these ${n} contracts (Art. 8):`,
    ),
  abolishConfirm: bilingual('廃止を記録する', 'Record the abolition'),
  badCountry: (text: string) =>
    bilingual(
      `「${text}」は ISO 3166-1 の国コード（JP など2文字）ではありません。`,
      `"${text}" is not an ISO 3166-1 country code (two letters, such as JP).`,
    ),
  badChannel: (text: string) =>
    bilingual(
      `「${text}」はチャンネルではありません。#チャンネル名 を候補から選んでリンクにしてください（チャンネル ID の C… でも可）。`,
      `"${text}" is not a channel: pick #channel from the suggestions so that it becomes a link (or give its id, C…).`,
    ),
  badEmail: (text: string) =>
    bilingual(
      `「${echo(text)}」はメールアドレスではありません（例: alice@acme.example）。更新のご案内が Slack に届かないとき、このアドレスにメールで送ります。`,
      `"${echo(text)}" is not an e-mail address (e.g. alice@acme.example). Renewal notices Slack will not take go to this address by e-mail.`,
    ),
  badUser: (text: string) =>
    bilingual(
      `「${text}」は Slack のユーザーではありません。@名前 を候補から選んでメンションにしてください（ユーザー ID の U… でも可）。`,
      `"${text}" is not a Slack user: pick @name from the suggestions so that it becomes a mention (or give the user id, U…).`,
    ),
  serviceAdded: (code: string) =>
    bilingual(`指定サービス ${code} を登録しました。`, `Designated service ${code} added.`),
  serviceRemoved: (code: string) =>
    bilingual(
      `指定サービス ${code} を一覧から外しました。既存の契約は次の更新時に確認します（第4条第1項）。`,
      `Designated service ${code} removed from the list; existing contracts are checked at their next renewal (Art. 4(1)).`,
    ),
  notDesignated: (code: string, list: readonly { code: string }[]) => notDesignated(code, list),
  services: (list: string) =>
    bilingual(`当社の指定サービス: ${list || 'なし'}`, `Designated services: ${list || 'none'}`),
  priceAgreed: (contract: string, amount: string, expiry: string, renewed: boolean) =>
    bilingual(
      `契約 ${contract} の更新（満了日 ${jaDate(expiry)}）の証明書料金を ${amount}（税抜）で記録しました。${renewed ? '更新は記録済みのため、料金は本日発生しました。' : '料金は更新とともに発生します。'}`,
      `The certificate fee of contract ${contract}'s renewal (expiry ${expiry}) is recorded at ${amount} (excl. tax). ${renewed ? 'The renewal is already recorded, so the fee accrued today.' : 'It accrues with the renewal.'}`,
    ),
  abolished: (item: string, from: string) =>
    bilingual(
      `${item} を ${jaDate(from)} から廃止しました。影響する契約者のチャンネルにお知らせします。`,
      `${item} is abolished from ${from}; the affected customers are told in their channels.`,
    ),
} as const;

export const CERTIFICATE = {
  attachTitle: bilingual('証明書の登録', 'Attach certificate'),
  uploadTitle: bilingual('更新用の証明書', 'Renewal certificate'),
  submit: bilingual('登録する', 'Submit'),
  close: bilingual('閉じる', 'Close'),
  pem: bilingual('証明書（PEM）と中間証明書', 'Certificate (PEM) and intermediates'),
  pemHint: bilingual(
    '-----BEGIN CERTIFICATE----- から、証明書、中間証明書の順に貼り付けてください。',
    'Paste from -----BEGIN CERTIFICATE-----: the certificate first, then its intermediates in order.',
  ),
  intro: (contract: string, cn: string) => bilingual(`契約 ${contract}（${cn}）`, `Contract ${contract} (${cn})`),
  attached: (contract: string, notAfter: string, reissue: boolean) =>
    bilingual(
      `契約 ${contract} に証明書を登録しました（${reissue ? '再発行' : '有効期間の開始'}、期限 ${notAfter}）。`,
      `Certificate attached to contract ${contract} (${reissue ? 'a reissue' : 'it begins the term'}; ends ${notAfter}).`,
    ),
  alreadyAttached: (contract: string, notAfter: string) =>
    bilingual(
      `この証明書は既に契約 ${contract} に登録されています（期限 ${notAfter}）。新たに記録したものはありません。`,
      `This certificate is already attached to contract ${contract} (ends ${notAfter}); nothing new was recorded.`,
    ),
  uploaded: (contract: string, term: string, fees: string) =>
    bilingual(
      `契約 ${contract} の更新を記録しました（${term}、料金 ${fees} 税抜）。`,
      `The renewal of contract ${contract} is recorded (${term}, fees ${fees} excl. tax).`,
    ),
  csrHeader: (contract: string) => bilingual(`CSR: ${contract}`, `CSR: ${contract}`),
  csrKept: bilingual(
    '秘密鍵は暗号化して保管しました（表示しません）。',
    'The private key is kept, sealed; it is not shown.',
  ),
  badKeyType: (text: string) =>
    bilingual(
      `「${echo(text)}」は鍵の種類ではありません。rsa-2048、rsa-3072、rsa-4096、ec-p256 のいずれかを指定してください。`,
      `"${echo(text)}" is not a key type: give rsa-2048, rsa-3072, rsa-4096 or ec-p256.`,
    ),
  nothingToCheck: (contract: string, ended: boolean) =>
    bilingual(
      ended
        ? `契約 ${contract} は終了しているため、確認するものはありません。`
        : `契約 ${contract} には登録された証明書がまだないため、サーバの証明書と照らし合わせられません（\`/cert attach ${contract}\` で登録します）。`,
      ended
        ? `Contract ${contract} has ended: there is nothing to check.`
        : `Contract ${contract} has no certificate on record yet, so there is nothing to compare the server's with (\`/cert attach ${contract}\` records one).`,
    ),
  csrUsage: bilingual(
    '使い方: `/cert csr 契約ID [rsa-2048|rsa-3072|rsa-4096|ec-p256]`',
    'Usage: `/cert csr CONTRACT [rsa-2048|rsa-3072|rsa-4096|ec-p256]`',
  ),
  noMasterKey: bilingual(
    '秘密鍵を保管するマスター鍵（CERTDESK_MASTER_KEY）が設定されていません。管理者に依頼してください。',
    'No master key (CERTDESK_MASTER_KEY) is set to keep private keys: ask the administrator.',
  ),
  usage: (cmd: string) => bilingual(`使い方: \`/cert ${cmd} 契約ID\``, `Usage: \`/cert ${cmd} CONTRACT\``),
  checkResult: (contract: string, target: string, outcome: string) =>
    bilingual(
      `契約 ${contract}: ${target} の証明書は「${outcome}」です。`,
      `Contract ${contract}: ${target} serves "${outcome}".`,
    ),
  orderStarted: (contract: string) =>
    bilingual(
      `契約 ${contract} の証明書を CA に申請しています（ACME）。発行まで少しお待ちください。`,
      `Ordering the certificate of contract ${contract} from the CA (ACME); it takes a moment.`,
    ),
  orderIssued: (contract: string, serial: string, notAfter: string, already: boolean) =>
    already
      ? bilingual(
          `契約 ${contract} のこの申請は既に発行・登録済みです（シリアル ${serial}、期限 ${notAfter}）。`,
          `This order of contract ${contract} was issued and attached before (serial ${serial}, ends ${notAfter}).`,
        )
      : bilingual(
          `契約 ${contract} の証明書が発行され、登録しました（シリアル ${serial}、期限 ${notAfter}）。`,
          `The certificate of contract ${contract} was issued and attached (serial ${serial}, ends ${notAfter}).`,
        ),
  orderFailed: (contract: string, detail: string) =>
    bilingual(
      `契約 ${contract} の証明書の申請に失敗しました: ${detail}。後で自動で再試行します。`,
      `Ordering the certificate of contract ${contract} failed: ${detail}. It is retried later.`,
    ),
  orderBusy: (contract: string) =>
    bilingual(
      `契約 ${contract} の申請は既に処理中です。発行されると担当者チャンネルでお知らせします。`,
      `The order of contract ${contract} is already under way; the staff channel is told when it is issued.`,
    ),
  ordersHeader: bilingual('CA への申請（ACME）', 'Orders from the CA (ACME)'),
  noOrders: bilingual('申請はありません。', 'No orders.'),
  orderLine: (id: number, contract: string, need: string, status: string, attempts: number, error: string | null) =>
    bilingual(
      `#${id} ${contract} · ${need} · ${status} · 試行 ${attempts} 回${error ? ` · ${error}` : ''}`,
      `#${id} ${contract} · ${need} · ${status} · ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}${error ? ` · ${error}` : ''}`,
    ),
  outcomes: {
    current: bilingual('現在の証明書', 'the current certificate'),
    'not-current': bilingual('現在の証明書ではない', 'not the current certificate'),
    expiring: bilingual('期限が近い', 'a certificate that ends soon'),
    unreachable: bilingual('接続できない', 'unreachable'),
  },
} as const;

/** A service taken off the list that is not on it: what is. */
export const notDesignated = (code: string, list: readonly { code: string }[]) => {
  const codes = list.map((s) => s.code).join(', ');
  return bilingual(
    `「${echo(code)}」は指定サービスの一覧にありません。一覧: ${codes || 'なし'}`,
    `"${echo(code)}" is not on the list of designated services. The list: ${codes || 'none'}`,
  );
};
