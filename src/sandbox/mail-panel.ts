// What the sandbox page's Mailbox panel shows: the e-mails certdesk sent (Art. 6(1)) as the
// sandbox's own mail server (mailbox.ts) received them, dated on the sandbox clock, and kept with
// the data as the channels' messages are, so a restart shows the same mailbox.
import type { MailSettings } from '../config.js';
import type { ReceivedMail } from './mailbox.js';

/** The sender the sandbox's notices come from when CERTDESK_MAIL_FROM is not set. */
export const SANDBOX_MAIL_FROM = '証明書窓口 <certs@provider.example>';

/** The most e-mails kept; older ones go first. */
export const MAILS_KEPT = 500;

export interface SandboxMail {
  id: number;
  /** When it arrived, on the sandbox clock (ISO instant). */
  at: string;
  /** The envelope's recipients. */
  to: string[];
  from: string;
  messageId: string;
  subject: string;
  text: string;
  /** '' when the e-mail has no HTML part. */
  html: string;
}

/** Where certdesk's e-mails go in this sandbox, as the page tells it. */
export interface MailRoute {
  /** 'mailbox': the sandbox's own server, shown on the page; 'server': the one CERTDESK_SMTP_URL names. */
  to: 'mailbox' | 'server';
  /** host:port of the server (never its user name or password). */
  server: string;
  from: string;
  notices: MailSettings['notices'];
}

/** What the page reads of the mail (page-api.ts). */
export interface PageMail {
  readonly route: MailRoute;
  /** Oldest first. */
  readonly items: readonly SandboxMail[];
}

export interface SavedMail {
  mails: SandboxMail[];
}

/** host:port of an SMTP URL, without its credentials or options. */
export function serverOf(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return '';
  }
}

const isMail = (v: unknown): v is SandboxMail => {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return (
    Number.isSafeInteger(m.id) &&
    typeof m.at === 'string' &&
    !Number.isNaN(Date.parse(m.at)) &&
    Array.isArray(m.to) &&
    m.to.every((t) => typeof t === 'string') &&
    ['from', 'messageId', 'subject', 'text', 'html'].every((k) => typeof m[k] === 'string')
  );
};

/** The e-mails received, oldest first, at most MAILS_KEPT of them. */
export class KeptMail implements PageMail {
  readonly items: SandboxMail[] = [];
  /** Bumped by each change, for saving only what changed. */
  version = 0;
  private nextId = 1;

  constructor(
    readonly route: MailRoute,
    private readonly max = MAILS_KEPT,
  ) {}

  add(m: ReceivedMail, at: Date): SandboxMail {
    const mail: SandboxMail = {
      id: this.nextId++,
      at: at.toISOString(),
      to: [...m.to],
      from: m.from,
      messageId: m.messageId,
      subject: m.subject,
      text: m.text,
      html: m.html,
    };
    this.items.push(mail);
    if (this.items.length > this.max) this.items.splice(0, this.items.length - this.max);
    this.version += 1;
    return mail;
  }

  find(id: number): SandboxMail | undefined {
    return this.items.find((m) => m.id === id);
  }

  saved(): SavedMail {
    return { mails: this.items };
  }

  /** Brings back what a previous run kept; anything unreadable in it is left out. */
  restore(saved: unknown): void {
    const mails = typeof saved === 'object' && saved !== null ? (saved as { mails?: unknown }).mails : undefined;
    if (!Array.isArray(mails)) throw new Error('not a saved mailbox');
    const kept = mails.filter(isMail).slice(-this.max);
    this.items.splice(0, this.items.length, ...kept);
    this.nextId = Math.max(this.nextId, ...kept.map((m) => m.id + 1));
  }
}
