// What the Slack messages say, built from plain models: the renewal notice (Art. 6), the renewal
// and ending messages, the staff digest and alerts, the cancellation form, in both languages.
// Pure: no database, no Slack.
import { describe, expect, it } from 'vitest';
import { toBusinessDate } from '../../src/domain/dates.js';
import { DEFAULT_RENEWAL_POLICY } from '../../src/domain/renewal.js';
import { ANSWER, CANCEL } from '../../src/i18n/app.js';
import { jaDate } from '../../src/i18n/slack.js';
import { LOCALES, type Locale } from '../../src/i18n/text.js';
import { deadlineShown } from '../../src/services/message-data.js';
import { applicationForStaff, type ApplicationModel } from '../../src/slack/views/application.js';
import { cancelModal } from '../../src/slack/views/cancel.js';
import { abolitionAnnounced, contractEnded, servedCheck } from '../../src/slack/views/endings.js';
import {
  NOTICES_PER_MESSAGE,
  renewalNotice,
  renewalNoticeGroup,
  renewalRecorded,
  renewalReminder,
  type NoticeModel,
  type ReminderModel,
  type RenewalRecordedModel,
} from '../../src/slack/views/renewal.js';
import { staffAlert, staffDigest, type DigestModel } from '../../src/slack/views/staff.js';
import { statusMessage, type ContractLine } from '../../src/slack/views/status.js';
import { blockKitViolations } from '../../src/slack/block-kit-limits.js';

/** Every text a person sees in a message or view, one string. */
function textOf(node: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === 'text' && typeof v === 'string') out.push(v);
        else walk(v);
      }
    }
  };
  walk(node);
  return out.join('\n');
}

/** The field of a notice labelled `label`, as shown. */
function field(blocks: unknown[], label: string): string | undefined {
  for (const b of blocks as { fields?: { text: string }[] }[]) {
    for (const f of b.fields ?? []) if (f.text.startsWith(`*${label}*\n`)) return f.text.slice(label.length + 3);
  }
  return undefined;
}

const fees = { certificateFee: 34_800, agencyFee: 25_000, total: 59_800 };

/** A quick-ssl notice for a term ending 2027-01-11 (standard deadline 2026-12-12). */
const notice = (over: Partial<NoticeModel> = {}): NoticeModel => ({
  locale: 'ja',
  cycleId: 7,
  itemName: 'クイック認証 SSL',
  category: 'I',
  commonName: 'www.acme.example',
  expiryDate: '2027-01-11',
  replyDeadline: '2026-12-12',
  held: false,
  late: false,
  lateNoticeReplyDays: DEFAULT_RENEWAL_POLICY.lateNoticeReplyDays,
  renewalFees: fees,
  noPublicCertificateRenewable: false,
  answer: null,
  outcome: null,
  ...over,
});

const both = <T>(build: (l: Locale) => T) => LOCALES.map((l) => [l, build(l)] as const);

/** What a default renewal, or a reply period, would be announced with. */
const DEFAULT_RENEWAL_WORDING = [
  /みなし更新/,
  /更新するものとして/,
  /期限までにご回答がない/,
  /default renewal/i,
  /renewed by default/i,
  /without an answer by the deadline/i,
  /the term is renewed/i,
];

