// The notice-throughput 'minimal' baseline: a bare BullMQ worker doing the least one notice needs,
// with the concurrency, limiter and job options of certdesk's Slack queue. Per job: one PostgreSQL
// statement that claims the pending outbox message and records it sent (a prepared statement of
// the postgres driver), and one chat.postMessage to the Slack stub over a keep-alive connection.
// Adds N jobs (outbox ids 1..N), then works them; prints one JSON line when every job is done.
import { Agent, request } from 'node:http';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { JOB_OPTIONS, WORKER_OPTIONS } from '../jobs/queues.js';

const n = Number(process.argv[2]);
const redisUrl = process.env.REDIS_URL!;
const api = new URL(process.env.SLACK_API_URL!);
const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
const name = 'bench-minimal';
const connection = () => new Redis(redisUrl, { maxRetriesPerRequest: null });

const CLAIM = `update outbox set status = 'sent', attempts = attempts + 1, attempted_at = now(), sent_at = now()
  where id = $1 and status = 'pending' returning channel`;

function post(channel: string): Promise<void> {
  const body = JSON.stringify({ channel, text: 'notice' });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: api.hostname,
        port: api.port,
        path: `${api.pathname}chat.postMessage`,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          authorization: 'Bearer xoxb-bench-0000',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`stub: ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const queue = new Queue(name, { connection: connection() });
for (let i = 0; i < n; i += 1_000) {
  await queue.addBulk(
    Array.from({ length: Math.min(1_000, n - i) }, (_, k) => ({
      name: 'deliver',
      data: { outboxId: i + k + 1 },
      opts: { ...JOB_OPTIONS.slack, jobId: `minimal-${i + k + 1}` },
    })),
  );
}
let done = 0;
await new Promise<void>((resolve, reject) => {
  const worker = new Worker<{ outboxId: number }>(
    name,
    async (job) => {
      const [row] = await sql.unsafe<{ channel: string }[]>(CLAIM, [job.data.outboxId], { prepare: true });
      if (!row) throw new Error(`outbox ${job.data.outboxId} was not pending`);
      await post(row.channel);
    },
    { connection: connection(), ...WORKER_OPTIONS.slack },
  );
  worker.on('failed', (_job, e) => reject(e));
  worker.on('completed', () => {
    if (++done === n) void worker.close().then(() => resolve());
  });
});
await queue.obliterate({ force: true });
await queue.close();
await sql.end();
agent.destroy();
process.stdout.write(`${JSON.stringify({ jobs: done })}\n`);
process.exit(0);
