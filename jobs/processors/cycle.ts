// One renewal cycle's due steps (Art. 6): notices, deadlines, holds, lapses, renewed terms.
import type { Job } from 'bullmq';
import { processCycle } from '../../src/services/cycles.js';
import { CycleJob } from '../payloads.js';
import type { ProcessorContext } from './context.js';

export const cycleProcessor = (ctx: ProcessorContext) => async (job: Job) => {
  const { cycleId } = CycleJob.parse(job.data);
  const done = await processCycle(ctx.deps.database.db, cycleId, ctx.clock(), ctx.deps.config.renewalPolicy);
  if (done !== 'busy' && done.length > 0) await ctx.kick('cycle');
  return done;
};
