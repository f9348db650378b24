// What a server actually serves: connect, read the certificate chain, hang up. Used to check that
// an attached certificate is the one in service. Never throws and never leaves a socket open.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, rootCertificates, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { toPem } from './x509.js';

export interface ServedOptions {
  host: string;
  port?: number;
  /** The name sent in SNI (RFC 6066 §3) and checked for `authorized`; defaults to host. */
  servername?: string;
  /** For the whole attempt: name lookup, TCP connect and TLS handshake. */
  timeoutMs?: number;
  /** CA certificates (PEM) to trust for `authorized` besides Node's store, e.g. a private CA. */
  extraCaPem?: string[];
}

export const SERVED_FAILURES = ['timeout', 'refused', 'dns', 'tls', 'other'] as const;
export type ServedFailure = (typeof SERVED_FAILURES)[number];

export type ServedCertificate =
  | {
      ok: true;
      /**
       * Leaf first, each followed by its issuer, as Node assembles the chain from what was served:
       * served certificates that certify nothing on the path are left out, and when the served
       * chain stops short of a root, Node may end it with a root from its own trust store.
       */
      chainPem: string[];
      /** SHA-256 (hex) of the leaf's DER. */
      leafFingerprintSha256: string;
      /** Whether the chain verifies against Node's trust store and the leaf names the SNI name. */
      authorized: boolean;
      /** OpenSSL's or Node's reason when not authorized, e.g. SELF_SIGNED_CERT_IN_CHAIN, ERR_TLS_CERT_ALTNAME_INVALID. */
      authorizationError?: string;
      /** The TLS version agreed, e.g. TLSv1.3. */
      protocol?: string;
    }
  | { ok: false; code: ServedFailure; message: string };

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);

function classify(e: unknown): ServedCertificate {
  const err = e as NodeJS.ErrnoException & { library?: string };
  const code = err?.code ?? '';
  const message = err instanceof Error ? err.message : String(e);
  if (code === 'ECONNREFUSED') return { ok: false, code: 'refused', message };
  if (DNS_CODES.has(code)) return { ok: false, code: 'dns', message };
  if (code === 'ETIMEDOUT') return { ok: false, code: 'timeout', message };
  // OpenSSL errors carry `library`; a reset or hang-up mid-handshake is the server refusing TLS.
  if (
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    err?.library !== undefined ||
    code === 'ECONNRESET' ||
    code === 'EPIPE'
  ) {
    return { ok: false, code: 'tls', message };
  }
  return { ok: false, code: 'other', message };
}

function chainOf(leaf: DetailedPeerCertificate): string[] {
  const pems: string[] = [];
  const seen = new Set<string>();
  // The issuer links end at a self-signed certificate, which points at itself.
  for (let c: DetailedPeerCertificate | undefined = leaf; c?.raw; c = c.issuerCertificate) {
    const fp = c.fingerprint256;
    if (seen.has(fp)) break;
    seen.add(fp);
    pems.push(toPem('CERTIFICATE', c.raw));
  }
  return pems;
}

export function fetchServedCertificate(options: ServedOptions): Promise<ServedCertificate> {
  const { host, port = 443, timeoutMs = 10_000 } = options;
  const sni = options.servername ?? host;
  return new Promise((resolve) => {
    let socket: TLSSocket | undefined;
    let settled = false;
    const finish = (result: ServedCertificate) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish({ ok: false, code: 'timeout', message: `no TLS handshake with ${host}:${port} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    try {
      socket = connect({
        host,
        port,
        // RFC 6066 §3: SNI carries host names only, never an address.
        servername: isIP(sni) ? undefined : sni,
        // We want to see what is served even when it is untrusted; `authorized` reports on trust.
        rejectUnauthorized: false,
        // Giving `ca` replaces Node's store, so the store is given along with the extra CAs.
        ...(options.extraCaPem?.length ? { ca: [...rootCertificates, ...options.extraCaPem] } : {}),
      });
    } catch (e) {
      finish(classify(e));
      return;
    }
    // `on`, not `once`: an error after we have settled must not become an uncaught exception.
    socket.on('error', (e) => finish(classify(e)));
    socket.once('close', () =>
      finish({
        ok: false,
        code: 'tls',
        message: `${host}:${port} closed the connection before the TLS handshake completed`,
      }),
    );
    socket.once('secureConnect', () => {
      try {
        const s = socket!;
        const leaf = s.getPeerCertificate(true);
        if (!leaf?.raw) {
          finish({ ok: false, code: 'tls', message: `${host}:${port} presented no certificate` });
          return;
        }
        const authorizationError = s.authorizationError as unknown as string | Error | null | undefined;
        finish({
          ok: true,
          chainPem: chainOf(leaf),
          leafFingerprintSha256: createHash('sha256').update(leaf.raw).digest('hex'),
          authorized: s.authorized,
          ...(s.authorized || !authorizationError
            ? {}
            : {
                authorizationError:
                  typeof authorizationError === 'string' ? authorizationError : authorizationError.message,
              }),
          protocol: s.getProtocol() ?? undefined,
        });
      } catch (e) {
        finish({ ok: false, code: 'other', message: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}
