// The ABC×XYZ matrix as a heat grid (issue 13, chart 6): report.time.xyz.cells, rows A–C (share of
// sales), columns X–Z (how steady the monthly sales are). A cell's shade follows its amount (one hue,
// five steps: readable without colour vision too) and it says its client count and amount in words.

import { t, tp } from '../../i18n/index.js';
import { chartFigure, compactAmount, svg } from '../charts.js';

const ABC = ['A', 'B', 'C'];
const XYZ = ['X', 'Y', 'Z'];

/** The nine cells in reading order (A-X, A-Y, … C-Z); a cell the report lacks is empty. */
export function xyzCells(report) {
  const cells = (report.time && report.time.xyz && report.time.xyz.cells) || [];
  const out = [];
  for (const abc of ABC)
    for (const xyz of XYZ) {
      const c = cells.find((x) => x.abc === abc && x.xyz === xyz);
      out.push({ abc, xyz, clients: c ? c.clients : 0, amount: c ? c.amount : 0 });
    }
  return out;
}

/** The shade step of an amount: 0 (empty) or 1–4 by its part of the largest cell. */
function heatStep(amount, max) {
  if (!(amount > 0) || !(max > 0)) return 0;
  return Math.max(1, Math.min(4, Math.ceil((amount / max) * 4)));
}

function abcXyzDraw(fmt, cells, total) {
  const max = Math.max(...cells.map((c) => c.amount));
  return (w) => {
    const rowHeadW = 34;
    const colHeadH = 38;
    const cellW = Math.max(80, Math.min(170, Math.floor((w - rowHeadW - 4) / 3)));
    const cellH = w < 420 ? 62 : 68;
    const gridW = rowHeadW + cellW * 3;
    const h = colHeadH + cellH * 3 + 2;
    const width = gridW + 2;
    const items = [];
    const nodes = [];
    cells.forEach((c, i) => {
      const row = Math.floor(i / 3);
      const col = i % 3;
      const x = rowHeadW + col * cellW;
      const y = colHeadH + row * cellH;
      const step = heatStep(c.amount, max);
      const count = tp('n.clients', c.clients, fmt);
      const amount = c.clients ? compactAmount(fmt, c.amount) : '—';
      const node = svg(
        'g',
        { class: 'datum heat-cell heat-' + step },
        svg('rect', { class: 'hit heat-rect', x: x + 1, y: y + 1, width: cellW - 2, height: cellH - 2, rx: 4 }),
        svg('text', { class: 'heat-count', x: x + cellW / 2, y: y + cellH / 2 - 6, 'text-anchor': 'middle', text: count }),
        svg('text', { class: 'heat-amount', x: x + cellW / 2, y: y + cellH / 2 + 13, 'text-anchor': 'middle', text: amount }),
      );
      node.setAttribute('data-abc', c.abc);
      node.setAttribute('data-xyz', c.xyz);
      node.setAttribute('data-clients', String(c.clients));
      node.setAttribute('data-amount', String(c.amount));
      const title = t('chart.abcxyz.cell', { abc: c.abc, xyz: c.xyz });
      const lines = [count, t('chart.amount_plain', { amount: fmt.money(c.amount) }), t('chart.abcxyz.of_total', { share: fmt.pct(total > 0 ? c.amount / total : 0) })];
      items.push({ node, label: [title, ...lines].join('; '), tip: { title, lines }, x: x + cellW / 2, y: y + 4 });
      nodes.push(node);
    });
    const heads = [
      ...XYZ.map((x, j) => [
        svg('text', { class: 'grid-head', x: rowHeadW + j * cellW + cellW / 2, y: 15, 'text-anchor': 'middle', text: x }),
        svg('text', { class: 'grid-sub', x: rowHeadW + j * cellW + cellW / 2, y: 30, 'text-anchor': 'middle', text: t('chart.abcxyz.xyz.' + x) }),
      ]),
      ...ABC.map((a, r) => svg('text', { class: 'grid-head', x: rowHeadW / 2, y: colHeadH + r * cellH + cellH / 2, 'text-anchor': 'middle', 'dominant-baseline': 'middle', text: a })),
    ];
    const root = svg('svg', { viewBox: `0 0 ${width} ${h}`, height: h, class: 'heat' }, heads, nodes);
    return { svg: root, items, bars: 0, points: 0, maxWidth: width, attrs: { 'data-cells': cells.length } };
  };
}

/** The ABC×XYZ heat grid, or null without the matrix (fewer than three complete months). */
export function abcXyzChart(report, fmt) {
  const xyz = report.time && report.time.xyz;
  if (!xyz || !Array.isArray(xyz.cells)) return null;
  const cells = xyzCells(report);
  const total = cells.reduce((s, c) => s + (c.amount > 0 ? c.amount : 0), 0);
  if (!cells.some((c) => c.clients)) return null;
  const biggest = cells.reduce((a, b) => (b.amount > a.amount ? b : a));
  return chartFigure({
    name: 'abcxyz',
    title: t('chart.abcxyz.title'),
    summary: t('chart.abcxyz.summary', { cell: biggest.abc + biggest.xyz, clients: tp('n.clients', biggest.clients, fmt), share: fmt.pct(total > 0 ? biggest.amount / total : 0) }),
    grid: { cols: 3 },
    share: 0.6,
    draw: abcXyzDraw(fmt, cells, total),
    legend: [
      { kind: 'box', group: 'heat-1', mark: 'heat-rect', label: t('chart.abcxyz.legend_less') },
      { kind: 'box', group: 'heat-4', mark: 'heat-rect', label: t('chart.abcxyz.legend_more') },
    ],
    table: {
      caption: t('chart.abcxyz.table'),
      head: [t('chart.abcxyz.col_cell'), t('chart.col.clients_n'), t('chart.col.amount'), t('chart.col.share')],
      numeric: [false, true, true, true],
      rows: cells.map((c) => ({
        attrs: { 'data-abc': c.abc, 'data-xyz': c.xyz },
        cells: [c.abc + c.xyz, fmt.int(c.clients), fmt.money(c.amount), fmt.pct(total > 0 ? c.amount / total : 0)],
      })),
    },
  });
}
