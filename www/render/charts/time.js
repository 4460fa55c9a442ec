// Concentration over time (issue 13, chart 3): the top client's share and HHI per period
// (report.time.months, quarters or years — whatever the periods view shows), as two small panels
// over one time axis. A partial period has a hollow marker and dashed segments, and the table says so.

import { t } from '../../i18n/index.js';
import { rulesOf } from '../summary.js';
import { chartFigure, niceTicks, pctTick, placeLabel, scaleLinear, svg, textWidth, yTick } from '../charts.js';

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

function periodDate(p) {
  const s = p.from || '';
  return new Date(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)) || 1));
}

/** The period in words: "март 2024", "1 кв. 2024", "2024". */
export function timePeriodLong(p, granularity, fmt) {
  if (granularity === 'months' && p.from) {
    return new Intl.DateTimeFormat(fmt.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(periodDate(p)).replace(/\s*г\.$/, '');
  }
  const q = /^(\d{4})-Q(\d)$/.exec(p.period || '');
  if (q) return t('period.q', { q: q[2], year: q[1] });
  return String(p.period);
}

/** The axis label of a period: [first line, second line or ''] — the year under January / Q1 / the first. */
function timeTickLabel(p, granularity, fmt, first) {
  if (granularity === 'months' && p.from) {
    const d = periodDate(p);
    const month = new Intl.DateTimeFormat(fmt.locale, { month: 'short', timeZone: 'UTC' }).format(d).replace(/\.$/, '');
    return [month, first || d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : ''];
  }
  const q = /^(\d{4})-Q(\d)$/.exec(p.period || '');
  if (q) return [t('chart.time.q', { q: q[2] }), first || q[2] === '1' ? q[1] : ''];
  return [String(p.period), ''];
}

function timeDraw(report, fmt, periods, granularity) {
  const rules = rulesOf(report);
  const level = Array.isArray(rules.dependency_levels) && rules.dependency_levels.length ? rules.dependency_levels[0] : null;
  return (w) => {
    const narrow = w < 520;
    const top1 = periods.map((p) => (isNum(p.top1_share) ? p.top1_share : null));
    const hhi = periods.map((p) => (isNum(p.hhi) ? p.hhi : null));
    const maxTop = Math.max(level || 0, ...top1.filter(isNum));
    const pt = niceTicks(Math.min(1, maxTop * 1.08), narrow ? 4 : 5);
    const maxH = Math.max(...hhi.filter(isNum), 0);
    const ht = niceTicks(Math.min(10000, Math.max(maxH * 1.08, 100)), narrow ? 4 : 5, true); // HHI ≤ 10,000
    const pctLabels = pt.ticks.map((v) => pctTick(fmt, v));
    const hhiLabels = ht.ticks.map((v) => fmt.int(v));
    const ml = Math.ceil(Math.max(...[...pctLabels, ...hhiLabels].map((s) => textWidth(s, 12)))) + 10;
    const mr = 12;
    const panelH = narrow ? 104 : 120;
    const titleH = 34;
    const gapH = 14;
    const axisH = 34;
    const p1Top = titleH;
    const p1Bot = p1Top + panelH;
    const p2Top = p1Bot + gapH + titleH;
    const p2Bot = p2Top + panelH;
    const h = p2Bot + axisH;
    const x0 = ml;
    const x1 = w - mr;
    const step = (x1 - x0) / Math.max(1, periods.length);
    const cx = (i) => x0 + step * (i + 0.5);
    const y1 = scaleLinear(0, pt.max, p1Bot, p1Top);
    const y2 = scaleLinear(0, ht.max, p2Bot, p2Top);

    // Which periods get an axis label: every k-th, k from 1, 2, 3, 4, 6, 12 so that labels never touch.
    const labels = periods.map((p, i) => timeTickLabel(p, granularity, fmt, i === 0));
    const widest = Math.max(...labels.map((l) => Math.max(textWidth(l[0], 12), textWidth(l[1], 12)))) + 6;
    // Months: every k-th month of a year (k from 1, 2, 3, 4, 6), else every n-th January; quarters and
    // years: every k-th.
    const perYear = granularity === 'months' ? 12 : granularity === 'quarters' ? 4 : 1;
    const every = [1, 2, 3, 4, 6].filter((k) => perYear % k === 0 && k < perYear).find((k) => step * k >= widest) || perYear * Math.ceil(widest / (step * perYear));
    const yearOf = (p) => Number(String(p.from || p.period).slice(0, 4));
    const firstYear = periods.length ? yearOf(periods[0]) : 0;
    const shown = (i) => {
      const p = periods[i];
      if (every < perYear) {
        if (granularity === 'months' && p.from) return periodDate(p).getUTCMonth() % every === 0;
        const q = /-Q(\d)$/.exec(p.period || '');
        return q ? (Number(q[1]) - 1) % every === 0 : i % every === 0;
      }
      if (perYear === 1) return i % every === 0;
      // Whole years apart: the first period of every (every / perYear)-th year.
      const first = granularity === 'months' ? p.from && periodDate(p).getUTCMonth() === 0 : /-Q1$/.test(p.period || '');
      return first && (yearOf(p) - firstYear) % (every / perYear) === 0;
    };
    const ticks = [];
    let firstShown = true;
    periods.forEach((p, i) => {
      if (!shown(i)) return;
      const [a, b] = every >= perYear && perYear > 1 ? [String(yearOf(p)), ''] : firstShown ? timeTickLabel(p, granularity, fmt, true) : labels[i];
      firstShown = false;
      const yearLabel = b;
      ticks.push(svg('line', { class: 'tick-mark', x1: cx(i), x2: cx(i), y1: p2Bot, y2: p2Bot + 4 }));
      ticks.push(svg('text', { class: 'tick-label', x: cx(i), y: p2Bot + 16, 'text-anchor': 'middle', text: a }));
      if (yearLabel) ticks.push(svg('text', { class: 'tick-label tick-year', x: cx(i), y: p2Bot + 30, 'text-anchor': 'middle', text: yearLabel }));
    });

    // A series: segments (dashed where a partial period is an end) and markers (hollow when partial).
    const series = (values, y, cls, shape) => {
      const segs = [];
      const marks = [];
      values.forEach((v, i) => {
        if (v === null) return;
        const partial = Boolean(periods[i].partial);
        if (i + 1 < values.length && values[i + 1] !== null) {
          const dashed = partial || periods[i + 1].partial;
          segs.push(svg('line', { class: 'line line-' + cls + (dashed ? ' is-partial' : ''), x1: cx(i), y1: y(v), x2: cx(i + 1), y2: y(values[i + 1]) }));
        }
        const r = Math.max(1.5, Math.min(narrow ? 3 : 3.5, step / 3));
        const attrs = { class: 'dot dot-' + cls + (partial ? ' is-partial' : '') };
        marks.push(shape === 'square' ? svg('rect', { ...attrs, x: cx(i) - r, y: y(v) - r, width: 2 * r, height: 2 * r }) : svg('circle', { ...attrs, cx: cx(i), cy: y(v), r }));
      });
      return { segs, marks };
    };
    const s1 = series(top1, y1, 'top1', 'circle');
    const s2 = series(hhi, y2, 'hhi', 'square');

    // Reference lines, each labelled where the series leaves room.
    const path = (values, y) => values.map((v, i) => (v === null ? null : [cx(i), y(v)])).filter(Boolean);
    const refs = [];
    const placed = [];
    const refLine = (cls, labelCls, yv, text, pts) => {
      refs.push(svg('line', { class: 'ref ' + cls, x1: x0, x2: x1, y1: yv, y2: yv }));
      // Where the series (or another label) leave no room the label is left out: the legend names every line.
      const at = placeLabel(text, yv, [{ x: x1 - 2, anchor: 'end' }, { x: x0 + 4, anchor: 'start' }, { x: (x0 + x1) / 2, anchor: 'middle' }], [pts], placed, labelCls !== 'ref-label-hhi', x0 + 2, x1);
      if (!at.free) return;
      refs.push(svg('text', { class: 'ref-label chart-halo ' + labelCls, x: at.x, y: at.y, 'text-anchor': at.anchor, text }));
      placed.push(at.box);
    };
    if (level !== null && level <= pt.max) refLine('ref-dependency', 'ref-label-dependency', y1(level), t('chart.time.level', { pct: fmt.pctRule(level) }), path(top1, y1));
    for (const [v, key] of [[1800, 'high'], [1000, 'moderate']]) {
      if (v <= ht.max) refLine('ref-hhi-' + key, 'ref-label-hhi', y2(v), t('chart.time.hhi_' + key, { n: fmt.int(v) }), path(hhi, y2));
    }

    const partialWord = t('dyn.partial.' + granularity);
    const items = periods.map((p, i) => {
      const title = timePeriodLong(p, granularity, fmt) + (p.partial ? ' (' + partialWord + ')' : '');
      const lines = [
        t('chart.time.tip_top1', { share: top1[i] === null ? '—' : fmt.pct(top1[i]) }),
        t('chart.time.tip_hhi', { hhi: hhi[i] === null ? '—' : fmt.int(hhi[i]) }),
      ];
      const node = svg('g', { class: 'datum' }, svg('rect', { class: 'hit', x: x0 + step * i, y: p1Top, width: step, height: p2Bot - p1Top }), svg('line', { class: 'focus-line', x1: cx(i), x2: cx(i), y1: p1Top, y2: p2Bot }));
      node.setAttribute('data-period', p.period);
      node.setAttribute('data-partial', p.partial ? 'true' : 'false');
      node.setAttribute('data-top1', top1[i] === null ? '' : String(top1[i]));
      node.setAttribute('data-hhi', hhi[i] === null ? '' : String(hhi[i]));
      return { node, label: [title, ...lines].join('; '), tip: { title, lines }, x: cx(i), y: top1[i] === null ? p1Top : y1(top1[i]) };
    });

    const root = svg(
      'svg',
      { viewBox: `0 0 ${w} ${h}`, height: h },
      svg('text', { class: 'panel-title', x: 0, y: p1Top - 16, text: t('chart.time.panel_top1') }),
      svg('text', { class: 'panel-title', x: 0, y: p2Top - 16, text: t('chart.time.panel_hhi') }),
      pt.ticks.map((v, i) => yTick(x0, x1, y1(v), pctLabels[i], 'left')),
      ht.ticks.map((v, i) => yTick(x0, x1, y2(v), hhiLabels[i], 'left')),
      svg('line', { class: 'axis', x1: x0, x2: x1, y1: p1Bot, y2: p1Bot }),
      svg('line', { class: 'axis', x1: x0, x2: x1, y1: p2Bot, y2: p2Bot }),
      ticks,
      refs,
      items.map((it) => it.node),
      s1.segs,
      s2.segs,
      s1.marks,
      s2.marks,
    );
    return {
      svg: root,
      items,
      bars: 0,
      points: s1.marks.length + s2.marks.length,
      attrs: { 'data-granularity': granularity, 'data-partial': periods.filter((p) => p.partial).length, 'data-periods': periods.length },
    };
  };
}

/** The concentration over time for the periods shown, or null with fewer than two periods. */
export function timeChart(report, fmt, granularity) {
  const time = report.time;
  const periods = time && Array.isArray(time[granularity]) ? time[granularity] : [];
  if (periods.length < 2) return null;
  const withTop = periods.filter((p) => isNum(p.top1_share));
  if (!withTop.length) return null;
  const first = withTop[0];
  const last = withTop[withTop.length - 1];
  const peak = withTop.reduce((a, b) => (b.top1_share > a.top1_share ? b : a));
  const partial = periods.filter((p) => p.partial);
  const long = (p) => timePeriodLong(p, granularity, fmt);
  const rules = rulesOf(report);
  const level = Array.isArray(rules.dependency_levels) && rules.dependency_levels.length ? rules.dependency_levels[0] : null;
  const summary = t('chart.time.summary', {
    first: fmt.pct(first.top1_share),
    from: long(first),
    last: fmt.pct(last.top1_share),
    to: long(last),
    peak: fmt.pct(peak.top1_share),
    when: long(peak),
    hfirst: isNum(first.hhi) ? fmt.int(first.hhi) : '—',
    hlast: isNum(last.hhi) ? fmt.int(last.hhi) : '—',
  });
  return chartFigure({
    name: 'time',
    title: t('chart.time.title.' + granularity),
    summary: partial.length ? summary + ' ' + t('chart.time.partial_note', { n: fmt.int(partial.length) }) : summary,
    draw: timeDraw(report, fmt, periods, granularity),
    attrs: { 'data-granularity': granularity },
    legend: [
      { kind: 'line', mark: 'line line-top1', dot: 'dot dot-top1', label: t('chart.time.panel_top1') },
      { kind: 'line', mark: 'line line-hhi', dot: 'dot dot-hhi', shape: 'square', label: t('chart.time.panel_hhi') },
      partial.length ? { kind: 'line', mark: 'line line-top1 is-partial', dot: 'dot dot-top1 is-partial', label: t('chart.time.legend_partial') } : null,
      level !== null ? { kind: 'line', mark: 'ref ref-dependency', label: t('chart.time.legend_level', { pct: fmt.pctRule(level) }) } : null,
      { kind: 'line', mark: 'ref ref-hhi-high', label: t('chart.time.legend_hhi') },
    ].filter(Boolean),
    table: {
      caption: t('chart.time.table'),
      head: [t('chart.col.period'), t('chart.time.panel_top1'), t('chart.time.col_hhi'), t('chart.col.partial')],
      numeric: [false, true, true, false],
      rows: periods.map((p) => ({
        attrs: { 'data-period': p.period, 'data-partial': p.partial ? 'true' : 'false' },
        cells: [long(p), isNum(p.top1_share) ? fmt.pct(p.top1_share) : '—', isNum(p.hhi) ? fmt.int(p.hhi) : '—', p.partial ? t('dyn.partial.' + granularity) : t('chart.no')],
      })),
    },
  });
}
