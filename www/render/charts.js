// Charts (issue 13): hand-written SVG, no library. This file holds the primitives — SVG nodes, linear
// scales and ticks, text measuring, compact axis numbers — and `chartFigure`, the accessible wrapper
// every chart is built in. The charts themselves are in render/charts/*.js.
//
// The wrapper: <figure class="chart" id="chart-<name>" data-chart data-bars data-points data-items>
// with a <figcaption> (title + a one-sentence summary), the SVG (role="group" named by both, see
// below), a tooltip, an HTML legend and a <details> data table with the exact values (one row per
// data item). Every data item is a <g class="datum" role="img" aria-label="exact values"> with a
// transparent hit area; the chart has one roving tabindex (arrow keys, Home/End; 2-D arrows in a
// grid), and hover or focus shows the tooltip, placed through CSS custom properties set with the
// CSSOM (the CSP forbids style attributes, not `style.setProperty`).
//
// Why role="group" and not role="img" on the <svg>: an img's children are presentational (ARIA 1.2),
// so focusable bars inside it would be hidden from screen readers. The group carries the same name
// (title + summary) and each bar is itself an img with its exact value.
//
// Size: each chart is drawn at its container's real width (viewBox width = CSS pixels, so a 12 px
// label is 12 px on a phone too) and redrawn when that width changes (one ResizeObserver) and for
// print (beforeprint: the A4 text width; afterprint: back). A chart is first drawn once it is in the
// page and shown (drawCharts: for the first screen, and for a folded section as it opens; else the
// observer, or print media). Between redraws `viewBox` + width 100 %
// scale it, so it never overflows.
//
// Colours are CSS custom properties (--chart-*, light and dark in app.css, print in print.css),
// applied through classes; meaning is never carried by colour alone (patterns, dashes, markers, labels).

import { el, tableWrap } from './dom.js';
import { clip, t } from '../i18n/index.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Horizontal bar charts are drawn at most this wide (CSS px): wider, a few bars become slabs. */
export const HBAR_MAX_WIDTH = 880;

// ---------- SVG nodes ----------

/** svg('rect', {class: 'bar', x: 1, …}, …children) — attributes by setAttribute, `text` as textContent. */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') node.textContent = String(value);
      else node.setAttribute(name, typeof value === 'number' ? String(round2(value)) : String(value));
    }
  }
  appendSvg(node, children);
  return node;
}

function appendSvg(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendSvg(node, child);
    else node.appendChild(child);
  }
}

const round2 = (v) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : 0);

/** A polyline's `points` attribute from [[x, y], …]. */
export function pointsAttr(points) {
  return points.map(([x, y]) => round2(x) + ',' + round2(y)).join(' ');
}

/** A hatch pattern (diagonal lines) with a unique id; `cls` colours its lines (CSS). */
export function hatchPattern(id, cls, angle = 45, gap = 6) {
  return svg(
    'pattern',
    { id, class: 'chart-hatch ' + cls, patternUnits: 'userSpaceOnUse', width: gap, height: gap, patternTransform: 'rotate(' + angle + ')' },
    svg('rect', { class: 'hatch-bg', x: 0, y: 0, width: gap, height: gap }),
    svg('line', { class: 'hatch-line', x1: 0, y1: 0, x2: 0, y2: gap }),
  );
}

// ---------- scales and ticks ----------

/** A linear map from [d0, d1] to [r0, r1]. */
export function scaleLinear(d0, d1, r0, r1) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** A "nice" step (1, 2, 2.5, 5 × 10ⁿ) for about `count` intervals over `span`. */
export function niceStep(span, count) {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  const m = n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10;
  return m * mag;
}

/**
 * Ticks from 0 up to a nice maximum ≥ `max`: {max, step, ticks}, with about `count` intervals (or one
 * more when that wastes less room above `max`). `integer` keeps whole steps.
 */
export function niceTicks(max, count, integer) {
  const m = max > 0 ? max : 1;
  const stepFor = (n) => (integer ? Math.max(1, Math.round(niceStep(m, n))) : niceStep(m, n));
  const topFor = (s) => Math.max(s, Math.ceil(m / s - 1e-9) * s);
  let step = stepFor(count);
  const alt = stepFor(count + 1);
  if (topFor(alt) < topFor(step)) step = alt;
  const top = topFor(step);
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v / step) * step);
  return { max: top, step, ticks };
}

