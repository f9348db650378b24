import { ACME_CHALLENGES, ACME_ISSUERS, type AcmeChallengeType, type AcmeIssuer } from '../../db/schema.js';
import { reason } from '../../domain/reasons.js';
import { reasonSentence } from '../../i18n/messages.js';
import { bilingual } from '../../i18n/text.js';
import { IssuerSettingError, setIssuer, showIssuers, type IssuerView } from '../../services/issuers.js';
import { OrderFailed, orderCertificate } from '../../services/orders.js';
import { flag, optional, required, type Command } from '../command.js';
import { Failure, Refusal, UsageError } from '../errors.js';
import { fields, table } from '../format.js';
import { certificateFileText } from '../values.js';
import { clockFrom } from '../clock.js';

const issuerLines = (views: IssuerView[], l: 'ja' | 'en') =>
  table(views, [
    { header: l === 'ja' ? '発行元' : 'Issuer', value: (v) => v.issuer },
    {
      header: 'ACME',
      value: (v) =>
        v.acme ? (v.directoryUrl ?? '') : l === 'ja' ? 'なし（cert attach で登録）' : 'none (cert attach)',
    },
    {
      header: 'EAB',
      value: (v) => (v.eabKid ? `${v.eabKid} (${l === 'ja' ? 'HMAC 鍵は暗号化して保管' : 'HMAC key sealed'})` : '—'),
    },
    { header: l === 'ja' ? 'チャレンジ' : 'Challenge', value: (v) => v.challenge ?? '—' },
    { header: l === 'ja' ? 'CA バンドル' : 'CA bundle', value: (v) => v.caBundle?.join(' / ') ?? '—' },
  ]);

export const issuerSetCommand: Command = {
  name: 'issuer set',
  summary: bilingual(
    'CA への ACME での発行申請を設定します（RFC 8555、外部アカウント連携）',
    'set up ordering from a CA over ACME (RFC 8555, External Account Binding)',
  ),
  usage: `certdesk issuer set ${ACME_ISSUERS.join('|')} --acme-directory URL [--eab-kid KID --eab-hmac-key KEY] [--challenge ${ACME_CHALLENGES.join('|')}] [--ca-bundle FILE] [--json]`,
  help: bilingual(
    `  --acme-directory URL   CA の ACME ディレクトリ（https://）
  --eab-kid KID          CA から受け取った外部アカウントのキー ID
  --eab-hmac-key KEY     その HMAC 鍵（base64url）。CERTDESK_MASTER_KEY で暗号化して保管し、表示しません
  --challenge TYPE       http-01（certdesk serve が /.well-known/acme-challenge/ で応答、既定）または dns-01（CERTDESK_ACME_DNS_HOOK）
  --ca-bundle FILE       ACME サーバの TLS 証明書を検証する CA 証明書（PEM）。公的に信頼された CA なら不要
省略した項目は前の設定のままです。ディレクトリか EAB を変えると ACME アカウントは作り直します。`,
    `  --acme-directory URL   the CA's ACME directory (https://)
  --eab-kid KID          the external account's key id, as the CA gave it
  --eab-hmac-key KEY     its HMAC key (base64url); kept sealed under CERTDESK_MASTER_KEY, never shown
  --challenge TYPE       http-01 (certdesk serve answers at /.well-known/acme-challenge/; default) or dns-01 (CERTDESK_ACME_DNS_HOOK)
  --ca-bundle FILE       CA certificates (PEM) the ACME server's TLS certificate chains to, when not publicly trusted
What is left out keeps its earlier value. A new directory or EAB means a new ACME account.`,
  ),
  options: {
    'acme-directory': { type: 'string' },
    'eab-kid': { type: 'string' },
    'eab-hmac-key': { type: 'string' },
    challenge: { type: 'string' },
    'ca-bundle': { type: 'string' },
  },
  positionals: {
    min: 1,
    max: 1,
    what: bilingual(`発行元（${ACME_ISSUERS.join('、')}）`, `the issuer (${ACME_ISSUERS.join(', ')})`),
  },
  settings: ['DATABASE_URL', 'CERTDESK_MASTER_KEY'],
  async run(args, ctx) {
    const issuer = args.positionals[0]!.toLowerCase();
    if (!(ACME_ISSUERS as readonly string[]).includes(issuer))
      throw new UsageError(
        bilingual(
          `発行元は ${ACME_ISSUERS.join('、')} のいずれかです（「${issuer}」）`,
          `the issuer must be one of ${ACME_ISSUERS.join(', ')} (got "${issuer}")`,
        ),
      );
    const directoryUrl = required(
      args,
      'acme-directory',
      bilingual('ACME ディレクトリの URL', 'the ACME directory URL'),
    );
    const kid = optional(args, 'eab-kid');
    const hmacKey = optional(args, 'eab-hmac-key');
    if ((kid === undefined) !== (hmacKey === undefined))
      throw new UsageError(
        bilingual('--eab-kid と --eab-hmac-key は両方指定してください', 'give both --eab-kid and --eab-hmac-key'),
      );
    const challenge = optional(args, 'challenge');
    if (challenge !== undefined && !(ACME_CHALLENGES as readonly string[]).includes(challenge))
      throw new UsageError(
        bilingual(
          `--challenge は ${ACME_CHALLENGES.join('、')} のいずれかです`,
          `--challenge must be one of ${ACME_CHALLENGES.join(', ')}`,
        ),
      );
    const bundlePath = optional(args, 'ca-bundle');
    const caBundle = bundlePath ? await certificateFileText(bundlePath) : undefined;
    if (kid && !ctx.config.masterKey) throw new Failure(reasonSentence(reason(null, 'master-key-missing')));
    try {
      const v = await setIssuer(
        await ctx.db(),
        {
          issuer: issuer as AcmeIssuer,
          directoryUrl,
          eab: kid && hmacKey ? { kid, hmacKey } : undefined,
          challenge: challenge as AcmeChallengeType | undefined,
          caBundle,
          master: ctx.config.masterKey,
          actor: ctx.actor,
        },
        ctx.now,
      );
      return { json: v, text: issuerLines([v], ctx.locale) };
    } catch (e) {
      if (e instanceof IssuerSettingError)
        throw new UsageError(bilingual(`発行元の設定が正しくありません: ${e.message}`, e.message));
      throw e;
    }
  },
};

