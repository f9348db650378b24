// What staff do in Slack, from the command line: applications and their decision, agreed prices,
// customers, contacts, staff and the designated services. The same services as the Slack
// listeners, with the same validation (ISO 3166 countries, a channel one customer's, mentions and
// channel links read as Slack sends them).
import { desc, eq } from 'drizzle-orm';
import { applications, ledgerEntries } from '../../db/schema.js';
import { reason } from '../../domain/reasons.js';
import { readEmailAddress } from '../../domain/email.js';
import { SAY } from '../../i18n/cli.js';
import { bilingual, type Bilingual } from '../../i18n/text.js';
import { notDesignated } from '../../i18n/app.js';
import {
  addCustomer,
  channelRef,
  countryRef,
  setContact,
  setStaff,
  updateCustomer,
  userRef,
  type CustomerChange,
} from '../../services/admin.js';
import {
  acceptApplication,
  rejectApplication,
  submitApplication,
  type Application,
} from '../../services/applications.js';
import { decideChange } from '../../services/changes.js';
import {
  addDesignatedService,
  listDesignatedServices,
  removeDesignatedService,
} from '../../services/designated-services.js';
import { agreePrice, yenOf } from '../../services/prices.js';
import { flag, optional, required, type Command, type ParsedArgs } from '../command.js';
import { Refusal, UsageError } from '../errors.js';
import { dateText, instantText, table, yen } from '../format.js';
import { certificateFileText, itemArg, termArg } from '../values.js';

const DB = ['DATABASE_URL'] as const;

/** The status names of the interface: pending, accepted, rejected (as stored: submitted, accepted, refused). */
const STATUS_OUT: Record<string, string> = {
  submitted: 'pending',
  accepted: 'accepted',
  refused: 'rejected',
  withdrawn: 'withdrawn',
};
const STATUS_IN: Record<string, string> = { pending: 'submitted', accepted: 'accepted', rejected: 'refused' };

const applicationJson = (a: Application) => ({
  id: a.id,
  customer: a.customerId,
  item: a.item,
  term: a.term,
  commonName: a.commonName,
  service: a.service,
  status: STATUS_OUT[a.status] ?? a.status,
  submittedAt: a.submittedAt.toISOString(),
  agreedCertificateFee: a.agreedCertificateFee,
  contract: a.contractId,
  rejectionReason: ((a.refusal as { reason?: string | null } | null)?.reason ?? null) || null,
});

function applicationId(args: ParsedArgs): number {
  const text = args.positionals[0]!;
  if (!/^\d{1,15}$/.test(text))
    throw new UsageError(
      bilingual(`申込 ID は数字です（「${text}」）`, `An application id is a number (got "${text}")`),
    );
  return Number(text);
}

function yenArg(flagName: string, text: string): number {
  const n = yenOf(text);
  if (n === undefined)
    throw new UsageError(
      bilingual(
        `--${flagName} は0以上の整数（円）です（「${text}」）`,
        `--${flagName} takes a whole number of yen, 0 or more (got "${text}")`,
      ),
    );
  return n;
}

function userArg(text: string): string {
  const id = userRef(text);
  if (!id)
    throw new UsageError(
      bilingual(
        `「${text}」は Slack のユーザー ID（U…、または <@U…>）ではありません`,
        `"${text}" is not a Slack user id (U…, or <@U…> as Slack sends a mention)`,
      ),
    );
  return id;
}

/** An e-mail address a mail server would take (Art. 6(1)). */
function emailArg(text: string): string {
  const address = readEmailAddress(text);
  if (!address)
    throw new UsageError(
      bilingual(
        `「${text}」はメールアドレスではありません（例: alice@acme.example）`,
        `"${text}" is not an e-mail address a mail server would take, e.g. alice@acme.example`,
      ),
    );
  return address;
}

function channelArg(text: string): string {
  const id = channelRef(text);
  if (!id)
    throw new UsageError(
      bilingual(
        `「${text}」は Slack のチャンネル ID（C…、または <#C…|名前>）ではありません`,
        `"${text}" is not a Slack channel id (C…, or <#C…|name> as Slack sends a channel link)`,
      ),
    );
  return id;
}

