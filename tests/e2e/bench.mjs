// The driver of scripts/bench (issue 14, point 4; not a test: it prints numbers).
//
//   node tests/e2e/bench.mjs URL OUT.json STAGE_TIMES BENCH_CALAMINE LABEL=FILE=RUNS...
//
// URL is the serve example started on a site whose / is www/ (the real page), /pkg/ the engine and
// /dist/ target/bench (the baselines' page at /dist/page/, calamine's wasm at /dist/pkg/). In one
// headless Chromium, for each size and repetition, alternating (the order rotates each repetition):
//   (a) product   the real page: the file handed to #file → the report rendered (the page's own
//                 `keyaccounts:open` measure ends there); its worker reads and analyses the bytes;
//   (b) calamine  calamine's streaming cell reader in wasm + a bare per-client sum, in a Web Worker;
//   (c) sheetjs   SheetJS 0.18.5 XLSX.read(bytes, {dense: true}) + the same sum, in a Web Worker.
// (b) and (c) are timed the same way on the baselines' page: `change` on #file → File bytes → a new
// worker → its answer. Every repetition runs in a fresh browser context (a fresh page and worker,
// wasm compiled before the clock starts; the product's page has also run its own warm-up on the demo,
// as it does while a user picks a file: <html data-engine-warm>). Measured per run: the time; the wasm memory's byteLength
// after the run (wasm memory never shrinks: it is the peak), in the product's worker through the
// DevTools protocol (Runtime.queryObjects), in calamine's worker by the worker itself; the renderer's
// peak RSS while the run lasts (/proc, sampled every 25 ms; the renderer process that grew most).
// Then natively, on the same files and as many times: examples/stage_times FILE 0 (the engine's read
// + first analysis, nothing else) and bench-calamine (bench/src/main.rs), each under /usr/bin/time -v for the peak RSS
// (else a python3 getrusage wrapper). Prints the tables and writes everything to OUT.json.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { launch, sampleRenderers } from './lib.mjs';

const [url, out, stageTimes, benchCalamine, ...specs] = process.argv.slice(2);
if (!url || !out || !stageTimes || !benchCalamine || !specs.length) {
  console.error('usage: node tests/e2e/bench.mjs URL OUT.json STAGE_TIMES BENCH_CALAMINE LABEL=FILE=RUNS...');
  process.exit(2);
}
const sizes = specs.map((s) => {
  const [label, file, runs] = s.split('=');
  return { label, file, runs: Math.max(1, Number(runs) || 1), bytes: statSync(file).size };
});
const ENGINES = ['product', 'calamine', 'sheetjs'];
const NAMES = { product: '(a) product', calamine: '(b) calamine cells', sheetjs: '(c) SheetJS dense' };
const TIMEOUT = 900_000;
const MiB = 1024 * 1024;

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (xs) => (xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : null);

// ---------- the renderer's memory, from /proc ----------

// ---------- the product worker's wasm memory, through the DevTools protocol ----------

/**
 * The byteLength of the WebAssembly.Memory objects alive in the worker at `workerUrl` (the largest):
 * Runtime.queryObjects in the worker's own target, after the run — nothing is added to the page or
 * the worker, nothing timed changes.
 */
async function wasmMemoryOf(browser, workerUrl) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'worker' && t.url === workerUrl);
    if (!worker) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
    let next = 0;
    const pending = new Map();
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = e.sessionId === sessionId ? JSON.parse(e.message) : null;
      if (m && pending.has(m.id)) {
        pending.get(m.id)(m);
        pending.delete(m.id);
      }
    });
    const send = (method, params) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    const proto = await send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
    const found = await send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
    const sizes = await send('Runtime.callFunctionOn', {
      objectId: found.objects.objectId,
      functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }',
      returnByValue: true,
    });
    await cdp.send('Target.detachFromTarget', { sessionId });
    const list = sizes.result.value || [];
    return list.length ? Math.max(...list) : null;
  } finally {
    await cdp.detach();
  }
}

// ---------- one run of each engine ----------

async function freshPage(browser) {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** Waits until the page's wasm is fetched (and compiled: the fetch feeds compileStreaming). */
async function waitCompiled(page, wasmPath) {
  await page.waitForFunction(
    (p) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(p) && e.responseEnd > 0),
    wasmPath,
    { timeout: 60_000, polling: 50 },
  );
  await page.waitForTimeout(500);
}

