// Key by judgment (issue 12): the marks a person puts on clients (large potential, reference,
// innovator, partner, demanding), the dossiers of the key accounts and the supplier's conditions,
// kept in this browser only. No DOM here.
//
// Storage: localStorage `keyaccounts.marks.v1` →
//   {companies: {<companyKey>: {clients: [names], marks: {name: {kinds: [kind…], potential: number|null}},
//                               dossiers: {name: {…}}, supplier: [condition…], updated: ISO date}}}
// companyKey = FNV-1a (32 bit, hex) of the report's client names sorted by code unit and joined by
// "\n", with the count: "c1a2b3c4d-250". A file opened again finds its company by the exact key;
// otherwise the stored company sharing the most client names (Jaccard ≥ TAKEOVER_MIN) is taken
// over: re-keyed to the new key, its marks kept (those for names not in the file are listed).
// Where even reading `localStorage` throws (a sandboxed iframe without allow-same-origin) or
// writing fails, everything lives in memory for this page's life (`storageKind()` says which).
//
// Export / import: one JSON file {format: "keyaccounts-marks", version: 1, company, clients,
// marks, dossiers, supplier}; `parseExport` validates it and changes nothing when it is bad.

import { realName, shownName } from './anon.js';

export const MARKS_STORAGE_KEY = 'keyaccounts.marks.v1';
export const MARK_KINDS = ['potential', 'reference', 'innovator', 'partner', 'demanding'];
export const EXPORT_FORMAT = 'keyaccounts-marks';
export const EXPORT_VERSION = 1;
/** A stored company is taken over by a file sharing at least this share of client names (Jaccard). */
export const TAKEOVER_MIN = 0.5;

/** The dossier's fields: contacts per level, then the free-text parts and the last meeting. */
export const DOSSIER_LEVELS = ['owner', 'director', 'purchasing', 'accounting'];
export const DOSSIER_PERSON_FIELDS = ['name', 'role', 'birthday', 'interests'];
export const DOSSIER_TEXTS = ['decision', 'history', 'risks'];
/** Items counted for the progress: each level (filled when it has a name), each text, the last meeting. */
export const DOSSIER_ITEMS = [...DOSSIER_LEVELS.map((l) => 'level.' + l), ...DOSSIER_TEXTS, 'meeting'];

const MAX_TEXT = 5000;

// ---------- hashing ----------

