#!/usr/bin/env node
// Builds dist/keyaccounts.html: the whole page in ONE self-contained file that works opened
// from disk (file://), inside an <iframe> and inside a sandboxed one (sandbox="allow-scripts").
//
//   node tools/build-single.mjs [--www DIR] [--pkg DIR] [--out FILE]
//
// From www/index.html (generic: nothing page-specific is assumed beyond the contract):
//   - every <link rel="stylesheet" href> becomes a <style> (keeping its media attribute),
//     url(…) references inside it become data: URLs;
//   - the module entry <script type="module" src> is bundled with esbuild (all its ES module
//     imports) and inlined as <script type="module"> (deferred, like the original);
//     other classic <script src> files are inlined as they are;
//   - icons and <img src> become data: URLs;
//   - before the first script, an inline script defines
//       window.KEYACCOUNTS_INLINE = { wasmBase64, workerSource, exportWasmBase64, exportWorkerSource, demo: { ru, en } }
//     (workerSource = pkg/keyaccounts.js + www/worker.js: a classic worker made from a Blob;
//     exportWasmBase64 = pkg/keyaccounts_export_bg.wasm, the exports' module, and exportWorkerSource =
//     pkg/keyaccounts_export.js (its glue, defining the global `keyaccounts_export`) + www/export-worker.js:
//     the Blob worker the page starts when the user asks for an export);
//   - any CSP meta tag is replaced by a strict one listing the sha256 hash of each inline script
//     and style, computed over their exact text:
//       default-src 'none'; script-src 'sha256-…' 'wasm-unsafe-eval'; worker-src blob:;
//       connect-src 'none'; img-src data: blob:; style-src 'sha256-…'; base-uri 'none'; form-action 'none'
// No network at run time; esbuild comes from tools/node_modules (npm ci in tools/).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

function parseArgs(argv) {
  const opts = { www: path.join(root, 'www'), pkg: path.join(root, 'pkg'), out: path.join(root, 'dist', 'keyaccounts.html') };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!['www', 'pkg', 'out'].includes(key) || i + 1 >= argv.length) {
      console.error('usage: node tools/build-single.mjs [--www DIR] [--pkg DIR] [--out FILE]');
      process.exit(2);
    }
    opts[key] = path.resolve(argv[++i]);
  }
  return opts;
}

function need(file, hint) {
  if (!existsSync(file)) {
    console.error(`build-single: ${path.relative(process.cwd(), file) || file} is missing${hint ? ` (${hint})` : ''}`);
    process.exit(1);
  }
  return file;
}

const MIME = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};

function dataUrl(file) {
  const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
  return `data:${type};base64,${readFileSync(file).toString('base64')}`;
}

/** Is this reference local (not http:, data:, blob:, #fragment, //host)? */
function isLocal(ref) {
  return ref && !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(ref);
}

/** Attributes of a tag's source text, lower-cased names; values unescaped for &amp; and &quot;. */
function attrs(tag) {
  const out = {};
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const inner = tag.replace(/^<[a-z0-9-]+/i, '').replace(/\/?>$/, '');
  let m;
  while ((m = re.exec(inner))) {
    const v = m[2] ?? m[3] ?? m[4] ?? '';
    out[m[1].toLowerCase()] = v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }
  return out;
}

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Inline text must not close its element early. */
function safeInline(text, tag) {
  const close = new RegExp(`</${tag}`, 'gi');
  if (tag === 'script') return text.replace(close, '<\\/script');
  return text.replace(close, `<\\/${tag}`);
}

