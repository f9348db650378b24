// The scheduled work itself, shared by the BullMQ processors and `certdesk sweep`: each piece is
// a service call that is safe to repeat and to race (row locks, unique keys, advisory locks).
import type { WebClient } from '@slack/web-api';
import type { Config } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { processCycleBatch } from '../src/services/cycle-batch.js';
import { settledWithTheirMessage } from '../src/services/notice-groups.js';
import { processCycle, type StepDone } from '../src/services/cycles.js';
import { isolated, openFailures, type StepFailure } from '../src/services/failures.js';
import { alertReissue, dueReissues } from '../src/services/certificates.js';
import { dueOrders, placeDueOrder } from '../src/services/orders.js';
import { dueEndings } from '../src/services/endings.js';
import { recordSweep } from '../src/services/operations.js';
import { pendingMessageCount } from '../src/services/outbox.js';
import {
  endDueContract,
  enqueueDigest,
  findDueWork,
  planCycles,
  reschedulePolicy,
  SWEEP_BATCH,
  type PlannedStep,
} from '../src/services/sweep.js';
import { deliverMessage, markFailed, RateLimited, type DeliveryResult } from '../src/slack/deliver.js';
import { Paced, type Slot } from '../src/slack/pace.js';
import { WORKER_OPTIONS } from './queues.js';

export interface WorkDeps {
  database: Database;
  /** Null without SLACK_BOT_TOKEN: messages then wait in the outbox. */
  slack: WebClient | null;
  config: Config;
}

export interface SweepReport {
  asOf: string;
  dryRun: boolean;
  /** Steps taken (or, dry, due) on renewal cycles, by kind: notice, remind, hold, deadline, lapse, rollover. */
  steps: Record<string, number>;
  /** Outcomes recorded at deadlines: renewed, default-renewed, ended, lapsed. */
  outcomes: Record<string, number>;
  endings: number;
  /** Staff told ahead that a certificate ends before its term does. */
  reissues: number;
  /** Certificates ordered from the CA over ACME, by result: issued, failed, refused. */
  orders: Record<string, number>;
  digest: boolean;
  messages: Partial<Record<DeliveryResult, number>>;
  /** Messages left undelivered (no Slack token, or still failing). */
  undelivered: number;
  details: (
    | StepDone
    | PlannedStep
    | { contractId: string; step: 'ending' }
    | { contractId: string; step: 'order'; detail: string }
  )[];
  /** Steps that failed and are not done yet: each with its error, its attempts and its next try. */
  failures: StepFailure[];
}

