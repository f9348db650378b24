// What a server serves, read from local TLS servers on 127.0.0.1.
import { createHash, X509Certificate } from 'node:crypto';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { createSecureContext, createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateMatchesKey, verifyChain } from '../../src/crypto/chain.js';
import { fetchServedCertificate } from '../../src/crypto/served.js';
import { readCertificate } from '../../src/crypto/certificate.js';
import { certificateCoversName } from '../../src/domain/names.js';
import { makeHierarchy, makeLeaf } from '../support/ca.js';

const DAY = 86_400_000;
const servers: (TlsServer | TcpServer)[] = [];
/** Server-side sockets still open: each must be closed once the check is done. */
const open = new Set<Socket>();

afterAll(async () => {
  for (const socket of open) socket.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

function track(server: TlsServer | TcpServer): void {
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => open.delete(socket));
  });
}

async function listen(server: TlsServer | TcpServer): Promise<number> {
  servers.push(server);
  track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
}

/** Every connection the servers took has been closed by the client (none left open). */
async function allClosed(): Promise<void> {
  await until(() => open.size === 0);
  expect(open.size).toBe(0);
}

/** A plain TCP server; it reads what it is sent, so that it sees the client hang up. */
const tcpServer = (onConnection: (s: Socket) => void = () => {}) =>
  createTcpServer((s) => {
    s.resume();
    onConnection(s);
  });

const { root, intermediate } = makeHierarchy('ec-p256');
const ours = makeLeaf(intermediate, {
  keyType: 'ec-p256',
  commonName: 'www.acme.example',
  sans: ['www.acme.example', 'acme.example'],
});
const stranger = makeLeaf(intermediate, { keyType: 'rsa-2048', commonName: 'www.other.example' });
const expiring = makeLeaf(intermediate, {
  keyType: 'ec-p256',
  commonName: 'www.acme.example',
  notBefore: new Date(Date.now() - 80 * DAY),
  notAfter: new Date(Date.now() + 3 * DAY),
});

/** A TLS server that sends a leaf and the intermediate, and remembers the SNI names it was asked for. */
async function tlsServer(leaf: { certPem: string; keyPem: string }): Promise<{ port: number; sni: string[] }> {
  const sni: string[] = [];
  const context = createSecureContext({ key: leaf.keyPem, cert: leaf.certPem + intermediate.certPem });
  // SNICallback runs on the ClientHello, and only when it carries a server name.
  const server = createTlsServer({
    key: leaf.keyPem,
    cert: leaf.certPem + intermediate.certPem,
    SNICallback: (name, cb) => {
      sni.push(name);
      cb(null, context);
    },
  });
  server.on('tlsClientError', () => {});
  return { port: await listen(server), sni };
}

