import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, isOnOrBefore, toBusinessDate } from '../../src/domain/dates.js';
import {
  acceptAnswer,
  DEFAULT_RENEWAL_POLICY,
  defaultRenewalFeeDate,
  dueNotice,
  nextTerm,
  termEnd,
  outcomeAtDeadline,
  parseRenewalReply,
  contractNamedInReply,
  readRenewalReply,
  replyDeadline,
  scheduledNoticeDates,
  standardReplyDeadline,
} from '../../src/domain/renewal.js';

const d = toBusinessDate;
const expiry = d('2027-01-10');

describe('Art. 6(1): notices before the expiry date', () => {
  it('go out 60, 45 and 31 days before the expiry date', () => {
    expect(scheduledNoticeDates(expiry).map(String)).toEqual(['2026-11-11', '2026-11-26', '2026-12-10']);
  });

  it('a notice is due at 09:00 JST on its day, not before', () => {
    const state = { expiryDate: expiry, sentNoticeDays: [], answered: false };
    expect(dueNotice(state, new Date('2026-11-10T23:59:59Z'))).toBeNull(); // 08:59:59 JST
    expect(dueNotice(state, new Date('2026-11-11T00:00:00Z'))).toMatchObject({ noticeDays: 60, late: false });
    expect(dueNotice(state, new Date('2026-11-12T00:00:00Z'))).toMatchObject({ noticeDays: 60, late: true });
  });

  it('when several notices are overdue only the latest is sent, and it is late', () => {
    const state = { expiryDate: expiry, sentNoticeDays: [], answered: false };
    expect(dueNotice(state, new Date('2026-12-15T00:00:00Z'))).toMatchObject({ noticeDays: 31, late: true });
  });

  it('a notice already sent is not sent again; the next reminder follows on its day', () => {
    expect(
      dueNotice({ expiryDate: expiry, sentNoticeDays: [60], answered: false }, new Date('2026-11-20T00:00:00Z')),
    ).toBeNull();
    expect(
      dueNotice({ expiryDate: expiry, sentNoticeDays: [60], answered: false }, new Date('2026-11-26T00:00:00Z')),
    ).toMatchObject({ noticeDays: 45 });
    expect(
      dueNotice({ expiryDate: expiry, sentNoticeDays: [31], answered: false }, new Date('2026-12-20T00:00:00Z')),
    ).toBeNull();
  });

  it('no reminder after an answer, and none on or after the expiry date', () => {
    expect(
      dueNotice({ expiryDate: expiry, sentNoticeDays: [60], answered: true }, new Date('2026-11-26T00:00:00Z')),
    ).toBeNull();
    expect(
      dueNotice({ expiryDate: expiry, sentNoticeDays: [60], answered: false }, new Date('2027-01-10T00:00:00Z')),
    ).toBeNull();
    expect(
      dueNotice({ expiryDate: expiry, sentNoticeDays: [], answered: false }, new Date('2027-01-09T00:00:00Z')),
    ).toMatchObject({ noticeDays: 31, late: true });
  });

  it('a first notice never sent still goes out up to and on the expiry date itself, and not after', () => {
    expect(
      dueNotice({ expiryDate: expiry, sentNoticeDays: [], answered: false }, new Date('2027-01-10T14:59:59Z')),
    ).toMatchObject({ noticeDays: 31, late: true });
    expect(
      dueNotice({ expiryDate: expiry, sentNoticeDays: [], answered: false }, new Date('2027-01-10T15:00:00Z')),
    ).toBeNull();
  });
});

