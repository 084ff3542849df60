//! Expansions of the words the shared parser (`crate::sh::parse`) produces: each word
//! is a list of parts that says what was quoted, so that a quoted expansion stays one
//! word, an unquoted one is split on blanks (an empty one disappears), and unquoted `*`,
//! `?`, `[...]` match paths of the file system ([`glob`] over an [`Fs`]).
//!
//! Supported: `$NAME`, `${NAME}`, `${NAME:-w}`, `${NAME-w}`, `${NAME:=w}`, `${NAME:+w}`,
//! `${#NAME}`, `$?`, `$$`, `$#`, `$0`..`$9`, `$@`, `$*`, `$(cmd)`, `` `cmd` ``,
//! `$((arithmetic))` with integers and `+ - * / %` and parentheses, and `~`.

use crate::sh::fs::{Fs, Kind};
use crate::sh::parse::{self, Part, Word};

/// Where expansion values come from.
pub(crate) trait Expander {
    /// A variable or special parameter (`HOME`, `?`, `1`); `None` when unset.
    fn var(&mut self, name: &str) -> Option<String>;
    /// Sets a variable (`${X:=w}`).
    fn set_var(&mut self, name: &str, value: &str);
    /// Runs a command substitution and returns its output.
    fn substitute(&mut self, cmd: &str) -> String;
    /// The paths matching a glob pattern (chars flagged as special), sorted; empty when
    /// none.
    fn glob(&mut self, pattern: &[(char, bool)]) -> Vec<String>;
    /// Reports an expansion error (`sh: ...`).
    fn error(&mut self, msg: &str);
}

/// Nested `${X:-${Y:-...}}` deeper than this expand to nothing.
const MAX_NESTING: usize = 64;

/// The value of an expansion part (`None` for parts that are not expansions).
fn value(x: &mut dyn Expander, part: &Part, depth: usize) -> Option<String> {
    if depth > MAX_NESTING {
        x.error("expansion nested too deeply");
        return Some(String::new());
    }
    Some(match part {
        Part::Arith(expr) => {
            let text = expand_plain(x, expr, depth);
            match arith(&text) {
                Some(v) => v.to_string(),
                None => {
                    x.error(&format!("arithmetic syntax error: {}", text.trim()));
                    String::new()
                }
            }
        }
        Part::Command { body, .. } => {
            let mut out = x.substitute(body);
            while out.ends_with('\n') {
                out.pop();
            }
            out
        }
        Part::Param {
            spec,
            braced: false,
        } => x.var(spec).unwrap_or_default(),
        Part::Param { spec, braced: true } => braced(x, spec, depth),
        Part::Tilde => x.var("HOME").unwrap_or_default(),
        _ => return None,
    })
}

/// The value of `${BODY}`.
fn braced(x: &mut dyn Expander, body: &str, depth: usize) -> String {
    if let Some(name) = body.strip_prefix('#') {
        if !name.is_empty() {
            return x.var(name).unwrap_or_default().chars().count().to_string();
        }
    }
    let name_len = match body.chars().next() {
        Some(c) if "?$#@*!-".contains(c) || c.is_ascii_digit() => c.len_utf8(),
        _ => body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len()),
    };
    let (name, op) = body.split_at(name_len.min(body.len()));
    let val = x.var(name);
    let colon = op.starts_with(':');
    let op = op.trim_start_matches(':');
    let empty = match &val {
        None => true,
        Some(v) => colon && v.is_empty(),
    };
    let (kind, word) = match op.chars().next() {
        Some(k @ ('-' | '=' | '+' | '?')) => (k, op.get(1..).unwrap_or("")),
        _ => return val.unwrap_or_default(),
    };
    match kind {
        '-' if empty => expand_plain(x, word, depth),
        '=' if empty => {
            let w = expand_plain(x, word, depth);
            x.set_var(name, &w);
            w
        }
        '+' if !empty => expand_plain(x, word, depth),
        '+' => String::new(),
        '?' if empty => {
            let msg = if word.is_empty() {
                "parameter not set".to_string()
            } else {
                expand_plain(x, word, depth)
            };
            x.error(&format!("{name}: {msg}"));
            String::new()
        }
        _ => val.unwrap_or_default(),
    }
}

