// The database is the source of truth: every fact the terms care about, and who did what.
// Scheduled work (notices, deadlines, endings) is derived from these rows.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { END_REASONS, type EndReason } from '../domain/ending.js';
import { FEE_KINDS, type FeeKind } from '../domain/fees.js';
import { RENEWAL_DECISIONS, type RenewalDecision } from '../domain/renewal.js';
import { CYCLE_OUTCOMES, type CycleOutcome } from '../domain/schedule.js';
import { businessDate } from './types.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const instant = (name: string) => timestamp(name, { withTimezone: true });
const contractRef = () =>
  text('contract_id')
    .notNull()
    .references(() => contracts.id);
const customerRef = () =>
  text('customer_id')
    .notNull()
    .references(() => customers.id);
const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export const CONTRACT_STATUSES = ['active', 'ended'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export { END_REASONS, type EndReason } from '../domain/ending.js';
export const TERM_KINDS = ['new', 'renewal', 'default-renewal', 'imported'] as const;

/** 契約者: a customer organisation, its shared Slack channel and its country (Art. 7(2)). */
export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    country: text('country').notNull(),
    slackChannel: text('slack_channel'),
    locale: text('locale').notNull().default('ja'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('customers_country_iso', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('customers_locale', oneOf('locale', ['ja', 'en'])),
    // Every Slack request asks whose channel it came from; a channel is one customer's.
    uniqueIndex('customers_slack_channel_once').on(t.slackChannel),
  ],
);

/** The people who may answer for a customer (renewal answers, cancellations). */
export const customerContacts = pgTable(
  'customer_contacts',
  {
    customerId: customerRef(),
    slackUserId: text('slack_user_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.slackUserId] }), index('customer_contacts_user').on(t.slackUserId)],
);

/**
 * Where a renewal notice goes by e-mail: a contact's address (with their Slack user) or
 * one given for the customer alone. Stored as written, compared without regard to case.
 */
export const customerEmails = pgTable(
  'customer_emails',
  {
    customerId: customerRef(),
    address: text('address').notNull(),
    /** The contact whose address it is, when it is one. */
    slackUserId: text('slack_user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.address] }),
    uniqueIndex('customer_emails_once').on(t.customerId, sql`lower(${t.address})`),
  ],
);

/** Art. 4(1): provider services the customer holds that are designated for cloud certificates. */
export const customerDesignatedServices = pgTable(
  'customer_designated_services',
  {
    customerId: customerRef(),
    service: text('service').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.service] })],
);

/** 当社: the provider's staff, by Slack user. */
export const staff = pgTable('staff', {
  slackUserId: text('slack_user_id').primaryKey(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/** 利用の申込: an application, until staff accept or refuse it (Art. 10: fees accrue on acceptance). */
export const applications = pgTable(
  'applications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    customerId: customerRef(),
    item: text('item').notNull(),
    term: text('term').notNull(),
    commonName: text('common_name').notNull(),
    service: text('service'),
    /** Art. 4(7): the provider creates the key pair and CSR and keeps them. */
    providerCreatesKey: boolean('provider_creates_key').notNull().default(false),
    movedFromExternalServer: boolean('moved_from_external_server').notNull().default(false),
    /** Art. 3 proviso: the CA's transition period, with the reason staff gave. */
    transitionException: text('transition_exception'),
    agreedCertificateFee: integer('agreed_certificate_fee'),
    status: text('status').notNull().default('submitted'),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: instant('submitted_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: instant('decided_at'),
    refusal: jsonb('refusal'),
    contractId: text('contract_id'),
    /** Category III: the certificate brought in, as PEM (Art. 3). */
    certificatePem: text('certificate_pem'),
    /** Where the application was made and where staff were asked to decide. */
    slackChannel: text('slack_channel'),
    staffMessageTs: text('staff_message_ts'),
    createdAt: createdAt(),
  },
  (t) => [
    check('applications_status', oneOf('status', ['submitted', 'accepted', 'refused', 'withdrawn'])),
    check('applications_agreed_fee', sql`${t.agreedCertificateFee} is null or ${t.agreedCertificateFee} >= 0`),
    // One pending application per customer, item and common name.
    uniqueIndex('applications_pending_once')
      .on(t.customerId, t.item, t.commonName)
      .where(sql`${t.status} = 'submitted'`),
  ],
);

/** IIJ サーバ証明書管理サービス契約: one per item (Art. 2). */
export const contracts = pgTable(
  'contracts',
  {
    id: text('id').primaryKey(),
    customerId: customerRef(),
    /** The item now in force (a renewed SureServer continues as sureserver-cloud). */
    item: text('item').notNull(),
    term: text('term').notNull(),
    commonName: text('common_name').notNull(),
    service: text('service'),
    status: text('status').$type<ContractStatus>().notNull().default('active'),
    origin: text('origin').notNull(),
    applicationId: bigint('application_id', { mode: 'number' }).references(() => applications.id),
    acceptedAt: instant('accepted_at'),
    /** The amount staff agreed for an individually priced item. */
    agreedCertificateFee: integer('agreed_certificate_fee'),
    /** Where to check what is served (host:port), when it is not the common name on port 443. */
    servedAt: text('served_at'),
    /** The day the contract ends, once decided (cancellation, "don't renew", abolition, lapse). */
    endDate: businessDate('end_date'),
    endReason: text('end_reason').$type<EndReason>(),
    /** When the ending was carried out (status became ended). */
    endedAt: instant('ended_at'),
    createdAt: createdAt(),
  },
  (t) => [
    check('contracts_status', oneOf('status', CONTRACT_STATUSES)),
    check('contracts_origin', oneOf('origin', ['imported', 'application'])),
    check('contracts_end_reason', sql`${t.endReason} is null or ${oneOf('end_reason', END_REASONS)}`),
    check('contracts_ended_has_date', sql`${t.status} <> 'ended' or ${t.endDate} is not null`),
    index('contracts_customer').on(t.customerId),
    index('contracts_item').on(t.item),
    // Endings due: active contracts by end date, so the sweep reads only what is due.
    index('contracts_due_end')
      .on(t.endDate)
      .where(sql`${t.status} = 'active' and ${t.endDate} is not null`),
  ],
);

/** 有効期間: each period of a contract, one per renewal. The latest is the term in force. */
export const contractTerms = pgTable(
  'contract_terms',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    seq: integer('seq').notNull(),
    item: text('item').notNull(),
    term: text('term').notNull(),
    startsOn: businessDate('starts_on').notNull(),
    /** The JST date on which this period ends. */
    expiryDate: businessDate('expiry_date').notNull(),
    kind: text('kind').notNull(),
    tariffVersion: text('tariff_version'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('contract_terms_seq').on(t.contractId, t.seq),
    check('contract_terms_kind', oneOf('kind', TERM_KINDS)),
    check('contract_terms_order', sql`${t.startsOn} <= ${t.expiryDate}`),
  ],
);

/** Certificates serving a term: several per term since publicly trusted certificates live ≤ 200 days. */
export const certificates = pgTable(
  'certificates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    contractTermId: bigint('contract_term_id', { mode: 'number' }).references(() => contractTerms.id),
    commonName: text('common_name'),
    sans: text('sans').array().notNull(),
    issuer: text('issuer').notNull(),
    serial: text('serial').notNull(),
    notBefore: instant('not_before').notNull(),
    notAfter: instant('not_after').notNull(),
    keyType: text('key_type').notNull(),
    keyBits: integer('key_bits'),
    fingerprintSha256: text('fingerprint_sha256').notNull(),
    pem: text('pem').notNull(),
    source: text('source').notNull(),
    /** SHA-256 of the certificate's public key (SPKI): matches it to a kept key or CSR. */
    publicKeyFingerprint: text('public_key_fingerprint'),
    /** The supplied intermediates, in order (PEM), checked when attached. */
    chainPem: text('chain_pem'),
    recordedBy: text('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('certificates_contract_fingerprint').on(t.contractId, t.fingerprintSha256),
    check('certificates_source', oneOf('source', ['imported', 'uploaded', 'issued'])),
    index('certificates_term').on(t.contractTermId),
    // Reissues due: certificates by the day they end.
    index('certificates_not_after').on(t.notAfter),
  ],
);

/**
 * Art. 4(7): a private key the provider made and keeps for the customer. Only ever stored sealed
 * (AES-256-GCM under CERTDESK_MASTER_KEY, bound to the contract and this id): never in the clear.
 */
export const privateKeys = pgTable(
  'private_keys',
  {
    id: text('id').primaryKey(),
    contractId: contractRef(),
    keyType: text('key_type').notNull(),
    publicKeyFingerprint: text('public_key_fingerprint').notNull(),
    envelope: text('envelope').notNull(),
    /** The master key it is sealed under (its public id), for rotation. */
    masterKeyId: text('master_key_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    resealedAt: instant('resealed_at'),
  },
  (t) => [index('private_keys_contract').on(t.contractId), index('private_keys_master').on(t.masterKeyId)],
);

/** Art. 4(7): a CSR the provider made for the contract's common name; it may be shown. */
export const csrs = pgTable(
  'csrs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    privateKeyId: text('private_key_id')
      .notNull()
      .references(() => privateKeys.id),
    pem: text('pem').notNull(),
    commonName: text('common_name').notNull(),
    sans: text('sans').array().notNull(),
    subject: jsonb('subject').notNull(),
    publicKeyFingerprint: text('public_key_fingerprint').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('csrs_contract').on(t.contractId)],
);

/** What a contract's host really served when it was checked (beyond the terms: a service of care). */
export const servedChecks = pgTable(
  'served_checks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    checkedAt: instant('checked_at').notNull(),
    target: text('target').notNull(),
    outcome: text('outcome').notNull(),
    servedFingerprint: text('served_fingerprint'),
    servedNotAfter: instant('served_not_after'),
    detail: text('detail'),
  },
  (t) => [
    index('served_checks_contract').on(t.contractId, t.checkedAt),
    check('served_checks_outcome', oneOf('outcome', ['current', 'not-current', 'expiring', 'unreachable'])),
  ],
);

/** Art. 6: the renewal of one term: its reply deadline, the decision and what came of it. */
export const renewalCycles = pgTable(
  'renewal_cycles',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    contractTermId: bigint('contract_term_id', { mode: 'number' })
      .notNull()
      .references(() => contractTerms.id),
    expiryDate: businessDate('expiry_date').notNull(),
    /** Set when the first notice goes out (Art. 6(2) follows the notice of 6(1)). */
    replyDeadline: businessDate('reply_deadline'),
    decision: text('decision').$type<RenewalDecision>(),
    decidedAt: instant('decided_at'),
    outcome: text('outcome').$type<CycleOutcome>(),
    outcomeAt: instant('outcome_at'),
    feesAccrueOn: businessDate('fees_accrue_on'),
    /** The expiry date came with no notice sent: staff were alerted and the cycle waits for them. */
    heldAt: instant('held_at'),
    /** The renewed term began (the next term's id). */
    nextTermId: bigint('next_term_id', { mode: 'number' }),
    /** When the scheduler must next look at this cycle (domain/schedule.ts); null when never. */
    dueAt: instant('due_at'),
    /** The contacts were reminded in the notice's thread before the reply deadline. */
    remindedAt: instant('reminded_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('renewal_cycles_term').on(t.contractTermId),
    // A contract's cycles: answers, endings and a contract's story look them up by contract.
    index('renewal_cycles_contract').on(t.contractId),
    index('renewal_cycles_due')
      .on(t.dueAt)
      .where(sql`${t.dueAt} is not null`),
    // GET /metrics counts the cycles waiting for staff.
    index('renewal_cycles_held')
      .on(t.id)
      .where(sql`${t.heldAt} is not null and ${t.outcome} is null`),
    check('renewal_cycles_decision', sql`${t.decision} is null or ${oneOf('decision', RENEWAL_DECISIONS)}`),
    check('renewal_cycles_outcome', sql`${t.outcome} is null or ${oneOf('outcome', CYCLE_OUTCOMES)}`),
  ],
);

/** Art. 6(1): a notice (or reminder) posted in the customer's channel. One per scheduled day. */
export const renewalNotices = pgTable(
  'renewal_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cycleId: bigint('cycle_id', { mode: 'number' })
      .notNull()
      .references(() => renewalCycles.id),
    /** Which scheduled notice: days before the expiry date. */
    noticeDays: integer('notice_days').notNull(),
    dueOn: businessDate('due_on').notNull(),
    late: boolean('late').notNull().default(false),
    sentAt: instant('sent_at'),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    createdAt: createdAt(),
  },
  (t) => [unique('renewal_notices_once').on(t.cycleId, t.noticeDays)],
);

/** Art. 6(2)/(3): an answer to a notice; a later one before the deadline replaces an earlier one. */
export const renewalAnswers = pgTable(
  'renewal_answers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cycleId: bigint('cycle_id', { mode: 'number' })
      .notNull()
      .references(() => renewalCycles.id),
    answer: text('answer').notNull(),
    answeredAt: instant('answered_at').notNull(),
    answeredBy: text('answered_by').notNull(),
    /** Staff recorded the answer on the customer's behalf. */
    actingForCustomer: boolean('acting_for_customer').notNull().default(false),
    via: text('via').notNull(),
    /** The Slack delivery it came from, so a retried delivery is recorded once. */
    slackDeliveryId: text('slack_delivery_id').unique(),
    accepted: boolean('accepted').notNull(),
    refusalCode: text('refusal_code'),
    createdAt: createdAt(),
  },
  (t) => [
    check('renewal_answers_answer', oneOf('answer', ['renew', 'dont-renew'])),
    check('renewal_answers_via', oneOf('via', ['button', 'thread', 'staff', 'cli'])),
    // A cycle's answer in force is read for every due cycle the sweep looks at and every notice it renders.
    index('renewal_answers_cycle').on(t.cycleId, t.answeredAt),
  ],
);

/**
 * A recorded fact that staff may take back: it is never changed or deleted, only marked
 * withdrawn (with who, when and why) and, for a correction, linked to the fact that replaces it.
 * The database allows no other change (migration 0002).
 */
const withdrawal = () => ({
  withdrawnAt: instant('withdrawn_at'),
  withdrawnBy: text('withdrawn_by'),
  withdrawalReason: text('withdrawal_reason'),
  replacedBy: bigint('replaced_by', { mode: 'number' }),
});

/** Art. 9(2): a cancellation form and the day it takes effect. One in force per contract. */
export const cancellations = pgTable(
  'cancellations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    receivedAt: instant('received_at').notNull(),
    receivedOn: businessDate('received_on').notNull(),
    requestedOn: businessDate('requested_on'),
    effectiveOn: businessDate('effective_on').notNull(),
    via: text('via').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: createdAt(),
    ...withdrawal(),
  },
  (t) => [
    uniqueIndex('cancellations_in_force')
      .on(t.contractId)
      .where(sql`${t.withdrawnAt} is null`),
    index('cancellations_contract').on(t.contractId),
    check('cancellations_via', oneOf('via', ['modal', 'staff', 'cli'])),
  ],
);

