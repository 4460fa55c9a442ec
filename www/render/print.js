// The report on paper (issue 13, point 3): a cover with what the report is about and its numbers
// (print only; the verdict and the rules line follow it as on screen), the method's rules with the
// thresholds used (an appendix), and every page's footer — the file, the report's date, the day
// it was printed and "page N of M" — through CSS @page margin boxes. The footer's text is file
// data, so it goes into a constructed stylesheet as an escaped CSS string (CSSOM: no <style>
// element, nothing the CSP forbids).

import { el } from './dom.js';
import { t } from '../i18n/index.js';
import { companyKeyAccounts, rulesOf } from './summary.js';
import { METHOD_FIELDS, methodOfReport } from '../method.js';
import { methodValueText } from './rules.js';

/** Cover: the file, its period, the report's date and measure, the totals. */
export function renderPrintCover(report, fmt, fileName) {
  const src = report.source || {};
  const c = report.concentration;
  const rows = [
    [t('print.file'), fileName || '—'],
    [t('print.period'), src.date_from && src.date_to ? t('print.period_value', { from: fmt.date(src.date_from), to: fmt.date(src.date_to) }) : t('print.no_dates')],
  ];
  const range = report.range;
  if (range && (range.from || range.to)) rows.push([t('print.range'), (range.from ? fmt.date(range.from) : '…') + ' — ' + (range.to ? fmt.date(range.to) : '…')]);
  if (report.as_of) rows.push([t('print.as_of'), fmt.date(report.as_of)]);
  rows.push([t('print.measure'), t('measure.' + (report.measure || 'revenue'))]);
  rows.push([t('card.total'), fmt.money(report.total)]);
  rows.push([t('card.clients'), fmt.int((report.clients || []).length)]);
  rows.push([t('card.key_accounts'), fmt.int(companyKeyAccounts(report).filter((k) => k.basis !== 'judgment').length)]);
  if (c) {
    rows.push([t('card.top_share'), fmt.pct(c.top1_share) + ((report.clients || [])[0] ? ' — ' + report.clients[0].name : '')]);
    rows.push([t('card.hhi'), fmt.int(c.hhi) + ' (' + t('band.' + c.hhi_band_2023) + ')']);
    rows.push([t('card.effective'), fmt.dec1(c.effective_clients)]);
    if (typeof c.gini === 'number') rows.push([t('print.gini'), new Intl.NumberFormat(fmt.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(c.gini)]);
  }
  return el(
    'section',
    { id: 'print-cover', class: 'print-only print-cover', 'aria-hidden': 'true' },
    el('p', { class: 'print-cover-kicker', text: t('app.title') }),
    el('h2', { class: 'print-cover-title', text: t('print.title') }),
    el('table', { class: 'print-cover-table' }, el('tbody', null, rows.map(([k, v]) => el('tr', null, el('th', { scope: 'row', text: k }), el('td', { text: v }))))),
  );
}

/** Appendix: every rule of the method with the threshold this report used (the method's in brackets when changed). */
export function renderPrintRules(report, fmt, defaults) {
  const rules = rulesOf(report);
  if (!report.rules) return null;
  const applied = methodOfReport(report);
  const d = defaults || {};
  const items = METHOD_FIELDS.filter((f) => f.panel !== false && f.kind !== 'date' && applied[f.key] !== undefined).map((f) => {
    const value = methodValueText(f.key, applied[f.key], fmt);
    const method = d[f.key] !== undefined ? methodValueText(f.key, d[f.key], fmt) : null;
    return el(
      'tr',
      { 'data-rule': f.rule },
      el('th', { scope: 'row', text: t('rules.field.' + f.key) }),
      el('td', { class: 'num', text: value }),
      el('td', { class: 'num muted', text: method && method !== value ? method : '' }),
    );
  });
  if (typeof rules.abc_a === 'number' && typeof rules.abc_b === 'number') {
    items.push(el('tr', { 'data-rule': 'abc' }, el('th', { scope: 'row', text: t('print.abc') }), el('td', { class: 'num', text: fmt.pctRule(rules.abc_a) + ' / ' + fmt.pctRule(rules.abc_b) }), el('td')));
  }
  if (report.as_of) {
    items.push(el('tr', { 'data-rule': 'as_of' }, el('th', { scope: 'row', text: t('print.as_of') }), el('td', { class: 'num', text: fmt.dateShort(report.as_of) }), el('td', { class: 'muted', text: t('rules.line.asof.' + (rules.as_of_source === 'option' ? 'option' : 'latest_date')) })));
  }
  return el(
    'section',
    { id: 'print-rules', class: 'print-only block print-rules', 'aria-hidden': 'true' },
    el('h2', { text: t('print.rules_title') }),
    el('p', { class: 'muted', text: t('print.rules_intro') }),
    el(
      'table',
      { class: 'data-table' },
      el('thead', null, el('tr', null, el('th', { scope: 'col', text: t('print.rule') }), el('th', { scope: 'col', class: 'num', text: t('print.used') }), el('th', { scope: 'col', class: 'num', text: t('print.method') }))),
      el('tbody', null, items),
    ),
  );
}

/** A CSS string literal of any text (file names are data: quotes, backslashes, line breaks escaped). */
export function cssString(text) {
  return '"' + String(text).replace(/[\\"]/g, '\\$&').replace(/[\u0000-\u001f\u007f]/g, (c) => '\\' + c.charCodeAt(0).toString(16) + ' ') + '"';
}

let footerSheet = null;

/**
 * Every printed page's footer: left "file · report as of … · printed …", right "page N of M".
 * `printedOn` is today's date as the page's clock gives it (the engine never reads the clock).
 */
export function setPrintFooter(report, fmt, fileName, printedOn) {
  if (typeof CSSStyleSheet !== 'function' || !('adoptedStyleSheets' in document)) return;
  const parts = [fileName || ''];
  if (report && report.as_of) parts.push(t('print.footer_as_of', { date: fmt.dateShort(report.as_of) }));
  parts.push(t('print.footer_printed', { date: fmt.dateShort(printedOn) }));
  const left = parts.filter(Boolean).join(' · ');
  const page = t('print.page');
  const of = t('print.of');
  const css =
    '@media print { @page { ' +
    '@bottom-left { content: ' + cssString(left) + '; font: 8pt system-ui, sans-serif; color: #444; } ' +
    '@bottom-right { content: ' + cssString(page + ' ') + ' counter(page) ' + cssString(' ' + of + ' ') + ' counter(pages); font: 8pt system-ui, sans-serif; color: #444; } ' +
    '} }';
  try {
    if (!footerSheet) {
      footerSheet = new CSSStyleSheet();
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, footerSheet];
    }
    footerSheet.replaceSync(css);
  } catch (_) {
    // An engine without constructable sheets prints without the footer; nothing else changes.
  }
}

/** Today as YYYY-MM-DD by the page's (local) clock, for the footer. */
export function todayIso() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}

