// Manager load (company key accounts per manager against the limit) and departments.

import { el, moneyCell, shareBar, tableWrap } from './dom.js';
import { t, clip } from '../i18n/index.js';
import { rulesOf } from './summary.js';
import { managersChart } from './charts/managers.js';

/** The per-manager limit the engine applied (report.rules, else a manager_overload finding's rule). */
export function managerLimit(report) {
  const r = rulesOf(report);
  if (typeof r.max_key_accounts_per_manager === 'number') return r.max_key_accounts_per_manager;
  const f = (report.findings || []).find((x) => x.code === 'manager_overload' && x.rule);
  return f && typeof f.rule.threshold === 'number' ? f.rule.threshold : null;
}

function groupTable(id, rows, caption, nameHeader, fmt, limit) {
  const isManagers = id === 'managers';
  return el(
    'table',
    { id, class: 'data-table' },
    el('caption', { text: caption }),
    el(
      'thead',
      null,
      el(
        'tr',
        null,
        el('th', { scope: 'col', text: nameHeader }),
        el('th', { scope: 'col', class: 'num', text: t('mgr.col_key') }),
        el('th', { scope: 'col', class: 'num', text: t('mgr.col_amount') }),
        el('th', { scope: 'col', class: 'num', text: t('mgr.col_share') }),
        el('th', { scope: 'col', class: 'num', text: t('mgr.col_clients') }),
      ),
    ),
    el(
      'tbody',
      null,
      rows.map((m) => {
        const over = isManagers && limit !== null && m.key_accounts > limit;
        const attrs = isManagers
          ? { 'data-manager': m.name, 'data-key-accounts': String(m.key_accounts), class: over ? 'over' : null }
          : { 'data-department': m.name, 'data-key-accounts': String(m.key_accounts) };
        return el(
          'tr',
          attrs,
          el('th', { scope: 'row', class: 'name', ...clip(m.name) }),
          el(
            'td',
            { class: 'num' },
            isManagers ? el('span', { class: 'load' + (over ? ' load-over' : ''), text: fmt.int(m.key_accounts) + (limit !== null ? ' / ' + fmt.int(limit) : '') }) : fmt.int(m.key_accounts),
            isManagers ? el('span', { class: 'load-state' + (over ? ' load-over' : ''), text: t(over ? 'mgr.over' : 'mgr.ok') }) : null,
          ),
          moneyCell(fmt, m.amount),
          el('td', { class: 'num' }, el('span', { class: 'num-text', text: fmt.pct(m.share) }), shareBar(m.share)),
          el('td', { class: 'num', text: fmt.int(m.clients) }),
        );
      }),
    ),
  );
}

export function renderManagers(report, fmt) {
  const managers = report.managers || [];
  const departments = report.departments || [];
  const limit = managerLimit(report);
  const mgr = el(
    'section',
    { class: 'block', 'aria-labelledby': 'mgr-title' },
    el('h2', { id: 'mgr-title', text: t('mgr.title') }),
    managersChart(report, fmt, limit),
    managers.length
      ? tableWrap(groupTable('managers', managers, t('mgr.caption', { max: fmt.int(limit) }), t('mgr.col_name'), fmt, limit))
      : el('p', { class: 'muted', text: t('mgr.none') }),
  );
  const dept = departments.length
    ? el(
        'section',
        { class: 'block', 'aria-labelledby': 'dept-title' },
        el('h2', { id: 'dept-title', text: t('dept.title') }),
        tableWrap(groupTable('departments', departments, t('dept.caption'), t('dept.col_name'), fmt, limit)),
      )
    : null;
  return [mgr, dept];
}
