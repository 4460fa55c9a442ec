// The page: open a file or several (input, drag and drop, demo) → progress → what was understood
// (with sheet/column pickers and switches that re-run at once) → what was done with the file(s)
// → the report, with duplicate suggestions the user may merge; the rules of the method (#rules)
// re-run the report from the same engine Session (no re-read) and live in the address.
// Language switch re-renders in place. Everything from the file is rendered as text (see render/dom.js).

import { Engine, inlineBundle, base64ToBytes, codedError, CANCELLED, SUPERSEDED } from './engine.js';
import { makeFormat, reportCurrency } from './format.js';
import { t, tp, setLang, getLang, defaultLang, LANGUAGES } from './i18n/index.js';
import { el, fill } from './render/dom.js';
import { renderSummary } from './render/summary.js';
import { renderParetoBlock, renderLorenzBlock } from './render/charts/pareto.js';
import { drawCharts, forgetDetachedCharts } from './render/charts.js';
import { renderFindings } from './render/findings.js';
import { renderKeyAccounts } from './render/keyaccounts.js';
import { renderManagers } from './render/managers.js';
import { renderClients, newClientsView, setClientsPrintAll } from './render/clients.js';
import { renderQuality } from './render/quality.js';
import { renderUnderstood } from './render/understood.js';
import { renderDecisions } from './render/decisions.js';
import { renderSuggestions, mergesToSend } from './render/suggestions.js';
import { renderError, clearError } from './render/errors.js';
import { renderRules, renderRulesLine, showRuleError } from './render/rules.js';
import { METHOD_FIELDS, changedMethod, methodForEngine, methodFromQuery, methodToQuery, parseCompare, parseMethodInput, sameMethod } from './method.js';
import { closeCompany, companyKeyOf, openCompany, marksForEngine, setMarksListener } from './marks.js';
import { isAnon, setAnon, setPseudonyms, realName, shownName } from './anon.js';
import { exportReport, saveFile, reportFileName } from './exports.js';
import { renderJudgment, resetMarksPanel } from './render/marks.js';
import { renderActions } from './render/actions.js';
import { renderScenario, renderScenarioBanner, renderNewBusiness, emptyScenario, scenarioForEngine, scenarioWith, scenarioWithout } from './render/scenario.js';
import { renderSupplier, supplierForEngine, supplierStore } from './render/supplier.js';
import { renderPeriodPanel, renderTimeUnavailable, renderDynamics, renderRhythm, renderXyz, renderComparison, periodPresets } from './render/time.js';
import { renderVerdict } from './render/verdict.js';
import { foldSection, revealTarget, setAllFolds } from './render/fold.js';
import { sectionSummary } from './render/outline.js';
import { renderPrintCover, renderPrintRules, setPrintFooter, todayIso } from './render/print.js';
import { openMeeting, meetingOpen } from './render/meeting.js';

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
  // The rules of the method: the settings the user set (engine units, `method` options), read
  // from the address at start-up and kept across files; what is being typed; the panel's state.
  method: {},
  rulesDrafts: {}, // field key → the text in its input, while it differs from what was applied
  rulesErrors: {}, // field key → [i18n key, params] of a value that is not sent
  rulesOpen: false,
  rulesTimer: null,
  rendering: false, // inside renderAll (controls are being replaced)
  // Time (issue 11): the data's full coverage {from, to, quarters} (the presets are computed from
  // it), the preset picked when the range alone does not say it, the periods view, input errors.
  full: null,
  periodPreset: null,
  periodError: null,
  compareError: null,
  timeView: { granularity: null },
  // Issue 12: the what-if scenario ({remove, cut}; not kept in the address, ended by a new file),
  // today's clients and key accounts (the picker's lists, from the last report without a scenario),
  // the supplier's conditions of this company (kept with the marks, see render/supplier.js).
  scenario: emptyScenario(),
  todayNames: [],
  todayKeys: [],
  supplier: [],
  companyKey: null,
  // Issue 13: which folded sections and finding groups the user opened (kept across re-runs and files).
  folds: new Map(),
  openGroups: new Set(),
  // Embedding options from the address (issue 13): ?demo=1 opens the demo, ?meeting=1 starts meeting
  // mode once a report is there, ?compact=1 drops the header and footer for an <iframe>.
  embed: { demo: false, meeting: false, compact: false },
};

/** The page's own options in the address (besides lang and the method's settings); "1"/"true"/"yes" mean on. */
function embedFromQuery(search) {
  let params;
  try {
    params = new URLSearchParams(search || '');
  } catch (_) {
    return { demo: false, meeting: false, compact: false, anon: false };
  }
  const on = (name) => ['1', 'true', 'yes', 'on'].includes(String(params.get(name) || '').toLowerCase());
  return { demo: on('demo'), meeting: on('meeting'), compact: on('compact'), anon: on('anon') };
}

/** The file's name as the page shows it: a neutral word while names are hidden (issue 13). */
function shownFile() {
  return isAnon() ? t('anon.file') : app.fileName;
}

/** The engine's `anonymize` option while names are hidden: pseudonyms in the page's language. */
function anonOption() {
  return isAnon() ? { anonymize: { lang: getLang() } } : {};
}

