// Key by judgment on the page (issue 12): the "Mark" control and badges of a client row, the
// mark editor (a modal <dialog>: kinds + potential; Esc closes, focus returns to the row's
// button), the panel with export / import / forget and the marks for clients not in this file,
// and the dossier of every key account (kept locally with the marks, printed one per page).
// Names are file data: always text.

import { el, fill } from './dom.js';
import { t, tp, clip } from '../i18n/index.js';
import {
  MARK_KINDS,
  DOSSIER_LEVELS,
  DOSSIER_PERSON_FIELDS,
  DOSSIER_TEXTS,
  fnv1a,
  markOf,
  setMark,
  parsePotential,
  unmatchedMarks,
  storageKind,
  takenOver,
  exportData,
  exportFileName,
  parseExport,
  importData,
  forgetCompany,
  companyCounts,
  currentCompany,
  dossierOf,
  setDossier,
  emptyDossier,
  dossierProgress,
  cleanDossier,
} from '../marks.js';
import { isAnon } from '../anon.js';

/** The DOM id part for a client: stable across re-runs (a hash of the name). */
export function clientDomId(name) {
  return fnv1a(String(name));
}

const asList = (v) => (Array.isArray(v) ? v.filter((k) => MARK_KINDS.includes(k)) : []);

/** What a client row shows: {all, file, user, potential, wallet, annual}, from the report, else from storage. */
export function clientMarks(c) {
  const user = (markOf(c.name) || {}).kinds || [];
  const file = asList(c.file_marks);
  const all = Array.isArray(c.marks) ? asList(c.marks) : MARK_KINDS.filter((k) => user.includes(k) || file.includes(k));
  const stored = markOf(c.name);
  const potential = typeof c.potential === 'number' ? c.potential : stored && stored.potential !== null ? stored.potential : null;
  return {
    all,
    file,
    user,
    potential,
    wallet: typeof c.wallet_share === 'number' && Number.isFinite(c.wallet_share) ? c.wallet_share : null,
    annual: typeof c.annual === 'number' ? c.annual : null,
  };
}

/** One badge per kind; a kind from the file's columns says so (and cannot be removed on the page). */
export function markBadges(kinds, fileKinds) {
  return kinds.map((k) => {
    const fromFile = fileKinds && fileKinds.includes(k);
    return el('span', {
      class: 'mark-badge mark-' + k + (fromFile ? ' from-file' : ''),
      'data-kind': k,
      'data-from-file': fromFile ? 'true' : null,
      title: fromFile ? t('mk.from_file_title') : t('mk.kind_hint.' + k),
      text: t('mk.kind.' + k) + (fromFile ? ' · ' + t('mk.from_file_short') : ''),
    });
  });
}

/** "доля в его закупках 12 %" — our part of what the client buys a year from all suppliers. */
export function walletText(m, fmt) {
  return m.wallet === null ? '' : t('mk.wallet', { share: fmt.pct(m.wallet) });
}

/** The row's marks line: badges, share of wallet, the "Mark" button. */
export function markLine(c, fmt) {
  const m = clientMarks(c);
  return el(
    'div',
    { class: 'marks-line' },
    markBadges(m.all, m.file),
    m.wallet !== null ? el('span', { class: 'wallet small', 'data-wallet-share': String(m.wallet), text: walletText(m, fmt) }) : null,
    el('button', {
      type: 'button',
      class: 'mark-button no-print',
      id: 'mark-' + clientDomId(c.name),
      'data-action': 'mark',
      'data-client': c.name,
      'aria-haspopup': 'dialog',
      'aria-label': t('mk.button_label', { client: c.name }),
      'aria-describedby': 'mark-keys-hint',
      text: t('mk.button'),
      on: { click: (e) => openMarkEditor(c, fmt, e.currentTarget.id) },
    }),
  );
}

/**
 * One Tab stop for all the table's Mark buttons (a roving tabindex): Tab reaches the current
 * one, ↑/↓ (and Home/End) move to the other rows' buttons. A hundred rows are not a hundred Tab
 * presses on the way past the table. Called after the rows shown change.
 */
