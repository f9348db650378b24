// The ACME client (RFC 8555) of an issuer: acme-client 5.4 does the protocol — JWS, nonces and
// their badNonce retries (§6.5), Retry-After on 429 and 5xx (§6.6), polling with backoff (§7.5.1)
// and External Account Binding (§7.3.4). What it does not: trust a private CA per server, and tell
// the caller which problem (§6.7) the CA sent last. Both are done here, per directory origin.
import { Agent } from 'node:https';
import type acme from 'acme-client';

/** acme-client, with axios and the ASN.1 libraries under it, is loaded by the first order: no other process carries it. */
let library: Promise<typeof acme> | undefined;
const install = () =>
  (library ??= load().catch((e: unknown) => {
    // A failed load is not kept: the next order tries again.
    library = undefined;
    throw e;
  }));

/** The ACME server's TLS is checked against these CAs (its issuer's CA bundle) instead of Node's. */
const agents = new Map<string, Agent>();

/** The last problem document an ACME server answered with, per origin (§6.7). */
export interface AcmeProblem {
  type: string;
  detail: string;
  retryAfterSeconds?: number;
}
const problems = new Map<string, AcmeProblem>();

async function load(): Promise<typeof acme> {
  const acme = (await import('acme-client')).default;
  // Retries of a request that got no answer or a 429/5xx (Retry-After honoured): fewer and sooner
  // than the library's 5 × 5 s steps; the order row's own backoff takes over after them.
  const defaults = acme.axios.defaults as { acmeSettings?: Record<string, number> };
  defaults.acmeSettings = { ...defaults.acmeSettings, retryMaxAttempts: 3, retryDefaultDelay: 2 };
  acme.axios.interceptors.request.use((config) => {
    const origin = originOf(config.url);
    const agent = origin ? agents.get(origin) : undefined;
    if (agent) config.httpsAgent = agent;
    return config;
  });
  acme.axios.interceptors.response.use((response) => {
    const data = response.data as { type?: unknown; detail?: unknown } | undefined;
    const origin = originOf(response.config.url);
    if (origin && response.status >= 400 && data && typeof data.type === 'string') {
      const retryAfter = Number(response.headers['retry-after']);
      problems.set(origin, {
        type: data.type,
        detail: typeof data.detail === 'string' ? data.detail : '',
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      });
    }
    return response;
  });
  return acme;
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

export interface AcmeEndpoint {
  directoryUrl: string;
  /** PEM: the CAs the server's TLS certificate chains to, when it is not publicly trusted. */
  caBundle: string | null;
  accountKeyPem: string;
  accountUrl?: string | null;
  eab?: { kid: string; hmacKey: string } | null;
}

export async function acmeClient(e: AcmeEndpoint): Promise<acme.Client> {
  const acme = await install();
  const origin = originOf(e.directoryUrl);
  if (origin && e.caBundle) agents.set(origin, new Agent({ ca: e.caBundle, keepAlive: false }));
  else if (origin) agents.delete(origin);
  problems.delete(origin ?? '');
  return new acme.Client({
    directoryUrl: e.directoryUrl,
    accountKey: e.accountKeyPem,
    accountUrl: e.accountUrl ?? undefined,
    externalAccountBinding: e.eab ? { kid: e.eab.kid, hmacKey: e.eab.hmacKey } : undefined,
    // Polling a pending authorization or a processing order (RFC 8555 §7.5.1): up to about 2 minutes.
    backoffAttempts: 12,
    backoffMin: 1000,
    backoffMax: 15_000,
  });
}

/** The problem the server at this directory answered with last, if any. */
export function lastProblem(directoryUrl: string): AcmeProblem | undefined {
  return problems.get(originOf(directoryUrl) ?? '');
}

/** RFC 8555 §6.7's short name of a problem type (`urn:ietf:params:acme:error:rateLimited` → `rateLimited`). */
export const problemName = (type: string) => type.replace(/^urn:ietf:params:acme:error:/, '');
