// ACME Renewal Information (RFC 9773): the CA's suggested window to renew a certificate, when
// its directory offers `renewalInfo` (§3). The window is fetched unauthenticated (§4.1) and
// polled again no sooner than its Retry-After (§4.3).
import { Agent, request } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { readDer } from '../crypto/der.js';
import type { RenewalWindow } from '../domain/orders.js';

/**
 * The certificate's identifier (§4.1): base64url of the keyIdentifier of its Authority Key
 * Identifier, ".", base64url of its serial number's DER content octets (leading zero kept).
 */
export function ariCertId(certPem: string): string | null {
  const cert = new X509Certificate(certPem);
  const tbs = readDer(cert.raw).children[0]!;
  // tbsCertificate: [0] version, serialNumber, …; extensions are [3], the last element.
  const serial = tbs.children[tbs.children[0]?.tag === 0xa0 ? 1 : 0]!;
  const extensionsWrapper = tbs.children.at(-1)!;
  const extensions = extensionsWrapper.tag === 0xa3 ? (extensionsWrapper.children[0]?.children ?? []) : [];
  for (const ext of extensions) {
    const id = ext.children[0]!;
    // 2.5.29.35 authorityKeyIdentifier
    if (id.content.equals(Buffer.from([0x55, 0x1d, 0x23]))) {
      const value = readDer(ext.children.at(-1)!.content);
      const keyId = value.children.find((c) => c.tag === 0x80);
      if (!keyId) return null;
      return `${keyId.content.toString('base64url')}.${serial.content.toString('base64url')}`;
    }
  }
  return null;
}

export interface RenewalInfo {
  window: RenewalWindow;
  /** When to ask again (§4.3: the Retry-After, clamped to between 1 hour and 1 day). */
  nextCheckSeconds: number;
}

function getJson(
  url: string,
  ca: string | null,
): Promise<{ status: number; body: unknown; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: ca ? new Agent({ ca }) : undefined, timeout: 15_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body, retryAfter: res.headers['retry-after'] });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** The suggested window, or null when the CA offers no renewal information. */
export async function fetchRenewalInfo(
  directoryUrl: string,
  caBundle: string | null,
  certPem: string,
): Promise<RenewalInfo | null> {
  const dir = await getJson(directoryUrl, caBundle);
  const base = (dir.body as { renewalInfo?: unknown } | null)?.renewalInfo;
  if (typeof base !== 'string') return null;
  const id = ariCertId(certPem);
  if (!id) return null;
  const r = await getJson(`${base.replace(/\/$/, '')}/${id}`, caBundle);
  const w = (r.body as { suggestedWindow?: { start?: unknown; end?: unknown } } | null)?.suggestedWindow;
  if (r.status !== 200 || typeof w?.start !== 'string' || typeof w.end !== 'string') return null;
  const start = new Date(w.start);
  const end = new Date(w.end);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) return null;
  const retry = Number(r.retryAfter);
  return {
    window: { start, end },
    nextCheckSeconds: Math.min(Math.max(Number.isFinite(retry) ? retry : 21_600, 3_600), 86_400),
  };
}