describe('Art. 6(1), 6(2): the reply deadline a notice states', () => {
  it('Art. 6(1): a late notice states the deadline it really has', () => {
    // Expiry 2027-01-11, first notice out on 2026-11-25 (the 60-day notice was due 11-12): the
    // standard deadline 12-12 is later than 14 days after the notice, so 17 days remain.
    const sent = new Date('2026-11-25T10:00:00+09:00');
    const deadline = deadlineShown(null, toBusinessDate('2027-01-11'), false, sent, DEFAULT_RENEWAL_POLICY);
    expect(deadline?.toString()).toBe('2026-12-12');
    for (const [l, m] of both((l) =>
      renewalNotice(notice({ locale: l, late: true, replyDeadline: deadline!.toString() })),
    )) {
      const text = textOf(m.blocks);
      expect(text).toContain('2026-12-12');
      expect(field(m.blocks, l === 'ja' ? '回答期限' : 'Reply by')).toContain('2026-12-12');
      // No promise of a fixed count of days from the notice.
      expect(text).not.toMatch(/送信日から14日|14日後（|14 days from it|you have 14 days/);
      expect(text).not.toMatch(/2026-12-09/);
      expect(text).toMatch(l === 'ja' ? /予定より遅れて/ : /later than scheduled/);
    }
  });

  it('Art. 6(2): the late-notice rule is stated with the policy’s number of days, not a fixed one', () => {
    const ja = textOf(renewalNotice(notice({ late: true, lateNoticeReplyDays: 10 })).blocks);
    const en = textOf(renewalNotice(notice({ locale: 'en', late: true, lateNoticeReplyDays: 10 })).blocks);
    expect(ja).toContain('10日後');
    expect(ja).not.toContain('14日');
    expect(en).toContain('10 days after this notice');
    expect(en).not.toContain('14 days');
  });

  it('Art. 6(2): a late notice leaves 14 days when that is later, but never past the day before expiry', () => {
    const at = (iso: string) => new Date(`${iso}T10:00:00+09:00`);
    expect(
      deadlineShown(null, toBusinessDate('2028-01-05'), false, at('2027-12-20'), DEFAULT_RENEWAL_POLICY)?.toString(),
    ).toBe('2028-01-03');
    expect(
      deadlineShown(null, toBusinessDate('2028-01-05'), false, at('2028-01-01'), DEFAULT_RENEWAL_POLICY)?.toString(),
    ).toBe('2028-01-04');
    const m = renewalNotice(
      notice({ locale: 'en', expiryDate: '2028-01-05', replyDeadline: '2028-01-04', late: true }),
    );
    expect(textOf(m.blocks)).toContain('no later than the day before expiry');
    expect(field(m.blocks, 'Reply by')).toBe('2028-01-04');
  });

  it('Art. 6(2): a redrawn notice shows the deadline the cycle fixed, not one worked out again', () => {
    const fixed = toBusinessDate('2026-12-12');
    expect(
      deadlineShown(
        fixed,
        toBusinessDate('2027-01-11'),
        true,
        new Date('2026-12-20T10:00:00+09:00'),
        DEFAULT_RENEWAL_POLICY,
      ),
    ).toBe(fixed);
  });

  it('a notice on time says nothing of lateness', () => {
    for (const [, m] of both((l) => renewalNotice(notice({ locale: l }))))
      expect(textOf(m.blocks)).not.toMatch(/遅れて|later than scheduled/);
  });
});

