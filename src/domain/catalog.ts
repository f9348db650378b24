// The items (品目) of Art. 1 and their categories (品目区分). Prices are not here: they are
// effective-dated data in ./tariffs (Appendix 1, 別紙1), read by ./tariff.ts.
import type { TermCode } from './terms.js';
import { editDistance } from './suggest.js';

export type Category = 'I' | 'II' | 'III';

export const ITEM_CODES = [
  'secure-server-id',
  'secure-server-id-ev',
  'global-server-id',
  'global-server-id-ev',
  'sureserver-cloud',
  'sureserver-ev-cloud',
  'corporate-ssl',
  'corporate-ssl-wildcard',
  'quick-ssl',
  'quick-ssl-wildcard',
  'secure-server-id-cloud',
  'secure-server-id-ev-cloud',
  'global-server-id-cloud',
  'global-server-id-ev-cloud',
  'bring-your-own',
  'sureserver',
] as const;
export type ItemCode = (typeof ITEM_CODES)[number];

export interface Item {
  code: ItemCode;
  category: Category;
  /** The certification authority whose product the item serves (Art. 1). */
  issuer: 'DigiCert' | 'Cybertrust' | 'GlobalSign' | "the contractor's CA";
  name: { ja: string; en: string };
  aliases: readonly string[];
  /** Legacy items no longer sold (SureServer, 平成28年7月1日 supplementary provision). */
  sold: boolean;
  /** The item a renewal under Art. 6(2) continues as (SureServer → SureServer for クラウド). */
  renewsAs?: ItemCode;
  /** Terms the item has ever been contracted for, where the tariff does not list them. */
  legacyTerms?: readonly TermCode[];
}

const item = (
  code: ItemCode,
  category: Category,
  issuer: Item['issuer'],
  ja: string,
  en: string,
  aliases: readonly string[] = [],
  extra: Partial<Item> = {},
): Item => ({ code, category, issuer, name: { ja, en }, aliases, sold: true, ...extra });

export const ITEMS: readonly Item[] = [
  item('secure-server-id', 'I', 'DigiCert', 'セキュア・サーバ ID', 'Secure Server ID', ['secure server']),
  item('secure-server-id-ev', 'I', 'DigiCert', 'セキュア・サーバ ID EV', 'Secure Server ID EV', ['secure server ev']),
  item('global-server-id', 'I', 'DigiCert', 'グローバル・サーバ ID', 'Global Server ID', ['global server']),
  item('global-server-id-ev', 'I', 'DigiCert', 'グローバル・サーバ ID EV', 'Global Server ID EV', ['global server ev']),
  item('sureserver-cloud', 'I', 'Cybertrust', 'SureServer for クラウド', 'SureServer for Cloud', [
    'sureserver for cloud',
  ]),
  item('sureserver-ev-cloud', 'I', 'Cybertrust', 'SureServer EV for クラウド', 'SureServer EV for Cloud', [
    'sureserver ev for cloud',
  ]),
  item('corporate-ssl', 'I', 'GlobalSign', '企業認証 SSL', 'Corporate SSL (OV)', ['企業認証', 'organization ssl']),
  item(
    'corporate-ssl-wildcard',
    'I',
    'GlobalSign',
    '企業認証 SSL／ワイルドカードオプション付き',
    'Corporate SSL with wildcard option',
    ['企業認証 ワイルドカード', 'corporate wildcard'],
  ),
  item('quick-ssl', 'I', 'GlobalSign', 'クイック認証 SSL', 'Quick SSL (DV)', ['クイック認証', 'quick']),
  item(
    'quick-ssl-wildcard',
    'I',
    'GlobalSign',
    'クイック認証 SSL／ワイルドカードオプション付き',
    'Quick SSL with wildcard option',
    ['クイック認証 ワイルドカード', 'quick wildcard'],
  ),
  item(
    'secure-server-id-cloud',
    'II',
    'DigiCert',
    'セキュア・サーバ ID ※クラウド証明書',
    'Secure Server ID (cloud certificate)',
    ['セキュア・サーバ ID クラウド', 'secure server cloud'],
  ),
  item(
    'secure-server-id-ev-cloud',
    'II',
    'DigiCert',
    'セキュア・サーバ ID EV ※クラウド証明書',
    'Secure Server ID EV (cloud certificate)',
    ['セキュア・サーバ ID EV クラウド', 'secure server ev cloud'],
  ),
  item(
    'global-server-id-cloud',
    'II',
    'DigiCert',
    'グローバル・サーバ ID ※クラウド証明書',
    'Global Server ID (cloud certificate)',
    ['グローバル・サーバ ID クラウド', 'global server cloud'],
  ),
  item(
    'global-server-id-ev-cloud',
    'II',
    'DigiCert',
    'グローバル・サーバ ID EV ※クラウド証明書',
    'Global Server ID EV (cloud certificate)',
    ['グローバル・サーバ ID EV クラウド', 'global server ev cloud'],
  ),
  item('bring-your-own', 'III', "the contractor's CA", '持ち込み証明書', 'Bring your own certificate', [
    '持ち込み',
    'byo',
    'byoc',
  ]),
  item('sureserver', 'I', 'Cybertrust', 'SureServer', 'SureServer (legacy)', [], {
    sold: false,
    renewsAs: 'sureserver-cloud',
    legacyTerms: ['6m', '1y'],
  }),
];

