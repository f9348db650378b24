// Art. 10: the ledger is append-only, enforced by the database itself; fee events happen once.
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { migrateToLatest, MIGRATIONS_FOLDER } from '../../src/db/migrate.js';
import { contracts, customers, ledgerEntries } from '../../src/db/schema.js';
import { toBusinessDate } from '../../src/domain/dates.js';
import { feesFor } from '../../src/domain/fees.js';
import { appendFees, listLedger } from '../../src/services/ledger.js';
import { certdesk } from '../support/cli.js';
import { adminUrl, databaseUrl, freshDatabase, type TestDatabase } from '../support/databases.js';

let db: TestDatabase;

/** drizzle wraps the database's error; the database's own message is its cause. */
async function expectRefused(query: PromiseLike<unknown>, message: RegExp) {
  const error = await Promise.resolve(query).then(
    () => undefined,
    (e: unknown) => e as Error & { cause?: Error },
  );
  expect(error, 'the database refused').toBeDefined();
  expect(`${error!.message} ${error!.cause?.message ?? ''}`).toMatch(message);
}
const now = new Date('2026-11-24T01:00:00Z');

beforeAll(async () => {
  db = await freshDatabase();
  await db.db.insert(customers).values({ id: 'acme', name: 'ACME株式会社', country: 'JP' });
  await db.db.insert(contracts).values({
    id: 'acme-www',
    customerId: 'acme',
    item: 'quick-ssl',
    term: '1y',
    commonName: 'www.acme.example',
    origin: 'application',
  });
});
afterAll(() => db.drop());

const acceptanceFees = () => {
  const fees = feesFor({
    item: 'quick-ssl',
    term: '1y',
    event: { kind: 'acceptance', on: toBusinessDate('2026-11-24') },
  });
  if (!fees.ok) throw new Error('quick-ssl is priced');
  return fees.value;
};

describe('Art. 10: the ledger', () => {
  it('records each fee of an event once, however often the event is replayed', async () => {
    const first = await appendFees(db.db, 'acme-www', 'acceptance:acme-www', acceptanceFees(), now);
    const again = await appendFees(db.db, 'acme-www', 'acceptance:acme-www', acceptanceFees(), now);
    expect(first.map((e) => [e.kind, e.amount])).toEqual([
      ['certificate', 34_800],
      ['agency', 25_000],
    ]);
    expect(again).toEqual([]);
    expect(await listLedger(db.db)).toHaveLength(2);
  });

  it('refuses updates, deletes and truncation: a correction is a new entry', async () => {
    await expectRefused(
      db.db.update(ledgerEntries).set({ amount: 1 }),
      /ledger_entries is append-only: UPDATE refused/,
    );
    await expectRefused(db.db.delete(ledgerEntries), /append-only: DELETE refused/);
    await expectRefused(db.db.execute(sql`truncate ledger_entries`), /append-only: TRUNCATE refused/);
    expect((await listLedger(db.db)).map((e) => e.amount)).toEqual([34_800, 25_000]);
  });

  it('keeps amounts as integers of yen and kinds from the terms', async () => {
    await expect(
      db.sql`insert into ledger_entries (contract_id, kind, amount, accrued_on, article, tariff_version, event_key) values ('acme-www', 'discount', 1, '2026-11-24', 'x', 'x', 'k1')`,
    ).rejects.toThrow(/ledger_entries_kind/);
    const [column] =
      await db.sql`select data_type from information_schema.columns where table_name = 'ledger_entries' and column_name = 'amount'`;
    expect(column!.data_type).toBe('integer');
  });

  it('certdesk ledger prints each entry with its article and tariff version', async () => {
    const r = await certdesk(['ledger', '--json'], { DATABASE_URL: db.url });
    expect(r.code).toBe(0);
    expect(r.json).toEqual([
      expect.objectContaining({
        contract: 'acme-www',
        kind: 'certificate',
        amount: 34_800,
        accruedOn: '2026-11-24',
        article: 'Art. 10; Appendix 1 §1',
        tariffVersion: '2022-09-01',
      }),
      expect.objectContaining({
        contract: 'acme-www',
        kind: 'agency',
        amount: 25_000,
        accruedOn: '2026-11-24',
        article: 'Art. 10; Appendix 1 §3',
        tariffVersion: '2022-09-01',
      }),
    ]);
    const text = await certdesk(['ledger', '--contract', 'acme-www'], { DATABASE_URL: db.url });
    expect(text.stdout).toContain('¥34,800');
    expect(text.stdout).toContain('Total ¥59,800');
    expect(text.stdout).not.toContain('令和');
    const ja = await certdesk(['ledger', '--contract', 'acme-www'], { DATABASE_URL: db.url, CERTDESK_LANG: 'ja' });
    expect(ja.stdout).toContain('令和8年11月24日');
    expect(ja.stdout).toContain('合計 ¥59,800');
  });
});

describe('the audit log', () => {
  it('is append-only too', async () => {
    await db.sql`insert into audit_log (actor, action, subject) values ('cli:test', 'test', 'x')`;
    await expect(db.sql`update audit_log set actor = 'someone else'`).rejects.toThrow(/append-only/);
    await expect(db.sql`delete from audit_log`).rejects.toThrow(/append-only/);
  });
});

describe('the schema refuses what the terms do not allow', () => {
  it('a country that is not an ISO code, an unknown status or end reason', async () => {
    await expect(db.sql`insert into customers (id, name, country) values ('x', 'X', 'jp')`).rejects.toThrow(
      /customers_country_iso/,
    );
    await expect(
      db.sql`insert into contracts (id, customer_id, item, term, common_name, origin, status) values ('y', 'acme', 'quick-ssl', '1y', 'y', 'imported', 'paused')`,
    ).rejects.toThrow(/contracts_status/);
    await expect(
      db.sql`insert into contracts (id, customer_id, item, term, common_name, origin, status) values ('z', 'acme', 'quick-ssl', '1y', 'z', 'imported', 'ended')`,
    ).rejects.toThrow(/contracts_ended_has_date/);
  });
});

/** Every migration the project ships. */
const MIGRATIONS = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).length;

describe('migrations', () => {
  it('are safe when several processes start at once, and idempotent', async () => {
    const name = `certdesk_m_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    try {
      const url = databaseUrl(name);
      const applied = await Promise.all([
        migrateToLatest(url),
        migrateToLatest(url),
        migrateToLatest(url),
        migrateToLatest(url),
      ]);
      expect(applied.sort()).toEqual([0, 0, 0, MIGRATIONS]);
      expect(await migrateToLatest(url)).toBe(0);
      const check = postgres(url, { max: 1, onnotice: () => {} });
      const rows = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
      await check.end();
      expect(rows[0]!.n).toBe(MIGRATIONS);
      // Several CLI processes at once, each bringing the database up to date first.
      const results = await Promise.all([1, 2, 3].map(() => certdesk(['contracts', '--json'], { DATABASE_URL: url })));
      expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it('a database that cannot be reached is a clear message, not a stack trace', async () => {
    const r = await certdesk(['contracts', '--json'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(r).toMatchObject({ code: 1, json: { message: expect.stringContaining('cannot reach PostgreSQL') } });
  });
});
