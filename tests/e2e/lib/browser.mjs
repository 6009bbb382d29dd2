// Browser test harness: a real `huiyin serve` (demo district, test clock, the built
// web/dist) and Debian's Chromium driven by playwright-core. Never a downloaded browser:
// CHROMIUM (default /usr/bin/chromium) must exist, scripts/setup.sh installs it.
//
//   import { startE2E } from './lib/browser.mjs';
//   let e;
//   before(async () => { e = await startE2E(); });
//   after(async () => { await e?.stop(); });
//   test('...', async () => {
//     const page = await e.newPage({ mobile: true });     // 360×740, zh-CN
//     await page.goto(e.url + '/#/submit');
//     ...
//     await e.screenshot(page, 'h5-submit');               // → $HUIYIN_SCREENSHOT_DIR
//     e.assertClean(page);                                  // no CSP violation, no page error
//   });
//
// e.ctx is the context of tests/api/lib/appeals.mjs (url, orgs, as(user) for an API
// session of a demo user), so the staff side can be driven through the API.
//
// Only 127.0.0.1 is reached: the server listens there, Chromium resolves no host name at
// all (--host-resolver-rules), and every request to anything else fails the test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { appealServer, BASE_TIME, QUIET_CONF } from '../../api/lib/appeals.mjs';
import { IS_SAN } from '../../api/lib/server.mjs';

export { BASE_TIME };
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const WEB_ROOT = path.join(REPO, 'web/dist');
// Screenshots go to tests/out/screenshots unless HUIYIN_SCREENSHOT_DIR says otherwise
// (HUIYIN_SCREENSHOT_DIR=docs/screenshots make e2e refreshes the README's pictures).
export const SCREENSHOT_DIR = path.resolve(REPO, process.env.HUIYIN_SCREENSHOT_DIR || 'tests/out/screenshots');

// Bounds: a test with a browser does more than an API test; the sanitizer build is slower.
const SLOW = IS_SAN ? 3 : 1;
export const E2E_TEST_TIMEOUT_MS = 120000 * SLOW;
export const E2E_HOOK_TIMEOUT_MS = 60000 * SLOW;
export const STEP_TIMEOUT_MS = 15000 * SLOW;

export const MOBILE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // No host name resolves: only 127.0.0.1 can be reached.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

// Chromium with a fresh profile: playwright-core makes a new temporary user-data dir for
// each launch (it refuses --user-data-dir in args) and removes it on close; its temporary
// files go under a directory of ours, removed in stop() whatever happens.
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh does)`);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: E2E_HOOK_TIMEOUT_MS,
    chromiumSandbox: false,
    env: { ...process.env, TMPDIR: tmpDir },
    downloadsPath: tmpDir,
  });
  return { browser, userDataDir: tmpDir };
}

// The server's configuration for browser tests: the quiet worker of the API suites, the
// built front end of this work tree, uploads and submissions not rate-limited.
export function e2eConf(extra = '') {
  return `${QUIET_CONF}uploads_per_hour = 100000\n[web]\nroot = ${WEB_ROOT}\n${extra}`;
}

export async function startE2E({ now = BASE_TIME, conf } = {}) {
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html')))
    throw new Error(`${WEB_ROOT}/index.html is missing: build the front end first (make)`);
  const ctx = await appealServer({ now, conf: conf ?? e2eConf() });
  let launched;
  try {
    launched = await launchBrowser();
  } catch (err) {
    await ctx.stop({ allowFailure: true });
    throw err;
  }
  const { browser, userDataDir } = launched;
  const origin = new URL(ctx.url).origin;
  const problems = new WeakMap(); // page → [text]
  const contexts = new Set();

  const e = {
    ctx,
    url: ctx.url,
    browser,

    // A page in a fresh browser context (own cookies and localStorage). mobile: the H5's
    // 360×740 viewport with touch; else 1280×800. locale for navigator.language;
    // timezoneId defaults to one far from Shanghai, so times must be shown in Asia/Shanghai
    // whatever the device's zone is.
    async newPage({ mobile = true, viewport, locale = 'zh-CN', timezoneId = 'America/New_York', geolocation = null, permissions = [] } = {}) {
      const context = await browser.newContext({
        viewport: viewport ?? (mobile ? MOBILE : DESKTOP),
        deviceScaleFactor: 1,
        isMobile: mobile,
        hasTouch: mobile,
        locale,
        timezoneId,
        geolocation: geolocation ?? undefined,
        permissions: geolocation ? ['geolocation', ...permissions] : permissions,
        serviceWorkers: 'block',
      });
      contexts.add(context);
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
      const page = await context.newPage();
      const list = [];
      problems.set(page, list);
      page.on('console', (msg) => {
        const text = msg.text();
        if (/Content[- ]Security[- ]Policy|Refused to (load|apply|execute|connect|evaluate)/i.test(text)) list.push(`CSP: ${text}`);
        else if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of (4\d\d)/.test(text))
          list.push(`console error: ${text}`);
      });
      page.on('pageerror', (err) => list.push(`page error: ${err.message}`));
      page.on('request', (req) => {
        const u = req.url();
        if (/^(data|blob):/.test(u)) return;
        if (!u.startsWith(origin + '/')) list.push(`request outside the test server: ${u}`);
      });
      return page;
    },

    // What went wrong in a page so far (CSP violations, uncaught errors, console errors
    // other than 4xx answers, requests to anywhere but the server).
    problems(page) {
      return [...(problems.get(page) ?? [])];
    },
    assertClean(page, { allow = [] } = {}) {
      const left = e.problems(page).filter((p) => !allow.some((re) => re.test(p)));
      assert.deepEqual(left, [], `the page reported problems:\n${left.join('\n')}`);
    },

    // A PNG of the page as NAME.png: the whole page with fullPage, else the viewport
    // scrolled to the top (top: false keeps the scroll position). Waits for the fonts and
    // for toasts to go.
    async screenshot(page, name, { fullPage = false, top = true } = {}) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.evaluate(async () => {
        await document.fonts?.ready;
        document.activeElement?.blur?.();
      });
      if (fullPage || top) await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('.van-toast').first().waitFor({ state: 'hidden' }).catch(() => {});
      await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
      return file;
    },

    async stop() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
      await ctx.stop();
    },
  };
  return e;
}

// ---- small helpers for pages ----------------------------------------------------------

// A tiny valid PNG (w×h, one colour with a gradient), made here: no file in the repo.
export function makePng(w = 64, h = 48) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = 200;
      raw[o + 1] = Math.round((x / w) * 255);
      raw[o + 2] = Math.round((y / h) * 255);
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let crcTable = null;
function crc32(buf) {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = -1;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return c ^ -1;
}

// Waits until fn() (sync or async) returns a truthy value; returns it.
export async function waitFor(fn, { timeout = STEP_TIMEOUT_MS, interval = 50, what = 'condition' } = {}) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}: ${last?.message ?? last}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
