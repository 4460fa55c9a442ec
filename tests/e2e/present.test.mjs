// Presenting and embedding (issue 13, points 6 and 7), on the demo against the CLI's report of the same file:
// 1. Meeting mode walks through the report with the keyboard — verdict, dependency, key accounts, managers, lost
//    clients, what to do — each slide's numbers from the report; End/Home, Esc closes and gives focus back to the
//    button; axe finds no serious violations; screenshots of every slide (RU/EN, 1366 light/dark, 390).
// 2. The address's page options: ?demo=1 opens the demo without a click, ?compact=1 drops the header and footer,
//    ?meeting=1 starts meeting mode, with the language and the method's settings (= the CLI with those flags).
// 3. The single file in <iframe sandbox="allow-scripts"> with ?demo=1&meeting=1&compact=1&lang=en&key=15: meeting
//    mode over the demo, arrows work, nothing leaves the frame's origin, no errors.
// 4. The JavaScript API: examples/embed/ (served at /examples/embed/) opens the demo through Engine.open and re-runs
//    with another key share through Engine.rerun, = the CLI. The Engine starts the next file's worker ahead (two
//    workers after a report); terminate() ends every worker, and none starts after it, even called mid-run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, DEMO, SCREENSHOTS, SINGLE, cli, diag, ensureDir, launch, needFile, needServer, openPage, readText, runAndWait, startServer } from './lib.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser && (await browser.close()));

const LOCALE = { ru: 'ru-RU', en: 'en-US' };
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const ORDER = ['verdict', 'dependency', 'key-accounts', 'managers', 'lost', 'actions'];

async function demo(lang, opts = {}) {
  const opened = await openPage(browser, { locale: LOCALE[lang], viewport: DESKTOP, ...opts });
  await opened.page.goto(BASE_URL + '?lang=' + lang, { waitUntil: 'load' });
  await opened.page.waitForSelector('#file', { state: 'attached' });
  const outcome = await runAndWait(opened.page, () => opened.page.click('#demo'), { log: opened.log, unfold: false });
  if (outcome !== 'report') {
    await opened.context.close();
    throw new Error(`the demo (${lang}) gives ${outcome}${diag(opened.log)}`);
  }
  return opened;
}

const slideName = (page) => page.getAttribute('#meeting-slide', 'data-name');
const slideText = (page) => page.textContent('#meeting-slide');

