// Onboarding: customers, staff and existing contracts from JSON lines. All or nothing per file,
// and idempotent: the same file twice changes nothing. Existing contracts record no fees (they
// were charged before certdesk). Every problem of a file is reported at once, whatever its kind.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client.js';
import {
  contracts,
  contractTerms,
  customerContacts,
  customerEmails,
  customerDesignatedServices,
  customers,
  renewalCycles,
  staff,
} from '../db/schema.js';
import { findItem, itemByCode, suggestItems, type ItemCode } from '../domain/catalog.js';
import { fitsTerm } from '../domain/certificate.js';
import { addDays, compareDates, jstDateOf, readInstant } from '../domain/dates.js';
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
import { audit, type Actor } from './audit.js';
import { addEmail } from './admin.js';
import { settleContractEnd } from './endings.js';
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
      for (const r of parsed.customers) {
        // A channel belongs to one customer: one already another's is a problem of this line.
        const [holder] = r.channel
          ? await tx
              .select({ id: customers.id })
              .from(customers)
              .where(and(eq(customers.slackChannel, r.channel), ne(customers.id, r.id)))
          : [];
        if (holder) problems.push({ line: r.line, message: IMPORT_SAY.channelTaken(r.channel!, holder.id) });
        else await importCustomer(tx, r, summary, actor, now);
      }
      for (const r of parsed.staff) await importStaff(tx, r, summary, actor, now);
      const named = [...new Set([...parsed.contracts, ...parsed.badContracts].map((c) => c.customer))];
      const customerIds = new Set(
        named.length
          ? (await tx.select({ id: customers.id }).from(customers).where(inArray(customers.id, named))).map((c) => c.id)
          : [],
      );
      // A contract line with other problems is still checked for its customer: one pass finds everything.
      for (const r of parsed.badContracts)
        if (!customerIds.has(r.customer) && !parsed.badCustomers.has(r.customer))
          problems.push({ line: r.line, message: IMPORT_SAY.noCustomer(r.customer) });
      for (const r of parsed.contracts) {
        if (!customerIds.has(r.customer)) {
          if (!parsed.badCustomers.has(r.customer))
            problems.push({ line: r.line, message: IMPORT_SAY.noCustomer(r.customer) });
          continue;
        }
        const problem = await importContract(tx, r, summary, actor, now, policy, scheduled);
        if (problem) problems.push({ line: r.line, message: problem });
      }
      // The new cycles' due instants hold under the policy on record (or are made due now).
      if (problems.length === 0) await scheduledUnder(tx, policy, scheduled, now);
      if (problems.length > 0 || options.dryRun) throw new RolledBack();
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
    if (problems.length > 0) return failed(problems);
  }
  if (!summary.dryRun && wroteAny(summary)) await db.execute(ANALYZE_IMPORTED);
  return { ok: true, summary };
}

const wroteAny = (s: ImportSummary) =>
  Object.values(s.created).some((n) => n > 0) || Object.values(s.updated).some((n) => n > 0);

/**
 * After a bulk load, the planner's statistics of the tables it filled: without them the sweep's
 * statements are planned for the tables as they were (empty, on a new database) until autovacuum
 * comes round. PostgreSQL's "Populating a Database" (§14.4.8): run ANALYZE afterwards.
 */
const ANALYZE_IMPORTED = sql`analyze ${customers}, ${customerContacts}, ${customerEmails}, ${customerDesignatedServices}, ${staff}, ${contracts}, ${contractTerms}, ${renewalCycles}`;

async function importCustomer(tx: Tx, r: CustomerRecord, summary: ImportSummary, actor: Actor, now: Date) {
  const [existing] = await tx.select().from(customers).where(eq(customers.id, r.id)).for('update');
  const contacts = (await tx.select().from(customerContacts).where(eq(customerContacts.customerId, r.id))).map(
    (c) => c.slackUserId,
  );
  const services = (
    await tx.select().from(customerDesignatedServices).where(eq(customerDesignatedServices.customerId, r.id))
  ).map((s) => s.service);
  const fields = { name: r.name, country: r.country, slackChannel: r.channel ?? null, locale: r.locale };
  const userIds = r.contacts.map((c) => (typeof c === 'string' ? c : c.slackUserId));
  const missingContacts = [...new Set(userIds.filter((c) => !contacts.includes(c)))];
  const known = await tx.select().from(customerEmails).where(eq(customerEmails.customerId, r.id));
  const givenEmails = [
    ...r.contacts.flatMap((c) =>
      typeof c === 'string' || !c.email ? [] : [{ address: c.email, slackUserId: c.slackUserId }],
    ),
    ...r.emails.map((address) => ({ address, slackUserId: null as string | null })),
  ];
  const missingEmails = givenEmails.filter(
    (e, i) =>
      !known.some(
        (k) =>
          k.address.toLowerCase() === e.address.toLowerCase() &&
          (e.slackUserId === null || k.slackUserId === e.slackUserId),
      ) && givenEmails.findIndex((o) => o.address.toLowerCase() === e.address.toLowerCase()) === i,
  );
  const missingServices = r.designatedServices.filter((s) => !services.includes(s));

  if (!existing) {
    await tx.insert(customers).values({ id: r.id, ...fields, createdAt: now, updatedAt: now });
    summary.created.customers++;
  } else if (
    existing.name !== fields.name ||
    existing.country !== fields.country ||
    existing.slackChannel !== fields.slackChannel ||
    existing.locale !== fields.locale ||
    missingContacts.length ||
    missingEmails.length ||
    missingServices.length
  ) {
    await tx
      .update(customers)
      .set({ ...fields, updatedAt: now })
      .where(eq(customers.id, r.id));
    summary.updated.customers++;
  } else {
    summary.unchanged.customers++;
    return;
  }
  // Contacts and designated services are added, never removed, by an import.
  if (missingContacts.length)
    await tx.insert(customerContacts).values(missingContacts.map((slackUserId) => ({ customerId: r.id, slackUserId })));
  for (const e of missingEmails) await addEmail(tx, r.id, e.address, e.slackUserId, now);
  if (missingServices.length)
    await tx
      .insert(customerDesignatedServices)
      .values(missingServices.map((service) => ({ customerId: r.id, service })));
  await audit(tx, now, actor, existing ? 'import.customer.update' : 'import.customer.create', `customer:${r.id}`, {
    ...fields,
    contacts: missingContacts,
    ...(missingEmails.length ? { emails: missingEmails.map((e) => e.address) } : {}),
    designatedServices: missingServices,
  });
}

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