// ---------- text ----------

let measureCtx = null;
let fontFamily = null;
let measureFont = null;

/** The width of `text` in CSS px at `px` size, in the page's font (a canvas measures it). */
export function textWidth(text, px = 12, weight = 400) {
  const s = String(text);
  try {
    if (!measureCtx) measureCtx = document.createElement('canvas').getContext('2d');
    if (!fontFamily) fontFamily = getComputedStyle(document.body).fontFamily || 'sans-serif';
    if (measureCtx) {
      // Parsing a font string is the costly part: set it only when it changes.
      const font = weight + ' ' + px + 'px ' + fontFamily;
      if (font !== measureFont) {
        measureCtx.font = font;
        measureFont = font;
      }
      return measureCtx.measureText(s).width;
    }
  } catch (_) {
    /* fall through */
  }
  return s.length * px * 0.58;
}

/** `text` cut with "…" to fit `max` px. */
export function fitText(text, max, px = 12, weight = 400) {
  const s = String(text);
  if (textWidth(s, px, weight) <= max) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(s.slice(0, mid).trimEnd() + '…', px, weight) <= max) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? s.slice(0, lo).trimEnd() + '…' : '…';
}

// ---------- numbers ----------

/** A compact amount for axes and labels: "12 млн ₽" / "£12M"; units (quantity) without a currency. */
export function compactAmount(fmt, value) {
  const v = typeof value === 'number' && Number.isFinite(value) ? value : 0;
  if (v === 0) return fmt.int(0);
  const opts = { notation: 'compact', maximumFractionDigits: 1 };
  if (fmt.currency && fmt.measure !== 'quantity') Object.assign(opts, { style: 'currency', currency: fmt.currency, currencyDisplay: 'symbol' });
  try {
    return new Intl.NumberFormat(fmt.locale, opts).format(v);
  } catch (_) {
    return fmt.int(v);
  }
}

/** A share as a whole percentage for axis ticks: 0.2 → "20 %". */
export function pctTick(fmt, v) {
  return new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: v > 0 && v < 0.1 && Math.round(v * 1000) % 10 ? 1 : 0 }).format(v);
}

// ---------- the accessible wrapper ----------

const live = new Set(); // figures on the page, redrawn for print and on resize
let observer = null;
let printListeners = false;
let printing = false; // between beforeprint and afterprint the charts keep their print width
/** The text width of an A4 page (210 − 2 × 14 mm, print.css) in CSS px: what a chart gets on paper. */
const PRINT_WIDTH = 688;

function observe(figure) {
  if (typeof ResizeObserver === 'function') {
    if (!observer) {
      observer = new ResizeObserver((entries) => {
        for (const entry of entries) {
          if (printing) continue;
          const figureOf = entry.target.closest('figure.chart');
          if (!entry.target.isConnected || !figureOf || !figureOf.__chart) {
            observer.unobserve(entry.target);
            if (figureOf) live.delete(figureOf);
            continue;
          }
          const w = Math.floor(entry.contentRect.width);
          if (w > 0) figureOf.__chart.redraw(w);
        }
      });
    }
    observer.observe(figure.querySelector('.chart-plot'));
  }
  live.add(figure);
  if (!printListeners && typeof window !== 'undefined') {
    printListeners = true;
    window.addEventListener('beforeprint', () => {
      printing = true;
      eachLive((f) => f.__chart.redraw(f.__chart.printWidth(), true));
    });
    window.addEventListener('afterprint', () => {
      printing = false;
      eachLive((f) => f.__chart.redraw(Math.floor(f.querySelector('.chart-plot').clientWidth) || f.__chart.width, true));
    });
    // Print media without a print dialog (an emulated print, a PDF made by the browser): the charts
    // of folded sections, never drawn yet, are drawn for the paper; the observer redraws the rest.
    const print = typeof window.matchMedia === 'function' ? window.matchMedia('print') : null;
    if (print && typeof print.addEventListener === 'function') {
      print.addEventListener('change', (e) => {
        if (e.matches) eachLive((f) => f.__chart.drawn || f.__chart.redraw(f.__chart.printWidth(), true));
      });
    }
  }
}