/** FNV-1a, 32 bit, over the UTF-16 code units of `s`: 8 hex digits. */
export function fnv1a(s) {
  let h = 0x811c9dc5;
  const str = String(s);
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

let lastCompany = { names: [], key: null };

/**
 * The company behind a report: its client names, sorted. The last key is kept: the marks and the
 * supplier conditions ask for the same file's key one after the other (2,000 names: a few ms each).
 */
export function companyKeyOf(names) {
  const list = Array.isArray(names) ? names : [];
  const last = lastCompany.names;
  if (lastCompany.key && list.length === last.length && list.every((n, i) => n === last[i])) return lastCompany.key;
  const sorted = uniqueNames(list).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const key = 'c' + fnv1a(sorted.join('\n')) + '-' + sorted.length;
  lastCompany = { names: list.slice(), key };
  return key;
}

function uniqueNames(names) {
  return [...new Set((Array.isArray(names) ? names : []).filter((n) => typeof n === 'string' && n))];
}

/** |a ∩ b| / |a ∪ b| of two lists of names. */
export function jaccard(a, b) {
  const sa = new Set(a);
  const sb = new Set(b);
  if (!sa.size && !sb.size) return 0;
  let both = 0;
  for (const x of sa) if (sb.has(x)) both++;
  return both / (sa.size + sb.size - both);
}

// ---------- the store: localStorage, or memory where it is not allowed ----------

let memory = null; // the in-memory copy when localStorage cannot be used
let kind = null; // 'local' | 'memory'

function localStore() {
  try {
    const ls = window.localStorage; // throws in an opaque-origin (sandboxed) frame
    if (!ls) return null;
    const probe = MARKS_STORAGE_KEY + '.probe';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return ls;
  } catch (_) {
    return null;
  }
}

/** 'local' (kept in this browser) or 'memory' (lost when the page closes). */
export function storageKind() {
  if (!kind) kind = localStore() ? 'local' : 'memory';
  return kind;
}

function emptyDb() {
  return { companies: {} };
}

function readDb() {
  if (storageKind() === 'memory') return memory || (memory = emptyDb());
  try {
    const raw = window.localStorage.getItem(MARKS_STORAGE_KEY); // storageKind() probed it once
    const db = raw ? JSON.parse(raw) : null;
    return db && typeof db === 'object' && db.companies && typeof db.companies === 'object' ? db : emptyDb();
  } catch (_) {
    return emptyDb();
  }
}

function writeDb(db) {
  if (storageKind() === 'local') {
    try {
      window.localStorage.setItem(MARKS_STORAGE_KEY, JSON.stringify(db));
      return;
    } catch (_) {
      // full or forbidden now: keep going in memory
      kind = 'memory';
    }
  }
  memory = db;
}

/** For tests: forget the in-memory copy and the storage decision. */
export function resetStoreForTests() {
  memory = null;
  kind = null;
}

// ---------- one company's data ----------

function emptyCompany(names) {
  return { clients: uniqueNames(names), marks: {}, dossiers: {}, supplier: [], updated: null };
}

function cleanCompany(c, names) {
  const out = emptyCompany(names || (c && c.clients));
  if (!c || typeof c !== 'object') return out;
  if (c.marks && typeof c.marks === 'object') {
    for (const [name, m] of Object.entries(c.marks)) {
      const mark = cleanMark(m);
      if (mark) out.marks[name] = mark;
    }
  }
  if (c.dossiers && typeof c.dossiers === 'object') {
    for (const [name, d] of Object.entries(c.dossiers)) {
      const dossier = cleanDossier(d);
      if (dossier) out.dossiers[name] = dossier;
    }
  }
  if (Array.isArray(c.supplier)) out.supplier = c.supplier.filter((s) => s && typeof s === 'object');
  out.updated = typeof c.updated === 'string' ? c.updated : null;
  return out;
}

/** {kinds, potential} with known kinds only; null when it marks nothing. */
export function cleanMark(m) {
  if (!m || typeof m !== 'object') return null;
  const kinds = MARK_KINDS.filter((k) => Array.isArray(m.kinds) && m.kinds.includes(k));
  const potential = typeof m.potential === 'number' && Number.isFinite(m.potential) && m.potential > 0 ? m.potential : null;
  if (!kinds.length && potential === null) return null;
  return { kinds, potential };
}

function cleanText(v) {
  return typeof v === 'string' ? v.slice(0, MAX_TEXT) : '';
}

/** The dossier with known fields only (strings); null when every field is empty. */
export function cleanDossier(d) {
  if (!d || typeof d !== 'object') return null;
  const out = { people: {}, meeting: { date: '', notes: '' } };
  for (const level of DOSSIER_LEVELS) {
    const p = d.people && typeof d.people === 'object' ? d.people[level] : null;
    const person = {};
    for (const f of DOSSIER_PERSON_FIELDS) person[f] = cleanText(p && p[f]);
    out.people[level] = person;
  }
  for (const f of DOSSIER_TEXTS) out[f] = cleanText(d[f]);
  const m = d.meeting && typeof d.meeting === 'object' ? d.meeting : {};
  out.meeting.date = /^\d{4}-\d{2}-\d{2}$/.test(m.date || '') ? m.date : '';
  out.meeting.notes = cleanText(m.notes);
  return dossierProgress(out).filled || hasAnyText(out) ? out : null;
}

function hasAnyText(d) {
  for (const level of DOSSIER_LEVELS) for (const f of DOSSIER_PERSON_FIELDS) if (d.people[level][f].trim()) return true;
  return DOSSIER_TEXTS.some((f) => d[f].trim()) || Boolean(d.meeting.date || d.meeting.notes.trim());
}

/** An empty dossier (every field ''). */
export function emptyDossier() {
  const people = {};
  for (const level of DOSSIER_LEVELS) people[level] = Object.fromEntries(DOSSIER_PERSON_FIELDS.map((f) => [f, '']));
  return { people, decision: '', history: '', risks: '', meeting: { date: '', notes: '' } };
}

/** {filled, total, items: {item: bool}}: a level counts when someone is named there; the meeting when dated or noted. */
export function dossierProgress(d) {
  const items = {};
  const dossier = d || emptyDossier();
  for (const level of DOSSIER_LEVELS) {
    const p = (dossier.people && dossier.people[level]) || {};
    items['level.' + level] = Boolean(p.name && p.name.trim());
  }
  for (const f of DOSSIER_TEXTS) items[f] = Boolean(dossier[f] && dossier[f].trim());
  const m = dossier.meeting || {};
  items.meeting = Boolean(m.date || (m.notes && m.notes.trim()));
  const filled = Object.values(items).filter(Boolean).length;
  return { filled, total: DOSSIER_ITEMS.length, items };
}

// ---------- the current company ----------

const state = {
  key: null, // the company of the file on screen (null: no file yet)
  names: [], // its client names
  data: null, // its data (cleanCompany shape)
  takenOver: null, // {from, overlap} when a stored company was taken over on load
};

let listener = null;

/** `fn(what)` is called after a change the engine must see ('marks') or that only the page shows ('dossier', 'all'). */
export function setMarksListener(fn) {
  listener = typeof fn === 'function' ? fn : null;
}

function notify(what) {
  if (listener) listener(what);
}

/** No company until the first report of a file: nothing is sent to the engine for the previous one. */
export function closeCompany() {
  state.key = null;
  state.names = [];
  state.data = null;
  state.takenOver = null;
}

/**
 * The first report of a file (or files) names the company. Loads its data: the exact key, else
 * the stored company with the largest overlap of names (≥ TAKEOVER_MIN), re-keyed. Returns true
 * when there are marks the engine has not seen yet (the caller re-runs).
 */
export function openCompany(clientNames) {
  const names = uniqueNames(clientNames);
  const key = companyKeyOf(names);
  const db = readDb();
  let stored = db.companies[key];
  state.takenOver = null;
  if (!stored) {
    let best = null;
    for (const [k, c] of Object.entries(db.companies)) {
      const overlap = jaccard(names, (c && c.clients) || []);
      if (overlap >= TAKEOVER_MIN && (!best || overlap > best.overlap)) best = { key: k, overlap };
    }
    if (best) {
      stored = db.companies[best.key];
      delete db.companies[best.key];
      db.companies[key] = { ...stored, clients: names };
      writeDb(db);
      state.takenOver = { from: best.key, overlap: best.overlap };
    }
  }
  state.key = key;
  state.names = names;
  state.data = cleanCompany(stored, names);
  return Object.keys(state.data.marks).length > 0;
}

export function currentCompany() {
  return state.key;
}

/** {from, overlap} when the data of another (similar) file was taken over on load, else null. */
export function takenOver() {
  return state.takenOver;
}

function save() {
  if (!state.key || !state.data) return;
  const db = readDb();
  state.data.clients = state.names;
  state.data.updated = new Date().toISOString();
  const empty = !Object.keys(state.data.marks).length && !Object.keys(state.data.dossiers).length && !state.data.supplier.length;
  if (empty) delete db.companies[state.key];
  else db.companies[state.key] = state.data;
  writeDb(db);
}

/** The user's mark of a client: {kinds, potential} or null. */
export function markOf(name) {
  return (state.data && state.data.marks[realName(name)]) || null;
}

/** Every mark of the company: {name: {kinds, potential}}. */
export function allMarks() {
  if (!state.data) return {};
  return Object.fromEntries(Object.entries(state.data.marks).map(([name, m]) => [shownName(name), m]));
}

/** Sets (or, with nothing marked, removes) the user's mark of a client and tells the listener. */
export function setMark(shown, kinds, potential) {
  if (!state.data || typeof shown !== 'string') return;
  const name = realName(shown);
  const mark = cleanMark({ kinds, potential });
  const before = JSON.stringify(state.data.marks[name] || null);
  if (mark) state.data.marks[name] = mark;
  else delete state.data.marks[name];
  if (JSON.stringify(mark) === before) return;
  save();
  notify('marks');
}

/** Marked names that are not clients of the file on screen (kept, listed). */
export function unmatchedMarks() {
  if (!state.data) return [];
  const here = new Set(state.names);
  return Object.keys(state.data.marks).filter((n) => !here.has(n));
}

/**
 * The engine's `method.marks` (contract: [{client, kinds, potential}]), as an object to spread
 * into `method`: {} without marks, or when the engine does not know marks yet (its defaults
 * lack the issue-12 thresholds), so an older engine is not sent an option it refuses.
 */
export function marksForEngine(defaults) {
  if (!state.data) return {};
  if (defaults && typeof defaults === 'object' && !('walletShareMax' in defaults)) return {};
  const marks = Object.entries(state.data.marks).map(([client, m]) => {
    const out = { client, kinds: m.kinds.slice() };
    if (m.potential !== null) out.potential = m.potential;
    return out;
  });
  return marks.length ? { marks } : {};
}

// ---------- dossiers ----------

export function dossierOf(name) {
  return (state.data && state.data.dossiers[realName(name)]) || null;
}

/** Stores a client's dossier (an empty one is removed). The engine does not see dossiers: no re-run. */
export function setDossier(shown, dossier) {
  if (!state.data || typeof shown !== 'string') return;
  const name = realName(shown);
  const clean = cleanDossier(dossier);
  if (clean) state.data.dossiers[name] = clean;
  else delete state.data.dossiers[name];
  save();
  notify('dossier');
}

// ---------- supplier conditions (used by the what-if / supplier panel) ----------

/** The supplier conditions stored for a company (default: the current one): a copy of the array. */
export function getSupplier(companyKey) {
  const key = companyKey || state.key;
  if (!key) return [];
  if (key === state.key && state.data) return state.data.supplier.slice();
  const c = readDb().companies[key];
  return c && Array.isArray(c.supplier) ? c.supplier.slice() : [];
}

/** Stores the supplier conditions of a company (the current one when `companyKey` is null). */
export function setSupplier(companyKey, list) {
  const key = companyKey || state.key;
  if (!key) return;
  const supplier = Array.isArray(list) ? list.filter((s) => s && typeof s === 'object') : [];
  if (key === state.key && state.data) {
    state.data.supplier = supplier;
    save();
    return;
  }
  const db = readDb();
  const c = cleanCompany(db.companies[key]);
  c.supplier = supplier;
  db.companies[key] = c;
  writeDb(db);
}

// ---------- export / import / forget ----------

/** The export file's object for the current company. */
export function exportData() {
  const d = state.data || emptyCompany(state.names);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    company: state.key,
    clients: state.names.slice(),
    marks: JSON.parse(JSON.stringify(d.marks)),
    dossiers: JSON.parse(JSON.stringify(d.dossiers)),
    supplier: JSON.parse(JSON.stringify(d.supplier)),
  };
}

