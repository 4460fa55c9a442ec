// Findings in report order (most severe first): what was found with its numbers, the rule
// behind it (from `rule`: threshold and scope) and what to do in the method's words.

import { el } from './dom.js';
import { t, tp, tn, has } from '../i18n/index.js';
import { keyShareThreshold, rulesOf } from './summary.js';
import { methodValueText, ruleNumber } from './rules.js';
import { shareToPct } from '../method.js';

const MAX_NAMES = 10;

function names(list, fmt) {
  const all = Array.isArray(list) ? list : [];
  const shown = all.slice(0, MAX_NAMES);
  const rest = all.length - shown.length;
  const items = rest > 0 ? [...shown, tp('n.more', rest, fmt)] : shown;
  return fmt.list(items);
}

function ruleThreshold(f, fmt) {
  const th = f.rule ? f.rule.threshold : undefined;
  if (typeof th !== 'number') return '';
  if (f.code === 'lost_key_client') return tp('n.days', th, fmt);
  if (f.code === 'manager_overload') return fmt.int(th);
  if (f.code === 'trends_unchecked') return tp('n.months', th, fmt);
  // issue 12: a supplier's tier is a volume per month (units or money), the small-orders rule a count
  if (isSupplierFinding(f)) return supplierAmount(f, th, fmt);
  if (f.code === 'kam_mixed_with_small_orders') return fmt.int(th);
  return fmt.pctRule(th);
}

/** "1 января 2024 — 31 декабря 2024": a window of the trend findings. */
function periodText(from, to, fmt) {
  if (!from || !to) return '—';
  return t('dyn.range', { from: fmt.dateShort(from), to: fmt.dateShort(to) });
}

const num = (v) => typeof v === 'number' && Number.isFinite(v);

// ---------- issue 12: supplier conditions and manager practice ----------

function isSupplierFinding(f) {
  return (f.code === 'critical_dependency' && f.reason === 'supplier_discount') || f.code === 'supplier_tier_missed';
}

/** A supplier volume: money in the report's currency, units as a plain number. */
function supplierAmount(f, v, fmt) {
  if (!num(v)) return '—';
  if (f.unit === 'money') return (fmt.moneyOnly || fmt.money)(v);
  return t('sup.units_value', { n: fmt.dec1(v).replace(/[.,]0$/, '') });
}

/** The dictionary variant of a finding's sentences: `f.<code>.<part>[.<variant>]`. */
function variantOf(f) {
  if (f.code === 'critical_dependency' && f.reason === 'supplier_discount') return 'supplier_discount';
  if (f.code === 'supplier_unchecked' && typeof f.reason === 'string') return f.reason;
  return null;
}

function keyWithVariant(f, part) {
  const v = variantOf(f);
  const key = 'f.' + f.code + '.' + part;
  return v && has(key + '.' + v) ? key + '.' + v : key;
}

function issue12Title(f, fmt, p) {
  switch (f.code) {
    case 'critical_dependency':
      if (f.reason !== 'supplier_discount') return null;
      return tn(keyWithVariant(f, 'title'), {
        ...p,
        condition: f.condition,
        volume: supplierAmount(f, f.volume, fmt),
        volume_without: supplierAmount(f, f.volume_without, fmt),
        tier: supplierAmount(f, f.tier, fmt),
      });
    case 'supplier_tier_missed':
      return tn('f.supplier_tier_missed.title', { condition: f.condition, volume: supplierAmount(f, f.volume, fmt), tier: supplierAmount(f, f.tier, fmt) });
    case 'supplier_unchecked':
      return tn(keyWithVariant(f, 'title'), { condition: f.condition });
    case 'kam_mixed_with_small_orders':
      return tn('f.kam_mixed_with_small_orders.title', { manager: f.manager, clients: names(f.clients, fmt), count: tp('n.clients_c', f.count || 0, fmt) }, ['clients']);
    case 'key_client_split': {
      const ms = Array.isArray(f.managers) ? f.managers : [];
      const shares = Array.isArray(f.manager_shares) ? f.manager_shares : [];
      const parts = ms.map((m, i) => (num(shares[i]) ? t('f.key_client_split.part', { manager: m, share: fmt.pct(shares[i]) }) : m));
      return tn('f.key_client_split.title', { ...p, count: fmt.int(ms.length), managers: fmt.list(parts) }, ['managers']);
    }
    default:
      return null;
  }
}

