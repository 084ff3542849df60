//! Golden transcripts: files of command lines and the exact output Docker would print,
//! run natively and in wasm alike. Format:
//!
//! ```text
//! # a comment
//! %legacy NAME TAG[,TAG...]     host file NAME: a legacy docker save archive of the demo layers
//! %oci NAME [IMAGE-NAME]        host file NAME: an OCI layout (gzip layers)
//! %tar NAME PATH=TEXT ...       host file NAME: a flat tar with those files
//! $ command line                a line typed at the prompt
//! stdout lines                  ... expected standard output
//! ! stderr line                 ... expected standard error, in order after stdout
//! [N]                           expected exit status when not 0
//! %blank                        an empty line of output
//! ```
//!
//! A blank line ends a command's expected output.

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

pub struct Mismatch {
    pub line: usize,
    pub command: String,
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

/// Runs a transcript in a fresh session; returns every mismatch.
pub fn run_transcript(text: &str) -> Vec<Mismatch> {
    let mut s = session_with(&[]);
    let mut mismatches = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(rest) = line.strip_prefix('%') {
            let (name, data) = directive(rest);
            s.host_mut().write(&name, data.into()).unwrap();
            i += 1;
            continue;
        }
        let Some(command) = line.strip_prefix("$ ") else {
            i += 1;
            continue;
        };
        // The expected block runs to the first blank line; blank lines of output are
        // written `%blank`.
        let start = i + 1;
        let mut j = start;
        while j < lines.len() && !lines[j].is_empty() && !lines[j].starts_with("$ ") {
            j += 1;
        }
        let expected: String = lines[start..j].iter().map(|l| format!("{l}\n")).collect();
        let actual: String = render(&s.run(command))
            .split_terminator('\n')
            .map(|l| {
                if l.is_empty() {
                    "%blank\n".to_string()
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        if actual != expected {
            mismatches.push(Mismatch {
                line: i + 1,
                command: command.to_string(),
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
        msg.push_str(&format!(
            "--- line {}: $ {}\n--- expected:\n{}--- actual:\n{}",
            x.line, x.command, x.expected, x.actual
        ));
    }
    panic!("{msg}");
}

/// Rewrites a transcript with the actual output of each command (`LAYERLAB_BLESS=1`), for a
/// developer to review with `git diff` before committing. Native only.
#[cfg(not(target_arch = "wasm32"))]
pub fn bless(path: &std::path::Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut s = session_with(&[]);
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with('%') {
            let (name, data) = directive(&line[1..]);
            s.host_mut().write(&name, data.into()).unwrap();
            out.push_str(line);
            out.push('\n');
            i += 1;
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.push_str(line);
            out.push('\n');
            let actual: String = render(&s.run(command))
                .split_terminator('\n')
                .map(|l| {
                    if l.is_empty() {
                        "%blank\n".to_string()
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            out.push_str(&actual);
            out.push('\n');
            i += 1;
            while i < lines.len() && !lines[i].is_empty() && !lines[i].starts_with("$ ") {
                i += 1;
            }
            while i < lines.len() && lines[i].is_empty() {
                i += 1;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    std::fs::write(path, out).unwrap();
}
