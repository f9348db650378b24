// 申請代行 (Appendix 1 §3): the provider orders a contract's certificate from its CA over ACME
// (RFC 8555) with the key and CSR it keeps (Art. 4(7)), and attaches what the CA issues with
// every check of `cert attach`. An order is a row, one per need: its ACME order URL is stored
// before the CA is asked for anything more, so a run that dies is resumed on the same order, and
// a failure is retried later with backoff, staff told once.
import { generateKeyPairSync } from 'node:crypto';
import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Authorization, Order } from 'acme-client';
import type { Db, Queryable } from '../db/client.js';
import {
  acmeChallenges,
  acmeIssuers,
  acmeOrders,
  acmeRenewalInfo,
  applications,
  contracts,
  csrs,
  type AcmeChallengeType,
  type AcmeOrderStatus,
} from '../db/schema.js';
import { fetchRenewalInfo } from '../acme/ari.js';
import { acmeClient, lastProblem, problemName } from '../acme/client.js';
import { dnsRecordName, runDnsHook } from '../acme/challenges.js';
import type { MasterKey } from '../crypto/custody.js';
import { itemByCode, ITEMS, type ItemCode } from '../domain/catalog.js';
import { compareDates, jstDateOf, toBusinessDate } from '../domain/dates.js';
import { readCertificate } from '../crypto/certificate.js';
import { acmeIssuerOf, orderNeed, orderRetryAt, reissueDueAt, type RenewalWindow } from '../domain/orders.js';
import { ok, reason, refused, type Decided, type Reason } from '../domain/reasons.js';
import type { Actor } from './audit.js';
import { attachCertificate, currentCertificates } from './certificates.js';
import { createCsrFor } from './custody.js';
import { NotFound } from './errors.js';
import { loadIssuer, openAccountKey, openEabHmacKey, sealAccountKey, type IssuerRow } from './issuers.js';
import { alertStaff } from './outbox.js';

/** Attempts after which the scheduler leaves an order to staff (`cert order` still retries it). */
export const ORDER_ATTEMPTS = 8;
/** How long one process may work on an order before another may take it over (real time). */
const LEASE_SECONDS = 600;

export interface OrderInput {
  contractId: string;
  actor: Actor;
  /** The current master key first, then the previous one (rotation). */
  masters: readonly MasterKey[];
  dnsHook?: string;
  dryRun?: boolean;
  /** A staff member asked: a failed order is tried again. */
  byHand?: boolean;
  /**
   * By hand, replace the current certificate even though it is not due for replacement (a lost or
   * compromised key). Without it, such an order is refused: it would only buy a needless certificate.
   */
  replace?: boolean;
  /** Days before a certificate ends that its replacement falls due (CERTDESK_REISSUE_NOTICE_DAYS). */
  reissueNoticeDays?: number;
}

export interface OrderOutcome {
  contract: string;
  order: number | null;
  need: string;
  issuer: string;
  status: AcmeOrderStatus | 'would-order';
  /** The certificate was issued and attached before: nothing was asked of the CA. */
  already: boolean;
  serial: string | null;
  notBefore: string | null;
  notAfter: string | null;
  certificateIssuer: string | null;
  certificateId: number | null;
  /** --dry-run: a key pair and CSR would be made first. */
  createsKey?: boolean;
}

/** Something the CA or the hook refused or failed at: the order row keeps it and is retried. */
export class OrderFailed extends Error {
  override readonly name = 'OrderFailed';
  constructor(
    message: string,
    readonly orderId: number | null,
    readonly problem?: string,
    /** Another process is working on this order now (its lease): nothing failed. */
    readonly busy = false,
  ) {
    super(message);
  }
}

interface Prepared {
  contract: typeof contracts.$inferSelect;
  issuer: IssuerRow;
  delegated: boolean;
  keyKept: boolean;
}

