// The command line's own words — labels, headings, help and errors — in Japanese and English.
// Reasons of the terms and notes are in ./messages.ts, shared with Slack.
import type { DateReading, InstantProblem } from '../domain/dates.js';
import { bilingual, type Bilingual } from './text.js';

/** Labels and short words: a table header, a field name, a value. */
export const LABEL = {
  usage: bilingual('使い方', 'Usage'),
  category: bilingual('品目区分', 'category'),
  categoryHeader: bilingual('品目区分', 'Category'),
  new: bilingual('新規', 'new'),
  renewal: bilingual('更新', 'renewal'),
  certificateFee: bilingual('証明書料金', 'Certificate fee'),
  agencyFee: bilingual('申請代行手数料', 'Agency fee'),
  monthlyFee: bilingual('月額費用', 'Monthly fee'),
  totalWithoutTax: bilingual('合計（税抜）', 'Total (excl. tax)'),
  totalWithTax: bilingual('合計（税込）', 'Total (incl. tax)'),
  asOf: bilingual('基準日', 'As of'),
  tariff: bilingual('料金表', 'Tariff'),
  individuallyPriced: bilingual('個別見積（当社が別途示す金額）', 'individually priced'),
  totalOnceAgreed: bilingual('金額決定後に確定', 'set once the fee is agreed'),
  receivedOn: bilingual('到達日', 'Received on'),
  earliestEffective: bilingual('到達日から30日を経過する日', 'Earliest effective (30 days after)'),
  requested: bilingual('指定日', 'Requested'),
  effective: bilingual('解除の効力が生じる日', 'Effective'),
  contractEnds: bilingual('契約終了日', 'Contract ends'),
  status: bilingual('状態', 'Status'),
  eligible: bilingual('申込可能です', 'Eligible'),
  notEligible: bilingual('申込できません', 'Not eligible'),
  noLedgerEntries: bilingual('記帳はまだありません。', 'No ledger entries.'),
  noContracts: bilingual('該当する契約はありません。', 'No contracts.'),
  noAudit: bilingual('該当する記録はありません。', 'No audit entries.'),
  total: bilingual('合計', 'Total'),
  yes: bilingual('はい', 'yes'),
  no: bilingual('いいえ', 'no'),
  none: bilingual('なし', 'none'),
  // Tables
  id: bilingual('ID', 'ID'),
  customer: bilingual('契約者', 'Customer'),
  commonName: bilingual('コモンネーム', 'Common name'),
  item: bilingual('品目', 'Item'),
  term: bilingual('有効期間', 'Term'),
  startsOn: bilingual('開始日', 'Starts'),
  expiry: bilingual('満了日', 'Expiry'),
  certificateEnds: bilingual('証明書の期限', 'Certificate ends'),
  replyBy: bilingual('回答期限', 'Reply by'),
  notices: bilingual('通知', 'Notices'),
  decision: bilingual('更新の回答', 'Decision'),
  ends: bilingual('終了', 'Ends'),
  accrued: bilingual('発生日', 'Accrued'),
  contract: bilingual('契約', 'Contract'),
  kind: bilingual('種別', 'Kind'),
  amount: bilingual('金額', 'Amount'),
  article: bilingual('根拠', 'Article'),
  code: bilingual('コード', 'Code'),
  name: bilingual('名称', 'Name'),
  abolished: bilingual('廃止', 'Abolished'),
  at: bilingual('日時（日本時間）', 'At (JST)'),
  actor: bilingual('実行者', 'Actor'),
  action: bilingual('操作', 'Action'),
  subject: bilingual('対象', 'Subject'),
  details: bilingual('内容', 'Details'),
  country: bilingual('国', 'Country'),
  channel: bilingual('チャンネル', 'Channel'),
  contacts: bilingual('連絡担当者', 'Contacts'),
  designatedServices: bilingual('指定サービス', 'Designated services'),
  service: bilingual('利用サービス', 'Service'),
  origin: bilingual('経緯', 'Origin'),
  acceptedAt: bilingual('承諾日時', 'Accepted at'),
  // cert inspect
  sans: bilingual('SAN', 'SANs'),
  issuer: bilingual('発行者', 'Issuer'),
  serial: bilingual('シリアル番号', 'Serial'),
  notBefore: bilingual('有効期間の開始', 'Not before'),
  notAfter: bilingual('有効期間の終了', 'Not after'),
  validity: bilingual('有効期間の長さ', 'Validity'),
  fittingTerm: bilingual('適合する有効期間（第3条）', 'Fitting term (Art. 3)'),
  ninetyDayRule: bilingual('90日ルール（第6条第3項）', '90-day rule (Art. 6(3))'),
  certificateState: bilingual('証明書の状態', 'Certificate'),
  key: bilingual('鍵', 'Key'),
  fingerprint: bilingual('SHA-256', 'SHA-256'),
} as const;

