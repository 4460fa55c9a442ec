// The method's settings on the page: the fields of the rules panel, their units (percent in the
// UI, fractions to the engine), their limits and the compact URL scheme. No DOM here.
//
// The limits are the engine's own (Thresholds::validate in src/core/options.rs), narrowed where
// a value would be meaningless to a person (a multiplier of 1000): a value the engine would
// refuse is never sent. The defaults are not kept here: the engine states them
// (wasm_bindgen.methodDefaults(), posted by the worker with 'ready').
//
// URL scheme (only settings that differ from the defaults are written; `lang` and anything else
// in the address are kept):
//   key=15            key-account share, %
//   dep=20,30,40      dependency levels, %, ascending
//   crit=50           critical dependency above this share, %
//   load=3            key accounts per manager, at most
//   lost=2x60[x3]     lost key client: silent > 2 × its usual gap and ≥ 60 days
//                     [x3: below 3 purchases the median gap of all clients is used]
//   asof=2024-06-30   the report's date (none: the file's latest sale date)
//   from=2024-01-01   the range analysed (either end may be open)
//   to=2024-12-31
//   measure=profit    what the report measures: revenue (default), profit, quantity
//   cmp=2023-01-01..2023-06-30,2024-01-01..2024-06-30   two periods compared (none: same period last year)
//   trend=12          trend windows of complete months
//   trendmin=6        at least this many months per window
//   hhirise=15        concentration_rising: HHI up by at least, %
//   toprise=3         …and the top client's share up by at least, percentage points
//   slip=3x12x50      slipping key client: its last 3 months ≤ 50 % of its monthly average over 12 before
//   xyz=10/25         XYZ classes: X up to 10 % coefficient of variation, Y up to 25 %, Z above
//   wallet=20x10      key by potential: our share of its purchases below 20 % and its potential ≥ 10 % of our year
//   innov=5           more innovators than 5 % of the clients draws a note
//   small=5           a key-account manager who also leads at least 5 class C clients
//   split=10          a key client's managers count from 10 % of its sales
// A value that does not parse or is out of range is ignored (the default stays).

/** One field per setting; `key` is the engine's `method` option name. */
export const METHOD_FIELDS = [
  { key: 'keyShare', id: 'rule-key', kind: 'pct', rule: 'key_share' },
  { key: 'dependencyLevels', id: 'rule-dep', kind: 'levels', rule: 'dependency_levels' },
  { key: 'criticalShare', id: 'rule-crit', kind: 'pct', rule: 'critical_share' },
  { key: 'maxKeyAccountsPerManager', id: 'rule-load', kind: 'int', min: 1, max: 1000, rule: 'max_key_accounts_per_manager' },
  { key: 'lostGapMultiplier', id: 'rule-lost-gap', kind: 'num', min: 1, max: 100, rule: 'lost_gap_multiplier' },
  { key: 'lostMinDays', id: 'rule-lost-days', kind: 'int', min: 0, max: 3650, rule: 'lost_min_days' },
  { key: 'lostMinPurchases', id: 'rule-lost-purchases', kind: 'int', min: 1, max: 1000, rule: 'lost_min_purchases' },
  { key: 'asOf', id: 'rule-asof', kind: 'date', rule: 'as_of' },
  // issue 11: the trend rules and XYZ (shares as percent in the panel, fractions to the engine)
  { key: 'trendWindowMonths', id: 'rule-trend-window', kind: 'int', min: 1, max: 60, rule: 'trend_window_months' },
  { key: 'trendMinMonths', id: 'rule-trend-min', kind: 'int', min: 1, max: 60, rule: 'trend_min_months' },
  { key: 'hhiRise', id: 'rule-hhi-rise', kind: 'pct0', max: 1000, rule: 'hhi_rise' },
  { key: 'topShareRise', id: 'rule-top-rise', kind: 'pct0', max: 100, rule: 'top_share_rise' },
  { key: 'slippingRecentMonths', id: 'rule-slip-recent', kind: 'int', min: 1, max: 24, rule: 'slipping_recent_months' },
  { key: 'slippingBaselineMonths', id: 'rule-slip-baseline', kind: 'int', min: 1, max: 60, rule: 'slipping_baseline_months' },
  { key: 'slippingRatio', id: 'rule-slip-ratio', kind: 'pct', rule: 'slipping_ratio' },
  { key: 'xyzX', id: 'rule-xyz-x', kind: 'pct', max: 1000, rule: 'xyz_x' },
  { key: 'xyzY', id: 'rule-xyz-y', kind: 'pct', max: 1000, rule: 'xyz_y' },
  // issue 12: key by potential, too many innovators, a key-account manager with small orders, a split key client
  { key: 'walletShareMax', id: 'rule-wallet', kind: 'pct', rule: 'wallet_share_max' },
  { key: 'potentialMinShare', id: 'rule-potential', kind: 'pct', rule: 'potential_min_share' },
  { key: 'innovatorMaxShare', id: 'rule-innovators', kind: 'pct', rule: 'innovator_max_share' },
  { key: 'smallOrdersMin', id: 'rule-small-orders', kind: 'int', min: 1, max: 100000, rule: 'small_orders_min' },
  { key: 'splitMinShare', id: 'rule-split', kind: 'pct', rule: 'split_min_share' },
  // Set by the period picker, the measure switch and the comparison (not the rules panel).
  { key: 'from', id: 'period-from', kind: 'date', rule: 'from', panel: false },
  { key: 'to', id: 'period-to', kind: 'date', rule: 'to', panel: false },
  { key: 'measure', id: 'measure', kind: 'enum', values: ['revenue', 'profit', 'quantity'], rule: 'measure', panel: false },
  { key: 'compare', id: 'cmp', kind: 'compare', rule: 'compare', panel: false },
];

