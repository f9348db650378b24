// An outbox e-mail sent once (Art. 6(1)). The attempt is recorded before the message is handed to
// the SMTP server, with a Message-ID fixed for every attempt: a retry after a crash between the
// server's acceptance and the record sends the same message, which the recipient's mail system
// recognises by that Message-ID (RFC 5322 §3.6.4). What was sent, to whom and when is kept as
// proof of notice (Art. 6(1)): the outbox row, the notice and the audit log.
import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { outbox } from '../db/schema.js';
import { compareDates, jstDateOf, toBusinessDate } from '../domain/dates.js';
import { mailboxAddress } from '../domain/email.js';
import { MAIL } from '../i18n/mail.js';
import { NOTICE } from '../i18n/slack.js';
import { audit } from '../services/audit.js';
import { noticeDelivered } from '../services/cycles.js';
import { deadlineShown, noticeData } from '../services/message-data.js';
import type { NoticeEmailReason, OutboxRow } from '../services/outbox.js';
import { renewalNotice } from '../slack/views/renewal.js';
import { blocksAsMail, html } from './blocks.js';
import { messageIdFor, permanentSmtpFailure, transportFor } from './transport.js';

export interface Mailer {
  database: Database;
  config: Config;
}

export type MailResult = 'sent' | 'busy' | 'skipped' | { failed: string };

/** Sends one outbox e-mail; the caller holds the message's lock. Throws when a later attempt may succeed. */
export async function deliverEmail(m: Mailer, row: OutboxRow, now: Date): Promise<MailResult> {
  const db = m.database.db;
  const mail = m.config.mail;
  const skip = async (why: string) => {
    await db.update(outbox).set({ status: 'skipped', lastError: why, attemptedAt: now }).where(eq(outbox.id, row.id));
    return 'skipped' as const;
  };
  if (!mail) return skip('CERTDESK_SMTP_URL is not set');
  const data = row.data as { noticeId?: number; reason?: NoticeEmailReason };
  const n = await noticeData(db, Number(data.noticeId), now, m.config.renewalPolicy);
  if (!n) return skip('notice gone');

  // A reminder asks for an answer: once one came, the outcome is recorded or the deadline has passed, it has nothing to ask.
  const reminder = data.reason === 'reminder';
  if (
    reminder &&
    (n.model.answer ||
      n.model.outcome ||
      !n.model.replyDeadline ||
      compareDates(jstDateOf(now), toBusinessDate(n.model.replyDeadline)) > 0)
  )
    return skip('nothing to remind of: answered, decided, or past the deadline');
  const view = renewalNotice(n.model);
  const l = n.model.locale;
  // The Slack notice's own hint (reply in this thread) means nothing in an e-mail: how to answer is said below.
  const body = blocksAsMail(
    view.blocks.filter(
      (b) => !(b.type === 'context' && b.elements.some((e) => 'text' in e && e.text === NOTICE.threadHint[l])),
    ),
  );
  const replyTo = mailboxAddress(mail.from);
  // Slack is offered only where the notice is: posted there (or about to be, sent both ways).
  const inSlack = n.channel !== null && (n.notice.slackTs !== null || data.reason === 'always');
  const answer = n.model.outcome
    ? []
    : [...(inSlack ? [MAIL.inSlack[l]] : []), (inSlack ? MAIL.byReply : MAIL.byReplyOnly)(replyTo)[l]];
  const why = (
    reminder
      ? MAIL.why.reminder(n.model.replyDeadline!)
      : data.reason === 'always' && n.channel !== null
        ? MAIL.why.always
        : n.channel === null
          ? MAIL.why.noChannel
          : MAIL.why.fallback
  )[l];
  const text = [
    why,
    '',
    body.text,
    '',
    ...(answer.length ? [MAIL.howToAnswer[l], ...answer, ''] : []),
    '--',
    MAIL.footer[l],
  ].join('\n');
  const htmlBody = [
    `<!doctype html><html lang="${l}"><meta charset="utf-8"><body>`,
    `<p>${html(why)}</p>`,
    body.html,
    ...(answer.length ? [`<h3>${html(MAIL.howToAnswer[l])}</h3>`, ...answer.map((a) => `<p>${html(a)}</p>`)] : []),
    `<hr><p><small>${html(MAIL.footer[l])}</small></p></body></html>`,
  ].join('\n');

  // The attempt is recorded first, with the Message-ID every attempt of this message carries.
  const messageId = row.messageId ?? messageIdFor(row.id, mail.from);
  const claimed = await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, attemptedAt: now, attemptedAtReal: new Date(), messageId })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), eq(outbox.attempts, row.attempts)))
    .returning({ id: outbox.id });
  if (claimed.length === 0) return 'busy';
  try {
    await transportFor(mail.smtpUrl).sendMail({
      from: mail.from,
      to: row.emailTo!,
      replyTo,
      subject: (reminder ? MAIL.reminderSubject : MAIL.subject)(n.model.commonName)[l],
      text,
      html: htmlBody,
      messageId,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Certdesk-Outbox': String(row.id) },
    });
  } catch (e) {
    const permanent = permanentSmtpFailure(e);
    if (permanent) return { failed: permanent };
    throw e;
  }
  // Proof of notice: the message, and the notice delivered (fixing its reply deadline) if Slack did not.
  await noticeDelivered(m.database.sql, {
    outboxId: row.id,
    noticeId: n.notice.id,
    sentAt: now,
    channel: null,
    ts: null,
    deadline: deadlineShown(
      n.cycle.replyDeadline,
      n.cycle.expiryDate,
      false,
      now,
      m.config.renewalPolicy,
      n.cycle.heldAt !== null && n.model.category === 'III',
    ),
  });
  await audit(db, now, 'scheduler', 'renewal.notice.email', `contract:${n.contractId}`, {
    noticeId: n.notice.id,
    to: row.emailTo,
    messageId,
  });
  return 'sent';
}
