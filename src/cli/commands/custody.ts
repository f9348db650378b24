import { open, rm } from 'node:fs/promises';
import { isKeyType, KEY_TYPES } from '../../crypto/keys.js';
import { reasonSentence } from '../../i18n/messages.js';
import { CustodyError } from '../../crypto/custody.js';
import { bilingual, type Bilingual } from '../../i18n/text.js';
import { reason } from '../../domain/reasons.js';
import { createCsrFor, exportKey, rotateKeys } from '../../services/custody.js';
import { optional, required, type Command, type Context } from '../command.js';
import { Failure, Refusal, UsageError } from '../errors.js';
import { fields } from '../format.js';

/** The master key, or a refusal that says how to make one (`openssl rand -base64 32`). */
function masterKey(ctx: Context) {
  if (!ctx.config.masterKey) throw new Failure(reasonSentence(reason(null, 'master-key-missing')));
  return ctx.config.masterKey;
}

/** Why a kept key cannot be opened, without a word of the key. */
const CUSTODY_MESSAGES: Record<CustodyError['code'], Bilingual> = {
  tampered: bilingual(
    '保管している秘密鍵の暗号文が改ざんされているか、別の契約・鍵のものです（tampered）。書き出していません。',
    'The sealed private key was altered, or belongs to another contract or key (tampered). Nothing was written.',
  ),
  'unknown-master-key': bilingual(
    'この秘密鍵を暗号化したマスター鍵が設定されていません。CERTDESK_MASTER_KEY_PREVIOUS に前のマスター鍵を設定してください。',
    'The master key this private key was sealed under is not configured: set it as CERTDESK_MASTER_KEY_PREVIOUS.',
  ),
  malformed: bilingual(
    '保管している秘密鍵の形式が読めません（malformed）。',
    'The sealed private key is not in a form certdesk reads (malformed).',
  ),
};

const MASTER_HELP = bilingual(
  'CERTDESK_MASTER_KEY（32バイトの乱数の base64。作り方: openssl rand -base64 32）が必要です。',
  'Needs CERTDESK_MASTER_KEY (32 random bytes in base64; make one with openssl rand -base64 32).',
);

export const csrCreateCommand: Command = {
  name: 'csr create',
  summary: bilingual(
    '鍵ペアと CSR を作成し、秘密鍵を暗号化して保管します（第4条第7項）',
    'create a key pair and a CSR, and keep the private key sealed (Art. 4(7))',
  ),
  usage: `certdesk csr create --contract ID [--key-type ${KEY_TYPES.join('|')}] [--json]`,
  help: bilingual(
    `  --contract ID     契約。CSR のコモンネームは契約のコモンネーム、組織は契約者名です
  --key-type TYPE   ${KEY_TYPES.join('、')}（既定: rsa-2048）
CSR を表示します（PEM と内容）。秘密鍵は表示も記録もせず、暗号化したものだけを保管します。${MASTER_HELP.ja}`,
    `  --contract ID     the contract; the CSR names its common name, and the customer as organisation
  --key-type TYPE   ${KEY_TYPES.join(', ')} (default rsa-2048)
Prints the CSR (PEM and a summary). The private key is never shown or logged; only its sealed form is kept. ${MASTER_HELP.en}`,
  ),
  options: { contract: { type: 'string' }, 'key-type': { type: 'string' } },
  settings: ['DATABASE_URL', 'CERTDESK_MASTER_KEY'],
  async run(args, ctx) {
    const l = ctx.locale;
    const contractId = required(args, 'contract', bilingual('契約 ID', 'the contract id'));
    const keyType = optional(args, 'key-type') ?? 'rsa-2048';
    if (!isKeyType(keyType))
      throw new UsageError(
        bilingual(
          `--key-type は ${KEY_TYPES.join('、')} のいずれかです（「${keyType}」）`,
          `--key-type must be one of ${KEY_TYPES.join(', ')} (got "${keyType}")`,
        ),
      );
    const master = masterKey(ctx);
    const r = await createCsrFor(await ctx.db(), { contractId, keyType, master, actor: ctx.actor }, ctx.now);
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const json = {
      contract: v.contract,
      csr: v.csr,
      keyType: v.keyType,
      subject: v.subject,
      commonName: v.commonName,
      sans: v.sans,
      keyId: v.keyId,
      publicKeyFingerprint: v.publicKeyFingerprint,
    };
    const text = [
      fields([
        [l === 'ja' ? '契約' : 'Contract', v.contract],
        [l === 'ja' ? '鍵' : 'Key', `${v.keyType} (${v.keyId})`],
        [
          l === 'ja' ? 'サブジェクト' : 'Subject',
          Object.entries(v.subject)
            .map(([k, x]) => `${k}=${x}`)
            .join(', '),
        ],
        ['SAN', v.sans.join(', ')],
        [l === 'ja' ? '公開鍵 SHA-256' : 'Public key SHA-256', v.publicKeyFingerprint],
      ]),
      '',
      v.csr.trimEnd(),
      '',
      l === 'ja'
        ? '秘密鍵は暗号化して保管しました（表示しません）。'
        : 'The private key is kept, sealed (it is not shown).',
    ].join('\n');
    return { json, text };
  },
};

