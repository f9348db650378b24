// Configuration from the environment. Each setting is read and validated on its own, so a
// command checks only the settings it uses and `doctor` can report every bad one and carry on.
import { z } from 'zod';
import { parseMasterKey, type MasterKey } from './crypto/custody.js';
import { readInstant } from './domain/dates.js';
import { isEmailAddress, mailboxAddress } from './domain/email.js';
import { DEFAULT_RENEWAL_POLICY, type RenewalPolicy } from './domain/renewal.js';
import { bilingual, type Bilingual, type Locale } from './i18n/text.js';

export const SETTINGS = [
  'DATABASE_URL',
  'REDIS_URL',
  'PORT',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'CERTDESK_NOTICE_DAYS',
  'CERTDESK_REPLY_DAYS',
  'CERTDESK_NOTICE_HOUR',
  'CERTDESK_REMINDER_DAYS',
  'CERTDESK_STAFF_CHANNEL',
  'CERTDESK_LANG',
  'CERTDESK_NOW',
  'CERTDESK_MASTER_KEY',
  'CERTDESK_MASTER_KEY_PREVIOUS',
  'CERTDESK_REISSUE_NOTICE_DAYS',
  'CERTDESK_DATA_DIR',
  'CERTDESK_LOG',
  'CERTDESK_LOG_LEVEL',
  'CERTDESK_METRICS_TOKEN',
  'CERTDESK_ERROR_WEBHOOK',
  'CERTDESK_ERROR_WEBHOOK_SECRET',
  'CERTDESK_ACME_DNS_HOOK',
  'CERTDESK_SMTP_URL',
  'CERTDESK_MAIL_FROM',
  'CERTDESK_NOTICE_EMAIL',
  'CERTDESK_SLACK_CHANNEL_PACE_MS',
] as const;
export type Setting = (typeof SETTINGS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface Config {
  slack: { signingSecret?: string; botToken?: string; appToken?: string; apiUrl: string };
  databaseUrl?: string;
  redisUrl: string;
  /** REDIS_URL was set: a Redis someone chose (never replaced by a private one). */
  redisUrlSet: boolean;
  port: number;
  renewalPolicy: RenewalPolicy;
  staffChannel?: string;
  /** CERTDESK_LANG, when set: the language of the command line's human output. */
  lang?: Locale;
  /** CERTDESK_NOW, when set: the clock starts at this instant (tests and training only). */
  now?: Date;
  /** Key custody (Art. 4(7)): the master key, and the one it replaces while keys are rotated. */
  masterKey?: MasterKey;
  previousMasterKey?: MasterKey;
  /** Staff are told this many days ahead when a certificate ends before its term does. */
  reissueNoticeDays: number;
  /** Where the embedded database (no DATABASE_URL) and a private Redis keep their files. */
  dataDir: string;
  /** The log of serve, worker and sandbox: JSON lines, or short lines for people. */
  log: { format: 'json' | 'pretty'; level: LogLevelName };
  /** When set, GET /metrics asks for `Authorization: Bearer` with it. */
  metricsToken?: string;
  /** Where each unexpected error is posted as JSON, signed with the secret (HMAC-SHA256, as Slack signs). */
  errorWebhook?: { url: string; secret: string };
  /** dns-01 (RFC 8555 §8.4): a command run as `HOOK add|remove NAME VALUE`. */
  acmeDnsHook?: string;
  /** Renewal notices by e-mail, when Slack will not take them or (`always`) with every one. */
  mail?: MailSettings;
  /** How fast messages are posted to one Slack channel, in every process (src/slack/pace.ts). */
  slackChannelPace: ChannelPace;
}

export interface MailSettings {
  smtpUrl: string;
  /** The sender, `Name <address>` or an address; customers' replies go to it. */
  from: string;
  notices: 'fallback' | 'always';
}

export interface ChannelPace {
  /** One message per this many milliseconds per channel, after a burst; 0 posts as fast as Slack takes them. */
  intervalMs: number;
  /** How many messages a quiet channel takes at once before the pace applies. */
  burst: number;
}

/**
 * Slack's pace for chat.postMessage: about one message per second per channel, short bursts
 * allowed. A quiet channel takes three at once (a notice and the alerts of the same sweep), then one a
 * second; CERTDESK_SLACK_CHANNEL_PACE_MS changes the interval.
 */
export const SLACK_CHANNEL_PACE: ChannelPace = { intervalMs: 1_000, burst: 3 };

export interface SettingProblem {
  variable: Setting;
  value: string;
  message: Bilingual;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly SettingProblem[]) {
    super(`configuration is not valid:\n${problems.map((p) => `  - ${problemText(p, 'en')}`).join('\n')}`);
  }
  get variables(): Setting[] {
    return this.problems.map((p) => p.variable);
  }
}

