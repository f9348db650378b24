// What `import` says about a file's lines, in Japanese and English.
import type { z } from 'zod';
import type { InstantProblem } from '../domain/dates.js';
import { TERM_NAMES, type TermCode } from '../domain/terms.js';
import { instantProblemSentence, suggestCountry } from './cli.js';
import { bilingual, type Bilingual } from './text.js';

/** Keys the import's zod schemas use as messages, turned into sentences here. */
export const IMPORT_CHECK = {
  empty: bilingual('空にできません', 'must not be empty'),
  spaces: bilingual('空白を含められません', 'must not contain spaces'),
  tooLong: bilingual('長すぎます', 'is too long'),
  slackUser: bilingual(
    'U0ALICE のような Slack のユーザー ID で指定してください',
    'must be a Slack user ID such as U0ALICE',
  ),
  channel: bilingual(
    'C0ACME のような Slack のチャンネル ID で指定してください',
    'must be a Slack channel ID such as C0ACME',
  ),
  email: bilingual(
    'メールサーバーが受け取れるメールアドレスで指定してください（例: alice@acme.example）',
    'must be an e-mail address a mail server would take, e.g. alice@acme.example',
  ),
  type: bilingual(
    'type は "customer"、"contract"、"staff" のいずれかです',
    'type must be "customer", "contract" or "staff"',
  ),
} as const;

/** A list where one value was written: what the list holds, for each field that is one. */
const LISTS: Record<string, Bilingual> = {
  contacts: bilingual(
    'Slack のユーザー ID か {"slackUserId": …, "email": …} のリストで指定してください（例: ["U0ALICE"]、1人でも [] で囲みます）',
    'must be a list of Slack user IDs or {"slackUserId": …, "email": …}, e.g. ["U0ALICE"] (one contact is still a list)',
  ),
  emails: bilingual(
    'メールアドレスのリストで指定してください（例: ["certs@acme.example"]、1つでも [] で囲みます）',
    'must be a list of e-mail addresses, e.g. ["certs@acme.example"] (one address is still a list)',
  ),
  designatedServices: bilingual(
    'サービスのコードのリストで指定してください（例: ["gio"]、1つでも [] で囲みます）',
    'must be a list of service codes, e.g. ["gio"] (one service is still a list)',
  ),
};

const TYPE_NAMES: Record<string, Bilingual> = {
  string: bilingual('文字列（"…"）', 'a string ("…")'),
  number: bilingual('数値', 'a number'),
  boolean: bilingual('true または false', 'true or false'),
  array: bilingual('リスト（[…]）', 'a list ([…])'),
  object: bilingual('オブジェクト（{…}）', 'an object ({…})'),
};

const INSTANT_PREFIX = 'instant:';
const COUNTRY_PREFIX = 'country:';
const COMMON_NAME_PREFIX = 'common-name:';
export const instantIssue = (problem: InstantProblem, text: string) => `${INSTANT_PREFIX}${problem}:${text}`;
export const countryIssue = (text: string) => `${COUNTRY_PREFIX}${text}`;
export const commonNameIssue = (text: string) => `${COMMON_NAME_PREFIX}${text}`;

