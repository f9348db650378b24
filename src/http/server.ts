// The HTTP face of `certdesk serve` and `certdesk worker`: /healthz (the process is up), /readyz
// (PostgreSQL and Redis reachable) and /metrics (Prometheus text format, behind a bearer token when
// CERTDESK_METRICS_TOKEN is set). Slack's requests arrive at /slack/events once the Slack app is mounted.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Check } from '../health.js';
import type { Metrics } from '../metrics.js';
import type { ReportError } from '../runtime/error-report.js';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface HttpOptions {
  readiness: () => Promise<Check[]>;
  /** Further routes (the Slack receiver); a route returns false when the request is not its own. */
  routes?: Route[];
  /** GET /metrics, and the duration of every request by route. */
  metrics?: Metrics;
  metricsToken?: string;
  report?: ReportError;
  /** False while the process is still mounting its routes: not ready, and Slack is asked to retry. */
  started?: () => boolean;
}

/**
 * A plain path: `/`, or segments of letters, digits, `_` and `-` (dots between them) each after one
 * slash, and a last slash, up to a query or fragment. Each segment starts at its slash, so a long
 * path that is not plain fails at once rather than being tried every way.
 */
const PLAIN_PATH = /^(?=\/)(?:\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)*\/?(?=[?#]|$)/;

/**
 * The path of a request's target, as `new URL(target, base).pathname` gives it: a plain path is
 * cut at its query without building a URL (every Slack request asks), anything else goes to URL,
 * which resolves dot segments, escapes and the authority of `//host/…`.
 */
export function pathOf(req: Pick<IncomingMessage, 'url'>): string {
  const target = req.url ?? '/';
  const plain = PLAIN_PATH.exec(target);
  return plain ? plain[0] : new URL(target, 'http://localhost').pathname;
}

/** The routes requests are counted by; any other path is counted as `other`, so that strangers cannot grow the series. */
const KNOWN_ROUTES = new Set(['/healthz', '/readyz', '/metrics', '/slack/events', '/']);

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  token: string | undefined,
): Promise<void> {
  if (token && !bearerMatches(req, token)) {
    res.writeHead(401, { 'www-authenticate': 'Bearer realm="certdesk metrics"', 'cache-control': 'no-store' });
    res.end();
    return;
  }
  const text = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
  res.end(text);
}

export function createHttpServer(options: HttpOptions): Server {
  return createServer((req, res) => {
    const path = pathOf(req);
    const stop = options.metrics?.httpDuration.startTimer({
      route: KNOWN_ROUTES.has(path) ? path : 'other',
      method: req.method === 'GET' || req.method === 'POST' ? req.method : 'other',
    });
    if (stop) res.once('finish', () => stop({ status: String(res.statusCode) }));
    void (async () => {
      if (req.method === 'GET' && path === '/healthz') return send(res, 200, { ok: true });
      if (req.method === 'GET' && path === '/readyz') {
        const checks = await options.readiness();
        if (options.started && !options.started())
          checks.push({ name: 'app', status: 'fail', detail: { ja: '起動中', en: 'starting' } });
        const ready = checks.every((c) => c.status !== 'fail');
        // Strangers may ask: say ok or not per part, and leave versions, hosts and names to `doctor`.
        return send(res, ready ? 200 : 503, {
          ok: ready,
          checks: checks.map(({ name, status }) => ({ name, ok: status !== 'fail' })),
        });
      }
      if (req.method === 'GET' && path === '/metrics' && options.metrics)
        return serveMetrics(req, res, options.metrics, options.metricsToken);
      for (const route of options.routes ?? []) if (await route(req, res)) return;
      // The port opens before the Slack app is mounted: Slack retries a 503, never a 404.
      if (options.started && !options.started() && path === '/slack/events') {
        res.setHeader('retry-after', '1');
        return send(res, 503, { ok: false, error: 'starting' });
      }
      send(res, 404, { ok: false, error: 'not found' });
    })().catch((e: unknown) => {
      options.report?.(e, { route: path });
      if (!res.headersSent) send(res, 500, { ok: false, error: 'internal error' });
      else res.end();
    });
  });
}
