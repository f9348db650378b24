// `certdesk <command>`: parse, run, print, and exit with the code the contract names.
// Start-up loads only what the command named needs: its own module (COMMAND_MODULES), and the
// database driver, migrations and Redis client when it uses them. Help loads every command.
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, problemText, type Setting } from '../config.js';
import type { Database } from '../db/client.js';
import type { EmbeddedDatabase } from '../db/embedded.js';
import { jstWallClock } from '../domain/dates.js';
import { SAY } from '../i18n/cli.js';
import { reasonJson, reasonLine } from '../i18n/messages.js';
import { isLocale, joinBi, type Bilingual, type Locale } from '../i18n/text.js';
import { projectPath } from '../shipped-files.js';
import { NotFound } from '../services/errors.js';
import { helpText, parseCommandArgs, type Command, type Context } from './command.js';
import { EXIT, Failure, Refusal, UsageError } from './errors.js';

/**
 * The module of each command, by the names it defines. A command missing here is still found,
 * through every command (commands/index.ts), only more slowly.
 */
const COMMAND_MODULES: readonly { names: readonly string[]; load: () => Promise<Record<string, unknown>> }[] = [
  { names: ['sandbox'], load: () => import('./commands/sandbox.js') },
  { names: ['serve'], load: () => import('./commands/serve.js') },
  { names: ['worker'], load: () => import('./commands/worker.js') },
  { names: ['sweep'], load: () => import('./commands/sweep.js') },
  { names: ['doctor'], load: () => import('./commands/doctor.js') },
  { names: ['migrate'], load: () => import('./commands/migrate.js') },
  { names: ['items'], load: () => import('./commands/items.js') },
  { names: ['quote'], load: () => import('./commands/quote.js') },
  { names: ['cancellation-date'], load: () => import('./commands/cancellation-date.js') },
  { names: ['cert inspect'], load: () => import('./commands/cert-inspect.js') },
  { names: ['eligibility'], load: () => import('./commands/eligibility.js') },
  { names: ['import'], load: () => import('./commands/import.js') },
  { names: ['contracts'], load: () => import('./commands/contracts.js') },
  { names: ['contract show'], load: () => import('./commands/contract-show.js') },
  { names: ['ledger'], load: () => import('./commands/ledger.js') },
  { names: ['answer'], load: () => import('./commands/answer.js') },
  {
    names: [
      'apply',
      'applications',
      'application accept',
      'application reject',
      'price agree',
      'customer add',
      'customer update',
      'contact add',
      'contact remove',
      'staff add',
      'staff remove',
      'designated-service add',
      'designated-service remove',
      'change accept',
      'change reject',
    ],
    load: () => import('./commands/staff.js'),
  },
  { names: ['cancel', 'cancel withdraw', 'cancel correct'], load: () => import('./commands/cancel.js') },
  { names: ['abolish', 'abolish withdraw', 'abolish move'], load: () => import('./commands/abolish.js') },
  { names: ['csr create', 'keys rotate', 'keys export'], load: () => import('./commands/custody.js') },
  { names: ['cert attach', 'cert upload', 'check'], load: () => import('./commands/certificates.js') },
  { names: ['audit'], load: () => import('./commands/audit.js') },
];

const isCommand = (v: unknown): v is Command =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Command).name === 'string' &&
  typeof (v as Command).run === 'function';

/** Every command, in the order `certdesk --help` lists them. */
async function allCommands(): Promise<readonly Command[]> {
  return (await import('./commands/index.js')).COMMANDS;
}

/** The command of that name from its own module, or from every command when the table does not name it. */
async function loadCommand(name: string): Promise<Command | undefined> {
  const entry = COMMAND_MODULES.find((m) => m.names.includes(name));
  const found = entry ? Object.values(await entry.load()).find((v) => isCommand(v) && v.name === name) : undefined;
  return (found as Command | undefined) ?? (await allCommands()).find((c) => c.name === name);
}

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

/** Commands that run until stopped: they hold an embedded database themselves rather than lean on a passing command. */
const LONG_LIVED = new Set(['serve', 'worker', 'sandbox']);

/** Settings every command reads: its language, its clock, and where an embedded database lives. */
const EVERY_COMMAND: readonly Setting[] = ['CERTDESK_LANG', 'CERTDESK_NOW', 'CERTDESK_DATA_DIR'];

