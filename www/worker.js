// The one place that owns the wasm core. Runs as a module worker so that long commands never
// freeze the page. Requests are handled one at a time, in the order they arrive (except
// `cancel`, which acts on the running line at once).
//   request:  { id, op, ...args }          (ops below)   | { op: 'cancel' }
//   reply:    { id, ok: true, value } | { id, ok: false, error }
//   progress: { progress: { label, done, total } | null }   (while a line runs or restores)
//   stream:   { stream: text }   (what a container held in the foreground prints, as it prints it)
// The session survives reloads through a journal (www/journal.js): each completed request that
// changes state is recorded, with its clock, and replayed into a fresh core on the next load.
import { openJournal, CHANNEL } from './journal.js';
import { engine } from './engine.js';
import { fileOf, openFile } from './files.js';
import { canHashFiles, endHashing, hashForCore, useModule } from './hashing.js';
import { useTape } from './net.js'; // globalThis.layerlabHttp, the core's transport to real registries

const POLL_BUDGET = 8 * 1024 * 1024; // bytes of work per poll(): V8 is slow on long single calls
const YIELD_MS = 50; // give the event loop (cancel, other messages) a turn this often
const PROGRESS_MS = 100;
const CHUNK = 8 * 1024 * 1024; // what a download takes from the core at a time

let memory = null; // the wasm instance's memory, for hashing layer blobs in place
let cancelRequested = false;
let fixedNow = null; // ms since the epoch when the page was opened with ?now=RFC3339
let journal = null;
let restored = { entries: 0, history: [], error: null };

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));
const progress = (p) => postMessage({ progress: p });