/** A what-if scenario (kept by real names) with the names the page shows. */
function shownScenario(s) {
  return { remove: s.remove.map(shownName), cut: s.cut.map((c) => ({ ...c, client: shownName(c.client) })) };
}

/** Re-run this long after the last keystroke in a rules field (a `change` re-runs at once). */
const RULES_DEBOUNCE_MS = 300;
/** A re-run of the rules shows the busy state only when it takes longer than this. */
const QUIET_BUSY_MS = 300;

function fmtFor(report) {
  return makeFormat(getLang(), reportCurrency(report), report && report.measure);
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

function onStage(stage, info) {
  const name = app.fileName;
  if (stage === 'compiling') setStatus('status.compiling');
  else if (stage === 'engine') {
    app.reading = { started: performance.now() };
    setStatus(app.fileNames.length > 1 ? 'status.reading_many' : 'status.reading', { name, size: app.sizeText || '', n: app.fileNames.length });
  } else if (stage === 'reading' && info) showReading(info);
  else if (stage === 'analyzing') {
    $('progress').removeAttribute('value'); // the analysis has no steps to count
    setStatus(app.options && Object.keys(app.options).length ? 'status.rerun' : 'status.analyzing', { name });
  }
}

/** Issue 14: rows read so far, rows per second, and the bar's share when the file declares its size. */
function showReading(info) {
  const rows = Number(info.rows) || 0;
  const started = (app.reading && app.reading.started) || performance.now();
  const seconds = (performance.now() - started) / 1000;
  const speed = seconds >= 0.05 && rows > 0 ? Math.round(rows / seconds) : 0;
  const fmt = makeFormat(getLang(), null);
  // The status is a live region: new words at most every 750 ms, so a screen reader is not flooded.
  const now = performance.now();
  const last = info.fraction === 1;
  if (!app.reading || !app.reading.said || now - app.reading.said >= 750 || last) {
    if (app.reading) app.reading.said = now;
    setStatus(speed ? 'status.reading_rows_speed' : 'status.reading_rows', { name: app.fileName, rows: fmt.int(rows), speed: fmt.int(speed) });
  }
  const bar = $('progress');
  bar.dataset.rows = String(rows);
  if (typeof info.fraction === 'number' && Number.isFinite(info.fraction)) {
    bar.max = 100;
    bar.value = Math.round(Math.min(1, Math.max(0, info.fraction)) * 100);
  }
}

// ---------- rendering ----------

function applyStaticTexts() {
  document.documentElement.lang = getLang();
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.getAttribute('data-i18n'));
  document.title = t('app.title') + (app.report && app.fileName ? ' — ' + shownFile() : '');
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
  const meta = [app.fileNames.length > 1 && !isAnon() ? t('report.files', { names: app.fileName }) : t('report.file', { name: shownFile() })];
  if (src.date_from && src.date_to) meta.push(t('report.period', { from: fmt.date(src.date_from), to: fmt.date(src.date_to) }));
  const range = report.range;
  if (range && (range.from || range.to)) {
    const key = range.from && range.to ? 'report.range' : range.from ? 'report.range_from' : 'report.range_to';
    meta.push(t(key, { from: range.from ? fmt.date(range.from) : '', to: range.to ? fmt.date(range.to) : '' }));
  }
  if (report.as_of) meta.push(t('report.as_of', { date: fmt.date(report.as_of) }));
  if (report.measure && report.measure !== 'revenue') meta.push(t('report.measure', { measure: t('measure.' + report.measure) }));
  const currency = reportCurrency(report);
  if (report.measure !== 'quantity') meta.push(currency ? t('report.currency', { currency }) : t('report.no_currency'));
  fill($('report-meta'), meta.map((m) => el('span', { class: 'meta-item', text: m })));
  $('demo-badge').hidden = !app.isDemo;

  fill($('report-body'), ...reportBody(report, fmt));
  section.hidden = false;
  drawCharts($('report-body'));
  updateFoldAll();
  setPrintFooter(report, fmt, shownFile(), todayIso());
  document.body.classList.toggle('is-anon', isAnon());
}

