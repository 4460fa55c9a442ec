// The page: open a file or several (input, drag and drop, demo) → progress → what was understood
// (with sheet/column pickers and switches that re-run at once) → what was done with the file(s)
// → the report, with duplicate suggestions the user may merge. Language switch re-renders
// in place. Everything from the file is rendered as text (see render/dom.js).

import { Engine, inlineBundle, base64ToBytes, codedError, CANCELLED, SUPERSEDED } from './engine.js';
import { makeFormat, reportCurrency } from './format.js';
import { t, tp, setLang, getLang, defaultLang, LANGUAGES } from './i18n/index.js';
import { el, fill } from './render/dom.js';
import { renderSummary } from './render/summary.js';
import { renderFindings } from './render/findings.js';
import { renderKeyAccounts } from './render/keyaccounts.js';
import { renderManagers } from './render/managers.js';
import { renderClients, newClientsView } from './render/clients.js';
import { renderQuality } from './render/quality.js';
import { renderUnderstood } from './render/understood.js';
import { renderDecisions } from './render/decisions.js';
import { renderSuggestions, mergesToSend } from './render/suggestions.js';
import { renderError, clearError } from './render/errors.js';

const $ = (id) => document.getElementById(id);

const engine = new Engine();

const app = {
  report: null, // the current report
  error: null, // the current error {code, message, details}
  fileName: '', // shown name: the file, or several joined by ", "
  fileNames: [], // every file of the current run
  isDemo: false,
  options: {}, // options of the current run: {sheet, client, amount, ..., keepCancelled, groupByParent, merges}
  merges: [], // merges the user accepted, each a list of names, in the order accepted (undo takes one out)
  busy: false,
  statusKey: null, // [key, params] of the last status line, re-translated on language switch
  clientsView: newClientsView(),
  run: 0, // increases with every run; stale results are ignored
};

function fmtFor(report) {
  return makeFormat(getLang(), reportCurrency(report));
}

// ---------- status and progress ----------

/** `params` may be a function, so that numbers are formatted again after a language switch. */
function setStatus(key, params) {
  app.statusKey = key ? [key, params || {}] : null;
  $('status').textContent = statusText();
}

function statusText() {
  if (!app.statusKey) return '';
  const [key, params] = app.statusKey;
  return t(key, typeof params === 'function' ? params() : params);
}

function setBusy(busy) {
  app.busy = busy;
  $('progress-row').hidden = !busy;
  const progress = $('progress');
  if (busy) progress.removeAttribute('value'); // indeterminate: the engine reports stages, not percentages
  document.body.classList.toggle('is-busy', busy);
  $('report').setAttribute('aria-busy', busy ? 'true' : 'false');
}

function onStage(stage) {
  const name = app.fileName;
  if (stage === 'compiling') setStatus('status.compiling');
  else if (stage === 'engine') setStatus(app.fileNames.length > 1 ? 'status.reading_many' : 'status.reading', { name, size: app.sizeText || '', n: app.fileNames.length });
  else if (stage === 'analyzing') setStatus(app.options && Object.keys(app.options).length ? 'status.rerun' : 'status.analyzing', { name });
}

// ---------- rendering ----------

function applyStaticTexts() {
  document.documentElement.lang = getLang();
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.getAttribute('data-i18n'));
  document.title = t('app.title') + (app.report && app.fileName ? ' — ' + app.fileName : '');
  const version = engine.version;
  $('engine-version').textContent = version ? t('footer.engine', { version }) : '';
  if (app.statusKey) $('status').textContent = statusText();
}

