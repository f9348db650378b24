// The application modal (Art. 3, 4, 7), the message that asks staff to decide, and the message
// that tells the customer what was decided.
import type { KnownBlock, ModalView } from '@slack/types';
import { ITEMS } from '../../domain/catalog.js';
import { isTermCode, TERM_CODES, TERM_NAMES } from '../../domain/terms.js';
import { APPLICATION, APPLY, QUOTE } from '../../i18n/app.js';
import { slackYen } from '../../i18n/slack.js';
import type { Locale } from '../../i18n/text.js';
import {
  actions,
  button,
  checkboxes,
  context,
  esc,
  fieldsSections,
  header,
  input,
  LIMITS,
  option,
  plain,
  section,
  staticSelect,
  textInput,
} from './blocks.js';

export const APPLY_MODAL = 'apply_modal';
export const APPLY_BLOCKS = {
  customer: 'apply_customer',
  item: 'apply_item',
  term: 'apply_term',
  commonName: 'apply_common_name',
  service: 'apply_service',
  options: 'apply_options',
  certificate: 'apply_certificate',
  transitionException: 'apply_transition_exception',
} as const;
export const ACCEPT_APPLICATION = 'application:accept';
export const REJECT_APPLICATION = 'application:reject';
export const ACCEPT_MODAL = 'application_accept_modal';
export const REJECT_MODAL = 'application_reject_modal';
export const DECIDE_BLOCKS = { fee: 'accept_fee', reason: 'reject_reason' } as const;

export interface ApplyModalModel {
  locale: Locale;
  /** Staff choose the customer; a contact applies for the channel's customer (in private_metadata). */
  customers: { id: string; name: string }[] | null;
  customerId: string | null;
  channel: string | null;
  services: { code: string; name: string }[];
}

export function applyModal(m: ApplyModalModel): ModalView {
  const l = m.locale;
  const items = ITEMS.filter((i) => i.sold).map((i) => option(i.name[l], i.code));
  const terms = TERM_CODES.map((t) => option(TERM_NAMES[t][l], t));
  const blocks: KnownBlock[] = [];
  if (m.customers)
    blocks.push(
      input(
        APPLY_BLOCKS.customer,
        APPLY.customer[l],
        staticSelect(
          'customer',
          APPLY.customer[l],
          m.customers.map((c) => option(`${c.name} (${c.id})`, c.id)),
          m.customerId ?? undefined,
        ),
      ),
    );
  blocks.push(
    input(APPLY_BLOCKS.item, QUOTE.item[l], staticSelect('item', QUOTE.pickItem[l], items)),
    input(APPLY_BLOCKS.term, QUOTE.term[l], staticSelect('term', QUOTE.pickTerm[l], terms)),
    input(
      APPLY_BLOCKS.commonName,
      APPLY.commonName[l],
      textInput('common_name', { placeholder: 'www.example.co.jp', maxLength: 253 }),
      { hint: APPLY.commonNameHint[l] },
    ),
    m.services.length
      ? input(
          APPLY_BLOCKS.service,
          APPLY.service[l],
          staticSelect(
            'service',
            APPLY.service[l],
            m.services.map((s) => option(`${s.name} (${s.code})`, s.code)),
          ),
          { optional: true },
        )
      : input(APPLY_BLOCKS.service, APPLY.service[l], textInput('service', { maxLength: 100 }), {
          optional: true,
          hint: APPLY.serviceHint[l],
        }),
    input(
      APPLY_BLOCKS.options,
      APPLY.options[l],
      checkboxes('options', [
        option(APPLY.providerCreatesKey[l], 'provider-creates-key'),
        option(APPLY.movedFromExternal[l], 'moved-from-external-server'),
      ]),
      { optional: true },
    ),
    input(
      APPLY_BLOCKS.certificate,
      APPLY.certificate[l],
      textInput('certificate', { multiline: true, placeholder: '-----BEGIN CERTIFICATE-----' }),
      { optional: true, hint: APPLY.certificateHint[l] },
    ),
  );
  // Art. 3 proviso: only staff record the CA's transition period (the staff form is the one that picks the customer).
  if (m.customers)
    blocks.push(
      input(
        APPLY_BLOCKS.transitionException,
        APPLY.transitionException[l],
        textInput('transition_exception', { maxLength: 500 }),
        { optional: true, hint: APPLY.transitionExceptionHint[l] },
      ),
    );
  return {
    type: 'modal',
    callback_id: APPLY_MODAL,
    title: plain(APPLY.title[l], LIMITS.viewTitle),
    submit: plain(APPLY.submit[l], LIMITS.viewSubmit),
    close: plain(APPLY.close[l], LIMITS.viewClose),
    private_metadata: JSON.stringify({ customerId: m.customers ? null : m.customerId, channel: m.channel }),
    blocks,
  };
}

export interface ApplicationModel {
  locale: Locale;
  id: number;
  customerName: string;
  itemName: string;
  term: string;
  commonName: string;
  service: string | null;
  providerCreatesKey: boolean;
  submittedBy: string;
  submittedAt: string;
  fees: { total: number | null; individuallyPriced: boolean } | null;
  status: 'submitted' | 'accepted' | 'refused' | 'withdrawn';
  decidedBy: string | null;
  decidedAt: string | null;
  contractId: string | null;
  /** The reason given to the customer when it was rejected. */
  refusalReason: string | null;
  /** Appendix 1 §3: the agency fee, shown beside an individually priced certificate fee. */
  agencyFee: number | null;
}