/** The measures the engine knows, in the order the page offers them. */
export const MEASURES = ['revenue', 'profit', 'quantity'];

export const MAX_LEVELS = 10;
const DATE_MIN = '1900-01-01';
const DATE_MAX = '2999-12-31';
export const DATE_LIMITS = { min: DATE_MIN, max: DATE_MAX };

export function methodField(key) {
  return METHOD_FIELDS.find((f) => f.key === key) || null;
}

/** "15", "15,5", "15.5", "15 %" → 15.5; anything else → NaN. */
function parseNumber(raw) {
  const s = String(raw === undefined || raw === null ? '' : raw)
    .replace(/[\s\u00a0\u202f]+/g, '')
    .replace(/%$/, '')
    .replace(',', '.');
  return /^[+]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN;
}

/** A share in percent (0 < p ≤ max, 100 by default) as a fraction; null when out of range. */
function pctToShare(p, max) {
  return Number.isFinite(p) && p > 0 && p <= (max || 100) ? p / 100 : null;
}

/** A fraction as the percent a person types: 0.15 → 15, 0.125 → 12.5 (no float noise). */
export function shareToPct(x) {
  return Math.round(Number(x) * 100 * 1e6) / 1e6;
}

export function isIsoDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m || s < DATE_MIN || s > DATE_MAX) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * What a person typed into a field → {value} in the engine's units, or {error: [i18n key, params]}.
 * The date field's empty value is {value: null}: the file's latest sale date.
 */
export function parseMethodInput(field, raw) {
  const text = String(raw === undefined || raw === null ? '' : raw).trim();
  switch (field.kind) {
    case 'pct': {
      const share = pctToShare(parseNumber(text), field.max);
      if (share !== null) return { value: share };
      return field.max ? { error: ['rules.err.pct_max', { max: field.max }] } : { error: ['rules.err.pct'] };
    }
    case 'pct0': {
      // 0 allowed: "any rise at all".
      const p = parseNumber(text);
      return Number.isFinite(p) && p >= 0 && p <= field.max ? { value: p / 100 } : { error: ['rules.err.pct0', { max: field.max }] };
    }
    case 'enum':
      return field.values.includes(text) ? { value: text } : { error: ['rules.err.number'] };
    case 'compare':
      if (!text) return { value: null };
      return parseCompare(text) ? { value: text } : { error: ['rules.err.date'] };
    case 'levels': {
      // Levels are separated by commas, semicolons, slashes or spaces; decimals take a dot.
      const parts = text.split(/[\s,;/]+/).filter(Boolean);
      if (!parts.length || parts.length > MAX_LEVELS) return { error: ['rules.err.levels', { max: MAX_LEVELS }] };
      const shares = parts.map((p) => pctToShare(parseNumber(p)));
      if (shares.some((x) => x === null)) return { error: ['rules.err.levels', { max: MAX_LEVELS }] };
      for (let i = 1; i < shares.length; i++) if (shares[i] <= shares[i - 1]) return { error: ['rules.err.levels_order'] };
      return { value: shares };
    }
    case 'int': {
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      return Number.isInteger(n) && n >= field.min && n <= field.max ? { value: n } : { error: ['rules.err.int', { min: field.min, max: field.max }] };
    }
    case 'num': {
      const n = parseNumber(text);
      return Number.isFinite(n) && n >= field.min && n <= field.max ? { value: n } : { error: ['rules.err.num', { min: field.min, max: field.max }] };
    }
    case 'date':
      if (!text) return { value: null };
      return isIsoDate(text) ? { value: text } : { error: ['rules.err.date'] };
    default:
      return { error: ['rules.err.number'] };
  }
}

