// What if (issue 13, chart 7): when report.scenario exists, the company shares of the largest clients
// today and after the scenario, as pairs of bars, with the key-account line. Today's share of a
// client the scenario does not touch is its (unchanged) amount over today's total; the removed and
// cut clients carry today's share in the scenario itself. A client that leaves has no "after" bar
// and says so.

import { t } from '../../i18n/index.js';
import { rulesOf } from '../summary.js';
import { HBAR_MAX_WIDTH, NAME_BAND, chartFigure, datum, pctTick, niceTicks, rowName, rowsLayout, scaleLinear, svg, textWidth, topLabels, xTickLabel } from '../charts.js';

const WHATIF_ROWS = 8;

/** [{name, before, after (null = gone), kind: removed|cut|other}] — the clients drawn, largest today first. */
export function whatIfRows(report) {
  const sc = report.scenario;
  if (!sc || !sc.before || !(sc.before.total > 0)) return [];
  const rows = new Map();
  for (const c of report.clients || []) {
    if (!(c.amount > 0) && !(c.share > 0)) continue;
    rows.set(c.name, { name: c.name, before: c.amount / sc.before.total, after: c.share, kind: 'other' });
  }
  for (const r of sc.removed || []) rows.set(r.client, { name: r.client, before: r.share, after: null, kind: 'removed' });
  for (const r of sc.cut || []) {
    const now = rows.get(r.client);
    rows.set(r.client, { name: r.client, before: r.share, after: now ? now.after : 0, kind: 'cut' });
  }
  const all = [...rows.values()].sort((a, b) => b.before - a.before || String(a.name).localeCompare(String(b.name)));
  const touched = all.filter((r) => r.kind !== 'other');
  const top = all.slice(0, WHATIF_ROWS);
  // The clients of the scenario are always there (in today's order).
  for (const r of touched) if (!top.includes(r)) top.push(r);
  while (top.length > Math.max(WHATIF_ROWS, touched.length)) {
    const drop = top.map((r, i) => [r, i]).reverse().find(([r]) => r.kind === 'other');
    if (!drop) break;
    top.splice(drop[1], 1);
  }
  return top.sort((a, b) => b.before - a.before);
}