/** Who may order: an ACME issuer for the item, and a key the customer asked the provider to keep. */
async function prepare(q: Queryable, contractId: string): Promise<Decided<Prepared>> {
  const [row] = await q
    .select({ contract: contracts, delegate: applications.providerCreatesKey })
    .from(contracts)
    .leftJoin(applications, eq(applications.id, contracts.applicationId))
    .where(eq(contracts.id, contractId));
  if (!row) throw new NotFound('contract', contractId);
  const item = itemByCode(row.contract.item as ItemCode);
  if (item.category === 'III')
    return refused(reason(null, 'certificate-category', { item: item.code, category: item.category }));
  if (row.contract.status === 'ended') return refused(reason(null, 'contract-ended'));
  const code = acmeIssuerOf(item)!;
  const issuer = await loadIssuer(q, code);
  const keyKept =
    (await q.select({ id: csrs.id }).from(csrs).where(eq(csrs.contractId, contractId)).limit(1)).length > 0;
  const reasons: Reason[] = [];
  if (!issuer) reasons.push(reason(null, 'issuer-not-acme', { issuer: code }));
  // Art. 4(7): asked on the application, or a key already kept (csr create) counts as asked.
  const delegated = row.delegate === true || keyKept;
  if (!delegated) reasons.push(reason('Art. 4(7)', 'key-not-delegated'));
  return reasons.length ? refused(...reasons) : ok({ contract: row.contract, issuer: issuer!, delegated, keyKept });
}

/** An order of the contract not yet done (to resume before any new need is looked at). */
async function unfinished(q: Queryable, contractId: string, includeFailed: boolean) {
  const done: AcmeOrderStatus[] = includeFailed ? ['issued'] : ['issued', 'failed'];
  const [row] = await q
    .select()
    .from(acmeOrders)
    .where(and(eq(acmeOrders.contractId, contractId), notInArray(acmeOrders.status, done)))
    .orderBy(asc(acmeOrders.id))
    .limit(1);
  return row;
}

async function needNow(q: Queryable, contractId: string): Promise<string> {
  return orderNeed(await servingState(q, contractId));
}

async function servingState(q: Queryable, contractId: string) {
  const { term, certificates } = await currentCertificates(q, contractId);
  const current = certificates[0];
  return {
    term: term ? { id: term.id, expiryDate: term.expiryDate } : null,
    current: current ? { id: current.id, notAfter: current.notAfter } : null,
  };
}

/**
 * A replacement asked for by hand before it is due (domain/orders.ts reissueDueAt, with the CA's
 * window as last asked): refused, saying until when the certificate serves and when it falls due.
 */
async function replacementNotDue(q: Queryable, contractId: string, noticeDays: number, now: Date) {
  const { term, current } = await servingState(q, contractId);
  if (!term || !current) return undefined;
  const [kept] = await q.select().from(acmeRenewalInfo).where(eq(acmeRenewalInfo.certificateId, current.id));
  const window = kept?.windowStart && kept.windowEnd ? { start: kept.windowStart, end: kept.windowEnd } : null;
  const at = reissueDueAt(current, term.expiryDate, noticeDays, window);
  if (at && at.getTime() <= now.getTime()) return undefined;
  return reason(null, 'certificate-current', {
    notAfter: jstDateOf(current.notAfter).toString(),
    dueOn: at ? jstDateOf(at).toString() : '—',
    contract: contractId,
  });
}

/**
 * Orders the contract's certificate, or resumes its unfinished order. `need` names what the
 * order is for when the scheduler decided it; by hand it is what the contract needs now.
 */
