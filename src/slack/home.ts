// The App Home of a person: their customers' contracts; for staff, the work waiting and a filter.
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { View } from '@slack/types';
import type { Queryable } from '../db/client.js';
import { applications, contractChanges, outbox, renewalCycles } from '../db/schema.js';
import type { RenewalPolicy } from '../domain/renewal.js';
import type { Locale } from '../i18n/text.js';
import { roleOf, type Person } from '../services/people.js';
import { contractLines } from './contract-lines.js';
import { homeView, type ContractLine, type HomeFilter } from './views/status.js';

export async function homeFor(
  q: Queryable,
  person: Person,
  locale: Locale,
  filter: HomeFilter,
  now: Date,
  policy: RenewalPolicy,
): Promise<View> {
  const role = roleOf(person);
  let contracts: ContractLine[] = [];
  let waiting = null;
  if (role === 'staff') {
    contracts =
      filter === 'expiring'
        ? await contractLines(q, { expiringWithinDays: 60 }, now, policy, locale)
        : await contractLines(q, { status: filter === 'ended' ? 'ended' : 'active' }, now, policy, locale);
    const n = async (query: Promise<{ n: number }[]>) => Number((await query)[0]?.n ?? 0);
    waiting = {
      applications: await n(q.select({ n: count() }).from(applications).where(eq(applications.status, 'submitted'))),
      changes: await n(q.select({ n: count() }).from(contractChanges).where(eq(contractChanges.status, 'requested'))),
      held: await n(
        q
          .select({ n: count() })
          .from(renewalCycles)
          .where(and(sql`${renewalCycles.heldAt} is not null`, isNull(renewalCycles.outcome))),
      ),
      failed: await n(q.select({ n: count() }).from(outbox).where(eq(outbox.status, 'failed'))),
    };
  } else if (role === 'contact') {
    for (const c of person.contactOf)
      contracts.push(...(await contractLines(q, { customer: c.id }, now, policy, locale)));
  }
  return homeView({
    locale,
    role,
    name: person.staff?.name ?? '',
    customers: person.contactOf.map((c) => c.name),
    waiting,
    filter,
    contracts,
  });
}