describe('Art. 6(2): the reply deadline', () => {
  it('is the day 30 days before the expiry date when the first notice is on time', () => {
    expect(standardReplyDeadline(expiry).toString()).toBe('2026-12-11');
    expect(replyDeadline(expiry, d('2026-11-11')).toString()).toBe('2026-12-11');
  });

  it('a late first notice leaves 14 days: a notice on 2026-12-20 gives 2027-01-03', () => {
    expect(replyDeadline(expiry, d('2026-12-20')).toString()).toBe('2027-01-03');
  });

  it('but never later than the day before the expiry date', () => {
    expect(replyDeadline(expiry, d('2027-01-05')).toString()).toBe('2027-01-09');
  });

  it('is always after the standard deadline or the notice, and before expiry (property)', () => {
    const day = fc.integer({ min: 0, max: 40_000 }).map((n) => addDays(d('2000-01-01'), n));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 120 }), (exp, before) => {
        const notice = addDays(exp, -before);
        const deadline = replyDeadline(exp, notice);
        expect(compareDates(deadline, exp)).toBeLessThan(0);
        expect(
          isOnOrBefore(standardReplyDeadline(exp), deadline) || compareDates(deadline, addDays(exp, -1)) === 0,
        ).toBe(true);
        if (before > 15) expect(isOnOrBefore(addDays(notice, 14), deadline)).toBe(true);
      }),
    );
  });

  it('answers count up to the end of the deadline day (JST), and an answer before the first notice is taken (Art. 6(2))', () => {
    const cycle = { firstNoticeAt: new Date('2026-11-11T00:00:00Z'), replyDeadline: d('2026-12-11') };
    expect(acceptAnswer(new Date('2026-12-11T14:59:59Z'), cycle).ok).toBe(true);
    expect(acceptAnswer(new Date('2026-12-11T15:00:00Z'), cycle)).toMatchObject({
      ok: false,
      reasons: [{ code: 'answer-after-deadline', params: { deadline: '2026-12-11' } }],
    });
    expect(acceptAnswer(new Date('2026-11-01T00:00:00Z'), { firstNoticeAt: null, replyDeadline: null })).toMatchObject({
      ok: true,
    });
  });

  it('category I/II without an answer is a default renewal; fees accrue the day after the deadline', () => {
    expect(outcomeAtDeadline('I', { expiryDate: expiry, replyDeadline: d('2026-12-11'), answer: null })).toEqual({
      kind: 'default-renew',
      feesAccrueOn: d('2026-12-12'),
    });
    expect(outcomeAtDeadline('II', { expiryDate: expiry, replyDeadline: d('2026-12-11'), answer: 'renew' })).toEqual({
      kind: 'renew',
    });
  });

  it('no default renewal without a notice, and no lapse either: the cycle waits for an answer or staff', () => {
    expect(outcomeAtDeadline('I', { expiryDate: expiry, replyDeadline: null, answer: null })).toEqual({ kind: 'hold' });
    expect(outcomeAtDeadline('III', { expiryDate: expiry, replyDeadline: null, answer: null })).toEqual({
      kind: 'hold',
    });
  });

  it('the provider may designate a later fee date, never an earlier one (Art. 10)', () => {
    expect(defaultRenewalFeeDate(d('2026-12-11'), d('2027-01-11')).toString()).toBe('2027-01-11');
    expect(defaultRenewalFeeDate(d('2026-12-11'), d('2026-12-01')).toString()).toBe('2026-12-12');
  });

  it('Art. 10: a default renewal decided late (after downtime) has its fees dated no earlier than the day it was decided', () => {
    expect(defaultRenewalFeeDate(d('2027-01-02'), undefined, DEFAULT_RENEWAL_POLICY, d('2027-01-10')).toString()).toBe(
      '2027-01-10',
    );
    expect(defaultRenewalFeeDate(d('2027-01-02'), undefined, DEFAULT_RENEWAL_POLICY, d('2027-01-03')).toString()).toBe(
      '2027-01-03',
    );
    expect(
      defaultRenewalFeeDate(d('2027-01-02'), d('2027-01-20'), DEFAULT_RENEWAL_POLICY, d('2027-01-10')).toString(),
    ).toBe('2027-01-20');
  });

  it.each([
    ['更新する', 'renew'],
    ['更新します。', 'renew'],
    ['Renew', 'renew'],
    ['renew!', 'renew'],
    ['更新しない', 'dont-renew'],
    ['更新しません', 'dont-renew'],
    ['更新不要', 'dont-renew'],
    ["don't renew", 'dont-renew'],
    ['Don’t renew', 'dont-renew'],
    ['do not renew', 'dont-renew'],
    ['thanks', undefined],
    ['更新について質問があります', undefined],
  ])('a reply typed in the thread, %s, reads as %s', (text, answer) => {
    expect(parseRenewalReply(text)).toBe(answer);
  });

  it.each([
    ['やっぱり更新します', { kind: 'unclear', leaning: 'renew', question: false }],
    ['やっぱり更新しません', { kind: 'unclear', leaning: 'dont-renew', question: false }],
    ['更新する？', { kind: 'unclear', leaning: null, question: true }],
    ['更新しますか', { kind: 'unclear', leaning: null, question: true }],
    ['I think we will renew', { kind: 'unclear', leaning: 'renew', question: false }],
    ['更新する', { kind: 'answer', answer: 'renew' }],
    ['担当の佐藤にも共有します', { kind: 'other' }],
  ] as const)('words about the renewal that are not an answer are read for what they lean to: %s', (text, reading) => {
    expect(readRenewalReply(text)).toEqual(reading);
  });
});

describe('Art. 6(3): category III', () => {
  it('no default renewal: without an answer, staff are alerted and the contract ends on expiry', () => {
    expect(outcomeAtDeadline('III', { expiryDate: expiry, replyDeadline: d('2026-12-11'), answer: null })).toEqual({
      kind: 'lapse',
      endsOn: expiry,
      alertStaff: true,
    });
  });
});