export async function orderCertificate(
  db: Db,
  input: OrderInput & { need?: string },
  clock: () => Date,
): Promise<Decided<OrderOutcome>> {
  const now = clock();
  const prepared = await prepare(db, input.contractId);
  if (!prepared.ok) return prepared;
  const { contract, issuer } = prepared.value;
  const resume = await unfinished(db, contract.id, input.byHand === true);
  const need = resume?.need ?? input.need ?? (await needNow(db, contract.id));
  const [existing] = resume
    ? [resume]
    : await db
        .select()
        .from(acmeOrders)
        .where(and(eq(acmeOrders.contractId, contract.id), eq(acmeOrders.need, need)));
  const base = { contract: contract.id, need, issuer: issuer.issuer };
  if (existing?.status === 'issued') return ok(await outcome(db, existing.id, true));
  if (input.byHand && !resume && !existing && need.startsWith('replace:') && !input.replace) {
    const notDue = await replacementNotDue(db, contract.id, input.reissueNoticeDays ?? 30, now);
    if (notDue) return refused(notDue);
  }
  if (input.dryRun) {
    return ok({
      ...base,
      order: existing?.id ?? null,
      status: existing?.status ?? 'would-order',
      already: false,
      serial: null,
      notBefore: null,
      notAfter: null,
      certificateIssuer: null,
      certificateId: null,
      createsKey: !prepared.value.keyKept,
    });
  }
  if (!input.masters.length) return refused(reason(null, 'master-key-missing'));

  // The account first (RFC 8555 §7.3): a wrong EAB key is refused here, before any order exists.
  const account = await ensureAccount(db, issuer, input.masters, now);

  await db
    .insert(acmeOrders)
    .values({ contractId: contract.id, need, issuer: issuer.issuer, requestedBy: input.actor, updatedAt: now })
    .onConflictDoNothing();
  const [claimed] = await db
    .update(acmeOrders)
    .set({
      leaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      attempts: sql`${acmeOrders.attempts} + 1`,
      updatedAt: now,
      ...(input.byHand
        ? { status: sql`case when ${acmeOrders.status} = 'failed' then 'pending' else ${acmeOrders.status} end` }
        : {}),
    })
    .where(
      and(
        eq(acmeOrders.contractId, contract.id),
        eq(acmeOrders.need, need),
        notInArray(acmeOrders.status, input.byHand ? ['issued'] : ['issued', 'failed']),
        sql`(${acmeOrders.leaseUntil} is null or ${acmeOrders.leaseUntil} < now())`,
      ),
    )
    .returning();
  if (!claimed) {
    const [row] = await db
      .select()
      .from(acmeOrders)
      .where(and(eq(acmeOrders.contractId, contract.id), eq(acmeOrders.need, need)));
    if (row?.status === 'issued') return ok(await outcome(db, row.id, true));
    if (row?.status === 'failed')
      throw new OrderFailed(
        `order ${row.id} failed ${row.attempts} times and is left to staff: ${row.lastError ?? ''}`,
        row.id,
      );
    throw new OrderFailed(`order ${row?.id} is being worked on by another process`, row?.id ?? null, undefined, true);
  }
  try {
    await runOrder(db, { ...input, orderId: claimed.id, contract, issuer, account }, clock);
    return ok(await outcome(db, claimed.id, false));
  } catch (e) {
    await recordFailure(db, claimed.id, issuer, e, clock());
    throw e instanceof OrderFailed
      ? e
      : new OrderFailed(messageOf(e, issuer), claimed.id, lastProblem(issuer.directoryUrl)?.type);
  }
}

/** Why a request reached no ACME server: the network's code when there is one. */
function unreachableCause(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown }; response?: { status?: unknown } } | null;
  const code = err?.cause?.code ?? err?.code;
  if (typeof code === 'string') return code;
  if (typeof err?.response?.status === 'number') return `HTTP ${err.response.status}`;
  return 'no answer';
}

function messageOf(e: unknown, issuer: IssuerRow): string {
  const text = e instanceof Error ? e.message : String(e);
  const p = lastProblem(issuer.directoryUrl);
  return p && text.includes(p.detail) ? `${problemName(p.type)}: ${text}` : text;
}

interface Account {
  keyPem: string;
  url: string;
  eab: { kid: string; hmacKey: string } | null;
}

