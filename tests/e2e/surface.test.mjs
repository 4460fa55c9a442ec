// 15.7 The page's own surface, read from the files that ship (no browser needed):
//    the served page's CSP allows nothing but its own origin, hashes and the wasm compiler; the single file's
//    CSP has connect-src 'none' and hashes every inline script and style it holds; neither page has an inline
//    event handler or a javascript: URL; the page's modules never parse strings as code or HTML and import
//    only each other; npm packages belong to the tests and the build tools only.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, SINGLE, needFile } from './lib.mjs';

const WWW = path.join(ROOT, 'www');

/** The CSP of an HTML page's <meta http-equiv>: directive → sources. */
function metaCsp(html) {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  assert.ok(m, 'no CSP <meta> in the page');
  const policy = new Map();
  for (const part of m[1].replace(/&#39;|&apos;/g, "'").split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

/** Sources no directive may list: inline code without a hash, eval, other origins, wildcards. */
function assertNoOpenSource(policy, where) {
  for (const [name, sources] of policy) {
    for (const s of sources) {
      const ok = /^'(self|none|wasm-unsafe-eval|sha(256|384|512)-[A-Za-z0-9+/=]+)'$/.test(s) || s === 'data:' || s === 'blob:';
      assert.ok(ok, `${where}: ${name} allows ${s}`);
    }
  }
  assert.deepEqual(policy.get('default-src'), ["'none'"], `${where}: default-src is not 'none'`);
}

/** The HTML with the bodies of <script> and <style> elements cut out: the markup only. */
function markupOnly(html) {
  return html.replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1>/gi, '<$1$2></$1>');
}

function assertNoInlineHandlers(html, where) {
  const markup = markupOnly(html);
  const handlers = [...markup.matchAll(/<[a-z][^>]*\s(on[a-z]+)\s*=/gi)].map((m) => m[1]);
  assert.deepEqual(handlers, [], `${where}: inline event handlers`);
  assert.ok(!/(href|src|action)\s*=\s*["']?\s*javascript:/i.test(markup), `${where}: a javascript: URL`);
}

function filesUnder(dir, ext) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p, ext);
    return p.endsWith(ext) ? [p] : [];
  });
}

describe('the page\'s own surface', () => {
  test('served page: the CSP allows only its origin and wasm; no inline script, handler or javascript: URL', () => {
    const html = readFileSync(path.join(WWW, 'index.html'), 'utf8');
    const policy = metaCsp(html);
    assertNoOpenSource(policy, 'www/index.html');
    assert.deepEqual(policy.get('script-src'), ["'self'", "'wasm-unsafe-eval'"], 'script-src');
    assert.deepEqual(policy.get('connect-src'), ["'self'"], 'connect-src (the demo and the export module, own origin)');
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((m) => !/\bsrc=/.test(m[1]) && m[2].trim());
    assert.deepEqual(inline.map((m) => m[2].slice(0, 60)), [], 'inline scripts in the served page');
    assertNoInlineHandlers(html, 'www/index.html');
  });

  test('single file: connect-src \'none\'; every inline script and style is hashed in the CSP', (t) => {
    if (needFile(t, SINGLE, 'the single file (scripts/build-single)')) return;
    const html = readFileSync(SINGLE, 'utf8');
    const policy = metaCsp(html);
    assertNoOpenSource(policy, 'dist/keyaccounts.html');
    assert.deepEqual(policy.get('connect-src'), ["'none'"], 'connect-src');
    const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    for (const [tag, directive] of [['script', 'script-src'], ['style', 'style-src']]) {
      const bodies = [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, 'gi'))].filter((m) => !/\bsrc=/.test(m[1])).map((m) => m[2]);
      assert.ok(bodies.length > 0, `no inline ${tag} in the single file`);
      const allowed = new Set(policy.get(directive));
      for (const body of bodies) assert.ok(allowed.has(hash(body)), `an inline ${tag} (${body.slice(0, 60)}…) is not hashed in ${directive}`);
      assert.ok(!allowed.has("'unsafe-inline'"), `${directive} has 'unsafe-inline'`);
    }
    assertNoInlineHandlers(html, 'dist/keyaccounts.html');
  });

  test('the page\'s modules: no eval, no HTML parsing of strings, imports of their own only', () => {
    const files = filesUnder(WWW, '.js');
    assert.ok(files.length > 10, `too few modules under www/: ${files.length}`);
    const banned = [
      [/\beval\s*\(/, 'eval('],
      [/\bnew\s+Function\s*\(/, 'new Function('],
      [/\bset(Timeout|Interval)\s*\(\s*['"`]/, 'a timer given a string'],
      [/\.(innerHTML|outerHTML)\s*=/, 'innerHTML/outerHTML ='],
      [/\binsertAdjacentHTML\s*\(/, 'insertAdjacentHTML('],
      [/\bdocument\.write(ln)?\s*\(/, 'document.write('],
      [/\bcreateContextualFragment\s*\(/, 'createContextualFragment('],
      [/\bDOMParser\b/, 'DOMParser'],
    ];
    const found = [];
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      for (const [re, what] of banned) if (re.test(src)) found.push(`${path.relative(ROOT, f)}: ${what}`);
      for (const m of src.matchAll(/(?:^|\n)\s*import\s[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1] || m[2];
        if (!spec.startsWith('./') && !spec.startsWith('../')) found.push(`${path.relative(ROOT, f)}: imports ${spec}`);
      }
    }
    assert.deepEqual(found, [], 'unsafe or foreign code in the page\'s modules');
  });

  test('npm packages are for the tests and the build tools only', () => {
    const manifests = execFileSync('git', ['ls-files', '*package.json'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    assert.deepEqual(manifests, ['tests/e2e/package.json', 'tools/package.json'], 'package.json files');
    for (const m of manifests) {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, m), 'utf8'));
      assert.equal(pkg.private, true, `${m} is not private`);
      assert.deepEqual(Object.keys(pkg.dependencies || {}), [], `${m} has runtime dependencies`);
    }
    const shipped = execFileSync('git', ['ls-files', 'www'], { cwd: ROOT, encoding: 'utf8' });
    assert.ok(!/node_modules/.test(shipped), 'www/ holds node_modules');
  });
});
