// Slack's requests at POST /slack/events, on the same HTTP server as /healthz and /readyz.
// The signature and its timestamp are checked before anything else runs (401 otherwise); the
// request is handed to Bolt, whose listeners acknowledge at once and work after the ack.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions as http, HTTPResponseAck, type App, type Logger, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Route } from '../http/server.js';

export const EVENTS_PATH = '/slack/events';

/** Slack's own id of a delivery: the same request retried (X-Slack-Retry-Num) carries the same id. */
export function deliveryIdOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') return `${String(body.type ?? body.command ?? 'request')}:${body.trigger_id}`;
  return undefined;
}

export class HttpReceiver implements Receiver {
  private app?: App;

  constructor(
    private readonly signingSecret: string,
    private readonly logger: Logger,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  /** The server's lifecycle is certdesk's own: nothing to start or stop here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  readonly route: Route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== EVENTS_PATH) return false;
    if (req.method !== 'POST') {
      http.buildNoBodyResponse(res, 405);
      return true;
    }
    let buffered;
    try {
      buffered = await http.parseAndVerifyHTTPRequest({ enabled: true, signingSecret: this.signingSecret }, req);
    } catch (e) {
      if (http.isRawBodyError(e) && (e.type === 'entity.too.large' || e.statusCode === 413)) http.buildNoBodyResponse(res, 413);
      else http.buildNoBodyResponse(res, 401);
      return true;
    }
    let body: Record<string, unknown>;
    try {
      body = http.parseHTTPRequestBody(buffered) as Record<string, unknown>;
    } catch {
      http.buildNoBodyResponse(res, 400);
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
    const ack = new HTTPResponseAck({ logger: this.logger, processBeforeResponse: false, unhandledRequestTimeoutMillis: 3_001, httpRequest: buffered, httpRequestBody: body, httpResponse: res });
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
      this.logger.error(`certdesk: a Slack request failed: ${(e as Error).message}`);
      if (!res.headersSent) http.buildNoBodyResponse(res, 500);
    }
    return true;
  };
}
