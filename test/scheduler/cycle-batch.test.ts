// The sweep's batch of due cycles (services/cycle-batch.ts) writes what processCycle writes, one
// cycle at a time, for the same cycles: the notice, its outbox message, its audit row, the next
// due instant and a failure resolved. Cycles it cannot take alone in a batch are left to processCycle.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, outbox, renewalCycles, renewalNotices, scheduledFailures } from '../../src/db/schema.js';
import { DEFAULT_RENEWAL_POLICY } from '../../src/domain/renewal.js';
import { processCycleBatch } from '../../src/services/cycle-batch.js';
import { processCycle } from '../../src/services/cycles.js';
import { importRecords } from '../../src/services/import.js';
import { jsonl } from '../support/cli.js';
import { embeddedTests, useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const at = (jst: string) => new Date(`${jst}+09:00`);
const policy = DEFAULT_RENEWAL_POLICY;

const contract = (id: string, customer: string, notAfter: string) => ({
  type: 'contract',
  id,
  customer,
  item: 'quick-ssl',
  term: '1y',
  commonName: `${id}.example`,
  notBefore: '2026-02-01T00:00:00+09:00',
  notAfter,
});

describe('a batch of due cycles', () => {
  it('writes for each cycle what processCycle writes', async () => {
    const db = t.db.db;
    const now = at('2026-12-03T10:00');
    const customers = ['one', 'two'].map((id) => ({
      type: 'customer',
      id,
      name: `${id} "社"`,
      country: 'JP',
      channel: `C0${id.toUpperCase()}`,
    }));
    // Pairs alike but for their customer: a first notice on time, one late, one not due yet.
    const kinds = {
      onTime: '2027-01-31T23:59:59+09:00',
      late: '2027-01-15T23:59:59+09:00',
      later: '2027-09-30T23:59:59+09:00',
    };
    const lines = [
      ...customers,
      ...Object.entries(kinds).flatMap(([k, d]) => [contract(`${k}-one`, 'one', d), contract(`${k}-two`, 'two', d)]),
    ];
    expect((await importRecords(db, jsonl(...lines), 'cli', now)).ok).toBe(true);
    const cycles = await db.select().from(renewalCycles).orderBy(asc(renewalCycles.id));
    const idOf = (contractId: string) => cycles.find((c) => c.contractId === contractId)!.id;
    await db.update(renewalCycles).set({ dueAt: now });
    // A failure of an earlier try of a cycle, resolved by either way of taking it.
    for (const contractId of ['onTime-one', 'onTime-two'])
      await db.insert(scheduledFailures).values({
        step: 'cycle',
        subject: String(idOf(contractId)),
        contractId,
        cycleId: idOf(contractId),
        error: 'earlier',
        firstFailedAt: now,
        lastFailedAt: now,
        retryAt: now,
      });

    const alone = await Promise.all(Object.keys(kinds).map((k) => processCycle(db, idOf(`${k}-one`), now, policy)));
    const batch = await processCycleBatch(
      db,
      Object.keys(kinds).map((k) => idOf(`${k}-two`)),
      now,
      policy,
    );
    expect(batch.rest).toEqual([]);
    Object.keys(kinds).forEach((k, i) => {
      const strip = (steps: unknown) =>
        (steps as { cycleId: number; contractId: string }[]).map(({ cycleId: _, contractId: __, ...s }) => s);
      expect(strip(batch.done.get(idOf(`${k}-two`)))).toEqual(strip(alone[i]));
    });

    /** What a contract's cycle has written, with its own ids and names taken out. */
    const written = async (k: string, who: 'one' | 'two') => {
      const cycleId = idOf(`${k}-${who}`);
      const [cycle] = await db.select().from(renewalCycles).where(eq(renewalCycles.id, cycleId));
      const notices = await db.select().from(renewalNotices).where(eq(renewalNotices.cycleId, cycleId));
      const messages = notices.length
        ? await db
            .select()
            .from(outbox)
            .where(
              inArray(
                outbox.key,
                notices.map((n) => `notice:${n.id}`),
              ),
            )
        : [];
      const audits = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subject, `contract:${k}-${who}`), eq(auditLog.action, 'renewal.notice')));
      const failures = await db
        .select({ resolvedAt: scheduledFailures.resolvedAt })
        .from(scheduledFailures)
        .where(eq(scheduledFailures.cycleId, cycleId));
      return {
        dueAt: cycle!.dueAt,
        notices: notices.map(({ id: _, cycleId: __, ...n }) => ({ ...n, dueOn: n.dueOn.toString() })),
        messages: messages.map(({ id: _, key, data, channel, contractId, ...m }) => ({
          ...m,
          key: key.replace(/\d+$/, 'N'),
          noticeMatches:
            (data as { noticeId: number }).noticeId === notices[0]!.id && key === `notice:${notices[0]!.id}`,
          channel: channel?.replace(who.toUpperCase(), 'X'),
          contractId: contractId?.replace(who, 'x'),
        })),
        audits: audits.map(({ id: _, subject, ...a }) => ({ ...a, subject: subject.replace(who, 'x') })),
        failures,
      };
    };
    for (const k of Object.keys(kinds)) expect(await written(k, 'two')).toEqual(await written(k, 'one'));
    expect((await written('onTime', 'two')).notices).toHaveLength(1);
    expect((await written('late', 'two')).notices[0]!.late).toBe(true);
    expect((await written('later', 'two')).notices).toEqual([]);
    expect((await written('onTime', 'two')).failures[0]!.resolvedAt).toEqual(now);
  });

  /** onTime's cycles on 2027-02-05: their notices were not delivered and the expiry date has passed (a hold, not a notice). */
  const onTime = async () => {
    const now = at('2027-02-05T10:00');
    const cycles = await t.db.db
      .select()
      .from(renewalCycles)
      .where(inArray(renewalCycles.contractId, ['onTime-one', 'onTime-two']))
      .orderBy(asc(renewalCycles.id));
    await t.db.db.update(renewalCycles).set({ dueAt: now });
    return { now, ids: cycles.map((c) => c.id) };
  };

  it('leaves a cycle whose step is not a notice to processCycle', async () => {
    const { now, ids } = await onTime();
    const batch = await processCycleBatch(t.db.db, ids, now, policy);
    expect(batch.rest).toEqual(ids);
    expect(batch.done.size).toBe(0);
  });

  // The embedded database serves one transaction at a time: a lock held by another cannot be met there.
  it.skipIf(embeddedTests())('skips a cycle another worker holds', async () => {
    const db = t.db.db;
    const { now, ids } = await onTime();
    const [held, other] = ids;
    let release!: () => void;
    const holding = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`select id from renewal_cycles where id = ${held!} for update`);
      locked();
      await holding;
    });
    await isLocked;
    const batch = await processCycleBatch(db, ids, now, policy);
    release();
    await holder;
    expect(batch.done.has(held!)).toBe(false);
    expect(batch.rest).toEqual([other]);
  });
});
