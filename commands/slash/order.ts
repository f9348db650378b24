// `/cert order CONTRACT` and `/cert orders [CONTRACT]` (staff): the certificate ordered from the
// CA over ACME (Appendix 1 §3), as `certdesk cert order` and `certdesk contract show` do.
import { jstWallClock } from '../../src/domain/dates.js';
import { CERTIFICATE, DENIED } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { OrderFailed, orderCertificate, recentOrders } from '../../src/services/orders.js';
import { context, header, section } from '../../src/slack/views/blocks.js';
import { replyPrivately } from '../context.js';
import { contractFor } from './certificate.js';
import type { SlashHandler } from './types.js';

export const order: SlashHandler = async (s) => {
  const l = s.who.locale;
  if (!s.who.person.staff) return replyPrivately(s.respond, l, DENIED.staffOnly);
  const named = await contractFor(s, s.args[0], CERTIFICATE.usage('order'));
  if (!named.contract) return replyPrivately(s.respond, l, named.answer);
  const c = named.contract;
  const masters = [s.deps.config.masterKey, s.deps.config.previousMasterKey].filter((m) => m !== undefined);
  if (!masters.length) return replyPrivately(s.respond, l, CERTIFICATE.noMasterKey);
  await replyPrivately(s.respond, l, CERTIFICATE.orderStarted(c.id));
  try {
    const r = await orderCertificate(
      s.deps.database.db,
      {
        contractId: c.id,
        actor: `slack:${s.who.userId}`,
        masters,
        dnsHook: s.deps.config.acmeDnsHook,
        byHand: true,
        reissueNoticeDays: s.deps.config.reissueNoticeDays,
      },
      s.deps.clock,
    );
    if (!r.ok) return await replyPrivately(s.respond, l, r.reasons.map((x) => reasonLine(x, l)).join('\n'));
    const v = r.value;
    await replyPrivately(
      s.respond,
      l,
      CERTIFICATE.orderIssued(
        c.id,
        v.serial ?? '—',
        v.notAfter ? `${jstWallClock(new Date(v.notAfter))} JST` : '—',
        v.already,
      ),
    );
  } catch (e) {
    if (!(e instanceof OrderFailed)) throw e;
    await replyPrivately(s.respond, l, e.busy ? CERTIFICATE.orderBusy(c.id) : CERTIFICATE.orderFailed(c.id, e.message));
  } finally {
    // Staff alerts of the order wait in the outbox.
    await s.deps.requestSweep('order');
  }
};

export const orders: SlashHandler = async (s) => {
  const l = s.who.locale;
  if (!s.who.person.staff) return replyPrivately(s.respond, l, DENIED.staffOnly);
  const rows = await recentOrders(s.deps.database.db, s.args[0]);
  const lines = rows.map(
    (o) =>
      `• ${CERTIFICATE.orderLine(o.id, o.contractId, o.need, o.status, o.attempts, o.status === 'issued' ? null : o.lastError)[l]}`,
  );
  await s.respond({
    response_type: 'ephemeral',
    text: CERTIFICATE.ordersHeader[l],
    blocks: [
      header(CERTIFICATE.ordersHeader[l]),
      section(lines.length ? lines.join('\n').slice(0, 2_900) : CERTIFICATE.noOrders[l]),
      context('`certdesk contract show CONTRACT`'),
    ],
  });
};
