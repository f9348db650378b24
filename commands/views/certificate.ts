import type { ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { jstWallClock } from '../../src/domain/dates.js';
import { TERM_NAMES } from '../../src/domain/terms.js';
import { CERTIFICATE, DENIED } from '../../src/i18n/app.js';
import { slackYen } from '../../src/i18n/slack.js';
import { attachCertificate, uploadRenewalCertificate } from '../../src/services/certificates.js';
import { listContracts } from '../../src/services/contracts.js';
import { mayActFor } from '../../src/services/people.js';
import { attachedMessage, CERTIFICATE_BLOCK, CERTIFICATE_MODAL } from '../../src/slack/views/certificate.js';
import { ViewPayload, valueOf, identifyPerson, type AppDeps, type ModalSubmission } from '../context.js';
import { modalErrors } from './errors.js';
import type { Routes } from '../routes.js';

const Metadata = z.object({
  mode: z.enum(['attach', 'upload']),
  contractId: z.string(),
  channel: z.string().nullable(),
});

/**
 * A certificate in PEM, attached to a contract by staff or uploaded for a renewal by its customer:
 * every check that fails comes back under the input, at once.
 */
export const attachCertificateFromModal =
  (deps: AppDeps) =>
  async ({ ack, body, client }: ModalSubmission): Promise<void> => {
    const payload = ViewPayload.parse(body);
    const meta = Metadata.parse(JSON.parse(payload.view.private_metadata || '{}'));
    const who = await identifyPerson(deps, client, payload.user.id, meta.channel);
    const [contract] = await listContracts(
      deps.database.db,
      { ids: [meta.contractId] },
      deps.clock(),
      deps.config.renewalPolicy,
    );
    const role = contract ? mayActFor(who.person, contract.customer) : null;
    if (!contract || !role || (meta.mode === 'attach' && role !== 'staff'))
      return ack({ response_action: 'errors', errors: { [CERTIFICATE_BLOCK]: DENIED.stranger[who.locale] } });
    const pem = String(valueOf(payload.view.state.values, CERTIFICATE_BLOCK) ?? '');
    const actor = `slack:${who.userId}`;
    const now = deps.clock();
    const underTheInput = () => CERTIFICATE_BLOCK;
    let text: string;
    if (meta.mode === 'attach') {
      const attached = await attachCertificate(deps.database.db, { contractId: contract.id, pem, actor }, now);
      if (!attached.ok)
        return ack({ response_action: 'errors', errors: modalErrors(attached.reasons, underTheInput, who.locale) });
      text = attachedMessage({
        contract: contract.id,
        notAfter: `${jstWallClock(attached.value.notAfter)} JST`,
        already: attached.value.already,
        firstTerm: attached.value.firstTerm,
      })[who.locale];
    } else {
      const uploaded = await uploadRenewalCertificate(deps.database.db, { contractId: contract.id, pem, actor }, now);
      if (!uploaded.ok)
        return ack({ response_action: 'errors', errors: modalErrors(uploaded.reasons, underTheInput, who.locale) });
      text = CERTIFICATE.uploaded(
        contract.id,
        TERM_NAMES[uploaded.value.term][who.locale],
        slackYen(uploaded.value.fees),
      )[who.locale];
    }
    await ack();
    await deps.requestSweep('certificate');
    if (meta.channel) await client.chat.postEphemeral({ channel: meta.channel, user: who.userId, text });
  };

export function register(app: Routes, deps: AppDeps): void {
  app.view<ViewSubmitAction>(CERTIFICATE_MODAL, attachCertificateFromModal(deps));
}
