// Redis goes away and comes back (emptied, as a restarted Redis without persistence is): posting
// resumes within seconds. The test runs its own redis-server on a free port, and stops only that.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certdesk, jsonl } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { freePort } from '../support/net.js';
import { useServedApp } from '../support/slack/served-app.js';

const t = useFreshDatabase();
const ALICE = 'U0ALICE';
const ACME = 'C0ACME';
let redisPort = 0;
let redis: ChildProcess | undefined;

async function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(redisPort, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not start');
}

async function stopRedis(): Promise<void> {
  if (!redis || redis.exitCode !== null) return;
  const exited = new Promise((r) => redis!.once('exit', r));
  redis.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
});
afterAll(stopRedis);

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl(
    { type: 'customer', id: 'acme', name: 'ACME株式会社', country: 'JP', channel: ACME, contacts: [ALICE] },
    {
      type: 'contract',
      id: 'acme-www',
      customer: 'acme',
      item: 'quick-ssl',
      term: '1y',
      commonName: 'www.acme.example',
      notBefore: '2026-01-11T00:00:00+09:00',
      notAfter: '2027-01-10T23:59:59+09:00',
    },
    { type: 'staff', slackUserId: 'U0STAFF', name: '山田 花子' },
  ),
  secret: '9a8b7c6d5e4f30211203f4e5d6c7b8a9',
  redisUrl: '', // set below, once the port is known
  now: '2026-11-11T09:00+09:00',
  staffChannel: 'C0STAFF',
  users: { [ALICE]: { locale: 'ja-JP' } },
  redisUrlOf: () => `redis://127.0.0.1:${redisPort}`,
});

describe('after a Redis outage, posting resumes within seconds of Redis coming back', () => {
  it('a 30-second outage: an answer recorded meanwhile redraws its notice soon after Redis returns, emptied', async () => {
    const fake = app.fake;
    await app.until('the notice', () =>
      fake.messagesIn(ACME).find((m) => m.metadata?.event_type === 'certdesk_outbox'),
    );
    await stopRedis();
    await new Promise((r) => setTimeout(r, 25_000));
    // Staff record an answer from the command line: PostgreSQL has it, and the redraw it owes waits
    // in the outbox; no one can tell the workers (no Redis), and the Redis that returns is empty.
    const r = await certdesk(['answer', '--contract', 'acme-www', '--answer', 'dont-renew'], {
      ...t.env,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      CERTDESK_NOW: '2026-11-11T09:30+09:00',
    });
    expect(r.code, r.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(fake.callsOf('chat.update')).toEqual([]);
    await startRedis();
    const back = Date.now();
    await app.until('the notice redrawn', () => fake.callsOf('chat.update').length > 0, 60_000);
    const seconds = (Date.now() - back) / 1000;
    expect(seconds, `redrawn ${seconds} s after Redis returned`).toBeLessThan(10);
  }, 150_000);
});
