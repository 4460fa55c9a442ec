// The full client table: rank, name, amount, share, cumulative share, ABC class;
// sortable by header buttons (aria-sort on the <th>) and searchable. Only the first
// CLIENTS_PAGE rows of the sorted, searched list are in the DOM ("show more" adds more):
// with thousands of clients, building and laying out every row made each re-run of the
// rules take half a second. Printing shows every client (setClientsPrintAll).

import { el, moneyCell, shareBar, tableWrap } from './dom.js';
import { t, tp, clip } from '../i18n/index.js';
import { markLine, markRowAttrs, rovingMarks } from './marks.js';

const COLUMNS = [
  { key: 'rank', label: 'cl.col_rank', num: true, first: 'ascending' },
  { key: 'name', label: 'cl.col_name', num: false, first: 'ascending' },
  { key: 'amount', label: 'cl.col_amount', num: true, first: 'descending' },
  { key: 'share', label: 'cl.col_share', num: true, first: 'descending' },
  { key: 'cumulative', label: 'cl.col_cum', num: true, first: 'ascending' },
  { key: 'abc', label: 'cl.col_abc', num: false, first: 'ascending' },
];

// issue 11: shown when the report has a rhythm (dates of purchase) and XYZ classes.
const RHYTHM_COLUMNS = [
  { key: 'rhythm', label: 'rh.col_rhythm', num: false, first: 'ascending' },
  { key: 'last', label: 'cl.col_last', num: true, first: 'descending' },
  { key: 'gap', label: 'cl.col_gap', num: true, first: 'ascending' },
];
const XYZ_COLUMN = { key: 'xyz', label: 'cl.col_xyz', num: false, first: 'ascending' };
const RHYTHM_ORDER = { lost: 0, overdue: 1, active: 2 };