/** The report's sections, built but not yet in the page. */
function reportBody(report, fmt) {
  const fold = (id, section) => foldSection(section, { id, open: app.folds.get(id) === true, summary: sectionSummary(id, report, fmt, app) }, onFoldToggle);
  const [managersBlock, departmentsBlock] = renderManagers(report, fmt);
  return [
    // Issue 13: the first screen is the verdict, the cards, the Pareto chart and the action list.
    renderPrintCover(report, fmt, shownFile()),
    renderScenarioBanner(report, fmt, { onEnd: onScenarioEnd }),
    renderVerdict(report, fmt),
    // The cards beside the Pareto chart on a wide screen, one above the other on a phone.
    el('div', { class: 'overview' }, renderSummary(report, fmt), renderParetoBlock(report, fmt)),
    report.concentration ? null : el('p', { class: 'callout', text: t('report.empty') }),
    renderPeriodPanel(
      report,
      fmt,
      { full: app.full, range: { from: app.method.from || null, to: app.method.to || null }, preset: app.periodPreset, error: app.periodError },
      { onPreset, onRange, onMeasure },
    ),
    renderRulesLine(report, fmt, engine.defaults),
    renderActions(report, fmt),
    renderFindings(report, fmt, { openGroups: app.openGroups }, onGroupToggle),
    renderFoldTools(),
    // The scenario and the merges are kept by real names; the page shows pseudonyms while names are hidden.
    fold('scenario', renderScenario(report, fmt, { scenario: shownScenario(app.scenario), names: app.todayNames.map(shownName), keys: app.todayKeys.map(shownName) }, { onAdd: onScenarioAdd, onDrop: onScenarioDrop, onEnd: onScenarioEnd, onInvalid: rerenderReport })),
    fold('new-business', renderNewBusiness(report, fmt, rerenderReport)),
    fold('supplier', renderSupplier(report, fmt, app.supplier, { onAdd: onSupplierAdd, onRemove: onSupplierRemove, onInvalid: rerenderReport })),
    fold('suggestions', renderSuggestions(report, fmt, app.merges.map((list) => list.map(shownName)), { onMerge, onUndoMerge })),
    fold('key-accounts', renderKeyAccounts(report, fmt)),
    fold('judgment', renderJudgment(report, fmt)),
    renderTimeUnavailable(report),
    fold('rhythm', renderRhythm(report, fmt)),
    fold('dynamics', renderDynamics(report, fmt, app.timeView, onGranularity)),
    fold('comparison', renderComparison(report, fmt, { compare: app.method.compare || null, error: app.compareError }, { onCompare })),
    fold('xyz', renderXyz(report, fmt)),
    fold('managers', managersBlock),
    fold('departments', departmentsBlock),
    fold('clients', withLead(renderClients(report, fmt, app.clientsView), renderLorenzBlock(report, fmt))),
    renderPrintRules(report, fmt, engine.defaults),
    fold('quality', renderQuality(report, fmt)),
  ];
}

/**
 * Builds the demo's report once, off the page, while the user picks a file: the renderers' code is
 * then optimised and the number formats made before the first real report (a 10,000-row file's
 * rendering: about half). Nothing of it is kept.
 */
function warmRenderers(report) {
  if (app.run || app.report) return;
  try {
    for (const node of reportBody(report, fmtFor(report))) drawCharts(node, true);
  } catch (_) {
    // a warm-up only: the real report shows its own errors
  }
  forgetDetachedCharts();
}

// ---------- folded sections (issue 13) ----------

/** `section` with `lead` right under its heading (a chart that introduces the section's table). */
function withLead(section, lead) {
  const h2 = section && lead ? section.querySelector(':scope > h2') : null;
  if (h2) h2.after(lead);
  return section;
}

function onFoldToggle(id, open) {
  app.folds.set(id, open);
  updateFoldAll();
}

function onGroupToggle(id, open) {
  if (open) app.openGroups.add(id);
  else app.openGroups.delete(id);
}

/** "Open every section" / "Close every section" under the findings. */
function renderFoldTools() {
  const button = el('button', { type: 'button', id: 'fold-all', class: 'button button-small', 'aria-pressed': 'false' });
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-pressed') !== 'true';
    setAllFolds(document, open, onFoldToggle);
  });
  return el('div', { class: 'fold-tools no-print' }, el('p', { class: 'muted small', text: t('fold.intro') }), button);
}

/** The fold-all button says what it will do next. */
function updateFoldAll() {
  const button = $('fold-all');
  if (!button) return;
  const sections = [...document.querySelectorAll('[data-fold]')];
  const allOpen = sections.length > 0 && sections.every((s) => s.dataset.open === 'true');
  button.setAttribute('aria-pressed', allOpen ? 'true' : 'false');
  button.textContent = t(allOpen ? 'fold.close_all' : 'fold.open_all');
}

/** A link into a closed section or finding group (an action's "why", the verdict) opens it first. */
function setupInPageLinks() {
  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[href^="#"]') : null;
    if (!a) return;
    const target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    if (!target) return;
    reveal(target);
  });
  // An address with #finding-3 (typed, or back/forward) opens what holds it too.
  window.addEventListener('hashchange', () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (!target) return;
    reveal(target);
    target.scrollIntoView({ block: 'start' });
    if (target.tabIndex >= 0 || target.hasAttribute('tabindex')) target.focus({ preventScroll: true });
  });
}

function reveal(target) {
  revealTarget(target, onFoldToggle);
  const group = target.closest('li.finding-group details');
  if (group) app.openGroups.add(group.id);
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
  const fmt = fmtFor(report);
  renderUnderstood(section, report, fmt, { onSheet, onColumn, onSwitch, onChoice }, app.goodOptions || {});
  renderDecisions(decisions, report, fmt, { onKeepStatuses });
  // Issue 13: folded under one line each; a column choice and a disagreeing file total stay in sight.
  foldSection(section, { id: 'understood', open: app.folds.get('understood') === true, summary: sectionSummary('understood', report, fmt, app), keep: '#choices' }, onFoldToggle);
  foldSection(decisions, { id: 'decisions', open: app.folds.get('decisions') === true, summary: sectionSummary('decisions', report, fmt, app), keep: '#file-total, #file-total-explained' }, onFoldToggle);
}

