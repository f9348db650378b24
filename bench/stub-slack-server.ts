// A Slack Web API that answers at once, on 127.0.0.1: the benchmark's Slack, run as its own
// process (bench/lib/stub-slack.ts starts it) so that answering the apps under test takes no
// time from the process that generates the load and times it. It answers the methods the app
// calls with Slack's shapes and counts chat.postMessage and response_url posts (with the
// instant of each, performance.now() in this process), keeping nothing else, so it costs the
// machine as little as it can. GET /_state gives the counts as JSON, POST /_reset zeroes them.
// Prints "ready <port>" when listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StubState } from './lib/stub-slack.js';

let ts = 0;
const state: StubState = { posts: 0, responses: 0, firstPostAt: 0, lastPostAt: 0, lastResponseAtEpochMs: 0 };

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
      return {
        ok: true,
        url: 'https://bench.slack.com/',
        team: 'bench',
        user: 'certdesk',
        team_id: 'TBENCH',
        user_id: 'UBOT',
        bot_id: 'BBOT',
      };
    case 'users.info':
      return {
        ok: true,
        user: { id: 'U', name: 'bench', locale: 'ja-JP', tz: 'Asia/Tokyo', is_bot: false, deleted: false },
      };
    case 'conversations.history':
      return { ok: true, messages: [], has_more: false };
    default:
      return { ok: true };
  }
};

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    const url = req.url ?? '/';
    let body: unknown;
    if (url.startsWith('/response/')) {
      state.responses++;
      state.lastResponseAtEpochMs = performance.timeOrigin + performance.now();
      body = { ok: true };
    } else if (url === '/_state') body = state;
    else if (url === '/_reset' && req.method === 'POST') {
      Object.assign(state, { posts: 0, responses: 0, firstPostAt: 0, lastPostAt: 0, lastResponseAtEpochMs: 0 });
      body = { ok: true };
    } else body = answer(url.replace(/^\/api\//, '').split('?')[0]!);
    const text = JSON.stringify(body);
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Should the benchmark die without stopping it, do not outlive it.
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 1_000).unref();
