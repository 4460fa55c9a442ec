// Meeting mode (issue 13, point 6): a presenter's view that walks the owner through the report
// one screen at a time — the verdict, the dependency, the key accounts, the managers, the lost
// and slipping key clients, what to do — in large type. A modal <dialog> over the page (works
// in the single file and in a sandboxed iframe: no storage, no network, no window.open);
// ←/→, PageUp/PageDown, Space, Home/End move, Esc closes and focus returns to the button.

import { el, fill } from './dom.js';
import { t, tp, clip } from '../i18n/index.js';
import { companyKeyAccounts, rulesOf } from './summary.js';
import { findingAdvice, findingTitle } from './findings.js';
import { renderActions } from './actions.js';
import { moneyCompact, quoted } from './scenario.js';

const SERIOUS = ['critical', 'warning'];
const num = (v) => typeof v === 'number' && Number.isFinite(v);

function big(label, value, note) {
  return el('div', { class: 'meeting-number' }, el('p', { class: 'meeting-number-label', text: label }), el('p', { class: 'meeting-number-value', text: value }), note ? el('p', { class: 'meeting-number-note', text: note }) : null);
}

/** A horizontal bar with its value; `x` in 0..1 of the scale's `max`. */
function bar(name, value, x, extraClass) {
  const fillEl = el('span', { class: 'meeting-bar-fill' });
  fillEl.style.setProperty('--w', (Math.max(0, Math.min(1, x)) * 100).toFixed(2) + '%');
  return el('li', { class: 'meeting-bar' + (extraClass ? ' ' + extraClass : '') }, el('span', { class: 'meeting-bar-name', ...clip(name) }), el('span', { class: 'meeting-bar-track', 'aria-hidden': 'true' }, fillEl), el('span', { class: 'meeting-bar-value', text: value }));
}

function verdictSlide(report, fmt) {
  const findings = report.findings || [];
  const top = findings.length && SERIOUS.includes(findings[0].severity) ? findings[0] : null;
  const c = report.concentration;
  const clients = report.clients || [];
  const sentence = top
    ? findingTitle(top, fmt, rulesOf(report))
    : c && clients.length
      ? t('verdict.calm', { client: quoted(clients[0].name), share: fmt.pct(c.top1_share), band: t('band.' + c.hhi_band_2023) })
      : t('report.empty');
  return {
    name: 'verdict',
    title: t('meeting.verdict'),
    body: [
      el('p', { class: 'meeting-lead meeting-' + (top ? top.severity : 'ok') }, sentence),
      el(
        'div',
        { class: 'meeting-numbers' },
        big(t('card.total'), moneyCompact(fmt, report.total), tp('n.clients', clients.length, fmt)),
        c ? big(t('card.top_share'), fmt.pct(c.top1_share), clients[0] ? clients[0].name : null) : null,
        big(t('card.key_accounts'), fmt.int(companyKeyAccounts(report).filter((k) => k.basis !== 'judgment').length), t('card.key_accounts_note', { pct: fmt.pctRule(rulesOf(report).key_share || 0.1) })),
      ),
    ],
  };
}

function dependencySlide(report, fmt) {
  const rules = rulesOf(report);
  const clients = (report.clients || []).filter((c) => c.amount > 0).slice(0, 6);
  if (!clients.length) return null;
  const max = Math.max(rules.critical_share || 0.5, clients[0].share || 0);
  const levels = [rules.key_share, ...(rules.dependency_levels || []), rules.critical_share].filter(num);
  const levelClass = (s) => (num(rules.critical_share) && s > rules.critical_share ? 'is-critical' : levels.length > 1 && s >= levels[1] ? 'is-warning' : num(rules.key_share) && s >= rules.key_share ? 'is-key' : '');
  const dep = (report.findings || []).filter((f) => ['mono_client', 'critical_dependency', 'dependency', 'concentration_rising'].includes(f.code));
  return {
    name: 'dependency',
    title: t('meeting.dependency'),
    body: [
      el('ol', { class: 'meeting-bars' }, clients.map((c) => bar(c.name, fmt.pct(c.share), c.share / max, levelClass(c.share)))),
      el('p', { class: 'meeting-note', text: t('meeting.levels', { key: fmt.pctRule(rules.key_share || 0.1), levels: levels.slice(1, -1).map((l) => fmt.pctRule(l)).join(' / '), critical: fmt.pctRule(rules.critical_share || 0.5) }) }),
      dep.length
        ? el('ul', { class: 'meeting-points' }, dep.slice(0, 3).map((f) => el('li', null, el('strong', null, findingTitle(f, fmt, rules)), ' ', findingAdvice(f, fmt, rules))))
        : el('p', { class: 'meeting-good', text: t('meeting.no_dependency') }),
    ],
  };
}

