// 3. Privacy you can check.
//    Served page: a positive control (the page tries a fetch and an <img> to another origin — a real local server that
//    counts hits — and the CSP blocks both: no hit, securitypolicyviolation events), then a full run (demo, upload,
//    column re-run, language switch) makes zero requests outside the page's origin.
//    Single file over file://: the CSP has connect-src 'none', the same control is blocked, demo + upload work, and no
//    request at all other than file:// (data:/blob: are in-memory).
//    Single file inside <iframe sandbox="allow-scripts">: the demo shows a report.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  CORPUS,
  DEMO,
  SINGLE,
  attemptCrossOrigin,
  cli,
  compareWithCli,
  diag,
  gotoServed,
  launch,
  needFile,
  needServer,
  openPage,
  readReport,
  readText,
  runAndWait,
  startServer,
  upload,
} from './lib.mjs';

let browser;
let trap;
before(async () => {
  browser = await launch();
  trap = await startServer();
});
after(async () => {
  if (browser) await browser.close();
  if (trap) await trap.close();
});

const LOCAL_SCHEMES = new Set(['data:', 'blob:']);

/** A request of the positive control itself: to the trap server, and failed in the browser (never sent). */
function isBlockedControl(log, url) {
  return url.startsWith(`${trap.origin}/`) && log.failed.has(url);
}

function assertBlocked(result, hitsBefore, where, { directives, log }) {
  const attempted = log.requests.filter((u) => u.startsWith(`${trap.origin}/`));
  for (const u of attempted) assert.ok(log.failed.has(u), `${where}: the browser reports ${u} as a request that did not fail`);
  if (attempted.length) console.log(`# ${where}: blocked by the browser: ${attempted.map((u) => `${u} (${log.failed.get(u)})`).join(', ')}`);
  assert.equal(trap.hits.length, hitsBefore, `${where}: the other-origin server was reached: ${trap.hits.slice(hitsBefore).join(', ')}`);
  assert.match(result.fetched, /^blocked:/, `${where}: the cross-origin fetch was not blocked (${result.fetched})`);
  assert.notEqual(result.img, 'loaded', `${where}: the cross-origin <img> loaded`);
  const seen = result.violations.map((v) => v.directive);
  for (const d of directives) {
    assert.ok(seen.includes(d), `${where}: no securitypolicyviolation for ${d} (seen: ${JSON.stringify(result.violations)})`);
  }
}

