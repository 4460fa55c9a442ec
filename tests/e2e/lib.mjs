// Shared helpers for the browser end-to-end tests (node --test + playwright-core + Debian chromium).
//
// Environment (scripts/e2e sets the first three):
//   KEYACCOUNTS_URL     the served page, e.g. http://127.0.0.1:8123/ (tests of the served page skip without it)
//   KEYACCOUNTS_ROOT    the repository root (default: two levels above this file)
//   KEYACCOUNTS_CLI     the built CLI (default: ROOT/target/release/keyaccounts)
//   KEYACCOUNTS_SINGLE  the single file (default: ROOT/dist/keyaccounts.html)
//   KEYACCOUNTS_CORPUS  the real-world corpus (default: ROOT/../shared/corpus)
//   CHROMIUM            the browser (default: /usr/bin/chromium)
//   CI=true             anything missing (server, corpus, single file, demo) fails instead of skipping
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(process.env.KEYACCOUNTS_ROOT || path.join(here, '..', '..'));
export const CLI = process.env.KEYACCOUNTS_CLI || path.join(ROOT, 'target', 'release', 'keyaccounts');
export const SINGLE = process.env.KEYACCOUNTS_SINGLE || path.join(ROOT, 'dist', 'keyaccounts.html');
export const CORPUS = path.resolve(process.env.KEYACCOUNTS_CORPUS || path.join(ROOT, '..', 'shared', 'corpus'));
export const BASE_URL = process.env.KEYACCOUNTS_URL || '';
export const DEMO = { ru: path.join(ROOT, 'www', 'demo', 'demo-ru.xlsx'), en: path.join(ROOT, 'www', 'demo', 'demo-en.xlsx') };
export const SCREENSHOTS = path.join(ROOT, 'target', 'screenshots');
export const CI = process.env.CI === 'true';
export const MONEY_TOLERANCE = 0.005;

/** Skips the test with `why`, or fails it under CI=true. Returns true when the caller must return. */
export function missing(t, why) {
  if (CI) throw new Error(`CI=true and ${why}`);
  t.skip(why);
  console.log(`# SKIPPED: ${why}`);
  return true;
}

export function needServer(t) {
  return BASE_URL ? false : missing(t, 'KEYACCOUNTS_URL is not set (run the tests through scripts/e2e, which starts the server)');
}

export function needFile(t, file, what) {
  return existsSync(file) ? false : missing(t, `${what} not found: ${file}`);
}

export function needCorpus(t) {
  return existsSync(CORPUS) ? false : missing(t, `the corpus is missing (${CORPUS}; set KEYACCOUNTS_CORPUS)`);
}

export function corpusFiles() {
  if (!existsSync(CORPUS)) return [];
  return readdirSync(CORPUS)
    .filter((f) => !f.endsWith('.json') && !f.endsWith('.md'))
    .sort()
    .map((f) => path.join(CORPUS, f));
}

// ---------- the CLI: the reference every page number is compared with ----------

const cliCache = new Map();
/** Runs `keyaccounts analyze FILE ARGS…`; resolves to {ok:true, report} or {ok:false, error:{code,…}}. */
export function cli(file, args = []) {
  const key = JSON.stringify([file, args]);
  if (!cliCache.has(key)) {
    if (!existsSync(CLI)) {
      throw new Error(`the CLI is not built: ${CLI} (cargo build --release --bin keyaccounts, or set KEYACCOUNTS_CLI)`);
    }
    cliCache.set(
      key,
      new Promise((resolve, reject) => {
        execFile(CLI, ['analyze', file, ...args], { maxBuffer: 256 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
          if (err && err.code !== 2) return reject(new Error(`CLI failed on ${file} ${args.join(' ')}: ${err.message}\n${stderr}`));
          let json;
          try {
            json = JSON.parse(stdout);
          } catch (e) {
            return reject(new Error(`CLI output on ${file} is not JSON: ${e.message}\n${stdout.slice(0, 500)}`));
          }
          resolve(json.error ? { ok: false, error: json.error } : { ok: true, report: json });
        });
      }),
    );
  }
  return cliCache.get(key);
}

// ---------- the browser ----------

