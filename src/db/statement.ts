// Statements built once per process and run on any connection or transaction. drizzle builds a
// query's SQL and its row mapping anew for every query object, and a prepared query object is
// bound to the session (pool or transaction) it was built on: a sweep that opens a transaction
// per cycle would build the same statements again per cycle. Here a select is built once, on a
// drizzle handle with no connection; each run sends its text and parameters to the caller's own
// postgres.js connection (prepared there, by the driver), and maps the rows as drizzle would.
import { Column, fillPlaceholders, getTableName, is, SQL, Subquery } from 'drizzle-orm';
import type { PgPreparedQuery, PreparedQueryConfig } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import type { Queryable } from './client.js';
import * as schema from './schema.js';

/** A select to run on any pool or transaction: the rows as drizzle's own `execute` gives them. */
export interface Statement<R> {
  execute: (q: Queryable, values?: Record<string, unknown>) => Promise<R>;
  /** The same on a postgres.js connection of the caller's own (one reserved from the pool). */
  on: (client: postgres.Sql, values?: Record<string, unknown>) => Promise<R>;
  /** The SQL text, built once. */
  readonly text: string;
}

interface Decoder {
  mapFromDriverValue: (value: unknown) => unknown;
}

/** What drizzle's prepared select knows of its rows (its own fields, read once). */
interface Built {
  fields: { path: string[]; field: unknown }[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: unknown;
  _isResponseInArrayMode?: boolean;
}

/** Built once, for building: a drizzle handle that never connects. */
let builder: ReturnType<typeof drizzle.mock<typeof schema>> | undefined;

/**
 * A select built once per process. `build` makes a drizzle prepared select (`….prepare(name)`)
 * with `sql.placeholder`s for the values of each run.
 */
export function statement<T extends PreparedQueryConfig>(
  build: (q: Queryable) => PgPreparedQuery<T>,
): Statement<T['execute']> {
  let made: { text: string; params: unknown[]; mapRow: (row: unknown[]) => unknown } | undefined;
  const make = () => {
    builder ??= drizzle.mock({ schema });
    const prepared = build(builder);
    const { sql: text, params } = prepared.getQuery();
    const built = prepared as unknown as Built;
    if (!Array.isArray(built.fields) || built.customResultMapper !== undefined || !built._isResponseInArrayMode)
      throw new Error('statement(): only a select with its fields can be built once');
    return (made = { text, params, mapRow: rowMapper(built.fields, built.joinsNotNullableMap) });
  };
  const run = async (client: postgres.Sql, values: Record<string, unknown> = {}) => {
    const { text, params, mapRow } = made ?? make();
    const rows = await client
      .unsafe(text, fillPlaceholders(params, values) as postgres.ParameterOrJSON<never>[], { prepare: true })
      .values();
    return rows.map((row) => mapRow(row)) as T['execute'];
  };
  /** Built on the caller's own session when it has no postgres.js connection to run the text on. */
  const fallback = new WeakMap<Queryable, PgPreparedQuery<T>>();
  return {
    get text() {
      return (made ?? make()).text;
    },
    execute: async (q, values = {}) => {
      const client = connectionOf(q);
      if (!client) {
        let p = fallback.get(q);
        if (p === undefined) fallback.set(q, (p = build(q)));
        return p.execute(values);
      }
      return run(client, values);
    },
    on: run,
  };
}

/** The postgres.js connection (pool or transaction) under a drizzle handle, if it has one. */
export function connectionOf(q: Queryable): postgres.Sql | undefined {
  const client =
    '$client' in q
      ? (q as { $client: unknown }).$client
      : (q as unknown as { session?: { client?: unknown } }).session?.client;
  return typeof (client as postgres.Sql | undefined)?.unsafe === 'function' ? (client as postgres.Sql) : undefined;
}

/**
 * Rows as arrays of driver values into drizzle's shapes, exactly as drizzle's own mapping does
 * (drizzle-orm/utils mapResultRow): nested by each field's path, each value through its column's
 * or expression's decoder (dates, the businessDate type, mapWith), and a left-joined table whose
 * columns are all null given as null. What drizzle works out per row and field is worked out once.
 */
export function rowMapper(
  fields: readonly { path: string[]; field: unknown }[],
  joinsNotNullableMap?: Record<string, boolean>,
): (row: unknown[]) => unknown {
  const columns = fields.map(({ path, field }) => {
    // An expression's decoder (its mapWith) is drizzle's own, not in its types.
    const decoderOf = (s: SQL) => (s as unknown as { decoder: Decoder }).decoder;
    const decoder: Decoder = is(field, Column)
      ? field
      : is(field, SQL)
        ? decoderOf(field)
        : is(field, Subquery)
          ? decoderOf(field._.sql)
          : decoderOf((field as SQL.Aliased).sql);
    const table = joinsNotNullableMap && is(field, Column) && path.length === 2 ? getTableName(field.table) : null;
    return { path, last: path[path.length - 1]!, decoder, table };
  });
  return (row) => {
    const result: Record<string, unknown> = {};
    const nullify: Record<string, string | false> = {};
    let nullable = false;
    for (let i = 0; i < columns.length; i++) {
      const { path, last, decoder, table } = columns[i]!;
      let node = result;
      for (let k = 0; k < path.length - 1; k++) {
        const chunk = path[k]!;
        if (!(chunk in node)) node[chunk] = {};
        node = node[chunk] as Record<string, unknown>;
      }
      const raw = row[i];
      const value = (node[last] = raw === null ? null : decoder.mapFromDriverValue(raw));
      if (table !== null) {
        const name = path[0]!;
        nullable = true;
        if (!(name in nullify)) nullify[name] = value === null ? table : false;
        else if (typeof nullify[name] === 'string' && nullify[name] !== table) nullify[name] = false;
      }
    }
    if (nullable)
      for (const name in nullify) {
        const table = nullify[name];
        if (typeof table === 'string' && !joinsNotNullableMap![table]) result[name] = null;
      }
    return result;
  };
}
