// Virtual lists: rows of a fixed height, only those in view (and OVERSCAN more on each
// side) in the DOM, so that a list of 100,000 entries costs a screenful of rows; and the
// lists the worker holds, fetched CHUNK entries at a time as their rows come into view.
// The explorer's tree and layer changes and the copy-on-write view's changes use them.
import { h } from '../dom.js';

export const ROW = 22; // px, as style.css sets the rows of `.virtual` lists
const OVERSCAN = 8;
const VIEWPORT = 480; // px: what a scroller not laid out yet (in a hidden tab) is taken to show
export const CHUNK = 200; // entries per window fetched from the worker

/**
 * A list the worker holds, fetched a page at a time: it knows how many entries there are
 * and the pages fetched so far (each CHUNK entries).
 */
export class Listing {
  /** `fetch(offset)` gives a Promise of `{total, entries}`; `first` is the page at 0, when known. */
  constructor(total, fetch, first) {
    this.total = total;
    this.fetch = fetch;
    this.pages = new Map(); // page number -> entries
    this.waiting = new Map(); // page number on its way -> what to call when it is in
    if (first) this.pages.set(0, first);
  }

  /**
   * Entry `index`, or null while its page is on its way: then it is fetched (once), and
   * when it is in, kept if `keep()` still wants it (the list is still the one shown) and
   * each `arrived` that asked for it called once: only the lists waiting for it repaint.
   */
  at(index, { keep = () => true, arrived }) {
    const number = Math.floor(index / CHUNK);
    const page = this.pages.get(number);
    if (page) return page[index - number * CHUNK] ?? null;
    const waiting = this.waiting.get(number);
    if (waiting) {
      waiting.add(arrived);
      return null;
    }
    this.waiting.set(number, new Set([arrived]));
    this.fetch(number * CHUNK).then((r) => {
      const callbacks = this.waiting.get(number);
      this.waiting.delete(number);
      if (!keep()) return;
      this.pages.set(number, r.entries);
      for (const callback of callbacks) callback();
    }, () => this.waiting.delete(number));
    return null;
  }
}

// The lists to paint at the next frame: painted together, all measured before any is
// written, so that the page is laid out once for all of them.
const due = new Set();
let frame = 0;

function paintTogether(views) {
  const shown = [...views].filter((view) => view.el.isConnected);
  const at = shown.map((view) => view.measure());
  shown.forEach((view, i) => view.paint(at[i]));
}

/**
 * A virtual list in a scroller (`div.scroller`): `rows()` says, at each paint, how many
 * rows there are and renders row i (`{count, render}`); the rows go into `body` (a `ul`,
 * or a table's `tbody`), and the padding of `body` (or of a box around `content`, when
 * the rows are a table's) stands for the rows above and below, so that the list is as
 * tall as every row. The padding is inside the scroller, not on it: a scroll container's
 * own padding would not scroll, it would make the box as tall.
 */
export class VirtualList {
  constructor(body, rows, { content = body } = {}) {
    this.body = body;
    this.rows = rows;
    this.pad = content === body ? body : h('div', { class: 'pad' }, content);
    this.el = h('div', { class: 'scroller', onscroll: () => this.schedulePaint() }, this.pad);
    this.repaint = () => this.schedulePaint(); // the same function each time: an `arrived` for Listing.at
  }

  /** Paints the list at the next frame (with any other list due then). */
  schedulePaint() {
    due.add(this);
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        const views = [...due];
        due.clear();
        paintTogether(views);
      });
    }
  }

  /** Where the list is scrolled to and how much of it shows (reading them lays the page out). */
  measure() {
    return { top: this.el.scrollTop, height: this.el.clientHeight || VIEWPORT };
  }

  /** Renders the rows in view (at `at`, measured); nothing while the list is not in the page. */
  paint(at) {
    if (!this.el.isConnected) return;
    const { top, height } = at ?? this.measure();
    const { count, render } = this.rows();
    const first = Math.min(count, Math.max(0, Math.floor(top / ROW) - OVERSCAN));
    const last = Math.min(count, Math.ceil((top + height) / ROW) + OVERSCAN);
    const rows = [];
    for (let i = first; i < last; i++) rows.push(render(i));
    this.pad.style.paddingTop = `${first * ROW}px`;
    this.pad.style.paddingBottom = `${(count - last) * ROW}px`;
    this.body.replaceChildren(...rows);
  }
}

/**
 * Paints lists just put in the page together, each scrolled back to where `scrolled`
 * (key -> scrollTop) says: all are made as tall as their rows and scrolled first, then
 * measured, then painted, so that the page is laid out once for all of them rather than
 * for each read after a write.
 */
export function paintAll(views, scrolled = new Map()) {
  for (const view of views.values()) view.pad.style.paddingBottom = `${view.rows().count * ROW}px`;
  for (const [key, view] of views) if (scrolled.get(key)) view.el.scrollTop = scrolled.get(key);
  paintTogether(views.values());
}