describe('Art. 6(1), 6(2): a notice that went out on or after the expiry date (held)', () => {
  it('a notice sent on the expiry date leaves no reply period', () => {
    expect(
      deadlineShown(
        null,
        toBusinessDate('2027-01-11'),
        false,
        new Date('2027-01-11T09:00:00+09:00'),
        DEFAULT_RENEWAL_POLICY,
      ),
    ).toBeNull();
  });

  it('Art. 6(2): a held notice has no default-renewal wording in either language, and no empty deadline', () => {
    for (const [l, m] of both((l) =>
      renewalNotice(notice({ locale: l, held: true, replyDeadline: null, late: true })),
    )) {
      const text = textOf(m.blocks);
      for (const words of DEFAULT_RENEWAL_WORDING) expect(text).not.toMatch(words);
      expect(field(m.blocks, l === 'ja' ? '回答期限' : 'Reply by')).not.toBe('—');
      expect(text).not.toMatch(/\n—(\n|$)/);
      if (l === 'ja') {
        expect(text).toContain('満了日以降にお送りしたため、回答期限はありません');
        expect(text).toContain('自動で更新されることも、契約が終了することもありません');
        expect(text).toContain('担当者からもご連絡します');
        // Renewing by answer: the fees accrue on the answer day (answers.ts).
        expect(text).toContain('その日に更新を記録し、料金 ¥34,800 + ¥25,000 = ¥59,800（税抜）はその日に発生します');
      } else {
        expect(text).toContain('on or after the expiry date');
        expect(text).toContain('neither renewed automatically nor ended');
        expect(text).toContain('staff will also be in touch');
      }
      // The customer can still answer, by button or in the thread.
      expect(JSON.stringify(m.blocks)).toContain('renewal:renew');
      expect(JSON.stringify(m.blocks)).toContain('renewal:decline');
    }
  });

  it('a held cycle shows no deadline even when one was fixed: an answer decides whenever it comes', () => {
    const m = renewalNotice(notice({ held: true, replyDeadline: '2026-12-12' }));
    expect(textOf(m.blocks)).not.toContain('2026-12-12');
    for (const words of DEFAULT_RENEWAL_WORDING) expect(textOf(m.blocks)).not.toMatch(words);
  });

  it('Art. 6(3): a held category III notice neither lapses at a deadline nor renews without the customer’s certificate', () => {
    for (const [l, m] of both((l) =>
      renewalNotice(
        notice({
          locale: l,
          category: 'III',
          itemName: '持ち込み証明書',
          held: true,
          replyDeadline: null,
          renewalFees: null,
          noPublicCertificateRenewable: true,
        }),
      ),
    )) {
      const text = textOf(m.blocks);
      for (const words of DEFAULT_RENEWAL_WORDING) expect(text).not.toMatch(words);
      expect(text).not.toMatch(/期限までに|by the deadline/);
      expect(text).toMatch(l === 'ja' ? /新しい証明書をご自身で取得/ : /obtain the new certificate yourself/);
      expect(text).toMatch(l === 'ja' ? /90日以内/ : /90 days or less/);
      expect(text).toMatch(l === 'ja' ? /2029年3月15日以降/ : /From 2029-03-15/);
    }
  });

  it('once a held cycle is settled by an answer, the notice does not offer to change it', () => {
    const m = renewalNotice(
      notice({
        held: true,
        replyDeadline: null,
        answer: { answer: 'renew', by: 'U0ALICE', at: '2027-01-12 10:00 JST', actingForCustomer: false },
        outcome: { kind: 'renewed', at: '2027-01-12 10:00 JST' },
      }),
    );
    const text = textOf(m.blocks);
    expect(text).toContain('結果: 更新を記録しました');
    expect(text).not.toContain('期限までは変更できます');
    expect(JSON.stringify(m.blocks)).not.toContain('renewal:renew');
  });

  it('an answer before a deadline can still be changed, and the notice says so', () => {
    const answered = {
      answer: 'dont-renew' as const,
      by: 'U0ALEX',
      at: '2026-12-01 10:00 JST',
      actingForCustomer: false,
    };
    expect(textOf(renewalNotice(notice({ answer: answered })).blocks)).toContain('期限までは変更できます');
    expect(textOf(renewalNotice(notice({ locale: 'en', answer: answered })).blocks)).toContain(
      'You can change it until the deadline',
    );
  });
});

describe('Art. 6(2), 6(3): what a notice on time announces', () => {
  it('Art. 6(2): category I/II: the default renewal, with its fees as amounts with separators', () => {
    const text = textOf(renewalNotice(notice()).blocks);
    expect(text).toContain('みなし更新');
    expect(text).toContain('¥34,800 + ¥25,000 = ¥59,800');
  });

  it('Art. 6(3): category III: no default renewal; the contract ends on its expiry date', () => {
    const text = textOf(renewalNotice(notice({ category: 'III', renewalFees: null })).blocks);
    expect(text).toContain('自動更新はなく');
    expect(text).not.toContain('みなし更新');
  });
});

