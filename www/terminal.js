// The terminal: xterm.js with a small line editor in front of the core's session. It edits
// one line (arrows, Home/End, Ctrl-A/E/U/K/W, history with Up/Down, Tab completion from the
// core), sends it on Enter, and prints what the line printed. Keys typed while a line runs
// are kept and replayed afterwards; Ctrl-C cancels the running line (or, for a container
// held in the foreground, is forwarded to it). Inside a container's shell (`docker run -it`)
// the prompt is the shell's, printed by the core; history is kept per shell, Tab completes
// in the container, Ctrl-C and Ctrl-D go to the shell.
import { Terminal } from './vendor/xterm.mjs';
import { FitAddon } from './vendor/addon-fit.mjs';

const PROMPT = '\x1b[1;32m$\x1b[0m ';
const PROMPT_WIDTH = 2;

// Columns a character takes: East Asian wide and full-width characters take two.
function charWidth(cp) {
  if (cp < 0x1100) return 1;
  const wide = (cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}
const width = (chars) => chars.reduce((n, c) => n + charWidth(c.codePointAt(0)), 0);

const crlf = (text) => text.replace(/\r?\n/g, '\r\n');

function commonPrefix(words) {
  if (words.length === 0) return '';
  let prefix = words[0];
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export class Shell {
  /**
   * @param {HTMLElement} element where the terminal goes
   * @param {{run(line): Promise<{stdout, stderr, exitCode, awaitingAnswer}>, complete(line): Promise<{start, candidates}>, cancel(), abandon(), setColumns(cols): Promise}} core
   */
  constructor(element, core, { history = [], onExit = () => {} } = {}) {
    this.core = core;
    this.onExit = onExit;
    this.term = new Terminal({
      convertEol: false,
      cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", Menlo, Consolas, monospace',
      fontSize: 14,
      // At line height 1 the underscore falls below the row and is clipped: `snake_case` showed
      // as `snake case`. A little room under each row keeps it visible.
      lineHeight: 1.2,
      scrollback: 5000,
      theme: { background: '#14181f', foreground: '#e2e8f0', selectionBackground: '#4a5568' },
    });
    this.fit = new FitAddon();
    this.term.loadAddon(this.fit);
    this.term.open(element);
    this.fit.fit();
    new ResizeObserver(() => { try { this.fit.fit(); } catch { /* hidden */ } }).observe(element);
    // The core aligns what Docker aligns to the terminal (Docker 29's `docker images` legend).
    core.setColumns(this.term.cols).catch(() => {});
    this.term.onResize(({ cols }) => core.setColumns(cols).catch(() => {}));

    this.chars = []; // the line being edited, one string per code point
    this.cursor = 0; // index into chars
    this.rowOfCursor = 0; // rows below the prompt's row where the cursor is drawn
    this.history = history.slice();
    this.historyIndex = this.history.length;
    this.draft = null; // the edited line, kept while browsing history
    this.busy = false; // a line is running
    this.answering = false; // the last line asked a question; no prompt is shown
    this.secret = false; // the answer is not shown as it is typed (a password)
    this.typeAhead = [];
    this.lastTab = '';
    this.inShell = null; // the container shell lines go to: {key, container, program}
    this.histories = new Map(); // per shell key ('host' for the host), while in another
    core.onStream?.((text) => this.print(text));

    // Copy a selection with Ctrl-C / Ctrl-Shift-C instead of sending an interrupt.
    this.term.attachCustomKeyEventHandler((event) => {
      if (event.type === 'keydown' && event.ctrlKey && event.key.toLowerCase() === 'c' && this.term.hasSelection()) {
        navigator.clipboard?.writeText(this.term.getSelection()).catch(() => {});
        this.term.clearSelection();
        return false;
      }
      return true;
    });
    this.term.onData((data) => this.input(data));
    this.prompt();
  }

  focus() {
    this.term.focus();
  }

  /** Writes text as the terminal shows output (newlines become CR LF). */
  print(text) {
    if (text) this.term.write(crlf(text));
  }

  prompt() {
    this.chars = [];
    this.cursor = 0;
    this.rowOfCursor = 0;
    if (!this.answering) this.term.write(PROMPT);
    this.promptWidth = this.answering ? this.answerColumn ?? 0 : PROMPT_WIDTH;
  }

  // Redraws the edited line from the prompt on and puts the cursor in place; handles lines
  // longer than the terminal is wide.
  redraw() {
    const cols = this.term.cols;
    let out = '';
    if (this.rowOfCursor > 0) out += `\x1b[${this.rowOfCursor}A`;
    out += '\r';
    if (this.promptWidth > 0) out += `\x1b[${this.promptWidth}C`;
    // A password is typed blind, as a terminal with echo off shows it.
    const shown = this.secret ? [] : this.chars;
    out += '\x1b[J' + shown.join('');
    const end = this.promptWidth + width(shown);
    const at = this.promptWidth + width(shown.slice(0, this.cursor));
    // Where the terminal left the cursor: after the last character, at the end of its row
    // when the line exactly fills it (xterm's pending wrap).
    let endRow = Math.floor(end / cols);
    if (end > 0 && end % cols === 0) endRow -= 1;
    const atRow = Math.floor(at / cols);
    this.onFreshRow = at === end && end % cols === 0 && end > 0;
    if (this.onFreshRow) {
      out += '\r\n'; // move onto the next row so the cursor is shown after the last column
      endRow += 1;
    }
    if (endRow > atRow) out += `\x1b[${endRow - atRow}A`;
    out += '\r';
    if (at % cols > 0) out += `\x1b[${at % cols}C`;
    this.rowOfCursor = atRow;
    this.term.write(out);
  }

  insert(text) {
    const add = Array.from(text);
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
    this.redraw();
  }

  setLine(text) {
    this.chars = Array.from(text);
    this.cursor = this.chars.length;
    this.redraw();
  }

  line() {
    return this.chars.join('');
  }

  /** Types `line` into the terminal and runs it, as if the user had (used by the lesson). */
  async typeAndRun(line) {
    if (this.busy) return null;
    // What the user was typing comes back after the line has run.
    this.draftAfterRun = this.answering ? '' : this.line();
    this.setLine(line);
    return this.submit();
  }

  input(data) {
    if (this.busy) {
      if (data === '\x03') this.core.cancel();
      else this.typeAhead.push(data);
      return;
    }
    // Pasted text (or a burst of keys) may hold several lines: each complete one runs.
    if (data.length > 1 && !data.startsWith('\x1b') && /[\r\n]/.test(data)) {
      const parts = data.replace(/\r\n?/g, '\n').split('\n');
      this.insert(parts.shift().replace(/[\x00-\x1f]/g, ''));
      for (const part of parts) this.typeAhead.push('\r', part);
      this.handleKey(this.typeAhead.shift());
      return;
    }
    this.handleKey(data);
  }

  handleKey(data) {
    if (data === undefined) return;
    if (data !== '\t') this.lastTab = '';
    // Docker's detach keys in a container's shell: Ctrl-P then Ctrl-Q.
    const afterCtrlP = this.ctrlP;
    this.ctrlP = data === '\x10' && Boolean(this.inShell);
    if (this.ctrlP) return;
    if (afterCtrlP && data === '\x11') { this.shellKey('detach'); return; }
    switch (data) {
      case '\r': this.submit(); return;
      case '\x7f': case '\b':
        if (this.cursor > 0) { this.chars.splice(this.cursor - 1, 1); this.cursor--; this.redraw(); }
        return;
      case '\x04':
        if (this.inShell && this.chars.length === 0) { this.shellKey('eof'); return; }
        if (this.cursor < this.chars.length) { this.chars.splice(this.cursor, 1); this.redraw(); }
        return;
      case '\x1b[3~':
        if (this.cursor < this.chars.length) { this.chars.splice(this.cursor, 1); this.redraw(); }
        return;
      case '\x1b[D': case '\x02':
        if (this.cursor > 0) { this.cursor--; this.redraw(); }
        return;
      case '\x1b[C': case '\x06':
        if (this.cursor < this.chars.length) { this.cursor++; this.redraw(); }
        return;
      case '\x1b[H': case '\x1bOH': case '\x01': case '\x1b[1~':
        this.cursor = 0; this.redraw(); return;
      case '\x1b[F': case '\x1bOF': case '\x05': case '\x1b[4~':
        this.cursor = this.chars.length; this.redraw(); return;
      case '\x1b[A': this.browse(-1); return;
      case '\x1b[B': this.browse(1); return;
      case '\x15': this.chars.splice(0, this.cursor); this.cursor = 0; this.redraw(); return;
      case '\x0b': this.chars.splice(this.cursor); this.redraw(); return;
      case '\x17': {
        let i = this.cursor;
        while (i > 0 && this.chars[i - 1] === ' ') i--;
        while (i > 0 && this.chars[i - 1] !== ' ') i--;
        this.chars.splice(i, this.cursor - i);
        this.cursor = i;
        this.redraw();
        return;
      }
      case '\x0c': {
        const keep = this.line();
        const at = this.cursor;
        this.term.clear();
        this.term.write('\x1b[H\x1b[2J');
        this.prompt();
        this.chars = Array.from(keep);
        this.cursor = at;
        this.redraw();
        return;
      }
      case '\x03':
        this.term.write('^C\r\n');
        if (this.inShell) {
          this.shellKey('interrupt');
          return;
        }
        if (this.answering) {
          this.answering = false;
          this.secret = false;
          this.core.abandon().catch(() => {});
        }
        this.historyIndex = this.history.length;
        this.prompt();
        return;
      case '\t': this.completeWord(); return;
      default:
        if (data.startsWith('\x1b')) return; // other keys (F1, PgUp...) do nothing
        this.insert(data.replace(/[\x00-\x1f]/g, ''));
    }
  }

  browse(step) {
    const next = this.historyIndex + step;
    if (next < 0 || next > this.history.length) return;
    if (this.historyIndex === this.history.length) this.draft = this.line();
    this.historyIndex = next;
    this.setLine(next === this.history.length ? this.draft ?? '' : this.history[next]);
  }

  async completeWord() {
    const before = this.chars.slice(0, this.cursor).join('');
    if (this.answering && !this.inShell) return;
    this.busy = true;
    let result;
    try {
      result = await this.core.complete(before);
    } catch {
      result = { start: before.length, candidates: [] };
    } finally {
      this.busy = false;
    }
    const typed = before.slice(result.start);
    const { candidates } = result;
    const replaceWith = (text) => {
      const head = Array.from(before.slice(0, result.start));
      const tail = this.chars.slice(this.cursor);
      this.chars = [...head, ...Array.from(text), ...tail];
      this.cursor = head.length + Array.from(text).length;
      this.redraw();
    };
    if (candidates.length === 1) {
      // A directory goes on (`/etc/`), anything else ends the word.
      replaceWith(candidates[0].endsWith('/') ? candidates[0] : candidates[0] + ' ');
    } else if (candidates.length > 1) {
      const prefix = commonPrefix(candidates);
      if (prefix.length > typed.length) {
        replaceWith(prefix);
      } else if (this.lastTab === before) {
        this.showCandidates(candidates); // the second Tab lists them, as bash does
      } else {
        this.term.write('\x07');
      }
    }
    this.lastTab = before;
    this.drainTypeAhead();
  }

  showCandidates(candidates) {
    const keep = this.chars.slice();
    const at = this.cursor;
    const widest = Math.max(...candidates.map((c) => width(Array.from(c)))) + 2;
    const perRow = Math.max(1, Math.floor(this.term.cols / widest));
    let out = '\r\n';
    candidates.forEach((c, i) => {
      out += c + ' '.repeat(Math.max(0, widest - width(Array.from(c))));
      if ((i + 1) % perRow === 0 || i === candidates.length - 1) out += '\r\n';
    });
    this.cursorToEnd();
    this.term.write(this.onFreshRow ? out.slice(2) : out);
    this.prompt();
    this.chars = keep;
    this.cursor = at;
    this.redraw();
  }

  // Moves the cursor below the edited line (before output is printed).
  cursorToEnd() {
    this.cursor = this.chars.length;
    this.redraw();
  }

  async submit() {
    const line = this.line();
    this.cursorToEnd();
    // Echo off: the Enter is not shown either (the command ends the line itself).
    if (!this.onFreshRow && !this.secret) this.term.write('\r\n');
    const answer = this.answering && !this.inShell;
    this.answering = false;
    this.secret = false;
    if (!answer && line.trim() !== '') {
      if (this.history[this.history.length - 1] !== line) this.history.push(line);
    }
    this.historyIndex = this.history.length;
    this.draft = null;
    if (!answer && !this.inShell && line.trim() === '') {
      this.prompt();
      this.drainTypeAhead();
      return null;
    }
    this.busy = true;
    let result;
    try {
      result = await this.core.run(line);
    } catch (err) {
      result = { stdout: '', stderr: `${err.message}\n`, exitCode: 1, awaitingAnswer: false };
    }
    this.busy = false;
    await this.show(result, line);
    return result;
  }

  /** Ctrl-C, Ctrl-D or Ctrl-P Ctrl-Q in a container's shell. */
  async shellKey(which) {
    this.busy = true;
    let result;
    try {
      result = await this.core.key(which);
    } catch (err) {
      result = { terminal: `${err.message}\n`, exitCode: 1, awaitingAnswer: false, shell: null };
    }
    this.busy = false;
    await this.show(result, { eof: '^D', detach: '^P^Q' }[which] ?? '^C');
  }

  // Prints what a line printed and waits for the next one: at the host's prompt, at a
  // question, or in a container's shell (whose prompt ends the output).
  async show(result, line) {
    if (result.terminal !== undefined) this.print(result.terminal);
    else {
      this.print(result.stdout);
      this.print(result.stderr);
    }
    this.enterShell(result.shell ?? null);
    this.answering = false;
    this.secret = false;
    if (result.awaitingAnswer) {
      // The question is printed without a newline; the answer is typed after it (once the
      // terminal has drawn the question: writes are processed asynchronously).
      await new Promise((resolve) => this.term.write('', resolve));
      this.answering = true;
      this.secret = Boolean(result.secret);
      this.answerColumn = this.term.buffer.active.cursorX;
    }
    this.onExit(result, line);
    this.prompt();
    if (this.draftAfterRun) {
      this.insert(this.draftAfterRun);
      this.draftAfterRun = '';
    }
    this.drainTypeAhead();
  }

  // Switches the history to the shell's own (Up-arrow recalls what was typed there).
  enterShell(shell) {
    const from = this.inShell?.key ?? 'host';
    const to = shell?.key ?? 'host';
    this.inShell = shell;
    if (from === to) return;
    this.histories.set(from, this.history);
    this.history = this.histories.get(to) ?? [];
    this.historyIndex = this.history.length;
  }

  drainTypeAhead() {
    while (!this.busy && this.typeAhead.length > 0) {
      const data = this.typeAhead.shift();
      if (data === '\r') {
        this.handleKey('\r');
        return; // submit() drains the rest when it finishes
      }
      this.input(data);
    }
  }
}
