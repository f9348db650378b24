import type { ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { ITEM_CODES } from '../../src/domain/catalog.js';
import type { Reason } from '../../src/domain/reasons.js';
import { TERM_CODES } from '../../src/domain/terms.js';
import { APPLY, DENIED } from '../../src/i18n/app.js';
import { submitApplication } from '../../src/services/applications.js';
import { mayActFor } from '../../src/services/people.js';
import { APPLY_BLOCKS, APPLY_MODAL } from '../../src/slack/views/application.js';
import {
  ViewPayload,
  choicesOf,
  textOf,
  valueOf,
  identifyPerson,
  type AppDeps,
  type ModalSubmission,
  deliveryOf,
} from '../context.js';
import { modalErrors } from './errors.js';
import type { Routes } from '../routes.js';

const Metadata = z.object({ customerId: z.string().nullable(), channel: z.string().nullable() });

/** Where each refusal is shown in the application modal. */
function blockOf(reason: Reason): string {
  switch (reason.code) {
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
export const submitApplicationFromModal =
  (deps: AppDeps) =>
  async ({ ack, body, client, context }: ModalSubmission): Promise<void> => {
    const payload = ViewPayload.parse(body);
    const meta = Metadata.parse(JSON.parse(payload.view.private_metadata || '{}'));
    const values = payload.view.state.values;
    const who = await identifyPerson(deps, client, payload.user.id, meta.channel);
    const customerId = meta.customerId ?? textOf(values, APPLY_BLOCKS.customer);
    if (!customerId || !mayActFor(who.person, customerId))
      return ack({
        response_action: 'errors',
        errors: { [meta.customerId ? APPLY_BLOCKS.item : APPLY_BLOCKS.customer]: DENIED.stranger[who.locale] },
      });
    const item = z.enum(ITEM_CODES).safeParse(valueOf(values, APPLY_BLOCKS.item));
    const term = z.enum(TERM_CODES).safeParse(valueOf(values, APPLY_BLOCKS.term));
    if (!item.success || !term.success)
      return ack({
        response_action: 'errors',
        errors: { [item.success ? APPLY_BLOCKS.term : APPLY_BLOCKS.item]: '—' },
      });
    const options = choicesOf(values, APPLY_BLOCKS.options);
    const result = await submitApplication(
      deps.database.db,
      {
        customerId,
        item: item.data,
        term: term.data,
        commonName: String(valueOf(values, APPLY_BLOCKS.commonName) ?? ''),
        service: textOf(values, APPLY_BLOCKS.service),
        providerCreatesKey: options.includes('provider-creates-key'),
        movedFromExternalServer: options.includes('moved-from-external-server'),
        certificatePem: textOf(values, APPLY_BLOCKS.certificate),
        transitionException: who.person.staff ? textOf(values, APPLY_BLOCKS.transitionException) : null,
        submittedBy: who.userId,
        actor: `slack:${who.userId}`,
        channel: meta.channel,
        deliveryId: deliveryOf(context),
      },
      deps.clock(),
    );
    if (!result.ok) return ack({ response_action: 'errors', errors: modalErrors(result.reasons, blockOf, who.locale) });
    await ack();
    await deps.requestSweep('application');
    const text = (result.value.duplicate ? APPLY.duplicate : APPLY.received)(result.value.application.id)[who.locale];
    if (meta.channel) await client.chat.postEphemeral({ channel: meta.channel, user: who.userId, text });
  };

export function register(app: Routes, deps: AppDeps): void {
  app.view<ViewSubmitAction>(APPLY_MODAL, submitApplicationFromModal(deps));
}
