// Random years of contracts through the sweep the command line runs (sweepOnce), on the real
// PostgreSQL and a fake Slack: answers early, late, changed and recorded late, cancellation forms
// and abolitions, each at its instant. Whatever the order, a contract never renews after a timely
// "don't renew", never into an abolition on record by its reply deadline, and its ledger nets to
// the renewal fees the terms charge when, and only when, it renewed.
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOnce, type WorkDeps } from '../../jobs/work.js';
import { loadConfig } from '../../src/config.js';
import {
  abolitions,
  cancellations,
  contractTerms,
  ledgerEntries,
  renewalAnswers,
  renewalCycles,
} from '../../src/db/schema.js';
import { abolitionsReaching, type ItemCode } from '../../src/domain/catalog.js';
import {
  addDays,
  compareDates,
  jstDateOf,
  jstInstantAt,
  toBusinessDate,
  type BusinessDate,
} from '../../src/domain/dates.js';
import { feesFor } from '../../src/domain/fees.js';
import { termEnd } from '../../src/domain/terms.js';
import { abolishItem } from '../../src/services/abolitions.js';
import { answerCycleId, recordAnswer } from '../../src/services/answers.js';
import { recordCancellation } from '../../src/services/cancellations.js';
import { importRecords } from '../../src/services/import.js';
import { slackClient } from '../../src/slack/client.js';
import { jsonl } from '../support/cli.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
});
afterAll(() => fake.close());

const ITEMS = ['quick-ssl', 'corporate-ssl', 'global-server-id', 'sureserver'] as const;
const ABOLISHABLE = ['quick-ssl', 'corporate-ssl', 'global-server-id', 'sureserver-cloud'] as const;
const FIRST = toBusinessDate('2027-03-01');
const REPLY_DAYS = 30;
const at = (day: BusinessDate, minutes: number) => new Date(jstInstantAt(day, 0).getTime() + minutes * 60_000);

/** Days are counted from the import (day 0, 80 days before the first contract's expiry). */
const scenario = fc.record({
  contracts: fc.array(fc.record({ item: fc.constantFrom(...ITEMS), expiresAfter: fc.integer({ min: 0, max: 20 }) }), {
    minLength: 1,
    maxLength: 3,
  }),
  events: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('answer' as const),
        contract: fc.nat(2),
        answer: fc.constantFrom('renew' as const, 'dont-renew' as const),
        // Before the first notice (day 20), in the reply period, or after the deadline (day 50 + expiresAfter).
        arrivedDay: fc.integer({ min: 1, max: 75 }),
        arrivedMinute: fc.integer({ min: 0, max: 1439 }),
        // Recorded when it arrived, or up to two days later (by staff, the next morning).
        recordedLateMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * 1440 })),
      }),
      fc.record({
        kind: fc.constant('cancel' as const),
        contract: fc.nat(2),
        receivedDay: fc.integer({ min: 1, max: 75 }),
        minute: fc.integer({ min: 0, max: 1439 }),
      }),
      fc.record({
        kind: fc.constant('abolish' as const),
        item: fc.constantFrom(...ABOLISHABLE),
        recordedDay: fc.integer({ min: 1, max: 75 }),
        minute: fc.integer({ min: 0, max: 1439 }),
        fromAfterExpiry: fc.integer({ min: -30, max: 400 }),
      }),
    ),
    { maxLength: 5 },
  ),
});

interface Contract {
  id: string;
  item: (typeof ITEMS)[number];
  expiry: BusinessDate;
  deadline: BusinessDate;
}

