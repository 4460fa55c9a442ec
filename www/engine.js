// The bridge to the wasm engine, which runs in a classic Web Worker (see worker.js and
// the contract). The main thread compiles the wasm module once; every loaded file gets
// its own worker whose engine Session reads the file once and re-runs with other options
// without reading it again (only the stages whose options changed). The worker
// is terminated on a new file, on cancel and after a crash, so the page never freezes
// and the next file always starts clean.
//
// Served mode: worker.js next to the page, the wasm at pkg/keyaccounts_bg.wasm.
// Single-file mode: window.KEYACCOUNTS_INLINE = { wasmBase64, workerSource, demo }.

/** Errors the bridge raises itself carry these codes (besides the engine's own). */
export const CANCELLED = 'cancelled';
export const SUPERSEDED = 'superseded';
/** Readings of the demo while the page warms the engine (Engine.warmUp). */
const WARM_ROUNDS = 8;
/** How long after a file's report the worker for the next file starts (after a warm-up: at once). */
const SPARE_DELAY_MS = 300;

/** The inline bundle of the single-file build, or null when the page is served. */
export function inlineBundle() {
  const b = typeof window !== 'undefined' ? window.KEYACCOUNTS_INLINE : undefined;
  return b && typeof b === 'object' && typeof b.workerSource === 'string' ? b : null;
}

