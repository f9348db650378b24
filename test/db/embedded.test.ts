// The embedded database (no DATABASE_URL): a PGlite in a data folder, served over the wire
// protocol so the same driver and code run on it; one process holds a folder, others reach it
// through that process, and concurrent clients never see each other's unfinished work.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderOf, openEmbedded, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'certdesk-embedded-'));
const env = { DATABASE_URL: undefined, CERTDESK_DATA_DIR: dataDir };

const customer = (id: string) => ({
  type: 'customer',
  id,
  name: `${id} 株式会社`,
  country: 'JP',
  channel: `C0${id.toUpperCase()}`,
  contacts: ['U0ALICE'],
});
const contract = (id: string, customerId: string) => ({
  type: 'contract',
  id,
  customer: customerId,
  item: 'quick-ssl',
  term: '1y',
  commonName: `${id}.example`,
  notBefore: '2026-06-01T00:00:00+09:00',
  notAfter: '2027-05-31T23:59:59+09:00',
});

describe('with no DATABASE_URL, the embedded database in the data folder', () => {
  it('is created and migrated on first use, and keeps what is recorded between runs', async () => {
    const r = await certdesk(
      ['import', tempFile(jsonl(customer('acme'), contract('acme-www', 'acme')), '.jsonl'), '--json'],
      env,
    );
    expect(r).toMatchObject({ code: 0, json: { created: { customers: 1, contracts: 1 } } });
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);
    expect(holderOf(dataDir)).toBeUndefined();
    const list = await certdesk(['contracts', '--json'], env);
    expect(list.json.map((c: { id: string }) => c.id)).toEqual(['acme-www']);
  });

  it('keeps the append-only rules: the audit log refuses UPDATE and DELETE', async () => {
    const db = await openEmbedded(dataDir);
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      expect((await sql`select count(*)::int as n from audit_log`)[0]!.n).toBeGreaterThan(0);
      await expect(sql`update audit_log set actor = 'someone else'`).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log`).rejects.toThrow(/append-only/);
    } finally {
      await sql.end();
      await db.stop();
    }
  });
});

describe('one process holds a folder; others reach the database through it', () => {
  let held: EmbeddedDatabase;
  beforeAll(async () => {
    held = await openEmbedded(dataDir, { server: true });
  });
  afterAll(async () => {
    await held.stop();
  });

  it('the lock names the holder and its address; a second open reaches it instead of opening the folder', async () => {
    expect(held.owner).toBe(true);
    expect(holderOf(dataDir)).toBeUndefined(); // this very process: not "another"
    const lock = JSON.parse(readFileSync(join(dataDir, 'certdesk.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, url: held.url, server: true });
  });

  it('commands run at once through the holder all succeed, and an import run three times at once creates each record once', async () => {
    const file = tempFile(
      jsonl(...Array.from({ length: 10 }, (_, i) => [customer(`c${i}`), contract(`c${i}-www`, `c${i}`)]).flat()),
      '.jsonl',
    );
    const runs = await Promise.all([
      certdesk(['import', file, '--json'], env),
      certdesk(['import', file, '--json'], env),
      certdesk(['import', file, '--json'], env),
      certdesk(['contracts', '--json'], env),
      certdesk(['sweep', '--dry-run', '--json'], env),
    ]);
    for (const r of runs) expect(r.code, r.stdout + r.stderr).toBe(0);
    const created = runs.slice(0, 3).map((r) => r.json.created.contracts as number);
    expect(created.sort()).toEqual([0, 0, 10]);
    expect((await certdesk(['contracts', '--json'], env)).json).toHaveLength(11);
  });

  it('a transaction on one connection is invisible to, and not interleaved with, the queries of another', async () => {
    const a = postgres(held.url, { max: 4, onnotice: () => {} });
    const b = postgres(held.url, { max: 4, onnotice: () => {} });
    try {
      await a`create table if not exists wire_probe (id int primary key)`;
      const tx = b.begin(async (sql) => {
        await sql`insert into wire_probe values (1)`;
        await new Promise((r) => setTimeout(r, 200));
        await sql`insert into wire_probe values (2)`;
      });
      const seen = await Promise.all(
        Array.from({ length: 100 }, (_, i) => a`select ${i}::int as i, (select count(*) from wire_probe)::int as n`),
      );
      await tx;
      expect(seen.every((r, i) => r[0]!.i === i)).toBe(true);
      expect(seen.every((r) => r[0]!.n === 0 || r[0]!.n === 2)).toBe(true);
      const ids = await Promise.all(
        Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b)`insert into wire_probe values (${i + 10}) returning id`),
      );
      expect(ids.map((r) => r[0]!.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 10));
    } finally {
      await a.end();
      await b.end();
    }
  });
});

describe('a lock left by a process that died', () => {
  it('is taken over by the next process', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(
      join(dataDir, 'certdesk.lock'),
      JSON.stringify({
        pid: dead.pid,
        url: 'postgres://postgres@127.0.0.1:1/postgres',
        startedAt: '2026-01-01T00:00:00Z',
      }),
    );
    expect(holderOf(dataDir)).toBeUndefined();
    const r = await certdesk(['contracts', '--json'], env);
    expect(r.code).toBe(0);
    expect(r.json).toHaveLength(11);
    expect(existsSync(join(dataDir, 'certdesk.lock'))).toBe(false);
  });
});