describe('Art. 9(1): "don’t renew"', () => {
  it('ends the contract on the expiry date, whatever the category', () => {
    for (const category of ['I', 'II', 'III'] as const) {
      expect(
        outcomeAtDeadline(category, { expiryDate: expiry, replyDeadline: d('2026-12-11'), answer: 'dont-renew' }),
      ).toEqual({ kind: 'end', endsOn: expiry, endReason: 'not-renewed' });
    }
  });
});

describe('the renewed term (民法 Art. 143)', () => {
  it('begins the day after expiry and ends the day before the corresponding day', () => {
    expect(nextTerm(expiry, '1y')).toEqual({ startsOn: d('2027-01-11'), expiryDate: d('2028-01-10') });
    expect(nextTerm(d('2026-08-31'), '6m')).toEqual({ startsOn: d('2026-09-01'), expiryDate: d('2027-02-28') });
  });

  it('ends on the last day of the month that has no corresponding day (Art. 143(2))', () => {
    expect(termEnd(d('2026-08-31'), '6m')).toEqual(d('2027-02-28'));
    expect(termEnd(d('2028-02-29'), '1y')).toEqual(d('2029-02-28'));
    expect(nextTerm(d('2027-08-30'), '6m')).toEqual({ startsOn: d('2027-08-31'), expiryDate: d('2028-02-29') });
    expect(nextTerm(d('2028-02-28'), '1y')).toEqual({ startsOn: d('2028-02-29'), expiryDate: d('2029-02-28') });
    expect(termEnd(d('2026-08-28'), '6m')).toEqual(d('2027-02-27'));
    expect(termEnd(d('2026-01-01'), 'unlimited')).toBeNull();
  });

  /** Every start day of a common year (2027) and a leap year (2028). */
  const everyDay = fc.integer({ min: 0, max: 365 + 365 }).map((n) => addDays(d('2027-01-01'), n));
  const terms = fc.constantFrom('6m' as const, '1y' as const, '2y' as const, '3y' as const);

  it('the day after the last day is the corresponding day, or the 1st of the next month when there is none (property)', () => {
    fc.assert(
      fc.property(everyDay, terms, (start, term) => {
        const end = termEnd(start, term)!;
        const months = { '6m': 6, '1y': 12, '2y': 24, '3y': 36 }[term];
        const target = start.toPlainYearMonth().add({ months });
        const next = addDays(end, 1);
        if (start.day <= target.daysInMonth)
          expect(next.toString()).toBe(target.toPlainDate({ day: start.day }).toString());
        else expect(next.toString()).toBe(target.add({ months: 1 }).toPlainDate({ day: 1 }).toString());
      }),
      { numRuns: 2000 },
    );
  });

  it('renewed terms follow each other without a gap or an overlap (property)', () => {
    fc.assert(
      fc.property(everyDay, terms, fc.integer({ min: 1, max: 6 }), (start, term, renewals) => {
        let expiry = termEnd(start, term)!;
        for (let i = 0; i < renewals; i++) {
          const next = nextTerm(expiry, term);
          expect(compareDates(next.startsOn, addDays(expiry, 1))).toBe(0);
          expect(isOnOrBefore(next.startsOn, next.expiryDate!)).toBe(true);
          expiry = next.expiryDate!;
        }
      }),
    );
  });
});

describe('a reply in the thread of a notice listing several contracts names its contract', () => {
  const names = ['example.jp', 'shop.example.jp', 'www.acme.example'];
  it.each([
    ['更新しない shop.example.jp', { index: 1, rest: '更新しない' }],
    ['renew example.jp', { index: 0, rest: 'renew' }],
    ["WWW.ACME.EXAMPLE don't renew", { index: 2, rest: "don't renew" }],
    ['ｗｗｗ．ａｃｍｅ．ｅｘａｍｐｌｅ は更新する', { index: 2, rest: 'は更新する' }],
  ])('%s', (text, named) => {
    expect(contractNamedInReply(text, names)).toEqual(named);
  });

  it('a name inside a longer one is not read as that contract, and no name is undefined', () => {
    expect(contractNamedInReply('更新しない', names)).toBeUndefined();
    expect(contractNamedInReply('renew myshop.example.jpx', names)).toBeUndefined();
  });

  it('the reply without the name reads as the answer it gives', () => {
    const named = contractNamedInReply('更新しない shop.example.jp', names)!;
    expect(readRenewalReply(named.rest)).toEqual({ kind: 'answer', answer: 'dont-renew' });
  });
});