/** A zod issue of a record as a sentence, naming the field. Issues carry their input (reportInput). */
export function issueSentence(issue: z.core.$ZodIssue): Bilingual {
  // A list's entries counted from 1, as a person counts them: `contacts (item 1).email`.
  const field = (ordinal: (n: number) => string) =>
    issue.path.map((p, i) => (typeof p === 'number' ? ordinal(p + 1) : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
  const at = (s: Bilingual) =>
    issue.path.length
      ? bilingual(`${field((n) => `（${n}番目）`)}: ${s.ja}`, `${field((n) => ` (item ${n})`)}: ${s.en}`)
      : s;
  const key = issue.message as keyof typeof IMPORT_CHECK;
  if (issue.code === 'custom' && issue.message.startsWith(INSTANT_PREFIX)) {
    const [problem, ...text] = issue.message.slice(INSTANT_PREFIX.length).split(':');
    return at(instantProblemSentence(problem as InstantProblem, text.join(':')));
  }
  if (issue.code === 'custom' && issue.message.startsWith(COUNTRY_PREFIX))
    return at(IMPORT_SAY.badCountry(issue.message.slice(COUNTRY_PREFIX.length)));
  if (issue.code === 'custom' && issue.message.startsWith(COMMON_NAME_PREFIX))
    return at(IMPORT_SAY.badCommonName(issue.message.slice(COMMON_NAME_PREFIX.length)));
  if (key in IMPORT_CHECK) return at(IMPORT_CHECK[key]);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return at(bilingual('必須の項目です', 'is required'));
      const list = LISTS[String(issue.path[issue.path.length - 1] ?? '')];
      if (issue.expected === 'array' && list) return at(list);
      const type = TYPE_NAMES[issue.expected] ?? bilingual(issue.expected, issue.expected);
      return at(bilingual(`${type.ja}で指定してください`, `must be ${type.en}`));
    }
    case 'unrecognized_keys':
      return at(
        bilingual(
          `知らない項目があります: ${issue.keys.join(', ')}`,
          `unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}`,
        ),
      );
    case 'invalid_value':
      return at(
        bilingual(
          `次のいずれかで指定してください: ${issue.values.map(String).join(', ')}`,
          `must be one of ${issue.values.map(String).join(', ')}`,
        ),
      );
    case 'invalid_union':
      return IMPORT_CHECK.type;
    default:
      return at(bilingual('値が正しくありません', `is not valid (${issue.message})`));
  }
}

const termJa = (term: TermCode) => TERM_NAMES[term].ja;

