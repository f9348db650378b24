// Turning flag values and the files they name into the domain's values, with messages that name what is accepted.
import { open, stat } from 'node:fs/promises';
import { readCertificate } from '../crypto/certificate.js';
import { findItem, suggestItems, type Item } from '../domain/catalog.js';
import { compareDates, daysBetween, readBusinessDate, readInstant, type BusinessDate } from '../domain/dates.js';
import { findTerm, type TermCode } from '../domain/terms.js';
import { isCountryCode, SAY, suggestCountry } from '../i18n/cli.js';
import { bilingual, type Bilingual } from '../i18n/text.js';
import { certificateProblemSentence } from '../i18n/messages.js';
import { UsageError } from './errors.js';

export function itemArg(text: string): Item {
  const item = findItem(text);
  if (!item)
    throw new UsageError(
      SAY.unknownItem(
        text,
        suggestItems(text).map((i) => i.code),
      ),
    );
  return item;
}

/** A term by its code or as people write it (1Y, 1年, 6ヶ月, 無期限). */
export function termArg(text: string): TermCode {
  const term = findTerm(text);
  if (!term) throw new UsageError(SAY.unknownTerm(text));
  return term;
}

/** An ISO 3166-1 alpha-2 country code, in upper case: the country decides Art. 7(2). */
export function countryArg(text: string): string {
  if (!isCountryCode(text)) throw new UsageError(SAY.badCountry(text, suggestCountry(text)));
  return text.trim().toUpperCase();
}

export function dateArg(flag: string, text: string): BusinessDate {
  const d = readBusinessDate(text);
  if (!d.ok)
    throw new UsageError(
      d.problem === 'out-of-range'
        ? SAY.dateOutOfRange(flag, text)
        : d.problem === 'no-such-day'
          ? SAY.noSuchDay(flag, text, d.daysInMonth)
          : SAY.badDate(flag, text),
    );
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

/** A certificate (with its chain), a CSR or a key is a few kilobytes: anything far larger is not one. */
export const CERTIFICATE_FILE_LIMIT = 1024 * 1024;

/**
 * Reads a file a flag names, refusing (as a usage error) what is not a regular file — a folder, a
 * named pipe, a device such as /dev/urandom would block or never end — and what is larger than
 * `limit` bytes, before reading it.
 */
export async function readFileArg(path: string, limit: number, what: Bilingual): Promise<Buffer> {
  const refuse = (e: unknown): never => {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? SAY.noFile(path) : code === 'EISDIR' ? SAY.isFolder(path) : SAY.cannotRead(path, code),
    );
  };
  // stat, not open: opening a named pipe waits for a writer.
  const info = await stat(path).catch(refuse);
  if (info.isDirectory()) throw new UsageError(SAY.isFolder(path));
  if (!info.isFile())
    throw new UsageError(
      SAY.notRegularFile(
        path,
        info.isFIFO()
          ? 'fifo'
          : info.isCharacterDevice() || info.isBlockDevice()
            ? 'device'
            : info.isSocket()
              ? 'socket'
              : 'other',
      ),
    );
  if (info.size > limit) throw new UsageError(SAY.tooLarge(path, info.size, limit, what));
  const file = await open(path, 'r').catch(refuse);
  try {
    // The file may have changed since stat: read at most one byte past the limit, whatever it says now.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(info.size - length + 1, 1 << 16), limit + 1 - length, 1 << 20));
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null).catch(refuse);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > limit) throw new UsageError(SAY.tooLarge(path, length, limit, what));
    }
    return Buffer.concat(chunks, length);
  } finally {
    await file.close();
  }
}

const CERTIFICATE_FILE = bilingual('証明書のファイル', 'a certificate file');

/** Whether bytes look like binary data rather than text (control bytes other than tab, CR, LF). */
function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  return head.some((b) => b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f);
}

/** Reads a certificate file, refusing (as a usage error) what is not a certificate. */
export async function certificateArg(path: string) {
  const bytes = await readFileArg(path, CERTIFICATE_FILE_LIMIT, CERTIFICATE_FILE);
  const r = readCertificate(bytes);
  if (!r.ok) {
    // Binary input that is no DER certificate: saying "not PEM" would hide that DER is read too.
    const why =
      (r.problem === 'not-pem' || r.problem === 'unreadable-certificate') && looksBinary(bytes)
        ? SAY.neitherPemNorDer
        : certificateProblemSentence(r.problem);
    throw new UsageError({ ja: `${path}: ${why.ja}`, en: `${path}: ${why.en}` }, { problem: r.problem });
  }
  return r.certificate;
}

/** A certificate file as text (PEM, with any intermediates), read within the size limit. */
export async function certificateFileText(path: string): Promise<string> {
  return (await readFileArg(path, CERTIFICATE_FILE_LIMIT, CERTIFICATE_FILE)).toString('utf8');
}

/** An abolition recorded for a day after `today`, and how many days away it is. */
export function scheduledAbolition(
  from: BusinessDate | undefined,
  today: BusinessDate,
): { from: BusinessDate; days: number } | undefined {
  if (!from) return undefined;
  return compareDates(from, today) > 0 ? { from, days: daysBetween(today, from) } : undefined;
}
