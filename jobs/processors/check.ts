// What each contract's host really serves (src/services/served.ts); unreachable hosts are
// reported, never crash the worker.
import { checkServed } from '../../src/services/served.js';
import { CheckJob } from '../payloads.js';
import { processor } from './base.js';
import type { ProcessorContext } from './context.js';

export const checkProcessor = (ctx: ProcessorContext) =>
  processor(ctx, {
    queue: 'checks',
    payload: CheckJob,
    ids: ({ contractId }) => (contractId ? { contract: contractId } : {}),
    run: async ({ contractId }) => {
      const noticeDays = Math.max(...ctx.deps.config.renewalPolicy.noticeDays);
      const results = await checkServed(ctx.deps.database.db, { contractId, noticeDays }, ctx.clock());
      if (results.some((r) => r.outcome !== 'current')) await ctx.requestSweep('check');
      return results.map((r) => `${r.contract} ${r.outcome}`);
    },
  });
