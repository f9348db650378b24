// The first sweep after an onboarding: `certdesk import` of N contracts into a new database (the
// command itself, as a process), then the first sweep (sweepOnce from jobs/work.ts, in this
// process, without Slack) against an idle sweep of the same database right after it. The
// contracts expire 3 to 15 months ahead, so no notice is due yet: the first sweep has no more
// to do than an idle one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobsWork } from './lib/product.js';
import { CLI, createBenchDatabase, dropDatabase } from './lib/infra.js';
import { figure, type Figure } from './lib/report.js';
import { median, now } from './lib/stats.js';

const ITEMS = ['quick-ssl', 'corporate-ssl', 'secure-server-id', 'global-server-id'];
const DAY = 86_400_000;

/** N contracts of N / 4 customers as JSON lines, expiring 90 to 455 days after `at`. */
function onboardingFile(n: number, at: Date): string {
  const customers = Math.max(1, Math.floor(n / 4));
  const lines: string[] = [];
  for (let g = 1; g <= customers; g++)
    lines.push(
      JSON.stringify({
        type: 'customer',
        id: `cust${g}`,
        name: `顧客 ${g}`,
        country: 'JP',
        channel: `C${String(g).padStart(9, '0')}`,
      }),
    );
  const jstDay = (t: number) => new Date(t + 9 * 3_600_000).toISOString().slice(0, 10);
  for (let g = 1; g <= n; g++) {
    const expiry = at.getTime() + (90 + ((g * 7919) % 365)) * DAY;
    lines.push(
      JSON.stringify({
        type: 'contract',
        id: `K${g}`,
        customer: `cust${1 + ((g - 1) % customers)}`,
        item: ITEMS[g % ITEMS.length],
        term: '1y',
        commonName: `h${g}.example.jp`,
        notBefore: `${jstDay(expiry - 365 * DAY + DAY)}T00:00:00+09:00`,
        notAfter: `${jstDay(expiry)}T23:59:59+09:00`,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function benchImport(
  o: { contracts: number; idleRounds: number },
  log: (s: string) => void,
): Promise<{ figures: Figure[]; raw: unknown; method: string[] }> {
  const { sweepOnce, openDatabase, loadConfig } = await jobsWork();
  const config = loadConfig({ ...process.env, SLACK_BOT_TOKEN: '' }, [
    'CERTDESK_NOTICE_DAYS',
    'CERTDESK_REPLY_DAYS',
    'CERTDESK_NOTICE_HOUR',
    'CERTDESK_REISSUE_NOTICE_DAYS',
  ]);
  const name = 'certdesk_bench_import';
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-bench-'));
  const file = join(dir, 'onboarding.jsonl');
  const at = new Date();
  writeFileSync(file, onboardingFile(o.contracts, at));
  const url = await createBenchDatabase(name);
  const database = openDatabase(url);
  try {
    // A worker was sweeping before the import came, as it does every minute: its connections are open.
    await sweepOnce({ database, slack: null, config }, at);
    const t = now();
    // As a process beside this one, whose event loop goes on meanwhile as a running worker's would
    // (a spawnSync would hold it still for the whole import, and leave it a backlog to clear).
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const p = spawn(process.execPath, [CLI, 'import', file, '--json'], {
        env: { ...process.env, DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('error', reject);
      p.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
    const importSeconds = (now() - t) / 1000;
    if (r.status !== 0) throw new Error(`certdesk import failed (${r.status}): ${r.stderr}${r.stdout.slice(0, 2000)}`);
    log(`  ${o.contracts} contracts imported in ${importSeconds.toFixed(1)} s`);
    const first = now();
    const report = await sweepOnce({ database, slack: null, config }, at);
    const firstMs = now() - first;
    const idle: number[] = [];
    for (let i = 0; i < o.idleRounds; i++) {
      const t0 = now();
      await sweepOnce({ database, slack: null, config }, at);
      idle.push(now() - t0);
    }
    log(`  first sweep ${firstMs.toFixed(0)} ms, idle sweep ${median(idle).toFixed(1)} ms`);
    const label = o.contracts.toLocaleString('en-US');
    return {
      figures: [
        figure({
          section: 'import',
          name: `first sweep after \`certdesk import\` of ${label} contracts`,
          unit: 'ms',
          value: firstMs,
          baseline: median(idle),
          baselineName: 'minimal: an idle sweep of the same database',
          better: 'lower',
          target: 2,
          bar: 2,
          note: `steps taken ${JSON.stringify(report.steps)}; the import itself took ${importSeconds.toFixed(1)} s`,
        }),
        figure({
          section: 'import',
          name: `\`certdesk import\` of ${label} contracts, time per contract`,
          unit: 'ms',
          value: (importSeconds * 1000) / o.contracts,
          baseline: null,
          baselineName: null,
          better: 'lower',
          target: null,
          bar: null,
          note: 'information: the whole import as a process, start-up included; one transaction, the recorded contracts and customers read together and the new ones written a thousand rows a statement',
        }),
      ],
      raw: { importSeconds, firstMs, idle, steps: report.steps },
      method: [
        `Import: a new database brought up to date with \`certdesk migrate\`; \`certdesk import\` (bin/certdesk.js, as a process) of a JSON lines file of ${label} contracts of ${Math.max(1, Math.floor(o.contracts / 4)).toLocaleString('en-US')} customers, four items, expiring 90 to 455 days ahead (so no notice is due yet). In this process, a sweep of the empty database before the import (as a running worker's would be, its connections open), then the first sweep after the import (sweepOnce from jobs/work.ts, without Slack), timed once, against the median of ${o.idleRounds} idle sweeps of the same database right after it ('minimal': the first sweep has no more due work than an idle one). Target and bar 2×.`,
      ],
    };
  } finally {
    await database.close();
    await dropDatabase(name);
    rmSync(dir, { recursive: true, force: true });
  }
}
