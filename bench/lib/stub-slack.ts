// The benchmark's Slack: a Web API stub that answers at once (bench/stub-slack-server.ts), run
// as its own process so that answering certdesk's posts takes no time from this process, which
// generates the load and times it. Its counts are read and reset over HTTP.
import { Agent, request } from 'node:http';
import { ROOT, startChild, waitFor } from './infra.js';

export interface StubState {
  posts: number;
  responses: number;
  /** performance.now() in the stub's process: only the difference between the two means anything. */
  firstPostAt: number;
  lastPostAt: number;
  /** When the last response_url post came, in ms since the epoch (performance.timeOrigin + now()). */
  lastResponseAtEpochMs: number;
}

export interface StubSlack {
  apiUrl: string;
  responseUrl: (id: string | number) => string;
  /** chat.postMessage and response_url posts since the last reset; the instants are the stub process's performance.now(). */
  state: () => Promise<StubState>;
  reset: () => Promise<void>;
  /** Stops the stub's process. */
  close: () => Promise<void>;
}

export async function startStubSlack(): Promise<StubSlack> {
  // Not profiled under BENCH_CPU_PROF: it is not under test.
  const child = startChild([`${ROOT}dist-bench/bench/stub-slack-server.js`], process.env, { profile: false });
  let port = 0;
  try {
    await waitFor(
      'slack stub',
      () => {
        const m = /ready (\d+)/.exec(child.output());
        if (m) port = Number(m[1]);
        return port > 0;
      },
      30_000,
      child,
    );
  } catch (e) {
    await child.stop();
    throw e;
  }
  const base = `http://127.0.0.1:${port}`;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const control = (method: 'GET' | 'POST', path: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`slack stub ${method} ${path}: ${res.statusCode}`));
          try {
            resolve(JSON.parse(text));
          } catch (e) {
            reject(e as Error);
          }
        });
      });
      req.on('error', (e) => reject(new Error(`slack stub ${method} ${path}: ${e.message}\n${child.output()}`)));
      req.end();
    });
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    state: async () => (await control('GET', '/_state')) as StubState,
    reset: async () => {
      await control('POST', '/_reset');
    },
    close: async () => {
      agent.destroy();
      await child.stop();
    },
  };
}
