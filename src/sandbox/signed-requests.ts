// Requests into the app as Slack sends them: signed with the signing secret (X-Slack-Signature
// v0 = HMAC-SHA256 of `v0:{timestamp}:{raw body}`), in the three body kinds Slack uses (a form for
// slash commands, a form holding `payload=<json>` for interactions, JSON for the Events API).
// The tests' request builders (test/support/slack/requests.ts) sign and encode with these too.
import { createHmac, randomBytes } from 'node:crypto';

export type SlackRequestKind = 'command' | 'interactive' | 'event';

export interface AppReply {
  /** The HTTP status; 0 when no answer came. */
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON (Bolt often answers an empty 200). */
  json: unknown;
  ms: number;
  /** Why no answer came: 'timeout' (Slack waits 3 s), 'unreachable' (nothing listens). */
  failure?: 'timeout' | 'unreachable';
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
// Slack still sends the deprecated verification token; Bolt ignores it.
export const VERIFICATION_TOKEN = 'sandbox-verification-token';

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** The raw body and Content-Type Slack would send for a body of this kind. */
export function encodeSlackBody(kind: SlackRequestKind, body: object): { rawBody: string; contentType: string } {
  if (kind === 'event') return { rawBody: JSON.stringify(body), contentType: JSON_TYPE };
  if (kind === 'interactive')
    return { rawBody: new URLSearchParams({ payload: JSON.stringify(body) }).toString(), contentType: FORM };
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body as Record<string, string | undefined>))
    if (v !== undefined) form.append(k, v);
  return { rawBody: form.toString(), contentType: FORM };
}

/** A fresh Events API event id ("Ev…"). */
export function newEventId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let id = 'Ev';
  for (const b of randomBytes(10)) id += alphabet[b % alphabet.length];
  return id;
}

/** A reply body as JSON, or undefined when it is empty or not JSON (Bolt often answers an empty 200). */
export function jsonOf(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * POSTs a signed request to the app and reads the whole answer, giving up after `timeoutMs`
 * as Slack does. The timestamp is the real clock's: Bolt refuses requests over five minutes
 * old by its own clock, whatever the sandbox's clock says.
 */
export async function postToApp(
  url: string,
  kind: SlackRequestKind,
  body: object,
  signingSecret: string,
  timeoutMs: number,
): Promise<AppReply> {
  const { rawBody, contentType } = encodeSlackBody(kind, body);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signSlackRequest(signingSecret, timestamp, rawBody),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: rawBody,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, text, json: jsonOf(text), ms: Date.now() - started };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const failure = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable';
    return { status: 0, text: '', json: undefined, ms: Date.now() - started, failure };
  }
}
