// The sweep's due cycles, a batch at a time, where the rules allow it: one transaction takes the
// batch's row locks (FOR UPDATE SKIP LOCKED), reads their facts in one statement, and decides
// each cycle in TypeScript (domain/schedule.ts). A cycle with nothing to do gets its next due
// instant; a cycle whose only step now is a notice gets the notice, its outbox message and its
// audit row, exactly as processCycle writes them; all of it in a few statements for the whole
// batch. Every other cycle (a deadline, a hold, a rollover, several steps at once) is left to
// processCycle, one transaction per cycle, after this batch's locks are released.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { contracts, contractTerms, customers, renewalCycles } from '../db/schema.js';
import type { RenewalPolicy } from '../domain/renewal.js';
import { nextDueAt, nextStep, type CycleFacts } from '../domain/schedule.js';
import { factColumns, factsOfRow, SCHEDULER, type StepDone } from './cycles.js';

/** How many cycles one batch transaction locks and writes at most. */
export const CYCLE_BATCH = 500;

interface Decided {
  cycleId: number;
  contractId: string;
  channel: string | null;
  /** The notice to record, if that is the cycle's only step now. */
  notice?: { noticeDays: number; dueOn: CycleFacts['expiryDate']; late: boolean };
  /** When the cycle is next due, after the notice if there is one. */
  due: Date | null;
}

/**
 * Takes the due steps of the cycles a batch can take. Returns the steps taken, by cycle, and the
 * cycles left to processCycle (in the order given). A cycle another worker holds is in neither.
 */
export async function processCycleBatch(
  db: Db,
  cycleIds: readonly number[],
  now: Date,
  policy: RenewalPolicy,
): Promise<{ done: Map<number, StepDone[]>; rest: number[] }> {
  const done = new Map<number, StepDone[]>();
  const rest: number[] = [];
  for (let i = 0; i < cycleIds.length; i += CYCLE_BATCH) {
    const ids = cycleIds.slice(i, i + CYCLE_BATCH);
    // A batch that fails writes nothing: its cycles are each taken on their own, where a failure is recorded.
    const r = await db.transaction((tx) => batch(tx, ids, now, policy)).catch(() => ({ done: [], rest: ids }));
    for (const [id, steps] of r.done) done.set(id, steps);
    rest.push(...r.rest);
  }
  return { done, rest };
}