/** CSS with local url(…) references turned into data: URLs. */
function inlineCss(file, www, warnings) {
  let css = readFileSync(file, 'utf8');
  if (/@import\b/.test(css)) warnings.push(`${path.relative(www, file)}: @import is not inlined`);
  css = css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, _q, ref) => {
    if (!isLocal(ref)) return whole;
    const target = path.resolve(path.dirname(file), ref.split(/[?#]/)[0]);
    if (!existsSync(target)) {
      warnings.push(`${path.relative(www, file)}: ${ref} not found`);
      return whole;
    }
    return `url("${dataUrl(target)}")`;
  });
  return css;
}

async function bundle(entry) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    charset: 'utf8',
    legalComments: 'none',
    minify: false,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

async function main() {
  const t0 = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  const { www, pkg, out } = opts;
  const indexFile = need(path.join(www, 'index.html'), 'the page');
  const wasmFile = need(path.join(pkg, 'keyaccounts_bg.wasm'), 'run scripts/build-web');
  const glueFile = need(path.join(pkg, 'keyaccounts.js'), 'run scripts/build-web');
  const exportWasmFile = need(path.join(pkg, 'keyaccounts_export_bg.wasm'), 'run scripts/build-web');
  const exportGlueFile = need(path.join(pkg, 'keyaccounts_export.js'), 'run scripts/build-web');
  const workerFile = need(path.join(www, 'worker.js'), 'the page');
  const exportWorkerFile = need(path.join(www, 'export-worker.js'), 'the page');
  const demoFiles = {
    ru: need(path.join(www, 'demo', 'demo-ru.xlsx'), 'run scripts/build-web'),
    en: need(path.join(www, 'demo', 'demo-en.xlsx'), 'run scripts/build-web'),
  };
  const warnings = [];
  let html = readFileSync(indexFile, 'utf8');

  // The payload: engine, worker, demo workbooks.
  const inline = {
    wasmBase64: readFileSync(wasmFile).toString('base64'),
    workerSource: `${readFileSync(glueFile, 'utf8')}\n;\n${readFileSync(workerFile, 'utf8')}`,
    exportWasmBase64: readFileSync(exportWasmFile).toString('base64'),
    exportWorkerSource: `${readFileSync(exportGlueFile, 'utf8')}\n;\n${readFileSync(exportWorkerFile, 'utf8')}`,
    demo: {
      ru: readFileSync(demoFiles.ru).toString('base64'),
      en: readFileSync(demoFiles.en).toString('base64'),
    },
  };
  // JSON is valid JS; "<" escaped so no "</script" or "<!--" can appear in the inline text.
  const payload = `window.KEYACCOUNTS_INLINE = ${JSON.stringify(inline)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')};`;

  // Drop any CSP meta tag: the single file gets its own.
  html = html.replace(/<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>\s*/gi, '');

  // Stylesheets → <style>.
  html = html.replace(/<link\b[^>]*>/gi, (tag) => {
    const a = attrs(tag);
    const rel = (a.rel || '').toLowerCase().split(/\s+/);
    if (rel.includes('stylesheet') && isLocal(a.href)) {
      const file = need(path.resolve(www, a.href.split(/[?#]/)[0]));
      const media = a.media ? ` media="${escapeAttr(a.media)}"` : '';
      return `<style${media}>${safeInline(inlineCss(file, www, warnings), 'style')}</style>`;
    }
    if ((rel.includes('icon') || rel.includes('apple-touch-icon')) && isLocal(a.href)) {
      const file = path.resolve(www, a.href.split(/[?#]/)[0]);
      if (existsSync(file)) return tag.replace(/href\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, `href="${dataUrl(file)}"`);
      warnings.push(`${a.href} not found: icon dropped`);
      return '';
    }
    if (rel.includes('modulepreload') || rel.includes('preload') || rel.includes('prefetch') || rel.includes('manifest')) {
      return ''; // nothing to fetch in a single file
    }
    if (a.href && isLocal(a.href)) warnings.push(`left as is: ${tag}`);
    return tag;
  });

  // Scripts → inline.
  const scriptRe = /<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi;
  const replacements = [];
  for (const m of html.matchAll(scriptRe)) {
    const open = m[0].slice(0, m[0].indexOf('>') + 1);
    const a = attrs(open);
    if (!a.src) continue;
    if (!isLocal(a.src)) {
      console.error(`build-single: remote script ${a.src} cannot be part of a self-contained file`);
      process.exit(1);
    }
    const file = need(path.resolve(www, a.src.split(/[?#]/)[0]));
    let text;
    let type = '';
    if ((a.type || '').toLowerCase() === 'module') {
      text = await bundle(file);
      type = ' type="module"';
    } else {
      text = readFileSync(file, 'utf8');
      if ('defer' in a || 'async' in a) warnings.push(`${a.src}: defer/async dropped when inlined`);
    }
    replacements.push([m[0], `<script${type}>${safeInline(text, 'script')}</script>`]);
  }
  for (const [from, to] of replacements) html = html.replace(from, () => to);

  // Images → data: URLs.
  html = html.replace(/<img\b[^>]*>/gi, (tag) => {
    const a = attrs(tag);
    if (!isLocal(a.src)) return tag;
    const file = path.resolve(www, a.src.split(/[?#]/)[0]);
    if (!existsSync(file)) return tag;
    return tag.replace(/src\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, `src="${dataUrl(file)}"`);
  });

  // The payload goes before the first script, so it exists when the page's code runs.
  const payloadTag = `<script>${payload}</script>`;
  const firstScript = html.search(/<script\b/i);
  if (firstScript >= 0) html = html.slice(0, firstScript) + payloadTag + '\n' + html.slice(firstScript);
  else html = html.replace(/<\/head>/i, () => `${payloadTag}\n</head>`);

  // Things a hash-based CSP blocks: say so rather than ship a broken page.
  if (/\son[a-z]+\s*=/i.test(html.replace(scriptRe, '').replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, ''))) {
    warnings.push('inline event handler attributes (onclick=…) are blocked by the CSP');
  }
  if (/<[a-z][^>]*\sstyle\s*=/i.test(html.replace(scriptRe, '').replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, ''))) {
    warnings.push('style="…" attributes are blocked by the CSP (style-src has hashes only)');
  }

  // The CSP: hashes over the exact inline text of every script and style.
  const scriptHashes = new Set();
  const styleHashes = new Set();
  for (const m of html.matchAll(scriptRe)) {
    const open = m[0].slice(0, m[0].indexOf('>') + 1);
    if (!attrs(open).src) scriptHashes.add(sha256(m[1]));
  }
  for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) styleHashes.add(sha256(m[1]));
  const csp = [
    "default-src 'none'",
    `script-src ${[...scriptHashes].join(' ')} 'wasm-unsafe-eval'`,
    'worker-src blob:',
    "connect-src 'none'",
    'img-src data: blob:',
    `style-src ${styleHashes.size ? [...styleHashes].join(' ') : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">`;
  // First in <head> (after <meta charset> when it is first): it governs everything after it.
  if (/<head\b[^>]*>\s*<meta\s+charset[^>]*>/i.test(html)) {
    html = html.replace(/(<head\b[^>]*>\s*<meta\s+charset[^>]*>)/i, (s) => `${s}\n${meta}`);
  } else if (/<head\b[^>]*>/i.test(html)) {
    html = html.replace(/<head\b[^>]*>/i, (s) => `${s}\n${meta}`);
  } else {
    console.error('build-single: www/index.html has no <head>');
    process.exit(1);
  }

  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, html);
  for (const w of warnings) console.error(`build-single: warning: ${w}`);
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `build-single: ${path.relative(process.cwd(), out) || out}: ${kib(Buffer.byteLength(html))} ` +
      `(wasm ${kib(readFileSync(wasmFile).length)}, export wasm ${kib(readFileSync(exportWasmFile).length)}, ` +
      `${scriptHashes.size} inline scripts, ${styleHashes.size} styles) ` +
      `in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

main().catch((err) => {
  console.error(`build-single: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
