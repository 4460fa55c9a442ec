// The supplier-discount trap (issue 12): the user states a supplier's condition — products (one,
// several = a group, or all), units or money, the volume per month that keeps the discount, over
// the last N complete months — sent as `method.supplier: [...]`. The report answers in
// `report.supplier[]` (today's monthly volume, the tier, per client the volume without it and who
// breaks it) and in findings (`critical_dependency` with reason `supplier_discount`,
// `supplier_tier_missed`, `supplier_unchecked`).
//
// The conditions are kept per company next to the user's marks (marks.js: localStorage, or memory
// where storage throws), so they are exported, imported and forgotten with them.

import { el, tableWrap } from './dom.js';
import { t, tn, clip } from '../i18n/index.js';
import { quoted } from './scenario.js';
import { getSupplier, setSupplier } from '../marks.js';

export const SUPPLIER_DEFAULT_MONTHS = 3;
const MAX_PRODUCTS_SHOWN = 200;
const MAX_CONDITIONS = 10;

// ---------- storage adapter ----------


/** Where the conditions of a company live: `get(companyKey)` → list, `set(companyKey, list)`. */
export const supplierStore = {
  get() {
    return getSupplier(null).map((c) => ({ ...c, products: (c.products || []).slice() }));
  },
  set(_companyKey, list) {
    setSupplier(null, (list || []).map((c) => ({ ...c, products: (c.products || []).slice() })));
  },
};

/** The conditions as the engine takes them (null when there are none). */
export function supplierForEngine(list) {
  if (!Array.isArray(list) || !list.length) return null;
  return list.map((c) => {
    const out = { name: c.name, products: c.products.slice(), unit: c.unit, perMonth: c.perMonth };
    if (c.months && c.months !== SUPPLIER_DEFAULT_MONTHS) out.months = c.months;
    return out;
  });
}

// ---------- the form ----------

/** What is being typed (the panel is rebuilt on every render). */
const supplierDraft = { name: '', all: true, products: [], productsText: '', unit: 'units', perMonth: '', months: String(SUPPLIER_DEFAULT_MONTHS), error: null, errorField: null };

