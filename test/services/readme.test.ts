// The README documents every command and every flag: a command or flag added without a word in
// the README fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every command with every one of its flags', () => {
    const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
    for (const c of COMMANDS) {
      const row = rows.find(
        (r) => r.startsWith(`| \`${c.name}`) && (r.startsWith(`| \`${c.name}\``) || r.startsWith(`| \`${c.name} `)),
      );
      expect(row, `README has no row for ${c.name}`).toBeDefined();
      for (const flag of Object.keys(c.options))
        expect(row, `README row of ${c.name} lacks --${flag}`).toContain(`--${flag}`);
    }
  });
});