/** Creates the contract with its imported term; an existing one must match, since imports never rewrite contracts. */
async function importContract(
  tx: Tx,
  r: ContractRecord & { line: number },
  summary: ImportSummary,
  actor: Actor,
  now: Date,
  policy: RenewalPolicy,
  scheduled: number[],
): Promise<Bilingual | undefined> {
  const startsOn = jstDateOf(r.notBefore);
  const expiryDate = jstDateOf(r.notAfter);
  const [existing] = await tx.select().from(contracts).where(eq(contracts.id, r.id)).for('update');
  if (existing) {
    const [first] = await tx
      .select()
      .from(contractTerms)
      .where(eq(contractTerms.contractId, r.id))
      .orderBy(contractTerms.seq)
      .limit(1);
    const differences = [
      existing.customerId !== r.customer && `customer ${existing.customerId}`,
      existing.origin !== 'imported' && 'origin (application)',
      first?.item !== r.item && `item ${first?.item}`,
      first?.term !== r.term && `term ${first?.term}`,
      existing.commonName !== r.commonName && `commonName ${existing.commonName}`,
      (first?.startsOn.toString() !== startsOn.toString() || first?.expiryDate.toString() !== expiryDate.toString()) &&
        `validity ${first?.startsOn}…${first?.expiryDate}`,
    ].filter(Boolean);
    if (differences.length) return IMPORT_SAY.contractDiffers(r.id, differences.join(', '));
    summary.unchanged.contracts++;
    return undefined;
  }
  await tx.insert(contracts).values({
    id: r.id,
    customerId: r.customer,
    item: r.item,
    term: r.term,
    commonName: r.commonName,
    service: r.service ?? null,
    status: 'active',
    origin: 'imported',
    createdAt: now,
  });
  const [term] = await tx
    .insert(contractTerms)
    .values({
      contractId: r.id,
      seq: 1,
      item: r.item,
      term: r.term,
      startsOn,
      expiryDate,
      kind: 'imported',
      tariffVersion: null,
      createdAt: now,
    })
    .returning({ id: contractTerms.id });
  // Due when its first step is (Art. 6(1): the first notice), so that a sweep after an import of
  // many contracts reads only those whose notices have come.
  const [cycle] = await tx
    .insert(renewalCycles)
    .values({
      contractId: r.id,
      contractTermId: term!.id,
      expiryDate,
      dueAt: nextDueAt(freshCycleFacts(itemByCode(r.item).category, expiryDate), policy) ?? now,
      createdAt: now,
    })
    .returning({ id: renewalCycles.id });
  scheduled.push(cycle!.id);
  // Art. 8: an abolition of the item already recorded ends the contract on its date.
  const settled = await settleContractEnd(tx, r.id, now);
  // An end on record changes the cycle's next step: the next sweep works it out.
  if (settled.endDate) await tx.update(renewalCycles).set({ dueAt: now }).where(eq(renewalCycles.id, cycle!.id));
  await audit(tx, now, actor, 'import.contract.create', `contract:${r.id}`, {
    customer: r.customer,
    item: r.item,
    term: r.term,
    startsOn: startsOn.toString(),
    expiryDate: expiryDate.toString(),
    ...(settled.endDate ? { endDate: settled.endDate.toString(), endReason: settled.endReason } : {}),
  });
  summary.created.contracts++;

  // What the terms would not allow for a new application is imported as it stands, with a warning.
  const warn = (message: Bilingual) => summary.warnings.push({ line: r.line, message });
  const item = itemByCode(r.item);
  if (item.category === 'III' && !fitsTerm(r, r.term)) warn(IMPORT_SAY.warnDoesNotFit(r.id, r.term));
  const termEnd = addTerm(startsOn, r.term);
  if (item.category !== 'III' && termEnd && compareDates(expiryDate, addDays(termEnd, 31)) > 0)
    warn(IMPORT_SAY.warnFarLonger(r.id, r.term, expiryDate.toString(), termEnd.toString()));
  if (item.category !== 'III') {
    const [customer] = await tx
      .select({ country: customers.country })
      .from(customers)
      .where(eq(customers.id, r.customer));
    if (customer && customer.country !== 'JP') warn(IMPORT_SAY.warnOutsideJapan(r.id, r.customer, customer.country));
  }
  if (item.category === 'II') {
    const [service] = await tx
      .select({ service: customerDesignatedServices.service })
      .from(customerDesignatedServices)
      .where(eq(customerDesignatedServices.customerId, r.customer))
      .limit(1);
    if (!service) warn(IMPORT_SAY.warnNoDesignatedService(r.id, r.customer, r.item));
  }
  if (settled.endReason === 'abolished')
    warn(IMPORT_SAY.warnAbolished(r.id, r.item, settled.endDate!.toString(), settled.endedNow));
  if (!settled.endDate && compareDates(expiryDate, jstDateOf(now)) < 0)
    warn(IMPORT_SAY.warnExpired(r.id, expiryDate.toString()));
  return undefined;
}
