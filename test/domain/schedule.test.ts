import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, jstInstantAt, toBusinessDate, type BusinessDate } from '../../src/domain/dates.js';
import { DEFAULT_RENEWAL_POLICY as policy } from '../../src/domain/renewal.js';
import { nextDueAt, nextStep, type CycleFacts } from '../../src/domain/schedule.js';

const d = toBusinessDate;
const expiry = d('2027-01-10');
const jst = (date: string, hour = 0) => jstInstantAt(d(date), hour);

const facts = (over: Partial<CycleFacts> = {}): CycleFacts => ({
  category: 'I',
  expiryDate: expiry,
  notices: [],
  replyDeadline: null,
  answer: null,
  decision: null,
  outcome: null,
  held: false,
  rolledOver: false,
  renewalCertificate: false,
  endDate: null,
  endReason: null,
  reminded: false,
  ...over,
});
const sent = (noticeDays: number, on: string) => ({ noticeDays, sentOn: d(on) });

describe('Art. 6(1): notices at the configured JST hour, and not before', () => {
  it('the first notice is due 60 days before expiry at 09:00 JST', () => {
    expect(nextDueAt(facts(), policy)).toEqual(jst('2026-11-11', 9));
    expect(nextStep(facts(), new Date(jst('2026-11-11', 9).getTime() - 1), policy)).toBeNull();
    expect(nextStep(facts(), jst('2026-11-11', 9), policy)).toMatchObject({
      kind: 'notice',
      notice: { noticeDays: 60, late: false },
    });
  });
  it('then 45 and 31 days before, unless answered', () => {
    const after60 = facts({ notices: [sent(60, '2026-11-11')], replyDeadline: d('2026-12-11') });
    expect(nextDueAt(after60, policy)).toEqual(jst('2026-11-26', 9));
    expect(nextDueAt(facts({ ...after60, answer: 'renew', decision: 'renew' }), policy)).toEqual(jst('2026-12-12'));
  });
  it('a notice decided but not yet delivered is not decided twice', () => {
    const pending = facts({ notices: [{ noticeDays: 60, sentOn: null }] });
    expect(nextStep(pending, jst('2026-11-12', 9), policy)).toBeNull();
  });
});

describe('Art. 6(2): the reply deadline passes at the end of its JST day', () => {
  const noticed = facts({
    notices: [sent(60, '2026-11-11'), sent(45, '2026-11-26'), sent(31, '2026-12-10')],
    replyDeadline: d('2026-12-11'),
    reminded: true,
  });
  it('category I/II without an answer: a default renewal with fees the day after the deadline', () => {
    expect(nextStep(noticed, new Date(jst('2026-12-12').getTime() - 1), policy)).toBeNull();
    expect(nextStep(noticed, jst('2026-12-12'), policy)).toEqual({
      kind: 'deadline',
      outcome: { kind: 'default-renew', feesAccrueOn: d('2026-12-12') },
    });
  });
  it('a reminder missed while the scheduler was down is not sent once the deadline has passed', () => {
    const missed = facts({ notices: [sent(60, '2026-11-11')], replyDeadline: d('2026-12-11') });
    expect(nextStep(missed, jst('2026-12-12', 10), policy)).toMatchObject({ kind: 'deadline' });
  });
  it('"renew" renews; "don\'t renew" ends the contract on the expiry date', () => {
    expect(nextStep({ ...noticed, answer: 'renew' }, jst('2026-12-12'), policy)).toEqual({
      kind: 'deadline',
      outcome: { kind: 'renew' },
    });
    expect(
      nextStep(
        { ...noticed, answer: 'dont-renew', endDate: expiry, endReason: 'not-renewed' },
        jst('2026-12-12'),
        policy,
      ),
    ).toEqual({ kind: 'deadline', outcome: { kind: 'end', endsOn: expiry, endReason: 'not-renewed' } });
  });
  it('a "don\'t renew" under an earlier cancellation has nothing left to settle, and no notice goes out (Art. 9(2))', () => {
    const cancelled = facts({ answer: 'dont-renew', endDate: d('2026-12-20'), endReason: 'cancelled' });
    expect(nextStep(cancelled, jst('2026-11-11', 9), policy)).toBeNull();
    expect(nextDueAt(cancelled, policy)).toBeNull();
  });
  it('the renewed term begins the day after the expiry date', () => {
    const renewed = { ...noticed, outcome: 'default-renewed' as const };
    expect(nextDueAt(renewed, policy)).toEqual(jst('2027-01-11'));
    expect(nextStep(renewed, jst('2027-01-10', 23), policy)).toBeNull();
    expect(nextStep(renewed, jst('2027-01-11'), policy)).toEqual({ kind: 'rollover' });
    expect(nextStep({ ...renewed, rolledOver: true }, jst('2027-01-12'), policy)).toBeNull();
  });
});