/** `fn(figure)` for each chart still in the page; the others are let go. */
function eachLive(fn) {
  for (const f of [...live]) {
    if (!f.isConnected) live.delete(f);
    else fn(f);
  }
}

/** Lets go of charts built but never put in the page (the warm-up's report, main.js). */
export function forgetDetachedCharts() {
  for (const f of [...live]) {
    if (f.isConnected) continue;
    live.delete(f);
    const plot = f.querySelector('.chart-plot');
    if (observer && plot) observer.unobserve(plot);
  }
}

/** A first guess of the chart's width before it is in the page (the observer corrects it before paint). */
function guessWidth(share) {
  const vw = typeof window !== 'undefined' ? window.innerWidth || document.documentElement.clientWidth || 1024 : 1024;
  const page = Math.min(vw, 72 * 16) - (vw < 640 ? 2 * 16 + 2 * 16 : 2 * 24 + 2 * 20);
  return Math.max(260, Math.floor(page * (vw >= 960 ? share : 1)));
}

let uid = 0;

/**
 * The figure around a chart. `spec`:
 *   name            chart-<name> (id) and data-chart
 *   title, summary  the caption's two parts (text); `level` the title's heading level (3)
 *   draw(width, ctx) → {svg: <svg> root (viewBox set), items: [{node, label, tip: {title, lines}, x, y}],
 *                      bars, points, attrs, maxWidth} — x, y: the tooltip's anchor in viewBox units;
 *                      maxWidth: the drawing's own width when it is narrower than the container;
 *                      ctx.id(suffix) gives unique ids (patterns)
 *   legend          [{cls, label, kind: 'box'|'line'|'dot'|'hatch'}]
 *   table           {caption, head: [text], numeric: [bool], rowHeader: column index (0), rows: [{cells, attrs}]}; `draw` may
 *                   return `rows` instead (data that depend on the width: the table shows what is drawn)
 *   attrs           extra attributes of the figure (data-*)
 *   grid            {cols}: arrows move in two dimensions (a heat grid)
 *   share           the part of the page's width the chart takes on a wide screen (for the first guess)
 *   printWidth      the width to draw at for print (default A4's)
 */
