// Onboarding: customers, staff and existing contracts from JSON lines. All or nothing per file,
// and idempotent: the same file twice changes nothing. Existing contracts record no fees (they
// were charged before certdesk). Every problem of a file is reported at once, whatever its kind.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client.js';
import {
  abolitions,
  contracts,
  contractTerms,
  customerContacts,
  customerEmails,
  customerDesignatedServices,
  customers,
  renewalCycles,
  staff,
} from '../db/schema.js';
import { abolitionsReaching, findItem, itemByCode, suggestItems, type ItemCode } from '../domain/catalog.js';
import { fitsTerm } from '../domain/certificate.js';
import { addDays, compareDates, jstDateOf, readInstant, type BusinessDate } from '../domain/dates.js';
import { isEmailAddress } from '../domain/email.js';
import { isCommonName } from '../domain/names.js';
import { DEFAULT_RENEWAL_POLICY, type RenewalPolicy } from '../domain/renewal.js';
import { freshCycleFacts, nextDueAt } from '../domain/schedule.js';
import { typed } from '../domain/typed.js';
import { offeredTerms, tariffInForce } from '../domain/tariff.js';
import { addTerm, findTerm, type TermCode } from '../domain/terms.js';
import { isCountryCode } from '../i18n/cli.js';
import { commonNameIssue, countryIssue, IMPORT_SAY, instantIssue, issueSentence } from '../i18n/import.js';
import type { Bilingual } from '../i18n/text.js';
import { audit, auditEach, type Actor } from './audit.js';
import { addEmail } from './admin.js';
import { settleContractEnd, type SettledEnd } from './endings.js';
import { scheduledUnder } from './sweep.js';

const id = z
  .string()
  .trim()
  .min(1, 'empty')
  .max(200, 'tooLong')
  .regex(/^[^\s]+$/, 'spaces');
const slackUser = z.string().regex(/^[UW][A-Z0-9]+$/, 'slackUser');
/** Where notices go by e-mail. */
const email = z
  .string()
  .refine((s) => isEmailAddress(s.trim()), 'email')
  .transform((s) => s.trim());
/** A contact: a Slack user, alone or with the address notices go to by e-mail. */
const contact = z.union([slackUser, z.strictObject({ slackUserId: slackUser, email: email.optional() })], {
  error: (issue) => (issue.code === 'invalid_union' ? 'slackUser' : undefined),
});
const instant = z.string().transform((s, ctx) => {
  const r = readInstant(s);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: instantIssue(r.problem, s) });
  return r.ok ? r.instant : new Date(NaN);
});

/** ISO 3166-1 alpha-2: the country decides Art. 7(2), so a code that is none is a bad line. */
const country = z.string().transform((c, ctx) => {
  if (!isCountryCode(c)) ctx.addIssue({ code: 'custom', message: countryIssue(c) });
  return c.trim().toUpperCase();
});

/** A host name (RFC 1123, IDNs as A-labels), or a wildcard whose `*` is the whole first label. */
const commonName = z
  .string()
  .trim()
  .min(1, 'empty')
  .max(253, 'tooLong')
  .superRefine((n, ctx) => {
    if (n !== '' && !isCommonName(n)) ctx.addIssue({ code: 'custom', message: commonNameIssue(n) });
  });

const customerRecord = z.strictObject({
  type: z.literal('customer'),
  id,
  name: z.string().trim().min(1, 'empty'),
  country,
  channel: z
    .string()
    .regex(/^[CG][A-Z0-9]+$/, 'channel')
    .optional(),
  contacts: z.array(contact).default([]),
  /** The customer's own addresses, for no contact in particular. */
  emails: z.array(email).default([]),
  designatedServices: z.array(z.string().trim().min(1)).default([]),
  locale: z.enum(['ja', 'en']).default('ja'),
});

const contractRecord = z.strictObject({
  type: z.literal('contract'),
  id,
  customer: id,
  item: z.string(),
  term: z.string(),
  commonName,
  notBefore: instant,
  notAfter: instant,
  service: z.string().trim().min(1).optional(),
});

