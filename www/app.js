// The page: a terminal on the left, tabs on the right (lesson, images, containers, host
// files, layer explorer, copy-on-write view). State lives in the core, in a worker; this
// file wires events to core calls and re-renders the views after each command.
import * as core from './core.js';
import { engine, ENGINES, switchEngine } from './engine.js';
import { Shell } from './terminal.js';
import { t, language, languages, setLanguage, onLanguage } from './i18n.js';
import { humanSize } from './dom.js';
import { renderImages, renderContainers, renderFiles } from './views/panels.js';
import { Explorer } from './views/explorer.js';
import { CowView } from './views/cow.js';
import { Tutorial } from './views/tutorial.js';
import { splitter } from './split.js';

const $ = (id) => document.getElementById(id);
const status = $('status');
const progressBox = $('progress');
const bar = $('bar');
const progressLabel = $('progress-label');

// ---- words on the page -------------------------------------------------------------------
// The status label and the notice under the terminal keep their key, so that a change of
// language says them again in the new one.
let statusText = { key: 'loading', args: [] };
let noticeText = null;
function setStatus(key, ...args) {
  statusText = { key, args };
  status.textContent = t(key, ...args);
}
function setNotice(key, ...args) {
  noticeText = key ? { key, args } : null;
  $('notice').textContent = key ? t(key, ...args) : '';
}
function translatePage() {
  for (const el of document.querySelectorAll('[data-i18n]')) {
    if (el.id !== 'status') el.textContent = t(el.dataset.i18n);
  }
  status.textContent = t(statusText.key, ...statusText.args);
  if (noticeText) $('notice').textContent = t(noticeText.key, ...noticeText.args);
  if (fileNote) $('file-note-text').textContent = t(fileNote.key, ...fileNote.args);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  core.setLang(language()).catch(() => {}); // the core's own texts (`help`) follow
}
const langPicker = $('lang');
for (const [code, name] of Object.entries(languages)) {
  const option = document.createElement('option');
  option.value = code;
  option.textContent = name;
  option.selected = code === language();
  langPicker.append(option);
}
langPicker.addEventListener('change', () => setLanguage(langPicker.value));

// The Docker the session answers as (www/engine.js): switching opens that engine's session.
const enginePicker = $('engine');
function engineOptions() {
  enginePicker.replaceChildren(...ENGINES.map((e) => {
    const option = document.createElement('option');
    option.value = e;
    option.textContent = t(`engine${e}`);
    option.selected = e === engine;
    return option;
  }));
}
engineOptions();
onLanguage(engineOptions);
enginePicker.addEventListener('change', () => switchEngine(enginePicker.value));

// ---- tabs --------------------------------------------------------------------------------
let currentTab = 'lesson';
function showTab(name) {
  currentTab = name;
  for (const button of document.querySelectorAll('[data-tab]')) {
    const on = button.dataset.tab === name;
    button.classList.toggle('active', on);
    button.setAttribute('aria-selected', String(on));
  }
  for (const panel of document.querySelectorAll('.tab-panel')) panel.hidden = panel.id !== `tab-${name}`;
  if (name === 'cow') cow.refresh();
}
for (const button of document.querySelectorAll('[data-tab]')) button.addEventListener('click', () => showTab(button.dataset.tab));

// ---- layout: the resizable split, and on-screen keys for touch screens ---------------------
splitter($('main'), $('splitter'));
// What each on-screen key sends: the same input the keyboard's key gives the terminal.
const KEYS = { tab: '\t', 'ctrl-c': '\x03', 'ctrl-d': '\x04', left: '\x1b[D', up: '\x1b[A', down: '\x1b[B', right: '\x1b[C' };
for (const button of document.querySelectorAll('#keys [data-key]')) {
  // Keep the terminal focused (and a phone's keyboard open) while a key is tapped.
  button.addEventListener('pointerdown', (event) => event.preventDefault());
  button.addEventListener('click', () => {
    if (!shell) return;
    shell.input(KEYS[button.dataset.key]);
    shell.focus();
  });
}

