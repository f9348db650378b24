// A failed query in a log line: PostgreSQL's code, never the statement, its parameters, or the
// value PostgreSQL's own message may quote.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers } from '../../src/db/schema.js';
import { errorText } from '../../src/redact.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();

describe('a failed query is logged without what people typed', () => {
  it('a NUL byte and a bad number reach PostgreSQL: the log line names the SQLSTATE only', async () => {
    const nul = await t.db.db
      .select()
      .from(customers)
      .where(eq(customers.id, 'secret-name\u0000'))
      .catch((e: unknown) => e);
    expect(nul).toBeInstanceOf(Error);
    expect(errorText(nul)).toMatch(/^a database query failed/);
    expect(errorText(nul)).not.toContain('secret-name');
    const bad = await t.db.sql`select ${'secret-number'}::int`.catch((e: unknown) => e);
    expect(errorText(bad)).toBe('a database query failed (SQLSTATE 22P02)');
  });
});
