// A real PostgreSQL database per test file, copied from the migrated template: a database on the
// PostgreSQL server, or with CERTDESK_TEST_DB=embedded an embedded one (PGlite) in a folder of its
// own, held by the test process and reached by the command line through CERTDESK_DATA_DIR with no
// DATABASE_URL, as a newcomer's machine runs it.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { openEmbedded } from '../../src/db/embedded.js';

export const embeddedTests = () => process.env.CERTDESK_TEST_DB === 'embedded';

export const adminUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Every database the tests create on that server starts with this (TEST_DATABASE_PREFIX). */
export const databasePrefix = () => process.env.TEST_DATABASE_PREFIX ?? 'certdesk_t_';

/** Redis database `index` of the tests' own Redis (see global-setup): safe to empty. */
export function testRedisUrl(index: number): string {
  const u = new URL(inject('testRedisUrl'));
  u.pathname = `/${index}`;
  return u.toString();
}

export function databaseUrl(name: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase extends Database {
  url: string;
  name: string;
  /** What the command line needs to reach this database. */
  env: Record<string, string>;
  drop: () => Promise<void>;
}

/** A fresh, migrated database of its own; drop it when done. */
export async function freshDatabase(): Promise<TestDatabase> {
  if (embeddedTests()) return freshEmbedded();
  const name = `${databasePrefix()}${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${inject('templateDatabase')}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const db = openDatabase(url, { max: 4 });
  return {
    ...db,
    url,
    name,
    env: { DATABASE_URL: url },
    drop: async () => {
      await db.close();
      const a = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** A fresh database for the test file, with the environment the command line needs to use it. */
export function useFreshDatabase(): { db: TestDatabase; env: Record<string, string> } {
  const handle = {} as { db: TestDatabase; env: Record<string, string> };
  beforeAll(async () => {
    handle.db = await freshDatabase();
    handle.env = handle.db.env;
  });
  afterAll(() => handle.db.drop());
  return handle;
}

/** A copy of the migrated embedded template folder, held (served) by this process. */
async function freshEmbedded(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-t-'));
  cpSync(inject('templateDataDir'), dir, { recursive: true });
  const embedded = await openEmbedded(dir, { server: true });
  const db = openDatabase(embedded.url, { max: 4 });
  return {
    ...db,
    url: embedded.url,
    name: dir,
    // An empty DATABASE_URL is unset: the command line finds the folder's holder, this process.
    env: { DATABASE_URL: '', CERTDESK_DATA_DIR: dir },
    drop: async () => {
      await db.close();
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
