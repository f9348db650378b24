// `certdesk sandbox` in a real browser (Debian's Chromium, driven by Playwright): a whole story
// through the page, each step as a person would take it, with a screenshot of each under
// test/artifacts/. The sandbox runs as a newcomer would start it: no DATABASE_URL, its own folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'certdesk.js');

// The sandbox's day starts here; the demo data is dated from it (notices of two contracts today).
const START = '2026-11-25T09:30+09:00';
const USER = { staff: 'U0SBYAMADA', acme: 'U0SBSATO01', globex: 'U0SBALICE1', stranger: 'U0SBSUZUKI' };
const CHANNEL = { staff: 'C0SBSTAFF', acme: 'C0SBACME01', globex: 'C0SBGLOBEX' };

let sandbox: ChildProcess;
let url = '';
let browser: Browser;
let page: Page;
let step = 0;

/** Saves what the page shows now as the next numbered step. */
const shot = async (name: string) => {
  step += 1;
  await page.screenshot({ path: join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: false });
};

const as = async (userId: string) => {
  await page.selectOption('#user-select', userId);
  await expect.poll(() => page.locator('.side-me').textContent()).toBeTruthy();
};
const openChannel = (id: string) => page.click(`[data-place="${id}"]`);
const type = async (text: string) => {
  await page.fill('#composer-input', text);
  await page.click('#composer-send');
};
const messages = () => page.locator('#messages');

