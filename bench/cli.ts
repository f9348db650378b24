// Start-up cost of the command line: `certdesk quote --json` as a process (bin/certdesk.js, the
// built dist/) against `node -e ''`, alternating, against a migrated bench database.
import { spawn } from 'node:child_process';
import { CLI, createBenchDatabase, dropDatabase } from './lib/infra.js';
import { figure, type Figure } from './lib/report.js';
import { median, now } from './lib/stats.js';

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t = now();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) =>
      code === 0 ? resolve(now() - t) : reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

export async function benchCli(o: { rounds: number }): Promise<{ figures: Figure[]; raw: unknown; method: string[] }> {
  const name = 'certdesk_bench_cli';
  const url = await createBenchDatabase(name);
  const env = { ...process.env, DATABASE_URL: url };
  const quote = [CLI, 'quote', '--item', 'quick-ssl', '--term', '1y', '--json'];
  const items = [CLI, 'items', '--json'];
  const raw = { node: [] as number[], quote: [] as number[], version: [] as number[], items: [] as number[] };
  try {
    await run(quote, env);
    await run(['-e', ''], env);
    for (let r = 0; r < o.rounds; r++) {
      raw.node.push(await run(['-e', ''], env));
      raw.quote.push(await run(quote, env));
      raw.version.push(await run([CLI, '--version'], env));
      raw.items.push(await run(items, env));
    }
  } finally {
    await dropDatabase(name);
  }
  const base = median(raw.node);
  return {
    figures: [
      figure({
        section: 'cli',
        name: '`certdesk quote --json` (a migrated PostgreSQL database)',
        unit: 'ms',
        value: median(raw.quote),
        baseline: base,
        baselineName: "node -e ''",
        better: 'lower',
        target: null,
        bar: null,
      }),
      figure({
        section: 'cli',
        name: '`certdesk items --json`',
        unit: 'ms',
        value: median(raw.items),
        baseline: base,
        baselineName: "node -e ''",
        better: 'lower',
        target: null,
        bar: null,
      }),
      figure({
        section: 'cli',
        name: '`certdesk --version`',
        unit: 'ms',
        value: median(raw.version),
        baseline: base,
        baselineName: "node -e ''",
        better: 'lower',
        target: null,
        bar: null,
      }),
    ],
    raw,
    method: [
      `Command line: each process timed from spawn to exit, ${o.rounds} rounds alternating with \`node -e ''\`; DATABASE_URL names a migrated bench database (the commands first bring it up to date, as they always do). The issue sets no ratio target here: the figures show the start-up cost.`,
    ],
  };
}
