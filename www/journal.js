// The session's journal, kept in the origin private file system (OPFS): every completed
// command line with the clock it ran at, every uploaded file (its bytes, stored once), and
// every removal. The worker replays it into a fresh core on load; since the core is
// deterministic given its inputs and clock, the replay rebuilds the same images, containers
// and host files. Without OPFS (some private windows) the journal lives in memory only.
//
// The index, journal.jsonl, is one JSON line per entry after a header line, appended to and
// never rewritten, so a write cut short (a reload, a crash) damages at most its last line: it
// is read up to its last whole entry.
//
// One tab owns the journal: the one holding the Web Lock LOCK (held by the worker for the
// page's life). Another tab keeps its session in memory only. The journal stops writing
// (`detach`) when its owner hands it over to another tab, when the page resets it, and when
// origin storage is full (QuotaExceededError); the session goes on in memory.
// One journal per engine (www/engine.js).
import { names } from './engine.js';

export const DIR = names.dir;
export const LOCK = names.lock;
export const CHANNEL = names.channel;
const INDEX = 'journal.jsonl';
const OLD_INDEX = 'journal.json'; // version 1: the whole index rewritten at each entry
const HEADER = JSON.stringify({ layerlab: 'journal', version: 2 });

/** Entries of an index's text, up to the last whole line that parses. */
export function parseIndex(text) {
  const lines = text.split('\n');
  if (lines[0] !== HEADER) return [];
  const entries = [];
  // The last element is '' after a whole line; a cut line has no '\n' after it.
  for (const line of lines.slice(1, -1)) {
    try {
      entries.push(JSON.parse(line));
    } catch {
      break; // damaged: everything after it too
    }
  }
  return entries;
}

async function appendText(dir, name, text) {
  const handle = await dir.getFileHandle(name, { create: true });
  const w = await handle.createWritable({ keepExistingData: true });
  try {
    await w.seek((await handle.getFile()).size);
    await w.write(text);
    await w.close(); // the new contents replace the old ones here
  } catch (err) {
    await w.abort().catch(() => {});
    throw err;
  }
}

async function writeWhole(dir, name, text) {
  const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
  await w.write(text);
  await w.close(); // replaces the old contents at once
}

const isQuota = (err) => err?.name === 'QuotaExceededError';

let releaseLock = null; // lets go of the journal's lock, when this tab holds it

/** A journal over the OPFS directory `dir` (null: memory only, for the reason `why`). */
function journalOver(root, dir, entries, why = null) {
  const memory = new Map(); // uploads kept in memory (when not saving)
  let next = 0;
  let saving = Boolean(dir);
  let writes = Promise.resolve(); // the journal's writes, in order
  const listeners = new Set();
  const stop = (reason) => {
    if (!saving) return;
    saving = false;
    why = reason;
    for (const listener of listeners) listener(reason);
  };
  // Runs a write unless the journal stopped saving; a full origin stops it.
  const write = (fn) => {
    const run = writes.then(async () => {
      if (!saving) return;
      try {
        await fn();
      } catch (err) {
        if (isQuota(err)) stop('full');
        else throw err;
      }
    });
    writes = run.catch(() => {});
    return run;
  };
  const memoryUpload = () => {
    const parts = [];
    return {
      write: async (bytes) => { parts.push(bytes.slice()); },
      finish: async () => { const key = `mem-${next++}`; memory.set(key, new Blob(parts)); return key; },
      abort: () => {},
    };
  };
  return {
    get persistent() { return saving; },
    /** Why the session is not saved: null (it is), 'none', 'other-tab', 'handed-over', 'full', 'reset'. */
    get notSaved() { return why; },
    onStop: (listener) => listeners.add(listener),
    entries: () => entries.slice(),
    append: async (entry) => {
      entries.push(entry);
      await write(() => appendText(dir, INDEX, `${JSON.stringify(entry)}\n`));
    },
    /**
     * Starts storing bytes for an entry; `finish()` resolves to their key. With `spill`, the
     * bytes are not also held in memory (a registry's answers, which can be gigabytes): when
     * storage fails, `finish()` resolves to null instead and the entry goes without them.
     */
    beginUpload: async ({ spill = false } = {}) => {
      if (!saving) return spill ? null : memoryUpload();
      const key = `upload-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
      let w;
      try {
        w = await (await dir.getFileHandle(key, { create: true })).createWritable();
      } catch (err) {
        if (isQuota(err)) stop('full');
        return spill ? null : memoryUpload(); // the upload works, but is not kept
      }
      // Kept in memory as well once storage fails half way, so the entry still replays.
      const parts = [];
      let failed = false;
      return {
        write: async (bytes) => {
          if (!spill) parts.push(bytes.slice());
          if (failed) return;
          try {
            await w.write(bytes);
          } catch (err) {
            failed = true;
            if (isQuota(err)) stop('full');
          }
        },
        finish: async () => {
          if (!failed && saving) {
            try {
              await w.close();
              return key;
            } catch (err) {
              if (isQuota(err)) stop('full');
            }
          }
          w.abort().catch(() => {});
          dir.removeEntry(key).catch(() => {});
          if (spill) return null;
          const mem = `mem-${next++}`;
          memory.set(mem, new Blob(parts));
          return mem;
        },
        abort: () => { w.abort().catch(() => {}); dir.removeEntry(key).catch(() => {}); },
      };
    },
    /**
     * Starts copying a file the user opened into origin storage, so that a reload can open
     * it again without asking; resolves at once to the copy's key, or to null when it is not
     * kept (no storage, or not room enough: then the user is asked for the file on reload).
     * `copied(done, total)` follows the copy; `done` resolves when it ends (true: kept).
     */
    keepFile: async (file, copied = () => {}) => {
      const none = { key: null, done: Promise.resolve(false), cancel: () => {} };
      if (!saving) return none;
      const { usage = 0, quota = 0 } = await navigator.storage?.estimate?.() ?? {};
      if (quota - usage < file.size * 1.05 + (64 << 20)) return none;
      const key = `file-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
      const abort = new AbortController();
      const copy = async () => {
        const w = await (await dir.getFileHandle(key, { create: true })).createWritable();
        let done = 0;
        const count = new TransformStream({
          transform(chunk, controller) {
            done += chunk.byteLength;
            copied(done, file.size);
            controller.enqueue(chunk);
          },
        });
        try {
          await file.stream().pipeThrough(count).pipeTo(w, { signal: abort.signal }); // closes w: the copy appears whole
          return true;
        } catch (err) {
          await w.abort().catch(() => {});
          await dir.removeEntry(key).catch(() => {});
          if (isQuota(err)) stop('full');
          return false;
        }
      };
      return { key, done: copy().catch(() => false), cancel: () => abort.abort() };
    },
    /** A kept copy of an opened file, when it is there whole (null otherwise). */
    readKept: async (key, size) => {
      try {
        const file = await (await dir.getFileHandle(key)).getFile();
        return file.size === size ? file : null;
      } catch {
        return null;
      }
    },
    readUpload: async (key) => memory.get(key) ?? (dir ? (await dir.getFileHandle(key)).getFile() : new Blob([])),
    /** Stops writing (the session goes on in memory); resolves once the last write is done. */
    detach: async (reason) => {
      await writes;
      stop(reason);
    },
    /** Another tab takes the journal over: stop writing, then let go of the lock. */
    handOver: async () => {
      await writes;
      stop('handed-over');
      releaseLock?.();
      releaseLock = null;
    },
    clear: async () => {
      entries = [];
      memory.clear();
      if (!saving) return;
      await writes;
      await root.removeEntry(DIR, { recursive: true }).catch(() => {});
      dir = await root.getDirectoryHandle(DIR, { create: true });
      await appendText(dir, INDEX, `${HEADER}\n`);
    },
  };
}

