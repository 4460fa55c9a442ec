// Numbers, money, percentages and dates through Intl. The report carries raw numbers;
// everything a person reads is formatted here, in the page's language.

const LOCALES = { ru: 'ru-RU', en: 'en-GB' };

/** The BCP 47 locale for a page language. */
export function localeOf(lang) {
  return LOCALES[lang] || LOCALES.en;
}

/** The currency named by a `currency` data-quality note, or null (the report has none otherwise). */
export function reportCurrency(report) {
  const notes = (report && report.data_quality) || [];
  for (const n of notes) {
    if (n.code === 'currency' && typeof n.detail === 'string' && /^[A-Z]{3}$/.test(n.detail)) {
      return n.detail;
    }
  }
  return null;
}

/**
 * Formatters bound to a language and (optionally) a currency. `measure` = the report's measure:
 * for `quantity` every "amount" is a count of units, not money — no currency, no forced cents
 * (`moneyOnly` still formats money, e.g. a loss-making client's profit).
 */
export function makeFormat(lang, currency, measure) {
  // Intl formatters cost ~1 ms each to build: one set per (language, currency, measure), reused.
  const key = `${lang}|${currency || ''}|${measure || ''}`;
  let f = FORMATS.get(key);
  if (!f) {
    f = buildFormat(lang, currency, measure);
    FORMATS.set(key, f);
  }
  return f;
}

const FORMATS = new Map();

function buildFormat(lang, currency, measure) {
  const locale = localeOf(lang);
  const isQuantity = measure === 'quantity';
  // Each Intl formatter is built on first use: a status line needs one, a report most.
  const lazy = (make) => {
    let f = null;
    return () => f || (f = make());
  };
  const numberFormat = (options) => lazy(() => new Intl.NumberFormat(locale, options));
  const plain2 = numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const realMoney = !currency
    ? plain2
    : lazy(() => {
        try {
          return new Intl.NumberFormat(locale, {
            style: 'currency',
            currency,
            currencyDisplay: 'symbol',
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
          });
        } catch (_) {
          return plain2();
        }
      });
  const money = isQuantity ? numberFormat({ maximumFractionDigits: 3 }) : realMoney;
  const moneyShort = numberFormat({
    maximumFractionDigits: 0,
    ...(currency && !isQuantity ? { style: 'currency', currency, currencyDisplay: 'symbol' } : {}),
  });
  const int = numberFormat({ maximumFractionDigits: 0 });
  const dec1 = numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pct1 = numberFormat({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // Thresholds are whole percentages by default, but a user may set 12.5 %: show it, do not round it.
  const pctThreshold = numberFormat({ style: 'percent', maximumFractionDigits: 2 });
  const dateFmt = lazy(() => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
  const dateShort = lazy(() => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }));
  const listFmt = lazy(() => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }));

  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

  return {
    locale,
    currency: isQuantity ? null : currency,
    measure: measure || 'revenue',
    /** Money with 2 decimals (with the currency when the file names one); units for `quantity`. */
    money: (v) => money().format(num(v)),
    /** Always money, whatever the measure. */
    moneyOnly: (v) => realMoney().format(num(v)),
    /**
     * Money split for table cells: [before, fraction, after], where fraction is the decimal
     * separator and the cents (a phone layout may hide them; the full value stays in data-*).
     */
    moneyParts: (v) => {
      const out = ['', '', ''];
      let slot = 0;
      for (const p of money().formatToParts(num(v))) {
        if (p.type === 'decimal' || p.type === 'fraction') {
          slot = 1;
          out[1] += p.value;
        } else {
          if (slot === 1) slot = 2;
          out[slot] += p.value;
        }
      }
      return out;
    },
    /** Money rounded to whole units, for the summary cards' captions. */
    moneyShort: (v) => moneyShort().format(num(v)),
    int: (v) => int().format(num(v)),
    dec1: (v) => dec1().format(num(v)),
    /** A share (0.25) as a percentage with one decimal; tiny non-zero shares read "<0.1 %". */
    pct: (v) => {
      const x = num(v);
      if (x > 0 && x < 0.0005) return '<' + pct1().format(0.001);
      return pct1().format(x);
    },
    /** A threshold share as a percentage: 0.2 → "20 %", 0.125 → "12.5 %". */
    pctRule: (v) => pctThreshold().format(num(v)),
    /** An ISO date (YYYY-MM-DD) in words; unparseable input is shown as is. */
    date: (iso) => formatIsoDate(dateFmt(), iso),
    dateShort: (iso) => formatIsoDate(dateShort(), iso),
    /** A list of names: "A, B and C". */
    list: (items) => {
      try {
        return listFmt().format(items);
      } catch (_) {
        return items.join(', ');
      }
    },
    /** Bytes as KB/MB. */
    bytes: (n) => {
      const v = num(n);
      if (v < 1024) return int().format(v) + ' B';
      if (v < 1024 * 1024) return dec1().format(v / 1024) + (lang === 'ru' ? ' КБ' : ' KB');
      return dec1().format(v / (1024 * 1024)) + (lang === 'ru' ? ' МБ' : ' MB');
    },
  };
}

function formatIsoDate(fmt, iso) {
  if (typeof iso !== 'string') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // "31 декабря 2024 г." → "31 декабря 2024": the abbreviation's dot doubles a sentence's full stop.
  return Number.isNaN(d.getTime()) ? iso : fmt.format(d).replace(/\s*г\.$/, '');
}
