// The Slack Web API client the workers and the app use. A 429 is thrown, not waited out inside
// the call, so the queue can pause for Slack's Retry-After without holding a job.
import { LogLevel, WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import { slackFetch } from './fetch.js';

export function slackClient(config: Config, token = config.slack.botToken): WebClient | null {
  if (!token) return null;
  return new WebClient(token, {
    slackApiUrl: config.slack.apiUrl,
    rejectRateLimitedCalls: true,
    // No retries inside a call: a lost response to a post that Slack took would post twice. Jobs
    // retry instead, and look for the message first (src/slack/deliver.ts).
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    timeout: 15_000,
    fetch: slackFetch,
  });
}
