// Turning flag values and the files they name into the domain's values, with messages that name what is accepted.
import { readFile } from 'node:fs/promises';
import { findItem, ITEMS, type Item } from '../domain/catalog.js';
import { readCertificate } from '../domain/certificate.js';
import { parseBusinessDate, parseInstant, type BusinessDate } from '../domain/dates.js';
import { isTermCode, TERM_CODES, type TermCode } from '../domain/terms.js';
import { certificateProblemMessage } from '../i18n/messages.js';
import { UsageError } from './errors.js';

export function itemArg(text: string): Item {
  const item = findItem(text);
  if (!item) throw new UsageError(`unknown item "${text}". Item codes: ${ITEMS.map((i) => i.code).join(', ')}`);
  return item;
}

export function termArg(text: string): TermCode {
  if (!isTermCode(text)) throw new UsageError(`unknown term "${text}". Terms: ${TERM_CODES.join(', ')}`);
  return text;
}

export function dateArg(flag: string, text: string): BusinessDate {
  const d = parseBusinessDate(text);
  if (!d) throw new UsageError(`--${flag} must be a date YYYY-MM-DD (got "${text}")`);
  return d;
}

export function instantArg(flag: string, text: string): Date {
  const d = parseInstant(text);
  if (!d) throw new UsageError(`--${flag} must be an instant such as 2026-09-01T10:00:00+09:00 (without an offset it is read as JST) (got "${text}")`);
  return d;
}

export async function readFileArg(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no file "${path}"` : code === 'EISDIR' ? `"${path}" is a folder, not a file` : `cannot read "${path}": ${(e as Error).message}`);
  }
}

/** Reads a certificate file, refusing (as a usage error) what is not a certificate. */
export async function certificateArg(path: string) {
  const r = readCertificate(await readFileArg(path));
  if (!r.ok) throw new UsageError(`${path}: ${certificateProblemMessage(r.problem, 'en')}`, { problem: r.problem, messageJa: certificateProblemMessage(r.problem, 'ja') });
  return r.certificate;
}