describe('the staff digest', () => {
  const digest = (l: Locale): DigestModel => ({
    locale: l,
    date: '2026-12-12',
    ended: [
      { id: 'three-byo', commonName: 'three.example', reason: 'lapsed' },
      { id: 'four-www', commonName: 'four.example', reason: 'not-renewed' },
      { id: 'two-www', commonName: 'two.example', reason: 'cancelled' },
      { id: 'five-www', commonName: 'five.example', reason: 'abolished' },
    ],
    renewed: [
      { id: 'one-www', commonName: 'one.example', kind: 'default-renewed' },
      { id: 'six-www', commonName: 'six.example', kind: 'renewed' },
    ],
    waiting: { applications: 1, changes: 0, held: 2, failed: 0 },
  });

  it('in Japanese has no raw outcome or reason codes: each is said in words, with its article', () => {
    const text = textOf(staffDigest(digest('ja')).blocks);
    expect(text).not.toMatch(/default-renewed|\blapsed\b|not-renewed|\bcancelled\b|\babolished\b|\brenewed\b/);
    expect(text).toContain('one-www (one.example) — みなし更新（第6条第2項）');
    expect(text).toContain('six-www (six.example) — ご回答による更新');
    expect(text).toContain('three-byo (three.example) — 更新なしで終了（第6条第3項）');
    expect(text).toContain('four-www (four.example) — 更新しないとのご回答（第9条第1項）');
    expect(text).toContain('本日の状況: 2026-12-12 (令和8年12月12日)');
  });

  it('in English says the same in English words', () => {
    const text = textOf(staffDigest(digest('en')).blocks);
    expect(text).not.toMatch(/default-renewed|not-renewed/);
    expect(text).toContain('one-www (one.example) — default renewal (Art. 6(2))');
    expect(text).toContain('three-byo (three.example) — ended without renewal (Art. 6(3))');
    expect(text).not.toContain('令和');
  });

  it('a message that failed to send is named in the staff’s language; Slack’s error code stays as it is', () => {
    const ja = staffAlert({
      locale: 'ja',
      kind: 'delivery-failed',
      contractId: 'one-www',
      customerName: 'one 株式会社',
      detail: 'renewal-notice: channel_not_found',
    });
    expect(ja.text).toContain('更新のご案内: channel_not_found');
    expect(ja.text).not.toContain('renewal-notice');
    const en = staffAlert({
      locale: 'en',
      kind: 'delivery-failed',
      contractId: 'one-www',
      customerName: null,
      detail: 'renewal-notice: channel_not_found',
    });
    expect(en.text).toContain('renewal notice: channel_not_found');
  });
});

