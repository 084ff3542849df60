// The copy-on-write view of a container: its image's read-only layers with the container's
// thin read-write layer on top, what the container changed (files copied up from a lower
// layer, files created, paths whited out), its volumes and bind mounts (which bypass the
// layers), and which layer or mount answers a read of a path. The lists of changes are
// virtual (virtual.js): a container layer of 100,000 changes costs a screenful of rows in
// each, fetched from the worker CHUNK at a time.
import { h, fill, humanSize } from '../dom.js';
import { t } from '../i18n.js';
import { CHUNK, Listing, VirtualList, paintAll } from './virtual.js';

const KIND_LABEL = { 'copied-up': 'copiedUp', created: 'createdKind', deleted: 'deletedKind', opaque: 'opaqueKind' };

/** How a layer's list of paths marks a change: deleted, created, or copied up (opaque directories too). */
const mark = (c) => (c.kind === 'deleted' ? '✕' : c.kind === 'created' ? '+' : '↑');

/** A row of the changes table. */
function changeRow(c) {
  return h('tr', { class: `kind-${c.kind}`, dataset: { path: c.path } },
    h('td', {}, h('span', { class: `badge ${c.kind}` }, t(KIND_LABEL[c.kind] ?? c.kind))),
    h('td', { class: 'mono', title: c.path }, c.path),
    h('td', { class: 'num' }, c.type === 'dir' ? '' : humanSize(c.size ?? 0)),
    h('td', {}, c.lowerLayer !== undefined && c.lowerLayer !== null ? `L${c.lowerLayer}` : ''));
}

/** A row of the changes table whose change is on its way from the worker: the same cells, empty. */
const placeholderRow = () => h('tr', { class: 'placeholder' }, h('td', {}, '…'), h('td'), h('td'), h('td'));

export class CowView {
  constructor(el, core) {
    this.el = el;
    this.core = core;
    this.containers = [];
    this.name = null;
    this.info = null;
    this.lookup = null; // the last read: cow_lookup
    this.refreshing = null; // the refresh under way: a Promise
    this.again = false; // asked for again while it runs
    this.path = '/etc/hostname';
    this.error = null;
    // The changes the worker holds: 'container' -> all of them, image layer n -> those it
    // has below the container (Listings, replaced at each refresh).
    this.lists = new Map();
    this.views = new Map(); // the same keys, and 'table': the VirtualLists showing them
  }

  setContainers(containers) {
    this.containers = containers;
    if (this.name && !containers.some((c) => c.name === this.name)) {
      this.name = null;
      this.info = null;
    }
    if (!this.name && containers.length > 0) return this.open(containers[0].name);
    return this.refresh();
  }

  async open(name) {
    if (name !== this.name) this.views = new Map(); // another container's lists start at their top
    this.name = name;
    this.lookup = null;
    return this.refresh();
  }