export function rovingMarks(tbody) {
  const buttons = [...tbody.querySelectorAll('button[data-action=mark]')];
  if (!buttons.length) return;
  const current = buttons.find((b) => b.dataset.client === roving.client) || buttons[0];
  for (const b of buttons) b.tabIndex = b === current ? 0 : -1;
  if (tbody.dataset.roving) return;
  tbody.dataset.roving = '1';
  tbody.addEventListener('keydown', (e) => {
    const from = e.target;
    if (!(from instanceof HTMLElement) || from.dataset.action !== 'mark') return;
    const all = [...tbody.querySelectorAll('button[data-action=mark]')];
    const i = all.indexOf(from);
    let j = -1;
    if (e.key === 'ArrowDown') j = Math.min(all.length - 1, i + 1);
    else if (e.key === 'ArrowUp') j = Math.max(0, i - 1);
    else if (e.key === 'Home' && e.ctrlKey) j = 0;
    else if (e.key === 'End' && e.ctrlKey) j = all.length - 1;
    if (j < 0) return;
    e.preventDefault();
    moveRoving(all, all[j]);
  });
  tbody.addEventListener('focusin', (e) => {
    const b = e.target;
    if (b instanceof HTMLElement && b.dataset.action === 'mark') moveRoving([...tbody.querySelectorAll('button[data-action=mark]')], b, true);
  });
}

const roving = { client: null }; // the row whose Mark button is the table's Tab stop (kept across re-renders)

function moveRoving(all, to, focused) {
  for (const b of all) b.tabIndex = b === to ? 0 : -1;
  roving.client = to.dataset.client;
  if (!focused) to.focus();
}

/** data-* of a client row (the tests' contract). */
export function markRowAttrs(c) {
  const m = clientMarks(c);
  return {
    'data-marks': m.all.length ? m.all.join('|') : null,
    'data-file-marks': m.file.length ? m.file.join('|') : null,
    'data-potential': m.potential !== null ? String(m.potential) : null,
    'data-wallet-share': m.wallet !== null ? String(m.wallet) : null,
  };
}

// ---------- the editor ----------

let editor = null; // {dialog, trigger}

function editorDialog() {
  let dialog = document.getElementById('mark-editor');
  if (!dialog) {
    dialog = el('dialog', { id: 'mark-editor', class: 'mark-editor', 'aria-labelledby': 'mark-editor-title' });
    dialog.addEventListener('close', () => {
      const trigger = editor && editor.trigger && document.getElementById(editor.trigger);
      editor = null;
      if (trigger) trigger.focus();
    });
    document.body.appendChild(dialog);
  }
  return dialog;
}