function renderRulesSection() {
  const section = $('rules');
  const report = app.report || (app.keepUnderstood ? app.lastReport : null);
  if (!report || !report.rules) {
    section.hidden = true;
    return;
  }
  renderRules(
    section,
    report,
    fmtFor(report),
    { method: app.method, defaults: engine.defaults, drafts: app.rulesDrafts, errors: app.rulesErrors, open: app.rulesOpen },
    { onInput: onRuleInput, onCommit: onRuleCommit, onBlur: onRuleBlur, onReset: onRulesReset, onToggle: (open) => (app.rulesOpen = open) },
  );
}

function renderErrorBox() {
  if (!app.error) {
    clearError($('error'));
    return;
  }
  renderError($('error'), app.error, makeFormat(getLang(), null), onPick);
}

/**
 * Runs `render`, which may replace controls, and gives focus back to the control that had it
 * (by id) — with the caret where it was, so typing in a rules field goes on across a re-run.
 */
function keepFocus(render) {
  app.rendering = true;
  try {
    keepFocusWhile(render);
  } finally {
    app.rendering = false;
  }
}

function keepFocusWhile(render) {
  const active = document.activeElement;
  const activeId = active && active !== document.body ? active.id : '';
  let selection = null;
  try {
    // Only text-like inputs have a selection (a date input's is null; some types throw).
    if (active && typeof active.selectionStart === 'number') selection = [active.selectionStart, active.selectionEnd, active.selectionDirection, active.value];
  } catch (_) {
    selection = null;
  }
  render();
  if (activeId && document.activeElement !== active) {
    const again = document.getElementById(activeId);
    if (again && !again.hidden) {
      again.focus({ preventScroll: true });
      if (selection && again.value === selection[3] && typeof again.setSelectionRange === 'function') {
        try {
          again.setSelectionRange(selection[0], selection[1], selection[2] || 'none');
        } catch (_) {
          // not a text field after all
        }
      }
    }
  }
}

function renderAll() {
  keepFocus(() => {
    applyStaticTexts();
    renderErrorBox();
    renderUnderstoodSection();
    renderRulesSection();
    renderReport();
  });
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
  app.full = null;
  app.periodPreset = null;
  app.periodError = null;
  app.compareError = null;
  app.timeView = { granularity: null };
  app.scenario = emptyScenario();
  app.todayNames = [];
  app.todayKeys = [];
  app.supplier = [];
  app.companyKey = null;
  app.goodScenario = null;
  app.goodSupplier = null;
  // The rules stay (they are the user's, not the file's); half-typed values do not.
  clearRuleDrafts();
  // Marks belong to a company, known from this file's first report: none are sent before it.
  closeCompany();
  resetMarksPanel();
  // The previous report belonged to the previous worker, which is about to end.
  app.report = null;
  app.error = null;
  renderAll();
  setBusy(true);
  const started = performance.now();
  try {
    const report = await engine.open(files, { method: methodToSend(), ...anonOption() }, onStage);
    if (run !== app.run) return;
    const rendering = performance.now();
    if (isAnon()) setPseudonyms(engine.pseudonyms);
    // issue 12: the stored marks of this company (by its client names), applied by one quiet re-run.
    const marked = openCompany((report.clients || []).map((c) => realName(c.name)));
    succeed(report, true);
    measure('open', started, rendering);
    if (marked && marksForEngine(engine.defaults).marks) runAgain(rulesRunOptions(), false, true);
  } catch (err) {
    if (run !== app.run || isQuiet(err)) return;
    // A measure carried over from the previous file that this one lacks: analyse by revenue.
    if (err && err.code === 'bad_options' && err.details && err.details.option === 'measure' && app.method.measure && engine.hasFile()) {
      const { measure, ...rest } = app.method;
      app.method = rest;
      writeMethodToUrl();
      setBusy(false);
      runAgain({}, true, false);
      return;
    }
    failWith(err, false);
  } finally {
    if (run === app.run) setBusy(false);
    showEngineStats();
  }
}

/**
 * Re-runs the loaded file(s) with `options` (and the current rules). `quiet`: a re-run of the rules,
 * which is usually faster than a frame or two — show the busy state only if it takes longer.
 */
async function runAgain(options, focusReport, quiet) {
  const run = ++app.run;
  app.options = options;
  let busyTimer = null;
  const busy = () => {
    if (run !== app.run) return;
    setBusy(true);
    setStatus('status.rerun');
  };
  if (quiet) busyTimer = setTimeout(busy, QUIET_BUSY_MS);
  else busy();
  const started = performance.now();
  try {
    // A quiet run says nothing while it runs: no "reading the file…" for a re-run that reads nothing.
    const report = await engine.rerun({ ...options, method: methodToSend(), ...anonOption() }, quiet ? null : onStage);
    if (run !== app.run) return;
    const rendering = performance.now();
    if (isAnon()) setPseudonyms(engine.pseudonyms);
    succeed(report, focusReport);
    measure('rerun', started, rendering);
  } catch (err) {
    if (run !== app.run || isQuiet(err)) return;
    failWith(err, true);
  } finally {
    clearTimeout(busyTimer);
    if (run === app.run) setBusy(false);
    showEngineStats();
  }
}