/** A timeline of facts in the order of the clock, each a thing done at an instant. */
type Step = { at: Date; what: string; run: () => Promise<unknown> };

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function runYear(db: TestDatabase, s: Scenario): Promise<void> {
  const config = loadConfig({
    ...db.env,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: fake.apiUrl,
    CERTDESK_STAFF_CHANNEL: 'C0STAFF',
  });
  const deps: WorkDeps = { database: db, slack: slackClient(config), config };
  const day0 = addDays(FIRST, -80);
  const contracts: Contract[] = s.contracts.map((c, i) => {
    const expiry = addDays(FIRST, c.expiresAfter);
    return { id: `c${i}`, item: c.item, expiry, deadline: addDays(expiry, -REPLY_DAYS) };
  });
  const records = [
    { type: 'customer', id: 'acme', name: 'ACME', country: 'JP', channel: 'C0ACME', contacts: ['U0ALICE'] },
  ];
  for (const c of contracts) {
    const notBefore = addDays(c.expiry.subtract({ years: 1 }), 1);
    records.push({
      type: 'contract',
      id: c.id,
      customer: 'acme',
      item: c.item,
      term: '1y',
      commonName: `${c.id}.acme.example`,
      notBefore: `${notBefore}T00:00:00+09:00`,
      notAfter: `${c.expiry}T23:59:59+09:00`,
    } as never);
  }
  await importRecords(db.db, jsonl(...records), 'cli', at(day0, 600));

  const steps: Step[] = [];
  const sweepAt = (when: Date) => steps.push({ at: when, what: 'sweep', run: () => sweepOnce(deps, when) });
  for (const c of contracts) {
    sweepAt(jstInstantAt(addDays(c.expiry, -60), 9));
    sweepAt(at(addDays(c.deadline, 1), 5));
    sweepAt(at(addDays(c.expiry, 1), 5));
    sweepAt(at(addDays(c.expiry, 2), 5));
  }
  for (const e of s.events) {
    if (e.kind === 'answer') {
      const c = contracts[e.contract % contracts.length]!;
      const arrived = at(addDays(day0, e.arrivedDay), e.arrivedMinute);
      const recorded = new Date(arrived.getTime() + e.recordedLateMinutes * 60_000);
      steps.push({
        at: recorded,
        what: `answer ${c.id} ${e.answer} arrived ${arrived.toISOString()}`,
        run: async () =>
          recordAnswer(
            db.db,
            {
              cycleId: (await answerCycleId(db.db, c.id, arrived))!,
              answer: e.answer,
              answeredBy: 'cli',
              actor: 'cli',
              via: 'cli',
              actingForCustomer: true,
              receivedAt: arrived,
            },
            recorded,
          ),
      });
    } else if (e.kind === 'cancel') {
      const c = contracts[e.contract % contracts.length]!;
      const received = at(addDays(day0, e.receivedDay), e.minute);
      steps.push({
        at: received,
        what: `cancel ${c.id}`,
        run: () =>
          recordCancellation(db.db, { contractId: c.id, receivedAt: received, via: 'staff', actor: 'cli' }, received),
      });
    } else {
      const recorded = at(addDays(day0, e.recordedDay), e.minute);
      const from = addDays(FIRST, e.fromAfterExpiry);
      steps.push({
        at: recorded,
        what: `abolish ${e.item} from ${from}`,
        run: () => abolishItem(db.db, { item: e.item, from, actor: 'cli' }, recorded),
      });
    }
  }
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const step of steps) {
    // What was due before the fact is done first, as the workers would have done it.
    if (step.what !== 'sweep') await sweepOnce(deps, new Date(step.at.getTime() - 1));
    await step.run();
  }

  for (const c of contracts) await checkContract(db, c);
}

/** The answer in force by Art. 6(2): the last to arrive by the end of the deadline day, whenever recorded. */
async function timelyAnswer(db: TestDatabase, c: Contract, cycleId: number): Promise<'renew' | 'dont-renew' | null> {
  const rows = await db.db
    .select()
    .from(renewalAnswers)
    .where(
      and(eq(renewalAnswers.cycleId, cycleId), lt(renewalAnswers.answeredAt, jstInstantAt(addDays(c.deadline, 1), 0))),
    )
    .orderBy(desc(renewalAnswers.answeredAt), desc(renewalAnswers.id))
    .limit(1);
  return (rows[0]?.answer as 'renew' | 'dont-renew' | undefined) ?? null;
}

