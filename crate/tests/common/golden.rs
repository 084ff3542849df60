//! Golden transcripts: files of command lines and the exact output Docker would print,
//! run natively and in wasm alike. Format:
//!
//! ```text
//! # a comment
//! %legacy NAME TAG[,TAG...]     host file NAME: a legacy docker save archive of the demo layers
//! %oci NAME [IMAGE-NAME]        host file NAME: an OCI layout (gzip layers)
//! %tar NAME PATH=TEXT ...       host file NAME: a flat tar with those files
//! %now RFC3339                  moves the session clock (it starts at 2026-01-01T00:00:00Z)
//! %docker 28|29                 the Docker the session answers as (before its first command)
//! %columns N                    the terminal's width (80 unless set)
//! $ command line                a line typed at the prompt
//! / # command line              a line typed into a container's shell, after the prompt
//!                               the previous command ended with (`/ # ^D` is Ctrl-D,
//!                               `/ # ^C` Ctrl-C, `/ # ^P^Q` Docker's detach keys)
//! ^C                            Ctrl-C while a container holds the terminal
//! stdout lines                  ... expected standard output
//! ! stderr line                 ... expected standard error, in order after stdout
//! [N]                           expected exit status when not 0
//! %blank                        an empty line of output
//! ```
//!
//! A blank line ends a command's expected output. A `#` line is a comment only outside a
//! command's expected block (after the blank line that ends it): inside a block it is output
//! (a Dockerfile's comments, BuildKit's `#1` steps), so comments never change what is compared.
//!
//! # Provenance
//!
//! Each transcript says where its expected lines come from, so that a reader knows which
//! lines are Docker 28's (and may not be "fixed" to match the simulator) and which are
//! layerlab's own (and may change with it):
//!
//! - A header, comment lines from `# Provenance` up to the first command, attributes each kind
//!   of line: checked against Docker 28 from which source (docker/cli or moby source,
//!   a section of ../shared/REFERENCE.md or REFERENCE-DOCKER29.md where it says 28 is the
//!   same, or a run of the real Docker 28.2.2 CLI), or layerlab's own.
//! - Per block, comment lines right before a `$` line (no blank line between) are that
//!   command's notes; they start with one of these keys:
//!   - `# docker: SOURCE`: this block was checked against Docker 28 from SOURCE;
//!   - `# own: WHY`: layerlab's own lines (the simulator's explanations, demo data);
//!   - `# unverified: NOTE`: meant to be Docker's, but no source was found for it;
//!   - `# differs: NOTE`: known to differ from Docker 28; kept as layerlab prints it until
//!     the core changes, so that the test shows the difference.
//!
//!   Further `#` lines continue a note; a block may have several notes.
//!
//!   A block without notes follows the header. The notes are printed with a mismatch.
//!
//! `LAYERLAB_BLESS=1 cargo test --test native_golden` rewrites each transcript with the actual
//! output (comments, notes and directives kept) and prints a unified diff of what it changed
//! to stderr (nothing when a transcript is unchanged).

use super::*;

/// A `%` line: the host file it names and its bytes.
fn directive(rest: &str) -> (String, Vec<u8>) {
    let words: Vec<&str> = rest.split_whitespace().collect();
    let data = match words.as_slice() {
        ["legacy", _, tags] => {
            legacy(
                &tags.split(',').collect::<Vec<_>>(),
                &layers(),
                "2024-01-01T00:00:00Z",
            )
            .0
        }
        ["oci", _] => oci(None, &layers(), "2024-06-01T00:00:00Z").0,
        ["oci", _, name] => oci(Some(name), &layers(), "2024-06-01T00:00:00Z").0,
        ["tar", _, files @ ..] => {
            let pairs: Vec<(&str, &[u8])> = files
                .iter()
                .filter_map(|f| f.split_once('=').map(|(p, t)| (p, t.as_bytes())))
                .collect();
            tar(&pairs)
        }
        _ => panic!("bad golden directive {rest:?}"),
    };
    (words[1].to_string(), data)
}

