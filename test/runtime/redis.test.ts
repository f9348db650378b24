// The Redis for the queues: the one configured, or a private redis-server for the run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRedis, findRedisServer, redisAnswers, RedisUnavailable } from '../../src/runtime/redis.js';
import type { Bilingual } from '../../src/i18n/text.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'certdesk-redis-'));
const nowhere = 'redis://127.0.0.1:1';

describe('the Redis of a run', () => {
  it('uses the Redis that answers at the address given', async () => {
    const r = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', dataDir(), () => {});
    expect(r.private).toBe(false);
  });

  it('with REDIS_URL set and nothing answering there, says so in one sentence and starts nothing', async () => {
    const err = await ensureRedis(nowhere, dataDir(), () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailable);
    expect((err as RedisUnavailable).text.en).toBe(
      'No Redis answers at REDIS_URL (redis://127.0.0.1:1): start it, or correct REDIS_URL.',
    );
  });

  it('with none at the default address and no redis-server installed, says what to install', async () => {
    const err = await ensureRedis(undefined, dataDir(), () => {}, { defaultUrl: nowhere, path: '/nonexistent' }).catch(
      (e: unknown) => e,
    );
    expect((err as RedisUnavailable).text.en).toMatch(
      /redis-server is not installed: install Redis \(Debian\/Ubuntu: sudo apt install redis-server/,
    );
    expect((err as RedisUnavailable).text.ja).toContain('インストールしてください');
  });

  it.runIf(findRedisServer())(
    'with none at the default address and redis-server installed, starts a private one on 127.0.0.1 and stops it',
    async () => {
      const said: Bilingual[] = [];
      const r = await ensureRedis(undefined, dataDir(), (line) => said.push(line), { defaultUrl: nowhere });
      try {
        expect(r.private).toBe(true);
        expect(r.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
        expect(await redisAnswers(r.url)).toBe(true);
        expect(said[0]!.en).toContain('started a private redis-server');
      } finally {
        await r.stop();
      }
      expect(await redisAnswers(r.url)).toBe(false);
    },
  );
});
