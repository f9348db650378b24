// What `GET /metrics` shows (Prometheus text format): counters and histograms of this process, and
// gauges read at scrape time from PostgreSQL (the source of truth) and from BullMQ's queues. A
// scrape costs a few indexed queries at most every few seconds, whatever the number of scrapers:
// the readings are cached (README "Operating certdesk" lists every series and the alerts on them).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { Db } from './db/client.js';
import type { Log } from './log.js';
import { operationsSnapshot, type OperationsSnapshot } from './services/operations.js';

/** How long a reading of the database or the queues serves scrapes. */
export const READING_TTL_MS = 5_000;

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'prioritized',
  'waiting-children',
] as const;

export interface Metrics {
  registry: Registry;
  slackRateLimited: Counter<'method'>;
  sweepDuration: Histogram;
  httpDuration: Histogram<'route' | 'method' | 'status'>;
  jobDuration: Histogram<'queue' | 'outcome'>;
  /** Gauges of the database's state, read through `read` (cached) at each scrape. */
  observeDatabase: (db: Db, clock: () => Date, log: Log) => void;
  /** BullMQ's job counts of each queue, at each scrape (cached). */
  observeQueues: (queues: Record<string, Queue>, log: Log) => void;
}

/** A reading shared by every gauge of one scrape and by the scrapes that follow within the TTL. */
function cached<T>(read: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let at = -Infinity;
  let value: Promise<T> | undefined;
  return () => {
    const now = performance.now();
    if (!value || now - at > ttlMs) {
      at = now;
      value = read();
      // A failed reading is kept for the TTL too: a database in trouble is not asked once per gauge.
      value.catch(() => {});
    }
    return value;
  };
}

export function createMetrics(options: { defaultMetrics?: boolean; ttlMs?: number } = {}): Metrics {
  const registry = new Registry();
  const ttl = options.ttlMs ?? READING_TTL_MS;
  if (options.defaultMetrics !== false) {
    collectDefaultMetrics({ register: registry });
    // Gauges named like counters (promtool check metrics refuses them); nodejs_active_handles,
    // nodejs_active_requests and nodejs_active_resources give the same by type.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
      registry.removeSingleMetric(name);
  }
  const registers = [registry];

  const slackRateLimited = new Counter({
    name: 'certdesk_slack_rate_limited_total',
    help: 'Slack Web API calls answered 429 (the queue waited for Retry-After)',
    labelNames: ['method'] as const,
    registers,
  });
  const sweepDuration = new Histogram({
    name: 'certdesk_sweep_duration_seconds',
    help: 'How long a sweep (finding due work in PostgreSQL and queueing it) took',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const httpDuration = new Histogram({
    name: 'certdesk_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const jobDuration = new Histogram({
    name: 'certdesk_job_duration_seconds',
    help: 'BullMQ jobs by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  return {
    registry,
    slackRateLimited,
    sweepDuration,
    httpDuration,
    jobDuration,
    observeDatabase(db, clock, log) {
      const read = cached(() => operationsSnapshot(db, clock()), ttl);
      // Each gauge reads the one cached snapshot when scraped; an unreadable database leaves them
      // out and sets certdesk_database_up to 0. Pending and failed are there even at 0, so that
      // alerts compare numbers, not absences.
      const gauge = (
        name: string,
        help: string,
        set: (g: Gauge, s: OperationsSnapshot) => void,
        labelNames: string[] = [],
      ) =>
        new Gauge({
          name,
          help,
          labelNames,
          registers,
          async collect() {
            this.reset();
            const s = await read().catch(() => undefined);
            if (s) set(this, s);
          },
        });
      gauge(
        'certdesk_outbox_messages',
        'Outbox messages waiting to be delivered (pending) or given up on (failed)',
        (g, s) => {
          g.set({ state: 'pending' }, s.pending);
          g.set({ state: 'failed' }, s.failed);
        },
        ['state'],
      );
      gauge(
        'certdesk_outbox_oldest_pending_seconds',
        'Age of the oldest outbox message not yet delivered (0 when none waits)',
        (g, s) => g.set(s.oldestPendingSeconds),
      );
      gauge('certdesk_renewal_cycles_due', 'Renewal cycles whose next step is due now', (g, s) => g.set(s.cyclesDue));
      gauge(
        'certdesk_renewal_cycles_held',
        'Renewal cycles held for staff: the expiry date came with no notice sent (Art. 6)',
        (g, s) => g.set(s.cyclesHeld),
      );
      gauge(
        'certdesk_sweep_last_run_timestamp_seconds',
        'When a sweep last finished, by any process (Unix time)',
        (g, s) => s.lastSweepAt && g.set(s.lastSweepAt.getTime() / 1000),
      );
      new Gauge({
        name: 'certdesk_database_up',
        help: 'Whether the last reading of PostgreSQL for these gauges succeeded',
        registers,
        async collect() {
          try {
            await read();
            this.set(1);
          } catch (e) {
            log.warn({ err: e }, 'metrics: could not read PostgreSQL');
            this.set(0);
          }
        },
      });
    },
    observeQueues(queues, log) {
      const read = cached(
        async () =>
          Promise.all(
            Object.values(queues).map(async (q) => ({ name: q.name, counts: await q.getJobCounts(...QUEUE_STATES) })),
          ),
        ttl,
      );
      new Gauge({
        name: 'certdesk_queue_jobs',
        help: "BullMQ's job counts by queue and state",
        labelNames: ['queue', 'state'],
        registers,
        async collect() {
          this.reset();
          try {
            for (const { name, counts } of await read())
              for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          } catch (e) {
            log.warn({ err: e }, 'metrics: could not read the queues');
          }
        },
      });
    },
  };
}

/** This process's metrics: the scheduler, the Slack delivery and the HTTP server count into them. */
export const metrics = createMetrics();
