// deploy/prometheus as an operator loads it: promtool accepts the alert rules, every alert has a
// unit test that fires it with a series it names (and a case where it stays quiet), and the
// Grafana dashboard shows only series certdesk exports, every series of the interface contract among them.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Db } from '../../src/db/client.js';
import { createLog } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';

const DIR = join(import.meta.dirname, '..', '..', 'deploy', 'prometheus');
const promtool = spawnSync('promtool', ['--version']).status === 0;
const runPromtool = promtool || process.env.CERTDESK_REQUIRE_PROMTOOL === '1';
if (!runPromtool)
  console.log('promtool is not installed (apt-get install prometheus): the promtool checks are skipped');

interface Rule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface RuleTest {
  input_series: { series: string; values: string }[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: unknown[] }[];
}
const rules = (parse(readFileSync(join(DIR, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (g) => g.rules,
);
const tests = (parse(readFileSync(join(DIR, 'alerts.test.yml'), 'utf8')) as { tests: RuleTest[] }).tests;

/** Every series name certdesk's /metrics can show, histograms with their _bucket, _sum and _count. */
function exportedNames(): Set<string> {
  const m = createMetrics();
  const log = createLog({ level: 'silent' });
  m.observeDatabase({} as Db, () => new Date(0), log);
  m.observeQueues({}, log);
  const names = new Set<string>();
  for (const metric of m.registry.getMetricsAsArray()) {
    const name = (metric as unknown as { name: string }).name;
    names.add(name);
    for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

const NAMED_SERIES = [
  'certdesk_outbox_messages',
  'certdesk_outbox_oldest_pending_seconds',
  'certdesk_renewal_cycles_due',
  'certdesk_renewal_cycles_held',
  'certdesk_slack_rate_limited_total',
  'certdesk_sweep_duration_seconds',
  'certdesk_http_request_duration_seconds',
  'certdesk_queue_jobs',
];

const seriesIn = (expr: string) =>
  [...expr.matchAll(/\b((?:certdesk|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);

describe('deploy/prometheus/alerts.yml', () => {
  it.skipIf(!runPromtool)('promtool check rules accepts it', () => {
    const out = execFileSync('promtool', ['check', 'rules', join(DIR, 'alerts.yml')], { encoding: 'utf8' });
    expect(out).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it.skipIf(!runPromtool)('promtool test rules passes every unit test', () => {
    const out = execFileSync('promtool', ['test', 'rules', join(DIR, 'alerts.test.yml')], {
      encoding: 'utf8',
      cwd: DIR,
    });
    expect(out).toContain('SUCCESS');
  });

  it('the alerts an operator needs, each saying what broke and what to do', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual(
      [
        'CertdeskDatabaseUnreadable',
        'CertdeskDeliveryFailed',
        'CertdeskNoticePendingOverAnHour',
        'CertdeskRenewalCycleHeld',
        'CertdeskSlackRateLimited',
        'CertdeskSweepStale',
      ].sort(),
    );
    for (const r of rules) {
      expect(r.annotations.summary, r.alert).toMatch(/\w.{20,}/);
      expect(r.annotations.description, r.alert).toMatch(/certdesk/);
      expect(['warning', 'critical']).toContain(r.labels.severity);
    }
  });

  it('each alert is fired in a unit test by a series its expression names, and stays quiet in another', () => {
    const exported = exportedNames();
    for (const r of rules) {
      const named = seriesIn(r.expr);
      expect(named.length, r.alert).toBeGreaterThan(0);
      for (const n of named) expect(exported, `${r.alert} watches ${n}`).toContain(n);
      const fired = tests.filter((t) =>
        t.alert_rule_test.some((a) => a.alertname === r.alert && a.exp_alerts.length > 0),
      );
      expect(fired.length, `a test that fires ${r.alert}`).toBeGreaterThan(0);
      // (A sweep never reported fires it too, with none of its series: that case is a test of its own.)
      expect(
        fired.some((t) => t.input_series.some((s) => named.includes(s.series.split('{')[0]!))),
        `${r.alert} fired by a series it names`,
      ).toBe(true);
      expect(
        tests.some((t) => t.alert_rule_test.some((a) => a.alertname === r.alert && a.exp_alerts.length === 0)),
        `a quiet case for ${r.alert}`,
      ).toBe(true);
    }
  });
});

describe('deploy/prometheus/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana-dashboard.json'), 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));

  it('shows every series the interface names, and only series certdesk exports', () => {
    const exported = exportedNames();
    const used = new Set(exprs.flatMap(seriesIn));
    for (const s of NAMED_SERIES)
      expect(
        [...used].some((u) => u === s || u.startsWith(`${s}_`)),
        s,
      ).toBe(true);
    for (const u of used) expect(exported, u).toContain(u);
  });

  it('every series the interface names is exported', () => {
    const exported = exportedNames();
    for (const s of NAMED_SERIES) expect(exported).toContain(s);
  });
});
