// Baseline (b) of scripts/bench: calamine's streaming cell reader in wasm with a bare per-client sum
// (bench/src/lib.rs). In {module, bytes}; out {workerMs, rows, clients, total, wasmBytes} or {error}.
/* global bench_calamine, importScripts */
'use strict';
importScripts('../pkg/bench_calamine.js');

self.onmessage = async (event) => {
  try {
    const t0 = performance.now();
    const wasm = await bench_calamine({ module_or_path: event.data.module });
    const [rows, clients, total] = bench_calamine.sumByClient(new Uint8Array(event.data.bytes));
    self.postMessage({ workerMs: performance.now() - t0, rows, clients, total, wasmBytes: wasm.memory.buffer.byteLength });
  } catch (err) {
    self.postMessage({ error: String((err && err.message) || err) });
  }
};
