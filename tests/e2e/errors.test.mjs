// 4. Errors and untrusted text: a password-protected file shows #error[data-code=password_protected] and the next
//    (good) file still gives a report; a client named <img src=x onerror=alert(1)> is shown as text.
//    Optional: an engine trap in the worker → engine_crashed, and the next file works.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  CORPUS,
  DEMO,
  cli,
  compareWithCli,
  diag,
  gotoServed,
  launch,
  needCorpus,
  needFile,
  needServer,
  openPage,
  readReport,
  runAndWait,
  upload,
} from './lib.mjs';

let browser;
before(async () => {
  if (BASE_URL) browser = await launch();
});
after(async () => browser && (await browser.close()));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keyaccounts-e2e-'));
const XSS = '<img src=x onerror=alert(1)>';

/** A good file to load after a failure: a small corpus file, else the demo workbook. */
async function goodFile() {
  const candidates = [path.join(CORPUS, 'calamine_pivots_grand_total.xlsx'), path.join(CORPUS, 'ru_1c_otgruzka_sector1_2024-10_11.xlsx'), DEMO.ru];
  for (const f of candidates) {
    const r = await cli(f).catch(() => ({ ok: false }));
    if (r.ok) return { file: f, report: r.report };
  }
  throw new Error('no good file to load after the failure (corpus and demo missing?)');
}

async function errorState(page) {
  return page.evaluate(() => {
    const el = document.getElementById('error');
    if (!el) return null;
    return {
      code: el.dataset.code || '',
      role: el.getAttribute('role'),
      text: el.textContent.trim(),
      visible: !el.hidden && el.getClientRects().length > 0,
    };
  });
}

