// Redis emptied while the workers stay connected (FLUSHALL, no reconnect): the schedule of sweeps
// comes back by itself, so the sweeps that rebuild every pending job from PostgreSQL go on.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler, type Scheduler } from '../../jobs/workers.js';
import { loadConfig } from '../../src/config.js';
import { slackClient } from '../../src/slack/client.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const REDIS_URL = testRedisUrl(9);
let redis: Redis;
let scheduler: Scheduler;

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  await redis.flushdb();
  const config = loadConfig({ ...t.env, CERTDESK_LANG: 'en' });
  const now = new Date('2026-11-11T09:00:00+09:00');
  scheduler = await startScheduler(
    { database: t.db, slack: slackClient(config), config },
    { redisUrl: REDIS_URL, clock: () => now, sweepEveryMs: 300, checks: false },
  );
});
afterAll(async () => {
  await scheduler.close();
  await redis.flushdb();
  redis.disconnect();
});

describe('the schedule of sweeps', () => {
  it('is asserted again after Redis is emptied under a live connection', async () => {
    expect(await scheduler.queues.sweep.getJobSchedulersCount()).toBe(1);
    await redis.flushdb();
    expect(await scheduler.queues.sweep.getJobSchedulersCount()).toBe(0);
    const deadline = Date.now() + 10_000;
    while ((await scheduler.queues.sweep.getJobSchedulersCount()) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await scheduler.queues.sweep.getJobSchedulersCount()).toBe(1);
  });
});
