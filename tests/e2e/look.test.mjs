// 5. axe-core on the demo report (RU and EN, light and dark): no serious or critical violations; at 390×844 the
//    document is not wider than the viewport.
// 6. Screenshots of the demo report, RU and EN, 1366×768 and 390×844, light and dark, full page, and a print PDF, in
//    target/screenshots/ (paths printed); plus the first screen of the report for each (…-report-top.png).
//
// axe is injected with page.evaluate(source): that runs through the DevTools protocol, which the page's CSP does not
// govern (no script tag, no eval in the page), so the tested page keeps its real policy (no bypassCSP).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, SCREENSHOTS, diag, ensureDir, gotoServed, launch, needServer, openPage, runAndWait } from './lib.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => {
  if (BASE_URL) browser = await launch();
});
after(async () => browser && (await browser.close()));

const LOCALE = { ru: 'ru-RU', en: 'en-US' };
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

async function demoPage(lang, opts) {
  const opened = await openPage(browser, { locale: LOCALE[lang], ...opts });
  await gotoServed(opened.page);
  const outcome = await runAndWait(opened.page, () => opened.page.click('#demo'), { log: opened.log });
  if (outcome !== 'report') {
    await opened.context.close();
    throw new Error(`the demo (${lang}) gives ${outcome}${diag(opened.log)}`);
  }
  await opened.page.evaluate(() => document.activeElement && document.activeElement.blur && document.activeElement.blur());
  return opened;
}

function formatViolations(violations) {
  return violations
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `      ${n.target.join(' ')} — ${n.failureSummary.replace(/\n/g, ' ')}`)
          .join('\n'),
    )
    .join('\n');
}

describe('accessibility and layout', { timeout: 300_000 }, () => {
  for (const lang of ['ru', 'en']) {
    for (const colorScheme of ['light', 'dark']) {
      test(`axe-core: demo report (${lang}, ${colorScheme}) has no serious or critical violations`, { timeout: 90_000 }, async (t) => {
        if (needServer(t)) return;
        const { context, page } = await demoPage(lang, { colorScheme, viewport: DESKTOP });
        try {
          await page.evaluate(axeSource);
          assert.ok(await page.evaluate(() => typeof window.axe === 'object'), 'axe-core did not load in the page');
          const results = await page.evaluate(() =>
            window.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
          );
          const all = results.violations;
          const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          if (all.length) t.diagnostic(`axe (${lang}, ${colorScheme}) — all violations:\n${formatViolations(all)}`);
          assert.equal(bad.length, 0, `axe (${lang}, ${colorScheme}): serious/critical violations:\n${formatViolations(bad)}`);
        } finally {
          await context.close();
        }
      });
    }

    test(`390×844 (${lang}): the document is not wider than the viewport`, { timeout: 90_000 }, async (t) => {
      if (needServer(t)) return;
      const { context, page } = await demoPage(lang, { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      try {
        // A mobile viewport widens to fit its content, so everything is measured against the phone's own width.
        const m = await page.evaluate((vw) => {
          const wide = [...document.querySelectorAll('body *')]
            .filter((el) => {
              const r = el.getBoundingClientRect();
              return r.width > 0 && r.right > vw + 1 && getComputedStyle(el).position !== 'fixed';
            })
            // report only the outermost offenders
            .filter((el, _, arr) => !arr.includes(el.parentElement))
            .slice(0, 8)
            .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).replace(/\s+/g, '.') : ''} right=${Math.round(el.getBoundingClientRect().right)}`);
          return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide };
        }, PHONE.width);
        assert.ok(
          m.scrollWidth <= PHONE.width && m.innerWidth === PHONE.width,
          `document scrollWidth ${m.scrollWidth}, innerWidth ${m.innerWidth} > ${PHONE.width}; elements sticking out: ${m.wide.join('; ')}`,
        );
      } finally {
        await context.close();
      }
    });
  }
});

describe('stylesheets', () => {
  // A lost closing brace does not break CSS: the rest of the file silently becomes nested rules of one selector
  // (a bad merge did exactly that to app.css). The page writes no nested CSS, so a nested rule is that bug.
  test('every rule of app.css and print.css is parsed at the top level (no rule swallowed by a lost brace)', async (t) => {
    if (needServer(t)) return;
    const { context, page } = await openPage(browser, { viewport: DESKTOP });
    try {
      await gotoServed(page);
      const sheets = await page.evaluate(() =>
        [...document.styleSheets].map((ss) => {
          const nested = [];
          const walk = (rules) => {
            for (const r of rules) {
              if (r instanceof CSSStyleRule && r.cssRules && r.cssRules.length) nested.push(r.selectorText);
              else if (r.cssRules) walk(r.cssRules);
            }
          };
          walk(ss.cssRules);
          return { href: ss.href, rules: ss.cssRules.length, nested };
        }),
      );
      assert.ok(sheets.length >= 2, `app.css and print.css are loaded: ${JSON.stringify(sheets)}`);
      for (const s of sheets) {
        assert.ok(s.rules > 0, `${s.href} has rules`);
        assert.deepEqual(s.nested, [], `${s.href}: rules nested in another (a closing brace is missing before them)`);
      }
    } finally {
      await context.close();
    }
  });
});

describe('screenshots of the demo report', { timeout: 300_000 }, () => {
  test('RU and EN × 1366×768 and 390×844 × light and dark, full page; print PDF', { timeout: 240_000 }, async (t) => {
    if (needServer(t)) return;
    const dir = ensureDir(SCREENSHOTS);
    const written = [];
    for (const lang of ['ru', 'en']) {
      for (const [size, viewport] of [
        ['1366x768', DESKTOP],
        ['390x844', PHONE],
      ]) {
        for (const colorScheme of ['light', 'dark']) {
          const { context, page } = await demoPage(lang, { viewport, colorScheme });
          try {
            await page.evaluate(() => window.scrollTo(0, 0));
            const file = path.join(dir, `demo-${lang}-${size}-${colorScheme}.png`);
            await page.screenshot({ path: file, fullPage: true });
            // and the first screen of the report as a reader lands on it (easier to look at than a 10,000 px page)
            const top = path.join(dir, `demo-${lang}-${size}-${colorScheme}-report-top.png`);
            await page.evaluate(() => document.getElementById('report').scrollIntoView({ block: 'start' }));
            await page.screenshot({ path: top });
            written.push(file, top);
          } finally {
            await context.close();
          }
        }
      }
      const { context, page } = await demoPage(lang, { viewport: DESKTOP });
      try {
        await page.emulateMedia({ media: 'print' });
        // The print stylesheet: the report prints, the controls do not.
        const printed = await page.evaluate(() => {
          const shown = (id) => {
            const el = document.getElementById(id);
            return !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
          };
          return { report: shown('report'), dropzone: shown('dropzone'), lang: shown('lang'), file: shown('file'), demo: shown('demo') };
        });
        assert.deepEqual(
          printed,
          { report: true, dropzone: false, lang: false, file: false, demo: false },
          `print media (${lang}): the report must print and the file/demo/language controls must not`,
        );
        const png = path.join(dir, `demo-${lang}-print.png`);
        await page.screenshot({ path: png, fullPage: true });
        const pdf = path.join(dir, `demo-${lang}-print-a4.pdf`);
        await page.pdf({ path: pdf, format: 'A4', printBackground: false });
        written.push(png, pdf);
      } finally {
        await context.close();
      }
    }
    for (const f of written) console.log(`# screenshot: ${f}`);
    t.diagnostic(`${written.length} files in ${dir}`);
    assert.equal(written.length, 20);
  });
});