describe('errors and untrusted text', { timeout: 300_000 }, () => {
  for (const locale of ['ru-RU', 'en-US']) {
    test(`password-protected xlsx → #error[data-code=password_protected] (${locale}); the next file works`, { timeout: 120_000 }, async (t) => {
      if (needServer(t) || needCorpus(t)) return;
      const locked = path.join(CORPUS, 'calamine_pass_protected.xlsx');
      if (needFile(t, locked, 'corpus file')) return;
      const expectedError = await cli(locked);
      assert.equal(expectedError.ok ? 'report' : expectedError.error.code, 'password_protected', 'the CLI on the locked file');
      const good = await goodFile();
      const { context, page, log } = await openPage(browser, { locale });
      try {
        await gotoServed(page);
        const outcome = await upload(page, locked, { log });
        assert.equal(outcome, 'error:password_protected', `the locked file gives ${outcome}${diag(log)}`);
        const err = await errorState(page);
        assert.equal(err.role, 'alert', '#error lacks role="alert"');
        assert.ok(err.text.length > 20, `the message is too short to be actionable: ${JSON.stringify(err.text)}`);
        assert.match(err.text, /Excel/, `the password message does not say how to remove it in Excel: ${err.text}`);
        assert.equal(/[А-Яа-яЁё]/.test(err.text), locale === 'ru-RU', `the message is not in ${locale}: ${err.text}`);
        assert.equal(log.pageErrors.length, 0, `uncaught page errors: ${log.pageErrors.join('\n')}`);

        const outcome2 = await upload(page, good.file, { log });
        assert.equal(outcome2, 'report', `the good file after the locked one gives ${outcome2}${diag(log)}`);
        const after = await errorState(page);
        assert.ok(!after || !after.visible || !after.code, `#error still shown after a good file: ${JSON.stringify(after)}`);
        const diffs = compareWithCli(await readReport(page), good.report);
        assert.deepEqual(diffs, [], `the good file ≠ CLI:\n    ${diffs.join('\n    ')}`);
      } finally {
        await context.close();
      }
    });
  }

  test('no client column → #error[data-code=no_client_column] with #pick-client listing the candidates; picking one re-runs like the CLI --client', { timeout: 90_000 }, async (t) => {
    if (needServer(t) || needCorpus(t)) return;
    const file = path.join(CORPUS, 'ru_retail_staff_report_no_client.xlsx');
    if (needFile(t, file, 'corpus file')) return;
    const refused = await cli(file);
    assert.equal(refused.ok ? 'report' : refused.error.code, 'no_client_column', 'the CLI on the staff report');
    const candidates = refused.error.details.candidates.map((c) => c.column);
    const pick = candidates.includes('B') ? 'B' : candidates[0];
    const expected = await cli(file, ['--client', pick]);
    assert.ok(expected.ok, `the CLI with --client ${pick} fails: ${JSON.stringify(expected.error)}`);
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    try {
      await gotoServed(page);
      const outcome = await upload(page, file, { log });
      assert.equal(outcome, 'error:no_client_column', `the staff report gives ${outcome}${diag(log)}`);
      assert.ok(await page.isVisible('#pick-client'), '#pick-client is not visible');
      const options = await page.$$eval('#pick-client option', (os) => os.map((o) => o.value).filter(Boolean));
      assert.deepEqual(options, candidates, '#pick-client options ≠ the CLI\'s candidate columns');
      const outcome2 = await runAndWait(page, () => page.selectOption('#pick-client', pick), { log });
      assert.equal(outcome2, 'report', `picking column ${pick} gives ${outcome2}${diag(log)}`);
      const diffs = compareWithCli(await readReport(page), expected.report);
      assert.deepEqual(diffs, [], `after #pick-client → ${pick}, page ≠ CLI --client ${pick}:\n    ${diffs.join('\n    ')}`);
    } finally {
      await context.close();
    }
  });

  test('a client named <img src=x onerror=alert(1)> is shown as text', { timeout: 90_000 }, async (t) => {
    if (needServer(t)) return;
    const csv = path.join(tmp, 'xss-client.csv');
    writeFileSync(csv, `Клиент;Сумма\n${XSS};100\nООО Ромашка;50\n`);
    const expected = await cli(csv);
    assert.ok(expected.ok, `the CLI fails on the CSV: ${JSON.stringify(expected.error)}`);
    assert.equal(expected.report.clients[0].name, XSS, 'the CLI does not keep the name literally');
    const { context, page, log } = await openPage(browser, { locale: 'en-US' });
    try {
      await gotoServed(page);
      const outcome = await upload(page, csv, { log });
      assert.equal(outcome, 'report', `the CSV gives ${outcome}${diag(log)}`);
      await page.waitForTimeout(500); // give an injected onerror the time to fire
      const seen = await page.evaluate((name) => {
        const rows = [...document.querySelectorAll('#clients tbody tr')];
        const row = rows.find((tr) => tr.dataset.name === name);
        return {
          names: rows.map((tr) => tr.dataset.name),
          rowText: row ? row.textContent : null,
          imgsInReport: document.querySelectorAll('#report img').length,
          imgsAnywhere: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')),
          findingText: [...document.querySelectorAll('#findings li.finding')].map((li) => li.textContent).join(' | '),
          findingClients: [...document.querySelectorAll('#findings li.finding[data-client]')].map((li) => li.dataset.client),
        };
      }, XSS);
      assert.ok(seen.rowText !== null, `no #clients row with data-name equal to the literal name; rows: ${JSON.stringify(seen.names)}`);
      assert.ok(seen.rowText.includes(XSS), `the row does not show the name as text: ${JSON.stringify(seen.rowText)}`);
      assert.equal(seen.imgsInReport, 0, 'an <img> element appeared inside #report');
      assert.ok(!seen.imgsAnywhere.includes('x'), 'an <img src=x> appeared in the document');
      assert.deepEqual(log.dialogs, [], 'a dialog fired');
      assert.ok(seen.findingClients.includes(XSS), `no finding names the client literally (data-client): ${JSON.stringify(seen.findingClients)}`);
      assert.ok(seen.findingText.includes(XSS), 'the finding does not show the name as text');
      const diffs = compareWithCli(await readReport(page), expected.report);
      assert.deepEqual(diffs, [], `the CSV ≠ CLI:\n    ${diffs.join('\n    ')}`);
    } finally {
      await context.close();
    }
  });

  test('engine trap in the worker → engine_crashed; the next file works (optional)', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    // The trap is injected: pkg/keyaccounts.js is served with a wrapper whose Session constructor throws
    // WebAssembly.RuntimeError (what a real `unreachable` or out-of-memory trap throws) for files that start with
    // "E2E-TRAP". The page must turn it into engine_crashed and still work for the next file.
    const good = await goodFile();
    const { context, page, log } = await openPage(browser, { locale: 'en-US' });
    let routed = 0;
    try {
      await context.route(/\/pkg\/keyaccounts\.js(\?.*)?$/, async (route) => {
        routed++;
        const response = await route.fetch();
        const body =
          (await response.text()) +
          `\n;(function () {\n  var Real = wasm_bindgen.Session;\n  wasm_bindgen.Session = function (files) {\n` +
          `    var bytes = new Uint8Array(files[0].bytes);\n` +
          `    var head = String.fromCharCode.apply(null, Array.prototype.slice.call(bytes, 0, 8));\n` +
          `    if (head === 'E2E-TRAP') throw new WebAssembly.RuntimeError('unreachable (injected by the e2e test)');\n` +
          `    return new Real(files);\n  };\n})();\n`;
        await route.fulfill({ response, body });
      });
      await gotoServed(page);
      const trapFile = path.join(tmp, 'trap.csv');
      writeFileSync(trapFile, 'E2E-TRAP;1\nКлиент;Сумма\nА;1\n');
      const outcome = await upload(page, trapFile, { log });
      if (routed === 0) return t.skip('the worker\'s importScripts request could not be intercepted (no route hit); not testable this way');
      assert.equal(outcome, 'error:engine_crashed', `the trapping engine gives ${outcome}${diag(log)}`);
      const outcome2 = await upload(page, good.file, { log });
      assert.equal(outcome2, 'report', `the next file after a trap gives ${outcome2}${diag(log)}`);
      const diffs = compareWithCli(await readReport(page), good.report);
      assert.deepEqual(diffs, [], `the file after the trap ≠ CLI:\n    ${diffs.join('\n    ')}`);
    } finally {
      await context.close();
    }
  });
});
