// What was done with the file(s), so that any number can be checked against them: which
// files, sheets and header rows were read (a table when several were combined), how the
// layout was read (periods in columns unpivoted, 1C group rows), which rows were left out
// and which client names were put together. Every decision is a data_quality note of the
// engine, shown as a sentence with its file, sheet, column and rows.

import { el, fill, tableWrap } from './dom.js';
import { t, tp } from '../i18n/index.js';
import { noteSentence, noteWhere, skippedSummary, totalDetail } from './quality.js';

/** Status notes: one per status as written (older engines joined several in one detail). */
export const STATUS_NOTE_CODES = ['status_excluded', 'status_not_won', 'status_return', 'status_kept'];
/** The statuses the keep-cancelled switch brings back (a return is counted, negative, either way). */
const KEEPABLE_STATUS_CODES = ['status_excluded', 'status_not_won', 'status_kept'];

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
      'subtotal_rows',
      'total_word_kept',
      'footer_row',
    ],
  ],
  ['columns', ['client_column_unnamed', 'client_company_over_contact', 'amount_total_header', 'amount_net_choice']],
  ['rows', STATUS_NOTE_CODES],
  ['checks', ['total_column_checked', 'total_column_mismatch', 'file_total_matches', 'group_sum_differs']],
  ['clients', ['client_names_merged', 'clients_grouped_by_id', 'clients_grouped_by_parent', 'clients_merged_by_user', 'constant_column_ignored']],
];
// The file's own total: shown first, in a box of its own (a disagreement is a warning).
const FILE_TOTAL_CODES = ['file_total_differs', 'file_total_explained'];
const GROUPED = new Set([...GROUPS.flatMap(([, codes]) => codes), ...FILE_TOTAL_CODES]);

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

/** One line per number: the file's total, the rows' sum, the difference (and which is larger). */
function totalNumbers(total, fmt, explained) {
  const diff = total.difference;
  const item = (key, value) => [el('dt', { text: t(key) }), el('dd', null, el('span', { class: 'amount', text: value }))];
  return el(
    'dl',
    { class: 'total-numbers' },
    item('dec.total.file', fmt.money(total.file)),
    item(explained ? 'dec.total.lines_before' : 'dec.total.lines', fmt.money(total.lines)),
    // "The file says more by 500,00 ₽": which number is larger, in the label.
    item(diff > 0 ? 'dec.total.file_more' : diff < 0 ? 'dec.total.file_less' : 'dec.total.difference', fmt.money(Math.abs(diff))),
  );
}

/**
 * The file's own grand total when it disagreed: a warning box (`file_total_differs`, both numbers
 * and the difference) or, when rows that explain the difference were left out, what was left out
 * (`file_total_explained`). The first thing in #decisions.
 */
function fileTotalBox(notes, fmt) {
  const differs = notes.filter((n) => n.code === 'file_total_differs');
  const explained = notes.filter((n) => n.code === 'file_total_explained');
  if (!differs.length && !explained.length) return null;
  const item = (n) => {
    const total = totalDetail(n);
    const where = noteWhere(n, fmt);
    return el(
      'li',
      {
        'data-code': n.code,
        'data-count': String(n.count || 0),
        'data-file': n.file || null,
        'data-file-total': total ? String(total.file) : null,
        'data-lines': total ? String(total.lines) : null,
        'data-difference': total ? String(total.difference) : null,
      },
      n.file ? el('p', { class: 'total-file', text: t('dq.file', { file: n.file }) }) : null,
      total ? totalNumbers(total, fmt, n.code === 'file_total_explained') : null,
      // The numbers are above: the sentence says what they mean (the full note when they did not read).
      el('p', { class: 'dq-text', text: total ? t('dec.total.' + (n.code === 'file_total_explained' ? 'explained' : 'differs') + '_body', { n_rows: tp('n.rows', Number(n.count) || 0, fmt) }) : noteSentence(n, fmt) }),
      where ? el('p', { class: 'dq-where', text: t(n.code === 'file_total_explained' ? 'dec.total.where_left_out' : 'dec.total.where_total', { where }) }) : null,
    );
  };
  const box = (id, cls, titleKey, list) =>
    el(
      'div',
      { id, class: 'total-check ' + cls, role: 'group', 'aria-labelledby': id + '-title' },
      el('h3', { id: id + '-title', class: 'total-check-title', text: t(titleKey) }),
      el('ul', { class: 'total-check-list' }, list.map(item)),
    );
  return [
    differs.length ? box('file-total', 'is-differs', 'dec.total.differs_title', differs) : null,
    explained.length ? box('file-total-explained', 'is-explained', 'dec.total.explained_title', explained) : null,
  ];
}

