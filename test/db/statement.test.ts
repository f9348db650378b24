// A statement built once per process (src/db/statement.ts) gives, on the pool and in any
// transaction, exactly the rows drizzle's own prepared query gives for the same rows: the same
// nesting, Dates, business dates (Temporal.PlainDate), numbers, nulls and left joins found empty.
import { PGlite } from '@electric-sql/pglite';
import { asc, eq, sql } from 'drizzle-orm';
import { drizzle as pglite } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { connectionOf, statement } from '../../src/db/statement.js';
import { answerInForce, loadCycle } from '../../src/services/cycles.js';
import { importRecords } from '../../src/services/import.js';
import { jsonl } from '../support/cli.js';
import { embeddedTests, useFreshDatabase } from '../support/databases.js';

const { certificates, contracts, contractTerms, customers, renewalAnswers, renewalCycles, renewalNotices } = schema;
const t = useFreshDatabase();
const at = (jst: string) => new Date(`${jst}+09:00`);

/** A value with every Date, business date and nested object spelled out, so that equal means the same types too. */
function spelled(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return { Date: v.toISOString() };
  if (v instanceof Temporal.PlainDate) return { PlainDate: v.toString() };
  if (Array.isArray(v)) return v.map(spelled);
  expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, spelled(x)]));
}

