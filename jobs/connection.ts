// Redis connections for BullMQ. Workers block on Redis and must retry forever
// (maxRetriesPerRequest: null); queues used by a command that must not hang fail fast.
import { Redis, type RedisOptions } from 'ioredis';

export function redisConnection(url: string, forWorker: boolean): Redis {
  const options: RedisOptions = forWorker
    ? // Try again every second while Redis is away, so that work resumes within seconds of its return.
      {
        maxRetriesPerRequest: null,
        enableReadyCheck: true,
        retryStrategy: (times: number) => Math.min(times * 200, 1_000),
      }
    : { maxRetriesPerRequest: 1, connectTimeout: 3_000, enableOfflineQueue: false };
  const redis = new Redis(url, options);
  // Errors are reported through readiness and job failures; an unhandled 'error' event would crash.
  redis.on('error', () => {});
  return redis;
}
