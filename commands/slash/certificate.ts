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
export async function contractFor({ deps, who }: Slash, id: string | undefined, usage: Bilingual) {
  if (!id) return { answer: usage };
  const named = await contractNamed(deps.database.db, who.person, id);
  return named.ok ? { contract: named.contract } : { answer: DENIED.noSuchContract(named.id, named.theirs) };
}

/** `/cert csr CONTRACT [key type]` (staff, Art. 4(7)): a key pair kept sealed, and the CSR shown. */
export const csr: SlashHandler = async (command) => {
  const { deps, who, args, respond } = command;
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const [id, type = 'rsa-2048'] = args;
  const found = await contractFor(command, id, CERTIFICATE.csrUsage);
  if (!found.contract) return replyPrivately(respond, locale, found.answer);
  const contract = found.contract;
  if (!isKeyType(type)) return replyPrivately(respond, locale, CERTIFICATE.badKeyType(type));
  const master = deps.config.masterKey;
  if (!master) return replyPrivately(respond, locale, CERTIFICATE.noMasterKey);
  const result = await createCsrFor(
    deps.database.db,
    { contractId: contract.id, keyType: type, master, actor: `slack:${who.userId}` },
    deps.clock(),
  );
  if (!result.ok) return replyPrivately(respond, locale, result.reasons.map((x) => reasonLine(x, locale)).join('\n'));
  const created = result.value;
  await respond({
    response_type: 'ephemeral',
    text: CERTIFICATE.csrHeader(created.contract)[locale],
    blocks: [
      header(CERTIFICATE.csrHeader(created.contract)[locale]),
      section(
        `*CN* ${created.commonName} · *SAN* ${created.sans.join(', ')} · *${created.keyType}*\n\`\`\`${created.csr.trim()}\`\`\``,
      ),
      context(CERTIFICATE.csrKept[locale]),
    ],
  });
};

/** `/cert attach CONTRACT` (staff): the modal for an issued certificate (category I/II). */
export const attach: SlashHandler = async (command) => {
  const { client, who, args, triggerId, respond } = command;
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const found = await contractFor(command, args[0], CERTIFICATE.usage('attach'));
  if (!found.contract) return replyPrivately(respond, locale, found.answer);
  const contract = found.contract;
  await client.views.open({
    trigger_id: triggerId,
    view: certificateModal(locale, {
      mode: 'attach',
      contractId: contract.id,
      commonName: contract.commonName,
      channel: who.channelId,
    }),
  });
};

/** `/cert certificate CONTRACT` (contacts, staff): a category III renewal certificate. */
export const certificate: SlashHandler = async (command) => {
  const { client, who, args, triggerId, respond } = command;
  const locale = who.locale;
  const found = await contractFor(command, args[0], CERTIFICATE.usage('certificate'));
  if (!found.contract) return replyPrivately(respond, locale, found.answer);
  const contract = found.contract;
  if (itemByCode(contract.item as ItemCode).category !== 'III')
    return replyPrivately(respond, locale, CERTIFICATE.usage('attach'));
  await client.views.open({
    trigger_id: triggerId,
    view: certificateModal(locale, {
      mode: 'upload',
      contractId: contract.id,
      commonName: contract.commonName,
      channel: who.channelId,
    }),
  });
};

/** `/cert check CONTRACT`: what the contract's host really serves. */
export const check: SlashHandler = async (command) => {
  const { deps, who, args, respond } = command;
  const locale = who.locale;
  const found = await contractFor(command, args[0], CERTIFICATE.usage('check'));
  if (!found.contract) return replyPrivately(respond, locale, found.answer);
  const contract = found.contract;
  const [served] = await checkServed(
    deps.database.db,
    { contractId: contract.id, noticeDays: Math.max(...deps.config.renewalPolicy.noticeDays), timeoutMs: 5_000 },
    deps.clock(),
  );
  if (!served)
    return replyPrivately(respond, locale, CERTIFICATE.nothingToCheck(contract.id, contract.status === 'ended'));
  await deps.requestSweep('check');
  await replyPrivately(
    respond,
    locale,
    CERTIFICATE.checkResult(contract.id, served.target, CERTIFICATE.outcomes[served.outcome][locale]),
  );
};