/**
 * User Timing entries for the benchmark (scripts/bench-rerun) and DevTools: `keyaccounts:<what>` from
 * the request to the report rendered on this thread, `…-render` the rendering alone, `…-engine` the
 * worker's own time (read + analysis). Only the latest of each is kept.
 */
function measure(what, started, rendering) {
  try {
    const name = 'keyaccounts:' + what;
    const end = performance.now();
    const put = (n, options) => {
      performance.clearMeasures(n);
      performance.measure(n, options);
    };
    put(name, { start: started, end });
    put(name + '-render', { start: rendering, end });
    const timing = engine.timing;
    if (timing && typeof timing.analyzeMs === 'number') put(name + '-engine', { start: started, duration: timing.analyzeMs + (timing.openMs || 0) });
  } catch (_) {
    // User Timing Level 3 is missing: nothing to record.
  }
}

/** The test hook: the engine Session's counters after each run, on <html data-engine-stats>. */
function showEngineStats() {
  const root = document.documentElement;
  if (engine.stats) root.dataset.engineStats = JSON.stringify(engine.stats);
  else delete root.dataset.engineStats;
}

/** The data's full coverage, for the presets: the run without a range, else the file's sale dates. */
function rememberCoverage(report) {
  const time = report.time;
  const src = report.source || {};
  if (time && !report.range && time.coverage) app.full = { from: time.coverage.from, to: time.coverage.to };
  else if (!app.full && src.date_from && src.date_to) app.full = { from: src.date_from, to: src.date_to };
  else if (!time && !report.range) app.full = null;
  if (app.full) app.full.quarters = quartersBetween(app.full.from, app.full.to);
}

/** Calendar quarters overlapping from..to, oldest first: [{period: '2024-Q1', from, to}]. */
function quartersBetween(from, to) {
  const out = [];
  if (!from || !to) return out;
  let y = Number(from.slice(0, 4));
  let q = Math.floor((Number(from.slice(5, 7)) - 1) / 3);
  const endY = Number(to.slice(0, 4));
  const endQ = Math.floor((Number(to.slice(5, 7)) - 1) / 3);
  const p2 = (n) => String(n).padStart(2, '0');
  while ((y < endY || (y === endY && q <= endQ)) && out.length < 400) {
    const lastDay = new Date(Date.UTC(y, q * 3 + 3, 0)).getUTCDate();
    out.push({ period: y + '-Q' + (q + 1), from: y + '-' + p2(q * 3 + 1) + '-01', to: y + '-' + p2(q * 3 + 3) + '-' + p2(lastDay) });
    q++;
    if (q > 3) {
      q = 0;
      y++;
    }
  }
  return out;
}

function succeed(report, focusReport) {
  rememberCoverage(report);
  const loadSupplier = rememberToday(report);
  app.report = report;
  app.lastReport = report;
  app.goodOptions = app.options;
  app.goodMerges = app.merges;
  app.goodScenario = app.scenario;
  app.goodSupplier = app.supplier;
  app.error = null;
  app.keepUnderstood = false;
  if (engine.version) $('engine-version').textContent = t('footer.engine', { version: engine.version });
  renderAll();
  if (app.embed.meeting && !meetingOpen()) {
    // Once: the presenter starts where the link says; closing it leaves the report.
    app.embed.meeting = false;
    startMeeting();
  }
  setStatus('status.done', () => {
    const fmt = fmtFor(report);
    return { name: shownFile(), clients: tp('n.clients', (report.clients || []).length, fmt), total: fmt.money(report.total) };
  });
  document.title = t('app.title') + ' — ' + shownFile();
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
  // The supplier conditions stored for this company go with the next (quiet) run.
  if (loadSupplier) runAgain(rulesRunOptions(), false, true);
}

