// One PostgreSQL connection pool per process, and the drizzle handle over it.
import { getTableColumns, type Table } from 'drizzle-orm';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the pool or a transaction: queries that run inside a caller's transaction take this. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close: () => Promise<void>;
}

export function openDatabase(url: string, options: { max?: number } = {}): Database {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/**
 * A query built once per pool (or transaction) and run many times: drizzle's query building costs
 * more than PostgreSQL's answer for the small lookups every request makes.
 */
export function preparedPer<T>(build: (q: Queryable) => T): (q: Queryable) => T {
  const built = new WeakMap<Queryable, T>();
  return (q) => {
    let p = built.get(q);
    if (p === undefined) built.set(q, (p = build(q)));
    return p;
  };
}

/**
 * A table's columns as a subquery of its rows gives them, to select as one nested object (drizzle
 * gives null for it when a left join finds no row).
 */
export function columnsOf<T extends Table, S extends object>(
  table: T,
  subquery: S,
): { [K in keyof T['$inferSelect']]: K extends keyof S ? S[K] : never } {
  return Object.fromEntries(Object.keys(getTableColumns(table)).map((k) => [k, subquery[k as keyof S]])) as never;
}