async function batch(tx: Tx, ids: readonly number[], now: Date, policy: RenewalPolicy) {
  const done = new Map<number, StepDone[]>();
  const idArray = `{${ids.join(',')}}`;
  // The locks first, then the facts in a statement of their own: it reads what the holders of
  // those locks committed before releasing them.
  const locked = await tx.execute<{ id: string }>(
    sql`select id from renewal_cycles where id = any(${idArray}::bigint[]) order by id for update skip locked`,
  );
  const lockedIds = new Set([...locked].map((r) => Number(r.id)));
  const rest: number[] = [];
  const decided: Decided[] = [];
  const rows = lockedIds.size ? await lockedFacts(tx, [...lockedIds]) : [];
  const byId = new Map(rows.map((r) => [r.cycleId, r]));
  for (const id of ids) {
    if (!lockedIds.has(id)) continue;
    const row = byId.get(id);
    if (!row) {
      rest.push(id);
      continue;
    }
    const active = row.status === 'active';
    // As processCycle: an ended contract's cycle with no outcome takes no step and is due no more.
    const step = row.status === 'ended' && row.facts.outcome === null ? null : nextStep(row.facts, now, policy);
    if (!step) {
      decided.push({ ...row, due: active ? nextDueAt(row.facts, policy) : null });
      continue;
    }
    if (step.kind !== 'notice' || !active) {
      rest.push(id);
      continue;
    }
    // The cycle as loadCycle would read it after the notice: one more notice, not sent yet.
    const after: CycleFacts = {
      ...row.facts,
      notices: [...row.facts.notices, { noticeDays: step.notice.noticeDays, sentOn: null }],
    };
    if (nextStep(after, now, policy)) {
      rest.push(id);
      continue;
    }
    decided.push({ ...row, notice: step.notice, due: nextDueAt(after, policy) });
  }

  if (decided.length === 0) return { done, rest };
  // One statement for the batch: the notices (processCycle's notice step: the notice, its outbox
  // message as cycles.ts enqueueNotice makes it, its audit row), the next due instants, and
  // failures of earlier tries resolved (services/failures.ts). A notice already there (it cannot
  // be, under the lock) writes nothing, and its cycle is looked at again now.
  const column = (f: (d: Decided) => string | number | boolean | null) => arrayLiteral(decided.map(f));
  const at = now.toISOString();
  const written = await tx.execute<{ cycle_id: string }>(sql`
    with v as (
      select * from unnest(
        ${column((d) => d.cycleId)}::bigint[], ${column((d) => d.notice?.noticeDays ?? null)}::int[],
        ${column((d) => d.notice?.dueOn.toString() ?? null)}::date[], ${column((d) => d.notice?.late ?? null)}::boolean[],
        ${column((d) => d.channel)}::text[], ${column((d) => d.contractId)}::text[],
        ${column((d) => d.due?.toISOString() ?? null)}::timestamptz[]
      ) as v(cycle_id, notice_days, due_on, late, channel, contract_id, due)
    ), notices as (
      insert into renewal_notices (cycle_id, notice_days, due_on, late, created_at)
      select cycle_id, notice_days, due_on, late, ${at}::timestamptz from v where notice_days is not null order by cycle_id
      on conflict do nothing
      returning id, cycle_id, notice_days, due_on, late
    ), messages as (
      insert into outbox (key, view, data, channel, contract_id, created_at)
      select 'notice:' || n.id, 'renewal-notice', jsonb_build_object('noticeId', n.id), v.channel, v.contract_id, ${at}::timestamptz
      from notices n join v on v.cycle_id = n.cycle_id order by n.id
      on conflict (key) do nothing
    ), audited as (
      insert into audit_log (at, actor, action, subject, details)
      select ${at}::timestamptz, ${SCHEDULER}, 'renewal.notice', 'contract:' || v.contract_id,
        jsonb_build_object('noticeDays', n.notice_days, 'dueOn', n.due_on::text, 'late', n.late)
      from notices n join v on v.cycle_id = n.cycle_id order by n.id
    ), resolved as (
      update scheduled_failures set resolved_at = ${at}::timestamptz
      where step = 'cycle' and subject in (select cycle_id::text from v) and resolved_at is null
    ), scheduled as (
      update renewal_cycles c
      set due_at = case when v.notice_days is not null and not exists (select 1 from notices n where n.cycle_id = v.cycle_id)
        then ${at}::timestamptz else v.due end
      from v where c.id = v.cycle_id
    )
    select cycle_id from notices`);
  const noticed = new Set([...written].map((r) => Number(r.cycle_id)));
  for (const d of decided)
    done.set(
      d.cycleId,
      d.notice
        ? [
            {
              cycleId: d.cycleId,
              contractId: d.contractId,
              step: 'notice',
              detail: noticed.has(d.cycleId) ? `${d.notice.noticeDays}${d.notice.late ? ' late' : ''}` : undefined,
            },
          ]
        : [],
    );
  return { done, rest };
}

/** A PostgreSQL array literal of values (text, numbers, booleans, nulls), to pass as one parameter. */
function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  const item = (v: string | number | boolean | null) =>
    v === null ? 'NULL' : typeof v === 'string' ? `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"` : String(v);
  return `{${values.map(item).join(',')}}`;
}

/** The facts of locked cycles (as sweep.ts dueFacts reads them), with the customer's channel. */
async function lockedFacts(tx: Tx, ids: number[]) {
  const c = renewalCycles;
  const rows = await tx
    .select({ ...factColumns(), channel: customers.slackChannel })
    .from(c)
    .innerJoin(contracts, eq(contracts.id, c.contractId))
    .innerJoin(contractTerms, eq(contractTerms.id, c.contractTermId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(and(sql`${c.id} = any(${`{${ids.join(',')}}`}::bigint[])`));
  return rows.map((r) => ({
    cycleId: r.cycleId,
    contractId: r.contractId,
    channel: r.channel,
    status: r.status,
    facts: factsOfRow(r),
  }));
}
