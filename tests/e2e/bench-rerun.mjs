// The browser half of scripts/bench-rerun (not a test: it prints numbers).
//
//   node tests/e2e/bench-rerun.mjs URL FILE [RUNS]
//
// Opens the served page at URL in headless Chromium, uploads FILE through #file and then re-runs the
// report RUNS times (default 11) changing only the key share (15 % ↔ 10 %), through the rules panel's
// own `change` path. For each run it reads the page's User Timing measures (see www/main.js `measure`):
//   keyaccounts:rerun-engine   the worker's Session.analyze
//   keyaccounts:rerun          the page's request → the report rendered (DOM built) on the main thread
//   keyaccounts:rerun-render   the rendering alone (renderAll)
// and times, from the test's side, the `change` event → the next frame after the report (what a person sees).
import { launch, openPage, runAndWait } from './lib.mjs';

const [url, file, runsArg] = process.argv.slice(2);
if (!url || !file) {
  console.error('usage: node tests/e2e/bench-rerun.mjs URL FILE [RUNS]');
  process.exit(2);
}
const runs = Math.max(1, Number(runsArg) || 11);

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f1 = (x) => x.toFixed(1).padStart(8);

const browser = await launch();
try {
  const { page, log } = await openPage(browser, { locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('#file', { state: 'attached' });
  // Let the engine compile first (the page warms it up while idle), so the open time is the file's.
  await page.waitForTimeout(1500);
  const t0 = Date.now();
  const outcome = await runAndWait(page, () => page.setInputFiles('#file', file), { log, timeout: 300_000 });
  const wall = Date.now() - t0 - 300; // runAndWait waits 300 ms of quiet after the last change
  if (outcome !== 'report') throw new Error(`opening ${file} gave ${outcome}`);
  const open = await page.evaluate(() => {
    const m = (n) => performance.getEntriesByName(n).slice(-1)[0]?.duration ?? null;
    return {
      total: m('keyaccounts:open'),
      engine: m('keyaccounts:open-engine'),
      render: m('keyaccounts:open-render'),
      clients: document.querySelectorAll('#clients tbody tr').length,
      nodes: document.getElementsByTagName('*').length,
      stats: document.documentElement.dataset.engineStats,
    };
  });

  await page.evaluate(() => {
    const d = document.getElementById('rules-details');
    if (d) d.open = true;
  });
  await page.waitForSelector('#rule-key', { state: 'visible' });

  const samples = [];
  for (let i = 0; i < runs; i++) {
    const value = i % 2 === 0 ? '15' : '10';
    const s = await page.evaluate(
      (v) =>
        new Promise((resolve, reject) => {
          const before = performance.getEntriesByName('keyaccounts:rerun').slice(-1)[0];
          const input = document.getElementById('rule-key');
          const start = performance.now();
          const timer = setTimeout(() => reject(new Error('no re-run within 60 s')), 60_000);
          const check = () => {
            const m = performance.getEntriesByName('keyaccounts:rerun').slice(-1)[0];
            if (!m || m === before || m.startTime < start - 1) return requestAnimationFrame(check);
            // The report is in the DOM; the next frame is when a person sees it.
            requestAnimationFrame(() =>
              setTimeout(() => {
                clearTimeout(timer);
                const last = (n) => performance.getEntriesByName(n).slice(-1)[0]?.duration ?? null;
                resolve({
                  engine: last('keyaccounts:rerun-engine'),
                  toRender: m.duration,
                  render: last('keyaccounts:rerun-render'),
                  toFrame: performance.now() - start,
                });
              }, 0),
            );
          };
          input.value = v;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          input.dispatchEvent(new Event('change', { bubbles: true }));
          requestAnimationFrame(check);
        }),
      value,
    );
    samples.push(s);
  }
  const stats = await page.evaluate(() => document.documentElement.dataset.engineStats);

  const col = (k) => samples.map((s) => s[k]).filter((x) => typeof x === 'number');
  console.log(`file                 ${file}`);
  console.log(`clients table rows   ${open.clients} (DOM elements on the page: ${open.nodes})`);
  console.log(`open (wall, upload → report settled) ${f1(wall)} ms`);
  console.log(`open: engine (read + first analysis) ${f1(open.engine)} ms`);
  console.log(`open: request → rendered             ${f1(open.total)} ms   (render ${open.render.toFixed(1)} ms)`);
  console.log(`re-run, key share only, median of ${runs}:`);
  console.log(`  engine (Session.analyze in the worker) ${f1(median(col('engine')))} ms   [${Math.min(...col('engine')).toFixed(1)} … ${Math.max(...col('engine')).toFixed(1)}]`);
  console.log(`  request → report rendered (DOM)        ${f1(median(col('toRender')))} ms   [${Math.min(...col('toRender')).toFixed(1)} … ${Math.max(...col('toRender')).toFixed(1)}]`);
  console.log(`    of which rendering (renderAll)       ${f1(median(col('render')))} ms`);
  console.log(`  change event → next frame              ${f1(median(col('toFrame')))} ms   [${Math.min(...col('toFrame')).toFixed(1)} … ${Math.max(...col('toFrame')).toFixed(1)}]`);
  console.log(`session counters     ${stats}`);
  if (log.pageErrors.length) console.log(`page errors: ${log.pageErrors.join('\n')}`);
} finally {
  await browser.close();
}