/** Art. 8: an item abolished from a date when its CA stops the product. One in force per item. */
export const abolitions = pgTable(
  'abolitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    item: text('item').notNull(),
    effectiveFrom: businessDate('effective_from').notNull(),
    reason: text('reason'),
    recordedBy: text('recorded_by').notNull(),
    createdAt: createdAt(),
    ...withdrawal(),
  },
  (t) => [
    uniqueIndex('abolitions_in_force')
      .on(t.item)
      .where(sql`${t.withdrawnAt} is null`),
    index('abolitions_item').on(t.item),
  ],
);

/** Art. 10: the append-only ledger. The database refuses updates and deletes (see the migration). */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    kind: text('kind').$type<FeeKind>().notNull(),
    amount: integer('amount').notNull(),
    accruedOn: businessDate('accrued_on').notNull(),
    article: text('article').notNull(),
    tariffVersion: text('tariff_version').notNull(),
    /** What made the fee due (`acceptance:42`, `renewal-cycle:7`): with kind, makes it happen once. */
    eventKey: text('event_key').notNull(),
    correctionOf: bigint('correction_of', { mode: 'number' }).references((): AnyPgColumn => ledgerEntries.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique('ledger_entries_once').on(t.eventKey, t.kind),
    check('ledger_entries_kind', oneOf('kind', FEE_KINDS)),
    index('ledger_entries_contract').on(t.contractId),
  ],
);

