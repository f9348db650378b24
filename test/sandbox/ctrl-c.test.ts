// Ctrl+C in a terminal signals the whole foreground process group: the sandbox and the private
// redis-server it started. The sandbox stops its parts in order, Redis last, and exits.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js');

describe('certdesk sandbox and Ctrl+C', () => {
  it('SIGINT to its process group (a terminal’s Ctrl+C) stops it, its private Redis too, within seconds', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(await freePort()),
      CERTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'certdesk-ctrl-c-')),
      CERTDESK_NOW: '2026-11-11T09:00+09:00',
      CERTDESK_LANG: 'en',
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    // Its own process group, as a command started in a terminal has.
    const sandbox = spawn(process.execPath, [BIN, 'sandbox'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let said = '';
    sandbox.stdout!.on('data', (d: Buffer) => (said += d.toString()));
    sandbox.stderr!.on('data', (d: Buffer) => (said += d.toString()));
    const exited = new Promise<number | null>((r) => sandbox.once('exit', (code) => r(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the sandbox did not start within 90 s:\n${said}`)), 90_000);
        const seen = setInterval(() => {
          if (!/open http:\/\/127\.0\.0\.1:\d+\//.test(said)) return;
          clearTimeout(timer);
          clearInterval(seen);
          resolve();
        }, 50);
      });
      expect(said).toContain('private redis-server');
      process.kill(-sandbox.pid!, 'SIGINT');
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 30_000))]);
      expect(code, said.slice(-3_000)).toBe(0);
      expect(said).toContain('stopped (SIGINT)');
      expect(said).not.toContain('ECONNREFUSED');
    } finally {
      if (sandbox.exitCode === null) process.kill(-sandbox.pid!, 'SIGKILL');
    }
  }, 150_000);
});
