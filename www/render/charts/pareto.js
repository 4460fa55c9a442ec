// Pareto chart (issue 13, chart 1): clients by sales, largest first — the top 25 (12 on a narrow
// screen) and one "all others" bar — with the cumulative share as a line on a 0–100 % axis, the
// class A mark (rules.abc_a, 80 %) on that axis and the key-account threshold (rules.key_share of
// the total) on the bars' axis. Also `renderParetoBlock`: the section right after the summary cards
// holding this chart and the Lorenz curve (the concentration numbers in pictures).

import { el } from '../dom.js';
import { t, tp } from '../../i18n/index.js';
import { rulesOf, companyKeyAccounts } from '../summary.js';
import { chartFigure, compactAmount, datum, hatchPattern, niceTicks, pctTick, placeLabel, pointsAttr, scaleLinear, svg, textWidth, yTick } from '../charts.js';
import { lorenzChart } from './lorenz.js';

const PARETO_TOP_WIDE = 25;
const PARETO_TOP_NARROW = 12;
/** Below this width (CSS px) the chart shows fewer bars. */
const PARETO_NARROW = 560;

/** The clients with a positive amount, largest first (the order of report.clients). */
export function positiveClients(report) {
  return (report.clients || []).filter((c) => typeof c.amount === 'number' && c.amount > 0);
}

/** The bars for a width: the top clients and, when there are more, one bar for all the others. */
export function paretoBars(report, top) {
  const positive = positiveClients(report);
  const keyShare = rulesOf(report).key_share;
  const bars = positive.slice(0, top).map((c, i) => ({
    rank: c.rank || i + 1,
    name: c.name,
    amount: c.amount,
    share: c.share,
    cumulative: typeof c.cumulative_share === 'number' ? c.cumulative_share : null,
    key: typeof keyShare === 'number' && c.share >= keyShare,
  }));
  const rest = positive.slice(top);
  if (rest.length) {
    const last = rest[rest.length - 1];
    bars.push({
      others: true,
      count: rest.length,
      amount: rest.reduce((s, c) => s + c.amount, 0),
      share: rest.reduce((s, c) => s + c.share, 0),
      cumulative: typeof last.cumulative_share === 'number' ? last.cumulative_share : 1,
      key: false,
    });
  }
  return bars;
}

