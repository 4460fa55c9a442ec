// The hostile-file suite (issue 15, point 5) in the page: every file tests/hostile/mod.rs generates (written by
// scripts/e2e with examples/make_hostile into $KEYACCOUNTS_HOSTILE, with manifest.json) is dropped on one page,
// one after another, as a consultant would try file after file. Each must end in its coded error
// (#error[data-code]) or a report whose total is the expected one, within 10 s of the drop, with the renderer
// (page + engine worker) growing by less than 1 GiB; the page then reads the next file, and after the last one
// the demo workbook still gives its report. Prints each case's time and memory.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, DEMO, MONEY_TOLERANCE, diag, gotoServed, launch, needFile, needServer, openPage, readReport, runAndWait, sampleRenderers } from './lib.mjs';

const DIR = process.env.KEYACCOUNTS_HOSTILE || '';
const MANIFEST = path.join(DIR, 'manifest.json');
const MAX_MS = 10_000;
const MAX_GROWTH = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

let browser;
before(async () => {
  if (BASE_URL) browser = await launch();
});
after(async () => browser && (await browser.close()));

describe('hostile files in the page', { timeout: 900_000 }, () => {
  test('each ends in its coded error or the right total within 10 s and 1 GiB, and the next file works', { timeout: 900_000 }, async (t) => {
    if (needServer(t) || needFile(t, MANIFEST, 'the hostile files (scripts/e2e writes them with examples/make_hostile)')) return;
    const cases = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    assert.ok(cases.length >= 30, `only ${cases.length} hostile files in ${MANIFEST}`);
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    const failures = [];
    const rows = [];
    try {
      await gotoServed(page);
      for (const c of cases) {
        const file = path.join(DIR, c.file);
        assert.ok(existsSync(file), `${file} is missing`);
        const stop = sampleRenderers();
        await page.evaluate(() => (window.__hostileStart = performance.now()));
        let outcome;
        try {
          outcome = await runAndWait(page, () => page.setInputFiles('#file', file), { log, timeout: 60_000, unfold: false });
        } catch (e) {
          outcome = `no outcome (${e.message.split('\n')[0]})`;
        }
        const mem = stop();
        // When the outcome showed: the last change under #report or #error (runAndWait then waits 300 ms of quiet).
        const ms = await page.evaluate(() => (window.__e2e ? window.__e2e.last - window.__hostileStart : NaN));
        const growth = mem ? mem.peak - mem.start : 0;
        let shown = outcome;
        let right;
        if (c.expect.total !== undefined) {
          const total = outcome === 'report' ? (await readReport(page, 0)).cards.total : null;
          shown = outcome === 'report' ? `report, total ${total}` : outcome;
          right = outcome === 'report' && Math.abs(total - c.expect.total) <= MONEY_TOLERANCE;
        } else {
          right = c.expect.error.some((code) => outcome === `error:${code}`);
        }
        rows.push(`${c.file.padEnd(38)} ${(ms / 1000).toFixed(2).padStart(6)} s ${String(Math.round(growth / MiB)).padStart(6)} MiB  ${shown}`);
        if (!right) failures.push(`${c.file} (${c.about}): ${shown}, expected ${JSON.stringify(c.expect)}`);
        if (!(ms <= MAX_MS)) failures.push(`${c.file}: ${ms} ms (limit ${MAX_MS})`);
        if (growth > MAX_GROWTH) failures.push(`${c.file}: the renderer grew by ${Math.round(growth / MiB)} MiB (limit 1024)`);
      }
      // After all of them, a real file still works.
      const demo = await runAndWait(page, () => page.setInputFiles('#file', DEMO.ru), { log, unfold: false });
      if (demo !== 'report') failures.push(`the demo after the hostile files: ${demo}`);
      console.log(`\nhostile files in the page (time to the outcome shown, renderer memory growth):\n${rows.join('\n')}`);
      assert.deepEqual(log.dialogs, [], 'a dialog opened');
      assert.deepEqual(failures, [], `hostile files:\n  ${failures.join('\n  ')}${diag(log)}`);
    } finally {
      await context.close();
    }
  });
});