export function chartFigure(spec) {
  const name = spec.name;
  const id = 'chart-' + name;
  const n = ++uid;
  const titleId = id + '-title';
  const summaryId = id + '-summary';
  const level = spec.level || 3;
  const plot = el('div', { class: 'chart-plot' });
  const tip = el('div', { class: 'chart-tip', hidden: true, 'aria-hidden': 'true' });
  const figure = el(
    'figure',
    { class: 'chart chart-' + name, id, 'data-chart': name, ...(spec.attrs || {}) },
    el('figcaption', { class: 'chart-caption' }, el('h' + level, { class: 'chart-title', id: titleId, text: spec.title }), el('p', { class: 'chart-summary', id: summaryId, text: spec.summary })),
    plot,
    spec.legend && spec.legend.length ? legendOf(spec.legend, (suffix) => id + '-' + n + '-' + suffix) : null,
    spec.table ? dataTable(id, spec.table) : null,
  );
  const tbody = figure.querySelector('.chart-table tbody');

  const state = { width: 0, items: [], active: 0, printing: false };
  const ctx = { id: (suffix) => id + '-' + n + '-' + suffix };

  function showTip(i) {
    const item = state.items[i];
    if (!item) return;
    tip.replaceChildren(el('strong', { class: 'chart-tip-title', ...clip(item.tip.title) }), ...item.tip.lines.map((line) => el('span', { class: 'chart-tip-line', text: line })));
    tip.hidden = false;
    for (const it of state.items) it.node.classList.toggle('is-active', it === item);
    // Place it over the anchor, inside the plot: the SVG scales by plot width / viewBox width.
    const svgRoot = plot.querySelector('svg');
    const vb = svgRoot && svgRoot.viewBox && svgRoot.viewBox.baseVal;
    const pw = plot.clientWidth || state.width;
    const sw = (svgRoot && svgRoot.getBoundingClientRect().width) || pw;
    const k = vb && vb.width ? sw / vb.width : 1;
    const ax = item.x * k;
    const ay = item.y * k;
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    const left = Math.max(0, Math.min(pw - tw, ax - tw / 2));
    const above = ay - th - 10;
    const top = above >= 0 ? above : ay + 14;
    tip.style.setProperty('--tip-x', Math.round(left) + 'px');
    tip.style.setProperty('--tip-y', Math.round(top) + 'px');
  }

  function hideTip() {
    tip.hidden = true;
    for (const it of state.items) it.node.classList.remove('is-active');
  }

  function setActive(i, focus) {
    if (!state.items.length) return;
    const next = Math.max(0, Math.min(state.items.length - 1, i));
    state.active = next;
    state.items.forEach((it, j) => it.node.setAttribute('tabindex', j === next ? '0' : '-1'));
    if (focus) state.items[next].node.focus();
    showTip(next);
  }

  function onKey(e) {
    const i = state.items.findIndex((it) => it.node === e.target.closest('.datum'));
    if (i < 0) return;
    const cols = spec.grid ? spec.grid.cols : 0;
    let next = null;
    if (e.key === 'ArrowRight') next = i + 1;
    else if (e.key === 'ArrowLeft') next = i - 1;
    else if (e.key === 'ArrowDown') next = cols ? i + cols : i + 1;
    else if (e.key === 'ArrowUp') next = cols ? i - cols : i - 1;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = state.items.length - 1;
    else if (e.key === 'Escape') {
      hideTip();
      return;
    }
    if (next === null) return;
    e.preventDefault();
    if (next < 0 || next >= state.items.length) return;
    setActive(next, true);
  }

  function bind() {
    state.items.forEach((it, j) => {
      it.node.setAttribute('tabindex', j === state.active ? '0' : '-1');
      it.node.setAttribute('role', 'img');
      // A name from the file is cut as everywhere (a 10,000-character name is not read out whole).
      it.node.setAttribute('aria-label', it.tip ? [clip(it.tip.title).text, ...it.tip.lines].join('; ') : it.label);
      it.node.addEventListener('pointerenter', () => showTip(j));
      it.node.addEventListener('pointerleave', () => {
        if (plot.contains(document.activeElement)) showTip(state.active);
        else hideTip();
      });
      it.node.addEventListener('focus', () => {
        state.active = j;
        state.items.forEach((x, k) => x.node.setAttribute('tabindex', k === j ? '0' : '-1'));
        showTip(j);
      });
      it.node.addEventListener('blur', () => hideTip());
    });
  }

  function redraw(width, force) {
    const w = Math.max(200, Math.floor(width));
    if (!force && Math.abs(w - state.width) < 2) return;
    const hadFocus = plot.contains(document.activeElement);
    const drawn = spec.draw(w, ctx);
    state.width = w;
    if (!drawn || !drawn.svg) return;
    const root = drawn.svg;
    root.setAttribute('class', 'chart-svg');
    root.setAttribute('role', 'group');
    root.setAttribute('aria-labelledby', titleId + ' ' + summaryId);
    root.setAttribute('width', '100%');
    root.setAttribute('focusable', 'false');
    // A drawing narrower than its container (a square, a small grid) keeps its size: never scaled up.
    if (drawn.maxWidth) root.style.setProperty('max-width', Math.ceil(drawn.maxWidth) + 'px');
    root.addEventListener('keydown', onKey);
    root.addEventListener('pointerleave', () => {
      if (!plot.contains(document.activeElement)) hideTip();
    });
    state.items = drawn.items || [];
    if (state.active >= state.items.length) state.active = 0;
    plot.replaceChildren(root, tip);
    tip.hidden = true;
    bind();
    figure.setAttribute('data-bars', String(drawn.bars || 0));
    figure.setAttribute('data-points', String(drawn.points || 0));
    figure.setAttribute('data-items', String(state.items.length));
    figure.setAttribute('data-width', String(w));
    for (const [k, v] of Object.entries(drawn.attrs || {})) figure.setAttribute(k, String(v));
    // A chart whose data depend on its width (fewer bars on a phone) gives its table rows with the drawing.
    if (drawn.rows && tbody) tbody.replaceChildren(...tableRows(drawn.rows, spec.table.numeric || [], spec.table.rowHeader || 0));
    if (hadFocus && state.items[state.active]) setActive(state.active, true);
  }

  // The first drawing waits until the figure is in the page (drawCharts, the observer, print): a chart
  // in a folded section is drawn when the section first opens, not with every report (issue 14).
  figure.__chart = {
    redraw,
    get width() {
      return state.width;
    },
    get drawn() {
      return state.width > 0;
    },
    guess: () => guessWidth(spec.share || 1),
    printWidth: () => spec.printWidth || PRINT_WIDTH,
  };
  observe(figure);
  // Without a ResizeObserver nothing would draw a folded chart later: draw it now.
  if (typeof ResizeObserver !== 'function') redraw(figure.__chart.guess(), true);
  return figure;
}

