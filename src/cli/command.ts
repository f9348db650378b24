// What a command of `certdesk` is: its flags, its help, the settings it uses, and what it does.
import { parseArgs } from 'node:util';
import type { Config, Setting } from '../config.js';
import type { Database, Db } from '../db/client.js';
import { typed } from '../domain/typed.js';
import type { Log } from '../log.js';
import { SAY } from '../i18n/cli.js';
import type { Bilingual, Locale } from '../i18n/text.js';
import { UsageError } from './errors.js';

export interface Context {
  json: boolean;
  locale: Locale;
  now: Date;
  config: Config;
  /** The database, brought up to date on first use, and closed when the command ends. */
  database: () => Promise<Database>;
  /** The database's address, not yet migrated: DATABASE_URL, or the embedded database (opened, or reached through its holder). */
  databaseUrl: () => Promise<string>;
  db: () => Promise<Db>;
  /** Who is acting, for the audit log. */
  actor: string;
  /** Every command's environment, for the few that read more than their settings (doctor). */
  env: NodeJS.ProcessEnv;
  /** The JSON log on stderr of the long-lived commands (serve, worker, sandbox); others have none. */
  log: Log;
}

/** The settings of the log, /metrics and the error webhook, used by the long-lived commands. */
export const OPERATIONS_SETTINGS = [
  'CERTDESK_LOG',
  'CERTDESK_LOG_LEVEL',
  'CERTDESK_METRICS_TOKEN',
  'CERTDESK_ERROR_WEBHOOK',
  'CERTDESK_ERROR_WEBHOOK_SECRET',
] as const;

/** The settings of the scheduled work (notices, outcomes, deliveries, orders): serve, worker and sweep read the same. */
export const WORK_SETTINGS = [
  'SLACK_BOT_TOKEN',
  'SLACK_API_URL',
  'CERTDESK_NOTICE_DAYS',
  'CERTDESK_REPLY_DAYS',
  'CERTDESK_NOTICE_HOUR',
  'CERTDESK_REMINDER_DAYS',
  'CERTDESK_STAFF_CHANNEL',
  'CERTDESK_MASTER_KEY',
  'CERTDESK_MASTER_KEY_PREVIOUS',
  'CERTDESK_REISSUE_NOTICE_DAYS',
  'CERTDESK_ACME_DNS_HOOK',
  'CERTDESK_SMTP_URL',
  'CERTDESK_MAIL_FROM',
  'CERTDESK_NOTICE_EMAIL',
  'CERTDESK_SLACK_CHANNEL_PACE_MS',
] as const;

/** What a command returns: the JSON document, the text a person reads, and the exit code. */
export interface Outcome {
  json: unknown;
  text: string;
  exit?: number;
}

export interface Option {
  type: 'string' | 'boolean';
  short?: string;
  /** A file's path: taken as written, not read as typed() reads the other values. */
  file?: true;
}

export interface Command {
  name: string;
  summary: Bilingual;
  usage: string;
  /** Help beyond the usage line: each flag and what it takes. */
  help: Bilingual;
  options: Record<string, Option>;
  positionals?: { min: number; max: number; what: Bilingual; files?: true };
  /** The settings the command uses; only these are validated before it runs. */
  settings: readonly Setting[];
  run: (args: ParsedArgs, ctx: Context) => Promise<Outcome>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export const COMMON_OPTIONS: Record<string, Option> = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** Parses a command's arguments, refusing what a person would not mean: unknown, repeated or valueless flags. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options = { ...COMMON_OPTIONS, ...command.options };
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const values: ParsedArgs['values'] = {};
  const positionals: string[] = [];
  const flags = Object.keys(options)
    .map((o) => `--${o}`)
    .join(', ');
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(command.positionals?.files ? token.value : typed(token.value));
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (!option) throw new UsageError(SAY.unknownOption(token.rawName, flags));
    if (values[token.name] !== undefined) throw new UsageError(SAY.repeatedOption(`--${token.name}`));
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(SAY.takesNoValue(`--${token.name}`));
      values[token.name] = true;
    } else {
      // `--item --term 1y`: the next flag is not a value, whatever the parser took it for.
      if (token.value === undefined || (!token.inlineValue && /^-[-a-zA-Z]/.test(token.value)))
        throw new UsageError(SAY.missingValue(`--${token.name}`));
      values[token.name] = option.file ? token.value : typed(token.value);
    }
  }
  const { min, max, what } = command.positionals ?? { min: 0, max: 0, what: SAY.noCommand('') };
  if (!values.help) {
    if (positionals.length < min) throw new UsageError(SAY.missingArgument(what));
    if (positionals.length > max) throw new UsageError(SAY.unexpectedArgument(positionals[max]!));
  }
  return { values, positionals };
}

/** A required string flag. */
export function required(args: ParsedArgs, name: string, what: Bilingual): string {
  const v = optional(args, name);
  if (v === undefined) throw new UsageError(SAY.required(name, what));
  return v;
}

/**
 * An optional string flag. Given empty (`--contract ''`, an unset shell variable) it is a usage
 * error, never "not given": a filter left empty would otherwise list everything.
 */
export function optional(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  if (typeof v !== 'string') return undefined;
  if (v.trim() === '') throw new UsageError(SAY.emptyValue(`--${name}`));
  return v.trim();
}

export const flag = (args: ParsedArgs, name: string): boolean => args.values[name] === true;

/** The help of a command, in the reader's language. */
export function helpText(command: Command, locale: Locale): string {
  return [
    `${locale === 'ja' ? '使い方' : 'Usage'}: ${command.usage}`,
    '',
    command.summary[locale],
    '',
    command.help[locale],
    SAY.commonFlags[locale],
  ].join('\n');
}