/** Folds a name for search: case, ё/е, quotes and spaces do not matter. */
export function foldName(s) {
  return String(s || '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/["'«»„“”‘’`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Rows shown at first, and added by "show more". */
export const CLIENTS_PAGE = 100;

/** The table's view state survives re-renders (language switch, re-runs). */
export function newClientsView() {
  return { sort: 'rank', dir: 'ascending', query: '', limit: CLIENTS_PAGE };
}

// The table on screen re-applies its view when printing starts and ends (beforeprint/afterprint).
let clientsPrintAll = false;
let clientsApply = null;

/** While printing, every client row is in the table, whatever the search and the page show. */
export function setClientsPrintAll(on) {
  clientsPrintAll = Boolean(on);
  if (clientsApply) clientsApply();
}

function compare(key, collator) {
  const nullsLast = (a, b, f) => {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return f(a, b);
  };
  switch (key) {
    case 'name':
      return (a, b) => collator.compare(a.name, b.name) || a.rank - b.rank;
    case 'amount':
      return (a, b) => a.amount - b.amount || b.rank - a.rank;
    case 'share':
      return (a, b) => a.share - b.share || b.rank - a.rank;
    case 'cumulative':
      return (a, b) => nullsLast(a.cumulative_share, b.cumulative_share, (x, y) => x - y) || a.rank - b.rank;
    case 'abc':
      return (a, b) => nullsLast(a.abc, b.abc, (x, y) => (x < y ? -1 : x > y ? 1 : 0)) || a.rank - b.rank;
    case 'xyz':
      return (a, b) => nullsLast(a.xyz ?? null, b.xyz ?? null, (x, y) => (x < y ? -1 : x > y ? 1 : 0)) || a.rank - b.rank;
    case 'rhythm':
      return (a, b) => nullsLast(a.rhythm ? RHYTHM_ORDER[a.rhythm] : null, b.rhythm ? RHYTHM_ORDER[b.rhythm] : null, (x, y) => x - y) || (b.days_silent || 0) - (a.days_silent || 0) || a.rank - b.rank;
    case 'last':
      return (a, b) => nullsLast(a.last_date || null, b.last_date || null, (x, y) => (x < y ? -1 : x > y ? 1 : 0)) || a.rank - b.rank;
    case 'gap':
      return (a, b) => nullsLast(typeof a.median_gap === 'number' ? a.median_gap : null, typeof b.median_gap === 'number' ? b.median_gap : null, (x, y) => x - y) || a.rank - b.rank;
    default:
      return (a, b) => a.rank - b.rank;
  }
}

/** The name cell: the name, the tax ID / client code, and the other names folded into it. */
function nameCell(c, idLabel, fmt) {
  const others = Array.isArray(c.names) ? c.names : [];
  return el(
    'th',
    { scope: 'row', class: 'name' },
    el('span', { class: 'name-text', ...clip(c.name) }),
    c.id ? el('span', { class: 'client-id muted small', text: t('cl.id', { label: idLabel, id: c.id }) }) : null,
    others.length
      ? el(
          'details',
          { class: 'aka', 'data-names-count': String(others.length) },
          el('summary', { text: tp('cl.other_names', others.length, fmt) }),
          el('ul', null, others.map((n) => el('li', { text: n }))),
        )
      : null,
    // issue 12: the client's marks (key by judgment), share of wallet and the "Mark" button
    markLine(c, fmt),
  );
}

/** The ABC classes' bounds from the rules the report was built on (class B = the band between A and B). */
function abcNote(report, fmt) {
  const r = (report && report.rules) || {};
  const a = typeof r.abc_a === 'number' ? r.abc_a : null;
  const b = typeof r.abc_b === 'number' ? r.abc_b : null;
  return t('cl.abc_note', { a: a === null ? '—' : fmt.pctRule(a), b: a === null || b === null ? '—' : fmt.pctRule(b - a) });
}

/** The rhythm cell: status badge and, when not on rhythm, how long it has been silent. */
function rhythmCell(c, fmt) {
  if (!c.rhythm) return el('td', { class: 'rhythm muted', text: '—' });
  return el(
    'td',
    { class: 'rhythm' },
    el('span', { class: 'rh-badge rh-' + c.rhythm, text: t('rh.short.' + c.rhythm) }),
    c.rhythm !== 'active' && typeof c.days_silent === 'number' ? el('span', { class: 'small muted rh-silent', text: t('cl.silent', { days: tp('n.days', c.days_silent, fmt) }) }) : null,
  );
}

/** One client's row; data-* carry the raw numbers (the tests' contract). */
function clientRow(c, idLabel, fmt, extra) {
  return el(
    'tr',
    {
      'data-rank': String(c.rank),
      'data-name': c.name,
      'data-amount': String(c.amount),
      'data-share': String(c.share),
      'data-abc': c.abc || '',
      'data-id': c.id || null,
      'data-other-names': Array.isArray(c.names) && c.names.length ? c.names.join('|') : null,
      'data-rhythm': c.rhythm || null,
      'data-xyz': c.xyz || null,
      'data-last-date': c.last_date || null,
      ...markRowAttrs(c),
      class: c.abc ? 'abc-' + c.abc.toLowerCase() : 'abc-none',
    },
    el('td', { class: 'num rank', text: fmt.int(c.rank) }),
    nameCell(c, idLabel, fmt),
    moneyCell(fmt, c.amount),
    el('td', { class: 'num' }, el('span', { class: 'num-text', text: fmt.pct(c.share) }), shareBar(c.share)),
    el('td', { class: 'num', text: c.cumulative_share === null || c.cumulative_share === undefined ? '—' : fmt.pct(c.cumulative_share) }),
    el('td', { class: 'abc' }, c.abc ? el('span', { class: 'abc-badge abc-' + c.abc.toLowerCase(), text: c.abc }) : '—'),
    extra.rhythm ? rhythmCell(c, fmt) : null,
    extra.rhythm ? el('td', { class: 'num date', text: c.last_date ? fmt.dateShort(c.last_date) : '—' }) : null,
    extra.rhythm ? el('td', { class: 'num', text: typeof c.median_gap === 'number' ? fmt.int(Math.round(c.median_gap)) : '—' }) : null,
    extra.xyz ? el('td', { class: 'xyz', title: typeof c.cv === 'number' ? 'CV ' + fmt.pct(c.cv) : null }, c.xyz ? el('span', { class: 'xyz-badge xyz-' + c.xyz.toLowerCase(), text: c.xyz }) : '—') : null,
  );
}

export function renderClients(report, fmt, view) {
  const clients = report.clients || [];
  const idLabel = (report.source && report.source.columns && report.source.columns.client_id) || t('cl.id_label');
  const collator = new Intl.Collator(fmt.locale, { sensitivity: 'base', numeric: true });
  // Search finds a client by any of its names and by its ID.
  // A row's folded names are made at the first search, not for every client of every report.
  const rows = clients.map((c) => ({ c, tr: null, folded: null }));
  const foldedOf = (r) => {
    if (r.folded === null) r.folded = [r.c.name, ...(Array.isArray(r.c.names) ? r.c.names : []), r.c.id || ''].map(foldName).join('\n');
    return r.folded;
  };
  // A row's <tr> is built the first time it is shown, then kept (sorting and search move it).
  const time = report.time;
  const extra = { rhythm: Boolean(time && time.rhythm), xyz: Boolean(time && time.xyz) };
  const columns = [...COLUMNS, ...(extra.rhythm ? RHYTHM_COLUMNS : []), ...(extra.xyz ? [XYZ_COLUMN] : [])];
  if (!columns.some((c) => c.key === view.sort)) view.sort = 'rank';
  const measureLabel = t('measure.' + (report.measure || 'revenue'));
  const rowOf = (r) => {
    if (!r.tr) r.tr = clientRow(r.c, idLabel, fmt, extra);
    return r.tr;
  };
  if (!view.limit) view.limit = CLIENTS_PAGE;

  const tbody = el('tbody');
  const headers = columns.map((col) => {
    const button = el('button', { type: 'button', class: 'sort', 'data-sort': col.key }, el('span', { text: col.key === 'amount' ? measureLabel : t(col.label) }), el('span', { class: 'sort-icon', 'aria-hidden': 'true' }));
    const th = el('th', { scope: 'col', class: col.num ? 'num' : null, 'aria-sort': 'none' }, button);
    button.addEventListener('click', () => {
      if (view.sort === col.key) view.dir = view.dir === 'ascending' ? 'descending' : 'ascending';
      else {
        view.sort = col.key;
        view.dir = col.first;
      }
      sorted = null;
      apply();
    });
    return { col, th };
  });

  const table = el(
    'table',
    { id: 'clients', class: 'data-table clients-table' },
    el('caption', { text: t('cl.caption') }),
    el('thead', null, el('tr', null, headers.map((h) => h.th))),
    tbody,
  );
  const wrap = tableWrap(table);

  const counter = el('p', { class: 'muted counter', 'aria-live': 'polite' });
  const nothing = el('p', { class: 'muted', text: t('cl.nothing'), hidden: true });
  const search = el('input', { id: 'client-search', type: 'search', autocomplete: 'off', spellcheck: 'false' });
  search.value = view.query;
  const more = el('button', { type: 'button', id: 'clients-more', class: 'button button-small' });
  const all = el('button', { type: 'button', id: 'clients-all', class: 'button button-small' });
  const moreRow = el('div', { class: 'clients-more no-print' }, more, all);

  let sorted = null; // rows in the view's order, kept until the sort changes
  function apply() {
    if (!sorted) {
      const cmp = compare(view.sort, collator);
      const sign = view.dir === 'descending' ? -1 : 1;
      sorted = rows.slice().sort((a, b) => sign * cmp(a.c, b.c));
    }
    for (const h of headers) h.th.setAttribute('aria-sort', h.col.key === view.sort ? view.dir : 'none');
    const q = foldName(view.query);
    const found = q ? sorted.filter((r) => foldedOf(r).includes(q)) : sorted;
    const shown = clientsPrintAll ? sorted : found.slice(0, view.limit);
    tbody.replaceChildren(...shown.map(rowOf));
    rovingMarks(tbody); // issue 12: one Tab stop for the rows' Mark buttons
    const rest = found.length - shown.length;
    counter.textContent =
      clientsPrintAll || rest <= 0
        ? t('cl.shown', { shown: fmt.int(found.length), total: fmt.int(rows.length) })
        : q
        ? t('cl.found_page', { shown: fmt.int(shown.length), found: fmt.int(found.length), total: fmt.int(rows.length) })
        : t('cl.shown_page', { shown: fmt.int(shown.length), total: fmt.int(rows.length) });
    nothing.hidden = found.length > 0;
    moreRow.hidden = clientsPrintAll || rest <= 0;
    more.textContent = t('cl.more', { n: fmt.int(Math.min(CLIENTS_PAGE, rest)) });
    all.textContent = t('cl.all', { n: fmt.int(found.length) });
    all.hidden = rest <= CLIENTS_PAGE;
  }

  // When the buttons go away, keep keyboard users at the table they were extending.
  const focusAfter = (button) => {
    if (document.activeElement === button && (moreRow.hidden || button.hidden)) wrap.focus({ preventScroll: true });
  };
  more.addEventListener('click', () => {
    view.limit += CLIENTS_PAGE;
    apply();
    focusAfter(more);
  });
  all.addEventListener('click', () => {
    view.limit = rows.length;
    apply();
    focusAfter(all);
  });
  search.addEventListener('input', () => {
    view.query = search.value;
    // A new search starts at the first page again.
    view.limit = CLIENTS_PAGE;
    apply();
  });

  apply();
  clientsApply = apply;

  return el(
    'section',
    { class: 'block', 'aria-labelledby': 'cl-title' },
    el('h2', { id: 'cl-title', text: t('cl.title') }),
    el('div', { class: 'search-row no-print' }, el('label', { for: 'client-search', text: t('cl.search') }), search, counter),
    el('p', { id: 'mark-keys-hint', class: 'muted small no-print', text: t('mk.keys_hint') }),
    wrap,
    moreRow,
    nothing,
    el('p', { class: 'muted small', text: abcNote(report, fmt) }),
  );
}