export async function launch() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no browser at ${executablePath} (apt-get install chromium, or set CHROMIUM)`);
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh context + page that records every request, console message, page error and dialog.
 * `opts` go to browser.newContext (locale, viewport, colorScheme, …).
 */
export async function openPage(browser, opts = {}) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 768 }, ...opts });
  const page = await context.newPage();
  const log = { requests: [], failed: new Map(), console: [], pageErrors: [], dialogs: [] };
  context.on('request', (r) => log.requests.push(r.url()));
  context.on('requestfailed', (r) => log.failed.set(r.url(), (r.failure() && r.failure().errorText) || 'failed'));
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.pageErrors.push(String(e && e.stack ? e.stack : e)));
  page.on('dialog', (d) => {
    log.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.setDefaultTimeout(30_000);
  return { context, page, log };
}

/** Text to append to an assertion message: what the page said. */
export function diag(log) {
  const tail = (a) => a.slice(-15).join('\n    ');
  return `\n  console:\n    ${tail(log.console)}\n  page errors:\n    ${tail(log.pageErrors)}`;
}

/** Opens the served page and waits until the engine is ready enough to take a file. */
export async function gotoServed(page) {
  const response = await page.goto(BASE_URL, { waitUntil: 'load' });
  if (!response || !response.ok()) throw new Error(`GET ${BASE_URL} → ${response && response.status()}`);
  await page.waitForSelector('#file', { state: 'attached' });
  return response;
}

/**
 * Runs `action` (an upload, a click, a select…) and waits until the page has finished: something under #report or
 * #error changed, the page is not busy (#cancel not visible), and nothing has changed for 300 ms. Resolves to
 * 'report' or 'error:<code>'.
 */
export async function runAndWait(page, action, { timeout = 120_000, log, unfold = true } = {}) {
  await page.evaluate(() => {
    if (window.__e2e && window.__e2e.mo) window.__e2e.mo.disconnect();
    const state = { changed: false, last: performance.now(), mo: null };
    const mo = new MutationObserver(() => {
      state.changed = true;
      state.last = performance.now();
    });
    for (const id of ['report', 'error']) {
      const el = document.getElementById(id);
      if (el) mo.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
    }
    state.mo = mo;
    window.__e2e = state;
  });
  await action();
  let outcome;
  try {
    const handle = await page.waitForFunction(
      () => {
        const s = window.__e2e;
        const visible = (el) => !!el && !el.hidden && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
        if (!s || !s.changed || performance.now() - s.last < 300) return false;
        if (visible(document.getElementById('cancel'))) return false;
        const err = document.getElementById('error');
        if (visible(err) && err.dataset.code) return 'error:' + err.dataset.code;
        const rep = document.getElementById('report');
        if (visible(rep) && rep.querySelector('[data-card="total"][data-value]')) return 'report';
        return false;
      },
      null,
      { timeout, polling: 100 },
    );
    outcome = await handle.jsonValue();
  } catch (e) {
    const state = await page
      .evaluate(() => ({
        status: document.getElementById('status')?.textContent,
        error: document.getElementById('error')?.outerHTML?.slice(0, 400),
        reportHidden: document.getElementById('report')?.hidden,
      }))
      .catch(() => ({}));
    throw new Error(`the page did not finish within ${timeout} ms: ${e.message.split('\n')[0]}\n  page state: ${JSON.stringify(state)}${log ? diag(log) : ''}`);
  }
  if (unfold) await unfoldAll(page);
  return outcome;
}

/**
 * Opens every folded section and finding group (issue 13: below the first screen each section shows
 * one line until opened; information findings of one kind are one line), as a user who opens them, so that tests can use what is inside. A DOM click,
 * not a pointer one: it does not move the keyboard focus the test may be checking. The page keeps
 * them open across re-runs. Tests of the folded report itself pass `unfold: false` to runAndWait.
 */
export async function unfoldAll(page) {
  await page.evaluate(() => {
    for (const b of document.querySelectorAll('[data-fold][data-open="false"] > h2 > .fold-toggle')) b.click();
    for (const s of document.querySelectorAll('details.finding-group-details:not([open]) > summary')) s.click();
  });
}

/** Uploads `file` through the real #file input and waits for the outcome. */
export function upload(page, file, opts) {
  return runAndWait(page, () => page.setInputFiles('#file', file), opts);
}

/** What the page shows, read from the contract's data attributes only. */
export async function readReport(page, topN = 5) {
  return page.evaluate((n) => {
    const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v));
    const cards = {};
    for (const el of document.querySelectorAll('#report [data-card]')) cards[el.dataset.card] = num(el.dataset.value);
    const rows = [...document.querySelectorAll('#clients tbody tr')];
    return {
      cards,
      clientRows: rows.length,
      clients: rows.slice(0, n).map((tr) => ({
        rank: num(tr.dataset.rank),
        name: tr.dataset.name,
        amount: num(tr.dataset.amount),
        share: num(tr.dataset.share),
        abc: tr.dataset.abc ?? null,
      })),
      findings: [...document.querySelectorAll('#findings li.finding')].map((li) => ({
        code: li.dataset.code,
        severity: li.dataset.severity,
        client: li.dataset.client || null,
      })),
    };
  }, topN);
}

const close = (a, b, tol) => typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= tol;

/** Compares what the page shows with the CLI's report; returns a list of differences (empty = same). */
export function compareWithCli(shown, report, topN = 5) {
  const diffs = [];
  if (!close(shown.cards.total, report.total, MONEY_TOLERANCE)) diffs.push(`total: page ${shown.cards.total}, CLI ${report.total}`);
  if (shown.cards.clients !== undefined && shown.cards.clients !== report.clients.length) {
    diffs.push(`clients card: page ${shown.cards.clients}, CLI ${report.clients.length}`);
  }
  const conc = report.concentration;
  if (conc) {
    if (!close(shown.cards.top_share, conc.top1_share, 1e-9)) diffs.push(`top_share card: page ${shown.cards.top_share}, CLI ${conc.top1_share}`);
    if (!close(shown.cards.hhi, conc.hhi, 1e-6)) diffs.push(`hhi card: page ${shown.cards.hhi}, CLI ${conc.hhi}`);
  }
  const keyCompany = report.key_accounts.filter((k) => k.scope === 'company').length;
  if (shown.cards.key_accounts !== undefined && shown.cards.key_accounts !== keyCompany) {
    diffs.push(`key_accounts card: page ${shown.cards.key_accounts}, CLI ${keyCompany}`);
  }
  const want = report.clients.slice(0, topN);
  if (shown.clients.length < want.length) diffs.push(`client rows: page shows ${shown.clients.length}, CLI top ${want.length}`);
  want.forEach((c, i) => {
    const s = shown.clients[i];
    if (!s) return;
    if (s.name !== c.name) diffs.push(`client #${i + 1} name: page ${JSON.stringify(s.name)}, CLI ${JSON.stringify(c.name)}`);
    if (!close(s.amount, c.amount, MONEY_TOLERANCE)) diffs.push(`client #${i + 1} (${c.name}) amount: page ${s.amount}, CLI ${c.amount}`);
    if (!close(s.share, c.share, 1e-9)) diffs.push(`client #${i + 1} (${c.name}) share: page ${s.share}, CLI ${c.share}`);
    if (s.rank !== null && s.rank !== c.rank) diffs.push(`client #${i + 1} rank: page ${s.rank}, CLI ${c.rank}`);
  });
  const fmt = (f) => `${f.code}${f.client ? `(${f.client})` : ''}`;
  const pageFindings = shown.findings.map(fmt).join(', ');
  const cliFindings = report.findings.map((f) => fmt({ code: f.code, client: f.client || null })).join(', ');
  if (pageFindings !== cliFindings) diffs.push(`findings:\n      page [${pageFindings}]\n      CLI  [${cliFindings}]`);
  return diffs;
}

