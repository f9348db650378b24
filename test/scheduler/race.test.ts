// Art. 6(2): answers arriving as the reply deadline passes, racing the deadline's own step, give
// exactly one outcome; the losers are told which one stands.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ledgerEntries, renewalAnswers, renewalCycles } from '../../src/db/schema.js';
import { DEFAULT_RENEWAL_POLICY } from '../../src/domain/renewal.js';
import { recordAnswer } from '../../src/services/answers.js';
import { processCycle } from '../../src/services/cycles.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();

describe('100 answers racing the deadline', () => {
  it('exactly one outcome is recorded, with its fees once', async () => {
    const records = jsonl(
      { type: 'customer', id: 'race', name: 'Race', country: 'JP', channel: 'C0RACE', contacts: ['U0ALICE'] },
      {
        type: 'contract',
        id: 'race-www',
        customer: 'race',
        item: 'quick-ssl',
        term: '1y',
        commonName: 'www.race.example',
        notBefore: '2026-01-11T00:00:00+09:00',
        notAfter: '2027-01-10T23:59:59+09:00',
      },
    );
    expect(
      (await certdesk(['import', tempFile(records, '.jsonl')], { ...t.env, CERTDESK_NOW: '2026-10-01T10:00+09:00' }))
        .code,
    ).toBe(0);
    // The first notice goes out (no Slack here: record it as sent the way delivery does).
    await certdesk(['sweep'], { ...t.env, CERTDESK_NOW: '2026-11-11T09:00+09:00' });
    const [cycle] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.contractId, 'race-www'));
    await t.db
      .sql`update renewal_notices set sent_at = '2026-11-11T00:00:01Z', slack_channel = 'C0RACE', slack_ts = '1.1' where cycle_id = ${cycle!.id}`;
    await t.db.sql`update renewal_cycles set reply_deadline = '2026-12-11' where id = ${cycle!.id}`;

    const lastMoment = new Date('2026-12-11T14:59:59.900Z'); // 23:59:59.9 JST on the deadline day
    const deadlinePassed = new Date('2026-12-11T15:00:00.000Z');
    const answers = Array.from({ length: 100 }, (_, i) =>
      recordAnswer(
        t.db.db,
        {
          cycleId: cycle!.id,
          answer: i % 2 ? 'renew' : 'dont-renew',
          answeredBy: 'U0ALICE',
          actor: 'slack:U0ALICE',
          via: 'button',
          actingForCustomer: false,
          deliveryId: `race-${i}`,
        },
        lastMoment,
      ),
    );
    // The deadline's step, as a worker runs it: a cycle locked by an answer is tried again.
    const deadline = (async () => {
      for (;;) {
        const r = await processCycle(t.db.db, cycle!.id, deadlinePassed, DEFAULT_RENEWAL_POLICY);
        if (r !== 'busy') return r;
        await new Promise((res) => setTimeout(res, 5));
      }
    })();
    const results = await Promise.all([...answers, deadline]);

    const [after] = await t.db.db.select().from(renewalCycles).where(eq(renewalCycles.id, cycle!.id));
    expect(after!.outcome).not.toBeNull();
    const accepted = await t.db.db
      .select()
      .from(renewalAnswers)
      .where(and(eq(renewalAnswers.cycleId, cycle!.id), eq(renewalAnswers.accepted, true)));
    const refused = results.slice(0, 100).filter((r) => typeof r === 'object' && 'ok' in r && !r.ok);
    // Every refusal names the outcome that stands.
    for (const r of refused) expect(r).toMatchObject({ ok: false, reasons: [{ code: 'outcome-already-recorded' }] });
    const fees = await t.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, 'race-www'));
    const last = accepted.sort((a, b) => a.id - b.id).at(-1);
    if (after!.outcome === 'ended') {
      expect(last?.answer).toBe('dont-renew');
      expect(fees).toEqual([]);
    } else {
      expect(['renewed', 'default-renewed']).toContain(after!.outcome);
      if (after!.outcome === 'renewed') expect(last?.answer).toBe('renew');
      expect(fees.map((f) => f.kind).sort()).toEqual(['agency', 'certificate']);
    }
    // Running the deadline again changes nothing.
    expect(await processCycle(t.db.db, cycle!.id, new Date('2026-12-12T01:00:00Z'), DEFAULT_RENEWAL_POLICY)).toEqual(
      [],
    );
    expect(await t.db.db.select().from(ledgerEntries).where(eq(ledgerEntries.contractId, 'race-www'))).toHaveLength(
      fees.length,
    );
  });
});