const staffRecord = z.strictObject({
  type: z.literal('staff'),
  slackUserId: slackUser,
  name: z.string().trim().min(1, 'empty'),
});

const record = z.discriminatedUnion('type', [customerRecord, contractRecord, staffRecord], {
  error: (issue) => (issue.code === 'invalid_union' ? 'type' : undefined),
});

type CustomerRecord = z.infer<typeof customerRecord>;
type ContractRecord = Omit<z.infer<typeof contractRecord>, 'item' | 'term'> & { item: ItemCode; term: TermCode };
type StaffRecord = z.infer<typeof staffRecord>;

export interface ImportProblem {
  line: number;
  message: Bilingual;
}

/** A file is read in full, but a file that is plainly not JSON lines stops being reported after this many problems. */
export const MAX_PROBLEMS = 50;

type Counts = { customers: number; contracts: number; staff: number };
export interface ImportSummary {
  /** How many records the file holds (blank lines and # comments are not records). */
  records: number;
  /** Nothing was written (`--dry-run`): the counts say what an import would do. */
  dryRun: boolean;
  created: Counts;
  updated: Counts;
  unchanged: Counts;
  warnings: ImportProblem[];
}

export type ImportResult =
  { ok: true; summary: ImportSummary } | { ok: false; problems: ImportProblem[]; totalProblems: number };

interface Parsed {
  customers: (CustomerRecord & { line: number })[];
  contracts: (ContractRecord & { line: number })[];
  staff: (StaffRecord & { line: number })[];
  /** Records in the file, good or bad. */
  records: number;
  /** Ids of customer records with problems of their own: a contract naming one is not reported missing too. */
  badCustomers: Set<string>;
  /** Contract lines with problems of their own, and the customer each names: it must exist too. */
  badContracts: { line: number; customer: string }[];
}

