// The log's lines (JSON, masked secrets, the pretty form for people) and the snapshot of
// PostgreSQL behind the gauges of GET /metrics, on a real database with instants it fixes.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createLog, linesPerTurn, logOptionsFrom, prettyLine } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { redactSecrets } from '../../src/redact.js';
import { enqueueMessage } from '../../src/services/outbox.js';
import { operationsSnapshot, recordSweep } from '../../src/services/operations.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();

describe('redactSecrets: what no log line and no error report carries', () => {
  it('masks tokens, bearer credentials, private keys, URL passwords and signatures', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const text = redactSecrets(
      JSON.stringify({
        a: 'token xoxb-123-456-abcdef here',
        b: 'xapp-1-A0-123-abc',
        c: 'Authorization: Bearer abc.def-ghi',
        d: pem,
        e: 'postgres://certdesk:hunter2@db.example:5432/certdesk',
        f: 'https://bucket.example/file?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA/x&keep=1',
        g: 'https://hooks.example/errors?token=s3cr3t',
      }),
    );
    for (const secret of ['xoxb-123', 'xapp-1-A0', 'abc.def-ghi', 'MIIEvQ', 'hunter2', 'deadbeef', 'AKIA', 's3cr3t'])
      expect(text).not.toContain(secret);
    // Still JSON, and what is not secret is kept.
    const back = JSON.parse(text) as Record<string, string>;
    expect(back.e).toBe('postgres://certdesk:***@db.example:5432/certdesk');
    expect(back.f).toContain('keep=1');
    expect(back.d).toBe('[private key]');
  });
});

describe('the log', () => {
  it('writes JSON lines with level, time and msg, children carrying their ids, secrets masked', () => {
    const lines: string[] = [];
    const log = createLog({ write: (l) => lines.push(l) });
    log.child({ contract: 'acme-www', cycle: 7 }).info({ token: 'xoxb-1-2-3' }, 'renewal step done');
    log.debug('not shown at info');
    log.error(
      { err: Object.assign(new Error('Failed query: select secret from t'), { query: 'select', parameters: ['x'] }) },
      'job failed',
    );
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({
      level: 'info',
      msg: 'renewal step done',
      contract: 'acme-www',
      cycle: 7,
      token: 'xox*-***',
    });
    expect(new Date(first!.time as string).toISOString()).toBe(first!.time);
    // A failed query shows only that it failed, never its statement or parameters.
    expect(second).toMatchObject({ level: 'error', err: { type: 'Error', message: 'a database query failed' } });
    expect(lines[1]).not.toContain('select secret');
  });

  it('CERTDESK_LOG=pretty: one short line a record, the fields after the message', () => {
    const line = prettyLine(
      JSON.stringify({
        level: 'info',
        time: '2026-11-11T00:00:01.234Z',
        pid: 1,
        msg: 'job done',
        queue: 'certdesk-slack',
        outbox: 3,
      }),
    );
    expect(line).toBe('00:00:01.234 INFO  job done queue=certdesk-slack outbox=3');
    expect(logOptionsFrom({ CERTDESK_LOG: 'pretty' })).toEqual({ format: 'pretty', level: 'info' });
    expect(logOptionsFrom({ CERTDESK_LOG_LEVEL: 'debug' })).toEqual({ format: 'json', level: 'debug' });
    const lines: string[] = [];
    createLog({ format: 'pretty', write: (l) => lines.push(l) }).warn({ contract: 'c1' }, 'held');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}held contract=c1$/);
  });
});

describe('linesPerTurn: the long-lived commands write their log once per turn of the event loop', () => {
  it('joins the lines of one turn into one write, in order, and the next turn’s into the next', async () => {
    const writes: string[] = [];
    const line = linesPerTurn((text) => writes.push(text));
    line('a');
    line('b');
    line('c');
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['a\nb\nc']);
    line('d');
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['a\nb\nc', 'd']);
  });

  it('writes at once what has grown past its bound', () => {
    const writes: string[] = [];
    const line = linesPerTurn((text) => writes.push(text), 10);
    line('12345');
    expect(writes).toEqual([]);
    line('67890');
    expect(writes).toEqual(['12345\n67890']);
  });

  it('writes what it still holds when the process exits, by process.exit or an uncaught error', () => {
    const module = new URL('../../src/log.ts', import.meta.url).pathname;
    for (const end of ['process.exit(3)', 'throw new Error("broke")']) {
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `const { linesPerTurn } = await import(${JSON.stringify(module)});
           const line = linesPerTurn((t) => process.stderr.write(t + '\\n'));
           line('first'); line('last'); ${end};`,
        ],
        { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname },
      );
      expect(r.stderr.startsWith('first\nlast\n'), `${end}: ${r.stderr}`).toBe(true);
    }
  });
});

describe('the snapshot behind the gauges', () => {
  const at = new Date('2026-11-11T00:00:00Z');
  const later = (s: number) => new Date(at.getTime() + s * 1000);

  it('counts pending and failed messages, the oldest one’s age by the clock given, due and held cycles, the last sweep', async () => {
    const db = t.db.db;
    expect(await operationsSnapshot(db, at)).toEqual({
      pending: 0,
      failed: 0,
      oldestPendingSeconds: 0,
      cyclesDue: 0,
      cyclesHeld: 0,
      lastSweepAt: null,
    });
    await enqueueMessage(db, { key: 'test:1', view: 'staff-digest', data: {}, channel: null }, at);
    await enqueueMessage(db, { key: 'test:2', view: 'staff-digest', data: {}, channel: null }, later(1800));
    await enqueueMessage(db, { key: 'test:3', view: 'staff-digest', data: {}, channel: null }, later(1800));
    await db.execute(sql`update outbox set status = 'failed' where key = 'test:3'`);
    await recordSweep(db, later(7000), new Date('2026-12-01T00:00:00Z'));
    const s = await operationsSnapshot(db, later(7200));
    expect(s).toMatchObject({
      pending: 2,
      failed: 1,
      oldestPendingSeconds: 7200,
      lastSweepAt: new Date('2026-12-01T00:00:00Z'),
    });

    // The same through GET /metrics' registry.
    const m = createMetrics({ defaultMetrics: false });
    m.observeDatabase(db, () => later(7200), createLog({ level: 'silent' }));
    const text = await m.registry.metrics();
    expect(text).toContain('certdesk_outbox_messages{state="pending"} 2\n');
    expect(text).toContain('certdesk_outbox_messages{state="failed"} 1\n');
    expect(text).toContain('certdesk_outbox_oldest_pending_seconds 7200\n');
    expect(text).toContain(`certdesk_sweep_last_run_timestamp_seconds ${Date.parse('2026-12-01T00:00:00Z') / 1000}\n`);
    expect(text).toContain('certdesk_database_up 1\n');
  });

  it('uses the partial indexes of migration 0009, not a scan of the table', async () => {
    // On tables this small PostgreSQL would rather scan: forbid it, within one transaction.
    const plan = (query: ReturnType<typeof sql>) =>
      t.db.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        return JSON.stringify([...(await tx.execute(sql`explain ${query}`))]);
      });
    expect(await plan(sql`select count(*) from outbox where status = 'failed'`)).toContain('outbox_failed');
    expect(
      await plan(sql`select count(*) from renewal_cycles where held_at is not null and outcome is null`),
    ).toContain('renewal_cycles_held');
  });
});
