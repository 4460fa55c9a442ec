// Top clients' company shares against the method's lines (issue 13, chart 2): horizontal bars of the
// ten largest clients with vertical lines at the key-account share (rules.key_share), each dependency
// level (rules.dependency_levels) and the critical share (rules.critical_share). A bar's zone shows
// in its colour, its pattern (critical: hatched) and its label; every line is labelled on top.

import { t } from '../../i18n/index.js';
import { rulesOf } from '../summary.js';
import { HBAR_MAX_WIDTH, NAME_BAND, chartFigure, datum, hatchPattern, niceTicks, pctTick, rowName, rowsLayout, scaleLinear, svg, textWidth, topLabels, xTickLabel } from '../charts.js';
import { positiveClients } from './pareto.js';

const SHARES_TOP = 10;

/** The method's lines, ascending, one per distinct value: [{value, kind: key|dependency|critical}]. */
export function shareLines(report) {
  const r = rulesOf(report);
  const lines = new Map();
  const put = (v, kind) => {
    if (typeof v !== 'number' || !(v > 0)) return;
    const rank = { key: 0, dependency: 1, critical: 2 };
    const had = lines.get(v);
    if (!had || rank[kind] > rank[had]) lines.set(v, kind);
  };
  put(r.key_share, 'key');
  for (const v of Array.isArray(r.dependency_levels) ? r.dependency_levels : []) put(v, 'dependency');
  put(r.critical_share, 'critical');
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([value, kind]) => ({ value, kind }));
}

/** The zone of a share: critical (above critical_share), dependency (≥ first level), key (≥ key_share) or none. */
export function shareZone(share, rules) {
  const levels = Array.isArray(rules.dependency_levels) ? rules.dependency_levels : [];
  if (typeof rules.critical_share === 'number' && share > rules.critical_share) return 'critical';
  if (levels.length && share >= levels[0]) return 'dependency';
  if (typeof rules.key_share === 'number' && share >= rules.key_share) return 'key';
  return 'none';
}

function sharesDraw(report, fmt, rows, lines) {
  const rules = rulesOf(report);
  return (cw, ctx) => {
    const w = Math.min(cw, HBAR_MAX_WIDTH);
    const hatchId = ctx.id('critical');
    const maxShare = Math.max(...rows.map((c) => c.share), ...lines.map((l) => l.value));
    const xt = niceTicks(maxShare * 1.06, 5);
    const names = rows.map((c) => c.name);
    const probe = rowsLayout(names, w, { right: 10 });
    const sx0 = scaleLinear(0, xt.max, probe.x0, probe.x1);
    const labels = topLabels(
      lines.map((l) => ({ x: sx0(l.value), text: fmt.pctRule(l.value), cls: 'ref-label-' + l.kind })),
      12,
      probe.narrow ? 0 : probe.x0 - 20,
      w,
    );
    const top = labels.bottom + 8;
    const L = rowsLayout(names, w, { top, right: 10, bottom: 22 });
    const sx = scaleLinear(0, xt.max, L.x0, L.x1);
    const yEnd = L.h - 22;

    const items = rows.map((c, i) => {
      const zone = shareZone(c.share, rules);
      const y = L.barY(i);
      const xEnd = sx(c.share);
      const label = fmt.pct(c.share);
      const lw = textWidth(label, 12, 700);
      const inside = xEnd + 6 + lw > L.x1 + 8;
      const parts = [
        svg('rect', { class: 'cbar zone-' + zone, x: L.x0, y, width: Math.max(1, xEnd - L.x0), height: L.barH }),
        zone === 'critical' ? svg('rect', { class: 'bar-pattern', x: L.x0, y, width: Math.max(1, xEnd - L.x0), height: L.barH, fill: 'url(#' + hatchId + ')' }) : null,
        svg('text', { class: 'bar-value' + (inside ? ' is-inside' : ' chart-halo'), x: inside ? xEnd - 4 : xEnd + 5, y: y + L.barH / 2, 'text-anchor': inside ? 'end' : 'start', 'dominant-baseline': 'middle', text: label }),
      ];
      const title = c.name;
      const tipLines = [t('chart.share', { share: fmt.pct(c.share) }), t('chart.shares.zone.' + zone, { pct: fmt.pctRule(zone === 'critical' ? rules.critical_share : zone === 'key' ? rules.key_share : (rules.dependency_levels || []).filter((v) => c.share >= v).pop()) })];
      const node = datum({ x: 0, y: L.barY(i) - (L.narrow ? NAME_BAND : 6), width: w, height: L.rowH }, rowName(L, i, c.name), parts);
      node.setAttribute('data-client', c.name);
      node.setAttribute('data-share', String(c.share));
      node.setAttribute('data-zone', zone);
      return { node, label: [title, ...tipLines].join('; '), tip: { title, lines: tipLines }, x: Math.min(xEnd, L.x1 - 10), y };
    });

    const refs = lines.map((l) =>
      svg('line', { class: 'ref ref-' + l.kind, x1: sx(l.value), x2: sx(l.value), y1: top - 4, y2: yEnd, 'data-value': String(l.value) }),
    );
    const ticks = xt.ticks.map((v) => xTickLabel(sx(v), yEnd + 16, pctTick(fmt, v), w));
    const root = svg(
      'svg',
      { viewBox: `0 0 ${w} ${L.h}`, height: L.h },
      svg('defs', null, hatchPattern(hatchId, 'hatch-critical')),
      svg('line', { class: 'axis', x1: L.x0, x2: L.x0, y1: top - 4, y2: yEnd }),
      svg('line', { class: 'axis', x1: L.x0, x2: L.x1, y1: yEnd, y2: yEnd }),
      ticks,
      refs,
      labels.nodes,
      items.map((it) => it.node),
    );
    return { svg: root, items, bars: rows.length, points: 0, maxWidth: w, attrs: { 'data-lines': lines.map((l) => l.value).join('|') } };
  };
}