describe('meeting mode', { timeout: 600_000 }, () => {
  for (const lang of ['ru', 'en']) {
    test(`walks through the demo with the keyboard (${lang}); Esc gives the focus back; screenshots`, { timeout: 150_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const report = (await cli(DEMO[lang])).report;
      for (const colorScheme of ['light', 'dark']) {
        const { context, page, log } = await demo(lang, { colorScheme });
        try {
          await page.focus('#meeting-open');
          await page.keyboard.press('Enter');
          await page.waitForSelector('#meeting[open]');
          assert.equal(Number(await page.getAttribute('#meeting', 'data-slides')), ORDER.length, 'six slides for the demo');
          const seen = [];
          for (let i = 0; i < ORDER.length; i++) {
            seen.push(await slideName(page));
            assert.equal(await page.getAttribute('#meeting', 'data-slide'), String(i + 1));
            const file = path.join(ensureDir(SCREENSHOTS), `meeting-${lang}-1366-${colorScheme}-${i + 1}-${ORDER[i]}.png`);
            if (colorScheme === 'light' || i === 0) {
              await page.screenshot({ path: file });
              console.log(`# screenshot: ${file}`);
            }
            const text = await slideText(page);
            if (ORDER[i] === 'verdict') assert.ok(text.includes((await page.textContent('#verdict-text')).trim()), 'the verdict slide says the verdict');
            if (ORDER[i] === 'dependency') assert.ok(text.includes(report.clients[0].name), 'the largest client');
            if (ORDER[i] === 'key-accounts') {
              const keys = await page.$$eval('#meeting-slide li[data-client]', (ls) => ls.map((li) => li.dataset.client));
              assert.deepEqual(keys, report.key_accounts.filter((k) => k.scope === 'company').map((k) => k.client), 'the company key accounts');
            }
            if (ORDER[i] === 'managers') for (const m of report.managers) assert.ok(text.includes(m.name), m.name);
            if (ORDER[i] === 'lost') {
              for (const f of report.findings.filter((x) => x.code === 'lost_key_client' || x.code === 'slipping_key_client')) assert.ok(text.includes(f.client), `${f.code}: ${f.client}`);
            }
            if (ORDER[i] === 'actions') assert.equal(await page.locator('#meeting-slide .actions > li').count(), report.actions.length, 'every action');
            if (i === 0 && colorScheme === 'light') {
              await page.evaluate(axeSource);
              const results = await page.evaluate(() => window.axe.run(document.getElementById('meeting'), { resultTypes: ['violations'] }));
              const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
              assert.deepEqual(bad.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')), [], 'axe on meeting mode');
            }
            await page.keyboard.press('ArrowRight');
          }
          assert.deepEqual(seen, ORDER, 'the method’s order');
          assert.equal(await slideName(page), 'actions', 'the last slide stays');
          await page.keyboard.press('Home');
          assert.equal(await slideName(page), 'verdict');
          await page.keyboard.press('End');
          assert.equal(await slideName(page), 'actions');
          await page.keyboard.press('ArrowLeft');
          assert.equal(await slideName(page), 'lost');
          await page.keyboard.press('Escape');
          await page.waitForSelector('#meeting', { state: 'detached' });
          assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'meeting-open', 'focus back on the button');
          assert.deepEqual(log.pageErrors, [], 'no page errors');
        } finally {
          await context.close();
        }
      }
    });
  }

  test('390×844: the slides fit the phone', { timeout: 90_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const { context, page } = await demo('ru', { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      await page.click('#meeting-open');
      await page.waitForSelector('#meeting[open]');
      for (let i = 0; i < ORDER.length; i++) {
        const w = await page.evaluate(() => {
          const d = document.getElementById('meeting');
          return { dialog: d.getBoundingClientRect().right, scroll: d.querySelector('#meeting-slide').scrollWidth, client: d.querySelector('#meeting-slide').clientWidth };
        });
        assert.ok(w.dialog <= PHONE.width + 1 && w.scroll <= w.client + 1, `slide ${i + 1} fits: ${JSON.stringify(w)}`);
        const file = path.join(ensureDir(SCREENSHOTS), `meeting-ru-390-${i + 1}-${ORDER[i]}.png`);
        await page.screenshot({ path: file });
        console.log(`# screenshot: ${file}`);
        await page.click('#meeting-next', { force: i === ORDER.length - 1 });
      }
    } finally {
      await context.close();
    }
  });
});

describe('embedding options in the address', { timeout: 300_000 }, () => {
  test('?demo=1&compact=1&lang=en&key=15: the demo opens by itself, no header or footer, = CLI --key-share 15', { timeout: 90_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.en, 'the demo workbook')) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', viewport: DESKTOP });
    try {
      await page.goto(BASE_URL + '?demo=1&compact=1&lang=en&key=15', { waitUntil: 'load' });
      await page.waitForSelector('#report [data-card="total"][data-value]', { timeout: 60_000 }).catch((e) => {
        throw new Error(`the demo did not open by itself: ${e.message}${diag(log)}`);
      });
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.equal(await page.isVisible('.topbar'), false, 'no header');
      assert.equal(await page.isVisible('.footer'), false, 'no footer');
      assert.equal(await page.isVisible('#privacy'), true, 'the privacy line stays');
      const rules = JSON.parse(await page.getAttribute('#report-rules', 'data-rules'));
      assert.equal(rules.key_share, 0.15);
      const expected = (await cli(DEMO.en, ['--key-share', '15'])).report;
      const shown = await page.$$eval('#report [data-card]', (cs) => Object.fromEntries(cs.map((c) => [c.dataset.card, Number(c.dataset.value)])));
      assert.equal(shown.key_accounts, expected.key_accounts.filter((k) => k.scope === 'company').length, 'key accounts at 15 %');
      assert.ok(Math.abs(shown.total - expected.total) < 0.005, 'the total');
    } finally {
      await context.close();
    }
  });

  test('?demo=1&meeting=1: meeting mode starts over the demo; closing it leaves the report', { timeout: 90_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', viewport: DESKTOP });
    try {
      await page.goto(BASE_URL + '?demo=1&meeting=1&lang=ru', { waitUntil: 'load' });
      await page.waitForSelector('#meeting[open]', { timeout: 60_000 });
      assert.equal(await slideName(page), 'verdict');
      await page.keyboard.press('ArrowRight');
      assert.equal(await slideName(page), 'dependency');
      await page.click('#meeting-close');
      await page.waitForSelector('#meeting', { state: 'detached' });
      assert.ok(await page.isVisible('#verdict'), 'the report is there');
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the single file in <iframe sandbox="allow-scripts"> with ?demo=1&meeting=1&compact=1&lang=en&key=15', { timeout: 180_000 }, async (t) => {
    if (needFile(t, SINGLE, 'the single file (scripts/build-single)')) return;
    const harness = await startServer({
      '/embed.html': {
        type: 'text/html; charset=utf-8',
        body:
          '<!doctype html><html lang="en"><meta charset="utf-8"><title>embed</title>' +
          '<iframe id="ka" sandbox="allow-scripts" src="/keyaccounts.html?demo=1&meeting=1&compact=1&lang=en&key=15" style="width:1200px;height:850px;border:0" title="keyaccounts"></iframe>',
      },
      '/keyaccounts.html': { type: 'text/html; charset=utf-8', body: readText(SINGLE) },
    });
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${harness.origin}/embed.html`, { waitUntil: 'load' });
      const frame = page.frames().find((f) => f.url().includes('/keyaccounts.html'));
      assert.ok(frame, 'the frame');
      await frame.waitForSelector('#meeting[open]', { timeout: 60_000 });
      assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en');
      assert.equal(await frame.isVisible('.topbar'), false, 'compact: no header');
      assert.equal(await frame.getAttribute('#meeting-slide', 'data-name'), 'verdict');
      await frame.focus('#meeting-slide');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.equal(await frame.getAttribute('#meeting-slide', 'data-name'), 'key-accounts');
      const rules = JSON.parse(await frame.getAttribute('#report-rules', 'data-rules'));
      assert.equal(rules.key_share, 0.15, 'the method’s setting from the address');
      const file = path.join(ensureDir(SCREENSHOTS), 'meeting-iframe-en.png');
      await page.screenshot({ path: file });
      console.log(`# screenshot: ${file}`);
      assert.deepEqual(log.pageErrors, [], 'page errors');
      const outside = log.requests.filter((u) => !u.startsWith(harness.origin) && !['data:', 'blob:'].includes(new URL(u).protocol));
      assert.deepEqual(outside, [], 'requests outside the harness');
    } finally {
      await context.close();
      await harness.close();
    }
  });
});

