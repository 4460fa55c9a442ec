// Folded report sections (issue 13): below the first screen every section shows its heading and
// one line of what is in it; the rest opens on demand. The heading keeps its level and id (the
// section's aria-labelledby) and holds a disclosure button (the WAI-ARIA pattern; a heading
// inside <summary> would lose its role). A closed body is `hidden="until-found"`, so the
// browser's find-in-page still reaches and opens it (`beforematch`), and print.css shows every
// body. Which sections are open is the page's state (kept across re-runs), not the renderer's.

import { el } from './dom.js';
import { drawCharts } from './charts.js';

/** The ids of the sections this page folds, in report order. */
export const FOLDS = [
  'scenario',
  'new-business',
  'supplier',
  'suggestions',
  'key-accounts',
  'judgment',
  'rhythm',
  'dynamics',
  'comparison',
  'xyz',
  'managers',
  'clients',
  'quality',
];

function setOpen(section, button, body, open) {
  section.dataset.open = open ? 'true' : 'false';
  section.classList.toggle('is-folded', !open);
  button.setAttribute('aria-expanded', open ? 'true' : 'false');
  if (open) {
    body.removeAttribute('hidden');
    // Charts in a closed body wait to be drawn (charts.js): drawn as it opens, before it shows.
    if (body.isConnected) drawCharts(body);
  } else body.setAttribute('hidden', 'until-found');
}

/**
 * Folds `section` (an element whose first <h2> is its title) under that heading.
 * `state`: {id, summary (text or node, may be null), open, keep (a selector of children that stay
 * outside the fold)}; `onToggle(id, open)` records the
 * user's choice. Returns the section (unchanged when it has no h2 or is null).
 */
export function foldSection(section, state, onToggle) {
  if (!section) return null;
  const h2 = section.querySelector(':scope > h2');
  if (!h2) return section;
  const id = state.id;
  const title = h2.textContent;
  const button = el(
    'button',
    { type: 'button', class: 'fold-toggle', id: 'fold-' + id, 'aria-controls': 'fold-' + id + '-body' },
    el('span', { class: 'fold-title', text: title }),
    el('span', { class: 'fold-icon', 'aria-hidden': 'true' }),
  );
  h2.textContent = '';
  h2.classList.add('fold-head');
  h2.appendChild(button);

  // Everything after the heading goes into the body; the summary line stays visible, and so do
  // the parts that must never hide behind a fold (`state.keep`: a disagreeing file total, the
  // column choice).
  const body = el('div', { class: 'fold-body', id: 'fold-' + id + '-body' });
  let node = h2.nextSibling;
  while (node) {
    const next = node.nextSibling;
    if (!(state.keep && node.nodeType === 1 && node.matches(state.keep))) body.appendChild(node);
    node = next;
  }
  const summary = state.summary ? el('p', { class: 'fold-summary', id: 'fold-' + id + '-summary' }, state.summary) : null;
  if (summary) button.setAttribute('aria-describedby', summary.id);
  if (summary) section.appendChild(summary);
  section.appendChild(body);
  section.dataset.fold = id;
  if (!section.id) section.id = id + '-block';

  setOpen(section, button, body, Boolean(state.open));
  button.addEventListener('click', () => {
    const open = section.dataset.open !== 'true';
    setOpen(section, button, body, open);
    onToggle(id, open);
  });
  // Find in page reached text inside the closed body: the browser shows it; keep the state in step.
  body.addEventListener('beforematch', () => {
    setOpen(section, button, body, true);
    onToggle(id, true);
  });
  return section;
}

/**
 * Opens every folded section and finding group that holds `target` (a link's destination), so
 * that a link into a closed part shows it. Returns the ids of the sections it opened.
 */
export function revealTarget(target, onToggle) {
  const opened = [];
  for (let node = target; node; node = node.parentElement) {
    if (node.tagName === 'DETAILS' && !node.open) node.open = true;
    if (node.classList && node.classList.contains('fold-body') && node.hasAttribute('hidden')) {
      const section = node.closest('[data-fold]');
      const button = section && section.querySelector('.fold-toggle');
      if (section && button) {
        setOpen(section, button, node, true);
        onToggle(section.dataset.fold, true);
        opened.push(section.dataset.fold);
      }
    }
  }
  return opened;
}

/** "Open all" / "Close all" for every folded section on the page. */
export function setAllFolds(root, open, onToggle) {
  for (const section of root.querySelectorAll('[data-fold]')) {
    const button = section.querySelector('.fold-toggle');
    const body = section.querySelector('.fold-body');
    if (!button || !body) continue;
    setOpen(section, button, body, open);
    onToggle(section.dataset.fold, open);
  }
}