/** Makes `file` the host file `name` of `core`, read by range (www/files.js). */
function openInCore(core, name, file) {
  core.file_open(name, openFile(file), file.size);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const HELD_POLL_MS = 100; // how often a line held by a container looks at the clock

/**
 * Runs a line (begun by `begin`: start, interrupt or eof) to its end in budgeted slices;
 * `null` when it was cancelled. While a container holds the terminal, what it prints is
 * streamed to the page and the session clock keeps moving; Ctrl-C is forwarded to it
 * (`events` records when, for the journal).
 */
async function runSliced(core, begin, now, options = {}) {
  try {
    return await runSlicedOnce(core, begin, now, options);
  } finally {
    endHashing();
  }
}

async function runSlicedOnce(core, begin, now, { report = true, events = [], tape = null }) {
  cancelRequested = false;
  core.set_now(now);
  begin();
  let lastProgress = 0;
  for (;;) {
    const sliceEnd = performance.now() + YIELD_MS;
    let done = false;
    let waiting = 'busy';
    while (!done && performance.now() < sliceEnd) {
      done = core.poll(POLL_BUDGET);
      if (tape) await tape.flush();
      if (!done) await hashForCore(core, memory);
      waiting = done ? 'busy' : core.waiting();
      if (waiting !== 'busy') break;
    }
    if (done) break;
    if (waiting !== 'busy') {
      const partial = core.output();
      if (partial.terminal) postMessage({ stream: partial.terminal });
      // A clock fixed by ?now= jumps to the time waited for, as the native binary's --now.
      const until = waiting === 'clock' ? core.wait_until() : undefined;
      if (fixedNow !== null && until !== undefined && until > fixedNow) fixedNow = until;
      else await sleep(HELD_POLL_MS);
      core.set_now(clock());
    } else {
      const t = performance.now();
      if (report && t - lastProgress >= PROGRESS_MS) {
        lastProgress = t;
        progress(core.progress());
      }
      await nextTurn();
    }
    if (cancelRequested) {
      cancelRequested = false;
      const at = clock();
      core.set_now(at);
      if (core.interrupt()) {
        events.push({ t: 'interrupt', at });
        postMessage({ stream: '^C\n' });
        continue;
      }
      dropLine(core);
      return null;
    }
  }
  return core.output();
}

// Replays a journalled line: its start, each Ctrl-C at the clock it came, and its end.
async function replay(core, begin, entry) {
  try {
    await replayOnce(core, begin, entry);
  } finally {
    endHashing();
  }
}

async function replayOnce(core, begin, entry) {
  core.set_now(entry.now);
  begin();
  const events = (entry.events ?? []).slice();
  let ended = false;
  for (;;) {
    if (core.poll(POLL_BUDGET)) break;
    await hashForCore(core, memory);
    const waiting = core.waiting();
    if (waiting === 'busy') continue;
    if (events.length > 0) {
      const e = events.shift();
      core.set_now(e.at);
      if (!core.interrupt()) break;
    } else if (!ended && entry.end) {
      ended = true;
      core.set_now(entry.end);
    } else {
      dropLine(core); // held when the page went away: let go of it
      break;
    }
  }
}

const clock = () => fixedNow ?? Date.now();

// ---- real registries' answers, kept with the line that got them ----------------------------
// A line run with the network records every answer it got (www/net.js); its bodies go to
// storage between polls, and the line's journal entry lists the answers ({net: {blob,
// answers}}). A reload replays the line from them: no registry is asked again, and the
// session comes back as it was even when the registry changed or went away. Without storage
// (or when it fails) nothing is recorded and the line asks the registry again on replay.
function netTape() {
  if (!journal.persistent) return null;
  const answers = [];
  let pending = [];
  let size = 0;
  let writer = null;
  let lost = false;
  const tape = {
    record(method, url, answer) {
      const { body, ...rest } = answer;
      const len = body?.length ?? 0;
      answers.push({ method, url, ...rest, at: size, len });
      if (len && !lost) pending.push(body);
      size += len;
    },
    async flush() {
      const bodies = pending;
      pending = [];
      if (bodies.length === 0 || lost) return;
      writer ??= await journal.beginUpload({ spill: true });
      if (!writer) {
        lost = true;
        return;
      }
      for (const body of bodies) await writer.write(body);
    },
    /** What the journal entry keeps: null when nothing was asked, or it could not be kept. */
    async finish() {
      await tape.flush();
      if (answers.length === 0 || lost) {
        writer?.abort();
        return null;
      }
      const blob = writer ? await writer.finish() : null;
      if (writer && !blob) return null;
      return { blob, answers };
    },
    abort: () => writer?.abort(),
  };
  return tape;
}

/** Plays a journalled line's answers back, in order, reading their bodies from `stored`. */
function netPlayer({ answers }, stored) {
  let next = 0;
  const reader = new FileReaderSync();
  return {
    play(method, url) {
      const a = answers[next++];
      // The core asks what it asked then; anything else is a registry that cannot answer.
      if (!a || a.method !== method || a.url !== url) return { blocked: true };
      const { at, len, method: _m, url: _u, ...answer } = a;
      const body = len ? new Uint8Array(reader.readAsArrayBuffer(stored.slice(at, at + len))) : new Uint8Array(0);
      return { ...answer, body };
    },
  };
}

const sameNetwork = (a, b) => JSON.stringify(a) === JSON.stringify(b);
let journaledNetwork = null; // the network setting the journal's entries leave the session in

// Applying a setting makes a fresh client (no tokens cached), in the page and on replay
// alike, so it is applied only where the journal says so.
function applyNetwork(core, setting) {
  if (setting) core.set_network(setting.mirrors, setting.insecure);
  else core.clear_network();
}

/**
 * Makes the core use `setting` from here on, and journals it: when it changed, or with
 * `reset` when a line that used the network was not journalled (cancelled), whose tokens
 * the client would otherwise keep where a replay has none.
 */
async function useNetwork(core, setting, { reset = false } = {}) {
  if (sameNetwork(setting, journaledNetwork) && !reset) return;
  applyNetwork(core, setting);
  journaledNetwork = setting;
  await journal.append(setting ? { t: 'network', ...setting } : { t: 'network', off: true });
}

// A file the session used that was not kept in storage: the page asks the user to open it
// again ({ need }), and answers with `provideFile` (a File, or none to go on without it).
let provided = null;
function askForFile(entry) {
  return new Promise((resolve) => {
    const ask = (wrong) => postMessage({ need: { name: entry.name, file: entry.file, size: entry.size, wrong } });
    provided = (file) => {
      if (file && file.size !== entry.size) return ask(file.name);
      provided = null;
      postMessage({ need: null });
      resolve(file ?? null);
    };
    ask(null);
  });
}

// Replays the journal into a fresh core: every completed command, upload and removal, each
// with the clock it had, so IDs and times come out the same.
async function restore(core) {
  const entries = journal.entries();
  let done = 0;
  for (const entry of entries) {
    progress({ label: 'Restoring your session', done, total: entries.length });
    if (entry.t === 'run') {
      const stored = entry.net?.blob ? await journal.readUpload(entry.net.blob) : null;
      useTape(entry.net ? netPlayer(entry.net, stored) : null);
      try {
        await replay(core, () => core.start(entry.line), entry);
      } finally {
        useTape(null);
      }
      core.output();
      if (!entry.answer) restored.history.push(entry.line);
    } else if (['interrupt', 'eof', 'detach'].includes(entry.t)) {
      const begin = { eof: () => core.eof(), detach: () => core.detach(), interrupt: () => core.interrupt() }[entry.t];
      await replay(core, begin, entry);
      core.output();
    } else if (entry.t === 'file') {
      const blob = await journal.readUpload(entry.blob);
      core.file_begin(entry.name, blob.size);
      for (let off = 0; off < blob.size; off += POLL_BUDGET) {
        core.file_chunk(entry.name, new Uint8Array(await blob.slice(off, off + POLL_BUDGET).arrayBuffer()));
        await nextTurn();
      }
      core.file_end(entry.name);
    } else if (entry.t === 'open') {
      const file = (entry.key && await journal.readKept(entry.key, entry.size)) || await askForFile(entry);
      if (file) openInCore(core, entry.name, file);
    } else if (entry.t === 'rm') {
      core.file_remove(entry.name);
    } else if (entry.t === 'network') {
      journaledNetwork = entry.off ? null : { mirrors: entry.mirrors, insecure: entry.insecure };
      applyNetwork(core, journaledNetwork);
    } else if (entry.t === 'cancel') {
      dropLine(core);
    }
    done++;
  }
  // A question left unanswered when the page went away is not asked again.
  if (core.output().awaitingAnswer) await abandonQuestion(core);
  restored.entries = entries.length;
  progress(null);
}

// ---- the core's instance, and a fresh one after a trap ------------------------------------
// A wasm trap (a panic in the core, running out of memory, `unreachable`) leaves the instance
// unusable. The worker then makes a fresh instance of the same compiled module (new memory),
// replays the journal into it and answers the request that trapped with one line: that request
// was never journalled (entries are appended only after the core finished it), so the session
// comes back as it was before it.
let compiled = null; // the compiled WebAssembly.Module, instantiated once per core
let generation = 0; // how many instances were made: each imports its own copy of the bindings
let lang = null; // the core's language, set again in a fresh instance
let columns = 0; // the terminal's width, likewise
let network = null; // {mirrors, insecure} while the page uses real registries

async function compileCore() {
  const url = new URL('./pkg/layerlab_bg.wasm', import.meta.url);
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
  }
}

