// The SMTP connection notices go out by (Art. 6(1)), through nodemailer: one pooled transport per
// server URL for the life of the process.
import nodemailer, { type Transporter } from 'nodemailer';
import { mailboxAddress } from '../domain/email.js';

const transports = new Map<string, Transporter>();

export function transportFor(smtpUrl: string): Transporter {
  let t = transports.get(smtpUrl);
  if (!t) {
    // A notice is small and rare: a slow server fails the attempt (retried) rather than hold a worker.
    const url = new URL(smtpUrl);
    // nodemailer reads its options from the URL's query too; the operator's own values stand.
    for (const [k, v] of [
      ['connectionTimeout', '10000'],
      ['greetingTimeout', '10000'],
      ['socketTimeout', '30000'],
    ] as const)
      if (!url.searchParams.has(k)) url.searchParams.set(k, v);
    t = nodemailer.createTransport(url.toString());
    transports.set(smtpUrl, t);
  }
  return t;
}

/** Closes every transport (a process stopping). */
export function closeTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

/**
 * The Message-ID of an outbox e-mail: the same for every attempt, so that a retry after a crash
 * between sending and recording is recognised as the same message (RFC 5322 §3.6.4).
 */
export function messageIdFor(outboxId: number, from: string): string {
  const domain = mailboxAddress(from).split('@')[1] ?? 'certdesk.invalid';
  return `<certdesk.outbox.${outboxId}@${domain}>`;
}

/** Whether an SMTP failure is one no retry mends (RFC 5321 §4.2.1: 5yz replies are permanent). */
export function permanentSmtpFailure(e: unknown): string | undefined {
  const err = e as { responseCode?: number; code?: string; response?: string; message?: string };
  if (typeof err.responseCode === 'number' && err.responseCode >= 500)
    return `SMTP ${err.responseCode}: ${(err.response ?? err.message ?? '').slice(0, 300)}`;
  if (err.code === 'EENVELOPE') return `SMTP envelope refused: ${(err.message ?? '').slice(0, 300)}`;
  return undefined;
}