describe('dates in Japanese messages carry the era, as the command line shows them', () => {
  const ERA = /\d{4}-\d{2}-\d{2} \(令和\d+年\d+月\d+日\)/;

  it('the era date of a business date is the command line’s', () => {
    expect(jaDate('2026-12-11')).toBe('2026-12-11 (令和8年12月11日)');
    expect(jaDate('2019-05-01')).toBe('2019-05-01 (令和元年5月1日)');
    expect(jaDate('—')).toBe('—');
  });

  it('a notice: its expiry date and reply deadline, in the text and the fields', () => {
    const m = renewalNotice(notice());
    const text = textOf(m.blocks);
    expect(text).toContain('*2027-01-11 (令和9年1月11日)* に満了します');
    expect(text).toContain('*2026-12-12 (令和8年12月12日)* までにお知らせください');
    expect(field(m.blocks, '満了日')).toBe('2027-01-11 (令和9年1月11日)');
    expect(field(m.blocks, '回答期限')).toBe('2026-12-12 (令和8年12月12日)');
    expect(JSON.stringify(m.blocks)).toContain('契約は満了日（2027-01-11 (令和9年1月11日)）をもって終了します');
  });

  it('a renewal recorded: the deadline, the next term and the day the fees accrue', () => {
    const model = (l: Locale): RenewalRecordedModel => ({
      locale: l,
      itemName: 'クイック認証 SSL',
      commonName: 'www.acme.example',
      kind: 'default-renewed',
      replyDeadline: '2026-12-11',
      nextTerm: { startsOn: '2027-01-11', expiryDate: '2028-01-10' },
      fees: { certificateFee: 34_800, agencyFee: 25_000, total: 59_800, accruedOn: '2026-12-12' },
    });
    const ja = textOf(renewalRecorded(model('ja')).blocks);
    expect(ja).toContain('回答期限の 2026-12-11 (令和8年12月11日) までにご回答がなかったため');
    expect(ja).toContain('2027-01-11 (令和9年1月11日) から 2028-01-10 (令和10年1月10日) まで');
    expect(ja).toContain('2026-12-12 (令和8年12月12日) に発生します');
    expect(ja).toContain('¥34,800 + 申請代行手数料 ¥25,000 = ¥59,800');
    const en = textOf(renewalRecorded(model('en')).blocks);
    expect(en).toContain('No answer came by the reply deadline (2026-12-11)');
    expect(en).not.toContain('令和');
  });

  it('a contract ended, an abolition and a certificate ending soon', () => {
    expect(
      textOf(
        contractEnded({
          locale: 'ja',
          itemName: '持ち込み証明書',
          commonName: 'three.example',
          endDate: '2027-01-10',
          reason: 'lapsed',
        }).blocks,
      ),
    ).toContain('2027-01-10 (令和9年1月10日) に終了しました');
    expect(
      textOf(
        contractEnded({
          locale: 'en',
          itemName: 'Bring your own',
          commonName: 'three.example',
          endDate: '2027-01-10',
          reason: 'lapsed',
        }).blocks,
      ),
    ).toContain('ended on 2027-01-10 (');
    const abolition = textOf(
      abolitionAnnounced({
        locale: 'ja',
        itemName: 'SureServer EV',
        from: '2026-12-20',
        contracts: [{ id: 'five-www', commonName: 'five.example', endsOn: '2026-12-20' }],
      }).blocks,
    );
    expect(abolition).toContain('2026-12-20 (令和8年12月20日) から廃止します');
    expect(abolition).toContain('2026-12-20 (令和8年12月20日) に終了します');
    expect(
      textOf(
        servedCheck({
          locale: 'ja',
          commonName: 'www.acme.example',
          target: 'www.acme.example:443',
          outcome: 'expiring',
          servedNotAfter: '2026-12-01',
        }).blocks,
      ),
    ).toContain('2026-12-01 (令和8年12月1日) に期限が切れます');
  });

  it('a cancellation: the form’s effective date, and the reply when it is recorded', () => {
    const modal = (l: Locale) =>
      cancelModal({
        locale: l,
        staff: false,
        contracts: [{ id: 'acme-shop', commonName: 'shop.acme.example' }],
        chosen: 'acme-shop',
        effective: '2026-12-11',
        expiryBefore: '2026-12-01',
        metadata: '{}',
      });
    expect(textOf(modal('ja'))).toContain('この申込の効力発生日: *2026-12-11 (令和8年12月11日)*');
    expect(textOf(modal('ja'))).toContain('有効期間は 2026-12-01 (令和8年12月1日) に満了し');
    expect(textOf(modal('en'))).toContain('take effect on *2026-12-11*');
    expect(CANCEL.recorded('acme-shop', '2026-12-11').ja).toContain('効力発生日は 2026-12-11 (令和8年12月11日) です');
    expect(CANCEL.recorded('acme-shop', '2026-12-11').en).toContain('takes effect on 2026-12-11.');
  });

  it('contract status: the expiry date, the deadline and the end; a held renewal has no deadline', () => {
    const line: ContractLine = {
      id: 'acme-www',
      itemName: 'クイック認証 SSL',
      commonName: 'www.acme.example',
      customerName: 'ACME株式会社',
      status: 'active',
      expiryDate: '2027-01-10',
      replyDeadline: '2026-12-11',
      noticesSent: 1,
      renewalDecision: 'dont-renew',
      endDate: '2027-01-10',
      endReason: 'not-renewed',
      held: false,
    };
    const ja = textOf(statusMessage('ja', [line], false).blocks);
    expect(ja).toContain('*満了日*\n2027-01-10 (令和9年1月10日)');
    expect(ja).toContain('*回答期限*\n2026-12-11 (令和8年12月11日)');
    expect(ja).toContain('*終了*\n2027-01-10 (令和9年1月10日) (更新なし)');
    expect(textOf(statusMessage('en', [line], false).blocks)).not.toMatch(ERA);
    const held = textOf(
      statusMessage(
        'ja',
        [{ ...line, replyDeadline: null, renewalDecision: null, endDate: null, endReason: null, held: true }],
        false,
      ).blocks,
    );
    expect(held).toContain('*回答期限*\nなし（ご回答をお待ちしています）');
  });

  it('English messages keep ISO dates alone', () => {
    const text = textOf(renewalNotice(notice({ locale: 'en', late: true })).blocks);
    expect(text).not.toContain('令和');
    expect(text).toContain('*2027-01-11*');
  });
});

