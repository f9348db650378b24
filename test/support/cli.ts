// Runs the real command line as a child process, as other systems do.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function certdesk(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const fullEnv: Record<string, string | undefined> = { ...process.env, CERTDESK_LANG: 'en', ...env };
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k];
  let code = 0;
  let stdout = '';
  let stderr = '';
  try {
    ({ stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: fullEnv, timeout: 60_000 }));
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    code = typeof err.code === 'number' ? err.code : 1;
    stdout = err.stdout ?? '';
    stderr = err.stderr ?? '';
  }
  let json: unknown;
  if (args.includes('--json')) {
    try {
      json = JSON.parse(stdout);
    } catch {
      throw new Error(`certdesk ${args.join(' ')} printed no JSON (exit ${code}):\n${stdout}\n${stderr}`);
    }
  }
  return { code, stdout, stderr, json };
}

const dir = mkdtempSync(join(tmpdir(), 'certdesk-test-'));
let n = 0;

/** Writes a file for the command line to read. */
export function tempFile(content: string | Uint8Array, ext = '.txt'): string {
  const path = join(dir, `f${++n}${ext}`);
  writeFileSync(path, content);
  return path;
}

export const jsonl = (...records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
