// Notice throughput: N renewal notices owed to N customers' channels (the outbox as a sweep
// leaves it), delivered by `certdesk worker` through BullMQ to a Slack stub (its own process)
// that answers at once, against the 'minimal' worker (bench/minimal-worker.ts: one statement and
// one post per notice) and, for information, a BullMQ worker doing nothing on the same Redis.
// Reports the worker's peak RSS.
import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { jobsWork } from './lib/product.js';
import {
  CLI,
  createBenchDatabase,
  dropDatabase,
  flushBenchRedis,
  peakRssMb,
  REDIS_BENCH_URL,
  ROOT,
  startChild,
  waitFor,
} from './lib/infra.js';
import { figure, type Figure } from './lib/report.js';
import type { StubSlack } from './lib/stub-slack.js';
import { median, now, sleep } from './lib/stats.js';

const jstDate = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

async function seed(sql: postgres.Sql, n: number, today: string): Promise<void> {
  const T = `'${today}'::date`;
  await sql`set synchronous_commit = off`;
  await sql.unsafe(
    `insert into customers (id, name, country, slack_channel, locale) select 'cust' || g, '顧客 ' || g, 'JP', 'C' || lpad(g::text, 9, '0'), case when g % 10 = 0 then 'en' else 'ja' end from generate_series(1, ${n}) g`,
  );
  await sql.unsafe(
    `insert into contracts (id, customer_id, item, term, common_name, status, origin) select 'K' || g, 'cust' || g, 'quick-ssl', '1y', 'h' || g || '.example.jp', 'active', 'imported' from generate_series(1, ${n}) g`,
  );
  await sql.unsafe(
    `insert into contract_terms (id, contract_id, seq, item, term, starts_on, expiry_date, kind) select g, 'K' || g, 1, 'quick-ssl', '1y', ${T} + 60 - interval '1 year' + interval '1 day', ${T} + 60, 'imported' from generate_series(1, ${n}) g`,
  );
  // The 60-day notice was recorded today; the cycles are next due at the 45-day notice.
  await sql.unsafe(
    `insert into renewal_cycles (id, contract_id, contract_term_id, expiry_date, due_at) select g, 'K' || g, g, ${T} + 60, (${T} + 15 + time '09:00')::timestamp at time zone 'Asia/Tokyo' from generate_series(1, ${n}) g`,
  );
  await sql.unsafe(
    `insert into renewal_notices (id, cycle_id, notice_days, due_on, late) select g, g, 60, ${T}, false from generate_series(1, ${n}) g`,
  );
  await sql.unsafe(
    `insert into outbox (key, view, data, channel, contract_id, status) select 'notice:' || g, 'renewal-notice', jsonb_build_object('noticeId', g), 'C' || lpad(g::text, 9, '0'), 'K' || g, 'pending' from generate_series(1, ${n}) g`,
  );
  for (const t of ['contract_terms', 'renewal_cycles', 'renewal_notices'])
    await sql.unsafe(`select setval('${t}_id_seq', (select max(id) from ${t}))`);
  // Today's staff digest is already out, as it would be by the notice hour.
  await sql`insert into outbox (key, view, data, channel, status) values (${`digest:${today}`}, 'staff-digest', ${sql.json({ date: today })}, null, 'sent')`;
  await sql`analyze`;
}

function noop(n: number): Promise<{ jobsPerSecond: number; rss: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [`${ROOT}dist-bench/bench/noop-worker.js`, String(n)], {
      env: { ...process.env, REDIS_URL: REDIS_BENCH_URL },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let rss = 0;
    const t = setInterval(() => {
      try {
        rss = Math.max(rss, peakRssMb(p.pid!));
      } catch {
        // exited
      }
    }, 200);
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      clearInterval(t);
      if (code !== 0) return reject(new Error(`noop worker exited ${code}`));
      resolve({ ...(JSON.parse(out.trim().split('\n').at(-1)!) as { jobsPerSecond: number }), rss });
    });
  });
}

/** The minimal worker on a copy of the template: jobs/s from its first post to its last, as the stub sees them. */
async function minimal(n: number, url: string, stub: StubSlack): Promise<number> {
  await stub.reset();
  await new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, [`${ROOT}dist-bench/bench/minimal-worker.js`, String(n)], {
      env: { ...process.env, REDIS_URL: REDIS_BENCH_URL, DATABASE_URL: url, SLACK_API_URL: stub.apiUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`minimal worker exited ${code}`))));
  });
  const { posts, firstPostAt, lastPostAt } = await stub.state();
  if (posts !== n) throw new Error(`the minimal worker posted ${posts} of ${n} notices`);
  return ((n - 1) / (lastPostAt - firstPostAt)) * 1000;
}

