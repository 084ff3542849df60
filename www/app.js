// The first page: load image archives, run command lines, show what they print.
// All text reaches the DOM through textContent: names inside archives are untrusted.
import * as core from './core.js';

const $ = (id) => document.getElementById(id);
const fileInput = $('file');
const form = $('command');
const lineInput = $('line');
const runButton = $('run');
const output = $('output');
const status = $('status');
const progressBox = $('progress');
const bar = $('bar');
const progressLabel = $('progress-label');
const cancelButton = $('cancel');

window.layerlab = { run: core.run, addFile: (name, bytes) => core.addFile(name, bytes) };

function span(className, text) {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

const withNewline = (text) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);

function show(line, { stdout = '', stderr = '', exitCode = 0 }) {
  const entry = span('entry', '');
  entry.append(span('cmd', `$ ${line}\n`), span('stdout', withNewline(stdout)), span('stderr', withNewline(stderr)));
  if (exitCode !== 0) entry.append(span('exit', `exit code ${exitCode}\n`));
  output.append(entry);
  entry.scrollIntoView({ block: 'end' });
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB'];
  let i = -1;
  do { n /= 1024; i++; } while (n >= 1024 && i < units.length - 1);
  return `${n.toFixed(1)} ${units[i]}`;
}

// Only a running command line can be cancelled, not an upload.
function showProgress(progress, { fallbackLabel = 'Working', cancellable = true } = {}) {
  progressBox.hidden = false;
  cancelButton.hidden = !cancellable;
  if (progress && progress.total > 0) {
    bar.max = progress.total;
    bar.value = progress.done;
    progressLabel.textContent = `${progress.label} ${formatBytes(progress.done)} of ${formatBytes(progress.total)}`;
  } else {
    bar.removeAttribute('value'); // indeterminate
    progressLabel.textContent = progress?.label ?? fallbackLabel;
  }
}
core.onProgress((progress) => showProgress(progress));

let busy = false;
function setBusy(on) {
  busy = on;
  runButton.disabled = on;
  fileInput.disabled = on;
  if (!on) progressBox.hidden = true;
}

async function runAndShow(line) {
  showProgress(null, { fallbackLabel: line });
  let result;
  try {
    result = await core.run(line);
  } catch (err) {
    result = { stdout: '', stderr: err.message, exitCode: 1 };
  }
  show(line, result);
}

// The shell's quoting, for names that are not plain words.
const quote = (word) => (/^[\w.,:@%+=\/-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

async function loadFiles(fileList) {
  const list = [...fileList];
  if (busy || list.length === 0) return;
  setBusy(true);
  try {
    for (const file of list) {
      try {
        await core.addFile(file.name, file, (done, total) => showProgress({ label: `Uploading ${file.name}`, done, total }, { cancellable: false }));
      } catch (err) {
        show(`upload ${file.name}`, { stderr: err.message, exitCode: 1 });
        continue;
      }
      await runAndShow(`docker load -i ${quote(file.name)}`);
    }
    await runAndShow('docker images');
  } finally {
    setBusy(false);
  }
}

fileInput.addEventListener('change', () => {
  loadFiles(fileInput.files).finally(() => { fileInput.value = ''; });
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
  loadFiles(event.dataTransfer?.files ?? []);
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const line = lineInput.value.trim();
  if (busy || line === '') return;
  setBusy(true);
  try {
    await runAndShow(line);
    lineInput.value = '';
  } finally {
    setBusy(false);
    lineInput.focus();
  }
});

cancelButton.addEventListener('click', () => core.cancel());

core.files().then(
  () => { status.textContent = 'ready'; status.classList.add('ok'); },
  (err) => { status.textContent = `the core did not load: ${err.message}`; status.classList.add('error'); },
);