function failWith(err, isRerun) {
  const code = err && typeof err.code === 'string' && err.code ? err.code : 'internal';
  app.error = { code, message: err && err.message, details: (err && err.details) || null };
  app.focusAfterRun = null;
  // The merges shown stay those of the last good report.
  if (isRerun && app.goodMerges) app.merges = app.goodMerges;
  // …and so do the scenario and the supplier's conditions (the panels are gone with the report).
  if (isRerun) {
    app.scenario = app.goodScenario || emptyScenario();
    app.supplier = app.goodSupplier || [];
    supplierStore.set(app.companyKey, app.supplier);
  }
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
  for (const key of ['keepCancelled', 'groupByParent', 'keepStatuses']) if (good[key] !== undefined) kept[key] = good[key];
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

/**
 * A runner-up of the choice line (#choices) clicked: the same column override as the pickers; the
 * line then offers the column it replaced, and keyboard focus goes to that offer.
 */
function onChoice(role, letter) {
  app.focusAfterRun = 'choices';
  onColumn(role, letter);
}

/** A switch (#keep-cancelled → keepCancelled, #group-by-parent → groupByParent) re-runs at once. */
function onSwitch(key, value) {
  const options = { ...(app.goodOptions || {}), ...keptOptions(), [key]: value };
  // The switch over every status replaces the choices made one status at a time.
  if (key === 'keepCancelled') delete options.keepStatuses;
  runAgain(options, false);
}

/** One status line's switch: the statuses kept now, as written (the others left out). */
function onKeepStatuses(statuses) {
  const options = { ...(app.goodOptions || {}), ...keptOptions(), keepCancelled: false, keepStatuses: statuses };
  if (!statuses.length) delete options.keepStatuses;
  runAgain(options, false);
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
  app.merges = [...app.merges, names.map(realName)];
  rerunWithMerges();
}

function onUndoMerge(index) {
  app.merges = app.merges.filter((_, i) => i !== index);
  rerunWithMerges();
}

// ---------- the rules of the method ----------

/** The engine's `method` options: what the user set (the engine fills in its defaults). */
function methodToSend() {
  const out = { ...methodForEngine(app.method), ...marksForEngine(engine.defaults) };
  const scenario = scenarioForEngine(app.scenario);
  if (scenario) out.scenario = scenario;
  const supplier = supplierForEngine(app.supplier);
  if (supplier) out.supplier = supplier;
  return out;
}

/** issue 12: a mark changed → re-run from the same Session; a dossier is only kept (no re-run). */
function onMarksChanged(what) {
  if (what === 'marks' && engine.hasFile() && (app.report || app.lastReport)) runAgain(rulesRunOptions(), false, true);
  else if (what !== 'dossier') keepFocus(renderReport);
}

// ---------- issue 12: what if a client leaves, the supplier's conditions ----------

/**
 * Today's clients and key accounts (a report without a scenario), for the scenario's picker. The
 * first report of a file names the company: returns true when it has stored supplier conditions
 * that the engine has not seen yet (the caller re-runs with them).
 */
function rememberToday(report) {
  if (report.scenario) return false;
  app.todayNames = (report.clients || []).map((c) => realName(c.name));
  app.todayKeys = (report.key_accounts || []).filter((k) => k.scope === 'company' && k.basis !== 'judgment').map((k) => realName(k.client));
  if (app.companyKey) return false;
  app.companyKey = companyKeyOf(app.todayNames);
  const stored = supplierStore.get(app.companyKey);
  if (!stored.length || app.supplier.length) return false;
  app.supplier = stored;
  return true;
}

/** Re-renders the report alone (a picker, a message), focus kept. */
function rerenderReport() {
  keepFocus(renderReport);
}

function runScenario(scenario, focusId) {
  app.scenario = scenario;
  app.focusAfterRun = focusId;
  if (engine.hasFile()) runAgain(rulesRunOptions(), false, true);
}

function onScenarioAdd(client, by) {
  runScenario(scenarioWith(app.scenario, realName(client), by), 'scenario-banner');
}

function onScenarioDrop(client) {
  const next = scenarioWithout(app.scenario, realName(client));
  runScenario(next, next.remove.length || next.cut.length ? 'scenario-banner' : 'scenario');
}

function onScenarioEnd() {
  runScenario(emptyScenario(), 'scenario');
}

function saveSupplier(list, focusId) {
  app.supplier = list;
  supplierStore.set(app.companyKey, list);
  app.focusAfterRun = focusId;
  if (engine.hasFile()) runAgain(rulesRunOptions(), false, true);
}

function onSupplierAdd(condition) {
  saveSupplier([...app.supplier, condition], 'supplier');
}

function onSupplierRemove(index) {
  saveSupplier(app.supplier.filter((_, i) => i !== index), 'supplier');
}

// ---------- time: the period analysed, the measure, the comparison, the periods view ----------

/** Sets some `method` settings (null = back to the method's) and re-runs from the same Session. */
function updateMethod(patch) {
  const next = { ...app.method };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined) delete next[k];
    else next[k] = v;
  }
  const method = changedMethod(next, engine.defaults);
  if (sameMethod(method, app.method)) {
    renderAll();
    return;
  }
  app.method = method;
  writeMethodToUrl();
  if (engine.hasFile()) runAgain(rulesRunOptions(), false, true);
  else renderAll();
}

function onRange(from, to, preset) {
  if (from && to && from > to) {
    app.periodError = 'period.err';
    renderAll();
    return;
  }
  app.periodError = null;
  app.periodPreset = preset || null;
  updateMethod({ from, to });
}

function onPreset(value) {
  const presets = periodPresets(app.full);
  const quarters = (app.full && app.full.quarters) || [];
  if (value === 'custom') {
    app.periodPreset = 'custom';
    renderAll();
    return;
  }
  if (value === 'quarter' || value.startsWith('quarter:')) {
    const id = value.slice('quarter:'.length);
    const q = quarters.find((x) => x.period === id) || quarters[quarters.length - 1];
    if (q) onRange(q.from, q.to, 'quarter:' + q.period);
    return;
  }
  const p = presets && presets[value];
  if (p) onRange(p.from, p.to, value);
  else if (value === 'all') onRange(null, null, 'all');
}

function onMeasure(measure) {
  updateMethod({ measure: measure === 'revenue' ? null : measure });
}

