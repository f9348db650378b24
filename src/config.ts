// Configuration from the environment, validated once at start-up with a message per bad value.
import { z } from 'zod';
import { DEFAULT_RENEWAL_POLICY, type RenewalPolicy } from './domain/renewal.js';

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsUnset, schema.optional());
const wholeNumber = (min: number, max: number) =>
  z.preprocess(blankIsUnset, z.coerce.number({ error: `must be a whole number from ${min} to ${max}` }).int(`must be a whole number from ${min} to ${max}`).min(min, `must be a whole number from ${min} to ${max}`).max(max, `must be a whole number from ${min} to ${max}`).optional());

const noticeDays = z.preprocess(
  blankIsUnset,
  z
    .string()
    .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'must be days before the expiry date, separated by commas, e.g. 60,45,31')
    .transform((s) => s.split(',').map((n) => Number(n.trim())))
    .refine((days) => days.every((d) => d >= 1 && d <= 366), 'each day must be from 1 to 366')
    .refine((days) => new Set(days).size === days.length, 'must not name the same day twice')
    .optional(),
);

const envSchema = z
  .object({
    SLACK_SIGNING_SECRET: opt(z.string()),
    SLACK_BOT_TOKEN: opt(z.string().startsWith('xoxb-', 'must be a bot token (xoxb-…)')),
    SLACK_APP_TOKEN: opt(z.string().startsWith('xapp-', 'must be an app-level token (xapp-…) for Socket Mode')),
    SLACK_API_URL: opt(z.url('must be a URL, e.g. https://slack.com/api/')),
    DATABASE_URL: opt(z.string().regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL, e.g. postgres://user@127.0.0.1:5432/certdesk')),
    REDIS_URL: opt(z.string().regex(/^rediss?:\/\//, 'must be a Redis URL, e.g. redis://127.0.0.1:6379')),
    PORT: wholeNumber(1, 65535),
    CERTDESK_NOTICE_DAYS: noticeDays,
    CERTDESK_REPLY_DAYS: wholeNumber(1, 365),
    CERTDESK_NOTICE_HOUR: wholeNumber(0, 23),
    CERTDESK_STAFF_CHANNEL: opt(z.string().regex(/^[CGD][A-Z0-9]+$/, 'must be a Slack channel ID, e.g. C0STAFF')),
  })
  .superRefine((env, ctx) => {
    const notices = env.CERTDESK_NOTICE_DAYS ?? DEFAULT_RENEWAL_POLICY.noticeDays;
    const reply = env.CERTDESK_REPLY_DAYS ?? DEFAULT_RENEWAL_POLICY.replyDays;
    if (Math.min(...notices) <= reply) {
      ctx.addIssue({ code: 'custom', path: ['CERTDESK_REPLY_DAYS'], message: `the reply deadline (${reply} days before expiry) must fall after the last notice (${Math.min(...notices)} days before)` });
    }
  });

export interface Config {
  slack: { signingSecret?: string; botToken?: string; appToken?: string; apiUrl: string };
  databaseUrl?: string;
  redisUrl: string;
  port: number;
  renewalPolicy: RenewalPolicy;
  staffChannel?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    /** The variables at fault. */
    readonly variables: string[] = [],
  ) {
    super(`configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads the configuration; throws ConfigError naming every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    throw new ConfigError(
      issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])] ?? '')})`),
      issues.map((i) => String(i.path[0])),
    );
  }
  const e = parsed.data;
  return {
    slack: { signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL ?? 'https://slack.com/api/' },
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL ?? 'redis://127.0.0.1:6379',
    port: e.PORT ?? 3000,
    renewalPolicy: {
      ...DEFAULT_RENEWAL_POLICY,
      noticeDays: e.CERTDESK_NOTICE_DAYS ?? DEFAULT_RENEWAL_POLICY.noticeDays,
      replyDays: e.CERTDESK_REPLY_DAYS ?? DEFAULT_RENEWAL_POLICY.replyDays,
      noticeHour: e.CERTDESK_NOTICE_HOUR ?? DEFAULT_RENEWAL_POLICY.noticeHour,
    },
    staffChannel: e.CERTDESK_STAFF_CHANNEL,
  };
}

/** The configuration with the bad variables left at their defaults, for reporting what else works. */
export function loadConfigIgnoring(env: NodeJS.ProcessEnv, variables: readonly string[]): Config {
  return loadConfig(Object.fromEntries(Object.entries(env).filter(([k]) => !variables.includes(k))));
}
