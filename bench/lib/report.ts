// The report: each figure with its baseline, ratio, target, bar and verdict, in Markdown and JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './stats.js';

export type Verdict = 'pass' | 'within bar' | 'miss' | 'info';

export interface Figure {
  section: string;
  name: string;
  unit: string;
  value: number;
  baseline: number | null;
  baselineName: string | null;
  /** value / baseline. */
  ratio: number | null;
  /** 'lower': the ratio should be at most the target; 'higher': at least. */
  better: 'lower' | 'higher';
  target: number | null;
  bar: number | null;
  verdict: Verdict;
  note?: string;
}

export function figure(f: Omit<Figure, 'ratio' | 'verdict'> & { ratio?: number | null; verdict?: Verdict }): Figure {
  const ratio = f.ratio !== undefined ? f.ratio : f.baseline ? f.value / f.baseline : null;
  let verdict: Verdict = f.verdict ?? 'info';
  if (!f.verdict && ratio !== null && f.target !== null) {
    const ok = (limit: number) => (f.better === 'lower' ? ratio <= limit : ratio >= limit);
    verdict = ok(f.target) ? 'pass' : f.bar !== null && ok(f.bar) ? 'within bar' : 'miss';
  }
  return { ...f, ratio, verdict };
}

export interface Report {
  title: string;
  mode: 'full' | 'quick';
  startedAt: string;
  wallSeconds: number;
  machine: Record<string, string | number>;
  versions: Record<string, string>;
  method: string[];
  figures: Figure[];
  /** Extra sections: EXPLAIN plans, per-round raw data, notes. */
  sections: { title: string; body: string }[];
  misses: string[];
  /** Per-round measurements behind each figure. */
  raw: Record<string, unknown>;
}

const fmt = (x: number | null, unit = '') =>
  x === null || !Number.isFinite(x) ? '—' : `${round(x, x >= 100 ? 0 : x >= 10 ? 1 : 2)}${unit}`;
/** A target or bar: a ratio, or, for a figure with no baseline, in the figure's own unit. */
const limit = (f: Figure, x: number | null) =>
  x === null ? '—' : `${f.better === 'lower' ? '≤' : '≥'} ${x}${f.baseline === null ? ` ${f.unit}` : '×'}`;

export function markdown(r: Report): string {
  const lines: string[] = [];
  lines.push(`# ${r.title}`, '');
  lines.push(`Mode: **${r.mode}** · started ${r.startedAt} · wall time ${round(r.wallSeconds, 0)} s`, '');
  lines.push('## Machine and versions', '');
  for (const [k, v] of Object.entries(r.machine)) lines.push(`- ${k}: ${v}`);
  for (const [k, v] of Object.entries(r.versions)) lines.push(`- ${k}: ${v}`);
  lines.push('', '## How it was measured', '');
  for (const m of r.method) lines.push(`- ${m}`);
  lines.push('', '## Figures', '');
  lines.push(
    '| section | figure | value | baseline | ratio | target | bar | verdict |',
    '|---|---|---:|---:|---:|---|---|---|',
  );
  for (const f of r.figures) {
    const base =
      f.baseline === null ? '—' : `${fmt(f.baseline, ` ${f.unit}`)}${f.baselineName ? ` (${f.baselineName})` : ''}`;
    lines.push(
      `| ${f.section} | ${f.name}${f.note ? ` — ${f.note}` : ''} | ${fmt(f.value, ` ${f.unit}`)} | ${base} | ${f.ratio === null ? '—' : `${fmt(f.ratio)}×`} | ${limit(f, f.target)} | ${limit(f, f.bar)} | ${f.verdict} |`,
    );
  }
  lines.push('', '## Targets missed', '');
  if (r.misses.length === 0) lines.push('None: every figure with a target meets it.');
  for (const m of r.misses) lines.push(`- ${m}`);
  for (const s of r.sections) lines.push('', `## ${s.title}`, '', s.body);
  lines.push('');
  return lines.join('\n');
}

export function writeReport(dir: string, r: Report, stem: string): { md: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const md = join(dir, `${stem}.md`);
  const json = join(dir, `${stem}.json`);
  writeFileSync(md, markdown(r));
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  return { md, json };
}

