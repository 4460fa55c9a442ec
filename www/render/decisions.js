// What was done with the file(s), so that any number can be checked against them: which
// files, sheets and header rows were read (a table when several were combined), how the
// layout was read (periods in columns unpivoted, 1C group rows), which rows were left out
// and which client names were put together. Every decision is a data_quality note of the
// engine, shown as a sentence with its file, sheet, column and rows.

import { el, fill, tableWrap } from './dom.js';
import { t, tp } from '../i18n/index.js';
import { noteSentence, noteWhere, skippedSummary } from './quality.js';

// Notes grouped by what they tell; notes about single values (amounts read from text, dates
// that could not be read, …) stay in the report's data quality list only.
const GROUPS = [
  ['sources', ['files_combined', 'sheets_combined', 'similar_sheets_not_combined', 'other_sheets_not_used', 'sheet_as_department', 'file_as_department']],
  [
    'layout',
    [
      'columns_unpivoted',
      'periods_without_year',
      'period_cells_unreadable',
      'group_row',
      'client_from_group',
      'date_from_text',
      'group_level_as',
      'merged_cells_filled',
      'blank_cells_filled',
      'repeated_header',
      'page_marker',
      'total_row',
      'footer_row',
    ],
  ],
  ['rows', ['status_excluded', 'status_kept']],
  ['checks', ['total_column_checked', 'total_column_mismatch', 'file_total_matches', 'file_total_differs', 'group_sum_differs']],
  ['clients', ['client_names_merged', 'clients_grouped_by_id', 'clients_grouped_by_parent', 'clients_merged_by_user', 'constant_column_ignored']],
];
const GROUPED = new Set(GROUPS.flatMap(([, codes]) => codes));

function noteItem(n, fmt) {
  const where = noteWhere(n, fmt);
  return el(
    'li',
    { 'data-code': n.code, 'data-count': String(n.count || 0), 'data-file': n.file || null },
    el('span', { class: 'dq-text', text: noteSentence(n, fmt) }),
    where ? el('span', { class: 'dq-where', text: where }) : null,
  );
}

function headerRows(p, fmt) {
  const row = Number(p.header_row) || 0;
  return p.header_rows === 2 ? fmt.int(row) + '–' + fmt.int(row + 1) : fmt.int(row);
}

function skippedOf(p) {
  return Object.values(p.rows_skipped || {}).reduce((a, b) => a + (Number(b) || 0), 0);
}

/** One row per table read: file, sheet, header row(s), rows in table / used / skipped (why). */
function partsTable(parts, fmt) {
  const withFiles = parts.some((p) => p.file);
  const head = [withFiles ? 'dec.col_file' : null, 'dec.col_sheet', 'dec.col_header', 'dec.col_rows', 'dec.col_used', 'dec.col_skipped'].filter(Boolean);
  const table = el(
    'table',
    { id: 'parts', class: 'data-table parts-table' },
    el('caption', { text: t('dec.parts_caption', { n: parts.length }) }),
    el('thead', null, el('tr', null, head.map((k, i) => el('th', { scope: 'col', class: i >= head.length - 3 ? 'num' : null, text: t(k) })))),
    el(
      'tbody',
      null,
      parts.map((p) => {
        const skipped = skippedOf(p);
        const why = skippedSummary({ rows_skipped: p.rows_skipped }, fmt);
        return el(
          'tr',
          {
            'data-file': p.file || null,
            'data-sheet': p.sheet || '',
            'data-rows-in-table': String(p.rows_in_table || 0),
            'data-rows-used': String(p.rows_used || 0),
            'data-rows-skipped': String(skipped),
          },
          withFiles ? el('th', { scope: 'row', class: 'name', text: p.file || '—' }) : null,
          // A text file has no sheets (the engine's "Sheet1" is a placeholder).
          withFiles ? el('td', { text: p.format === 'csv' ? '—' : p.sheet || '' }) : el('th', { scope: 'row', class: 'name', text: p.sheet || '' }),
          el('td', { text: headerRows(p, fmt) }),
          el('td', { class: 'num', text: fmt.int(p.rows_in_table || 0) }),
          el('td', { class: 'num', text: fmt.int(p.rows_used || 0) }),
          el('td', { class: 'num' }, fmt.int(skipped), why ? el('span', { class: 'muted small skip-why', text: why }) : null),
        );
      }),
    ),
  );
  return tableWrap(table);
}

