import type { App } from '@slack/bolt';
import { z } from 'zod';
import { jstWallClock } from '../../src/domain/dates.js';
import { TERM_NAMES } from '../../src/domain/terms.js';
import { CERTIFICATE, DENIED } from '../../src/i18n/app.js';
import { slackYen } from '../../src/i18n/slack.js';
import { attachCertificate, uploadRenewalCertificate } from '../../src/services/certificates.js';
import { listContracts } from '../../src/services/contracts.js';
import { mayActFor } from '../../src/services/people.js';
import { attachedMessage, CERTIFICATE_BLOCK, CERTIFICATE_MODAL } from '../../src/slack/views/certificate.js';
import { ViewPayload, valueOf, identifyPerson, type AppDeps } from '../context.js';
import { modalErrors } from './errors.js';

const Metadata = z.object({
  mode: z.enum(['attach', 'upload']),
  contractId: z.string(),
  channel: z.string().nullable(),
});

/** A certificate in PEM: every check that fails comes back under the input, at once. */
export function register(app: App, deps: AppDeps): void {
  app.view(CERTIFICATE_MODAL, async ({ ack, body, client }) => {
    const p = ViewPayload.parse(body);
    const meta = Metadata.parse(JSON.parse(p.view.private_metadata || '{}'));
    const w = await identifyPerson(deps, client, p.user.id, meta.channel);
    const [contract] = await listContracts(
      deps.database.db,
      { ids: [meta.contractId] },
      deps.clock(),
      deps.config.renewalPolicy,
    );
    const role = contract ? mayActFor(w.person, contract.customer) : null;
    if (!contract || !role || (meta.mode === 'attach' && role !== 'staff'))
      return ack({ response_action: 'errors', errors: { [CERTIFICATE_BLOCK]: DENIED.stranger[w.locale] } });
    const pem = String(valueOf(p.view.state.values, CERTIFICATE_BLOCK) ?? '');
    const actor = `slack:${w.userId}`;
    const now = deps.clock();
    let text: string;
    if (meta.mode === 'attach') {
      const r = await attachCertificate(deps.database.db, { contractId: contract.id, pem, actor }, now);
      if (!r.ok)
        return ack({ response_action: 'errors', errors: modalErrors(r.reasons, () => CERTIFICATE_BLOCK, w.locale) });
      text = attachedMessage({
        contract: contract.id,
        notAfter: `${jstWallClock(r.value.notAfter)} JST`,
        already: r.value.already,
        firstTerm: r.value.firstTerm,
      })[w.locale];
    } else {
      const r = await uploadRenewalCertificate(deps.database.db, { contractId: contract.id, pem, actor }, now);
      if (!r.ok)
        return ack({ response_action: 'errors', errors: modalErrors(r.reasons, () => CERTIFICATE_BLOCK, w.locale) });
      text = CERTIFICATE.uploaded(contract.id, TERM_NAMES[r.value.term][w.locale], slackYen(r.value.fees))[w.locale];
    }
    await ack();
    await deps.requestSweep('certificate');
    if (meta.channel) await client.chat.postEphemeral({ channel: meta.channel, user: w.userId, text });
  });
}