/** Reads every line, reporting every problem with its line number. */
function parseLines(text: string, now: Date): { parsed: Parsed; problems: ImportProblem[] } {
  const parsed: Parsed = {
    customers: [],
    contracts: [],
    staff: [],
    records: 0,
    badCustomers: new Set(),
    badContracts: [],
  };
  const problems: ImportProblem[] = [];
  const today = jstDateOf(now);
  const tariff = tariffInForce(today);
  /** A contract's item and term, and what is wrong with them. */
  const itemTermProblems = (itemText: string, termText: string) => {
    const found: Bilingual[] = [];
    const item = findItem(itemText);
    if (!item)
      found.push(
        IMPORT_SAY.unknownItem(
          itemText,
          suggestItems(itemText).map((i) => i.code),
        ),
      );
    // Terms as people write them (1Y, 1年, 6ヶ月) are read as every other command reads them.
    const term = findTerm(termText);
    if (!term) found.push(IMPORT_SAY.unknownTerm(termText));
    if (item && term) {
      const offered = item.legacyTerms ?? (tariff ? offeredTerms(tariff, item.code) : []);
      if (!offered.includes(term)) found.push(IMPORT_SAY.termNotOffered(item.code, term, offered));
    }
    return { item, term, problems: found };
  };
  // A NUL byte never appears in a JSON lines text: this is some other file (an image, an archive).
  if (text.includes('\u0000'))
    return { parsed: { ...parsed, records: 1 }, problems: [{ line: 1, message: IMPORT_SAY.notText }] };
  // A byte-order mark (files saved by spreadsheet tools) is not part of the first record.
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
      parsed.records++;
      let json: unknown;
      try {
        // Every string of the record read as typed() reads what people type (ＡＣＭＥ, ２０２６－…).
        json = JSON.parse(raw, (_key, value: unknown) => (typeof value === 'string' ? typed(value) : value));
      } catch (e) {
        problems.push({ line, message: IMPORT_SAY.notJson((e as Error).message) });
        return;
      }
      const r = record.safeParse(json, { reportInput: true });
      if (!r.success) {
        for (const issue of r.error.issues) problems.push({ line, message: issueSentence(issue) });
        const claimed = (json ?? {}) as {
          type?: unknown;
          id?: unknown;
          customer?: unknown;
          item?: unknown;
          term?: unknown;
        };
        // The item and the term are told with the line's other problems, not on the next run.
        if (claimed.type === 'contract' && typeof claimed.item === 'string' && typeof claimed.term === 'string') {
          for (const message of itemTermProblems(claimed.item, claimed.term).problems) problems.push({ line, message });
        }
        if (claimed.type === 'customer' && typeof claimed.id === 'string') parsed.badCustomers.add(claimed.id.trim());
        if (claimed.type === 'contract' && typeof claimed.customer === 'string' && claimed.customer.trim())
          parsed.badContracts.push({ line, customer: claimed.customer.trim() });
        return;
      }
      const rec = r.data;
      if (rec.type === 'customer') parsed.customers.push({ ...rec, line });
      else if (rec.type === 'staff') parsed.staff.push({ ...rec, line });
      else {
        const { item, term, problems: lineProblems } = itemTermProblems(rec.item, rec.term);
        if (rec.notAfter.getTime() <= rec.notBefore.getTime()) lineProblems.push(IMPORT_SAY.notAfterFirst);
        if (lineProblems.length || !item || !term) {
          for (const message of lineProblems) problems.push({ line, message });
          parsed.badContracts.push({ line, customer: rec.customer });
          return;
        }
        parsed.contracts.push({ ...rec, item: item.code, term, line });
      }
    });
  const seen = (kind: string, key: string, line: number, map: Map<string, number>) => {
    const first = map.get(key);
    if (first !== undefined) problems.push({ line, message: IMPORT_SAY.duplicate(kind, key, first) });
    else map.set(key, line);
  };
  const c = new Map<string, number>();
  const k = new Map<string, number>();
  const s = new Map<string, number>();
  const ch = new Map<string, number>();
  parsed.customers.forEach((r) => seen('customer', r.id, r.line, c));
  parsed.customers.forEach((r) => r.channel && seen('channel', r.channel, r.line, ch));
  parsed.contracts.forEach((r) => seen('contract', r.id, r.line, k));
  parsed.staff.forEach((r) => seen('staff', r.slackUserId, r.line, s));
  return { parsed, problems };
}

function failed(problems: ImportProblem[]): ImportResult {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  return { ok: false, problems: sorted.slice(0, MAX_PROBLEMS), totalProblems: sorted.length };
}

/** Imports wait for each other: two at once would both insert what neither found. */
const IMPORT_LOCK = sql`select pg_advisory_xact_lock(hashtext('certdesk:import'))`;

/**
 * Imports a JSON lines file in one transaction, after every other import of the moment. Any
 * problem — a bad line, a duplicate, a customer that does not exist, a contract that differs from
 * the one on record — is reported with all the others, and nothing is written. A dry run does it
 * all and rolls it back.
 */
