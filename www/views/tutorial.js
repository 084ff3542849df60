// The guided lesson (www/lesson.js) in the current language, one step at a time. A command
// in the text runs in the terminal with one click; a view button opens the explorer or the
// copy-on-write view on what the step made.
import { h, fill, richText } from '../dom.js';
import { t, language } from '../i18n.js';
import { lesson } from '../lesson.js';
import { engine } from '../engine.js';

export class Tutorial {
  constructor(el, { run, show }) {
    this.el = el;
    this.run = run;
    this.show = show;
    let saved = 0;
    try { saved = Number(localStorage.getItem('layerlab.step')) || 0; } catch { /* private mode */ }
    this.index = Math.min(Math.max(0, saved), lesson.en.steps.length - 1);
  }

  go(index) {
    this.index = Math.min(Math.max(0, index), lesson.en.steps.length - 1);
    try { localStorage.setItem('layerlab.step', String(this.index)); } catch { /* private mode */ }
    this.render();
    this.el.scrollTop = 0;
  }

  block(b) {
    // A block for one engine only (`docker: '28'`): what differs between the stores.
    if (b.docker !== undefined && b.docker !== engine) return null;
    if (b.p !== undefined) return h('p', {}, richText(b.p));
    if (b.note !== undefined) return h('p', { class: 'note' }, richText(b.note));
    if (b.ul !== undefined) return h('ul', {}, b.ul.map((item) => h('li', {}, richText(item))));
    if (b.run !== undefined) {
      return h('div', { class: 'runnable' },
        h('code', {}, b.run),
        h('button', { type: 'button', class: 'run', title: b.run, dataset: { command: b.run }, onclick: () => this.run(b.run) }, `▶ ${t('runIt')}`));
    }
    if (b.show === 'explorer') return h('button', { type: 'button', class: 'show', onclick: () => this.show('explorer', b.image) }, t('openExplorer', b.image));
    if (b.show === 'cow') return h('button', { type: 'button', class: 'show', onclick: () => this.show('cow', b.container) }, t('openCow', b.container));
    return null;
  }

  render() {
    const { title, steps } = lesson[language()] ?? lesson.en;
    const step = steps[this.index];
    const nav = h('nav', { class: 'steps' },
      h('button', { type: 'button', class: 'prev', disabled: this.index === 0, onclick: () => this.go(this.index - 1) }, `← ${t('prev')}`),
      h('select', { class: 'step-picker', 'aria-label': title, onchange: (e) => this.go(Number(e.target.value)) },
        steps.map((s, i) => h('option', { value: i, selected: i === this.index }, `${i + 1}. ${s.title}`))),
      h('button', { type: 'button', class: 'next', disabled: this.index === steps.length - 1, onclick: () => this.go(this.index + 1) }, `${t('next')} →`));
    return fill(this.el,
      h('p', { class: 'lesson-title' }, title, ' · ', t('step', this.index + 1, steps.length)),
      h('article', { class: 'step', dataset: { step: step.id } }, h('h2', {}, step.title), step.body.map((b) => this.block(b))),
      nav);
  }
}
