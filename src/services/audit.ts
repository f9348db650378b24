// The audit log: who did what, when. Written in the same transaction as the change it records.
import type { Queryable } from '../db/client.js';
import { auditLog } from '../db/schema.js';

/** Who acted: a Slack user (`slack:U0ALICE`), the command line (`cli:<os user>`), or the scheduler. */
export type Actor = string;

export async function audit(q: Queryable, at: Date, actor: Actor, action: string, subject: string, details: Record<string, unknown> = {}): Promise<void> {
  await q.insert(auditLog).values({ at, actor, action, subject, details });
}