function countryArg(text: string): string {
  const c = countryRef(text);
  if (!c) throw new UsageError(SAY.badCountry(text, undefined));
  return c;
}

function localeArg(text: string | undefined): 'ja' | 'en' | undefined {
  if (text === undefined) return undefined;
  if (text !== 'ja' && text !== 'en')
    throw new UsageError(bilingual(`--lang は ja または en です（「${text}」）`, `--lang is ja or en (got "${text}")`));
  return text;
}

const done = (changed: boolean, what: Bilingual): Bilingual =>
  changed ? what : bilingual('変更はありません（既にそのとおりです）。', 'Nothing changed (it was already so).');

export const applyCommand: Command = {
  name: 'apply',
  summary: bilingual(
    '申込を記録します（Slack 以外で届いた申込、第3条・第4条・第7条の確認つき）',
    'record an application that came by other means (checked under Art. 3, 4, 7)',
  ),
  usage:
    'certdesk apply --customer ID --item CODE --term TERM --common-name NAME [--service NAME] [--delegate-key] [--moved-from-external-server] [--cert FILE] [--transition-exception REASON] [--json]',
  help: bilingual(
    `  --customer ID                 契約者
  --item CODE --term TERM       品目と有効期間
  --common-name NAME            コモンネーム
  --service NAME                証明書を利用する当社サービス（品目区分Ⅱは当社の指定サービス、第4条第1項）
  --delegate-key                CSR と秘密鍵の作成を当社に委託（第4条第7項）
  --moved-from-external-server  当社以外のサーバで利用中の証明書の移設（品目区分Ⅰ・Ⅱは不可、第7条第1項）
  --cert FILE                   品目区分Ⅲ: 持ち込む証明書
  --transition-exception REASON 品目区分Ⅲ: 認証機関の移行期間（第3条ただし書）とその理由
Slack の申込画面と同じ確認をし、すべての理由をまとめて示します（終了コード 3）。`,
    `  --customer ID                 the customer
  --item CODE --term TERM       item and term
  --common-name NAME            the common name
  --service NAME                the provider service that uses the certificate (category II: a designated one, Art. 4(1))
  --delegate-key                the provider creates the CSR and key (Art. 4(7))
  --moved-from-external-server  a certificate in use on a server not the provider's (refused for I/II, Art. 7(1))
  --cert FILE                   category III: the certificate brought in
  --transition-exception REASON category III: the CA's transition period (Art. 3 proviso), with its reason
The same checks as the Slack form; every reason at once (exit 3).`,
  ),
  options: {
    customer: { type: 'string' },
    item: { type: 'string' },
    term: { type: 'string' },
    'common-name': { type: 'string' },
    service: { type: 'string' },
    'delegate-key': { type: 'boolean' },
    'moved-from-external-server': { type: 'boolean' },
    cert: { type: 'string', file: true },
    'transition-exception': { type: 'string' },
  },
  settings: DB,
  async run(args, ctx) {
    const customerId = required(args, 'customer', bilingual('契約者 ID', 'the customer id'));
    const item = itemArg(required(args, 'item', bilingual('品目', 'the item')));
    const term = termArg(required(args, 'term', bilingual('有効期間', 'the term')));
    const commonName = required(args, 'common-name', bilingual('コモンネーム', 'the common name'));
    const certPath = optional(args, 'cert');
    const certificatePem = certPath ? await certificateFileText(certPath) : null;
    const db = await ctx.db();
    const r = await submitApplication(
      db,
      {
        customerId,
        item: item.code,
        term,
        commonName,
        service: optional(args, 'service') ?? null,
        providerCreatesKey: flag(args, 'delegate-key'),
        movedFromExternalServer: flag(args, 'moved-from-external-server'),
        certificatePem,
        transitionException: optional(args, 'transition-exception') ?? null,
        submittedBy: ctx.actor,
        actor: ctx.actor,
        channel: null,
      },
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.reasons, { customer: customerId, item: item.code });
    const a = r.value.application;
    return {
      json: { application: a.id, ...applicationJson(a) },
      text: bilingual(
        `申込 #${a.id} を記録しました（${a.customerId} / ${a.item} / ${a.commonName}）。承諾は certdesk application accept ${a.id}`,
        `Application #${a.id} recorded (${a.customerId} / ${a.item} / ${a.commonName}). Accept it with certdesk application accept ${a.id}`,
      )[ctx.locale],
    };
  },
};

