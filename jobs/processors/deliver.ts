// A message of the outbox, delivered to Slack once (src/slack/deliver.ts).
import { Worker } from 'bullmq';
import type { WebClient } from '@slack/web-api';
import { deliverMessage, RateLimited } from '../../src/slack/deliver.js';
import { DeliveryJob } from '../payloads.js';
import { processor, TryAgainSoon } from './base.js';
import type { ProcessorContext } from './context.js';

export const deliverProcessor = (ctx: ProcessorContext, slack: WebClient) =>
  processor(ctx, {
    queue: 'slack',
    payload: DeliveryJob,
    ids: ({ outboxId }) => ({ outbox: outboxId }),
    run: async ({ outboxId }, _job, log) => {
      try {
        const result = await deliverMessage(
          { database: ctx.deps.database, slack, config: ctx.deps.config },
          outboxId,
          ctx.clock(),
        );
        // Busy: another worker holds it; waiting: the message it updates is not out yet. Try again soon.
        if (result === 'waiting' || result === 'busy') throw new TryAgainSoon(`message ${outboxId} ${result}`);
        return result;
      } catch (e) {
        if (e instanceof RateLimited) {
          // Slack's Retry-After pauses the whole queue, and the job is tried again without spending an attempt.
          log.warn({ retryAfterMs: e.retryAfterMs }, 'Slack rate limit: the queue waits');
          await ctx.worker().rateLimit(e.retryAfterMs);
          throw Worker.RateLimitError();
        }
        throw e;
      }
    },
  });
