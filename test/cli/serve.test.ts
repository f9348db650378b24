// certdesk serve: the process is up at /healthz and ready at /readyz when PostgreSQL and Redis are.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { certdesk } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { freePort } from '../support/net.js';

const t = useFreshDatabase();

async function waitFor(url: string): Promise<Response> {
  for (let i = 0; i < 100; i++) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer`);
}

describe('certdesk serve', () => {
  it('answers /healthz and /readyz, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js'), 'serve'], {
      env: { ...process.env, DATABASE_URL: t.db.url, PORT: String(port) },
      stdio: 'pipe',
    });
    try {
      expect((await waitFor(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      const body = (await ready.json()) as { ok: boolean; checks: { name: string; status: string }[] };
      expect(ready.status).toBe(200);
      expect(body.checks.map((c) => c.name)).toEqual(['database', 'migrations', 'redis']);
      expect((await fetch(`http://127.0.0.1:${port}/nowhere`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  });

  it('stops as cleanly on SIGHUP (the terminal it was started in closed)', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js'), 'serve'], {
      env: { ...process.env, DATABASE_URL: t.db.url, PORT: String(port) },
      stdio: 'pipe',
    });
    let said = '';
    child.stderr!.on('data', (d: Buffer) => (said += d.toString()));
    expect((await waitFor(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGHUP');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, said).toBe(0);
    expect(said).toContain('"signal":"SIGHUP"');
  });
});

/** serve and worker write their log as JSON lines, failures too: the one line, parsed. */
function onlyLine(stderr: string): Record<string, unknown> {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('certdesk serve: it starts only when it can do its job, and says why not', () => {
  it('a port another program uses: one sentence, exit 1, nothing left running', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    try {
      const port = (busy.address() as { port: number }).port;
      const r = await certdesk(['serve'], { DATABASE_URL: t.db.url, PORT: String(port) });
      expect(r.code).toBe(1);
      expect(onlyLine(r.stderr)).toMatchObject({
        level: 'fatal',
        msg: `port ${port} is in use by another program: stop it, or set PORT to another port`,
      });
    } finally {
      busy.close();
    }
  });

  it('REDIS_URL set and nothing answering there: one sentence, exit 1, no stack traces', async () => {
    for (const command of ['serve', 'worker']) {
      const r = await certdesk([command], {
        DATABASE_URL: t.db.url,
        PORT: String(await freePort()),
        REDIS_URL: 'redis://127.0.0.1:1',
      });
      expect(r.code).toBe(1);
      expect(onlyLine(r.stderr)).toMatchObject({
        level: 'fatal',
        msg: 'No Redis answers at REDIS_URL (redis://127.0.0.1:1): start it, or correct REDIS_URL.',
      });
    }
  });
});

describe('certdesk doctor', () => {
  it('reports each check with what to do about it', async () => {
    const ok = await certdesk(['doctor', '--json'], { DATABASE_URL: t.db.url, SLACK_BOT_TOKEN: undefined });
    expect(ok.code).toBe(0);
    expect(ok.json.checks.map((c: { name: string; status: string }) => `${c.name} ${c.status}`)).toEqual([
      'configuration ok',
      'database ok',
      'migrations ok',
      'redis ok',
      'slack warn',
      'mail warn',
      'custody warn',
    ]);
    const bad = await certdesk(['doctor', '--json'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      CERTDESK_NOTICE_HOUR: '25',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(bad.code).toBe(1);
    const failed = bad.json.checks.filter((c: { status: string }) => c.status === 'fail');
    expect(failed.map((c: { name: string }) => c.name)).toEqual(['configuration', 'database', 'redis']);
    for (const c of failed) expect(c.fix).toMatch(/\w/);
    // A setting with a default may be unset; one without must be corrected.
    expect(failed[0].fix).toBe('correct CERTDESK_NOTICE_HOUR, or unset it (then notices go at 09:00 JST)');
    const token = await certdesk(['doctor', '--json'], { DATABASE_URL: t.db.url, SLACK_BOT_TOKEN: 'not-a-token' });
    const config = token.json.checks.find(
      (c: { name: string; status: string }) => c.name === 'configuration' && c.status === 'fail',
    );
    expect(config).toMatchObject({ fix: 'correct SLACK_BOT_TOKEN' });
    expect(JSON.stringify(token.json)).not.toContain('not-a-token');
  });
});

describe('a process manager stops certdesk serve however it was started', () => {
  it('SIGTERM to a launcher that does not pass it on (as npx and `sh -c` do) still stops the server', async () => {
    const port = await freePort();
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js');
    // As npx starts it: npm's environment, and a shell that stays the parent (the trailing `:`
    // keeps sh from exec'ing node) and dies of the signal without passing it on.
    const launcher = spawn('sh', ['-c', `"${process.execPath}" "${bin}" serve; :`], {
      env: { ...process.env, npm_command: 'exec', DATABASE_URL: t.db.url, PORT: String(port) },
      stdio: 'ignore',
    });
    expect((await waitFor(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    launcher.kill('SIGTERM');
    let up = true;
    for (let i = 0; i < 100 && up; i++) {
      await new Promise((r) => setTimeout(r, 100));
      up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => true,
        () => false,
      );
    }
    expect(up, 'the server still answers 10 s after its launcher got SIGTERM').toBe(false);
  });
});
