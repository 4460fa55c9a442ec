// What the engine understood, in words, with controls to pick another sheet or column.
// Changing a control calls onChange(options) at once; the page re-runs in the same worker.

import { el, fill } from './dom.js';
import { t, tp, clip } from '../i18n/index.js';
import { skippedTotal, skippedSummary } from './quality.js';

export const PICKABLE_ROLES = ['client', 'amount', 'date', 'manager', 'department', 'status', 'client_id', 'parent'];
const EXTRA_ROLES = ['product', 'quantity', 'profit', 'cost', 'potential', 'marks', 'mark_reference', 'mark_innovator', 'mark_partner', 'mark_demanding'];

function headerLabel(h) {
  const text = h.header && String(h.header).trim() ? h.header : t('understood.no_header');
  return h.column + ': ' + text;
}

/** Several tables read together (sheets with the same header and/or several files). */
export function isCombined(src) {
  return Array.isArray(src.parts) && src.parts.length > 1;
}

function sheetSelect(src, onSheet) {
  const select = el('select', { id: 'sheet' });
  if (src.sheet_reason === 'combined') {
    // The engine's choice: every sheet with the same header. Picking one sheet reads only that one.
    const sheets = new Set((src.parts || []).map((p) => p.sheet));
    select.appendChild(el('option', { value: '', text: t('understood.all_sheets', { n: sheets.size }), selected: true }));
  } else if (src.sheet_reason === 'requested' && (src.sheets || []).length > 1) {
    // A way back to the engine's own choice (which may combine several sheets).
    select.appendChild(el('option', { value: '', text: t('understood.auto_sheet') }));
  }
  for (const s of src.sheets || []) {
    const tags = [];
    if (s.visibility && s.visibility !== 'visible') tags.push(t('understood.hidden'));
    if (s.chart) tags.push(t('understood.chart'));
    const opt = el('option', { value: s.name, text: clip(s.name).text + (tags.length ? ' (' + tags.join(', ') + ')' : '') });
    if (s.chart) opt.disabled = true;
    if (s.name === src.sheet && src.sheet_reason !== 'combined') opt.selected = true;
    select.appendChild(opt);
  }
  select.addEventListener('change', () => onSheet(select.value));
  return el('div', { class: 'field' }, el('label', { for: 'sheet', text: t('understood.sheet_label') }), select);
}

function columnSelect(role, src, onColumn) {
  const id = 'col-' + role;
  const select = el('select', { id });
  const detected = (src.column_letters || {})[role] || '';
  select.appendChild(el('option', { value: '', text: t('understood.none') }));
  for (const h of src.headers || []) {
    const opt = el('option', { value: h.column, text: headerLabel(h) });
    if (h.column === detected) opt.selected = true;
    select.appendChild(opt);
  }
  if (!detected) select.value = '';
  select.addEventListener('change', () => onColumn(role, select.value));
  return el('div', { class: 'field' }, el('label', { for: id, text: t('role.' + role) }), select);
}

function switchBox(id, label, hint, checked, onChange) {
  const box = el('input', { type: 'checkbox', id, 'aria-describedby': id + '-hint' });
  box.checked = Boolean(checked);
  box.addEventListener('change', () => onChange(box.checked));
  return el(
    'div',
    { class: 'switch' },
    box,
    el('label', { for: id, text: label }),
    el('p', { id: id + '-hint', class: 'muted small switch-hint', text: hint }),
  );
}

// A return is counted (negative) either way: it needs no switch.
const STATUS_CODES = ['status_excluded', 'status_not_won', 'status_kept'];

/** The switches the report calls for: cancelled orders (a status column) and parent companies. */
function switches(report, options, onSwitch) {
  const src = report.source || {};
  const notes = report.data_quality || [];
  const cols = src.columns || {};
  const out = [];
  if (cols.status || notes.some((n) => STATUS_CODES.includes(n.code))) {
    out.push(switchBox('keep-cancelled', t('switch.keep_cancelled'), t('switch.keep_cancelled_hint'), options.keepCancelled === true, (v) => onSwitch('keepCancelled', v)));
  }
  if (cols.parent) {
    out.push(
      switchBox('group-by-parent', t('switch.group_by_parent', { column: cols.parent }), t('switch.group_by_parent_hint'), options.groupByParent !== false, (v) =>
        onSwitch('groupByParent', v),
      ),
    );
  }
  return out.length ? el('div', { class: 'switches' }, out) : null;
}

/** A column as the choice line names it: «Header», or "column A" when its header is empty. */
function choiceColumnName(column, header) {
  return header && String(header).trim() ? t('choice.header', { header: String(header).trim() }) : t('choice.column', { column });
}