export const STATUS = { active: bilingual('有効', 'active'), ended: bilingual('終了', 'ended') } as const;
export const DECISION = {
  renew: bilingual('更新する', 'renew'),
  'dont-renew': bilingual('更新しない', "don't renew"),
  'default-renew': bilingual('みなし更新', 'default renewal'),
} as const;
export const END_REASON = {
  'not-renewed': bilingual('更新なし', 'not renewed'),
  cancelled: bilingual('解約', 'cancelled'),
  abolished: bilingual('廃止', 'abolished'),
  lapsed: bilingual('失効', 'lapsed'),
} as const;
export const FEE_KIND = {
  certificate: bilingual('証明書料金', 'certificate'),
  agency: bilingual('申請代行手数料', 'agency'),
  monthly: bilingual('月額費用', 'monthly'),
  'one-time': bilingual('一時費用', 'one-time'),
} as const;
/** What began a term (contract_terms.kind). */
export const TERM_KIND = {
  new: bilingual('新規', 'new'),
  renewal: bilingual('更新', 'renewal'),
  'default-renewal': bilingual('みなし更新', 'default renewal'),
  imported: bilingual('取り込み', 'imported'),
} as const;
/** What a renewal cycle came to (renewal_cycles.outcome). */
export const OUTCOME = {
  renewed: bilingual('更新', 'renewed'),
  'default-renewed': bilingual('みなし更新', 'renewed by default'),
  ended: bilingual('終了（更新しない）', "ended (don't renew)"),
  lapsed: bilingual('失効', 'lapsed'),
} as const;
/** How a fact came in: an answer, a cancellation form, a certificate. */
export const VIA = {
  button: bilingual('ボタン', 'button'),
  thread: bilingual('スレッドへの返信', 'thread reply'),
  staff: bilingual('担当者', 'staff'),
  cli: bilingual('コマンドライン', 'command line'),
  modal: bilingual('フォーム', 'form'),
  imported: bilingual('取り込み', 'imported'),
  uploaded: bilingual('持ち込み', 'uploaded'),
  issued: bilingual('発行', 'issued'),
} as const;
export const CHECK_STATUS = {
  ok: bilingual('正常', 'ok'),
  warn: bilingual('注意', 'warning'),
  fail: bilingual('異常', 'failed'),
} as const;

