//! BuildKit's shell-word lexer (`frontend/dockerfile/shell`): the variable expansion and word
//! splitting that the Dockerfile front end applies to ADD, COPY, ENV, EXPOSE, FROM, LABEL,
//! STOPSIGNAL, USER, VOLUME, WORKDIR and ARG defaults. RUN, CMD and ENTRYPOINT are left to the
//! shell in the container.
//!
//! It knows `$V`, `${V}`, `${V:-x}` `${V-x}`, `${V:+x}` `${V+x}`, `${V:?msg}` `${V?msg}`,
//! `${V#pat}` `${V##pat}` `${V%pat}` `${V%%pat}`, `${V/pat/repl}` `${V//pat/repl}`, single and
//! double quotes, and escapes with the Dockerfile's escape token (`\` or a backtick).

use crate::go::strconv;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// Where the lexer looks variables up.
pub trait Env {
    /// The value of `name`, or None when it is not set (set to "" is Some("")).
    fn lookup(&self, name: &str) -> Option<&str>;
}

/// Variables from `KEY=value` strings or pairs; a later key wins, and a `KEY` with no `=` is
/// set to "" (BuildKit's `EnvsFromSlice`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvMap {
    map: HashMap<String, String>,
    keys: Vec<String>,
}

impl EnvMap {
    pub fn new() -> Self {
        EnvMap::default()
    }

    /// From `KEY=value` strings.
    pub fn from_slice<S: AsRef<str>>(env: &[S]) -> Self {
        let mut m = EnvMap::new();
        for e in env {
            let e = e.as_ref();
            match e.split_once('=') {
                Some((k, v)) => m.set(k, v),
                None => m.set(e, ""),
            }
        }
        m
    }

    /// From (key, value) pairs.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Self {
        let mut m = EnvMap::new();
        for (k, v) in pairs {
            m.set(k.as_ref(), v.as_ref());
        }
        m
    }

    pub fn set(&mut self, key: &str, value: &str) {
        if self
            .map
            .insert(key.to_string(), value.to_string())
            .is_none()
        {
            self.keys.push(key.to_string());
        }
    }

    /// Keys in the order they were first set.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }
}

impl Env for EnvMap {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.map.get(name).map(String::as_str)
    }
}

/// Why a word could not be processed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexErrorKind {
    /// End of input inside `${...}` (or a nested word) before the `stop` character.
    UnexpectedEnd(char),
    UnterminatedSingleQuote,
    UnterminatedDoubleQuote,
    MissingBrace,
    MissingSlash,
    BadSubstitution,
    /// The modifier text, e.g. `:=` or `.`.
    UnsupportedModifier(String),
    /// `${V?msg}` / `${V:?msg}`: the variable and the message.
    Required {
        name: String,
        message: String,
    },
    /// A `#`, `%` or `/` pattern with a bad escape.
    InvalidPattern {
        pattern: String,
        reason: String,
    },
}

impl fmt::Display for LexErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LexErrorKind::UnexpectedEnd(c) => {
                write!(
                    f,
                    "unexpected end of statement while looking for matching {c}"
                )
            }
            LexErrorKind::UnterminatedSingleQuote => {
                f.write_str("unexpected end of statement while looking for matching single-quote")
            }
            LexErrorKind::UnterminatedDoubleQuote => {
                f.write_str("unexpected end of statement while looking for matching double-quote")
            }
            LexErrorKind::MissingBrace => f.write_str("syntax error: missing '}'"),
            LexErrorKind::MissingSlash => f.write_str("syntax error: missing '/' in ${}"),
            LexErrorKind::BadSubstitution => f.write_str("syntax error: bad substitution"),
            LexErrorKind::UnsupportedModifier(m) => {
                write!(f, "unsupported modifier ({m}) in substitution")
            }
            LexErrorKind::Required { name, message } => write!(f, "{name}: {message}"),
            LexErrorKind::InvalidPattern { pattern, reason } => {
                write!(f, "invalid pattern ({pattern}) in substitution: {reason}")
            }
        }
    }
}

