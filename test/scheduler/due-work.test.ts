// Reading the due work in bulk: the dry run's batched load of cycles says what loadCycle says of
// each, and the sweep pages through messages waiting beyond one batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewalCycles } from '../../src/db/schema.js';
import { loadCycle } from '../../src/services/cycles.js';
import { dueFacts, pendingMessagesAfter } from '../../src/services/sweep.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
});
afterAll(() => fake.close());

// Without a Slack token the sweep's messages stay in the outbox, waiting.
const env = (now: string) => ({ ...t.env, CERTDESK_NOW: now, CERTDESK_STAFF_CHANNEL: 'C0STAFF' });
const withSlack = (now: string) => ({ ...env(now), SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake.apiUrl });
const customer = (id: string, channel: string) => ({
  type: 'customer',
  id,
  name: `${id} 株式会社`,
  country: 'JP',
  channel,
  contacts: ['U0ALICE'],
});
const contract = (id: string, customerId: string, item: string) => ({
  type: 'contract',
  id,
  customer: customerId,
  item,
  term: '1y',
  commonName: `${id}.example`,
  notBefore: '2026-01-11T00:00:00+09:00',
  notAfter: '2027-01-10T23:59:59+09:00',
});

describe('the due work, read in bulk', () => {
  it('loadCycle gives each cycle its notices, the answer in force and the contract', async () => {
    const r = await certdesk(
      [
        'import',
        tempFile(
          jsonl(
            customer('one', 'C0ONE'),
            contract('one-www', 'one', 'quick-ssl'),
            contract('one-byo', 'one', 'bring-your-own'),
            customer('two', 'C0TWO'),
            contract('two-www', 'two', 'corporate-ssl'),
          ),
          '.jsonl',
        ),
      ],
      env('2026-10-01T10:00+09:00'),
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await certdesk(['sweep', '--json'], withSlack('2026-11-11T09:00+09:00'))).code).toBe(0);
    const answered = await certdesk(
      ['answer', '--contract', 'one-www', '--answer', 'dont-renew', '--received', '2026-11-12T10:00+09:00', '--json'],
      env('2026-11-12T11:00+09:00'),
    );
    expect(answered.code, answered.stdout + answered.stderr).toBe(0);
    // The 45-day reminders, left waiting in the outbox.
    expect((await certdesk(['sweep', '--json'], env('2026-11-26T09:00+09:00'))).code).toBe(0);
    const ids = (await t.db.db.select({ id: renewalCycles.id }).from(renewalCycles)).map((c) => c.id);
    expect(ids.length).toBe(3);
    const cycles = await Promise.all(ids.map((id) => loadCycle(t.db.db, id)));
    expect(await loadCycle(t.db.db, 999_999)).toBeUndefined();
    expect(cycles.some((c) => c!.answer !== null && c!.facts.answer === 'dont-renew')).toBe(true);
    expect(cycles.map((c) => c!.notices.length).sort()).toEqual([1, 2, 2]);
  });

  it('dueFacts gives the cycles due by an instant, earliest first, with the facts loadCycle derives', async () => {
    const all = await t.db.db.select({ id: renewalCycles.id, dueAt: renewalCycles.dueAt }).from(renewalCycles);
    const dueAts = all
      .map((c) => c.dueAt)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime());
    expect(dueAts.length).toBeGreaterThan(0);
    // By the earliest due instant: only the cycles due by then; by the latest: all of them, in due order.
    const first = await dueFacts(t.db.db, dueAts[0]!, 100);
    expect(first.map((f) => f.cycleId).sort((a, b) => a - b)).toEqual(
      all
        .filter((c) => c.dueAt && c.dueAt.getTime() <= dueAts[0]!.getTime())
        .map((c) => c.id)
        .sort((a, b) => a - b),
    );
    const due = await dueFacts(t.db.db, dueAts.at(-1)!, 100);
    expect(due).toHaveLength(dueAts.length);
    for (const f of due) {
      const one = (await loadCycle(t.db.db, f.cycleId))!;
      expect(f).toEqual({
        cycleId: one.cycle.id,
        contractId: one.contract.id,
        status: one.contract.status,
        facts: one.facts,
      });
    }
    expect(due.some((f) => f.facts.notices.some((n) => n.sentOn !== null))).toBe(true);
    expect(due.some((f) => f.facts.answer === 'dont-renew')).toBe(true);
    // The limit keeps the earliest.
    expect((await dueFacts(t.db.db, dueAts.at(-1)!, 1)).map((f) => f.cycleId)).toEqual([due[0]!.cycleId]);
  });

  it('pendingMessagesAfter pages through the messages waiting, in order', async () => {
    const [first] = await pendingMessagesAfter(t.db.db, 0, 1);
    const all = await pendingMessagesAfter(t.db.db, 0);
    expect(all.length).toBeGreaterThan(1);
    expect(first).toBe(all[0]);
    expect(await pendingMessagesAfter(t.db.db, all[0]!)).toEqual(all.slice(1));
    expect(await pendingMessagesAfter(t.db.db, all.at(-1)!)).toEqual([]);
  });
});
