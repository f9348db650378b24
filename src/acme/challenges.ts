// Answering the CA's challenges (RFC 8555 §8). http-01 (§8.3): the key authorization is a row in
// PostgreSQL, so whichever instance of `certdesk serve` the CA reaches answers it. dns-01 (§8.4):
// CERTDESK_ACME_DNS_HOOK, run as `HOOK add|remove NAME VALUE`, publishes the TXT record.
import { execFile } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { acmeChallenges } from '../db/schema.js';
import type { Route } from '../http/server.js';

const PREFIX = '/.well-known/acme-challenge/';
// RFC 8555 §8.3: the token is base64url.
const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** `GET /.well-known/acme-challenge/TOKEN` → the key authorization, as text (RFC 8555 §8.3). */
export function http01Route(q: () => Promise<Queryable>): Route {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith(PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const token = path.slice(PREFIX.length);
    const [row] = TOKEN.test(token)
      ? await (
          await q()
        )
          .select({ keyAuthorization: acmeChallenges.keyAuthorization })
          .from(acmeChallenges)
          .where(eq(acmeChallenges.token, token))
      : [];
    if (!row) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('not found\n');
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : row.keyAuthorization);
    return true;
  };
}

const run = promisify(execFile);

export class DnsHookError extends Error {
  override readonly name = 'DnsHookError';
}

/** Runs the DNS hook; exit 0 means the record is published (or removed). */
export async function runDnsHook(hook: string, action: 'add' | 'remove', name: string, value: string): Promise<void> {
  try {
    await run(hook, [action, name, value], { timeout: 120_000 });
  } catch (e) {
    const err = e as { code?: number | string; stderr?: string };
    const said = (err.stderr ?? '').trim().split('\n').slice(-1)[0] ?? '';
    throw new DnsHookError(
      `CERTDESK_ACME_DNS_HOOK ${action} ${name} failed (${typeof err.code === 'number' ? `exit ${err.code}` : (err.code ?? 'error')})${said ? `: ${said.slice(0, 200)}` : ''}`,
    );
  }
}

/** RFC 8555 §8.4: the TXT record's name for an identifier (a wildcard's base domain). */
export const dnsRecordName = (identifier: string) => `_acme-challenge.${identifier.replace(/^\*\./, '')}`;
