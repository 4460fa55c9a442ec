// 2. Keyboard only: Tab to the demo button and to the file input, activate with Enter / Space, the report gets focus;
//    RU ↔ EN through #lang changes <html lang> and the visible texts while the numbers stay; the column picker re-runs
//    the engine and the client list follows the CLI run with the same column.
import assert from 'node:assert/strict';
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
} from './lib.mjs';

let browser;
before(async () => {
  if (BASE_URL) browser = await launch();
});
after(async () => browser && (await browser.close()));

const CYRILLIC = /[А-Яа-яЁё]/;

/** Presses Tab until the focused element matches `selector`; returns the number of presses. */
async function tabTo(page, selector, max = 40) {
  const seen = [];
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate((sel) => {
      const el = document.activeElement;
      return { match: !!el && el.matches(sel), what: el ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` : 'none' };
    }, selector);
    seen.push(here.what);
    if (here.match) return i;
  }
  throw new Error(`${selector} not reached with ${max} Tab presses; focus went through: ${seen.join(' → ')}`);
}

const focusedId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

/** Chooses `value` in a <select> with the keyboard (arrows); returns true when it worked. */
async function keyboardSelect(page, selector, value) {
  await page.focus(selector);
  const values = await page.$$eval(`${selector} option`, (os) => os.map((o) => o.value));
  const target = values.indexOf(value);
  assert.ok(target >= 0, `${selector} has no option ${value} (has ${values.join(', ')})`);
  for (let i = 0; i < values.length; i++) {
    const current = values.indexOf(await page.inputValue(selector));
    if (current === target) return true;
    await page.keyboard.press(current < target ? 'ArrowDown' : 'ArrowUp');
  }
  return (await page.inputValue(selector)) === value;
}

async function visibleTexts(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    privacy: document.getElementById('privacy')?.textContent.trim() ?? '',
    demo: document.getElementById('demo')?.textContent.trim() ?? '',
    firstFinding: document.querySelector('#findings li.finding')?.textContent.trim() ?? '',
    totalCard: document.querySelector('[data-card="total"]')?.textContent.trim() ?? '',
    title: document.title,
  }));
}

describe('keyboard only, languages, column picker', { timeout: 400_000 }, () => {
  test('Tab to the demo button, Enter → report with focus; Tab to #file, Space → file chooser → report with focus', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU' });
    try {
      await gotoServed(page);
      const presses = await tabTo(page, '#demo');
      t.diagnostic(`#demo reached with ${presses} Tab presses`);
      // The report as a keyboard user finds it: sections folded (issue 13), so Tab crosses one line per section.
      let outcome = await runAndWait(page, () => page.keyboard.press('Enter'), { log, unfold: false });
      assert.equal(outcome, 'report', `Enter on #demo gives ${outcome}${diag(log)}`);
      assert.equal(await focusedId(page), 'report', 'focus did not move to #report after the demo ran');

      // The real file input, by keyboard: it must be focusable (also when styled as a label/button).
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await page.evaluate(() => window.scrollTo(0, 0));
      await tabTo(page, '#file', 80);
      assert.ok(
        await page.evaluate(() => !!document.querySelector('label[for="file"]')),
        'no <label for="file">',
      );
      const expected = await cli(DEMO.en);
      outcome = await runAndWait(
        page,
        async () => {
          const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), page.keyboard.press('Space')]);
          await chooser.setFiles(DEMO.en);
        },
        { log },
      );
      assert.equal(outcome, 'report', `the file chosen by keyboard gives ${outcome}${diag(log)}`);
      assert.equal(await focusedId(page), 'report', 'focus did not move to #report after the upload');
      const diffs = compareWithCli(await readReport(page), expected.report);
      assert.deepEqual(diffs, [], `keyboard upload ≠ CLI:\n    ${diffs.join('\n    ')}`);
    } finally {
      await context.close();
    }
  });

  test('#lang switches RU ↔ EN: <html lang>, visible texts change, the report stays', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    for (const [locale, first, second] of [
      ['ru-RU', 'ru', 'en'],
      ['en-US', 'en', 'ru'],
    ]) {
      const { context, page, log } = await openPage(browser, { locale });
      try {
        await gotoServed(page);
        assert.equal(await page.getAttribute('html', 'lang'), first, `default language for browser locale ${locale}`);
        assert.equal(await page.inputValue('#lang'), first, `#lang value for browser locale ${locale}`);
        const outcome = await runAndWait(page, () => page.click('#demo'), { log });
        assert.equal(outcome, 'report', `demo gives ${outcome}${diag(log)}`);
        const before = await visibleTexts(page);
        const shownBefore = await readReport(page, 10);

        const byKeyboard = await keyboardSelect(page, '#lang', second);
        if (!byKeyboard) {
          t.diagnostic('arrow keys did not change #lang; used selectOption');
          await page.selectOption('#lang', second);
        }
        await page.waitForFunction((l) => document.documentElement.lang === l, second, { timeout: 10_000 });
        await page.waitForTimeout(300);
        const afterSwitch = await visibleTexts(page);
        for (const key of ['privacy', 'demo', 'firstFinding']) {
          assert.ok(afterSwitch[key], `#${key} text is empty in ${second}`);
          assert.notEqual(afterSwitch[key], before[key], `${key} text did not change from ${first} to ${second}: ${JSON.stringify(before[key])}`);
        }
        assert.equal(CYRILLIC.test(afterSwitch.privacy), second === 'ru', `privacy line in ${second}: ${afterSwitch.privacy}`);
        assert.equal(CYRILLIC.test(before.privacy), first === 'ru', `privacy line in ${first}: ${before.privacy}`);
        // The demo's data stay; only the words change (switching re-renders in place, no re-upload needed).
        const shownAfter = await readReport(page, 10);
        assert.deepEqual(shownAfter, shownBefore, 'the report data attributes changed with the language');
        assert.ok(await page.isVisible('#report'), '#report hidden after the language switch');
      } finally {
        await context.close();
      }
    }
  });

  test('#client-search, typed: the table shows the matching client only, clearing brings all back', { timeout: 90_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.en, 'the demo workbook')) return;
    const expected = await cli(DEMO.en);
    const target = expected.report.clients[6] || expected.report.clients[0];
    const unique = expected.report.clients.filter((c) => c.name.toLowerCase().includes(target.name.toLowerCase())).length === 1;
    const { context, page, log } = await openPage(browser, { locale: 'en-US' });
    try {
      await gotoServed(page);
      assert.equal(await runAndWait(page, () => page.click('#demo'), { log }), 'report', `demo${diag(log)}`);
      const visibleNames = () =>
        page.$$eval('#clients tbody tr', (rows) => rows.filter((tr) => !tr.hidden && tr.getClientRects().length > 0).map((tr) => tr.dataset.name));
      const all = await visibleNames();
      assert.equal(all.length, expected.report.clients.length, 'not every client is listed before the search');
      await page.focus('#client-search');
      await page.keyboard.type(target.name, { delay: 5 });
      await page.waitForTimeout(400);
      const found = await visibleNames();
      assert.ok(found.includes(target.name), `searching "${target.name}" hides it; shown: ${JSON.stringify(found.slice(0, 5))}`);
      if (unique) assert.equal(found.length, 1, `searching "${target.name}" shows ${found.length} rows`);
      await page.fill('#client-search', '');
      await page.waitForTimeout(400);
      assert.equal((await visibleNames()).length, all.length, 'clearing the search does not bring every client back');
    } finally {
      await context.close();
    }
  });

  // The column picker: the 1C file with the client column switched to the outlet address, compared
  // with the CLI given the same column; superstore with client → Customer ID.
  const cases = [
    { file: 'superstore_tableau_orders.xls', role: 'client', header: 'Customer ID' },
    { file: 'ru_1c_otgruzka_sector1_2024-10_11.xlsx', role: 'client', header: 'Адрес' },
  ];
  for (const c of cases) {
    test(`column picker: ${c.file}, #col-${c.role} → "${c.header}" re-runs like the CLI --${c.role}`, { timeout: 180_000 }, async (t) => {
      if (needServer(t) || needCorpus(t)) return;
      const file = path.join(CORPUS, c.file);
      if (needFile(t, file, 'corpus file')) return;
      const base = await cli(file);
      assert.ok(base.ok, `the CLI fails on ${c.file}: ${JSON.stringify(base.error)}`);
      const col = base.report.source.headers.find((h) => h.header.trim() === c.header);
      assert.ok(col, `${c.file} has no header "${c.header}" (headers: ${base.report.source.headers.map((h) => h.header).join(' | ')})`);
      const expected = await cli(file, [`--${c.role}`, col.column]);
      assert.ok(expected.ok, `the CLI with --${c.role} ${col.column} fails: ${JSON.stringify(expected.error)}`);
      assert.notEqual(expected.report.clients[0].name, base.report.clients[0].name, 'the chosen column must change the client list for this test to mean anything');

      const { context, page, log } = await openPage(browser, { locale: 'en-US' });
      try {
        await gotoServed(page);
        let outcome = await runAndWait(page, () => page.setInputFiles('#file', file), { log });
        assert.equal(outcome, 'report', `upload gives ${outcome}${diag(log)}`);
        assert.deepEqual(compareWithCli(await readReport(page), base.report), [], 'the first run differs from the CLI');
        const sel = `#col-${c.role}`;
        assert.equal(await page.inputValue(sel), base.report.source.column_letters[c.role], `${sel} does not select the detected column`);
        const options = await page.$$eval(`${sel} option`, (os) => os.map((o) => o.value));
        assert.ok(options.includes(''), `${sel} has no "—" option (value "")`);
        for (const h of base.report.source.headers) assert.ok(options.includes(h.column), `${sel} lacks column ${h.column} (${h.header})`);

        await page.focus(sel);
        outcome = await runAndWait(page, () => page.selectOption(sel, col.column), { log });
        assert.equal(outcome, 'report', `re-run with ${sel}=${col.column} gives ${outcome}${diag(log)}`);
        const diffs = compareWithCli(await readReport(page), expected.report);
        assert.deepEqual(diffs, [], `after ${sel} → ${col.column} (${c.header}), page ≠ CLI --${c.role} ${col.column}:\n    ${diffs.join('\n    ')}`);
        assert.equal(await page.inputValue(sel), col.column, `${sel} does not keep the chosen column`);
      } finally {
        await context.close();
      }
    });
  }
});
