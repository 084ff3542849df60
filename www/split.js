// The split between the terminal and the panels: a separator that can be dragged with the
// pointer or moved with the arrow keys (Home/End for the ends, double-click or Enter to go
// back to the default). The terminal's share is kept in localStorage. The terminal refits
// itself when its element changes size (terminal.js watches it).
const KEY = 'layerlab.split';
const MIN = 20;
const MAX = 80;
const DEFAULT = (1.1 / 2.1) * 100; // the share the stylesheet gives the terminal
const STEP = 2;

const clamp = (v) => Math.min(MAX, Math.max(MIN, v));

/** Makes `handle` resize the two columns of the grid `container`. */
export function splitter(container, handle) {
  let share = DEFAULT;

  function apply(value, { save = false, reset = false } = {}) {
    share = Math.round(clamp(value) * 10) / 10;
    if (reset) {
      container.style.removeProperty('--term-share');
      container.style.removeProperty('--side-share');
    } else {
      container.style.setProperty('--term-share', `${share}fr`);
      container.style.setProperty('--side-share', `${100 - share}fr`);
    }
    handle.setAttribute('aria-valuenow', String(Math.round(share)));
    if (save || reset) {
      try {
        if (reset) localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, String(share));
      } catch { /* private mode: the split is only forgotten */ }
    }
  }

  handle.setAttribute('aria-valuemin', String(MIN));
  handle.setAttribute('aria-valuemax', String(MAX));
  let saved = null;
  try { saved = Number.parseFloat(localStorage.getItem(KEY)); } catch { /* private mode */ }
  if (Number.isFinite(saved)) apply(saved);
  else handle.setAttribute('aria-valuenow', String(Math.round(share)));

  // The terminal's share from a pointer's x: the columns share the width the handle leaves.
  const shareAt = (x) => {
    const box = container.getBoundingClientRect();
    const grip = handle.getBoundingClientRect().width;
    return ((x - box.left - grip / 2) / Math.max(1, box.width - grip)) * 100;
  };
  let dragging = null;
  handle.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    dragging = event.pointerId;
    handle.setPointerCapture(event.pointerId);
    handle.classList.add('dragging');
  });
  handle.addEventListener('pointermove', (event) => {
    if (event.pointerId === dragging) apply(shareAt(event.clientX));
  });
  const stop = (event) => {
    if (event.pointerId !== dragging) return;
    dragging = null;
    handle.classList.remove('dragging');
    apply(share, { save: true });
  };
  handle.addEventListener('pointerup', stop);
  handle.addEventListener('pointercancel', stop);
  handle.addEventListener('dblclick', () => apply(DEFAULT, { reset: true }));
  handle.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? STEP * 5 : STEP;
    const next = {
      ArrowLeft: share - step, ArrowUp: share - step,
      ArrowRight: share + step, ArrowDown: share + step,
      Home: MIN, End: MAX,
    }[event.key];
    if (event.key === 'Enter') {
      event.preventDefault();
      apply(DEFAULT, { reset: true });
    } else if (next !== undefined) {
      event.preventDefault();
      apply(next, { save: true });
    }
  });
}
