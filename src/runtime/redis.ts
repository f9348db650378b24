// The Redis the queues use: the one at REDIS_URL, or, on a machine with none answering at the
// default address and a redis-server installed, a private one for this run (bound to 127.0.0.1 on
// a free port, nothing saved to disk, stopped with the process). Redis holds only the queue, so a
// private one loses nothing: the next start rebuilds every pending job from PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { bilingual, type Bilingual } from '../i18n/text.js';
import { redact } from '../redact.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RunningRedis {
  url: string;
  /** A redis-server this process started (stopped by `stop`). */
  private: boolean;
  stop: () => Promise<void>;
}

/** Redis cannot be had: one sentence of what to do. */
export class RedisUnavailable extends Error {
  constructor(readonly text: Bilingual) {
    super(text.en);
  }
}

/** Whether a Redis answers PING at `url` within a couple of seconds. */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** The redis-server on the PATH, if any. */
export function findRedisServer(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

/**
 * The Redis to use. `configured` is REDIS_URL when it was set: a Redis someone chose is never
 * replaced by a private one (it may be down for a moment; say so instead).
 */
export async function ensureRedis(
  configured: string | undefined,
  dataDir: string,
  log: (line: Bilingual) => void,
  where: { defaultUrl?: string; path?: string; privateOnly?: boolean } = {},
): Promise<RunningRedis> {
  const url = configured ?? where.defaultUrl ?? DEFAULT_REDIS_URL;
  if (!where.privateOnly && (await redisAnswers(url))) return { url, private: false, stop: async () => {} };
  if (configured) {
    throw new RedisUnavailable(
      bilingual(
        `REDIS_URL（${redact(url)}）の Redis に接続できません。Redis を起動するか、REDIS_URL を直してください。`,
        `No Redis answers at REDIS_URL (${redact(url)}): start it, or correct REDIS_URL.`,
      ),
    );
  }
  const binary = findRedisServer(where.path);
  if (!binary) {
    throw new RedisUnavailable(
      bilingual(
        `${url} に Redis がなく、redis-server もインストールされていません。Redis をインストールしてください（Debian/Ubuntu: sudo apt install redis-server、macOS: brew install redis）。既存の Redis を使う場合は REDIS_URL を設定してください。`,
        `No Redis answers at ${url} and redis-server is not installed: install Redis (Debian/Ubuntu: sudo apt install redis-server; macOS: brew install redis), or set REDIS_URL to one you run.`,
      ),
    );
  }
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const logFile = openSync(join(dir, 'redis.log'), 'a');
  const child: ChildProcess = spawn(
    binary,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--maxmemory-policy',
      'noeviction',
    ],
    {
      stdio: ['ignore', logFile, logFile],
      // Its own environment, not ours: our secrets (tokens, the master key) are none of its business,
      // and neither are libraries preloaded into this process.
      env: { PATH: process.env.PATH ?? '' },
      // Its own process group: a terminal's Ctrl+C signals the whole foreground group, and Redis
      // gone before the workers have closed left the stop waiting for ever. It is stopped last,
      // by stop() or when this process exits (a hang-up is a stop signal: runtime/stop-signal.ts).
      detached: true,
    },
  );
  const privateUrl = `redis://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  const kill = () => {
    if (!exited) child.kill('SIGTERM');
  };
  process.once('exit', kill);
  for (let i = 0; i < 100 && !exited; i++) {
    if (await redisAnswers(privateUrl)) {
      log(
        where.privateOnly
          ? bilingual(
              `この実行専用の redis-server を ${privateUrl} で起動しました（終了時に停止します）`,
              `started a private redis-server for this run at ${privateUrl} (stopped on exit)`,
            )
          : bilingual(
              `${url} に Redis がないため、この実行専用の redis-server を ${privateUrl} で起動しました（終了時に停止します）`,
              `no Redis at ${url}: started a private redis-server for this run at ${privateUrl} (stopped on exit)`,
            ),
      );
      return {
        url: privateUrl,
        private: true,
        stop: async () => {
          process.removeListener('exit', kill);
          if (exited) return;
          const gone = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          // At most 5 s; the timer is cleared once it has gone, or the process would wait it out.
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
          clearTimeout(timer);
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  kill();
  throw new RedisUnavailable(
    bilingual(
      `redis-server（${binary}）を起動できませんでした。${join(dir, 'redis.log')} を確認してください。`,
      `redis-server (${binary}) did not start: see ${join(dir, 'redis.log')}.`,
    ),
  );
}
