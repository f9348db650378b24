// The Slack Web API client the workers and the app use. A 429 is thrown, not waited out inside
// the call, so the queue can pause for Slack's Retry-After without holding a job.
import { LogLevel, WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import { slackLogger, type Log } from '../log.js';
import { slackFetch } from './fetch.js';

/** With a log, the client's own messages go to it (as JSON) rather than to the console. */
export function slackClient(config: Config, token = config.slack.botToken, log?: Log): WebClient | null {
  if (!token) return null;
  return new WebClient(token, {
    slackApiUrl: config.slack.apiUrl,
    rejectRateLimitedCalls: true,
    // No retries inside a call: a lost response to a post that Slack took would post twice. Jobs
    // retry instead, and look for the message first (src/slack/deliver.ts).
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...(log ? { logger: slackLogger(log) } : {}),
    timeout: 15_000,
    fetch: slackFetch,
  });
}
