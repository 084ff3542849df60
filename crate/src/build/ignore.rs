//! `.dockerignore`: which context paths a build leaves out (moby/patternmatcher's rules).
//! Patterns are cleaned and made relative; `**` matches any number of path segments, other
//! segments match as Go's `filepath.Match`; `!` re-includes; the last matching pattern
//! wins; a path is also left out when one of its parent directories is.

use super::error::Error;
use crate::go::path::path_match;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Pattern {
    segments: Vec<String>,
    exclusion: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ignore {
    patterns: Vec<Pattern>,
}

/// Cleans a path as Go's `filepath.Clean` does, relative (no leading `/`).
fn clean(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s.to_string()),
        }
    }
    out
}

impl Ignore {
    /// Reads a `.dockerignore` file. Malformed patterns are reported as Docker does.
    pub fn parse(text: &str) -> Result<Ignore, Error> {
        let mut patterns = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (exclusion, pat) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let segments = clean(pat);
            if segments.is_empty() {
                continue;
            }
            for s in &segments {
                if s != "**" && path_match(s, "").is_err() {
                    return Err(Error::IgnorePattern {
                        pattern: pat.to_string(),
                    });
                }
            }
            patterns.push(Pattern {
                segments,
                exclusion,
            });
        }
        Ok(Ignore { patterns })
    }

    /// True when `path` (relative to the context) is left out.
    pub fn excludes(&self, path: &str) -> bool {
        let segs = clean(path);
        if segs.is_empty() {
            return false;
        }
        let refs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let mut excluded = false;
        for p in &self.patterns {
            // The pattern matches the path or one of its parents.
            let hit = matches_a_prefix(&p.segments, &refs);
            if hit {
                excluded = !p.exclusion;
            }
        }
        excluded
    }
}

/// Whether the pattern matches the path or one of its parents (a directory excluded
/// excludes what is under it): the set of segment counts the pattern so far can end at,
/// walked forward (no backtracking, so many `**` cost no more than a few).
fn matches_a_prefix(pat: &[String], path: &[&str]) -> bool {
    let mut at = vec![false; path.len() + 1];
    at[0] = true;
    for seg in pat {
        let mut next = vec![false; path.len() + 1];
        if seg == "**" {
            let mut on = false;
            for j in 0..=path.len() {
                on |= at[j];
                next[j] = on;
            }
        } else {
            for j in 0..path.len() {
                if at[j] && path_match(seg, path[j]).unwrap_or(false) {
                    next[j + 1] = true;
                }
            }
        }
        if !next.contains(&true) {
            return false;
        }
        at = next;
    }
    at[1..].contains(&true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_rules() {
        let i = Ignore::parse("# comment\n*.md\n!README.md\nnode_modules\n/tmp/**\n**/*.log\n")
            .unwrap();
        assert!(i.excludes("notes.md"));
        assert!(!i.excludes("README.md"));
        assert!(!i.excludes("docs/notes.md"), "*.md only matches at the top");
        assert!(i.excludes("node_modules"));
        assert!(
            i.excludes("node_modules/x/y.js"),
            "below an excluded directory"
        );
        assert!(i.excludes("tmp/a/b"));
        assert!(i.excludes("a/b/c.log"));
        assert!(i.excludes("c.log"));
        assert!(!i.excludes("src/main.rs"));
        let i = Ignore::parse("*\n!site\n").unwrap();
        assert!(i.excludes("Dockerfile"));
        assert!(!i.excludes("site/index.html"));
        assert_eq!(
            Ignore::parse("[").unwrap_err().to_string(),
            "syntax error in pattern: ["
        );
    }
}
