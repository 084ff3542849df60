// The layer explorer (what dive shows, in a tab): the layer stack with size bars and the
// instruction that made each layer; per layer its added, modified and deleted paths; the
// merged tree up to that layer with the layer that provides each path, whiteouts and opaque
// directories; a file viewer; export of one layer; efficiency and the wasted files; the
// index, manifests, config and layers that describe the image, as a tree.
// All the data comes from the core (crate/src/views); this file only renders it.
import { h, fill, humanSize, download } from '../dom.js';
import { t } from '../i18n.js';
import { CHUNK, Listing, VirtualList } from './virtual.js';

// The lists are virtual (virtual.js): a directory of 100,000 files costs a screenful of
// rows, and its entries are fetched from the worker CHUNK at a time, sorted there.
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

/** The last part of a path. */
function baseName(path) {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * One expanded directory of the tree (`path`): the listing of its children in the current
 * order, and which of them are expanded too (their index in that order -> their path).
 */
class DirListing extends Listing {
  constructor(path, total, fetch, first) {
    super(total, fetch, first);
    this.path = path;
    this.open = new Map(); // child index -> child path (expanded)
  }
}

export class Explorer {
  constructor(el, core) {
    this.el = el;
    this.core = core;
    this.images = [];
    this.ref = null; // image ID being explored
    this.info = null; // image
    this.layer = 0; // selected layer index
    this.mode = 'tree'; // 'changes' | 'tree' | 'wasted' | 'structure'
    this.structure = null; // the image's index/manifest tree (views/structure.rs), once asked
    this.sort = 'name';
    this.filter = '';
    this.expanded = new Map(); // dir path -> Listing ('/' is always there once loaded)
    this.changeList = null; // Listing of the selected layer's changes (in 'changes' mode)
    this.generation = 0; // bumped when the listings are refetched: late pages are dropped
    this.view = null; // the VirtualList in the body
    this.repaint = () => this.view?.schedulePaint(); // when a page of a listing is in
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
    this.changeList = null;
    this.structure = null;
    this.file = null;
    await this.reloadTree();
    if (this.mode === 'changes') await this.loadChanges();
    if (this.mode === 'structure') await this.loadStructure();
    return this.render();
  }

  async loadStructure() {
    const ref = this.ref;
    try {
      const structure = await this.core.view('structure', ref);
      if (ref === this.ref) this.structure = structure;
    } catch (err) {
      if (ref === this.ref) this.structure = { error: err.message };
    }
  }

  async selectLayer(index) {
    this.layer = index;
    this.file = null;
    await this.reloadTree();
    if (this.mode === 'changes') await this.loadChanges();
    this.render();
  }

  /** The window of `dir`'s children at `offset` in the current order (from the worker). */
  page(dir, offset, open = []) {
    return this.core.view('tree_page', this.ref, this.layer, dir, this.sort, offset, CHUNK, open);
  }

  /**
   * Refetches the expanded directories (after a change of layer or of order): each keeps
   * its expanded children that are still directories there, found by name at their new
   * index. Only the first page of each is fetched; the rest comes as it scrolls into view.
   */
  async reloadTree() {
    const generation = ++this.generation;
    const old = this.expanded;
    const next = new Map();
    const load = async (path) => {
      const kids = [...(old.get(path)?.open.values() ?? [])];
      let r;
      try {
        r = await this.page(path, 0, kids.map(baseName));
      } catch {
        return false; // gone, or not a directory, at this layer
      }
      const listing = new DirListing(path, r.total, (offset) => this.page(path, offset), r.entries);
      next.set(path, listing);
      for (const kid of kids) {
        const index = r.open[baseName(kid)];
        if (index !== undefined && await load(kid)) listing.open.set(index, kid);
      }
      return true;
    };
    await load('/');
    if (generation === this.generation) this.expanded = next;
  }

  /** The changes of the selected layer whose path contains the filter, in the current order. */
  async loadChanges() {
    const [ref, layer, filter, sort] = [this.ref, this.layer, this.filter, this.sort];
    const fetch = (offset) => this.core.view('layer_changes_page', ref, layer, filter, sort, offset, CHUNK);
    const r = await fetch(0);
    if (ref !== this.ref || layer !== this.layer || filter !== this.filter || sort !== this.sort) return;
    this.changeList = new Listing(r.total, fetch, r.entries);
  }

  /** Expands or collapses the directory `path`, child `index` of the listing `parent`. */
  async toggleDir(path, parent, index) {
    if (this.expanded.has(path)) {
      for (const p of [...this.expanded.keys()]) {
        if (p === path || p.startsWith(`${path}/`)) this.expanded.delete(p);
      }
      parent.open.delete(index);
    } else {
      const generation = this.generation;
      let r;
      try {
        r = await this.page(path, 0);
      } catch {
        return;
      }
      if (generation !== this.generation || this.expanded.get(parent.path) !== parent) return;
      const listing = new DirListing(path, r.total, (offset) => this.page(path, offset), r.entries);
      this.expanded.set(path, listing);
      parent.open.set(index, path);
    }
    this.paint();
  }

  /** The rows below the expanded directory `path`: its children and theirs, expanded. */
  rowCount(path) {
    const listing = this.expanded.get(path);
    if (!listing) return 0;
    let n = listing.total;
    for (const kid of listing.open.values()) n += this.rowCount(kid);
    return n;
  }

  /** Row `row` of the tree: the listing it is in, its index there, and its depth. */
  treeRow(row) {
    let listing = this.expanded.get('/');
    let depth = 0;
    for (;;) {
      let skip = 0; // rows of expanded children before `row`
      let inside = null;
      for (const [index, kid] of [...listing.open].sort((a, b) => a[0] - b[0])) {
        const at = index + skip;
        if (row <= at) break;
        const below = this.rowCount(kid);
        if (row <= at + below) {
          inside = kid;
          row -= at + 1;
          break;
        }
        skip += below;
      }
      if (inside === null) return { listing, index: row - skip, depth };
      listing = this.expanded.get(inside);
      depth++;
    }
  }

  /** Entry `index` of `listing`, or null while its page is on its way (then fetched). */
  entryAt(listing, index) {
    const generation = this.generation;
    return listing.at(index, {
      keep: () => generation === this.generation && (listing === this.changeList || this.expanded.get(listing.path) === listing),
      arrived: this.repaint,
    });
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

  async setSort(sort) {
    this.sort = sort;
    if (this.mode === 'tree' && !this.filter) {
      await this.reloadTree();
      this.paint();
      return;
    }
    if (this.mode === 'changes') await this.loadChanges();
    this.renderBody();
  }

  async setMode(mode) {
    this.mode = mode;
    if (mode === 'changes') await this.loadChanges();
    if (mode === 'structure' && !this.structure) await this.loadStructure();
    this.render();
  }

  async setFilter(text) {
    this.filter = text;
    if (this.mode === 'changes') await this.loadChanges();
    else this.found = text ? await this.core.view('find', this.ref, this.layer, text, 2000) : null;
    if (text === this.filter) this.renderBody();
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
    const modes = h('div', { class: 'modes', role: 'tablist' }, [['tree', t('tree')], ['changes', t('changes')], ['wasted', t('wasted')], ['structure', t('structure')]]
      .map(([mode, label]) => h('button', { type: 'button', role: 'tab', class: mode === this.mode ? 'active' : '', 'aria-selected': String(mode === this.mode), dataset: { mode }, onclick: () => this.setMode(mode) }, label)));
    const layer = info.layers[this.layer];
    const tools = h('div', { class: 'toolbar' },
      h('label', {}, t('sortBy'), ' ', h('select', { class: 'sort', onchange: (e) => this.setSort(e.target.value) },
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

  /** A tree row; `at` is where it is in the tree ({listing, index}), to expand it. */
  entryRow(e, depth, at) {
    const isDir = e.type === 'dir';
    const classes = ['entry', e.type, e.deleted ? 'deleted' : '', e.opaqueIn !== undefined ? 'opaque' : ''].filter(Boolean).join(' ');
    const notes = [];
    if (e.deleted) notes.push(h('span', { class: 'badge whiteout' }, t('deletedIn', e.deletedIn)));
    else notes.push(h('span', { class: 'badge layer' }, `L${e.layer}`));
    if (e.opaqueIn !== undefined) notes.push(h('span', { class: 'badge opaque' }, t('opaqueIn', e.opaqueIn)));
    const open = isDir && this.expanded.has(e.path);
    const label = h('button', {
      type: 'button', class: 'name', style: `padding-left:${depth * 1.1}rem`,
      onclick: () => (e.deleted ? null : isDir ? (at && this.toggleDir(e.path, at.listing, at.index)) : this.showFile(e.path)),
    }, isDir ? (open ? '▾ ' : '▸ ') : '  ', e.name, e.target ? ` → ${e.target}` : '');
    return h('li', { class: classes, dataset: { path: e.path } },
      h('span', { class: 'mode mono' }, e.mode ?? TYPE_MARK[e.type] ?? '?'),
      h('span', { class: 'num' }, isDir ? '' : humanSize(e.size ?? 0)),
      label, notes);
  }

  changeRow(c) {
    return h('li', { class: `change ${c.change}`, dataset: { path: c.path } },
      h('span', { class: `letter ${c.change}`, title: { A: t('added'), M: t('modified'), D: t('deleted') }[c.change] }, c.change),
      h('span', { class: 'num' }, c.type === 'dir' ? '' : humanSize(c.size ?? 0)),
      h('button', { type: 'button', class: 'name', onclick: () => (c.change !== 'D' && c.type !== 'dir' ? this.showFile(c.path) : null) }, c.path, c.target ? ` → ${c.target}` : ''),
      c.opaque ? h('span', { class: 'badge opaque' }, t('opaque')) : null,
      c.change === 'D' ? h('span', { class: 'badge whiteout' }, t('whiteout')) : null);
  }

  /** A row whose entry is on its way from the worker: the same cells, empty. */
  static placeholder(depth) {
    return h('li', { class: 'entry placeholder' }, h('span', { class: 'mode mono' }), h('span', { class: 'num' }),
      h('span', { class: 'name', style: `padding-left:${depth * 1.1}rem` }, '…'));
  }

  /** Renders the rows of the list in the body that are in view. */
  paint() {
    this.view?.paint();
  }

  /** The merged tree as rows: the root's children, and below each expanded directory its own. */
  treeRows() {
    if (!this.expanded.has('/')) return { count: 0, render: () => null };
    return {
      count: this.rowCount('/'),
      render: (i) => {
        const { listing, index, depth } = this.treeRow(i);
        const e = this.entryAt(listing, index);
        return e ? this.entryRow(e, depth, { listing, index }) : Explorer.placeholder(depth);
      },
    };
  }

  /** A virtual list of `rows()` ({count, render(i)}, asked at each paint) in the body, or `empty` when there are none. */
  showList(kind, rows, empty) {
    if (rows().count === 0 && empty) {
      this.view = null;
      return fill(this.body, h('p', { class: 'empty' }, empty));
    }
    this.view = new VirtualList(h('ul', { class: `entries ${kind} virtual` }), rows);
    fill(this.body, this.view.el);
    this.paint();
    return this.body;
  }

  /** One node of the structure and, nested, its children. */
  structureNode(n) {
    const kind = { index: 'kindIndex', manifest: 'kindManifest', attestation: 'kindAttestation', config: 'kindConfig', layer: 'kindLayer', statement: 'kindStatement' }[n.kind];
    const notes = [];
    if (n.digest === this.info.id) notes.push(h('span', { class: 'badge image-id' }, t('imageIdMark')));
    if (n.platform) notes.push(h('span', { class: 'badge platform' }, n.platform));
    if (n.layer !== undefined) notes.push(h('span', { class: 'badge layer' }, `L${n.layer}`));
    if (n.missing) notes.push(h('span', { class: 'note' }, t('notPulled')));
    if (n.stored === false) notes.push(h('span', { class: 'note' }, t('notStored')));
    if (n.written) notes.push(h('span', { class: 'note' }, t('writtenOnSave')));
    const open = n.text !== undefined ? () => { this.file = { path: n.digest, mediaType: n.mediaType, text: n.text }; this.renderViewer(); }
      : n.layer !== undefined ? () => this.selectLayer(n.layer) : null;
    const row = h('div', { class: `node ${n.kind}${n.missing ? ' missing' : ''}`, dataset: { digest: n.digest, kind: n.kind } },
      h('span', { class: `badge kind ${n.kind}` }, t(kind)),
      h('button', { type: 'button', class: 'name mono', disabled: !open, title: n.mediaType, onclick: open }, `${n.digest.slice(0, 19)}…`),
      h('span', { class: 'num' }, humanSize(n.size)),
      h('span', { class: 'notes' }, notes),
      h('span', { class: 'media-type mono' }, n.mediaType));
    return h('li', {}, row, n.children.length ? h('ul', {}, n.children.map((c) => this.structureNode(c))) : null);
  }

  renderBody() {
    if (!this.body) return;
    if (this.mode === 'structure') {
      this.view = null;
      const s = this.structure;
      if (!s) return fill(this.body, h('p', { class: 'empty' }, '…'));
      if (s.error) return fill(this.body, h('p', { class: 'error' }, s.error));
      return fill(this.body,
        h('p', { class: 'note' }, t(s.written ? 'structureNote28' : 'structureNote29')),
        h('ul', { class: 'structure' }, this.structureNode(s)));
    }
    if (this.mode === 'wasted') {
      this.view = null;
      const rows = this.info.wasted.map((w) => h('tr', {}, h('td', { class: 'num' }, String(w.count)), h('td', { class: 'num' }, humanSize(w.totalSize)), h('td', { class: 'mono' }, w.path)));
      return fill(this.body, rows.length === 0 ? h('p', { class: 'empty' }, '0 B')
        : h('table', { class: 'grid wasted' }, h('thead', {}, h('tr', {}, h('th', {}, t('count')), h('th', {}, t('total')), h('th', {}, t('path')))), h('tbody', {}, rows)));
    }
    if (this.mode === 'changes') {
      const list = this.changeList;
      const rows = () => ({
        count: list?.total ?? 0,
        render: (i) => { const c = this.entryAt(list, i); return c ? this.changeRow(c) : Explorer.placeholder(0); },
      });
      return this.showList('changes', rows, t('noChanges'));
    }
    if (this.filter && this.found) {
      const entries = this.sorted(this.found.entries ?? this.found);
      return this.showList('tree', () => ({ count: entries.length, render: (i) => this.entryRow({ ...entries[i], name: entries[i].path }, 0, null) }));
    }
    return this.showList('tree', () => this.treeRows());
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
    if (f.text !== undefined) {
      return fill(this.viewer,
        h('div', { class: 'viewer-head' }, h('h4', {}, f.path), h('span', { class: 'mono' }, f.mediaType)),
        h('pre', { class: 'file blob' }, f.text));
    }
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
