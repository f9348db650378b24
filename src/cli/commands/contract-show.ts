import { itemByCode, type ItemCode } from '../../domain/catalog.js';
import { DECISION, FEE_KIND, LABEL, STATUS } from '../../i18n/cli.js';
import { articleName } from '../../i18n/messages.js';
import { bi, type Locale } from '../../i18n/text.js';
import { contractStory, type ContractStory } from '../../services/contract-story.js';
import type { Command } from '../command.js';
import { dateText, fields, instantText, table, yen } from '../format.js';
import { contractJson, endText } from './contracts.js';

const H = {
  terms: bi('有効期間', 'Terms'),
  certificates: bi('証明書', 'Certificates'),
  cycles: bi('更新', 'Renewal cycles'),
  cancellations: bi('解約', 'Cancellations'),
  abolitions: bi('品目の廃止', 'Abolitions of the item'),
  ledger: bi('料金', 'Ledger'),
  audit: bi('監査記録', 'Audit'),
  none: bi('  なし', '  none'),
};

function story(s: ContractStory, l: Locale): string {
  const v = s.view;
  const item = itemByCode(v.item as ItemCode);
  const ja = l === 'ja';
  const out: string[] = [
    `${v.id} — ${item.name[l]} (${item.code}) · ${v.commonName}`,
    fields([
      [LABEL.customer[l], `${s.customer.name} (${s.customer.id}) · ${s.customer.country}${s.customer.slackChannel ? ` · ${LABEL.channel[l]} ${s.customer.slackChannel}` : ''}`],
      [LABEL.contacts[l], s.customer.contacts.join(', ') || '—'],
      [LABEL.designatedServices[l], s.customer.designatedServices.join(', ') || '—'],
      [LABEL.service[l], s.contract.service ?? '—'],
      [LABEL.status[l], `${STATUS[v.status][l]} · ${LABEL.expiry[l]} ${dateText(v.expiryDate, l)} · ${LABEL.replyBy[l]} ${dateText(v.replyDeadline, l)}`],
      [LABEL.ends[l], endText(v, l)],
      [LABEL.origin[l], s.contract.origin === 'imported' ? (ja ? '取り込み' : 'imported') : ja ? `申込 #${s.contract.applicationId}（承諾 ${instantText(s.contract.acceptedAt)}）` : `application #${s.contract.applicationId} (accepted ${instantText(s.contract.acceptedAt)})`],
    ]),
  ];
  const section = (title: { ja: string; en: string }, lines: string[]) => out.push('', title[l], ...(lines.length ? lines : [H.none[l]]));

  section(H.terms, s.terms.map((t) => `  #${t.seq} ${dateText(t.startsOn, l)} → ${dateText(t.expiryDate, l)} · ${t.term} · ${t.item} · ${t.kind}`));
  section(
    H.certificates,
    s.certificates.map((c) => `  ${c.commonName ?? '—'} · ${instantText(c.notBefore)} → ${instantText(c.notAfter)} · ${c.issuer} · ${c.serial} · ${c.source}`),
  );
  section(
    H.cycles,
    s.cycles.flatMap((c) => [
      ja
        ? `  満了日 ${c.expiryDate} · 回答期限 ${c.replyDeadline ?? '（初回通知時に確定）'} · 回答 ${c.decision ? DECISION[c.decision].ja : '—'}${c.outcome ? ` · 結果 ${c.outcome}` : ''}`
        : `  expiry ${c.expiryDate} · reply by ${c.replyDeadline ?? '(set by the first notice)'} · decision ${c.decision ? DECISION[c.decision].en : '—'}${c.outcome ? ` · outcome ${c.outcome}` : ''}`,
      ...c.notices.map((n) =>
        ja
          ? `    通知（${n.noticeDays}日前、予定 ${n.dueOn}）${n.sentAt ? `送信 ${instantText(n.sentAt)} ${n.slackChannel ?? ''}` : '未送信'}${n.late ? '（遅延）' : ''}`
          : `    notice (${n.noticeDays} days before, due ${n.dueOn}) ${n.sentAt ? `sent ${instantText(n.sentAt)} ${n.slackChannel ?? ''}` : 'not sent'}${n.late ? ' (late)' : ''}`,
      ),
      ...c.answers.map((a) =>
        ja
          ? `    回答 ${DECISION[a.answer as 'renew' | 'dont-renew'].ja} · ${a.answeredBy}${a.actingForCustomer ? '（担当者が代理）' : ''} · ${instantText(a.answeredAt)} · ${a.via}${a.accepted ? '' : `（受付不可: ${a.refusalCode}）`}`
          : `    answer ${DECISION[a.answer as 'renew' | 'dont-renew'].en} · ${a.answeredBy}${a.actingForCustomer ? ' (staff, for the customer)' : ''} · ${instantText(a.answeredAt)} · ${a.via}${a.accepted ? '' : ` (refused: ${a.refusalCode})`}`,
      ),
    ]),
  );
  section(
    H.cancellations,
    s.cancellations.map((c) => {
      const gone = c.withdrawnAt ? (ja ? ` — ${c.replacedBy ? '訂正' : '取消'} ${instantText(c.withdrawnAt)}（${c.withdrawnBy}${c.withdrawalReason ? `: ${c.withdrawalReason}` : ''}）` : ` — ${c.replacedBy ? 'corrected' : 'withdrawn'} ${instantText(c.withdrawnAt)} by ${c.withdrawnBy}${c.withdrawalReason ? `: ${c.withdrawalReason}` : ''}`) : '';
      return ja
        ? `  到達 ${instantText(c.receivedAt)} · 指定日 ${c.requestedOn ?? '—'} · 効力発生 ${dateText(c.effectiveOn, l)} · ${c.via}（${c.recordedBy}）${gone}`
        : `  received ${instantText(c.receivedAt)} · requested ${c.requestedOn ?? '—'} · effective ${dateText(c.effectiveOn, l)} · ${c.via} (${c.recordedBy})${gone}`;
    }),
  );
  section(
    H.abolitions,
    s.abolitions.map((a) =>
      ja
        ? `  ${dateText(a.effectiveFrom, l)} から廃止（${a.recordedBy}）${a.withdrawnAt ? ` — ${a.replacedBy ? '日付変更' : '取消'} ${instantText(a.withdrawnAt)}` : ''}`
        : `  abolished from ${dateText(a.effectiveFrom, l)} (${a.recordedBy})${a.withdrawnAt ? ` — ${a.replacedBy ? 'moved' : 'withdrawn'} ${instantText(a.withdrawnAt)}` : ''}`,
    ),
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
  section(H.audit, s.audit.map((a) => `  ${instantText(a.at)} · ${a.actor} · ${a.action}`));
  return out.join('\n');
}

export const contractShowCommand: Command = {
  name: 'contract show',
  summary: bi('契約の全経緯: 契約者、有効期間、証明書、更新、通知、回答、解約、料金、監査記録', "one contract's whole story: customer, terms, certificates, renewals, notices, answers, cancellation, ledger, audit"),
  usage: 'certdesk contract show ID [--json]',
  help: bi('  ID   契約 ID（certdesk contracts で一覧できます）', '  ID   the contract id (certdesk contracts lists them)'),
  options: {},
  positionals: { min: 1, max: 1, what: bi('契約 ID', 'the contract id') },
  settings: ['DATABASE_URL', 'CERTDESK_NOTICE_DAYS', 'CERTDESK_REPLY_DAYS', 'CERTDESK_NOTICE_HOUR'],
  async run(args, ctx) {
    const s = await contractStory(await ctx.db(), args.positionals[0]!, ctx.now, ctx.config.renewalPolicy);
    const { view, contract, ...rest } = s;
    const json = { contract: { ...contractJson(view), service: contract.service, origin: contract.origin, applicationId: contract.applicationId, acceptedAt: contract.acceptedAt }, ...rest };
    return { json, text: story(s, ctx.locale) };
  },
};
