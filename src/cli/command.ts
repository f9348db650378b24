// What a command of `certdesk` is: its flags, its help, and what it does with a context.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { Locale } from '../i18n/messages.js';
import { UsageError } from './errors.js';

export interface Context {
  json: boolean;
  locale: Locale;
  now: Date;
  config: Config;
  /** Settings that failed validation (only `doctor` runs with any: it reports them). */
  configProblems: string[];
  /** The database, brought up to date on first use, and closed when the command ends. */
  database: () => Promise<Database>;
  db: () => Promise<Db>;
  /** Who is acting, for the audit log. */
  actor: string;
}

/** What a command returns: the JSON document, the text a person reads, and the exit code. */
export interface Outcome {
  json: unknown;
  text: string;
  exit?: number;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Help text beyond the usage line: flags and what they take. */
  help: string;
  options: Options;
  positionals?: { min: number; max: number };
  run: (args: ParsedArgs, ctx: Context) => Promise<Outcome>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export const COMMON_OPTIONS: Options = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(((e as Error).message.split('. To specify')[0] ?? '').replace(/^Unknown option/, 'unknown option'));
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (!parsed.values.help && (parsed.positionals.length < min || parsed.positionals.length > max)) {
    throw new UsageError(parsed.positionals.length < min ? 'missing argument' : `unexpected argument "${parsed.positionals[max]}"`);
  }
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
}

/** A required string flag. */
export function required(args: ParsedArgs, name: string, what: string): string {
  const v = args.values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required: ${what}`);
  return v.trim();
}

export function optional(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v.trim() : undefined;
}
