// Data quality: every data_quality note as a sentence with its count, sheet, column and
// row numbers, and the reconciliation rows_in_table = rows_used + skipped; total.

import { el } from './dom.js';
import { t, tp, has } from '../i18n/index.js';

const DELIMITERS = { semicolon: ';', comma: ',', tab: 'Tab', pipe: '|', space: '␠' };

/** A detail written as `key=value;key=value` → {key: value}. */
function keyValues(detail) {
  const out = {};
  for (const kv of detail.split(';')) {
    const i = kv.indexOf('=');
    if (i > 0) out[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
  }
  return out;
}

/** "encoding=utf-8;bom=no;delimiter=semicolon" → "UTF-8, «;»" in words. */
function dialectText(detail) {
  const parts = keyValues(detail);
  if (!parts.encoding && !parts.delimiter) return detail;
  const out = [];
  if (parts.encoding) out.push(t('dq.dialect.encoding', { encoding: parts.encoding.toUpperCase() + (parts.bom === 'yes' ? ' (BOM)' : '') }));
  if (parts.delimiter) out.push(t('dq.dialect.delimiter', { delimiter: DELIMITERS[parts.delimiter] || parts.delimiter }));
  return out.join(', ');
}

function detailText(n) {
  if (typeof n.detail !== 'string' || n.detail === '') return '';
  if (n.code === 'csv_dialect') return dialectText(n.detail);
  if (n.code === 'group_level_as' && has('role.' + n.detail)) return t('role.' + n.detail);
  const key = 'detail.' + n.detail;
  return has(key) ? t(key) : n.detail;
}

function rowsText(n, fmt) {
  const rows = Array.isArray(n.rows) ? n.rows : [];
  if (!rows.length) return '';
  // Row numbers are addresses in the file: no digit grouping; runs read as ranges (6–9).
  const runs = [];
  for (const r of rows) {
    const last = runs[runs.length - 1];
    if (last && r === last[1] + 1) last[1] = r;
    else runs.push([r, r]);
  }
  const list = runs.map(([a, b]) => (a === b ? String(a) : b === a + 1 ? a + ', ' + b : a + '–' + b)).join(', ');
  const more = typeof n.count === 'number' && n.count > rows.length ? ' …' : '';
  return t(rows.length === 1 && !more ? 'dq.row' : 'dq.rows', { rows: list + more });
}

export function skippedTotal(source) {
  return Object.values((source && source.rows_skipped) || {}).reduce((a, b) => a + (Number(b) || 0), 0);
}

/**
 * A file-total note's detail `file=…;lines=…` as numbers: {file, lines, difference = file − lines};
 * null when it does not read so.
 */
export function totalDetail(n) {
  if (!n || typeof n.detail !== 'string') return null;
  const kv = keyValues(n.detail);
  const file = kv.file === undefined || kv.file === '' ? NaN : Number(kv.file);
  const lines = kv.lines === undefined || kv.lines === '' ? NaN : Number(kv.lines);
  if (!isFinite(file) || !isFinite(lines)) return null;
  // Both are exact decimal text with two places: the difference in cents, to print no float noise.
  return { file, lines, difference: Math.round(file * 100 - lines * 100) / 100 };
}

/** The note as a sentence (without where it is). */
export function noteSentence(n, fmt) {
  const key = has('dq.' + n.code) ? 'dq.' + n.code : 'dq.unknown';
  const count = Number(n.count) || 0;
  const params = { count: fmt.int(count), n_rows: tp('n.rows', count, fmt), detail: detailText(n), column: n.column || '', code: n.code };
  // The file's own grand total against the lines read: amounts as exact decimal text.
  if (n.code === 'file_total_matches' && typeof n.detail === 'string' && isFinite(Number(n.detail))) params.detail = fmt.money(Number(n.detail));
  if (n.code === 'file_total_differs' || n.code === 'file_total_explained') {
    const total = totalDetail(n);
    Object.assign(
      params,
      total
        ? { file_total: fmt.money(total.file), lines: fmt.money(total.lines), difference: fmt.money(Math.abs(total.difference)) }
        : { file_total: String(n.detail || '?'), lines: '?', difference: '?' },
    );
  }
  // A total word kept as a sale: the word itself when the engine names it.
  if (n.code === 'total_word_kept' && !params.detail) params.detail = t('dq.total_word');
  return t(key, params);
}

/** Where to check the note in the file(s): "File «a.csv», sheet «Sales», column «Sum», rows 6–9". */
export function noteWhere(n, fmt) {
  const where = [];
  if (n.file) where.push(t('dq.file', { file: n.file }));
  if (n.sheet) where.push(t(n.file ? 'dq.where_sheet' : 'dq.where', { sheet: n.sheet }));
  if (n.column && !/\{column\}/.test(t('dq.' + n.code))) where.push(t('dq.column', { column: n.column }));
  const rows = rowsText(n, fmt);
  if (rows) where.push(rows);
  return where.join(', ');
}

export function renderQualityNote(n, fmt) {
  const where = noteWhere(n, fmt);
  return el(
    'li',
    { 'data-code': n.code, 'data-count': String(n.count || 0), 'data-file': n.file || null },
    el('span', { class: 'dq-text', text: noteSentence(n, fmt) }),
    where ? el('span', { class: 'dq-where', text: where }) : null,
  );
}

export function renderQuality(report, fmt) {
  const notes = report.data_quality || [];
  const src = report.source || {};
  const skipped = skippedTotal(src);
  return el(
    'section',
    { id: 'quality', class: 'block', 'aria-labelledby': 'dq-title' },
    el('h2', { id: 'dq-title', text: t('dq.title') }),
    el('p', { class: 'muted', text: t('dq.intro') }),
    notes.length ? el('ul', { class: 'dq-list' }, notes.map((n) => renderQualityNote(n, fmt))) : el('p', { text: t('dq.none') }),
    el('p', {
      class: 'recon',
      'data-testid': 'reconciliation',
      'data-rows-in-table': String(src.rows_in_table || 0),
      'data-rows-used': String(src.rows_used || 0),
      'data-rows-skipped': String(skipped),
      'data-total': String(report.total),
      text: t('dq.recon', {
        in_table: fmt.int(src.rows_in_table || 0),
        used: fmt.int(src.rows_used || 0),
        skipped: fmt.int(skipped),
        total: fmt.money(report.total),
      }),
    }),
  );
}

/** "totals: 1, blank: 3" for the understood section. */
export function skippedSummary(source, fmt) {
  const parts = [];
  for (const [code, n] of Object.entries((source && source.rows_skipped) || {})) {
    if (n > 0) parts.push(t('skip.' + code, { n: fmt.int(n) }));
  }
  return parts.join('; ');
}
