// Baseline (c) of scripts/bench: SheetJS 0.18.5 (xlsx.core.min.js: everything xlsx reading needs)
// with `dense: true` and the same bare per-client sum as bench/src/lib.rs. Test-only, never shipped.
// In {bytes}; out {workerMs, rows, clients, total, wasmBytes: null} or {error}.
/* global XLSX, importScripts */
'use strict';
importScripts('xlsx.core.min.js');

const CLIENT = ['контрагент', 'клиент', 'покупатель', 'client', 'customer'];
const AMOUNT = ['сумма', 'выручка', 'amount', 'revenue', 'sales'];
const matches = (keys, v) => typeof v === 'string' && keys.some((k) => v.toLowerCase().includes(k));

self.onmessage = (event) => {
  try {
    const t0 = performance.now();
    const book = XLSX.read(new Uint8Array(event.data.bytes), { dense: true });
    const sheet = book.Sheets[book.SheetNames[0]];
    const data = sheet['!data'] || sheet; // 0.18: the sheet is the array of rows; 0.19+: sheet['!data']
    const header = data[0] || [];
    let clientCol = -1;
    let amountCol = -1;
    header.forEach((cell, c) => {
      const v = cell && cell.v;
      if (clientCol < 0 && matches(CLIENT, v)) clientCol = c;
      else if (amountCol < 0 && matches(AMOUNT, v)) amountCol = c;
    });
    if (clientCol < 0 || amountCol < 0) throw new Error('no client or amount column in row 1');
    const sums = new Map();
    let rows = 0;
    let total = 0;
    for (let r = 1; r < data.length; r++) {
      const row = data[r];
      if (!row) continue;
      const client = row[clientCol] && row[clientCol].v;
      const amount = row[amountCol] && row[amountCol].v;
      if (typeof client !== 'string' || typeof amount !== 'number') continue;
      sums.set(client, (sums.get(client) || 0) + amount);
      rows++;
      total += amount;
    }
    self.postMessage({ workerMs: performance.now() - t0, rows, clients: sums.size, total, wasmBytes: null });
  } catch (err) {
    self.postMessage({ error: String((err && err.message) || err) });
  }
};
