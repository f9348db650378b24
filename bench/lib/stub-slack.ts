// A Slack Web API that answers at once, on 127.0.0.1: the benchmark's Slack. It answers the
// methods the app calls with Slack's shapes and counts chat.postMessage and response_url posts
// (with the instant of each), keeping nothing else, so it costs the machine as little as it can.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubSlack {
  apiUrl: string;
  responseUrl: (id: string | number) => string;
  posts: number;
  responses: number;
  firstPostAt: number;
  lastPostAt: number;
  reset: () => void;
  close: () => Promise<void>;
}

export async function startStubSlack(): Promise<StubSlack> {
  let ts = 0;
  const state = { posts: 0, responses: 0, firstPostAt: 0, lastPostAt: 0 };
  const answer = (method: string): Record<string, unknown> => {
    switch (method) {
      case 'chat.postMessage': {
        const t = performance.now();
        if (state.posts === 0) state.firstPostAt = t;
        state.posts++;
        state.lastPostAt = t;
        ts++;
        return { ok: true, channel: 'C0', ts: `1800000000.${String(ts).padStart(6, '0')}`, message: {} };
      }
      case 'auth.test':
        return { ok: true, url: 'https://bench.slack.com/', team: 'bench', user: 'certdesk', team_id: 'TBENCH', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'users.info':
        return { ok: true, user: { id: 'U', name: 'bench', locale: 'ja-JP', tz: 'Asia/Tokyo', is_bot: false, deleted: false } };
      case 'conversations.history':
        return { ok: true, messages: [], has_more: false };
      default:
        return { ok: true };
    }
  };
  const server: Server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      const url = req.url ?? '/';
      let body: Record<string, unknown>;
      if (url.startsWith('/response/')) {
        state.responses++;
        body = { ok: true };
      } else body = answer(url.replace(/^\/api\//, '').split('?')[0]!);
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    get posts() {
      return state.posts;
    },
    get responses() {
      return state.responses;
    },
    get firstPostAt() {
      return state.firstPostAt;
    },
    get lastPostAt() {
      return state.lastPostAt;
    },
    reset: () => Object.assign(state, { posts: 0, responses: 0, firstPostAt: 0, lastPostAt: 0 }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