/** Holds the journal's lock for the page's life: resolves to true when this tab got it. */
function takeLock() {
  if (!navigator.locks) return Promise.resolve(true);
  return new Promise((resolve) => {
    navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => {
      resolve(Boolean(lock));
      return lock ? new Promise((release) => { releaseLock = release; }) : undefined;
    }).catch(() => resolve(false));
  });
}

async function ownLock() {
  // A reloading page's previous document may let go of the lock a moment after this one asks.
  for (let i = 0; i < 10; i++) {
    if (await takeLock()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const indexText = (entries) => `${[HEADER, ...entries.map((e) => JSON.stringify(e))].join('\n')}\n`;

async function readIndex(dir) {
  let text;
  try {
    text = await (await (await dir.getFileHandle(INDEX)).getFile()).text();
  } catch {
    text = null;
  }
  if (text !== null) {
    const entries = parseIndex(text);
    // A damaged tail is cut off before anything is appended after it.
    if (text !== indexText(entries)) await writeWhole(dir, INDEX, indexText(entries));
    return entries;
  }
  // None yet: take a version 1 index over, if there is one.
  let entries = [];
  try {
    const saved = JSON.parse(await (await (await dir.getFileHandle(OLD_INDEX)).getFile()).text());
    if (saved.version === 1 && Array.isArray(saved.entries)) entries = saved.entries;
  } catch {
    entries = []; // none, or unreadable: start empty
  }
  await writeWhole(dir, INDEX, indexText(entries));
  await dir.removeEntry(OLD_INDEX).catch(() => {});
  return entries;
}

/** The journal: OPFS when the browser has it and this tab owns it, else memory. */
export async function openJournal() {
  let root;
  try {
    root = await navigator.storage.getDirectory();
  } catch {
    return journalOver(null, null, [], 'none');
  }
  if (!(await ownLock())) return journalOver(root, null, [], 'other-tab');
  const dir = await root.getDirectoryHandle(DIR, { create: true });
  return journalOver(root, dir, await readIndex(dir));
}

/**
 * Forgets the saved session without the worker (the page's Reset, which must work even when
 * the core cannot start): removes the journal once no tab owns it. The caller has stopped its
 * own worker first; resolves to false when another tab owns the journal (nothing removed).
 */
export async function clearSaved() {
  const remove = async () => {
    const root = await navigator.storage.getDirectory();
    for (let i = 0; ; i++) {
      try {
        await root.removeEntry(DIR, { recursive: true });
        return true;
      } catch (err) {
        if (err?.name === 'NotFoundError') return true;
        if (i >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100)); // a writable the stopped worker left open
      }
    }
  };
  if (!navigator.locks) return remove();
  try {
    // Our own worker's lock goes a moment after it was stopped; another tab's stays.
    return await navigator.locks.request(LOCK, { signal: AbortSignal.timeout(2000) }, remove);
  } catch (err) {
    if (err?.name === 'AbortError' || err?.name === 'TimeoutError') return false;
    throw err;
  }
}
