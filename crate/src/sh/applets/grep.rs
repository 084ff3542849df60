//! `grep [-EFGivcnowxqslLhHrR] [-e PATTERN]... [PATTERN] [FILE]...`: the lines that match
//! (basic regular expressions by default, `-E` extended, `-F` fixed strings), counted,
//! numbered, only their matching parts, or just the names of the files that have them;
//! `-r` searches directories. Status 0 when a line was selected, 1 when none, 2 on an
//! error (unless `-q` found a line).

use super::{lines, parse_args, read_input, Arg, Ctx, Flavour};
use crate::regex::{Regex, Syntax};
use crate::sh::fs::{Error, Kind};

/// `grep -r` stops after this many files.
const MAX_FILES: usize = 100_000;

const GNU_USAGE: &str =
    "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
const BUSYBOX_USAGE: &str = "Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n";

#[derive(Default)]
struct Opts {
    syntax: Option<Syntax>,
    icase: bool,
    invert: bool,
    count: bool,
    number: bool,
    only: bool,
    word: bool,
    line: bool,
    quiet: bool,
    silent: bool,
    files_with: bool,
    files_without: bool,
    names: Option<bool>,
    recursive: bool,
}

fn usage(cx: &mut Ctx) -> i32 {
    match cx.flavour {
        Flavour::Gnu => {
            cx.err(GNU_USAGE);
            2
        }
        Flavour::Busybox => {
            cx.err(BUSYBOX_USAGE);
            1
        }
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The matcher for one line: the pattern with `-w`/`-x` applied.
struct Matcher<'a> {
    re: &'a Regex,
    word: bool,
    line: bool,
}

impl Matcher<'_> {
    fn accept(&self, t: &[char], s: usize, e: usize) -> bool {
        if self.line {
            return s == 0 && e == t.len();
        }
        if self.word {
            let before = s == 0 || t.get(s - 1).is_none_or(|c| !is_word(*c));
            let after = t.get(e).is_none_or(|c| !is_word(*c));
            return before && after;
        }
        true
    }

    fn find(&self, t: &[char], from: usize) -> Option<(usize, usize)> {
        if self.line {
            if from > 0 {
                return None;
            }
            let ends = self.re.ends_at(t, 0);
            return ends.contains(&t.len()).then_some((0, t.len()));
        }
        if !self.word {
            return self.re.find_from(t, from, &|_, _| true);
        }
        self.re.find_from(t, from, &|s, e| self.accept(t, s, e))
    }

    fn matches(&self, t: &[char]) -> bool {
        if !self.line && !self.word {
            return self.re.is_match(t);
        }
        self.find(t, 0).is_some()
    }
}