/** Settings whose values are secrets: a message about them never repeats the value. */
const SECRET: ReadonlySet<Setting> = new Set([
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'CERTDESK_MASTER_KEY',
  'CERTDESK_MASTER_KEY_PREVIOUS',
  'CERTDESK_METRICS_TOKEN',
  'CERTDESK_ERROR_WEBHOOK',
  'CERTDESK_ERROR_WEBHOOK_SECRET',
]);

export function problemText(p: SettingProblem, locale: Locale): string {
  if (SECRET.has(p.variable))
    return locale === 'ja'
      ? `${p.variable}: ${p.message.ja}（値は表示しません）`
      : `${p.variable}: ${p.message.en} (value not shown)`;
  const shown = JSON.stringify(
    p.variable === 'DATABASE_URL' || p.variable === 'REDIS_URL'
      ? p.value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')
      : p.value,
  );
  return locale === 'ja'
    ? `${p.variable}: ${p.message.ja}（値: ${shown}）`
    : `${p.variable}: ${p.message.en} (got ${shown})`;
}

const wholeNumber = (min: number, max: number) => {
  const message = bilingual(
    `${min} から ${max} までの整数で指定してください`,
    `must be a whole number from ${min} to ${max}`,
  );
  return { schema: z.coerce.number().int().min(min).max(max), message };
};

