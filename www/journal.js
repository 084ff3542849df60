// The session's journal, kept in the origin private file system (OPFS): every completed
// command line with the clock it ran at, every uploaded file (its bytes, stored once), and
// every removal. The worker replays it into a fresh core on load; since the core is
// deterministic given its inputs and clock, the replay rebuilds the same images, containers
// and host files. Without OPFS (some private windows) the journal lives in memory only.
const DIR = 'layerlab';
const INDEX = 'journal.json';
const VERSION = 1;

async function writeFile(dir, name, data) {
  const handle = await dir.getFileHandle(name, { create: true });
  const w = await handle.createWritable();
  await w.write(data);
  await w.close(); // the new contents replace the old ones atomically here
}

function memoryJournal() {
  let entries = [];
  const uploads = new Map();
  let next = 0;
  return {
    persistent: false,
    entries: () => entries.slice(),
    append: async (entry) => { entries.push(entry); },
    beginUpload: async () => {
      const parts = [];
      return {
        write: async (bytes) => { parts.push(bytes.slice()); },
        finish: async () => { const key = `u${next++}`; uploads.set(key, new Blob(parts)); return key; },
        abort: () => {},
      };
    },
    readUpload: async (key) => uploads.get(key) ?? new Blob([]),
    clear: async () => { entries = []; uploads.clear(); },
  };
}

async function opfsJournal() {
  const root = await navigator.storage.getDirectory();
  let dir = await root.getDirectoryHandle(DIR, { create: true });
  let entries = [];
  try {
    const text = await (await (await dir.getFileHandle(INDEX)).getFile()).text();
    const saved = JSON.parse(text);
    if (saved.version === VERSION && Array.isArray(saved.entries)) entries = saved.entries;
  } catch {
    entries = []; // none yet, or unreadable: start empty
  }
  const save = () => writeFile(dir, INDEX, JSON.stringify({ version: VERSION, entries }));
  return {
    persistent: true,
    entries: () => entries.slice(),
    append: async (entry) => {
      entries.push(entry);
      await save();
    },
    beginUpload: async () => {
      const key = `upload-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
      let w;
      try {
        w = await (await dir.getFileHandle(key, { create: true })).createWritable();
      } catch {
        // A browser without writable OPFS files: the upload works, but is not kept.
        return { write: async () => {}, finish: async () => null, abort: () => {} };
      }
      return {
        write: (bytes) => w.write(bytes),
        finish: async () => { await w.close(); return key; },
        abort: () => { w.abort().catch(() => {}); dir.removeEntry(key).catch(() => {}); },
      };
    },
    readUpload: async (key) => (await dir.getFileHandle(key)).getFile(),
    clear: async () => {
      entries = [];
      await root.removeEntry(DIR, { recursive: true }).catch(() => {});
      dir = await root.getDirectoryHandle(DIR, { create: true });
    },
  };
}

/** The journal: OPFS when the browser has it, else memory. */
export async function openJournal() {
  try {
    return await opfsJournal();
  } catch {
    return memoryJournal();
  }
}
