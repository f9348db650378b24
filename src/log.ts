// The log of the long-lived commands (`serve`, `worker`, `sandbox`): one JSON object a line on
// stderr, with `level`, `time`, `msg` and the ids a step concerns (`contract`, `cycle`, `outbox`,
// `job`, `delivery`) from child loggers. CERTDESK_LOG=pretty writes the same records as short
// lines for people. Every line passes through redactSecrets (src/redact.ts) before it is written.
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import { pino, type Logger } from 'pino';
import { LOG_LEVELS, type LogLevelName } from './config.js';
import { errorText, redactSecrets } from './redact.js';

export type Log = Logger;

export interface LogOptions {
  /** Where each finished line goes (without its newline); stderr by default. */
  write?: (line: string) => void;
  format?: 'json' | 'pretty';
  level?: LogLevelName | 'silent';
}

/** An error as the log shows it: its class, errorText's message (no query, no parameters) and the stack below the message. */
export function serializeError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: String(e) };
  const code = (e as { code?: unknown }).code;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return {
    type: e.name,
    message: errorText(e),
    ...(typeof code === 'string' ? { code } : {}),
    ...(frames.length ? { stack: frames.map((l) => l.trim()).join('\n') } : {}),
  };
}

export function createLog(options: LogOptions = {}): Log {
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const out = options.format === 'pretty' ? (line: string) => write(prettyLine(line)) : write;
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      // Levels by name and times in ISO 8601: what log shippers and people read without a table.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
      hooks: { streamWrite: redactSecrets },
    },
    // Synchronous: a line written just before the process exits is not lost.
    { write: (s: string) => out(s.endsWith('\n') ? s.slice(0, -1) : s) },
  );
}

/** What each linesPerTurn still holds, written when the process exits. */
const heldAtExit = new Set<() => void>();

/**
 * Lines handed to `write` once per turn of the event loop, joined, instead of one write each: a
 * worker logs two lines a job, and each write to a pipe is a system call that wakes its reader.
 * What is still held is written at once when there is a lot of it, and when the process exits
 * (stderr is synchronous for files and pipes, so the lines are out before it ends).
 */
export function linesPerTurn(write: (text: string) => void, maxHeld = 64 * 1024): (line: string) => void {
  let held: string[] = [];
  let size = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (held.length === 0) return;
    const text = held.join('\n');
    held = [];
    size = 0;
    write(text);
  };
  if (heldAtExit.size === 0) process.once('exit', () => heldAtExit.forEach((f) => f()));
  heldAtExit.add(flush);
  return (line) => {
    held.push(line);
    size += line.length;
    if (size >= maxHeld) return flush();
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

/** The log's settings from the environment, leniently: a bad value is `doctor`'s and the command's to report. */
export function logOptionsFrom(env: NodeJS.ProcessEnv): Pick<LogOptions, 'format' | 'level'> {
  const level = env.CERTDESK_LOG_LEVEL?.trim().toLowerCase();
  return {
    format: env.CERTDESK_LOG?.trim().toLowerCase() === 'pretty' ? 'pretty' : 'json',
    level: (LOG_LEVELS as readonly string[]).includes(level ?? '') ? (level as LogLevelName) : 'info',
  };
}

const SHOWN_FIRST = new Set(['level', 'time', 'msg', 'pid', 'err']);

/**
 * One JSON line as a person reads it: `09:00:00.123 INFO  sweep done job=12 duration=0.04`, and
 * an error's stack below. A formatter this small keeps pretty output on the same synchronous
 * stream as JSON, after the same redaction, with no transport thread or further dependency.
 */
export function prettyLine(json: string): string {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof r.time === 'string' ? r.time.slice(11, 23) : '';
  const level = String(r.level ?? '')
    .toUpperCase()
    .padEnd(5);
  const fields = Object.entries(r)
    .filter(([k]) => !SHOWN_FIRST.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const err = r.err as { type?: string; message?: string; stack?: string } | undefined;
  const lines = [[time, level, String(r.msg ?? ''), ...fields].filter(Boolean).join(' ')];
  if (err)
    lines.push(
      `  ${err.type ?? 'Error'}: ${err.message ?? ''}`,
      ...(err.stack ? err.stack.split('\n').map((l) => `    ${l}`) : []),
    );
  return lines.join('\n');
}

/** Bolt's and the Web API client's logger, onto ours: their messages, errors shown by errorText. */
export function slackLogger(log: Log): SlackLogger {
  const child = log.child({ component: 'slack' });
  const text = (msgs: unknown[]) =>
    msgs.map((m) => (m instanceof Error ? errorText(m) : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  let level = LogLevel.INFO;
  return {
    debug: (...msgs) => child.debug(text(msgs)),
    info: (...msgs) => child.info(text(msgs)),
    warn: (...msgs) => child.warn(text(msgs)),
    error: (...msgs) => {
      const err = msgs.find((m) => m instanceof Error);
      if (err) child.error({ err }, text(msgs));
      else child.error(text(msgs));
    },
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