function whatIfDraw(report, fmt, rows) {
  const key = rulesOf(report).key_share;
  return (cw) => {
    const w = Math.min(cw, HBAR_MAX_WIDTH);
    const max = Math.max(key || 0, ...rows.map((r) => Math.max(r.before, r.after || 0)));
    const xt = niceTicks(max * 1.05, 5);
    const names = rows.map((r) => r.name);
    const sample = fmt.pct(0.888) + ' → ' + fmt.pct(0.888);
    const right = Math.ceil(textWidth(sample, 12)) + 12;
    const probe = rowsLayout(names, w, { bars: 2, barH: 11, gap: 2, right });
    const sx0 = scaleLinear(0, xt.max, probe.x0, probe.x1);
    const labels = topLabels(typeof key === 'number' ? [{ x: sx0(key), text: t('chart.whatif.key_line', { pct: fmt.pctRule(key) }), cls: 'ref-label-key' }] : [], 12, probe.narrow ? 0 : probe.x0 - 40, w);
    const top = labels.bottom + 8;
    const L = rowsLayout(names, w, { bars: 2, barH: 11, gap: 2, right, top, bottom: 22 });
    const sx = scaleLinear(0, xt.max, L.x0, L.x1);
    const yEnd = L.h - 22;
    let bars = 0;
    const items = rows.map((r, i) => {
      const yb = L.barY(i, 0);
      const ya = L.barY(i, 1);
      const afterKey = typeof key === 'number' && r.after !== null && r.after >= key;
      const parts = [svg('rect', { class: 'cbar bar-before', x: L.x0, y: yb, width: Math.max(1, sx(r.before) - L.x0), height: L.barH })];
      bars += 1;
      if (r.after !== null) {
        parts.push(svg('rect', { class: 'cbar bar-after' + (afterKey ? ' is-key' : ''), x: L.x0, y: ya, width: Math.max(1, sx(r.after) - L.x0), height: L.barH }));
        bars += 1;
      } else {
        parts.push(svg('text', { class: 'bar-note', x: L.x0 + 4, y: ya + L.barH / 2, 'dominant-baseline': 'middle', text: t('chart.whatif.gone') }));
      }
      const valueText = fmt.pct(r.before) + ' → ' + (r.after === null ? '0' : fmt.pct(r.after));
      const xEnd = sx(Math.max(r.before, r.after || 0));
      parts.push(svg('text', { class: 'bar-value chart-halo', x: xEnd + 5, y: (yb + ya + L.barH) / 2, 'dominant-baseline': 'middle', text: valueText }));
      const title = r.name;
      const lines = [
        t('chart.whatif.tip_before', { share: fmt.pct(r.before) }),
        r.after === null ? t('chart.whatif.tip_gone') : t('chart.whatif.tip_after', { share: fmt.pct(r.after) }),
      ];
      if (r.kind === 'cut') lines.push(t('chart.whatif.tip_cut'));
      const node = datum({ x: 0, y: yb - (L.narrow ? NAME_BAND : 6), width: w, height: L.rowH }, rowName(L, i, r.name), parts);
      node.setAttribute('data-client', r.name);
      node.setAttribute('data-before', String(r.before));
      node.setAttribute('data-after', r.after === null ? '' : String(r.after));
      node.setAttribute('data-kind', r.kind);
      return { node, label: [title, ...lines].join('; '), tip: { title, lines }, x: Math.min(xEnd, L.x1), y: yb };
    });
    const root = svg(
      'svg',
      { viewBox: `0 0 ${w} ${L.h}`, height: L.h },
      xt.ticks.map((v) => svg('line', { class: 'grid', x1: sx(v), x2: sx(v), y1: top - 4, y2: yEnd })),
      svg('line', { class: 'axis', x1: L.x0, x2: L.x1, y1: yEnd, y2: yEnd }),
      xt.ticks.map((v) => xTickLabel(sx(v), yEnd + 16, pctTick(fmt, v), w)),
      typeof key === 'number' ? svg('line', { class: 'ref ref-key', x1: sx(key), x2: sx(key), y1: top - 4, y2: yEnd }) : null,
      labels.nodes,
      items.map((it) => it.node),
    );
    return { svg: root, items, bars, points: 0, maxWidth: w };
  };
}

/** Today against the scenario for the largest clients, or null without a scenario. */
export function whatIfChart(report, fmt, what) {
  const sc = report.scenario;
  const rows = whatIfRows(report);
  if (!sc || !rows.length) return null;
  const b = sc.before || {};
  const a = sc.after || {};
  const n = (side) => (Array.isArray(side.key_accounts) ? side.key_accounts.length : 0);
  return chartFigure({
    name: 'whatif',
    level: 4,
    title: t('chart.whatif.title'),
    summary: t('chart.whatif.summary', {
      what,
      before: fmt.pct(b.top1_share || 0),
      after: fmt.pct(a.top1_share || 0),
      kb: fmt.int(n(b)),
      ka: fmt.int(n(a)),
    }),
    draw: whatIfDraw(report, fmt, rows),
    legend: [
      { kind: 'box', mark: 'cbar bar-before', label: t('chart.whatif.legend_before') },
      { kind: 'box', mark: 'cbar bar-after', label: t('chart.whatif.legend_after') },
      { kind: 'line', mark: 'ref ref-key', label: t('chart.whatif.legend_key', { pct: fmt.pctRule(rulesOf(report).key_share) }) },
    ],
    table: {
      caption: t('chart.whatif.table'),
      head: [t('chart.col.client'), t('chart.whatif.col_before'), t('chart.whatif.col_after')],
      numeric: [false, true, true],
      rows: rows.map((r) => ({
        attrs: { 'data-client': r.name, 'data-kind': r.kind },
        cells: [r.name, fmt.pct(r.before), r.after === null ? t('chart.whatif.gone') : fmt.pct(r.after)],
      })),
    },
  });
}