function titleOf(f, fmt, rules) {
  const p = {
    client: f.client,
    share: typeof f.share === 'number' ? fmt.pct(f.share) : '',
    manager: f.manager,
    group: f.group,
  };
  const own = issue12Title(f, fmt, p);
  if (own) return own;
  switch (f.code) {
    case 'manager_overload':
      return tn('f.manager_overload.title', { ...p, count: tp('n.key_accounts', f.count || 0, fmt), clients: names(f.clients, fmt) }, ['clients']);
    case 'lost_key_client':
      return tn('f.lost_key_client.title', { ...p, days: tp('n.days', f.days_silent || 0, fmt), date: fmt.date(f.last_date) });
    case 'key_account': {
      const scope = f.scope || (f.rule && f.rule.scope) || 'company';
      return tn('f.key_account.title.' + scope, p);
    }
    case 'non_positive_clients':
      return tn('f.non_positive_clients.title', { count: tp('n.clients', f.count || 0, fmt), clients: names(f.clients, fmt) }, ['clients']);
    case 'lost_clients_unchecked':
      return tn('f.lost_clients_unchecked.title.' + (f.reason === 'no_dates' ? 'no_dates' : 'no_date_column'), p);
    case 'concentration_rising':
      return tn('f.concentration_rising.title', {
        ...p,
        share_before: num(f.share_before) ? fmt.pct(f.share_before) : '—',
        hhi: num(f.hhi) ? fmt.int(f.hhi) : '—',
        hhi_before: num(f.hhi_before) ? fmt.int(f.hhi_before) : '—',
        period: periodText(f.from, f.to, fmt),
        period_before: periodText(f.from_before, f.to_before, fmt),
      });
    case 'new_key_account':
      return tn('f.new_key_account.title', {
        ...p,
        share_before: num(f.share_before) ? fmt.pct(f.share_before) : '—',
        period: periodText(f.from, f.to, fmt),
        period_before: periodText(f.from_before, f.to_before, fmt),
      });
    case 'slipping_key_client':
      return tn('f.slipping_key_client.title', { ...p, recent: fmt.money(f.monthly_recent), before: fmt.money(f.monthly_before), period: periodText(f.from, f.to, fmt) });
    case 'unstable_key_client':
      return tn('f.unstable_key_client.title', { ...p, cv: num(f.cv) ? fmt.pct(f.cv) : '—' });
    case 'loss_making_key_client':
      // Profit is money whatever the report measures.
      return tn('f.loss_making_key_client.title', { ...p, profit: (fmt.moneyOnly || fmt.money)(f.profit) });
    case 'trends_unchecked': {
      const reason = f.reason === 'not_monthly' ? 'not_monthly' : 'few_months';
      const min = typeof (rules || {}).trend_min_months === 'number' ? rules.trend_min_months : f.rule && f.rule.threshold;
      return tn('f.trends_unchecked.title.' + reason, { count: fmt.int(f.count || 0), need: num(min) ? fmt.int(2 * min) : '—' });
    }
    // issue 12: key by judgment
    case 'key_by_judgment': {
      const marks = fmt.list((Array.isArray(f.marks) ? f.marks : []).map((k) => t('mk.kind.' + k)));
      if (num(f.wallet_share)) return tn('f.key_by_judgment.title.wallet', { ...p, marks, wallet: fmt.pct(f.wallet_share), potential: num(f.potential) ? fmt.money(f.potential) : '—' });
      return tn('f.key_by_judgment.title', { ...p, marks });
    }
    case 'innovators_overmarked':
      return tn('f.innovators_overmarked.title', { ...p, count: tp('n.clients', f.count || 0, fmt) });
    default:
      return tn('f.' + f.code + '.title', p);
  }
}