/** A value in the engine's units as the text of its field; `decimal` is the language's separator. */
export function formatMethodValue(field, value, decimal) {
  if (value === null || value === undefined) return '';
  const num = (n) => String(n).replace('.', decimal || '.');
  switch (field.kind) {
    case 'pct':
    case 'pct0':
      return num(shareToPct(value));
    case 'levels':
      // Always a dot inside the list: the comma separates levels.
      return Array.isArray(value) ? value.map((x) => String(shareToPct(x))).join(', ') : '';
    case 'date':
      return String(value);
    default:
      return num(value);
  }
}

/**
 * Two periods "F..T,F..T" (ISO dates, each period in order) → [{from, to}, {from, to}] as the
 * engine's `method.compare` takes them; null when it does not parse.
 */
export function parseCompare(text) {
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(String(text || ''));
  if (!m || ![m[1], m[2], m[3], m[4]].every(isIsoDate) || m[1] > m[2] || m[3] > m[4]) return null;
  return [
    { from: m[1], to: m[2] },
    { from: m[3], to: m[4] },
  ];
}

/** The page's settings → the engine's `method` options (the comparison as two periods). */
export function methodForEngine(method) {
  const out = { ...method };
  if (typeof out.compare === 'string') {
    const c = parseCompare(out.compare);
    if (c) out.compare = c;
    else delete out.compare;
  }
  return out;
}

/** Are two values of a setting the same (shares compared without float noise)? */
export function sameMethodValue(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameMethodValue(x, b[i]));
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return (a === undefined ? null : a) === (b === undefined ? null : b);
}

/** The settings of `method` that differ from `defaults` (all of them when defaults are unknown). */
export function changedMethod(method, defaults) {
  const out = {};
  for (const f of METHOD_FIELDS) {
    if (!(f.key in method) || method[f.key] === null || method[f.key] === undefined) continue;
    if (defaults && f.key in defaults && sameMethodValue(method[f.key], defaults[f.key])) continue;
    out[f.key] = method[f.key];
  }
  return out;
}

/** Same settings? (keys absent and null are the same). */
export function sameMethod(a, b) {
  return METHOD_FIELDS.every((f) => sameMethodValue(a[f.key] ?? null, b[f.key] ?? null));
}

/** What the engine applied (`report.rules`, `report.as_of`) in the page's method keys. */
export function methodOfReport(report) {
  const r = (report && report.rules) || {};
  const out = {};
  for (const f of METHOD_FIELDS) if (f.kind !== 'date' && f.panel !== false && r[f.rule] !== undefined) out[f.key] = r[f.rule];
  out.asOf = r.as_of_source === 'option' ? report.as_of : null;
  out.from = (report && report.range && report.range.from) || null;
  out.to = (report && report.range && report.range.to) || null;
  out.measure = (report && report.measure) || 'revenue';
  return out;
}

// ---------- the address ----------

const QUERY_KEYS = ['key', 'dep', 'crit', 'load', 'lost', 'asof', 'from', 'to', 'measure', 'cmp', 'trend', 'trendmin', 'hhirise', 'toprise', 'slip', 'xyz', 'wallet', 'innov', 'small', 'split'];
const queryNumber = (n) => String(Math.round(n * 1e6) / 1e6);