/**
 * The statuses, one line each: the status as written, its rows, what it means for revenue, and
 * (for rows the engine can keep) a switch that keeps that status's rows alone —
 * `onKeepStatuses(statuses kept)`, the others stay as they are.
 */
function statusBlock(statusNotes, fmt, onKeepStatuses) {
  // In file order (a status's first row): keeping one does not move the lines, nor their switches' ids.
  const first = (n) => (Array.isArray(n.rows) && n.rows.length ? n.rows[0] : Infinity);
  const notes = statusNotes.slice().sort((a, b) => first(a) - first(b) || String(a.file || '').localeCompare(String(b.file || '')));
  const keepable = notes.filter((n) => KEEPABLE_STATUS_CODES.includes(n.code));
  let index = 0;
  const items = notes.map((n) => {
    const where = noteWhere(n, fmt);
    const textId = 'status-note-' + ++index;
    let toggle = null;
    if (KEEPABLE_STATUS_CODES.includes(n.code) && onKeepStatuses) {
      const id = 'keep-status-' + (keepable.indexOf(n) + 1);
      const box = el('input', { type: 'checkbox', id, class: 'keep-status', 'data-status': n.detail || '', 'aria-describedby': textId });
      box.checked = n.code === 'status_kept';
      box.addEventListener('change', () => {
        const kept = new Set(notes.filter((x) => x.code === 'status_kept').map((x) => x.detail || ''));
        if (box.checked) kept.add(n.detail || '');
        else kept.delete(n.detail || '');
        onKeepStatuses([...kept]);
      });
      toggle = el('div', { class: 'switch status-switch' }, box, el('label', { for: id, text: t('dec.status.keep') }));
    }
    return el(
      'li',
      { class: 'status-note', 'data-code': n.code, 'data-status': n.detail || '', 'data-count': String(n.count || 0), 'data-file': n.file || null },
      el('span', { id: textId, class: 'dq-text', text: noteSentence(n, fmt) }),
      where ? el('span', { class: 'dq-where', text: where }) : null,
      toggle,
    );
  });
  return [el('ul', { class: 'dq-list status-list' }, items)];
}

/**
 * Fills `section` (#decisions) from the report. `handlers.onKeepStatuses(statuses)` re-runs keeping
 * the rows of these statuses (the status lines' "keep these rows").
 */
export function renderDecisions(section, report, fmt, handlers) {
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

  if (grouped.columns.length) blocks.push(['columns', [el('ul', { class: 'dq-list' }, grouped.columns.map((n) => noteItem(n, fmt)))]]);
  if (grouped.rows.length) blocks.push(['rows', statusBlock(grouped.rows, fmt, handlers && handlers.onKeepStatuses)]);
  if (grouped.checks.length) blocks.push(['checks', [el('ul', { class: 'dq-list' }, grouped.checks.map((n) => noteItem(n, fmt)))]]);
  if (grouped.clients.length) blocks.push(['clients', [el('ul', { class: 'dq-list' }, grouped.clients.map((n) => noteItem(n, fmt)))]]);

  const others = notes.filter((n) => !GROUPED.has(n.code)).length;
  fill(
    section,
    el('h2', { id: 'decisions-title', text: t('dec.title') }),
    fileTotalBox(notes, fmt),
    el('p', { class: 'muted', text: t('dec.intro') }),
    blocks.map(([name, children]) =>
      el('div', { class: 'dec-block', 'data-block': name }, el('h3', { text: t('dec.block.' + name) }), children),
    ),
    others ? el('p', { class: 'muted small', text: t('dec.more_in_quality', { n: tp('n.notes', others, fmt) }) }) : null,
  );
  section.hidden = false;
}
