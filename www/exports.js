// Exports of the report on screen (issue 13): an Excel workbook, the client table as CSV, the
// report as plain text and as JSON — made in this tab and saved through a download link; nothing
// is sent anywhere. The XLSX writer (rust_xlsxwriter) would add about half to the engine every
// visitor loads, so the workbook, the CSV and the text come from a second wasm module
// (pkg/keyaccounts_export_bg.wasm) in a worker of its own, started the first time the user asks.
// The JSON is the report itself.

import { inlineBundle, base64ToBytes, codedError } from './engine.js';

const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
  text: 'text/plain;charset=utf-8',
  json: 'application/json',
};
const EXTENSION = { xlsx: 'xlsx', csv: 'csv', text: 'txt', json: 'json' };

let exporter = null; // {worker, url, pending: Map(id → {resolve, reject}), nextId} once started

async function compileExportModule(base) {
  const inline = inlineBundle();
  if (inline) {
    if (typeof inline.exportWasmBase64 !== 'string') throw codedError('engine_unavailable', 'this build has no export module');
    return WebAssembly.compile(base64ToBytes(inline.exportWasmBase64));
  }
  const url = new URL('pkg/keyaccounts_export_bg.wasm', base || document.baseURI).href;
  const response = await fetch(url);
  if (!response.ok) throw codedError('engine_unavailable', 'HTTP ' + response.status + ' for ' + url);
  return WebAssembly.compile(await response.arrayBuffer());
}

function stopExporter(code, message) {
  if (!exporter) return;
  const { worker, url, pending } = exporter;
  exporter = null;
  worker.terminate();
  if (url) URL.revokeObjectURL(url);
  for (const p of pending.values()) p.reject(codedError(code, message));
}

async function startExporter(base) {
  const module = await compileExportModule(base);
  if (exporter) return exporter;
  const inline = inlineBundle();
  let worker;
  let url = null;
  if (inline) {
    if (typeof inline.exportWorkerSource !== 'string') throw codedError('engine_unavailable', 'this build has no export worker');
    url = URL.createObjectURL(new Blob([inline.exportWorkerSource], { type: 'text/javascript' }));
    worker = new Worker(url);
  } else {
    worker = new Worker(new URL('export-worker.js', base || document.baseURI).href);
  }
  const me = { worker, url, pending: new Map(), nextId: 1 };
  exporter = me;
  worker.addEventListener('message', (event) => {
    const msg = event.data || {};
    const p = me.pending.get(msg.id);
    if (!p) return;
    me.pending.delete(msg.id);
    if (msg.type === 'done') p.resolve(msg);
    else p.reject(codedError(typeof msg.code === 'string' && msg.code ? msg.code : 'internal', msg.message));
    // After a trap the module is unusable: the next export starts a fresh worker.
    if (msg.type === 'error' && (msg.code === 'engine_crashed' || msg.code === 'internal') && exporter === me) stopExporter('engine_crashed', 'export worker ended');
  });
  worker.addEventListener('error', (event) => {
    if (event && typeof event.preventDefault === 'function') event.preventDefault();
    if (exporter === me) stopExporter('engine_crashed', (event && event.message) || 'export worker error');
  });
  worker.postMessage({ type: 'init', module });
  return me;
}

/**
 * The export `kind` ('xlsx' | 'csv' | 'text' | 'json') of `report` in `lang`, as a Blob. `base` is
 * the address of the folder holding export-worker.js and pkg/ (served page). Rejects with a coded Error.
 */
export async function exportReport(kind, report, lang, base) {
  if (!MIME[kind]) throw codedError('internal', 'unknown export ' + kind);
  const json = JSON.stringify(report);
  if (kind === 'json') return new Blob([JSON.stringify(report, null, 2)], { type: MIME.json });
  let me;
  try {
    me = exporter || (await startExporter(base));
  } catch (err) {
    if (err && err.code) throw err;
    throw codedError('engine_unavailable', String((err && err.message) || err));
  }
  const id = me.nextId++;
  const reply = await new Promise((resolve, reject) => {
    me.pending.set(id, { resolve, reject });
    me.worker.postMessage({ type: 'export', id, kind, report: json, lang });
  });
  return new Blob([kind === 'xlsx' ? reply.bytes : reply.text], { type: MIME[kind] });
}

let lastUrl = null;

/**
 * Saves `blob` as `name` through a download link and returns the link's address (kept until the
 * next export, so the page can offer the file again where the first click was blocked).
 */
export function saveFile(blob, name) {
  if (lastUrl) URL.revokeObjectURL(lastUrl);
  lastUrl = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = lastUrl;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  return lastUrl;
}

/**
 * `keyaccounts-<file>-<as of>.<ext>`: the file's own name without its extension (none while names
 * are hidden: pass ''), reduced to characters every file system takes.
 */
export function reportFileName(kind, fileName, asOf) {
  const stem = String(fileName || '')
    .replace(/\.[^.]*$/, '')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .trim()
    .slice(0, 80);
  const parts = ['keyaccounts', stem, typeof asOf === 'string' ? asOf : ''].filter(Boolean);
  return parts.join('-').replace(/\s+/g, '_') + '.' + EXTENSION[kind];
}