function renderReport() {
  const section = $('report');
  const report = app.report;
  document.body.classList.toggle('has-report', Boolean(report));
  if (!report) {
    section.hidden = true;
    fill($('report-body'));
    return;
  }
  const fmt = fmtFor(report);
  const src = report.source || {};
  const meta = [app.fileNames.length > 1 ? t('report.files', { names: app.fileName }) : t('report.file', { name: app.fileName })];
  if (src.date_from && src.date_to) meta.push(t('report.period', { from: fmt.date(src.date_from), to: fmt.date(src.date_to) }));
  if (report.as_of) meta.push(t('report.as_of', { date: fmt.date(report.as_of) }));
  meta.push(fmt.currency ? t('report.currency', { currency: fmt.currency }) : t('report.no_currency'));
  fill($('report-meta'), meta.map((m) => el('span', { class: 'meta-item', text: m })));
  $('demo-badge').hidden = !app.isDemo;

  fill(
    $('report-body'),
    renderSummary(report, fmt),
    report.concentration ? null : el('p', { class: 'callout', text: t('report.empty') }),
    renderFindings(report, fmt),
    renderSuggestions(report, fmt, app.merges, { onMerge, onUndoMerge }),
    renderKeyAccounts(report, fmt),
    renderManagers(report, fmt),
    renderClients(report, fmt, app.clientsView),
    renderQuality(report, fmt),
  );
  section.hidden = false;
}

function renderUnderstoodSection() {
  const section = $('understood');
  // After a failed re-run the controls of the last good report stay, so the choice can be fixed.
  const report = app.report || (app.keepUnderstood ? app.lastReport : null);
  const decisions = $('decisions');
  if (!report) {
    section.hidden = true;
    decisions.hidden = true;
    return;
  }
  renderUnderstood(section, report, fmtFor(report), { onSheet, onColumn, onSwitch }, app.goodOptions || {});
  renderDecisions(decisions, report, fmtFor(report));
}

function renderErrorBox() {
  if (!app.error) {
    clearError($('error'));
    return;
  }
  renderError($('error'), app.error, makeFormat(getLang(), null), onPick);
}

function renderAll() {
  // Re-rendering replaces controls; give focus back to the control that had it (by id).
  const active = document.activeElement;
  const activeId = active && active !== document.body ? active.id : '';
  applyStaticTexts();
  renderErrorBox();
  renderUnderstoodSection();
  renderReport();
  if (activeId && document.activeElement !== active) {
    const again = document.getElementById(activeId);
    if (again && !again.hidden) again.focus({ preventScroll: true });
  }
}

// ---------- running the engine ----------

function isQuiet(err) {
  return err && (err.code === CANCELLED || err.code === SUPERSEDED);
}

/** `files`: [{name, bytes: Uint8Array}], one or several (combined by the engine). */
async function runOpen(files, isDemo) {
  const run = ++app.run;
  app.fileNames = files.map((f) => f.name);
  app.fileName = app.fileNames.join(', ');
  app.isDemo = isDemo;
  app.options = {};
  app.goodOptions = {};
  app.merges = [];
  app.goodMerges = [];
  app.sizeText = makeFormat(getLang(), null).bytes(files.reduce((a, f) => a + f.bytes.byteLength, 0));
  app.clientsView = newClientsView();
  app.keepUnderstood = false;
  app.lastReport = null;
  // The previous report belonged to the previous worker, which is about to end.
  app.report = null;
  app.error = null;
  renderAll();
  setBusy(true);
  try {
    const report = await engine.open(files, {}, onStage);
    if (run !== app.run) return;
    succeed(report, true);
  } catch (err) {
    if (run !== app.run || isQuiet(err)) return;
    failWith(err, false);
  } finally {
    if (run === app.run) setBusy(false);
  }
}

async function runAgain(options, focusReport) {
  const run = ++app.run;
  app.options = options;
  setBusy(true);
  setStatus('status.rerun');
  try {
    const report = await engine.rerun(options, onStage);
    if (run !== app.run) return;
    succeed(report, focusReport);
  } catch (err) {
    if (run !== app.run || isQuiet(err)) return;
    failWith(err, true);
  } finally {
    if (run === app.run) setBusy(false);
  }
}

