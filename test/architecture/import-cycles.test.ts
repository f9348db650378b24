// No import cycles in the app's code (src/, commands/, jobs/), type-only imports included: a cycle
// makes a module's exports undefined while the other is still loading, and even a type-only one
// ties two modules so neither can be read or tested alone. (eslint-plugin-import-x's no-cycle
// skips `import type`, so a test walks the imports with TypeScript's own pre-processor instead.)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TREES = ['src', 'commands', 'jobs'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The files a module imports or re-exports from, statically or with import(), within the repository. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.flatMap(({ fileName }) => {
    if (!fileName.startsWith('.')) return [];
    const target = resolve(dirname(file), fileName);
    // TypeScript sources are imported by the name of what they compile to (./x.js for ./x.ts).
    const candidates = [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')];
    const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    return found ? [found] : [];
  });
}

/** Every cycle, each as the files along it (found by depth-first search, each once by its first file). */
export function importCycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): void => {
    if (done.has(file)) return;
    const at = path.indexOf(file);
    if (at >= 0) {
      const cycle = path.slice(at);
      const key = [...cycle].sort().join('|');
      if (!seen.has(key)) cycles.push([...cycle, file]);
      seen.add(key);
      return;
    }
    path.push(file);
    for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next);
    path.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return cycles.map((c) => c.map((f) => relative(ROOT, f)));
}

describe('imports', () => {
  it(`form no cycle in ${TREES.join(', ')}`, () => {
    const files = TREES.flatMap((t) => sourceFiles(join(ROOT, t)));
    expect(files.length).toBeGreaterThan(100);
    expect(importCycles(files).map((c) => c.join(' → '))).toEqual([]);
  });
});
