// Likely duplicate clients the engine did not merge (report.suggestions): both names with
// their amounts and why they look alike, and a Merge button. Nothing is merged unless the
// user clicks; accepted merges are listed with Undo. The page re-runs with options.merges.

import { el } from './dom.js';
import { t, tp, has, clip } from '../i18n/index.js';

/**
 * The merges to send: accepted lists that share a name become one list (a client merged
 * twice is one client), in the order accepted.
 */
export function mergesToSend(merges) {
  const groups = [];
  for (const list of merges || []) {
    const names = new Set(list);
    const overlapping = groups.filter((g) => [...names].some((n) => g.has(n)));
    for (const g of overlapping) {
      for (const n of g) names.add(n);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(names);
  }
  return groups.map((g) => [...g]);
}

function detailText(s, fmt) {
  if (s.detail === null || s.detail === undefined || s.detail === '') return '';
  // similar_name: the number of edits; lookalike_letters: the letters in the other script; same_id: the ID.
  if (s.reason === 'similar_name' && /^\d+$/.test(String(s.detail))) return tp('sug.detail.similar_name', Number(s.detail), fmt);
  const key = 'sug.detail.' + s.reason;
  return has(key) ? t(key, { detail: s.detail }) : String(s.detail);
}

function reasonText(s, fmt) {
  const key = 'sug.reason.' + s.reason;
  const reason = has(key) ? t(key) : t('sug.reason.other', { reason: String(s.reason || '') });
  const detail = detailText(s, fmt);
  return detail ? t('sug.with_detail', { reason, detail }) : reason;
}

/** The name as text, Latin letters marked when the point is that they look Cyrillic. */
function nameNode(name, markLatin) {
  if (!markLatin || !/[A-Za-z]/.test(name) || !/[А-Яа-яЁё]/.test(name)) return el('strong', clip(name));
  const parts = name.split(/([A-Za-z]+)/).filter(Boolean);
  return el(
    'strong',
    null,
    parts.map((p) => (/^[A-Za-z]+$/.test(p) ? el('mark', { class: 'latin', title: t('sug.latin_title'), text: p }) : p)),
  );
}

function suggestionItem(s, i, fmt, onMerge) {
  const names = Array.isArray(s.names) ? s.names : [];
  const amounts = Array.isArray(s.amounts) ? s.amounts : [];
  const textId = 'sug-' + i;
  const who = names.map((name, j) =>
    el(
      'span',
      { class: 'sug-name' },
      nameNode(name, s.reason === 'lookalike_letters'),
      typeof amounts[j] === 'number' ? el('span', { class: 'muted', text: ' — ' + fmt.money(amounts[j]) }) : null,
    ),
  );
  const button = el('button', { type: 'button', class: 'button button-small', 'data-action': 'merge', 'aria-describedby': textId, text: t('sug.merge') });
  button.addEventListener('click', () => {
    button.disabled = true;
    onMerge(names);
  });
  return el(
    'li',
    { class: 'suggestion', 'data-names': names.join('|'), 'data-reason': s.reason || '' },
    el('div', { id: textId, class: 'sug-text' }, el('p', { class: 'sug-names' }, who), el('p', { class: 'muted small', text: reasonText(s, fmt) })),
    el('div', { class: 'sug-actions no-print' }, button),
  );
}

function mergeItem(names, index, onUndo) {
  const textId = 'merge-' + index;
  const button = el('button', { type: 'button', class: 'button button-small', 'data-action': 'undo', 'aria-describedby': textId, text: t('sug.undo') });
  button.addEventListener('click', () => {
    button.disabled = true;
    onUndo(index);
  });
  return el(
    'li',
    { class: 'merge', 'data-names': names.join('|') },
    el('p', { id: textId, class: 'sug-text', text: t('sug.merged', { names: names.join(' + ') }) }),
    el('div', { class: 'sug-actions no-print' }, button),
  );
}

/** The #suggestions section, or null when there is nothing to suggest and nothing merged. */
export function renderSuggestions(report, fmt, merges, handlers) {
  const suggestions = Array.isArray(report.suggestions) ? report.suggestions : [];
  const accepted = merges || [];
  if (!suggestions.length && !accepted.length) return null;
  return el(
    'section',
    { id: 'suggestions', class: 'block', tabindex: '-1', 'aria-labelledby': 'sug-title' },
    el('h2', { id: 'sug-title', text: t('sug.title') }),
    suggestions.length
      ? [
          el('p', { class: 'muted', text: t('sug.intro') }),
          el('ul', { id: 'suggestion-list', class: 'sug-list' }, suggestions.map((s, i) => suggestionItem(s, i, fmt, handlers.onMerge))),
        ]
      : el('p', { class: 'muted', text: t('sug.none_left') }),
    accepted.length
      ? [el('h3', { text: t('sug.accepted') }), el('ul', { id: 'merges', class: 'sug-list' }, accepted.map((names, i) => mergeItem(names, i, handlers.onUndoMerge)))]
      : null,
  );
}