// ---- progress ----------------------------------------------------------------------------
// The worker's and the core's labels, in the page's language; a file's name stays as it is.
const PROGRESS_LABELS = {
  Loading: 'jobLoading', Pulling: 'jobPulling', Pushing: 'jobPushing', Importing: 'jobImporting', Saving: 'jobSaving', Hashing: 'jobHashing',
  stopping: 'jobStopping', waiting: 'jobWaiting', stats: 'jobStats', attached: 'jobAttached', following: 'jobFollowing',
};
// The worker replays the journal entry by entry: counted as steps, not bytes.
const RESTORING = 'Restoring your session';
// The time a job has left at its speed so far, rounded up: `12 s`, `3 min`, `1 h 5 min`.
function timeLeft(seconds) {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return t('duration', 0, 0, s);
  const m = Math.ceil(s / 60);
  return m < 60 ? t('duration', 0, m, 0) : t('duration', Math.floor(m / 60), m % 60, 0);
}
let progressStart = null; // {label, time, done} when the current progress began
let shownProgress = null; // [progress, options] on screen, said again when the language changes
function showProgress(progress, { cancellable = true } = {}) {
  shownProgress = progress ? [progress, { cancellable }] : null;
  if (!progress) {
    progressBox.hidden = true;
    progressStart = null;
    return;
  }
  progressBox.hidden = false;
  $('cancel').hidden = !cancellable || progress.label === RESTORING; // a replay is not cancelled
  if (!progressStart || progressStart.label !== progress.label) progressStart = { label: progress.label, time: performance.now(), done: progress.done };
  if (progress.label === RESTORING && progress.total > 0) {
    bar.max = progress.total;
    bar.value = progress.done;
    progressLabel.textContent = t('restoreStep', Math.min(progress.done + 1, progress.total), progress.total);
    return;
  }
  const label = !progress.file && PROGRESS_LABELS[progress.label] ? t(PROGRESS_LABELS[progress.label]) : progress.label;
  if (progress.total > 0) {
    bar.max = progress.total;
    bar.value = progress.done;
    const seconds = (performance.now() - progressStart.time) / 1000;
    const rate = seconds > 0.2 ? (progress.done - progressStart.done) / seconds : 0;
    progressLabel.textContent = `${label} ${t('speed', humanSize(progress.done), humanSize(progress.total), rate > 0 ? humanSize(rate) : null, rate > 0 ? timeLeft((progress.total - progress.done) / rate) : null)}`;
  } else {
    bar.removeAttribute('value'); // indeterminate
    progressLabel.textContent = label ?? '';
  }
}
core.onProgress((p) => showProgress(p));
$('cancel').addEventListener('click', () => core.cancel());

// ---- views -------------------------------------------------------------------------------
const explorer = new Explorer($('tab-explorer'), core);
const cow = new CowView($('tab-cow'), core);
let shell = null;
const tutorial = new Tutorial($('tab-lesson'), {
  run: (line) => { shell?.typeAndRun(line); shell?.focus(); },
  show: (view, target) => {
    if (view === 'explorer') { showTab('explorer'); explorer.open(target); }
    if (view === 'cow') { showTab('cow'); cow.open(target); }
  },
});

async function explore(ref) {
  showTab('explorer');
  await explorer.open(ref);
}

function openCow(name) {
  showTab('cow');
  return cow.open(name);
}

