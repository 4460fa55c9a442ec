// Summary cards: total, clients, top client's share, HHI with its band, effective number
// of clients, company key accounts. `data-value` holds the raw number from the report.

import { el } from './dom.js';
import { t, tp } from '../i18n/index.js';

export function companyKeyAccounts(report) {
  return (report.key_accounts || []).filter((k) => k.scope === 'company');
}

/** The rules the engine applied (report.rules); {} for a report without them. */
export function rulesOf(report) {
  return (report && report.rules) || {};
}

/** The key-account threshold the engine applied (report.rules, else a key_account finding's rule). */
export function keyShareThreshold(report) {
  const r = rulesOf(report);
  if (typeof r.key_share === 'number') return r.key_share;
  const f = (report.findings || []).find((x) => x.code === 'key_account' && x.rule);
  return f && typeof f.rule.threshold === 'number' ? f.rule.threshold : null;
}

function card(name, raw, label, value, note, extraClass) {
  return el(
    'div',
    { class: 'card' + (extraClass ? ' ' + extraClass : ''), 'data-card': name, 'data-value': raw === null || raw === undefined ? '' : String(raw) },
    el('p', { class: 'card-label', text: label }),
    el('p', { class: 'card-value', text: value }),
    note ? el('p', { class: 'card-note', text: note }) : null,
  );
}

export function renderSummary(report, fmt) {
  const c = report.concentration;
  const clients = report.clients || [];
  const keyCompany = companyKeyAccounts(report);
  const top = clients.length ? clients[0] : null;
  const lines = (report.source && report.source.rows_used) || 0;
  const topShare = c ? c.top1_share : null;
  // The card's colour follows the dependency rules the report was built on.
  const rules = rulesOf(report);
  const measure = ['profit', 'quantity'].includes(report.measure) ? report.measure : 'revenue';
  const firstLevel = Array.isArray(rules.dependency_levels) && rules.dependency_levels.length ? rules.dependency_levels[0] : null;
  let topClass = '';
  if (topShare !== null && typeof rules.critical_share === 'number' && topShare > rules.critical_share) topClass = 'card-critical';
  else if (topShare !== null && firstLevel !== null && topShare >= firstLevel) topClass = 'card-warning';
  let hhiClass = '';
  if (c && c.hhi_band_2023 === 'highly_concentrated') hhiClass = 'card-warning';

  return el(
    'div',
    { class: 'cards' },
    card(
      'total',
      report.total,
      measure === 'revenue' ? t('card.total') : t('card.total.' + measure),
      fmt.money(report.total),
      t(measure === 'quantity' ? 'card.total_note.quantity' : 'card.total_note', { lines: tp('n.lines', lines, fmt) }),
    ),
    card('clients', clients.length, t('card.clients'), fmt.int(clients.length), c ? t('card.clients_note', { n: fmt.int(c.clients) }) : null),
    card('top_share', topShare, t('card.top_share'), c ? fmt.pct(topShare) : '—', top && c ? top.name : null, topClass),
    card(
      'hhi',
      c ? c.hhi : null,
      t('card.hhi'),
      c ? fmt.int(c.hhi) : '—',
      c ? t('card.hhi_note', { band: t('band.' + c.hhi_band_2023) }) : null,
      hhiClass,
    ),
    card('effective', c ? c.effective_clients : null, t('card.effective'), c ? fmt.dec1(c.effective_clients) : '—', t('card.effective_note')),
    card(
      'key_accounts',
      keyCompany.length,
      t('card.key_accounts'),
      fmt.int(keyCompany.length),
      t('card.key_accounts_note', { pct: fmt.pctRule(keyShareThreshold(report)) }),
    ),
  );
}
