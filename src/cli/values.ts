// Turning flag values and the files they name into the domain's values, with messages that name what is accepted.
import { readFile } from 'node:fs/promises';
import { findItem, suggestItems, type Item } from '../domain/catalog.js';
import { readCertificate } from '../domain/certificate.js';
import { readBusinessDate, readInstant, type BusinessDate } from '../domain/dates.js';
import { findTerm, type TermCode } from '../domain/terms.js';
import { SAY } from '../i18n/cli.js';
import { certificateProblemSentence } from '../i18n/messages.js';
import { UsageError } from './errors.js';

export function itemArg(text: string): Item {
  const item = findItem(text);
  if (!item) throw new UsageError(SAY.unknownItem(text, suggestItems(text).map((i) => i.code)));
  return item;
}

/** A term by its code or as people write it (1Y, 1年, 6ヶ月, 無期限). */
export function termArg(text: string): TermCode {
  const term = findTerm(text);
  if (!term) throw new UsageError(SAY.unknownTerm(text));
  return term;
}

export function dateArg(flag: string, text: string): BusinessDate {
  const d = readBusinessDate(text);
  if (!d.ok) throw new UsageError(d.problem === 'out-of-range' ? SAY.dateOutOfRange(flag, text) : SAY.badDate(flag, text));
  return d.date;
}

export function instantArg(flag: string, text: string): Date {
  const r = readInstant(text);
  if (!r.ok) throw new UsageError(SAY.badInstant(flag, text, r.problem));
  return r.instant;
}

export function wholeNumberArg(flag: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(SAY.badNumber(flag, text, min, max));
  return n;
}

export async function readFileArg(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? SAY.noFile(path) : code === 'EISDIR' ? SAY.isFolder(path) : SAY.cannotRead(path, (e as Error).message));
  }
}

/** Reads a certificate file, refusing (as a usage error) what is not a certificate. */
export async function certificateArg(path: string) {
  const r = readCertificate(await readFileArg(path));
  if (!r.ok) {
    const why = certificateProblemSentence(r.problem);
    throw new UsageError({ ja: `${path}: ${why.ja}`, en: `${path}: ${why.en}` }, { problem: r.problem });
  }
  return r.certificate;
}