/**
 * Draws the charts under `root` not drawn yet: those the user can see (not inside a closed fold body)
 * at once, so the first screen is complete when the report is; with `all`, every one (the warm-up).
 */
export function drawCharts(root, all = false) {
  if (!root) return;
  const figures = [...root.querySelectorAll('figure.chart')];
  if (root.matches && root.matches('figure.chart')) figures.push(root);
  for (const f of figures) {
    const chart = f.__chart;
    if (!chart || chart.drawn) continue;
    if (!all && f.closest('.fold-body[hidden]')) continue;
    chart.redraw(printing ? chart.printWidth() : chart.guess(), true);
  }
}

/**
 * The legend: each key is a small SVG drawn with the chart's own classes (so it matches the marks in
 * light, dark and print — a CSS background would not print). Entry: {label, kind: 'box' | 'line',
 * mark: classes of the rect or line, group: a class around it (the heat steps), pattern: a hatch
 * class (filling the box, or over it with `overlay`), dot: classes of a marker on the line, shape:
 * 'circle' | 'square'}.
 */
function legendOf(entries, idOf) {
  return el(
    'ul',
    { class: 'chart-legend' },
    entries.map((e, i) => el('li', { class: 'chart-legend-item' }, legendKey(e, idOf('key' + i)), el('span', { text: e.label }))),
  );
}

function legendKey(e, patternId) {
  const parts = [];
  if (e.kind === 'line') {
    parts.push(svg('line', { class: e.mark, x1: 1, x2: 23, y1: 7, y2: 7 }));
    if (e.dot && e.shape === 'square') parts.push(svg('rect', { class: e.dot, x: 8.5, y: 3.5, width: 7, height: 7 }));
    else if (e.dot) parts.push(svg('circle', { class: e.dot, cx: 12, cy: 7, r: 3.5 }));
  } else {
    const box = { x: 3.5, y: 2.5, width: 16, height: 9 };
    if (e.pattern) parts.push(svg('defs', null, hatchPattern(patternId, e.pattern, 45, 5)));
    parts.push(svg('rect', { class: e.mark, ...box, fill: e.pattern && !e.overlay ? 'url(#' + patternId + ')' : null }));
    if (e.pattern && e.overlay) parts.push(svg('rect', { class: 'bar-pattern', ...box, fill: 'url(#' + patternId + ')' }));
  }
  return svg('svg', { class: 'chart-key', width: 24, height: 14, viewBox: '0 0 24 14', 'aria-hidden': 'true', focusable: 'false' }, e.group ? svg('g', { class: e.group }, parts) : parts);
}

function dataTable(id, table) {
  const numeric = table.numeric || [];
  return el(
    'details',
    { class: 'chart-data', id: id + '-data' },
    el('summary', { text: t('chart.table') }),
    tableWrap(
      el(
        'table',
        { class: 'data-table chart-table', id: id + '-table' },
        el('caption', { text: table.caption }),
        el('thead', null, el('tr', null, table.head.map((h, i) => el('th', { scope: 'col', class: numeric[i] ? 'num' : null, text: h })))),
        el('tbody', null, tableRows(table.rows || [], numeric, table.rowHeader || 0)),
      ),
    ),
  );
}

