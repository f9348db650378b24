// The audit log: who did what, when. Written in the same transaction as the change it records.
import { and, asc, desc, eq, gte, like, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import { jstInstantAt, type BusinessDate } from '../domain/dates.js';

/** Who acted: a Slack user (`slack:U0ALICE`), the command line (`cli:<os user>`), or the scheduler. */
export type Actor = string;

export async function audit(
  q: Queryable,
  at: Date,
  actor: Actor,
  action: string,
  subject: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await q.insert(auditLog).values({ at, actor, action, subject, details });
}

/** Several entries of one actor at one instant, in one statement (an import's records). */
export async function auditEach(
  q: Queryable,
  at: Date,
  actor: Actor,
  entries: readonly { action: string; subject: string; details: Record<string, unknown> }[],
): Promise<void> {
  if (entries.length) await q.insert(auditLog).values(entries.map((e) => ({ at, actor, ...e })));
}

export interface AuditFilter {
  /** `contract:acme-www`, or just `acme-www` for any kind of subject with that id. */
  subject?: string;
  /** From the start of this JST day. */
  since?: BusinessDate;
  /** The most recent entries only, this many (returned oldest first). */
  limit?: number;
}

export type AuditEntry = typeof auditLog.$inferSelect;

export async function listAudit(q: Queryable, filter: AuditFilter): Promise<AuditEntry[]> {
  const where: SQL[] = [];
  if (filter.subject) {
    const s = filter.subject;
    where.push(
      s.includes(':')
        ? eq(auditLog.subject, s)
        : or(eq(auditLog.subject, s), like(auditLog.subject, `%:${s.replace(/[\\%_]/g, (c) => `\\${c}`)}`))!,
    );
  }
  if (filter.since) where.push(gte(auditLog.at, jstInstantAt(filter.since, 0)));
  if (!filter.limit)
    return q
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(asc(auditLog.at), asc(auditLog.id));
  // A limit keeps the most recent entries (as tail does), still read oldest first.
  const latest = await q
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit);
  return latest.reverse();
}
