// The page's handle on the wasm core, which lives in www/worker.js. Every call is a message to
// that one worker; replies come back as promises, in the order the calls were made.
import { CHANNEL, LOCK, clearSaved } from './journal.js';
import { engine } from './engine.js';

const CHUNK = 8 * 1024 * 1024; // the most the core takes per file_chunk()

// The worker answers as the page's engine (www/engine.js reads it from the worker's address).
const worker = new Worker(new URL(`./worker.js?docker=${engine}`, import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;
const progressListeners = new Set();
const changeListeners = new Set();

const streamListeners = new Set();
const noticeListeners = new Set();
const notice = (why) => { for (const listener of noticeListeners) listener(why); };
// Other tabs: a Reset there is said here.
const channel = globalThis.BroadcastChannel ? new BroadcastChannel(CHANNEL) : null;
if (channel) channel.onmessage = ({ data }) => { if (data?.t === 'reset') notice('reset-elsewhere'); };

const fileListeners = new Set();

worker.onmessage = ({ data }) => {
  if ('need' in data || 'copying' in data || 'kept' in data) {
    for (const listener of fileListeners) listener(data);
    return;
  }
  if ('notice' in data) {
    notice(data.notice);
    return;
  }
  if ('stream' in data) {
    for (const listener of streamListeners) listener(data.stream);
    return;
  }
  if ('progress' in data) {
    for (const listener of progressListeners) listener(data.progress);
    return;
  }
  const call = pending.get(data.id);
  pending.delete(data.id);
  if (data.ok) call.resolve(data.value);
  else call.reject(new Error(data.error));
};

worker.onerror = (event) => {
  event.preventDefault();
  const error = new Error(`the core's worker stopped: ${event.message || 'it failed to load'}`);
  for (const call of pending.values()) call.reject(error);
  pending.clear();
};

function call(op, args = {}, transfer = []) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, ...args }, transfer);
  });
}

const changed = (what) => { for (const listener of changeListeners) listener(what); };

// `?now=2026-01-01T00:00:00Z` fixes the session clock, as the native binary's --now does, so
// that a transcript (ages, import times) is the same in the page and natively.
const fixedNow = new URLSearchParams(globalThis.location?.search ?? '').get('now');
if (fixedNow) call('setClock', { now: fixedNow }).catch((e) => console.error(e.message));

// `?network=1` makes pull, push and login reach real registries (`?network=0` goes back to
// the simulated ones), as the native binary's --network; `?mirror=URL` (repeatable) is a
// registry mirror for docker.io names and `?insecure=HOST` an insecure registry. The page's
// settings change the same choice, which is remembered in this browser.
const NETWORK_KEY = 'layerlab.network';
function networkSetting() {
  const params = new URLSearchParams(globalThis.location?.search ?? '');
  let stored = null;
  try { stored = JSON.parse(localStorage.getItem(NETWORK_KEY) ?? 'null'); } catch { stored = null; }
  if (params.get('network') === '0') {
    localStorage.removeItem(NETWORK_KEY);
    return null;
  }
  if (params.get('network') === '1') {
    stored = { mirrors: params.getAll('mirror'), insecure: params.getAll('insecure') };
    localStorage.setItem(NETWORK_KEY, JSON.stringify(stored));
  }
  if (stored && !(Array.isArray(stored.mirrors) && Array.isArray(stored.insecure))) return null;
  return stored;
}
let network = globalThis.localStorage ? networkSetting() : null;
const sendNetwork = () => call('setNetwork', {
  on: Boolean(network), mirrors: (network?.mirrors ?? []).join('\n'), insecure: (network?.insecure ?? []).join('\n'),
});
sendNetwork().catch((e) => console.error(e.message));

/** The session's registries: null (simulated) or {mirrors: [URL], insecure: [host]}. */
export const networkChoice = () => network && { mirrors: [...network.mirrors], insecure: [...network.insecure] };

/** Whether the session reaches real registries. */
export const usesNetwork = () => Boolean(network);

/** Switches real registries on ({mirrors, insecure}) or off (null), and remembers it. */
export async function setNetworkChoice(choice) {
  network = choice && { mirrors: [...choice.mirrors], insecure: [...choice.insecure] };
  if (network) localStorage.setItem(NETWORK_KEY, JSON.stringify(network));
  else localStorage.removeItem(NETWORK_KEY);
  await sendNetwork();
}

/** Called with {label, done, total} (or null) while a command line runs. */
export function onProgress(listener) {
  progressListeners.add(listener);
}

/** Called with the text a container held in the foreground prints while the line runs. */
export function onStream(listener) {
  streamListeners.add(listener);
}

/** Ctrl-C (`'interrupt'`) or Ctrl-D (`'eof'`) in a container's shell; resolves as run() does. */
export async function key(which) {
  try {
    return await call('key', { key: which });
  } finally {
    changed('run');
  }
}

/** Called after anything that may have changed images, containers or host files. */
export function onChange(listener) {
  changeListeners.add(listener);
}

