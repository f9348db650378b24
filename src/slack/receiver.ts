// Slack's requests at POST /slack/events, on the same HTTP server as /healthz and /readyz.
// A body over 1 MiB is refused (413) as soon as it is known to be, and the rest is never read; then
// the signature and its timestamp are checked before anything else runs (401 otherwise); the
// request is handed to Bolt, whose listeners acknowledge at once and work after the ack.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  HTTPModuleFunctions as http,
  HTTPResponseAck,
  type App,
  type Logger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import { pathOf, type Route } from '../http/server.js';
import type { Log } from '../log.js';
import { DENIED } from '../i18n/app.js';
import { errorText } from '../redact.js';
import { requestArrived } from './after-acks.js';
import { SlackRequest } from './payloads.js';

export const EVENTS_PATH = '/slack/events';
/** Slack's largest bodies (a modal's state, a message's blocks) are far below this. */
export const BODY_LIMIT = 1024 * 1024;
/** A request signed more than this far from now, either way, is refused: it could be replayed until then. */
const TIMESTAMP_SKEW_SECONDS = 5 * 60;

/**
 * Answers 413 and closes the connection without reading the rest of the body. The socket stops
 * reading at once but lingers a moment before it is destroyed, so that a sender still writing
 * gets the answer rather than a reset.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  const stopReading = () => {
    req.pause();
    socket.pause();
  };
  // Node would drain the unread body into nothing and destroy the socket once the answer is sent.
  socket.destroySoon = () => {
    socket.end();
    stopReading();
    setImmediate(stopReading);
    setTimeout(() => socket.destroy(), 2_000).unref();
  };
  stopReading();
  res.shouldKeepAlive = false;
  res.writeHead(413, { connection: 'close' });
  res.end();
}

// C0 controls but tab and line breaks, and DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Whether any string in a parsed body holds a control character. */
function hasControlCharacters(v: unknown): boolean {
  if (typeof v === 'string') return CONTROL.test(v);
  if (Array.isArray(v)) {
    for (const x of v) if (hasControlCharacters(x)) return true;
  } else if (v && typeof v === 'object') {
    // Every request passes here: walked in place, with no array of entries made per object.
    for (const k in v) if (CONTROL.test(k) || hasControlCharacters((v as Record<string, unknown>)[k])) return true;
  }
  return false;
}

const sslCheck = (req: IncomingMessage & { rawBody: Buffer }) =>
  req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
  parseQuery(req.rawBody.toString()).ssl_check === '1';

/** Whether X-Slack-Request-Timestamp is whole seconds within five minutes of the system clock. */
function timestampFresh(req: IncomingMessage, nowMs: number): boolean {
  const header = req.headers['x-slack-request-timestamp'];
  if (typeof header !== 'string' || !/^[0-9]{1,12}$/.test(header)) return false;
  return Math.abs(Number(header) - Math.floor(nowMs / 1000)) <= TIMESTAMP_SKEW_SECONDS;
}

/** Slack's own id of a delivery: the same request retried (X-Slack-Retry-Num) carries the same id. */
export function deliveryIdOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string')
    return `${String(body.type ?? body.command ?? 'request')}:${body.trigger_id}`;
  return undefined;
}

export class HttpReceiver implements Receiver {
  private app?: App;

  constructor(
    private readonly signingSecret: string,
    private readonly logger: Logger,
    /** Where a failed request is logged with Slack's id of the delivery. */
    private readonly log?: Log,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  /** The server's lifecycle is certdesk's own: nothing to start or stop here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  readonly route: Route = async (req: IncomingMessage, res: ServerResponse) => {
    if (pathOf(req) !== EVENTS_PATH) return false;
    if (req.method !== 'POST') {
      http.buildNoBodyResponse(res, 405);
      return true;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > BODY_LIMIT) {
      refuseTooLarge(req, res);
      return true;
    }
    let buffered;
    try {
      buffered = await http.bufferIncomingMessage(req, BODY_LIMIT);
    } catch (e) {
      if (http.isRawBodyError(e) && e.statusCode === 413) refuseTooLarge(req, res);
      else http.buildNoBodyResponse(res, 400);
      return true;
    }
    try {
      // Slack's ssl_check carries no signature; Bolt answers it and runs nothing.
      if (!sslCheck(buffered) && !timestampFresh(req, Date.now())) throw new Error('timestamp');
      buffered = await http.parseAndVerifyHTTPRequest({ enabled: true, signingSecret: this.signingSecret }, buffered);
    } catch {
      http.buildNoBodyResponse(res, 401);
      return true;
    }
    // Slack's own requests hold back the work after acks (after-acks.ts); a stranger's do not.
    requestArrived();
    let body: Record<string, unknown>;
    try {
      body = http.parseHTTPRequestBody(buffered) as Record<string, unknown>;
    } catch {
      http.buildNoBodyResponse(res, 400);
      return true;
    }
    // A signed body of a shape Slack never sends would fail inside a listener, or wait for an ack.
    if (!SlackRequest.safeParse(body).success) {
      http.buildNoBodyResponse(res, 400);
      return true;
    }
    // Control characters are refused here, before any listener or query sees them (PostgreSQL
    // refuses NUL in text). A slash command is answered so that the person knows.
    if (hasControlCharacters(body)) {
      if (typeof body.command === 'string')
        http.buildContentResponse(res, {
          response_type: 'ephemeral',
          text: `${DENIED.controlCharacters.ja}\n${DENIED.controlCharacters.en}`,
        });
      else if (body.type === 'event_callback') http.buildNoBodyResponse(res, 200);
      else http.buildNoBodyResponse(res, 400);
      return true;
    }
    if (body.ssl_check === '1') {
      http.buildSSLCheckResponse(res);
      return true;
    }
    if (body.type === 'url_verification') {
      http.buildUrlVerificationResponse(res, body);
      return true;
    }
    const ack = new HTTPResponseAck({
      logger: this.logger,
      processBeforeResponse: false,
      unhandledRequestTimeoutMillis: 3_001,
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: res,
    });
    const event: ReceiverEvent = {
      body,
      ack: ack.bind(),
      retryNum: http.extractRetryNumFromHTTPRequest(req),
      retryReason: http.extractRetryReasonFromHTTPRequest(req),
      customProperties: { deliveryId: deliveryIdOf(body) },
    };
    try {
      await this.app?.processEvent(event);
    } catch (e) {
      if (this.log) this.log.error({ delivery: deliveryIdOf(body), err: e }, 'a Slack request failed');
      else this.logger.error(`certdesk: a Slack request failed: ${errorText(e)}`);
      if (!res.headersSent) http.buildNoBodyResponse(res, 500);
    }
    return true;
  };
}
