// The one slash command, /cert, and its subcommands: acknowledged at once, then the subcommand.
import type { App, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { closestNames } from '../../src/domain/suggest.js';
import { DENIED } from '../../src/i18n/app.js';
import { afterAck, SlashPayload, replyPrivately, identifyPerson, words, type AppDeps, deliveryOf } from '../context.js';
import { abolish } from './abolish.js';
import { answer } from './answer.js';
import { applications } from './applications.js';
import { apply } from './apply.js';
import { cancel } from './cancel.js';
import { attach, certificate, check, csr } from './certificate.js';
import { change } from './change.js';
import { contact } from './contact.js';
import { customer } from './customer.js';
import { help } from './help.js';
import { order, orders } from './order.js';
import { price } from './price.js';
import { quote } from './quote.js';
import { service } from './service.js';
import { staff } from './staff.js';
import { status } from './status.js';
import type { SlashHandler } from './types.js';

export const SLASH_COMMAND = '/cert';

export const SUBCOMMANDS: Record<string, SlashHandler> = {
  help,
  quote,
  apply,
  status,
  cancel,
  change,
  certificate,
  check,
  answer,
  applications,
  abolish,
  csr,
  attach,
  customer,
  contact,
  staff,
  service,
  price,
  'designated-service': service,
  order,
  orders,
};

/**
 * Every staff action in Slack and its twin on the command line (the same service): a subcommand
 * of /cert, or the action_id of a button. A test keeps this, the listeners and the commands in step.
 */
export const STAFF_TWINS: Readonly<Record<string, readonly string[]>> = {
  quote: ['quote'],
  answer: ['answer'],
  applications: ['applications'],
  abolish: ['abolish'],
  'abolish:confirm': ['abolish'],
  csr: ['csr create'],
  attach: ['cert attach'],
  customer: ['customer add', 'customer update'],
  contact: ['contact add', 'contact remove'],
  staff: ['staff add', 'staff remove'],
  service: ['designated-service add', 'designated-service remove'],
  'designated-service': ['designated-service add', 'designated-service remove'],
  price: ['price agree'],
  order: ['cert order'],
  orders: ['contract show'],
  'application:accept': ['application accept'],
  'application:reject': ['application reject'],
  'change:accept': ['change accept'],
  'change:reject': ['change reject'],
};

/** Subcommands and buttons for customers (staff may use them too): `apply` and `cancel` have their command-line twins for forms that come by other means. */
export const CUSTOMER_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  help: [],
  apply: ['apply'],
  status: ['contracts'],
  cancel: ['cancel'],
  change: [],
  certificate: ['cert upload'],
  check: ['check'],
  'renewal:renew': ['answer'],
  'renewal:decline': ['answer'],
  'cancel:requested': [],
  'cancel:contract': [],
  'home:filter': [],
};

/** Subcommands that open a modal: the trigger_id lapses 3 s after the request, so they do not wait their turn. */
const OPENS_A_MODAL: ReadonlySet<SlashHandler> = new Set([apply, cancel, change, attach, certificate]);
const opensModal = (text: unknown) => {
  const [name = 'help', ...args] = words(typeof text === 'string' ? text : '');
  const handler = SUBCOMMANDS[name.toLowerCase()];
  return handler !== undefined && (OPENS_A_MODAL.has(handler) || (handler === quote && args.length === 0));
};

export function register(app: App, deps: AppDeps): void {
  app.command(SLASH_COMMAND, async ({ ack, body, client, respond, context }) => {
    await ack();
    const deliveryId = deliveryOf(context);
    afterAck(deps, deliveryId, (stopped) => runSubcommand(stopped, deps, { body, client, respond, deliveryId }), {
      waits: !opensModal(body.text),
    });
  });
}

/**
 * A /cert request once acknowledged: who asks, then the subcommand, or what to type instead. The
 * subcommand's clock is stopped at the request's arrival (afterAck), but for `order`, which runs
 * for as long as the CA takes and records when each step happened.
 */
async function runSubcommand(
  deps: AppDeps,
  live: AppDeps,
  request: { body: unknown; client: WebClient; respond: RespondFn; deliveryId: string | undefined },
): Promise<void> {
  const { client, respond, deliveryId } = request;
  const payload = SlashPayload.parse(request.body);
  const who = await identifyPerson(deps, client, payload.user_id, payload.channel_id);
  const [name = 'help', ...args] = words(payload.text);
  const handler = SUBCOMMANDS[name.toLowerCase()];
  try {
    if (!handler)
      return await replyPrivately(
        respond,
        who.locale,
        DENIED.unknownSubcommand(name, closestNames(name, Object.keys(SUBCOMMANDS))),
      );
    await handler({
      deps: handler === order ? live : deps,
      client,
      who,
      args,
      triggerId: payload.trigger_id,
      respond,
      deliveryId,
    });
  } catch (e) {
    await replyPrivately(respond, who.locale, DENIED.failed).catch(() => {});
    throw e;
  }
}