/** A new core in a new instance (wasm-bindgen's init runs once per import of its bindings). */
async function freshCore() {
  const url = new URL('./pkg/layerlab.js', import.meta.url);
  if (generation > 0) url.search = `?instance=${generation}`;
  generation++;
  // Imported dynamically so that a missing or broken build comes back as an error reply.
  const bindings = await import(url.href);
  compiled ??= await compileCore();
  useModule(compiled);
  memory = bindings.initSync({ module: compiled }).memory;
  const core = newCore(bindings.Layerlab);
  core.set_engine(engine);
  if (lang) core.set_lang(lang);
  if (columns) core.set_columns(columns);
  journaledNetwork = null; // the journal's entries switch it as they did
  return core;
}

// Other tabs of this origin: one asks the journal's owner to hand it over ('release').
const channel = new BroadcastChannel(CHANNEL);
channel.onmessage = async ({ data }) => {
  if (data?.t === 'release' && journal?.persistent) await journal.handOver();
  if (data?.t === 'reset' && journal?.persistent) await journal.detach('reset'); // never writes its stale journal back
};

async function boot() {
  const core = await freshCore();
  if (!journal) {
    journal = await openJournal();
    // The page says once why the session stopped being saved (storage full, handed over).
    journal.onStop((why) => postMessage({ notice: why }));
  }
  restored = { entries: 0, history: [], error: null };
  try {
    await restore(core);
  } catch (err) {
    // A journal this build cannot replay: start empty rather than half restored.
    progress(null);
    restored = { entries: 0, history: [], error: `the saved session could not be restored (${errorText(err)}); starting empty` };
    await journal.clear();
    return freshCore();
  }
  return core;
}