function paretoDraw(report, fmt) {
  const rules = rulesOf(report);
  const keyShare = typeof rules.key_share === 'number' ? rules.key_share : null;
  const abcA = typeof rules.abc_a === 'number' ? rules.abc_a : 0.8;
  const keyAmount = keyShare !== null && report.total > 0 ? keyShare * report.total : null;

  return (w, ctx) => {
    const narrow = w < PARETO_NARROW;
    const top = narrow ? PARETO_TOP_NARROW : PARETO_TOP_WIDE;
    const bars = paretoBars(report, top);
    const clientBars = bars.filter((b) => !b.others);
    const maxClient = Math.max(...clientBars.map((b) => b.amount), keyAmount || 0);
    const yt = niceTicks(maxClient * 1.04, narrow ? 4 : 5);
    const yLabels = yt.ticks.map((v) => compactAmount(fmt, v));
    const ml = Math.ceil(Math.max(...yLabels.map((s) => textWidth(s, 12)))) + 10;
    const pctLabels = [0, 0.25, 0.5, 0.75, 1];
    const mr = Math.ceil(textWidth(pctTick(fmt, 1), 12)) + 10;
    const mt = 14;
    const mb = 26;
    const h = narrow ? 250 : 290;
    const x0 = ml;
    const x1 = w - mr;
    const y0 = h - mb; // the baseline
    const y1 = mt;
    const yAmount = scaleLinear(0, yt.max, y0, y1);
    const yPct = scaleLinear(0, 1, y0, y1);
    const band = (x1 - x0) / Math.max(1, bars.length);
    const bw = Math.max(3, Math.min(band * 0.72, 40));
    const cx = (i) => x0 + band * (i + 0.5);
    const hatchId = ctx.id('others');

    const grid = yt.ticks.map((v, i) => yTick(x0, x1, yAmount(v), yLabels[i], 'left'));
    const right = pctLabels.map((v) => svg('text', { class: 'tick-label', x: x1 + 6, y: yPct(v), 'dominant-baseline': 'middle', text: pctTick(fmt, v) }));

    // X labels: every rank when they fit, else every fifth.
    const rankW = textWidth(String(clientBars.length), 12) + 4;
    const every = band >= rankW ? 1 : 5;
    const othersCount = bars.length && bars[bars.length - 1].others ? bars[bars.length - 1].count : 0;
    const othersText = t('chart.pareto.others_short', { n: fmt.int(othersCount) });
    // The others' count may be wider than its bar: then the rank before it gives it room.
    const othersW = textWidth(othersText, 12);
    const lastRank = clientBars.length;
    const lastShown = every === 1 || lastRank === 1 || lastRank % every === 0;
    // Both labels side by side need half of each plus a gap within one band.
    const crowded = (othersW + textWidth(fmt.int(lastRank), 12)) / 2 + 6 > band;
    const dropLast = othersCount > 0 && lastShown && crowded && othersW <= 1.8 * band;
    const room = lastShown && !dropLast ? band + 4 : 1.8 * band;
    const xLabels = bars.map((b, i) => {
      if (dropLast && !b.others && b.rank === lastRank) return null;
      if (b.others) return svg('text', { class: 'tick-label', x: Math.min(cx(i), x1 + mr - 2 - textWidth(othersText, 12) / 2), y: y0 + 16, 'text-anchor': 'middle', text: room >= textWidth(othersText, 12) ? othersText : '…' });
      if (every > 1 && b.rank !== 1 && b.rank % every) return null;
      return svg('text', { class: 'tick-label', x: cx(i), y: y0 + 16, 'text-anchor': 'middle', text: fmt.int(b.rank) });
    });

    const items = [];
    const marks = bars.map((b, i) => {
      const capped = b.amount > yt.max;
      const yTop = capped ? y1 : yAmount(b.amount);
      const cls = b.others ? 'cbar bar-others' : b.key ? 'cbar bar-key' : 'cbar bar-plain';
      const parts = [svg('rect', { class: cls, x: cx(i) - bw / 2, y: yTop, width: bw, height: Math.max(0.5, y0 - yTop), fill: b.others ? 'url(#' + hatchId + ')' : null })];
      if (capped) {
        // The bar goes beyond the axis: a break near its top says so (its value is in the tooltip and table).
        parts.push(svg('path', { class: 'bar-break', d: `M${cx(i) - bw / 2 - 2},${y1 + 10} l${bw + 4},-5 M${cx(i) - bw / 2 - 2},${y1 + 15} l${bw + 4},-5` }));
      }
      const title = b.others ? t('chart.pareto.others', { n: fmt.int(b.count), clients: tp('n.clients', b.count, fmt) }) : t('chart.pareto.client', { rank: fmt.int(b.rank), name: b.name });
      const lines = [
        t('chart.amount', { measure: t('measure.' + (report.measure || 'revenue')), amount: fmt.money(b.amount) }),
        t('chart.share', { share: fmt.pct(b.share) }),
        t('chart.pareto.cumulative', { share: fmt.pct(b.cumulative) }),
      ];
      if (b.key) lines.push(t('chart.pareto.is_key'));
      const node = datum({ x: x0 + band * i, y: y1, width: band, height: y0 - y1 }, parts);
      node.setAttribute('data-index', String(i));
      node.setAttribute('data-amount', String(b.amount));
      if (!b.others) node.setAttribute('data-client', b.name);
      else node.setAttribute('data-others', String(b.count));
      items.push({ node, label: [title, ...lines].join('; '), tip: { title, lines }, x: cx(i), y: Math.max(y1, Math.min(yTop, yPct(b.cumulative || 0))) });
      return node;
    });

    // The cumulative line and its points.
    const pts = bars.map((b, i) => [cx(i), yPct(b.cumulative || 0)]);
    const line = svg('polyline', { class: 'line line-cumulative', points: pointsAttr(pts) });
    const dots = pts.map(([x, y]) => svg('circle', { class: 'dot dot-cumulative', cx: x, cy: y, r: narrow ? 3 : 3.5 }));

    // The class A mark on the % axis, and the key-account threshold on the bars' axis, each labelled
    // where neither the bars nor the cumulative line are.
    const refs = [];
    const rects = bars.map((b, i) => [cx(i) - bw / 2, cx(i) + bw / 2, b.amount > yt.max ? y1 : yAmount(b.amount), y0]);
    const firstPlain = bars.findIndex((b) => !b.key);
    const spots = [
      { x: x1 - 2, anchor: 'end' },
      { x: firstPlain > 0 ? x0 + band * firstPlain + 4 : x0 + 4, anchor: 'start' },
      { x: (x0 + x1) / 2, anchor: 'middle' },
      { x: x0 + 4, anchor: 'start' },
    ];
    const refLine = (cls, y, text) => {
      refs.push(svg('line', { class: 'ref ref-' + cls, x1: x0, x2: x1, y1: y, y2: y }));
      const at = placeLabel(text, y, spots, [pts], rects, true, x0 + 2, x1 - 2);
      refs.push(svg('text', { class: 'ref-label chart-halo ref-label-' + cls, x: at.x, y: at.y, 'text-anchor': at.anchor, text }));
      rects.push(at.box); // the next label keeps off this one
    };
    refLine('abc', yPct(abcA), t('chart.pareto.abc_mark', { pct: fmt.pctRule(abcA) }));
    if (keyAmount !== null && keyAmount <= yt.max) refLine('key', yAmount(keyAmount), t('chart.pareto.key_mark', { pct: fmt.pctRule(keyShare) }));

    const root = svg(
      'svg',
      { viewBox: `0 0 ${w} ${h}`, height: h },
      svg('defs', null, hatchPattern(hatchId, 'hatch-others')),
      grid,
      svg('line', { class: 'axis', x1: x0, x2: x1, y1: y0, y2: y0 }),
      right,
      xLabels,
      marks,
      refs,
      line,
      dots,
    );
    const rows = bars.map((b) => ({
      attrs: b.others ? { 'data-others': String(b.count) } : { 'data-client': b.name },
      cells: [b.others ? '—' : fmt.int(b.rank), b.others ? t('chart.pareto.others', { n: fmt.int(b.count), clients: tp('n.clients', b.count, fmt) }) : b.name, fmt.money(b.amount), fmt.pct(b.share), fmt.pct(b.cumulative)],
    }));
    return { svg: root, items, rows, bars: bars.length, points: pts.length, attrs: { 'data-top': top, 'data-others': bars.some((b) => b.others) ? bars[bars.length - 1].count : 0 } };
  };
}