/** The issuer's ACME account, registered with its External Account Binding on first use (§7.3.4). */
async function ensureAccount(db: Db, issuer: IssuerRow, masters: readonly MasterKey[], now: Date): Promise<Account> {
  const hmacKey = openEabHmacKey(issuer, masters);
  const eab = issuer.eabKid && hmacKey ? { kid: issuer.eabKid, hmacKey } : null;
  const kept = openAccountKey(issuer, masters);
  if (kept && issuer.accountUrl) return { keyPem: kept, url: issuer.accountUrl, eab };
  const keyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const client = await acmeClient({
    directoryUrl: issuer.directoryUrl,
    caBundle: issuer.caBundle,
    accountKeyPem: keyPem,
    eab,
  });
  try {
    await client.createAccount({ termsOfServiceAgreed: true });
  } catch (e) {
    // An ACME problem document (RFC 8555 §6.7) is the CA's refusal; anything else means no ACME
    // server answered there (a wrong URL, a network or TLS failure).
    const problem = lastProblem(issuer.directoryUrl);
    const failed = new OrderFailed(
      problem
        ? `the CA refused the ACME account: ${messageOf(e, issuer)}`
        : `no ACME server answered at ${issuer.directoryUrl} (${unreachableCause(e)}): check the URL with certdesk issuer show, and that this host reaches it`,
      null,
      problem?.type,
    );
    // The scheduler leaves the issuer alone for an hour; staff are told once per setting of it.
    await db.transaction(async (tx) => {
      await tx
        .update(acmeIssuers)
        .set({ accountError: failed.message.slice(0, 1000), accountRetryAt: sql`now() + interval '1 hour'` })
        .where(eq(acmeIssuers.issuer, issuer.issuer));
      await alertStaff(
        tx,
        `acme-account:${issuer.issuer}:${issuer.updatedAt.getTime()}`,
        { kind: 'acme-account-refused', contractId: null, detail: `${issuer.issuer}: ${failed.message}` },
        now,
      );
    });
    throw failed;
  }
  const url = client.getAccountUrl();
  // Two processes registering at once: the first one stored wins, the other account goes unused.
  const [stored] = await db
    .update(acmeIssuers)
    .set({
      accountKey: sealAccountKey(issuer.issuer, keyPem, masters[0]!),
      accountUrl: url,
      masterKeyId: masters[0]!.id,
    })
    .where(and(eq(acmeIssuers.issuer, issuer.issuer), sql`${acmeIssuers.accountUrl} is null`))
    .returning();
  if (stored) return { keyPem, url, eab };
  const again = (await loadIssuer(db, issuer.issuer as IssuerRow['issuer']))!;
  return { keyPem: openAccountKey(again, masters)!, url: again.accountUrl!, eab };
}

async function setOrder(db: Queryable, id: number, values: Partial<typeof acmeOrders.$inferInsert>, now: Date) {
  await db
    .update(acmeOrders)
    .set({ ...values, updatedAt: now })
    .where(eq(acmeOrders.id, id));
}

