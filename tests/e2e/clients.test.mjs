// The clients table shows a page of rows (issue 9: with thousands of clients, building every row made each re-run
// of the rules take half a second): the first 100 of the sorted, searched list; "show more" / "show all" add the
// rest; sorting and search work on every client, not only those shown; printing shows every client.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, cli, compareWithCli, diag, gotoServed, launch, needServer, openPage, readReport, runAndWait, upload } from './lib.mjs';

let browser;
before(async () => {
  if (BASE_URL) browser = await launch();
});
after(async () => browser && (await browser.close()));

const N = 250;

describe('clients table with many clients', { timeout: 300_000 }, () => {
  test('first page of 100, show more / all, search and sort over every client, print shows all', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    // Amounts grow with the number, so rank 1 is the last name: sorting by name must reach beyond the first page.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keyaccounts-e2e-'));
    const file = path.join(dir, 'many-clients.csv');
    const lines = ['Клиент;Сумма'];
    for (let i = 1; i <= N; i++) lines.push(`Клиент ${String(i).padStart(3, '0')};${1000 + i * 10}`);
    writeFileSync(file, lines.join('\n') + '\n');
    const expected = await cli(file);
    assert.ok(expected.ok && expected.report.clients.length === N, `the CLI reads ${N} clients`);

    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    try {
      await gotoServed(page);
      assert.equal(await upload(page, file, { log }), 'report', `upload${diag(log)}`);
      const rowCount = () => page.$$eval('#clients tbody tr', (rows) => rows.length);
      assert.equal(await rowCount(), 100, 'the first page');
      assert.deepEqual(compareWithCli(await readReport(page, 100), expected.report, 100), [], 'the first page = the CLI\'s top 100');
      assert.match(await page.textContent('#clients-more'), /100/);
      assert.match(await page.textContent('#clients-all'), new RegExp(String(N)));

      // Printing: every client, then the page again.
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      assert.equal(await rowCount(), N, 'beforeprint shows every client');
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      assert.equal(await rowCount(), 100, 'afterprint shows the page again');

      // Search reaches a client beyond the first page.
      await page.fill('#client-search', 'Клиент 007');
      assert.deepEqual(await page.$$eval('#clients tbody tr', (rows) => rows.map((tr) => tr.dataset.name)), ['Клиент 007']);
      await page.fill('#client-search', '');
      assert.equal(await rowCount(), 100);

      // Sorting by name sorts every client: the first is the smallest one.
      await page.click('#clients thead button[data-sort=name]');
      assert.equal(await page.getAttribute('#clients tbody tr:first-child', 'data-name'), 'Клиент 001');
      await page.click('#clients thead button[data-sort=rank]');

      // Show more, then all; the buttons go and keyboard focus stays at the table.
      await page.focus('#clients-more');
      await page.keyboard.press('Enter');
      assert.equal(await rowCount(), 200, 'show more');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'clients-more', 'focus stays on the button');
      await page.keyboard.press('Enter');
      assert.equal(await rowCount(), N, 'show more again: the rest');
      assert.equal(await page.isVisible('#clients-more'), false, 'nothing more to show');
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('table-wrap')), true, 'focus moves to the table');
      assert.deepEqual(compareWithCli(await readReport(page, N), expected.report, N), [], 'all rows = the CLI');

      // A re-run (here a rules change) keeps how many rows the user asked for.
      await page.click('#rules-summary');
      assert.equal(await runAndWait(page, async () => {
        await page.fill('#rule-key', '20');
        await page.press('#rule-key', 'Enter');
      }, { log }), 'report');
      assert.equal(await rowCount(), N, 'the rows shown survive a re-run');
      assert.deepEqual(log.pageErrors, [], `page errors${diag(log)}`);
    } finally {
      await context.close();
    }
  });
});
