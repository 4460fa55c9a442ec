// The rules of the method: the panel that changes them (#rules) and the line in the report that
// states the rules a report was built on (#report-rules, printed with the report).
//
// The panel is rebuilt on every render like the rest of the page; what the user is typing lives in
// `state.drafts` (so a re-run never overwrites it) and main.js gives focus and the caret back.
// Values shown are those the engine applied (report.rules), unless the user has set one.

import { el, fill } from './dom.js';
import { t, tp } from '../i18n/index.js';
import { METHOD_FIELDS, DATE_LIMITS, formatMethodValue, methodOfReport, sameMethodValue, shareToPct } from '../method.js';

const RULE_GROUPS = [
  { id: 'key', keys: ['keyShare', 'dependencyLevels', 'criticalShare', 'maxKeyAccountsPerManager'] },
  { id: 'lost', keys: ['lostGapMultiplier', 'lostMinDays', 'lostMinPurchases'] },
  { id: 'asof', keys: ['asOf'] },
  { id: 'trend', keys: ['trendWindowMonths', 'trendMinMonths', 'hhiRise', 'topShareRise'] },
  { id: 'slipping', keys: ['slippingRecentMonths', 'slippingBaselineMonths', 'slippingRatio'] },
  { id: 'xyz', keys: ['xyzX', 'xyzY'] },
  { id: 'judgment', keys: ['walletShareMax', 'potentialMinShare', 'innovatorMaxShare'] },
  { id: 'practice', keys: ['smallOrdersMin', 'splitMinShare'] },
];

/** A plain number in the page's language (no grouping: it is typed back into a field). */
export function ruleNumber(n, fmt) {
  return new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 6, useGrouping: false }).format(n);
}

/** "20/30/40 %": the levels as one percentage (the last one carries the language's unit). */
function levelsText(levels, fmt) {
  const list = Array.isArray(levels) ? levels : [];
  if (!list.length) return '—';
  return [...list.slice(0, -1).map((x) => ruleNumber(shareToPct(x), fmt)), fmt.pctRule(list[list.length - 1])].join('/');
}

/** A setting's value as a person reads it (hints, the rules line). */
export function methodValueText(key, value, fmt) {
  if (value === null || value === undefined) return '—';
  switch (key) {
    case 'keyShare':
    case 'criticalShare':
    case 'hhiRise':
    case 'slippingRatio':
    case 'xyzX':
    case 'xyzY':
    case 'walletShareMax':
    case 'potentialMinShare':
    case 'innovatorMaxShare':
    case 'splitMinShare':
      return fmt.pctRule(value);
    case 'smallOrdersMin':
      return tp('n.clients', value, fmt);
    case 'topShareRise':
      return t('rules.pp', { n: ruleNumber(shareToPct(value), fmt) });
    case 'trendWindowMonths':
    case 'trendMinMonths':
    case 'slippingRecentMonths':
    case 'slippingBaselineMonths':
      return tp('n.months', value, fmt);
    case 'dependencyLevels':
      return levelsText(value, fmt);
    case 'lostGapMultiplier':
      return ruleNumber(value, fmt) + '×';
    case 'lostMinDays':
      return tp('n.days', value, fmt);
    case 'asOf':
      return fmt.dateShort(value);
    default:
      return ruleNumber(value, fmt);
  }
}

/** The decimal separator of the page's language, for the values typed into fields. */
function decimalOf(fmt) {
  const part = new Intl.NumberFormat(fmt.locale).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part ? part.value : '.';
}

