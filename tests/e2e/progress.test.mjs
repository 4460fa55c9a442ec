// Progress and cancel (issue 14, point 5), on a generated 100,000-row workbook (examples/make_bench.rs, written by
// scripts/e2e into the fixtures folder):
// 1. While the file is read the page shows rows read and rows per second, and the bar fills from the sheet's
//    declared size; the main thread has no task longer than 50 ms from the open request (the file's bytes in hand)
//    to the report's arrival (Long Tasks API; rendering the report afterwards is not "analysing"); the report = the CLI.
// 2. Cancel during the reading ends it at once (the worker is terminated): no report, "cancelled", and the next
//    file (the demo) opens.
// 3. The warm-up: while the page waits for a file it runs the engine on its own demo (several readings) in a throwaway
//    worker (Engine.warmUp; what it buys is measured by scripts/bench, not here): it finishes, asks nothing of
//    any other origin, and the user's file then gets its own Session (one read) and the CLI's report; a file
//    chosen while the warm-up runs stops it and opens as usual.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, DEMO, cli, compareWithCli, diag, launch, needFile, needServer, openPage, readReport, runAndWait } from './lib.mjs';

const FIXTURES = process.env.KEYACCOUNTS_FIXTURES || '';
const BIG = path.join(FIXTURES, 'big-100k.xlsx');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser && (await browser.close()));

