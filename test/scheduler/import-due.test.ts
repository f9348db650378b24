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
    // Vacuumed too: the new rows are marked visible to all before the next sweep first reads them.
    const vacuumed = await v.db.sql<{ relname: string }[]>`
      select relname from pg_stat_user_tables
      where relname in ('contracts', 'contract_terms', 'renewal_cycles') and last_vacuum is not null`;
    expect(vacuumed).toHaveLength(3);
  });
});

describe('a file of thousands of contracts, written a thousand rows a statement', () => {
  const w = useFreshDatabase();
  const n = 2_345;
  const many = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => contract(`k${from + i}`, '2027-09-30T23:59:59+09:00'));

  it('gives every contract its own term and cycle, compares the recorded ones, and warns of each', async () => {
    const now = at('2026-12-03T10:00');
    const abroad = { ...customer, id: 'abroad', channel: 'C0ABROAD', country: 'US' };
    // 2,000 recorded first: the next file holds them again (unchanged), one changed, and 345 new.
    expect(await importRecords(w.db.db, jsonl(customer, abroad, ...many(0, 2_000)), 'cli', now)).toMatchObject({
      ok: true,
      summary: { created: { contracts: 2_000 } },
    });
    const again = await importRecords(w.db.db, jsonl(customer, abroad, ...many(0, n)), 'cli', now);
    expect(again).toMatchObject({
      ok: true,
      summary: { created: { contracts: 345 }, unchanged: { contracts: 2_000 } },
    });
    const changed = { ...contract('k7', '2027-09-30T23:59:59+09:00'), term: '2y' };
    const refused = await importRecords(w.db.db, jsonl(customer, changed), 'cli', now);
    expect(refused).toMatchObject({ ok: false, problems: [{ line: 2 }] });
    // Each term belongs to its contract, and each cycle to that term, once.
    const [links] = await w.db.sql<{ contracts: number; terms: number; cycles: number; mismatched: number }[]>`
      select (select count(*)::int from contracts) as contracts,
             (select count(*)::int from contract_terms) as terms,
             (select count(*)::int from renewal_cycles) as cycles,
             (select count(*)::int from renewal_cycles c join contract_terms t on t.id = c.contract_term_id
               where t.contract_id <> c.contract_id or c.expiry_date <> t.expiry_date) as mismatched`;
    expect(links).toEqual({ contracts: n, terms: n, cycles: n, mismatched: 0 });
    const [audits] = await w.db.sql<{ n: number }[]>`
      select count(*)::int as n from audit_log where action = 'import.contract.create'`;
    expect(audits!.n).toBe(n);
    // A second line of the same contract meets the first as recorded: a duplicate, and a difference.
    const twice = await importRecords(
      w.db.db,
      jsonl(customer, contract('new1', '2027-09-30T23:59:59+09:00'), {
        ...contract('new1', '2027-09-30T23:59:59+09:00'),
        customer: 'abroad',
      }),
      'cli',
      now,
    );
    expect(twice.ok).toBe(false);
    const said = twice.ok ? [] : twice.problems.map((p) => `${p.line}: ${p.message.en}`);
    expect(said).toEqual([
      expect.stringMatching(/^3: contract "new1" is already on line 2/),
      expect.stringMatching(/^3: contract "new1" already exists with customer due/),
    ]);
    // Warnings name each contract: a customer abroad's category I contract (Art. 7(2)).
    const abroadFile = await importRecords(
      w.db.db,
      jsonl(abroad, { ...contract('x1', '2027-09-30T23:59:59+09:00'), customer: 'abroad' }),
      'cli',
      now,
      { dryRun: true },
    );
    expect(abroadFile.ok && abroadFile.summary.warnings.map((x) => x.message.en)).toEqual([
      expect.stringContaining('contract "x1": customer abroad is an organisation outside Japan (US)'),
    ]);
  });

  it('checks a channel against its holder as the earlier lines of the file leave it', async () => {
    const now = at('2026-12-03T10:00');
    const c = (id: string, channel: string) => ({ ...customer, id, channel });
    expect(await importRecords(w.db.db, jsonl(c('mover', 'C0ONE')), 'cli', now)).toMatchObject({ ok: true });
    // mover gives up C0ONE on line 2; a new customer takes it on line 3.
    const after = await importRecords(w.db.db, jsonl(c('mover', 'C0TWO'), c('taker', 'C0ONE')), 'cli', now);
    expect(after).toMatchObject({ ok: true, summary: { created: { customers: 1 }, updated: { customers: 1 } } });
    // Taken before its holder lets it go, it is still the holder's.
    const before = await importRecords(w.db.db, jsonl(c('early', 'C0TWO'), c('mover', 'C0THREE')), 'cli', now);
    expect(before.ok ? [] : before.problems.map((p) => `${p.line}: ${p.message.en}`)).toEqual([
      expect.stringContaining('1: channel: channel C0TWO is already customer "mover"'),
    ]);
    const rows = await w.db.sql<{ id: string; slack_channel: string }[]>`
      select id, slack_channel from customers where id in ('mover', 'taker', 'early') order by id`;
    expect(rows).toEqual([
      { id: 'mover', slack_channel: 'C0TWO' },
      { id: 'taker', slack_channel: 'C0ONE' },
    ]);
  });

  it('writes customers with many contacts each, beyond what one statement may carry', async () => {
    // 1,000 customers of 40 contacts: 40,000 contact rows of two parameters, where a statement takes 65,535.
    const people = Array.from({ length: 1_000 }, (_, g) => ({
      ...customer,
      id: `crowd${g}`,
      channel: `C0CROWD${g}`,
      contacts: Array.from({ length: 40 }, (_, k) => `U0C${g}X${k}`),
    }));
    const r = await importRecords(w.db.db, jsonl(...people), 'cli', at('2026-12-03T10:00'));
    expect(r).toMatchObject({ ok: true, summary: { created: { customers: 1_000 } } });
    const [contacts] = await w.db.sql<{ n: number }[]>`
      select count(*)::int as n from customer_contacts where customer_id like 'crowd%'`;
    expect(contacts!.n).toBe(40_000);
  });
});