/** The method's settings in `search` (e.g. location.search); invalid values are left out. */
export function methodFromQuery(search) {
  let params;
  try {
    params = new URLSearchParams(search || '');
  } catch (_) {
    return {};
  }
  const out = {};
  const take = (key, raw) => {
    const field = methodField(key);
    const r = parseMethodInput(field, raw);
    if (!r.error && r.value !== null) out[key] = r.value;
  };
  const get = (name) => {
    const v = params.get(name);
    return v === null || v === '' ? null : v;
  };
  // Dots only in the address: a comma separates levels.
  if (get('key') !== null && /^[\d.]+$/.test(get('key'))) take('keyShare', get('key'));
  if (get('dep') !== null && /^[\d.,]+$/.test(get('dep'))) take('dependencyLevels', get('dep'));
  if (get('crit') !== null && /^[\d.]+$/.test(get('crit'))) take('criticalShare', get('crit'));
  if (get('load') !== null) take('maxKeyAccountsPerManager', get('load'));
  const lost = get('lost');
  if (lost !== null) {
    // All or nothing: half a rule read from a mistyped link would mislead.
    const m = /^([\d.]+)x(\d+)(?:x(\d+))?$/.exec(lost);
    if (m) {
      const gap = parseMethodInput(methodField('lostGapMultiplier'), m[1]);
      const days = parseMethodInput(methodField('lostMinDays'), m[2]);
      const purchases = m[3] === undefined ? null : parseMethodInput(methodField('lostMinPurchases'), m[3]);
      if (!gap.error && !days.error && !(purchases && purchases.error)) {
        out.lostGapMultiplier = gap.value;
        out.lostMinDays = days.value;
        if (purchases) out.lostMinPurchases = purchases.value;
      }
    }
  }
  if (get('asof') !== null) take('asOf', get('asof'));
  if (get('from') !== null) take('from', get('from'));
  if (get('to') !== null) take('to', get('to'));
  // A range that ends before it starts is nonsense: neither end is taken.
  if (out.from && out.to && out.from > out.to) {
    delete out.from;
    delete out.to;
  }
  if (get('measure') !== null) take('measure', get('measure'));
  if (get('cmp') !== null) take('compare', get('cmp'));
  if (get('trend') !== null) take('trendWindowMonths', get('trend'));
  if (get('trendmin') !== null) take('trendMinMonths', get('trendmin'));
  if (get('hhirise') !== null && /^[\d.]+$/.test(get('hhirise'))) take('hhiRise', get('hhirise'));
  if (get('toprise') !== null && /^[\d.]+$/.test(get('toprise'))) take('topShareRise', get('toprise'));
  const slip = get('slip');
  if (slip !== null) {
    const m = /^(\d+)x(\d+)x([\d.]+)$/.exec(slip);
    if (m) {
      const parts = [
        ['slippingRecentMonths', m[1]],
        ['slippingBaselineMonths', m[2]],
        ['slippingRatio', m[3]],
      ].map(([k, v]) => [k, parseMethodInput(methodField(k), v)]);
      if (parts.every(([, r]) => !r.error)) for (const [k, r] of parts) out[k] = r.value;
    }
  }
  const xyz = get('xyz');
  if (xyz !== null) {
    const m = /^([\d.]+)\/([\d.]+)$/.exec(xyz);
    if (m) {
      const x = parseMethodInput(methodField('xyzX'), m[1]);
      const y = parseMethodInput(methodField('xyzY'), m[2]);
      if (!x.error && !y.error && x.value < y.value) {
        out.xyzX = x.value;
        out.xyzY = y.value;
      }
    }
  }
  const wallet = get('wallet');
  if (wallet !== null) {
    const m = /^([\d.]+)x([\d.]+)$/.exec(wallet);
    if (m) {
      const w = parseMethodInput(methodField('walletShareMax'), m[1]);
      const p = parseMethodInput(methodField('potentialMinShare'), m[2]);
      if (!w.error && !p.error) {
        out.walletShareMax = w.value;
        out.potentialMinShare = p.value;
      }
    }
  }
  if (get('innov') !== null && /^[\d.]+$/.test(get('innov'))) take('innovatorMaxShare', get('innov'));
  if (get('small') !== null) take('smallOrdersMin', get('small'));
  if (get('split') !== null && /^[\d.]+$/.test(get('split'))) take('splitMinShare', get('split'));
  return out;
}