/** Why a section misses its targets, as far as the measurements and the code show. */
export const CAUSES: Record<string, string> = {
  slash:
    "certdesk acknowledges first; the work of the subcommand (who is asking, in one prepared statement; the locale; the abolitions in force; the quote; the POST to response_url) waits while requests keep coming in (src/slack/after-acks.ts: until none has come for 20 ms, never more than a second), so it no longer makes the next ack late; the figure 'its last answer after the run's last ack' shows what that costs the people waiting for answers in a burst. What is left beside the bare app is the path to the ack itself: the signature and timestamp checks, the request's shape (zod) and control characters, the duration metric, and Bolt's listeners (one per kind: commands, buttons, modals, events), plus the garbage of the answers waiting their turn. Doing the work at once, on the same event loop, measured 1.8–2.4× at 1, 16 and 64; a worker thread for it 1.6×, 2.7× and 2.9×.",
  sweep:
    "The real sweep takes the due cycles a batch at a time (services/cycle-batch.ts): one transaction locks up to 500 of them (FOR UPDATE SKIP LOCKED), reads their facts in one statement, decides each in TypeScript, and writes the notices, outbox messages, audit rows and next due instants of the whole batch in one statement; cycles whose step is not a single notice (a deadline, a hold, a rollover) still take a transaction each (processCycle). Beside that work, every sweep also runs its fixed statements (the policy check, the due endings, reissues, the digest, the pending messages, the failures, the sweep's own record), which the minimal SQL does not: at a few hundred due cycles they are a good part of the difference. The dry run reads the due cycles' facts in one statement (dueFacts, three subqueries per cycle: the answer in force, a waiting certificate, the notices in one array) and decides each step in JavaScript; beside the bare SELECT it also reads the due endings and the pending messages, three round trips against one.",
  import:
    "`certdesk import` records the renewal policy its cycles were scheduled under, so the first sweep does not make every imported cycle due again, and vacuums what it filled, so the first sweep does not mark every new row visible; what is left is the first sweep's own start (its statements planned again for the new statistics).",
  notices:
    "Each delivery (src/slack/deliver.ts) makes three round trips to PostgreSQL and one call to Slack, where the minimal worker makes one and a bare HTTP post: the advisory lock with the row, what its gathering needs and the notice with all it shows (three statements in one write on the delivery's own connection); the slot in the channel's pace taken with the claim of the attempt; the record of the post with the lock's release (one write). Between them it renders the Block Kit view, posts through the Web API client (its queue, retries and response checks), and logs the job's start and end (one write per turn of the event loop). On two cores shared with PostgreSQL, the worker's own CPU per job is the limit: about 2.5 ms a job against the minimal worker's 0.7.",
  certificates:
    "readCertificate (src/crypto/certificate.ts) parses with Node's X509Certificate as the baseline does, then reads the names, serial and validity from the DER in JavaScript. Key generation already goes through Node's crypto: a key-pair ratio away from 1 is the variance of the prime search.",
};

export function explainMisses(figures: readonly Figure[]): string[] {
  const out: string[] = [];
  const explained = new Set<string>();
  for (const f of figures.filter((x) => x.verdict === 'miss' || x.verdict === 'within bar')) {
    const target =
      f.ratio === null
        ? `${f.value.toFixed(0)} ${f.unit} (target ${f.target} ${f.unit}, bar ${f.bar} ${f.unit})`
        : `${f.ratio.toFixed(2)}× (target ${f.better === 'lower' ? '≤' : '≥'} ${f.target}×, bar ${f.bar}×)`;
    out.push(
      `${f.section} — ${f.name}: ${target}${f.verdict === 'within bar' ? ', within the bar' : ', beyond the bar'}.${f.note ? ` ${f.note}.` : ''}`,
    );
  }
  for (const f of figures.filter((x) => x.verdict === 'miss' || x.verdict === 'within bar')) {
    if (explained.has(f.section) || !CAUSES[f.section]) continue;
    explained.add(f.section);
    out.push(`Why (${f.section}): ${CAUSES[f.section]}`);
  }
  return out;
}