pub fn grep(args: &[String], cx: &mut Ctx) -> i32 {
    let parsed = match parse_args(args, "efmABC") {
        Ok(p) => p,
        Err(c) => {
            cx.missing_argument("grep", c);
            return usage(cx);
        }
    };
    let mut o = Opts::default();
    let mut patterns: Option<Vec<String>> = None;
    let mut operands = Vec::new();
    for a in parsed {
        match a {
            Arg::Operand(s) => operands.push(s),
            Arg::Value('e', p) => patterns.get_or_insert_with(Vec::new).push(p),
            Arg::Value(c, _) => {
                cx.err(&format!(
                    "grep: option -{c} is not supported by layerlab's grep\n"
                ));
                return 2;
            }
            Arg::Flag(c) => match c {
                'E' => o.syntax = Some(Syntax::Extended),
                'F' => o.syntax = Some(Syntax::Fixed),
                'G' => o.syntax = Some(Syntax::Basic),
                'i' | 'y' => o.icase = true,
                'v' => o.invert = true,
                'c' => o.count = true,
                'n' => o.number = true,
                'o' => o.only = true,
                'w' => o.word = true,
                'x' => o.line = true,
                'q' => o.quiet = true,
                's' => o.silent = true,
                'l' => o.files_with = true,
                'L' => o.files_without = true,
                'h' => o.names = Some(false),
                'H' => o.names = Some(true),
                'r' | 'R' => o.recursive = true,
                _ => {
                    match cx.flavour {
                        Flavour::Gnu => cx.err(&format!("grep: invalid option -- '{c}'\n")),
                        Flavour::Busybox => cx.err(&format!("grep: unrecognized option: {c}\n")),
                    }
                    return usage(cx);
                }
            },
        }
    }
    let patterns = match patterns {
        Some(p) => p,
        None if operands.is_empty() => return usage(cx),
        None => vec![operands.remove(0)],
    };
    // A pattern with newlines is several patterns.
    let patterns: Vec<&str> = patterns.iter().flat_map(|p| p.split('\n')).collect();
    let syntax = o.syntax.unwrap_or(Syntax::Basic);
    let mut compiled = Vec::new();
    for p in &patterns {
        match Regex::new(p, syntax, o.icase) {
            Ok(r) => compiled.push(r),
            Err(e) => {
                let msg = match cx.flavour {
                    Flavour::Gnu => format!("grep: {e}\n"),
                    Flavour::Busybox => format!("grep: bad regex '{p}': {e}\n"),
                };
                cx.err(&msg);
                return 2;
            }
        }
    }
    let re = if compiled.len() == 1 {
        compiled
            .pop()
            .unwrap_or_else(|| Regex::any(Vec::new(), o.icase))
    } else {
        Regex::any(compiled, o.icase)
    };
    let m = Matcher {
        re: &re,
        word: o.word,
        line: o.line,
    };
    if operands.is_empty() && o.recursive {
        operands.push(".".into());
    }
    let with_names = o
        .names
        .unwrap_or(operands.len() > 1 || (o.recursive && operands.iter().any(|f| f != "-")));
    let mut files: Vec<String> = if operands.is_empty() {
        vec!["-".into()]
    } else {
        operands
    };
    let mut selected = false;
    let mut error = false;
    let mut k = 0;
    while let Some(f) = files.get(k).cloned() {
        k += 1;
        if k > MAX_FILES {
            break;
        }
        if o.recursive && f != "-" && cx.fs.stat(&f).is_ok_and(|s| s.is_dir()) {
            match cx.fs.list(&f) {
                Ok(entries) => {
                    let base = f.trim_end_matches('/');
                    // Symbolic links, devices and the like found inside are skipped.
                    let inner: Vec<String> = entries
                        .into_iter()
                        .filter(|(_, st)| matches!(st.kind, Kind::File | Kind::Dir))
                        .map(|(n, _)| {
                            if f == "." && o.names.is_none() {
                                n
                            } else {
                                format!("{base}/{n}")
                            }
                        })
                        .collect();
                    let at = k;
                    files.splice(at..at, inner);
                }
                Err(e) => {
                    error = true;
                    if !o.silent {
                        cx.err(&format!("grep: {f}: {}\n", e.reason()));
                    }
                }
            }
            continue;
        }
        let input = match read_input(cx, &f) {
            Ok(i) => i,
            Err(e) => {
                error = true;
                if !o.silent {
                    let reason = match e {
                        Error::IsDir => "Is a directory".to_string(),
                        e => e.reason().to_string(),
                    };
                    cx.err(&format!("grep: {f}: {reason}\n"));
                }
                continue;
            }
        };
        let shown = if f == "-" {
            "(standard input)".to_string()
        } else {
            f.clone()
        };
        let prefix = if with_names {
            format!("{shown}:")
        } else {
            String::new()
        };
        let mut n = 0u64;
        let mut out = Vec::new();
        for (i, l) in lines(&input.data).into_iter().enumerate() {
            let text: Vec<char> = String::from_utf8_lossy(l).chars().collect();
            if m.matches(&text) == o.invert {
                continue;
            }
            n += 1;
            if o.quiet {
                return 0;
            }
            if o.count || o.files_with || o.files_without {
                continue;
            }
            let num = if o.number {
                format!("{}:", i + 1)
            } else {
                String::new()
            };
            if o.only {
                if o.invert {
                    continue;
                }
                let mut pos = 0;
                while let Some((s, e)) = m.find(&text, pos) {
                    if e > s {
                        let part: String = text.get(s..e).unwrap_or(&[]).iter().collect();
                        out.extend_from_slice(format!("{prefix}{num}{part}\n").as_bytes());
                        pos = e;
                    } else {
                        pos = s + 1;
                    }
                    if pos > text.len() {
                        break;
                    }
                }
                continue;
            }
            out.extend_from_slice(prefix.as_bytes());
            out.extend_from_slice(num.as_bytes());
            out.extend_from_slice(l);
            out.push(b'\n');
        }
        selected |= n > 0;
        if o.files_with {
            if n > 0 {
                out.extend_from_slice(format!("{shown}\n").as_bytes());
            }
        } else if o.files_without {
            if n == 0 {
                out.extend_from_slice(format!("{shown}\n").as_bytes());
            }
        } else if o.count {
            out.extend_from_slice(format!("{prefix}{n}\n").as_bytes());
        }
        cx.io.out(&out);
    }
    if error {
        2
    } else if selected {
        0
    } else {
        1
    }
}