export const applicationsCommand: Command = {
  name: 'applications',
  summary: bilingual('申込の一覧（承諾待ち・承諾済み・お断り）', 'applications: pending, accepted, rejected'),
  usage: 'certdesk applications [--status pending|accepted|rejected] [--json]',
  help: bilingual(
    '  --status STATUS   pending（承諾待ち）、accepted、rejected のいずれかだけ',
    '  --status STATUS   only pending, accepted or rejected ones',
  ),
  options: { status: { type: 'string' } },
  settings: DB,
  async run(args, ctx) {
    const status = optional(args, 'status');
    if (status !== undefined && !STATUS_IN[status])
      throw new UsageError(
        bilingual(
          `--status は pending、accepted、rejected のいずれかです（「${status}」）`,
          `--status is pending, accepted or rejected (got "${status}")`,
        ),
      );
    const db = await ctx.db();
    const rows = await db
      .select()
      .from(applications)
      .where(status ? eq(applications.status, STATUS_IN[status]!) : undefined)
      .orderBy(desc(applications.id));
    const l = ctx.locale;
    const text = rows.length
      ? table(rows, [
          { header: 'ID', value: (a) => String(a.id), right: true },
          { header: l === 'ja' ? '契約者' : 'Customer', value: (a) => a.customerId },
          { header: l === 'ja' ? '品目' : 'Item', value: (a) => a.item },
          { header: l === 'ja' ? '有効期間' : 'Term', value: (a) => a.term },
          { header: l === 'ja' ? 'コモンネーム' : 'Common name', value: (a) => a.commonName },
          { header: l === 'ja' ? '状態' : 'Status', value: (a) => STATUS_OUT[a.status] ?? a.status },
          { header: l === 'ja' ? '申込日時' : 'Submitted', value: (a) => instantText(a.submittedAt) },
        ])
      : bilingual('申込はありません。', 'No applications.')[l];
    return { json: rows.map(applicationJson), text };
  },
};

export const applicationAcceptCommand: Command = {
  name: 'application accept',
  summary: bilingual(
    '申込を承諾し、契約を作成します（料金は承諾時に発生、第10条）',
    'accept an application: the contract is made and its fees accrue (Art. 10)',
  ),
  usage: 'certdesk application accept ID [--agreed-fee YEN] [--json]',
  help: bilingual(
    '  --agreed-fee YEN   契約者と合意した証明書料金（品目区分Ⅱでは必須、別紙1の1）\n契約者のチャンネルにお知らせします。',
    "  --agreed-fee YEN   the certificate fee agreed with the customer (required for category II, Appendix 1 §1)\nThe customer's channel is told.",
  ),
  options: { 'agreed-fee': { type: 'string' } },
  positionals: { min: 1, max: 1, what: bilingual('申込 ID', 'the application id') },
  settings: DB,
  async run(args, ctx) {
    const id = applicationId(args);
    const feeText = optional(args, 'agreed-fee');
    const fee = feeText === undefined ? null : yenArg('agreed-fee', feeText);
    const db = await ctx.db();
    const r = await acceptApplication(db, { applicationId: id, actor: ctx.actor, agreedCertificateFee: fee }, ctx.now);
    if (!r.ok) throw new Refusal(r.reasons, { application: id });
    const v = r.value;
    if (v.already)
      throw new Refusal(
        [
          reason(null, 'application-decided', {
            application: id,
            status: STATUS_OUT[v.application.status] ?? v.application.status,
          }),
        ],
        { application: id },
      );
    const entries = await db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.eventKey, `acceptance:${id}`));
    const l = ctx.locale;
    const lines = entries.map((e) => `  ${e.kind} ${yen(e.amount)} ${dateText(e.accruedOn, l)}`).join('\n');
    return {
      json: {
        application: id,
        status: 'accepted',
        contract: v.contractId,
        ledger: entries.map((e) => ({
          kind: e.kind,
          amount: e.amount,
          accruedOn: e.accruedOn.toString(),
          article: e.article,
          tariffVersion: e.tariffVersion,
        })),
      },
      text: `${bilingual(`申込 #${id} を承諾し、契約 ${v.contractId} を作成しました。記帳:`, `Application #${id} accepted: contract ${v.contractId}. Ledger:`)[l]}\n${lines}`,
    };
  },
};