/** The rule's sentence, with the thresholds of the rules the report was built on (never hard-coded). */
function ruleOf(f, fmt, rules) {
  const scope = (f.rule && f.rule.scope) || 'company';
  return t(keyWithVariant(f, 'rule'), {
    threshold: ruleThreshold(f, fmt),
    scope: t('scope.' + scope),
    levels: methodValueText('dependencyLevels', rules.dependency_levels, fmt),
    critical: typeof rules.critical_share === 'number' ? fmt.pctRule(rules.critical_share) : '—',
    multiplier: typeof rules.lost_gap_multiplier === 'number' ? ruleNumber(rules.lost_gap_multiplier, fmt) : '—',
    pp: num(rules.top_share_rise) ? t('rules.pp', { n: ruleNumber(shareToPct(rules.top_share_rise), fmt) }) : '—',
    recent_months: num(rules.slipping_recent_months) ? tp('n.months', rules.slipping_recent_months, fmt) : '—',
    baseline_months: num(rules.slipping_baseline_months) ? tp('n.months_gen', rules.slipping_baseline_months, fmt) : '—',
    min_months: num(rules.trend_min_months) ? tp('n.months_gen', rules.trend_min_months, fmt) : '—',
    wallet_max: num(rules.wallet_share_max) ? fmt.pctRule(rules.wallet_share_max) : '—',
  });
}

function adviceOf(f, fmt, rules) {
  const max = rules.max_key_accounts_per_manager;
  const min = rules.trend_min_months;
  return t(keyWithVariant(f, 'advice'), { max: typeof max === 'number' ? tp('n.key_accounts_gen', max, fmt) : '—', need: num(min) ? fmt.int(2 * min) : '—' });
}

/** `index`: the finding's place in `report.findings` — its card is `#finding-<index>` (the actions link there). */
export function renderFinding(f, fmt, rules, index) {
  const r = rules || {};
  const severity = f.severity || 'info';
  const compact = f.code === 'key_account';
  return el(
    'li',
    {
      id: Number.isInteger(index) ? 'finding-' + index : null,
      tabindex: Number.isInteger(index) ? '-1' : null,
      class: 'finding sev-' + severity + (compact ? ' compact' : ''),
      'data-code': f.code,
      'data-severity': severity,
      'data-client': typeof f.client === 'string' ? f.client : null,
      'data-reason': typeof f.reason === 'string' ? f.reason : null,
      'data-manager': typeof f.manager === 'string' ? f.manager : null,
      'data-condition': typeof f.condition === 'string' ? f.condition : null,
    },
    el('span', { class: 'sev-badge', text: t('severity.' + severity) }),
    el('p', { class: 'finding-title' }, titleOf(f, fmt, r)),
    el('p', { class: 'rule' }, el('span', { class: 'label', text: t('findings.rule') + ': ' }), ruleOf(f, fmt, r)),
    el('p', { class: 'advice' }, el('span', { class: 'label', text: t('findings.advice') + ': ' }), adviceOf(f, fmt, r)),
  );
}

/** A finding's title sentence (as DOM nodes), for the verdict, the groups and meeting mode. */
export function findingTitle(f, fmt, rules) {
  return titleOf(f, fmt, rules || {});
}

/** What the method advises for a finding, with the report's thresholds. */
export function findingAdvice(f, fmt, rules) {
  return adviceOf(f, fmt, rules || {});
}

// ---------- groups (issue 13) ----------
// Findings of one kind that are only information (`info`) and come more than once are one line
// per scope with their names — "Ключевые клиенты менеджеров: Иванов — 4, Кузнецова — 4" — that
// opens into the cards. Warnings and critical findings stay one card each.

