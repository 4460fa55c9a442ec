// Time (issue 11): the period analysed and the measure (#period, controls that re-run from the
// same Session), the periods view (#dynamics: months / quarters / years), the client rhythm
// (#rhythm: overdue and lost key accounts with the method's script), the ABC×XYZ matrix (#xyz),
// the comparison of two periods (#comparison) and, without dates, one message why (#time-unavailable).
// Everything from the file (client names) is rendered as text.

import { el, moneyCell, tableWrap } from './dom.js';
import { t, tp, clip } from '../i18n/index.js';
import { companyKeyAccounts, rulesOf } from './summary.js';
import { ruleNumber } from './rules.js';
import { isIsoDate, MEASURES, parseCompare } from '../method.js';
import { timeChart } from './charts/time.js';
import { abcXyzChart } from './charts/abcxyz.js';

// ---------- dates ----------

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
const parse = (s) => new Date(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))));

/** The day after "the same day `months` earlier": 2024-12-31, 12 → 2024-01-01. */
function monthsBack(to, months) {
  const d = parse(to);
  const back = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1));
  // The same day of that month, clamped to its length (31 March − 1 month = 28/29 February).
  const last = new Date(Date.UTC(back.getUTCFullYear(), back.getUTCMonth() + 1, 0)).getUTCDate();
  back.setUTCDate(Math.min(d.getUTCDate(), last));
  back.setUTCDate(back.getUTCDate() + 1);
  return iso(back);
}

/**
 * The presets' ranges from the data's full coverage {from, to} (the run without a range):
 * {all, last12, this_year, last_year} → {from, to} (null = open end), plus each quarter.
 */
export function periodPresets(full) {
  if (!full || !full.to) return null;
  const year = Number(full.to.slice(0, 4));
  return {
    all: { from: null, to: null },
    last12: { from: monthsBack(full.to, 12), to: null },
    this_year: { from: year + '-01-01', to: null, year },
    last_year: { from: year - 1 + '-01-01', to: year - 1 + '-12-31', year: year - 1 },
  };
}

function sameRange(a, b) {
  return (a.from || null) === (b.from || null) && (a.to || null) === (b.to || null);
}

/** Which preset the range {from, to} is (or a quarter's id, or 'custom'). */
export function presetOf(range, full) {
  const presets = periodPresets(full);
  if (!presets) return range.from || range.to ? 'custom' : 'all';
  for (const key of ['all', 'last12', 'this_year', 'last_year']) if (sameRange(range, presets[key])) return key;
  const q = (full.quarters || []).find((x) => sameRange(range, x));
  return q ? 'quarter:' + q.period : 'custom';
}

function quarterLabel(period, fmt) {
  const m = /^(\d{4})-Q(\d)$/.exec(period);
  return m ? t('period.q', { q: m[2], year: m[1] }) : period;
}

// ---------- the period analysed and the measure ----------

/**
 * #period: presets, a quarter, from–to dates and the measure. `state`: {full, range, measure,
 * preset, error}; `handlers`: {onRange(from, to, preset), onPreset(preset), onMeasure(m)}.
 */
