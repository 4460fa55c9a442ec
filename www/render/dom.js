// Tiny DOM helpers. Everything is built with createElement/textContent: file data (client
// names, headers, sheet names) is untrusted and must never be parsed as HTML.

/**
 * el('p', {class: 'x', 'data-code': c}, 'text', childNode, [more, children])
 * Attribute values are set with setAttribute; `text` sets textContent; null/false skip.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') node.textContent = String(value);
      else if (name === 'class') node.className = value;
      else if (name === 'hidden') node.hidden = Boolean(value);
      else if (name === 'on') {
        for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
      } else node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  appendAll(node, children);
  return node;
}

function appendAll(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendAll(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Removes every child of `node`. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Replaces the children of `node`. */
export function fill(node, ...children) {
  clear(node);
  appendAll(node, children);
  return node;
}

/** A section heading with an id for aria-labelledby. */
export function heading(level, id, text) {
  return el('h' + level, { id, text });
}

/**
 * A wrapper that scrolls a wide table inside itself, never the document. It is a focusable
 * region (keyboard users can scroll it) named by the table's caption.
 */
export function tableWrap(table) {
  const caption = table.querySelector('caption');
  let labelId = null;
  if (caption) {
    labelId = (table.id || 'table') + '-caption';
    caption.id = labelId;
  }
  return el('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': labelId }, table);
}

/** A table cell with an amount; the cents are in .frac (hidden on phones). */
export function moneyCell(fmt, value) {
  const [before, frac, after] = fmt.moneyParts(value);
  return el('td', { class: 'num money' }, before, frac ? el('span', { class: 'frac', text: frac }) : null, after || null);
}

/** A horizontal share bar (width via a CSS custom property set through the CSSOM, CSP-safe). */
export function shareBar(share) {
  const bar = el('span', { class: 'bar', 'aria-hidden': 'true' }, el('span', { class: 'bar-fill' }));
  const x = Math.max(0, Math.min(1, Number(share) || 0));
  bar.firstChild.style.setProperty('--w', (x * 100).toFixed(2) + '%');
  return bar;
}
