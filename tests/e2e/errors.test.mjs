// 4. Errors and untrusted text: a password-protected file shows #error[data-code=password_protected] and the next
//    (good) file still gives a report; a client named <img src=x onerror=alert(1)> is shown as text; script, SVG,
//    iframe and javascript: names in the client, manager and department columns inject nothing and run nothing,
//    bidi overrides are dropped, a zero-width-only name is a row without a client, a 10,000-character name
//    is cut to 120 characters wherever it shows (whole in its title; in the charts' aria-labels too) and does
//    not widen the page; printed (print media, beforeprint), the names stay text, cut, and nothing is injected.
//    Optional: an engine trap in the worker → engine_crashed, and the next file works. A browser without WebAssembly
//    SIMD (simulated) → engine_unavailable naming the browsers that run the engine; an unfetchable module → a reload.
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

  test('hostile names in every role: nothing runs, nothing is injected, bidi controls dropped, a 10,000-character name cut with its title', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    const long = 'ООО ' + 'Длинное-название-'.repeat(600); // ~10,000 characters
    const names = {
      script: '<script>window.__pwned=1</script>',
      js: 'javascript:window.__pwned=2',
      svg: '<svg onload="window.__pwned=3"><circle r="9"/></svg>',
      iframe: '<iframe src="javascript:window.__pwned=4"></iframe>',
      bidi: '\u202eакшамоР\u202c ООО',
    };
    const rows = [
      ['Клиент', 'Менеджер', 'Отдел', 'Сумма'],
      [names.script, names.svg, names.iframe, '500'],
      [names.js, 'Иванов И.И.', 'Опт', '300'],
      [names.bidi, 'Иванов И.И.', 'Опт', '200'],
      ['\u200b\u200b', 'Петров П.П.', 'Розница', '150'], // zero-width only: no client, said
      [long, 'Петров П.П.', 'Розница', '100'],
      ['ИП Сидоров', 'Петров П.П.', 'Розница', '50'],
    ];
    const csv = path.join(tmp, 'hostile-names.csv');
    writeFileSync(csv, rows.map((r) => r.join(';')).join('\n') + '\n');
    const expected = await cli(csv);
    assert.ok(expected.ok, `the CLI fails on the CSV: ${JSON.stringify(expected.error)}`);
    const cliNames = expected.report.clients.map((c) => c.name);
    assert.ok(cliNames.includes('акшамоР ООО'), `the bidi override is kept: ${JSON.stringify(cliNames.map((n) => n.slice(0, 40)))}`);
    assert.ok(!cliNames.includes(''), 'a zero-width-only name became a client');
    assert.equal(expected.report.source.parts[0].rows_skipped.no_client, 1, 'the zero-width-only row is not said');
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    try {
      await gotoServed(page);
      const census = () =>
        page.evaluate(() => ({
          // The report draws SVG icons and charts of its own: an SVG payload is looked for by its circle.
          tags: Object.fromEntries(['script', 'iframe', 'frame', 'object', 'embed', 'img'].map((tag) => [tag, document.getElementsByTagName(tag).length])),
          handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
          // The names are rightly in aria-label, title and option values; markup of theirs is not.
          payloadSvg: document.querySelectorAll('circle[r="9"]').length,
          jsLinks: document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]').length,
        }));
      const before = await census();
      assert.equal(await upload(page, csv, { log }), 'report', diag(log));
      await page.waitForTimeout(500); // time for anything injected to fire
      const after = await census();
      assert.deepEqual(after, before, 'elements, handlers or javascript: links appeared');
      assert.equal(await page.evaluate(() => window.__pwned), undefined, 'a payload ran');
      assert.deepEqual(log.dialogs, [], 'a dialog fired');
      assert.deepEqual(log.pageErrors, [], 'page errors');
      const seen = await page.evaluate(() => ({
        clients: [...document.querySelectorAll('#clients tbody tr')].map((tr) => ({ name: tr.dataset.name, text: tr.textContent })),
        managers: [...document.querySelectorAll('[data-manager]')].map((e) => e.dataset.manager),
        report: document.getElementById('report').textContent,
        // Every element showing the 10,000-character name: its text is cut, its title whole.
        longShown: [...document.querySelectorAll('#report [title]')].filter((e) => e.title.startsWith('ООО Длинное')).map((e) => ({ tag: e.tagName, text: e.textContent.length, whole: e.title.length })),
        scrollWidth: document.documentElement.scrollWidth,
        width: window.innerWidth,
      }));
      for (const name of [names.script, names.js, 'акшамоР ООО', long]) {
        const row = seen.clients.find((c) => c.name === name);
        assert.ok(row, `no client row named ${JSON.stringify(name.slice(0, 40))}; rows: ${JSON.stringify(seen.clients.map((c) => c.name.slice(0, 40)))}`);
        assert.ok(row.text.includes(name.slice(0, 30)), `the row does not show ${JSON.stringify(name.slice(0, 40))} as text`);
      }
      assert.ok(seen.managers.includes(names.svg), `the manager named with an SVG payload is not shown literally: ${JSON.stringify(seen.managers)}`);
      assert.ok(seen.report.includes('<iframe src="javascript:'), 'the department named with an iframe payload is not shown as text');
      assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/.test(seen.report), 'a bidi or zero-width control reached the page');
      assert.ok(seen.longShown.length >= 2, `the long name is not cut with its title in the table and the findings: ${JSON.stringify(seen.longShown)}`);
      for (const e of seen.longShown) assert.ok(e.text <= 120 && e.whole === long.length, `a cut name: ${JSON.stringify(e)}`);
      assert.ok(!seen.report.includes(long), 'the long name is shown whole somewhere');
      assert.ok(seen.scrollWidth <= seen.width, `a 10,000-character name widens the page: ${seen.scrollWidth} > ${seen.width}`);
      const diffs = compareWithCli(await readReport(page), expected.report);
      assert.deepEqual(diffs, [], `the CSV ≠ CLI:\n    ${diffs.join('\n    ')}`);
      // The charts read each item out by its aria-label: the long name is cut there too.
      const longLabels = await page.evaluate((start) => [...document.querySelectorAll('[aria-label]')].filter((e) => e.getAttribute('aria-label').includes(start)).length, long.slice(0, 300));
      assert.equal(longLabels, 0, 'an aria-label reads out the whole 10,000-character name');
      // Printed: the print render (every client, charts redrawn) shows the names as text, cut, and injects nothing.
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await page.waitForTimeout(300);
      assert.deepEqual(await census(), before, 'printing: elements, handlers or javascript: links appeared');
      const printed = await page.evaluate((start) => {
        const report = document.getElementById('report');
        return {
          whole: report.textContent.includes(start),
          cut: [...report.querySelectorAll('[title]')].filter((e) => e.title.startsWith('ООО Длинное') && e.checkVisibility()).map((e) => e.textContent.length),
          script: report.textContent.includes('<script>window.__pwned=1</script>'),
        };
      }, long.slice(0, 300));
      assert.ok(!printed.whole, 'the printed report shows the long name whole');
      assert.ok(printed.cut.length >= 1 && printed.cut.every((n) => n <= 120), `the printed report does not show the long name cut: ${JSON.stringify(printed.cut)}`);
      assert.ok(printed.script, 'the printed report does not show the script-named client as text');
      const pdf = await page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 10_000, `the PDF of the report is ${pdf.length} bytes`);
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      await page.emulateMedia({ media: 'screen' });
      assert.equal(await page.evaluate(() => window.__pwned), undefined, 'a payload ran while printing');
      assert.deepEqual(log.pageErrors, [], 'page errors while printing');
    } finally {
      await context.close();
    }
  });

  // The engine's module is built with WebAssembly SIMD. A browser without it cannot compile the module: this one
  // is made such a browser (its WebAssembly refuses the module and validates no SIMD instruction), since none here
  // lacks SIMD. Beside it, a module that cannot be fetched: the same code, the usual advice to reload.
  for (const locale of ['ru-RU', 'en-US']) {
    test(`a browser without WebAssembly SIMD → engine_unavailable naming the browsers that run it, not a reload (${locale})`, { timeout: 90_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO.ru, 'the demo')) return;
      const { context, page, log } = await openPage(browser, { locale });
      try {
        await context.addInitScript(() => {
          const refuse = () => Promise.reject(new WebAssembly.CompileError('invalid value type 0x7b (no SIMD)'));
          const validate = WebAssembly.validate.bind(WebAssembly);
          // 0xfd prefixes every SIMD instruction; 0x7b is the v128 type.
          WebAssembly.validate = (bytes) => !Array.from(new Uint8Array(bytes.buffer || bytes)).some((b) => b === 0xfd || b === 0x7b) && validate(bytes);
          WebAssembly.compile = refuse;
          WebAssembly.compileStreaming = refuse;
        });
        await gotoServed(page);
        const outcome = await upload(page, DEMO.ru, { log });
        assert.equal(outcome, 'error:engine_unavailable', `the page gives ${outcome}${diag(log)}`);
        const err = await errorState(page);
        assert.match(err.text, /SIMD/, `the message does not name what is missing: ${err.text}`);
        assert.match(err.text, /Chrome/, `the message does not name a browser that runs the engine: ${err.text}`);
        assert.doesNotMatch(err.text, locale === 'ru-RU' ? /Обновите страницу/ : /Reload the page/, 'a reload is advised');
        assert.equal(/[А-Яа-яЁё]/.test(err.text), locale === 'ru-RU', `the message is not in ${locale}: ${err.text}`);
        assert.deepEqual(log.pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }

  test('an engine module that cannot be fetched → engine_unavailable advising a reload', { timeout: 90_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo')) return;
    const { context, page, log } = await openPage(browser, { locale: 'en-US' });
    try {
      await context.route(/\/pkg\/keyaccounts_bg\.wasm(\?.*)?$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
      await gotoServed(page);
      const outcome = await upload(page, DEMO.ru, { log });
      assert.equal(outcome, 'error:engine_unavailable', `the page gives ${outcome}${diag(log)}`);
      const err = await errorState(page);
      assert.match(err.text, /Reload the page/, `the message: ${err.text}`);
      assert.doesNotMatch(err.text, /SIMD/, 'a browser with SIMD is told it lacks it');
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
