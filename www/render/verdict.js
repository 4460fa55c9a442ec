// The verdict (issue 13): the report's most severe finding in one sentence, first on the report,
// with how many more warnings follow and a link to that finding's card. Without warnings it says
// so with the numbers that show it (the largest client's share and the concentration band).

import { el } from './dom.js';
import { t, tp } from '../i18n/index.js';
import { findingTitle } from './findings.js';
import { rulesOf } from './summary.js';
import { quoted } from './scenario.js';

const SERIOUS = ['critical', 'warning'];

export function renderVerdict(report, fmt) {
  const findings = report.findings || [];
  const clients = report.clients || [];
  const c = report.concentration;
  if (!clients.length || !c) return null;
  const top = findings.length && SERIOUS.includes(findings[0].severity) ? findings[0] : null;
  const severity = top ? top.severity : 'ok';
  const serious = findings.filter((f) => SERIOUS.includes(f.severity)).length;

  let text;
  let more = null;
  if (top) {
    text = el('p', { class: 'verdict-text', id: 'verdict-text' }, findingTitle(top, fmt, rulesOf(report)));
    const rest = serious - 1;
    more = el(
      'p',
      { class: 'verdict-more' },
      rest > 0 ? tp('verdict.more', rest, fmt) + ' ' : '',
      el('a', { href: '#finding-0', class: 'verdict-link', id: 'verdict-link', text: t('verdict.why') }),
    );
  } else {
    text = el('p', {
      class: 'verdict-text',
      id: 'verdict-text',
      text: t('verdict.calm', { client: quoted(clients[0].name), share: fmt.pct(c.top1_share), band: t('band.' + c.hhi_band_2023) }),
    });
  }
  return el(
    'section',
    {
      id: 'verdict',
      class: 'verdict verdict-' + severity,
      'aria-labelledby': 'verdict-title',
      'data-severity': severity,
      'data-code': top ? top.code : null,
      'data-finding': top ? '0' : null,
      'data-serious': String(serious),
    },
    el('h2', { id: 'verdict-title', class: 'verdict-label', text: t('verdict.title.' + severity) }),
    text,
    more,
  );
}
