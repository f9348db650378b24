// A mail server that keeps what it receives: the sandbox shows a customer's e-mails from it, and
// the tests read what certdesk sent. A real SMTP server (smtp-server, by nodemailer's author) on a
// local port, so certdesk sends through its real route (nodemailer over SMTP), nothing stubbed.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** The order it was received in, from 1. */
  seq: number;
  receivedAt: Date;
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  from: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailboxOptions {
  /** 0 (the default): any free port. */
  port?: number;
  /**
   * Called with each message as it is received, before the server answers; throwing makes the
   * server refuse it (a test's failure mid-send). An answer of 'drop' closes the connection unanswered.
   */
  onMessage?: (mail: ReceivedMail) => void | 'drop' | Promise<void | 'drop'>;
}

export interface Mailbox {
  /** smtp://127.0.0.1:PORT, for CERTDESK_SMTP_URL. */
  url: string;
  /** Every message accepted (answered 250), oldest first. */
  messages: ReceivedMail[];
  /** Those whose envelope included the address (any case). */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const messages: ReceivedMail[] = [];
  let seq = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 1024 * 1024,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      void (async () => {
        try {
          const parsed = await simpleParser(stream);
          const mail: ReceivedMail = {
            seq: 0,
            receivedAt: new Date(),
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            messageId: parsed.messageId ? `<${parsed.messageId.replace(/^<|>$/g, '')}>` : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers: Object.fromEntries(
              parsed.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()]),
            ),
          };
          const said = await options.onMessage?.(mail);
          if (said === 'drop') {
            // The connection goes with no answer: the client cannot know whether the message was taken.
            connectionOf(session)?._socket.destroy();
            return;
          }
          mail.seq = ++seq;
          messages.push(mail);
          callback();
        } catch (e) {
          callback(e instanceof Error ? e : new Error(String(e)));
        }
      })();
    },
  });
  // smtp-server keeps its connections in `connections` (dist/esm/smtp-server.js), each with its session's id.
  type Connection = { id: string; _socket: { destroy(): void } };
  const connectionOf = (session: SMTPServerSession) =>
    [...(server as unknown as { connections: Set<Connection> }).connections].find((c) => c.id === session.id);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