let lab = boot();
lab.catch(() => {}); // reported with the first request instead of as an unhandled rejection

/** Whether `err`, thrown by a call into the core, left its instance unusable. */
function trapped(err) {
  return err instanceof WebAssembly.RuntimeError
    || (err instanceof RangeError && /call stack/i.test(err.message)); // stack overflow in wasm
}

const CRASHED = {
  en: {
    line: (why) => `layerlab: the core crashed while running this line (${why}); it was restarted with your session as it was before the line, which was not applied.`,
    other: (why) => `layerlab: the core crashed (${why}); it was restarted with your session as it was before, and what you just did was not applied.`,
  },
  zh: {
    line: (why) => `layerlab：内核在执行这一行时崩溃了（${why}）；已重新启动，会话恢复到这一行之前的样子，这一行没有生效。`,
    other: (why) => `layerlab：内核崩溃了（${why}）；已重新启动，会话恢复到之前的样子，刚才的操作没有生效。`,
  },
};

/** Replaces a trapped core with a fresh one holding the journalled session; resolves to the line to show. */
async function recover(err, kind) {
  for (const upload of uploads.values()) upload.abort(); // never journalled: dropped
  uploads.clear();
  awaitingAnswer = false;
  lab = boot();
  lab.catch(() => {});
  // A journal that could not be replayed was cleared: the page's setting goes on.
  await useNetwork(await lab, network);
  const why = `${err.name}: ${err.message}`;
  if (restored.error) return `layerlab: the core crashed (${why}); ${restored.error}.`; // the replay failed too
  return (CRASHED[lang] ?? CRASHED.en)[kind](why);
}

// The hidden line a test build (feature test-trap, whose core has force_trap) traps on.
const TRAP_LINE = 'layerlab-test-trap';

function newCore(Layerlab) {
  const core = new Layerlab();
  // crypto.subtle hashes large blobs about 4x faster than sha2 inside wasm, and hashing
  // workers hash the layers of opened files beside the core (www/hashing.js).
  core.offload_hashing(Boolean(globalThis.crypto && crypto.subtle), canHashFiles);
  return core;
}

/** Ends the running (or questioning) line and drops what it printed. */
function dropLine(core) {
  core.cancel();
  core.output();
}

async function abandonQuestion(core) {
  dropLine(core);
  await journal.append({ t: 'cancel' });
}

let awaitingAnswer = false; // the last line asked a question: the next one answers it
const uploads = new Map(); // name -> journal upload writer, while a file is being added
const copies = new Map(); // name -> copy of an opened file into storage, while it runs

// The views the page renders; each returns plain objects and arrays, or bytes, from the core.
const VIEWS = new Set([
  'images', 'containers', 'image', 'structure', 'layer_changes', 'layer_changes_page', 'tree', 'tree_page', 'find',
  'read_file', 'read_file_head', 'read_file_info', 'layer_tar', 'cow', 'cow_changes_page', 'cow_lookup', 'complete',
]);

