// Charts (issue 13) on the served page, with the real engine and the demo workbooks. Every number a chart
// draws is read from its data attributes (`figure.chart[data-bars][data-points][data-items]`, `.datum[data-*]`)
// and compared with the CLI's report of the same file — never from translated text.
//
// 1. The demo (RU and EN, 1366 px): the six charts of a report with dates and managers exist, each with the
//    number of bars / points / items the report gives (Pareto: the top 25 + "the others"; Lorenz: deciles;
//    shares: the top 10 and the method's lines; time: one point per month and series; ABC×XYZ: 9 cells;
//    managers: one row each, the over-limit ones marked), a title, a one-sentence summary the SVG is named by,
//    a data table with one row per item, and no raw i18n key.
// 2. Hover and keyboard: hovering a bar shows a tooltip with the exact amount (as in the data table); one tab
//    stop per chart; arrow keys, Home and End move it and the tooltip follows; in the 3×3 grid ↓ moves a row.
// 3. axe-core on the charts (light, dark): no serious or critical violations.
// 4. 390×844 (RU, EN): no chart is wider than the phone, no label leaves its SVG, no two labels overlap,
//    fewer Pareto bars (12 + the others); a tooltip on the last bar stays inside the chart.
// 5. What-if: after a what-if click on the largest client the chart shows today's and the scenario's shares
//    (= CLI --without), the client that leaves has no "after" bar.
// 6. Partial periods: a CSV written here that starts and ends inside a month — hollow markers, dashed
//    segments and "partial" in the table for exactly the CLI's partial months; the quarters view redraws
//    the chart by quarter.
// 7. Print: beforeprint redraws the charts at the A4 width, print media hides tooltips and keeps charts whole.
// 8. The single file over file://: the charts render under its hash-based CSP with no violation.
// 9. Screenshots of each chart: RU/EN × light/dark × 1366/390 → target/screenshots/chart-<name>-<lang>-<width>-<scheme>.png,
//    plus the what-if chart and a tooltip.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, DEMO, MONEY_TOLERANCE, SCREENSHOTS, SINGLE, cli, diag, ensureDir, gotoServed, launch, needFile, needServer, openPage, runAndWait, upload } from './lib.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser && (await browser.close()));

