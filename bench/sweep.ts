// The sweep at scale: 10k, 100k and 1M contracts made in bulk with SQL (expiry dates spread over
// the next two years, a fifth with a previous term's notices and answer, a few ended or ending),
// 1,000 of them due. One `sweep --dry-run` and one real sweep (the same code as the command,
// in-process, without Slack) against the bare indexed SQL that selects the due cycles.
import postgres from 'postgres';
import { jobsWork } from './lib/product.js';
import { createBenchDatabase, dropDatabase } from './lib/infra.js';
import { figure, type Figure } from './lib/report.js';
import { median, now, round } from './lib/stats.js';

export interface SweepOptions {
  sizes: number[];
  due: number;
  rounds: number;
}

const ITEMS = [
  'quick-ssl',
  'corporate-ssl',
  'secure-server-id',
  'global-server-id',
  'sureserver-cloud',
  'bring-your-own',
];

/** JST date of an instant, as YYYY-MM-DD. */
const jstDate = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * n contracts; the first `staged` ones expire 59 days from today, their 60-day notice owed, but
 * are made due only round by round (so each round has exactly `due` of them); the rest expire
 * 61 days to two years ahead, due when their first notice comes.
 */
async function generate(sql: postgres.Sql, n: number, staged: number, today: string): Promise<Record<string, number>> {
  const T = `'${today}'::date`;
  const items = `(array[${ITEMS.map((i) => `'${i}'`).join(',')}])[1 + g % ${ITEMS.length}]`;
  const customers = Math.max(1, Math.floor(n / 4));
  // Kinds of contract by g: staged (g <= staged), ended (g % 33 = 1), ending later (g % 50 = 2), open.
  const ended = `(g > ${staged} and g % 33 = 1)`;
  const ending = `(g > ${staged} and g % 50 = 2)`;
  const history = `(g > ${staged} and g % 5 = 0 and not ${ended})`;
  const expiry = `(case when g <= ${staged} then ${T} + 59 when ${ended} then ${T} - 1 - g % 300 else ${T} + 61 + ((g::bigint * 7919) % 730)::int end)`;
  const prev = `((${expiry} - interval '1 year')::date)`;
  const steps: [string, string][] = [
    [
      'customers',
      `insert into customers (id, name, country, slack_channel, locale) select 'cust' || g, '顧客 ' || g, 'JP', 'C' || lpad(g::text, 9, '0'), case when g % 10 = 0 then 'en' else 'ja' end from generate_series(1, ${customers}) g`,
    ],
    [
      'contracts',
      `insert into contracts (id, customer_id, item, term, common_name, status, origin, end_date, end_reason, ended_at)
      select 'K' || g, 'cust' || (1 + (g - 1) % ${customers}), ${items}, '1y', 'h' || g || '.example.jp',
        case when ${ended} then 'ended' else 'active' end, 'imported',
        case when ${ended} then ${expiry} when ${ending} then ${expiry} - 10 end,
        case when ${ended} or ${ending} then 'cancelled' end,
        case when ${ended} then (${expiry} + 1)::timestamp at time zone 'Asia/Tokyo' end
      from generate_series(1, ${n}) g`,
    ],
    [
      'contract_terms (previous)',
      `insert into contract_terms (id, contract_id, seq, item, term, starts_on, expiry_date, kind)
      select ${n} + g, 'K' || g, 1, ${items}, '1y', ${expiry} - interval '2 years' + interval '1 day', ${expiry} - interval '1 year', 'imported' from generate_series(1, ${n}) g where ${history}`,
    ],
    [
      'contract_terms',
      `insert into contract_terms (id, contract_id, seq, item, term, starts_on, expiry_date, kind)
      select g, 'K' || g, case when ${history} then 2 else 1 end, ${items}, '1y', ${expiry} - interval '1 year' + interval '1 day', ${expiry}, case when ${history} then 'renewal' else 'imported' end from generate_series(1, ${n}) g`,
    ],
    [
      'renewal_cycles (previous)',
      `insert into renewal_cycles (id, contract_id, contract_term_id, expiry_date, reply_deadline, decision, decided_at, outcome, outcome_at, fees_accrue_on, next_term_id, due_at)
      select ${n} + g, 'K' || g, ${n} + g, ${prev}, ${prev} - 30, 'renew', (${prev} - 40)::timestamp at time zone 'Asia/Tokyo', 'renewed', (${prev} - 29)::timestamp at time zone 'Asia/Tokyo', ${prev} - 29, g, null
      from generate_series(1, ${n}) g where ${history}`,
    ],
    [
      'renewal_cycles',
      `insert into renewal_cycles (id, contract_id, contract_term_id, expiry_date, outcome, outcome_at, due_at)
      select g, 'K' || g, g, ${expiry},
        case when ${ended} then 'ended' end, case when ${ended} then (${expiry} + 1)::timestamp at time zone 'Asia/Tokyo' end,
        case when g <= ${staged} or ${ended} or ${ending} then null else (${expiry} - 60 + time '09:00')::timestamp at time zone 'Asia/Tokyo' end
      from generate_series(1, ${n}) g`,
    ],
    [
      'renewal_notices (previous)',
      `insert into renewal_notices (cycle_id, notice_days, due_on, sent_at, slack_channel, slack_ts)
      select ${n} + g, d, ${prev} - d, (${prev} - d + time '09:00')::timestamp at time zone 'Asia/Tokyo', 'C' || lpad((1 + (g - 1) % ${customers})::text, 9, '0'), '1700000000.' || lpad(g::text, 6, '0')
      from generate_series(1, ${n}) g, unnest(array[60, 45, 31]) d where ${history}`,
    ],
    [
      'renewal_answers (previous)',
      `insert into renewal_answers (cycle_id, answer, answered_at, answered_by, via, accepted)
      select ${n} + g, case when g % 7 = 0 then 'dont-renew' else 'renew' end, (${prev} - 40)::timestamp at time zone 'Asia/Tokyo', 'U' || lpad(g::text, 9, '0'), 'button', g % 7 <> 0
      from generate_series(1, ${n}) g where ${history}`,
    ],
    [
      'outbox (delivered)',
      `insert into outbox (key, view, data, channel, contract_id, status, attempts, attempted_at, sent_at, slack_channel, slack_ts)
      select 'notice:' || n.id, 'renewal-notice', jsonb_build_object('noticeId', n.id), n.slack_channel, c.contract_id, 'sent', 1, n.sent_at, n.sent_at, n.slack_channel, n.slack_ts
      from renewal_notices n join renewal_cycles c on c.id = n.cycle_id`,
    ],
    [
      'certificates',
      `insert into certificates (id, contract_id, contract_term_id, common_name, sans, issuer, serial, not_before, not_after, key_type, key_bits, fingerprint_sha256, pem, source, recorded_by)
      select g, 'K' || g, g, 'h' || g || '.example.jp', array['h' || g || '.example.jp'], 'Bench CA', to_hex(g), (${expiry} - interval '1 year' + interval '1 day')::timestamp at time zone 'Asia/Tokyo',
        (${expiry} + time '23:59:59')::timestamp at time zone 'Asia/Tokyo', 'RSA', 2048, md5(g::text) || md5(g::text), '-----BEGIN CERTIFICATE-----', 'imported', 'cli:bench'
      from generate_series(1, ${n}) g`,
    ],
  ];
  const counts: Record<string, number> = {};
  await sql`set synchronous_commit = off`;
  for (const [what, text] of steps) {
    const r = await sql.unsafe(text);
    counts[what] = r.count;
  }
  for (const [table, seq] of [
    ['contract_terms', 'contract_terms_id_seq'],
    ['renewal_cycles', 'renewal_cycles_id_seq'],
    ['certificates', 'certificates_id_seq'],
  ])
    await sql.unsafe(`select setval('${seq}', (select max(id) from ${table}))`);
  await sql`vacuum analyze`.catch(async () => void (await sql`analyze`));
  return counts;
}

