// The exports' worker (issue 13): a CLASSIC worker, like worker.js. It holds the second wasm module
// (pkg/keyaccounts_export.js, the global `keyaccounts_export`: rust_xlsxwriter and the export code,
// no engine), started only when the user asks for an export, so the page's first load stays small.
// Served: it loads the glue itself. Single file: its source follows the glue in one Blob.
//
// Protocol: in {type:'init', module} (a compiled WebAssembly.Module), then
// {type:'export', id, kind: 'xlsx' | 'csv' | 'text', report (JSON text), lang: 'ru' | 'en'};
// out {type:'done', id, bytes (Uint8Array, transferred) | text} or {type:'error', id, code, message}.
/* global keyaccounts_export, importScripts */
'use strict';

if (typeof keyaccounts_export === 'undefined') importScripts('pkg/keyaccounts_export.js');

let exportReady = null;

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.type === 'init') {
    exportReady = Promise.resolve().then(() => keyaccounts_export({ module_or_path: msg.module }));
    exportReady.catch(() => {});
    return;
  }
  if (msg.type !== 'export') return;
  try {
    if (!exportReady) throw Object.assign(new Error('export module not initialised'), { code: 'internal' });
    try {
      await exportReady;
    } catch (err) {
      throw Object.assign(new Error(String((err && err.message) || err)), { code: 'engine_unavailable' });
    }
    if (msg.kind === 'xlsx') {
      const bytes = keyaccounts_export.exportXlsx(msg.report, msg.lang);
      self.postMessage({ type: 'done', id: msg.id, bytes }, [bytes.buffer]);
    } else if (msg.kind === 'csv') {
      self.postMessage({ type: 'done', id: msg.id, text: keyaccounts_export.exportCsv(msg.report, msg.lang) });
    } else if (msg.kind === 'text') {
      self.postMessage({ type: 'done', id: msg.id, text: keyaccounts_export.reportText(msg.report, msg.lang) });
    } else {
      throw Object.assign(new Error('unknown export ' + String(msg.kind)), { code: 'internal' });
    }
  } catch (err) {
    let code = err && typeof err.code === 'string' && err.code ? err.code : null;
    if (!code) code = typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError ? 'engine_crashed' : 'internal';
    self.postMessage({ type: 'error', id: msg.id, code, message: String((err && err.message) || err || code) });
  }
};