describe('amounts and words', () => {
  it('every yen amount in a message has thousands separators', () => {
    const application: ApplicationModel = {
      locale: 'ja',
      id: 3,
      customerName: 'ACME株式会社',
      itemName: 'クイック認証 SSL',
      term: '1y',
      commonName: 'api.acme.example',
      service: 'gio',
      providerCreatesKey: false,
      submittedBy: 'U0ALICE',
      submittedAt: '2026-11-11 10:00 JST',
      fees: { total: 59_800, individuallyPriced: false },
      status: 'submitted',
      decidedBy: null,
      decidedAt: null,
      contractId: null,
      refusalReason: null,
      agencyFee: 50_000,
    };
    const texts = [
      textOf(renewalNotice(notice()).blocks),
      textOf(renewalNotice(notice({ held: true, replyDeadline: null })).blocks),
      textOf(
        renewalRecorded({
          locale: 'ja',
          itemName: 'x',
          commonName: 'x',
          kind: 'renewed',
          replyDeadline: null,
          nextTerm: null,
          fees: { certificateFee: 153_800, agencyFee: 50_000, total: 203_800, accruedOn: '2027-01-12' },
        }).blocks,
      ),
      textOf(applicationForStaff(application).blocks),
    ].join('\n');
    expect(texts).not.toMatch(/¥\d{4,}/);
    expect(texts).toContain('¥203,800');
    expect(texts).toContain('¥59,800');
  });

  it('an application shows its term in words, not its code', () => {
    const m = applicationForStaff({
      locale: 'ja',
      id: 3,
      customerName: 'ACME株式会社',
      itemName: 'クイック認証 SSL',
      term: '1y',
      commonName: 'api.acme.example',
      service: null,
      providerCreatesKey: true,
      submittedBy: 'U0ALICE',
      submittedAt: '2026-11-11 10:00 JST',
      fees: null,
      status: 'submitted',
      decidedBy: null,
      decidedAt: null,
      contractId: null,
      refusalReason: null,
      agencyFee: null,
    });
    expect(textOf(m.blocks)).toContain('1年間');
  });

  it('Art. 6(2): an answer that arrived before the one that stands is recorded, and the reply says which stands', () => {
    const r = ANSWER.superseded('更新する', '更新しない', '2028-01-12 11:00 JST');
    expect(r.ja).toContain('その後 2028-01-12 11:00 JST に届いた回答「更新しない」が有効です');
    const en = ANSWER.supersededFor('renew', 'order-www', "don't renew", '2028-01-12 11:00 JST');
    expect(en.en).toContain(`the answer "don't renew" that arrived later, at 2028-01-12 11:00 JST, stands`);
  });
});

const reminder = (over: Partial<ReminderModel> = {}): ReminderModel => ({
  locale: 'ja',
  itemName: 'クイック認証 SSL',
  category: 'I',
  commonName: 'www.acme.example',
  replyDeadline: '2026-12-12',
  contacts: ['U0ALICE', 'U0BOB'],
  inThread: true,
  ...over,
});

describe('the reminder before the reply deadline', () => {
  it('mentions every contact, in the text notifications show and in the blocks, with the deadline and how to answer', () => {
    for (const locale of LOCALES) {
      const m = renewalReminder(reminder({ locale }));
      expect(m.text).toContain('<@U0ALICE> <@U0BOB>');
      const shown = textOf(m.blocks);
      expect(shown).toContain('<@U0ALICE> <@U0BOB>');
      expect(shown).toContain(locale === 'ja' ? jaDate('2026-12-12') : '2026-12-12');
      expect(shown).toContain('www.acme.example');
    }
    expect(textOf(renewalReminder(reminder()).blocks)).toContain(
      'このスレッドに「更新する」または「更新しない」と返信',
    );
    expect(textOf(renewalReminder(reminder({ locale: 'en', inThread: false })).blocks)).toContain(
      'button on the renewal notice',
    );
  });
  it('with no contacts it mentions no one; a contact that is not a Slack user id is not mentioned', () => {
    expect(JSON.stringify(renewalReminder(reminder({ contacts: [] })))).not.toContain('<@');
    expect(JSON.stringify(renewalReminder(reminder({ contacts: ['U0ALICE', '!channel'] })))).not.toContain('<@!');
  });
  it('stays within Block Kit’s limits with hundreds of contacts', () => {
    const contacts = Array.from({ length: 2_000 }, (_, i) => `U${String(i).padStart(10, '0')}`);
    const m = renewalReminder(reminder({ contacts }));
    expect(blockKitViolations('message', m)).toEqual([]);
    expect(m.text).toContain('<@U0000000000>');
  });
});

