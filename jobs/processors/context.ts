// What every processor is given.
import type { Queue, Worker } from 'bullmq';
import type { Log } from '../../src/log.js';
import type { Metrics } from '../../src/metrics.js';
import type { QUEUES } from '../queues.js';
import type { WorkDeps } from '../work.js';

export interface ProcessorContext {
  deps: WorkDeps;
  clock: () => Date;
  queues: Record<keyof typeof QUEUES, Queue>;
  /** Queue a sweep now, after work that made more work due (a message to deliver). */
  requestSweep: (reason: string) => Promise<void>;
  /** The worker running the processor (the Slack one pauses it on a 429). */
  worker: () => Worker;
  everyMs: number;
  log: Log;
  metrics: Metrics;
}
