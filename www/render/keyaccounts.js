// Key accounts per scope: the company, each department, each manager.

import { el, shareBar } from './dom.js';
import { t, tp, clip } from '../i18n/index.js';
import { keyShareThreshold, rulesOf } from './summary.js';
import { MARK_KINDS } from '../marks.js';
import { sharesChart } from './charts/shares.js';

// issue 12: an entry's reasons (the client's marks) in words, and the client's share of wallet.
function reasonsOf(k) {
  return Array.isArray(k.reasons) ? k.reasons.filter((r) => MARK_KINDS.includes(r)) : [];
}

/** The reasons under the client's name (one column less: the table fits a phone). */
function reasonBadges(k) {
  const reasons = reasonsOf(k);
  if (!reasons.length) return null;
  return el(
    'span',
    { class: 'ka-reasons' },
    reasons.map((r) => el('span', { class: 'mark-badge mark-' + r, 'data-kind': r, title: t('mk.kind_hint.' + r), text: t('mk.kind.' + r) })),
  );
}

function walletCell(client, fmt) {
  const w = client && typeof client.wallet_share === 'number' && Number.isFinite(client.wallet_share) ? client.wallet_share : null;
  if (w === null) return el('td', { class: 'num muted', text: '—' });
  return el('td', { class: 'num', 'data-wallet-share': String(w), title: typeof client.potential === 'number' ? t('ka.wallet_title', { potential: fmt.money(client.potential) }) : null, text: fmt.pct(w) });
}

function kaTable(rows, caption, fmt, extra) {
  const x = extra || {};
  return el(
    'table',
    { class: 'mini-table', id: x.id || null },
    el('caption', { text: caption }),
    el(
      'thead',
      null,
      el(
        'tr',
        null,
        el('th', { scope: 'col', text: t('ka.col_client') }),
        el('th', { scope: 'col', class: 'num', text: t('ka.col_share') }),
        x.wallet ? el('th', { scope: 'col', class: 'num', text: t('ka.col_wallet') }) : null,
      ),
    ),
    el(
      'tbody',
      null,
      rows.map((k) =>
        el(
          'tr',
          {
            'data-client': k.client,
            'data-share': String(k.share),
            'data-basis': k.basis || null,
            'data-reasons': reasonsOf(k).length ? reasonsOf(k).join('|') : null,
          },
          el('th', { scope: 'row', class: 'name' }, el('span', { class: 'name-text', ...clip(k.client) }), x.reasons ? reasonBadges(k) : null),
          el('td', { class: 'num' }, el('span', { class: 'num-text', text: fmt.pct(k.share) }), shareBar(k.share)),
          x.wallet ? walletCell(x.clients.get(k.client), fmt) : null,
        ),
      ),
    ),
  );
}

/** The company's key accounts by the client's importance beyond volume (basis "judgment"), with their reasons. */
function judgmentBlock(rows, fmt, clients) {
  if (!rows.length) return null;
  const wallet = rows.some((k) => { const c = clients.get(k.client); return c && typeof c.wallet_share === 'number'; });
  return el(
    'div',
    { class: 'ka-judgment', id: 'ka-judgment', 'data-count': String(rows.length) },
    el('h4', { text: t('ka.judgment') }),
    el('p', { class: 'muted small', text: t('ka.judgment_intro') }),
    kaTable(rows, t('ka.judgment_caption'), fmt, { reasons: true, judgment: true, wallet, clients, id: 'ka-judgment-table' }),
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
  // issue 12: judgment entries stand beside the volume ones (their own table, with the reasons).
  const company = all.filter((k) => k.scope === 'company' && k.basis !== 'judgment');
  const judgment = all.filter((k) => k.scope === 'company' && k.basis === 'judgment');
  const clients = new Map((report.clients || []).map((c) => [c.name, c]));
  const withReasons = company.some((k) => reasonsOf(k).length);
  const withWallet = company.some((k) => { const c = clients.get(k.client); return c && typeof c.wallet_share === 'number'; });
  const parts = [];

  parts.push(
    el(
      'div',
      { class: 'ka-scope', 'data-scope': 'company' },
      el('h3', { text: t('ka.company') }),
      company.length
        ? kaTable(company, t('ka.caption', { scope: t('ka.company') }), fmt, { reasons: withReasons, wallet: withWallet, clients })
        : el('p', { class: 'muted', text: t('ka.none_company', { pct }) }),
      judgmentBlock(judgment, fmt, clients),
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
    sharesChart(report, fmt),
    parts,
  );
}
