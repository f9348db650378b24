// Human-readable output: amounts as ¥59,800, dates with the Japanese era date beside them, tables.
import stringWidth from 'string-width';
import { japaneseEraDate, jstWallClock, type BusinessDate } from '../domain/dates.js';
import type { Locale } from '../i18n/text.js';

const yenFormat = new Intl.NumberFormat('ja-JP');

export function yen(amount: number | null): string {
  return amount === null ? '—' : `${amount < 0 ? '-' : ''}¥${yenFormat.format(Math.abs(amount))}`;
}

/** A business date: with the Japanese era date beside it for Japanese readers. */
export function dateText(date: BusinessDate | null | undefined, locale: Locale): string {
  if (!date) return '—';
  return locale === 'ja' ? `${date.toString()} (${japaneseEraDate(date)})` : date.toString();
}

/** An instant as JST wall-clock time, `2026-09-01 10:00 JST`. */
export function instantText(at: Date | null | undefined): string {
  return at ? `${jstWallClock(at)} JST` : '—';
}

/**
 * The columns a terminal draws text in: East Asian wide characters (in and beyond the BMP, 𠮷 too)
 * and emoji take two, combining marks none (string-width follows Unicode's East Asian Width, UAX #11).
 */
export const displayWidth = (text: string): number => stringWidth(text);

const pad = (text: string, to: number, right = false) =>
  right
    ? ' '.repeat(Math.max(0, to - displayWidth(text))) + text
    : text + ' '.repeat(Math.max(0, to - displayWidth(text)));

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  right?: boolean;
}

export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((row) => displayWidth(row[i]!))));
  const line = (values: string[]) =>
    values
      .map((v, i) => pad(v, widths[i]!, columns[i]!.right))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Label–value lines, aligned. */
export function fields(pairs: readonly [string, string][]): string {
  const w = Math.max(...pairs.map(([k]) => displayWidth(k)));
  return pairs.map(([k, v]) => `  ${pad(k, w)}  ${v}`).join('\n');
}
