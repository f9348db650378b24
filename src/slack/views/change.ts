// Art. 5: the change-of-service modal, the staff message that decides it, and the answer.
import type { KnownBlock, ModalView } from '@slack/types';
import { CHANGE } from '../../i18n/app.js';
import type { Locale } from '../../i18n/text.js';
import {
  actions,
  button,
  context,
  esc,
  header,
  input,
  LIMITS,
  option,
  plain,
  section,
  staticSelect,
} from './blocks.js';

export const CHANGE_MODAL = 'change_modal';
export const CHANGE_BLOCKS = { contract: 'change_contract', service: 'change_service' } as const;
export const ACCEPT_CHANGE = 'change:accept';
export const REJECT_CHANGE = 'change:reject';

export function changeModal(
  l: Locale,
  contracts: { id: string; commonName: string; service: string | null }[],
  services: { code: string; name: string }[],
  chosen: string | undefined,
  channel: string | null,
): ModalView {
  return {
    type: 'modal',
    callback_id: CHANGE_MODAL,
    title: plain(CHANGE.title[l], LIMITS.viewTitle),
    submit: plain(CHANGE.submit[l], LIMITS.viewSubmit),
    close: plain(CHANGE.close[l], LIMITS.viewClose),
    private_metadata: JSON.stringify({ channel }),
    blocks: [
      input(
        CHANGE_BLOCKS.contract,
        CHANGE.contract[l],
        staticSelect(
          'contract',
          CHANGE.contract[l],
          contracts.map((c) => option(`${c.id} (${c.commonName}, ${c.service ?? '—'})`, c.id)),
          chosen,
        ),
      ),
      input(
        CHANGE_BLOCKS.service,
        CHANGE.toService[l],
        staticSelect(
          'service',
          CHANGE.toService[l],
          services.map((s) => option(`${s.name} (${s.code})`, s.code)),
        ),
      ),
    ],
  };
}

export interface ChangeModel {
  locale: Locale;
  id: number;
  contractId: string;
  from: string | null;
  to: string;
  requestedBy: string;
  status: 'requested' | 'accepted' | 'refused';
  decidedBy: string | null;
}

export function changeForStaff(m: ChangeModel): { text: string; blocks: KnownBlock[] } {
  const l = m.locale;
  const blocks: KnownBlock[] = [
    header(CHANGE.header(m.id)[l]),
    section(CHANGE.body(esc(m.contractId), esc(m.from ?? '—'), esc(m.to), m.requestedBy)[l]),
  ];
  if (m.status === 'requested') {
    blocks.push(
      actions(`change:${m.id}`, [
        button(CHANGE.accept[l], ACCEPT_CHANGE, String(m.id), { style: 'primary' }),
        button(CHANGE.reject[l], REJECT_CHANGE, String(m.id), { style: 'danger' }),
      ]),
    );
  } else {
    blocks.push(context(CHANGE.decided(m.status === 'accepted', m.decidedBy ?? '')[l]));
  }
  return { text: CHANGE.header(m.id)[l], blocks };
}

export function changeDecided(m: ChangeModel): { text: string; blocks: KnownBlock[] } {
  const text = CHANGE.customerDecided(m.status === 'accepted', esc(m.contractId), esc(m.to))[m.locale];
  return { text, blocks: [section(text)] };
}
