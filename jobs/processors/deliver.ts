// A message of the outbox, delivered to Slack once (src/slack/deliver.ts), at Slack's pace in its
// channel (src/slack/pace.ts): a message whose slot is later waits for it as a delayed job, without
// spending an attempt or holding the worker from other channels, and comes back holding it.
import { DelayedError, Worker } from 'bullmq';
import type { WebClient } from '@slack/web-api';
import { deliverMessage, RateLimited } from '../../src/slack/deliver.js';
import { Paced } from '../../src/slack/pace.js';
import { DeliveryJob } from '../payloads.js';
import { processor, TryAgainSoon } from './base.js';
import type { ProcessorContext } from './context.js';

/** How long a notice's first post waits at most for the others of its customer to be made. */
const NOTICE_GATHERING_MS = 30_000;

export const deliverProcessor = (ctx: ProcessorContext, slack: WebClient) =>
  processor(ctx, {
    queue: 'slack',
    payload: DeliveryJob,
    ids: ({ outboxId }) => ({ outbox: outboxId }),
    run: async ({ outboxId, slot }, job, log, token) => {
      try {
        // A notice's first post waits while its customer's other notices of the sweep are still being
        // made, so that they go out in one message (src/services/notice-groups.ts) — for a while at most.
        const result = await deliverMessage(
          { database: ctx.deps.database, slack, config: ctx.deps.config },
          outboxId,
          ctx.clock(),
          { slot, waitForOthers: Date.now() - job.timestamp < NOTICE_GATHERING_MS },
        );
        if (result === 'gathering') {
          await job.moveToDelayed(Date.now() + 500, token);
          throw new DelayedError();
        }
        // Busy: another worker holds it; waiting: the message it updates is not out yet. Try again soon.
        if (result === 'waiting' || result === 'busy') throw new TryAgainSoon(`message ${outboxId} ${result}`);
        return result;
      } catch (e) {
        if (e instanceof Paced) {
          log.debug({ channel: e.slot.channel, at: new Date(e.slot.at).toISOString() }, 'paced: waits for its slot');
          await job.updateData({ outboxId, slot: e.slot });
          await job.moveToDelayed(e.slot.at, token);
          throw new DelayedError();
        }
        if (e instanceof RateLimited) {
          // Slack's Retry-After pauses the whole queue, and the job is tried again without spending an attempt.
          // Slack does not say whether its per-channel or its workspace-wide limit refused: both are kept.
          log.warn({ retryAfterMs: e.retryAfterMs }, 'Slack rate limit: the queue waits');
          await ctx.worker().rateLimit(e.retryAfterMs);
          throw Worker.RateLimitError();
        }
        throw e;
      }
    },
  });
