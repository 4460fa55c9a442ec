// The engine's worker: a CLASSIC worker (module workers from Blobs fail on file://).
// Served: it loads pkg/keyaccounts.js (defines the global `wasm_bindgen`) itself.
// Single file: its source follows pkg/keyaccounts.js in one Blob, so `wasm_bindgen` exists.
//
// Protocol: in {type:'init', module} (a compiled WebAssembly.Module),
// {type:'analyze', id, files: [{name, bytes}], options} (the bytes transferred, read once into an
// engine Session and dropped), {type:'rerun', id, options} (the same Session, no re-read); out
// {type:'ready', version, defaults}, {type:'progress', id, stage} (stage 'reading' adds rows and fraction:
// rows read so far, the share of the file(s) read 0–1 or null),
// {type:'report', id, texts, pseudonyms, stats, timing} (texts: the report as JSON texts,
// Session.analyzeTexts, which engine.js parses; pseudonyms: [[pseudonym, real], …] when
// options.anonymize is set, else null), {type:'error', id, code, message, details, stats, timing}.
// `options` are the engine's: {read, identity, method, anonymize} (see src/web.rs); `defaults` the method's
// defaults (wasm_bindgen.methodDefaults(): the page keeps no copy of its own); `stats` the
// Session's counters {reads, extractions, resolutions, analyses}; `timing` {openMs, analyzeMs}
// in milliseconds measured here (openMs only when this request read the files).
/* global wasm_bindgen, importScripts */
'use strict';

if (typeof wasm_bindgen === 'undefined') importScripts('pkg/keyaccounts.js');

let keyaccountsReady = null; // Promise of the instantiated engine
let keyaccountsFiles = null; // [{name, bytes: Uint8Array}] until the Session has read them
let keyaccountsSession = null; // the engine's Session over the loaded file(s): re-runs never re-read

function keyaccountsInit(module) {
  keyaccountsReady = Promise.resolve()
    .then(() => wasm_bindgen({ module_or_path: module }))
    .then(() => {
      let version = null;
      let defaults = null;
      try {
        version = wasm_bindgen.engineVersion();
      } catch (_) {
        version = null;
      }
      try {
        defaults = typeof wasm_bindgen.methodDefaults === 'function' ? wasm_bindgen.methodDefaults() : null;
      } catch (_) {
        defaults = null;
      }
      self.postMessage({ type: 'ready', version, defaults });
    });
  // Keep the rejection for the first request to report; do not leave it unhandled.
  keyaccountsReady.catch(() => {});
}

function keyaccountsStats() {
  try {
    return keyaccountsSession ? keyaccountsSession.stats() : null;
  } catch (_) {
    return null;
  }
}

function keyaccountsErrorReply(id, err, timing) {
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
  self.postMessage({ type: 'error', id, code, message, details, stats: keyaccountsStats(), timing });
}

async function keyaccountsRun(id, options) {
  const timing = { openMs: null, analyzeMs: null };
  try {
    self.postMessage({ type: 'progress', id, stage: 'engine' });
    if (!keyaccountsReady) throw Object.assign(new Error('engine not initialised'), { code: 'internal' });
    try {
      await keyaccountsReady;
    } catch (err) {
      throw Object.assign(new Error(String((err && err.message) || err)), { code: 'engine_unavailable' });
    }
    if (!keyaccountsSession) {
      if (!keyaccountsFiles || !keyaccountsFiles.length) throw Object.assign(new Error('no file'), { code: 'internal' });
      // Read once: the Session copies what it needs; the transferred bytes are dropped right after.
      const files = keyaccountsFiles;
      keyaccountsFiles = null;
      const t0 = performance.now();
      // Rows read (every few thousand) and the share of the file, for the page's progress bar.
      const onProgress = (p) => self.postMessage({ type: 'progress', id, stage: 'reading', rows: p.rows, fraction: p.fraction });
      keyaccountsSession = new wasm_bindgen.Session(files, onProgress);
      timing.openMs = performance.now() - t0;
    }
    self.postMessage({ type: 'progress', id, stage: 'analyzing' });
    const t1 = performance.now();
    // JSON texts, parsed by the page (engine.js reportOf): cheaper to post than the objects.
    const texts = keyaccountsSession.analyzeTexts(options || {});
    // Anonymised: the pseudonyms' map too, so the page can send back what the user picks by real name.
    const pseudonyms = options && options.anonymize ? keyaccountsSession.pseudonyms(options) : null;
    timing.analyzeMs = performance.now() - t1;
    self.postMessage({ type: 'report', id, texts, pseudonyms, stats: keyaccountsStats(), timing });
  } catch (err) {
    keyaccountsErrorReply(id, err, timing);
  }
}

self.onmessage = (event) => {
  const msg = event.data || {};
  if (msg.type === 'init') {
    keyaccountsInit(msg.module);
  } else if (msg.type === 'analyze') {
    if (keyaccountsSession) {
      keyaccountsSession.free();
      keyaccountsSession = null;
    }
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
