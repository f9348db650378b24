import type { App } from '@slack/bolt';
import { type ItemCode } from '../../src/domain/catalog.js';
import { jstDateOf } from '../../src/domain/dates.js';
import { quote } from '../../src/domain/quote.js';
import { findTerm } from '../../src/domain/terms.js';
import { loadAbolitions } from '../../src/services/abolitions.js';
import { QUOTE_BLOCKS, QUOTE_MODAL, quoteBlocks, quoteModal } from '../../src/slack/views/quote.js';
import { ViewPayload, valueOf, identifyPerson, type AppDeps } from '../context.js';
import { modalErrors } from './errors.js';

/** The quote modal: the quote appears under the pickers, which stay for another try. */
export function register(app: App, deps: AppDeps): void {
  app.view(QUOTE_MODAL, async ({ ack, body, client }) => {
    const p = ViewPayload.parse(body);
    const v = p.view.state.values;
    const item = String(valueOf(v, QUOTE_BLOCKS.item) ?? '');
    const term = findTerm(String(valueOf(v, QUOTE_BLOCKS.term) ?? ''));
    const kind = valueOf(v, QUOTE_BLOCKS.kind) === 'renewal' ? 'renewal' : 'new';
    const w = await identifyPerson(deps, client, p.user.id, null);
    if (!term) return ack({ response_action: 'errors', errors: { [QUOTE_BLOCKS.term]: '?' } });
    const q = quote({
      item: item as ItemCode,
      term,
      kind,
      asOf: jstDateOf(deps.clock()),
      abolitions: await loadAbolitions(deps.database.db),
    });
    if (!q.ok)
      return ack({
        response_action: 'errors',
        errors: modalErrors(
          q.reasons,
          (r) => (r.code === 'term-not-offered' ? QUOTE_BLOCKS.term : QUOTE_BLOCKS.item),
          w.locale,
        ),
      });
    await ack({
      response_action: 'update',
      view: quoteModal(w.locale, { item, term, kind }, quoteBlocks(q.value, w.locale)),
    });
  });
}
