// Errors: a translated, actionable message per code; for no_client_column / no_amount_column
// a picker listing details.candidates (option value = column letter) that re-runs on change.

import { el, fill } from './dom.js';
import { t, has } from '../i18n/index.js';
import { METHOD_FIELDS } from '../method.js';

function pickerFor(code, details, onPick) {
  const role = code === 'no_client_column' ? 'client' : 'amount';
  const id = 'pick-' + role;
  const candidates = (details && Array.isArray(details.candidates) && details.candidates) || [];
  if (!candidates.length) return el('p', { text: t('err.no_candidates') });
  const select = el('select', { id }, el('option', { value: '', text: t('err.pick.choose') }));
  for (const c of candidates) {
    const header = c.header && String(c.header).trim() ? c.header : t('understood.no_header');
    const examples = Array.isArray(c.examples) ? c.examples.filter((x) => x !== null && x !== '').slice(0, 3) : [];
    const label = t('err.pick.option', { column: c.column, header }) + (examples.length ? ' — ' + t('err.pick.examples', { examples: examples.join('; ') }) : '');
    select.appendChild(el('option', { value: c.column, text: label }));
  }
  select.addEventListener('change', () => {
    if (select.value) onPick(role, select.value);
  });
  return el('div', { class: 'field picker' }, el('label', { for: id, text: t('err.pick.' + role) }), select);
}

function bodyOf(code, details, fmt) {
  const d = details || {};
  const parts = [];
  switch (code) {
    case 'unsupported_format': {
      const hint = typeof d.hint === 'string' ? d.hint : null;
      if (hint && has('err.unsupported_format.' + hint)) parts.push(el('p', { class: 'err-hint', text: t('err.unsupported_format.' + hint) }));
      parts.push(el('p', { text: t('err.unsupported_format.body') }));
      break;
    }
    case 'password_protected':
      parts.push(
        el('p', { text: t('err.password_protected.body') }),
        el('ul', null, el('li', { text: t('err.password_protected.excel') }), el('li', { text: t('err.password_protected.libre') })),
      );
      break;
    case 'too_large': {
      const limit = typeof d.limit === 'string' ? (has('limit.' + d.limit) ? t('limit.' + d.limit) : d.limit) : '?';
      const max = typeof d.max === 'number' ? (d.limit === 'max_file_bytes' ? fmt.bytes(d.max) : fmt.int(d.max)) : '?';
      parts.push(el('p', { text: t('err.too_large.body', { limit, max }) }));
      // Some limits say what the file probably is and what to do instead.
      if (typeof d.limit === 'string' && has('err.too_large.hint.' + d.limit)) {
        parts.push(el('p', { class: 'err-hint', text: t('err.too_large.hint.' + d.limit, { max }) }));
      }
      break;
    }
    case 'mixed_currencies': {
      const list = Array.isArray(d.currencies) ? d.currencies.join(', ') : '';
      parts.push(el('p', { text: t('err.mixed_currencies.body', { currencies: list }) }));
      break;
    }
    case 'engine_unavailable':
      parts.push(el('p', { text: t(d.reason === 'no_simd' ? 'err.engine_unavailable.no_simd' : 'err.engine_unavailable.body') }));
      break;
    case 'sheet_not_found':
      parts.push(el('p', { text: t('err.sheet_not_found.body', { sheet: d.sheet || '' }) }));
      break;
    case 'column_not_found': {
      const role = typeof d.role === 'string' && has('role.' + d.role) ? t('role.' + d.role) : d.role || '';
      parts.push(el('p', { text: t('err.column_not_found.body', { column: d.column || '', role }) }));
      break;
    }
    case 'bad_options': {
      // A setting of the rules panel the engine refused: name it by its label, not its code.
      const field = METHOD_FIELDS.find((f) => f.rule === d.option);
      if (field) parts.push(el('p', { text: t('err.bad_options.option', { option: t('rules.field.' + field.key) }) }));
      else parts.push(el('p', { text: t('err.bad_options.body') }));
      break;
    }
    default:
      parts.push(el('p', { text: t('err.' + code + '.body') }));
  }
  return parts;
}

/**
 * Fills the #error box for `err` ({code, details}); `onPick(role, letter)` re-runs with a column.
 */
export function renderError(box, err, fmt, onPick) {
  const code = err && typeof err.code === 'string' && has('err.' + err.code + '.title') ? err.code : 'internal';
  const details = (err && err.details) || null;
  box.setAttribute('data-code', err && err.code ? err.code : code);
  fill(
    box,
    el('h2', { class: 'err-title', text: t('err.' + code + '.title') }),
    details && typeof details.file === 'string' && details.file ? el('p', { class: 'err-file', text: t('err.in_file', { file: details.file }) }) : null,
    details && typeof details.row === 'number' ? el('p', { class: 'err-row', text: t('err.at_row', { row: String(details.row) }) }) : null,
    bodyOf(code, details, fmt),
    code === 'no_client_column' || code === 'no_amount_column' ? pickerFor(code, details, onPick) : null,
    el('p', { class: 'muted small', text: t('err.code', { code: err && err.code ? err.code : code }) }),
  );
  box.hidden = false;
}

export function clearError(box) {
  fill(box);
  box.removeAttribute('data-code');
  box.hidden = true;
}