/** `text`: "F..T,F..T" from the comparison's pickers, or null for this year against last. */
function onCompare(text) {
  if (text !== null && !parseCompare(text)) {
    app.compareError = 'cmp.err';
    renderAll();
    return;
  }
  app.compareError = null;
  updateMethod({ compare: text });
}

function onGranularity(granularity) {
  app.timeView.granularity = granularity;
  keepFocus(renderReport);
}

function clearRuleDrafts() {
  clearTimeout(app.rulesTimer);
  app.rulesTimer = null;
  app.rulesDrafts = {};
  app.rulesErrors = {};
}

/** The options a re-run of the rules goes with: those of the run on screen (or under way). */
function rulesRunOptions() {
  if (app.error) return { ...(app.goodOptions || {}), ...keptOptions() };
  return { ...(app.options || {}) };
}

/**
 * The settings in the address (`?key=15&dep=…`, see method.js), so that a link carries them and a
 * reload keeps them. replaceState throws in a sandboxed (opaque-origin) iframe and may on file://:
 * then the settings simply stay in memory.
 */
function writeMethodToUrl() {
  try {
    const search = methodToQuery(location.search, app.method, engine.defaults);
    if (search === location.search) return;
    history.replaceState(history.state, '', location.pathname + search + location.hash);
  } catch (_) {
    // not allowed here: keep going without it
  }
}

/** Applies every valid draft; re-runs when the settings changed. Invalid drafts keep their message. */
function commitRules() {
  clearTimeout(app.rulesTimer);
  app.rulesTimer = null;
  const next = { ...app.method };
  for (const field of METHOD_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(app.rulesDrafts, field.key)) continue;
    const parsed = parseMethodInput(field, app.rulesDrafts[field.key]);
    if (parsed.error) {
      app.rulesErrors[field.key] = parsed.error;
    } else {
      delete app.rulesErrors[field.key];
      if (parsed.value === null) delete next[field.key];
      else next[field.key] = parsed.value;
    }
    showRuleError(field, app.rulesErrors[field.key] || null);
  }
  // Only what differs from the method's defaults is kept: the address stays short, "changed" means changed.
  const method = changedMethod(next, engine.defaults);
  if (sameMethod(method, app.method)) return;
  app.method = method;
  writeMethodToUrl();
  if (engine.hasFile()) runAgain(rulesRunOptions(), false, true);
}

function onRuleInput(field, raw) {
  app.rulesDrafts[field.key] = raw;
  const parsed = parseMethodInput(field, raw);
  // A valid value clears the message at once; an invalid one is said when the typing pauses.
  if (!parsed.error) {
    delete app.rulesErrors[field.key];
    showRuleError(field, null);
  }
  clearTimeout(app.rulesTimer);
  app.rulesTimer = setTimeout(commitRules, RULES_DEBOUNCE_MS);
}

function onRuleCommit(field, raw) {
  app.rulesDrafts[field.key] = raw;
  commitRules();
}

/** Leaving a field: a valid value is shown as the engine applied it from now on. */
function onRuleBlur(field) {
  // A re-render removes the focused input (some browsers then fire blur): that is not the user leaving it.
  if (app.rendering) return;
  if (app.rulesTimer) commitRules();
  if (Object.prototype.hasOwnProperty.call(app.rulesDrafts, field.key) && !app.rulesErrors[field.key]) delete app.rulesDrafts[field.key];
}

/** Settings that are not rules of the method: the period, the measure and the comparison outlive a reset. */
const NOT_RULES = ['from', 'to', 'measure', 'compare'];

