// Files that ship beside the code (migrations), found from wherever the code runs: src/ under
// tests, dist/src/ once built.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'certdesk') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('certdesk: cannot find the project folder (package.json)');
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot();
export const projectPath = (...parts: string[]) => join(PROJECT_ROOT, ...parts);
