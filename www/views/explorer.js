// The layer explorer (what dive shows, in a tab): the layer stack with size bars and the
// instruction that made each layer; per layer its added, modified and deleted paths; the
// merged tree up to that layer with the layer that provides each path, whiteouts and opaque
// directories; a file viewer; export of one layer; efficiency and the wasted files.
// All the data comes from the core (crate/src/views); this file only renders it.
import { h, fill, humanSize, download } from '../dom.js';
import { t } from '../i18n.js';

const PAGE = 500; // rows rendered at once; "show more" adds the next page
const VIEW_BYTES = 64 * 1024; // the file viewer shows this much

const TYPE_MARK = { dir: 'd', file: '-', symlink: 'l', hardlink: 'h', char: 'c', block: 'b', fifo: 'p' };

function hexDump(bytes) {
  const lines = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

function looksBinary(bytes) {
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/** Rows, at most `limit` of them, then a button for the rest. */
function paged(items, render, container, limit = PAGE) {
  const shown = items.slice(0, limit).map(render);
  const rest = items.length - limit;
  if (rest > 0) {
    shown.push(h('li', { class: 'more' }, t('more', rest), ' ',
      h('button', { type: 'button', class: 'link', onclick: () => fill(container, paged(items, render, container, limit + PAGE)) }, t('showMore'))));
  }
  return shown;
}

export class Explorer {
  constructor(el, core) {
    this.el = el;
    this.core = core;
    this.images = [];
    this.ref = null; // image ID being explored
    this.info = null; // image
    this.layer = 0; // selected layer index
    this.mode = 'tree'; // 'changes' | 'tree' | 'wasted'
    this.sort = 'name';
    this.filter = '';
    this.expanded = new Map(); // dir path -> children (loaded)
    this.file = null; // {path, info, bytes}
    this.error = null;
  }

  setImages(images) {
    this.images = images;
    if (this.ref && !images.some((i) => i.id === this.ref)) {
      this.ref = null;
      this.info = null;
    }
    if (!this.ref && images.length > 0) return this.open(images[0].id);
    return this.render();
  }

  async open(ref, { layer } = {}) {
    this.error = null;
    try {
      this.info = await this.core.view('image', ref);
      this.ref = this.info.id;
    } catch (err) {
      this.info = null;
      this.error = err.message;
      return this.render();
    }
    const count = this.info.layers.length;
    this.layer = layer ?? Math.max(0, count - 1);
    this.expanded = new Map();
    this.file = null;
    await this.loadDir('/');
    return this.render();
  }

  async selectLayer(index) {
    this.layer = index;
    this.file = null;
    const open = [...this.expanded.keys()];
    this.expanded = new Map();
    for (const dir of open) await this.loadDir(dir);
    if (this.mode === 'changes') this.changes = await this.core.view('layer_changes', this.ref, index);
    this.render();
  }

  async loadDir(dir) {
    try {
      this.expanded.set(dir, await this.core.view('tree', this.ref, this.layer, dir));
    } catch {
      this.expanded.delete(dir); // gone at this layer
    }
  }

  async toggleDir(path) {
    if (this.expanded.has(path)) this.expanded.delete(path);
    else await this.loadDir(path);
    this.render();
  }

  async showFile(path) {
    try {
      const info = await this.core.view('read_file_info', this.ref, this.layer, path);
      const buffer = await this.core.view('read_file_head', this.ref, this.layer, path, VIEW_BYTES);
      this.file = { path, info, layer: this.layer, bytes: new Uint8Array(buffer) };
    } catch (err) {
      this.file = { path, error: err.message };
    }
    this.render();
  }

  async setMode(mode) {
    this.mode = mode;
    if (mode === 'changes') this.changes = await this.core.view('layer_changes', this.ref, this.layer);
    this.render();
  }

  async setFilter(text) {
    this.filter = text;
    this.found = text ? await this.core.view('find', this.ref, this.layer, text, 2000) : null;
    this.renderBody();
  }

  render() {
    const picker = h('select', { class: 'image-picker', 'aria-label': t('pickImage'), onchange: (e) => this.open(e.target.value) },
      this.images.map((img) => h('option', { value: img.id, selected: img.id === this.ref },
        `${img.repoTags[0] ?? '<none>'}  ${img.shortId}`)));
    if (!this.info) {
      return fill(this.el, h('div', { class: 'toolbar' }, picker),
        h('p', { class: this.error ? 'error' : 'empty' }, this.error ?? t('noImages')));
    }
    const info = this.info;
    const summary = h('dl', { class: 'summary' },
      h('dt', { title: t('sizeDockerTitle') }, t('imageSizeDocker')), h('dd', { class: 'image-size-docker' }, humanSize(info.size)),
      h('dt', { title: t('sizeDiveTitle') }, t('imageSizeDive')), h('dd', { class: 'image-size-dive' }, humanSize(info.imageSize)),
      h('dt', {}, t('layers')), h('dd', { class: 'layer-count' }, String(info.layers.length)),
      h('dt', {}, t('efficiency')), h('dd', {}, `${(info.efficiency * 100).toFixed(4)} %`),
      h('dt', {}, t('wastedBytes')), h('dd', {}, humanSize(info.wastedBytes)),
      h('dt', {}, t('userWasted')), h('dd', {}, `${(info.userWastedPercent * 100).toFixed(4)} %`));
    const biggest = Math.max(1, ...info.layers.map((l) => l.size));
    // Docker and dive count a layer's size differently: both are shown, each named.
    const stackHead = h('div', { class: 'layers-head' },
      h('span', {}, '#'), h('span', {}),
      h('span', { class: 'size', title: t('sizeDockerTitle') }, t('sizeDocker')),
      h('span', { class: 'size', title: t('sizeDiveTitle') }, t('sizeDive')),
      h('span', {}, t('createdBy')));
    const stack = h('ol', { class: 'layers', start: 0 }, info.layers.map((l) => h('li', {
      class: l.index === this.layer ? 'layer selected' : 'layer',
      dataset: { index: l.index },
    }, h('button', { type: 'button', onclick: () => this.selectLayer(l.index), title: l.createdBy },
      h('span', { class: 'index' }, String(l.index)),
      h('span', { class: 'bar' }, h('span', { class: 'fill', style: `width:${Math.max(1, (100 * l.size) / biggest)}%` })),
      h('span', { class: 'size', title: t('sizeDockerTitle') }, l.sizeText),
      h('span', { class: 'size dive-size', title: t('sizeDiveTitle') }, humanSize(l.diveSize ?? 0)),
      h('span', { class: 'created-by' }, l.createdBy || l.diffId)))));
    const modes = h('div', { class: 'modes', role: 'tablist' }, [['tree', t('tree')], ['changes', t('changes')], ['wasted', t('wasted')]]
      .map(([mode, label]) => h('button', { type: 'button', role: 'tab', class: mode === this.mode ? 'active' : '', 'aria-selected': String(mode === this.mode), dataset: { mode }, onclick: () => this.setMode(mode) }, label)));
    const layer = info.layers[this.layer];
    const tools = h('div', { class: 'toolbar' },
      h('label', {}, t('sortBy'), ' ', h('select', { class: 'sort', onchange: (e) => { this.sort = e.target.value; this.renderBody(); } },
        h('option', { value: 'name', selected: this.sort === 'name' }, t('byName')),
        h('option', { value: 'size', selected: this.sort === 'size' }, t('bySize')))),
      h('input', { type: 'search', class: 'filter', placeholder: t('filter'), value: this.filter, 'aria-label': t('filter'), oninput: (e) => this.setFilter(e.target.value) }),
      layer ? h('button', { type: 'button', class: 'export-layer', onclick: () => this.exportLayer(layer) }, t('exportLayer')) : null);
    this.body = h('div', { class: 'explorer-body' });
    this.viewer = h('div', { class: 'viewer' });
    fill(this.el,
      h('div', { class: 'toolbar' }, picker), summary,
      h('h3', {}, t('layerStack')), stackHead, stack, modes, tools, this.body, this.viewer);
    this.renderBody();
    this.renderViewer();
    return this.el;
  }

  async exportLayer(layer) {
    const name = `layer-${layer.index}-${layer.diffId.replace('sha256:', '').slice(0, 12)}.tar`;
    try {
      download(name, await this.core.download('layer', this.ref, layer.index));
    } catch (err) {
      this.file = { path: name, error: err.message };
      this.renderViewer();
    }
  }

  sorted(entries) {
    const list = entries.slice();
    if (this.sort === 'size') list.sort((a, b) => (b.size ?? 0) - (a.size ?? 0) || a.name.localeCompare(b.name));
    return list;
  }

  entryRow(e, depth) {
    const isDir = e.type === 'dir';
    const classes = ['entry', e.type, e.deleted ? 'deleted' : '', e.opaqueIn !== undefined ? 'opaque' : ''].filter(Boolean).join(' ');
    const notes = [];
    if (e.deleted) notes.push(h('span', { class: 'badge whiteout' }, t('deletedIn', e.deletedIn)));
    else notes.push(h('span', { class: 'badge layer' }, `L${e.layer}`));
    if (e.opaqueIn !== undefined) notes.push(h('span', { class: 'badge opaque' }, t('opaqueIn', e.opaqueIn)));
    const open = isDir && this.expanded.has(e.path);
    const label = h('button', {
      type: 'button', class: 'name', style: `padding-left:${depth * 1.1}rem`,
      onclick: () => (e.deleted ? null : isDir ? this.toggleDir(e.path) : this.showFile(e.path)),
    }, isDir ? (open ? '▾ ' : '▸ ') : '  ', e.name, e.target ? ` → ${e.target}` : '');
    return h('li', { class: classes, dataset: { path: e.path } },
      h('span', { class: 'mode mono' }, e.mode ?? TYPE_MARK[e.type] ?? '?'),
      h('span', { class: 'num' }, isDir ? '' : humanSize(e.size ?? 0)),
      label, notes);
  }

  treeRows(dir, depth, out) {
    for (const e of this.sorted(this.expanded.get(dir) ?? [])) {
      out.push([e, depth]);
      if (e.type === 'dir' && this.expanded.has(e.path)) this.treeRows(e.path, depth + 1, out);
    }
    return out;
  }

  renderBody() {
    if (!this.body) return;
    const list = h('ul', { class: `entries ${this.mode}` });
    if (this.mode === 'wasted') {
      const rows = this.info.wasted.map((w) => h('tr', {}, h('td', { class: 'num' }, String(w.count)), h('td', { class: 'num' }, humanSize(w.totalSize)), h('td', { class: 'mono' }, w.path)));
      return fill(this.body, rows.length === 0 ? h('p', { class: 'empty' }, '0 B')
        : h('table', { class: 'grid wasted' }, h('thead', {}, h('tr', {}, h('th', {}, t('count')), h('th', {}, t('total')), h('th', {}, t('path')))), h('tbody', {}, rows)));
    }
    if (this.mode === 'changes') {
      const changes = (this.changes ?? []).filter((c) => !this.filter || c.path.toLowerCase().includes(this.filter.toLowerCase()));
      if (this.sort === 'size') changes.sort((a, b) => (b.size ?? 0) - (a.size ?? 0));
      if (changes.length === 0) return fill(this.body, h('p', { class: 'empty' }, t('noChanges')));
      return fill(this.body, fill(list, paged(changes, (c) => h('li', { class: `change ${c.change}`, dataset: { path: c.path } },
        h('span', { class: `letter ${c.change}`, title: { A: t('added'), M: t('modified'), D: t('deleted') }[c.change] }, c.change),
        h('span', { class: 'num' }, c.type === 'dir' ? '' : humanSize(c.size ?? 0)),
        h('button', { type: 'button', class: 'name', onclick: () => (c.change !== 'D' && c.type !== 'dir' ? this.showFile(c.path) : null) }, c.path, c.target ? ` → ${c.target}` : ''),
        c.opaque ? h('span', { class: 'badge opaque' }, t('opaque')) : null,
        c.change === 'D' ? h('span', { class: 'badge whiteout' }, t('whiteout')) : null), list)));
    }
    if (this.filter && this.found) {
      const entries = this.sorted(this.found.entries ?? this.found);
      return fill(this.body, fill(list, paged(entries, (e) => this.entryRow({ ...e, name: e.path }, 0), list)));
    }
    const rows = this.treeRows('/', 0, []);
    return fill(this.body, fill(list, paged(rows, ([e, depth]) => this.entryRow(e, depth), list)));
  }

  async downloadFile(f, name) {
    try {
      download(name, await this.core.download('path', this.ref, f.layer, f.path));
    } catch (err) {
      this.file = { path: f.path, error: err.message };
      this.renderViewer();
    }
  }

  renderViewer() {
    if (!this.viewer) return;
    const f = this.file;
    if (!f) return fill(this.viewer, h('p', { class: 'empty' }, t('pickFile')));
    if (f.error) return fill(this.viewer, h('h4', {}, f.path), h('p', { class: 'error' }, f.error));
    const head = f.bytes;
    const binary = looksBinary(head);
    const text = binary ? hexDump(head) : new TextDecoder().decode(head);
    const name = f.path.split('/').pop() || 'file';
    return fill(this.viewer,
      h('div', { class: 'viewer-head' },
        h('h4', {}, f.path),
        h('span', { class: 'badge layer' }, `L${f.info.layer}`),
        h('span', {}, humanSize(f.info.size)),
        binary ? h('span', { class: 'note' }, t('binary')) : null,
        f.info.size > VIEW_BYTES ? h('span', { class: 'note' }, t('truncated', humanSize(VIEW_BYTES))) : null,
        h('button', { type: 'button', class: 'download-file', onclick: () => this.downloadFile(f, name) }, t('downloadFile'))),
      h('pre', { class: binary ? 'file hex' : 'file' }, text));
  }
}
