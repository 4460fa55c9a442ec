// Exports and hidden names (issue 13, points 4 and 5), through the real page against the CLI on the same file:
// 1. "Download" → Excel, CSV, text and JSON of the demo (RU and EN): each saved file equals what the CLI writes
//    (`--xlsx`, `--csv`, `--format text`, the report JSON) — the workbook read back with SheetJS, every sheet's
//    every cell; the export module (pkg/keyaccounts_export_bg.wasm) is fetched only when asked, nothing else
//    leaves the tab; the file name carries the file and the report's date.
// 2. Formula injection: a CSV whose clients are `=HYPERLINK(…)`, `+7…`, `-…`, `@SUM(…)`: in the page's CSV export
//    they start with `'`; in its workbook they are text cells, no formula anywhere.
// 3. Hide names (?anon=1 and the switch): the page, its charts, the printed PDF and every export name no real
//    client, manager, department or file; the numbers stay; a what-if on "Клиент 1" removes the real largest client
//    (= CLI --without); the switch back shows the real names; screenshots.
// 4. The single file over file://: the workbook is made from the inlined export module under the file's CSP.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { BASE_URL, CLI, DEMO, SCREENSHOTS, SINGLE, cli, diag, ensureDir, launch, needFile, needServer, openPage, runAndWait, upload } from './lib.mjs';

const require = createRequire(import.meta.url);
const XLSX = require('xlsx');