/** Decodes base64 to bytes (no fetch: data: URLs are blocked by connect-src 'none'). */
export function base64ToBytes(b64) {
  const bin = atob(String(b64).replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** An Error with a stable `code` (and `details`), like the engine's own errors. */
export function codedError(code, message, details) {
  const e = new Error(message || code);
  e.code = code;
  e.details = details === undefined ? null : details;
  return e;
}

/** Column roles the page may override (report.columns keys), named in its options by camelCase. */
const COLUMN_ROLES = ['client', 'amount', 'date', 'manager', 'department', 'product', 'quantity', 'status', 'client_id', 'parent'];
const camel = (s) => s.replace(/_(\w)/g, (_, c) => c.toUpperCase());

/**
 * The page's flat options ({sheet, client, clientId, …, monthFirst, keepCancelled, keepStatuses, groupByParent,
 * merges, method: {keyShare, …, asOf}, anonymize: {lang}}) split by the engine's stages: {read, identity, method},
 * plus `anonymize` when set.
 */
export function engineOptions(o) {
  const options = o || {};
  const columns = {};
  for (const role of COLUMN_ROLES) {
    const v = options[camel(role)];
    if (typeof v === 'string' && v) columns[role] = v;
  }
  const read = { columns };
  if (options.sheet) read.sheet = options.sheet;
  if (typeof options.monthFirst === 'boolean') read.monthFirst = options.monthFirst;
  const identity = {};
  if (typeof options.keepCancelled === 'boolean') identity.keepCancelled = options.keepCancelled;
  if (Array.isArray(options.keepStatuses) && options.keepStatuses.length) identity.keepStatuses = options.keepStatuses;
  if (typeof options.groupByParent === 'boolean') identity.groupByParent = options.groupByParent;
  if (Array.isArray(options.merges) && options.merges.length) identity.merges = options.merges;
  const out = { read, identity, method: { ...(options.method || {}) } };
  if (options.anonymize && typeof options.anonymize === 'object') out.anonymize = { ...options.anonymize };
  return out;
}

async function compileServed(base) {
  const url = new URL('pkg/keyaccounts_bg.wasm', base).href;
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(fetch(url));
    } catch (_) {
      // Wrong MIME type (a bare file server) or no streaming support: fall through.
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Does this browser's WebAssembly have SIMD (the engine is built with it: Chrome and Edge 91+,
 * Firefox 89+, Safari 16.4+)? A module of one v128 instruction (i8x16.popcnt), validated.
 */
export function wasmSimd() {
  try {
    const probe = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11];
    return WebAssembly.validate(new Uint8Array(probe));
  } catch (_) {
    return false;
  }
}

/** Ends a worker spawnWorker() made, and frees its Blob URL (the single-file build's). */
function endSpawned(spawned) {
  spawned.worker.terminate();
  if (spawned.url) URL.revokeObjectURL(spawned.url);
}

/** A buffer holding exactly `bytes`, to transfer to a worker (a view into a larger one is copied). */
function ownBuffer(bytes) {
  return bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
}

/**
 * The report of a worker's `report` message: its JSON texts (Session.analyzeTexts: the report
 * with `clients: []`, then the clients a few thousand per text) parsed here — a text crosses from
 * the worker as one copy, where objects would be serialized there and rebuilt here.
 */
function reportOf(msg) {
  const texts = msg && msg.texts;
  if (!Array.isArray(texts) || !texts.length) return (msg && msg.report) || null;
  const report = JSON.parse(texts[0]);
  report.clients = texts.slice(1).flatMap((text) => JSON.parse(text));
  return report;
}

/**
 * The engine for a page: `new Engine({base})` where `base` is the address of the folder that holds
 * worker.js and pkg/ (default: the page's own folder). The page's API for embedding (README,
 * "Embedding"): `open(files, options)` reads the files once into a Session in a worker and resolves
 * to the report; `rerun(options)` analyses the same files again with other options; `cancel()`;
 * `terminate()` frees the worker and its memory. Errors are Errors with a stable `code`.
 */
export class Engine {
  constructor(config) {
    const base = config && config.base ? config.base : typeof document !== 'undefined' ? document.baseURI : '';
    this.base = base ? new URL(base, typeof document !== 'undefined' ? document.baseURI : undefined).href : '';
    this.modulePromise = null;
    this.worker = null;
    this.workerUrl = null;
    this.warming = null; // {worker, url, done} while warmUp runs
    this.spare = null; // {worker, url, early, failed}: a worker already started for the next open()
    this.spareTimer = null; // the pending start of the spare after a report
    this.ended = 0; // terminate() calls: a spare asked for before one is not started after it
    this.pending = null; // { id, resolve, reject, onProgress }
    this.nextId = 1;
    this.version = null;
    this.stats = null; // the worker's Session counters after the last run {reads, extractions, resolutions, analyses}
    this.timing = null; // the worker's own times of the last run {openMs, analyzeMs}
    this.pseudonyms = null; // [[pseudonym, real], …] of the last anonymised report, else null
    this.defaults = null; // the method's defaults as the engine states them (methodDefaults()), once a worker is ready
  }

  /** Compiles the wasm module once; later calls share the same promise. */
  compile() {
    if (!this.modulePromise) {
      const inline = inlineBundle();
      this.modulePromise = (inline
        ? WebAssembly.compile(base64ToBytes(inline.wasmBase64))
        : compileServed(this.base)
      ).catch((err) => {
        this.modulePromise = null; // allow a retry (e.g. after going back online to the server)
        // A browser without WebAssembly SIMD cannot compile the engine at all: reloading will not help.
        throw codedError('engine_unavailable', String((err && err.message) || err), wasmSimd() ? null : { reason: 'no_simd' });
      });
    }
    return this.modulePromise;
  }

  /** Is a worker holding a file (so `rerun` can work)? */
  hasFile() {
    return this.worker !== null;
  }

  /**
   * Analyses new file(s): terminates the previous worker, starts a fresh one and transfers
   * the bytes to it. `files` is [{name, bytes: Uint8Array}] (several are combined by the
   * engine) or one Uint8Array. Resolves with the report or rejects with a coded Error.
   */
  async open(files, options, onProgress) {
    this.endWorker(SUPERSEDED); // also ends a warm-up: the user's file gets both cores
    if (onProgress) onProgress('compiling');
    const module = await this.compile();
    this.endWorker(SUPERSEDED); // a newer open() may have started meanwhile
    try {
      this.startWorker(module);
    } catch (err) {
      this.endWorker(SUPERSEDED);
      throw codedError('engine_unavailable', String((err && err.message) || err));
    }
    const list = Array.isArray(files) ? files : [{ name: '', bytes: files }];
    const sent = list.map((f) => ({ name: f.name, bytes: ownBuffer(f.bytes) }));
    this.stats = null;
    const answer = this.request({ type: 'analyze', files: sent, options: engineOptions(options) }, sent.map((f) => f.bytes), onProgress);
    // The next file's worker starts once this one's report is in and drawn (not competing with either).
    const ended = this.ended;
    const later = () => {
      if (this.ended !== ended) return;
      clearTimeout(this.spareTimer);
      this.spareTimer = setTimeout(() => {
        this.spareTimer = null;
        this.prepareSpare(module);
      }, SPARE_DELAY_MS);
    };
    answer.then(later, later);
    return answer;
  }

  /** Re-runs the current file(s) with other options (sheet, columns, switches, merges) in the same worker. */
  rerun(options, onProgress) {
    if (!this.worker) return Promise.reject(codedError('internal', 'no file is loaded'));
    return this.request({ type: 'rerun', options: engineOptions(options) }, [], onProgress);
  }

  /** Stops whatever runs now; the pending promise rejects with code `cancelled`. */
  cancel() {
    this.endWorker(CANCELLED);
  }

  /** Ends every worker: the file's (and with it its Session), a warm-up still running, the spare. */
  terminate(code) {
    this.ended++;
    this.endWorker(code);
    clearTimeout(this.spareTimer);
    this.spareTimer = null;
    this.dropSpare();
  }

  /** Ends the file's worker and a warm-up still running; the spare stays for the next file. */
  endWorker(code) {
    this.stopWarmUp();
    if (this.pending) {
      const p = this.pending;
      this.pending = null;
      p.reject(codedError(code || CANCELLED, code || CANCELLED));
    }
    if (this.worker) {
      this.worker.terminate();
      this.worker = null;
    }
    if (this.workerUrl) {
      URL.revokeObjectURL(this.workerUrl);
      this.workerUrl = null;
    }
  }

  /** A new worker with the engine's glue: {worker, url} (url: a Blob URL to revoke, single file only). */
  spawnWorker() {
    const inline = inlineBundle();
    if (inline) {
      const url = URL.createObjectURL(new Blob([inline.workerSource], { type: 'text/javascript' }));
      return { worker: new Worker(url), url };
    }
    return { worker: new Worker(this.base ? new URL('worker.js', this.base).href : 'worker.js'), url: null };
  }

  /**
   * Starts a worker for the next open() while the page is idle: a worker's start (a thread, the glue,
   * the module instantiated: ~25 ms in Chromium) is then off the file's path. What it says before it is
   * taken (its `ready`) is kept for then; one that fails to start is not taken.
   */
  prepareSpare(module) {
    if (this.spare || this.warming) return;
    let spawned;
    try {
      spawned = this.spawnWorker();
    } catch (_) {
      return;
    }
    const spare = { ...spawned, early: [], failed: false };
    spare.onMessage = (event) => spare.early.push(event.data);
    spare.onError = (event) => {
      if (event && typeof event.preventDefault === 'function') event.preventDefault();
      spare.failed = true;
    };
    spawned.worker.addEventListener('message', spare.onMessage);
    spawned.worker.addEventListener('error', spare.onError);
    spawned.worker.postMessage({ type: 'init', module });
    this.spare = spare;
  }

  /** The spare worker, detached from its own listeners, or null (none, or it failed to start). */
  takeSpare() {
    const spare = this.spare;
    this.spare = null;
    if (!spare) return null;
    spare.worker.removeEventListener('message', spare.onMessage);
    spare.worker.removeEventListener('error', spare.onError);
    if (!spare.failed) return spare;
    endSpawned(spare);
    return null;
  }

  dropSpare() {
    const spare = this.takeSpare();
    if (spare) endSpawned(spare);
  }

  startWorker(module) {
    const spare = this.takeSpare();
    const { worker, url } = spare || this.spawnWorker();
    this.workerUrl = url;
    this.worker = worker;
    worker.addEventListener('message', (event) => this.onMessage(worker, event.data));
    // An uncaught exception in the worker (or a failed importScripts) ends this file.
    worker.addEventListener('error', (event) => {
      if (event && typeof event.preventDefault === 'function') event.preventDefault();
      this.fail(worker, 'engine_crashed', (event && event.message) || 'worker error');
    });
    worker.addEventListener('messageerror', () => this.fail(worker, 'engine_crashed', 'message could not be decoded'));
    if (spare) for (const msg of spare.early) this.onMessage(worker, msg);
    else worker.postMessage({ type: 'init', module });
  }

  /**
   * Analyses `bytes` (the demo) once in a throwaway worker of its own while the user picks a file:
   * V8 compiles wasm functions lazily and optimises the hot ones only after they ran a while, and that
   * code is shared by every worker of the module — so the user's first file runs at full speed
   * (a 10,000-row file: the engine's time roughly halves). Resolves to the demo's report when the run
   * finished, false when skipped (a file is open or opening) or stopped by `open()`; never rejects.
   */
  async warmUp(bytes) {
    if (this.worker || this.warming) return false;
    let module;
    try {
      module = await this.compile();
    } catch (_) {
      return false;
    }
    if (this.worker || this.warming) return false;
    return new Promise((resolve) => {
      let spawned;
      try {
        spawned = this.spawnWorker();
      } catch (_) {
        resolve(false);
        return;
      }
      const warming = { ...spawned, done: resolve };
      this.warming = warming;
      const finish = (ok) => {
        if (this.warming !== warming) return;
        this.stopWarmUp(ok);
        // The user's file will find its worker started.
        if (ok && !this.worker) this.prepareSpare(module);
      };
      // Several readings of the demo: V8 optimises a wasm function once it has run enough (the next
      // call runs the optimised code), and one reading of a 4,000-line file leaves much of the reading
      // and extraction code unoptimised. Eight readings (~0.4 s more than three, in a worker): a 100k-row
      // file's engine time ~0.43 → ~0.37 s in Chromium; sixteen gained nothing more.
      let rounds = WARM_ROUNDS;
      const send = () => {
        // A copy each time: a transferred buffer is gone from this side.
        const own = bytes.slice().buffer;
        spawned.worker.postMessage({ type: 'analyze', id: 0, files: [{ name: '', bytes: own }], options: engineOptions({}) }, [own]);
      };
      spawned.worker.addEventListener('message', (event) => {
        const type = event.data && event.data.type;
        if (type === 'report' && --rounds > 0 && this.warming === warming) send();
        else if (type === 'report') finish(reportOf(event.data) || false);
        else if (type === 'error') finish(false);
      });
      spawned.worker.addEventListener('error', (event) => {
        if (event && typeof event.preventDefault === 'function') event.preventDefault();
        finish(false);
      });
      spawned.worker.postMessage({ type: 'init', module });
      send();
    });
  }

  /** Ends a warm-up run; its promise resolves to `finished`: the demo's report, or false. */
  stopWarmUp(finished = false) {
    const w = this.warming;
    if (!w) return;
    this.warming = null;
    endSpawned(w);
    w.done(finished);
  }

  request(message, transfer, onProgress) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending) this.pending.reject(codedError(SUPERSEDED, SUPERSEDED));
      this.pending = { id, resolve, reject, onProgress };
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  onMessage(worker, msg) {
    if (worker !== this.worker || !msg || typeof msg !== 'object') return;
    if (msg.type === 'ready') {
      if (typeof msg.version === 'string') this.version = msg.version;
      if (msg.defaults && typeof msg.defaults === 'object') this.defaults = msg.defaults;
      return;
    }
    const p = this.pending;
    if (!p || msg.id !== p.id) return;
    if (msg.type === 'progress') {
      if (p.onProgress) p.onProgress(msg.stage, msg.stage === 'reading' ? { rows: msg.rows, fraction: msg.fraction } : null);
      return;
    }
    this.pending = null;
    if (msg.stats && typeof msg.stats === 'object') this.stats = msg.stats;
    this.timing = msg.timing && typeof msg.timing === 'object' ? msg.timing : null;
    this.pseudonyms = Array.isArray(msg.pseudonyms) ? msg.pseudonyms : null;
    if (msg.type === 'report') {
      let report;
      try {
        report = reportOf(msg);
      } catch (err) {
        p.reject(codedError('internal', 'the report could not be read: ' + String((err && err.message) || err)));
        return;
      }
      p.resolve(report);
    } else if (msg.type === 'error') {
      const code = typeof msg.code === 'string' && msg.code ? msg.code : 'internal';
      // After a trap the wasm instance is unusable: end the worker, the next file starts fresh.
      if (code === 'engine_crashed' || code === 'internal') this.terminate(SUPERSEDED);
      p.reject(codedError(code, msg.message, msg.details));
    } else {
      p.reject(codedError('internal', 'unexpected message ' + String(msg.type)));
    }
  }

  fail(worker, code, message) {
    if (worker !== this.worker) return;
    const p = this.pending;
    this.pending = null;
    this.terminate(SUPERSEDED);
    if (p) p.reject(codedError(code, message));
  }
}
