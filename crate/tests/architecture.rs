//! The shape of the core, checked on its sources (ARCHITECTURE.md says why):
//! - imports between top-level modules of `crate/src` only point down: no circle;
//! - no source file is over 1,500 lines (test code aside);
//! - at most ten functions return `Result<_, String>`; errors are typed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The file's code before its `#[cfg(test)]` module, without comment lines.
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file belongs to (`cli/docker/run.rs` → `cli`).
fn top_module(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Is this file only test code (a `tests.rs` of its own)?
fn is_test_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "tests.rs")
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The top-level modules a file's code names: `crate::x` paths, and the names in
/// `use crate::{a, b::c}` groups.
fn named_modules(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while let Some(i) = code[at..].find("crate::") {
        let start = at + i + "crate::".len();
        at = start;
        if start >= 8 && is_ident(bytes[start - 8]) {
            continue; // `mycrate::`
        }
        if bytes.get(start) == Some(&b'{') {
            // A group: the first name of each item.
            let end = code[start..].find('}').map_or(code.len(), |e| start + e);
            let mut depth = 0;
            let mut item_start = true;
            let mut word = String::new();
            for &b in &bytes[start + 1..end] {
                match b {
                    b'{' => depth += 1,
                    b'}' => depth -= 1,
                    b',' if depth == 0 => item_start = true,
                    _ if is_ident(b) && item_start => word.push(b as char),
                    _ => {
                        if !word.is_empty() {
                            if modules.contains(&word) {
                                out.insert(std::mem::take(&mut word));
                            }
                            word.clear();
                            item_start = false;
                        }
                    }
                }
            }
            if modules.contains(&word) {
                out.insert(word);
            }
            continue;
        }
        let name: String = bytes[start..]
            .iter()
            .take_while(|&&b| is_ident(b))
            .map(|&b| b as char)
            .collect();
        if modules.contains(&name) {
            out.insert(name);
        }
    }
    out
}

/// The strongly connected components with more than one module (Tarjan's algorithm).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on_stack: BTreeSet<String>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, v: &str) {
            self.index.insert(v.to_string(), self.next);
            self.low.insert(v.to_string(), self.next);
            self.next += 1;
            self.stack.push(v.to_string());
            self.on_stack.insert(v.to_string());
            let targets: Vec<String> = self
                .edges
                .get(v)
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default();
            for w in targets {
                if !self.index.contains_key(&w) {
                    self.visit(&w);
                    let lw = self.low[&w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(&w) {
                    let iw = self.index[&w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(&w);
                    let done = w == v;
                    component.push(w);
                    if done {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.found
}

fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = sources(&src());
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| top_module(f))
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let from = top_module(f);
        if from == "lib" || from == "main" || is_test_file(f) {
            continue;
        }
        let entry = edges.entry(from.clone()).or_default();
        for to in named_modules(&code(f), &modules) {
            if to != from {
                entry.insert(to);
            }
        }
    }
    edges
}

#[test]
fn imports_between_top_level_modules_only_point_down() {
    let edges = import_graph();
    assert!(edges.contains_key("cli") && edges["cli"].contains("store"));
    let found = circles(&edges);
    assert!(found.is_empty(), "import circles: {found:?}");
}

#[test]
fn the_circle_finder_finds_circles() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    edges.entry("d".into()).or_default().insert("a".into());
    assert_eq!(circles(&edges), vec![vec!["a", "b", "c"]]);
    let modules: BTreeSet<String> = ["store", "fs", "cli"].map(String::from).into();
    let names = named_modules(
        "use crate::{store::Store, fs::{Union, LayerIndex}};\nlet x = crate::cli::run();",
        &modules,
    );
    assert_eq!(names, modules);
}

#[test]
fn no_source_file_is_over_1500_lines() {
    let long: Vec<(String, usize)> = sources(&src())
        .into_iter()
        .filter(|f| !is_test_file(f))
        .map(|f| {
            let text = fs::read_to_string(&f).unwrap();
            let code = text
                .find("#[cfg(test)]")
                .map_or(text.as_str(), |i| &text[..i]);
            (f.display().to_string(), code.lines().count())
        })
        .filter(|(_, n)| *n > 1500)
        .collect();
    assert!(long.is_empty(), "{long:?}");
}

#[test]
fn errors_are_typed() {
    let mut found = Vec::new();
    for f in sources(&src()) {
        let text = code(&f);
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.find("Result<") else {
                continue;
            };
            if line[at..].contains(", String>") {
                found.push(format!("{}:{}", f.display(), i + 1));
            }
        }
    }
    assert!(
        found.len() <= 10,
        "{} Result<_, String>: {found:#?}",
        found.len()
    );
}