export const applicationRejectCommand: Command = {
  name: 'application reject',
  summary: bilingual(
    '申込をお断りします（理由は契約者に表示されます）',
    'reject an application (the customer reads the reason)',
  ),
  usage: 'certdesk application reject ID --reason TEXT [--json]',
  help: bilingual(
    '  --reason TEXT   お断りする理由（契約者のチャンネルに表示されます）',
    "  --reason TEXT   why (shown in the customer's channel)",
  ),
  options: { reason: { type: 'string' } },
  positionals: { min: 1, max: 1, what: bilingual('申込 ID', 'the application id') },
  settings: DB,
  async run(args, ctx) {
    const id = applicationId(args);
    const why = required(args, 'reason', bilingual('お断りする理由', 'the reason'));
    const db = await ctx.db();
    const v = await rejectApplication(db, { applicationId: id, actor: ctx.actor, reason: why }, ctx.now);
    if (v.already)
      throw new Refusal(
        [
          reason(null, 'application-decided', {
            application: id,
            status: STATUS_OUT[v.application.status] ?? v.application.status,
          }),
        ],
        { application: id },
      );
    return {
      json: { application: id, status: 'rejected', reason: why },
      text: bilingual(`申込 #${id} をお断りしました。`, `Application #${id} rejected.`)[ctx.locale],
    };
  },
};

export const priceAgreeCommand: Command = {
  name: 'price agree',
  summary: bilingual(
    '品目区分Ⅱの更新の証明書料金を記録します（更新の前でも後でも、別紙1の1）',
    "record the agreed certificate fee of a category II contract's renewal, before or after it (Appendix 1 §1)",
  ),
  usage: 'certdesk price agree --contract ID --amount YEN [--json]',
  help: bilingual(
    '  --contract ID   品目区分Ⅱ（クラウド証明書）の契約\n  --amount YEN    合意した証明書料金（税抜、円）\n既に記録された更新で料金が未合意のものがあればその更新、なければ次の更新が対象です。更新後の合意は本日記帳します。',
    '  --contract ID   a category II (cloud certificate) contract\n  --amount YEN    the agreed certificate fee (yen, excl. tax)\nIt applies to a renewal already recorded whose fee is open, else to the coming one. Agreed after the renewal, the fee accrues today.',
  ),
  options: { contract: { type: 'string' }, amount: { type: 'string' } },
  settings: DB,
  async run(args, ctx) {
    const contractId = required(args, 'contract', bilingual('契約 ID', 'the contract id'));
    const amount = yenArg('amount', required(args, 'amount', bilingual('金額', 'the amount')));
    const r = await agreePrice(await ctx.db(), { contractId, amount, actor: ctx.actor }, ctx.now);
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const l = ctx.locale;
    return {
      json: {
        contract: v.contract,
        expiryDate: v.expiryDate.toString(),
        amount: v.amount,
        renewed: v.renewed,
        ledger: v.entries.map((e) => ({
          kind: e.kind,
          amount: e.amount,
          accruedOn: e.accruedOn.toString(),
          article: e.article,
          tariffVersion: e.tariffVersion,
        })),
      },
      text: bilingual(
        `契約 ${v.contract} の更新（満了日 ${dateText(v.expiryDate, 'ja')}）の証明書料金 ${yen(v.amount)} を記録しました。${v.renewed ? '更新は記録済みのため、本日記帳しました。' : '更新とともに記帳します。'}`,
        `The certificate fee of contract ${v.contract}'s renewal (expiry ${v.expiryDate}) is recorded at ${yen(v.amount)}. ${v.renewed ? 'The renewal is already recorded, so it is in the ledger today.' : 'It goes into the ledger with the renewal.'}`,
      )[l],
    };
  },
};

