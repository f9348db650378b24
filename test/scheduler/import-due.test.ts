// An imported contract's renewal cycle is due when its first notice is (Art. 6(1)), not at the
// import: the sweep after an import of many contracts reads only those whose notices have come.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sweepOnce } from '../../jobs/work.js';
import { loadConfig } from '../../src/config.js';
import { renewalCycles, schedulerState } from '../../src/db/schema.js';
import { DEFAULT_RENEWAL_POLICY } from '../../src/domain/renewal.js';
import { importRecords } from '../../src/services/import.js';
import { reschedulePolicy } from '../../src/services/sweep.js';
import { slackClient } from '../../src/slack/client.js';
import { jsonl } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const at = (jst: string) => new Date(`${jst}+09:00`);
const customer = { type: 'customer', id: 'due', name: 'Due Ltd', country: 'JP', channel: 'C0DUE', contacts: ['U0A'] };
/** Expiry date 2027-09-30: the first notice falls on 2027-08-01 at 09:00 JST (60 days before). */
const contract = (id: string, notAfter: string) => ({
  type: 'contract',
  id,
  customer: 'due',
  item: 'quick-ssl',
  term: '1y',
  commonName: `${id}.example`,
  notBefore: '2026-10-01T00:00:00+09:00',
  notAfter,
});

describe('Art. 6(1): an imported cycle is due at its first notice', () => {
  it('is due at the first notice, not now; one whose notice has come is due now', async () => {
    const now = at('2026-12-03T10:00');
    const r = await importRecords(
      t.db.db,
      jsonl(customer, contract('far', '2027-09-30T23:59:59+09:00'), contract('near', '2027-01-20T23:59:59+09:00')),
      'cli',
      now,
    );
    expect(r.ok).toBe(true);
    const dueOf = async (id: string) =>
      (await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, id)))[0]!.dueAt!;
    expect((await dueOf('far')).toISOString()).toBe(at('2027-08-01T09:00').toISOString());
    // 2027-01-20 less 60 days is 2026-11-21, past: its first notice is due at once.
    expect((await dueOf('near')).getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it('a sweep then reads only the cycle whose notice has come', async () => {
    const config = loadConfig({ ...t.env, CERTDESK_LANG: 'en' });
    const r = await sweepOnce({ database: t.db, slack: slackClient(config), config }, at('2026-12-03T10:05'));
    expect(r.failures).toEqual([]);
    // One step: near's first notice. far is not read until 2027-08-01.
    expect(r.steps).toEqual({ notice: 1 });
    const far = (await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'far')))[0]!;
    expect(far.dueAt!.toISOString()).toBe(at('2027-08-01T09:00').toISOString());
  });
});

describe('the renewal policy an import schedules under', () => {
  const u = useFreshDatabase();
  const state = async () =>
    (await u.db.db.select().from(schedulerState).where(eq(schedulerState.key, 'renewal-policy')))[0];

  it('is recorded with the import, so the first sweep does not make every imported cycle due again', async () => {
    const now = at('2026-12-03T10:00');
    expect(await state()).toBeUndefined();
    const r = await importRecords(u.db.db, jsonl(customer, contract('far', '2027-09-30T23:59:59+09:00')), 'cli', now);
    expect(r.ok).toBe(true);
    expect(await state()).toBeDefined();
    // The sweep's policy is the same: nothing to reschedule, far stays due at its first notice.
    expect(await reschedulePolicy(u.db.db, DEFAULT_RENEWAL_POLICY, at('2026-12-03T10:05'))).toBe(false);
    const [far] = await u.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'far'));
    expect(far!.dueAt!.toISOString()).toBe(at('2027-08-01T09:00').toISOString());
  });

  it('under another policy on record, the imported cycles are due now, for a sweep to schedule', async () => {
    const now = at('2026-12-04T10:00');
    await u.db.db
      .update(schedulerState)
      .set({ value: '{"noticeDays":[90]}' })
      .where(eq(schedulerState.key, 'renewal-policy'));
    const r = await importRecords(u.db.db, jsonl(customer, contract('later', '2027-10-30T23:59:59+09:00')), 'cli', now);
    expect(r.ok).toBe(true);
    const [later] = await u.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'later'));
    expect(later!.dueAt!.toISOString()).toBe(now.toISOString());
  });
});

describe("the planner's statistics after an import", () => {
  const v = useFreshDatabase();
  /** When each table was last analyzed (null: never), as PostgreSQL's statistics views say. */
  const analyzed = async () =>
    Object.fromEntries(
      (
        await v.db.sql<{ relname: string; at: Date | null }[]>`
          select relname, greatest(last_analyze, last_autoanalyze) as at from pg_stat_user_tables
          where relname in ('customers', 'contracts', 'contract_terms', 'renewal_cycles')`
      ).map((r) => [r.relname, r.at]),
    );

  it('are not touched by a dry run, and are current after an import that wrote', async () => {
    const now = at('2026-12-03T10:00');
    const file = jsonl(customer, contract('far', '2027-09-30T23:59:59+09:00'));
    expect(await importRecords(v.db.db, file, 'cli', now, { dryRun: true })).toMatchObject({ ok: true });
    for (const at of Object.values(await analyzed())) expect(at).toBeNull();
    // A bulk load changes what the tables hold: the sweep's plans should not be made for empty tables.
    expect(await importRecords(v.db.db, file, 'cli', now)).toMatchObject({ ok: true });
    const after = await analyzed();
    expect(Object.keys(after).sort()).toEqual(['contract_terms', 'contracts', 'customers', 'renewal_cycles']);
    for (const at of Object.values(after)) expect(at).not.toBeNull();
  });
});
