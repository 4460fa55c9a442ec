// "What if this client leaves" (issue 12): pick one or more clients (the company's key accounts
// have a button each; any client through a searchable picker), or cut a client's sales by a
// percentage. The page sends `method.scenario: {remove: [names], cut: [{client, by}]}` on the
// re-run path of the rules (the engine re-runs only the method) and shows `report.scenario`:
// today (`before`) against the scenario (`after`), who becomes key, who is no longer key, the
// managers who lose key accounts, the findings that appear or vanish. The rest of the report then
// shows the "after" state, under a banner (`#scenario-banner`) with a button back to today.
//
// Also here: "how much new business" (`report.new_business`) for the largest client or a chosen
// key client — the sales to other clients that bring its share under each level of the method.

import { el, tableWrap } from './dom.js';
import { t, tp, tn, getLang, clip } from '../i18n/index.js';
import { renderFinding } from './findings.js';
import { rulesOf } from './summary.js';
import { whatIfChart } from './charts/whatif.js';

/** What is being typed in the picker (the panel is rebuilt on every render). */
const scenarioDraft = { client: '', cut: '', error: null };

/** "«Name»" / "“Name”" — unless the name carries its own quotes (ООО «Колос»). */
export function quoted(name) {
  const s = String(name);
  if (/[«»"“”„]/.test(s)) return s;
  return getLang() === 'ru' ? '«' + s + '»' : '“' + s + '”';
}

const scNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** An empty scenario: nothing removed, nothing cut. */
export function emptyScenario() {
  return { remove: [], cut: [] };
}

export function scenarioIsEmpty(s) {
  return !s || ((!s.remove || !s.remove.length) && (!s.cut || !s.cut.length));
}

/** The scenario as the engine takes it, or null when there is none. */
export function scenarioForEngine(s) {
  if (scenarioIsEmpty(s)) return null;
  return { remove: s.remove.slice(), cut: s.cut.map((c) => ({ client: c.client, by: c.by })) };
}

/** Adds a client to the scenario (`by` null or 1 = it leaves; else its sales fall by that fraction). */
export function scenarioWith(s, client, by) {
  const base = s || emptyScenario();
  const remove = base.remove.filter((n) => n !== client);
  const cut = base.cut.filter((c) => c.client !== client);
  if (by === null || by === undefined || by >= 1) remove.push(client);
  else cut.push({ client, by });
  return { remove, cut };
}

export function scenarioWithout(s, client) {
  const base = s || emptyScenario();
  return { remove: base.remove.filter((n) => n !== client), cut: base.cut.filter((c) => c.client !== client) };
}

/** Compact money for sentences: "12,3 млн ₽" (the exact value stays in data-* and the title). */
export function moneyCompact(fmt, value) {
  const v = scNum(value) ? value : 0;
  if (fmt.measure === 'quantity' || Math.abs(v) < 10000) return fmt.money(v);
  try {
    const opts = { notation: 'compact', maximumFractionDigits: 1 };
    if (fmt.currency) Object.assign(opts, { style: 'currency', currency: fmt.currency, currencyDisplay: 'symbol' });
    return new Intl.NumberFormat(fmt.locale, opts).format(v);
  } catch (_) {
    return fmt.money(v);
  }
}

/** "без «Полюс» и «Колос» на 30 % меньше" — the scenario in words. */
export function scenarioWords(s, fmt) {
  const items = [];
  for (const name of (s && s.remove) || []) items.push(t('sc.item.remove', { client: quoted(name) }));
  for (const c of (s && s.cut) || []) items.push(t('sc.item.cut', { client: quoted(c.client), by: fmt.pctRule(c.by) }));
  return fmt.list(items);
}

/** The scenario the report was built on, in the shape the page keeps. */
function scenarioOfReport(sc) {
  return {
    remove: (sc.removed || []).map((r) => r.client),
    cut: (sc.cut || []).map((c) => ({ client: c.client, by: c.by })),
  };
}

/** The banner over the report while a scenario is on: what is assumed, and the way back to today. */
export function renderScenarioBanner(report, fmt, handlers) {
  const sc = report.scenario;
  if (!sc) return null;
  const words = scenarioWords(scenarioOfReport(sc), fmt);
  const fall = scNum(sc.fall) ? sc.fall : 0;
  return el(
    'div',
    { id: 'scenario-banner', class: 'scenario-banner', role: 'status', 'data-fall': String(fall), 'data-fall-ratio': scNum(sc.fall_ratio) ? String(sc.fall_ratio) : '' },
    el(
      'p',
      { class: 'scenario-banner-text' },
      el('strong', { text: t('sc.banner', { what: words }) }),
      ' ',
      t('sc.banner_note', { fall: moneyCompact(fmt, fall), ratio: fmt.pct(sc.fall_ratio || 0) }),
    ),
    el(
      'p',
      { class: 'scenario-banner-actions no-print' },
      el('button', { type: 'button', id: 'scenario-end', class: 'button button-small', 'data-action': 'end-scenario', text: t('sc.end'), on: { click: () => handlers.onEnd() } }),
      el('a', { href: '#scenario', class: 'scenario-banner-link', text: t('sc.see') }),
    ),
  );
}

const METRICS = [
  ['total', (fmt, v) => fmt.moneyShort(v)],
  ['clients', (fmt, v) => fmt.int(v)],
  ['top1_share', (fmt, v) => fmt.pct(v)],
  ['top3_share', (fmt, v) => fmt.pct(v)],
  ['hhi', (fmt, v) => fmt.int(v)],
  ['effective_clients', (fmt, v) => fmt.dec1(v)],
  ['key_accounts', (fmt, v) => fmt.int(v)],
  ['critical', (fmt, v) => fmt.int(v)],
  ['warning', (fmt, v) => fmt.int(v)],
];

function sideValue(side, metric) {
  if (!side) return null;
  if (metric === 'key_accounts') return Array.isArray(side.key_accounts) ? side.key_accounts.length : null;
  return scNum(side[metric]) ? side[metric] : null;
}

function compareTable(sc, fmt) {
  return tableWrap(
    el(
      'table',
      { id: 'scenario-compare', class: 'mini-table scenario-compare' },
      el('caption', { text: t('sc.compare_caption') }),
      el(
        'thead',
        null,
        el(
          'tr',
          null,
          el('th', { scope: 'col', class: 'name', text: t('sc.col_metric') }),
          el('th', { scope: 'col', class: 'num', text: t('sc.col_before') }),
          el('th', { scope: 'col', class: 'num', text: t('sc.col_after') }),
        ),
      ),
      el(
        'tbody',
        null,
        METRICS.map(([metric, show]) => {
          const b = sideValue(sc.before, metric);
          const a = sideValue(sc.after, metric);
          return el(
            'tr',
            { 'data-metric': metric, 'data-before': b === null ? '' : String(b), 'data-after': a === null ? '' : String(a) },
            el('th', { scope: 'row', class: 'name', text: t('sc.metric.' + metric) }),
            el('td', { class: 'num', text: b === null ? '—' : show(fmt, b) }),
            el('td', { class: 'num' + (a !== null && b !== null && a !== b ? ' changed' : ''), text: a === null ? '—' : show(fmt, a) }),
          );
        }),
      ),
    ),
  );
}

function nameList(id, titleKey, names) {
  if (!names || !names.length) return null;
  return el(
    'div',
    { class: 'scenario-list' },
    el('h4', { text: t(titleKey) }),
    el('ul', { id, class: 'names' }, names.map((n) => el('li', { 'data-client': n, text: n }))),
  );
}

function managersList(sc, fmt) {
  const losing = (sc.managers || []).filter((m) => Array.isArray(m.lost) && m.lost.length);
  if (!losing.length) return null;
  return el(
    'div',
    { class: 'scenario-list' },
    el('h4', { text: t('sc.managers') }),
    el(
      'ul',
      { id: 'scenario-managers' },
      losing.map((m) =>
        el(
          'li',
          { 'data-manager': m.manager, 'data-before': String(m.before), 'data-after': String(m.after), 'data-lost': m.lost.join('|') },
          tn('sc.manager_line', { manager: m.manager, lost: fmt.list(m.lost.map(quoted)), before: fmt.int(m.before || 0), after: fmt.int(m.after || 0) }, ['lost']),
        ),
      ),
    ),
  );
}

function findingsList(id, titleKey, list, fmt, rules) {
  if (!list || !list.length) return null;
  return el('div', { class: 'scenario-list' }, el('h4', { text: t(titleKey) }), el('ol', { id, class: 'findings' }, list.map((f) => renderFinding(f, fmt, rules))));
}

function scenarioResult(report, fmt) {
  const sc = report.scenario;
  if (!sc) return null;
  const rules = rulesOf(report);
  const missing = sc.missing && sc.missing.length ? el('p', { class: 'callout', id: 'scenario-missing', text: t('sc.missing', { names: fmt.list(sc.missing) }) }) : null;
  const none =
    !(sc.became_key || []).length && !(sc.no_longer_key || []).length && !(sc.appeared || []).length && !(sc.vanished || []).length
      ? el('p', { class: 'muted', text: t('sc.nothing_changes') })
      : null;
  return el(
    'div',
    { id: 'scenario-result', class: 'scenario-result', 'data-fall': String(sc.fall || 0), 'data-fall-ratio': String(sc.fall_ratio || 0) },
    el('h3', { text: t('sc.result_title', { what: scenarioWords(scenarioOfReport(sc), fmt) }) }),
    missing,
    el(
      'p',
      { id: 'scenario-fall', 'data-fall': String(sc.fall || 0), 'data-fall-ratio': String(sc.fall_ratio || 0) },
      tn('sc.fall', {
        before: fmt.money(sc.before ? sc.before.total : 0),
        after: fmt.money(sc.after ? sc.after.total : 0),
        fall: fmt.money(sc.fall || 0),
        ratio: fmt.pct(sc.fall_ratio || 0),
      }),
    ),
    whatIfChart(report, fmt, scenarioWords(scenarioOfReport(sc), fmt)),
    compareTable(sc, fmt),
    el(
      'div',
      { class: 'scenario-lists' },
      nameList('scenario-became-key', 'sc.became_key', sc.became_key),
      nameList('scenario-no-longer-key', 'sc.no_longer_key', sc.no_longer_key),
      managersList(sc, fmt),
    ),
    none,
    findingsList('scenario-appeared', 'sc.appeared', sc.appeared, fmt, rules),
    findingsList('scenario-vanished', 'sc.vanished', sc.vanished, fmt, rules),
  );
}

/** At most this many names in the client picker's list. */
const PICKS_MAX = 50;

/**
 * Fills the picker's list with at most PICKS_MAX of `names` (largest first) for what is typed: names
 * that start with it, then names that contain it; with nothing typed, the largest clients.
 */
function fillPicks(list, names, typed) {
  const q = typed.trim().toLocaleLowerCase();
  let shown;
  if (!q) shown = names.slice(0, PICKS_MAX);
  else {
    const starts = [];
    const contains = [];
    for (const n of names) {
      const at = n.toLocaleLowerCase().indexOf(q);
      if (at === 0) starts.push(n);
      else if (at > 0 && contains.length < PICKS_MAX) contains.push(n);
      if (starts.length >= PICKS_MAX) break;
    }
    shown = starts.concat(contains).slice(0, PICKS_MAX);
  }
  list.replaceChildren(...shown.map((n) => el('option', { value: n })));
}

/**
 * The panel. `state`: {scenario, names (every client of today's report), keys (today's company key
 * accounts, largest first)}; `handlers`: {onAdd(client, by|null), onDrop(client), onEnd()}.
 */
export function renderScenario(report, fmt, state, handlers) {
  const names = state.names || [];
  if (!names.length) return null;
  const scenario = state.scenario || emptyScenario();
  const inScenario = new Set([...scenario.remove, ...scenario.cut.map((c) => c.client)]);
  const keys = (state.keys || []).slice(0, 8);

  const quick = keys.length
    ? el(
        'div',
        { class: 'scenario-quick no-print' },
        el('p', { class: 'muted small', text: t('sc.quick') }),
        el(
          'ul',
          { id: 'scenario-keys', class: 'scenario-keys' },
          keys.map((name, i) =>
            el(
              'li',
              null,
              el('button', {
                type: 'button',
                class: 'button button-small',
                id: 'what-if-' + i,
                'data-action': 'what-if',
                'data-client': name,
                'aria-pressed': scenario.remove.includes(name) ? 'true' : 'false',
                text: t('sc.what_if', { client: quoted(name) }),
                on: { click: () => (scenario.remove.includes(name) ? handlers.onDrop(name) : handlers.onAdd(name, null)) },
              }),
            ),
          ),
        ),
      )
    : null;

  const submit = (e) => {
    e.preventDefault();
    const client = scenarioDraft.client.trim();
    const match = names.find((n) => n === client) || names.find((n) => n.toLowerCase() === client.toLowerCase());
    if (!match) {
      scenarioDraft.error = client ? 'sc.err.client' : 'sc.err.empty';
      handlers.onInvalid();
      return;
    }
    let by = null;
    const raw = scenarioDraft.cut.trim().replace(',', '.').replace(/\s*%$/, '');
    if (raw) {
      const p = Number(raw);
      if (!Number.isFinite(p) || p <= 0 || p > 100) {
        scenarioDraft.error = 'sc.err.cut';
        handlers.onInvalid();
        return;
      }
      by = p >= 100 ? null : p / 100;
    }
    scenarioDraft.client = '';
    scenarioDraft.cut = '';
    scenarioDraft.error = null;
    handlers.onAdd(match, by);
  };

  // Filled when the field is used, not with the report: a file may hold 200,000 clients.
  const picks = el('datalist', { id: 'scenario-clients' });
  const errorId = 'scenario-error';
  const form = el(
    'form',
    { id: 'scenario-form', class: 'scenario-form no-print', novalidate: true, on: { submit } },
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'scenario-client', text: t('sc.pick_label') }),
      el('input', {
        type: 'text',
        id: 'scenario-client',
        list: 'scenario-clients',
        autocomplete: 'off',
        value: scenarioDraft.client,
        'aria-invalid': scenarioDraft.error === 'sc.err.client' || scenarioDraft.error === 'sc.err.empty' ? 'true' : null,
        'aria-describedby': scenarioDraft.error ? errorId : null,
        on: {
          input: (e) => {
            scenarioDraft.client = e.target.value;
            fillPicks(picks, names, e.target.value);
          },
          focus: (e) => fillPicks(picks, names, e.target.value),
        },
      }),
      picks,
    ),
    el(
      'div',
      { class: 'field field-narrow' },
      el('label', { for: 'scenario-cut', text: t('sc.cut_label') }),
      el('input', {
        type: 'text',
        id: 'scenario-cut',
        inputmode: 'decimal',
        autocomplete: 'off',
        placeholder: '100',
        value: scenarioDraft.cut,
        'aria-invalid': scenarioDraft.error === 'sc.err.cut' ? 'true' : null,
        'aria-describedby': scenarioDraft.error ? errorId + ' scenario-cut-hint' : 'scenario-cut-hint',
        on: { input: (e) => (scenarioDraft.cut = e.target.value) },
      }),
    ),
    el('button', { type: 'submit', id: 'scenario-add', class: 'button', text: t('sc.add') }),
    el('p', { id: 'scenario-cut-hint', class: 'muted small scenario-hint', text: t('sc.cut_hint') }),
    el('p', { id: errorId, class: 'field-error', hidden: !scenarioDraft.error, text: scenarioDraft.error ? t(scenarioDraft.error) : '' }),
  );

  const items = scenarioIsEmpty(scenario)
    ? null
    : el(
        'div',
        { class: 'scenario-items-wrap' },
        el('h3', { text: t('sc.items') }),
        el(
          'ul',
          { id: 'scenario-items', class: 'scenario-items' },
          scenario.remove.map((name) =>
            el(
              'li',
              { 'data-client': name, 'data-kind': 'remove' },
              el('span', { text: t('sc.item.remove', { client: quoted(name) }) }),
              ' ',
              el('button', { type: 'button', class: 'button button-small', 'data-action': 'scenario-drop', 'aria-label': t('sc.drop_label', { client: name }), text: t('sc.drop'), on: { click: () => handlers.onDrop(name) } }),
            ),
          ),
          scenario.cut.map((c) =>
            el(
              'li',
              { 'data-client': c.client, 'data-kind': 'cut', 'data-by': String(c.by) },
              el('span', { text: t('sc.item.cut', { client: quoted(c.client), by: fmt.pctRule(c.by) }) }),
              ' ',
              el('button', { type: 'button', class: 'button button-small', 'data-action': 'scenario-drop', 'aria-label': t('sc.drop_label', { client: c.client }), text: t('sc.drop'), on: { click: () => handlers.onDrop(c.client) } }),
            ),
          ),
        ),
        el('button', { type: 'button', id: 'scenario-end-panel', class: 'button button-small', 'data-action': 'end-scenario', text: t('sc.end'), on: { click: () => handlers.onEnd() } }),
      );

  return el(
    'section',
    { id: 'scenario', class: 'block scenario', tabindex: '-1', 'aria-labelledby': 'scenario-title', 'data-active': inScenario.size ? 'true' : 'false' },
    el('h2', { id: 'scenario-title', text: t('sc.title') }),
    el('p', { class: 'muted', text: t('sc.intro') }),
    quick,
    form,
    items,
    scenarioResult(report, fmt),
  );
}

