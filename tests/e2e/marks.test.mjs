// Key by judgment on the page (issue 12): marks, their storage, export / import / forget, dossiers.
// 1. A demo client marked "reference" in its row's editor stands among the key accounts with its reason and the same
//    judgment entry, clients[].marks and findings as the CLI's `--mark NAME=reference`; the re-run reads nothing
//    (reads = 1); after a reload the mark is back (localStorage); no request leaves the origin throughout.
// 2. Export → forget (with its confirm step) → gone → import → back; a bad file is refused with a message and
//    changes nothing.
// 3. A potential typed in the editor shows the client's share of wallet = the CLI's `--mark NAME=potential:X`.
// 4. Storage: a stored company whose client names overlap the file's (Jaccard ≥ 0.5) is taken over and re-keyed;
//    marks for names not in the file are kept and listed (#marks-unmatched).
// 5. The single file in <iframe sandbox="allow-scripts"> (no storage at all): a mark works in memory without errors.
// 6. The dossier: typed fields count in its progress and survive a re-run and a reload.
// 7. axe (light, dark) with the editor open and a dossier open; 390 px: no horizontal scroll; screenshots
//    target/screenshots/marks-*.png; print media puts a filled (or open) dossier on its own page, not an empty closed one.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, DEMO, SCREENSHOTS, SINGLE, cli, diag, ensureDir, gotoServed, launch, needFile, needServer, openPage, readText, runAndWait, startServer } from './lib.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const STORAGE_KEY = 'keyaccounts.marks.v1';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser && (await browser.close()));

const LOCALE = { ru: 'ru-RU', en: 'en-US' };
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Every request must stay on the page's origin (data:/blob: are in memory). */
function outsideRequests(log, origin) {
  return log.requests.filter((u) => !u.startsWith(origin) && !['data:', 'blob:'].includes(new URL(u).protocol));
}

async function openDemo(page, log, lang) {
  await page.goto(BASE_URL + '?lang=' + lang, { waitUntil: 'load' });
  await page.waitForSelector('#file', { state: 'attached' });
  const outcome = await runAndWait(page, () => page.click('#demo'), { log });
  assert.equal(outcome, 'report', `the demo (${lang})${diag(log)}`);
}

/** A client of the demo that is not key by volume (the 13th by sales). */
async function smallClient(page) {
  return page.locator('#clients tbody tr').nth(12).getAttribute('data-name');
}

const rowSel = (name) => `#clients tbody tr[data-name="${name.replace(/"/g, '\\"')}"]`;
const kaJudgmentSel = (name) => `#ka-judgment tr[data-client="${name.replace(/"/g, '\\"')}"][data-basis="judgment"]`;

/** Opens the row's editor, sets the kinds and the potential, saves, and waits for the re-run. */
async function mark(page, log, name, kinds, potential) {
  await page.click(`${rowSel(name)} button[data-action=mark]`);
  await page.waitForSelector('#mark-editor[open]');
  for (const box of await page.locator('#mark-editor input[type=checkbox]:not([disabled])').all()) {
    const kind = await box.getAttribute('data-kind');
    if (kinds.includes(kind)) await box.check();
    else await box.uncheck();
  }
  await page.fill('#mark-potential', potential === undefined ? '' : String(potential));
  await runAndWait(page, () => page.click('#mark-save'), { log });
  await page.waitForFunction(() => !document.querySelector('#mark-editor[open]'));
}

async function judgmentShown(page, name) {
  await page.waitForSelector(kaJudgmentSel(name), { timeout: 10_000 });
  return page.evaluate((sel) => {
    const tr = document.querySelector(sel);
    return { share: Number(tr.dataset.share), reasons: (tr.dataset.reasons || '').split('|').filter(Boolean), text: tr.textContent };
  }, kaJudgmentSel(name));
}

function cliJudgment(report, name) {
  return report.key_accounts.find((k) => k.client === name && k.basis === 'judgment');
}

async function findingCodes(page) {
  return page.evaluate(() => [...document.querySelectorAll('#findings li.finding')].map((li) => li.dataset.code + (li.dataset.client ? `(${li.dataset.client})` : '')));
}

const cliFindingCodes = (report) => report.findings.map((f) => f.code + (f.client ? `(${f.client})` : ''));

async function storedDb(page) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) || 'null'), STORAGE_KEY);
}

