// A contract whose end date has come (Art. 8, 9). An ending that fails is recorded and tried
// again after its backoff (services/failures.ts), by a job of its own.
import { isolated } from '../../src/services/failures.js';
import { databaseInstance, endDueContract } from '../../src/services/sweep.js';
import { EndingJob } from '../payloads.js';
import { JOB_OPTIONS, jobId } from '../queues.js';
import { processor } from './base.js';
import type { ProcessorContext } from './context.js';

export const endingProcessor = (ctx: ProcessorContext) =>
  processor(ctx, {
    queue: 'endings',
    payload: EndingJob,
    ids: ({ contractId }) => ({ contract: contractId }),
    run: async ({ contractId }, _job, log) => {
      const db = ctx.deps.database.db;
      const now = ctx.clock();
      const r = await isolated(db, { step: 'ending', subject: contractId, contractId }, now, () =>
        endDueContract(db, contractId, now),
      );
      if (!r.ok) {
        const retryAt = new Date(r.failure.retryAt);
        log.warn(
          { error: r.failure.error, failures: r.failure.attempts, retryAt: r.failure.retryAt },
          'the ending failed; it is tried again later',
        );
        const instance = await databaseInstance(db, now);
        await ctx.queues.endings.add(
          'ending',
          { contractId },
          {
            ...JOB_OPTIONS.endings,
            jobId: jobId(instance, 'end', contractId, retryAt.getTime()),
            delay: Math.max(0, retryAt.getTime() - now.getTime()),
          },
        );
        await ctx.requestSweep('ending-failed');
        return { failed: r.failure.error, attempts: r.failure.attempts, retryAt: r.failure.retryAt };
      }
      if (r.value) {
        log.info('contract ended');
        await ctx.requestSweep('ending');
      }
      return r.value;
    },
  });
