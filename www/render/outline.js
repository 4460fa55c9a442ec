// One line per folded section (issue 13): what the section holds, in words and numbers, so a
// closed section still tells the owner whether it is worth opening.

import { t, tp } from '../i18n/index.js';
import { companyKeyAccounts, rulesOf } from './summary.js';
import { moneyCompact, quoted } from './scenario.js';

const num = (v) => typeof v === 'number' && Number.isFinite(v);

function keyAccounts(report, fmt) {
  const all = report.key_accounts || [];
  const count = (scope) => all.filter((k) => k.scope === scope && k.basis !== 'judgment').length;
  const parts = [tp('outline.ka.company', count('company'), fmt)];
  if ((report.departments || []).length) parts.push(tp('outline.ka.department', count('department'), fmt));
  if ((report.managers || []).length) parts.push(tp('outline.ka.manager', count('manager'), fmt));
  const judged = all.filter((k) => k.basis === 'judgment').length;
  if (judged) parts.push(tp('outline.ka.judgment', judged, fmt));
  return parts.join(' · ');
}

function rhythm(report, fmt) {
  const clients = report.clients || [];
  const keys = new Set(companyKeyAccounts(report).map((k) => k.client));
  const count = (status, onlyKey) => clients.filter((c) => c.rhythm === status && (!onlyKey || keys.has(c.name))).length;
  if (!clients.some((c) => c.rhythm)) return t('outline.rhythm.none');
  return t('outline.rhythm', {
    overdue: tp('n.clients', count('overdue'), fmt),
    lost: tp('n.clients', count('lost'), fmt),
    key: fmt.int(count('overdue', true) + count('lost', true)),
  });
}

function dynamics(report, fmt) {
  const months = ((report.time && report.time.months) || []).filter((p) => !p.partial && num(p.top1_share));
  if (months.length < 2) return null;
  const first = months[0];
  const last = months[months.length - 1];
  return t('outline.dynamics', { from: first.period, to: last.period, share_from: fmt.pct(first.top1_share), share_to: fmt.pct(last.top1_share) });
}

function comparison(report, fmt) {
  const c = report.comparison;
  if (!c || !c.before || !c.after) return null;
  const ratio = num(c.change_ratio) ? (c.change_ratio > 0 ? '+' : '') + fmt.pct(c.change_ratio) : '—';
  return t('outline.comparison', {
    before: fmt.dateShort(c.before.from) + '–' + fmt.dateShort(c.before.to),
    after: fmt.dateShort(c.after.from) + '–' + fmt.dateShort(c.after.to),
    change: ratio,
    gained: fmt.int(c.gained || 0),
    lost: fmt.int(c.lost || 0),
  });
}

function xyz(report, fmt) {
  const cells = report.time && report.time.xyz && report.time.xyz.cells;
  if (!Array.isArray(cells)) return null;
  const by = (x) => cells.filter((c) => c.xyz === x).reduce((s, c) => s + (c.clients || 0), 0);
  return t('outline.xyz', { x: fmt.int(by('X')), y: fmt.int(by('Y')), z: fmt.int(by('Z')) });
}

function managers(report, fmt) {
  const list = report.managers || [];
  if (!list.length) return null;
  const max = rulesOf(report).max_key_accounts_per_manager;
  const over = num(max) ? list.filter((m) => m.key_accounts > max).map((m) => m.name) : [];
  return over.length ? t('outline.managers.over', { count: tp('n.managers', list.length, fmt), names: fmt.list(over) }) : tp('n.managers', list.length, fmt);
}

function clients(report, fmt) {
  const list = report.clients || [];
  const by = (k) => list.filter((c) => c.abc === k).length;
  return t('outline.clients', { count: tp('n.clients', list.length, fmt), a: fmt.int(by('A')), b: fmt.int(by('B')), c: fmt.int(by('C')) });
}

function quality(report, fmt) {
  const skipped = Object.values((report.source && report.source.rows_skipped) || {}).reduce((s, n) => s + n, 0);
  return t('outline.quality', { skipped: tp('n.rows', skipped, fmt), notes: fmt.int((report.data_quality || []).length) });
}

function newBusiness(report, fmt) {
  const nb = report.new_business;
  const first = nb && Array.isArray(nb.clients) ? nb.clients[0] : null;
  if (!first) return null;
  const level = (first.levels || []).find((l) => l.kind !== 'key' && l.needed > 0) || (first.levels || []).find((l) => l.needed > 0);
  if (!level) return null;
  return t('outline.new_business', { client: quoted(first.client), level: fmt.pctRule(level.level), needed: moneyCompact(fmt, level.needed) });
}

function understood(report, fmt) {
  const src = report.source || {};
  const cols = src.columns || {};
  const letters = src.column_letters || {};
  const roles = ['client', 'amount', 'date', 'manager', 'department'].filter((r) => cols[r] !== undefined);
  const list = roles.map((r) => t('outline.understood.column', { role: t('role.' + r), header: cols[r] || t('outline.understood.blank'), letter: letters[r] || '?' }));
  return t('outline.understood', { columns: list.join('; '), used: fmt.int(src.rows_used || 0), total: tp('n.rows', src.rows_in_table || 0, fmt) });
}

function decisions(report, fmt) {
  const skipped = Object.values((report.source && report.source.rows_skipped) || {}).reduce((s, n) => s + n, 0);
  const notes = (report.data_quality || []).length;
  return t('outline.decisions', { skipped: tp('n.rows', skipped, fmt), notes: fmt.int(notes) });
}

/** The line under a folded section's heading (null: none). `app` gives the page's own lists. */
export function sectionSummary(id, report, fmt, app) {
  switch (id) {
    case 'understood':
      return understood(report, fmt);
    case 'decisions':
      return decisions(report, fmt);
    case 'scenario':
      return report.scenario ? t('outline.scenario.on') : t('outline.scenario');
    case 'new-business':
      return newBusiness(report, fmt);
    case 'supplier': {
      const n = (app && app.supplier ? app.supplier.length : 0) || (report.supplier || []).length;
      return n ? tp('outline.supplier', n, fmt) : t('outline.supplier.none');
    }
    case 'suggestions':
      return (report.suggestions || []).length ? tp('outline.suggestions', report.suggestions.length, fmt) : null;
    case 'key-accounts':
      return keyAccounts(report, fmt);
    case 'judgment':
      return t('outline.judgment');
    case 'rhythm':
      return rhythm(report, fmt);
    case 'dynamics':
      return dynamics(report, fmt);
    case 'comparison':
      return comparison(report, fmt);
    case 'xyz':
      return xyz(report, fmt);
    case 'managers':
      return managers(report, fmt);
    case 'departments':
      return (report.departments || []).length ? tp('n.departments', report.departments.length, fmt) : null;
    case 'clients':
      return clients(report, fmt);
    case 'quality':
      return quality(report, fmt);
    default:
      return null;
  }
}