function keyAccountsSlide(report, fmt) {
  const keys = companyKeyAccounts(report);
  const byName = new Map((report.clients || []).map((c) => [c.name, c]));
  const mainManager = new Map();
  for (const k of (report.key_accounts || []).filter((x) => x.scope === 'manager')) {
    const prev = mainManager.get(k.client);
    if (!prev || k.share > prev.share) mainManager.set(k.client, { manager: k.group, share: k.share });
  }
  return {
    name: 'key-accounts',
    title: t('meeting.key_accounts'),
    body: keys.length
      ? [
          el(
            'ol',
            { class: 'meeting-list' },
            keys.map((k) => {
              const c = byName.get(k.client);
              const m = mainManager.get(k.client);
              return el(
                'li',
                { 'data-client': k.client, 'data-basis': k.basis || 'volume' },
                el('span', { class: 'meeting-list-name', ...clip(k.client) }),
                el('span', { class: 'meeting-list-value', text: k.basis === 'judgment' ? t('meeting.by_judgment') : fmt.pct(k.share) }),
                m || (c && c.rhythm && c.rhythm !== 'active') ? el('span', { class: 'meeting-list-note', text: [m ? t('meeting.manager', { manager: m.manager }) : null, c && c.rhythm && c.rhythm !== 'active' ? t('meeting.rhythm.' + c.rhythm) : null].filter(Boolean).join(' · ') }) : null,
              );
            }),
          ),
          el('p', { class: 'meeting-note' }, el('strong', { text: t('findings.advice') + ': ' }), findingAdvice({ code: 'key_account' }, fmt, rulesOf(report))),
        ]
      : [el('p', { class: 'meeting-good', text: t('meeting.no_key_accounts', { pct: fmt.pctRule(rulesOf(report).key_share || 0.1) }) })],
  };
}

function managersSlide(report, fmt) {
  const managers = report.managers || [];
  if (!managers.length) return null;
  const max = rulesOf(report).max_key_accounts_per_manager;
  const scale = Math.max(max || 3, ...managers.map((m) => m.key_accounts || 0), 1);
  const practice = (report.findings || []).filter((f) => ['manager_overload', 'kam_mixed_with_small_orders', 'key_client_no_manager', 'key_client_split'].includes(f.code));
  return {
    name: 'managers',
    title: t('meeting.managers'),
    body: [
      el('ol', { class: 'meeting-bars' }, managers.map((m) => bar(m.name, tp('n.key_accounts', m.key_accounts || 0, fmt), (m.key_accounts || 0) / scale, num(max) && m.key_accounts > max ? 'is-warning' : ''))),
      el('p', { class: 'meeting-note', text: t('meeting.limit', { max: num(max) ? fmt.int(max) : '—' }) }),
      practice.length ? el('ul', { class: 'meeting-points' }, practice.slice(0, 3).map((f) => el('li', null, findingTitle(f, fmt, rulesOf(report))))) : el('p', { class: 'meeting-good', text: t('meeting.managers_ok') }),
    ],
  };
}

function lostSlide(report, fmt) {
  const codes = ['lost_key_client', 'slipping_key_client'];
  const found = (report.findings || []).filter((f) => codes.includes(f.code));
  const keys = new Set(companyKeyAccounts(report).map((k) => k.client));
  const overdue = (report.clients || []).filter((c) => keys.has(c.name) && c.rhythm === 'overdue');
  const script = ['meet', 'ask', 'what_if', 'part', 'referral'].map((k) => el('li', { text: t('rh.script.' + k) }));
  return {
    name: 'lost',
    title: t('meeting.lost'),
    body: [
      found.length || overdue.length
        ? el(
            'ul',
            { class: 'meeting-points' },
            found.map((f) => el('li', { 'data-code': f.code, 'data-client': f.client || null }, findingTitle(f, fmt, rulesOf(report)))),
            overdue.map((c) => el('li', { 'data-code': 'overdue', 'data-client': c.name }, t('meeting.overdue', { client: quoted(c.name), days: tp('n.days', c.days_silent || 0, fmt) }))),
          )
        : el('p', { class: 'meeting-good', text: t('meeting.no_lost') }),
      found.length || overdue.length ? el('div', { class: 'meeting-script' }, el('p', { class: 'meeting-script-title', text: t('rh.script_title') }), el('ol', null, script)) : null,
    ],
  };
}