/** Sentences of the command line, built from their values. */
export const SAY = {
  tagline: bilingual(
    'certdesk — IIJ サーバ証明書管理サービスを個別規程どおりに運用します',
    'certdesk — the IIJ server certificate management service, run to the letter of its terms',
  ),
  moreHelp: bilingual(
    '各コマンドの詳細は `certdesk <コマンド> --help`。終了コード: 0 完了、2 使い方の誤り、3 規程により不可、1 その他。',
    '`certdesk <command> --help` says more. Exit codes: 0 done, 2 usage error, 3 a rule of the terms refuses, 1 otherwise.',
  ),
  commonFlags: bilingual(
    '  --json   結果を JSON で出力します\n  --help   この説明を表示します',
    '  --json   print the result as one JSON document\n  --help   show this help',
  ),
  noCommand: (list: string) =>
    bilingual(`コマンドを指定してください。コマンド: ${list}`, `Give a command. Commands: ${list}`),
  unknownCommand: (name: string, list: string) =>
    bilingual(
      `「${name}」というコマンドはありません。コマンド: ${list}`,
      `unknown command "${name}". Commands: ${list}`,
    ),
  needsSubcommand: (name: string, subs: string) =>
    bilingual(`${name} にはサブコマンドが必要です: ${subs}`, `${name} takes a subcommand: ${subs}`),
  missingArgument: (what: Bilingual) => bilingual(`引数が足りません: ${what.ja}`, `missing argument: ${what.en}`),
  unexpectedArgument: (arg: string) => bilingual(`余分な引数「${arg}」があります`, `unexpected argument "${arg}"`),
  unknownOption: (flag: string, options: string) =>
    bilingual(
      `「${flag}」というオプションはありません。このコマンドのオプション: ${options}`,
      `unknown option ${flag}. Options of this command: ${options}`,
    ),
  usageLine: bilingual(
    '使い方: certdesk <コマンド> [オプション] [--json]',
    'Usage: certdesk <command> [options] [--json]',
  ),
  emptyValue: (flag: string) =>
    bilingual(
      `${flag} に空の値が指定されています。値を指定するか、${flag} を外してください`,
      `${flag} was given an empty value: give a value, or leave ${flag} out`,
    ),
  missingValue: (flag: string) =>
    bilingual(
      `${flag} に値を指定してください（例: ${flag} VALUE。「-」で始まる値は ${flag}=VALUE と書きます）`,
      `${flag} needs a value (e.g. ${flag} VALUE; a value that starts with "-" goes as ${flag}=VALUE)`,
    ),
  conflictingFlags: (a: string, b: string) =>
    bilingual(`${a} と ${b} は同時に指定できません`, `${a} and ${b} cannot be given together`),
  takesNoValue: (flag: string) => bilingual(`${flag} は値をとりません`, `${flag} takes no value`),
  repeatedOption: (flag: string) =>
    bilingual(
      `${flag} が2回以上指定されています。1回だけ指定してください`,
      `${flag} is given more than once; give it once`,
    ),
  required: (flag: string, what: Bilingual) =>
    bilingual(`--${flag} を指定してください: ${what.ja}`, `--${flag} is required: ${what.en}`),
  unknownItem: (text: string, suggestions: string[]) =>
    bilingual(
      `「${text}」という品目はありません。${suggestions.length ? `もしかして: ${suggestions.join(', ')}。` : ''}品目コードは certdesk items で確認できます。`,
      `unknown item "${text}".${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ''} certdesk items lists the item codes.`,
    ),
  unknownTerm: (text: string) =>
    bilingual(
      `「${text}」という有効期間はありません。指定できるもの: 6m, 1y, 2y, 3y, unlimited（1年、6ヶ月、無期限 なども可）`,
      `unknown term "${text}". Terms: 6m, 1y, 2y, 3y, unlimited (1Y, 12m and the Japanese term names also work)`,
    ),
  badDate: (flag: string, text: string) =>
    bilingual(
      `--${flag} は YYYY-MM-DD 形式の日付で指定してください（「${text}」は日付ではありません）`,
      `--${flag} must be a date YYYY-MM-DD (got "${text}")`,
    ),
  noSuchDay: (flag: string, text: string, days: number) =>
    bilingual(
      `--${flag} の「${text}」という日はありません（その月は ${days} 日までです）`,
      `--${flag}: "${text}" is not a day (that month has ${days} days)`,
    ),
  dateOutOfRange: (flag: string, text: string) =>
    bilingual(
      `--${flag} の日付「${text}」は範囲外です（2000〜2199年）`,
      `--${flag}: "${text}" is outside the years certdesk accepts (2000–2199)`,
    ),
  badInstant: (flag: string, text: string, problem: InstantProblem) =>
    bilingual(`--${flag}: ${instantProblem(problem, text).ja}`, `--${flag}: ${instantProblem(problem, text).en}`),
  badNumber: (flag: string, text: string, min: number, max: number) =>
    bilingual(
      `--${flag} は ${min}〜${max} の整数で指定してください（「${text}」）`,
      `--${flag} must be a whole number from ${min} to ${max} (got "${text}")`,
    ),
  badCountry: (text: string, suggestion?: string) =>
    bilingual(
      `--country は JP のような ISO 3166-1 の2文字の国コードで指定してください（「${text}」は国コードではありません${suggestion ? `。もしかして ${suggestion}` : ''}）`,
      `--country must be an ISO 3166-1 two-letter country code such as JP ("${text}" is not one${suggestion ? `; did you mean ${suggestion}?` : ''})`,
    ),
  badStatus: (text: string) =>
    bilingual(
      `--status は active または ended で指定してください（「${text}」）`,
      `--status must be active or ended (got "${text}")`,
    ),
  noFile: (path: string) => bilingual(`ファイル「${path}」がありません`, `no file "${path}"`),
  isFolder: (path: string) =>
    bilingual(`「${path}」はフォルダです。ファイルを指定してください`, `"${path}" is a folder, not a file`),
  cannotRead: (path: string, code: string | undefined) =>
    bilingual(
      `「${path}」を読めません: ${READ_PROBLEM_JA[code ?? ''] ?? code ?? '不明なエラー'}`,
      `cannot read "${path}": ${READ_PROBLEM_EN[code ?? ''] ?? code ?? 'unknown error'}`,
    ),
  notRegularFile: (path: string, kind: string) =>
    bilingual(
      `「${path}」は通常のファイルではありません（${FILE_KIND[kind]?.ja ?? kind}）。ファイルを指定してください`,
      `"${path}" is not a regular file (it is ${FILE_KIND[kind]?.en ?? kind}): give a file`,
    ),
  tooLarge: (path: string, size: number, limit: number, what: Bilingual) =>
    bilingual(
      `「${path}」は大きすぎます（${mebibytes(size)}）。${what.ja}は ${mebibytes(limit)} までです`,
      `"${path}" is too large (${mebibytes(size)}): ${what.en} is at most ${mebibytes(limit)}`,
    ),
  neitherPemNorDer: bilingual(
    'PEM 形式の証明書（-----BEGIN CERTIFICATE----- で始まるテキスト）でも DER 形式の証明書でもありません',
    'this is neither a PEM certificate (text that begins with -----BEGIN CERTIFICATE-----) nor a DER one',
  ),
  abolitionScheduled: (item: string, fromJa: string, fromEn: string, days: number) =>
    bilingual(
      `${item} は ${fromJa} から廃止されます（${days === 0 ? '本日' : `${days}日後`}、第8条）。その日からは更新できず、今申し込む契約もその日に終了します。`,
      `${item} is to be abolished from ${fromEn} (${days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`}, Art. 8): from that day it cannot be renewed, and a contract made now ends on that day.`,
    ),
  importEmpty: (path: string) =>
    bilingual(
      `${path}: レコードがありません（空行とコメントだけ）。何も取り込んでいません`,
      `${path}: the file holds no records (only blank lines or comments); nothing was imported`,
    ),
  importConflict: (path: string, code: string) =>
    bilingual(
      `${path}: 同じ記録が同時に別の操作で変更されたため、何も取り込んでいません（PostgreSQL ${code}）。もう一度取り込んでください`,
      `${path}: the same records were changed by something else at the same moment, so nothing was imported (PostgreSQL ${code}). Import the file again`,
    ),
  receivedInFuture: (at: string, now: string) =>
    bilingual(
      `--received ${at} は現在（${now}）より後です。解約申込書が届いた日時を指定してください`,
      `--received ${at} is later than now (${now}): give the time the cancellation form arrived`,
    ),
  notFound: (what: string, id: string) =>
    NOT_FOUND[what as keyof typeof NOT_FOUND]?.(id) ?? bilingual(`${id} が見つかりません`, `no ${what} "${id}"`),
  configInvalid: (lines: Bilingual) =>
    bilingual(
      `設定に誤りがあります:\n${lines.ja}\n\`certdesk doctor\` ですべての設定を確認できます。`,
      `the configuration is not valid:\n${lines.en}\n\`certdesk doctor\` checks every setting.`,
    ),
  cannotReachDatabase: (where: string, code: string) =>
    bilingual(
      `PostgreSQL（${where}）に接続できません（${code}）。起動するか DATABASE_URL を設定してください`,
      `cannot reach PostgreSQL at ${where} (${code}): start it, or set DATABASE_URL`,
    ),
  databaseMissing: (where: string) =>
    bilingual(
      `データベース ${where} がありません。createdb で作成するか DATABASE_URL を設定してください`,
      `the database in ${where} does not exist: create it (createdb) or set DATABASE_URL`,
    ),
  cannotMigrate: (where: string, why: string) =>
    bilingual(
      `データベース ${where} を最新にできません: ${why}`,
      `cannot bring the database at ${where} up to date: ${why}`,
    ),
  unexpected: (why: string) =>
    bilingual(
      `予期しないエラー: ${why}（CERTDESK_DEBUG=1 で詳細を表示します）`,
      `unexpected error: ${why} (CERTDESK_DEBUG=1 shows the details)`,
    ),
  messagesWaiting: (n: number) => bilingual(`送信待ちのメッセージ: ${n} 件`, `Messages waiting to be sent: ${n}`),
  /** Without a bot token nothing can be sent: say so, and how to send them. */
  messagesWaitingNoToken: (n: number) =>
    bilingual(
      `送信待ちのメッセージ: ${n} 件。SLACK_BOT_TOKEN が設定されていないため、Slack にもメールでも送っていません（メールは Slack に届かなかったご案内の代わりに送るため、Slack の後になります）。Slack アプリの Bot User OAuth Token（xoxb-…）を SLACK_BOT_TOKEN に設定して certdesk sweep を実行するか、certdesk serve / certdesk worker を動かすと送信されます（Slack なしで試すなら certdesk sandbox）。`,
      `Messages waiting to be sent: ${n}. SLACK_BOT_TOKEN is not set, so nothing was sent, to Slack or by e-mail (an e-mail goes when Slack does not take a notice, so it waits for Slack). Set SLACK_BOT_TOKEN to the Slack app's Bot User OAuth Token (xoxb-…) and run certdesk sweep again, or run certdesk serve or certdesk worker, and they are sent (to try without Slack: certdesk sandbox).`,
    ),
  sweepAhead: (asOf: string, now: string) =>
    bilingual(
      `--as-of ${asOf} は現在（${now}）より後です。その時点までに期限の来る処理（ご案内、みなし更新、終了）を今行い、記録します`,
      `--as-of ${asOf} is later than now (${now}): the work due by then (notices, default renewals, endings) is done and recorded now`,
    ),
  answerInFuture: bilingual(
    '--received は現在より後にできません。回答が届いた日時を指定してください',
    '--received cannot be later than now: give the time the answer arrived',
  ),
  usingSandbox: (dir: string) =>
    bilingual(
      `サンドボックスが動いているため、そのデータベース（${dir}）を使います`,
      `a sandbox is running: using its database (${dir})`,
    ),
  notTheSandbox: (dir: string, sandbox: string) =>
    bilingual(
      `${dir} の組み込みデータベースを使います。動いているサンドボックスのデータ（${sandbox}）ではありません。サンドボックスのデータを見るには CERTDESK_DATA_DIR=${sandbox} を付けて実行してください`,
      `using the embedded database in ${dir}, not the running sandbox's (${sandbox}); to work on the sandbox's data, run with CERTDESK_DATA_DIR=${sandbox}`,
    ),
  embeddedFailed: (dir: string, why: string) =>
    bilingual(
      `組み込みデータベース（${dir}）を開けません: ${why}`,
      `cannot open the embedded database in ${dir}: ${why}`,
    ),
  clockSet: (at: string) =>
    bilingual(
      `CERTDESK_NOW により時刻を ${at} として動作しています（試験・研修用）`,
      `the clock is set to ${at} by CERTDESK_NOW (for tests and training)`,
    ),
} as const;