async function runOrder(
  db: Db,
  x: OrderInput & { orderId: number; contract: Prepared['contract']; issuer: IssuerRow; account: Account },
  clock: () => Date,
): Promise<void> {
  let now = clock();
  const [row] = await db.select().from(acmeOrders).where(eq(acmeOrders.id, x.orderId));
  if (!row) throw new Error(`order ${x.orderId} vanished`);
  // The kept key (Art. 4(7)), made when there is none; the order keeps to the key it began with.
  let keyId = row.privateKeyId;
  if (!keyId) {
    const [latest] = await db
      .select({ keyId: csrs.privateKeyId })
      .from(csrs)
      .where(eq(csrs.contractId, x.contract.id))
      .orderBy(desc(csrs.id))
      .limit(1);
    if (latest) keyId = latest.keyId;
    else {
      const made = await createCsrFor(
        db,
        { contractId: x.contract.id, keyType: 'rsa-2048', master: x.masters[0]!, actor: x.actor },
        now,
      );
      if (!made.ok)
        throw new OrderFailed(`no key pair could be made: ${made.reasons.map((r) => r.code).join(', ')}`, x.orderId);
      keyId = made.value.keyId;
    }
    await setOrder(db, x.orderId, { privateKeyId: keyId }, now);
  }
  const [csr] = await db
    .select({ pem: csrs.pem })
    .from(csrs)
    .where(eq(csrs.privateKeyId, keyId))
    .orderBy(desc(csrs.id))
    .limit(1);
  if (!csr) throw new OrderFailed('the kept key has no CSR', x.orderId);

  let pem = row.certificatePem;
  if (!pem) {
    const client = await acmeClient({
      directoryUrl: x.issuer.directoryUrl,
      caBundle: x.issuer.caBundle,
      accountKeyPem: x.account.keyPem,
      accountUrl: x.account.url,
      eab: x.account.eab,
    });
    let order: Order;
    if (row.orderUrl) order = await client.getOrder({ url: row.orderUrl } as Order);
    else {
      order = await client.createOrder({ identifiers: [{ type: 'dns', value: x.contract.commonName }] });
      // Stored before anything else: a run that dies from here on resumes this order (§7.4).
      await setOrder(db, x.orderId, { orderUrl: order.url, status: 'ordered' }, now);
    }
    if (order.status === 'invalid') {
      // An invalid order cannot be resumed (§7.1.6): the next attempt places a new one.
      await setOrder(db, x.orderId, { orderUrl: null, status: 'pending' }, now);
      throw new OrderFailed(`the CA marked order ${order.url} invalid${await authzErrors(client, order)}`, x.orderId);
    }
    if (order.status === 'pending') {
      for (const authz of await client.getAuthorizations(order)) await authorize(db, client, authz, x, now);
      order = await client.getOrder(order);
    }
    if (order.status === 'ready') {
      await setOrder(db, x.orderId, { status: 'finalizing' }, now);
      order = await client.finalizeOrder(order, csr.pem);
    }
    if (order.status !== 'valid') order = await client.waitForValidStatus(order);
    pem = await client.getCertificate(order);
    await setOrder(db, x.orderId, { certificatePem: pem, status: 'finalizing' }, now);
  }

  // Every check of `cert attach`, at the time the certificate came (it is valid from about then);
  // the order is done in the same transaction.
  now = clock();
  const attached = await attachCertificate(
    db,
    {
      contractId: x.contract.id,
      pem,
      actor: x.actor,
      then: async (tx, a) => {
        await tx
          .update(acmeOrders)
          .set({
            status: 'issued',
            certificateId: a.certificateId,
            issuedAt: now,
            leaseUntil: null,
            lastError: null,
            retryAt: null,
            updatedAt: now,
          })
          .where(eq(acmeOrders.id, x.orderId));
        const facts = readCertificate(pem);
        const serial = facts.ok ? facts.certificate.serial : '';
        await alertStaff(
          tx,
          `acme-issued:${x.orderId}`,
          { kind: 'certificate-ordered', contractId: x.contract.id, detail: `${serial} → ${a.notAfter.toISOString()}` },
          now,
        );
      },
    },
    now,
  );
  if (!attached.ok) {
    // The CA issued something certdesk will not attach: staff must look at it; no new order.
    await setOrder(db, x.orderId, { status: 'failed' }, now);
    throw new OrderFailed(
      `the issued certificate fails the attach checks: ${attached.reasons.map((r) => r.code).join(', ')}`,
      x.orderId,
    );
  }
}

async function authzErrors(client: Awaited<ReturnType<typeof acmeClient>>, order: Order): Promise<string> {
  try {
    const details = (await client.getAuthorizations(order)).flatMap((a) =>
      a.challenges.map((c) => (c as { error?: { detail?: string } }).error?.detail).filter(Boolean),
    );
    return details.length ? `: ${details.join('; ')}` : '';
  } catch {
    return '';
  }
}

