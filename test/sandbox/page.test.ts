// The sandbox's web page as served: its files, its safety rules, and its Block Kit renderer (run
// here in node:vm — no browser is installed in this environment, so clicking through the page in
// Chromium is left to a browser test).
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxStandin, type SlackStandin } from '../../src/sandbox/slack-standin.js';
import { CHANNELS, CONTACT, LOBBY, USERS } from './helpers.js';

let standin: SlackStandin;

beforeAll(async () => {
  standin = await startSandboxStandin({
    port: 0,
    appUrl: 'http://127.0.0.1:9',
    signingSecret: 's',
    botToken: 'xoxb-page',
    users: USERS,
    channels: CHANNELS,
  });
});
afterAll(() => standin.close());

const get = async (path: string) => {
  const res = await fetch(`${standin.url}${path}`);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    csp: res.headers.get('content-security-policy'),
    text: await res.text(),
  };
};

/** A raw request, to send a Host header fetch would not let us set. */
function rawRequest(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<number> {
  const { port } = new URL(standin.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Renderer {
  mrkdwn(text: string, ctx?: object): string;
  plainText(t: unknown): string;
  renderBlocks(blocks: unknown[], ctx?: object): string;
  findElement(blocks: unknown[], blockId: string, actionId: string): unknown;
}

function loadRenderer(js: string): Renderer {
  const context = vm.createContext({});
  vm.runInContext(js, context);
  return (context as { CertdeskSandbox: Renderer }).CertdeskSandbox;
}

describe('the page’s files', () => {
  it('serves the page, its stylesheet, script and icon, with a strict content security policy', async () => {
    const html = await get('/');
    expect(html.status).toBe(200);
    expect(html.type).toBe('text/html; charset=utf-8');
    expect(html.csp).toContain("script-src 'self'");
    expect(html.csp).toContain("default-src 'none'");
    expect(html.text).toMatch(/<html lang="ja">/);
    expect(html.text).toContain('<meta charset="utf-8">');
    expect(html.text).toContain('<link rel="stylesheet" href="/sandbox.css">');
    expect(html.text).toContain('<script src="/sandbox.js" defer></script>');
    expect((await get('/sandbox.css')).type).toBe('text/css; charset=utf-8');
    expect((await get('/sandbox.js')).type).toBe('text/javascript; charset=utf-8');
    expect((await get('/favicon.svg')).type).toBe('image/svg+xml');
    expect((await get('/nothing-here')).status).toBe(404);
  });

  it('loads nothing from the network and has no inline script or style the policy would block', async () => {
    const html = (await get('/')).text;
    const css = (await get('/sandbox.css')).text;
    const js = (await get('/sandbox.js')).text;
    for (const m of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) expect(m[1]).toMatch(/^\/[\w.-]+$/);
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)|<style|\sstyle="|\son\w+="/);
    expect(css).not.toMatch(/@import|url\(/);
    expect(js).not.toMatch(/https?:\/\/(?!\/)/); // (the link pattern is written https?:\/\/ and stays local)
    expect(js).not.toMatch(/\bstyle="/);
  });

  it('names Japanese fonts for every platform and puts them first under lang="ja"', async () => {
    const css = (await get('/sandbox.css')).text;
    for (const font of ['Hiragino Sans', 'Noto Sans JP', 'Yu Gothic UI', 'Meiryo']) expect(css).toContain(font);
    expect(css).toMatch(/:root:lang\(ja\)\s*{\s*--font: var\(--font-ja\), var\(--font-latin\);/);
  });

  it('has every element the script looks up by id', async () => {
    const html = (await get('/')).text;
    const js = (await get('/sandbox.js')).text;
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const used = new Set([...js.matchAll(/\$\('([^']+)'\)/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((id) => !ids.has(id))).toEqual([]);
  });

  it('is the file in src/sandbox/page (what the lead ships)', async () => {
    expect((await get('/sandbox.js')).text).toBe(
      readFileSync(new URL('../../src/sandbox/page/sandbox.js', import.meta.url), 'utf8'),
    );
  });
});

describe('the page’s JSON API', () => {
  it('answers the state of the workspace for a person', async () => {
    const res = await fetch(`${standin.url}/sandbox/state?user=${CONTACT.id}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { ok: boolean; state: { me: string; channels: { id: string }[] } };
    expect(body.ok).toBe(true);
    expect(body.state.me).toBe(CONTACT.id);
    // An unknown person sees everything and is no one.
    const anyone = (await (await fetch(`${standin.url}/sandbox/state?user=U0NOBODY01`)).json()) as {
      state: { me: string | null; channels: unknown[] };
    };
    expect(anyone.state.me).toBeNull();
    expect(anyone.state.channels).toHaveLength(CHANNELS.length);
  });

  it('long-polls: `since` waits for the next change', async () => {
    const first = (await (await fetch(`${standin.url}/sandbox/state?user=${CONTACT.id}`)).json()) as {
      state: { version: number };
    };
    const waiting = fetch(`${standin.url}/sandbox/state?user=${CONTACT.id}&since=${first.state.version}`).then(
      (r) => r.json() as Promise<{ state: { version: number; messages: Record<string, { text: string }[]> } }>,
    );
    await new Promise((r) => setTimeout(r, 100));
    await fetch(`${standin.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-page', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: LOBBY.id, text: 'wake up' }),
    });
    const next = await waiting;
    expect(next.state.version).toBeGreaterThan(first.state.version);
    expect(next.state.messages[LOBBY.id]?.at(-1)?.text).toBe('wake up');
  });

  it('takes JSON only from its own page: no other origin, host or content type', async () => {
    const body = JSON.stringify({ user: CONTACT.id, channel: LOBBY.id, text: 'hi' });
    const form = await fetch(`${standin.url}/sandbox/message`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(form.status).toBe(415);
    const { port } = new URL(standin.url);
    expect(
      await rawRequest(
        '/sandbox/message',
        { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'content-type': 'application/json' },
        'POST',
        body,
      ),
    ).toBe(403);
    expect(await rawRequest('/sandbox/state', { host: `rebind.example:${port}` })).toBe(403);
    expect(await rawRequest('/', { host: `rebind.example:${port}` })).toBe(403);
    expect(await rawRequest('/', { host: `localhost:${port}` })).toBe(200);
    expect(
      await rawRequest(
        '/sandbox/message',
        { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'content-type': 'application/json' },
        'POST',
        JSON.stringify({ user: CONTACT.id, channel: 'C0NOWHERE1', text: 'x' }),
      ),
    ).toBe(200);
  });

  it('has no mailbox when the sandbox sends no e-mail, and keeps its e-mails to its own page', async () => {
    const state = (await (await fetch(`${standin.url}/sandbox/state`)).json()) as { state: { mail: unknown } };
    expect(state.state.mail).toBeNull();
    const res = await fetch(`${standin.url}/sandbox/mail`);
    expect([res.status, await res.json()]).toEqual([404, { ok: false, error: 'no_mail' }]);
    const { port } = new URL(standin.url);
    expect(await rawRequest('/sandbox/mail', { host: `rebind.example:${port}` })).toBe(403);
    expect(await rawRequest('/sandbox/mail/1', { host: `127.0.0.1:${port}`, origin: 'https://evil.example' })).toBe(
      403,
    );
  });

  it('says why an action cannot be done', async () => {
    const post = async (path: string, body: object) =>
      (
        await fetch(`${standin.url}/sandbox/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json();
    expect(await post('command', { user: 'U0NOBODY01', channel: LOBBY.id, text: '/cert' })).toEqual({
      ok: false,
      error: 'unknown_user',
    });
    expect(await post('message', { user: CONTACT.id, channel: `D${CONTACT.id.slice(1)}`, text: 'x' })).toEqual({
      ok: false,
      error: 'read_only',
    });
    expect(
      await post('action', { user: CONTACT.id, container: { type: 'nope' }, blockId: 'b', actionId: 'a' }),
    ).toEqual({ ok: false, error: 'invalid_action' });
    expect(await post('submit', { user: CONTACT.id, viewId: 'V0NOTOPEN1', values: {} })).toEqual({
      ok: false,
      error: 'view_not_found',
    });
    expect(await post('clock', { date: '2026-01-01' })).toEqual({ ok: false, error: 'clock_fixed' });
    expect(await post('whatever', {})).toEqual({ ok: false, error: 'not_found' });
  });
});

describe('the page’s Block Kit renderer', () => {
  const js = readFileSync(new URL('../../src/sandbox/page/render.js', import.meta.url), 'utf8');
  const r = loadRenderer(js);
  const people = {
    userName: (id: string, label?: string) => (id === 'U1' ? '田中 花子' : label || id),
    channelName: (id: string) => (id === 'C1' ? 'acme-certs' : id),
  };

  it('renders mrkdwn: bold, italic, strike, code, quotes, links, mentions, emoji, newlines', () => {
    expect(r.mrkdwn('*更新のご案内* の期限は *2026-04-01* です', people)).toBe(
      '<b>更新のご案内</b> の期限は <b>2026-04-01</b> です',
    );
    expect(r.mrkdwn('*太字*です _italic_ ~gone~ `a*b*` x', people)).toBe(
      '<b>太字</b>です <i>italic</i> <s>gone</s> <code class="md-code">a*b*</code> x',
    );
    expect(r.mrkdwn('line one\nline two', people)).toBe('line one<br>line two');
    expect(r.mrkdwn('> quoted\n> more\nafter', people)).toBe(
      '<blockquote class="md-quote">quoted<br>more</blockquote>after',
    );
    expect(r.mrkdwn('<https://example.com/a?b=1&amp;c=2|例 &amp; co> <mailto:a@example.com>', people)).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">例 &amp; co</a> <a href="mailto:a@example.com" target="_blank" rel="noopener noreferrer">mailto:a@example.com</a>',
    );
    expect(r.mrkdwn('<@U1> <@U9|bob> <#C1> <!here> <!date^1700000000^{date}|Nov 14>', people)).toBe(
      '<span class="mention">@田中 花子</span> <span class="mention">@bob</span> <span class="mention">#acme-certs</span> <span class="mention">@here</span> Nov 14',
    );
    expect(r.mrkdwn(':white_check_mark: done :no_such_emoji: at 09:00:00', people)).toBe(
      '✅ done :no_such_emoji: at 09:00:00',
    );
    expect(r.mrkdwn('snake_case_name and 2*3*4', people)).toBe('snake_case_name and 2*3*4');
    expect(r.mrkdwn('```\nconst a = "<b>";\n```', people)).toBe(
      '<pre class="md-pre">const a = &quot;&lt;b&gt;&quot;;\n</pre>',
    );
  });

  it('escapes everything that could become markup or a script', () => {
    expect(r.mrkdwn('&lt;script&gt;alert(1)&lt;/script&gt;', people)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.mrkdwn('<script>alert(1)</script>', people)).not.toContain('<script>');
    expect(r.mrkdwn('<javascript:alert(1)|click>', people)).toBe('&lt;javascript:alert(1)|click&gt;');
    expect(r.mrkdwn('<https://x.example/" onmouseover="alert(1)|y>', people)).toBe(
      '<a href="https://x.example/&quot; onmouseover=&quot;alert(1)" target="_blank" rel="noopener noreferrer">y</a>',
    );
    expect(r.mrkdwn('\uE0000\uE001 placeholder forgery', people)).toBe('0 placeholder forgery');
    expect(r.plainText({ type: 'plain_text', text: '<img src=x onerror=alert(1)>' })).toBe(
      '&lt;img src=x onerror=alert(1)&gt;',
    );
    const html = r.renderBlocks([
      {
        type: 'actions',
        block_id: '"><img src=x>',
        elements: [{ type: 'button', action_id: 'a"b', text: { type: 'plain_text', text: 'x' } }],
      },
    ]);
    expect(html).toContain('data-block="&quot;&gt;&lt;img src=x&gt;"');
    expect(html).toContain('data-action="a&quot;b"');
  });

  it('renders message blocks: header, section with fields and accessories, divider, context, actions', () => {
    const html = r.renderBlocks(
      [
        { type: 'header', block_id: 'h', text: { type: 'plain_text', text: '更新のご案内: example.com' } },
        {
          type: 'section',
          block_id: 's',
          text: { type: 'mrkdwn', text: '*example.com*' },
          fields: [
            { type: 'mrkdwn', text: '*品目*\nSSL' },
            { type: 'mrkdwn', text: '*満了日*\n2026-04-01' },
          ],
          accessory: {
            type: 'overflow',
            action_id: 'more',
            options: [{ text: { type: 'plain_text', text: '詳細' }, value: 'details' }],
          },
        },
        { type: 'divider', block_id: 'd' },
        {
          type: 'context',
          block_id: 'c',
          elements: [
            { type: 'image', image_url: 'https://x.example/i.png', alt_text: 'ロゴ' },
            { type: 'mrkdwn', text: '第6条' },
          ],
        },
        {
          type: 'actions',
          block_id: 'a',
          elements: [
            {
              type: 'button',
              action_id: 'renew',
              style: 'primary',
              text: { type: 'plain_text', text: '更新する' },
              value: '7',
            },
            {
              type: 'button',
              action_id: 'decline',
              style: 'danger',
              text: { type: 'plain_text', text: '更新しない' },
              value: '7',
              confirm: {
                title: { type: 'plain_text', text: 't' },
                text: { type: 'plain_text', text: 'x' },
                confirm: { type: 'plain_text', text: 'y' },
                deny: { type: 'plain_text', text: 'n' },
              },
            },
            { type: 'datepicker', action_id: 'when', initial_date: '2026-04-01' },
            {
              type: 'static_select',
              action_id: 'pick',
              placeholder: { type: 'plain_text', text: '選択' },
              options: [{ text: { type: 'plain_text', text: 'A' }, value: 'a' }],
            },
          ],
        },
        { type: 'rich_text', block_id: 'r', elements: [] },
      ],
      people,
    );
    expect(html).toContain('<div class="bk-header">更新のご案内: example.com</div>');
    expect(html).toContain(
      '<div class="bk-fields"><div class="bk-field"><b>品目</b><br>SSL</div><div class="bk-field"><b>満了日</b><br>2026-04-01</div></div>',
    );
    expect(html).toContain(
      '<span class="bk-overflow" data-block="s" data-action="more" data-type="overflow" data-live="1">',
    );
    expect(html).toContain('<button type="button" class="bk-menu-item" data-value="details">詳細</button>');
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).toContain('<span class="bk-img-alt" title="image">🖼 ロゴ</span><span>第6条</span>');
    expect(html).not.toContain('x.example/i.png');
    expect(html).toContain(
      '<button type="button" class="bk-btn bk-primary" data-block="a" data-action="renew" data-type="button" data-live="1">更新する</button>',
    );
    expect(html).toContain('class="bk-btn bk-danger" data-block="a" data-action="decline"');
    expect(html).toContain(
      '<input type="date" class="bk-date" data-block="a" data-action="when" data-type="datepicker" data-live="1" aria-label="when" value="2026-04-01">',
    );
    expect(html).toContain('<option value="" selected>選択</option><option value="a">A</option>');
    expect(html).toContain('<div class="bk-unknown">[rich_text block]</div>');
  });

  it('renders modal inputs with their values, hints and the error under the right block', () => {
    const blocks = [
      {
        type: 'input',
        block_id: 'years',
        label: { type: 'plain_text', text: '年数' },
        hint: { type: 'plain_text', text: '1〜5' },
        element: { type: 'plain_text_input', action_id: 'y', placeholder: { type: 'plain_text', text: '例: 2' } },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: { type: 'plain_text', text: '備考' },
        element: { type: 'plain_text_input', action_id: 'n', multiline: true, initial_value: 'よろしく' },
      },
      {
        type: 'input',
        block_id: 'plan',
        label: { type: 'plain_text', text: 'プラン' },
        dispatch_action: true,
        element: {
          type: 'static_select',
          action_id: 'p',
          options: [
            { text: { type: 'plain_text', text: 'A' }, value: 'a' },
            { text: { type: 'plain_text', text: 'B' }, value: 'b' },
          ],
          initial_option: { text: { type: 'plain_text', text: 'B' }, value: 'b' },
        },
      },
      {
        type: 'input',
        block_id: 'start',
        label: { type: 'plain_text', text: '開始日' },
        element: { type: 'datepicker', action_id: 'd' },
      },
      {
        type: 'input',
        block_id: 'extras',
        label: { type: 'plain_text', text: 'オプション' },
        element: {
          type: 'checkboxes',
          action_id: 'c',
          options: [
            { text: { type: 'plain_text', text: 'EV' }, value: 'ev' },
            {
              text: { type: 'mrkdwn', text: '*WC*' },
              value: 'wc',
              description: { type: 'plain_text', text: 'ワイルドカード' },
            },
          ],
          initial_options: [{ text: { type: 'plain_text', text: 'EV' }, value: 'ev' }],
        },
      },
      {
        type: 'input',
        block_id: 'kind',
        label: { type: 'plain_text', text: '種別' },
        element: {
          type: 'radio_buttons',
          action_id: 'k',
          options: [
            { text: { type: 'plain_text', text: 'DV' }, value: 'dv' },
            { text: { type: 'plain_text', text: 'OV' }, value: 'ov' },
          ],
        },
      },
    ];
    const entered: Record<string, string | string[]> = { 'years|y': '二', 'kind|k': 'ov' };
    const ctx = {
      ...people,
      key: 'V1',
      errors: { years: '年数を数字で入力してください' },
      t: (k: string) => (k === 'optional' ? '任意' : k),
      valueFor: (b: string, a: string) => entered[`${b}|${a}`],
    };
    const html = r.renderBlocks(blocks, ctx);
    // The HTML of one input block: from its opening to the next input block (or the end).
    const block = (id: string) => {
      const start = html.indexOf(`data-input-block="${id}"`);
      const next = html.indexOf('data-input-block=', start + 1);
      return html.slice(start, next === -1 ? undefined : next);
    };
    expect(block('years')).toContain(
      '<div class="bk-hint">1〜5</div><div class="bk-error" role="alert">年数を数字で入力してください</div>',
    );
    expect(block('years')).toContain('placeholder="例: 2" value="二"');
    expect(html.match(/bk-error/g)).toHaveLength(1);
    expect(html).toContain('<div class="bk-input has-error" data-input-block="years">');
    expect(block('note')).toContain('<span class="bk-optional">(任意)</span>');
    expect(block('note')).toContain(
      '<textarea class="bk-textinput" data-block="note" data-action="n" data-type="plain_text_input" aria-label="備考">よろしく</textarea>',
    );
    expect(block('plan')).toContain('data-live="1"');
    expect(block('plan')).toContain('<option value="b" selected>B</option>');
    expect(block('start')).not.toContain('data-live');
    expect(block('extras')).toContain('<input type="checkbox" value="ev" checked>');
    expect(block('extras')).toContain('<span><b>WC</b><small>ワイルドカード</small></span>');
    expect(block('kind')).toContain('<input type="radio" name="r-kind-k-V1" value="ov" checked>');
  });

  it('finds an element by block and action id, as the stand-in does', () => {
    const blocks = [
      {
        type: 'section',
        block_id: 's',
        accessory: { type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' } },
      },
    ];
    expect(r.findElement(blocks, 's', 'go')).toMatchObject({ type: 'button' });
    expect(r.findElement(blocks, 's', 'nope')).toBeNull();
  });
});

// ---- the page script's DOM half, against a stub DOM (no browser here) ----

/** Just enough of an element for sandbox.js: what it sets is kept, so the test can read it. */
class StubElement {
  innerHTML = '';
  textContent = '';
  hidden = false;
  value = '';
  placeholder = '';
  disabled = false;
  tagName = 'DIV';
  scrollTop = 0;
  scrollHeight = 0;
  clientHeight = 0;
  dataset: Record<string, string> = {};
  style: Record<string, string> = {};
  attributes: Record<string, string> = {};
  classes = new Set<string>();
  classList = {
    add: (c: string) => this.classes.add(c),
    remove: (c: string) => this.classes.delete(c),
    contains: (c: string) => this.classes.has(c),
  };
  listeners = new Map<string, ((ev: unknown) => unknown)[]>();
  parents = new Map<string, StubElement>();
  constructor(readonly id: string) {}
  addEventListener(type: string, f: (ev: unknown) => unknown): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), f]);
  }
  removeEventListener(): void {}
  setAttribute(k: string, v: string): void {
    this.attributes[k] = v;
  }
  /** closest(selector): this element when its `parents` has no better answer. */
  closest(selector: string): StubElement | null {
    return this.parents.get(selector) ?? (selector.includes('button') ? this : null);
  }
  matches(): boolean {
    return false;
  }
  querySelector(): StubElement | null {
    return null;
  }
  querySelectorAll(): StubElement[] {
    return [];
  }
  contains(): boolean {
    return false;
  }
  focus(): void {}
  appendChild(): void {}
  remove(): void {}
  async fire(type: string, ev: object = {}): Promise<void> {
    for (const f of this.listeners.get(type) ?? [])
      await f({ preventDefault() {}, stopPropagation() {}, target: this, ...ev });
  }
}

describe('the page script, run against a stub DOM and the live stand-in', () => {
  it('polls, renders what the workspace holds, and sends commands, clicks and navigation', async () => {
    // What the page should show: a bot message with buttons, an ephemeral, a modal and a Home tab.
    const api = (method: string, body: object) =>
      fetch(`${standin.apiUrl}${method}`, {
        method: 'POST',
        headers: { authorization: 'Bearer xoxb-page', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, unknown>>);
    const me = USERS[0]!.id;
    await api('chat.postMessage', {
      channel: CHANNELS[0]!.id,
      text: 'notice',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '更新のご案内' } },
        {
          type: 'actions',
          block_id: 'act',
          elements: [
            { type: 'button', action_id: 'renew', text: { type: 'plain_text', text: '更新する' }, style: 'primary' },
          ],
        },
      ],
    });
    await api('chat.postEphemeral', { channel: CHANNELS[0]!.id, user: me, text: 'just for you' });
    await api('views.open', {
      trigger_id: standin.workspace.issueTrigger(me),
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: '見積もり' },
        submit: { type: 'plain_text', text: '送信' },
        blocks: [
          {
            type: 'input',
            block_id: 'y',
            label: { type: 'plain_text', text: '年数' },
            element: { type: 'plain_text_input', action_id: 'yi' },
          },
        ],
      },
    });
    await api('views.publish', {
      user_id: me,
      view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*ホーム*' } }] },
    });

    const elements = new Map<string, StubElement>();
    const byId = (id: string) => elements.get(id) ?? (elements.set(id, new StubElement(id)).get(id) as StubElement);
    const documentListeners = new StubElement('document');
    let stopped = false;
    const storage = new Map<string, string>();
    const context = vm.createContext({
      document: {
        readyState: 'complete',
        documentElement: { lang: '' },
        activeElement: null,
        getElementById: byId,
        // The page asks for the composer's box, and for an open overflow menu (there is none).
        querySelector: (sel: string) => (sel === '#composer .composer-box' ? byId(`q:${sel}`) : null),
        querySelectorAll: () => [],
        createElement: () => new StubElement('new'),
        addEventListener: (t: string, f: (ev: unknown) => unknown) => documentListeners.addEventListener(t, f),
        removeEventListener: () => {},
      },
      window: { open: () => null },
      localStorage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => storage.set(k, v),
      },
      // Relative URLs go to the stand-in; once the test is over the page's long poll just waits.
      fetch: (path: string, init?: RequestInit) =>
        stopped ? new Promise(() => {}) : fetch(`${standin.url}${path}`, init),
      setTimeout,
      setInterval: () => 0,
      AbortController,
      Element: StubElement,
      CSS: { escape: (s: string) => s },
    });
    const until = async (what: string, test: () => boolean) => {
      for (let i = 0; i < 100 && !test(); i++) await new Promise((r) => setTimeout(r, 50));
      if (!test()) throw new Error(`the page never showed ${what}`);
    };
    try {
      vm.runInContext(await (await fetch(`${standin.url}/strings.js`)).text(), context);
      for (const file of ['render.js', 'sandbox.js'])
        vm.runInContext(readFileSync(new URL(`../../src/sandbox/page/${file}`, import.meta.url), 'utf8'), context);
      // It picks the first person, then shows their first channel, the modal on top, and who they are.
      await until('the channel', () => byId('messages').innerHTML.includes('更新のご案内'));
      expect(storage.get('certdesk-sandbox:me')).toBe(me);
      expect(byId('messages').innerHTML).toContain('data-action="renew"');
      expect(byId('messages').innerHTML).toContain('just for you');
      expect(byId('messages').innerHTML).toContain('あなただけに表示されています');
      expect(byId('modal-root').innerHTML).toContain('<h2>見積もり</h2>');
      expect(byId('modal-root').innerHTML).toContain('data-modal-submit=');
      expect(byId('user-select').innerHTML).toContain('佐藤 一郎 — staff (ja-JP)');
      expect(byId('sidebar').innerHTML).toContain('certdesk-staff');
      expect((context as { document: { documentElement: { lang: string } } }).document.documentElement.lang).toBe('ja');
      expect(byId('composer-input').placeholder).toContain('#certdesk-staff');

      // Typing a command and pressing Send: the app is not listening, so Slackbot says so.
      byId('composer-input').value = '/cert help';
      await byId('composer').fire('submit');
      await until('the command sent', () => byId('composer-input').value === '');
      await until('Slackbot’s answer', () => byId('messages').innerHTML.includes('dispatch_failed'));

      // Clicking the button in the message sends block_actions (which the absent app cannot answer).
      const button = new StubElement('button');
      button.classes.add('bk-btn');
      button.dataset = { block: 'act', action: 'renew' };
      const seen = (await (await fetch(`${standin.url}/sandbox/state?user=${me}`)).json()) as {
        state: { messages: Record<string, { ts: string }[]> };
      };
      const ts = seen.state.messages[CHANNELS[0]!.id]![0]!.ts;
      const message = new StubElement('msg');
      message.dataset = { container: JSON.stringify({ type: 'message', channel: CHANNELS[0]!.id, ts }) };
      button.parents.set('[data-container]', message);
      await documentListeners.fire('click', { target: button });
      await until('the click recorded', () =>
        standin.workspace.activity.some((a) => a.dir === 'to-app' && a.what === `renew in #${CHANNELS[0]!.name}`),
      );

      // The sidebar's Home opens the Home tab (and tells the app with app_home_opened).
      const home = new StubElement('home-link');
      home.dataset = { place: 'home' };
      await documentListeners.fire('click', { target: home });
      await until('the Home tab', () => byId('home').innerHTML.includes('<b>ホーム</b>'));
      expect(byId('messages').hidden).toBe(true);
      await until('app_home_opened sent', () => standin.workspace.activity.some((a) => a.what === 'app_home_opened'));
    } finally {
      stopped = true;
    }
  });
});