describe('Art. 6(3): category III', () => {
  const noticed = facts({
    category: 'III',
    notices: [sent(60, '2026-11-11'), sent(45, '2026-11-26'), sent(31, '2026-12-10')],
    replyDeadline: d('2026-12-11'),
  });
  it('no answer: no default renewal; it lapses at the deadline, ending on the expiry date', () => {
    expect(nextStep(noticed, jst('2026-12-12'), policy)).toEqual({
      kind: 'deadline',
      outcome: { kind: 'lapse', endsOn: expiry, alertStaff: true },
    });
  });
  it('"renew" waits for the certificate through the end of the expiry date (JST), then lapses', () => {
    const waiting = { ...noticed, answer: 'renew' as const };
    expect(nextStep(waiting, jst('2026-12-12'), policy)).toBeNull();
    expect(nextDueAt(waiting, policy)).toEqual(jst('2027-01-11'));
    expect(nextStep(waiting, jst('2027-01-10', 23), policy)).toBeNull();
    expect(nextStep(waiting, jst('2027-01-11'), policy)).toEqual({ kind: 'lapse' });
  });
});

describe('no notice, no ending (Art. 6(1) is the provider’s duty; only Art. 8 and 9 end a contract)', () => {
  it('a first notice still goes out on the expiry date, and the cycle is held for staff', () => {
    const never = facts();
    expect(nextStep(never, jst('2027-01-10', 9), policy)).toMatchObject({ kind: 'notice', notice: { late: true } });
    const pending = facts({ notices: [{ noticeDays: 31, sentOn: null }] });
    expect(nextStep(pending, jst('2027-01-10', 9), policy)).toEqual({ kind: 'hold' });
    expect(nextStep(facts({ held: true }), jst('2027-02-10'), policy)).toBeNull();
    expect(nextDueAt(facts({ held: true }), policy)).toBeNull();
  });
  it('whatever the instant, an undelivered cycle never renews or lapses (property)', () => {
    const anyInstant = fc.date({
      min: new Date('2026-10-01T00:00:00Z'),
      max: new Date('2028-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(anyInstant, fc.constantFrom('I' as const, 'II' as const, 'III' as const), (now, category) => {
        const step = nextStep(facts({ category, notices: [{ noticeDays: 31, sentOn: null }] }), now, policy);
        expect(step === null || step.kind === 'hold').toBe(true);
      }),
    );
  });
});

describe('a contract that ends before its expiry has nothing to renew', () => {
  it('no notices, no outcome', () => {
    const ending = facts({ endDate: d('2026-12-20') });
    expect(nextDueAt(ending, policy)).toBeNull();
    expect(nextStep(ending, jst('2026-11-11', 9), policy)).toBeNull();
  });
});

describe('the due instant is never later than the step it announces (property)', () => {
  it('no step is due before nextDueAt, and one is due at it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom<'renew' | null>('renew', null),
        (sentCount, answer) => {
          const days = [60, 45, 31].slice(0, sentCount);
          const f = facts({
            notices: days.map((n) => ({ noticeDays: n, sentOn: addDays(expiry, -n) as BusinessDate })),
            replyDeadline: sentCount ? d('2026-12-11') : null,
            answer: sentCount ? answer : null,
          });
          const due = nextDueAt(f, policy);
          if (!due) return;
          expect(nextStep(f, new Date(due.getTime() - 1), policy)).toBeNull();
          expect(nextStep(f, due, policy)).not.toBeNull();
        },
      ),
    );
  });
});