/** CERTDESK_LANG when it is valid, else the POSIX locale: Japanese when it says ja. */
function localeOf(env: NodeJS.ProcessEnv): Locale {
  const chosen = env.CERTDESK_LANG?.trim().toLowerCase();
  if (chosen && isLocale(chosen)) return chosen;
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return lang.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

function version(): string {
  return (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
}

function usage(COMMANDS: readonly Command[], locale: Locale): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    SAY.tagline[locale],
    '',
    `${locale === 'ja' ? '使い方' : 'Usage'}: certdesk <command> [options] [--json]`,
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary[locale]}`),
    '',
    SAY.moreHelp[locale],
  ].join('\n');
}

/** The command named by the first words of argv (`quote`, `cert inspect`), and the rest. */
async function findCommand(argv: string[]): Promise<{ command?: Command; rest: string[]; name: string }> {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  if (at === -1) return { rest: argv, name: '' };
  const known = COMMAND_MODULES.flatMap((m) => m.names);
  const matches = (names: readonly string[]) =>
    [...names]
      .sort((a, b) => b.split(' ').length - a.split(' ').length)
      .find((n) => n.split(' ').every((w, k) => argv[at + k] === w));
  // A name of the table is its command's; any other is looked for among every command.
  const name = matches(known) ?? matches((await allCommands()).map((c) => c.name));
  const command = name ? await loadCommand(name) : undefined;
  if (name && command)
    return { command, rest: [...argv.slice(0, at), ...argv.slice(at + name.split(' ').length)], name };
  return { rest: argv, name: argv[at]! };
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const json = argv.includes('--json');
  const locale = localeOf(io.env);
  // A long-lived command keeps a SIGTERM that comes while its modules still load, and stops cleanly once started.
  if (LONG_LIVED.has(argv.find((a) => !a.startsWith('-')) ?? ''))
    void (await import('../runtime/stop-signal.js')).stopSignal(io.env);
  const { command, rest, name } = await findCommand(argv);

  // The long-lived commands write every stderr line as JSON, their failures too; their log is
  // made before anything can fail, from CERTDESK_LOG and CERTDESK_LOG_LEVEL as they are.
  const logging = command && LONG_LIVED.has(command.name) ? await import('../log.js') : undefined;
  const log = logging?.createLog({ write: logging.linesPerTurn(io.err), ...logging.logOptionsFrom(io.env) });
  if (log) {
    // What would crash the process still does (exit 1), after a JSON line that says what broke.
    const crash = (what: string) => (e: unknown) => {
      log.fatal({ err: e }, `${what}: stopping`);
      process.exit(EXIT.failure);
    };
    process.once('uncaughtException', crash('uncaught exception'));
    process.once('unhandledRejection', crash('unhandled promise rejection'));
    // Node's own warnings (deprecations, listener leaks) as log lines too, not as free text.
    process.removeAllListeners('warning');
    process.on('warning', (w) => log.warn({ err: w }, `node: ${w.name}`));
  }
  const fail = (code: number, kind: string, message: Bilingual, extra: Record<string, unknown> = {}) => {
    if (json)
      io.out(JSON.stringify({ ok: false, error: kind, message: message.en, messageJa: message.ja, ...extra }, null, 2));
    else if (log) log.fatal({ error: kind, exit: code, ...extra }, message[locale]);
    else io.err(`certdesk: ${message[locale]}`);
    return code;
  };

  if (!command) {
    if (name === '' && argv.includes('--version')) {
      io.out(json ? JSON.stringify({ version: version() }) : `certdesk ${version()}`);
      return EXIT.ok;
    }
    // `certdesk help import` is `certdesk import --help`.
    const asked = name === 'help' ? argv.slice(argv.indexOf('help') + 1).filter((a) => !a.startsWith('-')) : [];
    if (asked.length) return main([...asked, '--help', ...(json ? ['--json'] : [])], io);
    const COMMANDS = await allCommands();
    if (name === 'help' || (name === '' && (argv.includes('--help') || argv.includes('-h')))) {
      io.out(usage(COMMANDS, locale));
      return EXIT.ok;
    }
    const names = COMMANDS.map((c) => c.name).join(', ');
    if (name === '') {
      if (json) return fail(EXIT.usage, 'usage', SAY.noCommand(names));
      io.err(usage(COMMANDS, locale));
      return EXIT.usage;
    }
    const subs = COMMANDS.filter((c) => c.name.startsWith(`${name} `)).map((c) => `certdesk ${c.name}`);
    if (subs.length) return fail(EXIT.usage, 'usage', SAY.needsSubcommand(name, subs.join(', ')));
    return fail(EXIT.usage, 'usage', SAY.unknownCommand(name, names));
  }

  let database: Database | undefined;
  let embedded: EmbeddedDatabase | undefined;
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.out(helpText(command, locale));
      return EXIT.ok;
    }
    // doctor validates every setting itself and reports each; the others check only what they use.
    const config = loadConfig(io.env, command.name === 'doctor' ? [] : [...EVERY_COMMAND, ...command.settings]);
    const now = config.now ?? io.now();
    if (config.now && log) log.warn({ now: config.now.toISOString() }, SAY.clockSet(jstWallClock(config.now))[locale]);
    else if (config.now && !json) io.err(`certdesk: ${SAY.clockSet(jstWallClock(config.now))[locale]}`);
    const ctx: Context = {
      json,
      locale,
      now,
      config,
      env: io.env,
      actor: `cli:${io.env.CERTDESK_ACTOR ?? safeUser()}`,
      databaseUrl: async () => {
        // No DATABASE_URL: the embedded database in the data folder (opened, or reached through its holder).
        if (!config.databaseUrl) {
          const { openEmbedded, holderOf } = await import('../db/embedded.js');
          let dir = config.dataDir;
          // A running sandbox keeps its data apart, in <data>/sandbox. A command beside it uses that
          // database while this folder has none of its own, and otherwise says which one it reads.
          const sandboxDir = join(config.dataDir, 'sandbox');
          if (!LONG_LIVED.has(command.name) && holderOf(sandboxDir)) {
            if (existsSync(join(config.dataDir, 'pgdata')))
              io.err(`certdesk: ${SAY.notTheSandbox(config.dataDir, sandboxDir)[locale]}`);
            else {
              dir = sandboxDir;
              io.err(`certdesk: ${SAY.usingSandbox(sandboxDir)[locale]}`);
            }
          }
          embedded = await openEmbedded(dir, { server: LONG_LIVED.has(command.name) }).catch((e: unknown) => {
            throw new Failure(SAY.embeddedFailed(dir, (e as Error).message));
          });
          config.databaseUrl = embedded.url;
        }
        return config.databaseUrl;
      },
      database: async () => {
        if (database) return database;
        const [{ migrateToLatest }, { openDatabase }, { databaseFailure }] = await Promise.all([
          import('../db/migrate.js'),
          import('../db/client.js'),
          import('./database.js'),
        ]);
        const url = await ctx.databaseUrl();
        await migrateToLatest(url).catch((e: unknown) => {
          throw databaseFailure(e, url);
        });
        database = openDatabase(url);
        return database;
      },
      db: async () => (await ctx.database()).db,
      get log() {
        if (!log) throw new Error(`certdesk ${command.name} has no log`);
        return log;
      },
    };
    const outcome = await command.run(args, ctx);
    io.out(json ? JSON.stringify(outcome.json, null, 2) : outcome.text);
    return outcome.exit ?? EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      const message = {
        ja: `${e.sentence.ja}\n使い方: ${command.usage}`,
        en: `${e.sentence.en}\nUsage: ${command.usage}`,
      };
      return fail(EXIT.usage, 'usage', json ? e.sentence : message, e.details ? { details: e.details } : {});
    }
    if (e instanceof Refusal) {
      if (json)
        io.out(
          JSON.stringify({ ok: false, error: 'refused', ...e.extra, reasons: e.reasons.map(reasonJson) }, null, 2),
        );
      else io.err(e.reasons.map((r) => `certdesk: ${reasonLine(r, locale)}`).join('\n'));
      return EXIT.refused;
    }
    if (e instanceof NotFound)
      return fail(EXIT.usage, 'not-found', SAY.notFound(e.what, e.id), { what: e.what, id: e.id });
    if (e instanceof ConfigError) {
      const lines = joinBi(
        e.problems.map((p) => ({ ja: `  - ${problemText(p, 'ja')}`, en: `  - ${problemText(p, 'en')}` })),
        '\n',
      );
      return fail(EXIT.failure, 'configuration', SAY.configInvalid(lines), {
        problems: e.problems.map((p) => ({ variable: p.variable, message: p.message.en, messageJa: p.message.ja })),
      });
    }
    if (e instanceof Failure) return fail(EXIT.failure, 'failed', e.sentence, e.details ? { details: e.details } : {});
    // Only a command that used Redis has loaded its client; nothing else can be this error.
    const { RedisUnavailable } = await import('../runtime/redis.js');
    if (e instanceof RedisUnavailable) return fail(EXIT.failure, 'failed', e.text);
    if (log) log.fatal({ err: e }, SAY.unexpected((e as Error).message || String(e))[locale]);
    else if (io.env.CERTDESK_DEBUG) io.err((e as Error).stack ?? String(e));
    if (log && !json) return EXIT.failure;
    return fail(EXIT.failure, 'failed', SAY.unexpected((e as Error).message || String(e)));
  } finally {
    await database?.close();
    await embedded?.stop();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
