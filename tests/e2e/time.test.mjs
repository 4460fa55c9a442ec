// Time on the page (issue 11): the period analysed (presets, a quarter, a custom range), the periods view
// (months / quarters / years, partial periods marked), the trend findings, the client rhythm, the ABC×XYZ
// matrix, two periods compared (this year against last by default, any two by the pickers), the measure
// (revenue / gross profit / quantity), the trend rules in the panel and the address, a file without dates.
//
// Every report is compared with the CLI given the same settings as flags (`--from`, `--to`, `--measure`,
// `--compare`, `--hhi-rise` …), read from the contract's data attributes only (never translated text).
// Besides the demo workbooks the test writes three small CSVs of its own (a two-year file with a rising
// concentration, a slipping and a new key client; a 1C-like «Валовая прибыль» report with profit and
// quantity that ends inside a month; a file without dates).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  DEMO,
  MONEY_TOLERANCE,
  SCREENSHOTS,
  cli,
  compareWithCli,
  diag,
  ensureDir,
  gotoServed,
  launch,
  needFile,
  needServer,
  openPage,
  readReport,
  runAndWait,
  upload,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const LOCALE = { ru: 'ru-RU', en: 'en-US' };
const DIR = mkdtempSync(path.join(os.tmpdir(), 'keyaccounts-time-'));

function write(name, text) {
  const file = path.join(DIR, name);
  writeFileSync(file, text, 'utf8');
  return file;
}

const money = (x) => x.toFixed(2).replace('.', ',');

/**
 * 24 complete months (January 2023 – December 2024): «Альфа» grows from ~22 % to ~43 % (concentration_rising),
 * «Бета» (key) buys 1,000 a month from October 2024 instead of 20,000 (slipping_key_client), «Гамма» goes from
 * ~3 % to ~12 % (new_key_account); ten steady small clients.
 */
function trendCsv() {
  const lines = ['Клиент;Дата;Сумма'];
  const others = ['ООО «Вега»', 'ООО «Дельта»', 'ООО «Омега»', 'ИП Иванов', 'ООО «Сигма»', 'ООО «Каппа»', 'ООО «Лямбда»', 'ООО «Тета»', 'ООО «Эпсилон»', 'ООО «Зета»'];
  for (let m = 0; m < 24; m++) {
    const y = 2023 + Math.floor(m / 12);
    const mm = String((m % 12) + 1).padStart(2, '0');
    const second = m >= 12;
    const alpha = second ? 60000 + (m - 12) * 3000 : 25000;
    const beta = m >= 21 ? 1000 : 20000;
    const gamma = second ? 22000 : 3000;
    for (const day of ['02', '15', '28']) {
      lines.push(`ООО «Альфа»;${day}.${mm}.${y};${money(alpha / 3)}`);
      lines.push(`ООО «Бета»;${day}.${mm}.${y};${money(beta / 3)}`);
      lines.push(`ООО «Гамма»;${day}.${mm}.${y};${money(gamma / 3)}`);
    }
    others.forEach((name, i) => lines.push(`${name};${String(5 + i).padStart(2, '0')}.${mm}.${y};${5000 + i * 300 + (m % 3) * 200}`));
  }
  lines.push('ООО «Вега»;01.01.2023;100', 'ООО «Вега»;31.12.2024;100');
  return lines.join('\n') + '\n';
}

/** A 1C-like gross-profit report: revenue, profit and quantity; «Крупный» is key by revenue and loss-making; ends on 10 March 2025. */
function profitCsv() {
  const lines = ['Клиент;Дата;Выручка;Валовая прибыль;Количество'];
  const clients = [
    ['ООО «Крупный»', 50000, -2000, 40],
    ['ООО «Маржа»', 20000, 9000, 10],
    ['ООО «Средний»', 15000, 3000, 25],
    ['ИП Петров', 8000, 2500, 6],
    ['ООО «Малый»', 4000, 1200, 3],
  ];
  for (let m = 0; m < 26; m++) {
    const y = 2023 + Math.floor(m / 12);
    const mm = String((m % 12) + 1).padStart(2, '0');
    clients.forEach(([name, rev, profit, qty], i) => {
      const k = 1 + ((m + i) % 4) * 0.1;
      lines.push(`${name};${String(1 + i * 6).padStart(2, '0')}.${mm}.${y};${money(rev * k)};${money(profit * k)};${qty}`);
    });
  }
  lines.push('ООО «Маржа»;10.03.2025;1000;400;1');
  return lines.join('\n') + '\n';
}

