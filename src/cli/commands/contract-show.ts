import { itemByCode, type ItemCode } from '../../domain/catalog.js';
import { jstDateOf, toBusinessDate } from '../../domain/dates.js';
import type { RenewalPolicy } from '../../domain/renewal.js';
import { DECISION, FEE_KIND, LABEL, OUTCOME, STATUS, TERM_KIND, VIA } from '../../i18n/cli.js';
import { articleName, storedReasonMessage } from '../../i18n/messages.js';
import { bilingual, type Locale } from '../../i18n/text.js';
import { contractStory, type ContractStory } from '../../services/contract-story.js';
import type { Command } from '../command.js';
import { dateText, fields, instantText, table, yen } from '../format.js';
import { abolitionLine } from './items.js';
import { contractJson, endText, heldText, replyByText, termText } from './contracts.js';

const H = {
  terms: bilingual('有効期間', 'Terms'),
  certificates: bilingual('証明書', 'Certificates'),
  cycles: bilingual('更新', 'Renewal cycles'),
  cancellations: bilingual('解約', 'Cancellations'),
  abolitions: bilingual('品目の廃止', 'Abolitions of the item'),
  ledger: bilingual('料金', 'Ledger'),
  orders: bilingual('CA への申請（ACME）', 'Orders from the CA (ACME)'),
  audit: bilingual('監査記録', 'Audit'),
  none: bilingual('  なし', '  none'),
};

/** A stored date text (YYYY-MM-DD), for people. */
const day = (text: { toString(): string } | null | undefined, l: Locale) =>
  text ? dateText(toBusinessDate(text.toString()), l) : '—';

const ORDER_STATUS = {
  pending: bilingual('未申請', 'not yet ordered'),
  ordered: bilingual('申請済み（認証中）', 'ordered (authorizing)'),
  finalizing: bilingual('発行待ち', 'finalizing'),
  issued: bilingual('発行・登録済み', 'issued and attached'),
  failed: bilingual('失敗（担当者の対応待ち）', 'failed (left to staff)'),
} as const;

/** A notice's e-mail (Art. 6(1)): to whom, and whether and when it went, with its Message-ID as proof. */
function mailLine(m: ContractStory['cycles'][number]['notices'][number]['emails'][number], l: Locale): string {
  if (l === 'ja')
    return m.status === 'sent'
      ? `メール ${m.to} 送信 ${instantText(m.sentAt)} · ${m.messageId}`
      : m.status === 'pending'
        ? `メール ${m.to} 送信待ち`
        : `メール ${m.to} 送れませんでした: ${m.lastError ?? m.status}`;
  return m.status === 'sent'
    ? `e-mail to ${m.to} sent ${instantText(m.sentAt)} · ${m.messageId}`
    : m.status === 'pending'
      ? `e-mail to ${m.to} waiting to be sent`
      : `e-mail to ${m.to} not sent: ${m.lastError ?? m.status}`;
}

const via = (v: string, l: Locale) => VIA[v as keyof typeof VIA]?.[l] ?? v;