/// A word that could not be processed: `failed to process "word": reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub word: String,
    pub kind: LexErrorKind,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "failed to process {}: {}",
            strconv::quote(&self.word),
            self.kind
        )
    }
}

impl std::error::Error for LexError {}

/// What processing a word gave, with the variables it found set and unset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Processed {
    /// The word as one string (ProcessWord).
    pub result: String,
    /// The word split into words after expansion (ProcessWords).
    pub words: Vec<String>,
    pub matched: BTreeSet<String>,
    pub unmatched: BTreeSet<String>,
}

/// The lexer's settings (BuildKit's `shell.Lex`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lex {
    /// `\` or a backtick.
    pub escape: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape tokens in the output.
    pub raw_escapes: bool,
    /// Quotes are ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as they are written.
    pub skip_unset_env: bool,
}

impl Lex {
    pub fn new(escape: char) -> Self {
        Lex {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// Expands `word` into one string; spaces between words are kept.
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<String, LexError> {
        self.process(word, env).map(|p| p.result)
    }

    /// Expands `word` and splits it into words; quoted spaces do not split.
    pub fn process_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, LexError> {
        self.process(word, env).map(|p| p.words)
    }

    /// Expands `word`, reporting which variables were found set and unset.
    pub fn process(&self, word: &str, env: &dyn Env) -> Result<Processed, LexError> {
        let mut sw = ShellWord {
            lex: *self,
            src: word.chars().collect(),
            pos: 0,
            env,
            raw_escapes: self.raw_escapes,
            matched: BTreeSet::new(),
            unmatched: BTreeSet::new(),
        };
        match sw.process_stop_on(None, self.raw_escapes) {
            Ok((result, words)) => Ok(Processed {
                result,
                words,
                matched: sw.matched,
                unmatched: sw.unmatched,
            }),
            Err(kind) => Err(LexError {
                word: word.to_string(),
                kind,
            }),
        }
    }
}

type Step<T> = Result<T, LexErrorKind>;

struct ShellWord<'a> {
    lex: Lex,
    src: Vec<char>,
    pos: usize,
    env: &'a dyn Env,
    raw_escapes: bool,
    matched: BTreeSet<String>,
    unmatched: BTreeSet<String>,
}

/// Words being split as characters arrive.
#[derive(Default)]
struct Words {
    buf: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, c: char) {
        if c.is_whitespace() && self.in_word {
            if !self.buf.is_empty() {
                self.words.push(std::mem::take(&mut self.buf));
                self.in_word = false;
            }
        } else if !c.is_whitespace() {
            self.add_raw_char(c);
        }
    }

    fn add_raw_char(&mut self, c: char) {
        self.buf.push(c);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        for c in s.chars() {
            self.add_char(c);
        }
    }

    fn add_raw_string(&mut self, s: &str) {
        self.buf.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.buf.is_empty() {
            self.words.push(std::mem::take(&mut self.buf));
        }
        self.words
    }
}

