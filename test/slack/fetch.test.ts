// certdesk's HTTP client for Slack calls answers as fetch does for what the Slack SDKs ask of it,
// over a real local server.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { slackFetch } from '../../src/slack/fetch.js';

let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
      if (req.url!.startsWith('/limited')) {
        res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
        return void res.end('{"ok":false,"error":"ratelimited"}');
      }
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/api/auth.test' });
        return void res.end();
      }
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        return void res.end(gzipSync('{"ok":true,"packed":"はい"}'));
      }
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'x-oauth-scopes': 'chat:write,users:read',
      });
      res.end(
        JSON.stringify({
          ok: true,
          url: req.url,
          echo: body,
          user_id: 'UBOT',
          team_id: 'T1',
          bot_id: 'B1',
          ts: '1.000100',
          channel: 'C1',
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the HTTP client of Slack calls', () => {
  it('posts a body and gives status, headers and the body as text or JSON', async () => {
    const res = await slackFetch(`${base}/response/1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: '見積もり' }),
    });
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-oauth-scopes')).toBe('chat:write,users:read');
    expect(((await res.json()) as { echo: string }).echo).toBe('{"text":"見積もり"}');
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/response/1' });
    expect(last.headers['content-type']).toBe('application/json');
    expect(Number(last.headers['content-length'])).toBe(Buffer.byteLength('{"text":"見積もり"}'));
  });

  it('carries the Web API through a WebClient: a call, its result, and the 429 with its Retry-After', async () => {
    const client = new WebClient('xoxb-test', {
      slackApiUrl: `${base}/api/`,
      fetch: slackFetch,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'こんにちは' });
    expect(posted.ts).toBe('1.000100');
    expect(seen.at(-1)!.body).toContain(`text=${encodeURIComponent('こんにちは')}`);
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer xoxb-test');
    const limited = new WebClient('xoxb-test', {
      slackApiUrl: `${base}/limited?`,
      fetch: slackFetch,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await expect(limited.apiCall('x')).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
  });

  it('a decoded compressed body', async () => {
    const res = await slackFetch(`${base}/gzip`);
    expect(await res.json()).toEqual({ ok: true, packed: 'はい' });
    expect(res.headers.get('content-encoding')).toBeNull();
  });

  it('gives up when its signal aborts (the Web API timeout)', async () => {
    const started = Date.now();
    await expect(
      slackFetch(`${base}/slow`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_500);
    await expect(slackFetch(`${base}/api/x`, { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('refuses a redirect when told to, and follows one otherwise', async () => {
    await expect(slackFetch(`${base}/moved`, { method: 'POST', body: 'a=1', redirect: 'error' })).rejects.toThrow(
      TypeError,
    );
    const followed = await slackFetch(`${base}/moved`);
    expect(((await followed.json()) as { url: string }).url).toBe('/api/auth.test');
  });

  it('a connection refused is the TypeError fetch gives', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(slackFetch(`http://127.0.0.1:${port}/api/x`, { method: 'POST', body: '' })).rejects.toThrow(TypeError);
  });

  it('a body it does not carry itself (a form with a file) goes through Node’s fetch', async () => {
    const form = new FormData();
    form.append('file', new Blob(['-----BEGIN CERTIFICATE-----']), 'cert.pem');
    const res = await slackFetch(`${base}/upload`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(seen.at(-1)!.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(seen.at(-1)!.body).toContain('-----BEGIN CERTIFICATE-----');
  });
});