/** The bare indexed SQL that selects the due cycles, with the contract, term and customer each needs. */
const BARE = `select c.id, c.due_at, c.expiry_date, c.reply_deadline, c.decision, c.outcome, c.held_at, c.next_term_id,
    k.id as contract_id, k.status, k.end_date, t.item, t.term, u.slack_channel, u.locale
  from renewal_cycles c
  join contracts k on k.id = c.contract_id
  join contract_terms t on t.id = c.contract_term_id
  join customers u on u.id = k.customer_id
  where c.due_at is not null and c.due_at <= $1
  order by c.due_at limit 5000`;

/**
 * The 'minimal' baseline: bare SQL that writes, set-based, what the sweep writes for the due
 * cycles it finds (each a first notice owed): the notices, their outbox messages, the audit rows
 * and the next due instants, in one transaction under the cycles' row locks.
 */
const MINIMAL = `with due as (
    select c.id, c.contract_id, c.expiry_date, u.slack_channel
    from renewal_cycles c
    join contracts k on k.id = c.contract_id
    join customers u on u.id = k.customer_id
    where c.due_at is not null and c.due_at <= $1
    order by c.due_at limit 5000
    for update of c skip locked
  ), notices as (
    insert into renewal_notices (cycle_id, notice_days, due_on, late, created_at)
    select id, 60, expiry_date - 60, true, $1 from due
    returning id, cycle_id
  ), messages as (
    insert into outbox (key, view, data, channel, contract_id, created_at)
    select 'notice:' || n.id, 'renewal-notice', jsonb_build_object('noticeId', n.id), d.slack_channel, d.contract_id, $1
    from notices n join due d on d.id = n.cycle_id
  ), audited as (
    insert into audit_log (at, actor, action, subject, details)
    select $1, 'scheduler', 'renewal.notice', 'contract:' || d.contract_id, jsonb_build_object('noticeDays', 60, 'dueOn', (d.expiry_date - 60)::text, 'late', true)
    from due d
  )
  update renewal_cycles c set due_at = ((d.expiry_date - 45) + time '09:00') at time zone 'Asia/Tokyo'
  from due d where c.id = d.id`;