const ops = {
  ready: () => ({
    restoredEntries: restored.entries, history: restored.history, warning: restored.error,
    persistent: journal.persistent, notSaved: journal.notSaved,
  }),
  run: async (core, { line }) => {
    const now = clock();
    const answer = awaitingAnswer;
    const events = [];
    if (line === TRAP_LINE && typeof core.force_trap === 'function') core.force_trap();
    const tape = network ? netTape() : null;
    useTape(tape);
    let out;
    try {
      out = await runSliced(core, () => core.start(line), now, { events, tape });
    } catch (err) {
      tape?.abort(); // a trap: the line is not journalled, and the fresh core never ran it
      throw err;
    } finally {
      useTape(null);
    }
    progress(null);
    const net = out === null ? tape?.abort() : await tape?.finish();
    if (out === null && network) await useNetwork(core, network, { reset: true });
    if (out === null) {
      awaitingAnswer = false;
      return { stdout: '', stderr: '^C\n', terminal: '^C\n', exitCode: 130, awaitingAnswer: false, shell: null };
    }
    awaitingAnswer = out.awaitingAnswer;
    await journal.append({
      t: 'run', line, now, end: clock(),
      ...(answer ? { answer: true } : {}), ...(events.length ? { events } : {}), ...(net ? { net } : {}),
    });
    return out;
  },
  // Ctrl-C, Ctrl-D and Ctrl-P Ctrl-Q in a container's shell: the shell asks again, exits,
  // or lets go of the terminal.
  key: async (core, { key }) => {
    const now = clock();
    const t = ['eof', 'detach'].includes(key) ? key : 'interrupt';
    const begin = () => (t === 'eof' ? core.eof() : t === 'detach' ? core.detach() : core.interrupt());
    const out = await runSliced(core, begin, now);
    progress(null);
    if (out === null) return { stdout: '', stderr: '', terminal: '', exitCode: 130, awaitingAnswer: false, shell: null };
    awaitingAnswer = out.awaitingAnswer;
    await journal.append({ t, now, end: clock() });
    return out;
  },
  // Ctrl-C at a question (`Are you sure you want to continue? [y/N]`): the line ends, unanswered.
  abandon: async (core) => {
    if (!awaitingAnswer) return false;
    awaitingAnswer = false;
    await abandonQuestion(core);
    return true;
  },
  fileBegin: async (core, { name, size }) => {
    core.file_begin(name, size);
    uploads.set(name, await journal.beginUpload());
  },
  fileChunk: async (core, { name, chunk }) => {
    const bytes = new Uint8Array(chunk);
    core.file_chunk(name, bytes);
    await uploads.get(name)?.write(bytes);
  },
  fileEnd: async (core, { name }) => {
    core.file_end(name);
    const upload = uploads.get(name);
    uploads.delete(name);
    const blob = upload ? await upload.finish() : null;
    if (blob) await journal.append({ t: 'file', name, blob });
  },
  // A file the user opened stays where it is; the core reads it by range. For reloads it is
  // copied into origin storage in the background when `keep` and there is room, else the
  // user is asked for it again (see restore).
  fileOpen: async (core, { name, file, keep }) => {
    openInCore(core, name, file);
    const copy = keep ? await journal.keepFile(file, (done, total) => postMessage({ copying: { name, done, total } })) : { key: null, done: Promise.resolve(false) };
    copies.set(name, copy);
    copy.done.then((kept) => {
      if (copies.get(name) === copy) copies.delete(name);
      postMessage({ copying: null, kept: { name, kept, size: file.size } });
    });
    await journal.append({ t: 'open', name, size: file.size, file: file.name, modified: file.lastModified, key: copy.key });
  },
  // Stops copying an opened file into storage (the user chose to be asked for it instead).
  stopCopy: (core, { name }) => {
    copies.get(name)?.cancel?.();
  },
  fileRemove: async (core, { name }) => {
    uploads.get(name)?.abort();
    uploads.delete(name);
    const removed = core.file_remove(name);
    if (removed) await journal.append({ t: 'rm', name });
    return removed;
  },
  files: (core) => core.files(),
  // A download (a host file, a layer's tar, a file of an image), whatever its size, as a
  // Blob: ranges of a file the user opened are slices of that File (nothing is read), and
  // what only the core has comes out in chunks that each become a Blob at once, so the
  // browser holds them (spilling to disk), not this worker's heap.
  download: (core, { what, args }) => {
    if (!['file', 'layer', 'path'].includes(what)) throw new Error(`unknown download ${what}`);
    const pieces = core[`download_${what}`](...args);
    try {
      const parts = [];
      for (const p of pieces) {
        if (p.kind === 'file') {
          const file = fileOf(p.handle);
          if (!file) throw new Error('the file is no longer open');
          parts.push(file.slice(p.offset, p.offset + p.length));
          continue;
        }
        for (let at = p.offset, end = p.offset + p.length; at < end; at += CHUNK) {
          parts.push(new Blob([core.download_read(at, Math.min(CHUNK, end - at))]));
        }
      }
      return new Blob(parts);
    } finally {
      core.download_end();
    }
  },
  view: (core, { method, args }) => {
    if (!VIEWS.has(method) || typeof core[method] !== 'function') throw new Error(`unknown view ${method}`);
    const value = core[method](...args);
    if (value instanceof Uint8Array) return { value: value.buffer, transfer: [value.buffer] };
    return value;
  },
  storage: async () => {
    const estimate = await navigator.storage?.estimate?.() ?? {};
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, entries: journal.entries().length, persistent: journal.persistent, notSaved: journal.notSaved, wasmBytes: memory?.buffer.byteLength ?? 0 };
  },
  // The page's network setting ({on, mirrors, insecure}), sent at load and when it changes;
  // the journal keeps each change, so that lines replay with the setting they ran with.
  setNetwork: async (core, { on, mirrors, insecure }) => {
    network = on ? { mirrors, insecure } : null;
    await useNetwork(core, network);
  },
  setColumns: (core, { cols }) => {
    columns = Math.max(1, Math.min(1000, Number(cols) || 80));
    core.set_columns(columns);
  },
  setLang: (core, { tag }) => {
    lang = tag;
    core.set_lang(tag);
  },
  setClock: (core, { now }) => {
    const ms = Date.parse(now);
    if (Number.isNaN(ms)) throw new Error(`now=${now}: not an RFC 3339 time`);
    fixedNow = ms;
  },
};