const READ_PROBLEM_JA: Record<string, string> = {
  EACCES: '読み取りの権限がありません',
  EPERM: '読み取りの権限がありません',
  ENOTDIR: 'パスの途中がフォルダではありません',
  ENAMETOOLONG: 'パスが長すぎます',
  ELOOP: 'シンボリックリンクが循環しています',
  EIO: '入出力エラー',
};
const READ_PROBLEM_EN: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};
const FILE_KIND: Record<string, Bilingual> = {
  fifo: bilingual('名前付きパイプ', 'a named pipe'),
  device: bilingual('デバイス', 'a device'),
  socket: bilingual('ソケット', 'a socket'),
  other: bilingual('特殊なファイル', 'a special file'),
};

/** A size for people: 1 MiB, 64 MiB, 1.5 GiB. */
function mebibytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1).replace(/\.0$/, '')} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1).replace(/\.0$/, '')} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

const NOT_FOUND = {
  contract: (id: string) =>
    bilingual(
      `契約「${id}」はありません（certdesk contracts で一覧できます）`,
      `no contract "${id}" (certdesk contracts lists them)`,
    ),
  customer: (id: string) => bilingual(`契約者「${id}」はありません`, `no customer "${id}"`),
  abolition: (id: string) =>
    bilingual(
      `${id} の廃止は記録されていません（certdesk items で廃止を確認できます）`,
      `no abolition of ${id} is recorded (certdesk items shows abolitions)`,
    ),
  cancellation: (id: string) =>
    bilingual(
      `契約「${id}」に有効な解約は記録されていません（certdesk contract show ${id} で確認できます）`,
      `no cancellation of contract "${id}" is in force (certdesk contract show ${id} shows its story)`,
    ),
  application: (id: string) => bilingual(`申込「${id}」はありません`, `no application "${id}"`),
  staff: (id: string) => bilingual(`担当者「${id}」はありません`, `no staff member "${id}"`),
} as const;

