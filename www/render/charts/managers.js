// Key accounts per manager against the limit (issue 13, chart 4): report.managers[].key_accounts as
// horizontal bars, rules.max_key_accounts_per_manager as a labelled vertical line. A manager over the
// limit has a hatched bar and says by how much in words, not only in colour.

import { t, tp } from '../../i18n/index.js';
import { HBAR_MAX_WIDTH, NAME_BAND, chartFigure, datum, hatchPattern, niceTicks, rowName, rowsLayout, scaleLinear, svg, textWidth, topLabels, xTickLabel } from '../charts.js';

const MANAGERS_MAX = 20;

/** The managers drawn: most key accounts first (then by sales), at most 20. */
export function managerRows(report) {
  return (report.managers || [])
    .map((m, i) => ({ ...m, order: i }))
    .sort((a, b) => (b.key_accounts || 0) - (a.key_accounts || 0) || a.order - b.order)
    .slice(0, MANAGERS_MAX);
}

function managersDraw(fmt, rows, limit) {
  const valueText = (n) => (n > limit ? t('chart.managers.value_over', { n: fmt.int(n), over: fmt.int(n - limit) }) : fmt.int(n));
  return (cw, ctx) => {
    const w = Math.min(cw, HBAR_MAX_WIDTH);
    const hatchId = ctx.id('over');
    const max = Math.max(limit + 1, ...rows.map((m) => m.key_accounts || 0));
    const xt = niceTicks(max, Math.min(max, 6), true);
    const names = rows.map((m) => m.name);
    const limitText = t('chart.managers.limit', { n: fmt.int(limit) });
    const overW = Math.ceil(Math.max(...rows.map((m) => textWidth(valueText(m.key_accounts || 0), 12, 700)))) + 12;
    const probe = rowsLayout(names, w, { right: overW });
    const sx0 = scaleLinear(0, xt.max, probe.x0, probe.x1);
    const labels = topLabels([{ x: sx0(limit), text: limitText, cls: 'ref-label-limit' }], 12, probe.narrow ? 0 : probe.x0 - 30, w);
    const top = labels.bottom + 8;
    const L = rowsLayout(names, w, { top, right: overW, bottom: 22 });
    const sx = scaleLinear(0, xt.max, L.x0, L.x1);
    const yEnd = L.h - 22;

    const items = rows.map((m, i) => {
      const n = m.key_accounts || 0;
      const over = n > limit;
      const y = L.barY(i);
      const xEnd = sx(n);
      const value = valueText(n);
      const parts = [
        n > 0 ? svg('rect', { class: 'cbar ' + (over ? 'bar-over' : 'bar-load'), x: L.x0, y, width: Math.max(1, xEnd - L.x0), height: L.barH }) : null,
        n > 0 && over ? svg('rect', { class: 'bar-pattern', x: L.x0, y, width: Math.max(1, xEnd - L.x0), height: L.barH, fill: 'url(#' + hatchId + ')' }) : null,
        svg('text', { class: 'bar-value chart-halo' + (over ? ' is-over' : ''), x: xEnd + 5, y: y + L.barH / 2, 'dominant-baseline': 'middle', text: value }),
      ];
      const lines = [
        t('chart.managers.tip_count', { n: tp('n.key_accounts', n, fmt), limit: fmt.int(limit) }),
        over ? t('chart.managers.tip_over', { n: fmt.int(n - limit) }) : t('chart.managers.tip_ok'),
      ];
      const node = datum({ x: 0, y: y - (L.narrow ? NAME_BAND : 6), width: w, height: L.rowH }, rowName(L, i, m.name), parts);
      node.setAttribute('data-manager', m.name);
      node.setAttribute('data-key-accounts', String(n));
      if (over) node.setAttribute('data-over', 'true');
      return { node, label: [m.name, ...lines].join('; '), tip: { title: m.name, lines }, x: Math.max(xEnd, L.x0 + 20), y };
    });

    const root = svg(
      'svg',
      { viewBox: `0 0 ${w} ${L.h}`, height: L.h },
      svg('defs', null, hatchPattern(hatchId, 'hatch-over')),
      xt.ticks.map((v) => svg('line', { class: 'grid', x1: sx(v), x2: sx(v), y1: top - 4, y2: yEnd })),
      svg('line', { class: 'axis', x1: L.x0, x2: L.x1, y1: yEnd, y2: yEnd }),
      xt.ticks.map((v) => xTickLabel(sx(v), yEnd + 16, fmt.int(v), w)),
      svg('line', { class: 'ref ref-limit', x1: sx(limit), x2: sx(limit), y1: top - 4, y2: yEnd, 'data-value': String(limit) }),
      labels.nodes,
      items.map((it) => it.node),
    );
    return { svg: root, items, bars: rows.filter((m) => (m.key_accounts || 0) > 0).length, points: 0, maxWidth: w, attrs: { 'data-over': rows.filter((m) => (m.key_accounts || 0) > limit).length, 'data-limit': limit } };
  };
}

/** The managers' load chart, or null without managers or without a limit. */
export function managersChart(report, fmt, limit) {
  const all = report.managers || [];
  if (!all.length || typeof limit !== 'number') return null;
  const rows = managerRows(report);
  const over = all.filter((m) => (m.key_accounts || 0) > limit);
  const summary = over.length
    ? t('chart.managers.summary.over', { n: fmt.int(over.length), total: fmt.int(all.length), limit: tp('n.key_accounts', limit, fmt), names: fmt.list(over.map((m) => m.name)) })
    : t('chart.managers.summary.ok', { total: fmt.int(all.length), limit: tp('n.key_accounts', limit, fmt) });
  return chartFigure({
    name: 'managers',
    title: t('chart.managers.title'),
    summary: all.length > rows.length ? summary + ' ' + t('chart.managers.more', { n: fmt.int(rows.length) }) : summary,
    draw: managersDraw(fmt, rows, limit),
    legend: [
      { kind: 'box', mark: 'cbar bar-load', label: t('chart.managers.legend_ok') },
      over.length ? { kind: 'box', mark: 'cbar bar-over', pattern: 'hatch-over', overlay: true, label: t('chart.managers.legend_over') } : null,
      { kind: 'line', mark: 'ref ref-limit', label: t('chart.managers.legend_limit', { n: fmt.int(limit) }) },
    ].filter(Boolean),
    table: {
      caption: t('chart.managers.table'),
      head: [t('chart.col.manager'), t('chart.col.key_accounts'), t('chart.col.limit')],
      numeric: [false, true, false],
      rows: rows.map((m) => {
        const n = m.key_accounts || 0;
        return {
          attrs: { 'data-manager': m.name, 'data-key-accounts': String(n) },
          cells: [m.name, fmt.int(n), n > limit ? t('chart.managers.tip_over', { n: fmt.int(n - limit) }) : t('chart.managers.tip_ok')],
        };
      }),
    },
  });
}
