// The command line's own words for people (labels and headings), in Japanese and English.
import type { Locale } from './messages.js';

const TEXT = {
  category: { ja: '品目区分', en: 'category' },
  new: { ja: '新規', en: 'new' },
  renewal: { ja: '更新', en: 'renewal' },
  certificateFee: { ja: '証明書料金', en: 'Certificate fee' },
  agencyFee: { ja: '申請代行手数料', en: 'Agency fee' },
  monthlyFee: { ja: '月額費用', en: 'Monthly fee' },
  total: { ja: '合計', en: 'Total' },
  asOf: { ja: '基準日', en: 'As of' },
  tariff: { ja: '料金表', en: 'Tariff' },
  individuallyPriced: { ja: '個別見積（当社が別途示す金額）', en: 'individually priced' },
  totalOnceAgreed: { ja: '金額決定後に確定', en: 'set once the fee is agreed' },
  receivedOn: { ja: '到達日', en: 'Received on' },
  earliestEffective: { ja: '到達日から30日を経過する日', en: 'Earliest effective (30 days after)' },
  requested: { ja: '指定日', en: 'Requested' },
  effective: { ja: '解除の効力が生じる日', en: 'Effective' },
  eligible: { ja: '申込可能です', en: 'Eligible' },
  notEligible: { ja: '申込できません', en: 'Not eligible' },
  noLedgerEntries: { ja: '記帳はまだありません。', en: 'No ledger entries.' },
  noContracts: { ja: '契約はありません。', en: 'No contracts.' },
} as const satisfies Record<string, Record<Locale, string>>;

export type CliText = keyof typeof TEXT;

export function say(locale: Locale, key: CliText): string {
  return TEXT[key][locale];
}
