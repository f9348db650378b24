// The HTTP face of `certdesk serve`: /healthz (the process is up) and /readyz (PostgreSQL and
// Redis reachable). Slack's requests arrive at /slack/events once the Slack app is mounted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Check } from '../health.js';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface HttpOptions {
  readiness: () => Promise<Check[]>;
  /** Further routes (the Slack receiver); a route returns false when the request is not its own. */
  routes?: Route[];
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

export function createHttpServer(options: HttpOptions): Server {
  return createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'GET' && path === '/healthz') return send(res, 200, { ok: true });
      if (req.method === 'GET' && path === '/readyz') {
        const checks = await options.readiness();
        const ready = checks.every((c) => c.status !== 'fail');
        // Strangers may ask: say ok or not per part, and leave versions, hosts and names to `doctor`.
        return send(res, ready ? 200 : 503, { ok: ready, checks: checks.map(({ name, status }) => ({ name, ok: status !== 'fail' })) });
      }
      for (const route of options.routes ?? []) if (await route(req, res)) return;
      send(res, 404, { ok: false, error: 'not found' });
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'internal error' });
      else res.end();
    });
  });
}
