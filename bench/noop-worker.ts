// The notice-throughput baseline: a BullMQ worker whose processor does nothing, on the same
// Redis, with the concurrency and job options of certdesk's Slack queue. Adds N jobs, then works
// them; prints one JSON line: jobs per second from the first job started to the last completed.
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_OPTIONS, WORKER_OPTIONS } from '../jobs/queues.js';

const n = Number(process.argv[2]);
const url = process.env.REDIS_URL!;
const name = 'bench-noop';
const connection = () => new Redis(url, { maxRetriesPerRequest: null });
const queue = new Queue(name, { connection: connection() });
for (let i = 0; i < n; i += 1_000) {
  await queue.addBulk(
    Array.from({ length: Math.min(1_000, n - i) }, (_, k) => ({
      name: 'deliver',
      data: { outboxId: i + k + 1 },
      opts: { ...JOB_OPTIONS.slack, jobId: `noop-${i + k + 1}` },
    })),
  );
}
let first = 0;
let done = 0;
const finished = new Promise<number>((resolve) => {
  const worker = new Worker(
    name,
    async () => {
      if (first === 0) first = performance.now();
    },
    { connection: connection(), concurrency: WORKER_OPTIONS.slack.concurrency },
  );
  worker.on('completed', () => {
    if (++done === n) {
      const ms = performance.now() - first;
      void worker.close().then(() => resolve(ms));
    }
  });
});
const ms = await finished;
await queue.obliterate({ force: true });
await queue.close();
process.stdout.write(`${JSON.stringify({ jobsPerSecond: (n / ms) * 1000, ms })}\n`);
process.exit(0);
