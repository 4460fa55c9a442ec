// The baselines' side of scripts/bench: compiles calamine's wasm once, then for each file handed to
// #file (with #engine = calamine | sheetjs) times, like the product's page does: the `change` event →
// the File's bytes → a new Web Worker → the bytes transferred → the worker's answer. The worker is
// terminated afterwards (as the product ends its worker on the next file). The result is put on
// window.benchResult: {engine, ms, workerMs, rows, clients, total, wasmBytes} or {engine, error}.
'use strict';

window.benchModule = WebAssembly.compileStreaming(fetch('../pkg/bench_calamine_bg.wasm'));
window.benchResult = null;

const WORKERS = { calamine: 'calamine-worker.js', sheetjs: 'sheetjs-worker.js' };

document.getElementById('file').addEventListener('change', async (event) => {
  const t0 = performance.now();
  const input = event.target;
  const engine = document.getElementById('engine').value;
  window.benchResult = null;
  let worker = null;
  try {
    const file = input.files[0];
    const module = engine === 'calamine' ? await window.benchModule : null;
    const bytes = await file.arrayBuffer();
    worker = new Worker(WORKERS[engine]);
    const answer = await new Promise((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message || 'worker error'));
      worker.postMessage({ module, bytes }, [bytes]);
    });
    const ms = performance.now() - t0;
    window.benchResult = answer.error ? { engine, error: answer.error } : { engine, ms, ...answer };
  } catch (err) {
    window.benchResult = { engine, error: String((err && err.message) || err) };
  } finally {
    if (worker) worker.terminate();
    document.getElementById('result').textContent = JSON.stringify(window.benchResult);
  }
});