async function axeCheck(page, t, what) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = (list) => list.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` + v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')} — ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n')).join('\n');
  if (results.violations.length) t.diagnostic(`axe (${what}):\n${text(results.violations)}`);
  assert.equal(bad.length, 0, `axe (${what}): serious/critical violations:\n${text(bad)}`);
}

describe('key by judgment: marks, storage, dossiers', { timeout: 600_000 }, () => {
  test('a reference mark puts the client among the key accounts (= CLI --mark), survives a reload, no request leaves the page', { timeout: 180_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.en, 'the demo workbook')) return;
    const { context, page, log } = await openPage(browser, { locale: 'en-US', viewport: DESKTOP });
    try {
      await openDemo(page, log, 'en');
      const name = await smallClient(page);
      const cliReport = (await cli(DEMO.en, ['--mark', `${name}=reference`])).report;
      const want = cliJudgment(cliReport, name);
      assert.ok(want, `the CLI has no judgment entry for ${name}`);

      await mark(page, log, name, ['reference']);
      const shown = await judgmentShown(page, name);
      assert.ok(Math.abs(shown.share - want.share) < 1e-9, `share: page ${shown.share}, CLI ${want.share}`);
      assert.deepEqual(shown.reasons, want.reasons, 'reasons');
      assert.match(shown.text, /Reference/, 'the reason in words');
      // The row carries the mark, the focus went back to the row's button, the file was not read again.
      assert.equal(await page.getAttribute(rowSel(name), 'data-marks'), 'reference');
      assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.dataset.action), 'mark', 'focus back on the Mark button');
      assert.equal(JSON.parse(await page.getAttribute('html', 'data-engine-stats')).reads, 1, 'a mark re-runs without reading the file');
      assert.deepEqual(await findingCodes(page), cliFindingCodes(cliReport), 'findings = CLI');
      assert.ok(await page.locator('#findings li.finding[data-code="key_by_judgment"]').count(), 'the key_by_judgment finding is shown');
      const cliClient = cliReport.clients.find((c) => c.name === name);
      assert.deepEqual(cliClient.marks, ['reference']);
      // Stored under the company's key, with the report's client names.
      const db = await storedDb(page);
      const companies = Object.values(db.companies);
      assert.equal(companies.length, 1);
      assert.deepEqual(companies[0].marks[name].kinds, ['reference']);
      assert.equal(companies[0].clients.length, cliReport.clients.length);

      ensureDir(SCREENSHOTS);
      await page.locator('#key-accounts').screenshot({ path: path.join(SCREENSHOTS, 'marks-ka-en-1366.png') });
      await page.locator(rowSel(name)).screenshot({ path: path.join(SCREENSHOTS, 'marks-row-en-1366.png') });

      // Reload: the mark is back from localStorage, applied by a quiet re-run.
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector('#demo');
      assert.equal(await runAndWait(page, () => page.click('#demo'), { log }), 'report');
      const again = await judgmentShown(page, name);
      assert.deepEqual(again.reasons, want.reasons, 'after a reload');
      assert.deepEqual(outsideRequests(log, new URL(BASE_URL).origin), [], 'requests outside the origin');
      assert.deepEqual(log.pageErrors, [], 'page errors');
    } finally {
      await context.close();
    }
  });

  test('export → forget → gone → import → back; a bad file changes nothing', { timeout: 180_000 }, async (t) => {
    if (needServer(t)) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', viewport: DESKTOP, acceptDownloads: true });
    try {
      await openDemo(page, log, 'ru');
      const name = await smallClient(page);
      await mark(page, log, name, ['partner', 'demanding']);
      await judgmentShown(page, name);
      // A dossier line goes along in the file.
      const dossierId = await page.getAttribute(`#dossiers .dossier[data-client="${name.replace(/"/g, '\\"')}"]`, 'id');
      await page.click(`#${dossierId}-toggle`);
      await page.fill(`#${dossierId}-risks`, 'Уходит к конкуренту, если сорвём сроки');

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#marks-export')]);
      const file = path.join(ensureDir(path.join(SCREENSHOTS, '..', 'marks-e2e')), 'export.json');
      await download.saveAs(file);
      const exported = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(exported.format, 'keyaccounts-marks');
      assert.equal(exported.version, 1);
      assert.match(exported.company, /^c[0-9a-f]{8}-\d+$/);
      assert.deepEqual(exported.marks[name].kinds, ['partner', 'demanding']);
      assert.equal(exported.dossiers[name].risks, 'Уходит к конкуренту, если сорвём сроки');
      assert.ok(Array.isArray(exported.supplier) && Array.isArray(exported.clients));
      assert.equal(await page.getAttribute('#marks-status', 'data-message'), 'mk.export_done');

      // Forget, with the confirm step: "No" keeps everything, "Yes" forgets.
      await page.click('#marks-forget');
      await page.waitForSelector('#marks-forget-confirm');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'marks-forget-no');
      await page.click('#marks-forget-no');
      assert.equal(await page.locator(kaJudgmentSel(name)).count(), 1, '"No" keeps the mark');
      await page.click('#marks-forget');
      await runAndWait(page, () => page.click('#marks-forget-yes'), { log });
      await page.waitForFunction((sel) => !document.querySelector(sel), kaJudgmentSel(name));
      assert.equal(await page.getAttribute(rowSel(name), 'data-marks'), null, 'the row has no mark');
      assert.deepEqual(Object.keys((await storedDb(page)).companies), [], 'storage emptied for the company');
      assert.equal(await page.inputValue(`#${dossierId}-risks`).catch(() => ''), '', 'the dossier is empty');

      // A bad file: a clear message, nothing changed.
      const bad = path.join(path.dirname(file), 'not-marks.json');
      writeFileSync(bad, JSON.stringify({ format: 'something-else', version: 1 }));
      await page.setInputFiles('#marks-import-file', bad);
      await page.waitForSelector('#marks-status[data-kind="error"]');
      assert.equal(await page.getAttribute('#marks-status', 'data-message'), 'mk.import_bad.not_marks');
      assert.match(await page.textContent('#marks-status'), /Ничего не изменено/);
      const broken = path.join(path.dirname(file), 'broken.json');
      writeFileSync(broken, '{"format": "keyaccounts-marks", "version": 1, "marks": {"X": {"kinds": ["famous"]}}}');
      await page.setInputFiles('#marks-import-file', broken);
      await page.waitForSelector('#marks-status[data-message="mk.import_bad.invalid"]');
      assert.deepEqual(Object.keys((await storedDb(page)).companies), [], 'a bad file stored nothing');

      // Import: back.
      await runAndWait(page, () => page.setInputFiles('#marks-import-file', file), { log });
      const back = await judgmentShown(page, name);
      assert.deepEqual(back.reasons, ['partner', 'demanding']);
      assert.equal(await page.getAttribute('#marks-status', 'data-message'), 'mk.import_done');
      await page.click(`#${dossierId}-toggle`);
      assert.equal(await page.inputValue(`#${dossierId}-risks`), 'Уходит к конкуренту, если сорвём сроки');
      ensureDir(SCREENSHOTS);
      await page.locator('#judgment').screenshot({ path: path.join(SCREENSHOTS, 'marks-panel-ru-1366.png') });
      assert.deepEqual(outsideRequests(log, new URL(BASE_URL).origin), [], 'requests outside the origin');
      assert.deepEqual(log.pageErrors, [], 'page errors');
    } finally {
      await context.close();
    }
  });

  test('a potential typed in the editor shows the share of wallet (= CLI)', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.en, 'the demo workbook')) return;
    const { context, page, log } = await openPage(browser, { locale: 'en-US', viewport: DESKTOP });
    try {
      await openDemo(page, log, 'en');
      const name = await page.locator('#clients tbody tr').nth(20).getAttribute('data-name');
      const potential = 25_000_000;
      const cliReport = (await cli(DEMO.en, ['--mark', `${name}=potential:${potential}`])).report;
      const want = cliReport.clients.find((c) => c.name === name);
      assert.equal(typeof want.wallet_share, 'number', 'the CLI computes a share of wallet');
      // Typed as a person would, with thousands separators.
      await mark(page, log, name, ['potential'], '25,000,000');
      await page.waitForSelector(`${rowSel(name)}[data-wallet-share]`);
      const shown = Number(await page.getAttribute(rowSel(name), 'data-wallet-share'));
      assert.ok(Math.abs(shown - want.wallet_share) < 1e-9, `wallet share: page ${shown}, CLI ${want.wallet_share}`);
      assert.equal(Number(await page.getAttribute(rowSel(name), 'data-potential')), potential);
      assert.match(await page.textContent(`${rowSel(name)} .wallet`), /our share of its purchases/);
      // A bad number is refused in the editor and not sent.
      await page.click(`${rowSel(name)} button[data-action=mark]`);
      await page.fill('#mark-potential', 'a lot');
      await page.click('#mark-save');
      assert.equal(await page.getAttribute('#mark-potential', 'aria-invalid'), 'true');
      assert.ok(await page.isVisible('#mark-potential-error'));
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('#mark-editor[open]'));
      assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.dataset.client), name, 'Esc returns the focus to the row');
      assert.equal(Number(await page.getAttribute(rowSel(name), 'data-potential')), potential, 'Esc changed nothing');
      await page.locator(rowSel(name)).screenshot({ path: path.join(ensureDir(SCREENSHOTS), 'marks-wallet-en-1366.png') });
      assert.deepEqual(log.pageErrors, [], 'page errors');
    } finally {
      await context.close();
    }
  });

  test('storage: a similar file takes over the stored company; marks for absent clients are kept and listed', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.en, 'the demo workbook')) return;
    const names = (await cli(DEMO.en)).report.clients.map((c) => c.name);
    const name = names[15];
    // Another export of the same company: most names the same, two gone, one new; keyed differently.
    const stored = {
      companies: {
        'c00000000-99': {
          clients: [...names.slice(2), 'A Client From Last Year Ltd'],
          marks: { [name]: { kinds: ['innovator'], potential: null }, 'A Client From Last Year Ltd': { kinds: ['reference'], potential: null } },
          dossiers: {},
          supplier: [{ name: 'Bosch discount', products: [], unit: 'money', perMonth: 500, months: 3 }],
          updated: '2025-01-01T00:00:00.000Z',
        },
        'cffffffff-3': { clients: ['X', 'Y', 'Z'], marks: { X: { kinds: ['partner'], potential: null } }, dossiers: {}, supplier: [], updated: null },
      },
    };
    const { context, page, log } = await openPage(browser, { locale: 'en-US', viewport: DESKTOP });
    try {
      await page.goto(BASE_URL + '?lang=en');
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, JSON.stringify(stored)]);
      await openDemo(page, log, 'en');
      await judgmentShown(page, name);
      assert.ok(await page.isVisible('#marks-takeover'), 'the takeover is said');
      assert.equal(await page.getAttribute('#marks-unmatched', 'data-names'), 'A Client From Last Year Ltd');
      assert.match(await page.textContent('#marks-unmatched'), /1 mark for a client not in this file/);
      const db = await storedDb(page);
      const keys = Object.keys(db.companies).sort();
      assert.ok(!keys.includes('c00000000-99'), 're-keyed');
      assert.ok(keys.includes('cffffffff-3'), 'the other company is untouched');
      const mine = db.companies[keys.find((k) => k !== 'cffffffff-3')];
      assert.ok(mine.marks['A Client From Last Year Ltd'], 'the absent client\'s mark is kept');
      assert.equal(mine.supplier[0].name, 'Bosch discount', 'the supplier conditions are kept');
      assert.equal(mine.clients.length, names.length, 'the company now has this file\'s names');
      assert.deepEqual(log.pageErrors, [], 'page errors');
    } finally {
      await context.close();
    }
  });

  test('the dossier: fields count in its progress and survive a re-run and a reload', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', viewport: DESKTOP });
    try {
      await openDemo(page, log, 'ru');
      const first = page.locator('#dossiers .dossier').first();
      const id = await first.getAttribute('id');
      const client = await first.getAttribute('data-client');
      assert.equal(await first.getAttribute('data-filled'), '0');
      assert.equal(await first.getAttribute('data-total'), '8');
      await page.click(`#${id}-toggle`);
      assert.equal(await page.getAttribute(`#${id}-toggle`, 'aria-expanded'), 'true');
      await page.fill(`#${id}-owner-name`, 'Иван Петрович Сидоров');
      await page.fill(`#${id}-purchasing-name`, 'Анна');
      await page.fill(`#${id}-meeting-date`, '2024-12-10');
      assert.equal(await first.getAttribute('data-filled'), '3');
      assert.match(await page.textContent(`#${id}-progress-text`), /заполнено 3 из 8/);
      // A re-run (a mark elsewhere) rebuilds the report: the dossier keeps its text and stays open.
      const other = await smallClient(page);
      await mark(page, log, other, ['reference']);
      assert.equal(await page.inputValue(`#${id}-owner-name`), 'Иван Петрович Сидоров');
      assert.ok(await page.isVisible(`#${id}-body`), 'still open');
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector('#demo');
      assert.equal(await runAndWait(page, () => page.click('#demo'), { log }), 'report');
      assert.equal(await page.getAttribute(`#${id}`, 'data-filled'), '3');
      assert.equal(await page.getAttribute(`#${id}`, 'data-client'), client);
      assert.deepEqual(log.pageErrors, [], 'page errors');
    } finally {
      await context.close();
    }
  });

  test('single file in <iframe sandbox="allow-scripts">: a mark works in memory, without errors', { timeout: 180_000 }, async (t) => {
    if (needFile(t, SINGLE, 'the single file (scripts/build-single)')) return;
    const harness = await startServer({
      '/embed.html': {
        type: 'text/html; charset=utf-8',
        body:
          '<!doctype html><html lang="en"><meta charset="utf-8"><title>embed</title>' +
          '<iframe id="ka" sandbox="allow-scripts" src="/keyaccounts.html" style="width:1200px;height:900px" title="keyaccounts"></iframe>',
      },
      '/keyaccounts.html': { type: 'text/html; charset=utf-8', body: readText(SINGLE) },
    });
    const { context, page, log } = await openPage(browser, { locale: 'en-US', viewport: { width: 1280, height: 1000 } });
    try {
      await page.goto(`${harness.origin}/embed.html`, { waitUntil: 'load' });
      const frame = page.frames().find((f) => f.url().endsWith('/keyaccounts.html'));
      assert.ok(frame, 'the frame');
      await frame.waitForSelector('#demo', { timeout: 20_000 });
      const consoleErrors = [];
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      assert.equal(await runAndWait(frame, () => frame.click('#demo'), { log }), 'report');
      assert.equal(await frame.getAttribute('#judgment', 'data-storage'), 'memory');
      assert.ok(await frame.isVisible('#marks-storage[data-storage="memory"]'), 'the page says marks will not be kept');
      const name = await frame.locator('#clients tbody tr').nth(12).getAttribute('data-name');
      await mark(frame, log, name, ['reference']);
      await judgmentShown(frame, name);
      // Export in a sandbox without allow-downloads: the page says so and offers the text.
      await frame.click('#marks-export');
      await frame.waitForSelector('#marks-export-text');
      assert.equal(await frame.getAttribute('#marks-status', 'data-message'), 'mk.export_framed');
      const text = JSON.parse(await frame.inputValue('#marks-export-text'));
      assert.deepEqual(text.marks[name].kinds, ['reference']);
      assert.deepEqual(log.pageErrors, [], 'page errors');
      assert.deepEqual(consoleErrors, [], 'console errors');
      const outside = log.requests.filter((u) => !u.startsWith(harness.origin) && !['data:', 'blob:'].includes(new URL(u).protocol));
      assert.deepEqual(outside, [], 'requests outside the harness');
    } finally {
      await context.close();
      await harness.close();
    }
  });

  for (const lang of ['ru', 'en']) {
    for (const colorScheme of ['light', 'dark']) {
      test(`axe (${lang}, ${colorScheme}): the open editor and an open dossier; screenshots`, { timeout: 120_000 }, async (t) => {
        if (needServer(t)) return;
        const { context, page, log } = await openPage(browser, { locale: LOCALE[lang], viewport: DESKTOP, colorScheme });
        try {
          await openDemo(page, log, lang);
          const name = await smallClient(page);
          await mark(page, log, name, ['reference', 'innovator'], lang === 'ru' ? '20 000 000' : '20,000,000');
          await judgmentShown(page, name);
          const dossier = page.locator('#dossiers .dossier').first();
          const id = await dossier.getAttribute('id');
          await page.click(`#${id}-toggle`);
          await axeCheck(page, t, `${lang} ${colorScheme}, dossier open`);
          ensureDir(SCREENSHOTS);
          await page.locator('#judgment').screenshot({ path: path.join(SCREENSHOTS, `marks-dossier-${lang}-1366-${colorScheme}.png`) });
          await page.locator('#key-accounts').screenshot({ path: path.join(SCREENSHOTS, `marks-ka-${lang}-1366-${colorScheme}.png`) });
          await page.click(`${rowSel(name)} button[data-action=mark]`);
          await page.waitForSelector('#mark-editor[open]');
          await axeCheck(page, t, `${lang} ${colorScheme}, editor open`);
          await page.screenshot({ path: path.join(SCREENSHOTS, `marks-editor-${lang}-1366-${colorScheme}.png`) });
          await page.keyboard.press('Escape');
        } finally {
          await context.close();
        }
      });
    }

    test(`390×844 (${lang}): no horizontal scroll with marks, the editor and a dossier open`, { timeout: 120_000 }, async (t) => {
      if (needServer(t)) return;
      const { context, page, log } = await openPage(browser, { locale: LOCALE[lang], viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      try {
        await openDemo(page, log, lang);
        const name = await smallClient(page);
        await mark(page, log, name, ['reference', 'partner'], 30000000);
        await judgmentShown(page, name);
        const id = await page.locator('#dossiers .dossier').first().getAttribute('id');
        await page.click(`#${id}-toggle`);
        const wide = () =>
          page.evaluate((phone) => {
            // A mobile viewport widens to its content, so the offenders are measured against the phone's own width.
            const vw = window.innerWidth;
            const offenders = [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > phone + 1 && !e.closest('.table-wrap'))
              .slice(0, 5)
              .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
            return { scroll: document.documentElement.scrollWidth, vw, offenders };
          }, PHONE.width);
        let m = await wide();
        assert.ok(m.scroll <= PHONE.width && m.vw === PHONE.width, `scrollWidth ${m.scroll} > ${m.vw}: ${m.offenders.join(', ')}`);
        ensureDir(SCREENSHOTS);
        await page.locator('#judgment').screenshot({ path: path.join(SCREENSHOTS, `marks-dossier-${lang}-390.png`) });
        await page.locator('#key-accounts').screenshot({ path: path.join(SCREENSHOTS, `marks-ka-${lang}-390.png`) });
        await page.click(`${rowSel(name)} button[data-action=mark]`);
        await page.waitForSelector('#mark-editor[open]');
        m = await wide();
        assert.ok(m.scroll <= PHONE.width && m.vw === PHONE.width, `editor open: scrollWidth ${m.scroll} > ${m.vw}: ${m.offenders.join(', ')}`);
        const box = await page.locator('#mark-editor').boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `the editor fits: ${JSON.stringify(box)}`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `marks-editor-${lang}-390.png`) });
      } finally {
        await context.close();
      }
    });
  }

  test('print: a filled dossier and an open one on their own pages, empty closed ones not, the controls hidden', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', viewport: DESKTOP });
    try {
      await openDemo(page, log, 'ru');
      const name = await smallClient(page);
      await mark(page, log, name, ['reference']);
      await judgmentShown(page, name);
      // The judgment key account's dossier gets a name typed in (then closed); the first one is opened empty (a form to print).
      const judged = page.locator(`#dossiers .dossier[data-client="${name.replace(/"/g, '\\"')}"]`);
      const judgedId = await judged.getAttribute('id');
      await page.click(`#${judgedId}-toggle`);
      await page.fill(`#${judgedId}-owner-name`, 'Иван Петрович Сидоров');
      await page.click(`#${judgedId}-toggle`);
      const openId = await page.locator('#dossiers .dossier[data-filled="0"]').first().getAttribute('id');
      await page.click(`#${openId}-toggle`);
      await page.emulateMedia({ media: 'print' });
      const p = await page.evaluate(() => ({
        dossiers: [...document.querySelectorAll('#dossiers .dossier')].map((d) => ({
          id: d.id,
          printed: d.checkVisibility(),
          breakBefore: getComputedStyle(d).breakBefore,
          bodyShown: getComputedStyle(d.querySelector('.dossier-body')).display !== 'none',
          client: d.dataset.client,
          filled: Number(d.dataset.filled),
        })),
        buttons: [...document.querySelectorAll('.mark-button, .dossier-toggle, #marks-export')].filter((b) => b.getClientRects().length > 0).length,
      }));
      const printed = p.dossiers.filter((d) => d.printed);
      assert.deepEqual(printed.map((d) => d.id).sort(), [judgedId, openId].sort(), `the filled and the open dossier print: ${JSON.stringify(p.dossiers)}`);
      assert.ok(p.dossiers.length > printed.length, 'empty closed dossiers do not');
      for (const d of printed) {
        assert.equal(d.breakBefore, 'page', `${d.client}: a page of its own`);
        assert.ok(d.bodyShown, `${d.client}: its fields are printed (lines to fill in)`);
      }
      assert.equal(p.buttons, 0, 'no buttons on paper');
      ensureDir(SCREENSHOTS);
      await page.locator('#dossiers .dossier').first().screenshot({ path: path.join(SCREENSHOTS, 'marks-dossier-ru-print.png') });
      await page.pdf({ path: path.join(SCREENSHOTS, 'marks-ru-print-a4.pdf'), format: 'A4', printBackground: false });
    } finally {
      await context.close();
    }
  });
});