function succeed(report, focusReport) {
  app.report = report;
  app.lastReport = report;
  app.goodOptions = app.options;
  app.goodMerges = app.merges;
  app.error = null;
  app.keepUnderstood = false;
  if (engine.version) $('engine-version').textContent = t('footer.engine', { version: engine.version });
  renderAll();
  setStatus('status.done', () => {
    const fmt = fmtFor(report);
    return { name: app.fileName, clients: tp('n.clients', (report.clients || []).length, fmt), total: fmt.money(report.total) };
  });
  document.title = t('app.title') + ' — ' + app.fileName;
  const focusId = app.focusAfterRun;
  app.focusAfterRun = null;
  if (focusId && $(focusId)) {
    const target = $(focusId).querySelector('button[data-action]') || $(focusId);
    target.focus({ preventScroll: true });
  } else if (focusReport) {
    // Focus without the browser's own scroll (it centres tall elements), then show the report's top.
    $('report').focus({ preventScroll: true });
    $('report').scrollIntoView({ block: 'start' });
  }
}

function failWith(err, isRerun) {
  const code = err && typeof err.code === 'string' && err.code ? err.code : 'internal';
  app.error = { code, message: err && err.message, details: (err && err.details) || null };
  app.focusAfterRun = null;
  // The merges shown stay those of the last good report.
  if (isRerun && app.goodMerges) app.merges = app.goodMerges;
  // After a re-run error keep the controls of the last good report so the user can fix the choice.
  app.keepUnderstood = isRerun && engine.hasFile() && Boolean(app.lastReport);
  app.report = null;
  renderAll();
  setStatus('status.failed', { name: app.fileName });
  const picker = $('pick-client') || $('pick-amount');
  if (picker) picker.focus();
  else if (!isRerun) $('error').focus();
}

// ---------- controls ----------

// Report roles → option names the engine takes (camelCase).
const ROLE_OPTION = { client_id: 'clientId' };

/** Switches and accepted merges outlive a change of sheet or column: they are the user's decisions. */
function keptOptions() {
  const good = app.goodOptions || {};
  const kept = {};
  for (const key of ['keepCancelled', 'groupByParent']) if (good[key] !== undefined) kept[key] = good[key];
  const merges = mergesToSend(app.merges);
  if (merges.length) kept.merges = merges;
  return kept;
}

function onSheet(sheet) {
  // Another sheet: its columns are detected afresh.
  app.clientsView = newClientsView();
  // '' = every sheet with the same header, combined (the engine's own choice).
  runAgain(sheet ? { ...keptOptions(), sheet } : keptOptions(), false);
}

function onColumn(role, letter) {
  const options = { ...(app.goodOptions || {}), ...keptOptions() };
  const sheetSelect = $('sheet');
  if (sheetSelect && sheetSelect.value) options.sheet = sheetSelect.value;
  const key = ROLE_OPTION[role] || role;
  if (letter) options[key] = letter;
  else delete options[key];
  runAgain(options, false);
}

/** A switch (#keep-cancelled → keepCancelled, #group-by-parent → groupByParent) re-runs at once. */
function onSwitch(key, value) {
  runAgain({ ...(app.goodOptions || {}), ...keptOptions(), [key]: value }, false);
}

function rerunWithMerges() {
  const options = { ...(app.goodOptions || {}), ...keptOptions() };
  if (!app.merges.length) delete options.merges;
  // The clicked button is replaced by the new report: keep keyboard users in the same place.
  app.focusAfterRun = 'suggestions';
  runAgain(options, false);
}

/** The user accepted a suggested merge (a list of client names): never done without this click. */
function onMerge(names) {
  app.merges = [...app.merges, names.slice()];
  rerunWithMerges();
}

function onUndoMerge(index) {
  app.merges = app.merges.filter((_, i) => i !== index);
  rerunWithMerges();
}

function onPick(role, letter) {
  const options = { ...app.options, [role]: letter };
  runAgain(options, true);
}

