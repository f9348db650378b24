// Unexpected errors, posted to CERTDESK_ERROR_WEBHOOK as JSON so that an operator can route them to
// the tracker of their choice. Each request is signed as Slack signs its own (README "Operating
// certdesk"): `X-Certdesk-Signature: v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with
// CERTDESK_ERROR_WEBHOOK_SECRET, the timestamp in seconds in `X-Certdesk-Request-Timestamp`.
import { createHmac } from 'node:crypto';
import { hostname } from 'node:os';
import type { Log } from '../log.js';
import { serializeError } from '../log.js';
import { redactSecrets } from '../redact.js';

export type ReportError = (e: unknown, context?: Record<string, unknown>) => void;

export const SIGNATURE_HEADER = 'x-certdesk-signature';
export const TIMESTAMP_HEADER = 'x-certdesk-request-timestamp';

/** `v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function signReport(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The same error again within this long is not posted again (a failing dependency fails every job). */
const REPEAT_MS = 60_000;

/**
 * Logs the error, and posts it when a webhook is set. Never throws and never waits: a report
 * that cannot be posted is logged, not reported again.
 */
export function errorReporter(options: {
  webhook?: { url: string; secret: string };
  log: Log;
  process: string;
}): ReportError {
  const { webhook, log } = options;
  const recent = new Map<string, number>();
  return (e, context = {}) => {
    log.error({ err: e, ...context }, 'unexpected error');
    if (!webhook) return;
    const error = serializeError(e);
    const key = `${String(error.type)}:${String(error.message)}`;
    const now = Date.now();
    if ((recent.get(key) ?? -Infinity) > now - REPEAT_MS) return;
    recent.set(key, now);
    for (const [k, at] of recent) if (at <= now - REPEAT_MS) recent.delete(k);
    const body = redactSecrets(
      JSON.stringify({
        service: 'certdesk',
        process: options.process,
        host: hostname(),
        pid: process.pid,
        time: new Date(now).toISOString(),
        error,
        context,
      }),
    );
    const timestamp = Math.floor(now / 1000);
    void fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signReport(webhook.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(5_000),
    })
      .then((res) => {
        if (!res.ok) log.warn({ status: res.status }, 'the error webhook refused a report');
      })
      .catch((err: unknown) => log.warn({ err }, 'could not post to the error webhook'));
  };
}