describe('fetchServedCertificate', () => {
  it('reads the served chain, leaf first, when it is ours; SNI is the servername', async () => {
    const { port, sni } = await tlsServer(ours);
    const r = await fetchServedCertificate({
      host: '127.0.0.1',
      port,
      servername: 'www.acme.example',
      timeoutMs: 5000,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(sni).toEqual(['www.acme.example']);
    expect(r.chainPem).toEqual([ours.certPem, intermediate.certPem]);
    expect(r.leafFingerprintSha256).toBe(
      createHash('sha256').update(new X509Certificate(ours.certPem).raw).digest('hex'),
    );
    // Our throwaway CA is trusted by nobody.
    expect(r.authorized).toBe(false);
    expect(r.authorizationError).toMatch(/^[A-Z_]+$/);
    expect(certificateMatchesKey(r.chainPem[0]!, ours.keyPem)).toEqual({ ok: true });
    expect(verifyChain(r.chainPem[0]!, r.chainPem.slice(1), new Date())).toMatchObject({ ok: true, code: 'verified' });
    await allClosed();
  });

  it('is authorized when the CA is trusted and the leaf names the servername; not for another name', async () => {
    const { port } = await tlsServer(ours);
    const trusted = await fetchServedCertificate({
      host: '127.0.0.1',
      port,
      servername: 'www.acme.example',
      extraCaPem: [root.certPem],
    });
    expect(trusted).toMatchObject({ ok: true, authorized: true });
    expect(trusted.ok && trusted.authorizationError).toBeUndefined();
    // The chain then ends with the root from the trust store, as Node assembles it.
    expect(trusted.ok && trusted.chainPem).toEqual([ours.certPem, intermediate.certPem, root.certPem]);
    const otherName = await fetchServedCertificate({
      host: '127.0.0.1',
      port,
      servername: 'shop.acme.example',
      extraCaPem: [root.certPem],
    });
    expect(otherName).toMatchObject({
      ok: true,
      authorized: false,
      authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    await allClosed();
  });

  it('a wrong certificate: not our key, not our name', async () => {
    const { port } = await tlsServer(stranger);
    const r = await fetchServedCertificate({ host: '127.0.0.1', port, servername: 'www.acme.example' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(certificateMatchesKey(r.chainPem[0]!, ours.keyPem)).toEqual({ ok: false, code: 'key-mismatch' });
    const leaf = readCertificate(r.chainPem[0]!);
    expect(leaf.ok && certificateCoversName(leaf.certificate, 'www.acme.example')).toBe(false);
    await allClosed();
  });

  it('an expiring certificate: its notAfter is read as served', async () => {
    const { port } = await tlsServer(expiring);
    const r = await fetchServedCertificate({ host: '127.0.0.1', port, servername: 'www.acme.example' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const leaf = readCertificate(r.chainPem[0]!);
    expect(leaf.ok).toBe(true);
    if (!leaf.ok) return;
    const daysLeft = (leaf.certificate.notAfter.getTime() - Date.now()) / DAY;
    expect(daysLeft).toBeGreaterThan(2);
    expect(daysLeft).toBeLessThan(4);
    await allClosed();
  });

  it('sends no SNI for an address (RFC 6066 §3)', async () => {
    const { port, sni } = await tlsServer(ours);
    const r = await fetchServedCertificate({ host: '127.0.0.1', port });
    expect(r.ok).toBe(true);
    expect(sni).toEqual([]);
    await allClosed();
  });

  it('refused: nothing listens on the port', async () => {
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect(await fetchServedCertificate({ host: '127.0.0.1', port, timeoutMs: 5000 })).toMatchObject({
      ok: false,
      code: 'refused',
    });
  });

  it('timeout: the server takes the connection and never answers TLS; the socket is closed', async () => {
    const port = await listen(tcpServer());
    const started = performance.now();
    const r = await fetchServedCertificate({ host: '127.0.0.1', port, timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(r.ok || r.message).toContain('300 ms');
    expect(performance.now() - started).toBeLessThan(3000);
    await allClosed();
  });

  it('tls: the server answers with something that is not TLS', async () => {
    const port = await listen(tcpServer((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
    expect(await fetchServedCertificate({ host: '127.0.0.1', port, timeoutMs: 5000 })).toMatchObject({
      ok: false,
      code: 'tls',
    });
    await allClosed();
  });

  it('tls: the server hangs up at once', async () => {
    const port = await listen(tcpServer((s) => s.destroy()));
    expect(await fetchServedCertificate({ host: '127.0.0.1', port, timeoutMs: 5000 })).toMatchObject({
      ok: false,
      code: 'tls',
    });
    await allClosed();
  });

  it('dns: a name that does not resolve (.invalid, RFC 6761 §6.4)', async () => {
    const r = await fetchServedCertificate({ host: 'no-such-host.invalid', port: 443, timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: false, code: 'dns' });
  });

  it('other: a port that cannot be, without throwing', async () => {
    expect(await fetchServedCertificate({ host: '127.0.0.1', port: 70_000, timeoutMs: 1000 })).toMatchObject({
      ok: false,
      code: 'other',
    });
  });
});
