// What every process of the command line loads before its command runs: the commands' modules and
// whatever they import statically. Bolt with its listeners (for `certdesk serve` and the sandbox)
// and acme-client (for an order) are loaded by the code that needs them, with import(): a worker
// that carried them held about 20 MB more, and every command started slower.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The modules a file loads when it is loaded: static imports and re-exports of values, not types, not import(). */
function loadedBy(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const s of source.statements) {
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly) {
      const named = s.importClause?.namedBindings;
      const onlyTypes =
        !s.importClause?.name && named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) out.push((s.moduleSpecifier as ts.StringLiteral).text);
    }
    if (ts.isExportDeclaration(s) && s.moduleSpecifier && !s.isTypeOnly)
      out.push((s.moduleSpecifier as ts.StringLiteral).text);
  }
  return out;
}

/** Every package loaded from `entry`, with the chain of files that loads it first. */
function packagesLoaded(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const from = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  const chain = (file: string) => {
    const files: string[] = [];
    for (let f: string | null | undefined = file; f; f = from.get(f)) files.unshift(relative(ROOT, f));
    return files;
  };
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of loadedBy(file)) {
      if (!spec.startsWith('.')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!packages.has(name)) packages.set(name, chain(file));
        continue;
      }
      const target = resolve(dirname(file), spec);
      const found = [target.replace(/\.js$/, '.ts'), target, join(target, 'index.ts')].find(
        (c) => existsSync(c) && statSync(c).isFile(),
      );
      if (found && !from.has(found)) {
        from.set(found, file);
        queue.push(found);
      }
    }
  }
  return packages;
}

describe('what the command line loads', () => {
  const loaded = packagesLoaded(join(ROOT, 'src/cli/commands/index.ts'));

  it('is the commands and what they use, which the test can see', () => {
    expect(loaded.has('drizzle-orm')).toBe(true);
    expect(loaded.has('bullmq')).toBe(true);
  });

  it.each(['@slack/bolt', 'acme-client', '@electric-sql/pglite'])('leaves %s to the code that needs it', (name) => {
    expect(loaded.get(name), `loaded through ${loaded.get(name)?.join(' → ')}`).toBeUndefined();
  });
});
