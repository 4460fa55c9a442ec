// The report at a glance (issue 13, point 2), on the demo, against the CLI's report of the same file:
// 1. The verdict is the report's most severe finding in one sentence (= the CLI's first finding), with how many
//    warnings follow; its link opens that finding's card.
// 2. 1366×768: the first screen shows the verdict, the summary cards, the Pareto chart and the action list's start.
// 3. Findings of one kind are grouped: warnings and critical findings stay one card each; information of one kind is
//    one line per scope with its names (managers with their counts = the CLI's key_account findings per manager); every
//    finding of the CLI's report is on the page (#finding-<index>) and shown once its group is opened — also through
//    an address ending in #finding-<index>.
// 4. Sections below the findings are folded with one line each; a toggle opens one (aria-expanded), the state
//    survives a re-run, "open all" opens every one; print shows every section, and each group as its line.
// 5. 390×844: the report's page is at most half the 18,500 px the issue measured (≤ 9,250 px) and never wider than
//    the phone. Screenshots: target/screenshots/glance-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, DEMO, SCREENSHOTS, cli, diag, ensureDir, launch, needFile, needServer, openPage, runAndWait } from './lib.mjs';

let browser;
before(async () => {
  if (BASE_URL) browser = await launch();
});
after(async () => browser && (await browser.close()));

const LOCALE = { ru: 'ru-RU', en: 'en-US' };
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
/** The issue measured the demo report at 18,500 px on a phone; it must be at most half of that. */
const PHONE_MAX_HEIGHT = 9250;

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

async function shot(page, name, locator) {
  const file = path.join(ensureDir(SCREENSHOTS), `glance-${name}.png`);
  if (locator) await page.locator(locator).first().screenshot({ path: file });
  else await page.screenshot({ path: file });
  console.log(`# screenshot: ${file}`);
}

const visible = (page, sel) => page.locator(sel).first().isVisible();