const TREND = write('trend_two_years.csv', trendCsv());
const PROFIT = write('gross_profit_report.csv', profitCsv());
const UNDATED = write('no_dates.csv', ['Клиент;Сумма', 'ООО «Один»;5000', 'ООО «Два»;3000', 'ООО «Три»;1000', 'ИП Четыре;500'].join('\n') + '\n');

let browser;
before(async () => {
  if (BASE_URL) browser = await launch();
});
after(async () => browser && (await browser.close()));

function needDemo(t, lang = 'ru') {
  return needFile(t, DEMO[lang], `the ${lang} demo workbook (scripts/build-web)`);
}

async function open(lang, query = '', opts = {}) {
  const opened = await openPage(browser, { locale: LOCALE[lang], viewport: { width: 1280, height: 900 }, ...opts });
  const response = await opened.page.goto(BASE_URL + query, { waitUntil: 'load' });
  assert.ok(response && response.ok(), `GET ${BASE_URL + query}`);
  await opened.page.waitForSelector('#file', { state: 'attached' });
  return opened;
}

async function openDemo(lang, query = '', opts = {}) {
  const opened = await open(lang, query, opts);
  const outcome = await runAndWait(opened.page, () => opened.page.click('#demo'), { log: opened.log });
  assert.equal(outcome, 'report', `the demo (${lang})${diag(opened.log)}`);
  return opened;
}

async function openFile(file, lang = 'ru', query = '', opts = {}) {
  const opened = await open(lang, query, opts);
  assert.equal(await upload(opened.page, file, { log: opened.log }), 'report', `${file}${diag(opened.log)}`);
  return opened;
}

/** The time sections as the page shows them, from data attributes only. */
function readTime(page) {
  return page.evaluate(() => {
    const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v));
    const period = document.getElementById('period');
    const cmp = document.getElementById('comparison');
    const side = (s) => {
      if (!s) return null;
      const [from, to, total, clients] = s.split('|');
      return { from, to, total: Number(total), clients: Number(clients) };
    };
    return {
      search: location.search,
      range: period ? { from: period.dataset.from || null, to: period.dataset.to || null } : null,
      measure: period ? period.dataset.measure : null,
      preset: document.getElementById('period-preset')?.value ?? null,
      measures: [...document.querySelectorAll('#measure option')].map((o) => o.value),
      granularity: document.getElementById('time-periods')?.dataset.granularity ?? null,
      periods: [...document.querySelectorAll('#time-periods tbody tr')].map((tr) => ({
        period: tr.dataset.period,
        partial: tr.dataset.partial === 'true',
        total: num(tr.dataset.total),
        clients: num(tr.dataset.clients),
        hhi: num(tr.dataset.hhi),
        badge: Boolean(tr.querySelector('.partial-badge')),
      })),
      xyz: [...document.querySelectorAll('#xyz-matrix td[data-abc]')].map((td) => ({ abc: td.dataset.abc, xyz: td.dataset.xyz, clients: num(td.dataset.clients), amount: num(td.dataset.amount) })),
      comparison: cmp
        ? {
            basis: cmp.dataset.basis || null,
            change: num(cmp.dataset.change),
            before: side(cmp.dataset.before),
            after: side(cmp.dataset.after),
            counts: cmp.dataset.counts ? cmp.dataset.counts.split('|').map(Number) : null,
            movers: [...cmp.querySelectorAll('#movers tbody tr')].map((tr) => ({ name: tr.dataset.name, before: num(tr.dataset.before), after: num(tr.dataset.after), movement: tr.dataset.movement })),
            words: [...cmp.querySelectorAll('#movers-words li')].map((li) => li.textContent),
          }
        : null,
      rhythm: [...document.querySelectorAll('#rhythm-silent li')].map((li) => ({ client: li.dataset.client, rhythm: li.dataset.rhythm, days: num(li.dataset.daysSilent) })),
      rhythmShown: Boolean(document.getElementById('rhythm')) && document.getElementById('rhythm').dataset.rhythm,
      script: [...document.querySelectorAll('#rhythm-script li')].map((li) => li.dataset.step),
      unavailable: document.getElementById('time-unavailable')?.dataset.reason ?? null,
      dynamics: Boolean(document.getElementById('dynamics')),
      clientRhythm: [...document.querySelectorAll('#clients tbody tr')].slice(0, 10).map((tr) => ({ name: tr.dataset.name, rhythm: tr.dataset.rhythm || null, xyz: tr.dataset.xyz || null, last: tr.dataset.lastDate || null })),
      rules: JSON.parse(document.getElementById('report-rules')?.dataset.rules || 'null'),
    };
  });
}