const CUSTOMER_HELP = bilingual(
  `  --name NAME         契約者名
  --country CC        ISO 3166-1 の国コード（JP など、第7条第2項）
  --channel CHANNEL   共有チャンネルの ID（C… または Slack の <#C…|名前>）。一つのチャンネルは一つの契約者のもの
  --lang ja|en        メッセージの言語`,
  `  --name NAME         the customer's name
  --country CC        ISO 3166-1 country code (JP, …; Art. 7(2))
  --channel CHANNEL   the shared channel's id (C…, or <#C…|name> as Slack sends it); a channel belongs to one customer
  --lang ja|en        the language of its messages`,
);

export const customerAddCommand: Command = {
  name: 'customer add',
  summary: bilingual('契約者を登録します', 'register a customer'),
  usage: 'certdesk customer add ID --name NAME --country CC [--channel CHANNEL] [--lang ja|en] [--json]',
  help: CUSTOMER_HELP,
  options: {
    name: { type: 'string' },
    country: { type: 'string' },
    channel: { type: 'string' },
    lang: { type: 'string' },
  },
  positionals: { min: 1, max: 1, what: bilingual('契約者 ID', 'the customer id') },
  settings: DB,
  async run(args, ctx) {
    const id = args.positionals[0]!;
    const name = required(args, 'name', bilingual('契約者名', 'the name'));
    const country = countryArg(required(args, 'country', bilingual('国コード', 'the country')));
    const channelText = optional(args, 'channel');
    const channel = channelText === undefined ? null : channelArg(channelText);
    const r = await addCustomer(
      await ctx.db(),
      { id, name, country, channel, locale: localeArg(optional(args, 'lang')) ?? 'ja', actor: ctx.actor },
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.reasons, { customer: id });
    const c = r.value;
    return {
      json: {
        customer: c.id,
        name: c.name,
        country: c.country,
        channel: c.slackChannel,
        lang: c.locale,
        created: true,
      },
      text: bilingual(`契約者 ${c.id} を登録しました。`, `Customer ${c.id} registered.`)[ctx.locale],
    };
  },
};

export const customerUpdateCommand: Command = {
  name: 'customer update',
  summary: bilingual(
    '契約者の名前・国・チャンネル・言語・利用サービスを変更します',
    "change a customer's name, country, channel, language or services",
  ),
  usage:
    'certdesk customer update ID [--name NAME] [--country CC] [--channel CHANNEL] [--lang ja|en] [--add-service NAME] [--remove-service NAME] [--json]',
  help: {
    ja: `${CUSTOMER_HELP.ja}\n  --add-service NAME    契約者が契約している当社サービスを追加（第4条第1項）\n  --remove-service NAME  それを外す`,
    en: `${CUSTOMER_HELP.en}\n  --add-service NAME    a provider service the customer holds (Art. 4(1))\n  --remove-service NAME  take one away`,
  },
  options: {
    name: { type: 'string' },
    country: { type: 'string' },
    channel: { type: 'string' },
    lang: { type: 'string' },
    'add-service': { type: 'string' },
    'remove-service': { type: 'string' },
  },
  positionals: { min: 1, max: 1, what: bilingual('契約者 ID', 'the customer id') },
  settings: DB,
  async run(args, ctx) {
    const id = args.positionals[0]!;
    const change: CustomerChange = { id, actor: ctx.actor };
    const name = optional(args, 'name');
    if (name !== undefined) change.name = name;
    const country = optional(args, 'country');
    if (country !== undefined) change.country = countryArg(country);
    const channel = optional(args, 'channel');
    if (channel !== undefined) change.channel = channelArg(channel);
    const locale = localeArg(optional(args, 'lang'));
    if (locale) change.locale = locale;
    change.addService = optional(args, 'add-service');
    change.removeService = optional(args, 'remove-service');
    if (Object.values(change).filter((v) => v !== undefined).length <= 2)
      throw new UsageError(bilingual('変更する項目を指定してください', 'Say what to change'));
    const r = await updateCustomer(await ctx.db(), change, ctx.now);
    if (!r.ok) throw new Refusal(r.reasons, { customer: id });
    const c = r.value.customer;
    return {
      json: {
        customer: c.id,
        name: c.name,
        country: c.country,
        channel: c.slackChannel,
        lang: c.locale,
        changed: r.value.changed,
      },
      text: done(r.value.changed, bilingual(`契約者 ${c.id} を変更しました。`, `Customer ${c.id} changed.`))[
        ctx.locale
      ],
    };
  },
};

