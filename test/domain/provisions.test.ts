// The terms' own numbers, effective-dated (./provisions): the rules read them from one place.
import { describe, expect, it } from 'vitest';
import { CANCELLATION_NOTICE_DAYS } from '../../src/domain/cancellation.js';
import { toBusinessDate } from '../../src/domain/dates.js';
import { PROVISION_VERSIONS, PROVISIONS, provisionsOn } from '../../src/domain/provisions.js';
import { DEFAULT_RENEWAL_POLICY } from '../../src/domain/renewal.js';

describe('the numbers of the terms (Art. 6, Art. 9(2))', () => {
  it('are read from the version in force, and the rules take theirs from it', () => {
    expect(PROVISION_VERSIONS.length).toBeGreaterThanOrEqual(1);
    expect(provisionsOn(toBusinessDate('2026-12-03'))).toBe(PROVISIONS);
    expect(DEFAULT_RENEWAL_POLICY).toEqual({ ...PROVISIONS.renewal, reminderDays: 3 });
    expect(CANCELLATION_NOTICE_DAYS).toBe(PROVISIONS.cancellationNoticeDays);
  });

  it('say what the 個別規程 of 2022-09-01 says: notices 60, 45 and 31 days ahead, the reply 30 days, 14 after a late notice, 30 days for a cancellation', () => {
    const v = provisionsOn(toBusinessDate('2022-09-01'));
    expect(v.renewal).toMatchObject({ noticeDays: [60, 45, 31], replyDays: 30, lateNoticeReplyDays: 14 });
    expect(v.cancellationNoticeDays).toBe(30);
  });

  it('before the first version, the first applies', () => {
    expect(provisionsOn(toBusinessDate('2020-01-01'))).toBe(PROVISION_VERSIONS[0]);
  });
});