const LOCALE = { ru: 'ru-RU', en: 'en-US' };
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const PHONE_OPTS = { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DEMO_CHARTS = ['pareto', 'lorenz', 'shares', 'time', 'abcxyz', 'managers'];
const DIR = mkdtempSync(path.join(os.tmpdir(), 'keyaccounts-charts-'));

async function demoPage(lang, opts = {}) {
  const opened = await openPage(browser, { locale: LOCALE[lang], viewport: DESKTOP, ...opts });
  await gotoServed(opened.page);
  const outcome = await runAndWait(opened.page, () => opened.page.click('#demo'), { log: opened.log });
  if (outcome !== 'report') {
    await opened.context.close();
    throw new Error(`the demo (${lang}) gives ${outcome}${diag(opened.log)}`);
  }
  await opened.page.mouse.move(0, 0);
  return opened;
}

const near = (a, b, tol) => typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= tol;

/** Every chart on the page, from its data attributes. */
function readCharts(page) {
  return page.evaluate(() => {
    const num = (v) => (v === undefined || v === null || v === '' ? null : Number(v));
    const out = {};
    for (const f of document.querySelectorAll('figure.chart')) {
      const svg = f.querySelector('svg.chart-svg');
      const title = f.querySelector('figcaption .chart-title');
      const summary = f.querySelector('figcaption .chart-summary');
      out[f.dataset.chart] = {
        id: f.id,
        bars: num(f.dataset.bars),
        points: num(f.dataset.points),
        items: num(f.dataset.items),
        attrs: { ...f.dataset },
        title: title ? title.textContent : '',
        titleId: title ? title.id : '',
        summary: summary ? summary.textContent : '',
        summaryId: summary ? summary.id : '',
        svgRole: svg && svg.getAttribute('role'),
        labelledby: svg && svg.getAttribute('aria-labelledby'),
        viewBox: svg && svg.getAttribute('viewBox'),
        tableRows: f.querySelectorAll('.chart-data tbody tr').length,
        tabStops: f.querySelectorAll('.datum[tabindex="0"]').length,
        datums: [...f.querySelectorAll('.datum')].map((d) => ({ ...d.dataset, label: d.getAttribute('aria-label'), role: d.getAttribute('role') })),
        text: f.textContent,
        svgText: svg ? [...svg.querySelectorAll('text')].map((x) => x.textContent).join(' ') : '',
        dots: svg ? svg.querySelectorAll('.dot').length : 0,
        partialDots: svg ? svg.querySelectorAll('.dot.is-partial').length : 0,
        partialSegments: svg ? svg.querySelectorAll('.line.is-partial').length : 0,
        refs: svg ? [...svg.querySelectorAll('line.ref')].map((l) => l.getAttribute('class')) : [],
        hatched: svg ? svg.querySelectorAll('[fill^="url(#"]').length : 0,
      };
    }
    return out;
  });
}

/** The expected chart numbers from the CLI's report (the same rules as render/charts/*.js, written again here). */
function expected(report, paretoTop) {
  const positive = report.clients.filter((c) => c.amount > 0);
  const rules = report.rules;
  const months = report.time ? report.time.months : [];
  const limit = rules.max_key_accounts_per_manager;
  const managers = report.managers.slice(0, 20);
  const amounts = positive.map((c) => c.amount).sort((a, b) => a - b);
  const total = amounts.reduce((s, a) => s + a, 0);
  const cum = [0];
  for (const a of amounts) cum.push(cum[cum.length - 1] + a / total);
  const n = amounts.length;
  const deciles = n < 10 ? amounts.map((_, i) => ({ k: i + 1, sales: cum[i + 1] })) : Array.from({ length: 10 }, (_, i) => ({ k: Math.round(((i + 1) * n) / 10), sales: cum[Math.round(((i + 1) * n) / 10)] }));
  const lines = [...new Set([rules.key_share, ...rules.dependency_levels, rules.critical_share])].sort((a, b) => a - b);
  return {
    pareto: {
      bars: Math.min(positive.length, paretoTop) + (positive.length > paretoTop ? 1 : 0),
      amounts: [...positive.slice(0, paretoTop).map((c) => c.amount), ...(positive.length > paretoTop ? [positive.slice(paretoTop).reduce((s, c) => s + c.amount, 0)] : [])],
      others: Math.max(0, positive.length - paretoTop),
    },
    lorenz: { points: deciles.length, deciles, gini: report.concentration.gini },
    shares: { bars: Math.min(10, positive.length), shares: positive.slice(0, 10).map((c) => c.share), lines },
    time: {
      items: months.length,
      points: months.filter((m) => typeof m.top1_share === 'number').length + months.filter((m) => typeof m.hhi === 'number').length,
      partial: months.filter((m) => m.partial).length,
    },
    abcxyz: { cells: report.time && report.time.xyz ? report.time.xyz.cells : [] },
    managers: {
      items: managers.length,
      bars: managers.filter((m) => m.key_accounts > 0).length,
      over: report.managers.filter((m) => m.key_accounts > limit).map((m) => m.name).sort(),
      limit,
    },
  };
}

function checkDemoCharts(charts, report, lang) {
  const diffs = [];
  for (const name of DEMO_CHARTS) if (!charts[name]) diffs.push(`chart ${name} is missing`);
  if (diffs.length) return diffs;
  const want = expected(report, Number(charts.pareto.attrs.top));
  // The accessible wrapper of every chart.
  for (const [name, c] of Object.entries(charts)) {
    if (c.id !== `chart-${name}`) diffs.push(`${name}: id ${c.id}`);
    if (!c.title.trim() || !c.summary.trim()) diffs.push(`${name}: title ${JSON.stringify(c.title)} or summary ${JSON.stringify(c.summary)} empty`);
    if (!/[.!]$/.test(c.summary.trim())) diffs.push(`${name}: the summary is not a sentence: ${c.summary}`);
    if (c.labelledby !== `${c.titleId} ${c.summaryId}`) diffs.push(`${name}: aria-labelledby ${c.labelledby}`);
    if (c.tableRows !== c.items) diffs.push(`${name}: ${c.tableRows} table rows for ${c.items} items`);
    if (c.datums.length !== c.items) diffs.push(`${name}: ${c.datums.length} .datum for ${c.items} items`);
    if (c.tabStops !== 1) diffs.push(`${name}: ${c.tabStops} tab stops (one roving tabindex expected)`);
    if (c.datums.some((d) => d.role !== 'img' || !d.label || d.label.length < 4)) diffs.push(`${name}: a datum without role=img and an aria-label`);
    if (/\bchart\.[a-z_]+/.test(c.text) || /\{[a-z_]+\}/.test(c.text)) diffs.push(`${name} (${lang}): a raw i18n key or placeholder: ${c.text.match(/\bchart\.[a-z_.]+|\{[a-z_]+\}/)[0]}`);
  }
  const p = charts.pareto;
  if (p.bars !== want.pareto.bars || p.points !== want.pareto.bars || p.items !== want.pareto.bars) diffs.push(`pareto: bars/points/items ${p.bars}/${p.points}/${p.items}, want ${want.pareto.bars}`);
  want.pareto.amounts.forEach((a, i) => {
    if (!near(Number(p.datums[i] && p.datums[i].amount), a, MONEY_TOLERANCE * 50)) diffs.push(`pareto bar ${i}: ${p.datums[i] && p.datums[i].amount}, CLI ${a}`);
  });
  if (Number(p.attrs.others) !== want.pareto.others) diffs.push(`pareto: others ${p.attrs.others}, want ${want.pareto.others}`);
  const l = charts.lorenz;
  if (l.points !== want.lorenz.points) diffs.push(`lorenz: ${l.points} points, want ${want.lorenz.points}`);
  if (!near(Number(l.attrs.gini), want.lorenz.gini, 1e-12)) diffs.push(`lorenz: gini ${l.attrs.gini}, CLI ${want.lorenz.gini}`);
  want.lorenz.deciles.forEach((d, i) => {
    const got = l.datums[i];
    if (!got || Number(got.clients) !== d.k || !near(Number(got.sales), d.sales, 1e-9)) diffs.push(`lorenz point ${i}: ${JSON.stringify(got)}, want ${JSON.stringify(d)}`);
  });
  const s = charts.shares;
  if (s.bars !== want.shares.bars) diffs.push(`shares: ${s.bars} bars, want ${want.shares.bars}`);
  want.shares.shares.forEach((v, i) => {
    if (!near(Number(s.datums[i] && s.datums[i].share), v, 1e-12)) diffs.push(`shares bar ${i}: ${s.datums[i] && s.datums[i].share}, CLI ${v}`);
  });
  if (s.attrs.lines !== want.shares.lines.join('|')) diffs.push(`shares: lines ${s.attrs.lines}, want ${want.shares.lines.join('|')}`);
  if (s.refs.length !== want.shares.lines.length) diffs.push(`shares: ${s.refs.length} reference lines drawn, want ${want.shares.lines.length}`);
  const tm = charts.time;
  if (tm.attrs.granularity !== 'months' || tm.items !== want.time.items || tm.points !== want.time.points || tm.dots !== want.time.points) {
    diffs.push(`time: ${tm.attrs.granularity} items ${tm.items} points ${tm.points} dots ${tm.dots}, want months ${want.time.items} ${want.time.points}`);
  }
  if (Number(tm.attrs.partial) !== want.time.partial || tm.partialDots !== 2 * want.time.partial) diffs.push(`time: partial ${tm.attrs.partial} (${tm.partialDots} hollow dots), want ${want.time.partial}`);
  const x = charts.abcxyz;
  if (x.items !== 9) diffs.push(`abcxyz: ${x.items} cells`);
  for (const cell of want.abcxyz.cells) {
    const got = x.datums.find((d) => d.abc === cell.abc && d.xyz === cell.xyz);
    if (!got || Number(got.clients) !== cell.clients || !near(Number(got.amount), cell.amount, MONEY_TOLERANCE)) diffs.push(`abcxyz ${cell.abc}${cell.xyz}: ${JSON.stringify(got)}, CLI ${JSON.stringify(cell)}`);
  }
  const m = charts.managers;
  if (m.items !== want.managers.items || m.bars !== want.managers.bars) diffs.push(`managers: items ${m.items} bars ${m.bars}, want ${want.managers.items} ${want.managers.bars}`);
  if (Number(m.attrs.limit) !== want.managers.limit) diffs.push(`managers: limit ${m.attrs.limit}, CLI ${want.managers.limit}`);
  const over = m.datums.filter((d) => d.over === 'true').map((d) => d.manager).sort();
  if (JSON.stringify(over) !== JSON.stringify(want.managers.over)) diffs.push(`managers over the limit: ${over}, CLI ${want.managers.over}`);
  if (want.managers.over.length && m.hatched < want.managers.over.length) diffs.push('managers: over-limit bars are not hatched');
  if (!m.refs.some((r) => r.includes('ref-limit'))) diffs.push('managers: no limit line');
  return diffs;
}

describe('charts on the demo', { timeout: 600_000 }, () => {
  for (const lang of ['ru', 'en']) {
    test(`every chart renders from the report, with its text alternative (${lang}, 1366)`, { timeout: 120_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const report = (await cli(DEMO[lang])).report;
      const { context, page, log } = await demoPage(lang);
      try {
        const charts = await readCharts(page);
        t.diagnostic(`charts: ${Object.entries(charts).map(([k, c]) => `${k} ${c.bars}/${c.points}/${c.items}`).join(', ')}`);
        assert.equal(charts.pareto && Number(charts.pareto.attrs.top), 25, 'the Pareto chart shows the top 25 on a wide screen');
        assert.deepEqual(checkDemoCharts(charts, report, lang), []);
        // Where each chart stands.
        const places = await page.evaluate(() => ({
          pareto: !!document.querySelector('#pareto-block #chart-pareto'),
          paretoAfterCards: document.querySelector('#report-body .cards')?.nextElementSibling?.id,
          lorenz: !!document.querySelector('#clients-block #lorenz-block #chart-lorenz'),
          shares: !!document.querySelector('#key-accounts #chart-shares'),
          time: !!document.querySelector('#dynamics #chart-time'),
          abcxyz: !!document.querySelector('#xyz #chart-abcxyz'),
          managers: !!document.querySelector('#managers, #mgr-title') && !!document.getElementById('mgr-title').closest('section').querySelector('#chart-managers'),
        }));
        assert.deepEqual(places, { pareto: true, paretoAfterCards: 'pareto-block', lorenz: true, shares: true, time: true, abcxyz: true, managers: true });
        assert.deepEqual(log.pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }

  test('hover and keyboard show the exact values (ru)', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const report = (await cli(DEMO.ru)).report;
    const { context, page } = await demoPage('ru');
    try {
      // Hover: the first Pareto bar → the tooltip names the client and its exact amount (as the data table writes it).
      const first = page.locator('#chart-pareto .datum').first();
      await first.scrollIntoViewIfNeeded();
      await first.hover();
      const tip = page.locator('#chart-pareto .chart-tip');
      assert.ok(await tip.isVisible(), 'the tooltip shows on hover');
      const exact = await page.locator('#chart-pareto-table tbody tr').first().locator('td').nth(1).textContent();
      const tipText = await tip.textContent();
      assert.ok(tipText.includes(report.clients[0].name), `the tooltip names the client: ${tipText}`);
      assert.ok(tipText.includes(exact), `the tooltip has the exact amount ${exact}: ${tipText}`);
      assert.ok((await first.getAttribute('aria-label')).includes(exact), 'the aria-label has the exact amount');
      await page.mouse.move(0, 0);
      assert.ok(!(await tip.isVisible()), 'the tooltip hides when the pointer leaves');

      // Keyboard: Tab reaches one datum per chart; arrows, Home, End move within it.
      const stop = page.locator('#chart-pareto .datum[tabindex="0"]');
      await stop.focus();
      const active = () => page.evaluate(() => {
        const a = document.activeElement;
        const f = a && a.closest('figure.chart');
        return f ? { chart: f.dataset.chart, index: [...f.querySelectorAll('.datum')].indexOf(a), tabindex: a.getAttribute('tabindex'), tip: f.querySelector('.chart-tip').hidden ? null : f.querySelector('.chart-tip').textContent } : null;
      });
      let a = await active();
      assert.equal(a.chart, 'pareto');
      assert.equal(a.index, 0);
      assert.ok(a.tip && a.tip.includes(report.clients[0].name), 'focus shows the tooltip');
      await page.keyboard.press('ArrowRight');
      a = await active();
      assert.equal(a.index, 1, 'ArrowRight → the second bar');
      assert.equal(a.tabindex, '0', 'the roving tab stop moves along');
      assert.ok(a.tip.includes(report.clients[1].name), `the tooltip follows: ${a.tip}`);
      await page.keyboard.press('End');
      a = await active();
      const bars = Number(await page.getAttribute('#chart-pareto', 'data-bars'));
      assert.equal(a.index, bars - 1, 'End → the last bar');
      await page.keyboard.press('Home');
      assert.equal((await active()).index, 0, 'Home → the first bar');
      assert.equal(await page.locator('#chart-pareto .datum[tabindex="0"]').count(), 1);
      // Tab leaves the chart (one stop per chart, not one per bar): its data table's summary, then what follows it.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.closest('#chart-pareto-data') !== null && document.activeElement.tagName), 'SUMMARY');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.closest('#chart-pareto') === null), true, 'then out of the chart (the period toolbar follows)');
      // The 3×3 grid moves by rows with ↑ ↓.
      await page.locator('#chart-abcxyz .datum[tabindex="0"]').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowDown');
      a = await active();
      assert.equal(a.chart, 'abcxyz');
      assert.equal(a.index, 4, '→ then ↓ in the grid: cell B-Y');
      const cell = report.time.xyz.cells.find((c) => c.abc === 'B' && c.xyz === 'Y');
      assert.ok(a.tip.includes('BY'), `the tooltip names the cell: ${a.tip}`);
      assert.ok(cell, 'the CLI has the cell');
      await page.keyboard.press('Escape');
      assert.equal((await active()).tip, null, 'Escape hides the tooltip');
    } finally {
      await context.close();
    }
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core on the charts (${colorScheme}): no serious or critical violations`, { timeout: 120_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
      for (const lang of ['ru', 'en']) {
        const { context, page } = await demoPage(lang, { colorScheme });
        try {
          // One chart with its table open and a tooltip shown, so that those are checked too.
          await page.click('#chart-pareto-data > summary');
          await page.locator('#chart-shares .datum[tabindex="0"]').focus();
          await page.evaluate(axeSource);
          const results = await page.evaluate(() =>
            window.axe.run(
              { include: [...document.querySelectorAll('figure.chart')].map((f) => ['#' + f.id]) },
              { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } },
            ),
          );
          const all = results.violations;
          const show = (vs) => vs.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 4).map((n) => `      ${n.target.join(' ')} — ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n')}`).join('\n');
          if (all.length) t.diagnostic(`axe (${lang}, ${colorScheme}):\n${show(all)}`);
          const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert.equal(bad.length, 0, `axe (${lang}, ${colorScheme}) on the charts:\n${show(bad)}`);
        } finally {
          await context.close();
        }
      }
    });
  }

  for (const lang of ['ru', 'en']) {
    test(`390×844 (${lang}): the charts fit the phone, labels stay inside and apart`, { timeout: 120_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const report = (await cli(DEMO[lang])).report;
      const { context, page } = await demoPage(lang, PHONE_OPTS);
      try {
        const charts = await readCharts(page);
        assert.equal(Number(charts.pareto.attrs.top), 12, 'fewer Pareto bars on a phone');
        assert.deepEqual(checkDemoCharts(charts, report, lang), []);
        const layout = await page.evaluate((vw) => {
          const problems = [];
          for (const f of document.querySelectorAll('figure.chart')) {
            const fr = f.getBoundingClientRect();
            if (fr.right > vw + 0.5 || fr.left < -0.5) problems.push(`${f.id} spans ${Math.round(fr.left)}–${Math.round(fr.right)}`);
            const svg = f.querySelector('svg.chart-svg');
            const sr = svg.getBoundingClientRect();
            const boxes = [...svg.querySelectorAll('text')].filter((x) => x.textContent.trim()).map((x) => ({ text: x.textContent, r: x.getBoundingClientRect() }));
            for (const b of boxes) {
              if (b.r.left < sr.left - 1 || b.r.right > sr.right + 1 || b.r.top < sr.top - 1 || b.r.bottom > sr.bottom + 1) problems.push(`${f.id}: "${b.text}" leaves the chart`);
            }
            for (let i = 0; i < boxes.length; i++) {
              for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i].r;
                const c = boxes[j].r;
                const w = Math.min(a.right, c.right) - Math.max(a.left, c.left);
                const h = Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top);
                // Glyph boxes include line spacing: a couple of pixels of touching boxes is not an overlap.
                if (w > 2 && h > 4) problems.push(`${f.id}: "${boxes[i].text}" overlaps "${boxes[j].text}"`);
              }
            }
          }
          return { problems, scrollWidth: document.documentElement.scrollWidth };
        }, PHONE.width);
        assert.deepEqual(layout.problems, []);
        assert.ok(layout.scrollWidth <= PHONE.width, `document scrollWidth ${layout.scrollWidth} > ${PHONE.width}`);
        // A tooltip at the right edge stays inside the chart.
        const last = page.locator('#chart-pareto .datum').last();
        await last.scrollIntoViewIfNeeded();
        await last.tap();
        const tip = await page.evaluate(() => {
          const f = document.getElementById('chart-pareto');
          const tipEl = f.querySelector('.chart-tip');
          const r = tipEl.getBoundingClientRect();
          const fr = f.getBoundingClientRect();
          return { hidden: tipEl.hidden, left: r.left, right: r.right, fl: fr.left, fr: fr.right };
        });
        assert.equal(tip.hidden, false, 'a tap shows the tooltip');
        assert.ok(tip.left >= tip.fl - 0.5 && tip.right <= tip.fr + 0.5, `the tooltip stays inside the chart: ${JSON.stringify(tip)}`);
      } finally {
        await context.close();
      }
    });
  }

  for (const lang of ['ru', 'en']) {
    test(`the what-if chart after a what-if on the largest client (${lang}) = CLI --without`, { timeout: 120_000 }, async (t) => {
      if (needServer(t) || needFile(t, DEMO[lang], 'the demo workbook')) return;
      const today = (await cli(DEMO[lang])).report;
      const largest = today.clients[0].name;
      const without = await cli(DEMO[lang], ['--without', largest]);
      const { context, page, log } = await demoPage(lang);
      try {
        assert.equal(await page.locator('#chart-whatif').count(), 0, 'no what-if chart without a scenario');
        const button = page.locator(`#scenario-keys button[data-action="what-if"][data-client="${largest.replace(/"/g, '\\"')}"]`);
        assert.equal(await runAndWait(page, () => button.click(), { log }), 'report');
        assert.equal(await page.locator('#scenario-result #chart-whatif').count(), 1, 'the what-if chart is in the scenario result');
        const c = (await readCharts(page)).whatif;
        assert.equal(c.tableRows, c.items);
        assert.equal(c.tabStops, 1);
        const gone = c.datums.find((d) => d.client === largest);
        assert.ok(gone, 'the client that leaves is drawn');
        assert.equal(gone.kind, 'removed');
        assert.equal(gone.after, '', 'no "after" bar for the client that leaves');
        assert.equal(c.bars, 2 * c.items - 1, 'two bars per client, one for the client that leaves');
        if (without.ok && without.report.scenario) {
          const sc = without.report.scenario;
          assert.ok(near(Number(gone.before), sc.removed[0].share, 1e-12), `today's share ${gone.before} = ${sc.removed[0].share}`);
          for (const d of c.datums.filter((x) => x.kind === 'other')) {
            const after = without.report.clients.find((x) => x.name === d.client);
            const before = today.clients.find((x) => x.name === d.client);
            assert.ok(after && near(Number(d.after), after.share, 1e-12), `${d.client}: after ${d.after}, CLI ${after && after.share}`);
            assert.ok(before && near(Number(d.before), before.share, 1e-9), `${d.client}: before ${d.before}, CLI today ${before && before.share}`);
          }
        }
        assert.ok(!/\bchart\.[a-z_]+/.test(c.text), 'no raw i18n key');
        assert.deepEqual(log.pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }
});

/** Six clients, 10 January – 18 June 2024: January and June are partial months. */
function partialCsv() {
  const lines = ['Клиент;Дата;Сумма'];
  const clients = [['ООО «Альфа»', 9000], ['ООО «Бета»', 5000], ['ООО «Гамма»', 3000], ['ИП Петров', 1500], ['ООО «Дельта»', 800], ['ООО «Омега»', 400]];
  const days = [];
  for (let d = new Date(Date.UTC(2024, 0, 10)); d <= new Date(Date.UTC(2024, 5, 18)); d.setUTCDate(d.getUTCDate() + 4)) days.push(new Date(d));
  days.push(new Date(Date.UTC(2024, 5, 18)));
  days.forEach((d, i) => {
    const [name, base] = clients[i % clients.length];
    const date = `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
    lines.push(`${name};${date};${(base * (1 + (i % 5) / 10)).toFixed(2).replace('.', ',')}`);
  });
  const file = path.join(DIR, 'partial_months.csv');
  writeFileSync(file, lines.join('\n') + '\n', 'utf8');
  return file;
}

describe('partial periods, the quarters view, print and the single file', { timeout: 600_000 }, () => {
  test('a file that starts and ends inside a month: partial months marked as the CLI says; the quarters view', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    const file = partialCsv();
    const report = (await cli(file)).report;
    const partial = report.time.months.filter((m) => m.partial).map((m) => m.period);
    assert.ok(partial.length >= 2, `the CLI sees partial months: ${partial}`);
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', viewport: DESKTOP });
    try {
      await gotoServed(page);
      assert.equal(await upload(page, file, { log }), 'report');
      const c = (await readCharts(page)).time;
      assert.equal(c.items, report.time.months.length);
      assert.equal(Number(c.attrs.partial), partial.length);
      assert.deepEqual(c.datums.filter((d) => d.partial === 'true').map((d) => d.period), partial, 'the partial periods are the CLI’s');
      assert.equal(c.partialDots, 2 * partial.length, 'a hollow marker per partial period and series');
      assert.ok(c.partialSegments >= 2 * partial.length, `dashed segments next to partial periods: ${c.partialSegments}`);
      const rows = await page.$$eval('#chart-time-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.period, tr.dataset.partial, tr.lastElementChild.textContent]));
      for (const [period, flag, text] of rows) {
        assert.equal(flag === 'true', partial.includes(period), `table row ${period}`);
        if (flag === 'true') assert.match(text, /неполный/, `the table says partial for ${period}`);
      }
      assert.match(c.summary, /Неполных периодов: 2/);
      // The quarters view redraws the chart by quarter.
      assert.equal(await runAndWait(page, () => page.click('#dyn-quarters'), { log }), 'report');
      const q = (await readCharts(page)).time;
      assert.equal(q.attrs.granularity, 'quarters');
      assert.equal(q.items, report.time.quarters.length);
      assert.equal(Number(q.attrs.partial), report.time.quarters.filter((x) => x.partial).length);
      const shotDir = ensureDir(SCREENSHOTS);
      await page.click('#dyn-months');
      await page.locator('#chart-time').screenshot({ path: path.join(shotDir, 'chart-time-partial-ru-1366-light.png') });
    } finally {
      await context.close();
    }
  });

  test('print: the charts are redrawn for A4, whole, without tooltips', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const { context, page } = await demoPage('ru');
    try {
      await page.locator('#chart-pareto .datum').first().hover();
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      const printed = await page.evaluate(() =>
        [...document.querySelectorAll('figure.chart')].map((f) => ({
          chart: f.dataset.chart,
          width: Number(f.dataset.width),
          shown: f.getClientRects().length > 0,
          tip: getComputedStyle(f.querySelector('.chart-tip')).display,
          table: getComputedStyle(f.querySelector('.chart-data')).display,
          breakInside: getComputedStyle(f).breakInside,
        })),
      );
      for (const p of printed) {
        assert.equal(p.width, 688, `${p.chart} redrawn at the A4 text width`);
        assert.ok(p.shown, `${p.chart} prints`);
        assert.equal(p.tip, 'none', `${p.chart}: no tooltip in print`);
        assert.equal(p.table, 'none', `${p.chart}: no data table in print`);
        assert.equal(p.breakInside, 'avoid', `${p.chart}: not split across pages`);
      }
      const dir = ensureDir(SCREENSHOTS);
      await page.pdf({ path: path.join(dir, 'chart-ru-print-a4.pdf'), format: 'A4', printBackground: false });
      await page.locator('#pareto-block').screenshot({ path: path.join(dir, 'chart-pareto-ru-print.png') });
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      await page.emulateMedia({ media: 'screen' });
      assert.notEqual(Number(await page.getAttribute('#chart-pareto', 'data-width')), 688, 'back to the screen width after printing');
    } finally {
      await context.close();
    }
  });

  test('a folded section\'s chart is drawn when the section opens or prints, not with the report', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const { context, page, log } = await openPage(browser, { locale: LOCALE.ru, viewport: DESKTOP });
    try {
      await gotoServed(page);
      assert.equal(await runAndWait(page, () => page.click('#demo'), { log, unfold: false }), 'report', diag(log));
      const state = (id) =>
        page.evaluate((id) => {
          const f = document.getElementById(id);
          return { svg: Boolean(f.querySelector('.chart-plot svg')), width: f.dataset.width || null, items: f.dataset.items || null, table: f.querySelectorAll('.chart-table tbody tr').length };
        }, id);
      // The first screen's chart is drawn with the report.
      assert.ok((await state('chart-pareto')).svg, 'the Pareto chart is drawn at once');
      for (const [fold, id] of [['dynamics', 'chart-time'], ['clients', 'chart-lorenz']]) {
        assert.equal(await page.getAttribute(`[data-fold="${fold}"]`, 'data-open'), 'false', `${fold} starts folded`);
        const closed = await state(id);
        assert.deepEqual([closed.svg, closed.width], [false, null], `${id} in the closed ${fold} section is not drawn yet`);
        assert.ok(closed.table > 0, `${id}: its data table is there all the same (${closed.table} rows)`);
      }
      await page.click('[data-fold="dynamics"] .fold-toggle');
      const opened = await state('chart-time');
      assert.ok(opened.svg && Number(opened.width) > 0 && Number(opened.items) > 0, `drawn as its section opens: ${JSON.stringify(opened)}`);
      // Print media draws what is still folded (then at the printed layout's width; beforeprint: A4's).
      await page.emulateMedia({ media: 'print' });
      await page.waitForFunction(() => Boolean(document.querySelector('#chart-lorenz .chart-plot svg')), null, { timeout: 5_000 });
      const printed = await state('chart-lorenz');
      assert.ok(Number(printed.width) > 0 && Number(printed.items) > 0, `the folded Lorenz chart is drawn for paper: ${JSON.stringify(printed)}`);
      await page.emulateMedia({ media: 'screen' });
    } finally {
      await context.close();
    }
  });

  test('the single file over file://: the charts render under its CSP', { timeout: 120_000 }, async (t) => {
    if (needFile(t, SINGLE, 'the single file (scripts/build-single)')) return;
    const { context, page, log } = await openPage(browser, { locale: 'ru-RU', viewport: DESKTOP });
    try {
      await page.goto(pathToFileURL(SINGLE).href + '?lang=ru', { waitUntil: 'load' });
      await page.evaluate(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample || ''}`));
      });
      assert.equal(await runAndWait(page, () => page.click('#demo'), { log }), 'report', `demo in the single file${diag(log)}`);
      const charts = await readCharts(page);
      assert.deepEqual(Object.keys(charts).sort(), [...DEMO_CHARTS].sort());
      for (const [name, c] of Object.entries(charts)) assert.ok(c.items > 0 && c.viewBox, `${name} drawn`);
      // A tooltip is placed through the CSSOM, which the hash-based style-src allows.
      await page.locator('#chart-pareto .datum').nth(2).hover();
      const tip = await page.evaluate(() => {
        const el = document.querySelector('#chart-pareto .chart-tip');
        return { hidden: el.hidden, x: el.style.getPropertyValue('--tip-x'), left: getComputedStyle(el).left };
      });
      assert.equal(tip.hidden, false);
      assert.ok(tip.x && tip.left === tip.x, `the tooltip is placed: ${JSON.stringify(tip)}`);
      assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');
      assert.deepEqual(log.pageErrors, []);
      assert.ok(!log.console.some((m) => /Content Security Policy|Refused to/i.test(m)), `CSP messages: ${log.console.filter((m) => /Content Security|Refused/.test(m))}`);
    } finally {
      await context.close();
    }
  });
});