describe('the JavaScript API (examples/embed)', { timeout: 120_000 }, () => {
  test('the example page opens a file through Engine.open and re-runs with Engine.rerun (= the CLI)', { timeout: 90_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.en, 'the demo workbook')) return;
    const { context, page, log } = await openPage(browser, { locale: 'en-US', viewport: DESKTOP });
    try {
      await page.goto(new URL('examples/embed/', BASE_URL).href, { waitUntil: 'load' });
      await page.setInputFiles('#file', DEMO.en);
      await page.waitForFunction(() => document.getElementById('status').textContent === 'Done.', null, { timeout: 60_000 });
      const plain = (await cli(DEMO.en)).report;
      assert.ok(Math.abs(Number(await page.getAttribute('#total', 'data-value')) - plain.total) < 0.005, 'the total = the CLI');
      assert.equal(Number(await page.getAttribute('#keys', 'data-count')), plain.key_accounts.filter((k) => k.scope === 'company').length);
      await page.fill('#key', '15');
      await page.dispatchEvent('#key', 'change');
      const at15 = (await cli(DEMO.en, ['--key-share', '15'])).report;
      const want = String(at15.key_accounts.filter((k) => k.scope === 'company').length);
      await page.waitForFunction((n) => document.getElementById('keys').dataset.count === n, want, { timeout: 30_000 });
      assert.deepEqual(log.pageErrors, [], 'no page errors');
      const outside = log.requests.filter((u) => !u.startsWith(new URL(BASE_URL).origin) && !['data:', 'blob:'].includes(new URL(u).protocol));
      assert.deepEqual(outside, [], 'nothing leaves the origin');
    } finally {
      await context.close();
    }
  });

  test('Engine starts the next file\'s worker ahead, and terminate() ends every worker, even mid-run', { timeout: 90_000 }, async (t) => {
    if (needServer(t)) return;
    const { context, page, log } = await openPage(browser, { locale: 'en-US', viewport: DESKTOP });
    try {
      await page.goto(new URL('examples/embed/', BASE_URL).href, { waitUntil: 'load' });
      const settle = () => page.waitForTimeout(900); // past the spare's 300 ms delay and its start
      await page.evaluate(async () => {
        const { Engine } = await import('/engine.js');
        const bytes = new Uint8Array(await (await fetch('/demo/demo-en.xlsx')).arrayBuffer());
        window.__bytes = bytes;
        window.__engine = new Engine({ base: '/' });
        await window.__engine.open([{ name: 'demo-en.xlsx', bytes: bytes.slice() }], {});
      });
      await settle();
      assert.equal(page.workers().length, 2, 'the file\'s worker and the next file\'s, started ahead');
      const again = await page.evaluate(async () => {
        const report = await window.__engine.open([{ name: 'demo-en.xlsx', bytes: window.__bytes.slice() }], {});
        return report.clients.length;
      });
      assert.ok(again > 0, 'the second file opens in the worker started ahead');
      await settle();
      assert.equal(page.workers().length, 2, 'the first file\'s worker ended, a new one waits');
      await page.evaluate(() => window.__engine.terminate());
      await settle();
      assert.equal(page.workers().length, 0, 'terminate() ends the file\'s worker and the one ahead');
      await page.evaluate(async () => {
        const pending = window.__engine.open([{ name: 'demo-en.xlsx', bytes: window.__bytes.slice() }], {});
        await new Promise((r) => setTimeout(r, 50));
        window.__engine.terminate();
        await pending.catch(() => {});
      });
      await settle();
      assert.equal(page.workers().length, 0, 'terminate() during a run: no worker started after it');
      assert.deepEqual(log.pageErrors, [], 'no page errors');
    } finally {
      await context.close();
    }
  });
});
