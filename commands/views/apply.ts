import type { App } from '@slack/bolt';
import { z } from 'zod';
import { ITEM_CODES } from '../../src/domain/catalog.js';
import type { Reason } from '../../src/domain/reasons.js';
import { TERM_CODES } from '../../src/domain/terms.js';
import { APPLY, DENIED } from '../../src/i18n/app.js';
import { submitApplication } from '../../src/services/applications.js';
import { mayActFor } from '../../src/services/people.js';
import { APPLY_BLOCKS, APPLY_MODAL } from '../../src/slack/views/application.js';
import { ViewPayload, choicesOf, textOf, valueOf, identifyPerson, type AppDeps, deliveryOf } from '../context.js';
import { modalErrors } from './errors.js';

const Metadata = z.object({ customerId: z.string().nullable(), channel: z.string().nullable() });

/** Where each refusal is shown in the application modal. */
function blockOf(r: Reason): string {
  switch (r.code) {
    case 'term-not-offered':
    case 'certificate-tier-applies':
      return APPLY_BLOCKS.term;
    case 'common-name-invalid':
    case 'wildcard-needs-wildcard-item':
      return APPLY_BLOCKS.commonName;
    case 'moved-from-external-server':
      return APPLY_BLOCKS.options;
    case 'no-designated-service':
      return APPLY_BLOCKS.service;
    case 'certificate-missing':
    case 'certificate-unreadable':
    case 'certificate-expired':
    case 'certificate-not-yet-valid':
    case 'certificate-does-not-fit-term':
    case 'certificate-does-not-cover-name':
    case 'certificate-chain-invalid':
    case 'certificate-not-taken':
      return APPLY_BLOCKS.certificate;
    default:
      return APPLY_BLOCKS.item;
  }
}

/** The application (Art. 3, 4, 7): every refusal inside the modal with its article; a valid one goes to staff. */
export function register(app: App, deps: AppDeps): void {
  app.view(APPLY_MODAL, async ({ ack, body, client, context }) => {
    const p = ViewPayload.parse(body);
    const meta = Metadata.parse(JSON.parse(p.view.private_metadata || '{}'));
    const v = p.view.state.values;
    const w = await identifyPerson(deps, client, p.user.id, meta.channel);
    const customerId = meta.customerId ?? textOf(v, APPLY_BLOCKS.customer);
    if (!customerId || !mayActFor(w.person, customerId))
      return ack({
        response_action: 'errors',
        errors: { [meta.customerId ? APPLY_BLOCKS.item : APPLY_BLOCKS.customer]: DENIED.stranger[w.locale] },
      });
    const item = z.enum(ITEM_CODES).safeParse(valueOf(v, APPLY_BLOCKS.item));
    const term = z.enum(TERM_CODES).safeParse(valueOf(v, APPLY_BLOCKS.term));
    if (!item.success || !term.success)
      return ack({
        response_action: 'errors',
        errors: { [item.success ? APPLY_BLOCKS.term : APPLY_BLOCKS.item]: '—' },
      });
    const options = choicesOf(v, APPLY_BLOCKS.options);
    const r = await submitApplication(
      deps.database.db,
      {
        customerId,
        item: item.data,
        term: term.data,
        commonName: String(valueOf(v, APPLY_BLOCKS.commonName) ?? ''),
        service: textOf(v, APPLY_BLOCKS.service),
        providerCreatesKey: options.includes('provider-creates-key'),
        movedFromExternalServer: options.includes('moved-from-external-server'),
        certificatePem: textOf(v, APPLY_BLOCKS.certificate),
        transitionException: w.person.staff ? textOf(v, APPLY_BLOCKS.transitionException) : null,
        submittedBy: w.userId,
        actor: `slack:${w.userId}`,
        channel: meta.channel,
        deliveryId: deliveryOf(context),
      },
      deps.clock(),
    );
    if (!r.ok) return ack({ response_action: 'errors', errors: modalErrors(r.reasons, blockOf, w.locale) });
    await ack();
    await deps.requestSweep('application');
    const text = (r.value.duplicate ? APPLY.duplicate : APPLY.received)(r.value.application.id)[w.locale];
    if (meta.channel) await client.chat.postEphemeral({ channel: meta.channel, user: w.userId, text });
  });
}
