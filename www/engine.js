// Which Docker the page's session answers as (crate/src/engine.rs): `?docker=29` or
// `?docker=28` in the page's address, else the last choice (remembered in this browser),
// else Docker 29, as a fresh install has it. Each engine keeps its own session (journal, lock and channel names), as
// switching image stores in Docker hides the other store's images. The worker is started
// with `?docker=N` in its own address (www/core.js), so this module answers the same there.
const KEY = 'layerlab.docker';
export const ENGINES = ['29', '28'];
const DEFAULT = '29';

function choose() {
  const asked = new URLSearchParams(globalThis.location?.search ?? '').get('docker');
  let stored = null;
  try { stored = globalThis.localStorage?.getItem(KEY) ?? null; } catch { /* private mode */ }
  const engine = ENGINES.includes(asked) ? asked : ENGINES.includes(stored) ? stored : DEFAULT;
  try { if (asked && ENGINES.includes(asked)) globalThis.localStorage?.setItem(KEY, engine); } catch { /* private mode */ }
  return engine;
}

export const engine = choose();

/** Remembers `next` and opens its session (the page reloads with `?docker=next`). */
export function switchEngine(next) {
  if (!ENGINES.includes(next) || next === engine) return;
  try { localStorage.setItem(KEY, next); } catch { /* private mode */ }
  const url = new URL(location.href);
  url.searchParams.set('docker', next);
  location.assign(url.href);
}

// Docker 28's session keeps the names sessions had before there were two engines.
const suffix = engine === '28' ? '' : `-docker${engine}`;
export const names = {
  dir: `layerlab${suffix}`,
  lock: `layerlab-journal${suffix}`,
  channel: `layerlab${suffix}`,
};
