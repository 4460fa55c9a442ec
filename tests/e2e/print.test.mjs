// The report to hand over (issue 13, point 3): "Print / Save as PDF" on the demo (RU and EN).
// 1. page.pdf() in A4 gives a document whose page count is stated (printed with the test) and sensible.
// 2. Its first page carries the cover: the file, the period, the as-of date, the totals, the verdict and the rules.
// 3. Every page has its footer: the file, the report's date, the print date and "page N of M" (CSS @page boxes).
// 4. Nothing is cut: from the print layout, every chart, table row, finding card and summary card keeps together
//    (break-inside: avoid) and is shorter than a printed page, so a page break can always go around it; and in the
//    PDF itself each chart's caption and its last label are on the same page.
// 5. The method's rules appendix lists every rule with the threshold used; the data-quality appendix is there.
// The PDFs and PNGs of their pages go to target/screenshots/print-*.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, DEMO, SCREENSHOTS, cli, diag, ensureDir, launch, missing, needFile, needServer, openPage, runAndWait } from './lib.mjs';

let browser;
before(async () => {
  if (BASE_URL) browser = await launch();
});
after(async () => browser && (await browser.close()));

const LOCALE = { ru: 'ru-RU', en: 'en-US' };
/** A4 height minus the @page margins of print.css (16 mm + 18 mm), in CSS px (96 per inch). */
const PAGE_CONTENT_PX = ((297 - 16 - 18) / 25.4) * 96;

function pdfPages(file) {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /Pages:\s+(\d+)/.exec(info);
  return m ? Number(m[1]) : 0;
}

function pageText(file, n) {
  return execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', file, '-'], { encoding: 'utf8' });
}

const poppler = () => ['pdfinfo', 'pdftotext'].every((b) => ['/usr/bin/', '/usr/local/bin/'].some((d) => existsSync(d + b)));
const squash = (s) => s.replace(/\s+/g, ' ').trim();

describe('the printed report', { timeout: 600_000 }, () => {
  for (const lang of ['ru', 'en']) {
    test(`A4 PDF of the demo (${lang}): cover, footers, nothing cut, rules appendix`, { timeout: 180_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      if (!poppler()) return void missing(t, 'pdfinfo/pdftotext (Debian poppler-utils) are not installed');
      const report = (await cli(DEMO[lang])).report;
      const { context, page, log } = await openPage(browser, { locale: LOCALE[lang] });
      try {
        await page.goto(BASE_URL + '?lang=' + lang, { waitUntil: 'load' });
        assert.equal(await runAndWait(page, () => page.click('#demo'), { log, unfold: false }), 'report', diag(log));
        await page.emulateMedia({ media: 'print' });

        // 4. From the print layout: what must keep together says so and fits a page.
        const layout = await page.evaluate((limit) => {
          const bad = [];
          const sel = '#report figure.chart, #report tr, #report .finding, #report .finding-group, #report .verdict, #print-cover';
          let count = 0;
          for (const n of document.querySelectorAll(sel)) {
            if (!n.checkVisibility()) continue;
            count++;
            const cs = getComputedStyle(n);
            const h = n.getBoundingClientRect().height;
            if (cs.breakInside !== 'avoid' && cs.breakInside !== 'avoid-page') bad.push(`${n.tagName.toLowerCase()}#${n.id || ''}.${n.className}: break-inside ${cs.breakInside}`);
            if (h > limit) bad.push(`${n.tagName.toLowerCase()}#${n.id || ''}: ${Math.round(h)} px > a page (${Math.round(limit)} px)`);
          }
          return { bad: bad.slice(0, 10), count, charts: [...document.querySelectorAll('#report figure.chart')].filter((f) => f.checkVisibility()).map((f) => ({ id: f.id, caption: (f.querySelector('figcaption .chart-title') || f.querySelector('figcaption') || f).textContent.trim() })) };
        }, PAGE_CONTENT_PX);
        assert.deepEqual(layout.bad, [], `kept together and shorter than a page (${layout.count} checked)`);
        assert.ok(layout.count > 50, `rows, cards and charts checked: ${layout.count}`);

        const dir = ensureDir(SCREENSHOTS);
        const pdf = path.join(dir, `print-${lang}-a4.pdf`);
        await page.pdf({ path: pdf, format: 'A4', printBackground: false });
        const pages = pdfPages(pdf);
        console.log(`# print (${lang}): ${pages} A4 pages → ${pdf}`);
        assert.ok(pages >= 3 && pages <= 24, `a sensible document: ${pages} pages`);
        execFileSync('pdftoppm', ['-r', '60', '-png', pdf, path.join(dir, `print-${lang}-page`)]);

        const texts = [];
        for (let n = 1; n <= pages; n++) texts.push(pageText(pdf, n));
        // 2. The cover on page 1: the file, the totals and the verdict.
        const first = squash(texts[0]);
        assert.ok(first.includes(`demo-${lang}.xlsx`), 'the file on the cover');
        assert.ok(first.includes(String(report.clients.length)), 'the number of clients');
        assert.ok(first.includes(report.clients[0].name), 'the largest client');
        const verdict = squash(await page.textContent('#verdict-text'));
        assert.ok(first.includes(verdict.slice(0, 30)), `the verdict on page 1: ${verdict}`);
        // 3. Every page's footer.
        for (let n = 1; n <= pages; n++) {
          const text = squash(texts[n - 1]);
          assert.ok(text.includes(`demo-${lang}.xlsx`), `page ${n}: the file in the footer`);
          assert.ok(new RegExp(`\\b${n}\\s+\\S+\\s+${pages}\\b`).test(text), `page ${n}: "page ${n} of ${pages}"`);
        }
        // 4. In the PDF: each chart's caption and its last label on one page.
        for (const c of layout.charts) {
          const label = await page.evaluate((id) => {
            // Not a haloed label: the PDF holds its stroke and its fill as two runs of text, which extract interleaved.
            const texts = [...document.querySelectorAll(`#${id} svg text:not(.chart-halo)`)].map((x) => x.textContent.trim()).filter((x) => x.length >= 3);
            return texts.length ? texts[texts.length - 1] : null;
          }, c.id);
          const where = texts.map((tx, i) => [i + 1, squash(tx)]).filter(([, tx]) => tx.includes(squash(c.caption).slice(0, 25)));
          assert.ok(where.length >= 1, `${c.id}: its caption "${c.caption}" is printed`);
          if (label) assert.ok(where.some(([, tx]) => tx.includes(squash(label))), `${c.id}: the caption and "${label}" on the same page (pages ${where.map(([n]) => n)})`);
        }
        // 5. The appendices.
        const all = squash(texts.join(' '));
        const rulesTitle = await page.textContent('#print-rules h2');
        assert.ok(all.includes(squash(rulesTitle)), 'the rules appendix');
        assert.ok(await page.locator('#print-rules tr[data-rule="key_share"]').count(), 'the key-share rule listed');
        assert.ok(all.includes(squash(await page.textContent('#dq-title'))), 'the data-quality appendix');
        await page.emulateMedia({ media: 'screen' });
      } finally {
        await context.close();
      }
    });
  }
});