/** One parser per setting: its zod schema and what to tell a person when the value is wrong. */
const PARSERS: Record<Setting, { schema: z.ZodType; message: Bilingual }> = {
  DATABASE_URL: {
    schema: z.string().regex(/^postgres(ql)?:\/\/\S+$/),
    message: bilingual(
      'PostgreSQL の URL で指定してください（例: postgres://user@127.0.0.1:5432/certdesk）',
      'must be a PostgreSQL URL, e.g. postgres://user@127.0.0.1:5432/certdesk',
    ),
  },
  REDIS_URL: {
    schema: z.string().regex(/^rediss?:\/\/\S+$/),
    message: bilingual(
      'Redis の URL で指定してください（例: redis://127.0.0.1:6379）',
      'must be a Redis URL, e.g. redis://127.0.0.1:6379',
    ),
  },
  PORT: wholeNumber(1, 65535),
  SLACK_SIGNING_SECRET: {
    schema: z.string().regex(/^[0-9a-f]{16,}$/i),
    message: bilingual(
      'Slack アプリの Signing Secret（16進数の文字列）を指定してください',
      "must be the Slack app's signing secret (a hexadecimal string)",
    ),
  },
  SLACK_BOT_TOKEN: {
    schema: z.string().regex(/^xoxb-\S+$/),
    message: bilingual('ボットトークン（xoxb-…）を指定してください', 'must be a bot token (xoxb-…)'),
  },
  SLACK_APP_TOKEN: {
    schema: z.string().regex(/^xapp-\S+$/),
    message: bilingual(
      'Socket Mode 用のアプリレベルトークン（xapp-…）を指定してください',
      'must be an app-level token (xapp-…) for Socket Mode',
    ),
  },
  SLACK_API_URL: {
    schema: z.url({ protocol: /^https?$/ }),
    message: bilingual(
      'URL で指定してください（例: https://slack.com/api/）',
      'must be a URL, e.g. https://slack.com/api/',
    ),
  },
  CERTDESK_NOTICE_DAYS: {
    schema: z
      .string()
      .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/)
      .transform((s) => s.split(',').map((n) => Number(n.trim())))
      .refine((days) => days.every((d) => d >= 1 && d <= 366) && new Set(days).size === days.length),
    message: bilingual(
      '満了日の何日前に通知するかを、1〜366 の重複しない日数のカンマ区切りで指定してください（例: 60,45,31）',
      'must be days before the expiry date, from 1 to 366, each once, separated by commas, e.g. 60,45,31',
    ),
  },
  CERTDESK_REPLY_DAYS: wholeNumber(1, 365),
  CERTDESK_NOTICE_HOUR: {
    ...wholeNumber(0, 23),
    message: bilingual(
      '0 から 23 までの整数（日本時間の時）で指定してください',
      'must be a whole number from 0 to 23 (the hour in JST)',
    ),
  },
  CERTDESK_REMINDER_DAYS: {
    ...wholeNumber(0, 60),
    message: bilingual(
      '回答期限の何日前に担当者へ回答をお願いするかを、0 から 60 までの整数で指定してください（0 はお願いしない）',
      'must be the days before the reply deadline on which the contacts are reminded, a whole number from 0 to 60 (0: no reminders)',
    ),
  },
  CERTDESK_STAFF_CHANNEL: {
    schema: z.string().regex(/^[CGD][A-Z0-9]+$/),
    message: bilingual(
      'Slack のチャンネル ID で指定してください（例: C0STAFF）',
      'must be a Slack channel ID, e.g. C0STAFF',
    ),
  },
  CERTDESK_LANG: {
    schema: z.enum(['ja', 'en']),
    message: bilingual('ja または en を指定してください', 'must be ja or en'),
  },
  CERTDESK_MASTER_KEY: masterKeySetting(),
  CERTDESK_MASTER_KEY_PREVIOUS: masterKeySetting(),
  CERTDESK_REISSUE_NOTICE_DAYS: wholeNumber(1, 180),
  CERTDESK_DATA_DIR: {
    schema: z.string().min(1),
    message: bilingual('フォルダのパスで指定してください', 'must be a folder path'),
  },
  CERTDESK_LOG: {
    schema: z.enum(['json', 'pretty']),
    message: bilingual(
      'json（既定、1行1つの JSON）または pretty（人が読む形）を指定してください',
      'must be json (the default: one JSON object a line) or pretty (for people)',
    ),
  },
  CERTDESK_LOG_LEVEL: {
    schema: z.enum(LOG_LEVELS),
    message: bilingual(
      `${LOG_LEVELS.join('、')} のいずれかを指定してください`,
      `must be one of ${LOG_LEVELS.join(', ')}`,
    ),
  },
  CERTDESK_METRICS_TOKEN: {
    schema: z.string().regex(/^[\x21-\x7e]{16,}$/),
    message: bilingual(
      '16文字以上の空白を含まない文字列を指定してください（例: openssl rand -hex 32）',
      'must be at least 16 characters without spaces, e.g. from openssl rand -hex 32',
    ),
  },
  CERTDESK_ERROR_WEBHOOK: {
    schema: z.url({ protocol: /^https?$/ }),
    message: bilingual(
      'エラーを受け取る URL で指定してください（例: https://errors.example.com/certdesk）',
      'must be the URL that receives errors, e.g. https://errors.example.com/certdesk',
    ),
  },
  CERTDESK_ERROR_WEBHOOK_SECRET: {
    schema: z.string().min(16),
    message: bilingual(
      '16文字以上の秘密の文字列を指定してください（例: openssl rand -hex 32）',
      'must be a secret of at least 16 characters, e.g. from openssl rand -hex 32',
    ),
  },
  CERTDESK_ACME_DNS_HOOK: {
    schema: z.string().min(1),
    message: bilingual('実行するコマンドのパスで指定してください', 'must be the path of a command to run'),
  },
  CERTDESK_SMTP_URL: {
    schema: z.url({ protocol: /^smtps?$/ }),
    message: bilingual(
      'SMTP サーバーの URL で指定してください（例: smtp://user:pass@mail.example.com:587 または smtps://…:465）',
      'must be the SMTP server as a URL, e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465',
    ),
  },
  CERTDESK_MAIL_FROM: {
    schema: z.string().refine((s) => isEmailAddress(mailboxAddress(s))),
    message: bilingual(
      '送信者のメールアドレスで指定してください（例: 証明書窓口 <certs@provider.example>）',
      'must be the sender’s e-mail address, e.g. Certificates <certs@provider.example>',
    ),
  },
  CERTDESK_NOTICE_EMAIL: {
    schema: z.enum(['fallback', 'always']),
    message: bilingual(
      'fallback（既定: Slack に届かない通知だけ）または always（すべての通知をメールでも）を指定してください',
      'must be fallback (the default: only notices Slack will not take) or always (every notice by e-mail too)',
    ),
  },
  CERTDESK_SLACK_CHANNEL_PACE_MS: {
    ...wholeNumber(0, 60_000),
    message: bilingual(
      '1つのチャンネルへ投稿する間隔（ミリ秒、0 から 60000 までの整数）で指定してください（既定: 1000）',
      'must be the milliseconds between two posts to one channel, a whole number from 0 to 60000 (default 1000)',
    ),
  },
  CERTDESK_NOW: {
    schema: z.string().transform((s, ctx) => {
      const r = readInstant(s);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.problem });
      return r.ok ? r.instant : new Date(NaN);
    }),
    message: bilingual(
      '日時で指定してください（例: 2026-11-25T09:00+09:00）',
      'must be an instant, e.g. 2026-11-25T09:00+09:00',
    ),
  },
};

