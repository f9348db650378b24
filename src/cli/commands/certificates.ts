import { eq } from 'drizzle-orm';
import { contracts } from '../../db/schema.js';
import { jstDateOf, jstWallClock } from '../../domain/dates.js';
import { TERM_NAMES } from '../../domain/terms.js';
import { bilingual } from '../../i18n/text.js';
import { audit } from '../../services/audit.js';
import { attachCertificate, uploadRenewalCertificate } from '../../services/certificates.js';
import { NotFound } from '../../services/errors.js';
import { checkServed } from '../../services/served.js';
import { optional, required, type Command } from '../command.js';
import { Refusal, UsageError } from '../errors.js';
import { table, yen } from '../format.js';
import { certificateFileText, wholeNumberArg } from '../values.js';

const CHECKS = bilingual(
  '読み取れること、契約のコモンネームを含むこと（CN または SAN、ワイルドカードは RFC 6125）、現在有効であること、付けた中間証明書までチェーンが検証できること',
  "it parses; it names the contract's common name (CN or SAN, wildcards by RFC 6125); it is valid now; its chain verifies up to the intermediates given",
);

export const certAttachCommand: Command = {
  name: 'cert attach',
  summary: bilingual(
    '発行された証明書を契約に登録します（品目区分Ⅰ・Ⅱ。期間中の再発行も同じ）',
    'attach an issued certificate to a contract (category I/II; a reissue inside the term too)',
  ),
  usage: 'certdesk cert attach --contract ID FILE [--json]',
  help: bilingual(
    `  --contract ID   契約
  FILE            PEM の証明書（先頭）と、任意で中間証明書（順に）
確認すること: ${CHECKS.ja}、当社が保管する秘密鍵または CSR と公開鍵が一致すること。
最初の証明書で有効期間が始まります。以降は期間中の再発行です（料金なし、更新ではありません）。`,
    `  --contract ID   the contract
  FILE            the certificate in PEM (first), and optionally its intermediates (in order)
Checks: ${CHECKS.en}; its public key matches the private key or CSR kept for the contract.
The first certificate begins the term; later ones are reissues inside it (no fee, not a renewal).`,
  ),
  options: { contract: { type: 'string' } },
  positionals: { min: 1, max: 1, what: bilingual('証明書のファイル', 'the certificate file'), files: true },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const contractId = required(args, 'contract', bilingual('契約 ID', 'the contract id'));
    const pem = await certificateFileText(args.positionals[0]!);
    const r = await attachCertificate(await ctx.db(), { contractId, pem, actor: ctx.actor }, ctx.now);
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const text = v.already
      ? bilingual(
          `この証明書は既に ${contractId} に登録されています。`,
          `This certificate is already attached to ${contractId}.`,
        )
      : bilingual(
          `${contractId} に証明書を登録しました（${v.firstTerm ? '有効期間の開始' : '再発行'}）。証明書の期限 ${jstWallClock(v.notAfter)} JST、有効期間の満了日 ${v.termExpiry}。${v.endsBeforeTerm ? '満了日より前に期限が切れるため、期限の前に再発行をお知らせします。' : ''}`,
          `Certificate attached to ${contractId} (${v.firstTerm ? 'it begins the term' : 'a reissue'}). It ends ${jstWallClock(v.notAfter)} JST; the term ends ${v.termExpiry}.${v.endsBeforeTerm ? ' It ends before the term: staff will be told ahead to reissue it.' : ''}`,
        );
    return {
      json: {
        contract: v.contract,
        certificateId: v.certificateId,
        already: v.already,
        firstTerm: v.firstTerm,
        notAfter: v.notAfter.toISOString(),
        termExpiry: v.termExpiry,
        endsBeforeTerm: v.endsBeforeTerm,
      },
      text: text[l],
    };
  },
};

