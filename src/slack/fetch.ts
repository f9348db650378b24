// The HTTP client of certdesk's Slack calls (the Web API, and answers to a response_url): Node's
// http and https modules over keep-alive connections, for the fetch calls the Slack SDKs make.
// Node's built-in fetch costs several times the CPU per call (web streams), and a notice fan-out
// or a busy /cert makes thousands. A call it does not cover (a body other than text or bytes, a
// redirect to follow, another protocol) goes to Node's fetch as before.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

/** The part of a fetch Response the Slack SDKs read; text, JSON and bytes read from one buffer. */
class BufferedResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly buffer: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.buffer.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return this.buffer.buffer.slice(
      this.buffer.byteOffset,
      this.buffer.byteOffset + this.buffer.byteLength,
    ) as ArrayBuffer;
  }
}

function bodyBytes(body: RequestInit['body']): Buffer | string | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}

function decoded(res: IncomingMessage, raw: Buffer): Buffer {
  switch (res.headers['content-encoding']) {
    case 'gzip':
      return gunzipSync(raw);
    case 'deflate':
      return inflateSync(raw);
    case 'br':
      return brotliDecompressSync(raw);
    default:
      return raw;
  }
}

export const slackFetch = (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : null;
  const body = bodyBytes(init.body);
  if (!url || body === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fetch(input, init);
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  if (body !== null) headers['content-length'] = String(Buffer.byteLength(body));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  const res = await new Promise<{ res: IncomingMessage; buffer: Buffer }>((resolve, reject) => {
    const req = send(
      url,
      { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ res, buffer: decoded(res, Buffer.concat(chunks)) });
          } catch (e) {
            reject(e as Error);
          }
        });
        res.on('error', reject);
      },
    );
    const abort = () =>
      req.destroy(
        signal?.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError'),
      );
    signal?.addEventListener('abort', abort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', abort));
    req.on('error', (e) => reject(new TypeError('fetch failed', { cause: e })));
    req.end(body ?? undefined);
  });

  const status = res.res.statusCode ?? 0;
  if (status >= 300 && status < 400 && res.res.headers.location) {
    if (init.redirect === 'error')
      throw new TypeError('fetch failed', { cause: new Error(`redirected to ${res.res.headers.location}`) });
    if (init.redirect !== 'manual') return fetch(input, init);
  }
  const responseHeaders = new Headers();
  const raw = res.res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
  // The body is decoded already, as fetch gives it.
  responseHeaders.delete('content-encoding');
  return new BufferedResponse(
    url.toString(),
    status,
    res.res.statusMessage ?? '',
    responseHeaders,
    res.buffer,
  ) as unknown as Response;
}) as typeof fetch;
