// One order of a certificate from its CA (RFC 8555), placed or resumed; what happened is on the
// order's row (attempts, error, next try) and told to staff, so the job itself never retries.
import type { Job } from 'bullmq';
import { placeDueOrder } from '../../src/services/orders.js';
import { OrderJob } from '../payloads.js';
import type { ProcessorContext } from './context.js';

export const orderProcessor = (ctx: ProcessorContext) => async (job: Job) => {
  const due = OrderJob.parse(job.data);
  const { config, database } = ctx.deps;
  const masters = [config.masterKey, config.previousMasterKey].filter((m) => m !== undefined);
  if (!masters.length) return { skipped: 'CERTDESK_MASTER_KEY is not set' };
  const result = await placeDueOrder(database.db, due, { masters, dnsHook: config.acmeDnsHook }, ctx.clock);
  // Staff alerts were written to the outbox: deliver them.
  await ctx.requestSweep('order');
  return { result };
};