function errorText(err) {
  if (err instanceof Error) return err.message;
  return String(err);
}

let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  if (data.op === 'cancel') {
    cancelRequested = true;
    return;
  }
  if (data.op === 'provideFile') {
    provided?.(data.file ?? null); // answered while the session is restoring: not queued
    return;
  }
  const op = ops[data.op];
  queue = queue.then(async () => {
    try {
      if (!op) throw new Error(`unknown request ${data.op}`);
      const core = await lab;
      const result = await op(core, data);
      if (result && typeof result === 'object' && 'transfer' in result) {
        postMessage({ id: data.id, ok: true, value: result.value }, result.transfer);
      } else {
        postMessage({ id: data.id, ok: true, value: result });
      }
    } catch (err) {
      if (!trapped(err)) {
        postMessage({ id: data.id, ok: false, error: errorText(err) });
        return;
      }
      const isLine = data.op === 'run' || data.op === 'key';
      let text;
      try {
        text = await recover(err, isLine ? 'line' : 'other');
      } catch (again) {
        text = `layerlab: the core crashed (${errorText(err)}) and could not be restarted: ${errorText(again)}`;
      }
      // A line (or a key in a container's shell) answers as a failed command, with Docker's
      // exit status for a failure of the daemon itself (125); other requests as an error.
      if (isLine) {
        const out = `${text}\n`;
        postMessage({ id: data.id, ok: true, value: { stdout: '', stderr: out, terminal: out, exitCode: 125, awaitingAnswer: false, shell: null } });
      } else {
        postMessage({ id: data.id, ok: false, error: text });
      }
    }
  });
};