/** The Pareto chart, or null without clients with positive sales. */
export function paretoChart(report, fmt) {
  const positive = positiveClients(report);
  if (!positive.length) return null;
  const rules = rulesOf(report);
  const abcA = typeof rules.abc_a === 'number' ? rules.abc_a : 0.8;
  const classA = positive.filter((c) => c.abc === 'A');
  const aShare = classA.length ? classA[classA.length - 1].cumulative_share : 0;
  const keys = companyKeyAccounts(report).filter((k) => k.basis !== 'judgment').length;
  const measure = t('measure.' + (report.measure || 'revenue'));
  const hasOthers = positive.length > PARETO_TOP_NARROW;
  return chartFigure({
    name: 'pareto',
    title: t('chart.pareto.title'),
    summary: t('chart.pareto.summary', { a: fmt.int(classA.length), n: fmt.int(positive.length), share: fmt.pct(aShare), abc: fmt.pctRule(abcA), key: fmt.pctRule(rules.key_share), k: fmt.int(keys) }),
    share: 0.62,
    draw: paretoDraw(report, fmt),
    legend: [
      { kind: 'box', mark: 'cbar bar-key', label: t('chart.pareto.legend_key', { pct: fmt.pctRule(rules.key_share) }) },
      { kind: 'box', mark: 'cbar bar-plain', label: t('chart.pareto.legend_plain', { measure }) },
      hasOthers ? { kind: 'box', mark: 'cbar bar-others', pattern: 'hatch-others', label: t('chart.pareto.legend_others') } : null,
      { kind: 'line', mark: 'line line-cumulative', dot: 'dot dot-cumulative', label: t('chart.pareto.legend_cumulative') },
      { kind: 'line', mark: 'ref ref-abc', label: t('chart.pareto.legend_abc', { pct: fmt.pctRule(abcA) }) },
      { kind: 'line', mark: 'ref ref-key', label: t('chart.pareto.legend_threshold', { pct: fmt.pctRule(rules.key_share) }) },
    ].filter(Boolean),
    table: {
      caption: t('chart.pareto.table'),
      head: ['№', t('chart.col.client'), measure, t('chart.col.share'), t('chart.col.cumulative')],
      numeric: [true, false, true, true, true],
      rowHeader: 1,
    },
  });
}

/** #pareto-block: the concentration in a picture, on the first screen beside the summary cards. */
export function renderParetoBlock(report, fmt) {
  const pareto = paretoChart(report, fmt);
  if (!pareto) return null;
  return el(
    'section',
    { id: 'pareto-block', class: 'block charts-block', 'aria-labelledby': 'pareto-block-title' },
    el('h2', { id: 'pareto-block-title', class: 'visually-hidden', text: t('chart.block.title') }),
    pareto,
  );
}

/** #lorenz-block: the Lorenz curve with its Gini, at the head of the clients section (ABC classes). */
export function renderLorenzBlock(report, fmt) {
  const lorenz = lorenzChart(report, fmt);
  return lorenz ? el('div', { id: 'lorenz-block', class: 'lorenz-block' }, lorenz) : null;
}