/** 32 random bytes in base64, as `openssl rand -base64 32` makes them; weak keys are refused. */
function masterKeySetting(): { schema: z.ZodType; message: Bilingual } {
  return {
    schema: z.string().transform((s, ctx) => {
      const r = parseMasterKey(s);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.code });
      return r.ok ? r.masterKey : undefined;
    }),
    message: bilingual(
      '32バイトの乱数を base64 で指定してください（弱い鍵は使えません）。作り方: openssl rand -base64 32',
      'must be 32 random bytes in base64 (a weak key is refused); make one with: openssl rand -base64 32',
    ),
  };
}

const blank = (v: string | undefined) => v === undefined || v.trim() === '';

/**
 * Reads the configuration. Only the settings named are validated (a command checks what it
 * uses); the others keep their defaults. Every bad value is returned, none thrown.
 */
export function readConfig(
  env: NodeJS.ProcessEnv,
  settings: readonly Setting[] = SETTINGS,
): { config: Config; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const values: Partial<Record<Setting, unknown>> = {};
  for (const name of settings) {
    const raw = env[name];
    if (blank(raw)) continue;
    const parsed = PARSERS[name].schema.safeParse(raw!.trim());
    if (parsed.success) values[name] = parsed.data;
    else problems.push({ variable: name, value: raw!, message: PARSERS[name].message });
  }
  const noticeDays = (values.CERTDESK_NOTICE_DAYS as number[] | undefined) ?? DEFAULT_RENEWAL_POLICY.noticeDays;
  const replyDays = (values.CERTDESK_REPLY_DAYS as number | undefined) ?? DEFAULT_RENEWAL_POLICY.replyDays;
  // Art. 6(2) follows the notice of 6(1): the deadline must come after the last notice.
  const policySettings = settings.includes('CERTDESK_NOTICE_DAYS') || settings.includes('CERTDESK_REPLY_DAYS');
  if (policySettings && Math.min(...noticeDays) <= replyDays) {
    const blame: Setting = values.CERTDESK_REPLY_DAYS !== undefined ? 'CERTDESK_REPLY_DAYS' : 'CERTDESK_NOTICE_DAYS';
    problems.push({
      variable: blame,
      value: env[blame] ?? '',
      message: bilingual(
        `回答期限（満了日の${replyDays}日前）は最後の通知（満了日の${Math.min(...noticeDays)}日前）より後でなければなりません`,
        `the reply deadline (${replyDays} days before expiry) must fall after the last notice (${Math.min(...noticeDays)} days before)`,
      ),
    });
  }
  // An error report carries what failed: only signed, so that its receiver can tell it from a forgery.
  if (
    settings.includes('CERTDESK_ERROR_WEBHOOK') &&
    values.CERTDESK_ERROR_WEBHOOK !== undefined &&
    values.CERTDESK_ERROR_WEBHOOK_SECRET === undefined &&
    !problems.some((p) => p.variable === 'CERTDESK_ERROR_WEBHOOK_SECRET')
  ) {
    problems.push({
      variable: 'CERTDESK_ERROR_WEBHOOK_SECRET',
      value: '',
      message: bilingual(
        'CERTDESK_ERROR_WEBHOOK を使うときは、署名の秘密（16文字以上）も指定してください（例: openssl rand -hex 32）',
        'is needed with CERTDESK_ERROR_WEBHOOK: a secret of at least 16 characters to sign each report, e.g. from openssl rand -hex 32',
      ),
    });
  }
  // A notice by e-mail needs both where to send it and whom it is from.
  if (
    settings.includes('CERTDESK_SMTP_URL') &&
    values.CERTDESK_SMTP_URL !== undefined &&
    values.CERTDESK_MAIL_FROM === undefined &&
    !problems.some((p) => p.variable === 'CERTDESK_MAIL_FROM')
  ) {
    problems.push({
      variable: 'CERTDESK_MAIL_FROM',
      value: '',
      message: bilingual(
        'CERTDESK_SMTP_URL を使うときは、送信者のメールアドレスも指定してください（例: certs@provider.example）',
        'is needed with CERTDESK_SMTP_URL: the sender’s e-mail address, e.g. certs@provider.example',
      ),
    });
  }
  const ok = (name: Setting) => !problems.some((p) => p.variable === name);
  const v = <T>(name: Setting) => (ok(name) ? (values[name] as T | undefined) : undefined);
  const config: Config = {
    slack: {
      signingSecret: v<string>('SLACK_SIGNING_SECRET'),
      botToken: v<string>('SLACK_BOT_TOKEN'),
      appToken: v<string>('SLACK_APP_TOKEN'),
      apiUrl: v<string>('SLACK_API_URL') ?? 'https://slack.com/api/',
    },
    databaseUrl: v<string>('DATABASE_URL'),
    redisUrl: v<string>('REDIS_URL') ?? 'redis://127.0.0.1:6379',
    redisUrlSet: v<string>('REDIS_URL') !== undefined,
    port: v<number>('PORT') ?? 3000,
    renewalPolicy: {
      ...DEFAULT_RENEWAL_POLICY,
      noticeDays:
        ok('CERTDESK_NOTICE_DAYS') && ok('CERTDESK_REPLY_DAYS') ? noticeDays : DEFAULT_RENEWAL_POLICY.noticeDays,
      replyDays: ok('CERTDESK_NOTICE_DAYS') && ok('CERTDESK_REPLY_DAYS') ? replyDays : DEFAULT_RENEWAL_POLICY.replyDays,
      noticeHour: v<number>('CERTDESK_NOTICE_HOUR') ?? DEFAULT_RENEWAL_POLICY.noticeHour,
      reminderDays: v<number>('CERTDESK_REMINDER_DAYS') ?? DEFAULT_RENEWAL_POLICY.reminderDays,
    },
    staffChannel: v<string>('CERTDESK_STAFF_CHANNEL'),
    lang: v<Locale>('CERTDESK_LANG'),
    now: v<Date>('CERTDESK_NOW'),
    masterKey: v<MasterKey>('CERTDESK_MASTER_KEY'),
    previousMasterKey: v<MasterKey>('CERTDESK_MASTER_KEY_PREVIOUS'),
    reissueNoticeDays: v<number>('CERTDESK_REISSUE_NOTICE_DAYS') ?? 30,
    dataDir: v<string>('CERTDESK_DATA_DIR') ?? '.certdesk',
    log: {
      format: v<'json' | 'pretty'>('CERTDESK_LOG') ?? 'json',
      level: v<LogLevelName>('CERTDESK_LOG_LEVEL') ?? 'info',
    },
    metricsToken: v<string>('CERTDESK_METRICS_TOKEN'),
    errorWebhook:
      v<string>('CERTDESK_ERROR_WEBHOOK') && v<string>('CERTDESK_ERROR_WEBHOOK_SECRET')
        ? { url: v<string>('CERTDESK_ERROR_WEBHOOK')!, secret: v<string>('CERTDESK_ERROR_WEBHOOK_SECRET')! }
        : undefined,
    acmeDnsHook: v<string>('CERTDESK_ACME_DNS_HOOK'),
    mail:
      v<string>('CERTDESK_SMTP_URL') && v<string>('CERTDESK_MAIL_FROM')
        ? {
            smtpUrl: v<string>('CERTDESK_SMTP_URL')!,
            from: v<string>('CERTDESK_MAIL_FROM')!,
            notices: v<'fallback' | 'always'>('CERTDESK_NOTICE_EMAIL') ?? 'fallback',
          }
        : undefined,
    slackChannelPace: {
      ...SLACK_CHANNEL_PACE,
      intervalMs: v<number>('CERTDESK_SLACK_CHANNEL_PACE_MS') ?? SLACK_CHANNEL_PACE.intervalMs,
    },
  };
  return { config, problems };
}

/** Reads the settings named, throwing a ConfigError that names every bad one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, settings: readonly Setting[] = SETTINGS): Config {
  const { config, problems } = readConfig(env, settings);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