// ---------- a second origin: the trap for the privacy positive control, and the iframe harness ----------

/**
 * Starts an HTTP server on 127.0.0.1 (another origin than the page's). Every request is counted in `hits`.
 * `routes` maps a path to {type, body}; anything else gets 200 "trap" with permissive CORS, so that a request the
 * CSP did not block would visibly succeed.
 */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function startServer(routes = {}) {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url);
    const route = routes[req.url.split('?')[0]];
    if (route) {
      res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' });
      res.end(route.body);
      return;
    }
    if (req.url.split('?')[0].endsWith('.png')) {
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
      res.end(PIXEL_PNG);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end('trap');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, hits, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * In the page: attempts a fetch and an <img> to `trapOrigin` and reports what happened: the fetch outcome, whether the
 * image loaded, and the securitypolicyviolation events seen.
 */
export function attemptCrossOrigin(page, trapOrigin) {
  return page.evaluate(async (origin) => {
    const violations = [];
    const onViolation = (e) => violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI });
    document.addEventListener('securitypolicyviolation', onViolation);
    const fetched = await fetch(`${origin}/fetch-from-page`).then(
      (r) => r.text().then((t) => `ok:${t}`),
      (e) => `blocked:${e.name}`,
    );
    const img = await new Promise((resolve) => {
      const el = new Image();
      el.onload = () => resolve('loaded');
      el.onerror = () => resolve('error');
      el.src = `${origin}/img-from-page.png`;
      setTimeout(() => resolve('timeout'), 5000);
    });
    await new Promise((r) => setTimeout(r, 200)); // violation events are dispatched asynchronously
    document.removeEventListener('securitypolicyviolation', onViolation);
    return { fetched, img, violations };
  }, trapOrigin);
}

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function readText(file) {
  return readFileSync(file, 'utf8');
}

// ---------- memory: the renderer processes of the browser this Node process launched (Linux /proc) ----------

function ppidOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** The pids of the renderer processes below this Node process (the browser it launched). */
function rendererPids() {
  const parent = new Map();
  for (const d of readdirSync('/proc')) if (/^\d+$/.test(d)) parent.set(Number(d), ppidOf(d));
  const below = (pid) => {
    for (let p = parent.get(pid), n = 0; p && n < 20; p = parent.get(p), n++) if (p === process.pid) return true;
    return false;
  };
  const pids = [];
  for (const pid of parent.keys()) {
    if (!below(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) pids.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function rssBytes(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return null;
  }
}

/** Samples the renderers' RSS until stop(); stop() → {peak, start} of the renderer that grew most. */
export function sampleRenderers() {
  const seen = new Map(); // pid → {start, peak}
  const pids = rendererPids();
  const sample = () => {
    for (const pid of pids) {
      const rss = rssBytes(pid);
      if (rss === null) continue;
      const s = seen.get(pid);
      if (!s) seen.set(pid, { start: rss, peak: rss });
      else if (rss > s.peak) s.peak = rss;
    }
  };
  sample();
  const timer = setInterval(sample, 25);
  return () => {
    clearInterval(timer);
    sample();
    let best = null;
    for (const s of seen.values()) if (!best || s.peak - s.start > best.peak - best.start) best = s;
    return best;
  };
}