export async function importRecords(
  db: Db,
  text: string,
  actor: Actor,
  now: Date,
  options: { dryRun?: boolean; policy?: RenewalPolicy } = {},
): Promise<ImportResult> {
  const { parsed, problems } = parseLines(text, now);
  const summary: ImportSummary = {
    records: parsed.records,
    dryRun: Boolean(options.dryRun),
    created: { customers: 0, contracts: 0, staff: 0 },
    updated: { customers: 0, contracts: 0, staff: 0 },
    unchanged: { customers: 0, contracts: 0, staff: 0 },
    warnings: [],
  };
  // A file that is not text at all has nothing else worth saying.
  if (problems.some((p) => p.message === IMPORT_SAY.notText)) return failed(problems);
  class RolledBack extends Error {}

  try {
    await db.transaction(async (tx) => {
      await tx.execute(IMPORT_LOCK);
      const policy = options.policy ?? DEFAULT_RENEWAL_POLICY;
      /** The renewal cycles this import creates, each due when its first step is under `policy`. */
      const scheduled: number[] = [];
      problems.push(...(await importCustomers(tx, parsed.customers, summary, actor, now)));
      for (const r of parsed.staff) await importStaff(tx, r, summary, actor, now);
      const named = [...new Set([...parsed.contracts, ...parsed.badContracts].map((c) => c.customer))];
      const customersFound = await customersNamed(tx, named);
      // A contract line with other problems is still checked for its customer: one pass finds everything.
      for (const r of [...parsed.badContracts, ...parsed.contracts])
        if (!customersFound.has(r.customer) && !parsed.badCustomers.has(r.customer))
          problems.push({ line: r.line, message: IMPORT_SAY.noCustomer(r.customer) });
      problems.push(
        ...(await importContracts(
          tx,
          parsed.contracts.filter((r) => customersFound.has(r.customer)),
          customersFound,
          summary,
          actor,
          now,
          policy,
          scheduled,
        )),
      );
      // The new cycles' due instants hold under the policy on record (or are made due now).
      if (problems.length === 0) await scheduledUnder(tx, policy, scheduled, now);
      if (problems.length > 0 || options.dryRun) throw new RolledBack();
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
    if (problems.length > 0) return failed(problems);
  }
  if (!summary.dryRun && wroteAny(summary)) await db.execute(VACUUM_IMPORTED);
  return { ok: true, summary };
}

const wroteAny = (s: ImportSummary) =>
  Object.values(s.created).some((n) => n > 0) || Object.values(s.updated).some((n) => n > 0);

/**
 * After a bulk load, the planner's statistics of the tables it filled: without them the sweep's
 * statements are planned for the tables as they were (empty, on a new database) until autovacuum
 * comes round. PostgreSQL's "Populating a Database" (§14.4.8): run ANALYZE afterwards. VACUUM with
 * it also marks the new rows visible to all once, here, where the next sweep's first reads of them
 * would otherwise do it (after 100,000 contracts, its first sweep took 1.6–1.8× an idle one; 1.2–1.4× so).
 */
const VACUUM_IMPORTED = sql`vacuum (analyze) ${customers}, ${customerContacts}, ${customerEmails}, ${customerDesignatedServices}, ${staff}, ${contracts}, ${contractTerms}, ${renewalCycles}`;

/** Rows of a table for these customers, by customer: a few statements for any number. */
async function byCustomer<T extends { customerId: string }>(
  ids: string[],
  read: (part: string[]) => Promise<T[]>,
): Promise<Map<string, T[]>> {
  const out = new Map<string, T[]>();
  for (const row of await readByIds(ids, read)) {
    const rows = out.get(row.customerId);
    if (rows) rows.push(row);
    else out.set(row.customerId, [row]);
  }
  return out;
}

/**
 * The file's customers: new ones inserted a thousand rows a statement, recorded ones compared and
 * updated one by one. Contacts, addresses and designated services are added, never removed. A
 * channel is checked against its holder as the file's earlier lines leave it. Returns each line's problem.
 */
async function importCustomers(
  tx: Tx,
  records: (CustomerRecord & { line: number })[],
  summary: ImportSummary,
  actor: Actor,
  now: Date,
): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const fileIds = new Set(records.map((r) => r.id));
  const ids = [...fileIds];
  const channels = [...new Set(records.flatMap((r) => (r.channel ? [r.channel] : [])))];
  const recorded = new Map<string, typeof customers.$inferSelect>();
  /** Who holds each channel the file names or its recorded customers hold. */
  const holderOf = new Map<string, string>();
  const rows = await readByIds([...ids, ...channels], (part) =>
    tx
      .select()
      .from(customers)
      .where(sql`${inArray(customers.id, part)} or ${inArray(customers.slackChannel, part)}`)
      .for('update'),
  );
  for (const c of rows) {
    if (fileIds.has(c.id)) recorded.set(c.id, c);
    if (c.slackChannel) holderOf.set(c.slackChannel, c.id);
  }
  const known = [...recorded.keys()];
  const contactsOf = await byCustomer(known, (part) =>
    tx.select().from(customerContacts).where(inArray(customerContacts.customerId, part)),
  );
  const servicesOf = await byCustomer(known, (part) =>
    tx.select().from(customerDesignatedServices).where(inArray(customerDesignatedServices.customerId, part)),
  );
  const emailsOf = await byCustomer(known, (part) =>
    tx.select().from(customerEmails).where(inArray(customerEmails.customerId, part)),
  );

  const fresh: {
    r: CustomerRecord;
    fields: CustomerFields;
    contacts: string[];
    emails: { address: string; slackUserId: string | null }[];
    services: string[];
  }[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    // A second line of the same customer is reported as a duplicate; the first stands.
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    // A channel belongs to one customer: one already another's is a problem of this line.
    const holder = r.channel ? holderOf.get(r.channel) : undefined;
    if (holder !== undefined && holder !== r.id) {
      problems.push({ line: r.line, message: IMPORT_SAY.channelTaken(r.channel!, holder) });
      continue;
    }
    const existing = recorded.get(r.id);
    if (existing?.slackChannel && holderOf.get(existing.slackChannel) === r.id) holderOf.delete(existing.slackChannel);
    if (r.channel) holderOf.set(r.channel, r.id);

    const contacts = (contactsOf.get(r.id) ?? []).map((c) => c.slackUserId);
    const services = (servicesOf.get(r.id) ?? []).map((x) => x.service);
    const knownEmails = emailsOf.get(r.id) ?? [];
    const fields = { name: r.name, country: r.country, slackChannel: r.channel ?? null, locale: r.locale };
    const userIds = r.contacts.map((c) => (typeof c === 'string' ? c : c.slackUserId));
    const missingContacts = [...new Set(userIds.filter((c) => !contacts.includes(c)))];
    const givenEmails = [
      ...r.contacts.flatMap((c) =>
        typeof c === 'string' || !c.email ? [] : [{ address: c.email, slackUserId: c.slackUserId }],
      ),
      ...r.emails.map((address) => ({ address, slackUserId: null as string | null })),
    ];
    const missingEmails = givenEmails.filter(
      (e, i) =>
        !knownEmails.some(
          (k) =>
            k.address.toLowerCase() === e.address.toLowerCase() &&
            (e.slackUserId === null || k.slackUserId === e.slackUserId),
        ) && givenEmails.findIndex((o) => o.address.toLowerCase() === e.address.toLowerCase()) === i,
    );
    const missingServices = r.designatedServices.filter((x) => !services.includes(x));

    if (!existing) {
      fresh.push({ r, fields, contacts: missingContacts, emails: missingEmails, services: missingServices });
      continue;
    }
    if (
      existing.name === fields.name &&
      existing.country === fields.country &&
      existing.slackChannel === fields.slackChannel &&
      existing.locale === fields.locale &&
      !missingContacts.length &&
      !missingEmails.length &&
      !missingServices.length
    ) {
      summary.unchanged.customers++;
      continue;
    }
    await tx
      .update(customers)
      .set({ ...fields, updatedAt: now })
      .where(eq(customers.id, r.id));
    summary.updated.customers++;
    if (missingContacts.length)
      await tx
        .insert(customerContacts)
        .values(missingContacts.map((slackUserId) => ({ customerId: r.id, slackUserId })));
    for (const e of missingEmails) await addEmail(tx, r.id, e.address, e.slackUserId, now);
    if (missingServices.length)
      await tx
        .insert(customerDesignatedServices)
        .values(missingServices.map((service) => ({ customerId: r.id, service })));
    await audit(
      tx,
      now,
      actor,
      'import.customer.update',
      `customer:${r.id}`,
      customerAudit(fields, missingContacts, missingEmails, missingServices),
    );
  }

  for (const part of chunks(fresh)) {
    await tx.insert(customers).values(part.map((c) => ({ id: c.r.id, ...c.fields, createdAt: now, updatedAt: now })));
    const contactRows = part.flatMap((c) => c.contacts.map((slackUserId) => ({ customerId: c.r.id, slackUserId })));
    // A customer may list many: the rows are cut again, to stay within a statement's parameters.
    for (const rows of chunks(contactRows)) await tx.insert(customerContacts).values(rows);
    // A new customer has no address yet: each given (once, whatever its case) is added as addEmail adds it.
    const emailRows = part.flatMap((c) =>
      c.emails.map((e) => ({ customerId: c.r.id, address: e.address, slackUserId: e.slackUserId, createdAt: now })),
    );
    for (const rows of chunks(emailRows)) await tx.insert(customerEmails).values(rows);
    const serviceRows = part.flatMap((c) => c.services.map((service) => ({ customerId: c.r.id, service })));
    for (const rows of chunks(serviceRows)) await tx.insert(customerDesignatedServices).values(rows);
    await auditEach(
      tx,
      now,
      actor,
      part.map((c) => ({
        action: 'import.customer.create',
        subject: `customer:${c.r.id}`,
        details: customerAudit(c.fields, c.contacts, c.emails, c.services),
      })),
    );
  }
  summary.created.customers += fresh.length;
  return problems;
}

type CustomerFields = Pick<typeof customers.$inferInsert, 'name' | 'country' | 'slackChannel' | 'locale'>;

/** What the audit row of an imported customer says. */
const customerAudit = (
  fields: CustomerFields,
  contacts: string[],
  emails: { address: string }[],
  services: string[],
): Record<string, unknown> => ({
  ...fields,
  contacts,
  ...(emails.length ? { emails: emails.map((e) => e.address) } : {}),
  designatedServices: services,
});

async function importStaff(tx: Tx, r: StaffRecord, summary: ImportSummary, actor: Actor, now: Date) {
  const [existing] = await tx.select().from(staff).where(eq(staff.slackUserId, r.slackUserId)).for('update');
  if (existing && existing.name === r.name && existing.active) {
    summary.unchanged.staff++;
    return;
  }
  if (existing) {
    await tx
      .update(staff)
      .set({ name: r.name, active: true, updatedAt: now })
      .where(eq(staff.slackUserId, r.slackUserId));
    summary.updated.staff++;
  } else {
    await tx.insert(staff).values({ slackUserId: r.slackUserId, name: r.name, createdAt: now, updatedAt: now });
    summary.created.staff++;
  }
  await audit(tx, now, actor, existing ? 'import.staff.update' : 'import.staff.create', `staff:${r.slackUserId}`, {
    name: r.name,
  });
}

/** What the contracts' warnings need to know of a customer (Art. 7(2), the designated service of category II). */
interface CustomerFacts {
  country: string;
  hasDesignatedService: boolean;
}

/** Rows per INSERT, and ids per lookup: well inside PostgreSQL's 65,535 parameters a statement. */
const ROWS_PER_STATEMENT = 1_000;
const IDS_PER_STATEMENT = 10_000;

function chunks<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** What `read` finds for these ids, read IDS_PER_STATEMENT ids a statement. */
async function readByIds<T>(ids: readonly string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunks(ids, IDS_PER_STATEMENT)) out.push(...(await read(part)));
  return out;
}