/** Answers one authorization's challenge of the issuer's type (RFC 8555 §7.5.1), then tidies up. */
async function authorize(
  db: Db,
  client: Awaited<ReturnType<typeof acmeClient>>,
  authz: Authorization,
  x: OrderInput & { orderId: number; issuer: IssuerRow },
  now: Date,
): Promise<void> {
  if (authz.status === 'valid') return;
  const type: AcmeChallengeType = x.issuer.challenge;
  const challenge = authz.challenges.find((c) => c.type === type);
  if (!challenge)
    throw new OrderFailed(
      `the CA offers no ${type} challenge for ${authz.identifier.value}${authz.wildcard && type === 'http-01' ? ' (a wildcard needs dns-01, RFC 8555 §7.1.3)' : ''}`,
      x.orderId,
    );
  const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
  const name = dnsRecordName(authz.identifier.value);
  if (type === 'http-01') {
    const token = (challenge as { token: string }).token;
    await db
      .insert(acmeChallenges)
      .values({ token, keyAuthorization, orderId: x.orderId, createdAt: now })
      .onConflictDoUpdate({ target: acmeChallenges.token, set: { keyAuthorization } });
  } else {
    if (!x.dnsHook)
      throw new OrderFailed(
        'dns-01 needs CERTDESK_ACME_DNS_HOOK (a command run as HOOK add|remove NAME VALUE)',
        x.orderId,
      );
    await runDnsHook(x.dnsHook, 'add', name, keyAuthorization);
  }
  try {
    // acme-client's own pre-check of the answer (verifyChallenge, which auto() runs unless
    // skipChallengeVerification) asks the system resolver; it is never called: the CA's check counts.
    if (challenge.status === 'pending') await client.completeChallenge(challenge);
    await client.waitForValidStatus(authz);
  } finally {
    if (type === 'http-01') await db.delete(acmeChallenges).where(eq(acmeChallenges.orderId, x.orderId));
    else await runDnsHook(x.dnsHook!, 'remove', name, keyAuthorization).catch(() => {});
  }
}

async function recordFailure(db: Db, orderId: number, issuer: IssuerRow, e: unknown, now: Date): Promise<void> {
  const [row] = await db.select().from(acmeOrders).where(eq(acmeOrders.id, orderId));
  if (!row) return;
  const problem = lastProblem(issuer.directoryUrl);
  const message = messageOf(e, issuer).slice(0, 1000);
  const giveUp = row.status === 'failed' || row.attempts >= ORDER_ATTEMPTS;
  await db.transaction(async (tx) => {
    await tx
      .update(acmeOrders)
      .set({
        lastError: message,
        leaseUntil: null,
        status: giveUp ? 'failed' : row.status,
        retryAt: giveUp
          ? null
          : orderRetryAt(
              now,
              row.attempts,
              problem?.type.endsWith(':rateLimited') ? problem.retryAfterSeconds : undefined,
            ),
        updatedAt: now,
      })
      .where(eq(acmeOrders.id, orderId));
    await alertStaff(
      tx,
      `acme-failed:${orderId}`,
      { kind: 'certificate-order-failed', contractId: row.contractId, detail: message },
      now,
    );
  });
}

async function outcome(q: Queryable, orderId: number, already: boolean): Promise<OrderOutcome> {
  const [row] = await q.select().from(acmeOrders).where(eq(acmeOrders.id, orderId));
  const facts = row?.certificatePem ? readCertificate(row.certificatePem) : undefined;
  const c = facts?.ok ? facts.certificate : undefined;
  return {
    contract: row!.contractId,
    order: row!.id,
    need: row!.need,
    issuer: row!.issuer,
    status: row!.status,
    already,
    serial: c?.serial ?? null,
    notBefore: c?.notBefore.toISOString() ?? null,
    notAfter: c?.notAfter.toISOString() ?? null,
    certificateIssuer: c?.issuer ?? null,
    certificateId: row!.certificateId,
  };
}