/** The queries the sweep runs on every pass, for EXPLAIN (the same SQL as src/services/*). */
const EXPLAINED: [string, string][] = [
  [
    "the due cycles' facts (sweep.ts dueFacts, sweep --dry-run)",
    `select c.id, k.id, k.status, k.end_date, t.item, c.expiry_date, c.reply_deadline, c.decision, c.outcome, c.held_at, c.next_term_id,
      (select a.answer from renewal_answers a where a.cycle_id = c.id and a.accepted order by a.answered_at desc, a.id desc limit 1),
      exists (select 1 from certificates w where w.contract_id = k.id and w.contract_term_id is null and w.source = 'uploaded'),
      array(select x.v from renewal_notices n, lateral (values (0, n.notice_days::float8), (1, (extract(epoch from n.sent_at) * 1000)::float8)) x(k, v) where n.cycle_id = c.id order by n.id, x.k)
    from renewal_cycles c join contracts k on k.id = c.contract_id join contract_terms t on t.id = c.contract_term_id
    where c.due_at is not null and c.due_at <= $1 order by c.due_at, c.id limit 5000`,
  ],
  [
    'due cycles (cycles.ts dueCycles)',
    `select id, due_at from renewal_cycles where due_at is not null and due_at <= $1 order by due_at asc limit 5000`,
  ],
  [
    'due endings (endings.ts dueEndings)',
    `select id from contracts where status = 'active' and end_date is not null and end_date <= ($1::timestamptz at time zone 'Asia/Tokyo')::date order by end_date, id limit 5000`,
  ],
  [
    'pending messages (outbox.ts pendingMessages)',
    `select id from outbox where status = 'pending' order by id limit 5000`,
  ],
  [
    'certificates ending before their term (certificates.ts dueReissues)',
    `select c.id, c.contract_id, c.not_after from certificates c join contract_terms t on t.id = c.contract_term_id join contracts k on k.id = c.contract_id and k.status = 'active'
      where c.not_after between $1::timestamptz - interval '7 days' and $1::timestamptz + interval '31 days' and (c.not_after at time zone 'Asia/Tokyo')::date < t.expiry_date
        and not exists (select 1 from certificates c2 where c2.contract_term_id = c.contract_term_id and c2.not_after > c.not_after)
        and not exists (select 1 from outbox o where o.key = 'alert:reissue:' || c.id) order by c.not_after limit 5000`,
  ],
  [
    "a cycle's accepted answer (cycles.ts loadCycle, message-data.ts noticeData)",
    `select * from renewal_answers where cycle_id = (select max(id) from renewal_cycles) and accepted = true order by answered_at desc, id desc limit 1`,
  ],
  [
    "a cycle's notices (cycles.ts loadCycle)",
    `select * from renewal_notices where cycle_id = (select max(id) from renewal_cycles) order by id`,
  ],
  [
    'the cycles of a contract (answers.ts, endings.ts)',
    `select id from renewal_cycles where contract_id = 'K17' order by id`,
  ],
  [
    'the customer of a channel (people.ts whoIs, every Slack request)',
    `select * from customers where slack_channel = 'C000000017'`,
  ],
];