export const certUploadCommand: Command = {
  name: 'cert upload',
  summary: bilingual(
    '持ち込み証明書（品目区分Ⅲ）の更新用の証明書を提出します（第3条、第6条第3項）',
    'submit the renewal certificate of a bring-your-own contract (category III, Art. 3, 6(3))',
  ),
  usage: 'certdesk cert upload --contract ID FILE [--json]',
  help: bilingual(
    `  --contract ID   品目区分Ⅲの契約
  FILE            PEM の証明書（と任意で中間証明書）
確認すること: ${CHECKS.ja}、有効期間が90日を超えること（第6条第3項）。適合する有効期間で料金が決まり、更新を記録します。`,
    `  --contract ID   a category III contract
  FILE            the certificate in PEM (and optionally its intermediates)
Checks: ${CHECKS.en}; it lives more than 90 days (Art. 6(3)). Its fitting term sets the fee, and the renewal is recorded.`,
  ),
  options: { contract: { type: 'string' } },
  positionals: { min: 1, max: 1, what: bilingual('証明書のファイル', 'the certificate file'), files: true },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const contractId = required(args, 'contract', bilingual('契約 ID', 'the contract id'));
    const pem = await certificateFileText(args.positionals[0]!);
    const r = await uploadRenewalCertificate(await ctx.db(), { contractId, pem, actor: ctx.actor }, ctx.now);
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const text = bilingual(
      `${contractId} の更新を記録しました。有効期間 ${TERM_NAMES[v.term].ja}、料金 ${yen(v.fees)}（税抜）。`,
      `The renewal of ${contractId} is recorded: term ${TERM_NAMES[v.term].en}, fees ${yen(v.fees)} (excl. tax).`,
    );
    return { json: v, text: text[ctx.locale] };
  },
};

export const checkCommand: Command = {
  name: 'check',
  summary: bilingual(
    '各契約のサーバが実際に提示している証明書を確認します',
    'check the certificate each contract’s server really serves',
  ),
  usage: 'certdesk check [--contract ID] [--served-at HOST:PORT] [--timeout SECONDS] [--json]',
  help: bilingual(
    `  --contract ID          この契約だけ（既定: 証明書のある有効な契約すべて）
  --served-at HOST:PORT  この契約の確認先を記録します（既定: コモンネームの 443 番）
  --timeout SECONDS      1件あたりの待ち時間（既定 10）
現在の証明書でない、または更新のご案内の期間内に期限が切れるときは、契約者のチャンネルにお知らせします。接続できないときは担当者に知らせます。`,
    `  --contract ID          this contract only (default: every active contract with a certificate)
  --served-at HOST:PORT  record where this contract's certificate is served (default: its common name, port 443)
  --timeout SECONDS      how long to wait for each (default 10)
When it is not the contract's current certificate, or it ends within the notice window, the customer's channel is told; unreachable hosts are reported to staff.`,
  ),
  options: { contract: { type: 'string' }, 'served-at': { type: 'string' }, timeout: { type: 'string' } },
  settings: ['DATABASE_URL', 'CERTDESK_NOTICE_DAYS', 'CERTDESK_REPLY_DAYS'],
  async run(args, ctx) {
    const l = ctx.locale;
    const contractId = optional(args, 'contract');
    const servedAt = optional(args, 'served-at');
    const timeout = optional(args, 'timeout');
    const db = await ctx.db();
    if (servedAt) {
      if (!contractId)
        throw new UsageError(bilingual('--served-at には --contract が必要です', '--served-at needs --contract'));
      if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(servedAt))
        throw new UsageError(
          bilingual(
            `--served-at は HOST:PORT で指定してください（「${servedAt}」）`,
            `--served-at must be HOST:PORT (got "${servedAt}")`,
          ),
        );
      await db.transaction(async (tx) => {
        const [row] = await tx.update(contracts).set({ servedAt }).where(eq(contracts.id, contractId)).returning();
        if (!row) throw new NotFound('contract', contractId);
        await audit(tx, ctx.now, ctx.actor, 'contract.served-at', `contract:${contractId}`, { servedAt });
      });
    }
    const results = await checkServed(
      db,
      {
        contractId,
        noticeDays: Math.max(...ctx.config.renewalPolicy.noticeDays),
        timeoutMs: timeout ? wholeNumberArg('timeout', timeout, 1, 120) * 1000 : undefined,
      },
      ctx.now,
    );
    const words = {
      current: bilingual('現在の証明書', 'current'),
      'not-current': bilingual('現在の証明書ではない', 'NOT the current certificate'),
      expiring: bilingual('期限が近い', 'ends soon'),
      unreachable: bilingual('接続できない', 'unreachable'),
    } as const;
    const text = results.length
      ? table(results, [
          { header: l === 'ja' ? '契約' : 'Contract', value: (r) => r.contract },
          { header: l === 'ja' ? '確認先' : 'Target', value: (r) => r.target },
          { header: l === 'ja' ? '結果' : 'Result', value: (r) => words[r.outcome][l] },
          {
            header: l === 'ja' ? '証明書の期限' : 'Served ends',
            value: (r) => (r.servedNotAfter ? jstDateOf(new Date(r.servedNotAfter)).toString() : '—'),
          },
          { header: l === 'ja' ? '詳細' : 'Detail', value: (r) => r.detail ?? '' },
        ])
      : bilingual('確認する証明書がありません。', 'No certificate to check.')[l];
    return { json: results, text };
  },
};