export function exportFileName() {
  return 'keyaccounts-marks-' + new Date().toISOString().slice(0, 10) + '.json';
}

/**
 * Validates an export file's text: {ok: true, data} or {ok: false, reason} with reason one of
 * 'not_json', 'not_marks' (another kind of file), 'version' (a newer format), 'invalid' (a part
 * of the wrong shape). Nothing is changed here.
 */
export function parseExport(text) {
  let obj;
  try {
    obj = JSON.parse(String(text));
  } catch (_) {
    return { ok: false, reason: 'not_json' };
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || obj.format !== EXPORT_FORMAT) return { ok: false, reason: 'not_marks' };
  if (obj.version !== EXPORT_VERSION) return { ok: false, reason: 'version' };
  const isMap = (v) => v === undefined || (v && typeof v === 'object' && !Array.isArray(v));
  if (!isMap(obj.marks) || !isMap(obj.dossiers) || (obj.supplier !== undefined && !Array.isArray(obj.supplier))) return { ok: false, reason: 'invalid' };
  if (obj.clients !== undefined && !(Array.isArray(obj.clients) && obj.clients.every((n) => typeof n === 'string'))) return { ok: false, reason: 'invalid' };
  for (const m of Object.values(obj.marks || {})) {
    if (!m || typeof m !== 'object' || !Array.isArray(m.kinds) || m.kinds.some((k) => !MARK_KINDS.includes(k))) return { ok: false, reason: 'invalid' };
    if (m.potential !== undefined && m.potential !== null && !(typeof m.potential === 'number' && Number.isFinite(m.potential) && m.potential >= 0)) return { ok: false, reason: 'invalid' };
  }
  for (const d of Object.values(obj.dossiers || {})) if (!d || typeof d !== 'object' || Array.isArray(d)) return { ok: false, reason: 'invalid' };
  const data = cleanCompany({ marks: obj.marks || {}, dossiers: obj.dossiers || {}, supplier: obj.supplier || [] });
  return { ok: true, data, company: typeof obj.company === 'string' ? obj.company : null };
}

