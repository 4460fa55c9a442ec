// Translation lookup: plain dictionaries, {placeholders}, plurals through Intl.PluralRules.
// Placeholder values are inserted as text (or as text nodes by `tn`), never parsed as HTML.

import { RU } from './ru.js';
import { EN } from './en.js';

export const DICTIONARIES = { ru: RU, en: EN };
export const LANGUAGES = ['ru', 'en'];

/** Error codes the page itself raises, besides the engine's. */
export const PAGE_ERROR_CODES = [
  'engine_crashed',
  'internal',
  'engine_unavailable',
  'demo_unavailable',
  'file_unreadable',
];

let currentLang = 'en';
const pluralRules = {};

export function setLang(lang) {
  currentLang = DICTIONARIES[lang] ? lang : 'en';
}

export function getLang() {
  return currentLang;
}

/** The language a browser prefers: Russian when it asks for it, else English. */
export function defaultLang(navigatorLanguage) {
  return typeof navigatorLanguage === 'string' && navigatorLanguage.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

function pluralCategory(lang, n) {
  if (!pluralRules[lang]) pluralRules[lang] = new Intl.PluralRules(lang === 'ru' ? 'ru' : 'en');
  return pluralRules[lang].select(n);
}

/** Is there a message for `key` in the current language? */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(DICTIONARIES[currentLang], key);
}

function lookup(key, params) {
  const dict = DICTIONARIES[currentLang];
  let msg = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : EN[key];
  if (msg === undefined) return key;
  if (typeof msg === 'object') {
    const n = params && typeof params.n === 'number' ? params.n : 0;
    msg = msg[pluralCategory(currentLang, n)] || msg.other;
  }
  return msg;
}

/**
 * The message for `key` with `{name}` placeholders filled in; a name from the file (a `{client}`,
 * `{manager}`…) is cut at NAME_MAX, as everywhere: such messages are aria-labels and titles too.
 */
export function t(key, params) {
  const msg = lookup(key, params);
  if (!params) return msg;
  return msg.replace(/\{(\w+)\}/g, (m, name) => {
    const v = params[name];
    if (v === undefined || v === null) return m;
    return NAME_KEYS.has(name) ? clip(v).text : String(v);
  });
}

/** A plural message: `tp('n.clients', 3, fmt)` → "3 clients" (the number formatted by `fmt.int`). */
export function tp(key, n, fmt) {
  const dict = DICTIONARIES[currentLang];
  let msg = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : EN[key];
  if (msg === undefined) return key;
  if (typeof msg === 'object') msg = msg[pluralCategory(currentLang, n)] || msg.other;
  return msg.replace(/\{n\}/g, fmt ? fmt.int(n) : String(n));
}

/** The longest name shown whole (a client, manager, department, sheet, file…). */
export const NAME_MAX = 120;
/** Placeholders that hold one name: cut at NAME_MAX; other values (lists, details) at LIST_MAX. */
const NAME_KEYS = new Set(['client', 'name', 'manager', 'department', 'file', 'sheet', 'header', 'column', 'product', 'parent']);
const LIST_MAX = 400;

/**
 * `{ text, title }` for el(): a text longer than `max` characters (a pasted paragraph, a hostile
 * file's 10,000-character name) cut at a whole character with "…", and whole in `title` (on hover).
 */
export function clip(value, max = NAME_MAX) {
  const s = String(value ?? '');
  if (s.length <= max) return { text: s };
  const chars = Array.from(s);
  if (chars.length <= max) return { text: s };
  return { text: chars.slice(0, max - 1).join('') + '…', title: s };
}

/**
 * The message as DOM nodes: text with every placeholder value in a <strong> (or as plain text
 * for names listed in `plain`). Values are text nodes, so file data is never parsed as HTML;
 * an overlong value is cut (`clip`), whole in its title.
 */
export function tn(key, params, plain) {
  const msg = lookup(key, params);
  const frag = document.createDocumentFragment();
  const re = /\{(\w+)\}/g;
  let last = 0;
  let m;
  while ((m = re.exec(msg)) !== null) {
    if (m.index > last) frag.appendChild(document.createTextNode(msg.slice(last, m.index)));
    const name = m[1];
    const value = params && params[name] !== undefined && params[name] !== null ? String(params[name]) : m[0];
    const shown = clip(value, NAME_KEYS.has(name) ? NAME_MAX : LIST_MAX);
    if (plain && plain.includes(name) && !shown.title) {
      frag.appendChild(document.createTextNode(value));
    } else {
      const node = document.createElement(plain && plain.includes(name) ? 'span' : 'strong');
      node.textContent = shown.text;
      if (shown.title) node.title = shown.title;
      frag.appendChild(node);
    }
    last = re.lastIndex;
  }
  if (last < msg.length) frag.appendChild(document.createTextNode(msg.slice(last)));
  return frag;
}
