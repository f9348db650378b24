// A real PostgreSQL database per test file, copied from the migrated template.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';

export const adminUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase extends Database {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

/** A fresh, migrated database of its own; drop it when done. */
export async function freshDatabase(): Promise<TestDatabase> {
  const name = `certdesk_t_${randomBytes(6).toString('hex')}`;
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
    handle.env = { DATABASE_URL: handle.db.url };
  });
  afterAll(() => handle.db.drop());
  return handle;
}