function instantProblem(problem: InstantProblem, text: string): Bilingual {
  switch (problem) {
    case 'offset-contradicts-zone':
      return bilingual(
        `「${text}」の UTC オフセットがタイムゾーンと一致しません。オフセットかゾーン名のどちらかを直してください`,
        `"${text}": the UTC offset contradicts the time zone; correct the offset or the zone name`,
      );
    case 'unknown-zone':
      return bilingual(
        `「${text}」のタイムゾーン名が不明です（例: Asia/Tokyo、America/New_York）`,
        `"${text}": unknown time zone name (e.g. Asia/Tokyo, America/New_York)`,
      );
    case 'ambiguous':
      return bilingual(
        `「${text}」はそのタイムゾーンで2回ある時刻です（夏時間の終わり）。UTC オフセットを付けてください`,
        `"${text}" happens twice in its time zone (clocks set back): add the UTC offset`,
      );
    case 'nonexistent':
      return bilingual(
        `「${text}」はそのタイムゾーンに存在しない時刻です（夏時間の始まり）`,
        `"${text}" does not exist in its time zone (clocks set forward)`,
      );
    case 'out-of-range':
      return bilingual(
        `「${text}」は範囲外の日時です（2000〜2199年）`,
        `"${text}" is outside the years certdesk accepts (2000–2199)`,
      );
    default:
      return bilingual(
        `「${text}」は日時として読めません。例: 2026-09-01T10:00（日本時間）、2026-09-01T10:00:00Z、2026-09-01T20:00-04:00[America/New_York]`,
        `"${text}" is not an instant. E.g. 2026-09-01T10:00 (JST), 2026-09-01T10:00:00Z, 2026-09-01T20:00-04:00[America/New_York]`,
      );
  }
}