/// A `%` line: moves the clock, or writes a host file.
fn apply(s: &mut layerlab::Session, rest: &str) {
    if let Some(t) = rest.strip_prefix("now ") {
        s.set_now(layerlab::time::Timestamp::parse_rfc3339(t.trim()).expect("%now RFC3339"));
        return;
    }
    if let Some(v) = rest.strip_prefix("docker ") {
        s.set_engine(layerlab::engine::Engine::parse(v).expect("%docker 28|29"));
        return;
    }
    if let Some(n) = rest.strip_prefix("columns ") {
        s.set_columns(n.trim().parse().expect("%columns N"));
        return;
    }
    let (name, data) = directive(rest);
    s.host_mut().write(&name, data.into()).unwrap();
}

/// The keys of a block's provenance notes (see the module's documentation).
pub const NOTE_KEYS: &[&str] = &["docker:", "own:", "unverified:", "differs:"];

/// The comment lines right before the `$` line `i` (the block's provenance notes), in order;
/// none for the first command, whose comments are the transcript's header.
pub fn notes_before(lines: &[&str], i: usize) -> Vec<String> {
    let mut k = i;
    while k > 0 && lines[k - 1].starts_with('#') {
        k -= 1;
    }
    if !lines[..k].iter().any(|l| l.starts_with("$ ")) {
        return Vec::new();
    }
    lines[k..i].iter().map(|l| l.to_string()).collect()
}

pub struct Mismatch {
    pub line: usize,
    pub command: String,
    /// The block's provenance notes (`# docker: ...`, `# own: ...`).
    pub notes: Vec<String>,
    pub expected: String,
    pub actual: String,
}

fn render(o: &layerlab::Output) -> String {
    let mut s = o.stdout_text();
    if !s.is_empty() && !s.ends_with('\n') {
        s.push_str("%no-newline\n");
    }
    for l in o.stderr_text().lines() {
        s.push_str(&format!("! {l}\n"));
    }
    if o.code != 0 {
        s.push_str(&format!("[{}]\n", o.code));
    }
    s
}

/// What the next command line of a transcript starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    /// The host's `$ `.
    Host,
    /// A container shell's prompt, which ended the previous command's output.
    Prompt(String),
    /// A container holds the terminal: the next line is `^C`.
    Held,
}

/// The command a transcript line types, if it is a command line.
fn command_of<'a>(line: &'a str, pending: &Pending) -> Option<&'a str> {
    match pending {
        Pending::Host => line.strip_prefix("$ "),
        // A blank line ends a block, even after an empty prompt (`docker attach`).
        Pending::Prompt(p) if !line.is_empty() => line.strip_prefix(p.as_str()),
        Pending::Prompt(_) => None,
        Pending::Held => (line == "^C").then_some(line),
    }
}