function story(s: ContractStory, policy: RenewalPolicy, now: Date, l: Locale): string {
  const v = s.view;
  const item = itemByCode(v.item as ItemCode);
  const ja = l === 'ja';
  const today = jstDateOf(now);
  const held = heldText(v, l);
  const current = s.cycles[s.cycles.length - 1];
  const queuedSince = current && !current.replyDeadline ? current.notices.find((n) => !n.sentAt)?.createdAt : undefined;
  const replyBy = replyByText(v, policy, today, l, queuedSince);
  const out: string[] = [
    `${v.id} — ${item.name[l]} (${item.code}) · ${v.commonName}`,
    fields([
      [
        LABEL.customer[l],
        `${s.customer.name} (${s.customer.id}) · ${s.customer.country}${s.customer.slackChannel ? ` · ${LABEL.channel[l]} ${s.customer.slackChannel}` : ''}`,
      ],
      [
        LABEL.contacts[l],
        [
          ...s.customer.contacts.map((c) => {
            const mine = s.customer.emails.filter((e) => e.contact === c).map((e) => e.address);
            return mine.length ? `${c} <${mine.join(', ')}>` : c;
          }),
          // The customer's own addresses, and any of a contact no longer registered.
          ...s.customer.emails
            .filter((e) => e.contact === null || !s.customer.contacts.includes(e.contact))
            .map((e) => `<${e.address}>`),
        ].join(', ') || '—',
      ],
      [LABEL.designatedServices[l], s.customer.designatedServices.join(', ') || '—'],
      [LABEL.service[l], s.contract.service ?? '—'],
      [
        LABEL.status[l],
        `${STATUS[v.status][l]} · ${LABEL.expiry[l]} ${dateText(v.expiryDate, l)} · ${LABEL.replyBy[l]} ${replyBy}${held ? ` ${held}` : ''}`,
      ],
      [LABEL.ends[l], endText(v, l)],
      [
        LABEL.origin[l],
        s.contract.origin === 'imported'
          ? TERM_KIND.imported[l]
          : ja
            ? `申込 #${s.contract.applicationId}（承諾 ${instantText(s.contract.acceptedAt)}）`
            : `application #${s.contract.applicationId} (accepted ${instantText(s.contract.acceptedAt)})`,
      ],
    ]),
  ];
  const section = (title: { ja: string; en: string }, lines: string[]) =>
    out.push('', title[l], ...(lines.length ? lines : [H.none[l]]));

  section(
    H.terms,
    s.terms.map(
      (t) =>
        `  #${t.seq} ${dateText(t.startsOn, l)} → ${dateText(t.expiryDate, l)} · ${termText(t.term, l)} · ${t.item} · ${TERM_KIND[t.kind as keyof typeof TERM_KIND]?.[l] ?? t.kind}`,
    ),
  );
  section(
    H.certificates,
    s.certificates.map(
      (c) =>
        `  ${c.commonName ?? '—'} · ${instantText(c.notBefore)} → ${instantText(c.notAfter)} · ${c.issuer} · ${c.serial} · ${via(c.source, l)}`,
    ),
  );
  section(
    H.orders,
    s.orders.map((o) =>
      ja
        ? `  #${o.id} ${o.issuer} · ${o.need} · ${ORDER_STATUS[o.status].ja} · 試行 ${o.attempts} 回${o.issuedAt ? ` · 発行 ${instantText(o.issuedAt)}` : ''}${o.retryAt && o.status !== 'issued' ? ` · 再試行 ${instantText(o.retryAt)}` : ''}${o.lastError && o.status !== 'issued' ? ` · ${o.lastError}` : ''}`
        : `  #${o.id} ${o.issuer} · ${o.need} · ${ORDER_STATUS[o.status].en} · ${o.attempts} ${o.attempts === 1 ? 'attempt' : 'attempts'}${o.issuedAt ? ` · issued ${instantText(o.issuedAt)}` : ''}${o.retryAt && o.status !== 'issued' ? ` · retry ${instantText(o.retryAt)}` : ''}${o.lastError && o.status !== 'issued' ? ` · ${o.lastError}` : ''}`,
    ),
  );
  section(
    H.cycles,
    s.cycles.flatMap((c) => {
      // The deadline exists once the first notice went out; the cycle in force says what fixes it, as the status line does.
      const deadline = c.replyDeadline
        ? dateText(c.replyDeadline, l)
        : c.outcome
          ? '—'
          : c.heldAt
            ? ja
              ? '—（保留中）'
              : '— (held)'
            : c === current
              ? replyBy
              : '—';
      const outcome = c.outcome ? OUTCOME[c.outcome][l] : null;
      const params = {
        deadline: c.replyDeadline ? dateText(c.replyDeadline, l) : '—',
        outcomeJa: c.outcome ? OUTCOME[c.outcome].ja : '—',
        outcomeEn: c.outcome ? OUTCOME[c.outcome].en : '—',
        at: instantText(c.outcomeAt),
      };
      return [
        ja
          ? `  満了日 ${dateText(c.expiryDate, l)} · 回答期限 ${deadline} · 回答 ${c.decision ? DECISION[c.decision].ja : '—'}${outcome ? ` · 結果 ${outcome}（${instantText(c.outcomeAt)}）` : ''}${c.heldAt && !c.outcome ? ` · 保留 ${instantText(c.heldAt)}` : ''}`
          : `  expiry ${dateText(c.expiryDate, l)} · reply by ${deadline} · decision ${c.decision ? DECISION[c.decision].en : '—'}${outcome ? ` · outcome ${outcome} (${instantText(c.outcomeAt)})` : ''}${c.heldAt && !c.outcome ? ` · held since ${instantText(c.heldAt)}` : ''}`,
        ...c.notices
          .map((n) =>
            ja
              ? `    ご案内（${n.noticeDays}日前、予定 ${dateText(n.dueOn, l)}）${n.sentAt ? `送信 ${instantText(n.sentAt)} ${n.slackChannel ?? ''}` : `送信待ち（${instantText(n.createdAt)} から）`}${n.late ? '（遅延）' : ''}`.trimEnd()
              : `    notice (${n.noticeDays} days before, due ${dateText(n.dueOn, l)}) ${n.sentAt ? `sent ${instantText(n.sentAt)} ${n.slackChannel ?? ''}` : `queued since ${instantText(n.createdAt)}, not sent yet`}${n.late ? ' (late)' : ''}`.trimEnd(),
          )
          .flatMap((line, i) => [line, ...c.notices[i]!.emails.map((m) => `      ${mailLine(m, l)}`)]),
        ...c.agreedPrices.map((p) =>
          ja
            ? `    合意した証明書料金 ${yen(p.amount)}（税抜）· ${p.agreedBy} · ${instantText(p.agreedAt)}`
            : `    certificate fee agreed ${yen(p.amount)} (before tax) · ${p.agreedBy} · ${instantText(p.agreedAt)}`,
        ),
        ...c.answers.map((a) => {
          const refused = a.accepted ? '' : storedReasonMessage(a.refusalCode ?? '', params, l);
          return ja
            ? `    回答 ${DECISION[a.answer as 'renew' | 'dont-renew'].ja} · ${a.answeredBy}${a.actingForCustomer ? '（担当者が代理）' : ''} · ${instantText(a.answeredAt)} · ${via(a.via, l)}${a.accepted ? '' : `（受付不可: ${refused}）`}`
            : `    answer ${DECISION[a.answer as 'renew' | 'dont-renew'].en} · ${a.answeredBy}${a.actingForCustomer ? ' (staff, for the customer)' : ''} · ${instantText(a.answeredAt)} · ${via(a.via, l)}${a.accepted ? '' : ` (refused: ${refused})`}`;
        }),
      ];
    }),
  );
  section(
    H.cancellations,
    s.cancellations.map((c) => {
      const why = c.withdrawalReason ? `: ${c.withdrawalReason}` : '';
      const gone = c.withdrawnAt
        ? ja
          ? ` — ${c.replacedBy ? '訂正' : '取消'} ${instantText(c.withdrawnAt)}（${c.withdrawnBy}${why}）`
          : ` — ${c.replacedBy ? 'corrected' : 'withdrawn'} ${instantText(c.withdrawnAt)} by ${c.withdrawnBy}${why}`
        : '';
      return ja
        ? `  到達 ${instantText(c.receivedAt)} · 指定日 ${day(c.requestedOn, l)} · 効力発生 ${dateText(c.effectiveOn, l)} · ${via(c.via, l)}（${c.recordedBy}）${gone}`
        : `  received ${instantText(c.receivedAt)} · requested ${day(c.requestedOn, l)} · effective ${dateText(c.effectiveOn, l)} · ${via(c.via, l)} (${c.recordedBy})${gone}`;
    }),
  );
  section(
    H.abolitions,
    s.abolitions.map((a) => `  ${abolitionLine(a, l)}`),
  );
  section(
    H.ledger,
    s.ledger.length
      ? table(s.ledger, [
          { header: LABEL.accrued[l], value: (e) => dateText(e.accruedOn, l) },
          { header: LABEL.kind[l], value: (e) => FEE_KIND[e.kind][l] },
          { header: LABEL.amount[l], value: (e) => yen(e.amount), right: true },
          { header: LABEL.article[l], value: (e) => articleName(e.article, l) },
          { header: LABEL.tariff[l], value: (e) => e.tariffVersion },
        ])
          .split('\n')
          .map((line) => `  ${line}`)
      : [],
  );
  section(
    H.audit,
    s.audit.map((a) => `  ${instantText(a.at)} · ${a.actor} · ${a.action}`),
  );
  return out.join('\n');
}

