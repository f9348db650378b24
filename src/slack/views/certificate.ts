// The modal that takes a certificate in PEM: staff attach an issued one (category I/II); a
// contact or staff bring a category III renewal certificate (Art. 3, 6(3)).
import type { ModalView } from '@slack/types';
import { CERTIFICATE } from '../../i18n/app.js';
import type { Bilingual, Locale } from '../../i18n/text.js';
import { esc, input, LIMITS, plain, section, textInput } from './blocks.js';

export const CERTIFICATE_MODAL = 'certificate_modal';
export const CERTIFICATE_BLOCK = 'certificate_pem';

export function certificateModal(
  l: Locale,
  m: { mode: 'attach' | 'upload'; contractId: string; commonName: string; channel: string | null },
): ModalView {
  return {
    type: 'modal',
    callback_id: CERTIFICATE_MODAL,
    title: plain((m.mode === 'attach' ? CERTIFICATE.attachTitle : CERTIFICATE.uploadTitle)[l], LIMITS.viewTitle),
    submit: plain(CERTIFICATE.submit[l], LIMITS.viewSubmit),
    close: plain(CERTIFICATE.close[l], LIMITS.viewClose),
    private_metadata: JSON.stringify({ mode: m.mode, contractId: m.contractId, channel: m.channel }),
    blocks: [
      section(CERTIFICATE.intro(esc(m.contractId), esc(m.commonName))[l]),
      input(
        CERTIFICATE_BLOCK,
        CERTIFICATE.pem[l],
        textInput('pem', { multiline: true, placeholder: '-----BEGIN CERTIFICATE-----' }),
        { hint: CERTIFICATE.pemHint[l] },
      ),
    ],
  };
}

/** What attaching a certificate recorded: the term it began, a reissue, or nothing new (the same certificate again). */
export function attachedMessage(r: {
  contract: string;
  notAfter: string;
  already: boolean;
  firstTerm: boolean;
}): Bilingual {
  if (r.already) return CERTIFICATE.alreadyAttached(r.contract, r.notAfter);
  return CERTIFICATE.attached(r.contract, r.notAfter, !r.firstTerm);
}
