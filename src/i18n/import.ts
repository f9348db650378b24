// What `import` says about a file's lines, in Japanese and English.
import type { z } from 'zod';
import type { InstantProblem } from '../domain/dates.js';
import { instantProblemSentence } from './cli.js';
import { bi, type Bilingual } from './text.js';

/** Keys the import's zod schemas use as messages, turned into sentences here. */
export const IMPORT_CHECK = {
  empty: bi('空にできません', 'must not be empty'),
  spaces: bi('空白を含められません', 'must not contain spaces'),
  tooLong: bi('長すぎます', 'is too long'),
  slackUser: bi('U0ALICE のような Slack のユーザー ID で指定してください', 'must be a Slack user ID such as U0ALICE'),
  country: bi('JP のような2文字の国コードで指定してください', 'must be a two-letter country code such as JP'),
  channel: bi('C0ACME のような Slack のチャンネル ID で指定してください', 'must be a Slack channel ID such as C0ACME'),
  type: bi('type は "customer"、"contract"、"staff" のいずれかです', 'type must be "customer", "contract" or "staff"'),
} as const;

const INSTANT_PREFIX = 'instant:';
export const instantIssue = (problem: InstantProblem, text: string) => `${INSTANT_PREFIX}${problem}:${text}`;

/** A zod issue of a record as a sentence, naming the field. */
export function issueSentence(issue: z.core.$ZodIssue): Bilingual {
  const field = issue.path.length ? issue.path.join('.') : '';
  const at = (s: Bilingual) => (field ? bi(`${field}: ${s.ja}`, `${field}: ${s.en}`) : s);
  const key = issue.message as keyof typeof IMPORT_CHECK;
  if (issue.code === 'custom' && issue.message.startsWith(INSTANT_PREFIX)) {
    const [problem, ...text] = issue.message.slice(INSTANT_PREFIX.length).split(':');
    return at(instantProblemSentence(problem as InstantProblem, text.join(':')));
  }
  if (key in IMPORT_CHECK) return at(IMPORT_CHECK[key]);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? at(bi('必須の項目です', 'is required'))
        : at(bi(`${issue.expected} で指定してください`, `must be a ${issue.expected}`));
    case 'unrecognized_keys':
      return at(bi(`知らない項目があります: ${issue.keys.join(', ')}`, `unknown field(s): ${issue.keys.join(', ')}`));
    case 'invalid_value':
      return at(bi(`次のいずれかで指定してください: ${issue.values.map(String).join(', ')}`, `must be one of ${issue.values.map(String).join(', ')}`));
    case 'invalid_union':
      return IMPORT_CHECK.type;
    default:
      return at(bi(issue.message, issue.message));
  }
}

export const IMPORT_SAY = {
  notJson: (why: string) => bi(`JSON として読めません: ${why}`, `not valid JSON: ${why}`),
  notText: bi('テキストの JSON Lines ファイルではありません（バイナリのようです）。1行に1レコードの JSON を書いたファイルを指定してください', 'this is not a JSON lines text file (it looks binary): give a file with one JSON record a line'),
  unknownItem: (item: string, suggestions: string[]) =>
    bi(
      `item: 「${item}」という品目はありません。${suggestions.length ? `もしかして: ${suggestions.join(', ')}。` : ''}品目コードは certdesk items で確認できます`,
      `item: unknown item "${item}".${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ''} certdesk items lists the item codes`,
    ),
  unknownTerm: (term: string) => bi(`term: 「${term}」という有効期間はありません。6m, 1y, 2y, 3y, unlimited のいずれかです`, `term: unknown term "${term}"; use one of 6m, 1y, 2y, 3y, unlimited`),
  termNotOffered: (item: string, term: string, offered: string) => bi(`term: ${item} に有効期間 ${term} はありません。選べるのは ${offered} です`, `term: ${item} has no term ${term}; its terms are ${offered}`),
  notAfterFirst: bi('notAfter は notBefore より後でなければなりません', 'notAfter must be later than notBefore'),
  duplicate: (kind: string, key: string, line: number) => bi(`${kind}「${key}」は ${line} 行目にもあります`, `${kind} "${key}" is already on line ${line}`),
  noCustomer: (id: string) => bi(`customer: 契約者「${id}」がありません。先に customer レコードを追加してください（このファイルか以前の import で）`, `customer: no customer "${id}"; add a customer record first (in this file or an earlier import)`),
  contractDiffers: (id: string, differences: string) =>
    bi(`契約「${id}」は既に別の内容（${differences}）で存在します。import は既存の契約を変更しません`, `contract "${id}" already exists with ${differences}; an import does not change existing contracts`),
  tooManyProblems: (shown: number, total: number) => bi(`…ほか ${total - shown} 件（最初の ${shown} 件を表示）`, `… and ${total - shown} more (the first ${shown} shown)`),
  warnDoesNotFit: (id: string, term: string) => bi(`契約「${id}」: 有効期間が ${term} に適合しません（第3条）。そのまま取り込みます（認証機関の移行期間？）`, `contract "${id}": its validity period does not fit the term ${term} (Art. 3); it is imported as it stands (a CA transition period?)`),
  warnFarLonger: (id: string, term: string, expiry: string, limit: string) =>
    bi(`契約「${id}」: 満了日 ${expiry} は有効期間 ${term} の終わり（${limit}）より1か月以上後です。新規の申込なら認められない長さです。そのまま取り込みます`, `contract "${id}": its expiry date ${expiry} is more than a month after the end of a ${term} term (${limit}); a new application could not be so long. It is imported as it stands`),
  warnOutsideJapan: (id: string, customer: string, country: string) =>
    bi(`契約「${id}」: 契約者 ${customer} は日本国外（${country}）の組織です。品目区分Ⅰ・Ⅱの新規申込はできません（第7条第2項）。そのまま取り込みます`, `contract "${id}": customer ${customer} is an organisation outside Japan (${country}); a new category I/II application would be refused (Art. 7(2)). It is imported as it stands`),
  warnExpired: (id: string, expiry: string) => bi(`契約「${id}」は ${expiry} に満了しています。そのまま取り込み、有効期間とともに終了します`, `contract "${id}" expired on ${expiry}; it is imported as it stands and ends with its term`),
  warnAbolished: (id: string, item: string, from: string, ended: boolean) =>
    ended
      ? bi(`契約「${id}」: ${item} は ${from} から廃止されています（第8条）。契約は ${from} に終了したものとして取り込みます`, `contract "${id}": ${item} is abolished from ${from} (Art. 8); the contract is imported as ended on ${from}`)
      : bi(`契約「${id}」: ${item} は ${from} から廃止されます（第8条）。契約は ${from} に終了します`, `contract "${id}": ${item} is abolished from ${from} (Art. 8); the contract ends on ${from}`),
} as const;
