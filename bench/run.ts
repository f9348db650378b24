// `npm run bench`: certdesk against baselines measured in the same run, every figure a ratio.
// `npm run bench -- --quick`: smaller sizes and fewer rounds. `--only=slash,sweep,import,…` runs some sections.
import { benchSlash } from './slash.js';
import { startStubSlack } from './lib/stub-slack.js';
import { explainMisses, writeReport, type Figure, type Report } from './lib/report.js';
import { machine, versions } from './lib/environment.js';
import { ROOT } from './lib/infra.js';
import { benchSweep } from './sweep.js';
import { benchNotices } from './notices.js';
import { benchCertificates } from './certificates.js';
import { benchCli } from './cli.js';
import { benchImport } from './import.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wants = (s: string) => !only || only.includes(s);
const log = (s: string) => process.stderr.write(`${s}\n`);

const started = Date.now();
const startedAt = new Date().toISOString();
const figures: Figure[] = [];
const sections: Report['sections'] = [];
const raw: Record<string, unknown> = {};
const method: string[] = [
  'Every figure is a ratio to a baseline measured in the same run on the same machine; subject and baseline alternate round by round, and each figure is the median of the rounds.',
  'Verdicts: pass (target met), within bar (target missed, bar met), miss (bar missed), info (no target).',
];

const stub = await startStubSlack();
try {
  if (wants('cli')) {
    log('command line…');
    const r = await benchCli(quick ? { rounds: 2 } : { rounds: 9 });
    figures.push(...r.figures);
    raw.cli = r.raw;
    method.push(...r.method);
  }
  if (wants('certificates')) {
    log('certificates…');
    const r = await benchCertificates(quick ? { rounds: 2, keys: 8, pems: 500 } : { rounds: 5, keys: 8, pems: 5_000 });
    figures.push(...r.figures);
    raw.certificates = r.raw;
    method.push(...r.method);
  }
  if (wants('slash')) {
    log('slash command latency…');
    const r = await benchSlash(
      stub,
      quick
        ? { rounds: 2, requests: { 1: 200, 16: 800, 64: 1_600 }, customers: 10_000 }
        : { rounds: 3, requests: { 1: 200, 16: 800, 64: 1_600 }, customers: 100_000 },
      log,
    );
    figures.push(...r.figures);
    raw.slash = r.raw;
    method.push(
      `Slash: \`certdesk serve\` (bin/certdesk.js, dist/) and a bare Bolt app (bench/bare-bolt.ts, its own HTTPReceiver, an ack-only /cert handler) run as processes; the load comes from this process over keep-alive HTTP with freshly signed v0 requests (form body, X-Slack-Signature, X-Slack-Request-Timestamp). certdesk's database holds ${quick ? '10,000' : '100,000'} customers; its Web API and response_url point at a local Slack stub that answers at once and runs as its own process, so answering certdesk's posts takes no time from the process that generates the load and times it. Each certdesk run waits for its response_url posts to drain before the next run. Latency is request to response end. Each run first opens its connections (as many as its concurrency) with one request each, untimed: the figures are of connections in use, and the slowest of those first requests is shown apart, for information.`,
    );
  }
  if (wants('sweep')) {
    log('sweep at scale…');
    const r = await benchSweep(
      quick ? { sizes: [10_000], due: 500, rounds: 5 } : { sizes: [10_000, 100_000, 1_000_000], due: 1_000, rounds: 2 },
      log,
    );
    figures.push(...r.figures);
    sections.push(...r.sections);
    raw.sweep = r.raw;
    method.push(...r.method);
  }
  if (wants('import')) {
    log('first sweep after an import…');
    // The size in both runs: the import writes a thousand rows a statement.
    const r = await benchImport({ contracts: 100_000, idleRounds: quick ? 3 : 5 }, log);
    figures.push(...r.figures);
    raw.import = r.raw;
    method.push(...r.method);
  }
  if (wants('notices')) {
    log('notice throughput…');
    const r = await benchNotices(stub, quick ? { notices: 500, rounds: 2 } : { notices: 10_000, rounds: 2 }, log);
    figures.push(...r.figures);
    raw.notices = r.raw;
    method.push(...r.method);
  }
} finally {
  await stub.close();
}

const misses = explainMisses(figures);

const report: Report = {
  title: 'certdesk benchmark',
  mode: quick ? 'quick' : 'full',
  startedAt,
  wallSeconds: (Date.now() - started) / 1000,
  machine: machine(),
  versions: await versions(),
  method,
  figures,
  sections,
  misses,
  raw,
};
const stem = quick ? 'latest-quick' : 'latest';
const paths = writeReport(`${ROOT}bench/results`, report, stem);
log(`report: ${paths.md} (${report.wallSeconds.toFixed(0)} s)`);
for (const f of figures) log(`  ${f.verdict.padEnd(10)} ${f.section} ${f.name}: ${f.ratio?.toFixed(2) ?? '—'}×`);
process.exit(0);