describe('the report at a glance', { timeout: 600_000 }, () => {
  for (const lang of ['ru', 'en']) {
    test(`verdict and first screen at 1366×768 (${lang}): verdict, cards, Pareto, actions`, { timeout: 120_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const report = (await cli(DEMO[lang])).report;
      const { context, page } = await demo(lang);
      try {
        const verdict = await page.evaluate(() => {
          const v = document.getElementById('verdict');
          return v && { code: v.dataset.code, severity: v.dataset.severity, serious: Number(v.dataset.serious), text: v.querySelector('.verdict-text').textContent };
        });
        const first = report.findings[0];
        const serious = report.findings.filter((f) => f.severity === 'critical' || f.severity === 'warning').length;
        assert.ok(verdict, 'the verdict is shown');
        assert.equal(verdict.code, first.code, 'the verdict is the most severe finding');
        assert.equal(verdict.severity, first.severity);
        assert.equal(verdict.serious, serious, 'it counts the warnings and critical findings');
        if (first.client) assert.ok(verdict.text.includes(first.client), `the verdict names ${first.client}: ${verdict.text}`);

        // The first screen, as the page leaves it after the demo opened (scrolled to the report).
        const box = await page.evaluate(() => {
          const r = (sel) => {
            const n = document.querySelector(sel);
            if (!n) return null;
            const b = n.getBoundingClientRect();
            return { top: b.top, bottom: b.bottom };
          };
          return { h: window.innerHeight, verdict: r('#verdict'), cards: r('#report-body .cards'), pareto: r('#chart-pareto svg'), actions: r('#actions-block') };
        });
        assert.ok(box.verdict && box.verdict.top >= 0 && box.verdict.bottom <= box.h, `the verdict is on the first screen: ${JSON.stringify(box)}`);
        assert.ok(box.cards && box.cards.bottom <= box.h, `the cards are on the first screen: ${JSON.stringify(box)}`);
        assert.ok(box.pareto, 'the Pareto chart is on the report');
        assert.ok(box.pareto.top < box.h - 150, `the Pareto chart starts on the first screen with most of it in sight: ${JSON.stringify(box)}`);
        assert.ok(box.actions, 'the action list is on the report');
        await shot(page, `${lang}-1366-first-screen`);
        await page.emulateMedia({ colorScheme: 'dark' });
        await shot(page, `${lang}-1366-first-screen-dark`);
      } finally {
        await context.close();
      }
    });
  }

  test('findings: warnings one card each, information grouped per scope with names; every finding reachable', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const report = (await cli(DEMO.ru)).report;
    const { context, page, log } = await demo('ru');
    try {
      // Every finding of the engine is on the page, by its index.
      const ids = await page.$$eval('#findings li.finding', (ls) => ls.map((li) => [li.id, li.dataset.code]));
      assert.deepEqual(
        ids.map(([id]) => Number(id.replace('finding-', ''))).sort((a, b) => a - b),
        report.findings.map((_, i) => i),
        'one card per finding of the report',
      );
      for (const [id, code] of ids) assert.equal(code, report.findings[Number(id.replace('finding-', ''))].code, id);

      // Warnings and critical ones are cards in sight; information of one kind that repeats is one line.
      for (const [i, f] of report.findings.entries()) {
        if (f.severity === 'info') continue;
        assert.ok(await visible(page, `#finding-${i}`), `${f.code} #${i} is a card in sight`);
        assert.equal(await page.locator(`#finding-${i}`).evaluate((n) => Boolean(n.closest('.finding-group'))), false, `${f.code} #${i} is not grouped`);
      }
      const groups = await page.$$eval('#findings > li.finding-group', (ls) => ls.map((li) => ({ group: li.dataset.group, count: Number(li.dataset.count), names: li.querySelector('.fg-names').textContent })));
      const perManager = new Map();
      for (const f of report.findings.filter((x) => x.code === 'key_account' && x.scope === 'manager')) perManager.set(f.group, (perManager.get(f.group) || 0) + 1);
      const mgrGroup = groups.find((g) => g.group === 'key_account:manager');
      assert.ok(mgrGroup, `a group of the managers' key accounts: ${JSON.stringify(groups)}`);
      assert.equal(mgrGroup.count, [...perManager.values()].reduce((a, b) => a + b, 0));
      for (const [manager, n] of perManager) assert.ok(mgrGroup.names.includes(`${manager} — ${n}`), `"${manager} — ${n}" in ${mgrGroup.names}`);
      const companyGroup = groups.find((g) => g.group === 'key_account:company');
      assert.ok(companyGroup, 'a group of the company key accounts');
      for (const k of report.key_accounts.filter((k) => k.scope === 'company' && k.basis !== 'judgment')) assert.ok(companyGroup.names.includes(k.client), `${k.client} named in the company group`);
      const info = report.findings.filter((f) => f.severity === 'info').length;
      const cardsInSight = await page.$$eval('#findings li.finding', (ls) => ls.filter((li) => li.checkVisibility()).length);
      assert.ok(cardsInSight < report.findings.length - info / 2, `most information cards are folded into lines (${cardsInSight} of ${report.findings.length} in sight)`);
      await shot(page, 'ru-1366-findings', '#findings-block');

      // A group opens into its cards.
      const mgrIndex = report.findings.findIndex((f) => f.code === 'key_account' && f.scope === 'manager');
      assert.equal(await visible(page, `#finding-${mgrIndex}`), false, 'a manager key account is folded at first');
      await page.click('#findings > li.finding-group[data-group="key_account:manager"] summary');
      assert.equal(await visible(page, `#finding-${mgrIndex}`), true, 'opening the group shows it');
      await page.click('#findings > li.finding-group[data-group="key_account:manager"] summary');
      assert.equal(await visible(page, `#finding-${mgrIndex}`), false, 'and closing hides it');

      // An address ending in #finding-N opens what holds it.
      await page.evaluate((i) => {
        location.hash = '#finding-' + i;
      }, mgrIndex);
      await page.waitForFunction((i) => document.getElementById('finding-' + i).checkVisibility(), mgrIndex);
      // An action's link to its card goes there (the card is in sight).
      const link = page.locator('#actions a.action-link').first();
      const href = await link.getAttribute('href');
      await link.click();
      await page.waitForFunction((h) => location.hash === h, href);
      assert.ok(await visible(page, href), `${href} is shown`);
      // The verdict's link goes to the most severe card.
      await page.click('#verdict-link');
      assert.ok(await visible(page, '#finding-0'));
      assert.deepEqual(log.pageErrors, [], 'no page errors');
    } finally {
      await context.close();
    }
  });

  test('folded sections: one line each, a toggle opens one and it stays open after a re-run; open all; print shows all', { timeout: 150_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const { context, page, log } = await demo('ru');
    try {
      const folds = await page.$$eval('[data-fold]', (ss) => ss.map((s) => ({ id: s.dataset.fold, open: s.dataset.open, summary: (s.querySelector('.fold-summary') || {}).textContent || '' })));
      for (const id of ['understood', 'decisions', 'key-accounts', 'dynamics', 'comparison', 'managers', 'clients', 'quality']) {
        const f = folds.find((x) => x.id === id);
        assert.ok(f, `${id} is folded: ${JSON.stringify(folds.map((x) => x.id))}`);
        assert.equal(f.open, 'false', `${id} starts closed`);
      }
      // The lines say what is inside, in numbers.
      const summaryOf = (id) => folds.find((x) => x.id === id).summary;
      const report = (await cli(DEMO.ru)).report;
      assert.ok(summaryOf('clients').includes(String(report.clients.length)), summaryOf('clients'));
      assert.ok(/\d/.test(summaryOf('key-accounts')), summaryOf('key-accounts'));
      assert.equal(await visible(page, '#clients'), false, 'the clients table is folded');

      await page.click('#fold-clients');
      assert.equal(await page.getAttribute('#fold-clients', 'aria-expanded'), 'true');
      assert.equal(await visible(page, '#clients'), true, 'opening the section shows the table');
      // A re-run (a rule changed) keeps it open.
      await page.click('#rules-summary');
      await page.fill('#rule-key', '15');
      assert.equal(await runAndWait(page, () => page.press('#rule-key', 'Enter'), { log, unfold: false }), 'report');
      assert.equal(await page.getAttribute('#fold-clients', 'aria-expanded'), 'true', 'still open after the re-run');
      assert.equal(await page.getAttribute('#fold-quality', 'aria-expanded'), 'false', 'the others still closed');

      await page.click('#fold-all');
      assert.equal(await page.$$eval('[data-fold]', (ss) => ss.filter((s) => s.dataset.open !== 'true').length), 0, 'open all opens every section');
      assert.equal(await page.getAttribute('#fold-all', 'aria-pressed'), 'true');
      await page.click('#fold-all');
      assert.equal(await page.$$eval('[data-fold]', (ss) => ss.filter((s) => s.dataset.open === 'true').length), 0, 'and closes them');

      // On paper every section is there, and every finding: a card, or its group's line with the names.
      await page.emulateMedia({ media: 'print' });
      const hidden = await page.evaluate(() => {
        const out = [];
        // The what-if and the supplier's panels are tools: on paper only with a result (none here).
        for (const b of document.querySelectorAll('#report .fold-body')) if (!b.checkVisibility() && !['fold-scenario-body', 'fold-supplier-body'].includes(b.id)) out.push(b.id);
        for (const li of document.querySelectorAll('#findings > li')) if (!li.checkVisibility()) out.push(li.id || li.dataset.group);
        return out;
      });
      assert.deepEqual(hidden, [], 'nothing of the report is hidden in print');
      await page.emulateMedia({ media: 'screen' });
    } finally {
      await context.close();
    }
  });

  for (const lang of ['ru', 'en']) {
    test(`390×844 (${lang}): at most ${PHONE_MAX_HEIGHT} px tall and not wider than the phone`, { timeout: 120_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const { context, page } = await demo(lang, { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      try {
        const m = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth, inner: window.innerWidth }));
        console.log(`# demo (${lang}) at 390 px: ${m.height} px tall`);
        assert.ok(m.height <= PHONE_MAX_HEIGHT, `the phone report is ${m.height} px tall (at most ${PHONE_MAX_HEIGHT})`);
        assert.ok(m.width <= PHONE.width && m.inner === PHONE.width, `not wider than the phone: ${JSON.stringify(m)}`);
        await shot(page, `${lang}-390-first-screen`);
      } finally {
        await context.close();
      }
    });
  }
});
