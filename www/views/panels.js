// The Images, Containers and Files panels: tables of what the core reports, refreshed after
// every command. Clicking a row opens it in the explorer or the copy-on-write view.
import { h, fill, humanSize, download } from '../dom.js';
import { t } from '../i18n.js';

function table(headers, rows) {
  return h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows));
}

export function renderImages(el, images, { onExplore }) {
  if (images.length === 0) return fill(el, h('p', { class: 'empty' }, t('noImages')));
  const rows = images.map((img) => h('tr', { dataset: { id: img.id } },
    h('td', {}, img.repoTags.length ? img.repoTags.map((tag) => h('div', {}, tag)) : '<none>:<none>'),
    h('td', { class: 'mono' }, img.shortId),
    h('td', { class: 'num' }, img.sizeText),
    h('td', { class: 'num' }, img.layers),
    h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => onExplore(img.id) }, t('explore')))));
  return fill(el, table([`${t('repository')}:${t('tag')}`, t('imageId'), t('size'), t('layers'), ''], rows));
}

// Containers whose logs are open, kept across the re-render after each command.
const openLogs = new Set();

/** A mount as `docker inspect` lists it: its type, the volume's name or the bind's source, where it goes. */
function mountItem(m) {
  return h('div', { class: `mount ${m.type}`, title: m.source },
    h('span', { class: `badge ${m.type}` }, t(m.type === 'volume' ? 'mountVolume' : 'mountBind')), ' ',
    h('span', { class: 'mono' }, `${m.name ?? m.source} → ${m.destination}${m.rw ? '' : ' (ro)'}`));
}

export function renderContainers(el, containers, { onCow }) {
  if (containers.length === 0) return fill(el, h('p', { class: 'empty' }, t('noContainers')));
  const columns = 7;
  const rows = containers.flatMap((c) => [
    h('tr', { dataset: { id: c.id } },
      h('td', {}, c.name),
      h('td', { class: 'mono' }, c.shortId),
      h('td', {}, c.image),
      h('td', { class: `ps-status state-${c.state}` }, c.status),
      h('td', { class: 'ports mono' }, c.ports ? c.ports.split(', ').map((p, i, all) => h('div', {}, i < all.length - 1 ? `${p},` : p)) : ''),
      h('td', { class: 'mounts' }, (c.mounts ?? []).map(mountItem)),
      h('td', { class: 'actions' }, h('button', { type: 'button', class: 'link cow', onclick: () => onCow(c.name) }, t('cowView')))),
    // The logs under the row: a disclosure (its summary is the Logs button), text only.
    h('tr', { class: 'logs-row', dataset: { logsOf: c.id } }, h('td', { colspan: columns },
      h('details', { class: 'logs', open: openLogs.has(c.id), ontoggle: (e) => { if (e.target.open) openLogs.add(c.id); else openLogs.delete(c.id); } },
        h('summary', { class: 'link', title: t('logsTitle', c.name) }, t('logs')),
        c.logs ? h('pre', { class: 'file logs' }, c.logs) : h('p', { class: 'empty' }, t('noLogs'))))),
  ]);
  return fill(el, table([t('name'), t('containerId'), t('image'), t('status'), t('ports'), t('mounts'), ''], rows));
}

const EDITABLE = 1 << 20; // text files up to this size open in the editor

/** The editor for one host file: a name, its text, Save. */
function editor(el, { name = '', text = '', save, close }) {
  const nameInput = h('input', { type: 'text', class: 'edit-name mono', value: name, placeholder: 'site/Dockerfile', 'aria-label': t('fileName'), spellcheck: false });
  const area = h('textarea', { class: 'edit-text mono', spellcheck: false, 'aria-label': t('fileView'), rows: 14 }, text);
  const status = h('span', { class: 'note' });
  const form = h('form', {
    class: 'editor',
    onsubmit: async (e) => {
      e.preventDefault();
      const target = nameInput.value.trim();
      if (!target) return;
      try {
        await save(target, area.value);
        close();
      } catch (err) {
        status.textContent = err.message;
      }
    },
  }, h('div', { class: 'toolbar' }, nameInput, h('button', { type: 'submit', class: 'save' }, t('save')), h('button', { type: 'button', onclick: close }, t('cancel')), status), area);
  fill(el, form);
  (name ? area : nameInput).focus();
}

export function renderFiles(el, files, { read, remove, load, save }) {
  const panel = h('div');
  const editorBox = h('div', { class: 'editor-box' });
  const closeEditor = () => fill(editorBox);
  const newButton = h('button', { type: 'button', class: 'new-file', onclick: () => editor(editorBox, { save, close: closeEditor }) }, t('newFile'));
  if (files.length === 0) return fill(el, h('div', { class: 'toolbar' }, newButton), editorBox, h('p', { class: 'empty' }, t('noFiles')));
  const rows = files.map((f) => h('tr', { dataset: { name: f.name } },
    h('td', { class: 'mono name' }, f.name),
    h('td', { class: 'num', title: t('bytes', f.size) }, humanSize(f.size)),
    h('td', { class: 'actions' },
      f.size <= EDITABLE ? h('button', {
        type: 'button',
        class: 'link edit',
        onclick: async () => {
          const bytes = new Uint8Array(await (await read(f.name, f.size)).arrayBuffer());
          let text;
          try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { text = null; }
          if (text === null || bytes.includes(0)) return;
          editor(editorBox, { name: f.name, text, save, close: closeEditor });
        },
      }, t('edit')) : null,
      h('button', { type: 'button', class: 'link download', onclick: async () => download(f.name, await read(f.name, f.size)) }, t('download')),
      /\.(tar|tgz|tar\.gz|tar\.zst)$/i.test(f.name)
        ? h('button', { type: 'button', class: 'link', onclick: () => load(f.name) }, t('load')) : null,
      h('button', { type: 'button', class: 'link danger remove', onclick: () => remove(f.name) }, t('remove')))));
  return fill(el, fill(panel, h('div', { class: 'toolbar' }, newButton), editorBox, table([t('fileName'), t('size'), ''], rows)));
}
