// What the report says about the machine and the versions it ran with.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Redis } from 'ioredis';
import { adminSql, REDIS_BENCH_URL, ROOT } from './infra.js';

export function machine(): Record<string, string | number> {
  const c = cpus();
  return {
    cores: c.length,
    cpu: c[0]?.model ?? 'unknown',
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    'load average at the end (1/5/15 min)': loadavg()
      .map((x) => x.toFixed(2))
      .join(' / '),
    platform: `${process.platform} ${process.arch}`,
  };
}

const pkg = (name: string) => {
  try {
    return (JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string })
      .version;
  } catch {
    return 'not installed';
  }
};

export async function versions(): Promise<Record<string, string>> {
  const pg = await adminSql(async (sql) => (await sql<{ v: string }[]>`select version() as v`)[0]!.v).catch(
    () => 'unreachable',
  );
  let redis = 'unreachable';
  const r = new Redis(REDIS_BENCH_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await r.connect();
    redis = /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? 'unknown';
  } catch {
    // left as unreachable
  } finally {
    r.disconnect();
  }
  return {
    node: process.version,
    'PostgreSQL server': pg,
    'Redis server': redis,
    ...Object.fromEntries(
      ['@slack/bolt', '@slack/web-api', 'bullmq', 'ioredis', 'drizzle-orm', 'postgres', 'node-forge', 'zod'].map(
        (n) => [n, pkg(n)],
      ),
    ),
  };
}