/** Opens the editor for client `c`; `triggerId` gets the focus back when it closes (Esc, Cancel, Save). */
export function openMarkEditor(c, fmt, triggerId) {
  const dialog = editorDialog();
  const m = clientMarks(c);
  const stored = markOf(c.name);
  const boxes = MARK_KINDS.map((k) => {
    const fromFile = m.file.includes(k);
    const input = el('input', { type: 'checkbox', id: 'mark-kind-' + k, 'data-kind': k, 'aria-describedby': 'mark-kind-' + k + '-hint' });
    input.checked = fromFile || m.user.includes(k);
    input.disabled = fromFile;
    return el(
      'div',
      { class: 'mark-kind' },
      input,
      el(
        'label',
        { for: 'mark-kind-' + k },
        el('span', { class: 'mark-kind-name', text: t('mk.kind.' + k) }),
        fromFile ? el('span', { class: 'mark-kind-file', text: ' · ' + t('mk.from_file') }) : null,
        el('span', { class: 'mark-kind-hint muted small', id: 'mark-kind-' + k + '-hint', text: t('mk.kind_hint.' + k) }),
      ),
    );
  });
  const potential = el('input', {
    type: 'text',
    id: 'mark-potential',
    inputmode: 'decimal',
    autocomplete: 'off',
    'aria-describedby': 'mark-potential-hint mark-potential-error',
  });
  potential.value = stored && stored.potential !== null ? (Number.isInteger(stored.potential) ? fmt.int(stored.potential) : String(stored.potential)) : '';
  const filePotential = typeof c.potential === 'number' && !(stored && stored.potential !== null) ? c.potential : null;
  const error = el('p', { id: 'mark-potential-error', class: 'field-error', hidden: true });
  const save = el('button', { type: 'button', id: 'mark-save', class: 'button button-primary button-small', text: t('mk.save') });
  const cancel = el('button', { type: 'button', id: 'mark-cancel', class: 'button button-small', text: t('mk.cancel') });
  fill(
    dialog,
    el('h2', { id: 'mark-editor-title', class: 'mark-editor-title' }, t('mk.editor_title') + ' ', el('span', { class: 'name-text', ...clip(c.name) })),
    el('p', { class: 'muted small', text: t('mk.editor_intro') }),
    el('fieldset', { class: 'mark-kinds' }, el('legend', { text: t('mk.kinds_legend') }), boxes),
    el(
      'div',
      { class: 'mark-potential' },
      el('label', { for: 'mark-potential', text: t('mk.potential_label') }),
      potential,
      el('p', { id: 'mark-potential-hint', class: 'muted small', text: filePotential !== null ? t('mk.potential_hint_file', { amount: fmt.money(filePotential) }) : t('mk.potential_hint') }),
      error,
    ),
    el('div', { class: 'mark-editor-actions' }, save, cancel),
  );
  save.addEventListener('click', () => {
    const value = parsePotential(potential.value);
    if (Number.isNaN(value)) {
      error.textContent = t('mk.potential_error');
      error.hidden = false;
      potential.setAttribute('aria-invalid', 'true');
      potential.focus();
      return;
    }
    const kinds = MARK_KINDS.filter((k) => {
      const box = dialog.querySelector('#mark-kind-' + k);
      return box && box.checked && !box.disabled;
    });
    dialog.close();
    setMark(c.name, kinds, value);
  });
  cancel.addEventListener('click', () => dialog.close());
  potential.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      save.click();
    }
  });
  editor = { dialog, trigger: triggerId };
  if (!dialog.open) dialog.showModal();
  const first = boxes.map((b) => b.querySelector('input')).find((i) => !i.disabled);
  (first || potential).focus();
}

// ---------- the panel: marks not in the file, export / import / forget ----------

const panel = { status: null, confirming: false, exportText: null };

/** Is the page in a frame with an opaque origin (a sandbox without allow-same-origin), where downloads may be blocked? */
function sandboxedFrame() {
  let framed = true;
  try {
    framed = window.self !== window.top;
  } catch (_) {
    framed = true;
  }
  return framed && String(window.origin) === 'null';
}

function setStatus(kind, key, params) {
  panel.status = key ? { kind, key, params: params || {} } : null;
}

function statusNode() {
  const s = panel.status;
  return el('p', {
    id: 'marks-status',
    class: 'marks-status' + (s ? ' is-' + s.kind : ''),
    role: 'status',
    'data-kind': s ? s.kind : null,
    'data-message': s ? s.key : null,
    text: s ? t(s.key, s.params) : '',
  });
}

function doExport(fmt) {
  const data = exportData();
  const text = JSON.stringify(data, null, 2);
  const name = exportFileName();
  const framed = sandboxedFrame();
  try {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = el('a', { href: url, download: name, class: 'file-input' });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setStatus(framed ? 'warn' : 'ok', framed ? 'mk.export_framed' : 'mk.export_done', { file: name });
  } catch (_) {
    setStatus('warn', 'mk.export_failed', { file: name });
  }
  // Where a download may be blocked the same text is offered to copy.
  panel.exportText = framed || (panel.status && panel.status.key === 'mk.export_failed') ? text : null;
}