export async function benchSweep(
  o: SweepOptions,
  log: (s: string) => void,
): Promise<{ figures: Figure[]; sections: { title: string; body: string }[]; raw: unknown; method: string[] }> {
  const { sweepOnce, reschedulePolicy, openDatabase, loadConfig } = await jobsWork();
  const config = loadConfig({ ...process.env, SLACK_BOT_TOKEN: '' }, [
    'CERTDESK_NOTICE_DAYS',
    'CERTDESK_REPLY_DAYS',
    'CERTDESK_NOTICE_HOUR',
    'CERTDESK_REISSUE_NOTICE_DAYS',
  ]);
  const figures: Figure[] = [];
  const sections: { title: string; body: string }[] = [];
  const raw: Record<string, unknown> = {};
  const perSize: Record<number, { dry: number; real: number; bare: number; minimal: number }> = {};
  const at = new Date();
  const today = jstDate(at);
  // The staged due cycles became due yesterday at the notice hour.
  const dueAt = new Date(`${jstDate(new Date(at.getTime() - 86_400_000))}T09:00:00+09:00`);

  for (const n of o.sizes) {
    const name = `certdesk_bench_sweep_${n}`;
    const url = await createBenchDatabase(name);
    const database = openDatabase(url);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      // The renewal policy on record, as after any earlier sweep: due instants are current.
      await reschedulePolicy(database.db, config.renewalPolicy, at);
      const t0 = now();
      // Twice the staged cycles: the second half for the minimal baseline.
      const counts = await generate(sql, n, o.due * o.rounds * 2, today);
      const genSeconds = (now() - t0) / 1000;
      log(`  ${n} contracts made in ${genSeconds.toFixed(1)} s`);
      const rounds = {
        bare: [] as number[],
        dry: [] as number[],
        real: [] as number[],
        minimal: [] as number[],
        steps: [] as unknown[],
      };
      // Warm both the same way before the rounds: with the first round's cycles due, the bare SQL
      // once and the dry run once (it writes nothing), so that the dry run's statements are prepared
      // on its connections and its code compiled, as the bare SQL's plan is cached. The cold dry
      // run is kept for information.
      await sql`update renewal_cycles set due_at = ${dueAt.toISOString()}::timestamptz where id > 0 and id <= ${o.due}`;
      await sql.unsafe(BARE, [at.toISOString()]);
      const cold = now();
      await sweepOnce({ database, slack: null, config }, at, { dryRun: true });
      const coldDry = now() - cold;
      for (let r = 0; r < o.rounds; r++) {
        await sql`update renewal_cycles set due_at = ${dueAt.toISOString()}::timestamptz where id > ${r * o.due} and id <= ${(r + 1) * o.due}`;
        const bare1 = now();
        const selected = await sql.unsafe(BARE, [at.toISOString()]);
        rounds.bare.push(now() - bare1);
        if (selected.length !== o.due)
          throw new Error(`expected ${o.due} due cycles, the SQL found ${selected.length}`);
        const dry = now();
        const plan = await sweepOnce({ database, slack: null, config }, at, { dryRun: true });
        rounds.dry.push(now() - dry);
        if ((plan.steps.notice ?? 0) + (plan.steps.hold ?? 0) !== o.due)
          throw new Error(`the dry run planned ${JSON.stringify(plan.steps)}, not ${o.due} notices`);
        const bare2 = now();
        await sql.unsafe(BARE, [at.toISOString()]);
        rounds.bare.push(now() - bare2);
        const real = now();
        const done = await sweepOnce({ database, slack: null, config }, at);
        rounds.real.push(now() - real);
        rounds.steps.push(done.steps);
        // The same number of other staged cycles, for the minimal SQL.
        const from = (o.rounds + r) * o.due;
        await sql`update renewal_cycles set due_at = ${dueAt.toISOString()}::timestamptz where id > ${from} and id <= ${from + o.due}`;
        const minimal = now();
        const written = await sql.begin((tx) => tx.unsafe(MINIMAL, [at.toISOString()]));
        rounds.minimal.push(now() - minimal);
        if (written.count !== o.due) throw new Error(`the minimal SQL wrote ${written.count} cycles, not ${o.due}`);
      }
      perSize[n] = {
        dry: median(rounds.dry),
        real: median(rounds.real),
        bare: median(rounds.bare),
        minimal: median(rounds.minimal),
      };
      raw[n] = { generated: counts, generateSeconds: round(genSeconds, 1), coldDryRun: round(coldDry, 1), ...rounds };
      log(
        `  ${n}: bare ${perSize[n]!.bare.toFixed(1)} ms, dry run ${perSize[n]!.dry.toFixed(0)} ms, minimal ${perSize[n]!.minimal.toFixed(0)} ms, sweep ${perSize[n]!.real.toFixed(0)} ms`,
      );
      const label = n.toLocaleString('en-US');
      const big = n === Math.max(...o.sizes);
      figures.push(
        figure({
          section: 'sweep',
          name: `${label} contracts, ${o.due} due: sweep --dry-run`,
          unit: 'ms',
          value: perSize[n]!.dry,
          baseline: perSize[n]!.bare,
          baselineName: 'bare indexed SQL',
          better: 'lower',
          target: big ? 2 : null,
          bar: big ? 3 : null,
        }),
        figure({
          section: 'sweep',
          name: `${label} contracts, ${o.due} due: the process's first sweep --dry-run`,
          unit: 'ms',
          value: coldDry,
          baseline: null,
          baselineName: null,
          better: 'lower',
          target: null,
          bar: null,
          ratio: null,
          verdict: 'info',
          note: 'information: its statements prepared and its code compiled for the first time (the warm-up of the rounds)',
        }),
        figure({
          section: 'sweep',
          name: `${label} contracts, ${o.due} due: sweep (real, ${o.due} notices recorded)`,
          unit: 'ms',
          value: perSize[n]!.real,
          baseline: perSize[n]!.minimal,
          baselineName: 'minimal: set-based SQL writing the same',
          better: 'lower',
          target: big ? 2 : null,
          bar: big ? 3 : null,
          note: `${round(perSize[n]!.real / o.due, 2)} ms per due cycle`,
        }),
        figure({
          section: 'sweep',
          name: `${label} contracts, ${o.due} due: sweep (real), against the bare SELECT`,
          unit: 'ms',
          value: perSize[n]!.real,
          baseline: perSize[n]!.bare,
          baselineName: 'bare indexed SQL',
          better: 'lower',
          target: null,
          bar: null,
          note: 'information: the SELECT writes nothing',
        }),
      );
      if (big) {
        const lines: string[] = [];
        // With a round's worth of cycles due again, so the plans show the work being found; rolled back.
        const rollback = new Error('rollback');
        await sql
          .begin(async (tx) => {
            await tx`update renewal_cycles set due_at = ${dueAt.toISOString()}::timestamptz where id <= ${o.due}`;
            await tx`analyze renewal_cycles`;
            for (const [what, text] of [['the bare SQL (baseline)', BARE] as [string, string], ...EXPLAINED]) {
              const plan = await tx.unsafe(
                `explain (analyze, buffers, costs off) ${text}`,
                text.includes('$1') ? [at.toISOString()] : [],
              );
              lines.push(
                `### ${what}`,
                '',
                '```',
                ...plan.map((p) => String((p as Record<string, unknown>)['QUERY PLAN'])),
                '```',
                '',
              );
            }
            throw rollback;
          })
          .catch((e: unknown) => {
            if (e !== rollback) throw e;
          });
        sections.push({
          title: `EXPLAIN plans at ${label} contracts, ${o.due.toLocaleString('en-US')} cycles due (in a transaction rolled back after)`,
          body: lines.join('\n'),
        });
      }
    } finally {
      await sql.end();
      await database.close();
      await dropDatabase(name);
    }
  }
  const smallest = Math.min(...o.sizes);
  for (const n of o.sizes.filter((s) => s !== smallest)) {
    const label = n.toLocaleString('en-US');
    figures.push(
      figure({
        section: 'sweep',
        name: `growth of sweep --dry-run, ${label} vs ${smallest.toLocaleString('en-US')} contracts (same due work)`,
        unit: 'ms',
        value: perSize[n]!.dry,
        baseline: perSize[smallest]!.dry,
        baselineName: `dry run at ${smallest.toLocaleString('en-US')}`,
        better: 'lower',
        target: 1.5,
        bar: 2,
      }),
      figure({
        section: 'sweep',
        name: `growth of the real sweep, ${label} vs ${smallest.toLocaleString('en-US')} contracts (same due work)`,
        unit: 'ms',
        value: perSize[n]!.real,
        baseline: perSize[smallest]!.real,
        baselineName: `sweep at ${smallest.toLocaleString('en-US')}`,
        better: 'lower',
        target: 1.5,
        bar: 2,
      }),
    );
  }
  return {
    figures,
    sections,
    raw,
    method: [
      `Sweep: a database per size (certdesk_bench_sweep_<n>, made and brought up to date with \`certdesk migrate\`, dropped after), filled with INSERT … SELECT generate_series: a customer per four contracts, six items, expiry dates spread over the next two years, one contract in five with a previous term (three notices sent, an answer, their outbox rows), one in 33 ended, one in 50 ending on a recorded cancellation, a certificate per term. ${o.due} cycles owe their 60-day notice; before the rounds, with the first round's cycles due, the bare SQL and one dry run each run once, to warm both the same way (the dry run's cold time is shown for information); each of ${o.rounds} rounds makes a fresh ${o.due} of them due, then times the bare SQL, \`sweep --dry-run\`, the bare SQL again and the real sweep (sweepOnce from jobs/work.ts, the code \`certdesk sweep\` runs, in this process, without a Slack token so messages stay in the outbox). The bare SQL is the due-cycle index scan joined to each cycle's contract, term and customer by primary key: the dry run is measured against it. The real sweep is measured against the 'minimal' baseline: one statement in one transaction that takes as many other staged cycles (each owing the same notice) under their row locks and writes, set-based, what the sweep writes for them (the notices, their outbox messages, the audit rows, the next due instants), timed in each round after the real sweep; the real sweep against the bare SELECT is kept for information. The issue's target (within 2× of the baseline, bar 3×) is for 1,000,000 contracts: it is applied to the largest size run, which in a quick run is its only one. Growth targets (the sweep grows with the due work, not with the contracts) are this benchmark's reading of the issue: ≤ 1.5× from the smallest size to each larger one (bar 2×).`,
    ],
  };
}