impl ShellWord<'_> {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.src.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    /// Processes up to the end of input or to `stop` (consumed).
    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Step<(String, Vec<String>)> {
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        let r = self.stop_on(stop);
        self.raw_escapes = saved;
        r
    }

    fn stop_on(&mut self, stop: Option<char>) -> Step<(String, Vec<String>)> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.next();
                return Ok((result, words.finish()));
            }
            let quotes = !self.lex.skip_process_quotes;
            if c == '$' {
                let tmp = self.process_dollar()?;
                result.push_str(&tmp);
                words.add_string(&tmp);
            } else if quotes && c == '\'' {
                let tmp = self.process_single_quote()?;
                result.push_str(&tmp);
                words.add_raw_string(&tmp);
            } else if quotes && c == '"' {
                let tmp = self.process_double_quote()?;
                result.push_str(&tmp);
                words.add_raw_string(&tmp);
            } else {
                let mut c = self.next().unwrap_or(c);
                if c == self.lex.escape {
                    if self.raw_escapes {
                        words.add_raw_char(c);
                        result.push(c);
                    }
                    match self.next() {
                        // An escape at the end of the word is dropped.
                        None => break,
                        Some(n) => c = n,
                    }
                    words.add_raw_char(c);
                } else {
                    words.add_char(c);
                }
                result.push(c);
            }
        }
        if let Some(s) = stop {
            return Err(LexErrorKind::UnexpectedEnd(s));
        }
        Ok((result, words.finish()))
    }

    fn process_single_quote(&mut self) -> Step<String> {
        // Everything up to the next ' is literal; a ' cannot be escaped.
        let mut result = String::new();
        let open = self.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.next() {
                None => return Err(LexErrorKind::UnterminatedSingleQuote),
                Some('\'') => {
                    if self.lex.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn process_double_quote(&mut self) -> Step<String> {
        // Literal except for $ and the escape token, which escapes only " $ and itself.
        let mut result = String::new();
        let open = self.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.peek() {
                None => return Err(LexErrorKind::UnterminatedDoubleQuote),
                Some('"') => {
                    self.next();
                    if self.lex.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let v = self.process_dollar()?;
                    result.push_str(&v);
                }
                Some(_) => {
                    let mut c = self.next().unwrap_or_default();
                    if c == self.lex.escape {
                        if self.raw_escapes {
                            result.push(c);
                        }
                        match self.peek() {
                            // An escape at the end of the word is dropped.
                            None => continue,
                            Some(n) if n == '"' || n == '$' || n == self.lex.escape => {
                                c = n;
                                self.next();
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(c);
                }
            }
        }
    }

    fn get_env(&mut self, name: &str) -> Option<String> {
        match self.env.lookup(name) {
            Some(v) => {
                self.matched.insert(name.to_string());
                Some(v.to_string())
            }
            None => {
                self.unmatched.insert(name.to_string());
                None
            }
        }
    }

    fn process_dollar(&mut self) -> Step<String> {
        self.next(); // the $
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(match self.get_env(&name) {
                Some(v) => v,
                None if self.lex.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.next(); // the {
        match self.peek() {
            None => return Err(LexErrorKind::MissingBrace),
            Some('{') | Some('}') | Some(':') => return Err(LexErrorKind::BadSubstitution),
            _ => {}
        }
        let name = self.process_name();
        let c = self.next();
        let mut modifier = c
            .map(String::from)
            .unwrap_or_else(|| "\u{fffd}".to_string());
        match c {
            Some('}') => Ok(match self.get_env(&name) {
                Some(v) => v,
                None if self.lex.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some(':') | Some('+') | Some('-') | Some('?') | Some('#') | Some('%') => {
                let null_is_unset = c == Some(':');
                let op = if null_is_unset {
                    let o = self.next();
                    modifier.push(o.unwrap_or('\u{fffd}'));
                    o
                } else {
                    c
                };
                let raw = matches!(op, Some('#') | Some('%'));
                if null_is_unset && raw {
                    return Err(LexErrorKind::UnsupportedModifier(modifier));
                }
                let (word, _) = self.nested('}', raw, LexErrorKind::MissingBrace)?;
                let value = self.get_env(&name);
                if self.lex.skip_unset_env && value.is_none() {
                    return Ok(format!("${{{name}{modifier}{word}}}"));
                }
                let empty = value
                    .as_deref()
                    .is_none_or(|v| null_is_unset && v.is_empty());
                match op {
                    Some('-') => Ok(if empty {
                        word
                    } else {
                        value.unwrap_or_default()
                    }),
                    Some('+') => Ok(if empty { String::new() } else { word }),
                    Some('?') => match value {
                        None => Err(required(&name, &word, "is not allowed to be unset")),
                        Some(v) if null_is_unset && v.is_empty() => {
                            Err(required(&name, &word, "is not allowed to be empty"))
                        }
                        Some(v) => Ok(v),
                    },
                    Some(m @ '#') | Some(m @ '%') => {
                        let value = value.unwrap_or_default();
                        let (pattern, greedy) = match word.strip_prefix(m) {
                            Some(rest) => (rest.to_string(), true),
                            None => (word.clone(), false),
                        };
                        let toks = compile_pattern(&pattern)?;
                        Ok(if m == '#' {
                            trim_prefix(&toks, &value, greedy)
                        } else {
                            trim_suffix(&toks, &value, greedy)
                        })
                    }
                    _ => Err(LexErrorKind::UnsupportedModifier(modifier)),
                }
            }
            Some('/') => {
                let all = self.peek() == Some('/');
                if all {
                    self.next();
                }
                let (pattern, _) = self.nested('/', true, LexErrorKind::MissingSlash)?;
                let (replacement, _) = self.nested('}', true, LexErrorKind::MissingBrace)?;
                let value = self.get_env(&name);
                let Some(value) = value else {
                    if self.lex.skip_unset_env {
                        return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
                    }
                    return Ok(String::new());
                };
                let toks = compile_pattern(&pattern)?;
                Ok(replace(&toks, &value, &replacement, all))
            }
            _ => Err(LexErrorKind::UnsupportedModifier(modifier)),
        }
    }

    /// A nested word up to `stop`; running out of input is `at_end`.
    fn nested(
        &mut self,
        stop: char,
        raw: bool,
        at_end: LexErrorKind,
    ) -> Step<(String, Vec<String>)> {
        match self.process_stop_on(Some(stop), raw) {
            Ok(r) => Ok(r),
            Err(_) if self.peek().is_none() => Err(at_end),
            Err(e) => Err(e),
        }
    }

    /// A variable name: letters, digits and `_`; or all the digits of a positional
    /// parameter; or one special parameter character.
    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if name.is_empty() && c.is_ascii_digit() {
                while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    name.push(d);
                    self.next();
                }
                return name;
            }
            if name.is_empty() && matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.next();
                return c.to_string();
            }
            if !c.is_alphanumeric() && c != '_' {
                break;
            }
            name.push(c);
            self.next();
        }
        name
    }
}

fn required(name: &str, word: &str, default: &str) -> LexErrorKind {
    LexErrorKind::Required {
        name: name.to_string(),
        message: if word.is_empty() {
            default.to_string()
        } else {
            word.to_string()
        },
    }
}

/// One element of a shell pattern (BuildKit has no bracket expressions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Lit(char),
    /// `?`: any one character but a newline (Go's `.`).
    Any,
    /// `*`: any run of characters without a newline (Go's `.*`).
    Star,
}

/// `convertShellPatternToRegex`: `\*`, `\?` and `\\` are literal; `\}` and `\/` are the
/// character after the backslash; any other escape is an error.
fn compile_pattern(pattern: &str) -> Step<Vec<Tok>> {
    let mut toks = Vec::new();
    let mut it = pattern.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '*' => toks.push(Tok::Star),
            '?' => toks.push(Tok::Any),
            '\\' => {
                if matches!(it.peek(), Some('}') | Some('/')) {
                    continue;
                }
                match it.next() {
                    Some(e @ ('*' | '?' | '\\')) => toks.push(Tok::Lit(e)),
                    other => {
                        return Err(LexErrorKind::InvalidPattern {
                            pattern: pattern.to_string(),
                            reason: format!("invalid escape '\\{}'", other.unwrap_or('\u{fffd}')),
                        })
                    }
                }
            }
            c => toks.push(Tok::Lit(c)),
        }
    }
    Ok(toks)
}

/// The ends (in characters from `start`) at which `toks` matches `s[start..]`, shortest first.
fn match_ends(toks: &[Tok], s: &[char], start: usize) -> Vec<usize> {
    let m = toks.len();
    let close = |set: &mut Vec<bool>| {
        for i in 0..m {
            if set[i] && toks[i] == Tok::Star {
                set[i + 1] = true;
            }
        }
    };
    let mut cur = vec![false; m + 1];
    cur[0] = true;
    close(&mut cur);
    let mut ends = Vec::new();
    let mut pos = start;
    loop {
        if cur[m] {
            ends.push(pos - start);
        }
        let Some(&c) = s.get(pos) else { break };
        let mut next = vec![false; m + 1];
        let mut any = false;
        for i in 0..m {
            if !cur[i] {
                continue;
            }
            let ok = match toks[i] {
                Tok::Lit(l) => l == c,
                Tok::Any => c != '\n',
                Tok::Star => {
                    if c != '\n' {
                        next[i] = true;
                        any = true;
                    }
                    false
                }
            };
            if ok {
                next[i + 1] = true;
                any = true;
            }
        }
        if !any {
            break;
        }
        close(&mut next);
        cur = next;
        pos += 1;
    }
    ends
}

fn pick(ends: &[usize], greedy: bool) -> Option<usize> {
    if greedy {
        ends.last().copied()
    } else {
        ends.first().copied()
    }
}

/// `${V#pat}` / `${V##pat}`: drops the shortest (longest) matching prefix.
fn trim_prefix(toks: &[Tok], value: &str, greedy: bool) -> String {
    let s: Vec<char> = value.chars().collect();
    match pick(&match_ends(toks, &s, 0), greedy) {
        Some(n) => s[n..].iter().collect(),
        None => value.to_string(),
    }
}

/// `${V%pat}` / `${V%%pat}`: drops the shortest (longest) matching suffix, found as BuildKit
/// finds it, as a prefix of the reversed value.
fn trim_suffix(toks: &[Tok], value: &str, greedy: bool) -> String {
    let rev_toks: Vec<Tok> = toks.iter().rev().copied().collect();
    let rev: Vec<char> = value.chars().rev().collect();
    match pick(&match_ends(&rev_toks, &rev, 0), greedy) {
        Some(n) => rev[n..].iter().rev().collect(),
        None => value.to_string(),
    }
}

/// The leftmost match at or after `from`, longest at its start: (start, end) in characters.
fn find(toks: &[Tok], s: &[char], from: usize) -> Option<(usize, usize)> {
    (from..=s.len()).find_map(|start| {
        match_ends(toks, s, start)
            .last()
            .map(|n| (start, start + n))
    })
}

/// `${V/pat/repl}` (first match) and `${V//pat/repl}` (all, as Go's ReplaceAllString walks
/// them: an empty match right after a match is not replaced).
fn replace(toks: &[Tok], value: &str, replacement: &str, all: bool) -> String {
    let s: Vec<char> = value.chars().collect();
    if !all {
        return match find(toks, &s, 0) {
            Some((a, b)) => {
                let mut out: String = s[..a].iter().collect();
                out.push_str(replacement);
                out.extend(&s[b..]);
                out
            }
            None => value.to_string(),
        };
    }
    let mut out = String::new();
    let mut last_end = 0;
    let mut search = 0;
    while search <= s.len() {
        let Some((a, b)) = find(toks, &s, search) else {
            break;
        };
        out.extend(&s[last_end..a]);
        if b > last_end || a == 0 {
            out.push_str(replacement);
        }
        last_end = b;
        search = if search + 1 > b { search + 1 } else { b };
    }
    out.extend(&s[last_end.min(s.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let t = compile_pattern("*x*y").unwrap();
        assert_eq!(trim_prefix(&t, "xxyy", false), "y");
        assert_eq!(
            trim_prefix(&compile_pattern("*x").unwrap(), "xxyy", true),
            "yy"
        );
        assert_eq!(
            trim_suffix(&compile_pattern("\\**").unwrap(), "xx**", true),
            "xx"
        );
        assert!(compile_pattern("\\").is_err());
        assert!(compile_pattern("\\x").is_err());
        assert!(compile_pattern("\\\\\\").is_err());
        assert_eq!(
            replace(&compile_pattern("").unwrap(), "ab", "-", true),
            "-a-b-"
        );
    }
}