function onRulesReset() {
  clearRuleDrafts();
  const kept = {};
  for (const k of NOT_RULES) if (app.method[k] !== undefined) kept[k] = app.method[k];
  const had = Object.keys(app.method).length > Object.keys(kept).length;
  app.method = kept;
  writeMethodToUrl();
  if (had && engine.hasFile()) runAgain(rulesRunOptions(), false, true);
  else renderAll(); // nothing to re-run, but half-typed values and their messages go
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

/** The built-in demo workbook's bytes: inline in the single file, else from the page's own demo/ folder. */
async function demoBytes(lang) {
  const inline = inlineBundle();
  if (inline) {
    const b64 = inline.demo && (inline.demo[lang] || inline.demo.ru || inline.demo.en);
    if (!b64) throw codedError('demo_unavailable', 'no inline demo');
    return base64ToBytes(b64);
  }
  const response = await fetch('demo/demo-' + lang + '.xlsx');
  if (!response.ok) throw codedError('demo_unavailable', 'HTTP ' + response.status);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * While the user picks a file: compile the engine, then run it once on the demo in a throwaway worker
 * (Engine.warmUp) so the first real file meets optimised code, then builds that report off the page
 * (warmRenderers) for the same reason. Skipped once a file is opening; marked
 * `keyaccounts:warm` (User Timing) and <html data-engine-warm> when done, for the benchmark.
 */
async function warmEngine() {
  await engine.compile();
  if (app.run || app.embed.demo) return;
  const bytes = await demoBytes(getLang());
  if (app.run) return;
  const report = await engine.warmUp(bytes);
  if (report) {
    warmRenderers(report);
    document.documentElement.dataset.engineWarm = 'true';
    try {
      performance.mark('keyaccounts:warm');
    } catch (_) {
      // no User Timing: nothing to record
    }
  }
}

async function openDemo() {
  const lang = getLang();
  const run = ++app.run;
  setBusy(true);
  setStatus('status.demo');
  const name = 'demo-' + lang + '.xlsx';
  try {
    const bytes = await demoBytes(lang);
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
    // Pseudonyms are words of the language ("Клиент 3" / "Client 3"): ask the engine again.
    if (isAnon() && engine.hasFile() && app.report) runAgain(app.options, false, true);
  });
}

function init() {
  setupLanguage();
  // Settings from a link (invalid ones are ignored: the method's defaults stay).
  app.method = methodFromQuery(location.search);
  app.rulesOpen = Object.keys(app.method).some((k) => !NOT_RULES.includes(k));
  setupDropzone();
  setMarksListener(onMarksChanged);
  setupInPageLinks();
  $('demo').addEventListener('click', openDemo);
  $('cancel').addEventListener('click', cancel);
  $('print').addEventListener('click', () => window.print());
  $('meeting-open').addEventListener('click', () => startMeeting());
  app.embed = embedFromQuery(location.search);
  document.body.classList.toggle('is-compact', app.embed.compact);
  setAnon(app.embed.anon);
  $('anon').checked = app.embed.anon;
  $('anon').addEventListener('change', () => onAnon($('anon').checked));
  setupExportMenu();
  // On screen the clients table shows a page of rows; on paper every client.
  window.addEventListener('beforeprint', () => setClientsPrintAll(true));
  window.addEventListener('afterprint', () => setClientsPrintAll(false));
  renderAll();
  // Compile and warm the engine while the user picks a file (own origin only; nothing remote).
  const warm = () => warmEngine().catch(() => {});
  if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 2000 });
  else setTimeout(warm, 300);
  document.body.classList.add('is-ready');
  if (app.embed.demo) openDemo();
}

// ---------- issue 13: hide the names, exports ----------

/** Names hidden or shown: the same Session answers again (no re-read); the address keeps `anon=1`. */
function onAnon(on) {
  setAnon(on);
  $('anon').checked = isAnon();
  try {
    const params = new URLSearchParams(location.search);
    if (isAnon()) params.set('anon', '1');
    else params.delete('anon');
    const search = params.toString() ? '?' + params.toString() : '';
    if (search !== location.search) history.replaceState(history.state, '', location.pathname + search + location.hash);
  } catch (_) {
    // a sandboxed frame: the switch works, the address does not keep it
  }
  setExportStatus(null);
  if (engine.hasFile() && (app.report || app.lastReport)) runAgain(app.options, false, false);
  else renderAll();
}

const EXPORT_KINDS = ['xlsx', 'csv', 'text', 'json'];
let exportRun = 0;

/** The "Download" menu: a choice closes it (focus back on its button), so do Esc and a click elsewhere. */
function setupExportMenu() {
  const menu = $('export-menu');
  const close = (focus) => {
    if (!menu.open) return;
    menu.open = false;
    if (focus) menu.querySelector('summary').focus();
  };
  for (const kind of EXPORT_KINDS) {
    $('export-' + kind).addEventListener('click', () => {
      close(true);
      onExport(kind);
    });
  }
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    }
  });
  document.addEventListener('click', (event) => {
    if (!menu.contains(event.target)) close(false);
  });
}

/** The export line under the buttons: working, done (with a link to save again) or failed. */
function setExportStatus(state) {
  const box = $('export-status');
  if (!state) {
    fill(box);
    return;
  }
  if (state.kind === 'working') fill(box, t('export.working', { name: state.name }));
  else if (state.kind === 'failed') fill(box, el('span', { class: 'export-failed', text: t('export.failed', { name: state.name, message: errorText(state.error) }) }));
  else {
    fill(
      box,
      t('export.done', { name: state.name, size: makeFormat(getLang(), null).bytes(state.size) }),
      ' ',
      el('a', { href: state.url, download: state.name, id: 'export-again', text: t('export.again') }),
    );
  }
}

function errorText(err) {
  const code = err && typeof err.code === 'string' ? err.code : 'internal';
  const key = 'err.' + code + '.title';
  const text = t(key);
  return text === key ? code : text;
}

/** Makes the export of the report on screen (as shown: anonymised or not) and saves it. */
async function onExport(kind) {
  const report = app.report;
  if (!report) return;
  const run = ++exportRun;
  const name = reportFileName(kind, isAnon() ? '' : app.fileNames.length === 1 ? app.fileNames[0] : '', report.as_of);
  setExportStatus({ kind: 'working', name });
  try {
    const blob = await exportReport(kind, report, getLang(), engine.base);
    if (run !== exportRun) return;
    const url = saveFile(blob, name);
    setExportStatus({ kind: 'done', name, size: blob.size, url });
  } catch (err) {
    if (run !== exportRun) return;
    setExportStatus({ kind: 'failed', name, error: err });
  }
}

function startMeeting() {
  if (!app.report) return;
  openMeeting(app.report, fmtFor(app.report), { fileName: shownFile(), opener: $('meeting-open') });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