export function renderPeriodPanel(report, fmt, state, handlers) {
  const time = report.time;
  const full = state.full;
  const measures = Array.isArray(report.measures) ? report.measures.filter((m) => MEASURES.includes(m)) : ['revenue'];
  if (!time && !report.range && measures.length < 2) return null;

  const children = [];
  if (time || report.range) {
    const presets = periodPresets(full);
    // The preset the user picked, while the range is still its range (two presets can share one).
    const picked = state.preset;
    const pickedRange = picked && presets && presets[picked];
    const current = picked === 'custom' || (picked && picked.startsWith('quarter:')) || (pickedRange && sameRange(state.range, pickedRange)) ? picked : presetOf(state.range, full);
    const preset = el('select', { id: 'period-preset', class: 'period-select' });
    const option = (value, text) => el('option', { value, text });
    preset.append(option('all', t('period.preset.all')));
    if (presets) {
      preset.append(option('last12', t('period.preset.last12')));
      preset.append(option('this_year', t('period.preset.this_year', { year: presets.this_year.year })));
      preset.append(option('last_year', t('period.preset.last_year', { year: presets.last_year.year })));
    }
    const quarters = (full && full.quarters) || [];
    if (quarters.length) preset.append(option('quarter', t('period.preset.quarter')));
    preset.append(option('custom', t('period.preset.custom')));
    preset.value = current.startsWith('quarter') ? 'quarter' : current;
    preset.addEventListener('change', () => handlers.onPreset(preset.value));

    const fields = [el('div', { class: 'field' }, el('label', { for: 'period-preset', text: t('period.preset') }), preset)];
    if (current.startsWith('quarter') && quarters.length) {
      const quarter = el('select', { id: 'period-quarter', class: 'period-select' });
      // Newest first: the quarter one usually wants.
      for (const q of quarters.slice().reverse()) quarter.append(option(q.period, quarterLabel(q.period, fmt)));
      const chosen = current.slice('quarter:'.length);
      if (chosen) quarter.value = chosen;
      quarter.addEventListener('change', () => handlers.onPreset('quarter:' + quarter.value));
      fields.push(el('div', { class: 'field' }, el('label', { for: 'period-quarter', text: t('period.quarter') }), quarter));
    }
    const dateInput = (id, value) => {
      const input = el('input', { id, type: 'date', class: 'period-date', min: full && full.from ? null : '1900-01-01', 'aria-describedby': 'period-hint' });
      input.value = value || '';
      return input;
    };
    const from = dateInput('period-from', state.range.from);
    const to = dateInput('period-to', state.range.to);
    const commit = () => {
      const f = from.value && isIsoDate(from.value) ? from.value : null;
      const tt = to.value && isIsoDate(to.value) ? to.value : null;
      handlers.onRange(f, tt, 'custom');
    };
    from.addEventListener('change', commit);
    to.addEventListener('change', commit);
    fields.push(el('div', { class: 'field' }, el('label', { for: 'period-from', text: t('period.from') }), from));
    fields.push(el('div', { class: 'field' }, el('label', { for: 'period-to', text: t('period.to') }), to));
    children.push(el('div', { class: 'period-fields' }, fields));
    const hint = full && full.from && full.to ? t('period.hint', { from: fmt.dateShort(full.from), to: fmt.dateShort(full.to) }) : '';
    children.push(el('p', { id: 'period-hint', class: 'muted small', text: hint }));
    if (state.error) children.push(el('p', { id: 'period-error', class: 'field-error small', role: 'alert', text: t(state.error) }));
  }

  if (measures.length > 1) {
    const select = el('select', { id: 'measure', 'aria-describedby': 'measure-hint' }, measures.map((m) => el('option', { value: m, text: t('measure.' + m) })));
    select.value = report.measure || 'revenue';
    select.addEventListener('change', () => handlers.onMeasure(select.value));
    children.push(
      el(
        'div',
        { class: 'period-fields measure-row' },
        el('div', { class: 'field' }, el('label', { for: 'measure', text: t('measure.label') }), select),
        el('p', { id: 'measure-hint', class: 'muted small', text: t('measure.hint') }),
      ),
    );
  }

  return el(
    'section',
    { id: 'period', class: 'block period-panel no-print', 'aria-labelledby': 'period-title', 'data-from': (report.range && report.range.from) || '', 'data-to': (report.range && report.range.to) || '', 'data-measure': report.measure || 'revenue' },
    el('h2', { id: 'period-title', text: t('period.title') }),
    children,
  );
}

// ---------- without dates ----------

export function renderTimeUnavailable(report) {
  if (report.time) return null;
  const reason = report.time_unavailable || 'no_date_column';
  return el(
    'section',
    { id: 'time-unavailable', class: 'block', 'data-reason': reason, 'aria-labelledby': 'time-unavailable-title' },
    el('h2', { id: 'time-unavailable-title', text: t('time.unavailable.title') }),
    el('p', { class: 'callout' }, t('time.unavailable.' + reason), ' ', t('time.unavailable.how')),
  );
}

