// Every job runs inside this one wrapper: its payload checked by its zod schema (a payload that
// fails it is BullMQ's UnrecoverableError: no retry can mend it), a child logger carrying the job's
// id, attempt and the ids the payload names, and one line at its start and one at its end with
// its duration and outcome, counted in certdesk_job_duration_seconds.
import { DelayedError, RateLimitError, UnrecoverableError, type Job, type Processor } from 'bullmq';
import type { z } from 'zod';
import type { Log } from '../../src/log.js';
import { QUEUES } from '../queues.js';
import type { ProcessorContext } from './context.js';

/** The job cannot go on now but will soon (a message another worker holds): not a failure. */
export class TryAgainSoon extends Error {
  override readonly name = 'TryAgainSoon';
}

export type JobOutcome = 'completed' | 'deferred' | 'rate-limited' | 'unrecoverable' | 'failed';

export function outcomeOf(e: unknown): JobOutcome {
  if (e instanceof TryAgainSoon || e instanceof DelayedError) return 'deferred';
  if (e instanceof RateLimitError) return 'rate-limited';
  if (e instanceof UnrecoverableError) return 'unrecoverable';
  return 'failed';
}

export interface JobSpec<S extends z.ZodType, R> {
  queue: keyof typeof QUEUES;
  payload: S;
  /** The ids the log lines carry (`contract`, `cycle`, `outbox`), from the payload. */
  ids?: (data: z.infer<S>) => Record<string, string | number | undefined>;
  /** `token`: the worker's lock on the job, to move it (job.moveToDelayed). */
  run: (data: z.infer<S>, job: Job, log: Log, token: string | undefined) => Promise<R>;
}

/** A result small enough for a log line: a word, a count, a short list; anything else is left out. */
const shown = (r: unknown) =>
  typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean' || (r && JSON.stringify(r).length <= 300)
    ? r
    : undefined;

export function processor<S extends z.ZodType, R>(ctx: ProcessorContext, spec: JobSpec<S, R>): Processor {
  const queue = QUEUES[spec.queue];
  return async (job: Job, token?: string) => {
    const started = performance.now();
    const attempt = { attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 };
    let log = ctx.log.child({ queue, job: job.id, name: job.name, ...attempt });
    const finish = (outcome: JobOutcome, extra: Record<string, unknown> = {}) => {
      const seconds = (performance.now() - started) / 1000;
      ctx.metrics.jobDuration.observe({ queue, outcome }, seconds);
      const line = { outcome, durationMs: Math.round(seconds * 1000), ...extra };
      if (outcome === 'failed' || outcome === 'unrecoverable') log.error(line, 'job failed');
      else log.info(line, 'job done');
    };
    const parsed = spec.payload.safeParse(job.data);
    if (!parsed.success) {
      const e = new UnrecoverableError(
        `${queue} job ${job.id ?? '?'}: payload does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
      );
      finish('unrecoverable', { err: e });
      throw e;
    }
    log = log.child(spec.ids?.(parsed.data) ?? {});
    log.info('job started');
    try {
      const result = await spec.run(parsed.data, job, log, token);
      finish('completed', { result: shown(result) });
      return result;
    } catch (e) {
      const outcome = outcomeOf(e);
      finish(
        outcome,
        outcome === 'failed' || outcome === 'unrecoverable' ? { err: e } : { reason: (e as Error).message },
      );
      throw e;
    }
  };
}