async function runProduct(browser, file) {
  const { context, page, errors } = await freshPage(browser);
  let stop = null;
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('#file', { state: 'attached' });
    await waitCompiled(page, '/pkg/keyaccounts_bg.wasm');
    // The page warms its engine on the demo while a user picks a file (Engine.warmUp): the clock starts after.
    await page.waitForFunction(() => document.documentElement.dataset.engineWarm === 'true', null, { timeout: 60_000, polling: 50 });
    await page.evaluate(() => {
      window.__benchT0 = null;
      document.addEventListener('change', (e) => {
        if (e.target && e.target.id === 'file') window.__benchT0 = performance.now();
      }, true);
    });
    stop = sampleRenderers();
    await page.setInputFiles('#file', file);
    const handle = await page.waitForFunction(
      () => {
        const m = performance.getEntriesByName('keyaccounts:open')[0];
        if (m) return 'report';
        const err = document.getElementById('error');
        return err && !err.hidden && err.dataset.code ? 'error:' + err.dataset.code : false;
      },
      null,
      { timeout: TIMEOUT, polling: 100 },
    );
    const outcome = await handle.jsonValue();
    const rss = stop();
    if (outcome !== 'report') return { error: `${outcome} ${errors.join(' ')}`.trim() };
    const r = await page.evaluate(() => {
      const m = (n) => performance.getEntriesByName(n)[0];
      const open = m('keyaccounts:open');
      const card = (n) => {
        const v = document.querySelector(`#report [data-card="${n}"]`)?.dataset.value;
        return v === undefined || v === '' ? null : Number(v);
      };
      return {
        ms: open.startTime + open.duration - window.__benchT0,
        workerMs: m('keyaccounts:open-engine')?.duration ?? null,
        renderMs: m('keyaccounts:open-render')?.duration ?? null,
        clients: card('clients'),
        total: card('total'),
      };
    });
    r.wasmBytes = await wasmMemoryOf(browser, new URL('worker.js', url).href);
    r.rendererPeak = rss ? rss.peak : null;
    r.rendererStart = rss ? rss.start : null;
    return r;
  } finally {
    if (stop) stop();
    await context.close();
  }
}

async function runBaseline(browser, engine, file) {
  const { context, page } = await freshPage(browser);
  let stop = null;
  try {
    await page.goto(new URL('dist/page/index.html', url).href, { waitUntil: 'load' });
    await page.evaluate(() => window.benchModule);
    await waitCompiled(page, '/dist/pkg/bench_calamine_bg.wasm');
    await page.selectOption('#engine', engine);
    stop = sampleRenderers();
    await page.setInputFiles('#file', file);
    const handle = await page.waitForFunction(() => window.benchResult, null, { timeout: TIMEOUT, polling: 100 });
    const r = await handle.jsonValue();
    const rss = stop();
    if (r.error) return { error: r.error };
    r.rendererPeak = rss ? rss.peak : null;
    r.rendererStart = rss ? rss.start : null;
    return r;
  } finally {
    if (stop) stop();
    await context.close();
  }
}

/** One run; a failure (a crash, a timeout) is that run's `error`, and the benchmark goes on. */
async function run(browser, engine, file) {
  try {
    return await (engine === 'product' ? runProduct(browser, file) : runBaseline(browser, engine, file));
  } catch (err) {
    return { error: String((err && err.message) || err).split('\n')[0] };
  }
}

// ---------- natively ----------

const hasTime = existsSync('/usr/bin/time');
const RUSAGE_WRAPPER =
  'import resource,subprocess,sys,time\n' +
  't=time.time();p=subprocess.run(sys.argv[1:],capture_output=True,text=True)\n' +
  'sys.stdout.write(p.stdout);sys.stderr.write(p.stderr)\n' +
  'sys.stderr.write("\\tMaximum resident set size (kbytes): %d\\n\\tWall seconds: %.3f\\n"%(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,time.time()-t))\n' +
  'sys.exit(p.returncode)\n';

