// `certdesk <command>`: parse, run, print, and exit with the code the contract names.
import { userInfo } from 'node:os';
import { ConfigError, loadConfig, loadConfigIgnoring, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { migrateToLatest } from '../db/migrate.js';
import { redact } from '../health.js';
import { reasonJson, reasonMessage, type Locale } from '../i18n/messages.js';
import { AbolitionConflict } from '../services/abolitions.js';
import { UnknownContract } from '../services/cancellations.js';
import { parseCommandArgs, type Command, type Context } from './command.js';
import { abolishCommand } from './commands/abolish.js';
import { cancelCommand } from './commands/cancel.js';
import { cancellationDateCommand } from './commands/cancellation-date.js';
import { certInspectCommand } from './commands/cert-inspect.js';
import { contractsCommand } from './commands/contracts.js';
import { doctorCommand } from './commands/doctor.js';
import { eligibilityCommand } from './commands/eligibility.js';
import { importCommand } from './commands/import.js';
import { ledgerCommand } from './commands/ledger.js';
import { migrateCommand } from './commands/migrate.js';
import { quoteCommand } from './commands/quote.js';
import { serveCommand } from './commands/serve.js';
import { EXIT, Failure, Refusal, UsageError } from './errors.js';

export const COMMANDS: readonly Command[] = [
  serveCommand,
  doctorCommand,
  migrateCommand,
  quoteCommand,
  cancellationDateCommand,
  certInspectCommand,
  eligibilityCommand,
  importCommand,
  contractsCommand,
  ledgerCommand,
  cancelCommand,
  abolishCommand,
];

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
  now: () => new Date(),
};

function localeOf(env: NodeJS.ProcessEnv): Locale {
  const lang = env.CERTDESK_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return lang.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

function usage(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'certdesk — the IIJ server certificate management service (IIJ サーバ証明書管理サービス), run to the letter of its terms',
    '',
    'Usage: certdesk <command> [options] [--json]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    '`certdesk <command> --help` says more. Exit codes: 0 done, 2 usage error, 3 a rule of the terms refuses, 1 otherwise.',
  ].join('\n');
}

/** The command named by the first words of argv (`quote`, `cert inspect`), and the rest. */
function findCommand(argv: string[]): { command?: Command; rest: string[]; name: string } {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  if (at === -1) return { rest: argv, name: '' };
  for (const c of COMMANDS) {
    const words = c.name.split(' ');
    if (words.every((w, k) => argv[at + k] === w)) return { command: c, rest: [...argv.slice(0, at), ...argv.slice(at + words.length)], name: c.name };
  }
  return { rest: argv, name: argv[at]! };
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const json = argv.includes('--json');
  const locale = localeOf(io.env);
  const { command, rest, name } = findCommand(argv);

  const fail = (code: number, kind: string, message: string, extra: Record<string, unknown> = {}) => {
    if (json) io.out(JSON.stringify({ ok: false, error: kind, message, ...extra }, null, 2));
    else io.err(`certdesk: ${message}`);
    return code;
  };

  if (!command) {
    if (name === '' || name === 'help') {
      io.out(usage());
      return EXIT.ok;
    }
    if (name === 'cert') return fail(EXIT.usage, 'usage', 'cert takes a subcommand: certdesk cert inspect FILE');
    return fail(EXIT.usage, 'usage', `unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  }

  let database: Database | undefined;
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.out(`Usage: ${command.usage}\n\n${command.summary}\n\n${command.help}`);
      return EXIT.ok;
    }
    let config: Config;
    let configProblems: string[] = [];
    try {
      config = loadConfig(io.env);
    } catch (e) {
      // doctor reports bad settings itself, with everything else it can check.
      if (!(e instanceof ConfigError) || command !== doctorCommand) throw e;
      config = loadConfigIgnoring(io.env, e.variables);
      configProblems = e.problems;
    }
    const ctx: Context = {
      json,
      locale,
      now: io.now(),
      config,
      configProblems,
      actor: `cli:${io.env.CERTDESK_ACTOR ?? safeUser()}`,
      database: async () => {
        if (database) return database;
        const url = config.databaseUrl;
        if (!url) throw new Failure('DATABASE_URL is not set: set it to your PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/certdesk');
        await migrateToLatest(url).catch((e: unknown) => {
          throw databaseFailure(e, url);
        });
        database = openDatabase(url);
        return database;
      },
      db: async () => (await ctx.database()).db,
    };
    const outcome = await command.run(args, ctx);
    io.out(json ? JSON.stringify(outcome.json, null, 2) : outcome.text);
    return outcome.exit ?? EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      return fail(EXIT.usage, 'usage', `${e.message}\nUsage: ${command.usage}`, e.details ? { details: e.details } : {});
    }
    if (e instanceof Refusal) {
      if (json) io.out(JSON.stringify({ ok: false, error: 'refused', ...e.extra, reasons: e.reasons.map(reasonJson) }, null, 2));
      else io.err(e.reasons.map((r) => `certdesk: ${r.article}: ${reasonMessage(r, locale)}`).join('\n'));
      return EXIT.refused;
    }
    if (e instanceof UnknownContract) return fail(EXIT.usage, 'usage', e.message);
    if (e instanceof ConfigError) return fail(EXIT.failure, 'configuration', e.message, { problems: e.problems });
    if (e instanceof Failure) return fail(EXIT.failure, 'failed', e.message, e.details ? { details: e.details } : {});
    if (e instanceof AbolitionConflict) return fail(EXIT.failure, 'conflict', e.message);
    if (io.env.CERTDESK_DEBUG) io.err((e as Error).stack ?? String(e));
    return fail(EXIT.failure, 'failed', (e as Error).message || String(e));
  } finally {
    await database?.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function databaseFailure(e: unknown, url: string): Failure {
  const code = (e as { code?: string }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'CONNECT_TIMEOUT') {
    return new Failure(`cannot reach PostgreSQL at ${redact(url)} (${code}): start it, or set DATABASE_URL`);
  }
  if (code === '3D000') return new Failure(`the database in ${redact(url)} does not exist: create it (createdb) or set DATABASE_URL`);
  return new Failure(`cannot bring the database at ${redact(url)} up to date: ${(e as Error).message}`);
}