function parsePositive(raw) {
  const s = String(raw || '')
    .replace(/[\s\u00a0\u202f]+/g, '')
    .replace(',', '.');
  return /^(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN;
}

/** The product names the report lists (`report.products`, largest first), else none. */
function productsOf(report) {
  return Array.isArray(report.products) ? report.products.filter((p) => p && typeof p.name === 'string') : [];
}

function hasQuantity(report) {
  const products = productsOf(report);
  if (products.length) return products.some((p) => typeof p.quantity === 'number');
  const cols = (report.source && report.source.columns) || {};
  return Boolean(cols.quantity);
}

function supplierNumber(fmt, unit, v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  return unit === 'money' ? fmt.moneyOnly(v) : fmt.dec1(v).replace(/[.,]0$/, '');
}

function conditionLine(c, fmt) {
  const products = c.products.length ? fmt.list(c.products.slice(0, 5).map(quoted)) + (c.products.length > 5 ? ' …' : '') : t('sup.all_products');
  return t('sup.condition_line', {
    name: c.name,
    products,
    tier: supplierNumber(fmt, c.unit, c.perMonth) + (c.unit === 'units' ? ' ' + t('sup.unit_units_short') : ''),
    months: String(c.months || SUPPLIER_DEFAULT_MONTHS),
  });
}

function resultOf(r, fmt) {
  const unitWord = r.unit === 'units' ? ' ' + t('sup.unit_units_short') : '';
  const show = (v) => supplierNumber(fmt, r.unit, v) + unitWord;
  const rows = (r.clients || []).map((c) =>
    el(
      'tr',
      { 'data-client': c.client, 'data-volume': String(c.volume), 'data-volume-without': String(c.volume_without), 'data-breaks': c.breaks ? 'true' : 'false', class: c.breaks ? 'breaks' : null },
      el('th', { scope: 'row', class: 'name', ...clip(c.client) }),
      el('td', { class: 'num', text: show(c.volume) }),
      el('td', { class: 'num', text: show(c.volume_without) }),
      el('td', { class: 'sup-breaks', text: c.breaks ? t('sup.breaks_yes') : '' }),
    ),
  );
  const breaking = (r.clients || []).filter((c) => c.breaks).map((c) => c.client);
  return el(
    'li',
    {
      class: 'supplier-result' + (r.met ? ' met' : ' missed'),
      'data-name': r.name,
      'data-unit': r.unit,
      'data-volume': String(r.volume),
      'data-tier': String(r.tier),
      'data-met': r.met ? 'true' : 'false',
      'data-breaking': breaking.join('|'),
    },
    el('h3', clip(r.name)),
    el(
      'p',
      null,
      tn(r.met ? 'sup.result.met' : 'sup.result.missed', {
        volume: show(r.volume),
        tier: show(r.tier),
        months: String(r.months || SUPPLIER_DEFAULT_MONTHS),
        from: r.from ? fmt.dateShort(r.from) : '—',
        to: r.to ? fmt.dateShort(r.to) : '—',
      }),
    ),
    breaking.length
      ? el('p', { class: 'sup-breaking' }, tn('sup.result.breaking', { clients: fmt.list(breaking.map(quoted)) }))
      : r.met
        ? el('p', { class: 'muted', text: t('sup.result.safe') })
        : null,
    rows.length
      ? tableWrap(
          el(
            'table',
            { class: 'mini-table supplier-clients', id: 'supplier-clients-' + fmtId(r.name) },
            el('caption', { text: t('sup.clients_caption', { name: r.name }) }),
            el(
              'thead',
              null,
              el(
                'tr',
                null,
                el('th', { scope: 'col', class: 'name', text: t('sup.col_client') }),
                el('th', { scope: 'col', class: 'num', text: t('sup.col_volume') }),
                el('th', { scope: 'col', class: 'num', text: t('sup.col_without') }),
                el('th', { scope: 'col', text: t('sup.col_breaks') }),
              ),
            ),
            el('tbody', null, rows),
          ),
        )
      : null,
  );
}

/** A name → a safe id fragment (ids only; the name itself is shown as text). */
function fmtId(name) {
  let h = 0;
  const s = String(name);
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

/**
 * The panel. `conditions`: the user's list (what was sent); `handlers`: {onAdd(condition),
 * onRemove(index), onInvalid()} — onInvalid re-renders to show a message.
 */
export function renderSupplier(report, fmt, conditions, handlers) {
  if (!report.concentration) return null;
  const products = productsOf(report);
  const quantity = hasQuantity(report);
  const list = Array.isArray(conditions) ? conditions : [];
  if (!quantity && supplierDraft.unit === 'units') supplierDraft.unit = 'money';

  const err = (field) => (supplierDraft.errorField === field ? 'true' : null);

  const submit = (e) => {
    e.preventDefault();
    const fail = (key, field) => {
      supplierDraft.error = key;
      supplierDraft.errorField = field;
      handlers.onInvalid(field);
    };
    const perMonth = parsePositive(supplierDraft.perMonth);
    if (!(perMonth > 0)) return fail('sup.err.per_month', 'sup-per-month');
    const months = parsePositive(supplierDraft.months || String(SUPPLIER_DEFAULT_MONTHS));
    if (!Number.isInteger(months) || months < 1 || months > 24) return fail('sup.err.months', 'sup-months');
    let chosen = [];
    if (!supplierDraft.all) {
      chosen = products.length
        ? supplierDraft.products.slice()
        : supplierDraft.productsText
            .split(/[;\n]/)
            .map((s) => s.trim())
            .filter(Boolean);
      if (!chosen.length) return fail('sup.err.products', products.length ? 'sup-product-0' : 'sup-products-text');
    }
    if (list.length >= MAX_CONDITIONS) return fail('sup.err.too_many', 'sup-add');
    const name = supplierDraft.name.trim() || t('sup.default_name', { n: String(list.length + 1) });
    const condition = { name, products: chosen, unit: supplierDraft.unit, perMonth, months };
    supplierDraft.name = '';
    supplierDraft.perMonth = '';
    supplierDraft.products = [];
    supplierDraft.error = null;
    supplierDraft.errorField = null;
    handlers.onAdd(condition);
  };

  const productPicker = products.length
    ? el(
        'div',
        { class: 'sup-products', id: 'sup-products', hidden: supplierDraft.all },
        el(
          'ul',
          { class: 'sup-product-list' },
          products.slice(0, MAX_PRODUCTS_SHOWN).map((p, i) => {
            const box = el('input', {
              type: 'checkbox',
              id: 'sup-product-' + i,
              'data-product': p.name,
              'aria-invalid': i === 0 ? err('sup-product-0') : null,
              on: {
                change: (e) => {
                  const set = new Set(supplierDraft.products);
                  if (e.target.checked) set.add(p.name);
                  else set.delete(p.name);
                  supplierDraft.products = [...set];
                },
              },
            });
            box.checked = supplierDraft.products.includes(p.name);
            return el('li', null, box, el('label', { for: 'sup-product-' + i, ...clip(p.name) }));
          }),
        ),
        products.length > MAX_PRODUCTS_SHOWN ? el('p', { class: 'muted small', text: t('sup.products_more', { n: String(products.length - MAX_PRODUCTS_SHOWN) }) }) : null,
      )
    : el(
        'div',
        { class: 'field', id: 'sup-products', hidden: supplierDraft.all },
        el('label', { for: 'sup-products-text', text: t('sup.products_text') }),
        el('input', {
          type: 'text',
          id: 'sup-products-text',
          value: supplierDraft.productsText,
          'aria-invalid': err('sup-products-text'),
          'aria-describedby': 'sup-products-text-hint',
          on: { input: (e) => (supplierDraft.productsText = e.target.value) },
        }),
        el('p', { id: 'sup-products-text-hint', class: 'muted small', text: t('sup.products_text_hint') }),
      );

  const allBox = el('input', {
    type: 'checkbox',
    id: 'sup-all',
    on: {
      change: (e) => {
        supplierDraft.all = e.target.checked;
        const box = document.getElementById('sup-products');
        if (box) box.hidden = supplierDraft.all;
      },
    },
  });
  allBox.checked = supplierDraft.all;

  const unitRadio = (unit) => {
    const r = el('input', {
      type: 'radio',
      name: 'sup-unit',
      id: 'sup-unit-' + unit,
      value: unit,
      disabled: unit === 'units' && !quantity,
      on: { change: (e) => e.target.checked && (supplierDraft.unit = unit) },
    });
    r.checked = supplierDraft.unit === unit;
    return el('span', { class: 'radio' }, r, el('label', { for: 'sup-unit-' + unit, text: t('sup.unit.' + unit) }));
  };

  const form = el(
    'form',
    { id: 'supplier-form', class: 'supplier-form', novalidate: true, on: { submit } },
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'sup-name', text: t('sup.name') }),
      el('input', { type: 'text', id: 'sup-name', autocomplete: 'off', value: supplierDraft.name, placeholder: t('sup.name_placeholder'), on: { input: (e) => (supplierDraft.name = e.target.value) } }),
    ),
    el(
      'fieldset',
      { class: 'sup-fieldset' },
      el('legend', { text: t('sup.products') }),
      el('p', { class: 'switch' }, allBox, el('label', { for: 'sup-all', text: t('sup.all_products') })),
      productPicker,
    ),
    el(
      'fieldset',
      { class: 'sup-fieldset sup-units' },
      el('legend', { text: t('sup.unit') }),
      unitRadio('units'),
      unitRadio('money'),
      quantity ? null : el('p', { id: 'sup-no-quantity', class: 'muted small', text: t('sup.no_quantity') }),
    ),
    el(
      'div',
      { class: 'sup-numbers' },
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'sup-per-month', text: t('sup.per_month') }),
        el('input', {
          type: 'text',
          id: 'sup-per-month',
          inputmode: 'decimal',
          autocomplete: 'off',
          value: supplierDraft.perMonth,
          'aria-invalid': err('sup-per-month'),
          on: { input: (e) => (supplierDraft.perMonth = e.target.value) },
        }),
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'sup-months', text: t('sup.months') }),
        el('input', {
          type: 'text',
          id: 'sup-months',
          inputmode: 'numeric',
          autocomplete: 'off',
          value: supplierDraft.months,
          'aria-invalid': err('sup-months'),
          on: { input: (e) => (supplierDraft.months = e.target.value) },
        }),
      ),
    ),
    el('button', { type: 'submit', id: 'sup-add', class: 'button', text: t('sup.add') }),
    el('p', { id: 'sup-error', class: 'field-error', role: 'alert', hidden: !supplierDraft.error, text: supplierDraft.error ? t(supplierDraft.error) : '' }),
  );

  const conditionsList = list.length
    ? el(
        'ul',
        { id: 'supplier-conditions', class: 'supplier-conditions' },
        list.map((c, i) =>
          el(
            'li',
            { 'data-name': c.name, 'data-unit': c.unit, 'data-per-month': String(c.perMonth), 'data-months': String(c.months || SUPPLIER_DEFAULT_MONTHS), 'data-products': c.products.join('|') },
            el('span', { text: conditionLine(c, fmt) }),
            ' ',
            el('button', {
              type: 'button',
              class: 'button button-small',
              id: 'sup-remove-' + i,
              'data-action': 'supplier-remove',
              'aria-label': t('sup.remove_label', { name: c.name }),
              text: t('sup.remove'),
              on: { click: () => handlers.onRemove(i) },
            }),
          ),
        ),
      )
    : null;

  const results = Array.isArray(report.supplier) && report.supplier.length ? el('ul', { id: 'supplier-results', class: 'supplier-results' }, report.supplier.map((r) => resultOf(r, fmt))) : null;

  return el(
    'section',
    { id: 'supplier', class: 'block supplier', tabindex: '-1', 'aria-labelledby': 'supplier-title', 'data-products': String(products.length), 'data-quantity': quantity ? 'true' : 'false' },
    el('h2', { id: 'supplier-title', text: t('sup.title') }),
    el('p', { class: 'muted', text: t('sup.intro') }),
    conditionsList,
    results,
    el('details', { id: 'supplier-details', class: 'supplier-details no-print', open: !list.length || supplierDraft.error ? true : null }, el('summary', { text: t('sup.form_title') }), form),
  );
}