  /**
   * Fetches the container's layers and changes again and renders them once: refreshes
   * asked for while one runs (the container list changed as the view was opened) make it
   * fetch once more, not render twice.
   */
  refresh() {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.fetchInfo();
      } while (this.again);
      this.refreshing = null;
      this.render();
    })();
    return this.refreshing;
  }

  async fetchInfo() {
    this.error = null;
    if (!this.name) return;
    try {
      this.info = await this.core.view('cow', this.name, CHUNK);
      this.lists = this.listings(this.info);
      if (this.lookup) this.lookup = await this.core.view('cow_lookup', this.name, this.lookup.path);
    } catch (err) {
      this.info = null;
      this.error = err.message;
    }
  }

  /** The container's changes and each image layer's, as counted and first fetched by `cow`. */
  listings(info) {
    const page = (lower) => (offset) => this.core.view('cow_changes_page', info.id, lower, offset, CHUNK);
    const lists = new Map([['container', new Listing(info.changeCount, page(-1), info.changes)]]);
    for (const l of info.imageLayers) lists.set(l.index, new Listing(l.lowerCount, page(l.index), l.lower));
    return lists;
  }

  /**
   * A virtual list of the list `key`'s changes, each rendered by `row`, or by `placeholder`
   * while it is on its way from the worker (the list repaints when it is in).
   */
  virtual(key, viewKey, body, row, placeholder, options) {
    const listing = this.lists.get(key);
    const keep = () => this.lists.get(key) === listing;
    const view = new VirtualList(body, () => ({
      count: listing.total,
      render: (i) => {
        const c = listing.at(i, { keep, arrived: view.repaint });
        return c ? row(c) : placeholder();
      },
    }), options);
    this.views.set(viewKey, view);
    return view.el;
  }

  async read(path) {
    this.path = path;
    try {
      this.lookup = await this.core.view('cow_lookup', this.name, path);
    } catch (err) {
      this.lookup = { path, error: err.message };
    }
    this.render();
  }

  /** This container's volumes and bind mounts, from the container list. */
  mounts() {
    return this.containers.find((c) => c.name === this.name)?.mounts ?? [];
  }

  /** The mount a path is under (the deepest one), or undefined. */
  mountOf(path) {
    const under = (m) => path === m.destination || path.startsWith(`${m.destination.replace(/\/$/, '')}/`);
    return this.mounts().filter(under).sort((a, b) => b.destination.length - a.destination.length)[0];
  }

  /** What answered the last read: 'container', 'init', a layer index, `mount:DEST` for a volume or bind, 'mount' for Docker's own. */
  answered() {
    const a = this.lookup?.found ? this.lookup.answeredBy : null;
    if (a === 'container' || a === 'init' || a === 'mount') return a;
    if (a === 'volume' || a === 'bind') {
      const m = this.mountOf(this.lookup.resolved ?? this.lookup.path);
      return m ? `mount:${m.destination}` : a;
    }
    return a && typeof a === 'object' ? a.layer : null;
  }

  /** The words for what answered a read. */
  answerText(hit) {
    const a = this.lookup.answeredBy;
    if (a === 'volume' || a === 'bind') {
      const m = this.mountOf(this.lookup.resolved ?? this.lookup.path);
      const what = t(a === 'volume' ? 'mountVolume' : 'mountBind');
      return `${t('answeredBy')} ${what}${m ? ` ${m.name ?? m.source}` : ''} (${t('bypassesLayers')})`;
    }
    if (hit === 'mount') return `${t('answeredBy')} ${t('dockerMount')}`;
    return `${t('answeredBy')} ${hit === 'container' ? t('containerLayer') : hit === 'init' ? t('initLayer') : `L${hit}`}`;
  }

  render() {
    const picker = h('select', { class: 'container-picker', 'aria-label': t('pickContainer'), onchange: (e) => this.open(e.target.value) },
      this.containers.map((c) => h('option', { value: c.name, selected: c.name === this.name }, `${c.name}  (${c.image})`)));
    if (!this.info) {
      return fill(this.el, h('div', { class: 'toolbar' }, picker),
        h('p', { class: this.error ? 'error' : 'empty' }, this.error ?? t('noContainers')));
    }
    const info = this.info;
    const hit = this.answered();
    // Where each list was scrolled to, kept across the render.
    const scrolled = new Map([...this.views].map(([key, view]) => [key, view.el.scrollTop]));
    this.views = new Map();
    const paths = (key) => (this.lists.get(key)?.total ? this.virtual(key, key, h('ul', { class: 'cow-paths virtual' }),
      (c) => h('li', { class: 'mono', title: c.path, dataset: { path: c.path } }, `${mark(c)} ${c.path}`), () => h('li', { class: 'mono placeholder' }, '…')) : null);
    const layerBox = (label, key) => h('li', { class: `cow-layer ${key === hit ? 'answered' : ''}`, dataset: { layer: String(key) } },
      h('div', { class: 'cow-layer-head' }, label), paths(key));
    const containerLayer = layerBox(t('containerLayer'), 'container');
    // Volumes and bind mounts sit beside the layers: writes under them never reach the container layer.
    const mounts = this.mounts().map((m) => h('li', { class: `cow-layer cow-mount ${m.type} ${`mount:${m.destination}` === hit ? 'answered' : ''}`, dataset: { layer: `mount:${m.destination}`, mountType: m.type } },
      h('div', { class: 'cow-layer-head' }, h('span', { class: `badge ${m.type}` }, t(m.type === 'volume' ? 'mountVolume' : 'mountBind')), ' ',
        h('span', { class: 'mono' }, `${m.name ?? m.source} → ${m.destination}${m.rw ? '' : ' (ro)'}`))));
    const mountNote = mounts.length ? h('li', { class: 'cow-sep mounts-note' }, t('mountsBypass')) : null;
    const imageLayers = info.imageLayers.slice().reverse().map((l) => layerBox(`L${l.index} · ${l.sizeText} · ${l.createdBy ?? ''}`, l.index));
    let changes = h('p', { class: 'empty' }, t('noContainerChanges'));
    if (info.changeCount > 0) {
      const body = h('tbody');
      const table = h('table', { class: 'grid changes virtual' },
        h('colgroup', {}, h('col', { class: 'kind' }), h('col'), h('col', { class: 'size' }), h('col', { class: 'lower' })), body);
      changes = this.virtual('container', 'table', body, changeRow, placeholderRow, { content: table });
    }
    const input = h('input', { type: 'text', class: 'read-path mono', value: this.path, 'aria-label': t('readPath'), spellcheck: false });
    const form = h('form', { class: 'toolbar read', onsubmit: (e) => { e.preventDefault(); this.read(input.value); } },
      h('label', {}, t('readPath'), ' ', input), h('button', { type: 'submit' }, t('read')));
    let result = null;
    if (this.lookup) {
      const l = this.lookup;
      result = h('p', { class: `lookup ${l.found ? 'found' : 'missing'}` }, l.path,
        l.resolved && l.resolved !== l.path ? ` → ${l.resolved}` : '', ': ',
        l.error ?? (l.found ? this.answerText(hit) : t('notFound')));
    }
    fill(this.el,
      h('div', { class: 'toolbar' }, picker, h('span', { class: 'note' }, t('cowHint'))),
      form, result,
      h('div', { class: 'cow' },
        h('ol', { class: 'cow-stack' }, mounts, mountNote, containerLayer, h('li', { class: 'cow-sep' }, t('imageLayers')), imageLayers),
        h('div', { class: 'cow-changes' }, changes)));
    paintAll(this.views, scrolled);
    return this.el;
  }
}
