// Tables line up in a terminal: a column is as wide as its widest cell in the columns a terminal
// draws it in, not in characters or UTF-16 units.
import { describe, expect, it } from 'vitest';
import { displayWidth, table } from '../../src/cli/format.js';

describe('display width', () => {
  it('counts wide characters as two columns, outside the BMP and emoji too', () => {
    expect(displayWidth('𠮷野家')).toBe(6);
    expect(displayWidth('株式会社✅')).toBe(10);
    expect(displayWidth('ACME 株式会社')).toBe(13);
    expect(displayWidth('ｱｲｳ')).toBe(3);
    expect(displayWidth('cafe\u0301')).toBe(4);
  });

  it('pads every line of a table to the same width', () => {
    const rows = [
      { name: '𠮷野家', n: '1' },
      { name: '株式会社✅', n: '22' },
      { name: 'ACME', n: '333' },
    ];
    const lines = table(rows, [
      { header: 'name', value: (r) => r.name },
      { header: 'n', value: (r) => r.n, right: true },
    ]).split('\n');
    expect(lines.map(displayWidth)).toEqual(lines.map(() => displayWidth('株式会社✅  333')));
  });
});
