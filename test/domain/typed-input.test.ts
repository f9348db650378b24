// What people type: full-width input read as its ASCII twin, a mistyped name answered with the
// one meant, a day its month does not have named as such.
import { describe, expect, it } from 'vitest';
import { readBusinessDate, readInstant } from '../../src/domain/dates.js';
import { closestNames } from '../../src/domain/suggest.js';
import { typed } from '../../src/domain/typed.js';

describe('typed(): NFKC at the edge', () => {
  it('reads full-width letters, digits, hyphens, colons and the ideographic space as ASCII', () => {
    expect(typed('ＡＣＭＥ')).toBe('ACME');
    expect(typed('２０２６－１１－０５\u3000１０：００')).toBe('2026-11-05 10:00');
    expect(readInstant(typed('２０２６－１１－０５\u3000１０：００'))).toEqual({
      ok: true,
      instant: new Date('2026-11-05T01:00:00Z'),
    });
  });

  it('leaves Japanese as it is', () => {
    expect(typed('ACME株式会社 更新する')).toBe('ACME株式会社 更新する');
  });
});

describe('closestNames(): "did you mean"', () => {
  const subcommands = ['help', 'quote', 'apply', 'status', 'cancel', 'change', 'certificate', 'check', 'csr'];
  it('finds a swapped or missing letter, closest first', () => {
    expect(closestNames('qoute', subcommands)).toEqual(['quote']);
    expect(closestNames('stauts', subcommands)).toEqual(['status']);
    expect(closestNames('cancle', subcommands)[0]).toBe('cancel');
  });

  it('suggests nothing for a word far from every name, or the name itself', () => {
    expect(closestNames('invoice', subcommands)).toEqual([]);
    expect(closestNames('quote', subcommands)).toEqual([]);
  });
});

describe('readBusinessDate(): a day its month does not have', () => {
  it('2027-02-30 is no such day: February 2027 has 28 days; 2028-02-30, 29', () => {
    expect(readBusinessDate('2027-02-30')).toEqual({ ok: false, problem: 'no-such-day', daysInMonth: 28 });
    expect(readBusinessDate('2028-02-30')).toEqual({ ok: false, problem: 'no-such-day', daysInMonth: 29 });
    expect(readBusinessDate('2027-13-01')).toEqual({ ok: false, problem: 'unreadable' });
  });
});