/** Resolves once the core is loaded and the saved session replayed: {restoredEntries, history, warning, persistent}. */
export function ready() {
  return call('ready');
}

/** Runs one command line; resolves to {stdout, stderr, terminal, exitCode, awaitingAnswer, shell, held}. */
export async function run(line) {
  try {
    return await call('run', { line: String(line) });
  } finally {
    changed('run');
  }
}

/** The terminal's width in columns (Docker 29 aligns `docker images`' legend to it). */
export function setColumns(cols) {
  return call('setColumns', { cols: Number(cols) });
}

/** The language of the core's own texts (`help`): 'en' or 'zh'. */
export function setLang(tag) {
  return call('setLang', { tag: String(tag) });
}

/** Abandons the running command line (its run() resolves with exit code 130). */
export function cancel() {
  worker.postMessage({ op: 'cancel' });
}

/** Ends a line waiting for an answer to its question, unanswered. */
export function abandon() {
  return call('abandon');
}

/** Completions for the text before the cursor: {start, candidates}. */
export function complete(line) {
  return call('view', { method: 'complete', args: [line] });
}

/**
 * Called with what the worker says about opened files: `{need: {name, file, size, wrong}}`
 * (restoring needs the file again: answer with provideFile; `{need: null}` once answered),
 * `{copying: {name, done, total}}` while one is copied into storage, `{kept: {name, kept}}`.
 */
export function onFiles(listener) {
  fileListeners.add(listener);
}

/** Answers a `need`: the file the user opened again, or null to go on without it. */
export function provideFile(file) {
  worker.postMessage({ op: 'provideFile', file });
}

/** Stops copying the opened file `name` into storage (it will be asked for after a reload). */
export function stopCopy(name) {
  return call('stopCopy', { name });
}

// Files from this size on stay in the user's file, read by range; smaller ones are copied in.
export const OPEN_FROM = 256 * 1024 * 1024;

/**
 * Puts `data` (a File/Blob, ArrayBuffer or typed array) into the session as the host file
 * `name`. A File of OPEN_FROM bytes or more is opened where it is: the core reads it by range
 * and nothing is copied (`keep`: also copy it into storage in the background for reloads).
 * Others are read one chunk at a time, never whole. `uploaded(done, total)` follows.
 */
export async function addFile(name, data, uploaded = () => {}, { keep = true } = {}) {
  if (data instanceof File && data.size >= OPEN_FROM) {
    try {
      await call('fileOpen', { name: String(name), file: data, keep });
    } finally {
      changed('files');
    }
    return;
  }
  const blob = data instanceof Blob ? data : new Blob([data]);
  await call('fileBegin', { name: String(name), size: blob.size });
  try {
    for (let offset = 0; offset < blob.size; offset += CHUNK) {
      const chunk = await blob.slice(offset, offset + CHUNK).arrayBuffer();
      await call('fileChunk', { name, chunk }, [chunk]);
      uploaded(Math.min(offset + CHUNK, blob.size), blob.size);
    }
    await call('fileEnd', { name });
  } catch (err) {
    call('fileRemove', { name }).catch(() => {});
    throw err;
  } finally {
    changed('files');
  }
}

/** Lists the session's host files: [{name, size}]. */
export function files() {
  return call('files');
}

export async function removeFile(name) {
  const removed = await call('fileRemove', { name });
  changed('files');
  return removed;
}

/**
 * A download as a Blob, assembled in the worker without holding it whole: `what` is 'file'
 * (args: host file name), 'layer' (image, layer index) or 'path' (image, layer, path).
 */
export function download(what, ...args) {
  return call('download', { what, args });
}

/** A host file's bytes as a Blob. */
export function readFile(name) {
  return download('file', name);
}

/** Calls one of the core's view methods (plain objects and arrays; bytes as an ArrayBuffer). */
export function view(method, ...args) {
  return call('view', { method, args });
}

/** {usage, quota} of this origin's storage, and whether the session is kept across reloads. */
export function storage() {
  return call('storage');
}

/** Called with why the session stopped being saved: 'full', 'handed-over', 'reset', 'reset-elsewhere'. */
export function onNotice(listener) {
  noticeListeners.add(listener);
}

/**
 * Forgets the saved session (the page reloads afterwards to start empty). Works without the
 * worker (even when the core could not start): it is stopped, and the journal removed from
 * this page, unless another tab owns it. Other tabs are told.
 */
export async function reset() {
  worker.terminate();
  const error = new Error('the session was reset');
  for (const call of pending.values()) call.reject(error);
  pending.clear();
  if (await clearSaved()) channel?.postMessage({ t: 'reset' });
}

/**
 * Asks the tab that owns the journal to hand it over, and resolves once it has (the page
 * then reloads to open the saved session as its owner).
 */
export async function takeOver() {
  channel?.postMessage({ t: 'release' });
  if (navigator.locks) await navigator.locks.request(LOCK, { signal: AbortSignal.timeout(10_000) }, () => {});
}
