// The BullMQ side of the scheduler: the queues, a worker per queue running its processor
// (jobs/processors/), the job schedulers (jobs/schedules.ts), and an ordered shutdown.
import { Queue, UnrecoverableError, Worker, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import { markFailed } from '../src/slack/deliver.js';
import { redisConnection } from './connection.js';
import { DeliveryJob } from './payloads.js';
import type { ProcessorContext } from './processors/context.js';
import { checkProcessor } from './processors/check.js';
import { cycleProcessor } from './processors/cycle.js';
import { TryAgainSoon } from './processors/base.js';
import { deliverProcessor } from './processors/deliver.js';
import { endingProcessor } from './processors/ending.js';
import { orderProcessor } from './processors/order.js';
import { sweepProcessor } from './processors/sweep.js';
import { JOB_OPTIONS, QUEUES, WORKER_OPTIONS } from './queues.js';
import { upsertCheckSchedule, upsertSchedules } from './schedules.js';
import type { WorkDeps } from './work.js';
import { createLog, type Log } from '../src/log.js';
import { metrics as processMetrics, type Metrics } from '../src/metrics.js';
import type { ReportError } from '../src/runtime/error-report.js';

export interface Scheduler {
  /** Runs a sweep now (after a change that made work due, e.g. an answer to redraw a notice). */
  requestSweep: (reason: string) => Promise<void>;
  /** Stops taking jobs, finishes those in hand, then closes the queues. */
  close: () => Promise<void>;
  queues: Record<keyof typeof QUEUES, Queue>;
}

export interface SchedulerOptions {
  redisUrl: string;
  /** The instant the work is done as of: the system clock, or the sandbox's. */
  clock: () => Date;
  /** Run the workers (false: only queue, e.g. for a process that just kicks). */
  workers?: boolean;
  sweepEveryMs?: number;
  log?: Log;
  /** Where job durations and 429s are counted, and what the queues' counts are read for. */
  metrics?: Metrics;
  /** Jobs that failed for good, and worker errors, are reported here (and logged). */
  report?: ReportError;
  /** BullMQ's key prefix: keeps a sandbox's queues apart from another run's on the same Redis. */
  prefix?: string;
  /** Read what hosts serve, daily (off in the sandbox, whose hosts do not exist). */
  checks?: boolean;
}

export async function startScheduler(deps: WorkDeps, options: SchedulerOptions): Promise<Scheduler> {
  const log = options.log ?? createLog({ level: 'silent' });
  const metrics = options.metrics ?? processMetrics;
  const report: ReportError = options.report ?? ((e, context) => log.error({ err: e, ...context }, 'unexpected error'));
  const connections: Redis[] = [];
  const stops: (() => void)[] = [];
  const connect = () => {
    const c = redisConnection(options.redisUrl, true);
    connections.push(c);
    return c;
  };
  const queueConnection = connect();
  const prefix = options.prefix ? { prefix: options.prefix } : {};
  const queues = {
    sweep: new Queue(QUEUES.sweep, { connection: queueConnection, ...prefix }),
    renewals: new Queue(QUEUES.renewals, { connection: queueConnection, ...prefix }),
    endings: new Queue(QUEUES.endings, { connection: queueConnection, ...prefix }),
    slack: new Queue(QUEUES.slack, { connection: queueConnection, ...prefix }),
    checks: new Queue(QUEUES.checks, { connection: queueConnection, ...prefix }),
    orders: new Queue(QUEUES.orders, { connection: queueConnection, ...prefix }),
  };
  // Each requestSweep is its own job: a sweep already running may have read the outbox before the change.
  const requestSweep = async (reason: string) => void (await queues.sweep.add('sweep', { reason }, JOB_OPTIONS.sweep));
  const workers: Worker[] = [];
  const everyMs = options.sweepEveryMs ?? 60_000;

  if (options.workers !== false) {
    await upsertSchedules(queues.sweep, everyMs);
    if (options.checks !== false) await upsertCheckSchedule(queues.checks);
    const start = (name: keyof typeof QUEUES, make: (ctx: ProcessorContext) => Processor) => {
      // The processor may need its own worker (to pause it), which exists only once made.
      const made: { worker?: Worker } = {};
      const ctx: ProcessorContext = {
        deps,
        clock: options.clock,
        queues,
        requestSweep,
        everyMs,
        worker: () => made.worker!,
        log,
        metrics,
      };
      const worker = new Worker(QUEUES[name], make(ctx), { connection: connect(), ...WORKER_OPTIONS[name], ...prefix });
      made.worker = worker;
      worker.on('error', (e) => report(e, { queue: QUEUES[name] }));
      worker.on('failed', (job, e) => {
        // A listener that throws would be an unhandled error in BullMQ's event loop: never.
        try {
          // Each attempt is logged by the job's wrapper; the last one, or one no retry mends, is reported.
          const spent = !job || e instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
          if (!spent || e instanceof TryAgainSoon) return;
          report(e, { queue: QUEUES[name], job: job?.id, attempts: job?.attemptsMade, data: job?.data });
        } catch {
          // Nothing left to tell it to.
        }
      });
      workers.push(worker);
      return worker;
    };
    start('sweep', sweepProcessor);
    start('renewals', cycleProcessor);
    start('endings', endingProcessor);
    start('orders', orderProcessor);
    if (options.checks !== false) start('checks', checkProcessor);
    if (deps.slack) {
      const slack = deps.slack;
      const slackWorker = start('slack', (ctx) => deliverProcessor(ctx, slack));
      slackWorker.on('failed', (job, err) => {
        try {
          if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
          const parsed = DeliveryJob.safeParse(job.data);
          if (!parsed.success) return;
          // Retries spent: the message is marked failed and staff are told what failed, for whom.
          const outboxId = parsed.data.outboxId;
          log.error(
            { outbox: outboxId, job: job.id, delivery: 'failed' },
            'a message could not be delivered: staff are told',
          );
          void markFailed(
            { database: deps.database, slack, config: deps.config },
            outboxId,
            err.message,
            options.clock(),
          )
            // An e-mail left waiting (its mail server did not answer): its job goes, for the next sweep to queue it again.
            .then((waiting) => (waiting ? job.remove() : undefined))
            .catch((e: unknown) => report(e, { outbox: outboxId, step: 'record a failed delivery' }));
        } catch {
          // Nothing left to tell it to.
        }
      });
    }
    // A worker that starts sweeps at once: after a restart, or a Redis emptied meanwhile,
    // pending work does not wait for the next scheduled run.
    await requestSweep('start');
    // Redis back after an outage (perhaps emptied, its schedules gone): assert them and sweep now,
    // and retry at once the deliveries that backed off while it was away.
    let lost = false;
    queueConnection.on('close', () => (lost = true));
    queueConnection.on('ready', () => {
      if (!lost) return;
      lost = false;
      void (async () => {
        await upsertSchedules(queues.sweep, everyMs);
        if (options.checks !== false) await upsertCheckSchedule(queues.checks);
        await queues.slack.promoteJobs();
        await requestSweep('redis-back');
      })().catch((e: unknown) => report(e, { step: 'after Redis returned' }));
    });
    // Redis emptied while connected (FLUSHALL) drops the schedules with no reconnect to notice it:
    // assert them again every interval (idempotent), so the sweeps, which rebuild every pending
    // job from PostgreSQL, go on.
    const guard = setInterval(() => {
      void (async () => {
        const [scheduler] = await queues.sweep.getJobSchedulers(0, 0);
        if (scheduler) return;
        await upsertSchedules(queues.sweep, everyMs);
        if (options.checks !== false) await upsertCheckSchedule(queues.checks);
        await requestSweep('schedules-lost');
      })().catch((e: unknown) => report(e, { step: 'asserting the schedules' }));
    }, everyMs);
    guard.unref();
    stops.push(() => clearInterval(guard));
  }

  let closed = false;
  return {
    queues,
    requestSweep,
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of stops) stop();
      // Workers first (they finish the jobs in hand), then the queues, then Redis.
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(queues).map((q) => q.close()));
      for (const c of connections) c.disconnect();
    },
  };
}
