#!/usr/bin/env node
// The page's engine (pkg/, scripts/build-web) in Node, without a browser: opens FILE in a Session,
// analyses it with the defaults and prints the wasm memory after opening and after the analysis
// (wasm memory only grows, so the second is the run's high-water mark) and the time.
//
//   node scripts/wasm-memory.mjs [PKG_DIR] FILE        (PKG_DIR default: pkg)
//
// For A/B runs of a change's effect on the tab's memory: the high-water mark depends on where large
// allocations land, not only on how much is live, so a change that frees memory can still raise it.
// Times are Node's, not the page's (no warm-up): compare them only with each other.
import fs from 'node:fs';
import vm from 'node:vm';

const args = process.argv.slice(2);
const [pkgDir, file] = args.length > 1 ? args : ['pkg', args[0]];
if (!file) {
  console.error('usage: node scripts/wasm-memory.mjs [PKG_DIR] FILE');
  process.exit(2);
}
globalThis.self = globalThis;
vm.runInThisContext(`${fs.readFileSync(`${pkgDir}/keyaccounts.js`, 'utf8')}\n;globalThis.wasm_bindgen = wasm_bindgen;`);
const wb = globalThis.wasm_bindgen;
const exports = await wb({ module_or_path: fs.readFileSync(`${pkgDir}/keyaccounts_bg.wasm`) });
const mib = () => Math.round(exports.memory.buffer.byteLength / 1048576);
const bytes = new Uint8Array(fs.readFileSync(file));
const t = performance.now();
const session = new wb.Session([{ name: file.split('/').pop(), bytes }], null);
const opened = mib();
const report = session.analyze(undefined);
const s = ((performance.now() - t) / 1000).toFixed(2);
console.log(`${file}: wasm ${opened} MiB after opening, ${mib()} MiB after the analysis; ${s} s; ${report.clients.length} clients`);