async function loadFile(name) {
  const quoted = /^[\w.,:@%+=/-]+$/.test(name) ? name : `'${name.replaceAll("'", `'\\''`)}'`;
  const result = await shell.typeAndRun(`docker load -i ${quoted}`);
  const id = /Loaded image(?: ID)?: (\S+)/.exec(result?.stdout ?? '')?.[1];
  if (result?.exitCode === 0 && id) await explore(id);
}

/** Saves text typed in the Files tab's editor as a host file. */
async function saveText(name, text) {
  await core.addFile(name, new TextEncoder().encode(text));
  setTimeout(refresh, 0); // once the editor has closed
}

let refreshing = null;
async function refresh() {
  // One refresh at a time; a request during one runs once more afterwards.
  if (refreshing) { refreshing.again = true; return; }
  refreshing = { again: false };
  try {
    const [images, containers, files] = await Promise.all([core.view('images'), core.view('containers'), core.files()]);
    renderImages($('tab-images'), images, { onExplore: explore });
    renderContainers($('tab-containers'), containers, { onCow: openCow });
    if (!document.querySelector('#tab-files .editor')) {
      // Not while a file is being edited: that would throw the edit away.
      renderFiles($('tab-files'), files, { read: core.readFile, remove: core.removeFile, load: loadFile, save: saveText });
    }
    await explorer.setImages(images);
    await cow.setContainers(containers);
    const s = await core.storage();
    $('storage').textContent = s.persistent ? t('storageUsed', humanSize(s.usage), humanSize(s.quota)) : t(s.notSaved === 'none' ? 'notPersistent' : 'notSaved');
  } catch (err) {
    setNotice(null);
    $('notice').textContent = err.message;
  } finally {
    const again = refreshing.again;
    refreshing = null;
    if (again) refresh();
  }
}
core.onChange(() => refresh());

onLanguage(() => {
  translatePage();
  if (shownProgress) showProgress(...shownProgress);
  tutorial.render();
  refresh();
  explorer.render();
  cow.render();
});

// ---- host files --------------------------------------------------------------------------
const ARCHIVE = /\.(tar|tgz|tar\.gz|tar\.zst)$/i;
let uploading = false;
async function addFiles(fileList) {
  const list = [...fileList];
  if (uploading || list.length === 0) return;
  uploading = true;
  try {
    for (const file of list) {
      try {
        await core.addFile(file.name, file, (done, total) => showProgress({ label: file.name, file: true, done, total }, { cancellable: false }), { keep: keepFiles.checked });
      } catch (err) {
        shell?.print(`${file.name}: ${err.message}\n`);
        continue;
      } finally {
        showProgress(null);
      }
      if (ARCHIVE.test(file.name) && shell) await loadFile(file.name);
    }
    if (!list.some((f) => ARCHIVE.test(f.name))) showTab('files');
  } finally {
    uploading = false;
  }
}

// Large files stay in the user's file; whether a copy is kept in storage for reloads is the
// user's choice (remembered), and what happens to each file is said under the terminal.
const keepFiles = $('keep-files');
keepFiles.checked = localStorage.getItem('layerlab-keep-files') !== 'no';
keepFiles.addEventListener('change', () => localStorage.setItem('layerlab-keep-files', keepFiles.checked ? 'yes' : 'no'));
// Real registries or the demo ones (core.js remembers the choice; `?network=1` sets it too).
// A change applies from the next line on; the journal keeps it, so that lines replay with
// the setting they ran with.
const netOn = $('net-on');
const netMirror = $('net-mirror');
const netInsecure = $('net-insecure');
const words = (text) => text.split(/[\s,]+/).filter(Boolean);
function showNetworkChoice() {
  const choice = core.networkChoice();
  netOn.checked = Boolean(choice);
  netMirror.value = (choice?.mirrors ?? words(netMirror.value)).join(' ');
  netInsecure.value = (choice?.insecure ?? words(netInsecure.value)).join(' ');
}
async function changeNetwork() {
  const was = core.usesNetwork();
  const choice = netOn.checked ? { mirrors: words(netMirror.value), insecure: words(netInsecure.value) } : null;
  if (!choice && !was) return; // the fields of a switched-off network wait for it
  try {
    await core.setNetworkChoice(choice);
    if (Boolean(choice) !== was) setNotice('netSwitched', Boolean(choice));
  } catch (err) {
    $('notice').textContent = err.message;
  }
  showNetworkChoice();
}
showNetworkChoice();
for (const input of [netOn, netMirror, netInsecure]) input.addEventListener('change', changeNetwork);

let fileNote = null; // what the note says: {key, args}, said again when the language changes
function showFileNote(key, ...args) {
  fileNote = key ? { key, args } : null;
  $('file-note').hidden = !key;
  $('file-note-text').textContent = key ? t(key, ...args) : '';
  $('reopen-label').hidden = key !== 'fileNeeded' && key !== 'fileWrong';
  $('file-note-skip').hidden = $('reopen-label').hidden;
  $('file-note-stop').hidden = key !== 'fileCopying';
}
let copyingName = null;
core.onFiles((data) => {
  if ('need' in data) {
    const need = data.need;
    if (!need) showFileNote(null);
    else if (need.wrong) showFileNote('fileWrong', need.wrong, need.file, humanSize(need.size));
    else showFileNote('fileNeeded', need.file, humanSize(need.size));
  } else if (data.copying) {
    copyingName = data.copying.name;
    showFileNote('fileCopying', data.copying.name, humanSize(data.copying.done), humanSize(data.copying.total));
  } else if (data.kept) {
    copyingName = null;
    const { name, kept, size } = data.kept;
    showFileNote(kept ? 'fileKept' : 'fileNotKept', name, humanSize(size));
    refresh();
  }
});
$('reopen').addEventListener('change', () => {
  const file = $('reopen').files[0];
  $('reopen').value = '';
  if (file) core.provideFile(file);
});
$('file-note-skip').addEventListener('click', () => core.provideFile(null));
$('file-note-stop').addEventListener('click', () => { if (copyingName) core.stopCopy(copyingName); });

const fileInput = $('file');
fileInput.addEventListener('change', () => {
  addFiles(fileInput.files).finally(() => { fileInput.value = ''; });
});
document.addEventListener('dragover', (event) => {
  if (!event.dataTransfer?.types.includes('Files')) return;
  event.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) document.body.classList.remove('dragging');
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  document.body.classList.remove('dragging');
  addFiles(event.dataTransfer?.files ?? []);
});

$('reset').addEventListener('click', async () => {
  if (!window.confirm(t('resetConfirm'))) return;
  try {
    await core.reset();
  } finally {
    window.location.reload();
  }
});

// ---- whether the session is saved ----------------------------------------------------------
// Said once in the notice line: another tab owns the journal (with a button to take it over),
// this tab handed it over, storage is full, or another tab reset it.
const NOT_SAVED = { 'other-tab': 'notOwner', 'handed-over': 'handedOver', full: 'storageFull', 'reset-elsewhere': 'resetElsewhere' };
function notSaved(why) {
  if (!NOT_SAVED[why]) return;
  setNotice(NOT_SAVED[why]);
  $('take-over').hidden = why !== 'other-tab';
  refresh();
}
core.onNotice(notSaved);
$('take-over').addEventListener('click', async () => {
  $('take-over').disabled = true;
  try {
    await core.takeOver();
  } finally {
    window.location.reload();
  }
});

// ---- start -------------------------------------------------------------------------------
// For automation and embedding; both go through the same worker as the terminal.
window.layerlab = {
  run: (line) => core.run(line).then(({ stdout, stderr, exitCode }) => ({ stdout, stderr, exitCode })),
  addFile: (name, bytes) => core.addFile(name, bytes),
  /** The terminal's width in columns. */
  cols: () => shell?.term.cols ?? 0,
  /** Sets the terminal's width (what Docker aligns to it sees it, as after a resize). */
  resize: (cols) => shell?.term.resize(cols, shell.term.rows),
  /** The terminal's text (scrollback included), one string per line; wrapped rows are joined. */
  screen: () => {
    if (!shell) return [];
    const buffer = shell.term.buffer.active;
    const rows = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      const text = line.translateToString(!buffer.getLine(i + 1)?.isWrapped);
      if (line.isWrapped && rows.length) rows[rows.length - 1] += text;
      else rows.push(text);
    }
    while (rows.length && rows[rows.length - 1].trim() === '') rows.pop();
    return rows.map((r) => r.trimEnd());
  },
};

translatePage();
tutorial.render();
showTab('lesson');
setStatus('restoring');
core.ready().then(
  (info) => {
    shell = new Shell($('terminal'), core, {
      history: info.history,
      onExit: (result) => { $('exit-status').textContent = result.exitCode === 0 ? '' : t('lastExit', result.exitCode); },
    });
    if (info.warning) shell.print(`${info.warning}\n`);
    else if (info.restoredEntries > 0) setNotice('restored', info.restoredEntries);
    notSaved(info.notSaved);
    setStatus('ready');
    status.classList.add('ok');
    shell.focus();
    refresh();
  },
  (err) => {
    setStatus('coreFailed', err.message);
    status.classList.add('error');
  },
);