describe('Block Kit limits', () => {
  it('every message built here is one Slack accepts', () => {
    const messages = [
      renewalNotice(notice()),
      renewalNotice(notice({ locale: 'en', late: true })),
      renewalNotice(notice({ held: true, replyDeadline: null })),
      renewalReminder(reminder()),
      renewalReminder(reminder({ locale: 'en', category: 'III', contacts: [], inThread: false })),
      renewalNotice(
        notice({
          locale: 'en',
          category: 'III',
          held: true,
          replyDeadline: null,
          renewalFees: null,
          noPublicCertificateRenewable: true,
        }),
      ),
      staffDigest({
        locale: 'ja',
        date: '2026-12-12',
        ended: [],
        renewed: [],
        waiting: { applications: 0, changes: 0, held: 0, failed: 0 },
      }),
    ];
    for (const m of messages) expect(blockKitViolations('message', m)).toEqual([]);
  });
});

describe('Art. 6(1): a customer’s notices of one day in one message', () => {
  /** The wordiest notices a group can hold: late, category II individually priced, answered by staff, held. */
  const wordy = (i: number, l: Locale): NoticeModel =>
    notice({
      locale: l,
      cycleId: 100 + i,
      commonName: `www${i}.a-rather-long-subdomain-name.acme-holdings.example`,
      ...(i % 3 === 0
        ? { late: true, category: 'II', renewalFees: null, individualPrice: { agencyFee: 50_000, agreed: null } }
        : i % 3 === 1
          ? { held: true, replyDeadline: null, category: 'III', noPublicCertificateRenewable: true }
          : {
              answer: { answer: 'dont-renew', by: 'U0STAFF', at: '2026-11-20 10:00 JST', actingForCustomer: true },
            }),
    });

  it.each(LOCALES)('a full message (%s) keeps within Block Kit’s limits, each contract with its own buttons', (l) => {
    const models = Array.from({ length: NOTICES_PER_MESSAGE }, (_, i) => wordy(i, l));
    const m = renewalNoticeGroup(models);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(blockKitViolations('message', m)).toEqual([]);
    const buttons = m.blocks.filter((b) => b.type === 'actions').map((b) => b.block_id);
    expect(buttons).toEqual(models.map((n) => `renewal:${n.cycleId}`));
    for (const n of models) expect(textOf(m.blocks)).toContain(n.commonName);
  });

  it('each part says what its own notice says: its deadline, its fees, its answer, its outcome', () => {
    const m = renewalNoticeGroup([
      notice({ cycleId: 1, commonName: 'a.example' }),
      notice({
        cycleId: 2,
        commonName: 'b.example',
        answer: { answer: 'renew', by: 'U0ALICE', at: '2026-11-20 10:00 JST', actingForCustomer: false },
      }),
      notice({ cycleId: 3, commonName: 'c.example', outcome: { kind: 'ended', at: '2026-12-13' } }),
    ]);
    const part = (cycleId: number) =>
      (m.blocks.find((b) => b.block_id === `notice:${cycleId}`) as { text: { text: string } }).text.text;
    expect(m.text).toBe('更新のご案内（3件）');
    expect(part(1)).toContain('¥59,800');
    expect(part(1)).toContain(jaDate('2026-12-12'));
    expect(part(1)).not.toContain('回答:');
    expect(part(2)).toContain('回答: *更新する* — <@U0ALICE>');
    expect(part(3)).toContain('結果: 更新しません');
    // The contract whose outcome is recorded has no buttons left; the others keep theirs.
    expect(m.blocks.filter((b) => b.type === 'actions').map((b) => b.block_id)).toEqual(['renewal:1', 'renewal:2']);
  });
});
