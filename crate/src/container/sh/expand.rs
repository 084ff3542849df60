//! Expansions, kept apart from the shared parser (`crate::sh::parse`), which removes
//! quotes as it splits words. Before parsing, [`mark`] rewrites each `$...` (and each
//! unquoted glob character) into private-use characters that the parser keeps as word
//! characters, noting whether it was quoted; when a command runs, [`Expander`] replaces
//! them: a quoted expansion stays one word, an unquoted one is split on blanks and an
//! empty one disappears, and unquoted `*`, `?`, `[...]` match paths of the rootfs.
//!
//! Supported: `$NAME`, `${NAME}`, `${NAME:-w}`, `${NAME-w}`, `${NAME:=w}`, `${NAME:+w}`,
//! `${#NAME}`, `$?`, `$$`, `$#`, `$0`..`$9`, `$@`, `$*`, `$(cmd)`, `` `cmd` ``, and
//! `$((arithmetic))` with integers and `+ - * / %` and parentheses.

/// Starts an unquoted expansion; its spec follows in hex, then [`END`].
pub(crate) const UNQUOTED: char = '\u{E000}';
/// Starts a quoted expansion.
pub(crate) const QUOTED: char = '\u{E001}';
/// Ends an expansion.
pub(crate) const END: char = '\u{E002}';
/// Unquoted glob characters.
pub(crate) const STAR: char = '\u{E003}';
pub(crate) const QMARK: char = '\u{E004}';
pub(crate) const BRACKET: char = '\u{E005}';

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> String {
    let bytes: Vec<u8> = s
        .as_bytes()
        .chunks(2)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .filter_map(|c| u8::from_str_radix(c, 16).ok())
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Finds the end of a `$(`...`)` or `${`...`}` body starting at `i` (just after the
/// opening bracket): the index of the matching closer, quotes respected.
fn matching(chars: &[char], mut i: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => i += 1,
            '\'' => {
                i += 1;
                while chars.get(i).is_some_and(|c| *c != '\'') {
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                while let Some(&c) = chars.get(i) {
                    if c == '\\' {
                        i += 1;
                    } else if c == '"' {
                        break;
                    }
                    i += 1;
                }
            }
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Reads the expansion that starts with the `$` at `i`: its spec and the index after it.
fn dollar(chars: &[char], i: usize) -> Option<(String, usize)> {
    let next = *chars.get(i + 1)?;
    match next {
        '{' => {
            let end = matching(chars, i + 2, '{', '}')?;
            let body: String = chars.get(i + 2..end)?.iter().collect();
            Some((format!("{{{body}"), end + 1))
        }
        '(' if chars.get(i + 2) == Some(&'(') => {
            let end = matching(chars, i + 3, '(', ')')?;
            if chars.get(end + 1) != Some(&')') {
                return None;
            }
            let body: String = chars.get(i + 3..end)?.iter().collect();
            Some((format!("(({body}"), end + 2))
        }
        '(' => {
            let end = matching(chars, i + 2, '(', ')')?;
            let body: String = chars.get(i + 2..end)?.iter().collect();
            Some((format!("({body}"), end + 1))
        }
        '?' | '$' | '#' | '@' | '*' | '!' | '-' => Some((next.to_string(), i + 2)),
        c if c.is_ascii_digit() => Some((c.to_string(), i + 2)),
        c if c.is_ascii_alphabetic() || c == '_' => {
            let mut j = i + 1;
            while chars
                .get(j)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                j += 1;
            }
            Some((chars.get(i + 1..j)?.iter().collect(), j))
        }
        _ => None,
    }
}

fn push_expansion(out: &mut String, spec: &str, quoted: bool) {
    out.push(if quoted { QUOTED } else { UNQUOTED });
    out.push_str(&hex(spec));
    out.push(END);
}

/// Rewrites a command line so that its expansions survive the parser. Unquoted newlines
/// separate commands (they become `;` unless the line continues after `|`, `&&`, `||`).
pub(crate) fn mark(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut dq = false;
    let mut in_word = false;
    while let Some(&c) = chars.get(i) {
        if dq {
            match c {
                '"' => {
                    dq = false;
                    out.push(c);
                    i += 1;
                }
                '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                    out.push(c);
                    out.extend(chars.get(i + 1));
                    i += 2;
                }
                '$' => match dollar(&chars, i) {
                    Some((spec, next)) => {
                        push_expansion(&mut out, &spec, true);
                        i = next;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                },
                '`' => match chars
                    .get(i + 1..)
                    .and_then(|r| r.iter().position(|c| *c == '`'))
                {
                    Some(len) => {
                        let body: String = chars
                            .get(i + 1..i + 1 + len)
                            .unwrap_or(&[])
                            .iter()
                            .collect();
                        push_expansion(&mut out, &format!("({body}"), true);
                        i += len + 2;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                },
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
            continue;
        }
        match c {
            '\'' => {
                in_word = true;
                out.push(c);
                i += 1;
                while let Some(&q) = chars.get(i) {
                    out.push(q);
                    i += 1;
                    if q == '\'' {
                        break;
                    }
                }
            }
            '\\' => {
                in_word = true;
                out.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                }
                i += 2;
            }
            '"' => {
                in_word = true;
                dq = true;
                out.push(c);
                i += 1;
            }
            '#' if !in_word => {
                out.extend(chars.get(i..).unwrap_or(&[]));
                break;
            }
            '\n' => {
                in_word = false;
                let t = out.trim_end();
                if t.is_empty() || t.ends_with('|') || t.ends_with('&') || t.ends_with(';') {
                    out.push(' ');
                } else {
                    out.push(';');
                }
                i += 1;
            }
            '>' => {
                // `1>` is `>`: drop a lone `1` word before it.
                let before = out.chars().rev().nth(1);
                if out.ends_with('1') && in_word && before.is_none_or(|b| " \t;|&<>".contains(b)) {
                    out.pop();
                }
                in_word = false;
                // `>&2` and `>&1` (the parser knows only `2>&1`): name the stream.
                let after_two = out.ends_with('2') && before.is_none_or(|b| " \t;|&<>".contains(b));
                match (chars.get(i + 1), chars.get(i + 2)) {
                    (Some('&'), Some(d @ ('1' | '2'))) if !after_two || *d == '2' => {
                        out.push_str(if *d == '2' {
                            ">/dev/stderr"
                        } else {
                            ">/dev/stdout"
                        });
                        i += 3;
                    }
                    _ => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            ' ' | '\t' | '\r' | '|' | '&' | ';' | '<' => {
                in_word = false;
                out.push(c);
                i += 1;
            }
            '~' if !in_word
                && chars
                    .get(i + 1)
                    .is_none_or(|n| matches!(n, '/' | ' ' | '\t' | ';' | '|' | '&' | ')')) =>
            {
                in_word = true;
                push_expansion(&mut out, "HOME", true);
                i += 1;
            }
            '*' | '?' | '[' => {
                in_word = true;
                out.push(match c {
                    '*' => STAR,
                    '?' => QMARK,
                    _ => BRACKET,
                });
                i += 1;
            }
            '$' => {
                in_word = true;
                match dollar(&chars, i) {
                    Some((spec, next)) => {
                        push_expansion(&mut out, &spec, false);
                        i = next;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '`' => {
                in_word = true;
                match chars
                    .get(i + 1..)
                    .and_then(|r| r.iter().position(|c| *c == '`'))
                {
                    Some(len) => {
                        let body: String = chars
                            .get(i + 1..i + 1 + len)
                            .unwrap_or(&[])
                            .iter()
                            .collect();
                        push_expansion(&mut out, &format!("({body}"), false);
                        i += len + 2;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                in_word = true;
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Turns the markers of a word back into the text the user typed.
#[cfg(test)]
pub(crate) fn unmark(word: &str) -> String {
    let mut out = String::new();
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            STAR => out.push('*'),
            QMARK => out.push('?'),
            BRACKET => out.push('['),
            UNQUOTED | QUOTED => {
                let spec: String = chars.by_ref().take_while(|c| *c != END).collect();
                let spec = unhex(&spec);
                if spec.starts_with('{') {
                    out.push_str(&format!("${spec}}}"));
                } else if let Some(cmd) = spec.strip_prefix("((") {
                    out.push_str(&format!("$(({cmd}))"));
                } else if let Some(cmd) = spec.strip_prefix('(') {
                    out.push_str(&format!("$({cmd})"));
                } else {
                    out.push('$');
                    out.push_str(&spec);
                }
            }
            c => out.push(c),
        }
    }
    out
}

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

/// The value of one expansion spec.
pub(crate) fn value(x: &mut dyn Expander, spec: &str) -> String {
    value_at(x, spec, 0)
}

fn value_at(x: &mut dyn Expander, spec: &str, depth: usize) -> String {
    if depth > MAX_NESTING {
        x.error("expansion nested too deeply");
        return String::new();
    }
    if let Some(expr) = spec.strip_prefix("((") {
        let text = expand_plain(x, expr, depth);
        return match arith(&text) {
            Some(v) => v.to_string(),
            None => {
                x.error(&format!("arithmetic syntax error: {}", text.trim()));
                String::new()
            }
        };
    }
    if let Some(cmd) = spec.strip_prefix('(') {
        let mut out = x.substitute(cmd);
        while out.ends_with('\n') {
            out.pop();
        }
        return out;
    }
    let Some(body) = spec.strip_prefix('{') else {
        return x.var(spec).unwrap_or_default();
    };
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

/// Expands the `$` references of plain text (a `${X:-word}` word), quotes dropped.
fn expand_plain(x: &mut dyn Expander, text: &str, depth: usize) -> String {
    let marked = mark(text);
    let mut out = String::new();
    let mut chars = marked.chars().peekable();
    let mut sq = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' => sq = !sq,
            '"' if !sq => {}
            '\\' if !sq => out.extend(chars.next()),
            UNQUOTED | QUOTED => {
                let spec: String = chars.by_ref().take_while(|c| *c != END).collect();
                out.push_str(&value_at(x, &unhex(&spec), depth + 1));
            }
            STAR => out.push('*'),
            QMARK => out.push('?'),
            BRACKET => out.push('['),
            c => out.push(c),
        }
    }
    out
}

/// Expands one parsed word into fields: expansions replaced, unquoted ones split on
/// blanks (an empty unquoted expansion yields no field), globs matched.
pub(crate) fn fields(x: &mut dyn Expander, word: &str) -> Vec<String> {
    let mut done: Vec<Vec<(char, bool)>> = Vec::new();
    let mut cur: Vec<(char, bool)> = Vec::new();
    // Whether `cur` must be kept even when empty (literal text or a quoted expansion).
    let mut solid = word.is_empty();
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            STAR => {
                cur.push(('*', true));
                solid = true;
            }
            QMARK => {
                cur.push(('?', true));
                solid = true;
            }
            BRACKET => {
                cur.push(('[', true));
                solid = true;
            }
            QUOTED => {
                let spec: String = chars.by_ref().take_while(|c| *c != END).collect();
                let v = value(x, &unhex(&spec));
                cur.extend(v.chars().map(|c| (c, false)));
                solid = true;
            }
            UNQUOTED => {
                let spec: String = chars.by_ref().take_while(|c| *c != END).collect();
                let v = value(x, &unhex(&spec));
                let mut first = true;
                let starts_blank = v.starts_with([' ', '\t', '\n']);
                for part in v.split([' ', '\t', '\n']).filter(|p| !p.is_empty()) {
                    if !first || starts_blank {
                        if solid || !cur.is_empty() {
                            done.push(std::mem::take(&mut cur));
                        }
                        solid = false;
                    }
                    first = false;
                    cur.extend(part.chars().map(|c| (c, false)));
                }
                if v.ends_with([' ', '\t', '\n']) && !cur.is_empty() {
                    done.push(std::mem::take(&mut cur));
                    solid = false;
                }
            }
            c => {
                cur.push((c, false));
                solid = true;
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
pub(crate) fn single(x: &mut dyn Expander, word: &str) -> String {
    let mut out = String::new();
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            STAR => out.push('*'),
            QMARK => out.push('?'),
            BRACKET => out.push('['),
            QUOTED | UNQUOTED => {
                let spec: String = chars.by_ref().take_while(|c| *c != END).collect();
                out.push_str(&value(x, &unhex(&spec)));
            }
            c => out.push(c),
        }
    }
    out
}

/// If the word is an assignment (`NAME=value`, the name typed literally), its name and
/// the rest of the word.
pub(crate) fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, rest) = word.split_once('=')?;
    let mut cs = name.chars();
    let first = cs.next()?;
    if !(first.is_ascii_alphabetic() || first == '_')
        || !cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    Some((name, rest))
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
        let script = crate::sh::parse::parse(&mark(line)).unwrap();
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
            mark("echo x >&2; echo y 1>&2 1>f; a 2>&1"),
            "echo x >/dev/stderr; echo y >/dev/stderr >f; a 2>&1"
        );
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
        assert_eq!(unmark(&mark("a $B ${C} $(d) *")), "a $B ${C} $(d) *");
    }
}