async function checkContract(db: TestDatabase, c: Contract): Promise<void> {
  const [cycle] = await db.db
    .select()
    .from(renewalCycles)
    .where(eq(renewalCycles.contractId, c.id))
    .orderBy(renewalCycles.id)
    .limit(1);
  const renewedTerms = await db.db
    .select()
    .from(contractTerms)
    .where(and(eq(contractTerms.contractId, c.id), eq(contractTerms.seq, 2)));
  const renewed = renewedTerms.length > 0;
  const ledger = await db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, c.id));
  const net = ledger.reduce((sum, e) => sum + e.amount, 0);
  // The deadline the first notice fixed (later than the standard one when that notice went out late, Art. 6(2)).
  if (cycle!.replyDeadline) c = { ...c, deadline: cycle!.replyDeadline };
  const answer = await timelyAnswer(db, c, cycle!.id);
  // Art. 6(2), 9(1): a timely "don't renew" is never followed by a renewal.
  if (answer === 'dont-renew') expect(renewed, `${c.id} renewed after a timely "don't renew"`).toBe(false);

  // Art. 8: an abolition reaching the item, on record by the deadline, effective by the end of the term a renewal would begin.
  const reaching = await db.db
    .select()
    .from(abolitions)
    .where(and(isNull(abolitions.withdrawnAt), inArray(abolitions.item, abolitionsReaching(c.item as ItemCode))));
  const renewedTermEnd = termEnd(addDays(c.expiry, 1), '1y')!;
  const blocking = reaching.some((a) => {
    const from = a.effectiveFrom;
    return (
      compareDates(from, c.expiry) <= 0 ||
      (a.createdAt.getTime() < jstInstantAt(addDays(c.deadline, 1), 0).getTime() &&
        compareDates(from, renewedTermEnd) <= 0)
    );
  });
  if (blocking) expect(renewed, `${c.id} renewed into an abolition`).toBe(false);

  // Art. 9(2): a form received by the deadline that takes effect by the day after expiry leaves nothing to renew.
  const [form] = await db.db
    .select()
    .from(cancellations)
    .where(and(eq(cancellations.contractId, c.id), isNull(cancellations.withdrawnAt)));
  const cancelled =
    form !== undefined &&
    compareDates(form.effectiveOn, addDays(c.expiry, 1)) <= 0 &&
    compareDates(jstDateOf(form.receivedAt), c.deadline) <= 0;
  if (cancelled) expect(renewed, `${c.id} renewed after a cancellation`).toBe(false);

  // Otherwise the term renews, by answer or by default (Art. 6(2)).
  if (answer !== 'dont-renew' && !blocking && !form) expect(renewed, `${c.id} did not renew`).toBe(true);

  // Art. 10: the ledger nets to the renewal's fees when it renewed, and to nothing when it did not.
  const fees = feesFor({ item: c.item, term: '1y', event: { kind: 'default-renewal', on: addDays(c.deadline, 1) } });
  const expected = renewed ? fees.ok && fees.value.reduce((sum, e) => sum + e.amount, 0) : 0;
  expect(net, `${c.id} ledger nets to ${net}, not ${expected}`).toBe(expected);
  // Every reversal names an entry of the opposite amount.
  for (const r of ledger.filter((e) => e.correctionOf !== null))
    expect(ledger.find((e) => e.id === r.correctionOf)?.amount).toBe(-r.amount);
}

describe('a year of answers, cancellations and abolitions through the sweep', () => {
  it(
    'never renews after a timely "don\'t renew" or into a known abolition, and the ledger nets to what the terms charge',
    { timeout: 120_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const db = await freshDatabase();
          try {
            await runYear(db, s);
          } finally {
            await db.drop();
          }
        }),
        { numRuns: Number(process.env.FC_RUNS ?? 6), seed: Number(process.env.FC_SEED ?? 14), endOnFailure: true },
      );
    },
  );
});