function readText(file) {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

function doImport(file, fmt, refill) {
  readText(file).then(
    (text) => {
      const parsed = parseExport(text);
      if (!parsed.ok) {
        setStatus('error', 'mk.import_bad.' + parsed.reason, { file: file.name });
        refill();
        return;
      }
      const counts = { marks: Object.keys(parsed.data.marks).length, dossiers: Object.keys(parsed.data.dossiers).length };
      setStatus('ok', 'mk.import_done', { file: file.name, marks: tp('mk.n_marks', counts.marks, fmt), dossiers: tp('mk.n_dossiers', counts.dossiers, fmt) });
      refill();
      importData(parsed); // re-runs through the listener (the panel is rebuilt with the report)
    },
    () => {
      setStatus('error', 'mk.import_bad.not_json', { file: file.name });
      refill();
    },
  );
}

function toolsNodes(fmt, refill) {
  const counts = companyCounts();
  const nothing = !counts.marks && !counts.dossiers && !counts.supplier;
  const exportButton = el('button', { type: 'button', id: 'marks-export', class: 'button button-small', text: t('mk.export') });
  exportButton.addEventListener('click', () => {
    doExport(fmt);
    refill();
    const again = document.getElementById('marks-export');
    if (again) again.focus();
  });
  const importInput = el('input', { type: 'file', id: 'marks-import-file', class: 'file-input', accept: '.json,application/json' });
  importInput.addEventListener('change', () => {
    const file = importInput.files && importInput.files[0];
    importInput.value = '';
    if (file) doImport(file, fmt, refill);
  });
  const importLabel = el('label', { for: 'marks-import-file', id: 'marks-import', class: 'button button-small', text: t('mk.import') });
  const nodes = [el('div', { class: 'marks-tools-row' }, exportButton, importInput, importLabel)];
  if (panel.confirming) {
    const yes = el('button', { type: 'button', id: 'marks-forget-yes', class: 'button button-small button-danger', text: t('mk.forget_yes') });
    const no = el('button', { type: 'button', id: 'marks-forget-no', class: 'button button-small', text: t('mk.forget_no') });
    yes.addEventListener('click', () => {
      panel.confirming = false;
      setStatus('ok', 'mk.forgotten');
      panel.exportText = null;
      refill();
      const again = document.getElementById('marks-forget');
      if (again) again.focus();
      forgetCompany(); // re-runs (or re-renders) through the listener
    });
    no.addEventListener('click', () => {
      panel.confirming = false;
      refill();
      const again = document.getElementById('marks-forget');
      if (again) again.focus();
    });
    nodes.push(
      el(
        'div',
        { id: 'marks-forget-confirm', class: 'marks-confirm', role: 'group', 'aria-labelledby': 'marks-forget-question' },
        el('p', { id: 'marks-forget-question', text: t('mk.forget_question', { marks: tp('mk.n_marks', counts.marks, fmt), dossiers: tp('mk.n_dossiers', counts.dossiers, fmt) }) }),
        el('div', { class: 'marks-tools-row' }, yes, no),
      ),
    );
  } else {
    const forget = el('button', { type: 'button', id: 'marks-forget', class: 'button button-small', text: t('mk.forget'), 'aria-disabled': nothing ? 'true' : null });
    forget.addEventListener('click', () => {
      if (!companyCounts().marks && !companyCounts().dossiers && !companyCounts().supplier) {
        setStatus('ok', 'mk.forget_nothing');
        refill();
        const again = document.getElementById('marks-forget');
        if (again) again.focus();
        return;
      }
      panel.confirming = true;
      setStatus(null);
      refill();
      const no = document.getElementById('marks-forget-no');
      if (no) no.focus();
    });
    nodes[0].appendChild(forget);
  }
  nodes.push(statusNode());
  if (panel.exportText) {
    const area = el('textarea', { id: 'marks-export-text', class: 'marks-export-text', readonly: true, rows: '6', spellcheck: 'false', 'aria-describedby': 'marks-status' });
    area.value = panel.exportText;
    nodes.push(el('label', { for: 'marks-export-text', class: 'small', text: t('mk.export_copy') }), area);
  }
  return nodes;
}

/** A new file: the panel's messages and the confirm step belong to the previous one. */
export function resetMarksPanel() {
  panel.status = null;
  panel.confirming = false;
  panel.exportText = null;
  openDossiers.clear();
}

function kindsList() {
  return el(
    'dl',
    { class: 'mark-kinds-list' },
    MARK_KINDS.map((k) => [el('dt', null, el('span', { class: 'mark-badge mark-' + k, text: t('mk.kind.' + k) })), el('dd', { text: t('mk.kind_hint.' + k) })]),
  );
}

// ---------- dossiers ----------

const openDossiers = new Set(); // clients whose dossier is unfolded (survives re-renders)

/** The key accounts at company level (volume or judgment), one per client, in report order. */
function keyClients(report) {
  const seen = new Map();
  for (const k of report.key_accounts || []) {
    if (k.scope !== 'company' || typeof k.client !== 'string') continue;
    const prev = seen.get(k.client);
    if (!prev) seen.set(k.client, k);
    else if (prev.basis === 'judgment' && k.basis !== 'judgment') seen.set(k.client, k);
  }
  return [...seen.values()];
}

function basisText(k, fmt) {
  const reasons = asList(k.reasons);
  const words = fmt.list(reasons.map((r) => t('mk.kind.' + r)));
  if (k.basis === 'judgment') return t('mk.basis_judgment', { reasons: words || '—', share: fmt.pct(k.share) });
  return reasons.length ? t('mk.basis_volume_and', { share: fmt.pct(k.share), reasons: words }) : t('mk.basis_volume', { share: fmt.pct(k.share) });
}

function progressText(p, fmt) {
  return t('ds.progress', { filled: fmt.int(p.filled), total: fmt.int(p.total) });
}

function dossierCard(k, fmt) {
  const name = k.client;
  const id = 'dossier-' + clientDomId(name);
  const dossier = cleanDossier(dossierOf(name)) || emptyDossier();
  const progress = dossierProgress(dossier);
  const open = openDossiers.has(name);
  const bodyId = id + '-body';
  const progressLabel = el('span', { class: 'dossier-progress-text', id: id + '-progress-text', text: progressText(progress, fmt) });
  const bar = el('progress', { max: String(progress.total), value: String(progress.filled), 'aria-labelledby': id + '-progress-text', class: 'dossier-bar' });
  const article = el('article', {
    class: 'dossier' + (progress.filled ? ' is-started' : ' is-empty'),
    id,
    'data-client': name,
    'data-basis': k.basis || 'volume',
    'data-filled': String(progress.filled),
    'data-total': String(progress.total),
    'aria-labelledby': id + '-title',
  });
  const update = () => {
    setDossier(name, dossier);
    const p = dossierProgress(dossier);
    article.dataset.filled = String(p.filled);
    article.classList.toggle('is-started', p.filled > 0);
    article.classList.toggle('is-empty', p.filled === 0);
    bar.value = p.filled;
    progressLabel.textContent = progressText(p, fmt);
  };
  const field = (fieldId, label, get, set, opts = {}) => {
    const input = opts.area ? el('textarea', { id: fieldId, rows: opts.rows || '3', class: 'dossier-text' }) : el('input', { id: fieldId, type: opts.type || 'text', autocomplete: 'off', class: 'dossier-input' });
    input.value = get();
    // An empty date prints as a blank line, not as "dd.mm.yyyy" (print.css).
    const mark = () => (input.value ? input.removeAttribute('data-empty') : input.setAttribute('data-empty', ''));
    mark();
    input.addEventListener('input', () => {
      set(input.value);
      mark();
      update();
    });
    return el('div', { class: 'dossier-field' + (opts.wide ? ' wide' : '') }, el('label', { for: fieldId, text: label }), input);
  };
  const people = DOSSIER_LEVELS.map((level) =>
    el(
      'fieldset',
      { class: 'dossier-person', 'data-level': level },
      el('legend', { text: t('ds.level.' + level) }),
      DOSSIER_PERSON_FIELDS.map((f) =>
        field(
          id + '-' + level + '-' + f,
          t('ds.person.' + f),
          () => dossier.people[level][f],
          (v) => (dossier.people[level][f] = v),
        ),
      ),
    ),
  );
  const toggle = el('button', {
    type: 'button',
    id: id + '-toggle',
    class: 'button button-small dossier-toggle no-print',
    'aria-expanded': open ? 'true' : 'false',
    'aria-controls': bodyId,
    text: open ? t('ds.fold') : progress.filled ? t('ds.open') : t('ds.fill'),
  });
  const body = el(
    'div',
    { id: bodyId, class: 'dossier-body', hidden: !open },
    el('fieldset', { class: 'dossier-people' }, el('legend', { text: t('ds.people') }), el('div', { class: 'dossier-people-grid' }, people)),
    DOSSIER_TEXTS.map((f) => field(id + '-' + f, t('ds.text.' + f), () => dossier[f], (v) => (dossier[f] = v), { area: true, wide: true })),
    el(
      'fieldset',
      { class: 'dossier-meeting' },
      el('legend', { text: t('ds.meeting') }),
      field(id + '-meeting-date', t('ds.meeting_date'), () => dossier.meeting.date, (v) => (dossier.meeting.date = v), { type: 'date' }),
      field(id + '-meeting-notes', t('ds.meeting_notes'), () => dossier.meeting.notes, (v) => (dossier.meeting.notes = v), { area: true, wide: true }),
    ),
  );
  toggle.addEventListener('click', () => {
    const now = body.hidden;
    body.hidden = !now;
    if (now) openDossiers.add(name);
    else openDossiers.delete(name);
    toggle.setAttribute('aria-expanded', now ? 'true' : 'false');
    const p = dossierProgress(dossier);
    toggle.textContent = now ? t('ds.fold') : p.filled ? t('ds.open') : t('ds.fill');
  });
  article.append(
    el(
      'div',
      { class: 'dossier-head' },
      el('h4', { id: id + '-title', class: 'dossier-title' }, el('span', { class: 'name-text', ...clip(name) })),
      el('p', { class: 'dossier-basis small muted', text: basisText(k, fmt) }),
      el('div', { class: 'dossier-progress' }, bar, progressLabel),
      toggle,
    ),
    body,
  );
  return article;
}

/** Did the report see the marks (an engine that knows them was sent some)? */
function marksSent(report) {
  return (report.clients || []).some((c) => Array.isArray(c.marks));
}

/** The section after the key accounts: what the marks mean, marks for absent clients, export/import/forget, the dossiers. */
export function renderJudgment(report, fmt) {
  if (!currentCompany()) return null;
  const tools = el('div', { id: 'marks-tools', class: 'marks-tools no-print' });
  const refill = () => fill(tools, toolsNodes(fmt, refill));
  refill();
  // The engine matches a mark by any of a client's names; without its answer, by the client names here.
  const unmatched = Array.isArray(report.marks_unmatched) && marksSent(report) ? report.marks_unmatched : unmatchedMarks();
  const moved = takenOver();
  const keys = keyClients(report);
  return el(
    'section',
    { id: 'judgment', class: 'block', 'aria-labelledby': 'judgment-title', 'data-storage': storageKind() },
    el('h2', { id: 'judgment-title', text: t('mk.title') }),
    el('p', { class: 'muted no-print', text: t('mk.intro') }),
    el('details', { class: 'mark-kinds-help no-print' }, el('summary', { text: t('mk.kinds_help') }), kindsList()),
    storageKind() === 'memory' ? el('p', { id: 'marks-storage', class: 'callout warn no-print', 'data-storage': 'memory', text: t('mk.storage_memory') }) : el('p', { id: 'marks-storage', class: 'muted small no-print', 'data-storage': 'local', text: t('mk.storage_local') }),
    moved ? el('p', { id: 'marks-takeover', class: 'callout no-print', 'data-overlap': String(moved.overlap), text: t('mk.takeover', { overlap: fmt.pct(moved.overlap) }) }) : null,
    unmatched.length
      ? el(
          'div',
          { id: 'marks-unmatched', class: 'callout warn no-print', 'data-names': isAnon() ? null : unmatched.join('|'), 'data-count': String(unmatched.length) },
          el('p', { text: tp('mk.unmatched', unmatched.length, fmt) }),
          // Names not in the file have no pseudonym: while names are hidden only their count shows.
          isAnon() ? null : el('ul', { class: 'marks-unmatched-list' }, unmatched.map((n) => el('li', { text: n }))),
          el('p', { class: 'small muted', text: t('mk.unmatched_kept') }),
        )
      : null,
    tools,
    el('h3', { id: 'dossiers-title', text: t('ds.title') }),
    el('p', { class: 'muted no-print', text: keys.length ? t('ds.intro') : t('ds.none') }),
    el('p', { class: 'muted small no-print', text: t('ds.print_note') }),
    el('div', { id: 'dossiers', class: 'dossiers', 'aria-labelledby': 'dossiers-title' }, keys.map((k) => dossierCard(k, fmt))),
  );
}
