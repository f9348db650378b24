// What a contract's host really serves (beyond the terms, as a CA's own tooling does): connect
// with TLS to the common name (or the host:port staff set), read the certificate served, and tell
// the customer when it is not the contract's current certificate or ends within the notice window.
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { contracts, customers, servedChecks } from '../db/schema.js';
import { fetchServedCertificate, type ServedCertificate, type ServedOptions } from '../crypto/served.js';
import { readCertificate } from '../crypto/certificate.js';
import { addDays, jstDateOf, jstInstantAt } from '../domain/dates.js';
import { currentCertificates } from './certificates.js';
import { alertStaff, enqueueMessage } from './outbox.js';

export type ServedOutcome = 'current' | 'not-current' | 'expiring' | 'unreachable';

export interface ServedResult {
  contract: string;
  target: string;
  outcome: ServedOutcome;
  servedFingerprint: string | null;
  servedNotAfter: string | null;
  detail: string | null;
}

export type Fetch = (o: ServedOptions) => Promise<ServedCertificate>;

/** host:port to connect to: the contract's own setting, else its common name on 443 (a wildcard has no host of its own). */
export function targetOf(contract: {
  commonName: string;
  servedAt: string | null;
}): { host: string; port: number } | null {
  const at = contract.servedAt ?? (contract.commonName.startsWith('*.') ? null : `${contract.commonName}:443`);
  const m = at ? /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(at) : null;
  return m ? { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2] ?? 443) } : null;
}

export async function checkServed(
  db: Db,
  input: { contractId?: string; noticeDays: number; timeoutMs?: number; fetch?: Fetch },
  now: Date,
): Promise<ServedResult[]> {
  const fetch = input.fetch ?? fetchServedCertificate;
  const rows = await db
    .select({ contract: contracts, channel: customers.slackChannel })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(
      and(
        eq(contracts.status, 'active'),
        input.contractId ? eq(contracts.id, input.contractId) : isNotNull(contracts.id),
      ),
    )
    .orderBy(asc(contracts.id));
  const results: ServedResult[] = [];
  for (const { contract, channel } of rows) {
    const { certificates } = await currentCertificates(db, contract.id);
    if (!certificates.length) continue;
    const target = targetOf(contract);
    const label = target ? `${target.host}:${target.port}` : contract.commonName;
    let result: ServedResult;
    if (!target) {
      result = {
        contract: contract.id,
        target: label,
        outcome: 'unreachable',
        servedFingerprint: null,
        servedNotAfter: null,
        detail: 'no host to check (a wildcard name): set one',
      };
    } else {
      const served = await fetch({
        host: target.host,
        port: target.port,
        servername: contract.servedAt ? target.host : contract.commonName,
        timeoutMs: input.timeoutMs ?? 10_000,
      });
      if (!served.ok) {
        result = {
          contract: contract.id,
          target: label,
          outcome: 'unreachable',
          servedFingerprint: null,
          servedNotAfter: null,
          detail: `${served.code}: ${served.message}`,
        };
      } else {
        const leaf = readCertificate(served.chainPem[0] ?? '');
        const notAfter = leaf.ok ? leaf.certificate.notAfter : null;
        const current = certificates.some((c) => c.fingerprintSha256 === served.leafFingerprintSha256);
        const window = jstInstantAt(addDays(jstDateOf(now), input.noticeDays), 0);
        const outcome: ServedOutcome = !current
          ? 'not-current'
          : notAfter && notAfter.getTime() < window.getTime()
            ? 'expiring'
            : 'current';
        result = {
          contract: contract.id,
          target: label,
          outcome,
          servedFingerprint: served.leafFingerprintSha256,
          servedNotAfter: notAfter?.toISOString() ?? null,
          detail: served.authorized ? null : (served.authorizationError ?? null),
        };
      }
    }
    await db.transaction(async (tx) => {
      await tx.insert(servedChecks).values({
        contractId: contract.id,
        checkedAt: now,
        target: label,
        outcome: result.outcome,
        servedFingerprint: result.servedFingerprint,
        servedNotAfter: result.servedNotAfter ? new Date(result.servedNotAfter) : null,
        detail: result.detail,
      });
      // Told once per thing found: a certificate that is not the contract's, or one about to end.
      if (result.outcome === 'not-current' || result.outcome === 'expiring') {
        await enqueueMessage(
          tx,
          {
            key: `served:${contract.id}:${result.outcome}:${result.servedFingerprint}`,
            view: 'served-check',
            data: { contractId: contract.id, ...result },
            channel,
            contractId: contract.id,
          },
          now,
        );
      }
      if (result.outcome === 'unreachable')
        await alertStaff(
          tx,
          `unreachable:${contract.id}:${jstDateOf(now)}`,
          { kind: 'served-unreachable', contractId: contract.id, detail: `${label} ${result.detail ?? ''}`.trim() },
          now,
        );
    });
    results.push(result);
  }
  return results;
}