// ---------- periods ----------

const GRANULARITIES = ['months', 'quarters', 'years'];

/** The finest view the data has (a wide table of quarters has no months). */
export function defaultGranularity(time) {
  return GRANULARITIES.find((g) => Array.isArray(time[g]) && time[g].length) || 'months';
}

function periodLabel(p, granularity, fmt) {
  if (granularity === 'quarters') return quarterLabel(p.period, fmt);
  if (granularity === 'months') {
    const d = parse(p.from);
    return new Intl.DateTimeFormat(fmt.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d).replace(/\s*г\.$/, '');
  }
  return p.period;
}

const pctOr = (fmt, v) => (typeof v === 'number' ? fmt.pct(v) : '—');

function keyCell(names, fmt) {
  const list = Array.isArray(names) ? names : [];
  if (!list.length) return el('td', { class: 'key-names muted', text: '—' });
  return el('td', { class: 'key-names' }, el('span', { class: 'key-count', text: fmt.int(list.length) }), ' ', el('span', { class: 'small', text: fmt.list(list) }));
}

/** #dynamics: a month / quarter / year switch over a table of time.months|quarters|years. */
export function renderDynamics(report, fmt, view, onGranularity) {
  const time = report.time;
  if (!time) return null;
  const available = GRANULARITIES.filter((g) => Array.isArray(time[g]) && time[g].length);
  const granularity = available.includes(view.granularity) ? view.granularity : defaultGranularity(time);
  const periods = time[granularity] || [];

  const switcher = el(
    'div',
    { class: 'seg', role: 'group', 'aria-labelledby': 'dyn-view-label' },
    el('span', { id: 'dyn-view-label', class: 'seg-label', text: t('dyn.view') }),
    available.map((g) => {
      const b = el('button', { type: 'button', id: 'dyn-' + g, class: 'button button-small seg-button', 'data-granularity': g, 'aria-pressed': g === granularity ? 'true' : 'false', text: t('dyn.' + g) });
      b.addEventListener('click', () => onGranularity(g));
      return b;
    }),
  );

  const head = ['dyn.col_period', 'dyn.col_total', 'dyn.col_clients', 'dyn.col_top1', 'dyn.col_top3', 'dyn.col_hhi', 'dyn.col_effective', 'dyn.col_key'];
  const rows = periods.map((p) =>
    el(
      'tr',
      {
        'data-period': p.period,
        'data-from': p.from,
        'data-to': p.to,
        'data-partial': p.partial ? 'true' : 'false',
        'data-total': String(p.total),
        'data-clients': String(p.clients),
        'data-top1': p.top1_share === null ? '' : String(p.top1_share),
        'data-hhi': p.hhi === null ? '' : String(p.hhi),
        class: p.partial ? 'is-partial' : null,
      },
      el('th', { scope: 'row', class: 'period-name' }, periodLabel(p, granularity, fmt), p.partial ? el('span', { class: 'partial-badge', text: t('dyn.partial.' + granularity) }) : null),
      moneyCell(fmt, p.total),
      el('td', { class: 'num', text: fmt.int(p.clients) }),
      el('td', { class: 'num', text: pctOr(fmt, p.top1_share) }),
      el('td', { class: 'num', text: pctOr(fmt, p.top3_share) }),
      el('td', { class: 'num', text: typeof p.hhi === 'number' ? fmt.int(p.hhi) : '—' }),
      el('td', { class: 'num', text: typeof p.effective_clients === 'number' ? fmt.dec1(p.effective_clients) : '—' }),
      keyCell(p.key_accounts, fmt),
    ),
  );
  const table = el(
    'table',
    { id: 'time-periods', class: 'data-table periods-table', 'data-granularity': granularity },
    el('caption', { text: t('dyn.caption') }),
    el('thead', null, el('tr', null, head.map((k, i) => el('th', { scope: 'col', class: i && i < 7 ? 'num' : null, text: i === 1 ? t('measure.' + (report.measure || 'revenue')) : t(k) })))),
    el('tbody', null, rows),
  );

  const w = time.windows;
  const windowsLine = w
    ? t('dyn.windows', {
        months: fmt.int(w.recent.months),
        months_gen: tp('n.months', w.previous.months, fmt),
        recent: t('dyn.range', { from: fmt.dateShort(w.recent.from), to: fmt.dateShort(w.recent.to) }),
        previous: t('dyn.range', { from: fmt.dateShort(w.previous.from), to: fmt.dateShort(w.previous.to) }),
      })
    : t('dyn.no_windows');

  return el(
    'section',
    { id: 'dynamics', class: 'block', 'aria-labelledby': 'dyn-title', 'data-granularity': granularity },
    el('h2', { id: 'dyn-title', text: t('dyn.title') }),
    el('p', { class: 'muted', text: t('dyn.intro') }),
    el('div', { class: 'no-print' }, switcher),
    timeChart(report, fmt, granularity),
    periods.length ? tableWrap(table) : el('p', { class: 'muted', text: t('dyn.none') }),
    periods.some((p) => p.partial) ? el('p', { id: 'partial-note', class: 'muted small' }, el('span', { class: 'partial-badge', text: t('dyn.partial.' + granularity) }), ' ', t('dyn.partial_note')) : null,
    el('p', { class: 'muted small', id: 'windows-note', text: windowsLine }),
  );
}

