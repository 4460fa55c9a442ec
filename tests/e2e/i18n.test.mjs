// Translations: both languages have the same keys and placeholders, and every
// code the engine can emit (asked from the CLI: `keyaccounts codes`) and every
// error the page raises itself has its sentences in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, CLI } from './lib.mjs';

// www/ has no package.json saying "module": load the dictionaries as data: modules.
async function loadModule(rel) {
  const src = await readFile(path.join(ROOT, 'www', rel), 'utf8');
  return import('data:text/javascript;charset=utf-8,' + encodeURIComponent(src));
}

const placeholders = (msg) =>
  [...new Set((typeof msg === 'object' ? Object.values(msg).join(' ') : String(msg)).match(/\{[a-z_]+\}/g) || [])].sort();

test('ru and en have the same keys and the same placeholders', async () => {
  const { RU } = await loadModule('i18n/ru.js');
  const { EN } = await loadModule('i18n/en.js');
  assert.deepEqual(Object.keys(RU).sort(), Object.keys(EN).sort());
  for (const key of Object.keys(EN)) {
    assert.deepEqual(placeholders(RU[key]), placeholders(EN[key]), `placeholders of ${key}`);
  }
});

test('every engine and page code has a sentence in both languages', async () => {
  const codes = JSON.parse(execFileSync(CLI, ['codes'], { encoding: 'utf8' }));
  assert.ok(codes.errors.length >= 10 && codes.findings.length >= 8 && codes.data_quality.length >= 20, 'codes from the engine');
  const { RU } = await loadModule('i18n/ru.js');
  const { EN } = await loadModule('i18n/en.js');
  // index.js imports ./ru.js and ./en.js: take the page's own codes from its text.
  const index = await readFile(path.join(ROOT, 'www', 'i18n', 'index.js'), 'utf8');
  const pageCodes = [...index.match(/PAGE_ERROR_CODES = \[([^\]]*)\]/)[1].matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  assert.ok(pageCodes.includes('engine_crashed'), 'page codes found');
  const need = [
    ...[...codes.errors, ...pageCodes].map((c) => `err.${c}.title`),
    ...codes.data_quality.map((c) => `dq.${c}`),
    ...codes.findings.flatMap((c) => [`f.${c}.rule`, `f.${c}.advice`]),
    ...codes.findings
      .filter((c) => !['key_account', 'lost_clients_unchecked'].includes(c))
      .map((c) => `f.${c}.title`),
    ...['company', 'department', 'manager'].map((s) => `f.key_account.title.${s}`),
    ...['no_date_column', 'no_dates'].map((r) => `f.lost_clients_unchecked.title.${r}`),
  ];
  const missing = [];
  for (const [lang, dict] of [['ru', RU], ['en', EN]]) {
    for (const key of need) if (!(key in dict)) missing.push(`${lang}: ${key}`);
  }
  assert.deepEqual(missing, [], `missing translations:\n${missing.join('\n')}`);
});