const BY_CODE = new Map<string, Item>(ITEMS.map((i) => [i.code, i]));

/** Folds width, case, spaces and the separators people type differently (・／/ ※ - _). */
export function normalizeItemName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s・/／※\-_()（）]+/g, '')
    .replace(/オプション付き$/, '')
    .replace(/option$/, '');
}

const BY_NAME = new Map<string, Item>();
for (const i of ITEMS) {
  for (const name of [i.code, i.name.ja, i.name.en, ...i.aliases]) BY_NAME.set(normalizeItemName(name), i);
}

export function itemByCode(code: ItemCode): Item {
  const found = BY_CODE.get(code);
  if (!found) throw new RangeError(`unknown item code ${code}`);
  return found;
}

/** Finds an item by its code, its Japanese or English name, or an alias. */
export function findItem(text: string): Item | undefined {
  return BY_CODE.get(text.trim()) ?? BY_NAME.get(normalizeItemName(text));
}

/** Appendix 1 §3: the agency fee (申請代行手数料) is charged for categories I and II only. */
/**
 * Art. 8 with the supplementary provision (平成28年7月1日): the items whose contracts an abolition
 * of `code` reaches — its own, and the legacy items that renew as it.
 */
export function itemsAbolishedWith(code: ItemCode): ItemCode[] {
  return [code, ...ITEMS.filter((i) => i.renewsAs === code).map((i) => i.code)];
}

/** The items whose abolition reaches a contract of `code`: its own, and the item it renews as. */
export function abolitionsReaching(code: ItemCode): ItemCode[] {
  const renewsAs = itemByCode(code).renewsAs;
  return renewsAs ? [code, renewsAs] : [code];
}

export function chargesAgencyFee(i: Item): boolean {
  return i.category !== 'III';
}

/**
 * Items a mistyped name probably meant, closest first: names within a few edits, and names that
 * contain what was typed (`wildcard`, `EV`).
 */
export function suggestItems(text: string, max = 3): Item[] {
  const typed = normalizeItemName(text);
  if (!typed) return [];
  const scored = new Map<Item, number>();
  for (const [name, i] of BY_NAME) {
    const d = editDistance(typed, name);
    const limit = Math.max(2, Math.floor(name.length / 3));
    const score =
      d <= limit
        ? d
        : name.includes(typed) && typed.length >= 3
          ? limit + 1 + (name.length - typed.length) / 100
          : Infinity;
    if (score < (scored.get(i) ?? Infinity)) scored.set(i, score);
  }
  return [...scored.entries()]
    .filter(([i, s]) => Number.isFinite(s) && i.sold)
    .sort((a, b) => a[1] - b[1])
    .slice(0, max)
    .map(([i]) => i);
}
