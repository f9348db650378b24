// The registry of job schedulers: idempotent, so every start (and every sweep) may assert it.
import type { Queue } from 'bullmq';
import { JOB_OPTIONS } from './queues.js';

export async function upsertSchedules(sweep: Queue, everyMs: number): Promise<void> {
  await sweep.upsertJobScheduler('sweep-every-minute', { every: everyMs }, { name: 'sweep', data: { reason: 'schedule' }, opts: JOB_OPTIONS.sweep });
}