/** The customers of these ids that exist, with what the contracts' warnings need of each: a few statements for any number. */
async function customersNamed(tx: Tx, ids: string[]): Promise<Map<string, CustomerFacts>> {
  const rows = await readByIds(ids, (part) =>
    tx
      .select({
        id: customers.id,
        country: customers.country,
        hasDesignatedService: sql<boolean>`exists (select 1 from ${customerDesignatedServices} where ${customerDesignatedServices.customerId} = ${customers.id})`,
      })
      .from(customers)
      .where(inArray(customers.id, part)),
  );
  return new Map(rows.map((r) => [r.id, { country: r.country, hasDesignatedService: r.hasDesignatedService }]));
}

/** A contract as recorded, as far as an import compares it: its first term is the imported one. */
interface Recorded {
  customerId: string;
  origin: string;
  item: string | undefined;
  term: string | undefined;
  commonName: string;
  startsOn: string | undefined;
  expiryDate: string | undefined;
}

/** The recorded contracts among these ids, with their first terms. */
async function recordedContracts(tx: Tx, ids: string[]): Promise<Map<string, Recorded>> {
  const rows = await readByIds(ids, (part) =>
    tx
      .select({
        id: contracts.id,
        customerId: contracts.customerId,
        origin: contracts.origin,
        commonName: contracts.commonName,
        item: contractTerms.item,
        term: contractTerms.term,
        startsOn: contractTerms.startsOn,
        expiryDate: contractTerms.expiryDate,
      })
      .from(contracts)
      .leftJoin(
        contractTerms,
        and(
          eq(contractTerms.contractId, contracts.id),
          sql`${contractTerms.seq} = (select min(f.seq) from ${contractTerms} f where f.contract_id = ${contracts.id})`,
        ),
      )
      .where(inArray(contracts.id, part))
      // Existing contracts are read under their row locks, as each was one by one.
      .for('update', { of: contracts }),
  );
  const found = new Map<string, Recorded>();
  for (const r of rows)
    found.set(r.id, {
      customerId: r.customerId,
      origin: r.origin,
      commonName: r.commonName,
      item: r.item ?? undefined,
      term: r.term ?? undefined,
      startsOn: r.startsOn?.toString(),
      expiryDate: r.expiryDate?.toString(),
    });
  return found;
}

