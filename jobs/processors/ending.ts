// A contract whose end date has come (Art. 8, 9). An ending that fails is recorded and tried
// again after its backoff (services/failures.ts), by a job of its own.
import type { Job } from 'bullmq';
import { isolated } from '../../src/services/failures.js';
import { databaseInstance, endDueContract } from '../../src/services/sweep.js';
import { EndingJob } from '../payloads.js';
import { JOB_OPTIONS, jobId } from '../queues.js';
import type { ProcessorContext } from './context.js';

export const endingProcessor = (ctx: ProcessorContext) => async (job: Job) => {
  const { contractId } = EndingJob.parse(job.data);
  const db = ctx.deps.database.db;
  const now = ctx.clock();
  const r = await isolated(db, { step: 'ending', subject: contractId, contractId }, now, () => endDueContract(db, contractId, now));
  if (!r.ok) {
    const retryAt = new Date(r.failure.retryAt);
    const instance = await databaseInstance(db, now);
    await ctx.queues.endings.add('ending', { contractId }, { ...JOB_OPTIONS.endings, jobId: jobId(instance, 'end', contractId, retryAt.getTime()), delay: Math.max(0, retryAt.getTime() - now.getTime()) });
    await ctx.kick('ending-failed');
    return { failed: r.failure.error, attempts: r.failure.attempts, retryAt: r.failure.retryAt };
  }
  if (r.value) await ctx.kick('ending');
  return r.value;
};