function tableRows(rows, numeric, rowHeader = 0) {
  return rows.map((r) =>
    el(
      'tr',
      r.attrs || null,
      r.cells.map((c, i) => (i === rowHeader ? el('th', { scope: 'row', class: numeric[i] ? 'num' : 'name', ...clip(c) }) : el('td', { class: numeric[i] ? 'num' : null, text: c }))),
    ),
  );
}

// ---------- small drawing helpers shared by the charts ----------

/** A horizontal gridline with its tick label at the left (or right) edge. */
export function yTick(x0, x1, y, label, side = 'left') {
  return svg(
    'g',
    { class: 'tick' },
    svg('line', { class: 'grid', x1: x0, x2: x1, y1: y, y2: y }),
    svg('text', { class: 'tick-label', x: side === 'left' ? x0 - 6 : x1 + 6, y, 'text-anchor': side === 'left' ? 'end' : 'start', 'dominant-baseline': 'middle', text: label }),
  );
}

/** A vertical gridline with its tick label below (kept inside [0, width]). */
export function xTick(x, y0, y1, label, width) {
  return svg('g', { class: 'tick' }, svg('line', { class: 'grid', x1: x, x2: x, y1: y0, y2: y1 }), xTickLabel(x, y1 + 16, label, width));
}

/** A datum: a <g class="datum"> with a transparent hit area first, then what is drawn. */
export function datum(hit, ...drawn) {
  return svg('g', { class: 'datum' }, svg('rect', { class: 'hit', ...hit }), drawn);
}

/** On a narrow chart, the height of the name line above each row's bars. */
export const NAME_BAND = 19;

/**
 * Rows of horizontal bars with names: on a wide chart the names stand left of the bars (cut to at
 * most 36 % of the width), on a narrow one (under `narrowBelow` px) above each bar, full width.
 * `bars` is the number of bars per row (1, or 2 for before/after). Returns the geometry.
 */
export function rowsLayout(names, w, opts = {}) {
  const narrow = w < (opts.narrowBelow || 520);
  const top = opts.top || 0;
  const right = opts.right || 0;
  const barH = opts.barH || 16;
  const bars = opts.bars || 1;
  const gap = opts.gap || 3;
  const block = bars * barH + (bars - 1) * gap;
  if (narrow) {
    const rowH = NAME_BAND + block + 10;
    return {
      narrow,
      x0: 4,
      x1: w - right,
      rowH,
      nameX: 4,
      nameMax: w - 8,
      nameY: (i) => top + i * rowH + 13,
      barY: (i, j = 0) => top + i * rowH + NAME_BAND + j * (barH + gap),
      barH,
      h: top + names.length * rowH + (opts.bottom || 0),
    };
  }
  const widest = Math.max(0, ...names.map((n) => textWidth(n, 12)));
  const labelW = Math.min(Math.ceil(widest) + 12, Math.floor(w * 0.36));
  const rowH = block + 12;
  return {
    narrow,
    x0: labelW,
    x1: w - right,
    rowH,
    nameX: labelW - 8,
    nameMax: labelW - 12,
    nameY: (i) => top + i * rowH + 6 + block / 2,
    barY: (i, j = 0) => top + i * rowH + 6 + j * (barH + gap),
    barH,
    h: top + names.length * rowH + (opts.bottom || 0),
  };
}

/** The name of a row, cut to fit (the whole name is in the tooltip's title and the table's). */
export function rowName(layout, i, name) {
  return svg('text', {
    class: 'row-label chart-halo',
    x: layout.nameX,
    y: layout.nameY(i),
    'text-anchor': layout.narrow ? 'start' : 'end',
    'dominant-baseline': 'middle',
    text: fitText(name, layout.nameMax, 12),
  });
}

/**
 * Labels over vertical reference lines at the top of a chart, in two rows when neighbours would
 * touch: [{x, text, cls}] → {nodes, rows, bottom}: row r stands at y + 14 r; `bottom` is the last row's baseline.
 */
