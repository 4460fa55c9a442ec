// 1. Every sales-like corpus file (the CLI gives a report, not an error) and both demo workbooks, uploaded through the
//    real #file input, show the CLI's total, top 5 clients (name, amount, share, in order) and findings (code + client,
//    in order). The demo button shows the same as the demo workbook of the page's language.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  CORPUS,
  DEMO,
  cli,
  compareWithCli,
  corpusFiles,
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

/** Uploads `file`, expects a report equal to the CLI's. */
async function checkUpload(t, file, { locale = 'en-US' } = {}) {
  const expected = await cli(file);
  if (!expected.ok) return t.skip(`not sales-like: the CLI says ${expected.error.code}`);
  const { context, page, log } = await openPage(browser, { locale });
  try {
    await gotoServed(page);
    const started = Date.now();
    const outcome = await upload(page, file, { log });
    assert.equal(outcome, 'report', `${path.basename(file)}: the page shows ${outcome}, the CLI gives a report${diag(log)}`);
    const shown = await readReport(page);
    const diffs = compareWithCli(shown, expected.report);
    assert.deepEqual(diffs, [], `${path.basename(file)}: page ≠ CLI:\n    ${diffs.join('\n    ')}`);
    t.diagnostic(
      `${path.basename(file)}: ${expected.report.clients.length} clients, total ${expected.report.total}, ` +
        `${expected.report.findings.length} findings, ${Date.now() - started} ms in the page`,
    );
  } finally {
    await context.close();
  }
}

describe('upload through #file: the page shows what the CLI computes', { timeout: 600_000 }, () => {
  test('corpus: every sales-like file', { timeout: 480_000 }, async (t) => {
    if (needServer(t) || needCorpus(t)) return;
    const files = corpusFiles();
    assert.ok(files.length > 0, 'the corpus directory has no files');
    // The CLI decides which files are sales-like: those it turns into a report.
    const verdicts = await Promise.all(files.map(async (f) => [f, await cli(f)]));
    const sales = verdicts.filter(([, v]) => v.ok).map(([f]) => f);
    t.diagnostic(`sales-like (CLI gives a report): ${sales.map((f) => path.basename(f)).join(', ')}`);
    t.diagnostic(
      `not sales-like: ${verdicts
        .filter(([, v]) => !v.ok)
        .map(([f, v]) => `${path.basename(f)} (${v.error.code})`)
        .join(', ')}`,
    );
    assert.ok(sales.length >= 5, `expected at least 5 sales-like corpus files, the CLI gives a report for ${sales.length}`);
    for (const file of sales) {
      await t.test(path.basename(file), { timeout: 180_000 }, (st) => checkUpload(st, file));
    }
  });

  test('corpus: every file the CLI refuses shows #error with the CLI\'s code (and never hangs)', { timeout: 300_000 }, async (t) => {
    if (needServer(t) || needCorpus(t)) return;
    const verdicts = await Promise.all(corpusFiles().map(async (f) => [f, await cli(f)]));
    const refused = verdicts.filter(([, v]) => !v.ok);
    const { context, page, log } = await openPage(browser, { locale: 'en-US' });
    try {
      await gotoServed(page);
      const wrong = [];
      for (const [file, v] of refused) {
        // One page for all: each new file must replace the previous state (worker terminated, error replaced).
        const outcome = await upload(page, file, { log, timeout: 60_000 }).catch((e) => `no outcome: ${e.message.split('\n')[0]}`);
        const text = await page.evaluate(() => document.getElementById('error')?.textContent.trim() ?? '');
        if (outcome !== `error:${v.error.code}`) wrong.push(`${path.basename(file)}: page ${outcome}, CLI ${v.error.code}`);
        else if (text.length < 10) wrong.push(`${path.basename(file)}: #error has no readable message (${JSON.stringify(text)})`);
        else t.diagnostic(`${path.basename(file)}: ${v.error.code} — ${text.slice(0, 100)}`);
      }
      assert.deepEqual(wrong, [], `error codes differ from the CLI:\n    ${wrong.join('\n    ')}${diag(log)}`);
    } finally {
      await context.close();
    }
  });

  test('drag and drop a file onto #dropzone', { timeout: 90_000 }, async (t) => {
    if (needServer(t) || needCorpus(t)) return;
    const file = path.join(CORPUS, 'ru_1c_otgruzka_sector1_2024-10_11.xlsx');
    if (needFile(t, file, 'corpus file')) return;
    const expected = await cli(file);
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    try {
      await gotoServed(page);
      const dataTransfer = await page.evaluateHandle(
        ({ b64, name }) => {
          const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
          return dt;
        },
        { b64: readFileSync(file).toString('base64'), name: path.basename(file) },
      );
      const outcome = await runAndWait(
        page,
        async () => {
          for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('#dropzone', type, { dataTransfer });
        },
        { log },
      );
      assert.equal(outcome, 'report', `the dropped file gives ${outcome}${diag(log)}`);
      const diffs = compareWithCli(await readReport(page), expected.report);
      assert.deepEqual(diffs, [], `dropped file ≠ CLI:\n    ${diffs.join('\n    ')}`);
    } finally {
      await context.close();
    }
  });

  for (const lang of ['ru', 'en']) {
    test(`demo workbook demo-${lang}.xlsx through #file`, { timeout: 120_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const expected = await cli(DEMO[lang]);
      assert.ok(expected.ok, `the CLI fails on the demo: ${JSON.stringify(expected.error)}`);
      // The demo is meant to show every finding of the method.
      const codes = new Set(expected.report.findings.map((f) => f.code));
      for (const c of ['dependency', 'manager_overload', 'lost_key_client', 'key_account']) {
        assert.ok(codes.has(c), `the demo's CLI report lacks the finding ${c} (has ${[...codes].join(', ')})`);
      }
      await checkUpload(t, DEMO[lang], { locale: lang === 'ru' ? 'ru-RU' : 'en-US' });
    });

    test(`demo button (${lang}) shows the demo-${lang}.xlsx report, labelled as demo`, { timeout: 120_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const expected = await cli(DEMO[lang]);
      const { context, page, log } = await openPage(browser, { locale: lang === 'ru' ? 'ru-RU' : 'en-US' });
      try {
        await gotoServed(page);
        assert.equal(await page.getAttribute('html', 'lang'), lang, `<html lang> with browser locale ${lang}`);
        const outcome = await runAndWait(page, () => page.click('#demo'), { log });
        assert.equal(outcome, 'report', `the demo button gives ${outcome}${diag(log)}`);
        assert.ok(await page.isVisible('#demo-badge'), '#demo-badge is not visible after the demo button');
        const diffs = compareWithCli(await readReport(page), expected.report);
        assert.deepEqual(diffs, [], `demo button (${lang}) ≠ CLI on demo-${lang}.xlsx:\n    ${diffs.join('\n    ')}`);
        // A real file afterwards is not labelled as demo.
        const outcome2 = await upload(page, DEMO[lang === 'ru' ? 'en' : 'ru'], { log });
        assert.equal(outcome2, 'report');
        assert.equal(await page.isVisible('#demo-badge'), false, '#demo-badge still visible after a real upload');
      } finally {
        await context.close();
      }
    });
  }
});
