// The engine's JavaScript API in a page of your own (see README, "Embedding"). Served next to the
// page's www/ (here by examples/serve.rs at /examples/embed/), so `base` points at the folder with
// worker.js and pkg/.
import { Engine } from '/engine.js';

const engine = new Engine({ base: '/' });
const $ = (id) => document.getElementById(id);
let loaded = false;

function show(report) {
  const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1 });
  const keys = report.key_accounts.filter((k) => k.scope === 'company');
  $('total').textContent = money.format(report.total);
  $('total').dataset.value = String(report.total);
  $('clients').textContent = String(report.clients.length);
  $('keys').textContent = keys.map((k) => `${k.client} (${pct.format(k.share)})`).join(', ') || 'none';
  $('keys').dataset.count = String(keys.length);
  const top = report.findings[0];
  $('top-finding').textContent = top ? `${top.severity}: ${top.code}${top.client ? ' — ' + top.client : ''}` : 'none';
  $('top-clients').replaceChildren(
    ...report.clients.slice(0, 5).map((c) => {
      const li = document.createElement('li');
      li.textContent = `${c.name}: ${money.format(c.amount)} (${pct.format(c.share)})`; // file data: text only
      return li;
    }),
  );
  $('summary').hidden = false;
  $('status').textContent = 'Done.';
}

function fail(err) {
  $('status').textContent = `Error ${err.code || 'internal'}: ${err.message}`;
  $('status').dataset.code = err.code || 'internal';
}

function method() {
  const key = Number($('key').value);
  return Number.isFinite(key) && key > 0 && key <= 100 ? { keyShare: key / 100 } : {};
}

$('file').addEventListener('change', async () => {
  const file = $('file').files[0];
  if (!file) return;
  $('status').textContent = 'Reading…';
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    show(await engine.open([{ name: file.name, bytes }], { method: method() }));
    loaded = true;
  } catch (err) {
    fail(err);
  }
});

// Another threshold: the same Session, no re-read.
$('key').addEventListener('change', async () => {
  if (!loaded) return;
  try {
    show(await engine.rerun({ method: method() }));
  } catch (err) {
    fail(err);
  }
});