// ---------- client rhythm ----------

const SCRIPT = ['meet', 'ask', 'what_if', 'part', 'referral'];

function gapText(days, fmt) {
  if (typeof days !== 'number') return '—';
  return tp('n.days', Math.round(days), fmt);
}

/** #rhythm: overdue and lost company key accounts first, with the method's script. */
export function renderRhythm(report, fmt) {
  const time = report.time;
  if (!time) return null;
  const head = [el('h2', { id: 'rh-title', text: t('rh.title') })];
  if (!time.rhythm) {
    return el('section', { id: 'rhythm', class: 'block', 'data-rhythm': 'false', 'aria-labelledby': 'rh-title' }, head, el('p', { id: 'rhythm-unavailable', class: 'callout', text: t('rh.unavailable') }));
  }
  const rules = rulesOf(report);
  const byName = new Map((report.clients || []).map((c) => [c.name, c]));
  const keys = companyKeyAccounts(report)
    .map((k) => byName.get(k.client || k.name))
    .filter(Boolean);
  const order = { lost: 0, overdue: 1 };
  const silent = keys.filter((c) => c.rhythm === 'lost' || c.rhythm === 'overdue').sort((a, b) => order[a.rhythm] - order[b.rhythm] || (b.days_silent || 0) - (a.days_silent || 0));
  const others = keys.filter((c) => !silent.includes(c));
  const rule = t('rules.line.lost', { gap: ruleNumber(rules.lost_gap_multiplier, fmt), days: tp('n.days', rules.lost_min_days, fmt) });

  const items = silent.map((c) =>
    el(
      'li',
      { class: 'rhythm-item rh-' + c.rhythm, 'data-client': c.name, 'data-rhythm': c.rhythm, 'data-days-silent': String(c.days_silent ?? ''), 'data-last-date': c.last_date || '' },
      el('span', { class: 'rh-badge rh-' + c.rhythm, text: t('rh.status.' + c.rhythm) }),
      ' ',
      el('strong', clip(c.name)),
      el('span', { class: 'muted small', text: ' (' + t('rh.share', { share: fmt.pct(c.share) }) + ')' }),
      el('br'),
      t('rh.item', { last: fmt.date(c.last_date), gap: gapText(c.usual_gap ?? c.median_gap, fmt), silent: tp('n.days', c.days_silent || 0, fmt) }),
    ),
  );

  const body = [];
  if (!keys.length) body.push(el('p', { class: 'muted', text: t('rh.no_key') }));
  else if (!silent.length) body.push(el('p', { class: 'callout ok', text: t('rh.none') }));
  else {
    body.push(el('ul', { id: 'rhythm-silent', class: 'rhythm-list' }, items));
    body.push(
      el(
        'div',
        { class: 'script' },
        el('h3', { text: t('rh.script_title') }),
        el('ol', { id: 'rhythm-script', class: 'script-steps' }, SCRIPT.map((s) => el('li', { 'data-step': s, text: t('rh.script.' + s) }))),
      ),
    );
  }
  if (silent.length && others.length) body.push(el('p', { class: 'muted small', text: t('rh.others', { names: fmt.list(others.map((c) => c.name)) }) }));

  return el('section', { id: 'rhythm', class: 'block', 'data-rhythm': 'true', 'aria-labelledby': 'rh-title' }, head, el('p', { class: 'muted', text: t('rh.intro', { rule }) }), body);
}