function fieldNode(field, report, fmt, state, handlers, applied) {
  const { method, defaults, drafts, errors } = state;
  const set = Object.prototype.hasOwnProperty.call(method, field.key) && method[field.key] !== null && method[field.key] !== undefined;
  const value = set ? method[field.key] : applied[field.key];
  const def = defaults ? defaults[field.key] : undefined;
  const changed = field.kind === 'date' ? Boolean(set && value) : def !== undefined ? !sameMethodValue(value, def) : set;
  const draft = drafts[field.key];
  const shown = typeof draft === 'string' ? draft : formatMethodValue(field, value, decimalOf(fmt));
  const error = errors[field.key] || null;
  const hintId = field.id + '-hint';
  const errorId = field.id + '-error';

  const isDate = field.kind === 'date';
  const input = el('input', {
    id: field.id,
    name: field.key,
    type: isDate ? 'date' : 'text',
    inputmode: isDate ? null : field.kind === 'int' ? 'numeric' : 'decimal',
    autocomplete: 'off',
    spellcheck: 'false',
    min: isDate ? DATE_LIMITS.min : null,
    max: isDate ? DATE_LIMITS.max : null,
    class: 'rule-input rule-input-' + field.kind,
    'aria-describedby': error ? hintId + ' ' + errorId : hintId,
    'aria-invalid': error ? 'true' : null,
  });
  input.value = shown;
  input.addEventListener('input', () => handlers.onInput(field, input.value));
  // `change` = a committed edit (Enter, leaving the field, a date picked): re-run at once.
  input.addEventListener('change', () => handlers.onCommit(field, input.value));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      handlers.onCommit(field, input.value);
    }
  });
  input.addEventListener('blur', () => handlers.onBlur(field));

  let hint;
  if (isDate) {
    const latest = report.source && report.source.date_to;
    hint = latest ? t('rules.asof_hint', { date: fmt.dateShort(latest) }) : t('rules.asof_hint_none');
  } else {
    hint = def !== undefined ? t('rules.default', { value: methodValueText(field.key, def, fmt) }) : '';
  }
  const unit = field.key === 'topShareRise' ? t('rules.pp_unit') : field.kind === 'pct' || field.kind === 'pct0' || field.kind === 'levels' ? '%' : field.key === 'lostGapMultiplier' ? '×' : '';

  return el(
    'div',
    { class: 'field rule-field' + (changed ? ' is-changed' : '') + (error ? ' is-invalid' : ''), 'data-rule': field.rule, 'data-changed': changed ? 'true' : 'false' },
    el('label', { for: field.id, text: t('rules.field.' + field.key) }),
    el('div', { class: 'rule-control' }, input, unit ? el('span', { class: 'rule-unit', 'aria-hidden': 'true', text: unit }) : null),
    el('p', { id: hintId, class: 'muted small rule-hint' }, hint, changed ? el('span', { class: 'changed-badge', text: t('rules.changed') }) : null),
    // Polite: said when typing pauses (the message comes with the debounced check), not per keystroke.
    el('p', { id: errorId, class: 'field-error small', 'aria-live': 'polite', text: error ? t(error[0], error[1]) : '' }),
  );
}

/** Shows or clears a field's message in place (while typing: no re-render). */
export function showRuleError(field, error) {
  const input = document.getElementById(field.id);
  const box = document.getElementById(field.id + '-error');
  if (!input || !box) return;
  box.textContent = error ? t(error[0], error[1]) : '';
  input.setAttribute('aria-describedby', error ? field.id + '-hint ' + field.id + '-error' : field.id + '-hint');
  if (error) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  const wrap = input.closest('.rule-field');
  if (wrap) wrap.classList.toggle('is-invalid', Boolean(error));
}

/** How many settings differ from the method's (what the report used, the as-of date included). */
function changedCount(section) {
  return section.querySelectorAll('.rule-field[data-changed="true"]').length;
}

/**
 * Fills `section` (#rules). `state`: {method, defaults, drafts, errors, open}; `handlers`:
 * {onInput(field, raw), onCommit(field, raw), onBlur(field), onReset(), onToggle(open)}.
 */
export function renderRules(section, report, fmt, state, handlers) {
  const applied = methodOfReport(report);
  const byKey = new Map(METHOD_FIELDS.map((f) => [f.key, f]));
  const groups = RULE_GROUPS.map((g) => {
    const fields = g.keys.map((k) => fieldNode(byKey.get(k), report, fmt, state, handlers, applied));
    let sentence = null;
    if (g.id === 'lost') {
      const v = (k) => (state.method[k] !== undefined && state.method[k] !== null ? state.method[k] : applied[k]);
      sentence = el('p', {
        class: 'muted small rule-sentence',
        text: t('rules.lost_sentence', {
          gap: ruleNumber(v('lostGapMultiplier'), fmt),
          days: tp('n.days', v('lostMinDays'), fmt),
          purchases: tp('n.purchases_gen', v('lostMinPurchases'), fmt),
        }),
      });
    }
    return el(
      'fieldset',
      { class: 'rule-group', 'data-group': g.id },
      el('legend', { text: t('rules.group.' + g.id) }),
      sentence,
      el('div', { class: 'rule-fields' }, fields),
    );
  });

  const stateLine = el('p', { id: 'rules-state', class: 'rules-state' });
  const reset = el('button', { type: 'button', id: 'rules-reset', class: 'button button-small', text: t('rules.reset') });
  reset.addEventListener('click', () => handlers.onReset());
  const form = el('form', { id: 'rules-form', class: 'rules-form', novalidate: true }, el('div', { class: 'rule-groups' }, groups), el('div', { class: 'rules-actions' }, reset));
  // No submit button, so Enter does not submit; this only guards against a submission anyway.
  form.addEventListener('submit', (e) => e.preventDefault());

  // The explanation opens with the fields: the closed panel is one line of state.
  const details = el('details', { id: 'rules-details', class: 'rules-details' }, el('summary', { id: 'rules-summary', text: t('rules.toggle') }), el('p', { class: 'muted small rules-intro', text: t('rules.intro') }), form);
  details.open = Boolean(state.open);
  details.addEventListener('toggle', () => handlers.onToggle(details.open));

  fill(
    section,
    el('h2', { id: 'rules-title', text: t('rules.title') }),
    stateLine,
    details,
  );
  const n = changedCount(section);
  stateLine.textContent = n ? t('rules.state.changed', { n }) : t('rules.state.defaults');
  stateLine.classList.toggle('is-changed', n > 0);
  section.dataset.changed = String(n);
  section.hidden = false;
}