/**
 * `search` with the method's parameters replaced by those of `method` that differ from `defaults`
 * (the rest of the address kept). Returns the new search string ('' or '?…').
 */
export function methodToQuery(search, method, defaults) {
  let params;
  try {
    params = new URLSearchParams(search || '');
  } catch (_) {
    params = new URLSearchParams();
  }
  for (const k of QUERY_KEYS) params.delete(k);
  const m = changedMethod(method, defaults);
  const d = defaults || {};
  if ('keyShare' in m) params.set('key', queryNumber(shareToPct(m.keyShare)));
  if ('dependencyLevels' in m) params.set('dep', m.dependencyLevels.map((x) => queryNumber(shareToPct(x))).join(','));
  if ('criticalShare' in m) params.set('crit', queryNumber(shareToPct(m.criticalShare)));
  if ('maxKeyAccountsPerManager' in m) params.set('load', String(m.maxKeyAccountsPerManager));
  if ('lostGapMultiplier' in m || 'lostMinDays' in m || 'lostMinPurchases' in m) {
    const gap = method.lostGapMultiplier ?? d.lostGapMultiplier;
    const days = method.lostMinDays ?? d.lostMinDays;
    if (typeof gap === 'number' && typeof days === 'number') {
      let v = queryNumber(gap) + 'x' + days;
      if ('lostMinPurchases' in m) v += 'x' + m.lostMinPurchases;
      params.set('lost', v);
    }
  }
  if (typeof m.asOf === 'string' && m.asOf) params.set('asof', m.asOf);
  if (typeof m.from === 'string' && m.from) params.set('from', m.from);
  if (typeof m.to === 'string' && m.to) params.set('to', m.to);
  if (typeof m.measure === 'string' && m.measure !== 'revenue') params.set('measure', m.measure);
  if (typeof m.compare === 'string' && m.compare) params.set('cmp', m.compare);
  if ('trendWindowMonths' in m) params.set('trend', String(m.trendWindowMonths));
  if ('trendMinMonths' in m) params.set('trendmin', String(m.trendMinMonths));
  if ('hhiRise' in m) params.set('hhirise', queryNumber(shareToPct(m.hhiRise)));
  if ('topShareRise' in m) params.set('toprise', queryNumber(shareToPct(m.topShareRise)));
  if ('slippingRecentMonths' in m || 'slippingBaselineMonths' in m || 'slippingRatio' in m) {
    const recent = method.slippingRecentMonths ?? d.slippingRecentMonths;
    const base = method.slippingBaselineMonths ?? d.slippingBaselineMonths;
    const ratio = method.slippingRatio ?? d.slippingRatio;
    if ([recent, base, ratio].every((v) => typeof v === 'number')) params.set('slip', recent + 'x' + base + 'x' + queryNumber(shareToPct(ratio)));
  }
  if ('xyzX' in m || 'xyzY' in m) {
    const x = method.xyzX ?? d.xyzX;
    const y = method.xyzY ?? d.xyzY;
    if (typeof x === 'number' && typeof y === 'number') params.set('xyz', queryNumber(shareToPct(x)) + '/' + queryNumber(shareToPct(y)));
  }
  if ('walletShareMax' in m || 'potentialMinShare' in m) {
    const w = method.walletShareMax ?? d.walletShareMax;
    const p = method.potentialMinShare ?? d.potentialMinShare;
    if (typeof w === 'number' && typeof p === 'number') params.set('wallet', queryNumber(shareToPct(w)) + 'x' + queryNumber(shareToPct(p)));
  }
  if ('innovatorMaxShare' in m) params.set('innov', queryNumber(shareToPct(m.innovatorMaxShare)));
  if ('smallOrdersMin' in m) params.set('small', String(m.smallOrdersMin));
  if ('splitMinShare' in m) params.set('split', queryNumber(shareToPct(m.splitMinShare)));
  // URLSearchParams encodes ',' as %2C: keep the address readable (a comma is safe in a query).
  const text = params.toString().replace(/%2C/gi, ',').replace(/%2F/gi, '/');
  return text ? '?' + text : '';
}