// ---------- ABC × XYZ ----------

export function renderXyz(report, fmt) {
  const time = report.time;
  if (!time) return null;
  const rules = rulesOf(report);
  const head = el('h2', { id: 'xyz-title', text: t('xyz.title') });
  const xyz = time.xyz;
  if (!xyz || !Array.isArray(xyz.cells)) {
    return el('section', { id: 'xyz', class: 'block', 'aria-labelledby': 'xyz-title' }, head, el('p', { class: 'muted', text: t('xyz.none') }));
  }
  const cell = (abc, x) => xyz.cells.find((c) => c.abc === abc && c.xyz === x) || { clients: 0, amount: 0 };
  const cols = ['X', 'Y', 'Z'];
  const table = el(
    'table',
    { id: 'xyz-matrix', class: 'data-table xyz-table' },
    el('caption', { text: t('xyz.caption') }),
    el('thead', null, el('tr', null, el('td', { class: 'corner', text: '' }), cols.map((x) => el('th', { scope: 'col', text: x })))),
    el(
      'tbody',
      null,
      ['A', 'B', 'C'].map((abc) =>
        el(
          'tr',
          null,
          el('th', { scope: 'row', text: abc }),
          cols.map((x) => {
            const c = cell(abc, x);
            return el(
              'td',
              { class: 'xyz-cell xyz-' + abc.toLowerCase() + x.toLowerCase() + (c.clients ? '' : ' is-empty'), 'data-abc': abc, 'data-xyz': x, 'data-clients': String(c.clients), 'data-amount': String(c.amount) },
              el('span', { class: 'xyz-count', text: tp('n.clients', c.clients, fmt) }),
              el('span', { class: 'xyz-amount small', text: fmt.moneyShort(c.amount) }),
            );
          }),
        ),
      ),
    ),
  );
  const keyNames = new Set(companyKeyAccounts(report).map((k) => k.client || k.name));
  const risky = (report.clients || []).filter((c) => c.xyz === 'Z' && keyNames.has(c.name)).map((c) => c.name);
  return el(
    'section',
    { id: 'xyz', class: 'block', 'aria-labelledby': 'xyz-title', 'data-months': String(xyz.months) },
    head,
    el('p', { class: 'muted', text: t('xyz.intro', { months: fmt.int(xyz.months) }) }),
    abcXyzChart(report, fmt),
    tableWrap(table),
    el('p', { class: 'muted small', text: t('xyz.note', { x: fmt.pctRule(rules.xyz_x), y: fmt.pctRule(rules.xyz_y) }) }),
    risky.length ? el('p', { id: 'xyz-risk', class: 'callout warn', text: t('xyz.risk', { names: fmt.list(risky) }) }) : null,
  );
}

// ---------- the comparison ----------

const MOVERS = 10;
const WORDS = 3;

function sideRange(s, fmt) {
  return t('cmp.period', { from: fmt.dateShort(s.from), to: fmt.dateShort(s.to) });
}