let browser;
let tmp;
before(async () => {
  browser = await launch();
  tmp = path.join(os.tmpdir(), `keyaccounts-export-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
});
after(async () => {
  if (browser) await browser.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const LOCALE = { ru: 'ru-RU', en: 'en-US' };
const KINDS = ['xlsx', 'csv', 'text', 'json'];

/** The CLI's own exports of `file` (with `args`): {xlsx: Buffer, csv: string, text: string}. */
function cliExports(file, lang, args = []) {
  const stem = path.join(tmp, `cli-${lang}-${args.join('_').replace(/[^\w-]/g, '') || 'plain'}`);
  execFileSync(CLI, ['analyze', file, ...args, '--lang', lang, '--xlsx', stem + '.xlsx', '--csv', stem + '.csv'], { maxBuffer: 256 << 20 });
  const text = execFileSync(CLI, ['analyze', file, ...args, '--lang', lang, '--format', 'text'], { maxBuffer: 256 << 20 }).toString('utf8');
  return { xlsx: readFileSync(stem + '.xlsx'), csv: readFileSync(stem + '.csv', 'utf8'), text };
}

/** Every sheet of a workbook as rows of raw cell values, plus whether any cell holds a formula. */
function sheets(bytes) {
  const wb = XLSX.read(bytes, { type: 'buffer', cellFormula: true });
  const out = {};
  let formulas = 0;
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    out[name] = XLSX.utils.sheet_to_json(ws, { header: 1, raw: true, defval: null, blankrows: true });
    for (const [addr, cell] of Object.entries(ws)) if (!addr.startsWith('!') && cell && cell.f) formulas++;
  }
  return { names: wb.SheetNames, rows: out, formulas };
}

/** Every string cell of a workbook. */
function workbookStrings(bytes) {
  const { rows } = sheets(bytes);
  const out = [];
  for (const [name, table] of Object.entries(rows)) {
    out.push(name);
    for (const row of table) for (const v of row) if (typeof v === 'string') out.push(v);
  }
  return out;
}

/** Opens the menu and saves one export: {name, bytes}. */
async function download(page, kind) {
  await page.click('#export-menu summary');
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#export-' + kind)]);
  const file = path.join(tmp, `page-${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  await page.waitForFunction(() => /\S/.test(document.getElementById('export-status').textContent || ''));
  return { name: dl.suggestedFilename(), bytes: readFileSync(file) };
}

async function demoPage(lang, search = '', opts = {}) {
  const opened = await openPage(browser, { locale: LOCALE[lang], acceptDownloads: true, ...opts });
  await opened.page.goto(BASE_URL + '?lang=' + lang + search, { waitUntil: 'load' });
  await opened.page.waitForSelector('#file', { state: 'attached' });
  const outcome = await runAndWait(opened.page, () => opened.page.click('#demo'), { log: opened.log });
  if (outcome !== 'report') {
    await opened.context.close();
    throw new Error(`the demo (${lang}) gives ${outcome}${diag(opened.log)}`);
  }
  return opened;
}

/** Real names of the CLI's report that must never show while names are hidden. */
function realNames(report, fileName) {
  const names = new Set();
  for (const c of report.clients || []) names.add(c.name);
  for (const m of report.managers || []) names.add(m.name);
  for (const d of report.departments || []) names.add(d.name);
  names.add(path.basename(fileName));
  names.add(path.basename(fileName).replace(/\.[^.]+$/, ''));
  return [...names].filter((n) => typeof n === 'string' && n.trim().length > 3);
}

const leaks = (names, text) => names.filter((n) => text.includes(n));

describe('exports', { timeout: 900_000 }, () => {
  for (const lang of ['ru', 'en']) {
    test(`the demo's Excel, CSV, text and JSON (${lang}) = the CLI's; the export module loads only when asked`, { timeout: 240_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const report = (await cli(DEMO[lang])).report;
      const want = cliExports(DEMO[lang], lang);
      const { context, page, log } = await demoPage(lang);
      try {
        assert.ok(!log.requests.some((u) => u.includes('keyaccounts_export')), 'the export module is not loaded with the page');
        const got = {};
        for (const kind of KINDS) got[kind] = await download(page, kind);
        const ext = { xlsx: 'xlsx', csv: 'csv', text: 'txt', json: 'json' };
        for (const kind of KINDS) {
          assert.equal(got[kind].name, `keyaccounts-demo-${lang}-${report.as_of}.${ext[kind]}`, `${kind}: the file's name`);
        }
        assert.ok(log.requests.some((u) => u.endsWith('pkg/keyaccounts_export_bg.wasm')), 'the export module is fetched when asked');
        const origin = new URL(BASE_URL).origin;
        assert.deepEqual(log.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), [], 'nothing leaves the tab');

        // The workbook: the CLI's sheets, cell by cell.
        const page_ = sheets(got.xlsx.bytes);
        const cli_ = sheets(want.xlsx);
        assert.deepEqual(page_.names, cli_.names, 'the same sheets');
        assert.ok(page_.names.length >= 6, `summary, findings, clients, key accounts, managers, periods, data quality: ${page_.names}`);
        for (const name of cli_.names) assert.deepEqual(page_.rows[name], cli_.rows[name], `sheet ${name}`);
        // The clients sheet holds every client with its real revenue.
        const clientsSheet = page_.rows[page_.names.find((n) => /клиент|client/i.test(n) && !/ключ|key/i.test(n))];
        assert.ok(clientsSheet, `a clients sheet among ${page_.names}`);
        const cells = new Set(clientsSheet.flat());
        for (const c of report.clients) {
          assert.ok(cells.has(c.name), `${c.name} in the clients sheet`);
          assert.ok(cells.has(c.amount) || [...cells].some((v) => typeof v === 'number' && Math.abs(v - c.amount) < 0.005), `${c.name}: ${c.amount}`);
        }

        // CSV: byte for byte the CLI's (UTF-8 with BOM).
        assert.equal(got.csv.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'the CSV starts with a BOM');
        assert.equal(got.csv.bytes.toString('utf8'), want.csv, 'the CSV = the CLI --csv');
        // Text: the CLI's --format text.
        assert.equal(got.text.bytes.toString('utf8'), want.text, 'the text = the CLI --format text');
        assert.ok(got.text.bytes.toString('utf8').includes(report.clients[0].name), 'the text names the largest client');
        // JSON: the report itself.
        assert.deepEqual(JSON.parse(got.json.bytes.toString('utf8')), report, 'the JSON = the CLI report');

        // The status says it is done and offers the file again (a blocked download in a frame).
        const status = await page.textContent('#export-status');
        assert.match(status, lang === 'ru' ? /Готово/ : /Done/);
        assert.equal(await page.getAttribute('#export-again', 'download'), got.json.name);
        assert.deepEqual(log.pageErrors, []);
        if (lang === 'ru') {
          ensureDir(path.join(SCREENSHOTS, 'export'));
          await page.click('#export-menu summary');
          await page.screenshot({ path: path.join(SCREENSHOTS, 'export', 'ru-1366-menu.png') });
          await page.keyboard.press('Escape');
          assert.equal(await page.evaluate(() => document.getElementById('export-menu').open), false, 'Esc closes the menu');
        }
      } finally {
        await context.close();
      }
    });
  }

  test('formula injection: client names starting with = + - @ are neutralised in the CSV and text in the workbook', { timeout: 180_000 }, async (t) => {
    if (needServer(t)) return;
    const evil = ['=HYPERLINK("http://example.invalid/x","y")', '+7 999 123-45-67', '-Скидка клиента', '@SUM(A1:A9)'];
    const rows = ['Клиент;Сумма'];
    evil.forEach((name, i) => rows.push(`"${name.replace(/"/g, '""')}";${(i + 1) * 1000}`));
    rows.push('ООО «Обычный»;5000');
    const file = path.join(tmp, 'injection.csv');
    writeFileSync(file, '\ufeff' + rows.join('\r\n') + '\r\n');
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', acceptDownloads: true });
    try {
      await page.goto(BASE_URL + '?lang=ru', { waitUntil: 'load' });
      await page.waitForSelector('#file', { state: 'attached' });
      assert.equal(await upload(page, file, { log }), 'report');
      const csv = (await download(page, 'csv')).bytes.toString('utf8');
      for (const name of evil) {
        const cell = `'${name}`;
        assert.ok(csv.includes(cell.replace(/"/g, '""')) || csv.includes(cell), `the CSV has ${cell}:\n${csv}`);
        const unsafe = csv.split(/\r?\n/).some((line) => line.split(';').some((c) => c.replace(/^"/, '').startsWith(name.slice(0, 2))));
        assert.ok(!unsafe, `no cell of the CSV starts with ${name.slice(0, 2)}`);
      }
      const wb = sheets((await download(page, 'xlsx')).bytes);
      assert.equal(wb.formulas, 0, 'no formula in the workbook');
      const strings = workbookStrings((await download(page, 'xlsx')).bytes);
      for (const name of evil) assert.ok(strings.includes(name), `${name} is a text cell of the workbook`);
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });
});

describe('hide names', { timeout: 900_000 }, () => {
  for (const lang of ['ru', 'en']) {
    test(`?anon=1 (${lang}): the page, charts, print and every export name no real client, manager, department or file`, { timeout: 300_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const report = (await cli(DEMO[lang])).report;
      const names = realNames(report, DEMO[lang]);
      assert.ok(names.length > 40, `real names to look for: ${names.length}`);
      const { context, page, log } = await demoPage(lang, '&anon=1');
      try {
        assert.equal(await page.isChecked('#anon'), true, 'the switch is on');
        const text = await page.evaluate(() => document.body.innerText + '\n' + document.title + '\n' + [...document.querySelectorAll('svg text, [title], [aria-label], [data-client], [data-names]')].map((e) => [e.textContent, e.getAttribute('title'), e.getAttribute('aria-label'), e.getAttribute('data-client'), e.getAttribute('data-names')].join(' ')).join(' '));
        assert.deepEqual(leaks(names, text), [], 'no real name on the page');
        const word = lang === 'ru' ? 'Клиент 1' : 'Client 1';
        assert.ok(text.includes(word), `the largest client is ${word}`);
        assert.ok(text.includes(lang === 'ru' ? 'Менеджер A' : 'Manager A'), 'managers are lettered');
        // The numbers are the real ones.
        const cards = await page.textContent('#report-body');
        const total = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(report.total).replace(/\s/g, ' ');
        assert.ok(cards.replace(/\s/g, ' ').includes(total), `the total ${total} is shown`);

        // Every export.
        for (const kind of KINDS) {
          const got = await download(page, kind);
          assert.ok(!got.name.includes('demo'), `${kind}: the file name does not carry the file's: ${got.name}`);
          const content = kind === 'xlsx' ? workbookStrings(got.bytes).join('\n') : got.bytes.toString('utf8');
          assert.deepEqual(leaks(names, content), [], `${kind}: no real name`);
          assert.ok(content.includes(word), `${kind} names ${word}`);
        }
        // The printed PDF.
        const pdf = path.join(tmp, `anon-${lang}.pdf`);
        await page.emulateMedia({ media: 'print' });
        await page.pdf({ path: pdf, format: 'A4', printBackground: true });
        await page.emulateMedia({ media: 'screen' });
        if (existsSync('/usr/bin/pdftotext')) {
          const printed = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8');
          assert.ok(printed.includes(word), 'the PDF names the pseudonyms');
          assert.deepEqual(leaks(names, printed), [], 'no real name in the PDF');
        } else if (process.env.CI === 'true') {
          assert.fail('pdftotext is missing (scripts/e2e installs poppler-utils)');
        }
        ensureDir(path.join(SCREENSHOTS, 'export'));
        await page.screenshot({ path: path.join(SCREENSHOTS, 'export', `${lang}-1366-anon.png`) });

        // What-if on the pseudonym takes away the real client: = CLI --without <real name>.
        const largest = report.clients[0].name;
        const without = (await cli(DEMO[lang], ['--without', largest])).report;
        await page.evaluate(() => {
          const s = document.getElementById('scenario');
          const b = s && s.querySelector('.fold-toggle[aria-expanded="false"]');
          if (b) b.click();
        });
        const button = page.locator(`#scenario-keys button[data-action="what-if"][data-client="${word}"]`);
        assert.equal(await button.count(), 1, `a what-if button for ${word}`);
        assert.equal(await runAndWait(page, () => button.click(), { log }), 'report');
        const banner = await page.textContent('#scenario-banner');
        assert.ok(banner.includes(word) && !banner.includes(largest), `the banner names ${word} only: ${banner}`);
        const afterTotal = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(without.total).replace(/\s/g, ' ');
        assert.ok((await page.textContent('#report-body')).replace(/\s/g, ' ').includes(afterTotal), `the total without ${largest} = CLI --without: ${afterTotal}`);
        assert.equal(await runAndWait(page, () => page.click('#scenario-end'), { log }), 'report');

        // The switch back: the real names, and the address forgets anon.
        assert.equal(await runAndWait(page, () => page.click('#anon'), { log }), 'report');
        assert.ok((await page.textContent('#report-body')).includes(largest), 'real names again');
        assert.ok(!page.url().includes('anon='), `the address: ${page.url()}`);
        assert.equal(await page.evaluate(() => document.body.classList.contains('is-anon')), false);
        assert.deepEqual(log.pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('the single file', { timeout: 300_000 }, () => {
  test('over file://: the workbook comes from the inlined export module, nothing fetched', { timeout: 180_000 }, async (t) => {
    if (needFile(t, SINGLE, 'the single file (scripts/build-single)') || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const want = cliExports(DEMO.ru, 'ru');
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', acceptDownloads: true });
    try {
      await page.goto(pathToFileURL(SINGLE).href + '?lang=ru', { waitUntil: 'load' });
      await page.waitForSelector('#file', { state: 'attached' });
      assert.equal(await runAndWait(page, () => page.click('#demo'), { log }), 'report');
      const got = await download(page, 'xlsx');
      const a = sheets(got.bytes);
      const b = sheets(want.xlsx);
      assert.deepEqual(a.names, b.names);
      for (const name of b.names) assert.deepEqual(a.rows[name], b.rows[name], `sheet ${name}`);
      assert.equal((await download(page, 'csv')).bytes.toString('utf8'), want.csv);
      const remote = log.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('blob:') && !u.startsWith('data:'));
      assert.deepEqual(remote, [], 'no request from the single file');
      assert.deepEqual(log.pageErrors, [], diag(log));
      assert.ok(!log.console.some((m) => /Content Security Policy|Refused/.test(m)), `no CSP violation: ${log.console.join('\n')}`);
    } finally {
      await context.close();
    }
  });
});
