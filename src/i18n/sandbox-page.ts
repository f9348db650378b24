// What the sandbox page (src/sandbox/page/sandbox.js) says, in both languages, beside every other
// sentence certdesk says. The stand-in serves them to the page as strings.js; `{n}` and `{name}`
// are filled in by the page.
import { bilingual, LOCALES, type Bilingual, type Locale } from './text.js';

export const SANDBOX_PAGE = {
  you: bilingual('あなた:', 'You are'),
  home: bilingual('ホーム', 'Home'),
  channels: bilingual('チャンネル', 'Channels'),
  apps: bilingual('アプリ', 'Apps'),
  send: bilingual('送信', 'Send'),
  only: bilingual('あなただけに表示されています', 'Only visible to you'),
  dismiss: bilingual('閉じる', 'Dismiss'),
  replies: bilingual('{n} 件の返信', '{n} replies'),
  replyOne: bilingual('1 件の返信', '1 reply'),
  lastReply: bilingual('最終返信', 'Last reply'),
  reply: bilingual('スレッドで返信', 'Reply in thread'),
  thread: bilingual('スレッド', 'Thread'),
  placeholder: bilingual(
    '#{name} へのメッセージ（/cert help などのコマンドも入力できます）',
    'Message #{name} — or type a command such as /cert help',
  ),
  threadPlaceholder: bilingual('返信する…（/cert でコマンド）', 'Reply… (/cert runs a command)'),
  optional: bilingual('任意', 'optional'),
  cancel: bilingual('キャンセル', 'Cancel'),
  submit: bilingual('送信', 'Submit'),
  close: bilingual('閉じる', 'Close'),
  move: bilingual('移動', 'Move'),
  moveTo: bilingual('日付を移動', 'Move to date'),
  activity: bilingual('アクティビティ', 'Activity'),
  activityHelp: bilingual(
    '→ app: Slack としてアプリに送ったもの。← app: アプリが呼んだ Web API。秘密の値は表示しません。',
    '→ app: what the stand-in sent the app, as Slack would. ← app: the Web API calls the app made. Nothing secret is shown.',
  ),
  readOnly: bilingual(
    'certdesk のメッセージタブは読み取り専用です。ボタンかチャンネルで回答してください。',
    "certdesk's Messages tab is read-only: answer with the buttons, or in a channel.",
  ),
  noHome: bilingual(
    'certdesk はまだあなたのホームタブを公開していません。',
    'certdesk has not published your Home tab yet.',
  ),
  noHomeHint: bilingual(
    'タブを開くと app_home_opened が送られ、アプリが views.publish で応えます。',
    'Opening the tab sends app_home_opened; the app answers with views.publish.',
  ),
  offline: bilingual('サンドボックスに接続できません。再試行しています…', 'Sandbox unreachable; retrying…'),
  edited: bilingual('（編集済み）', '(edited)'),
  commandHint: bilingual('はスラッシュコマンドとしてアプリに送られます。', 'is sent to the app as a slash command.'),
  emptyChannel: bilingual('まだメッセージはありません。', 'No messages yet.'),
  emptyHint: bilingual(
    '下の入力欄にメッセージか、/cert help などのコマンドを入力してください。',
    'Type a message below, or a command such as /cert help.',
  ),
  members: bilingual('メンバー {n} 人', '{n} members'),
  everyone: bilingual('全員', 'everyone'),
  staff: bilingual('担当者', 'staff'),
  customer: bilingual('顧客', 'customer'),
  slackbot: bilingual('Slackbot', 'Slackbot'),
  app: bilingual('アプリ', 'APP'),
  modalOf: bilingual('certdesk より', 'from certdesk'),
  threadIn: bilingual('#{name}', 'in #{name}'),
  sent: bilingual('送信しました', 'Sent'),
  mailbox: bilingual('メール', 'Mailbox'),
  mailHelp: bilingual(
    'certdesk が送ったメールを、サンドボックス専用のメールサーバー（{server}）が受け取ったとおりに表示します。差出人: {from}。',
    "The e-mails certdesk sent, as the sandbox's own mail server ({server}) received them. From: {from}.",
  ),
  mailAlways: bilingual(
    '通知はすべて、Slack のほかメールでも届きます（CERTDESK_NOTICE_EMAIL=always、サンドボックスの既定）。',
    "Every notice also goes by e-mail, besides Slack (CERTDESK_NOTICE_EMAIL=always, the sandbox's default).",
  ),
  mailFallback: bilingual(
    'Slack に届かなかった通知だけがメールで届きます（CERTDESK_NOTICE_EMAIL=fallback）。',
    'Only notices Slack would not take go by e-mail (CERTDESK_NOTICE_EMAIL=fallback).',
  ),
  mailElsewhere: bilingual(
    'メールは CERTDESK_SMTP_URL のサーバー（{server}）に送られるため、ここには表示されません。差出人: {from}。',
    'E-mails go to the server CERTDESK_SMTP_URL names ({server}), so none are shown here. From: {from}.',
  ),
  mailEmpty: bilingual(
    'まだメールはありません。日付を移動すると、期日の来た通知が送られます。',
    'No e-mails yet. Move the date to have the notices that fall due sent.',
  ),
  mailPick: bilingual('メールを選ぶと本文が表示されます。', 'Pick an e-mail to read it.'),
  mailFrom: bilingual('差出人', 'From'),
  mailTo: bilingual('宛先', 'To'),
  mailAt: bilingual('受信日時', 'Received'),
  mailHtml: bilingual('HTML', 'HTML'),
  mailText: bilingual('テキスト', 'Text'),
  mailNoHtml: bilingual('このメールにはテキストの本文だけがあります。', 'This e-mail has a text body only.'),
} satisfies Record<string, Bilingual>;