/** Staff confirm an acceptance; for category II they give the agreed certificate fee (Appendix 1 §1). */
export function acceptModal(m: ApplicationModel): ModalView {
  const l = m.locale;
  const blocks: KnownBlock[] = [
    section(APPLICATION.acceptIntro(m.id, esc(m.customerName), esc(m.itemName), esc(m.commonName))[l]),
  ];
  if (m.fees?.individuallyPriced) {
    blocks.push(
      section(APPLICATION.acceptIndividual(slackYen(m.agencyFee ?? 0))[l]),
      input(DECIDE_BLOCKS.fee, APPLICATION.agreedFee[l], textInput('fee', { placeholder: '240000', maxLength: 12 }), {
        hint: APPLICATION.agreedFeeHint[l],
      }),
    );
  } else {
    blocks.push(section(APPLICATION.acceptFees(m.fees ? slackYen(m.fees.total) : '—')[l]));
  }
  return {
    type: 'modal',
    callback_id: ACCEPT_MODAL,
    title: plain(APPLICATION.acceptTitle[l], LIMITS.viewTitle),
    submit: plain(APPLICATION.accept[l], LIMITS.viewSubmit),
    close: plain(APPLICATION.back[l], LIMITS.viewClose),
    private_metadata: JSON.stringify({ applicationId: m.id }),
    blocks,
  };
}

/** Staff confirm a rejection with the reason the customer reads. */
export function rejectModal(m: ApplicationModel): ModalView {
  const l = m.locale;
  return {
    type: 'modal',
    callback_id: REJECT_MODAL,
    title: plain(APPLICATION.rejectTitle[l], LIMITS.viewTitle),
    submit: plain(APPLICATION.reject[l], LIMITS.viewSubmit),
    close: plain(APPLICATION.back[l], LIMITS.viewClose),
    private_metadata: JSON.stringify({ applicationId: m.id }),
    blocks: [
      section(APPLICATION.rejectIntro(m.id, esc(m.customerName))[l]),
      context(`${esc(m.itemName)} · ${esc(m.commonName)}`),
      input(
        DECIDE_BLOCKS.reason,
        APPLICATION.rejectReason[l],
        textInput('reason', { multiline: true, maxLength: 500 }),
      ),
    ],
  };
}

/** For staff: the application with Accept and Reject, or, once decided, who decided what. */
export function applicationForStaff(m: ApplicationModel): { text: string; blocks: KnownBlock[] } {
  const l = m.locale;
  const f = APPLICATION.fields;
  const fees = m.fees
    ? m.fees.individuallyPriced
      ? `${QUOTE.individuallyPriced[l]} ${APPLICATION.individuallyPriced[l]}`
      : slackYen(m.fees.total)
    : '—';
  const blocks: KnownBlock[] = [
    header(APPLICATION.header(m.id)[l]),
    section(APPLICATION.submittedBy(m.submittedBy, m.submittedAt)[l]),
    ...fieldsSections([
      [f.customer[l], esc(m.customerName)],
      [f.item[l], esc(m.itemName)],
      [f.term[l], isTermCode(m.term) ? TERM_NAMES[m.term][l] : esc(m.term)],
      [f.commonName[l], esc(m.commonName)],
      [f.service[l], esc(m.service ?? '—')],
      [f.options[l], m.providerCreatesKey ? APPLICATION.providerCreatesKey[l] : APPLICATION.none[l]],
      [f.fees[l], fees],
    ]),
  ];
  if (m.status === 'submitted') {
    // Both open a modal that confirms: accepting makes fees accrue, rejecting tells the customer why.
    blocks.push(
      actions(`application:${m.id}`, [
        button(APPLICATION.accept[l], ACCEPT_APPLICATION, String(m.id), { style: 'primary' }),
        button(APPLICATION.reject[l], REJECT_APPLICATION, String(m.id), { style: 'danger' }),
      ]),
    );
  } else if (m.status === 'accepted') {
    blocks.push(context(APPLICATION.accepted(m.decidedBy ?? '', m.decidedAt ?? '', m.contractId ?? '')[l]));
  } else {
    blocks.push(
      context(
        APPLICATION.rejected(
          m.decidedBy ?? '',
          m.decidedAt ?? '',
          m.refusalReason === null ? null : esc(m.refusalReason),
        )[l],
      ),
    );
  }
  return { text: APPLICATION.header(m.id)[l], blocks };
}

/** For the customer's channel: accepted (with the contract and fees) or not. */
export function applicationDecided(m: ApplicationModel & { feesRecorded: number | null }): {
  text: string;
  blocks: KnownBlock[];
} {
  const l = m.locale;
  const text =
    m.status === 'accepted'
      ? APPLICATION.customerAccepted(
          m.id,
          m.contractId ?? '',
          m.feesRecorded === null ? '' : APPLICATION.feesLine(slackYen(m.feesRecorded))[l],
        )[l]
      : APPLICATION.customerRejected(m.id, m.refusalReason === null ? null : esc(m.refusalReason))[l];
  return { text, blocks: [section(text), context(`${esc(m.itemName)} · ${esc(m.commonName)}`)] };
}