/** Records what the progress row shows: every status text and bar value while the page is busy, and long tasks. */
async function watch(page) {
  await page.evaluate(() => {
    const seen = (window.__progress = { states: [], longTasks: [] });
    const bar = document.getElementById('progress');
    const status = document.getElementById('status');
    const take = () =>
      seen.states.push({
        t: performance.now(),
        rows: Number(bar.dataset.rows || 0),
        value: bar.hasAttribute('value') ? bar.value : null,
        status: status.textContent,
        visible: !document.getElementById('progress-row').hidden,
      });
    new MutationObserver(take).observe(bar, { attributes: true });
    new MutationObserver(take).observe(status, { childList: true, characterData: true, subtree: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) seen.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
  });
}

describe('progress and cancel', { timeout: 600_000 }, () => {
  test('a 100,000-row file: rows read, rows per second, a filling bar, no long task on the main thread, = CLI', { timeout: 240_000 }, async (t) => {
    if (needServer(t) || needFile(t, BIG, 'the 100,000-row workbook (scripts/e2e writes it)')) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    try {
      await page.goto(BASE_URL + '?lang=ru', { waitUntil: 'load' });
      await page.waitForSelector('#file', { state: 'attached' });
      await watch(page);
      assert.equal(await runAndWait(page, () => page.setInputFiles('#file', BIG), { log, timeout: 180_000, unfold: false }), 'report', diag(log));
      const seen = await page.evaluate(() => window.__progress);
      // The page's own marks: the open request (the file's bytes in hand) and the start of rendering the report.
      const [opened, rendering] = await page.evaluate(() =>
        ['keyaccounts:open', 'keyaccounts:open-render'].map((n) => {
          const m = performance.getEntriesByName(n);
          return m.length ? m[m.length - 1].startTime : null;
        }),
      );
      assert.ok(opened !== null && rendering !== null, 'the page recorded the open and the start of rendering');
      const rows = [...new Set(seen.states.map((s) => s.rows).filter((r) => r > 0))];
      assert.ok(rows.length >= 5, `rows read reported several times: ${rows.join(', ')}`);
      assert.deepEqual(rows, [...rows].sort((a, b) => a - b), 'rows only grow');
      assert.ok(rows[rows.length - 1] >= 100_000, `all rows read: ${rows[rows.length - 1]}`);
      assert.ok(seen.states.some((s) => /прочитано строк — [\d\s\u00a0]+, [\d\s\u00a0]+ в секунду/.test(s.status)), `rows per second shown: ${seen.states.map((s) => s.status).filter(Boolean).slice(0, 5).join(' | ')}`);
      const values = seen.states.map((s) => s.value).filter((v) => typeof v === 'number');
      assert.ok(values.some((v) => v > 0 && v < 100), `the bar between 0 and 100 while reading: ${values.slice(0, 10)}`);
      assert.ok(values.includes(100), 'the bar full when the file is read');
      // Tasks that end before the report is rendered (the task that renders it also takes the message in).
      const during = seen.longTasks.filter((lt) => lt.start + lt.duration > opened && lt.start + lt.duration <= rendering);
      assert.deepEqual(during.filter((lt) => lt.duration > 50).map((lt) => `${Math.round(lt.duration)} ms at +${Math.round(lt.start - opened)} ms of ${Math.round(rendering - opened)}`), [], `no main-thread task over 50 ms while the file is analysed (${during.length} long tasks)`);
      t.diagnostic(`progress reports: ${rows.length}; long tasks while analysing: ${during.map((lt) => Math.round(lt.duration)).join(', ') || 'none'}`);
      assert.deepEqual(compareWithCli(await readReport(page), (await cli(BIG)).report), [], 'the report = the CLI');
      assert.equal(await page.isHidden('#progress-row'), true, 'the progress row is gone');
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('Cancel while reading stops at once; the next file opens', { timeout: 180_000 }, async (t) => {
    if (needServer(t) || needFile(t, BIG, 'the 100,000-row workbook') || needFile(t, DEMO.ru, 'the demo')) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    try {
      await page.goto(BASE_URL + '?lang=ru', { waitUntil: 'load' });
      await page.waitForSelector('#file', { state: 'attached' });
      // Click Cancel in the page the moment the first rows are reported (a round trip from here could come too late:
      // 100,000 rows are read in about a second).
      await page.evaluate(() => {
        const bar = document.getElementById('progress');
        window.__cancel = null;
        new MutationObserver((_, observer) => {
          if (Number(bar.dataset.rows || 0) > 0 && !window.__cancel) {
            observer.disconnect();
            const rows = Number(bar.dataset.rows);
            const t0 = performance.now();
            document.getElementById('cancel').click();
            window.__cancel = { rows, hiddenAfter: document.getElementById('progress-row').hidden ? performance.now() - t0 : null };
          }
        }).observe(bar, { attributes: true });
      });
      await page.setInputFiles('#file', BIG);
      await page.waitForFunction(() => window.__cancel !== null, null, { timeout: 60_000 });
      const cancelled = await page.evaluate(() => window.__cancel);
      assert.ok(cancelled.rows < 100_000, `cancelled while reading (at ${cancelled.rows} rows)`);
      assert.ok(cancelled.hiddenAfter !== null && cancelled.hiddenAfter < 100, `the progress row is gone at once: ${cancelled.hiddenAfter} ms`);
      assert.match(await page.textContent('#status'), /Отменено|отмен/i);
      await page.waitForTimeout(500);
      assert.equal(await page.isHidden('#report'), true, 'no report after cancel');
      assert.equal(await runAndWait(page, () => page.click('#demo'), { log, unfold: false }), 'report', 'the demo opens after cancel');
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the warm-up on the demo while the page waits; the next file is the CLI\'s, read once', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.en, 'the demo')) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    try {
      await page.goto(BASE_URL + '?lang=ru', { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.dataset.engineWarm === 'true', null, { timeout: 60_000 });
      const origin = new URL(BASE_URL).origin;
      assert.ok(log.requests.some((u) => u === origin + '/demo/demo-ru.xlsx'), `the warm-up read the page's own demo: ${log.requests.join(', ')}`);
      assert.deepEqual(log.requests.filter((u) => !u.startsWith(origin) && !/^(blob|data):/.test(u)), [], 'nothing outside the origin');
      assert.equal(await page.isHidden('#report'), true, 'the warm-up shows no report');
      assert.equal(await page.isHidden('#progress-row'), true, 'nor progress');
      assert.equal(await runAndWait(page, () => page.setInputFiles('#file', DEMO.en), { log, unfold: false }), 'report', diag(log));
      assert.deepEqual(compareWithCli(await readReport(page), (await cli(DEMO.en)).report), [], 'the report = the CLI');
      assert.equal(JSON.parse(await page.getAttribute('html', 'data-engine-stats')).reads, 1, 'the user\'s file has a Session of its own');
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a file chosen during the warm-up stops it and opens', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.en, 'the demo')) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    try {
      await page.goto(BASE_URL + '?lang=ru', { waitUntil: 'load' });
      // The demo's bytes fetched: the warm-up worker starts now (or has just finished on a fast machine).
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/demo/demo-ru.xlsx') && e.responseEnd > 0), null, { timeout: 60_000, polling: 10 });
      assert.equal(await runAndWait(page, () => page.setInputFiles('#file', DEMO.en), { log, unfold: false }), 'report', diag(log));
      assert.deepEqual(compareWithCli(await readReport(page), (await cli(DEMO.en)).report), [], 'the report = the CLI');
      t.diagnostic(`warm-up finished before the file: ${(await page.getAttribute('html', 'data-engine-warm')) === 'true'}`);
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