export const issuerShowCommand: Command = {
  name: 'issuer show',
  summary: bilingual(
    '各 CA の ACME 設定を表示します（HMAC 鍵は表示しません）',
    "show each CA's ACME settings (never the HMAC key)",
  ),
  usage: 'certdesk issuer show [--json]',
  help: bilingual(
    'ACME の設定がない発行元は手作業（cert attach）です。',
    'An issuer without ACME is manual (cert attach).',
  ),
  options: {},
  settings: ['DATABASE_URL'],
  async run(_args, ctx) {
    const views = await showIssuers(await ctx.db());
    return { json: views, text: issuerLines(views, ctx.locale) };
  },
};

export const certOrderCommand: Command = {
  name: 'cert order',
  summary: bilingual(
    '契約の証明書を CA に ACME で申請し、発行された証明書を登録します（申請代行、別紙1の3）',
    "order a contract's certificate from its CA over ACME and attach it (Appendix 1 §3)",
  ),
  usage: 'certdesk cert order --contract ID [--replace] [--dry-run] [--json]',
  help: bilingual(
    `  --contract ID   契約（品目区分Ⅰ・Ⅱ、発行元に ACME の設定があり、鍵ペアの作成を依頼されたもの。第4条第7項）
  --replace       差し替えの時期の前でも、今の証明書を差し替えます（鍵の紛失や漏えいのとき）
  --dry-run       何を申請するかを表示するだけで、何もしません
保管している鍵（なければ作成）の CSR で申請し、チャレンジに応答し、発行された証明書をチェーンとともに cert attach と同じ確認をして登録します。
途中で止まった申請は同じ注文から再開します（二重に申請しません）。CERTDESK_MASTER_KEY が必要です。`,
    `  --contract ID   the contract (category I/II, its issuer set up for ACME, the key delegated to the provider: Art. 4(7))
  --replace       replace the current certificate before its replacement is due (a lost or compromised key)
  --dry-run       say what would be ordered, and do nothing
Orders with the CSR of the kept key (made when there is none), answers the challenge, and attaches the issued certificate and its chain with every check of cert attach.
An order that stopped half-way is resumed on the same ACME order (never ordered twice). Needs CERTDESK_MASTER_KEY.`,
  ),
  options: { contract: { type: 'string' }, replace: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  settings: [
    'DATABASE_URL',
    'CERTDESK_MASTER_KEY',
    'CERTDESK_MASTER_KEY_PREVIOUS',
    'CERTDESK_ACME_DNS_HOOK',
    'CERTDESK_REISSUE_NOTICE_DAYS',
  ],
  async run(args, ctx) {
    const l = ctx.locale;
    const contractId = required(args, 'contract', bilingual('契約 ID', 'the contract id'));
    const dryRun = flag(args, 'dry-run');
    const masters = [ctx.config.masterKey, ctx.config.previousMasterKey].filter((m) => m !== undefined);
    if (!dryRun && !ctx.config.masterKey) throw new Failure(reasonSentence(reason(null, 'master-key-missing')));
    let r;
    try {
      r = await orderCertificate(
        await ctx.db(),
        {
          contractId,
          actor: ctx.actor,
          masters,
          dnsHook: ctx.config.acmeDnsHook,
          dryRun,
          byHand: true,
          replace: flag(args, 'replace'),
          reissueNoticeDays: ctx.config.reissueNoticeDays,
        },
        clockFrom(ctx.now, ctx.config.now !== undefined),
      );
    } catch (e) {
      if (e instanceof OrderFailed && e.busy) {
        throw new Failure(
          bilingual(
            `契約 ${contractId} の申請（#${e.orderId}）は他のプロセスが処理中です。しばらくしてから certdesk contract show ${contractId} で確認してください。`,
            `Order #${e.orderId} of ${contractId} is under way in another process; look again shortly with certdesk contract show ${contractId}.`,
          ),
          { order: e.orderId, busy: true },
        );
      }
      if (e instanceof OrderFailed) {
        throw new Failure(
          bilingual(
            `証明書の申請に失敗しました${e.orderId ? `（申請 #${e.orderId}、後で自動で再試行します）` : ''}: ${e.message}`,
            `The certificate order failed${e.orderId ? ` (order #${e.orderId}; it is retried later)` : ''}: ${e.message}`,
          ),
          { order: e.orderId, problem: e.problem ?? null },
        );
      }
      throw e;
    }
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const json = {
      contract: v.contract,
      serial: v.serial,
      notBefore: v.notBefore,
      notAfter: v.notAfter,
      issuer: v.certificateIssuer,
      order: v.order,
      need: v.need,
      status: v.status,
      already: v.already,
      certificateId: v.certificateId,
      ...(dryRun ? { dryRun: true, acmeIssuer: v.issuer, createsKey: v.createsKey ?? false } : {}),
    };
    if (dryRun) {
      const text = bilingual(
        `${v.contract}: ${v.issuer} に ACME で申請します（${v.need}${v.order ? `、申請 #${v.order} を再開` : ''}）。${v.createsKey ? '鍵ペアと CSR を先に作成します。' : '保管している鍵を使います。'}`,
        `${v.contract}: would order from ${v.issuer} over ACME (${v.need}${v.order ? `, resuming order #${v.order}` : ''}). ${v.createsKey ? 'A key pair and CSR are made first.' : 'The kept key is used.'}`,
      );
      return { json, text: v.status === 'issued' ? bilingual('発行済みです。', 'Already issued.')[l] : text[l] };
    }
    const text = [
      v.already
        ? bilingual('この申請は既に発行・登録済みです。', 'This order was issued and attached before.')[l]
        : bilingual(
            '証明書が発行され、契約に登録しました。',
            'The certificate was issued and attached to the contract.',
          )[l],
      fields([
        [l === 'ja' ? '契約' : 'Contract', v.contract],
        [l === 'ja' ? 'シリアル' : 'Serial', v.serial ?? '—'],
        [l === 'ja' ? '有効期間' : 'Valid', `${v.notBefore ?? '—'} → ${v.notAfter ?? '—'}`],
        [l === 'ja' ? '発行者' : 'Issuer', v.certificateIssuer ?? '—'],
        [l === 'ja' ? '申請' : 'Order', `#${v.order} (${v.need})`],
      ]),
    ].join('\n');
    return { json, text };
  },
};