/** Who did what, when: every change made through certdesk. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: instant('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('audit_log_subject').on(t.subject)],
);

/**
 * A message certdesk owes Slack, written in the same transaction as the fact it tells of
 * (a notice, a default renewal, an ending, a staff alert). Delivery is separate and happens once:
 * a worker takes the row's lock, looks for a previous attempt's message by its metadata, and
 * posts only when there is none. The view is rendered at delivery from the rows it names.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What made it (`notice:17`, `default-renewal:5`, `digest:2026-11-25`): with it, a message is decided once. */
    key: text('key').notNull().unique(),
    /** Which view renders it (src/slack/deliveries.ts). */
    view: text('view').notNull(),
    data: jsonb('data').notNull().default({}),
    /** A channel, or null for the staff channel as configured when it is delivered. */
    channel: text('channel'),
    /** For an update: the outbox message whose Slack message is replaced. */
    updates: bigint('updates', { mode: 'number' }).references((): AnyPgColumn => outbox.id),
    /** For a reply: the outbox message in whose thread it is posted (a reminder under its notice). */
    replyTo: bigint('reply_to', { mode: 'number' }).references((): AnyPgColumn => outbox.id),
    /**
     * A renewal notice posted in one message with others of the customer's (Art. 6(1)): the notice
     * that posts them all, each recorded with that message. The posting notice names itself.
     */
    groupedWith: bigint('grouped_with', { mode: 'number' }).references((): AnyPgColumn => outbox.id),
    /** An e-mail instead of a Slack message: the address it goes to. */
    emailTo: text('email_to'),
    /** The e-mail's Message-ID, fixed before the first attempt: a retry sends the same one. */
    messageId: text('message_id'),
    contractId: text('contract_id'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    attemptedAt: instant('attempted_at'),
    /** The real time of that attempt (the business clock may run ahead): Slack stamps messages with it. */
    attemptedAtReal: instant('attempted_at_real'),
    sentAt: instant('sent_at'),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    check('outbox_status', oneOf('status', ['pending', 'sent', 'failed', 'skipped'])),
    index('outbox_pending')
      .on(t.id)
      .where(sql`${t.status} = 'pending'`),
    // GET /metrics counts the messages given up on.
    index('outbox_failed')
      .on(t.id)
      .where(sql`${t.status} = 'failed'`),
    index('outbox_contract').on(t.contractId),
    index('outbox_grouped_with')
      .on(t.groupedWith)
      .where(sql`${t.groupedWith} is not null`),
    // A notice's first post looks for the others of its channel still waiting (services/notice-groups.ts).
    index('outbox_notices_waiting')
      .on(t.channel)
      .where(sql`${t.status} = 'pending' and ${t.view} = 'renewal-notice' and ${t.updates} is null`),
  ],
);