/// Expands the text of a `${X:-word}` word (or an arithmetic expression): quotes
/// removed, expansions replaced, nothing split. Text that does not parse stays as is.
fn expand_plain(x: &mut dyn Expander, text: &str, depth: usize) -> String {
    match parse::plain_word(text) {
        Ok(w) => joined(x, &w.0, depth + 1),
        Err(_) => text.to_string(),
    }
}

/// The parts' text with every expansion replaced, nothing split or globbed.
fn joined(x: &mut dyn Expander, parts: &[Part], depth: usize) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Lit(s) | Part::Single(s) => out.push_str(s),
            Part::Escaped(c) => out.push(*c),
            Part::Double(inner) => out.push_str(&joined(x, inner, depth)),
            p => out.push_str(&value(x, p, depth).unwrap_or_default()),
        }
    }
    out
}

/// Expands one parsed word into fields: expansions replaced, unquoted ones split on
/// blanks (an empty unquoted expansion yields no field), globs matched.
pub(crate) fn fields(x: &mut dyn Expander, word: &Word) -> Vec<String> {
    let mut done: Vec<Vec<(char, bool)>> = Vec::new();
    let mut cur: Vec<(char, bool)> = Vec::new();
    // Whether `cur` must be kept even when empty (literal text or a quoted expansion).
    let mut solid = word.0.is_empty();
    for part in &word.0 {
        match part {
            Part::Lit(s) => {
                cur.extend(s.chars().map(|c| (c, matches!(c, '*' | '?' | '['))));
                solid = true;
            }
            Part::Single(s) => {
                cur.extend(s.chars().map(|c| (c, false)));
                solid = true;
            }
            Part::Escaped(c) => {
                cur.push((*c, false));
                solid = true;
            }
            Part::Double(inner) => {
                let v = joined(x, inner, 0);
                cur.extend(v.chars().map(|c| (c, false)));
                solid = true;
            }
            Part::Tilde => {
                let v = value(x, part, 0).unwrap_or_default();
                cur.extend(v.chars().map(|c| (c, false)));
                solid = true;
            }
            expansion => {
                let v = value(x, expansion, 0).unwrap_or_default();
                let mut first = true;
                let starts_blank = v.starts_with([' ', '\t', '\n']);
                for piece in v.split([' ', '\t', '\n']).filter(|p| !p.is_empty()) {
                    if !first || starts_blank {
                        if solid || !cur.is_empty() {
                            done.push(std::mem::take(&mut cur));
                        }
                        solid = false;
                    }
                    first = false;
                    cur.extend(piece.chars().map(|c| (c, false)));
                }
                if v.ends_with([' ', '\t', '\n']) && !cur.is_empty() {
                    done.push(std::mem::take(&mut cur));
                    solid = false;
                }
            }
        }
    }
    if solid || !cur.is_empty() {
        done.push(cur);
    }
    let mut out = Vec::new();
    for f in done {
        if f.iter().any(|(_, special)| *special) {
            let matches = x.glob(&f);
            if !matches.is_empty() {
                out.extend(matches);
                continue;
            }
        }
        out.push(f.into_iter().map(|(c, _)| c).collect());
    }
    out
}

/// Expands a word into exactly one string (assignment values, redirection targets):
/// no splitting, no globbing.
pub(crate) fn single(x: &mut dyn Expander, word: &Word) -> String {
    joined(x, &word.0, 0)
}

