// A message of the outbox, delivered to Slack once (src/slack/deliver.ts).
import { Worker, type Job } from 'bullmq';
import type { WebClient } from '@slack/web-api';
import { deliverMessage, RateLimited } from '../../src/slack/deliver.js';
import { DeliveryJob } from '../payloads.js';
import type { ProcessorContext } from './context.js';

/** The message is in another worker's hands, or waits for the one it updates: not a failure. */
export class TryAgainSoon extends Error {
  override readonly name = 'TryAgainSoon';
}

export const deliverProcessor = (ctx: ProcessorContext, slack: WebClient) => async (job: Job) => {
  const { outboxId } = DeliveryJob.parse(job.data);
  try {
    const result = await deliverMessage({ database: ctx.deps.database, slack, config: ctx.deps.config }, outboxId, ctx.clock());
    // Busy: another worker holds it; waiting: the message it updates is not out yet. Try again soon.
    if (result === 'waiting' || result === 'busy') throw new TryAgainSoon(`message ${outboxId} ${result}`);
    return result;
  } catch (e) {
    if (e instanceof RateLimited) {
      // Slack's Retry-After pauses the whole queue, and the job is tried again without spending an attempt.
      await ctx.worker().rateLimit(e.retryAfterMs);
      throw Worker.RateLimitError();
    }
    throw e;
  }
};