export const contractShowCommand: Command = {
  name: 'contract show',
  summary: bilingual(
    '契約の全経緯: 契約者、有効期間、証明書、更新、通知、回答、解約、料金、監査記録',
    "one contract's whole story: customer, terms, certificates, renewals, notices, answers, cancellation, ledger, audit",
  ),
  usage: 'certdesk contract show ID [--json]',
  help: bilingual(
    '  ID   契約 ID（certdesk contracts で一覧できます）',
    '  ID   the contract id (certdesk contracts lists them)',
  ),
  options: {},
  positionals: { min: 1, max: 1, what: bilingual('契約 ID', 'the contract id') },
  settings: ['DATABASE_URL', 'CERTDESK_NOTICE_DAYS', 'CERTDESK_REPLY_DAYS', 'CERTDESK_NOTICE_HOUR'],
  async run(args, ctx) {
    const policy = ctx.config.renewalPolicy;
    const s = await contractStory(await ctx.db(), args.positionals[0]!, ctx.now, policy);
    const { view, contract, ...rest } = s;
    const json = {
      contract: {
        ...contractJson(view, policy),
        service: contract.service,
        origin: contract.origin,
        applicationId: contract.applicationId,
        acceptedAt: contract.acceptedAt,
      },
      ...rest,
    };
    return { json, text: story(s, policy, ctx.now, ctx.locale) };
  },
};