/** The CLI flags for a range {from, to}. */
function rangeArgs(range) {
  const args = [];
  if (range.from) args.push('--from', range.from);
  if (range.to) args.push('--to', range.to);
  return args;
}

async function assertSameAsCli(page, file, args, what, log) {
  const ref = await cli(file, args);
  assert.ok(ref.ok, `CLI ${args.join(' ')}: ${JSON.stringify(ref.error)}`);
  const shown = await readReport(page, 10);
  const diffs = compareWithCli(shown, ref.report, 10);
  assert.deepEqual(diffs, [], `${what} (= CLI ${args.join(' ')})${log ? diag(log) : ''}`);
  return ref.report;
}

async function shot(page, selector, name) {
  ensureDir(SCREENSHOTS);
  const loc = page.locator(selector).first();
  if (await loc.count()) await loc.screenshot({ path: path.join(SCREENSHOTS, name) });
}

describe('time (issue 11)', () => {
  test('period presets, a quarter and a custom range change the report as the CLI with --from/--to does', { timeout: 240_000 }, async (t) => {
    if (needServer(t) || needDemo(t)) return;
    const { context, page, log } = await openDemo('ru');
    try {
      const plain = await assertSameAsCli(page, DEMO.ru, [], 'the demo', log);
      const cover = plain.time.coverage;
      assert.equal((await readTime(page)).preset, 'all');
      const year = Number(cover.to.slice(0, 4));
      const day = (d) => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))));
      const back = day(cover.to);
      back.setUTCFullYear(back.getUTCFullYear() - 1);
      back.setUTCDate(back.getUTCDate() + 1);
      const presets = {
        last12: { from: back.toISOString().slice(0, 10), to: null },
        this_year: { from: `${year}-01-01`, to: null },
        last_year: { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
      };
      for (const [preset, range] of Object.entries(presets)) {
        assert.equal(await runAndWait(page, () => page.selectOption('#period-preset', preset), { log }), 'report', preset);
        const shown = await readTime(page);
        assert.deepEqual(shown.range, range, `${preset}: the range applied`);
        assert.equal(shown.preset, preset, `${preset} stays selected`);
        const params = new URLSearchParams(shown.search);
        assert.equal(params.get('from'), range.from, `${preset}: from= in the address`);
        assert.equal(params.get('to'), range.to, `${preset}: to= in the address`);
        const ref = await assertSameAsCli(page, DEMO.ru, rangeArgs(range), preset, log);
        assert.deepEqual(ref.range, { from: range.from, to: range.to }, 'the CLI applied the same range');
        assert.notEqual(ref.total, plain.total, `${preset} changes the total`);
      }

      // A quarter: the newest first, then another one picked in #period-quarter.
      assert.equal(await runAndWait(page, () => page.selectOption('#period-preset', 'quarter'), { log }), 'report');
      let shown = await readTime(page);
      assert.deepEqual(shown.range, { from: `${year}-10-01`, to: `${year}-12-31` }, 'the latest quarter');
      await assertSameAsCli(page, DEMO.ru, rangeArgs(shown.range), 'the latest quarter', log);
      assert.equal(await runAndWait(page, () => page.selectOption('#period-quarter', `${year - 1}-Q2`), { log }), 'report');
      shown = await readTime(page);
      assert.deepEqual(shown.range, { from: `${year - 1}-04-01`, to: `${year - 1}-06-30` }, 'Q2 of the year before');
      const q2 = await assertSameAsCli(page, DEMO.ru, rangeArgs(shown.range), 'Q2', log);
      assert.deepEqual(shown.periods.map((p) => p.period), q2.time.months.map((p) => p.period), 'the months of the quarter');

      // A custom range typed into the date inputs.
      await page.selectOption('#period-preset', 'custom');
      await runAndWait(page, () => page.fill('#period-from', `${year - 1}-03-15`), { log });
      assert.equal(await runAndWait(page, () => page.fill('#period-to', `${year - 1}-09-10`), { log }), 'report');
      shown = await readTime(page);
      assert.deepEqual(shown.range, { from: `${year - 1}-03-15`, to: `${year - 1}-09-10` });
      assert.equal(shown.preset, 'custom');
      const custom = await assertSameAsCli(page, DEMO.ru, rangeArgs(shown.range), 'a custom range', log);
      const partial = shown.periods.filter((p) => p.partial).map((p) => p.period);
      assert.deepEqual(partial, custom.time.months.filter((p) => p.partial).map((p) => p.period), 'partial months as the CLI');
      assert.ok(partial.length >= 2, 'a range from the 15th to the 10th cuts two months');
      assert.ok(shown.periods.filter((p) => p.partial).every((p) => p.badge), 'each partial month has its badge');
      assert.ok(await page.locator('#partial-note').isVisible(), 'the partial periods are explained');
      await shot(page, '#period', 'time-period-ru-1280.png');

      // A start after the end is refused, not sent.
      const before = await page.evaluate(() => document.documentElement.dataset.engineStats);
      await page.fill('#period-from', `${year - 1}-12-01`);
      await page.locator('#period-error').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.engineStats), before, 'nothing re-ran');

      // All data again: the address loses the range, the report = the plain CLI; the file was read once.
      assert.equal(await runAndWait(page, () => page.selectOption('#period-preset', 'all'), { log }), 'report');
      shown = await readTime(page);
      assert.deepEqual(shown.range, { from: null, to: null });
      assert.ok(!/[?&](from|to)=/.test(shown.search), `no range in the address: ${shown.search}`);
      await assertSameAsCli(page, DEMO.ru, [], 'all data', log);
      const stats = JSON.parse(await page.evaluate(() => document.documentElement.dataset.engineStats));
      assert.equal(stats.reads, 1, 'the file is read once');
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a link with the range, the measure, the comparison and the trend rules = the CLI with those flags; nonsense is ignored', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    const query = '?from=2023-04-01&to=2024-09-30&measure=profit&cmp=2023-01-01..2023-06-30,2024-01-01..2024-06-30&trend=6&hhirise=10&toprise=2&slip=2x6x60&xyz=15/30';
    const { context, page, log } = await openFile(PROFIT, 'ru', query);
    try {
      const args = ['--from', '2023-04-01', '--to', '2024-09-30', '--measure', 'profit', '--compare', '2023-01-01..2023-06-30,2024-01-01..2024-06-30', '--trend-window', '6', '--hhi-rise', '10', '--top-share-rise', '2', '--slipping-recent', '2', '--slipping-baseline', '6', '--slipping-ratio', '60', '--xyz', '15/30'];
      const ref = await assertSameAsCli(page, PROFIT, args, 'a link with every time setting', log);
      const shown = await readTime(page);
      for (const k of ['trend_window_months', 'hhi_rise', 'top_share_rise', 'slipping_recent_months', 'slipping_baseline_months', 'slipping_ratio', 'xyz_x', 'xyz_y']) {
        assert.ok(Math.abs(shown.rules[k] - ref.rules[k]) < 1e-9, `${k}: page ${shown.rules[k]}, CLI ${ref.rules[k]}`);
      }
      assert.equal(shown.measure, 'profit');
      assert.equal(shown.comparison.basis, 'caller');
      assert.equal(shown.comparison.before.from, '2023-01-01');
      assert.ok(Math.abs(shown.comparison.after.total - ref.comparison.after.total) <= MONEY_TOLERANCE);
      // The panel shows the trend rules as set.
      assert.equal(await page.inputValue('#rule-hhi-rise'), '10');
      assert.equal(await page.inputValue('#rule-xyz-y'), '30');
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
    const bad = await openFile(PROFIT, 'ru', '?from=2024-13-01&to=yesterday&measure=margin&cmp=2024..2023&trend=0&hhirise=-5&slip=3x&xyz=30/10');
    try {
      await assertSameAsCli(bad.page, PROFIT, [], 'nonsense in the link leaves the defaults', bad.log);
      assert.equal((await readTime(bad.page)).rules.defaults, true);
    } finally {
      await bad.context.close();
    }
  });

  test('periods view: months, quarters, years = the CLI; the trend windows; partial month marked', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    const { context, page, log } = await openFile(PROFIT, 'ru');
    try {
      const ref = (await cli(PROFIT)).report;
      for (const g of ['months', 'quarters', 'years']) {
        if (g !== 'months') await page.click('#dyn-' + g);
        const shown = await readTime(page);
        assert.equal(shown.granularity, g);
        assert.deepEqual(
          shown.periods.map((p) => [p.period, p.partial, p.clients]),
          ref.time[g].map((p) => [p.period, p.partial, p.clients]),
          `${g}: periods, partial flags, clients`,
        );
        shown.periods.forEach((p, i) => assert.ok(Math.abs(p.total - ref.time[g][i].total) <= MONEY_TOLERANCE, `${g} ${p.period} total`));
        assert.equal(await page.getAttribute('#dyn-' + g, 'aria-pressed'), 'true');
      }
      await page.click('#dyn-months');
      const months = (await readTime(page)).periods;
      assert.deepEqual(months.filter((p) => p.partial).map((p) => p.period), ['2025-03'], 'the file ends on 10 March: a partial month');
      assert.ok(months.find((p) => p.period === '2025-03').badge);
      const text = await page.locator('#time-periods tr[data-period="2025-03"]').textContent();
      assert.match(text, /неполный месяц/);
      assert.match(await page.locator('#windows-note').textContent(), /12/);
      await shot(page, '#dynamics', 'time-dynamics-ru-1280.png');
    } finally {
      await context.close();
    }
  });

  test('trend findings with their numbers, rules (from report.rules) and advice; a changed rule = the CLI', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    const { context, page, log } = await openFile(TREND, 'ru');
    try {
      const ref = await assertSameAsCli(page, TREND, [], 'the trend file', log);
      const codes = ref.findings.map((f) => f.code);
      for (const code of ['concentration_rising', 'slipping_key_client', 'new_key_account', 'unstable_key_client']) assert.ok(codes.includes(code), `the CLI finds ${code}`);
      const item = (code) => page.locator(`#findings li.finding[data-code="${code}"]`).first();
      const rising = await item('concentration_rising').textContent();
      assert.match(rising, /15\s%/, 'the HHI rise rule (15 %)');
      assert.match(rising, /3 п\. п\./, 'the top share rule (3 pp)');
      assert.match(rising, /Диверсифицируйте сейчас/);
      const f = ref.findings.find((x) => x.code === 'concentration_rising');
      assert.ok(rising.includes(String(Math.round(f.hhi)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')), `HHI ${f.hhi} shown: ${rising}`);
      const slipping = await item('slipping_key_client').textContent();
      assert.match(slipping, /50\s%/);
      assert.match(slipping, /3 месяца/);
      assert.match(slipping, /обед/);
      assert.match(await item('new_key_account').textContent(), /отдельного менеджера/);
      assert.match(await item('unstable_key_client').textContent(), /25\s%/);
      await shot(page, '#findings', 'time-findings-ru-1280.png');

      // HHI rise 150 % in the panel: concentration_rising goes, as with --hhi-rise 150.
      await page.click('#rules-summary');
      await page.fill('#rule-hhi-rise', '150');
      assert.equal(await runAndWait(page, () => page.press('#rule-hhi-rise', 'Enter'), { log }), 'report');
      const changed = await assertSameAsCli(page, TREND, ['--hhi-rise', '150'], 'hhi rise 150 %', log);
      assert.ok(!changed.findings.some((x) => x.code === 'concentration_rising'));
      const shown = await readTime(page);
      assert.match(shown.search, /hhirise=150/);
      assert.ok(Math.abs(shown.rules.hhi_rise - 1.5) < 1e-9);
      assert.equal(await page.getAttribute('#report-rules [data-rule="hhi_rise"]', 'data-changed'), 'true');
      // Back to the method's defaults.
      assert.equal(await runAndWait(page, () => page.click('#rules-reset'), { log }), 'report');
      await assertSameAsCli(page, TREND, [], 'reset', log);
      assert.ok(!/hhirise/.test((await readTime(page)).search));
    } finally {
      await context.close();
    }
  });

  test('year over year on the demo; two periods picked = the CLI with --compare', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needDemo(t)) return;
    const { context, page, log } = await openDemo('ru');
    try {
      const ref = (await cli(DEMO.ru)).report;
      const c = ref.comparison;
      assert.ok(c, 'the demo has a comparison');
      let shown = (await readTime(page)).comparison;
      assert.equal(shown.basis, 'same_period_last_year');
      assert.deepEqual([shown.before.from, shown.before.to, shown.after.from, shown.after.to], [c.before.from, c.before.to, c.after.from, c.after.to]);
      assert.ok(Math.abs(shown.before.total - c.before.total) <= MONEY_TOLERANCE && Math.abs(shown.after.total - c.after.total) <= MONEY_TOLERANCE, 'totals then and now');
      assert.ok(Math.abs(shown.change - c.change) <= MONEY_TOLERANCE, 'the change');
      assert.deepEqual(shown.counts, [c.gained, c.lost, c.grown, c.shrunk], 'gained, lost, grown, shrunk');
      const movers = c.clients.filter((m) => m.movement !== 'same').slice(0, shown.movers.length);
      assert.deepEqual(shown.movers.map((m) => [m.name, m.movement]), movers.map((m) => [m.name, m.movement]), 'top movers in the CLI order');
      // In words: «ООО «Продторг»: 14,4 % и ключевой в прошлом периоде, 8,3 % в этом.»
      const top = movers[0];
      assert.ok(shown.words[0].startsWith(top.name), shown.words[0]);
      const pct = (x) => new Intl.NumberFormat('ru-RU', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
      assert.ok(shown.words[0].includes(pct(top.share_before)) && shown.words[0].includes(pct(top.share_after)), shown.words[0]);
      if (top.key_before && !top.key_after) assert.match(shown.words[0], /и ключевой в прошлом периоде/);
      // The range analysed does not change the comparison (it is computed on all lines).
      assert.equal(await runAndWait(page, () => page.selectOption('#period-preset', 'last_year'), { log }), 'report');
      assert.ok(Math.abs((await readTime(page)).comparison.after.total - c.after.total) <= MONEY_TOLERANCE);
      assert.equal(await runAndWait(page, () => page.selectOption('#period-preset', 'all'), { log }), 'report');
      await shot(page, '#comparison', 'time-comparison-ru-1280.png');

      // Two periods of one's own: H1 2023 against H1 2024.
      await page.click('#cmp-pick summary');
      await page.fill('#cmp-before-from', '2023-01-01');
      await page.fill('#cmp-before-to', '2023-06-30');
      await page.fill('#cmp-after-from', '2024-01-01');
      await page.fill('#cmp-after-to', '2024-06-30');
      assert.equal(await runAndWait(page, () => page.click('#cmp-apply'), { log }), 'report');
      const mine = (await cli(DEMO.ru, ['--compare', '2023-01-01..2023-06-30,2024-01-01..2024-06-30'])).report.comparison;
      shown = (await readTime(page)).comparison;
      assert.equal(shown.basis, 'caller');
      assert.ok(Math.abs(shown.before.total - mine.before.total) <= MONEY_TOLERANCE && Math.abs(shown.after.total - mine.after.total) <= MONEY_TOLERANCE);
      assert.deepEqual(shown.counts, [mine.gained, mine.lost, mine.grown, mine.shrunk]);
      assert.match((await readTime(page)).search, /cmp=2023-01-01\.\.2023-06-30,2024-01-01\.\.2024-06-30/);
      // Back to this year against last.
      assert.equal(await runAndWait(page, () => page.click('#cmp-reset'), { log }), 'report');
      assert.equal((await readTime(page)).comparison.basis, 'same_period_last_year');
      assert.ok(!/cmp=/.test((await readTime(page)).search));
    } finally {
      await context.close();
    }
  });

  test('the ABC×XYZ matrix and the client rhythm = the CLI', { timeout: 120_000 }, async (t) => {
    if (needServer(t) || needDemo(t)) return;
    const { context, page, log } = await openDemo('ru');
    try {
      const ref = (await cli(DEMO.ru)).report;
      const shown = await readTime(page);
      const want = ref.time.xyz.cells.map((c) => ({ abc: c.abc, xyz: c.xyz, clients: c.clients, amount: c.amount }));
      assert.equal(shown.xyz.length, 9);
      for (const c of want) {
        const s = shown.xyz.find((x) => x.abc === c.abc && x.xyz === c.xyz);
        assert.ok(s && s.clients === c.clients && Math.abs(s.amount - c.amount) <= MONEY_TOLERANCE, `cell ${c.abc}${c.xyz}: page ${JSON.stringify(s)}, CLI ${JSON.stringify(c)}`);
      }
      assert.equal(
        shown.xyz.reduce((a, c) => a + c.clients, 0),
        ref.clients.filter((c) => c.xyz && c.abc).length,
        'the matrix counts every classified client',
      );
      assert.match(await page.locator('#xyz').textContent(), /10\s%.*25\s%/s, 'the XYZ thresholds from report.rules');
      // Rhythm: the company key accounts overdue or lost, lost first, with the script.
      const keys = new Set(ref.key_accounts.filter((k) => k.scope === 'company').map((k) => k.client));
      const silent = ref.clients.filter((c) => keys.has(c.name) && (c.rhythm === 'lost' || c.rhythm === 'overdue'));
      assert.deepEqual(shown.rhythm.map((r) => r.client).sort(), silent.map((c) => c.name).sort(), 'overdue and lost key accounts');
      for (const r of shown.rhythm) assert.equal(r.days, silent.find((c) => c.name === r.client).days_silent);
      if (silent.length) assert.deepEqual(shown.script, ['meet', 'ask', 'what_if', 'part', 'referral']);
      // The clients table carries each client's rhythm, last purchase and XYZ class.
      for (const row of shown.clientRhythm) {
        const c = ref.clients.find((x) => x.name === row.name);
        assert.deepEqual([row.rhythm, row.xyz, row.last], [c.rhythm, c.xyz, c.last_date], row.name);
      }
      await shot(page, '#xyz', 'time-xyz-ru-1280.png');
      await shot(page, '#rhythm', 'time-rhythm-ru-1280.png');
    } finally {
      await context.close();
    }
  });

  test('a file without dates: one message why and how, no periods, no rhythm', { timeout: 60_000 }, async (t) => {
    if (needServer(t)) return;
    for (const lang of ['ru', 'en']) {
      const { context, page, log } = await openFile(UNDATED, lang);
      try {
        const ref = await assertSameAsCli(page, UNDATED, [], 'no dates', log);
        assert.equal(ref.time, null);
        const shown = await readTime(page);
        assert.equal(shown.unavailable, ref.time_unavailable);
        assert.equal(shown.unavailable, 'no_date_column');
        assert.equal(shown.dynamics, false);
        assert.equal(shown.rhythmShown, false);
        assert.equal(await page.locator('#comparison, #xyz, #period-preset').count(), 0);
        const text = await page.locator('#time-unavailable').textContent();
        assert.match(text, lang === 'ru' ? /нет столбца с датой.*Что распознано/s : /no sale date column.*What was understood/s);
        await shot(page, '#time-unavailable', `time-no-dates-${lang}-1280.png`);
      } finally {
        await context.close();
      }
    }
  });

  test('measure: revenue, gross profit, quantity = the CLI with --measure; named everywhere; quantity without currency', { timeout: 120_000 }, async (t) => {
    if (needServer(t)) return;
    const { context, page, log } = await openFile(PROFIT, 'ru');
    try {
      const ref = await assertSameAsCli(page, PROFIT, [], 'revenue', log);
      let shown = await readTime(page);
      assert.deepEqual(shown.measures, ref.measures);
      assert.deepEqual(ref.measures, ['revenue', 'profit', 'quantity']);
      assert.ok(ref.findings.some((f) => f.code === 'loss_making_key_client'), 'the CLI names the loss-making key client');
      const loss = await page.locator('#findings li.finding[data-code="loss_making_key_client"]').textContent();
      assert.match(loss, /убыточный/);
      assert.match(loss, /Пересмотрите цены/);

      assert.equal(await runAndWait(page, () => page.selectOption('#measure', 'profit'), { log }), 'report');
      const profit = await assertSameAsCli(page, PROFIT, ['--measure', 'profit'], 'gross profit', log);
      shown = await readTime(page);
      assert.equal(shown.measure, 'profit');
      assert.match(shown.search, /measure=profit/);
      assert.equal(await page.locator('[data-card="total"] .card-label').textContent(), 'Валовая прибыль всего');
      assert.match(await page.locator('#clients thead').textContent(), /Валовая прибыль/);
      assert.notEqual(profit.clients[0].name, ref.clients[0].name, 'key by margin differs from key by revenue');

      assert.equal(await runAndWait(page, () => page.selectOption('#measure', 'quantity'), { log }), 'report');
      const qty = await assertSameAsCli(page, PROFIT, ['--measure', 'quantity'], 'quantity', log);
      const card = await page.locator('[data-card="total"] .card-value').textContent();
      assert.equal(card.replace(/\s/g, ''), String(qty.total), `quantity is not money: ${card}`);
      assert.match(await page.locator('#clients thead').textContent(), /Количество/);
      await shot(page, '#period', 'time-measure-ru-1280.png');

      assert.equal(await runAndWait(page, () => page.selectOption('#measure', 'revenue'), { log }), 'report');
      await assertSameAsCli(page, PROFIT, [], 'back to revenue', log);
      assert.ok(!/measure=/.test((await readTime(page)).search));

      // A measure the next file lacks: that file is analysed by revenue (no error).
      await runAndWait(page, () => page.selectOption('#measure', 'profit'), { log });
      assert.equal(await upload(page, TREND, { log }), 'report');
      await assertSameAsCli(page, TREND, [], 'a file without profit, by revenue', log);
      assert.ok(!/measure=/.test((await readTime(page)).search));
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('English: the time sections are translated (no raw keys); 390 px phone fits; screenshots', { timeout: 180_000 }, async (t) => {
    if (needServer(t) || needDemo(t, 'en')) return;
    for (const [lang, width] of [['en', 1280], ['en', 390], ['ru', 390]]) {
      const { context, page, log } = await openDemo(lang, '?lang=' + lang, { viewport: { width, height: 844 } });
      try {
        await assertSameAsCli(page, DEMO[lang], [], `the ${lang} demo`, log);
        const text = await page.locator('#report').textContent();
        const raw = text.match(/\b(dyn|rh|cmp|xyz|period|measure|f\.[a-z_]+)\.[a-z_.]+\b/g);
        assert.equal(raw, null, `untranslated keys: ${raw}`);
        if (lang === 'en') {
          assert.match(await page.locator('#dynamics').textContent(), /Over time/);
          assert.match(await page.locator('#comparison').textContent(), /Two periods compared/);
          assert.match(await page.locator('#rhythm').textContent(), /Client rhythm/);
        }
        const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
        assert.ok(overflow.scroll <= overflow.inner, `${lang} ${width}: page ${overflow.scroll} > ${overflow.inner}`);
        for (const id of ['period', 'dynamics', 'rhythm', 'comparison', 'xyz']) await shot(page, '#' + id, `time-${id}-${lang}-${width}.png`);
        if (width === 390) {
          ensureDir(SCREENSHOTS);
          await page.screenshot({ path: path.join(SCREENSHOTS, `time-${lang}-390-page.png`), fullPage: true });
        }
      } finally {
        await context.close();
      }
    }
  });

  test('axe-core: the time sections (light, dark), no serious violations', { timeout: 180_000 }, async (t) => {
    if (needServer(t) || needDemo(t)) return;
    for (const colorScheme of ['light', 'dark']) {
      for (const file of [null, PROFIT, UNDATED]) {
        const { context, page, log } = file ? await openFile(file, 'ru', '', { colorScheme }) : await openDemo('ru', '', { colorScheme });
        try {
          if (!file) await page.click('#cmp-pick summary');
          await page.evaluate(axeSource);
          const include = [['#period'], ['#dynamics'], ['#rhythm'], ['#comparison'], ['#xyz'], ['#time-unavailable'], ['#findings'], ['#clients']];
          const present = [];
          for (const sel of include) if (await page.locator(sel[0]).count()) present.push(sel);
          const results = await page.evaluate((inc) => window.axe.run({ include: inc }, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }), present);
          const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          const text = bad.map((v) => `[${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`).join('\n    ');
          assert.equal(bad.length, 0, `axe on ${file ? path.basename(file) : 'the demo'} (${colorScheme}):\n    ${text}${diag(log)}`);
          if (colorScheme === 'dark' && !file) for (const id of ['dynamics', 'comparison', 'xyz']) await shot(page, '#' + id, `time-${id}-ru-1280-dark.png`);
        } finally {
          await context.close();
        }
      }
    }
  });
});
