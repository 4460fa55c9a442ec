// The engine's worker: a CLASSIC worker (module workers from Blobs fail on file://).
// Served: it loads pkg/keyaccounts.js (defines the global `wasm_bindgen`) itself.
// Single file: its source follows pkg/keyaccounts.js in one Blob, so `wasm_bindgen` exists.
//
// Protocol (see the contract): in {type:'init', module} (a compiled WebAssembly.Module),
// {type:'analyze', id, files: [{name, bytes}], options} (or the older {bytes} for one file),
// {type:'rerun', id, options}; out
// {type:'progress', id, stage}, {type:'report', id, report}, {type:'error', id, code, message, details}.
/* global wasm_bindgen, importScripts */
'use strict';

if (typeof wasm_bindgen === 'undefined') importScripts('pkg/keyaccounts.js');

let keyaccountsReady = null; // Promise of the instantiated engine
let keyaccountsFiles = null; // [{name, bytes: Uint8Array}], kept for re-runs (switches, merges, columns)

function keyaccountsInit(module) {
  keyaccountsReady = Promise.resolve()
    .then(() => wasm_bindgen({ module_or_path: module }))
    .then(() => {
      let version = null;
      try {
        version = wasm_bindgen.engineVersion();
      } catch (_) {
        version = null;
      }
      self.postMessage({ type: 'ready', version });
    });
  // Keep the rejection for the first request to report; do not leave it unhandled.
  keyaccountsReady.catch(() => {});
}

function keyaccountsErrorReply(id, err) {
  let code = err && typeof err.code === 'string' && err.code ? err.code : null;
  if (!code) {
    // A trap (unreachable, out of bounds, out of memory) or a JS error thrown from the glue.
    const isTrap = typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError;
    const isMemory = err instanceof RangeError;
    code = isTrap || isMemory ? 'engine_crashed' : 'internal';
  }
  let details = err && err.details !== undefined ? err.details : null;
  try {
    details = details === null || details === undefined ? null : JSON.parse(JSON.stringify(details));
  } catch (_) {
    details = null;
  }
  const message = String((err && err.message) || err || code);
  self.postMessage({ type: 'error', id, code, message, details });
}

async function keyaccountsRun(id, options) {
  try {
    self.postMessage({ type: 'progress', id, stage: 'engine' });
    if (!keyaccountsReady) throw Object.assign(new Error('engine not initialised'), { code: 'internal' });
    try {
      await keyaccountsReady;
    } catch (err) {
      throw Object.assign(new Error(String((err && err.message) || err)), { code: 'engine_unavailable' });
    }
    if (!keyaccountsFiles || !keyaccountsFiles.length) throw Object.assign(new Error('no file'), { code: 'internal' });
    self.postMessage({ type: 'progress', id, stage: 'analyzing' });
    // One file keeps the one-file entry point (its report equals the CLI's); several are combined by the engine.
    let report;
    if (keyaccountsFiles.length === 1) {
      report = wasm_bindgen.analyzeWorkbook(keyaccountsFiles[0].bytes, options || {});
    } else if (typeof wasm_bindgen.analyzeFiles === 'function') {
      report = wasm_bindgen.analyzeFiles(keyaccountsFiles, options || {});
    } else {
      throw Object.assign(new Error('this engine reads one file at a time'), { code: 'several_files_unsupported' });
    }
    self.postMessage({ type: 'report', id, report });
  } catch (err) {
    keyaccountsErrorReply(id, err);
  }
}

self.onmessage = (event) => {
  const msg = event.data || {};
  if (msg.type === 'init') {
    keyaccountsInit(msg.module);
  } else if (msg.type === 'analyze') {
    if (Array.isArray(msg.files)) {
      keyaccountsFiles = msg.files.map((f) => ({ name: String(f.name || ''), bytes: new Uint8Array(f.bytes) }));
    } else {
      keyaccountsFiles = [{ name: '', bytes: new Uint8Array(msg.bytes) }];
    }
    keyaccountsRun(msg.id, msg.options);
  } else if (msg.type === 'rerun') {
    keyaccountsRun(msg.id, msg.options);
  }
};