function contactCommand(add: boolean): Command {
  const verb = add ? 'add' : 'remove';
  return {
    name: `contact ${verb}`,
    summary: add
      ? bilingual(
          '契約者の担当者（回答・解約ができる Slack ユーザー）を追加します',
          "add a customer's contact (a Slack user who may answer and cancel)",
        )
      : bilingual('契約者の担当者を外します', "remove a customer's contact"),
    usage: `certdesk contact ${verb} CUSTOMER SLACK_USER${add ? ' [--email ADDRESS]' : ''} [--json]`,
    help: add
      ? bilingual(
          'SLACK_USER はユーザー ID（U…）、または Slack のメンション <@U…>。--email の宛先には、Slack に届かない更新のご案内がメールで送られます（CERTDESK_SMTP_URL を設定したとき）',
          'SLACK_USER is a user id (U…) or a mention, <@U…>, as Slack sends it. With --email, renewal notices Slack will not take go to that address by e-mail (when CERTDESK_SMTP_URL is set)',
        )
      : bilingual(
          'SLACK_USER はユーザー ID（U…）、または Slack のメンション <@U…>。担当者のメールアドレスも外します',
          'SLACK_USER is a user id (U…) or a mention, <@U…>, as Slack sends it. The contact’s e-mail addresses go too',
        ),
    options: add ? { email: { type: 'string' } } : {},
    positionals: {
      min: 2,
      max: 2,
      what: bilingual('契約者 ID と Slack ユーザー', 'the customer id and the Slack user'),
    },
    settings: DB,
    async run(args, ctx) {
      const [customerId, userText] = args.positionals as [string, string];
      const userId = userArg(userText);
      const emailText = optional(args, 'email');
      const email = emailText === undefined ? undefined : emailArg(emailText);
      const changed = await setContact(await ctx.db(), { customerId, userId, add, email, actor: ctx.actor }, ctx.now);
      return {
        json: { customer: customerId, user: userId, contact: add, ...(email ? { email } : {}), changed },
        text: done(
          changed,
          add
            ? bilingual(
                `${userId} を ${customerId} の担当者にしました。`,
                `${userId} is now a contact of ${customerId}.`,
              )
            : bilingual(
                `${userId} を ${customerId} の担当者から外しました。`,
                `${userId} is no longer a contact of ${customerId}.`,
              ),
        )[ctx.locale],
      };
    },
  };
}

export const contactAddCommand = contactCommand(true);
export const contactRemoveCommand = contactCommand(false);

function staffCommand(add: boolean): Command {
  const verb = add ? 'add' : 'remove';
  return {
    name: `staff ${verb}`,
    summary: add
      ? bilingual('当社担当者を登録します', "register a member of the provider's staff")
      : bilingual('当社担当者の登録を外します', "remove a member of the provider's staff"),
    usage: `certdesk staff ${verb} SLACK_USER${add ? ' [--name NAME]' : ''} [--json]`,
    help: bilingual(
      'SLACK_USER はユーザー ID（U…）、または Slack のメンション <@U…>',
      'SLACK_USER is a user id (U…) or a mention, <@U…>, as Slack sends it',
    ),
    options: add ? { name: { type: 'string' } } : {},
    positionals: { min: 1, max: 1, what: bilingual('Slack ユーザー', 'the Slack user') },
    settings: DB,
    async run(args, ctx) {
      const userId = userArg(args.positionals[0]!);
      const changed = await setStaff(
        await ctx.db(),
        { userId, name: optional(args, 'name'), active: add, actor: ctx.actor },
        ctx.now,
      );
      return {
        json: { user: userId, staff: add, changed },
        text: done(
          changed,
          add
            ? bilingual(`${userId} を担当者として登録しました。`, `${userId} is now staff.`)
            : bilingual(`${userId} を担当者から外しました。`, `${userId} is no longer staff.`),
        )[ctx.locale],
      };
    },
  };
}

export const staffAddCommand = staffCommand(true);
export const staffRemoveCommand = staffCommand(false);

