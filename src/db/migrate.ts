// Brings the database up to date. Safe when several processes start at once: they queue on an
// advisory lock, and each finds the migrations the first one applied.
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { projectPath } from '../shipped-files.js';

const MIGRATION_LOCK = 0x63657274; // "cert"

export const MIGRATIONS_FOLDER = projectPath('drizzle');

/** Applies what is pending; returns how many migrations this call applied. */
export async function migrateToLatest(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      const before = await pendingMigrations(sql);
      // Every command that opens the database comes here: up to date, it costs one query.
      if (before > 0) await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
      return before;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Migrations on disk that the database has not applied (for `doctor`). */
export async function pendingMigrations(sql: postgres.Sql): Promise<number> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const [exists] = await sql<{ ok: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`;
  if (!exists?.ok) return files.length;
  const applied = await sql<{ hash: string }[]>`select hash from drizzle.__drizzle_migrations`;
  const hashes = new Set(applied.map((r) => r.hash));
  return files.filter((f) => !hashes.has(f.hash)).length;
}