/** Replaces the current company's marks, dossiers and supplier conditions by a parsed export. */
export function importData(parsed) {
  if (!state.key || !parsed || !parsed.ok) return false;
  state.data = cleanCompany(parsed.data, state.names);
  save();
  notify('marks');
  return true;
}

/** Forgets everything stored for the current company. */
export function forgetCompany() {
  if (!state.key) return;
  const had = state.data && Object.keys(state.data.marks).length > 0;
  state.data = emptyCompany(state.names);
  const db = readDb();
  delete db.companies[state.key];
  writeDb(db);
  notify(had ? 'marks' : 'all');
}

/** How much is stored for the current company. */
export function companyCounts() {
  const d = state.data;
  if (!d) return { marks: 0, dossiers: 0, supplier: 0 };
  return { marks: Object.keys(d.marks).length, dossiers: Object.keys(d.dossiers).length, supplier: d.supplier.length };
}

/** "1 200 000", "1.2e6", "1,5 млн" is not parsed: digits with spaces, one decimal comma/point. null = empty, NaN = bad. */
export function parsePotential(raw) {
  const s = String(raw === undefined || raw === null ? '' : raw)
    .replace(/[\s\u00a0\u202f']+/g, '')
    .replace(/[₽$€£]|руб\.?|rub/gi, '');
  if (!s) return null;
  const normal = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(normal)) return NaN;
  const n = Number(normal);
  return Number.isFinite(n) && n > 0 ? n : NaN;
}