export { instantProblem as instantProblemSentence };

/** Why a YYYY-MM-DD date was not read (dates.ts readBusinessDate). */
export function dateProblemSentence(r: Exclude<DateReading, { ok: true }>, text: string): Bilingual {
  if (r.problem === 'no-such-day')
    return bilingual(
      `「${text}」という日はありません（その月は ${r.daysInMonth} 日までです）`,
      `"${text}" is not a day: that month has ${r.daysInMonth} days`,
    );
  if (r.problem === 'out-of-range')
    return bilingual(
      `「${text}」は範囲外の日付です（2000〜2199年）`,
      `"${text}" is outside the years certdesk accepts (2000–2199)`,
    );
  return bilingual(
    `「${text}」は日付として読めません。YYYY-MM-DD の形で指定してください（例: 2027-03-31）`,
    `"${text}" is not a date: write it as YYYY-MM-DD (e.g. 2027-03-31)`,
  );
}

// ISO 3166-1 alpha-2: the codes assigned to countries and territories. Intl knows more region
// codes than these (UK, EU, UN, Kosovo's XK, retired ones such as SU), so membership is this list.
const ISO_3166_ALPHA_2 = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
  CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
  GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
  KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
  MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
  SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
  UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/),
);

const regionNames = {
  ja: new Intl.DisplayNames(['ja'], { type: 'region' }),
  en: new Intl.DisplayNames(['en'], { type: 'region' }),
};

/** Whether a text (any case) is an assigned ISO 3166-1 alpha-2 code. */
export function isCountryCode(text: string): boolean {
  return ISO_3166_ALPHA_2.has(text.trim().toUpperCase());
}

/** The assigned code a region code people use stands for (UK → GB), when there is one. */
export function suggestCountry(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  let name: string | undefined;
  try {
    name = regionNames.en.of(code);
  } catch {
    return undefined;
  }
  if (!name || name === code) return undefined;
  return [...ISO_3166_ALPHA_2].find((c) => regionNames.en.of(c) === name);
}

/** A country's name in the reader's language (JP → 日本 / Japan). */
export function countryName(code: string, locale: 'ja' | 'en'): string {
  return regionNames[locale].of(code.toUpperCase()) ?? code;
}
