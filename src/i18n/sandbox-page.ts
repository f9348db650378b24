// What the sandbox page (src/sandbox/page/sandbox.js) says, in both languages, beside every other
// sentence certdesk says. The stand-in serves them to the page as strings.js; `{n}` and `{name}`
// are filled in by the page.
import { bi, LOCALES, type Bilingual, type Locale } from './text.js';

export const SANDBOX_PAGE = {
  you: bi('あなた:', 'You are'),
  home: bi('ホーム', 'Home'),
  channels: bi('チャンネル', 'Channels'),
  apps: bi('アプリ', 'Apps'),
  send: bi('送信', 'Send'),
  only: bi('あなただけに表示されています', 'Only visible to you'),
  dismiss: bi('閉じる', 'Dismiss'),
  replies: bi('{n} 件の返信', '{n} replies'),
  replyOne: bi('1 件の返信', '1 reply'),
  lastReply: bi('最終返信', 'Last reply'),
  reply: bi('スレッドで返信', 'Reply in thread'),
  thread: bi('スレッド', 'Thread'),
  placeholder: bi(
    '#{name} へのメッセージ（/cert help などのコマンドも入力できます）',
    'Message #{name} — or type a command such as /cert help',
  ),
  threadPlaceholder: bi('返信する…（/cert でコマンド）', 'Reply… (/cert runs a command)'),
  optional: bi('任意', 'optional'),
  cancel: bi('キャンセル', 'Cancel'),
  submit: bi('送信', 'Submit'),
  close: bi('閉じる', 'Close'),
  move: bi('移動', 'Move'),
  moveTo: bi('日付を移動', 'Move to date'),
  activity: bi('アクティビティ', 'Activity'),
  activityHelp: bi(
    '→ app: Slack としてアプリに送ったもの。← app: アプリが呼んだ Web API。秘密の値は表示しません。',
    '→ app: what the stand-in sent the app, as Slack would. ← app: the Web API calls the app made. Nothing secret is shown.',
  ),
  readOnly: bi(
    'certdesk のメッセージタブは読み取り専用です。ボタンかチャンネルで回答してください。',
    "certdesk's Messages tab is read-only: answer with the buttons, or in a channel.",
  ),
  noHome: bi('certdesk はまだあなたのホームタブを公開していません。', 'certdesk has not published your Home tab yet.'),
  noHomeHint: bi(
    'タブを開くと app_home_opened が送られ、アプリが views.publish で応えます。',
    'Opening the tab sends app_home_opened; the app answers with views.publish.',
  ),
  offline: bi('サンドボックスに接続できません。再試行しています…', 'Sandbox unreachable; retrying…'),
  edited: bi('（編集済み）', '(edited)'),
  commandHint: bi('はスラッシュコマンドとしてアプリに送られます。', 'is sent to the app as a slash command.'),
  emptyChannel: bi('まだメッセージはありません。', 'No messages yet.'),
  emptyHint: bi(
    '下の入力欄にメッセージか、/cert help などのコマンドを入力してください。',
    'Type a message below, or a command such as /cert help.',
  ),
  members: bi('メンバー {n} 人', '{n} members'),
  everyone: bi('全員', 'everyone'),
  staff: bi('担当者', 'staff'),
  customer: bi('顧客', 'customer'),
  slackbot: bi('Slackbot', 'Slackbot'),
  app: bi('アプリ', 'APP'),
  modalOf: bi('certdesk より', 'from certdesk'),
  threadIn: bi('#{name}', 'in #{name}'),
  sent: bi('送信しました', 'Sent'),
} satisfies Record<string, Bilingual>;

/** Why something on the page could not be done, by the error code the page's API answers. */
export const SANDBOX_PAGE_ERRORS = {
  not_in_channel: bi('このチャンネルのメンバーではありません。', 'You are not a member of this channel.'),
  read_only: bi('certdesk のメッセージタブは読み取り専用です。', "certdesk's Messages tab is read-only."),
  unknown_user: bi('先に利用者を選んでください。', 'Pick who you are first.'),
  channel_not_found: bi('そのチャンネルはありません。', 'That channel does not exist.'),
  view_not_found: bi('その画面はもう開いていません。', 'That view is no longer open.'),
  message_not_found: bi('そのメッセージはもうありません。', 'That message is gone.'),
  element_not_found: bi('その要素はもうメッセージにありません。', 'That element is no longer in the message.'),
  thread_not_found: bi('そのスレッドはもうありません。', 'That thread is gone.'),
  clock_fixed: bi('このサンドボックスの時計は動かせません。', 'This sandbox clock cannot move.'),
  invalid_date: bi('正しい日付を選んでください。', 'Pick a valid date.'),
  network: bi('サンドボックスが応答しません。', 'The sandbox did not answer.'),
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
