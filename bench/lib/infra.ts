// The machinery the sections share: bench databases on the local PostgreSQL (created, migrated
// with `certdesk migrate`, dropped), a Redis database index of the benchmark's own, and child
// processes (the CLI's serve and worker) with their peak memory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { sleep } from './stats.js';

export const ROOT = new URL('../../../', import.meta.url).pathname;
export const CLI = `${ROOT}bin/certdesk.js`;

export const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** A Redis database index no test uses: BullMQ's keys of the benchmark stay apart from the tests'. */
export const REDIS_BENCH_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/13';

export function dbUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminSql<T>(f: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    return await f(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function dropDatabase(name: string): Promise<void> {
  if (!/^certdesk_bench_[a-z0-9_]+$/.test(name)) throw new Error(`not a bench database: ${name}`);
  await adminSql((sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
}

/** A new, empty database (dropped first if a previous run left it), brought up to date by `certdesk migrate`. */
export async function createBenchDatabase(name: string, template?: string): Promise<string> {
  await dropDatabase(name);
  await adminSql((sql) => sql.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`));
  const url = dbUrl(name);
  if (!template) {
    const r = spawnSync(process.execPath, [CLI, 'migrate', '--json'], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`certdesk migrate failed: ${r.stderr}${r.stdout}`);
  }
  return url;
}

export async function flushBenchRedis(): Promise<void> {
  const r = new Redis(REDIS_BENCH_URL, { maxRetriesPerRequest: 1 });
  try {
    await r.flushdb();
  } finally {
    r.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Peak resident memory of a live process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export interface Child {
  proc: ChildProcess;
  output: () => string;
  /** SIGTERM, then wait for the exit (SIGKILL after a while). */
  stop: () => Promise<void>;
}

export function startChild(args: string[], env: NodeJS.ProcessEnv, o: { profile?: boolean } = {}): Child {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each child under test to <dir>, to see where
  // its time goes; the harness's own helpers (the Slack stub) pass profile: false.
  const profile =
    process.env.BENCH_CPU_PROF && o.profile !== false
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
  const proc = spawn(process.execPath, [...profile, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  proc.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    proc,
    output: () => out,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  child?: Child,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (child && (child.proc.exitCode !== null || child.proc.signalCode !== null))
      throw new Error(`${what}: the process exited:\n${child.output()}`);
    if (Date.now() > until) throw new Error(`${what}: timed out${child ? `\n${child.output()}` : ''}`);
    await sleep(50);
  }
}

export async function httpOk(url: string): Promise<boolean> {
  try {
    const r = await fetch(url);
    return r.ok;
  } catch {
    return false;
  }
}
