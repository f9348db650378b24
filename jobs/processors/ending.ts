// A contract whose end date has come (Art. 8, 9).
import type { Job } from 'bullmq';
import { endDueContract } from '../../src/services/sweep.js';
import { EndingJob } from '../payloads.js';
import type { ProcessorContext } from './context.js';

export const endingProcessor = (ctx: ProcessorContext) => async (job: Job) => {
  const { contractId } = EndingJob.parse(job.data);
  const ended = await endDueContract(ctx.deps.database.db, contractId, ctx.clock());
  if (ended) await ctx.kick('ending');
  return ended;
};
