import type { ViewSubmitAction } from '@slack/bolt';
import { type ItemCode } from '../../src/domain/catalog.js';
import { jstDateOf } from '../../src/domain/dates.js';
import { quote } from '../../src/domain/quote.js';
import { findTerm } from '../../src/domain/terms.js';
import { loadAbolitions } from '../../src/services/abolitions.js';
import { QUOTE_BLOCKS, QUOTE_MODAL, quoteBlocks, quoteModal } from '../../src/slack/views/quote.js';
import { ViewPayload, valueOf, identifyPerson, type AppDeps, type ModalSubmission } from '../context.js';
import { modalErrors } from './errors.js';
import type { Routes } from '../routes.js';

/** The quote modal: the quote appears under the pickers, which stay for another try. */
export const quoteFromModal =
  (deps: AppDeps) =>
  async ({ ack, body, client }: ModalSubmission): Promise<void> => {
    const payload = ViewPayload.parse(body);
    const values = payload.view.state.values;
    const item = String(valueOf(values, QUOTE_BLOCKS.item) ?? '');
    const term = findTerm(String(valueOf(values, QUOTE_BLOCKS.term) ?? ''));
    const kind = valueOf(values, QUOTE_BLOCKS.kind) === 'renewal' ? 'renewal' : 'new';
    const who = await identifyPerson(deps, client, payload.user.id, null);
    if (!term) return ack({ response_action: 'errors', errors: { [QUOTE_BLOCKS.term]: '?' } });
    const quoted = quote({
      item: item as ItemCode,
      term,
      kind,
      asOf: jstDateOf(deps.clock()),
      abolitions: await loadAbolitions(deps.database.db),
    });
    if (!quoted.ok)
      return ack({
        response_action: 'errors',
        errors: modalErrors(
          quoted.reasons,
          (reason) => (reason.code === 'term-not-offered' ? QUOTE_BLOCKS.term : QUOTE_BLOCKS.item),
          who.locale,
        ),
      });
    await ack({
      response_action: 'update',
      view: quoteModal(who.locale, { item, term, kind }, quoteBlocks(quoted.value, who.locale)),
    });
  };

export function register(app: Routes, deps: AppDeps): void {
  app.view<ViewSubmitAction>(QUOTE_MODAL, quoteFromModal(deps));
}