/** A contract's orders, newest first, for `contract show`. */
export async function ordersOf(q: Queryable, contractIds: readonly string[]) {
  if (!contractIds.length) return [];
  return q
    .select({
      id: acmeOrders.id,
      contractId: acmeOrders.contractId,
      need: acmeOrders.need,
      issuer: acmeOrders.issuer,
      status: acmeOrders.status,
      attempts: acmeOrders.attempts,
      lastError: acmeOrders.lastError,
      retryAt: acmeOrders.retryAt,
      orderUrl: acmeOrders.orderUrl,
      certificateId: acmeOrders.certificateId,
      createdAt: acmeOrders.createdAt,
      issuedAt: acmeOrders.issuedAt,
    })
    .from(acmeOrders)
    .where(inArray(acmeOrders.contractId, [...contractIds]))
    .orderBy(desc(acmeOrders.id));
}

export interface DueOrder {
  contractId: string;
  need: string;
}

/**
 * Orders the scheduler places now (RFC 8555 §7.4 for each): unfinished ones whose backoff has
 * passed; a contract whose first certificate or renewed term has none yet; a certificate ending
 * before its term, at the window its CA suggests (RFC 9773) or `noticeDays` before it ends.
 * Only ACME issuers' items, only keys the customer delegated (Art. 4(7)).
 */
export async function dueOrders(db: Db, now: Date, noticeDays: number, limit: number): Promise<DueOrder[]> {
  const due: DueOrder[] = [];
  const resumable = await db
    .select({ contractId: acmeOrders.contractId, need: acmeOrders.need })
    .from(acmeOrders)
    .where(
      and(
        inArray(acmeOrders.status, ['pending', 'ordered', 'finalizing']),
        sql`(${acmeOrders.retryAt} is null or ${acmeOrders.retryAt} <= ${now.toISOString()}::timestamptz)`,
        sql`(${acmeOrders.leaseUntil} is null or ${acmeOrders.leaseUntil} < now())`,
      ),
    )
    .orderBy(asc(acmeOrders.id))
    .limit(limit);
  due.push(...resumable);
  // An issuer whose CA refused the account lately (a wrong EAB key) is not asked again yet.
  const issuers = await db
    .select()
    .from(acmeIssuers)
    .where(sql`${acmeIssuers.accountRetryAt} is null or ${acmeIssuers.accountRetryAt} <= now()`);
  const items = ITEMS.filter((i) => i.category !== 'III' && issuers.some((x) => x.issuer === acmeIssuerOf(i))).map(
    (i) => i.code,
  );
  if (!items.length || due.length >= limit) return due;
  const rows = await db.execute<{
    contract_id: string;
    item: string;
    term_id: string | null;
    starts_on: string | null;
    expiry_date: string | null;
    cert_id: string | null;
    not_before: string | null;
    not_after: string | null;
    pem: string | null;
  }>(sql`
    select k.id as contract_id, k.item, t.id as term_id, t.starts_on::text, t.expiry_date::text, c.id as cert_id, c.not_before, c.not_after, c.pem
    from contracts k
    left join applications a on a.id = k.application_id
    left join lateral (select * from contract_terms x where x.contract_id = k.id order by x.seq desc limit 1) t on true
    left join lateral (select * from certificates y where y.contract_term_id = t.id order by y.not_after desc limit 1) c on true
    where k.status = 'active' and k.item in (${sql.join(
      items.map((i) => sql`${i}`),
      sql`, `,
    )})
      and (a.provider_creates_key or exists (select 1 from csrs s where s.contract_id = k.id))
      and not exists (select 1 from acme_orders o where o.contract_id = k.id and o.status not in ('issued', 'failed'))
    order by k.id`);
  const today = jstDateOf(now);
  for (const r of rows) {
    if (due.length >= limit) break;
    const term = r.term_id ? { id: Number(r.term_id), expiryDate: toBusinessDate(r.expiry_date!) } : null;
    const current = r.cert_id ? { id: Number(r.cert_id), notAfter: new Date(r.not_after!) } : null;
    const need = orderNeed({ term, current });
    // A renewed term is served from its first day; the first certificate as soon as the contract is made.
    if (term && !current && compareDates(toBusinessDate(r.starts_on!), today) > 0) continue;
    if (current) {
      const issuer = issuers.find((x) => x.issuer === acmeIssuerOf(itemByCode(r.item as ItemCode)))!;
      const window = await renewalWindow(
        db,
        issuer,
        { id: current.id, notBefore: new Date(r.not_before!), notAfter: current.notAfter, pem: r.pem! },
        now,
        noticeDays,
      );
      const at = reissueDueAt(current, term!.expiryDate, noticeDays, window);
      if (!at || at.getTime() > now.getTime()) continue;
    }
    const [done] = await db
      .select({ id: acmeOrders.id })
      .from(acmeOrders)
      .where(and(eq(acmeOrders.contractId, r.contract_id), eq(acmeOrders.need, need)));
    if (!done) due.push({ contractId: r.contract_id, need });
  }
  return due;
}

