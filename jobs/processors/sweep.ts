// The sweep: finds due work in PostgreSQL and queues it. After Redis is emptied, the next sweep
// (the job scheduler re-asserted on the way) queues every pending piece again.
import { alertReissue, dueReissues } from '../../src/services/certificates.js';
import { recordSweep } from '../../src/services/operations.js';
import { dueOrders } from '../../src/services/orders.js';
import {
  databaseInstance,
  enqueueDigest,
  findDueWork,
  MESSAGE_PAGES,
  pendingMessagesAfter,
  reschedulePolicy,
  SWEEP_BATCH,
} from '../../src/services/sweep.js';
import { SweepJob } from '../payloads.js';
import { JOB_OPTIONS, jobId } from '../queues.js';
import { upsertSchedules } from '../schedules.js';
import { processor } from './base.js';
import type { ProcessorContext } from './context.js';

export const sweepProcessor = (ctx: ProcessorContext) =>
  processor(ctx, {
    queue: 'sweep',
    payload: SweepJob,
    ids: ({ reason }) => (reason ? { reason } : {}),
    run: async () => {
      const stop = ctx.metrics.sweepDuration.startTimer();
      const { deps, queues } = ctx;
      const db = deps.database.db;
      const policy = deps.config.renewalPolicy;
      const now = ctx.clock();
      await upsertSchedules(queues.sweep, ctx.everyMs);
      await reschedulePolicy(db, policy, now);
      await enqueueDigest(db, now, policy);
      for (const due of await dueReissues(db, now, deps.config.reissueNoticeDays, SWEEP_BATCH))
        await alertReissue(db, due, now);
      // Orders from the CA: the job id names the need and the attempt, so a waiting one is not queued twice.
      const orders = await dueOrders(db, now, deps.config.reissueNoticeDays, SWEEP_BATCH);
      await queues.orders.addBulk(
        orders.map((o) => ({
          name: 'order',
          data: o,
          opts: { ...JOB_OPTIONS.orders, jobId: jobId('order', o.contractId, o.need) },
        })),
      );
      const due = await findDueWork(db, now);
      const instance = await databaseInstance(db, now);
      // The due instant in the id: a cycle due again later is a new job, not one already done.
      await queues.renewals.addBulk(
        due.cycles.map((c) => ({
          name: 'cycle',
          data: { cycleId: c.id },
          opts: { ...JOB_OPTIONS.renewals, jobId: jobId(instance, 'cycle', c.id, c.dueAt.getTime()) },
        })),
      );
      await queues.endings.addBulk(
        due.endings.map((contractId) => ({
          name: 'ending',
          data: { contractId },
          opts: { ...JOB_OPTIONS.endings, jobId: jobId(instance, 'end', contractId) },
        })),
      );
      // Every message waiting, batch after batch: a fan-out larger than one batch does not wait a
      // minute for the next sweep. A message already queued keeps its job (same id).
      let messages = due.messages;
      let queued = 0;
      for (let page = 1; messages.length > 0; page++) {
        await queues.slack.addBulk(
          messages.map((outboxId) => ({
            name: 'deliver',
            data: { outboxId },
            opts: { ...JOB_OPTIONS.slack, jobId: jobId(instance, 'msg', outboxId) },
          })),
        );
        queued += messages.length;
        if (messages.length < SWEEP_BATCH || page >= MESSAGE_PAGES) break;
        messages = await pendingMessagesAfter(db, messages.at(-1)!);
      }
      // The real time, not the business clock: the alert on a sweep gone quiet compares it with Prometheus's.
      await recordSweep(db, now, new Date());
      stop();
      return { cycles: due.cycles.length, endings: due.endings.length, messages: queued, orders: orders.length };
    },
  });