function readBytes(file) {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

/** Reads one or several chosen/dropped files; several are analysed together. */
function readFiles(fileList) {
  const files = Array.from(fileList || []);
  if (!files.length) return;
  app.fileNames = files.map((f) => f.name);
  app.fileName = app.fileNames.join(', ');
  setBusy(true);
  const size = makeFormat(getLang(), null).bytes(files.reduce((a, f) => a + f.size, 0));
  setStatus(files.length > 1 ? 'status.reading_many' : 'status.reading', { name: app.fileName, size, n: files.length });
  const run = ++app.run;
  Promise.all(files.map(readBytes)).then(
    (buffers) => {
      if (run !== app.run) return;
      runOpen(
        files.map((f, i) => ({ name: f.name, bytes: new Uint8Array(buffers[i]) })),
        false,
      );
    },
    () => {
      if (run !== app.run) return;
      setBusy(false);
      failWith(codedError('file_unreadable', 'file could not be read'), false);
    },
  );
}

async function openDemo() {
  const lang = getLang();
  const run = ++app.run;
  setBusy(true);
  setStatus('status.demo');
  const name = 'demo-' + lang + '.xlsx';
  try {
    let bytes;
    const inline = inlineBundle();
    if (inline) {
      const b64 = inline.demo && (inline.demo[lang] || inline.demo.ru || inline.demo.en);
      if (!b64) throw codedError('demo_unavailable', 'no inline demo');
      bytes = base64ToBytes(b64);
    } else {
      const response = await fetch('demo/' + name);
      if (!response.ok) throw codedError('demo_unavailable', 'HTTP ' + response.status);
      bytes = new Uint8Array(await response.arrayBuffer());
    }
    if (run !== app.run) return;
    await runOpen([{ name, bytes }], true);
  } catch (err) {
    if (run !== app.run || isQuiet(err)) return;
    app.fileName = name;
    app.fileNames = [name];
    setBusy(false);
    failWith(err && err.code ? err : codedError('demo_unavailable', String(err)), false);
  }
}

function cancel() {
  app.run++;
  engine.cancel();
  // The worker (and the file in it) is gone: its report and controls can no longer re-run.
  app.report = null;
  app.lastReport = null;
  app.error = null;
  app.keepUnderstood = false;
  renderAll();
  setBusy(false);
  setStatus('status.cancelled');
  $('file').focus();
}

function setupDropzone() {
  const zone = $('dropzone');
  const input = $('file');
  input.addEventListener('change', () => {
    if (input.files && input.files.length) readFiles(input.files);
    input.value = ''; // the same file can be chosen again
  });
  zone.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && (e.target === zone || e.target.tagName === 'LABEL')) {
      e.preventDefault();
      input.click();
    }
  });
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  zone.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    zone.classList.add('is-over');
  });
  zone.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) zone.classList.remove('is-over');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('is-over');
    const files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length) readFiles(files);
  });
  // A file dropped outside the card must not make the browser navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
}

function setupLanguage() {
  const select = $('lang');
  let lang = defaultLang(navigator.language);
  const fromUrl = /[?&]lang=(ru|en)\b/.exec(location.search || '');
  if (fromUrl) lang = fromUrl[1];
  setLang(lang);
  select.value = getLang();
  select.addEventListener('change', () => {
    if (!LANGUAGES.includes(select.value)) return;
    setLang(select.value);
    renderAll();
  });
}

function init() {
  setupLanguage();
  setupDropzone();
  $('demo').addEventListener('click', openDemo);
  $('cancel').addEventListener('click', cancel);
  $('print').addEventListener('click', () => window.print());
  renderAll();
  // Compile the engine while the user picks a file (own origin only; nothing remote).
  const warm = () => engine.compile().catch(() => {});
  if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 2000 });
  else setTimeout(warm, 300);
  document.body.classList.add('is-ready');
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