/// Types `command` (`^C` and `^D` are keys) and renders what the terminal then shows;
/// says what the next command line starts with.
fn type_line(s: &mut layerlab::Session, command: &str, pending: &Pending) -> (String, Pending) {
    let mut out = match (command, pending) {
        ("^C", Pending::Held | Pending::Prompt(_)) => {
            s.interrupt();
            s.finish()
        }
        ("^D", Pending::Prompt(_)) => {
            s.eof();
            s.finish()
        }
        ("^P^Q", Pending::Prompt(_)) => {
            s.detach();
            s.finish()
        }
        _ => s.run(command),
    };
    let next = if s.is_running() {
        Pending::Held
    } else if s.shell().is_some() {
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let prompt = text.rsplit('\n').next().unwrap_or("").to_string();
        out.stdout.truncate(out.stdout.len() - prompt.len());
        Pending::Prompt(prompt)
    } else {
        Pending::Host
    };
    let rendered = render(&out)
        .split_terminator('\n')
        .map(|l| {
            if l.is_empty() {
                "%blank\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    (rendered, next)
}

/// The end of a command's expected block: the first blank line or `$ ` line after `start`.
fn block_end(lines: &[&str], start: usize) -> usize {
    let mut j = start;
    while j < lines.len() && !lines[j].is_empty() && !lines[j].starts_with("$ ") {
        j += 1;
    }
    j
}

/// Runs a transcript in a fresh session; returns every mismatch.
pub fn run_transcript(text: &str) -> Vec<Mismatch> {
    let mut s = session_with(&[]);
    let mut mismatches = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut pending = Pending::Host;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(rest) = line.strip_prefix('%') {
            apply(&mut s, rest);
            i += 1;
            continue;
        }
        let Some(command) = command_of(line, &pending) else {
            i += 1;
            continue;
        };
        // The expected block runs to the first blank line; blank lines of output are
        // written `%blank`.
        let start = i + 1;
        let j = block_end(&lines, start);
        let expected: String = lines[start..j].iter().map(|l| format!("{l}\n")).collect();
        let (actual, next) = type_line(&mut s, command, &pending);
        pending = next;
        if actual != expected {
            mismatches.push(Mismatch {
                line: i + 1,
                command: command.to_string(),
                notes: notes_before(&lines, i),
                expected,
                actual,
            });
        }
        i = j;
    }
    mismatches
}

/// Runs a transcript and fails with a readable diff. Natively, `LAYERLAB_BLESS=1` rewrites
/// the file with the actual output instead (review it with `git diff`).
pub fn check(name: &str, text: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("LAYERLAB_BLESS").is_some() {
        bless(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/golden")
                .join(name),
        );
        return;
    }
    let m = run_transcript(text);
    if m.is_empty() {
        return;
    }
    let mut msg = format!("{name}: {} command(s) differ\n", m.len());
    for x in &m {
        msg.push_str(&format!("--- line {}: $ {}\n", x.line, x.command));
        for n in &x.notes {
            msg.push_str(&format!("{n}\n"));
        }
        msg.push_str(&format!(
            "--- expected:\n{}--- actual:\n{}",
            x.expected, x.actual
        ));
    }
    panic!("{msg}");
}

/// Rewrites a transcript with the actual output of each command (`LAYERLAB_BLESS=1`), for a
/// developer to review with `git diff` before committing, and prints the unified diff of the
/// change to stderr (nothing, and no write, when nothing changed). Native only.
#[cfg(not(target_arch = "wasm32"))]
pub fn bless(path: &std::path::Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut s = session_with(&[]);
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut pending = Pending::Host;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(rest) = line.strip_prefix('%') {
            apply(&mut s, rest);
            out.push_str(line);
            out.push('\n');
            i += 1;
            continue;
        }
        if let Some(command) = command_of(line, &pending) {
            out.push_str(line);
            out.push('\n');
            let (actual, next) = type_line(&mut s, command, &pending);
            pending = next;
            out.push_str(&actual);
            out.push('\n');
            i = block_end(&lines, i + 1);
            while i < lines.len() && lines[i].is_empty() {
                i += 1;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    if out != text {
        let shown = path
            .strip_prefix(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .parent()
                    .unwrap(),
            )
            .unwrap_or(path);
        // Straight to the process's stderr: the test harness captures eprint! of passing tests.
        use std::io::Write;
        let diff = unified_diff(&shown.display().to_string(), &text, &out);
        let _ = std::io::stderr().lock().write_all(diff.as_bytes());
        std::fs::write(path, out).unwrap();
    }
}

/// A unified diff of two texts, line by line, as `diff -u` prints it: `--- NAME (before)`,
/// `+++ NAME (blessed)`, then hunks `@@ -START,COUNT +START,COUNT @@` with 3 lines of context
/// (`-` old lines, `+` new lines, ` ` unchanged). Empty when the texts are equal.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    const CONTEXT: usize = 3;
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The edit script: (kind, old index, new index), kind ' ', '-' or '+'.
    let mut ops: Vec<(char, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i, j));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removals first, as diff -u shows a changed line.
            ops.push(('-', i, j));
            i += 1;
        } else {
            ops.push(('+', i, j));
            j += 1;
        }
    }
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    if changed.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {name} (before)\n+++ {name} (blessed)\n");
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k] + 1;
        while k < changed.len() && changed[k] <= end + 2 * CONTEXT {
            end = changed[k] + 1;
            k += 1;
        }
        let end = (end + CONTEXT).min(ops.len());
        let hunk = &ops[start..end];
        let olds = hunk.iter().filter(|o| o.0 != '+').count();
        let news = hunk.iter().filter(|o| o.0 != '-').count();
        // diff -u numbers an empty side by the line before it.
        let from = |first: usize, count: usize| if count == 0 { first } else { first + 1 };
        out.push_str(&format!(
            "@@ -{},{olds} +{},{news} @@\n",
            from(hunk[0].1, olds),
            from(hunk[0].2, news)
        ));
        for &(kind, i, j) in hunk {
            let line = if kind == '+' { b[j] } else { a[i] };
            out.push_str(&format!("{kind}{line}\n"));
        }
    }
    out
}