/** The top clients' shares against the lines, or null without clients with sales or without rules. */
export function sharesChart(report, fmt) {
  const rules = rulesOf(report);
  if (typeof rules.key_share !== 'number') return null;
  const rows = positiveClients(report).slice(0, SHARES_TOP);
  if (!rows.length) return null;
  const lines = shareLines(report);
  const top = rows[0];
  const zone = shareZone(top.share, rules);
  const keys = positiveClients(report).filter((c) => c.share >= rules.key_share).length;
  const levels = Array.isArray(rules.dependency_levels) ? rules.dependency_levels : [];
  const reached = levels.filter((v) => top.share >= v).pop();
  const zones = new Set(rows.map((c) => shareZone(c.share, rules)));
  return chartFigure({
    name: 'shares',
    title: t('chart.shares.title', { n: fmt.int(rows.length) }),
    summary: t('chart.shares.summary.' + zone, {
      name: top.name,
      share: fmt.pct(top.share),
      crit: fmt.pctRule(rules.critical_share),
      level: fmt.pctRule(reached),
      key: fmt.pctRule(rules.key_share),
      k: fmt.int(keys),
    }),
    draw: sharesDraw(report, fmt, rows, lines),
    // A zone's bars and its line share a colour: the legend names both (every line is drawn, so every zone is listed).
    legend: [
      zones.has('none') ? { kind: 'box', mark: 'cbar zone-none', label: t('chart.shares.legend.none', { pct: fmt.pctRule(rules.key_share) }) } : null,
      { kind: 'box', mark: 'cbar zone-key', label: t('chart.shares.legend.key', { pct: fmt.pctRule(rules.key_share) }) },
      levels.length ? { kind: 'box', mark: 'cbar zone-dependency', label: t('chart.shares.legend.dependency', { pct: levels.map((v) => fmt.pctRule(v)).join(', ') }) } : null,
      typeof rules.critical_share === 'number' ? { kind: 'box', mark: 'cbar zone-critical', pattern: 'hatch-critical', overlay: true, label: t('chart.shares.legend.critical', { pct: fmt.pctRule(rules.critical_share) }) } : null,
    ].filter(Boolean),
    table: {
      caption: t('chart.shares.table'),
      head: [t('chart.col.client'), t('chart.col.share'), t('chart.col.zone')],
      numeric: [false, true, false],
      rows: rows.map((c) => {
        const z = shareZone(c.share, rules);
        return { attrs: { 'data-client': c.name, 'data-zone': z }, cells: [c.name, fmt.pct(c.share), t('chart.shares.zone_short.' + z)] };
      }),
    },
  });
}