/** Why something on the page could not be done, by the error code the page's API answers. */
export const SANDBOX_PAGE_ERRORS = {
  not_in_channel: bilingual('このチャンネルのメンバーではありません。', 'You are not a member of this channel.'),
  read_only: bilingual('certdesk のメッセージタブは読み取り専用です。', "certdesk's Messages tab is read-only."),
  unknown_user: bilingual('先に利用者を選んでください。', 'Pick who you are first.'),
  channel_not_found: bilingual('そのチャンネルはありません。', 'That channel does not exist.'),
  view_not_found: bilingual('その画面はもう開いていません。', 'That view is no longer open.'),
  message_not_found: bilingual('そのメッセージはもうありません。', 'That message is gone.'),
  element_not_found: bilingual('その要素はもうメッセージにありません。', 'That element is no longer in the message.'),
  thread_not_found: bilingual('そのスレッドはもうありません。', 'That thread is gone.'),
  clock_fixed: bilingual('このサンドボックスの時計は動かせません。', 'This sandbox clock cannot move.'),
  invalid_date: bilingual('正しい日付を選んでください。', 'Pick a valid date.'),
  network: bilingual('サンドボックスが応答しません。', 'The sandbox did not answer.'),
  no_mail: bilingual('このサンドボックスにはメールボックスがありません。', 'This sandbox has no mailbox.'),
  mail_not_found: bilingual('そのメールはもうありません。', 'That e-mail is gone.'),
} satisfies Record<string, Bilingual>;

export type PageStrings = Record<keyof typeof SANDBOX_PAGE, string> & {
  errors: Record<keyof typeof SANDBOX_PAGE_ERRORS, string>;
};

/** The page's strings language by language, as the page reads them. */
export function sandboxPageStrings(): Record<Locale, PageStrings> {
  const pick = <K extends string>(table: Record<K, Bilingual>, l: Locale) =>
    Object.fromEntries(Object.entries<Bilingual>(table).map(([k, v]) => [k, v[l]])) as Record<K, string>;
  return Object.fromEntries(
    LOCALES.map((l) => [l, { ...pick(SANDBOX_PAGE, l), errors: pick(SANDBOX_PAGE_ERRORS, l) }]),
  ) as Record<Locale, PageStrings>;
}
