// The sandbox's demo workspace: people, channels and contracts dated from the day it first starts,
// so that within minutes (or one move of the clock) every part of a renewal can be watched:
// a notice today, its reply deadline, a default renewal, a category III renewal, a cancellation.
// The contacts and ACME have e-mail addresses (reserved .example domains), so the notices also
// arrive as e-mails in the page's Mailbox panel (Art. 6(1)).
import { addDays, addMonths, type BusinessDate } from '../domain/dates.js';
import type { SandboxChannel, SandboxUser } from './workspace.js';

export const DEMO_STAFF_CHANNEL = 'C0SBSTAFF';

export const DEMO_USERS: SandboxUser[] = [
  { id: 'U0SBYAMADA', name: 'yamada', realName: '山田 太郎', role: 'staff', locale: 'ja-JP', tz: 'Asia/Tokyo' },
  { id: 'U0SBSATO01', name: 'sato', realName: '佐藤 花子', role: 'ACME contact', locale: 'ja-JP', tz: 'Asia/Tokyo' },
  {
    id: 'U0SBALICE1',
    name: 'alice',
    realName: 'Alice Smith',
    role: 'Globex contact',
    locale: 'en-US',
    tz: 'Asia/Tokyo',
  },
  { id: 'U0SBSUZUKI', name: 'suzuki', realName: '鈴木 一郎', role: 'stranger', locale: 'ja-JP', tz: 'Asia/Tokyo' },
];

export const DEMO_CHANNELS: SandboxChannel[] = [
  {
    id: DEMO_STAFF_CHANNEL,
    name: 'certdesk-staff',
    kind: 'staff',
    topic: 'certdesk からの連絡（スタッフ用）',
    members: ['U0SBYAMADA'],
  },
  // A shared channel's members: staff and the customer's contacts; the stranger was invited to ACME's
  // (someone of ACME's who is not a registered contact), to show what certdesk refuses them.
  {
    id: 'C0SBACME01',
    name: 'acme-certificates',
    kind: 'customer',
    topic: 'ACME株式会社 × IIJ',
    members: ['U0SBYAMADA', 'U0SBSATO01', 'U0SBSUZUKI'],
  },
  {
    id: 'C0SBGLOBEX',
    name: 'globex-certificates',
    kind: 'customer',
    topic: 'Globex Japan K.K. × IIJ',
    members: ['U0SBYAMADA', 'U0SBALICE1'],
  },
];

/** The demo's e-mail addresses: the two contacts', and ACME's own. */
export const DEMO_EMAILS = {
  sato: 'sato@acme.example',
  alice: 'alice@globex.example',
  acme: 'certs@acme.example',
} as const;

/** The designated provider service the category II contract runs on (Art. 4(1)). */
export const DEMO_SERVICE = { code: 'gio', name: 'IIJ GIO' };

/** A term of one year ending on `expiry` (JST), as the source system would have it. */
function yearEndingOn(expiry: BusinessDate) {
  const startsOn = addDays(addMonths(expiry, -12), 1);
  return { notBefore: `${startsOn}T00:00:00+09:00`, notAfter: `${expiry}T23:59:59+09:00` };
}

/** The demo records (the import format, JSON lines), dated from `today` (JST). */
export function demoRecords(today: BusinessDate): string {
  const contract = (
    id: string,
    customer: string,
    item: string,
    commonName: string,
    expiresIn: number,
    extra: object = {},
  ) => ({
    type: 'contract',
    id,
    customer,
    item,
    term: '1y',
    commonName,
    ...yearEndingOn(addDays(today, expiresIn)),
    ...extra,
  });
  const records = [
    { type: 'staff', slackUserId: 'U0SBYAMADA', name: '山田 太郎' },
    {
      type: 'customer',
      id: 'acme',
      name: 'ACME株式会社',
      country: 'JP',
      channel: 'C0SBACME01',
      contacts: [{ slackUserId: 'U0SBSATO01', email: DEMO_EMAILS.sato }],
      // The customer's own address, beside its contact's: its certificate desk.
      emails: [DEMO_EMAILS.acme],
      locale: 'ja',
    },
    {
      type: 'customer',
      id: 'globex',
      name: 'Globex Japan K.K.',
      country: 'JP',
      channel: 'C0SBGLOBEX',
      contacts: [{ slackUserId: 'U0SBALICE1', email: DEMO_EMAILS.alice }],
      designatedServices: [DEMO_SERVICE.code],
      locale: 'en',
    },
    // Its first notice falls due today (60 days before expiry).
    contract('acme-www', 'acme', 'quick-ssl', 'www.acme.example', 60),
    // Category III: no default renewal; the customer brings the next certificate (Art. 6(3)).
    contract('acme-byo', 'acme', 'bring-your-own', 'byo.acme.example', 75),
    // Far from renewal: a cancellation shows its effective date (Art. 9(2)).
    contract('acme-shop', 'acme', 'corporate-ssl', 'shop.acme.example', 200),
    // Notice today too; left unanswered it renews by default the day after its deadline (Art. 6(2)).
    contract('globex-www', 'globex', 'global-server-id', 'www.globex.example', 60),
    contract('globex-api', 'globex', 'secure-server-id-cloud', 'api.globex.example', 300, {
      service: DEMO_SERVICE.code,
    }),
  ];
  return records.map((r) => JSON.stringify(r)).join('\n');
}
