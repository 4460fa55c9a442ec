// "What to do on Monday" (issue 12): `report.actions` (at most 7, most urgent first) as an ordered
// list right after the summary cards. Each item names its client, manager and numbers — taken from
// the action and from the finding it answers (`finding` = index into `report.findings`) — and links
// to that finding's card (`#finding-<index>`, see findings.js).

import { el } from './dom.js';
import { t, tn } from '../i18n/index.js';
import { quoted, moneyCompact } from './scenario.js';

export const MAX_ACTIONS = 7;

const actNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** The sentence's values: the action's own fields first, the finding's where the action has none. */
function paramsOf(a, f, fmt) {
  const pick = (k) => (a[k] !== undefined && a[k] !== null ? a[k] : f ? f[k] : undefined);
  const client = pick('client');
  const manager = pick('manager');
  const share = pick('share');
  const amount = pick('amount');
  const level = pick('level');
  const days = pick('days_silent');
  const count = pick('count');
  const clients = Array.isArray(a.clients) ? a.clients : f && Array.isArray(f.clients) ? f.clients : [];
  const managers = f && Array.isArray(f.managers) ? f.managers : [];
  const unitMoney = !f || f.unit !== 'units';
  const supplierNum = (v) => (actNum(v) ? (unitMoney ? moneyCompact(fmt, v) : t('sup.units_value', { n: fmt.int(v) })) : '—');
  return {
    client: typeof client === 'string' ? quoted(client) : '—',
    manager: typeof manager === 'string' ? manager : '—',
    share: actNum(share) ? fmt.pct(share) : '—',
    amount: actNum(amount) ? moneyCompact(fmt, amount) : '—',
    level: actNum(level) ? fmt.pctRule(level) : '—',
    days: actNum(days) ? fmt.int(days) : '—',
    count: actNum(count) ? fmt.int(count) : '—',
    clients: clients.length ? fmt.list(clients.slice(0, 5).map(quoted)) : '—',
    managers: managers.length ? fmt.list(managers) : '—',
    condition: f && typeof f.condition === 'string' ? quoted(f.condition) : '—',
    tier: f ? supplierNum(f.tier) : '—',
    volume_without: f ? supplierNum(f.volume_without) : '—',
    profit: f && actNum(f.profit) ? (fmt.moneyOnly || fmt.money)(f.profit) : '—',
  };
}

/** The i18n key of an action: a `diversify` without an amount has its own shorter sentence. */
function keyOf(a) {
  if (a.code === 'diversify' && !actNum(a.amount)) return 'act.diversify.no_amount';
  return 'act.' + a.code;
}

export function renderActions(report, fmt) {
  const actions = Array.isArray(report.actions) ? report.actions.slice(0, MAX_ACTIONS) : [];
  if (!actions.length) return null;
  const findings = report.findings || [];
  return el(
    'section',
    { id: 'actions-block', class: 'block actions-block', 'aria-labelledby': 'actions-title' },
    el('h2', { id: 'actions-title', text: t('act.title') }),
    el('p', { class: 'muted', text: t('act.intro') }),
    el(
      'ol',
      { id: 'actions', class: 'actions' },
      actions.map((a, i) => {
        const index = Number.isInteger(a.finding) && a.finding >= 0 && a.finding < findings.length ? a.finding : null;
        const f = index === null ? null : findings[index];
        const client = typeof a.client === 'string' ? a.client : f && typeof f.client === 'string' ? f.client : null;
        const manager = typeof a.manager === 'string' ? a.manager : f && typeof f.manager === 'string' ? f.manager : null;
        return el(
          'li',
          {
            class: 'action',
            'data-code': a.code,
            'data-finding': index === null ? null : String(index),
            'data-client': client,
            'data-manager': manager,
            'data-amount': actNum(a.amount) ? String(a.amount) : null,
          },
          el('p', { class: 'action-text' }, tn(keyOf(a), paramsOf(a, f, fmt), ['clients', 'managers'])),
          index === null ? null : el('a', { class: 'action-link', href: '#finding-' + index, id: 'action-link-' + i, text: t('act.why') }),
        );
      }),
    ),
  );
}
