import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration (README, "Configuration")', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      port: 3000,
      slack: { apiUrl: 'https://slack.com/api/' },
    });
    expect(c.renewalPolicy).toMatchObject({ noticeDays: [60, 45, 31], replyDays: 30, noticeHour: 9 });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      CERTDESK_NOTICE_DAYS: '90, 60,40',
      CERTDESK_REPLY_DAYS: '35',
      CERTDESK_NOTICE_HOUR: '10',
      PORT: '8080',
      CERTDESK_STAFF_CHANNEL: 'C0STAFF',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
    });
    expect(c.renewalPolicy).toMatchObject({ noticeDays: [90, 60, 40], replyDays: 35, noticeHour: 10 });
    expect(c).toMatchObject({ port: 8080, staffChannel: 'C0STAFF', slack: { apiUrl: 'http://127.0.0.1:9999/api/' } });
  });

  it('names every bad value with what it must be', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        CERTDESK_NOTICE_HOUR: '25',
        PORT: 'eighty',
        CERTDESK_NOTICE_DAYS: '60,,31',
        SLACK_BOT_TOKEN: 'xoxp-user',
        DATABASE_URL: 'mysql://x',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = error!.problems.map((p) => p.variable);
    expect(names.sort()).toEqual([
      'CERTDESK_NOTICE_DAYS',
      'CERTDESK_NOTICE_HOUR',
      'DATABASE_URL',
      'PORT',
      'SLACK_BOT_TOKEN',
    ]);
    expect(error!.problems.find((p) => p.variable === 'CERTDESK_NOTICE_HOUR')?.message.en).toContain('from 0 to 23');
    expect(error!.problems.find((p) => p.variable === 'CERTDESK_NOTICE_HOUR')?.message.ja).toContain('0 から 23');
  });

  it('CERTDESK_REMINDER_DAYS: 3 by default, 0 for no reminders, and a clear word for a bad value', () => {
    expect(loadConfig({}).renewalPolicy.reminderDays).toBe(3);
    expect(loadConfig({ CERTDESK_REMINDER_DAYS: '5' }).renewalPolicy.reminderDays).toBe(5);
    expect(loadConfig({ CERTDESK_REMINDER_DAYS: '0' }).renewalPolicy.reminderDays).toBe(0);
    for (const bad of ['-1', '61', 'three', '2.5']) {
      let error: ConfigError | undefined;
      try {
        loadConfig({ CERTDESK_REMINDER_DAYS: bad });
      } catch (e) {
        error = e as ConfigError;
      }
      expect(error?.variables).toEqual(['CERTDESK_REMINDER_DAYS']);
      expect(error!.problems[0]!.message.en).toContain('from 0 to 60 (0: no reminders)');
      expect(error!.problems[0]!.message.ja).toContain('0 から 60');
    }
  });

  it('the reply deadline must fall after the last notice', () => {
    expect(() => loadConfig({ CERTDESK_NOTICE_DAYS: '60,45,31', CERTDESK_REPLY_DAYS: '31' })).toThrow(
      /CERTDESK_REPLY_DAYS/,
    );
  });

  it('mail: an SMTP server needs a sender; the notices setting is fallback by default (SPEC §9)', () => {
    expect(loadConfig({}).mail).toBeUndefined();
    expect(
      loadConfig({ CERTDESK_SMTP_URL: 'smtp://mail.example:587', CERTDESK_MAIL_FROM: '窓口 <certs@provider.example>' })
        .mail,
    ).toEqual({ smtpUrl: 'smtp://mail.example:587', from: '窓口 <certs@provider.example>', notices: 'fallback' });
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (e) {
        return (e as ConfigError).problems.map((p) => p.variable);
      }
    };
    expect(problems({ CERTDESK_SMTP_URL: 'smtp://mail.example' })).toEqual(['CERTDESK_MAIL_FROM']);
    expect(problems({ CERTDESK_SMTP_URL: 'http://mail.example', CERTDESK_MAIL_FROM: 'a@b.example' })).toEqual([
      'CERTDESK_SMTP_URL',
    ]);
    expect(
      problems({ CERTDESK_SMTP_URL: 'smtps://mail.example', CERTDESK_MAIL_FROM: 'certs', CERTDESK_NOTICE_EMAIL: 'x' }),
    ).toEqual(['CERTDESK_MAIL_FROM', 'CERTDESK_NOTICE_EMAIL']);
  });
});