// ---------- how much new business ----------

/** The key client shown (the user's pick while it is still a key account, else the largest). */
const nbView = { client: null };

function likeText(basis, n, fmt) {
  if (!scNum(n)) return '';
  return tp(basis === 'class_b' ? 'nb.like.class_b' : 'nb.like.all_clients', n, fmt);
}

export function renderNewBusiness(report, fmt, onPick) {
  const nb = report.new_business;
  const list = nb && Array.isArray(nb.clients) ? nb.clients : [];
  if (!list.length) return null;
  const chosen = list.find((c) => c.client === nbView.client) || list[0];
  const basis = nb.basis === 'class_b' ? 'class_b' : 'all_clients';
  const picker =
    list.length > 1
      ? el(
          'div',
          { class: 'field' },
          el('label', { for: 'nb-client', text: t('nb.pick') }),
          el(
            'select',
            {
              id: 'nb-client',
              on: {
                change: (e) => {
                  nbView.client = e.target.value;
                  onPick();
                },
              },
            },
            list.map((c) => {
              const o = el('option', { value: c.client, text: clip(c.client).text + ' — ' + fmt.pct(c.share) });
              if (c === chosen) o.selected = true;
              return o;
            }),
          ),
        )
      : null;
  const levels = (chosen.levels || []).slice().sort((a, b) => b.level - a.level);
  return el(
    'section',
    { id: 'new-business', class: 'block new-business', 'aria-labelledby': 'nb-title', 'data-average': scNum(nb.average) ? String(nb.average) : '', 'data-basis': basis },
    el('h2', { id: 'nb-title', text: t('nb.title') }),
    el('p', { class: 'muted', text: scNum(nb.average) ? t('nb.intro.' + basis, { average: fmt.money(nb.average) }) : t('nb.intro.none') }),
    picker,
    el(
      'p',
      { id: 'nb-now', 'data-client': chosen.client, 'data-amount': String(chosen.amount), 'data-share': String(chosen.share) },
      tn('nb.now', { client: quoted(chosen.client), share: fmt.pct(chosen.share), amount: moneyCompact(fmt, chosen.amount) }),
    ),
    el(
      'ul',
      { id: 'nb-levels', class: 'nb-levels' },
      levels.map((l) => {
        const done = !(l.needed > 0);
        const like = likeText(basis, l.clients_needed, fmt);
        const params = { client: quoted(chosen.client), level: fmt.pctRule(l.level), needed: moneyCompact(fmt, l.needed), like };
        const key = done ? 'nb.level.done' : like ? 'nb.level' : 'nb.level.no_average';
        return el(
          'li',
          {
            class: 'nb-level nb-' + (l.kind || 'dependency'),
            'data-level': String(l.level),
            'data-kind': l.kind || '',
            'data-needed': String(l.needed),
            'data-clients-needed': scNum(l.clients_needed) ? String(l.clients_needed) : '',
            title: done ? null : fmt.money(l.needed),
          },
          el('span', { class: 'nb-kind', text: t('nb.kind.' + (l.kind || 'dependency')) }),
          ' ',
          tn(key, params),
        );
      }),
    ),
    el('p', { class: 'advice' }, el('span', { class: 'label', text: t('findings.advice') + ': ' }), t('nb.advice')),
  );
}