describe('the reminder before the reply deadline (Art. 6(2) asks for an answer by it)', () => {
  // Deadline 2026-12-11: the reminder is due 3 days before, on 2026-12-08 at the notice hour.
  const waiting = facts({ notices: [sent(60, '2026-11-11'), sent(45, '2026-11-26')], replyDeadline: d('2026-12-11') });

  it('is due reminderDays before the deadline at the notice hour, and not before', () => {
    expect(nextDueAt(waiting, policy)).toEqual(jst('2026-12-08', 9));
    expect(nextStep(waiting, new Date(jst('2026-12-08', 9).getTime() - 1), policy)).toBeNull();
    expect(nextStep(waiting, jst('2026-12-08', 9), policy)).toEqual({ kind: 'remind' });
  });
  it('comes once: once reminded, the next step is the last notice', () => {
    const reminded = { ...waiting, reminded: true };
    expect(nextStep(reminded, jst('2026-12-09', 9), policy)).toBeNull();
    expect(nextDueAt(reminded, policy)).toEqual(jst('2026-12-10', 9));
  });
  it('follows CERTDESK_REMINDER_DAYS, and 0 turns reminders off', () => {
    const five = { ...policy, reminderDays: 5 };
    expect(nextDueAt(waiting, five)).toEqual(jst('2026-12-06', 9));
    expect(nextStep(waiting, jst('2026-12-06', 9), five)).toEqual({ kind: 'remind' });
    const off = { ...policy, reminderDays: 0 };
    expect(nextDueAt(waiting, off)).toEqual(jst('2026-12-10', 9));
    expect(nextStep(waiting, jst('2026-12-09', 9), off)).toBeNull();
  });
  it('not after an answer, for a held cycle, or before a notice has gone out', () => {
    const at = jst('2026-12-09', 9);
    expect(nextStep({ ...waiting, answer: 'renew', decision: 'renew' }, at, policy)).toBeNull();
    expect(
      nextStep({ ...waiting, answer: 'dont-renew', endDate: expiry, endReason: 'not-renewed' }, at, policy),
    ).toBeNull();
    expect(nextStep({ ...waiting, held: true }, at, policy)).toBeNull();
    const undelivered = facts({
      notices: [
        { noticeDays: 60, sentOn: null },
        { noticeDays: 45, sentOn: null },
      ],
      replyDeadline: d('2026-12-11'),
    });
    expect(nextStep(undelivered, at, policy)).toBeNull();
  });
  it('a contract ending before a renewal (cancelled) is not reminded', () => {
    const cancelled = { ...waiting, endDate: d('2026-12-20'), endReason: 'cancelled' as const };
    expect(nextStep(cancelled, jst('2026-12-09', 9), policy)).toBeNull();
  });
  it('a first notice sent after the reminder’s instant is followed by the reminder at once; once the deadline has passed, none', () => {
    // Sent on 2027-01-08: the late-notice deadline is the day before expiry, 2027-01-09 (reminder due 01-06).
    const late = facts({ notices: [{ noticeDays: 31, sentOn: d('2027-01-08') }], replyDeadline: d('2027-01-09') });
    expect(nextDueAt(late, policy)).toEqual(jst('2027-01-06', 9));
    expect(nextStep(late, jst('2027-01-08', 9), policy)).toEqual({ kind: 'remind' });
    expect(nextStep(late, jst('2027-01-10'), policy)).toMatchObject({ kind: 'deadline' });
  });
  it('a late first notice that leaves time: the reminder comes reminderDays before its later deadline', () => {
    // Sent on 2026-12-20: deadline 2027-01-03 (14 days after), reminder 2026-12-31 09:00.
    const late = facts({ notices: [{ noticeDays: 31, sentOn: d('2026-12-20') }], replyDeadline: d('2027-01-03') });
    expect(nextDueAt(late, policy)).toEqual(jst('2026-12-31', 9));
  });

  it('never comes after an answer, after the deadline, twice, or before a notice went out (property)', () => {
    const anyInstant = fc.date({
      min: new Date('2026-11-01T00:00:00Z'),
      max: new Date('2027-01-20T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        anyInstant,
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.constantFrom<'renew' | 'dont-renew' | null>('renew', 'dont-renew', null),
        fc.boolean(),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom('I' as const, 'II' as const, 'III' as const),
        (now, sentCount, lastDelivered, answer, reminded, reminderDays, category) => {
          const days = [60, 45, 31].slice(0, sentCount);
          const notices = days.map((n, i) => ({
            noticeDays: n,
            sentOn: i === days.length - 1 && !lastDelivered ? null : addDays(expiry, -n),
          }));
          const f = facts({
            category,
            notices,
            replyDeadline: notices.some((n) => n.sentOn) ? d('2026-12-11') : null,
            answer,
            reminded,
          });
          const step = nextStep(f, now, { ...policy, reminderDays });
          if (step?.kind !== 'remind') return;
          expect(answer).toBeNull();
          expect(reminded).toBe(false);
          expect(reminderDays).toBeGreaterThan(0);
          expect(notices.some((n) => n.sentOn !== null)).toBe(true);
          expect(now.getTime()).toBeLessThan(jst('2026-12-12').getTime());
          expect(now.getTime()).toBeGreaterThanOrEqual(
            jst(addDays(d('2026-12-11'), -reminderDays).toString(), 9).getTime(),
          );
        },
      ),
    );
  });
  it('no step is due before nextDueAt, and one is due at it, reminders included (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 10 }),
        fc.boolean(),
        (sentCount, days, reminded) => {
          const sentDays = [60, 45, 31].slice(0, sentCount);
          const f = facts({
            notices: sentDays.map((n) => ({ noticeDays: n, sentOn: addDays(expiry, -n) as BusinessDate })),
            replyDeadline: d('2026-12-11'),
            reminded,
          });
          const p = { ...policy, reminderDays: days };
          const due = nextDueAt(f, p)!;
          expect(nextStep(f, new Date(due.getTime() - 1), p)).toBeNull();
          expect(nextStep(f, due, p)).not.toBeNull();
        },
      ),
    );
  });
});
