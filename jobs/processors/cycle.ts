// One renewal cycle's due steps (Art. 6): notices, deadlines, holds, lapses, renewed terms. A
// cycle whose step fails is recorded and tried again after its backoff (services/failures.ts),
// by a job of its own: the failure is not the queue's to retry, and no other cycle waits for it.
import { processCycle } from '../../src/services/cycles.js';
import { isolated } from '../../src/services/failures.js';
import { databaseInstance } from '../../src/services/sweep.js';
import { CycleJob } from '../payloads.js';
import { JOB_OPTIONS, jobId } from '../queues.js';
import { processor } from './base.js';
import type { ProcessorContext } from './context.js';

export const cycleProcessor = (ctx: ProcessorContext) =>
  processor(ctx, {
    queue: 'renewals',
    payload: CycleJob,
    ids: ({ cycleId }) => ({ cycle: cycleId }),
    run: async ({ cycleId }, _job, log) => {
      const db = ctx.deps.database.db;
      const now = ctx.clock();
      const r = await isolated(db, { step: 'cycle', subject: String(cycleId), cycleId }, now, () =>
        processCycle(db, cycleId, now, ctx.deps.config.renewalPolicy),
      );
      if (!r.ok) {
        // The same id as the sweep gives the cycle once due at the retry instant: queued once.
        const retryAt = new Date(r.failure.retryAt);
        log.warn(
          { error: r.failure.error, failures: r.failure.attempts, retryAt: r.failure.retryAt },
          'a step of the cycle failed; it is tried again later',
        );
        const instance = await databaseInstance(db, now);
        await ctx.queues.renewals.add(
          'cycle',
          { cycleId },
          {
            ...JOB_OPTIONS.renewals,
            jobId: jobId(instance, 'cycle', cycleId, retryAt.getTime()),
            delay: Math.max(0, retryAt.getTime() - now.getTime()),
          },
        );
        await ctx.requestSweep('cycle-failed');
        return { failed: r.failure.error, attempts: r.failure.attempts, retryAt: r.failure.retryAt };
      }
      const done = r.value;
      if (done !== 'busy')
        for (const s of done) log.info({ contract: s.contractId, step: s.step, detail: s.detail }, 'renewal step done');
      if (done !== 'busy' && done.length > 0) await ctx.requestSweep('cycle');
      return done;
    },
  });