export const IMPORT_SAY = {
  /** The parser's own words are English; Japanese readers get the position instead. */
  notJson: (why: string) => {
    const position = /position (\d+)/.exec(why)?.[1];
    return bilingual(
      `この行は JSON として読めません${position ? `（${Number(position) + 1} 文字目付近）` : ''}。1行に1つの JSON オブジェクト（{…}）を書いてください`,
      `not valid JSON: ${why}`,
    );
  },
  notText: bilingual(
    'テキストの JSON Lines ファイルではありません（バイナリのようです）。1行に1レコードの JSON を書いたファイルを指定してください',
    'this is not a JSON lines text file (it looks binary): give a file with one JSON record a line',
  ),
  unknownItem: (item: string, suggestions: string[]) =>
    bilingual(
      `item: 「${item}」という品目はありません。${suggestions.length ? `もしかして: ${suggestions.join(', ')}。` : ''}品目コードは certdesk items で確認できます`,
      `item: unknown item "${item}".${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ''} certdesk items lists the item codes`,
    ),
  unknownTerm: (term: string) =>
    bilingual(
      `term: 「${term}」という有効期間はありません。6m, 1y, 2y, 3y, unlimited（1年、6ヶ月、無期限 なども可）のいずれかです`,
      `term: unknown term "${term}"; use one of 6m, 1y, 2y, 3y, unlimited (1Y, 12m and the Japanese term names also work)`,
    ),
  termNotOffered: (item: string, term: TermCode, offered: readonly TermCode[]) =>
    bilingual(
      `term: ${item} に有効期間 ${termJa(term)} はありません。選べるのは ${offered.map(termJa).join('、') || 'なし'} です`,
      `term: ${item} has no term ${term}; its terms are ${offered.join(', ') || 'none'}`,
    ),
  badCountry: (text: string) => {
    const suggestion = suggestCountry(text);
    return bilingual(
      `「${text}」は ISO 3166-1 の2文字の国コードではありません${suggestion ? `（もしかして ${suggestion}）` : ''}。JP のように指定してください`,
      `"${text}" is not an ISO 3166-1 two-letter country code${suggestion ? ` (did you mean ${suggestion}?)` : ''}; write it like JP`,
    );
  },
  badCommonName: (text: string) =>
    bilingual(
      `「${text}」はホスト名ではありません。www.example.co.jp のようなドメイン名（ワイルドカードは先頭のラベルだけ: *.example.co.jp）を指定してください`,
      `"${text}" is not a host name: give a domain name such as www.example.com (a wildcard only as the whole first label: *.example.com)`,
    ),
  notAfterFirst: bilingual('notAfter は notBefore より後でなければなりません', 'notAfter must be later than notBefore'),
  duplicate: (kind: string, key: string, line: number) =>
    bilingual(`${kind}「${key}」は ${line} 行目にもあります`, `${kind} "${key}" is already on line ${line}`),
  channelTaken: (channel: string, customer: string) =>
    bilingual(
      `channel: チャンネル ${channel} は既に契約者「${customer}」のものです（一つのチャンネルは一つの契約者のもの）`,
      `channel: channel ${channel} is already customer "${customer}"'s (a channel belongs to one customer)`,
    ),
  noCustomer: (id: string) =>
    bilingual(
      `customer: 契約者「${id}」がありません。先に customer レコードを追加してください（このファイルか以前の import で）`,
      `customer: no customer "${id}"; add a customer record first (in this file or an earlier import)`,
    ),
  contractDiffers: (id: string, differences: string) =>
    bilingual(
      `契約「${id}」は既に別の内容（${differences}）で存在します。import は既存の契約を変更しません`,
      `contract "${id}" already exists with ${differences}; an import does not change existing contracts`,
    ),
  tooManyProblems: (shown: number, total: number) =>
    bilingual(
      `…ほか ${total - shown} 件（最初の ${shown} 件を表示）`,
      `… and ${total - shown} more (the first ${shown} shown)`,
    ),
  warnDoesNotFit: (id: string, term: TermCode) =>
    bilingual(
      `契約「${id}」: 有効期間が ${termJa(term)} に適合しません（第3条）。そのまま取り込みます（認証機関の移行期間？）`,
      `contract "${id}": its validity period does not fit the term ${term} (Art. 3); it is imported as it stands (a CA transition period?)`,
    ),
  warnFarLonger: (id: string, term: TermCode, expiry: string, limit: string) =>
    bilingual(
      `契約「${id}」: 満了日 ${expiry} は有効期間 ${termJa(term)} の終わり（${limit}）より1か月以上後です。新規の申込なら認められない長さです。そのまま取り込みます`,
      `contract "${id}": its expiry date ${expiry} is more than a month after the end of a ${term} term (${limit}); a new application could not be so long. It is imported as it stands`,
    ),
  warnOutsideJapan: (id: string, customer: string, country: string) =>
    bilingual(
      `契約「${id}」: 契約者 ${customer} は日本国外（${country}）の組織です。品目区分Ⅰ・Ⅱの新規申込はできません（第7条第2項）。そのまま取り込みます`,
      `contract "${id}": customer ${customer} is an organisation outside Japan (${country}); a new category I/II application would be refused (Art. 7(2)). It is imported as it stands`,
    ),
  warnNoDesignatedService: (id: string, customer: string, item: string) =>
    bilingual(
      `契約「${id}」: ${item} は品目区分Ⅱ（クラウド証明書）ですが、契約者 ${customer} には当社が指定するサービスの契約（designatedServices）がありません。新規の申込はできません（第4条第1項）。そのまま取り込みます`,
      `contract "${id}": ${item} is category II (a cloud certificate), but customer ${customer} holds no designated provider service (designatedServices); a new application would be refused (Art. 4(1)). It is imported as it stands`,
    ),
  // No notice of its renewal was given before it expired: Art. 6 gives no default renewal, so the term is held.
  warnExpired: (id: string, expiry: string) =>
    bilingual(
      `契約「${id}」は ${expiry} に満了しています。満了前に更新のご案内をしていないため、みなし更新はなく、契約者が回答するまで更新も終了もしません（第6条）。次の巡回で担当者に知らせます（回答は certdesk answer で記録します）`,
      `contract "${id}" expired on ${expiry}; no renewal notice went out before that, so there is no default renewal: it neither renews nor ends until the customer answers (Art. 6). The next sweep alerts staff (record the answer with certdesk answer)`,
    ),
  warnAbolished: (id: string, item: string, from: string, ended: boolean) =>
    ended
      ? bilingual(
          `契約「${id}」: ${item} は ${from} から廃止されています（第8条）。契約は ${from} に終了したものとして取り込みます`,
          `contract "${id}": ${item} is abolished from ${from} (Art. 8); the contract is imported as ended on ${from}`,
        )
      : bilingual(
          `契約「${id}」: ${item} は ${from} から廃止されます（第8条）。契約は ${from} に終了します`,
          `contract "${id}": ${item} is abolished from ${from} (Art. 8); the contract ends on ${from}`,
        ),
} as const;
