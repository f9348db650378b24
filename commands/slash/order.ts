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

export const order: SlashHandler = async (command) => {
  const { deps, who, args, respond } = command;
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const named = await contractFor(command, args[0], CERTIFICATE.usage('order'));
  if (!named.contract) return replyPrivately(respond, locale, named.answer);
  const contract = named.contract;
  const masters = [deps.config.masterKey, deps.config.previousMasterKey].filter((m) => m !== undefined);
  if (!masters.length) return replyPrivately(respond, locale, CERTIFICATE.noMasterKey);
  await replyPrivately(respond, locale, CERTIFICATE.orderStarted(contract.id));
  try {
    const result = await orderCertificate(
      deps.database.db,
      {
        contractId: contract.id,
        actor: `slack:${who.userId}`,
        masters,
        dnsHook: deps.config.acmeDnsHook,
        byHand: true,
        reissueNoticeDays: deps.config.reissueNoticeDays,
      },
      deps.clock,
    );
    if (!result.ok)
      return await replyPrivately(respond, locale, result.reasons.map((x) => reasonLine(x, locale)).join('\n'));
    const ordered = result.value;
    await replyPrivately(
      respond,
      locale,
      CERTIFICATE.orderIssued(
        contract.id,
        ordered.serial ?? '—',
        ordered.notAfter ? `${jstWallClock(new Date(ordered.notAfter))} JST` : '—',
        ordered.already,
      ),
    );
  } catch (e) {
    if (!(e instanceof OrderFailed)) throw e;
    await replyPrivately(
      respond,
      locale,
      e.busy ? CERTIFICATE.orderBusy(contract.id) : CERTIFICATE.orderFailed(contract.id, e.message),
    );
  } finally {
    // Staff alerts of the order wait in the outbox.
    await deps.requestSweep('order');
  }
};

export const orders: SlashHandler = async ({ deps, who, args, respond }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const rows = await recentOrders(deps.database.db, args[0]);
  const lines = rows.map(
    (o) =>
      `• ${CERTIFICATE.orderLine(o.id, o.contractId, o.need, o.status, o.attempts, o.status === 'issued' ? null : o.lastError)[locale]}`,
  );
  await respond({
    response_type: 'ephemeral',
    text: CERTIFICATE.ordersHeader[locale],
    blocks: [
      header(CERTIFICATE.ordersHeader[locale]),
      section(lines.length ? lines.join('\n').slice(0, 2_900) : CERTIFICATE.noOrders[locale]),
      context('`certdesk contract show CONTRACT`'),
    ],
  });
};
