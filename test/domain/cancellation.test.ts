import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cancellationDates, cancellationReasons, nonRenewalEffectiveDate } from '../../src/domain/cancellation.js';
import { addDays, compareDates, jstDateOf, toBusinessDate } from '../../src/domain/dates.js';

const d = toBusinessDate;
const at = (iso: string) => new Date(iso);

describe('Art. 9(2): a cancellation form takes effect 30 days after it arrives, or later on request', () => {
  it('a notice arriving on 2026-09-01 gives 2026-10-01: the arrival day is not counted (民法 Art. 140)', () => {
    expect(cancellationDates(at('2026-09-01T10:00:00+09:00'))).toEqual({
      receivedOn: d('2026-09-01'),
      earliestEffective: d('2026-10-01'),
      effective: d('2026-10-01'),
    });
  });

  it('the arrival day is the JST date, across the UTC day boundary', () => {
    expect(cancellationDates(at('2026-08-31T15:00:00Z')).receivedOn.toString()).toBe('2026-09-01');
    expect(cancellationDates(at('2026-08-31T14:59:59Z')).receivedOn.toString()).toBe('2026-08-31');
    expect(cancellationDates(at('2026-08-31T14:59:59Z')).effective.toString()).toBe('2026-09-30');
  });

  it('counts across month ends and leap days', () => {
    expect(cancellationDates(at('2027-01-31T12:00:00+09:00')).effective.toString()).toBe('2027-03-02');
    expect(cancellationDates(at('2028-01-31T12:00:00+09:00')).effective.toString()).toBe('2028-03-01');
    expect(cancellationDates(at('2026-12-15T12:00:00+09:00')).effective.toString()).toBe('2027-01-14');
  });

  it('a later requested date wins; an earlier one does not', () => {
    expect(cancellationDates(at('2026-09-01T10:00:00+09:00'), d('2026-12-31')).effective.toString()).toBe('2026-12-31');
    expect(cancellationDates(at('2026-09-01T10:00:00+09:00'), d('2026-09-15')).effective.toString()).toBe('2026-10-01');
  });

  it('the effective date is on or after both dates and equals one of them (property)', () => {
    const instant = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2090-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    const requested = fc.option(
      fc.integer({ min: 0, max: 40_000 }).map((n) => addDays(d('2000-01-01'), n)),
      { nil: undefined },
    );
    fc.assert(
      fc.property(instant, requested, (receivedAt, req) => {
        const { receivedOn, earliestEffective, effective } = cancellationDates(receivedAt, req);
        expect(receivedOn.equals(jstDateOf(receivedAt))).toBe(true);
        expect(earliestEffective.equals(addDays(receivedOn, 30))).toBe(true);
        expect(compareDates(effective, earliestEffective)).toBeGreaterThanOrEqual(0);
        if (req) expect(compareDates(effective, req)).toBeGreaterThanOrEqual(0);
        expect(effective.equals(earliestEffective) || (req !== undefined && effective.equals(req))).toBe(true);
      }),
    );
  });

  it('is made during the validity period of an active contract', () => {
    const term = { startsOn: d('2026-01-10'), expiryDate: d('2027-01-10') };
    expect(cancellationReasons(d('2027-01-10'), { ended: false }, term)).toEqual([]);
    expect(cancellationReasons(d('2027-01-11'), { ended: false }, term).map((r) => r.code)).toEqual([
      'cancellation-after-validity',
    ]);
    expect(cancellationReasons(d('2026-05-01'), { ended: true }, term).map((r) => r.code)).toEqual(['contract-ended']);
    expect(
      cancellationReasons(d('2026-05-01'), { ended: false, cancellationEffective: d('2026-06-01') }, term).map(
        (r) => r.code,
      ),
    ).toEqual(['cancellation-already-recorded']);
  });
});

describe('Art. 9(1): after "don’t renew" the contract ends on the expiry date', () => {
  it('the effective date is the expiry date', () => {
    expect(nonRenewalEffectiveDate(d('2027-01-10')).toString()).toBe('2027-01-10');
  });
});