function moverWords(c, fmt) {
  const key = c.key_before && c.key_after ? 'key_both' : c.key_before ? 'key_before' : c.key_after ? 'key_after' : null;
  return t(key ? 'cmp.words.' + key : 'cmp.words', { client: c.name, before: fmt.pct(c.share_before), after: fmt.pct(c.share_after) });
}

/**
 * #comparison: report.comparison (this year against the same days last year by default) and two
 * range pickers (`method.compare`). `state`: {compare, error}; handlers: {onCompare(text|null)}.
 */
export function renderComparison(report, fmt, state, handlers) {
  if (!report.time) return null;
  const c = report.comparison;
  const body = [];
  if (c) {
    const row = (label, before, after, attrs) => el('tr', attrs || null, el('th', { scope: 'row', text: label }), before, after);
    const numCell = (text) => el('td', { class: 'num', text });
    const keys = (list) => el('td', { class: 'key-names small', text: list && list.length ? fmt.list(list) : '—' });
    const table = el(
      'table',
      { id: 'comparison-table', class: 'data-table cmp-table' },
      el('caption', { text: t('cmp.caption') }),
      el('thead', null, el('tr', null, el('th', { scope: 'col', text: t('cmp.col_metric') }), el('th', { scope: 'col', class: 'num' }, t('cmp.before'), el('br'), el('span', { class: 'small muted', text: sideRange(c.before, fmt) })), el('th', { scope: 'col', class: 'num' }, t('cmp.after'), el('br'), el('span', { class: 'small muted', text: sideRange(c.after, fmt) })))),
      el(
        'tbody',
        null,
        row(t('measure.' + (report.measure || 'revenue')), moneyCell(fmt, c.before.total), moneyCell(fmt, c.after.total), { 'data-row': 'total' }),
        row(t('cmp.row_clients'), numCell(fmt.int(c.before.clients)), numCell(fmt.int(c.after.clients)), { 'data-row': 'clients' }),
        row(t('cmp.row_top1'), numCell(pctOr(fmt, c.before.top1_share)), numCell(pctOr(fmt, c.after.top1_share)), { 'data-row': 'top1' }),
        row(t('cmp.row_hhi'), numCell(typeof c.before.hhi === 'number' ? fmt.int(c.before.hhi) : '—'), numCell(typeof c.after.hhi === 'number' ? fmt.int(c.after.hhi) : '—'), { 'data-row': 'hhi' }),
        row(t('cmp.row_key'), keys(c.before.key_accounts), keys(c.after.key_accounts), { 'data-row': 'key' }),
      ),
    );
    const sign = c.change > 0 ? '+' : '';
    body.push(el('p', { class: 'muted', text: t('cmp.intro.' + (c.basis === 'caller' ? 'caller' : 'same_period_last_year')) }));
    body.push(tableWrap(table));
    body.push(
      el(
        'p',
        { id: 'comparison-change', class: 'cmp-change ' + (c.change < 0 ? 'is-down' : c.change > 0 ? 'is-up' : '') },
        typeof c.change_ratio === 'number'
          ? t('cmp.change', { change: sign + fmt.money(c.change), ratio: (c.change_ratio > 0 ? '+' : '') + fmt.pct(c.change_ratio) })
          : t('cmp.change_plain', { change: sign + fmt.money(c.change) }),
        ' ',
        t('cmp.movement', { gained: fmt.int(c.gained), lost: fmt.int(c.lost), grown: fmt.int(c.grown), shrunk: fmt.int(c.shrunk) }),
      ),
    );
    const movers = (c.clients || []).filter((m) => m.movement !== 'same').slice(0, MOVERS);
    if (movers.length) {
      body.push(el('ul', { id: 'movers-words', class: 'movers-words' }, movers.slice(0, WORDS).map((m) => el('li', { 'data-client': m.name, text: moverWords(m, fmt) }))));
      const keyBadge = (on) => (on ? el('span', { class: 'key-badge', text: t('cmp.key') }) : null);
      const moversTable = el(
        'table',
        { id: 'movers', class: 'data-table movers-table' },
        el('caption', { text: t('cmp.movers_caption') }),
        el(
          'thead',
          null,
          el(
            'tr',
            null,
            el('th', { scope: 'col', text: t('cmp.col_client') }),
            el('th', { scope: 'col', class: 'num', text: t('cmp.before') }),
            el('th', { scope: 'col', class: 'num', text: t('cmp.after') }),
            el('th', { scope: 'col', class: 'num', text: t('cmp.col_share') }),
            el('th', { scope: 'col', text: t('cmp.col_movement') }),
          ),
        ),
        el(
          'tbody',
          null,
          movers.map((m) =>
            el(
              'tr',
              { 'data-name': m.name, 'data-before': String(m.before), 'data-after': String(m.after), 'data-movement': m.movement },
              el('th', { scope: 'row', class: 'name', ...clip(m.name) }),
              moneyCell(fmt, m.before),
              moneyCell(fmt, m.after),
              el('td', { class: 'num' }, fmt.pct(m.share_before), keyBadge(m.key_before), ' → ', fmt.pct(m.share_after), keyBadge(m.key_after)),
              el('td', null, el('span', { class: 'mv-badge mv-' + m.movement, text: t('cmp.mv.' + m.movement) })),
            ),
          ),
        ),
      );
      body.push(tableWrap(moversTable));
    }
  } else {
    body.push(el('p', { class: 'muted', text: t('cmp.none') }));
  }
  body.push(comparePicker(report, fmt, state, handlers));
  return el(
    'section',
    {
      id: 'comparison',
      class: 'block',
      'aria-labelledby': 'cmp-title',
      'data-basis': c ? c.basis : '',
      'data-change': c ? String(c.change) : '',
      'data-before': c ? [c.before.from, c.before.to, c.before.total, c.before.clients].join('|') : '',
      'data-after': c ? [c.after.from, c.after.to, c.after.total, c.after.clients].join('|') : '',
      'data-counts': c ? [c.gained, c.lost, c.grown, c.shrunk].join('|') : '',
    },
    el('h2', { id: 'cmp-title', text: t('cmp.title') }),
    body,
  );
}