function actionsSlide(report, fmt) {
  const block = renderActions(report, fmt);
  const list = block ? block.querySelector('ol') : null;
  if (list) {
    list.removeAttribute('id');
    for (const a of list.querySelectorAll('a')) a.remove();
    for (const n of list.querySelectorAll('[id]')) n.removeAttribute('id');
  }
  return { name: 'actions', title: t('act.title'), body: [list ? el('div', { class: 'meeting-actions' }, list) : el('p', { class: 'meeting-good', text: t('meeting.no_actions') })] };
}

/** The slides for this report, in the order the method walks through them. */
export function meetingSlides(report, fmt) {
  return [verdictSlide(report, fmt), dependencySlide(report, fmt), keyAccountsSlide(report, fmt), managersSlide(report, fmt), lostSlide(report, fmt), actionsSlide(report, fmt)].filter(Boolean);
}

let current = null; // {dialog, slides, index, opener}

function show(index) {
  if (!current) return;
  const { dialog, slides } = current;
  current.index = Math.max(0, Math.min(slides.length - 1, index));
  const s = slides[current.index];
  const stage = dialog.querySelector('#meeting-slide');
  stage.dataset.name = s.name;
  fill(stage, el('h2', { id: 'meeting-slide-title', class: 'meeting-title', text: s.title }), s.body);
  dialog.dataset.slide = String(current.index + 1);
  dialog.querySelector('#meeting-count').textContent = t('meeting.count', { n: current.index + 1, total: slides.length });
  dialog.querySelector('#meeting-prev').disabled = current.index === 0;
  dialog.querySelector('#meeting-next').disabled = current.index === slides.length - 1;
  for (const [i, dot] of [...dialog.querySelectorAll('.meeting-dot')].entries()) dot.setAttribute('aria-current', i === current.index ? 'step' : 'false');
  stage.focus({ preventScroll: true });
}

/** Opens meeting mode over the page for `report`; `opener` gets the focus back on close. */
export function openMeeting(report, fmt, { fileName, opener } = {}) {
  closeMeeting();
  const slides = meetingSlides(report, fmt);
  const prev = el('button', { type: 'button', id: 'meeting-prev', class: 'button meeting-prev', text: t('meeting.prev') });
  const next = el('button', { type: 'button', id: 'meeting-next', class: 'button button-primary meeting-next', text: t('meeting.next') });
  const close = el('button', { type: 'button', id: 'meeting-close', class: 'button button-small meeting-close', text: t('meeting.close') });
  const dots = el(
    'ol',
    { class: 'meeting-dots', 'aria-label': t('meeting.steps') },
    slides.map((s, i) => el('li', null, el('button', { type: 'button', class: 'meeting-dot', 'data-name': s.name, 'aria-label': s.title, title: s.title, on: { click: () => show(i) } }))),
  );
  const dialog = el(
    'dialog',
    { id: 'meeting', class: 'meeting', 'aria-labelledby': 'meeting-slide-title', 'data-slides': String(slides.length) },
    el('div', { class: 'meeting-top' }, el('p', { class: 'meeting-kicker', text: t('meeting.kicker', { file: fileName || '' }) }), el('p', { id: 'meeting-count', class: 'meeting-count', 'aria-live': 'polite' }), close),
    el('section', { id: 'meeting-slide', class: 'meeting-slide', tabindex: '-1' }),
    el('div', { class: 'meeting-nav' }, prev, dots, next),
    el('p', { class: 'meeting-keys', text: t('meeting.keys') }),
  );
  prev.addEventListener('click', () => show(current.index - 1));
  next.addEventListener('click', () => show(current.index + 1));
  close.addEventListener('click', () => closeMeeting());
  dialog.addEventListener('keydown', (e) => {
    if (!current || e.altKey || e.ctrlKey || e.metaKey) return;
    const inField = e.target instanceof HTMLElement && e.target.matches('input, select, textarea');
    if (inField) return;
    const go = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 }[e.key];
    if (go) {
      e.preventDefault();
      show(current.index + go);
    } else if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      show(current.index + (e.shiftKey ? -1 : 1));
    } else if (e.key === 'Home') {
      e.preventDefault();
      show(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      show(slides.length - 1);
    }
  });
  dialog.addEventListener('close', () => {
    const back = current && current.opener;
    dialog.remove();
    current = null;
    if (back && back.isConnected) back.focus();
  });
  document.body.appendChild(dialog);
  current = { dialog, slides, index: 0, opener: opener || null };
  dialog.showModal();
  show(0);
}

export function closeMeeting() {
  if (current && current.dialog.open) current.dialog.close();
}

/** Is meeting mode open? */
export function meetingOpen() {
  return Boolean(current);
}