/** Slack deliveries already handled: a retried event or a replayed request is recorded once. */
export const slackDeliveries = pgTable('slack_deliveries', {
  deliveryId: text('delivery_id').primaryKey(),
  kind: text('kind').notNull(),
  userId: text('user_id'),
  receivedAt: instant('received_at').notNull(),
});

/** Art. 5: a change of the provider service that uses the certificate, until staff decide. */
export const contractChanges = pgTable(
  'contract_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    fromService: text('from_service'),
    toService: text('to_service').notNull(),
    status: text('status').notNull().default('requested'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: instant('requested_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: instant('decided_at'),
    staffMessageTs: text('staff_message_ts'),
    createdAt: createdAt(),
  },
  (t) => [
    check('contract_changes_status', oneOf('status', ['requested', 'accepted', 'refused'])),
    index('contract_changes_contract').on(t.contractId),
  ],
);

/**
 * Appendix 1 §1 (当社が別途契約者に示す金額): the certificate fee staff agreed with the customer
 * for one renewal of a category II contract. The latest agreement of a cycle is in force; one
 * that changes an amount already in the ledger adds a correcting entry.
 */
export const priceAgreements = pgTable(
  'price_agreements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    cycleId: bigint('cycle_id', { mode: 'number' })
      .notNull()
      .references(() => renewalCycles.id),
    amount: integer('amount').notNull(),
    agreedBy: text('agreed_by').notNull(),
    agreedAt: instant('agreed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('price_agreements_amount', sql`${t.amount} >= 0`), index('price_agreements_cycle').on(t.cycleId)],
);

/** Art. 4(1), 5, 7(1): services the provider offers and designates (当社が提供し指定するサービス). */
export const designatedServices = pgTable('designated_services', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  recordedBy: text('recorded_by').notNull(),
  createdAt: createdAt(),
});

/**
 * A step of scheduled work that failed for one renewal cycle or contract, with its error: retried
 * with backoff (the cycle's due instant, or retry_at for an ending) and told to staff once, while
 * every other due step goes on. At most one open row per step and subject; resolved when it succeeds.
 */
export const scheduledFailures = pgTable(
  'scheduled_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** `cycle` (a renewal cycle's due steps) or `ending` (a contract's end date came). */
    step: text('step').notNull(),
    /** The cycle's id or the contract's id. */
    subject: text('subject').notNull(),
    contractId: text('contract_id'),
    cycleId: bigint('cycle_id', { mode: 'number' }),
    error: text('error').notNull(),
    attempts: integer('attempts').notNull().default(1),
    firstFailedAt: instant('first_failed_at').notNull(),
    lastFailedAt: instant('last_failed_at').notNull(),
    retryAt: instant('retry_at').notNull(),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [
    check('scheduled_failures_step', oneOf('step', ['cycle', 'ending'])),
    uniqueIndex('scheduled_failures_open')
      .on(t.step, t.subject)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

/** What the scheduler last computed due instants with: when the renewal policy changes, every cycle is looked at again. */
export const schedulerState = pgTable('scheduler_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * Slack's pace per channel (src/slack/pace.ts), shared by every process that posts: when the channel is
 * next free, as the generic cell rate algorithm keeps it (the slots taken so far, one interval each).
 */
export const slackChannelPace = pgTable('slack_channel_pace', {
  channel: text('channel').primaryKey(),
  freeAt: instant('free_at').notNull(),
});

export const ACME_ISSUERS = ['digicert', 'cybertrust', 'globalsign'] as const;
export type AcmeIssuer = (typeof ACME_ISSUERS)[number];
export const ACME_CHALLENGES = ['http-01', 'dns-01'] as const;
export type AcmeChallengeType = (typeof ACME_CHALLENGES)[number];
export const ACME_ORDER_STATUSES = ['pending', 'ordered', 'finalizing', 'issued', 'failed'] as const;
export type AcmeOrderStatus = (typeof ACME_ORDER_STATUSES)[number];

/**
 * A CA that takes orders over ACME (RFC 8555) with External Account Binding (§7.3.4). The EAB
 * HMAC key and the account key are kept sealed under CERTDESK_MASTER_KEY, like private keys.
 */
export const acmeIssuers = pgTable(
  'acme_issuers',
  {
    issuer: text('issuer').$type<AcmeIssuer>().primaryKey(),
    directoryUrl: text('directory_url').notNull(),
    eabKid: text('eab_kid'),
    /** Sealed (custody.ts). */
    eabHmacKey: text('eab_hmac_key'),
    challenge: text('challenge').$type<AcmeChallengeType>().notNull().default('http-01'),
    /** PEM certificates that the ACME server's TLS certificate chains to, when not publicly trusted. */
    caBundle: text('ca_bundle'),
    /** The ACME account's key (sealed), and its URL once registered (RFC 8555 §7.3). */
    accountKey: text('account_key'),
    accountUrl: text('account_url'),
    /** Why the CA last refused the account (a wrong EAB key), and when the scheduler may try again. */
    accountError: text('account_error'),
    accountRetryAt: instant('account_retry_at'),
    /** The master key the secrets are sealed under (its public id). */
    masterKeyId: text('master_key_id'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: instant('updated_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('acme_issuers_issuer', oneOf('issuer', ACME_ISSUERS)),
    check('acme_issuers_challenge', oneOf('challenge', ACME_CHALLENGES)),
    check('acme_issuers_eab_pair', sql`(${t.eabKid} is null) = (${t.eabHmacKey} is null)`),
  ],
);

/**
 * An order of a contract's certificate from its CA (申請代行, Appendix 1 §3): one row per need
 * (the first certificate, a term, the certificate it replaces), so a need is ordered once. The
 * ACME order's URL is stored before anything else is asked of the CA, so a run that dies is
 * resumed on the same order (RFC 8555 §7.4).
 */
export const acmeOrders = pgTable(
  'acme_orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: contractRef(),
    need: text('need').notNull(),
    issuer: text('issuer').notNull(),
    status: text('status').$type<AcmeOrderStatus>().notNull().default('pending'),
    privateKeyId: text('private_key_id').references(() => privateKeys.id),
    orderUrl: text('order_url'),
    /** The chain as downloaded, kept until it is attached. */
    certificatePem: text('certificate_pem'),
    certificateId: bigint('certificate_id', { mode: 'number' }).references(() => certificates.id),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    retryAt: instant('retry_at'),
    /** Real time until which one process works on it. */
    leaseUntil: instant('lease_until'),
    requestedBy: text('requested_by').notNull(),
    issuedAt: instant('issued_at'),
    updatedAt: instant('updated_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('acme_orders_status', oneOf('status', ACME_ORDER_STATUSES)),
    uniqueIndex('acme_orders_need_once').on(t.contractId, t.need),
    index('acme_orders_due')
      .on(t.retryAt)
      .where(sql`${t.status} not in ('issued', 'failed')`),
    index('acme_orders_contract').on(t.contractId),
  ],
);

/** http-01 (RFC 8555 §8.3): what `GET /.well-known/acme-challenge/TOKEN` answers, from any instance. */
export const acmeChallenges = pgTable('acme_challenges', {
  token: text('token').primaryKey(),
  keyAuthorization: text('key_authorization').notNull(),
  orderId: bigint('order_id', { mode: 'number' })
    .notNull()
    .references(() => acmeOrders.id),
  createdAt: createdAt(),
});

/**
 * ACME Renewal Information (RFC 9773) of a certificate: the window its CA suggests for the
 * replacement (none when the CA offers no renewalInfo), and when to ask again (§4.3).
 */
export const acmeRenewalInfo = pgTable('acme_renewal_info', {
  certificateId: bigint('certificate_id', { mode: 'number' })
    .primaryKey()
    .references(() => certificates.id),
  windowStart: instant('window_start'),
  windowEnd: instant('window_end'),
  nextCheckAt: instant('next_check_at').notNull(),
  checkedAt: instant('checked_at').notNull(),
});