/// True for a variable name (`[A-Za-z_][A-Za-z0-9_]*`).
fn is_name(name: &str) -> bool {
    let mut cs = name.chars();
    cs.next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// If the word is an assignment (`NAME=value`, the name and `=` typed unquoted), its
/// name and the value's word.
pub(crate) fn assignment(word: &Word) -> Option<(String, Word)> {
    let (first, rest) = word.0.split_first()?;
    let Part::Lit(text) = first else {
        return None;
    };
    let (name, value) = text.split_once('=')?;
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::with_capacity(word.0.len());
    if !value.is_empty() {
        parts.push(Part::Lit(value.to_string()));
    }
    parts.extend(rest.iter().cloned());
    if parts.is_empty() {
        parts.push(Part::Single(String::new()));
    }
    Some((name.to_string(), Word(parts)))
}

/// An argument `NAME=value` (as `env` takes them): the name and the value.
pub(crate) fn assignment_text(arg: &str) -> Option<(&str, &str)> {
    let (name, value) = arg.split_once('=')?;
    is_name(name).then_some((name, value))
}

/// The paths a glob pattern (flagged chars special) matches, sorted, written as the
/// pattern was (relative patterns stay relative); empty when none. Hidden names match
/// only a component that starts with a literal `.`.
pub fn glob(fs: &dyn Fs, pattern: &[(char, bool)]) -> Vec<String> {
    let absolute = pattern.first().is_some_and(|(c, _)| *c == '/');
    let mut comps: Vec<Vec<(char, bool)>> = vec![Vec::new()];
    for &(c, special) in pattern {
        if c == '/' && !special {
            comps.push(Vec::new());
        } else if let Some(last) = comps.last_mut() {
            last.push((c, special));
        }
    }
    // Prefixes built so far, as the user writes them.
    let mut prefixes: Vec<String> = vec![if absolute { "/".into() } else { String::new() }];
    let comps: Vec<Vec<(char, bool)>> = comps.into_iter().filter(|c| !c.is_empty()).collect();
    let n = comps.len();
    for (k, comp) in comps.iter().enumerate() {
        let last = k + 1 == n;
        let mut next = Vec::new();
        let special = comp.iter().any(|(_, s)| *s);
        for p in &prefixes {
            if !special {
                let lit: String = comp.iter().map(|(c, _)| c).collect();
                let cand = format!("{p}{lit}");
                if fs.lstat(if cand.is_empty() { "." } else { &cand }).is_ok() {
                    next.push(if last { cand } else { format!("{cand}/") });
                }
                continue;
            }
            let dir = if p.is_empty() { "." } else { p.as_str() };
            let Ok(entries) = fs.list(dir) else {
                continue;
            };
            let hidden_ok = comp.first().is_some_and(|(c, _)| *c == '.');
            for (name, st) in entries {
                if name.starts_with('.') && !hidden_ok {
                    continue;
                }
                let t: Vec<char> = name.chars().collect();
                if glob_match(comp, &t) {
                    if last {
                        next.push(format!("{p}{name}"));
                    } else if st.kind == Kind::Dir
                        || (st.kind == Kind::Symlink
                            && fs.stat(&format!("{p}{name}")).is_ok_and(|s| s.is_dir()))
                    {
                        // A symbolic link to a directory is a directory on the way.
                        next.push(format!("{p}{name}/"));
                    }
                }
            }
        }
        prefixes = next;
        if prefixes.is_empty() {
            break;
        }
    }
    if pattern.last().is_some_and(|(c, s)| *c == '/' && !s) {
        for p in prefixes.iter_mut() {
            if !p.ends_with('/') {
                p.push('/');
            }
        }
    }
    prefixes.sort();
    prefixes
}

/// Matches a glob pattern (flagged chars special) against a name, without recursion
/// (the usual backtrack to the last `*`).
pub(crate) fn glob_match(p: &[(char, bool)], t: &[char]) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let tc = t.get(ti).copied().unwrap_or('\0');
        let step = match p.get(pi) {
            Some(&('*', true)) => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some(&('?', true)) => Some(1),
            Some(&('[', true)) => class(p.get(pi + 1..).unwrap_or(&[]), tc).map(|len| len + 1),
            Some(&(c, _)) => (c == tc).then_some(1),
            None => None,
        };
        match step {
            Some(len) => {
                pi += len;
                ti += 1;
            }
            None => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    while let Some(&('*', true)) = p.get(pi) {
        pi += 1;
    }
    pi == p.len()
}

/// A bracket class after its `[`: the pattern length it takes (`]` included) when `c`
/// matches it. An unclosed `[` matches itself.
fn class(rest: &[(char, bool)], c: char) -> Option<usize> {
    let mut i = 0;
    let negate = matches!(rest.first(), Some(('!' | '^', _)));
    if negate {
        i += 1;
    }
    let start = i;
    while let Some(&(ch, _)) = rest.get(i) {
        if ch == ']' && i > start {
            break;
        }
        i += 1;
    }
    if rest.get(i).is_none() {
        return (c == '[').then_some(0);
    }
    let set = rest.get(start..i).unwrap_or(&[]);
    let mut hit = false;
    let mut k = 0;
    while let Some(&(a, _)) = set.get(k) {
        if let (Some(('-', _)), Some(&(b, _))) = (set.get(k + 1), set.get(k + 2)) {
            hit |= a <= c && c <= b;
            k += 3;
        } else {
            hit |= a == c;
            k += 1;
        }
    }
    (hit != negate).then_some(i + 1)
}

/// Evaluates integer arithmetic: `+ - * / %`, unary minus, parentheses.
pub(crate) fn arith(s: &str) -> Option<i64> {
    fn expr(t: &[char], i: &mut usize, depth: usize) -> Option<i64> {
        let mut v = term(t, i, depth)?;
        loop {
            skip(t, i);
            match t.get(*i) {
                Some('+') => {
                    *i += 1;
                    v = v.wrapping_add(term(t, i, depth)?);
                }
                Some('-') => {
                    *i += 1;
                    v = v.wrapping_sub(term(t, i, depth)?);
                }
                _ => return Some(v),
            }
        }
    }
    fn term(t: &[char], i: &mut usize, depth: usize) -> Option<i64> {
        let mut v = unary(t, i, depth)?;
        loop {
            skip(t, i);
            match t.get(*i) {
                Some('*') => {
                    *i += 1;
                    v = v.wrapping_mul(unary(t, i, depth)?);
                }
                Some(op @ ('/' | '%')) => {
                    let op = *op;
                    *i += 1;
                    let r = unary(t, i, depth)?;
                    if r == 0 {
                        return None;
                    }
                    v = if op == '/' {
                        v.wrapping_div(r)
                    } else {
                        v.wrapping_rem(r)
                    };
                }
                _ => return Some(v),
            }
        }
    }
    fn unary(t: &[char], i: &mut usize, depth: usize) -> Option<i64> {
        if depth > 100 {
            return None;
        }
        skip(t, i);
        match t.get(*i)? {
            '-' => {
                *i += 1;
                Some(unary(t, i, depth + 1)?.wrapping_neg())
            }
            '+' => {
                *i += 1;
                unary(t, i, depth + 1)
            }
            '(' => {
                *i += 1;
                let v = expr(t, i, depth + 1)?;
                skip(t, i);
                (t.get(*i) == Some(&')')).then(|| {
                    *i += 1;
                    v
                })
            }
            c if c.is_ascii_digit() => {
                let start = *i;
                while t.get(*i).is_some_and(|c| c.is_ascii_digit()) {
                    *i += 1;
                }
                let n: String = t.get(start..*i)?.iter().collect();
                n.parse().ok()
            }
            _ => None,
        }
    }
    fn skip(t: &[char], i: &mut usize) {
        while t.get(*i).is_some_and(|c| c.is_whitespace()) {
            *i += 1;
        }
    }
    let t: Vec<char> = s.chars().collect();
    let mut i = 0;
    if t.iter().all(|c| c.is_whitespace()) {
        return Some(0);
    }
    let v = expr(&t, &mut i, 0)?;
    skip(&t, &mut i);
    (i == t.len()).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct Vars(BTreeMap<String, String>);
    impl Expander for Vars {
        fn var(&mut self, name: &str) -> Option<String> {
            self.0.get(name).cloned()
        }
        fn set_var(&mut self, name: &str, value: &str) {
            self.0.insert(name.into(), value.into());
        }
        fn substitute(&mut self, cmd: &str) -> String {
            format!("<{cmd}>\n\n")
        }
        fn glob(&mut self, _: &[(char, bool)]) -> Vec<String> {
            Vec::new()
        }
        fn error(&mut self, _: &str) {}
    }

    fn words(line: &str, vars: &[(&str, &str)]) -> Vec<String> {
        let mut x = Vars(
            vars.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let script = crate::sh::parse::parse(line).unwrap();
        script
            .items
            .iter()
            .flat_map(|(p, _)| p.iter().flat_map(|c| c.argv.clone()))
            .flat_map(|w| fields(&mut x, &w))
            .collect()
    }

    #[test]
    fn quoting_decides_splitting() {
        let v = [("A", "x  y"), ("E", ""), ("H", "/root"), ("HOME", "/root")];
        assert_eq!(words("echo $A", &v), ["echo", "x", "y"]);
        assert_eq!(words("echo \"$A\"", &v), ["echo", "x  y"]);
        assert_eq!(words("echo '$A'", &v), ["echo", "$A"]);
        assert_eq!(words("echo $E x", &v), ["echo", "x"]);
        assert_eq!(words("echo \"$E\" x", &v), ["echo", "", "x"]);
        assert_eq!(
            words("echo ${H}/x ${U:-def} ${#H}", &v),
            ["echo", "/root/x", "def", "5"]
        );
        assert_eq!(words("echo $(ls) \"`pwd`\"", &v), ["echo", "<ls>", "<pwd>"]);
        assert_eq!(words("echo $((1 + 2 * 3))", &v), ["echo", "7"]);
        assert_eq!(words("echo a\\ b \\$A", &v), ["echo", "a b", "$A"]);
        assert_eq!(words("echo '*' \"?\"", &v), ["echo", "*", "?"]);
        assert_eq!(words("echo a # $A", &v), ["echo", "a"]);
        assert_eq!(words("echo pre${A}post", &v), ["echo", "prex", "ypost"]);
        assert_eq!(
            words("echo ~ ~/x a~", &v),
            ["echo", "/root", "/root/x", "a~"]
        );
        assert_eq!(
            words("echo ${U:-$A} \"${U:-$A}\"", &v),
            ["echo", "x", "y", "x  y"]
        );
        assert_eq!(words("X=1 Y=$A\"q\"", &v), ["X=1", "Y=x", "yq"]);
        let w = &crate::sh::parse::parse("Y=$A\"q\" =x \"X\"=y")
            .unwrap()
            .items[0]
            .0[0]
            .argv;
        let (name, value) = assignment(&w[0]).unwrap();
        assert_eq!(name, "Y");
        assert_eq!(
            single(
                &mut Vars(
                    v.iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect()
                ),
                &value
            ),
            "x  yq"
        );
        assert!(assignment(&w[1]).is_none());
        assert!(assignment(&w[2]).is_none());
    }

    #[test]
    fn globs_and_arithmetic() {
        let p =
            |s: &str| -> Vec<(char, bool)> { s.chars().map(|c| (c, "*?[".contains(c))).collect() };
        let t = |s: &str| -> Vec<char> { s.chars().collect() };
        assert!(glob_match(&p("*.txt"), &t("a.txt")));
        assert!(!glob_match(&p("*.txt"), &t("a.txt.gz")));
        assert!(glob_match(&p("[a-c]?"), &t("b1")));
        assert!(glob_match(&p("[!a]*"), &t("zz")));
        assert!(glob_match(&p("[abc"), &t("[abc")));
        assert!(glob_match(&p("a*b*c"), &t("aXbYbc")));
        assert!(!glob_match(&p("a*b*c"), &t("aXbYb")));
        assert!(glob_match(&p("*"), &t("")));
        assert_eq!(arith("(1+2)*-3 % 5"), Some(-4));
        assert_eq!(arith("1/0"), None);
        assert_eq!(arith("1 +"), None);
    }
}
