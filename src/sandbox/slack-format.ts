// Small pieces of Slack's wire formats the stand-in shares: argument parsing as the Web API reads
// it, ids, message timestamps and cursors. (Adapted from test/support/slack/fake-slack.ts.)
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type SlackArgs = Record<string, unknown>;

export interface SlackResult {
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

// Arguments Slack reads as JSON when they arrive form-encoded (WebClient JSON-stringifies objects).
const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks']);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (args: SlackArgs, key: string): string | undefined => {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
};

// Form bodies carry booleans as "true"/"1", JSON bodies as booleans.
export const bool = (args: SlackArgs, key: string): boolean => {
  const v = args[key];
  return v === true || v === 1 || v === 'true' || v === '1';
};

export const int = (args: SlackArgs, key: string): number | undefined => {
  const v = str(args, key);
  if (v === undefined || v === '') return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? undefined : n;
};

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** A Slack-looking id: prefix + upper-case letters and digits. */
export const slackId = (prefix: string, length = 10): string => {
  let out = prefix;
  for (const b of randomBytes(length)) out += ALNUM[b % ALNUM.length];
  return out;
};

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A short random base-62 string, as Slack uses for generated block and action ids. */
export const b62 = (length: number): string => {
  let out = '';
  for (const b of randomBytes(length)) out += B62[b % B62.length];
  return out;
};
export const viewHash = (): string => `${Math.floor(Date.now() / 1000)}.${b62(8)}`;

/** A Slack ts ("1700000000.000100") as microseconds, so "1700000000" and "1700000000.000000" compare equal. */
export const tsMicros = (ts: string): bigint => {
  const [sec = '0', frac = ''] = ts.split('.');
  return BigInt(sec || '0') * 1_000_000n + BigInt((frac + '000000').slice(0, 6) || '0');
};
export const compareTs = (a: string, b: string): number => {
  const x = tsMicros(a);
  const y = tsMicros(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
export const microsToTs = (micros: bigint): string =>
  `${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, '0')}`;
export const TS = /^\d+(\.\d+)?$/;

export const encodeCursor = (ts: string): string => Buffer.from(`next_ts:${ts}`).toString('base64');
export const decodeCursor = (cursor: string): string | undefined => {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  return text.startsWith('next_ts:') ? text.slice('next_ts:'.length) : undefined;
};

export const errorAnswer = (error: string, messages?: string[]): SlackResult =>
  messages && messages.length > 0
    ? { ok: false, error, response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } }
    : { ok: false, error };

/** An argument Slack would refuse, carrying the answer to send. */
export class Refusal {
  constructor(readonly result: SlackResult) {}
}

/** Reads a request body, refusing one over `limit` bytes (the page and the app send small ones). */
export function readBody(req: IncomingMessage, limit = 5 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a body as Slack does: JSON, or a form whose JSON-valued fields are JSON strings. */
export function parseArgs(
  contentType: string | undefined,
  body: string,
  query: URLSearchParams,
): { args: SlackArgs; malformed: Set<string>; invalid: boolean } {
  const args: SlackArgs = {};
  const malformed = new Set<string>();
  for (const [k, v] of query) args[k] = v;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (body.length > 0 && type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (!isObject(parsed)) return { args, malformed, invalid: true };
      Object.assign(args, parsed);
    } catch {
      return { args, malformed, invalid: true };
    }
  } else if (body.length > 0) {
    if (type !== 'application/x-www-form-urlencoded') return { args, malformed, invalid: true };
    for (const [k, v] of new URLSearchParams(body)) args[k] = v;
  }
  for (const key of JSON_ARGS) {
    const v = args[key];
    if (typeof v !== 'string') continue;
    try {
      args[key] = JSON.parse(v) as unknown;
    } catch {
      malformed.add(key);
    }
  }
  return { args, malformed, invalid: false };
}

/** What Slack does to text people type before an app sees it: &, < and > become entities. */
export const escapeTyped = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
