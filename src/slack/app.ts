// The Bolt app: over HTTP at /slack/events on certdesk's own server, or over Socket Mode when
// SLACK_APP_TOKEN is set (no public URL needed). Listeners are registered by the caller.
import { App, LogLevel, SocketModeReceiver, type Authorize, type AuthorizeResult, type Logger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Route } from '../http/server.js';
import { errorText } from '../redact.js';
import { slackFetch } from './fetch.js';
import { deliveryIdOf, HttpReceiver } from './receiver.js';

export interface SlackApp {
  app: App;
  /** The /slack/events route, over HTTP; none in Socket Mode. */
  route: Route | null;
  mode: 'http' | 'socket';
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Bolt's logger, quiet but for errors, which go to stderr without tokens or payloads. */
export function quietLogger(write: (line: string) => void): Logger {
  let level = LogLevel.ERROR;
  return {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (...msgs: unknown[]) => write(`certdesk: slack: ${msgs.map(errorText).join(' ')}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * The bot's identity from auth.test, asked once and remembered. Bolt would ask at start-up and
 * crash the process when Slack is unreachable then; this asks on the first request, and again
 * after a failure.
 */
function authorizeOnce(token: string, apiUrl: string): Authorize<boolean> {
  const client = new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 1 }, logLevel: LogLevel.ERROR, fetch: slackFetch });
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

export function createSlackApp(config: Config, register: (app: App) => void, write: (line: string) => void): SlackApp {
  const { botToken, signingSecret, appToken, apiUrl } = config.slack;
  if (!botToken) throw new Error('SLACK_BOT_TOKEN is needed for the Slack app');
  const logger = quietLogger(write);
  // The Web API and answers to response_url (Bolt's respond) share one HTTP client.
  const clientOptions = { slackApiUrl: apiUrl, retryConfig: { retries: 1 }, fetch: slackFetch };
  const authorize = authorizeOnce(botToken, apiUrl);
  if (appToken) {
    const receiver = new SocketModeReceiver({
      appToken,
      logger,
      customPropertiesExtractor: (args: { body?: Record<string, unknown> }) => ({ deliveryId: deliveryIdOf(args.body ?? {}) }),
    });
    const app = new App({ authorize, receiver, logger, clientOptions });
    register(app);
    return { app, route: null, mode: 'socket', start: async () => void (await app.start()), stop: async () => void (await app.stop()) };
  }
  if (!signingSecret) throw new Error('SLACK_SIGNING_SECRET is needed for the Slack app over HTTP');
  const receiver = new HttpReceiver(signingSecret, logger);
  const app = new App({ authorize, receiver, logger, clientOptions });
  register(app);
  return { app, route: receiver.route, mode: 'http', start: async () => {}, stop: async () => {} };
}