// Chromium is Debian's, installed by .ci/run (which requires it); elsewhere its absence skips these
// tests with a sentence saying how to run them, rather than failing the README's test line.
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  if (process.env.CERTDESK_REQUIRE_BROWSER === '1')
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it (apt-get install chromium fonts-noto-cjk), as .ci/run does`,
    );
  console.warn(
    `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`,
  );
}

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    CERTDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'certdesk-sandbox-')),
    CERTDESK_NOW: START,
    CERTDESK_LANG: 'en',
  };
  delete env.DATABASE_URL;
  sandbox = spawn(process.execPath, [BIN, 'sandbox'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  sandbox.stderr!.on('data', (d: Buffer) => (said += d.toString()));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start within 90 s:\n${said}`)), 90_000);
    sandbox.stdout!.on('data', (d: Buffer) => {
      const m = /open (http:\/\/127\.0\.0\.1:\d+)\//.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    sandbox.once('exit', (code) => reject(new Error(`the sandbox exited ${code}:\n${said}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ja-JP' });
  await page.goto(`${url}/`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (sandbox && sandbox.exitCode === null) {
    sandbox.kill('SIGTERM');
    await new Promise((r) => sandbox.once('exit', r));
  }
});

describe.skipIf(!HAVE_CHROMIUM)('the sandbox in a browser: a renewal story from a quote to a cancellation', () => {
  it('the page opens with the staff channel, the customers’ channels and today’s renewal notices', async () => {
    await as(USER.acme);
    await openChannel(CHANNEL.acme);
    await expect.poll(() => messages().textContent()).toContain('更新のご案内: www.acme.example');
    await shot('notice-arrived');
  });

  it('Appendix 1: staff quote a price with /cert quote in the staff channel', async () => {
    await as(USER.staff);
    await openChannel(CHANNEL.staff);
    await type('/cert quote quick-ssl 1y');
    await expect.poll(() => messages().textContent()).toMatch(/¥\d{1,3}(,\d{3})+/);
    await shot('staff-quote');
  });

  it('Art. 3, 7: a contact applies in the customer’s channel, and staff accept the application', async () => {
    await as(USER.acme);
    await openChannel(CHANNEL.acme);
    await type('/cert apply');
    const modal = page.locator('[data-modal-form]');
    await expect.poll(() => modal.count()).toBe(1);
    await page.selectOption('select[data-action="item"]', 'corporate-ssl');
    await page.selectOption('select[data-action="term"]', '1y');
    await page.fill('[data-action="common_name"]', 'mail.acme.example');
    await shot('application-form');
    await page.click('[data-modal-submit]');
    await expect.poll(() => modal.count()).toBe(0);

    await as(USER.staff);
    await openChannel(CHANNEL.staff);
    await expect.poll(() => messages().locator('[data-action="application:accept"]').count()).toBe(1);
    await shot('application-for-staff');
    await messages().locator('[data-action="application:accept"]').click();
    // Acceptance confirms in a modal that shows the fees that accrue.
    await expect.poll(() => modal.count()).toBe(1);
    await page.click('[data-modal-submit]');
    await expect.poll(() => modal.count()).toBe(0);
    await expect.poll(() => messages().locator('[data-action="application:accept"]').count()).toBe(0);

    await as(USER.acme);
    await openChannel(CHANNEL.acme);
    await expect.poll(() => messages().textContent()).toContain('mail.acme.example');
    await shot('application-accepted');
  });

  it('Art. 6(2), 9(1): a contact answers a notice “don’t renew”, after a confirmation', async () => {
    const notice = messages().locator('.msg', { hasText: '更新のご案内: www.acme.example' }).first();
    await notice.locator('[data-action="renewal:decline"]').click();
    await page.locator('[data-answer="yes"]').click();
    await expect
      .poll(() => messages().locator('.msg', { hasText: '更新のご案内: www.acme.example' }).first().textContent())
      .toContain('回答: 更新しない');
    await shot('answered-dont-renew');
  });

  it('a stranger in the channel cannot answer for the customer', async () => {
    await as(USER.stranger);
    await openChannel(CHANNEL.acme);
    const notice = messages().locator('.msg', { hasText: '更新のご案内: www.acme.example' }).first();
    await notice.locator('[data-action="renewal:renew"]').click();
    await expect
      .poll(() => messages().textContent())
      .toContain('契約者のご担当者として登録された方と当社担当者だけができます');
    await shot('stranger-refused');
  });

  it('Art. 6(2), 10: a notice left unanswered renews by default the day after its deadline, once the clock moves there', async () => {
    await as(USER.globex);
    await openChannel(CHANNEL.globex);
    await expect.poll(() => messages().textContent()).toContain('Renewal notice: www.globex.example');
    await shot('unanswered-notice');
    // globex-www expires 2027-01-24; its reply deadline is 2026-12-25.
    await page.click('#clock-toggle');
    await page.fill('#clock-date-input', '2026-12-26');
    await page.fill('#clock-time-input', '09:00');
    await page.click('#clock-move');
    await expect.poll(() => page.locator('#clock-date').textContent(), { timeout: 30_000 }).toContain('2026');
    await expect
      .poll(() => messages().textContent(), { timeout: 30_000 })
      .toContain('Renewal recorded: www.globex.example');
    expect(await messages().textContent()).toMatch(/default renewal|No answer came by the reply deadline/);
    await shot('default-renewed');
  });

  it('Art. 9(2): a contact cancels a contract and is told its effective date', async () => {
    await as(USER.acme);
    await openChannel(CHANNEL.acme);
    await type('/cert cancel');
    const modal = page.locator('[data-modal-form]');
    await expect.poll(() => modal.count()).toBe(1);
    await page.selectOption('select[data-action="cancel:contract"]', 'acme-shop');
    // The effective date is shown before submitting: 30 days after the form arrives (2026-12-26).
    await expect.poll(() => modal.textContent()).toContain('2027-01-25');
    await shot('cancellation-form');
    await page.click('[data-modal-submit]');
    await expect.poll(() => modal.count()).toBe(0);
    await expect.poll(() => messages().textContent()).toContain('2027-01-25');
    await shot('cancellation-recorded');
  });
});

describe.skipIf(!HAVE_CHROMIUM)('the sandbox’s mailbox', () => {
  it('SPEC §9: the Mailbox panel shows the notices’ e-mails, the HTML body in a sandboxed frame', async () => {
    await as(USER.acme);
    await page.click('#mail-toggle');
    const list = page.locator('#mail-list');
    await expect.poll(() => list.textContent()).toContain('【更新のご案内】www.acme.example');
    const item = list
      .locator('.mail-item', { hasText: '【更新のご案内】www.acme.example' })
      .filter({ hasText: 'sato@acme.example' })
      .first();
    await expect.poll(() => item.textContent()).toMatch(/<certdesk\.outbox\.\d+@provider\.example>/);
    await item.click();
    const frame = page.locator('#mail-view iframe.mail-frame');
    await expect.poll(() => frame.getAttribute('sandbox')).toBe('');
    await expect
      .poll(() => page.frameLocator('#mail-view iframe.mail-frame').locator('body').textContent())
      .toContain('www.acme.example');
    await expect.poll(() => page.locator('#mail-view').textContent()).toContain('sato@acme.example');
    await shot('mailbox');
    await page.click('[data-mail-view="text"]');
    await expect.poll(() => page.locator('#mail-view .mail-text').textContent()).toContain('ご回答の方法');
    await page.click('#mail-close');
    await expect.poll(() => page.locator('#mailbox').isHidden()).toBe(true);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('the sandbox on a narrow screen', () => {
  it('at 760 px the top bar holds all its controls without overflowing', async () => {
    await page.setViewportSize({ width: 760, height: 900 });
    await as(USER.acme);
    const bar = await page.locator('.topbar').evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      rights: [...el.children]
        .filter((c) => c.getClientRects().length > 0)
        .map((c) => [c.className || c.id, Math.round(c.getBoundingClientRect().right)] as const),
    }));
    expect(bar.scroll, JSON.stringify(bar)).toBeLessThanOrEqual(bar.client);
    for (const [what, right] of bar.rights) expect(right, String(what)).toBeLessThanOrEqual(760);
    await shot('narrow-760');
  });
});