export const keysRotateCommand: Command = {
  name: 'keys rotate',
  summary: bilingual(
    '保管しているすべての秘密鍵を新しいマスター鍵で暗号化し直します（全件か無か）',
    'reseal every kept private key under the current master key, all or nothing',
  ),
  usage: 'certdesk keys rotate [--json]',
  help: bilingual(
    '新しい鍵を CERTDESK_MASTER_KEY に、前の鍵を CERTDESK_MASTER_KEY_PREVIOUS に設定して実行します。1件でも開けない鍵があれば何も変更しません。',
    'Set the new key as CERTDESK_MASTER_KEY and the one it replaces as CERTDESK_MASTER_KEY_PREVIOUS. If any key cannot be opened, nothing changes.',
  ),
  options: {},
  settings: ['DATABASE_URL', 'CERTDESK_MASTER_KEY', 'CERTDESK_MASTER_KEY_PREVIOUS'],
  async run(_args, ctx) {
    const to = masterKey(ctx);
    const from = ctx.config.previousMasterKey ? [ctx.config.previousMasterKey] : [];
    try {
      const r = await rotateKeys(await ctx.db(), { to, from, actor: ctx.actor }, ctx.now);
      const text = bilingual(
        `${r.resealed} 件の秘密鍵を暗号化し直しました（既に新しい鍵: ${r.alreadyCurrent} 件）。マスター鍵 ${r.to}。`,
        `Resealed ${r.resealed} private ${r.resealed === 1 ? 'key' : 'keys'} (already under the new key: ${r.alreadyCurrent}). Master key ${r.to}.`,
      );
      return { json: r, text: text[ctx.locale] };
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'unknown-master-key' || code === 'tampered' || code === 'malformed') {
        throw new Failure(
          bilingual(
            `秘密鍵を開けないため、何も変更していません（${code}）。前のマスター鍵を CERTDESK_MASTER_KEY_PREVIOUS に設定してください。`,
            `A kept key cannot be opened (${code}), so nothing changed. Set the master key it was sealed under as CERTDESK_MASTER_KEY_PREVIOUS.`,
          ),
        );
      }
      throw e;
    }
  },
};

export const keysExportCommand: Command = {
  name: 'keys export',
  summary: bilingual(
    '保管している秘密鍵をファイルに書き出します（担当者のみ、監査記録に残ります）',
    'write a kept private key to a file (staff only; audited)',
  ),
  usage: 'certdesk keys export --contract ID --out FILE [--key KEY_ID] [--json]',
  help: bilingual(
    `  --contract ID   契約
  --out FILE      書き出すファイル（新規作成のみ、権限 600）。秘密鍵は画面に表示しません
  --key KEY_ID    複数ある場合の鍵 ID（既定: 最新）
${MASTER_HELP.ja}`,
    `  --contract ID   the contract
  --out FILE      the file to write (created new, mode 600); the key is never printed
  --key KEY_ID    which key, when there are several (default: the latest)
${MASTER_HELP.en}`,
  ),
  options: { contract: { type: 'string' }, out: { type: 'string', file: true }, key: { type: 'string' } },
  settings: ['DATABASE_URL', 'CERTDESK_MASTER_KEY', 'CERTDESK_MASTER_KEY_PREVIOUS'],
  async run(args, ctx) {
    const contractId = required(args, 'contract', bilingual('契約 ID', 'the contract id'));
    const out = required(args, 'out', bilingual('書き出すファイル', 'the file to write'));
    const master = masterKey(ctx);
    const masters = [master, ...(ctx.config.previousMasterKey ? [ctx.config.previousMasterKey] : [])];
    // The file is made first (new, owner-only): the export is recorded only when it can be written.
    let file;
    try {
      file = await open(out, 'wx', 0o600);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'EEXIST'
          ? bilingual(`「${out}」は既にあります。上書きはしません`, `"${out}" already exists; it is not overwritten`)
          : bilingual(`「${out}」に書けません: ${code}`, `cannot write "${out}": ${code}`),
      );
    }
    let r;
    try {
      r = await exportKey(
        await ctx.db(),
        { contractId, keyId: optional(args, 'key'), masters, actor: ctx.actor },
        ctx.now,
      );
      await file.writeFile(r.pem);
    } catch (e) {
      await file.close();
      await rm(out, { force: true });
      if (e instanceof CustodyError) throw new Failure(CUSTODY_MESSAGES[e.code]);
      throw e;
    }
    await file.close();
    const text = bilingual(
      `秘密鍵（${r.keyId}）を ${out} に書き出しました。`,
      `The private key (${r.keyId}) is written to ${out}.`,
    );
    return {
      json: { contract: contractId, keyId: r.keyId, file: out, publicKeyFingerprint: r.publicKeyFingerprint },
      text: text[ctx.locale],
    };
  },
};
