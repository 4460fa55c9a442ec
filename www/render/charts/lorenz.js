// Lorenz curve (issue 13, chart 5): clients with positive sales sorted from the smallest, the share of
// clients against their share of sales, the line of equality and the Gini coefficient
// (report.concentration.gini). The marked, focusable points are the deciles of clients (each client
// when there are fewer than ten); the curve itself has every client (at most 400 vertices).

import { t } from '../../i18n/index.js';
import { chartFigure, datum, pctTick, pointsAttr, scaleLinear, svg, textWidth, xTick, yTick } from '../charts.js';

const LORENZ_MAX_VERTICES = 400;

/** Cumulative shares of the positive amounts sorted ascending: cum[k] = share of the k smallest (cum[0] = 0). */
export function lorenzCumulative(report) {
  const amounts = (report.clients || [])
    .map((c) => c.amount)
    .filter((a) => typeof a === 'number' && a > 0)
    .sort((a, b) => a - b);
  const total = amounts.reduce((s, a) => s + a, 0);
  const cum = [0];
  let run = 0;
  for (const a of amounts) {
    run += a;
    cum.push(total > 0 ? run / total : 0);
  }
  cum[cum.length - 1] = amounts.length ? 1 : 0;
  return cum;
}

/** The marked points: {k, n, clients: k/n, sales: cum[k]} per decile of clients (per client under ten). */
export function lorenzMarks(cum) {
  const n = cum.length - 1;
  const marks = [];
  if (n < 10) for (let k = 1; k <= n; k += 1) marks.push({ k, n, clients: k / n, sales: cum[k] });
  else
    for (let p = 1; p <= 10; p += 1) {
      const k = Math.round((p * n) / 10);
      marks.push({ k, n, clients: p / 10, sales: cum[k] });
    }
  return marks;
}

function gini2(fmt, v) {
  return new Intl.NumberFormat(fmt.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}

function lorenzDraw(report, fmt, cum, marks) {
  const gini = report.concentration.gini;
  return (w) => {
    const narrow = w < 420;
    const ml = Math.ceil(textWidth(pctTick(fmt, 1), 12)) + 10;
    const mr = 14;
    const mt = 12;
    const mb = 44;
    const side = Math.max(160, Math.min(w - ml - mr, narrow ? 300 : 340));
    const h = mt + side + mb;
    const vw = ml + side + mr;
    const x0 = ml;
    const x1 = ml + side;
    const y0 = mt + side;
    const y1 = mt;
    const sx = scaleLinear(0, 1, x0, x1);
    const sy = scaleLinear(0, 1, y0, y1);
    const ticks = [0, 0.25, 0.5, 0.75, 1];
    const n = cum.length - 1;
    const step = Math.max(1, Math.ceil(n / LORENZ_MAX_VERTICES));
    const curve = [];
    for (let k = 0; k <= n; k += step) curve.push([sx(k / n), sy(cum[k])]);
    if ((n % step) !== 0) curve.push([sx(1), sy(1)]);
    const area = [...curve, [sx(1), sy(1)], [sx(0), sy(0)]];

    const items = marks.map((m) => {
      const x = sx(m.clients);
      const y = sy(m.sales);
      const all = m.k === m.n;
      const title = all ? t('chart.lorenz.point_all', { n: fmt.int(m.n) }) : t('chart.lorenz.point', { pct: fmt.pctRule(m.clients), k: fmt.int(m.k), n: fmt.int(m.n) });
      const lines = [t('chart.lorenz.point_sales', { share: fmt.pct(m.sales) })];
      const node = datum({ x: x - 11, y: y - 11, width: 22, height: 22, rx: 11 }, svg('circle', { class: 'dot dot-lorenz', cx: x, cy: y, r: 4 }));
      node.setAttribute('data-clients', String(m.k));
      node.setAttribute('data-sales', String(m.sales));
      return { node, label: [title, ...lines].join('; '), tip: { title, lines }, x, y };
    });

    const root = svg(
      'svg',
      { viewBox: `0 0 ${vw} ${h}`, height: h },
      ticks.map((v) => yTick(x0, x1, sy(v), pctTick(fmt, v), 'left')),
      ticks.map((v) => xTick(sx(v), y1, y0, pctTick(fmt, v), vw)),
      svg('polygon', { class: 'lorenz-area', points: pointsAttr(area) }),
      svg('line', { class: 'ref ref-equality', x1: sx(0), y1: sy(0), x2: sx(1), y2: sy(1) }),
      svg('polyline', { class: 'line line-lorenz', points: pointsAttr(curve) }),
      svg('text', { class: 'chart-big chart-halo', x: x0 + 10, y: y1 + 22, text: t('chart.lorenz.gini', { gini: gini2(fmt, gini) }) }),
      svg('text', { class: 'axis-title', x: (x0 + x1) / 2, y: h - 6, 'text-anchor': 'middle', text: t('chart.lorenz.x') }),
      items.map((it) => it.node),
    );
    return { svg: root, items, bars: 0, points: items.length, maxWidth: vw, attrs: { 'data-gini': String(gini), 'data-curve': String(curve.length) } };
  };
}

/** The Lorenz curve with its Gini, or null without a Gini (fewer than two clients with sales). */
export function lorenzChart(report, fmt) {
  const c = report.concentration;
  if (!c || typeof c.gini !== 'number') return null;
  const cum = lorenzCumulative(report);
  if (cum.length < 3) return null;
  const marks = lorenzMarks(cum);
  const half = cum[Math.round((cum.length - 1) / 2)];
  return chartFigure({
    name: 'lorenz',
    title: t('chart.lorenz.title'),
    summary: t('chart.lorenz.summary', { gini: gini2(fmt, c.gini), share: fmt.pct(half) }),
    share: 0.34,
    draw: lorenzDraw(report, fmt, cum, marks),
    legend: [
      { kind: 'line', mark: 'line line-lorenz', dot: 'dot dot-lorenz', label: t('chart.lorenz.legend_curve') },
      { kind: 'line', mark: 'ref ref-equality', label: t('chart.lorenz.legend_equality') },
    ],
    table: {
      caption: t('chart.lorenz.table'),
      head: [t('chart.lorenz.col_clients'), t('chart.col.clients_n'), t('chart.lorenz.col_sales')],
      numeric: [true, true, true],
      rows: marks.map((m) => ({ attrs: { 'data-clients': String(m.k) }, cells: [fmt.pctRule(m.clients), fmt.int(m.k), fmt.pct(m.sales)] })),
    },
  });
}
