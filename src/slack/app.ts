// The Bolt app: over HTTP at /slack/events on certdesk's own server, or over Socket Mode when
// SLACK_APP_TOKEN is set (no public URL needed). Listeners are registered by the caller.
import { App, LogLevel, SocketModeReceiver, type Authorize, type AuthorizeResult, type Logger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Route } from '../http/server.js';
import { slackLogger, type Log } from '../log.js';
import type { ReportError } from '../runtime/error-report.js';
import { ackFirst } from './after-acks.js';
import { slackFetch } from './fetch.js';
import { deliveryIdOf, HttpReceiver } from './receiver.js';

/** Where an error of a listener's work after its ack goes: the log, with Slack's id of the delivery, and the error report. */
export type WorkFailed = (e: unknown, deliveryId: string | undefined) => void;

export interface SlackApp {
  app: App;
  /** The /slack/events route, over HTTP; none in Socket Mode. */
  route: Route | null;
  mode: 'http' | 'socket';
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * The bot's identity from auth.test, asked once and remembered. Bolt would ask at start-up and
 * crash the process when Slack is unreachable then; this asks on the first request, and again
 * after a failure.
 */
function authorizeOnce(token: string, apiUrl: string, logger: Logger): Authorize<boolean> {
  const client = new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 1 },
    logLevel: LogLevel.ERROR,
    logger,
    fetch: slackFetch,
  });
  let identity: Promise<AuthorizeResult> | undefined;
  return async () => {
    identity ??= client.auth.test().then(
      (r) => ({ botToken: token, botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id }),
      (e: unknown) => {
        identity = undefined;
        throw e;
      },
    );
    return identity;
  };
}

/**
 * The Bolt app. Bolt's own messages and the Web API client's go to the log, at their levels; an
 * error a listener lets through is reported, then handled as Bolt would (the request fails).
 */
export function createSlackApp(
  config: Config,
  register: (app: App, failed: WorkFailed) => void,
  log: Log,
  report?: ReportError,
): SlackApp {
  const { botToken, signingSecret, appToken, apiUrl } = config.slack;
  if (!botToken) throw new Error('SLACK_BOT_TOKEN is needed for the Slack app');
  const logger = slackLogger(log);
  // The Web API and answers to response_url (Bolt's respond) share one HTTP client.
  const clientOptions = { slackApiUrl: apiUrl, retryConfig: { retries: 1 }, fetch: slackFetch, logger };
  const authorize = authorizeOnce(botToken, apiUrl, logger);
  // No listener reads Bolt's conversation store (context.conversation): without it, no request
  // waits on a store lookup before its listener runs.
  // As a listener's error is: logged with the delivery (as the receiver does), and reported.
  const slackLog = log.child({ component: 'slack' });
  const failed: WorkFailed = (e, deliveryId) => {
    slackLog.error({ delivery: deliveryId, err: e }, 'a Slack request failed');
    report?.(e, { component: 'slack' });
  };
  // When the process stops: what waits goes on now, and the stop waits for the work in hand.
  const settle = async () => {
    const left = await ackFirst.settle();
    if (left) slackLog.warn({ running: left }, 'stopping with work after acks still running');
  };
  const onError = (app: App) =>
    app.error(async (e) => {
      const err = e as Error & { original?: unknown };
      report?.(err.original ?? err, { component: 'slack' });
      throw e;
    });
  if (appToken) {
    const receiver = new SocketModeReceiver({
      appToken,
      logger,
      customPropertiesExtractor: (args: { body?: Record<string, unknown> }) => ({
        deliveryId: deliveryIdOf(args.body ?? {}),
      }),
    });
    const app = new App({ authorize, receiver, logger, clientOptions, convoStore: false });
    register(app, failed);
    onError(app);
    return {
      app,
      route: null,
      mode: 'socket',
      start: async () => void (await app.start()),
      stop: async () => {
        try {
          await app.stop();
        } finally {
          await settle();
        }
      },
    };
  }
  if (!signingSecret) throw new Error('SLACK_SIGNING_SECRET is needed for the Slack app over HTTP');
  const receiver = new HttpReceiver(signingSecret, logger, slackLog);
  const app = new App({ authorize, receiver, logger, clientOptions, convoStore: false });
  register(app, failed);
  onError(app);
  // The server stops taking requests before this runs: what was acknowledged is done before the stop.
  return {
    app,
    route: receiver.route,
    mode: 'http',
    start: async () => {},
    stop: async () => void (await ackFirst.settle()),
  };
}