/** `template` with each `{name}` replaced by the node (or nodes) in `parts`; the rest as text. */
function withNodes(template, parts) {
  const out = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  let m;
  while ((m = re.exec(template)) !== null) {
    if (m.index > last) out.push(template.slice(last, m.index));
    out.push(parts[m[1]] !== undefined ? parts[m[1]] : m[0]);
    last = re.lastIndex;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}

/**
 * The roles whose column was one of several (`source.choices`): "Клиент: «Организация» (не
 * «Контактное лицо»)", each runner-up a button that re-runs with it — `onChoice(role, letter)`.
 */
function choicesList(src, onChoice) {
  const choices = (Array.isArray(src.choices) ? src.choices : []).filter((c) => c && c.role && c.column && Array.isArray(c.alternatives) && c.alternatives.length);
  if (!choices.length) return null;
  return el(
    'ul',
    { id: 'choices', class: 'choices' },
    choices.map((c) => {
      const hintId = 'choice-' + c.role + '-hint';
      const buttons = [];
      c.alternatives.forEach((a, i) => {
        if (i) buttons.push(t('choice.or'));
        buttons.push(
          el('button', {
            type: 'button',
            id: 'choice-' + c.role + '-' + a.column,
            class: 'link-button',
            'data-action': 'choose-column',
            'data-role': c.role,
            'data-column': a.column,
            'aria-describedby': hintId,
            text: choiceColumnName(a.column, a.header),
            on: { click: () => onChoice(c.role, a.column) },
          }),
        );
      });
      const first = c.alternatives[0];
      const examples = (first.examples || []).filter((x) => x !== null && x !== undefined && String(x).trim()).map(String);
      const hintParams = { header: choiceColumnName(first.column, first.header), examples: examples.join(', ') };
      return el(
        'li',
        { class: 'choice', 'data-role': c.role, 'data-column': c.column, 'data-chosen': c.chosen || '' },
        el(
          'span',
          { class: 'choice-text' },
          withNodes(t('choice.line'), {
            role: t('role.' + c.role),
            chosen: el('strong', { class: 'choice-chosen', text: choiceColumnName(c.column, c.header) }),
            alternatives: buttons,
          }),
          c.chosen === 'caller' ? el('span', { class: 'muted', text: ' — ' + t('choice.by_you') }) : null,
        ),
        el('span', { id: hintId, class: 'choice-hint muted small', text: t(examples.length ? 'choice.hint' : 'choice.hint_plain', hintParams) }),
      );
    }),
  );
}

/**
 * Fills `section` (#understood). `handlers.onSheet(name)`, `handlers.onColumn(role, letter)` and
 * `handlers.onSwitch(option, value)` are called on change, `handlers.onChoice(role, letter)` when a
 * runner-up of `source.choices` is clicked; `options` are those of the shown report.
 */
export function renderUnderstood(section, report, fmt, handlers, options) {
  const src = report.source || {};
  const skipped = skippedTotal(src);
  const sentences = [];
  const reason = t('sheet_reason.' + (src.sheet_reason || 'best_table'));
  const files = Array.isArray(src.files) ? src.files : [];
  if (files.length > 1) sentences.push(t('understood.files', { n: files.length, names: files.join(', ') }));
  sentences.push(
    isCombined(src)
      ? t('understood.parts', { n: src.parts.length })
      : src.format === 'csv'
      ? t('understood.text_file', { row: fmt.int(src.header_row) })
      : src.header_rows === 2
      ? t('understood.sheet2', { sheet: src.sheet, reason, row: fmt.int(src.header_row), row2: fmt.int(src.header_row + 1) })
      : t('understood.sheet', { sheet: src.sheet, reason, row: fmt.int(src.header_row) }),
  );
  sentences.push(
    skipped
      ? t('understood.rows', { total: tp('n.rows', src.rows_in_table || 0, fmt), used: fmt.int(src.rows_used || 0), skipped: fmt.int(skipped) })
      : t('understood.rows_all', { total: tp('n.rows', src.rows_in_table || 0, fmt) }),
  );
  if (skipped) sentences.push(t('understood.skipped', { list: skippedSummary(src, fmt) }));
  sentences.push(src.date_from && src.date_to ? t('understood.period', { from: fmt.date(src.date_from), to: fmt.date(src.date_to) }) : t('understood.no_dates'));
  if (src.layout === 'wide') sentences.push(t('understood.wide', { n: (src.periods || []).length }));
  const extras = EXTRA_ROLES.filter((r) => src.columns && src.columns[r]).map((r) => t('role.' + r) + ' — ' + src.column_letters[r] + ': ' + src.columns[r]);
  if (extras.length) sentences.push(t('understood.also', { list: extras.join('; ') }));

  fill(
    section,
    el('h2', { id: 'understood-title', text: t('understood.title') }),
    choicesList(src, handlers.onChoice || ((role, letter) => handlers.onColumn(role, letter))),
    el('ul', { class: 'understood-text' }, sentences.map((s) => el('li', { text: s }))),
    el('p', { class: 'muted', text: t('understood.hint') }),
    el(
      'div',
      { class: 'fields' },
      // Several files: each has its own sheets, so one sheet picker would mislead.
      files.length > 1 ? null : sheetSelect(src, handlers.onSheet),
      PICKABLE_ROLES.map((role) => columnSelect(role, src, handlers.onColumn)),
    ),
    switches(report, options || {}, handlers.onSwitch),
  );
  section.hidden = false;
}