/** A select like loadCycle's: whole tables joined, a lateral left join, expressions with and without mapWith. */
const build = (q: Queryable) => {
  const { answer, columns } = answerInForce(q);
  return q
    .select({
      cycle: renewalCycles,
      contract: contracts,
      term: contractTerms,
      customer: customers,
      answer: columns,
      waiting: sql<
        number | null
      >`(select ${certificates.id} from ${certificates} where ${certificates.contractId} = ${contracts.id} limit 1)`.mapWith(
        (v) => (v === null ? null : Number(v)),
      ),
      noticeCount: sql<string>`(select count(*) from ${renewalNotices} n where n.cycle_id = ${renewalCycles.id})`,
      lastSentAt: sql`(select max(n.sent_at) from ${renewalNotices} n where n.cycle_id = ${renewalCycles.id})`.mapWith(
        renewalNotices.sentAt,
      ),
    })
    .from(renewalCycles)
    .innerJoin(contracts, eq(contracts.id, renewalCycles.contractId))
    .innerJoin(contractTerms, eq(contractTerms.id, renewalCycles.contractTermId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .leftJoinLateral(answer, sql`true`)
    .where(eq(renewalCycles.contractId, sql.placeholder('contractId')))
    .orderBy(asc(renewalCycles.id))
    .prepare('statement_test_cycle');
};
const cycleStatement = statement(build);
const buildNotices = (q: Queryable) =>
  q
    .select()
    .from(renewalNotices)
    .where(eq(renewalNotices.cycleId, sql.placeholder('cycleId')))
    .orderBy(asc(renewalNotices.id))
    .prepare('statement_test_notices');
const noticeStatement = statement(buildNotices);

describe('a statement built once gives what drizzle gives', () => {
  it('on the pool and in transactions, with the answer and without, with notices sent and not', async () => {
    const db = t.db.db;
    const now = at('2026-12-03T10:00');
    const customer = { type: 'customer', id: 'st', name: '文 株式会社', country: 'JP', channel: 'C0ST' };
    const contract = (id: string) => ({
      type: 'contract',
      id,
      customer: 'st',
      item: 'quick-ssl',
      term: '1y',
      commonName: `${id}.example`,
      notBefore: '2026-02-01T00:00:00+09:00',
      notAfter: '2027-01-31T23:59:59+09:00',
    });
    expect((await importRecords(db, jsonl(customer, contract('st-a'), contract('st-b')), 'cli', now)).ok).toBe(true);
    const [a] = await db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'st-a'));
    await db.insert(renewalNotices).values([
      { cycleId: a!.id, noticeDays: 60, dueOn: Temporal.PlainDate.from('2026-12-02'), sentAt: at('2026-12-02T09:00') },
      { cycleId: a!.id, noticeDays: 45, dueOn: Temporal.PlainDate.from('2026-12-17'), late: true },
    ]);
    await db.update(renewalCycles).set({ replyDeadline: Temporal.PlainDate.from('2027-01-01'), heldAt: now });
    await db.insert(renewalAnswers).values({
      cycleId: a!.id,
      answer: 'renew',
      answeredAt: at('2026-12-02T11:00'),
      answeredBy: 'U0A',
      via: 'button',
      accepted: true,
    });

    const same = async (q: Queryable) => {
      for (const contractId of ['st-a', 'st-b', 'none']) {
        const ours = await cycleStatement.execute(q, { contractId });
        const theirs = await build(q).execute({ contractId });
        expect(spelled(ours)).toEqual(spelled(theirs));
        for (const row of ours) {
          const n = await noticeStatement.execute(q, { cycleId: row.cycle.id });
          expect(spelled(n)).toEqual(spelled(await buildNotices(q).execute({ cycleId: row.cycle.id })));
        }
      }
      const [rowA] = await cycleStatement.execute(q, { contractId: 'st-a' });
      expect(rowA!.answer?.answer).toBe('renew');
      expect(rowA!.cycle.expiryDate).toBeInstanceOf(Temporal.PlainDate);
      expect(rowA!.cycle.heldAt).toBeInstanceOf(Date);
      const [rowB] = await cycleStatement.execute(q, { contractId: 'st-b' });
      expect(rowB!.answer).toBeNull();
    };
    expect(connectionOf(db)).toBeDefined();
    await same(db);
    // Two transactions one after the other, and two at once: each on its own connection.
    await db.transaction(async (tx) => {
      expect(connectionOf(tx)).toBeDefined();
      await same(tx);
    });
    await Promise.all([db.transaction((tx) => same(tx)), db.transaction((tx) => same(tx))]);
    // loadCycle reads through them.
    const ctx = await db.transaction((tx) => loadCycle(tx, a!.id));
    expect(ctx?.notices.map((n) => n.noticeDays)).toEqual([60, 45]);
    expect(ctx?.facts.answer).toBe('renew');
    expect(ctx?.facts.notices[0]!.sentOn?.toString()).toBe('2026-12-02');
  });

  it.skipIf(embeddedTests())(
    'on a drizzle handle with no postgres.js connection (PGlite in this process), drizzle runs it',
    async () => {
      const client = new PGlite();
      try {
        const db = pglite(client, { schema });
        await migrate(db, { migrationsFolder: 'drizzle' });
        const q = db as unknown as Queryable;
        expect(connectionOf(q)).toBeUndefined();
        await db.insert(customers).values({ id: 'p', name: 'P', country: 'JP' });
        await db.insert(contracts).values({
          id: 'p-1',
          customerId: 'p',
          item: 'quick-ssl',
          term: '1y',
          commonName: 'p.example',
          origin: 'imported',
        });
        const [term] = await db
          .insert(contractTerms)
          .values({
            contractId: 'p-1',
            seq: 1,
            item: 'quick-ssl',
            term: '1y',
            startsOn: Temporal.PlainDate.from('2026-02-01'),
            expiryDate: Temporal.PlainDate.from('2027-01-31'),
            kind: 'imported',
          })
          .returning();
        await db
          .insert(renewalCycles)
          .values({ contractId: 'p-1', contractTermId: term!.id, expiryDate: term!.expiryDate });
        const rows = await cycleStatement.execute(q, { contractId: 'p-1' });
        expect(rows).toHaveLength(1);
        expect(rows[0]!.cycle.expiryDate.toString()).toBe('2027-01-31');
        expect(rows[0]!.answer).toBeNull();
      } finally {
        await client.close();
      }
    },
  );
});