function groupKeyOf(f) {
  if (f.severity !== 'info') return null;
  const scope = f.code === 'key_account' ? f.scope || (f.rule && f.rule.scope) || 'company' : null;
  return scope ? f.code + ':' + scope : f.code;
}

/** "Иванов — 4, Кузнецова — 4, …" (groups of a scope) or "A, B, C" (clients). */
function groupNames(items, fmt) {
  const first = items[0].f;
  const scope = first.code === 'key_account' ? first.scope || (first.rule && first.rule.scope) || 'company' : null;
  if (scope === 'department' || scope === 'manager') {
    const counts = new Map();
    for (const { f } of items) {
      const g = typeof f.group === 'string' ? f.group : '—';
      counts.set(g, (counts.get(g) || 0) + 1);
    }
    const parts = [...counts].map(([g, n]) => t('fg.group_count', { group: g, n: fmt.int(n) }));
    return names(parts, fmt);
  }
  const labels = items.map(({ f }) => (typeof f.client === 'string' ? f.client : typeof f.condition === 'string' ? f.condition : typeof f.manager === 'string' ? f.manager : null)).filter(Boolean);
  return labels.length ? names([...new Set(labels)], fmt) : '';
}

function groupLabel(key) {
  const k = 'fg.' + key.replace(':', '.');
  return has(k) ? t(k) : t('fg.other', { code: key });
}

function renderGroup(key, items, fmt, rules, open, onToggle) {
  const first = items[0].f;
  const id = 'fg-' + key.replace(':', '-');
  const details = el(
    'details',
    { id, class: 'finding-group-details' },
    el(
      'summary',
      { class: 'finding-group-summary' },
      el('span', { class: 'sev-badge', text: t('severity.info') }),
      el('span', { class: 'fg-label', text: groupLabel(key) + ' (' + fmt.int(items.length) + '): ' }),
      el('span', { class: 'fg-names', text: groupNames(items, fmt) }),
    ),
    el('ol', { class: 'findings group-items' }, items.map(({ f, i }) => renderFinding(f, fmt, rules, i))),
  );
  details.open = Boolean(open);
  details.addEventListener('toggle', () => onToggle && onToggle(id, details.open));
  return el(
    'li',
    {
      class: 'finding-group sev-info',
      'data-group': key,
      'data-code': first.code,
      'data-scope': key.includes(':') ? key.split(':')[1] : null,
      'data-count': String(items.length),
    },
    details,
  );
}

/**
 * `state`: {openGroups: Set of group ids the user opened}, `onGroupToggle(id, open)`. Every finding
 * is an `li.finding#finding-<index>`; grouped ones sit inside their group's <details>.
 */
export function renderFindings(report, fmt, state, onGroupToggle) {
  const findings = report.findings || [];
  const rules = rulesOf(report);
  const openGroups = (state && state.openGroups) || new Set();
  const byKey = new Map();
  findings.forEach((f, i) => {
    const key = groupKeyOf(f);
    if (!key) return;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push({ f, i });
  });
  const items = [];
  const placed = new Set();
  findings.forEach((f, i) => {
    const key = groupKeyOf(f);
    const group = key ? byKey.get(key) : null;
    if (group && group.length > 1) {
      if (placed.has(key)) return;
      placed.add(key);
      items.push(renderGroup(key, group, fmt, rules, openGroups.has('fg-' + key.replace(':', '-')), onGroupToggle));
    } else {
      items.push(renderFinding(f, fmt, rules, i));
    }
  });
  const list = el('ol', { id: 'findings', class: 'findings', 'data-count': String(findings.length) }, items);
  return el(
    'section',
    { id: 'findings-block', class: 'block', 'aria-labelledby': 'findings-title' },
    el('h2', { id: 'findings-title', text: t('findings.title') }),
    el('p', { class: findings.length ? 'muted' : 'callout', text: findings.length ? t('findings.intro') : t('findings.none', { pct: fmt.pctRule(keyShareThreshold(report)) }) }),
    list,
  );
}