/**
 * The CA's suggested window for replacing a certificate (RFC 9773), kept in PostgreSQL and asked
 * again after its Retry-After (§4.3); asked only in the certificate's second half of life or
 * within the notice days, and never when the CA's directory has no renewalInfo.
 */
async function renewalWindow(
  db: Db,
  issuer: IssuerRow,
  cert: { id: number; notBefore: Date; notAfter: Date; pem: string },
  now: Date,
  noticeDays: number,
): Promise<RenewalWindow | null> {
  const half = cert.notBefore.getTime() + (cert.notAfter.getTime() - cert.notBefore.getTime()) / 2;
  if (now.getTime() < Math.min(half, cert.notAfter.getTime() - (noticeDays + 1) * 86_400_000)) return null;
  const [kept] = await db.select().from(acmeRenewalInfo).where(eq(acmeRenewalInfo.certificateId, cert.id));
  if (kept && kept.nextCheckAt.getTime() > now.getTime())
    return kept.windowStart && kept.windowEnd ? { start: kept.windowStart, end: kept.windowEnd } : null;
  let info: Awaited<ReturnType<typeof fetchRenewalInfo>> = null;
  try {
    info = await fetchRenewalInfo(issuer.directoryUrl, issuer.caBundle, cert.pem);
  } catch {
    // Unreachable now: the notice days decide, and the CA is asked again in an hour.
  }
  const values = {
    windowStart: info?.window.start ?? null,
    windowEnd: info?.window.end ?? null,
    nextCheckAt: new Date(now.getTime() + (info?.nextCheckSeconds ?? 3_600) * 1000),
    checkedAt: now,
  };
  await db
    .insert(acmeRenewalInfo)
    .values({ certificateId: cert.id, ...values })
    .onConflictDoUpdate({ target: acmeRenewalInfo.certificateId, set: values });
  return info?.window ?? null;
}

/** One due order, as the scheduler places it: failures are on the row (and told to staff) already. */
export async function placeDueOrder(
  db: Db,
  due: DueOrder,
  opts: { masters: readonly MasterKey[]; dnsHook?: string },
  clock: () => Date,
): Promise<'issued' | 'failed' | 'refused'> {
  try {
    const r = await orderCertificate(
      db,
      { contractId: due.contractId, need: due.need, actor: 'scheduler', masters: opts.masters, dnsHook: opts.dnsHook },
      clock,
    );
    return r.ok ? 'issued' : 'refused';
  } catch (e) {
    if (e instanceof OrderFailed) return 'failed';
    throw e;
  }
}

/** The latest orders (30), of one contract or of all. */
export async function recentOrders(q: Queryable, contractId?: string) {
  const rows = q.select().from(acmeOrders);
  return (contractId ? rows.where(eq(acmeOrders.contractId, contractId)) : rows).orderBy(desc(acmeOrders.id)).limit(30);
}
