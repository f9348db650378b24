import { isKeyType } from '../../src/crypto/keys.js';
import { itemByCode, type ItemCode } from '../../src/domain/catalog.js';
import { CERTIFICATE, DENIED } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import type { Bilingual } from '../../src/i18n/text.js';
import { createCsrFor } from '../../src/services/custody.js';
import { contractNamed } from '../../src/services/contracts.js';
import { checkServed } from '../../src/services/served.js';
import { context, header, section } from '../../src/slack/views/blocks.js';
import { certificateModal } from '../../src/slack/views/certificate.js';
import { replyPrivately } from '../context.js';
import type { Slash, SlashHandler } from './types.js';

/** The contract named, or the answer to give: the usage line when none is named, else why it is not one of theirs. */
export async function contractFor(s: Slash, id: string | undefined, usage: Bilingual) {
  if (!id) return { answer: usage };
  const named = await contractNamed(s.deps.database.db, s.who.person, id);
  return named.ok ? { contract: named.contract } : { answer: DENIED.noSuchContract(named.id, named.theirs) };
}

/** `/cert csr CONTRACT [key type]` (staff, Art. 4(7)): a key pair kept sealed, and the CSR shown. */
export const csr: SlashHandler = async (s) => {
  const l = s.who.locale;
  if (!s.who.person.staff) return replyPrivately(s.respond, l, DENIED.staffOnly);
  const [id, type = 'rsa-2048'] = s.args;
  const found = await contractFor(s, id, CERTIFICATE.csrUsage);
  if (!found.contract) return replyPrivately(s.respond, l, found.answer);
  const c = found.contract;
  if (!isKeyType(type)) return replyPrivately(s.respond, l, CERTIFICATE.badKeyType(type));
  const master = s.deps.config.masterKey;
  if (!master) return replyPrivately(s.respond, l, CERTIFICATE.noMasterKey);
  const r = await createCsrFor(
    s.deps.database.db,
    { contractId: c.id, keyType: type, master, actor: `slack:${s.who.userId}` },
    s.deps.clock(),
  );
  if (!r.ok) return replyPrivately(s.respond, l, r.reasons.map((x) => reasonLine(x, l)).join('\n'));
  const v = r.value;
  await s.respond({
    response_type: 'ephemeral',
    text: CERTIFICATE.csrHeader(v.contract)[l],
    blocks: [
      header(CERTIFICATE.csrHeader(v.contract)[l]),
      section(`*CN* ${v.commonName} · *SAN* ${v.sans.join(', ')} · *${v.keyType}*\n\`\`\`${v.csr.trim()}\`\`\``),
      context(CERTIFICATE.csrKept[l]),
    ],
  });
};

/** `/cert attach CONTRACT` (staff): the modal for an issued certificate (category I/II). */
export const attach: SlashHandler = async (s) => {
  const l = s.who.locale;
  if (!s.who.person.staff) return replyPrivately(s.respond, l, DENIED.staffOnly);
  const found = await contractFor(s, s.args[0], CERTIFICATE.usage('attach'));
  if (!found.contract) return replyPrivately(s.respond, l, found.answer);
  const c = found.contract;
  await s.client.views.open({
    trigger_id: s.triggerId,
    view: certificateModal(l, { mode: 'attach', contractId: c.id, commonName: c.commonName, channel: s.who.channelId }),
  });
};

/** `/cert certificate CONTRACT` (contacts, staff): a category III renewal certificate. */
export const certificate: SlashHandler = async (s) => {
  const l = s.who.locale;
  const found = await contractFor(s, s.args[0], CERTIFICATE.usage('certificate'));
  if (!found.contract) return replyPrivately(s.respond, l, found.answer);
  const c = found.contract;
  if (itemByCode(c.item as ItemCode).category !== 'III')
    return replyPrivately(s.respond, l, CERTIFICATE.usage('attach'));
  await s.client.views.open({
    trigger_id: s.triggerId,
    view: certificateModal(l, { mode: 'upload', contractId: c.id, commonName: c.commonName, channel: s.who.channelId }),
  });
};

/** `/cert check CONTRACT`: what the contract's host really serves. */
export const check: SlashHandler = async (s) => {
  const l = s.who.locale;
  const found = await contractFor(s, s.args[0], CERTIFICATE.usage('check'));
  if (!found.contract) return replyPrivately(s.respond, l, found.answer);
  const c = found.contract;
  const [r] = await checkServed(
    s.deps.database.db,
    { contractId: c.id, noticeDays: Math.max(...s.deps.config.renewalPolicy.noticeDays), timeoutMs: 5_000 },
    s.deps.clock(),
  );
  if (!r) return replyPrivately(s.respond, l, CERTIFICATE.nothingToCheck(c.id, c.status === 'ended'));
  await s.deps.requestSweep('check');
  await replyPrivately(s.respond, l, CERTIFICATE.checkResult(c.id, r.target, CERTIFICATE.outcomes[r.outcome][l]));
};