export function topLabels(labels, y, minX, maxX) {
  const sorted = labels.slice().sort((a, b) => a.x - b.x);
  const lastEnd = [-Infinity, -Infinity];
  const nodes = [];
  let rows = 1;
  for (const l of sorted) {
    const wid = textWidth(l.text, 12);
    const cx = Math.max(minX + wid / 2, Math.min(maxX - wid / 2, l.x));
    let row = cx - wid / 2 >= lastEnd[0] + 4 ? 0 : 1;
    if (row === 1 && cx - wid / 2 < lastEnd[1] + 4) row = 0; // no room in either: keep the first row
    lastEnd[row] = cx + wid / 2;
    rows = Math.max(rows, row + 1);
    nodes.push({ row, node: svg('text', { class: 'ref-label ' + (l.cls || ''), x: cx, 'text-anchor': 'middle', text: l.text }) });
  }
  for (const { row, node } of nodes) node.setAttribute('y', String(y + row * 14));
  return { nodes: nodes.map((n) => n.node), rows, bottom: y + (rows - 1) * 14 };
}

/** A tick label under an x axis, kept inside [0, width] (the first and last ones lean inwards). */
export function xTickLabel(x, y, text, width) {
  const half = textWidth(text, 12) / 2;
  const anchor = x - half < 0 ? 'start' : x + half > width ? 'end' : 'middle';
  return svg('text', { class: 'tick-label', x: anchor === 'start' ? Math.max(0, x - 2) : anchor === 'end' ? Math.min(width, x + 2) : x, y, 'text-anchor': anchor, text });
}

/**
 * Where a reference line's label goes so that it does not cover the data: the first free place among
 * `spots` ([{x, anchor: start|end|middle}]) above the line, then the same below it. Free = no series
 * (polylines [[x, y], …] in order of x) crosses the label's box and no rect ([x0, x1, y0, y1], e.g. a
 * bar or a label placed before) overlaps it; when there is none, the place covering the least. A spot
 * is moved to keep the label within [minX, maxX]. Returns {x, y, anchor, free, box}.
 */
export function placeLabel(text, lineY, spots, series = [], rects = [], bold = true, minX = -Infinity, maxX = Infinity) {
  const wid = textWidth(text, 12, bold ? 600 : 400) + 4;
  const leftOf = (spot) => {
    const left = spot.anchor === 'end' ? spot.x - wid : spot.anchor === 'middle' ? spot.x - wid / 2 : spot.x;
    return Math.max(minX, Math.min(maxX - wid, left));
  };
  const boxOf = (spot, below) => {
    const left = leftOf(spot);
    return below ? [left, left + wid, lineY + 2, lineY + 17] : [left, left + wid, lineY - 16, lineY - 1];
  };
  const crossesSeries = ([bx0, bx1, by0, by1]) =>
    series.some((pts) => {
      for (let i = 0; i < pts.length; i += 1) {
        const [x, y] = pts[i];
        if (x >= bx0 - 5 && x <= bx1 + 5 && y >= by0 - 5 && y <= by1 + 5) return true;
        const next = pts[i + 1];
        if (!next) continue;
        const lo = Math.max(bx0, Math.min(x, next[0]));
        const hi = Math.min(bx1, Math.max(x, next[0]));
        if (lo > hi) continue;
        const at = (xx) => (next[0] === x ? y : y + ((next[1] - y) * (xx - x)) / (next[0] - x));
        const ya = at(lo);
        const yb = at(hi);
        if (Math.max(ya, yb) >= by0 - 2 && Math.min(ya, yb) <= by1 + 2) return true;
      }
      return false;
    });
  // The area of the bars under the box (0 = none).
  const overlap = ([bx0, bx1, by0, by1]) =>
    rects.reduce((sum, [rx0, rx1, ry0, ry1]) => sum + Math.max(0, Math.min(rx1, bx1 + 1) - Math.max(rx0, bx0 - 1)) * Math.max(0, Math.min(ry1, by1 + 1) - Math.max(ry0, by0 - 1)), 0);
  let best = null;
  for (const below of [false, true]) {
    for (const spot of spots) {
      const box = boxOf(spot, below);
      const cost = (crossesSeries(box) ? 1e6 : 0) + overlap(box);
      // Anchored at the box's left edge (+2: the box is 4 px wider than the text), whatever the spot's anchor.
      const at = { x: box[0] + 2, y: below ? lineY + 14 : lineY - 5, anchor: 'start', free: cost === 0, box };
      if (cost === 0) return at;
      if (!best || cost < best.cost) best = { cost, at };
    }
  }
  return best.at;
}