/** Runs a command; → {stdout, wallMs, maxRssBytes}. */
function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const p = hasTime
    ? spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync('python3', ['-c', RUSAGE_WRAPPER, cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${p.status}): ${p.stderr || p.error}`);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(p.stderr);
  return { stdout: p.stdout, wallMs, maxRssBytes: kb ? Number(kb[1]) * 1024 : null };
}

function nativeProduct(file) {
  const r = timed(stageTimes, [file, '0']);
  const ms = (label) => Number(new RegExp(`^${label}\\s+([\\d.]+) ms`, 'm').exec(r.stdout)?.[1] ?? NaN);
  const used = /rows used (\d+), clients (\d+)/.exec(r.stdout);
  const readMs = ms('read');
  const analyzeMs = ms('first analysis');
  return { ms: readMs + analyzeMs, readMs, analyzeMs, processMs: r.wallMs, maxRssBytes: r.maxRssBytes, rows: used ? Number(used[1]) : null, clients: used ? Number(used[2]) : null };
}

function nativeCalamine(file) {
  const r = timed(benchCalamine, [file]);
  const j = JSON.parse(r.stdout);
  return { ms: j.readMs + j.sumMs, readMs: j.readMs, sumMs: j.sumMs, processMs: r.wallMs, maxRssBytes: r.maxRssBytes, rows: j.rows, clients: j.clients, total: j.total };
}

// ---------- printing ----------

const sec = (ms) => (ms === null || ms === undefined || Number.isNaN(ms) ? '—' : (ms / 1000).toFixed(2));
const mib = (b) => (b === null || b === undefined ? '—' : (b / MiB).toFixed(0));
const pad = (s, n) => String(s).padStart(n);

function summarise(samples) {
  const ok = samples.filter((s) => !s.error);
  const col = (k) => ok.map((s) => s[k]).filter((x) => typeof x === 'number' && !Number.isNaN(x));
  return {
    runs: samples.length,
    errors: samples.filter((s) => s.error).map((s) => s.error),
    ms: stats(col('ms')),
    workerMs: stats(col('workerMs')),
    wasmBytes: stats(col('wasmBytes')),
    rendererPeakBytes: stats(col('rendererPeak')),
    rendererStartBytes: stats(col('rendererStart')),
    clients: col('clients')[0] ?? null,
    total: col('total')[0] ?? null,
    samples,
  };
}

// ---------- the run ----------

const started = new Date();
const load = os.loadavg();
let chromium = null;
const results = [];
const browser = await launch();
try {
  chromium = browser.version();
  // Untimed warm-up on the smallest file: disk cache, the browser's own first-use costs.
  const smallest = sizes.reduce((a, b) => (b.bytes < a.bytes ? b : a));
  for (const e of ENGINES) await run(browser, e, smallest.file);
  for (const size of sizes) {
    console.error(`\n== ${size.label}: ${size.file} (${(size.bytes / MiB).toFixed(1)} MiB), ${size.runs} runs per engine ==`);
    const samples = Object.fromEntries(ENGINES.map((e) => [e, []]));
    for (let i = 0; i < size.runs; i++) {
      const order = ENGINES.map((_, k) => ENGINES[(i + k) % ENGINES.length]);
      for (const e of order) {
        const s = await run(browser, e, size.file);
        samples[e].push(s);
        console.error(`  run ${i + 1} ${NAMES[e].padEnd(20)} ${s.error ? 'ERROR ' + s.error : `${sec(s.ms)} s  wasm ${mib(s.wasmBytes)} MiB  renderer ${mib(s.rendererPeak)} MiB`}`);
      }
    }
    const engines = Object.fromEntries(ENGINES.map((e) => [e, summarise(samples[e])]));
    const m = (e) => engines[e].ms?.median ?? null;
    const ratio = (x, y) => (x && y ? x / y : null);
    results.push({
      label: size.label,
      file: size.file,
      fileBytes: size.bytes,
      runs: size.runs,
      engines,
      ratios: { a_b: ratio(m('product'), m('calamine')), a_c: ratio(m('product'), m('sheetjs')) },
    });
  }
} finally {
  await browser.close();
}

// Natively, alternating too.
for (const r of results) {
  console.error(`\n== natively: ${r.label} ==`);
  const product = [];
  const calamine = [];
  for (let i = 0; i < r.runs; i++) {
    product.push(nativeProduct(r.file));
    calamine.push(nativeCalamine(r.file));
    console.error(`  run ${i + 1}  product ${sec(product.at(-1).ms)} s (${mib(product.at(-1).maxRssBytes)} MiB)  calamine ${sec(calamine.at(-1).ms)} s (${mib(calamine.at(-1).maxRssBytes)} MiB)`);
  }
  const nat = (xs) => ({
    ms: stats(xs.map((x) => x.ms)),
    processMs: stats(xs.map((x) => x.processMs)),
    maxRssBytes: stats(xs.map((x) => x.maxRssBytes).filter((x) => x !== null)),
    samples: xs,
  });
  r.native = { product: nat(product), calamine: nat(calamine) };
  r.native.ratio = r.native.product.ms && r.native.calamine.ms ? r.native.product.ms.median / r.native.calamine.ms.median : null;
}

const cpu = os.cpus();
const report = {
  date: started.toISOString(),
  machine: { cpus: cpu.length, model: cpu[0]?.model ?? null, memBytes: os.totalmem(), loadavgAtStart: load, loadavgAtEnd: os.loadavg() },
  chromium,
  node: process.version,
  rssMeasure: hasTime ? '/usr/bin/time -v' : 'python3 getrusage(RUSAGE_CHILDREN)',
  sizes: results,
};
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');

// The tables.
console.log(`\nscripts/bench — ${started.toISOString()}, ${cpu.length} × ${cpu[0]?.model ?? '?'}, Chromium ${chromium}, load ${load.map((x) => x.toFixed(2)).join(' ')}`);
console.log('\nin the browser (headless Chromium; time: file handed to #file → result, median of the runs; memory: the largest of the runs,');
console.log('wasm memory after the run, the renderer\'s peak RSS during the run and, in brackets, before it)');
console.log('size    file              engine                median      min      max   wasm MiB  renderer MiB (before)');
for (const r of results) {
  for (const e of ENGINES) {
    const x = r.engines[e];
    const head = e === 'product' ? `${r.label.padEnd(7)} ${pad((r.fileBytes / MiB).toFixed(1) + ' MiB', 9)}        ` : ' '.repeat(25);
    console.log(
      `${head} ${NAMES[e].padEnd(20)} ${pad(sec(x.ms?.median) + ' s', 8)} ${pad(sec(x.ms?.min), 8)} ${pad(sec(x.ms?.max), 8)} ${pad(mib(x.wasmBytes?.max), 10)} ${pad(mib(x.rendererPeakBytes?.max), 13)} (${mib(x.rendererStartBytes?.median)})` +
        (x.errors.length ? `   ${x.errors.length} error(s): ${x.errors[0]}` : ''),
    );
  }
  const f = (v) => (v === null ? '—' : v.toFixed(2));
  const b = r.engines.calamine;
  const c = r.engines.sheetjs;
  const a = r.engines.product;
  console.log(`${' '.repeat(25)} a/b ${f(r.ratios.a_b)}   a/c ${f(r.ratios.a_c)}   (clients a ${a.clients ?? '—'} b ${b.clients ?? '—'} c ${c.clients ?? '—'}; total a ${a.total ?? '—'} b ${b.total?.toFixed(2) ?? '—'} c ${c.total?.toFixed(2) ?? '—'})`);
}
console.log('\nnatively (product: examples/stage_times read + first analysis; calamine: bench-calamine; RSS: whole process peak)');
console.log('size     engine                median      min      max   peak RSS MiB');
for (const r of results) {
  for (const [k, name] of [['product', '(a) product core'], ['calamine', '(b) calamine cells']]) {
    const x = r.native[k];
    console.log(`${(k === 'product' ? r.label : '').padEnd(8)} ${name.padEnd(20)} ${pad(sec(x.ms?.median) + ' s', 8)} ${pad(sec(x.ms?.min), 8)} ${pad(sec(x.ms?.max), 8)} ${pad(mib(x.maxRssBytes?.max), 14)}`);
  }
  console.log(`${' '.repeat(29)} a/b ${r.native.ratio === null ? '—' : r.native.ratio.toFixed(2)}`);
}
console.log(`\nwritten: ${out}`);
