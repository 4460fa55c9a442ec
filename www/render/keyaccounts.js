// Key accounts per scope: the company, each department, each manager.

import { el, shareBar } from './dom.js';
import { t, tp } from '../i18n/index.js';
import { keyShareThreshold, rulesOf } from './summary.js';

function kaTable(rows, caption, fmt) {
  return el(
    'table',
    { class: 'mini-table' },
    el('caption', { text: caption }),
    el('thead', null, el('tr', null, el('th', { scope: 'col', text: t('ka.col_client') }), el('th', { scope: 'col', class: 'num', text: t('ka.col_share') }))),
    el(
      'tbody',
      null,
      rows.map((k) =>
        el(
          'tr',
          { 'data-client': k.client, 'data-share': String(k.share) },
          el('th', { scope: 'row', class: 'name', text: k.client }),
          el('td', { class: 'num' }, el('span', { class: 'num-text', text: fmt.pct(k.share) }), shareBar(k.share)),
        ),
      ),
    ),
  );
}

/** "3 key accounts" per manager, from the rules the report was built on. */
function kaLimitText(report, fmt) {
  const max = rulesOf(report).max_key_accounts_per_manager;
  return typeof max === 'number' ? tp('n.key_accounts_gen', max, fmt) : '—';
}

function groupsOf(list) {
  const groups = new Map();
  for (const k of list) {
    const g = k.group === null || k.group === undefined ? '' : String(k.group);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(k);
  }
  return groups;
}

export function renderKeyAccounts(report, fmt) {
  const all = report.key_accounts || [];
  const pct = fmt.pctRule(keyShareThreshold(report));
  const company = all.filter((k) => k.scope === 'company');
  const parts = [];

  parts.push(
    el(
      'div',
      { class: 'ka-scope', 'data-scope': 'company' },
      el('h3', { text: t('ka.company') }),
      company.length ? kaTable(company, t('ka.caption', { scope: t('ka.company') }), fmt) : el('p', { class: 'muted', text: t('ka.none_company', { pct }) }),
    ),
  );

  for (const scope of ['department', 'manager']) {
    const list = all.filter((k) => k.scope === scope);
    if (!list.length) continue;
    const groups = [];
    for (const [group, rows] of groupsOf(list)) {
      const caption = t(scope === 'department' ? 'ka.department' : 'ka.manager', { name: group });
      groups.push(el('div', { class: 'ka-group', 'data-group': group }, kaTable(rows, caption, fmt)));
    }
    parts.push(
      el(
        'div',
        { class: 'ka-scope', 'data-scope': scope },
        el('h3', { text: t(scope === 'department' ? 'ka.departments' : 'ka.managers') }),
        el('div', { class: 'ka-grid' }, groups),
      ),
    );
  }

  return el(
    'section',
    { id: 'key-accounts', class: 'block', 'aria-labelledby': 'ka-title' },
    el('h2', { id: 'ka-title', text: t('ka.title') }),
    el('p', { class: 'muted', text: t('ka.intro', { pct }) }),
    el('p', { class: 'callout', text: t('ka.advice', { max: kaLimitText(report, fmt) }) }),
    parts,
  );
}
