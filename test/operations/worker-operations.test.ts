// Operating `certdesk worker`: with PORT set it answers /healthz, /readyz and /metrics; a job whose
// payload fails its schema fails once (UnrecoverableError), not after every retry; the error is
// posted to CERTDESK_ERROR_WEBHOOK signed as Slack signs its requests; and every stderr line is
// JSON, with secrets masked.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../jobs/queues.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { freePort } from '../support/net.js';

const t = useFreshDatabase();
const REDIS_URL = testRedisUrl(7);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js');
const TOKEN = 'worker-metrics-token-0123456789';
const SECRET = 'error-webhook-secret-0123456789abcdef';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
const received: Received[] = [];
let hook: Server;
let hookUrl = '';
let worker: ChildProcess;
let base = '';
let log = '';

async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n--- certdesk worker said:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/errors?token=s3cr3t-query-token`;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  worker = spawn(process.execPath, [BIN, 'worker'], {
    env: {
      ...process.env,
      ...t.env,
      PORT: String(port),
      REDIS_URL,
      CERTDESK_NOW: '2026-11-11T09:00+09:00',
      CERTDESK_LANG: 'en',
      SLACK_BOT_TOKEN: 'xoxb-worker-secret-token',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      CERTDESK_METRICS_TOKEN: TOKEN,
      CERTDESK_ERROR_WEBHOOK: hookUrl,
      CERTDESK_ERROR_WEBHOOK_SECRET: SECRET,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  worker.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await until('the worker listening', () =>
    fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    ),
  );
});

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
  }
  await new Promise((r) => hook.close(r));
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
});

describe('certdesk worker with PORT set', () => {
  it('answers /healthz, /readyz and /metrics (behind the token)', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const text = await until('a scrape with the database read', async () => {
      const s = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      return s.includes('\ncertdesk_database_up 1') && s;
    });
    // (The staff digest of the day may be waiting: this Slack is unreachable.)
    expect(text).toMatch(/\ncertdesk_outbox_messages\{state="pending"\} [01]\n/);
    expect(text).toContain('\ncertdesk_outbox_messages{state="failed"} 0\n');
    expect(text).toContain('certdesk_queue_jobs{queue="certdesk-renewals",state="waiting"}');
  });

  it('a payload that fails its schema fails once, is reported to the webhook signed, and logged without secrets', async () => {
    const queue = new Queue(QUEUES.renewals, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }) });
    try {
      const job = await queue.add(
        'cycle',
        { cycleId: 'xoxb-leaked-in-a-payload' },
        { attempts: 5, backoff: { type: 'fixed', delay: 100 } },
      );
      // The state first, then the job: a job read before it failed would still say 0 attempts.
      const failed = await until(
        'the job failed',
        async () => (await queue.getJobState(job.id!)) === 'failed' && (await queue.getJob(job.id!)),
      );
      // Unrecoverable: one attempt, not five.
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toMatch(/payload does not match its schema: cycleId/);
    } finally {
      await queue.close();
    }

    const report = await until('the error reported', () =>
      received.find((r) => r.body.includes('payload does not match')),
    );
    const timestamp = String(report.headers['x-certdesk-request-timestamp']);
    expect(timestamp).toMatch(/^\d+$/);
    const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${report.body}`).digest('hex')}`;
    const signature = String(report.headers['x-certdesk-signature']);
    expect(signature.length).toBe(expected.length);
    expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
    const body = JSON.parse(report.body) as {
      service: string;
      process: string;
      error: { type: string; message: string };
      context: { queue: string };
    };
    expect(body).toMatchObject({
      service: 'certdesk',
      process: 'worker',
      error: { type: 'UnrecoverableError' },
      context: { queue: 'certdesk-renewals' },
    });
    expect(report.body).not.toContain('xoxb-leaked-in-a-payload');

    const lines = await until(
      'the failure logged',
      () => log.includes('"outcome":"unrecoverable"') && log.split('\n').filter(Boolean),
    );
    for (const line of lines)
      expect(JSON.parse(line), line).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        msg: expect.any(String),
      });
    expect(
      lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r.outcome === 'unrecoverable'),
    ).toMatchObject({ level: 'error', msg: 'job failed', queue: 'certdesk-renewals', attempt: 1, attempts: 5 });
    for (const secret of ['xoxb-leaked-in-a-payload', 'xoxb-worker-secret-token', TOKEN, SECRET, 's3cr3t-query-token'])
      expect(log).not.toContain(secret);
  });
});