function comparePicker(report, fmt, state, handlers) {
  const c = report.comparison;
  const set = parseCompare(state.compare);
  const values = set || (c ? [c.before, c.after] : [{}, {}]);
  const input = (id, value) => {
    const i = el('input', { id, type: 'date', class: 'period-date' });
    i.value = value || '';
    return i;
  };
  const bf = input('cmp-before-from', values[0].from);
  const bt = input('cmp-before-to', values[0].to);
  const af = input('cmp-after-from', values[1].from);
  const at = input('cmp-after-to', values[1].to);
  const fieldset = (legend, a, b) =>
    el(
      'fieldset',
      { class: 'cmp-side' },
      el('legend', { text: legend }),
      el('div', { class: 'field' }, el('label', { for: a.id, text: t('period.from') }), a),
      el('div', { class: 'field' }, el('label', { for: b.id, text: t('period.to') }), b),
    );
  const apply = el('button', { type: 'button', id: 'cmp-apply', class: 'button button-small', text: t('cmp.apply') });
  apply.addEventListener('click', () => handlers.onCompare(bf.value + '..' + bt.value + ',' + af.value + '..' + at.value));
  const reset = set ? el('button', { type: 'button', id: 'cmp-reset', class: 'button button-small', text: t('cmp.reset') }) : null;
  if (reset) reset.addEventListener('click', () => handlers.onCompare(null));
  return el(
    'details',
    { id: 'cmp-pick', class: 'cmp-pick no-print', open: set || state.error ? true : null },
    el('summary', { text: t('cmp.pick') }),
    el('div', { class: 'cmp-sides' }, fieldset(t('cmp.pick_before'), bf, bt), fieldset(t('cmp.pick_after'), af, at)),
    state.error ? el('p', { id: 'cmp-error', class: 'field-error small', role: 'alert', text: t(state.error) }) : null,
    el('div', { class: 'rules-actions' }, apply, reset),
  );
}
