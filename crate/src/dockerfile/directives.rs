//! Parser directives: `# syntax=`, `# escape=` and `# check=` comments at the very top of a
//! Dockerfile (BuildKit's `DirectiveParser`). The first line that is not a known directive
//! ends them, a blank line included; each may appear once.

use super::error::DirectiveError;
use std::collections::BTreeSet;

/// The directives BuildKit knows; any other `# key=value` comment ends the directives.
pub const KNOWN_DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// A parser directive: its name (lower case), its value and its line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub line: usize,
}

/// Reads directives line by line until the first line that is not one.
#[derive(Clone, Debug)]
pub struct DirectiveParser {
    prefix: &'static str,
    line: usize,
    done: bool,
    seen: BTreeSet<String>,
}

impl Default for DirectiveParser {
    fn default() -> Self {
        DirectiveParser::new()
    }
}

impl DirectiveParser {
    /// Directives written as `#` comments.
    pub fn new() -> Self {
        DirectiveParser::with_prefix("#")
    }

    /// Directives behind another comment marker (`//` for DetectSyntax).
    pub fn with_prefix(prefix: &'static str) -> Self {
        DirectiveParser {
            prefix,
            line: 0,
            done: false,
            seen: BTreeSet::new(),
        }
    }

    fn starting_at(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    /// Whether directives have ended.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// One line: Some(directive), or None (and directives are over) when it is not one.
    /// A repeated directive is an error.
    pub fn parse_line(&mut self, line: &str) -> Result<Option<Directive>, DirectiveError> {
        self.line += 1;
        if self.done {
            return Ok(None);
        }
        let Some((key, value)) = split_directive(line, self.prefix) else {
            self.done = true;
            return Ok(None);
        };
        let key = key.to_ascii_lowercase();
        if !KNOWN_DIRECTIVES.contains(&key.as_str()) {
            self.done = true;
            return Ok(None);
        }
        if !self.seen.insert(key.clone()) {
            return Err(DirectiveError { name: key });
        }
        Ok(Some(Directive {
            name: key,
            value: value.to_string(),
            line: self.line,
        }))
    }

    /// All directives at the top of `src`, stopping at the first error.
    pub fn parse_all(&mut self, src: &str) -> Result<Vec<Directive>, DirectiveError> {
        let mut out = Vec::new();
        for line in src.lines() {
            if self.done {
                break;
            }
            if let Some(d) = self.parse_line(line)? {
                out.push(d);
            }
        }
        Ok(out)
    }
}

fn is_re2_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// `^PREFIX\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
fn split_directive<'a>(line: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    let rest = line.strip_prefix(prefix)?.trim_start_matches(is_re2_space);
    let key_len = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
        .map_or(rest.len(), |(i, _)| i);
    if key_len == 0 {
        return None;
    }
    let (key, rest) = rest.split_at(key_len);
    let rest = rest.trim_start_matches(is_re2_space).strip_prefix('=')?;
    if rest.is_empty() || rest.contains('\n') {
        return None;
    }
    let value = rest.trim_matches(is_re2_space);
    if value.is_empty() {
        // `=` then only spaces: the lazy group still takes the last one.
        return Some((key, &rest[rest.len() - 1..]));
    }
    Some((key, value))
}

/// The `syntax` directive as BuildKit detects it before choosing a front end: after an
/// optional `#!` line, from `#` directives, else `//` directives, else a JSON object with a
/// "syntax" key. Returns (reference, whole value, line).
pub fn detect_syntax(src: &str) -> Option<(String, String, usize)> {
    find_directive("syntax", src)
}

/// Like [`detect_syntax`] for any directive (BuildKit's `ParseDirective`, used for `check`).
pub fn find_directive(key: &str, src: &str) -> Option<(String, String, usize)> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let (src, first) = match src.split_once('\n') {
        Some((l, rest)) if l.starts_with("#!") => (rest, 1),
        None if src.starts_with("#!") => ("", 1),
        _ => (src, 0),
    };
    for prefix in ["#", "//"] {
        let mut p = DirectiveParser::with_prefix(prefix).starting_at(first);
        // The directives before an error (a repeated one) still count.
        let mut ds = Vec::new();
        for line in src.lines() {
            match p.parse_line(line) {
                Ok(Some(d)) => ds.push(d),
                Ok(None) if p.is_done() => break,
                Ok(None) => {}
                Err(_) => break,
            }
        }
        if let Some(d) = ds.into_iter().find(|d| d.name == key) {
            let reference = d.value.split(' ').next().unwrap_or("").to_string();
            return Some((reference, d.value, d.line));
        }
    }
    let v: serde_json::Value = serde_json::from_str(src).ok()?;
    let value = v.get(key)?.as_str()?;
    if value.is_empty() {
        return None;
    }
    Some((value.to_string(), value.to_string(), first))
}