/**
 * Creates the contracts with their imported terms, in a few statements for the whole file; one
 * already recorded must match, since imports never rewrite contracts. Returns each line's problem.
 */
async function importContracts(
  tx: Tx,
  records: (ContractRecord & { line: number })[],
  customersFound: Map<string, CustomerFacts>,
  summary: ImportSummary,
  actor: Actor,
  now: Date,
  policy: RenewalPolicy,
  scheduled: number[],
): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const recorded = await recordedContracts(
    tx,
    records.map((r) => r.id),
  );
  const created: (ContractRecord & { line: number; startsOn: BusinessDate; expiryDate: BusinessDate })[] = [];
  for (const r of records) {
    const startsOn = jstDateOf(r.notBefore);
    const expiryDate = jstDateOf(r.notAfter);
    const existing = recorded.get(r.id);
    if (existing) {
      const differences = [
        existing.customerId !== r.customer && `customer ${existing.customerId}`,
        existing.origin !== 'imported' && 'origin (application)',
        existing.item !== r.item && `item ${existing.item}`,
        existing.term !== r.term && `term ${existing.term}`,
        existing.commonName !== r.commonName && `commonName ${existing.commonName}`,
        (existing.startsOn !== startsOn.toString() || existing.expiryDate !== expiryDate.toString()) &&
          `validity ${existing.startsOn}…${existing.expiryDate}`,
      ].filter(Boolean);
      if (differences.length)
        problems.push({ line: r.line, message: IMPORT_SAY.contractDiffers(r.id, differences.join(', ')) });
      else summary.unchanged.contracts++;
      continue;
    }
    // A second line of the same contract (reported as a duplicate) meets the first as recorded.
    recorded.set(r.id, {
      customerId: r.customer,
      origin: 'imported',
      item: r.item,
      term: r.term,
      commonName: r.commonName,
      startsOn: startsOn.toString(),
      expiryDate: expiryDate.toString(),
    });
    created.push({ ...r, startsOn, expiryDate });
  }

  const termIds = new Map<string, number>();
  const cycleIds = new Map<string, number>();
  for (const part of chunks(created)) {
    await tx.insert(contracts).values(
      part.map((r) => ({
        id: r.id,
        customerId: r.customer,
        item: r.item,
        term: r.term,
        commonName: r.commonName,
        service: r.service ?? null,
        status: 'active' as const,
        origin: 'imported',
        createdAt: now,
      })),
    );
    const terms = await tx
      .insert(contractTerms)
      .values(
        part.map((r) => ({
          contractId: r.id,
          seq: 1,
          item: r.item,
          term: r.term,
          startsOn: r.startsOn,
          expiryDate: r.expiryDate,
          kind: 'imported' as const,
          tariffVersion: null,
          createdAt: now,
        })),
      )
      .returning({ id: contractTerms.id, contractId: contractTerms.contractId });
    for (const t of terms) termIds.set(t.contractId, t.id);
    // Due when its first step is (Art. 6(1): the first notice), so that a sweep after an import of
    // many contracts reads only those whose notices have come.
    const cycles = await tx
      .insert(renewalCycles)
      .values(
        part.map((r) => ({
          contractId: r.id,
          contractTermId: termIds.get(r.id)!,
          expiryDate: r.expiryDate,
          dueAt: nextDueAt(freshCycleFacts(itemByCode(r.item).category, r.expiryDate), policy) ?? now,
          createdAt: now,
        })),
      )
      .returning({ id: renewalCycles.id, contractId: renewalCycles.contractId });
    for (const c of cycles) {
      cycleIds.set(c.contractId, c.id);
      scheduled.push(c.id);
    }
  }

  // Art. 8: an abolition of the item already recorded ends the contract on its date. A new contract
  // has no cancellation and no answer, so only the items an abolition in force reaches can end.
  const abolished = new Set(
    (await tx.select({ item: abolitions.item }).from(abolitions).where(isNull(abolitions.withdrawnAt))).map(
      (a) => a.item,
    ),
  );
  const settled = new Map<string, SettledEnd>();
  for (const r of created) {
    if (!abolitionsReaching(r.item).some((i) => abolished.has(i))) continue;
    const end = await settleContractEnd(tx, r.id, now);
    settled.set(r.id, end);
    // An end on record changes the cycle's next step: the next sweep works it out.
    if (end.endDate)
      await tx
        .update(renewalCycles)
        .set({ dueAt: now })
        .where(eq(renewalCycles.id, cycleIds.get(r.id)!));
  }

  for (const part of chunks(created))
    await auditEach(
      tx,
      now,
      actor,
      part.map((r) => {
        const end = settled.get(r.id);
        return {
          action: 'import.contract.create',
          subject: `contract:${r.id}`,
          details: {
            customer: r.customer,
            item: r.item,
            term: r.term,
            startsOn: r.startsOn.toString(),
            expiryDate: r.expiryDate.toString(),
            ...(end?.endDate ? { endDate: end.endDate.toString(), endReason: end.endReason } : {}),
          },
        };
      }),
    );
  summary.created.contracts += created.length;

  // What the terms would not allow for a new application is imported as it stands, with a warning.
  const today = jstDateOf(now);
  for (const r of created) {
    const warn = (message: Bilingual) => summary.warnings.push({ line: r.line, message });
    const item = itemByCode(r.item);
    const customer = customersFound.get(r.customer);
    const end = settled.get(r.id);
    if (item.category === 'III' && !fitsTerm(r, r.term)) warn(IMPORT_SAY.warnDoesNotFit(r.id, r.term));
    const termEnd = addTerm(r.startsOn, r.term);
    if (item.category !== 'III' && termEnd && compareDates(r.expiryDate, addDays(termEnd, 31)) > 0)
      warn(IMPORT_SAY.warnFarLonger(r.id, r.term, r.expiryDate.toString(), termEnd.toString()));
    if (item.category !== 'III' && customer && customer.country !== 'JP')
      warn(IMPORT_SAY.warnOutsideJapan(r.id, r.customer, customer.country));
    if (item.category === 'II' && !customer?.hasDesignatedService)
      warn(IMPORT_SAY.warnNoDesignatedService(r.id, r.customer, r.item));
    if (end?.endReason === 'abolished')
      warn(IMPORT_SAY.warnAbolished(r.id, r.item, end.endDate!.toString(), end.endedNow));
    if (!end?.endDate && compareDates(r.expiryDate, today) < 0)
      warn(IMPORT_SAY.warnExpired(r.id, r.expiryDate.toString()));
  }
  return problems;
}