describe('screenshots of each chart', { timeout: 900_000 }, () => {
  test('RU/EN × light/dark × 1366/390, the what-if chart and a tooltip', { timeout: 600_000 }, async (t) => {
    if (needServer(t) || needFile(t, DEMO.ru, 'the demo workbook')) return;
    const dir = ensureDir(SCREENSHOTS);
    const written = [];
    for (const lang of ['ru', 'en']) {
      for (const colorScheme of ['light', 'dark']) {
        for (const [size, opts] of [
          ['1366', { viewport: DESKTOP }],
          ['390', PHONE_OPTS],
        ]) {
          const { context, page, log } = await demoPage(lang, { colorScheme, ...opts });
          try {
            const shoot = async (name) => {
              const file = path.join(dir, `chart-${name}-${lang}-${size}-${colorScheme}.png`);
              await page.locator(`#chart-${name}`).screenshot({ path: file });
              written.push(file);
            };
            for (const name of DEMO_CHARTS) await shoot(name);
            if (colorScheme === 'light') {
              const bar = page.locator('#chart-pareto .datum').nth(1);
              await bar.scrollIntoViewIfNeeded();
              if (size === '390') await bar.tap();
              else await bar.hover();
              const file = path.join(dir, `chart-pareto-tip-${lang}-${size}.png`);
              await page.locator('#chart-pareto').screenshot({ path: file });
              written.push(file);
              await page.evaluate(() => document.activeElement && document.activeElement.blur());
            }
            const button = page.locator('#scenario-keys button[data-action="what-if"]').first();
            assert.equal(await runAndWait(page, () => button.click(), { log }), 'report');
            await page.evaluate(() => document.activeElement && document.activeElement.blur());
            await page.mouse.move(0, 0);
            await shoot('whatif');
          } finally {
            await context.close();
          }
        }
      }
    }
    for (const f of written) console.log(`# screenshot: ${f}`);
    assert.equal(written.length, 2 * 2 * 2 * 7 + 4);
  });
});