describe('privacy', { timeout: 400_000 }, () => {
  test('control of the control: without CSP the same attempt reaches the other origin', { timeout: 60_000 }, async (t) => {
    // Proves the positive control can fail: a page without a policy really does reach the trap server.
    const { context, page } = await openPage(browser);
    try {
      const harness = await startServer({ '/plain.html': { type: 'text/html', body: '<!doctype html><title>no csp</title>' } });
      try {
        await page.goto(`${harness.origin}/plain.html`);
        const before = trap.hits.length;
        const result = await attemptCrossOrigin(page, trap.origin);
        assert.equal(result.fetched, 'ok:trap', `without CSP the fetch should succeed: ${result.fetched}`);
        assert.equal(result.img, 'loaded', 'without CSP the <img> should load');
        assert.equal(trap.hits.length - before, 2, `the trap server should see 2 requests, saw ${trap.hits.slice(before)}`);
      } finally {
        await harness.close();
      }
    } finally {
      await context.close();
    }
  });

  test('served page: CSP blocks another origin; a full run makes no request outside the origin', { timeout: 180_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    try {
      const response = await gotoServed(page);
      const origin = new URL(BASE_URL).origin;
      const csp = response.headers()['content-security-policy'] || '';
      const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content || '');
      const policy = `${csp} ; ${meta}`;
      t.diagnostic(`CSP header: ${csp || '(none)'}; meta: ${meta || '(none)'}`);
      assert.match(policy, /default-src 'none'/, 'the served page has no default-src \'none\'');
      assert.match(policy, /connect-src 'self'(;|$|\s)/, 'the served page\'s connect-src is not exactly \'self\'');

      // Positive control, before anything else.
      const hits = trap.hits.length;
      const result = await attemptCrossOrigin(page, trap.origin);
      assertBlocked(result, hits, 'served page', { directives: ['connect-src', 'img-src'], log });
      assert.ok(
        log.console.some((m) => /Refused to connect|Content Security Policy/i.test(m)),
        `no CSP console message for the blocked fetch; console: ${log.console.join(' | ')}`,
      );

      // A full run: the demo, an upload, a column re-run, a language switch.
      const requestsBefore = log.requests.length;
      assert.equal(await runAndWait(page, () => page.click('#demo'), { log }), 'report', `demo${diag(log)}`);
      const file = path.join(CORPUS, 'ru_1c_otgruzka_sector1_2024-10_11.xlsx');
      const uploaded = existsSync(file) ? file : DEMO.ru;
      assert.equal(await upload(page, uploaded, { log }), 'report', `upload of ${uploaded}${diag(log)}`);
      const amountOptions = await page.$$eval('#col-amount option', (os) => os.map((o) => o.value).filter(Boolean));
      const current = await page.inputValue('#col-amount');
      const other = amountOptions.find((v) => v !== current);
      if (other) await runAndWait(page, () => page.selectOption('#col-amount', other), { log });
      await page.selectOption('#lang', 'en');
      await page.waitForTimeout(300);

      // Chromium reports the control's blocked <img> as a request that failed (net::ERR_BLOCKED_BY_CSP) without
      // sending it (the trap server saw nothing); those are the only requests allowed outside the origin.
      const outside = log.requests.filter((u) => {
        const url = new URL(u);
        return !LOCAL_SCHEMES.has(url.protocol) && url.origin !== origin && !isBlockedControl(log, u);
      });
      assert.deepEqual(outside, [], `requests outside ${origin}`);
      const runPaths = [...new Set(log.requests.slice(requestsBefore).map((u) => (u.startsWith(origin) ? u.slice(origin.length) : u.slice(0, 40))))];
      t.diagnostic(`${log.requests.length} requests in total, all to ${origin} except the blocked control; during the run: ${runPaths.join(', ')}`);
      // The recorder must see the worker's own requests too (importScripts of the engine glue), or "zero" means little.
      assert.ok(
        log.requests.some((u) => u.startsWith(origin) && /\/pkg\/keyaccounts\.js(\?|$)/.test(u)),
        'the request recorder did not see /pkg/keyaccounts.js (the worker\'s importScripts): worker requests are not observed',
      );
      assert.equal(trap.hits.length, hits, 'the other-origin server was reached during the run');
    } finally {
      await context.close();
    }
  });

  test('single file over file://: connect-src \'none\', demo + upload work, no request but file://', { timeout: 180_000 }, async (t) => {
    if (needFile(t, SINGLE, 'the single file (scripts/build-single)')) return;
    const html = readText(SINGLE);
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=["']?(https?:)?\/\//i, 'the single file references an external script or stylesheet');
    const { context, page, log } = await openPage(browser, { locale: 'en-US' });
    try {
      await page.goto(pathToFileURL(SINGLE).href, { waitUntil: 'load' });
      const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content || '');
      t.diagnostic(`CSP meta: ${meta}`);
      assert.match(meta, /connect-src 'none'/, 'the single file\'s CSP lacks connect-src \'none\'');
      assert.match(meta, /default-src 'none'/, 'the single file\'s CSP lacks default-src \'none\'');
      assert.ok(await page.evaluate(() => !!window.KEYACCOUNTS_INLINE && !!window.KEYACCOUNTS_INLINE.wasmBase64), 'window.KEYACCOUNTS_INLINE.wasmBase64 missing');

      const hits = trap.hits.length;
      const result = await attemptCrossOrigin(page, trap.origin);
      assertBlocked(result, hits, 'single file', { directives: ['connect-src', 'img-src'], log });

      assert.equal(await runAndWait(page, () => page.click('#demo'), { log }), 'report', `demo in the single file${diag(log)}`);
      if (existsSync(DEMO.en)) {
        const expected = await cli(DEMO.en);
        const diffs = compareWithCli(await readReport(page), expected.report);
        assert.deepEqual(diffs, [], `single-file demo (en) ≠ CLI on demo-en.xlsx:\n    ${diffs.join('\n    ')}`);
      }
      const file = path.join(CORPUS, 'calamine_pivots_grand_total.xlsx');
      const uploaded = (await cli(file).catch(() => ({ ok: false }))).ok ? file : DEMO.ru;
      assert.equal(await upload(page, uploaded, { log }), 'report', `upload in the single file${diag(log)}`);
      const diffs = compareWithCli(await readReport(page), (await cli(uploaded)).report);
      assert.deepEqual(diffs, [], `single-file upload of ${path.basename(uploaded)} ≠ CLI:\n    ${diffs.join('\n    ')}`);

      t.diagnostic(`requests: ${log.requests.map((u) => u.slice(0, 60)).join(', ')}`);
      const notFile = log.requests.filter((u) => !u.startsWith('file:') && !LOCAL_SCHEMES.has(new URL(u).protocol) && !isBlockedControl(log, u));
      assert.deepEqual(notFile, [], 'the single file made requests other than file://');
      assert.equal(trap.hits.length, hits, 'the other-origin server was reached');
    } finally {
      await context.close();
    }
  });

  test('single file inside <iframe sandbox="allow-scripts">: the demo shows a report', { timeout: 120_000 }, async (t) => {
    if (needFile(t, SINGLE, 'the single file (scripts/build-single)')) return;
    const harness = await startServer({
      '/embed.html': {
        type: 'text/html; charset=utf-8',
        body:
          '<!doctype html><html lang="en"><meta charset="utf-8"><title>embed</title>' +
          '<h1>A course page</h1><iframe id="ka" sandbox="allow-scripts" src="/keyaccounts.html" ' +
          'style="width:1200px;height:900px;border:1px solid #888" title="keyaccounts"></iframe>',
      },
      '/keyaccounts.html': { type: 'text/html; charset=utf-8', body: readText(SINGLE) },
    });
    const { context, page, log } = await openPage(browser, { locale: 'en-US', viewport: { width: 1280, height: 1000 } });
    try {
      await page.goto(`${harness.origin}/embed.html`, { waitUntil: 'load' });
      const frame = page.frames().find((f) => f.url().endsWith('/keyaccounts.html'));
      assert.ok(frame, `no keyaccounts frame; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
      await frame.waitForSelector('#demo', { timeout: 20_000 });
      const frameErrors = [];
      page.on('console', (m) => m.type() === 'error' && frameErrors.push(m.text()));
      assert.equal(await runAndWait(frame, () => frame.click('#demo'), { log }), 'report', `demo in the sandboxed iframe${diag(log)}`);
      if (existsSync(DEMO.en)) {
        const diffs = compareWithCli(await readReport(frame), (await cli(DEMO.en)).report);
        assert.deepEqual(diffs, [], `sandboxed iframe demo ≠ CLI on demo-en.xlsx:\n    ${diffs.join('\n    ')}`);
      }
      const outside = log.requests.filter((u) => !u.startsWith(harness.origin) && !LOCAL_SCHEMES.has(new URL(u).protocol));
      assert.deepEqual(outside, [], 'the embedded single file made requests outside the embedding page\'s origin');
      assert.deepEqual(
        harness.hits.filter((u) => u !== '/embed.html' && u !== '/keyaccounts.html' && u !== '/favicon.ico'),
        [],
        'the embedded single file requested other files from the host',
      );
    } finally {
      await context.close();
      await harness.close();
    }
  });
});
