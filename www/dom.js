// Building DOM from data. Every string becomes a text node (textContent), never markup: names,
// labels and file contents come from archives the user opened and are untrusted.

/** h('div', {class: 'x', onclick: fn, title: 't'}, 'text', child, [more children]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'style') el.style.cssText = value; // CSSOM, which a CSP does not block
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.append(child);
    else el.append(document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Text with `backticks` as <code> spans: still text nodes only. */
export function richText(text) {
  return String(text).split('`').map((part, i) => (i % 2 === 1 ? h('code', {}, part) : part));
}

/** Human size with decimal units, as Docker prints them (1.22MB, 7.71kB). */
export function humanSize(n) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = Number(n) || 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  const digits = v >= 100 || i === 0 ? 0 : v >= 10 ? 1 : 2;
  return `${i === 0 ? v : v.toFixed(digits)}${units[i]}`;
}

/** Offers bytes (a Blob or ArrayBuffer) as a download named `name`. */
export function download(name, data) {
  const blob = data instanceof Blob ? data : new Blob([data]);
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