/**
 * "Rules: key ≥ 15 % (method: 10 %) · dependency 20/30/40 % · critical > 50 % · … · as of 30.06.2024 (set)":
 * the rules `report` was built on, from report.rules; settings that differ from the method's
 * (`defaults`) are bold and say the method's value.
 */
export function renderRulesLine(report, fmt, defaults) {
  const r = report.rules;
  if (!r) return null;
  const applied = methodOfReport(report);
  const d = defaults || {};
  const differs = (key) => d[key] !== undefined && !sameMethodValue(applied[key], d[key]);
  const items = [];
  const item = (rule, text, changed, was) => {
    items.push(
      el(
        changed ? 'strong' : 'span',
        { class: 'rule-item' + (changed ? ' rule-changed' : ''), 'data-rule': rule, 'data-changed': changed ? 'true' : 'false' },
        text,
        changed && was ? ' ' + t('rules.line.was', { value: was }) : null,
      ),
    );
  };
  const was = (key) => methodValueText(key, d[key], fmt);
  item('key_share', t('rules.line.key', { pct: fmt.pctRule(r.key_share) }), differs('keyShare'), was('keyShare'));
  item('dependency_levels', t('rules.line.dep', { levels: levelsText(r.dependency_levels, fmt) }), differs('dependencyLevels'), was('dependencyLevels'));
  item('critical_share', t('rules.line.crit', { pct: fmt.pctRule(r.critical_share) }), differs('criticalShare'), was('criticalShare'));
  item('max_key_accounts_per_manager', tp('rules.line.load', r.max_key_accounts_per_manager, fmt), differs('maxKeyAccountsPerManager'), was('maxKeyAccountsPerManager'));
  const lostChanged = differs('lostGapMultiplier') || differs('lostMinDays');
  item(
    'lost',
    t('rules.line.lost', { gap: ruleNumber(r.lost_gap_multiplier, fmt), days: tp('n.days', r.lost_min_days, fmt) }),
    lostChanged,
    lostChanged ? t('rules.line.lost', { gap: ruleNumber(d.lostGapMultiplier, fmt), days: tp('n.days', d.lostMinDays, fmt) }) : null,
  );
  // Said only when changed: the line stays short, and the panel explains the default.
  if (differs('lostMinPurchases')) {
    item('lost_min_purchases', t('rules.line.lost_purchases', { purchases: tp('n.purchases_gen', r.lost_min_purchases, fmt) }), true, tp('n.purchases_gen', d.lostMinPurchases, fmt));
  }
  // The trend, XYZ, judgment and practice rules: said only when changed, like the purchases rule above.
  for (const key of ['trendWindowMonths', 'trendMinMonths', 'hhiRise', 'topShareRise', 'slippingRecentMonths', 'slippingBaselineMonths', 'slippingRatio', 'xyzX', 'xyzY',
    'walletShareMax', 'potentialMinShare', 'innovatorMaxShare', 'smallOrdersMin', 'splitMinShare']) {
    if (!differs(key)) continue;
    item(METHOD_FIELDS.find((f) => f.key === key).rule, t('rules.line.' + key, { value: methodValueText(key, applied[key], fmt) }), true, was(key));
  }
  if (report.as_of) {
    const set = r.as_of_source === 'option';
    item('as_of', t('rules.line.asof', { date: fmt.dateShort(report.as_of), source: t('rules.line.asof.' + (set ? 'option' : 'latest_date')) }), set, null);
  }
  const anyChanged = items.some((n) => n.dataset.changed === 'true');
  const parts = [];
  items.forEach((n, i) => {
    if (i) parts.push(el('span', { class: 'rule-sep', text: ' · ' }));
    parts.push(n);
  });
  return el(
    'p',
    // data-rules: the report's rules as the engine stated them (the tests' contract, like data-value on cards).
    { id: 'report-rules', class: 'rules-line', 'data-defaults': r.defaults ? 'true' : 'false', 'data-rules': JSON.stringify(r), 'data-as-of': report.as_of || '' },
    el('span', { class: 'rules-line-label', text: t(anyChanged ? 'rules.line.label_changed' : 'rules.line.label') + ': ' }),
    parts,
  );
}