const count = (o: Record<string, number>, key: string) => {
  o[key] = (o[key] ?? 0) + 1;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many cycles the foreground sweep works on at once (the renewals worker's concurrency). */
const CYCLE_CONCURRENCY = WORKER_OPTIONS.renewals.concurrency ?? 4;

/** f over every item, at most `width` at a time; the results in the items' order. */
async function inPool<T, R>(items: readonly T[], width: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}

/** How many messages the foreground sweep delivers at once (the Slack worker's concurrency). */
export const DELIVERY_CONCURRENCY = WORKER_OPTIONS.slack.concurrency ?? 8;

/** Other errors a message meets in the foreground before it is given up on (staff are told). */
const FOREGROUND_TRIES = 3;

/**
 * Delivers messages in the foreground as the Slack worker does: DELIVERY_CONCURRENCY at once (fewer
 * when the database pool is smaller), each channel at Slack's pace (a message whose slot is later
 * waits for it in this queue while the others go on), a 429 pausing every lane for its Retry-After
 * (without spending a try), other errors tried again a few times before the message is given up on
 * and staff are told.
 */
export async function deliverAll(
  deps: WorkDeps & { slack: WebClient },
  outboxIds: readonly number[],
  now: Date,
): Promise<Map<number, DeliveryResult>> {
  const d = { database: deps.database, slack: deps.slack, config: deps.config };
  const results = new Map<number, DeliveryResult>();
  interface Waiting {
    id: number;
    /** Not before this (ms since the epoch): its slot, or its backoff. */
    from: number;
    slot?: Slot;
    failures: number;
  }
  const queue: Waiting[] = outboxIds.map((id) => ({ id, from: 0, failures: 0 }));
  let pausedUntil = 0;
  const lane = async () => {
    while (queue.length) {
      const t = Date.now();
      if (pausedUntil > t) {
        await sleep(pausedUntil - t);
        continue;
      }
      const i = queue.findIndex((w) => w.from <= t);
      if (i < 0) {
        // Nothing due yet: look again when the first is (or sooner, for one put back meanwhile).
        await sleep(Math.min(100, Math.max(1, Math.min(...queue.map((w) => w.from)) - t)));
        continue;
      }
      const [w] = queue.splice(i, 1);
      try {
        results.set(w!.id, await deliverMessage(d, w!.id, now, { slot: w!.slot }));
      } catch (e) {
        if (e instanceof Paced) queue.push({ ...w!, slot: e.slot, from: e.slot.at });
        else if (e instanceof RateLimited) {
          pausedUntil = Math.max(pausedUntil, Date.now() + e.retryAfterMs);
          queue.push(w!);
        } else if (w!.failures + 1 >= FOREGROUND_TRIES) {
          // An e-mail the mail server did not take for now waits for the next sweep.
          const waiting = await markFailed(d, w!.id, (e as Error).message, now);
          results.set(w!.id, waiting ? 'waiting' : 'failed');
        } else queue.push({ ...w!, failures: w!.failures + 1, from: Date.now() + 500 * (w!.failures + 1) });
      }
    }
  };
  // A delivery holds a connection of its own (its advisory lock) and borrows another for each statement:
  // one connection of the pool is always left for those.
  const width = Math.max(1, Math.min(DELIVERY_CONCURRENCY, deps.database.sql.options.max - 1, outboxIds.length));
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

/**
 * Does every piece of scheduled work due at `now` (`certdesk sweep`, README), itself and before it
 * returns: the same work the workers do. A dry run lists what is due and changes nothing.
 */
export async function sweepOnce(deps: WorkDeps, now: Date, options: { dryRun?: boolean } = {}): Promise<SweepReport> {
  const { database, config } = deps;
  const db = database.db;
  const policy = config.renewalPolicy;
  const report: SweepReport = {
    asOf: now.toISOString(),
    dryRun: Boolean(options.dryRun),
    steps: {},
    outcomes: {},
    endings: 0,
    reissues: 0,
    orders: {},
    digest: false,
    messages: {},
    undelivered: 0,
    details: [],
    failures: [],
  };

  if (options.dryRun) {
    // The due cycles come with their facts (planCycles); the endings and messages by their indexes.
    // Three reads of the pool, independent of each other: at once.
    const [endings, plan, pending] = await Promise.all([
      dueEndings(db, now, SWEEP_BATCH),
      planCycles(db, now, policy),
      pendingMessageCount(db, SWEEP_BATCH),
    ]);
    for (const p of plan) {
      count(report.steps, p.step);
      if (p.step === 'deadline' && p.detail) count(report.outcomes, p.detail);
      report.details.push(p);
    }
    report.endings = endings.length;
    for (const id of endings) report.details.push({ contractId: id, step: 'ending' });
    // Orders from the CA that a sweep would place (only with a master key: without one none is placed).
    if (config.masterKey || config.previousMasterKey)
      for (const due of await dueOrders(db, now, config.reissueNoticeDays, SWEEP_BATCH)) {
        count(report.orders, 'due');
        report.details.push({ contractId: due.contractId, step: 'order', detail: due.need });
      }
    report.undelivered = pending;
    return report;
  }

  await reschedulePolicy(db, policy, now);
  // A renewed term starts a cycle that may be due at once: go round until nothing is left.
  for (let round = 0; round < 10; round++) {
    const due = await findDueWork(db, now);
    if (due.cycles.length === 0 && due.endings.length === 0) break;
    // First a batch at a time where the rules allow it (services/cycle-batch.ts); the cycles it leaves
    // (other steps, or a batch that failed) are taken on their own below.
    const batched = await processCycleBatch(
      db,
      due.cycles.map((c) => c.id),
      now,
      policy,
    );
    // The others several at once, as the workers take them (each under its own row lock); reported in due order.
    // One cycle that fails is recorded and retried later (services/failures.ts); the others go on.
    const alone = await inPool(batched.rest, CYCLE_CONCURRENCY, async (id) => {
      const r = await isolated(db, { step: 'cycle', subject: String(id), cycleId: id }, now, () =>
        processCycle(db, id, now, policy),
      );
      return r.ok ? r.value : 'busy';
    });
    const byCycle = new Map<number, StepDone[] | 'busy'>(batched.done);
    batched.rest.forEach((id, i) => byCycle.set(id, alone[i]!));
    const results = due.cycles.map(({ id }) => byCycle.get(id) ?? 'busy');
    for (const done of results) {
      if (done === 'busy') continue;
      for (const s of done) {
        count(report.steps, s.step);
        if (s.step === 'deadline' && s.detail) count(report.outcomes, s.detail.split(' ')[0]!);
        report.details.push(s);
      }
    }
    for (const id of due.endings) {
      const ended = await isolated(db, { step: 'ending', subject: id, contractId: id }, now, () =>
        endDueContract(db, id, now),
      );
      if (ended.ok && ended.value) {
        report.endings++;
        report.details.push({ contractId: id, step: 'ending' });
      }
    }
  }
  for (const due of await dueReissues(db, now, config.reissueNoticeDays, SWEEP_BATCH))
    if (await alertReissue(db, due, now)) report.reissues++;
  // Orders from the CA (one at a time, as the orders worker takes them), on a clock that runs from
  // `now` and is never behind the real one: the CA issues certificates valid from its own present.
  const masters = [config.masterKey, config.previousMasterKey].filter((m) => m !== undefined);
  if (masters.length) {
    const started = Date.now();
    const clock = () => new Date(Math.max(now.getTime() + (Date.now() - started), Date.now()));
    for (const due of await dueOrders(db, now, config.reissueNoticeDays, SWEEP_BATCH))
      count(report.orders, await placeDueOrder(db, due, { masters, dnsHook: config.acmeDnsHook }, clock));
  }
  report.digest = await enqueueDigest(db, now, policy);

  if (deps.slack) {
    const slack = deps.slack;
    // An update waits for the message it updates: a second round delivers those.
    const results = new Map<number, DeliveryResult>();
    for (let round = 0; round < 2; round++) {
      for (const [id, r] of await deliverAll({ ...deps, slack }, (await findDueWork(db, now)).messages, now))
        results.set(id, r);
    }
    // A notice gathered into another's message went as that message did, whatever its own delivery found.
    const others = [...results].filter(([, r]) => r === 'waiting' || r === 'busy' || r === 'done-before');
    const settled = await settledWithTheirMessage(
      db,
      others.map(([id]) => id),
    );
    for (const { id, status } of settled) results.set(id, status);
    for (const r of results.values()) count(report.messages as Record<string, number>, r);
  }
  report.undelivered = (await findDueWork(db, now)).messages.length;
  // Steps failing now, retried by a later sweep (or the workers) once their backoff has passed.
  report.failures = await openFailures(db);
  // The real time, for the alert on sweeps gone quiet (Prometheus compares it with its own clock).
  await recordSweep(db, now, new Date());
  return report;
}
