// An embedded PostgreSQL (PGlite) in a local data folder, for running certdesk with no
// DATABASE_URL. It is served over the PostgreSQL wire protocol on 127.0.0.1, so the app, the
// command line and the migrations speak to it with the same driver and code as to a real server.
// One process holds a folder at a time (a lock file names it and its address); another process
// that wants the same folder reaches the database through the holder instead of opening it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEFAULT_DATA_DIR = '.certdesk';

export interface EmbeddedDatabase {
  url: string;
  /** This process holds the folder (false: it reaches another process's database). */
  owner: boolean;
  stop: () => Promise<void>;
}

interface Holder {
  pid: number;
  url: string;
  startedAt: string;
  /** A server (serve, worker, sandbox) holds it for long; a command only for its run. */
  server?: boolean;
  /** The holder is closing: wait for it to finish before opening the folder. */
  closing?: boolean;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readText = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The process holding a data folder, if one does (a lock left by a dead process is not). */
export function holderOf(dataDir: string): Holder | undefined {
  const lock = join(resolve(dataDir), 'certdesk.lock');
  if (!existsSync(lock)) return undefined;
  try {
    const h = JSON.parse(readFileSync(lock, 'utf8')) as Holder;
    return h.pid !== process.pid && alive(h.pid) ? h : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The holder's address. A holder still starting has none yet, and one closing will not take new
 * connections: wait for it (or for it to go), so that no two processes ever open the folder.
 */
async function reach(dir: string, server: boolean): Promise<string | undefined> {
  for (let i = 0; i < 600; i++) {
    const h = holderOf(dir);
    if (!h) return undefined;
    // A server does not lean on a command that will soon exit: it waits to hold the folder itself.
    if (h.url && !h.closing && (h.server || !server)) return h.url;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `the process holding ${dir} (pid ${holderOf(dir)?.pid}) did not become available; stop it, or set DATABASE_URL`,
  );
}

/**
 * The embedded database of a folder: reached through the process that holds it, or opened and
 * served by this one (created on first use) until `stop`.
 */
export async function openEmbedded(dataDir: string, options: { server?: boolean } = {}): Promise<EmbeddedDatabase> {
  const server = options.server ?? false;
  const dir = resolve(dataDir);
  const held = await reach(dir, server);
  if (held) return { url: held, owner: false, stop: async () => {} };
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'certdesk.lock');
  // Take the folder: exclusive create. A lock left by a dead process is removed and the race to
  // create it run again, so that of two processes finding it only one takes the folder.
  const mine = JSON.stringify({ pid: process.pid, url: '', startedAt: new Date().toISOString(), server });
  for (;;) {
    try {
      writeFileSync(lock, mine, { flag: 'wx' });
      // Another process that took the dead lock away at the same moment would have replaced ours.
      await new Promise((r) => setTimeout(r, 50));
      if (readText(lock) === mine) break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const stale = readText(lock);
      const again = await reach(dir, server);
      if (again) return { url: again, owner: false, stop: async () => {} };
      // The lock is a dead process's: remove it (unless it changed meanwhile), then race again.
      if (readText(lock) === stale) rmSync(lock, { force: true });
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { serveWire } = await import('./pglite-server.js');
  let db;
  try {
    db = await PGlite.create(join(dir, 'pgdata'));
  } catch (e) {
    rmSync(lock, { force: true });
    throw e;
  }
  const wire = await serveWire(db);
  const url = `postgres://postgres@${wire.host}:${wire.port}/postgres`;
  const holder = (closing: boolean): Holder => ({
    pid: process.pid,
    url,
    startedAt: new Date().toISOString(),
    server,
    ...(closing ? { closing } : {}),
  });
  writeFileSync(lock, JSON.stringify(holder(false)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Others reaching the database through this process finish first; newcomers wait for the lock to go.
    writeFileSync(lock, JSON.stringify(holder(true)));
    for (let quiet = 0, i = 0; quiet < 3 && i < 600; i++) {
      quiet = wire.connections() === 0 ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    await wire.close();
    await db.close();
    rmSync(lock, { force: true });
  };
  // An exit without stop (a crash) leaves the lock; the next process sees it is dead and takes over.
  process.once('exit', () => rmSync(lock, { force: true }));
  return { url, owner: true, stop };
}
