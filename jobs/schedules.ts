// The registry of job schedulers: idempotent, so every start (and every sweep) may assert it.
import type { Queue } from 'bullmq';
import { JOB_OPTIONS } from './queues.js';

export async function upsertSchedules(sweep: Queue, everyMs: number): Promise<void> {
  await sweep.upsertJobScheduler(
    'sweep-every-minute',
    { every: everyMs },
    { name: 'sweep', data: { reason: 'schedule' }, opts: JOB_OPTIONS.sweep },
  );
}

/** The served-certificate check of every contract, each morning in Tokyo. */
export async function upsertCheckSchedule(checks: Queue): Promise<void> {
  await checks.upsertJobScheduler(
    'served-checks-daily',
    { pattern: '0 10 * * *', tz: 'Asia/Tokyo' },
    { name: 'check', data: {}, opts: JOB_OPTIONS.checks },
  );
}
