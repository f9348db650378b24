// The BullMQ side of the scheduler: the queues, one processor per job, the registry of job
// schedulers, and an ordered shutdown. The processors only call the work of ./work.ts.
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { processCycle } from '../src/services/cycles.js';
import { databaseInstance, endDueContract, enqueueDigest, findDueWork, reschedulePolicy } from '../src/services/sweep.js';
import { deliverMessage, markFailed, RateLimited } from '../src/slack/deliver.js';
import { redisConnection } from './connection.js';
import { CycleJob, DeliveryJob, EndingJob, SweepJob } from './payloads.js';
import { JOB_OPTIONS, jobId, QUEUES, WORKER_OPTIONS } from './queues.js';
import type { WorkDeps } from './work.js';

export interface Scheduler {
  /** Runs a sweep now (after a change that made work due, e.g. an answer to redraw a notice). */
  kick: (reason: string) => Promise<void>;
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
  log?: (line: string) => void;
}

/** The registry of job schedulers: idempotent, so every start (and every minute) may assert it. */
async function upsertSchedules(sweep: Queue, everyMs: number): Promise<void> {
  await sweep.upsertJobScheduler('sweep-every-minute', { every: everyMs }, { name: 'sweep', data: { reason: 'schedule' }, opts: JOB_OPTIONS.sweep });
}

export async function startScheduler(deps: WorkDeps, options: SchedulerOptions): Promise<Scheduler> {
  const log = options.log ?? (() => {});
  const connections: Redis[] = [];
  const connect = (forWorker: boolean) => {
    const c = redisConnection(options.redisUrl, forWorker);
    connections.push(c);
    return c;
  };
  const queueConnection = connect(true);
  const queues = {
    sweep: new Queue(QUEUES.sweep, { connection: queueConnection }),
    renewals: new Queue(QUEUES.renewals, { connection: queueConnection }),
    endings: new Queue(QUEUES.endings, { connection: queueConnection }),
    slack: new Queue(QUEUES.slack, { connection: queueConnection }),
  };
  const everyMs = options.sweepEveryMs ?? 60_000;
  const policy = deps.config.renewalPolicy;
  const workers: Worker[] = [];

  if (options.workers !== false) {
    await upsertSchedules(queues.sweep, everyMs);

    // The sweep finds due work in PostgreSQL and queues it. After Redis is emptied, the next
    // sweep (the scheduler re-asserted on the way) queues every pending piece again.
    workers.push(
      new Worker(
        QUEUES.sweep,
        async (job: Job) => {
          SweepJob.parse(job.data);
          const now = options.clock();
          await upsertSchedules(queues.sweep, everyMs);
          await reschedulePolicy(deps.database.db, policy, now);
          await enqueueDigest(deps.database.db, now, policy);
          const due = await findDueWork(deps.database.db, now);
          const db = await databaseInstance(deps.database.db, now);
          // The due instant in the id: a cycle due again later is a new job, not one already done.
          await queues.renewals.addBulk(due.cycles.map((c) => ({ name: 'cycle', data: { cycleId: c.id }, opts: { ...JOB_OPTIONS.renewals, jobId: jobId(db, 'cycle', c.id, c.dueAt.getTime()) } })));
          await queues.endings.addBulk(due.endings.map((contractId) => ({ name: 'ending', data: { contractId }, opts: { ...JOB_OPTIONS.endings, jobId: jobId(db, 'end', contractId) } })));
          await queues.slack.addBulk(due.messages.map((outboxId) => ({ name: 'deliver', data: { outboxId }, opts: { ...JOB_OPTIONS.slack, jobId: jobId(db, 'msg', outboxId) } })));
          return { cycles: due.cycles.length, endings: due.endings.length, messages: due.messages.length };
        },
        { connection: connect(true), ...WORKER_OPTIONS.sweep },
      ),
    );

    workers.push(
      new Worker(
        QUEUES.renewals,
        async (job: Job) => {
          const { cycleId } = CycleJob.parse(job.data);
          const done = await processCycle(deps.database.db, cycleId, options.clock(), policy);
          if (done !== 'busy' && done.length > 0) await kick('cycle');
          return done;
        },
        { connection: connect(true), ...WORKER_OPTIONS.renewals },
      ),
    );

    workers.push(
      new Worker(
        QUEUES.endings,
        async (job: Job) => {
          const { contractId } = EndingJob.parse(job.data);
          const ended = await endDueContract(deps.database.db, contractId, options.clock());
          if (ended) await kick('ending');
          return ended;
        },
        { connection: connect(true), ...WORKER_OPTIONS.endings },
      ),
    );

    if (deps.slack) {
      const slack = deps.slack;
      const deliverer = { database: deps.database, slack, config: deps.config };
      const slackWorker: Worker = new Worker(
        QUEUES.slack,
        async (job: Job) => {
          const { outboxId } = DeliveryJob.parse(job.data);
          try {
            const result = await deliverMessage(deliverer, outboxId, options.clock());
            // Busy: another worker holds it; waiting: its original is not out yet. Try again soon.
            if (result === 'waiting' || result === 'busy') throw new Error(`message ${outboxId} ${result}`);
            return result;
          } catch (e) {
            if (e instanceof RateLimited) {
              // Slack's Retry-After pauses the whole queue, and the job is tried again without spending an attempt.
              await slackWorker.rateLimit(e.retryAfterMs);
              throw Worker.RateLimitError();
            }
            throw e;
          }
        },
        { connection: connect(true), ...WORKER_OPTIONS.slack },
      );
      slackWorker.on('failed', (job, err) => {
        if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
        // Retries spent: the message is marked failed and staff are told what failed, for whom.
        void markFailed(deliverer, DeliveryJob.parse(job.data).outboxId, err.message, options.clock()).catch((e: unknown) => log(`certdesk: could not record a failed delivery: ${(e as Error).message}`));
      });
      workers.push(slackWorker);
    }
    for (const w of workers) {
      w.on('error', (e) => log(`certdesk: worker ${w.name}: ${e.message}`));
      w.on('failed', (job, e) => log(`certdesk: ${w.name} job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? 0}): ${e.message}`));
    }
  }

  // Each kick is its own job: a sweep already running may have read the outbox before the change.
  async function kick(reason: string): Promise<void> {
    await queues.sweep.add('sweep', { reason }, JOB_OPTIONS.sweep);
  }

  // A worker that starts sweeps at once: after a restart, or a Redis emptied meanwhile, pending
  // work does not wait for the next scheduled run.
  if (workers.length) await kick('start');

  let closed = false;
  return {
    queues,
    kick,
    async close() {
      if (closed) return;
      closed = true;
      // Workers first (they finish the jobs in hand), then the queues, then Redis.
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(queues).map((q) => q.close()));
      for (const c of connections) c.disconnect();
    },
  };
}