function designatedServiceCommand(add: boolean): Command {
  const verb = add ? 'add' : 'remove';
  return {
    name: `designated-service ${verb}`,
    summary: add
      ? bilingual(
          '当社の指定サービスを一覧に加えます（第4条第1項、第5条、第7条第1項）',
          "add a service to the provider's designated list (Art. 4(1), 5, 7(1))",
        )
      : bilingual('当社の指定サービスを一覧から外します', "take a service off the provider's designated list"),
    usage: `certdesk designated-service ${verb} NAME${add ? ' [--name DISPLAY_NAME]' : ''} [--json]`,
    help: bilingual(
      '品目区分Ⅱの申込と更新には、契約者がこの一覧のサービスを契約している必要があります（第4条第1項）。一覧から外しても既存の契約はそのままで、次の更新時に確認します。',
      'A category II application and each category II renewal need the customer to hold a service on this list (Art. 4(1)). Taking one off leaves contracts as they are; their next renewal checks again.',
    ),
    options: add ? { name: { type: 'string' } } : {},
    positionals: { min: 1, max: 1, what: bilingual('サービス名', 'the service name') },
    settings: DB,
    async run(args, ctx) {
      const code = args.positionals[0]!.trim();
      if (!code) throw new UsageError(bilingual('サービス名を指定してください', 'Give the service name'));
      const db = await ctx.db();
      const changed = add
        ? await addDesignatedService(db, { code, name: optional(args, 'name') ?? null, actor: ctx.actor }, ctx.now)
        : await removeDesignatedService(db, { code, actor: ctx.actor }, ctx.now);
      // A name not on the list is a mistake (a typo, most often), not "nothing to do": say what is on it.
      if (!add && !changed) throw new UsageError(notDesignated(code, await listDesignatedServices(db)));
      return {
        json: { service: code, designated: add, changed },
        text: done(
          changed,
          add
            ? bilingual(`${code} を指定サービスにしました。`, `${code} is now a designated service.`)
            : bilingual(`${code} を指定サービスから外しました。`, `${code} is no longer a designated service.`),
        )[ctx.locale],
      };
    },
  };
}

export const designatedServiceAddCommand = designatedServiceCommand(true);
export const designatedServiceRemoveCommand = designatedServiceCommand(false);

function changeDecisionCommand(accept: boolean): Command {
  const verb = accept ? 'accept' : 'reject';
  return {
    name: `change ${verb}`,
    summary: accept
      ? bilingual(
          '利用サービスの変更の申込を承諾します（第5条）',
          'accept a change of the service that uses a certificate (Art. 5)',
        )
      : bilingual(
          '利用サービスの変更の申込をお断りします（第5条）',
          'reject a change of the service that uses a certificate (Art. 5)',
        ),
    usage: `certdesk change ${verb} ID [--json]`,
    help: bilingual(
      'ID は変更の申込の番号です。契約者のチャンネルにお知らせします。',
      "ID is the change request's number. The customer's channel is told.",
    ),
    options: {},
    positionals: { min: 1, max: 1, what: bilingual('変更の申込 ID', 'the change request id') },
    settings: DB,
    async run(args, ctx) {
      const id = applicationId(args);
      const r = await decideChange(await ctx.db(), { changeId: id, accept, actor: ctx.actor }, ctx.now);
      if (r.already)
        throw new Refusal([reason(null, 'application-decided', { application: id, status: r.change.status })], {
          change: id,
        });
      return {
        json: { change: id, contract: r.change.contractId, status: r.change.status, service: r.change.toService },
        text: bilingual(
          `変更の申込 #${id} を${accept ? '承諾しました' : 'お断りしました'}。`,
          `Change request #${id} ${accept ? 'accepted' : 'rejected'}.`,
        )[ctx.locale],
      };
    },
  };
}

export const changeAcceptCommand = changeDecisionCommand(true);
export const changeRejectCommand = changeDecisionCommand(false);

export const STAFF_COMMANDS: readonly Command[] = [
  changeAcceptCommand,
  changeRejectCommand,
  applyCommand,
  applicationsCommand,
  applicationAcceptCommand,
  applicationRejectCommand,
  priceAgreeCommand,
  customerAddCommand,
  customerUpdateCommand,
  contactAddCommand,
  contactRemoveCommand,
  staffAddCommand,
  staffRemoveCommand,
  designatedServiceAddCommand,
  designatedServiceRemoveCommand,
];