/** The one table read, in a sentence. */
function sourceSentence(src, fmt) {
  const p = (src.parts && src.parts[0]) || src;
  const file = p.file || (src.files && src.files[0]) || null;
  const skipped = skippedOf({ rows_skipped: src.rows_skipped });
  const why = skippedSummary(src, fmt);
  const text = (p.format || src.format) === 'csv';
  return t(text ? (file ? 'dec.source_text_file' : 'dec.source_text') : file ? 'dec.source_file' : 'dec.source', {
    file: file || '',
    sheet: p.sheet || src.sheet || '',
    reason: t('sheet_reason.' + (src.sheet_reason || 'best_table')),
    header: headerRows(p, fmt),
    rows: tp('n.rows', src.rows_in_table || 0, fmt),
    used: fmt.int(src.rows_used || 0),
    skipped: fmt.int(skipped) + (why ? ' (' + why + ')' : ''),
  });
}

/** Wide layout: which period columns became dated sales, and the periods themselves. */
function widePart(src, fmt) {
  const periods = Array.isArray(src.periods) ? src.periods : [];
  if (src.layout !== 'wide' || !periods.length) return null;
  const first = periods[0];
  const last = periods[periods.length - 1];
  const sentence = t('dec.wide', {
    first: first.header,
    last: last.header,
    n: tp('n.columns', periods.length, fmt),
    from: first.column,
    to: last.column,
  });
  const rows = periods.map((p) =>
    el(
      'tr',
      { 'data-column': p.column, 'data-from': p.from || '', 'data-to': p.to || '' },
      el('td', { text: p.column }),
      el('th', { scope: 'row', class: 'name', text: p.header }),
      el('td', { text: p.from && p.to ? fmt.date(p.from) + ' – ' + fmt.date(p.to) : '—' }),
    ),
  );
  const table = el(
    'table',
    { id: 'periods', class: 'data-table periods-table' },
    el('caption', { text: t('dec.periods_caption') }),
    el(
      'thead',
      null,
      el('tr', null, el('th', { scope: 'col', text: t('dec.col_column') }), el('th', { scope: 'col', text: t('dec.col_period_header') }), el('th', { scope: 'col', text: t('dec.col_dates') })),
    ),
    el('tbody', null, rows),
  );
  return el(
    'div',
    { class: 'wide-part', 'data-layout': 'wide' },
    el('p', { id: 'wide-summary', text: sentence }),
    el('details', { class: 'periods' }, el('summary', { text: t('dec.periods_show', { n: periods.length }) }), tableWrap(table)),
  );
}

/**
 * Fills `section` (#decisions) from the report; hidden when the report has nothing to say
 * beyond what #understood already says (one plain table, nothing left out).
 */
export function renderDecisions(section, report, fmt) {
  const src = report.source || {};
  const notes = report.data_quality || [];
  const parts = Array.isArray(src.parts) ? src.parts : [];
  const blocks = [];

  const sources = [];
  if (parts.length > 1) sources.push(partsTable(parts, fmt));
  else sources.push(el('p', { class: 'dec-source', text: sourceSentence(src, fmt) }));
  const grouped = {};
  for (const [name, codes] of GROUPS) grouped[name] = notes.filter((n) => codes.includes(n.code));
  if (grouped.sources.length) sources.push(el('ul', { class: 'dq-list' }, grouped.sources.map((n) => noteItem(n, fmt))));
  blocks.push(['sources', sources]);

  const layout = [];
  const wide = widePart(src, fmt);
  if (wide) layout.push(wide);
  if (grouped.layout.length) layout.push(el('ul', { class: 'dq-list' }, grouped.layout.map((n) => noteItem(n, fmt))));
  if (!layout.length) layout.push(el('p', { class: 'muted', text: t('dec.layout_plain') }));
  blocks.push(['layout', layout]);

  for (const name of ['rows', 'checks']) {
    if (grouped[name].length) blocks.push([name, [el('ul', { class: 'dq-list' }, grouped[name].map((n) => noteItem(n, fmt)))]]);
  }
  if (grouped.clients.length) blocks.push(['clients', [el('ul', { class: 'dq-list' }, grouped.clients.map((n) => noteItem(n, fmt)))]]);

  const others = notes.filter((n) => !GROUPED.has(n.code)).length;
  fill(
    section,
    el('h2', { id: 'decisions-title', text: t('dec.title') }),
    el('p', { class: 'muted', text: t('dec.intro') }),
    blocks.map(([name, children]) =>
      el('div', { class: 'dec-block', 'data-block': name }, el('h3', { text: t('dec.block.' + name) }), children),
    ),
    others ? el('p', { class: 'muted small', text: t('dec.more_in_quality', { n: tp('n.notes', others, fmt) }) }) : null,
  );
  section.hidden = false;
}