#[cfg(test)]
mod tests {
    use super::*;

    // BuildKit's directives_test.go, TestDirectives.
    #[test]
    fn directives() {
        let mut p = DirectiveParser::new();
        let d = p
            .parse_all("#escape=\\\n# key = FOO bar\n\n# smth\n")
            .unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].name.as_str(), d[0].value.as_str()), ("escape", "\\"));
        let mut p = DirectiveParser::new();
        let d = p
            .parse_all("# EScape=\\\n# KEY = FOO bar\n\n# smth\n")
            .unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].name.as_str(), d[0].value.as_str()), ("escape", "\\"));
    }

    // TestDetectSyntax and TestDetectSyntaxBOM.
    #[test]
    fn syntax_detection() {
        let r =
            detect_syntax("# syntax = dockerfile:experimental // opts\nFROM busybox\n").unwrap();
        assert_eq!(
            r,
            (
                "dockerfile:experimental".into(),
                "dockerfile:experimental // opts".into(),
                1
            )
        );
        let r =
            detect_syntax("#!/bin/sh\n# syntax = dockerfile:experimental\nFROM busybox\n").unwrap();
        assert_eq!((r.0.as_str(), r.2), ("dockerfile:experimental", 2));
        assert!(detect_syntax("#!/bin/sh\n\n# syntax = dockerfile:experimental\n").is_none());
        assert!(detect_syntax("FROM busybox\nRUN ls\n").is_none());
        assert_eq!(detect_syntax("//syntax=foo\n//key=value").unwrap().0, "foo");
        assert_eq!(detect_syntax("#!/bin/sh\n//syntax=x").unwrap().0, "x");
        assert_eq!(detect_syntax("{\"syntax\": \"foo\"}").unwrap().0, "foo");
        assert!(detect_syntax("{\"syntax\": \"foo\"").is_none());
        assert!(detect_syntax("{\"syntax\": \"foo\"}\n# syntax=bar").is_none());
        assert_eq!(
            detect_syntax("# syntax=x\n# syntax=y\nFROM a").unwrap().0,
            "x"
        );
        let r = detect_syntax("\u{feff}# syntax = myfrontend\nFROM busybox\n").unwrap();
        assert_eq!(r, ("myfrontend".into(), "myfrontend".into(), 1));
    }

    // TestParseDirective.
    #[test]
    fn check_directive() {
        let r = find_directive("check", "#check = skip=all // opts\nFROM busybox\n").unwrap();
        assert_eq!(r, ("skip=all".into(), "skip=all // opts".into(), 1));
        let r = find_directive("check", "#!/bin/sh\n# check = skip=all\nFROM busybox\n").unwrap();
        assert_eq!((r.0.as_str(), r.2), ("skip=all", 2));
        assert!(find_directive("check", "#!/bin/sh\n\n# check = skip=all\n").is_none());
        assert!(find_directive("check", "FROM busybox\nRUN ls\n").is_none());
        assert_eq!(
            find_directive("check", "//check=skip=all\n//key=value")
                .unwrap()
                .0,
            "skip=all"
        );
        assert_eq!(
            find_directive("check", "#!/bin/sh\n//check=skip=all")
                .unwrap()
                .0,
            "skip=all"
        );
        assert_eq!(
            find_directive("check", "{\"check\": \"skip=all\"}")
                .unwrap()
                .0,
            "skip=all"
        );
        assert!(find_directive("check", "{\"check\": \"foo\"").is_none());
        assert!(find_directive("check", "{\"check\": \"foo\"}\n# syntax=bar").is_none());
    }

    #[test]
    fn repeated_directive_is_an_error() {
        let mut p = DirectiveParser::new();
        let err = p.parse_all("# escape=`\n# escape=\\\n").unwrap_err();
        assert_eq!(
            err,
            DirectiveError {
                name: "escape".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "only one escape parser directive can be used"
        );
    }
}
