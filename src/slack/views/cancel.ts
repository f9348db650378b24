// The cancellation form (Art. 9(2)) as a modal: it shows the effective date the rules give, and
// that paid fees are not refunded, before it is submitted.
import type { KnownBlock, ModalView } from '@slack/types';
import { CANCEL, CANCEL_TOLD } from '../../i18n/app.js';
import type { Locale } from '../../i18n/text.js';
import {
  context,
  datepicker,
  esc,
  header,
  input,
  LIMITS,
  option,
  plain,
  section,
  staticSelect,
  textInput,
} from './blocks.js';

export const CANCEL_MODAL = 'cancel_modal';
export const CANCEL_BLOCKS = {
  contract: 'cancel_contract',
  requested: 'cancel_requested',
  received: 'cancel_received',
  effective: 'cancel_effective',
} as const;
/** The date picker dispatches its choice, so the modal can show the effective date at once. */
export const CANCEL_DATE_ACTION = 'cancel:requested';
export const CANCEL_CONTRACT_ACTION = 'cancel:contract';

export interface CancelModalModel {
  locale: Locale;
  staff: boolean;
  contracts: { id: string; commonName: string }[];
  chosen?: string;
  requested?: string;
  received?: string;
  /** The effective date for the choices so far (domain/cancellation.ts), shown before submitting. */
  effective: string;
  /** The term ends before the effective date: it would renew unless the customer answers "don't renew". */
  expiryBefore: string | null;
  metadata: string;
}

export function cancelModal(m: CancelModalModel): ModalView {
  const l = m.locale;
  const blocks: KnownBlock[] = [
    input(
      CANCEL_BLOCKS.contract,
      CANCEL.contract[l],
      {
        ...staticSelect(
          CANCEL_CONTRACT_ACTION,
          CANCEL.contract[l],
          m.contracts.map((c) => option(`${c.id} (${c.commonName})`, c.id)),
          m.chosen,
        ),
      },
      { dispatch: true },
    ),
  ];
  if (m.staff)
    blocks.push(
      input(
        CANCEL_BLOCKS.received,
        CANCEL.received[l],
        textInput('received', { placeholder: '2026-09-01 10:00', initial: m.received }),
        { hint: CANCEL.receivedHint[l] },
      ),
    );
  blocks.push(
    input(
      CANCEL_BLOCKS.requested,
      CANCEL.requested[l],
      datepicker(CANCEL_DATE_ACTION, CANCEL.requested[l], m.requested),
      { optional: true, dispatch: true },
    ),
    section(CANCEL.rule[l]),
    section(CANCEL.effective(m.effective)[l], { blockId: CANCEL_BLOCKS.effective }),
    ...(m.expiryBefore ? [context(CANCEL.afterExpiry(m.expiryBefore, null)[l])] : []),
    context(CANCEL.noRefund[l]),
  );
  return {
    type: 'modal',
    callback_id: CANCEL_MODAL,
    title: plain((m.staff ? CANCEL.titleStaff : CANCEL.title)[l], LIMITS.viewTitle),
    submit: plain((m.staff ? CANCEL.submitStaff : CANCEL.submit)[l], LIMITS.viewSubmit),
    close: plain(CANCEL.close[l], LIMITS.viewClose),
    private_metadata: m.metadata,
    blocks,
  };
}

export interface CancellationToldModel {
  locale: Locale;
  kind: 'recorded' | 'corrected' | 'withdrawn';
  contractId: string;
  customerName: string;
  commonName: string;
  itemName: string;
  receivedOn: string;
  effectiveOn: string;
  by: string;
}

/** Art. 9(2): a cancellation recorded, corrected or withdrawn, for the customer's channel and for staff. */
export function cancellationTold(m: CancellationToldModel): { text: string; blocks: KnownBlock[] } {
  const l = m.locale;
  const title = CANCEL_TOLD.header(m.kind, m.commonName)[l];
  return {
    text: title,
    blocks: [
      header(title),
      section(CANCEL_TOLD.body(m.kind, esc(m.itemName), esc(m.contractId), m.receivedOn, m.effectiveOn)[l]),
      context(esc(CANCEL_TOLD.by(m.by, m.customerName)[l])),
    ],
  };
}