export async function benchNotices(
  stub: StubSlack,
  o: { notices: number; rounds: number },
  log: (s: string) => void,
): Promise<{ figures: Figure[]; raw: unknown; method: string[] }> {
  const { reschedulePolicy, openDatabase, loadConfig } = await jobsWork();
  const template = 'certdesk_bench_notices_template';
  const at = new Date();
  const templateUrl = await createBenchDatabase(template);
  {
    const database = openDatabase(templateUrl);
    await reschedulePolicy(
      database.db,
      loadConfig({}, ['CERTDESK_NOTICE_DAYS', 'CERTDESK_REPLY_DAYS', 'CERTDESK_NOTICE_HOUR']).renewalPolicy,
      at,
    );
    await database.close();
    const sql = postgres(templateUrl, { max: 1, onnotice: () => {} });
    await seed(sql, o.notices, jstDate(at));
    await sql.end();
  }
  const raw = {
    certdesk: [] as number[],
    noop: [] as number[],
    minimal: [] as number[],
    rss: [] as number[],
    noopRss: [] as number[],
    seconds: [] as number[],
  };
  const name = 'certdesk_bench_notices';
  try {
    for (let r = 0; r < o.rounds; r++) {
      await flushBenchRedis();
      const base = await noop(o.notices);
      raw.noop.push(base.jobsPerSecond);
      raw.noopRss.push(base.rss);
      await flushBenchRedis();
      raw.minimal.push(await minimal(o.notices, await createBenchDatabase(name, template), stub));
      await dropDatabase(name);
      await flushBenchRedis();
      const url = await createBenchDatabase(name, template);
      await stub.reset();
      const t = now();
      const worker = startChild([CLI, 'worker'], {
        ...process.env,
        DATABASE_URL: url,
        REDIS_URL: REDIS_BENCH_URL,
        SLACK_BOT_TOKEN: 'xoxb-bench-0000',
        SLACK_API_URL: stub.apiUrl,
        CERTDESK_STAFF_CHANNEL: 'CBENCHSTAFF',
      });
      let rss = 0;
      try {
        await waitFor(
          `${o.notices} notices`,
          async () => {
            rss = Math.max(rss, peakRssMb(worker.proc.pid!));
            return (await stub.state()).posts >= o.notices;
          },
          300_000,
          worker,
        );
        const sql = postgres(url, { max: 1, onnotice: () => {} });
        await waitFor(
          'notices recorded sent',
          async () =>
            Number((await sql`select count(*)::int as n from renewal_notices where sent_at is not null`)[0]!.n) >=
            o.notices,
          60_000,
          worker,
        );
        await sql.end();
        rss = Math.max(rss, peakRssMb(worker.proc.pid!));
      } finally {
        await worker.stop();
      }
      const { posts, firstPostAt, lastPostAt } = await stub.state();
      if (posts !== o.notices) log(`  (${posts} posts for ${o.notices} notices)`);
      raw.certdesk.push(((o.notices - 1) / (lastPostAt - firstPostAt)) * 1000);
      raw.rss.push(rss);
      raw.seconds.push((now() - t) / 1000);
      log(
        `  round ${r + 1}: certdesk ${raw.certdesk.at(-1)!.toFixed(0)} jobs/s, minimal ${raw.minimal.at(-1)!.toFixed(0)} jobs/s, no-op ${base.jobsPerSecond.toFixed(0)} jobs/s, peak RSS ${rss.toFixed(0)} MB`,
      );
      await dropDatabase(name);
      await sleep(200);
    }
  } finally {
    await dropDatabase(name);
    await dropDatabase(template);
    await flushBenchRedis();
  }
  return {
    figures: [
      figure({
        section: 'notices',
        name: `${o.notices.toLocaleString('en-US')} notices to ${o.notices.toLocaleString('en-US')} channels`,
        unit: 'jobs/s',
        value: median(raw.certdesk),
        baseline: median(raw.minimal),
        baselineName: 'minimal: one statement and one post per notice',
        better: 'higher',
        target: 0.7,
        bar: 0.5,
        note: `${o.rounds} rounds; whole run incl. start-up ${median(raw.seconds).toFixed(1)} s`,
      }),
      figure({
        section: 'notices',
        name: `${o.notices.toLocaleString('en-US')} notices, against BullMQ's ceiling`,
        unit: 'jobs/s',
        value: median(raw.certdesk),
        baseline: median(raw.noop),
        baselineName: 'no-op BullMQ worker',
        better: 'higher',
        target: null,
        bar: null,
        note: "information: a worker whose processor returns at once is the queue's ceiling, not the limit of this work",
      }),
      figure({
        section: 'notices',
        name: 'worker peak RSS',
        unit: 'MB',
        value: median(raw.rss),
        baseline: null,
        baselineName: null,
        better: 'lower',
        target: 150,
        bar: 300,
        ratio: null,
        verdict: median(raw.rss) <= 150 ? 'pass' : median(raw.rss) <= 300 ? 'within bar' : 'miss',
        note: `no-op worker: ${median(raw.noopRss).toFixed(0)} MB; target and bar in MB`,
      }),
    ],
    raw,
    method: [
      `Notices: a database (copied from a template per round) holding ${o.notices.toLocaleString('en-US')} customers, each with its own channel and a contract whose 60-day notice is recorded and owed to Slack (its outbox row pending). \`certdesk worker\` (bin/certdesk.js) runs as a process on Redis database 13 (BENCH_REDIS_URL), its Web API pointed at the Slack stub, which runs as its own process; jobs/s counts from the first chat.postMessage to the last as the stub sees them, and the round ends when every notice is recorded sent. The baseline ('minimal', bench/minimal-worker.ts) is a process with a bare BullMQ worker with the concurrency, limiter and job options of certdesk's Slack queue doing the least one notice needs: one prepared PostgreSQL statement that claims the pending outbox row and records it sent, and one chat.postMessage to the same stub over a keep-alive connection, on its own copy of the same database, timed as certdesk is (the stub's first post to its last). For information only, a BullMQ worker whose processor returns at once (the concurrency and job options of the Slack queue, timed from its first job to its last completion) shows the queue's own ceiling. Peak RSS is the worker process's VmHWM.`,
    ],
  };
}
