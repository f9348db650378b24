// One configuration per queue: attempts, backoff, retention and limiter. Job ids never contain
// ':' (BullMQ reserves it), and they name the work, so the same due work queued twice is one job
// while it waits; exactly-once itself is kept in PostgreSQL, not here.
import type { JobsOptions, WorkerOptions } from 'bullmq';

export const QUEUES = {
  /** The sweep: finds what is due in PostgreSQL and queues it (a job scheduler runs it every minute). */
  sweep: 'certdesk-sweep',
  /** One renewal cycle's due steps: notices, deadlines, holds, lapses, renewed terms. */
  renewals: 'certdesk-renewals',
  /** Contracts whose end date has come. */
  endings: 'certdesk-endings',
  /** Messages of the outbox, delivered to Slack. */
  slack: 'certdesk-slack',
  /** What each contract's host really serves, checked once a day. */
  checks: 'certdesk-checks',
  /** Certificates ordered from the CA over ACME: one job per due order (its row keeps the state). */
  orders: 'certdesk-orders',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const retention = {
  removeOnComplete: { count: 1_000, age: 3_600 },
  removeOnFail: { count: 5_000, age: 7 * 86_400 },
} as const;

export const JOB_OPTIONS: Record<keyof typeof QUEUES, JobsOptions> = {
  // A sweep leaves nothing behind: the next one (a minute later, or kicked) finds what is due anew.
  sweep: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  renewals: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, ...retention },
  endings: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, ...retention },
  // A message that keeps failing is retried for about an hour, then staff are told.
  slack: { attempts: 8, backoff: { type: 'exponential', delay: 5_000 }, ...retention },
  checks: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 30 } },
  // The order's row keeps its attempts and backoff; a later sweep queues it again when due.
  orders: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
};

/** A job of a worker that died is picked up again within about 25 s (its lock lapses, the stalled check finds it). */
const recovery = { lockDuration: 15_000, stalledInterval: 10_000, runRetryDelay: 1_000 } as const;

export const WORKER_OPTIONS: Record<keyof typeof QUEUES, Omit<WorkerOptions, 'connection'>> = {
  sweep: { concurrency: 1, ...recovery },
  renewals: { concurrency: 4, ...recovery },
  endings: { concurrency: 2, ...recovery },
  // Slack allows about one message a second per channel and more across a workspace, and says
  // when to slow down: a 429 pauses the whole queue for its Retry-After (worker.rateLimit needs a
  // limiter to be set). The limiter is only a ceiling, so a notice fan-out to many channels goes
  // as fast as Slack takes it.
  slack: { concurrency: 8, limiter: { max: 1_000, duration: 1_000 }, ...recovery },
  // A check waits on other people's servers: long lock, one at a time.
  checks: { concurrency: 1, lockDuration: 10 * 60_000, stalledInterval: 60_000 },
  // An order waits on the CA (challenges, finalisation): long lock, one at a time.
  orders: { concurrency: 1, lockDuration: 10 * 60_000, stalledInterval: 60_000 },
};

/** Job ids: what the job is about, with ':' replaced. */
export const jobId = (...parts: (string | number)[]) => parts.map((p) => String(p).replace(/:/g, '_')).join('-');
