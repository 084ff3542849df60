//! The regular expressions of `grep` (host and container shells alike), POSIX basic
//! (BRE) and extended (ERE) syntax with GNU's extensions, as glibc compiles them:
//! `.`, bracket expressions with ranges and `[:classes:]`, `*`, intervals, groups,
//! alternation, `^` and `$`, `\w \W \s \S \b \B \< \>`; in BRE `\+`, `\?`, `\|`,
//! `\(`, `\)` and `\{m,n\}`. Back-references are not supported (`\1` is `1`).
//!
//! Matching is leftmost-longest (what `grep -o` prints) and computes sets of end
//! positions, so no pattern backtracks exponentially; the work is bounded too, and a
//! line that would take too long simply does not match.

/// Why a pattern does not compile: glibc's `regerror` texts, as grep prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegexError {
    /// `\{` without its `\}`.
    UnmatchedBrace,
    /// A malformed interval (`\{2,1\}`, `\{x\}`).
    BadInterval,
    /// Nesting or repetition past the engine's limits.
    TooBig,
    TrailingBackslash,
    UnmatchedCloseParen,
    UnmatchedOpenParen,
    UnmatchedBracket,
    BadClassName,
    BadRangeEnd,
}

impl std::fmt::Display for RegexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RegexError::UnmatchedBrace => "Unmatched \\{",
            RegexError::BadInterval => "Invalid content of \\{\\}",
            RegexError::TooBig => "Regular expression too big",
            RegexError::TrailingBackslash => "Trailing backslash",
            RegexError::UnmatchedCloseParen => "Unmatched ) or \\)",
            RegexError::UnmatchedOpenParen => "Unmatched ( or \\(",
            RegexError::UnmatchedBracket => "Unmatched [, [^, [:, [., or [=",
            RegexError::BadClassName => "Invalid character class name",
            RegexError::BadRangeEnd => "Invalid range end",
        })
    }
}

impl std::error::Error for RegexError {}

use std::collections::BTreeSet;

/// Which syntax a pattern is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Basic,
    Extended,
    /// `grep -F`: every character is itself.
    Fixed,
}

#[derive(Clone, Debug)]
enum Class {
    Char(char),
    Range(char, char),
    Named(String),
}

#[derive(Clone, Debug)]
enum Node {
    Char(char),
    Any,
    Set(bool, Vec<Class>),
    Start,
    End,
    WordBoundary(bool),
    WordStart,
    WordEnd,
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Regex {
    node: Node,
    icase: bool,
}

/// Groups nested deeper than this are refused (the parser and matcher recurse per level).
const MAX_NESTING: usize = 200;
/// The largest count of an interval (glibc's RE_DUP_MAX).
const DUP_MAX: u32 = 32767;
/// Steps one line may take before it is given up as not matching.
const BUDGET: usize = 4_000_000;

struct Parser<'a> {
    p: &'a [char],
    i: usize,
    ere: bool,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.p.get(self.i).copied()
    }

    fn peek2(&self) -> Option<char> {
        self.p.get(self.i + 1).copied()
    }

    /// At a `|` (ERE) or `\|` (BRE)?
    fn at_alt(&self) -> bool {
        if self.ere {
            self.peek() == Some('|')
        } else {
            self.peek() == Some('\\') && self.peek2() == Some('|')
        }
    }

    /// At a `)` (ERE, inside a group) or `\)` (BRE)?
    fn at_close(&self) -> bool {
        if self.ere {
            self.peek() == Some(')') && self.depth > 0
        } else {
            self.peek() == Some('\\') && self.peek2() == Some(')')
        }
    }

    fn alternation(&mut self) -> Result<Node, RegexError> {
        let mut alts = vec![self.sequence()?];
        while self.at_alt() {
            self.i += if self.ere { 1 } else { 2 };
            alts.push(self.sequence()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alt(alts)
        })
    }

    fn sequence(&mut self) -> Result<Node, RegexError> {
        let mut items: Vec<Node> = Vec::new();
        let begin = self.i;
        while self.peek().is_some() && !self.at_alt() && !self.at_close() {
            let at_start = self.i == begin;
            let c = self.peek().unwrap_or('\0');
            // `*` (and in ERE the other repetitions) with nothing before it is literal.
            let repeat_op = match c {
                '*' => true,
                '+' | '?' | '{' => self.ere,
                '\\' => !self.ere && matches!(self.peek2(), Some('+' | '?' | '{')),
                _ => false,
            };
            let prev_repeatable = items.last().is_some_and(|n| !matches!(n, Node::Start));
            if repeat_op && prev_repeatable {
                if let Some((min, max)) = self.repetition()? {
                    let Some(last) = items.pop() else {
                        continue;
                    };
                    if max.is_some_and(|m| m < min) {
                        return Err(RegexError::BadInterval);
                    }
                    items.push(Node::Repeat(Box::new(last), min, max));
                    continue;
                }
            }
            let node = self.atom(at_start)?;
            items.push(node);
        }
        Ok(Node::Concat(items))
    }

    /// Parses a repetition operator; `None` when `{` does not start an interval (ERE:
    /// then it is a literal).
    fn repetition(&mut self) -> Result<Option<(u32, Option<u32>)>, RegexError> {
        let c = self.peek().unwrap_or('\0');
        let (op, width) = if c == '\\' {
            (self.peek2().unwrap_or('\0'), 2)
        } else {
            (c, 1)
        };
        match op {
            '*' => {
                self.i += width;
                Ok(Some((0, None)))
            }
            '+' => {
                self.i += width;
                Ok(Some((1, None)))
            }
            '?' => {
                self.i += width;
                Ok(Some((0, Some(1))))
            }
            _ => {
                // An interval: `{m}`, `{m,}`, `{,n}`, `{m,n}` (BRE: `\{...\}`).
                let save = self.i;
                self.i += width;
                let num = |s: &mut Self| -> Option<u32> {
                    let start = s.i;
                    while s.peek().is_some_and(|c| c.is_ascii_digit()) {
                        s.i += 1;
                    }
                    let digits: String = s.p.get(start..s.i)?.iter().collect();
                    digits.parse().ok()
                };
                let min = num(self);
                let max = if self.peek() == Some(',') {
                    self.i += 1;
                    num(self)
                } else {
                    min.or(Some(0))
                };
                let closed = if self.ere {
                    self.peek() == Some('}')
                } else {
                    self.peek() == Some('\\') && self.peek2() == Some('}')
                };
                if !closed {
                    if self.ere {
                        self.i = save;
                        return Ok(None);
                    }
                    return Err(RegexError::UnmatchedBrace);
                }
                self.i += if self.ere { 1 } else { 2 };
                let min = min.unwrap_or(0);
                if min > DUP_MAX || max.is_some_and(|m| m > DUP_MAX) {
                    return Err(RegexError::TooBig);
                }
                Ok(Some((min, max)))
            }
        }
    }

    fn atom(&mut self, at_start: bool) -> Result<Node, RegexError> {
        let c = self.peek().unwrap_or('\0');
        self.i += 1;
        match c {
            '.' => Ok(Node::Any),
            '[' => self.bracket(),
            '^' if self.ere || at_start => Ok(Node::Start),
            '$' if self.ere || self.peek().is_none() || self.at_close() || self.at_alt() => {
                Ok(Node::End)
            }
            '(' if self.ere => self.group(),
            '\\' => {
                let Some(e) = self.peek() else {
                    return Err(RegexError::TrailingBackslash);
                };
                self.i += 1;
                match e {
                    '(' if !self.ere => self.group(),
                    ')' if !self.ere => Err(RegexError::UnmatchedCloseParen),
                    'w' => Ok(Node::Set(false, vec![Class::Named("word".into())])),
                    'W' => Ok(Node::Set(true, vec![Class::Named("word".into())])),
                    's' => Ok(Node::Set(false, vec![Class::Named("space".into())])),
                    'S' => Ok(Node::Set(true, vec![Class::Named("space".into())])),
                    'b' => Ok(Node::WordBoundary(true)),
                    'B' => Ok(Node::WordBoundary(false)),
                    '<' => Ok(Node::WordStart),
                    '>' => Ok(Node::WordEnd),
                    other => Ok(Node::Char(other)),
                }
            }
            other => Ok(Node::Char(other)),
        }
    }

    fn group(&mut self) -> Result<Node, RegexError> {
        if self.depth >= MAX_NESTING {
            return Err(RegexError::TooBig);
        }
        self.depth += 1;
        let inner = self.alternation()?;
        self.depth -= 1;
        let closed = if self.ere {
            self.peek() == Some(')')
        } else {
            self.peek() == Some('\\') && self.peek2() == Some(')')
        };
        if !closed {
            return Err(RegexError::UnmatchedOpenParen);
        }
        self.i += if self.ere { 1 } else { 2 };
        Ok(inner)
    }

    fn bracket(&mut self) -> Result<Node, RegexError> {
        let negate = self.peek() == Some('^');
        if negate {
            self.i += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(RegexError::UnmatchedBracket);
            };
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            if c == '[' && matches!(self.peek2(), Some(':' | '=' | '.')) {
                let kind = self.peek2().unwrap_or(':');
                let start = self.i + 2;
                let mut j = start;
                while self.p.get(j).is_some()
                    && !(self.p.get(j) == Some(&kind) && self.p.get(j + 1) == Some(&']'))
                {
                    j += 1;
                }
                if self.p.get(j).is_none() {
                    return Err(RegexError::UnmatchedBracket);
                }
                let name: String = self.p.get(start..j).unwrap_or(&[]).iter().collect();
                self.i = j + 2;
                if kind == ':' {
                    if !matches!(
                        name.as_str(),
                        "alpha"
                            | "digit"
                            | "alnum"
                            | "upper"
                            | "lower"
                            | "space"
                            | "blank"
                            | "punct"
                            | "print"
                            | "graph"
                            | "cntrl"
                            | "xdigit"
                    ) {
                        return Err(RegexError::BadClassName);
                    }
                    items.push(Class::Named(name));
                } else {
                    items.extend(name.chars().map(Class::Char));
                }
                continue;
            }
            self.i += 1;
            if self.peek() == Some('-') && self.peek2().is_some_and(|n| n != ']') {
                let hi = self.peek2().unwrap_or(c);
                self.i += 2;
                if hi < c {
                    return Err(RegexError::BadRangeEnd);
                }
                items.push(Class::Range(c, hi));
            } else {
                items.push(Class::Char(c));
            }
        }
        Ok(Node::Set(negate, items))
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn named(name: &str, c: char) -> bool {
    match name {
        "alpha" => c.is_alphabetic(),
        "digit" => c.is_ascii_digit(),
        "alnum" => c.is_alphanumeric(),
        "upper" => c.is_uppercase(),
        "lower" => c.is_lowercase(),
        "space" => c.is_whitespace(),
        "blank" => c == ' ' || c == '\t',
        "punct" => c.is_ascii_punctuation(),
        "print" => !c.is_control(),
        "graph" => !c.is_control() && !c.is_whitespace(),
        "cntrl" => c.is_control(),
        "xdigit" => c.is_ascii_hexdigit(),
        "word" => is_word(c),
        _ => false,
    }
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

impl Regex {
    /// Compiles `pattern`; the error is glibc's `regerror` text.
    pub fn new(pattern: &str, syntax: Syntax, icase: bool) -> Result<Regex, RegexError> {
        let chars: Vec<char> = pattern.chars().collect();
        let node = if syntax == Syntax::Fixed {
            Node::Concat(chars.into_iter().map(Node::Char).collect())
        } else {
            let mut p = Parser {
                p: &chars,
                i: 0,
                ere: syntax == Syntax::Extended,
                depth: 0,
            };
            let n = p.alternation()?;
            if p.i < chars.len() {
                return Err(RegexError::UnmatchedCloseParen);
            }
            n
        };
        Ok(Regex { node, icase })
    }

    /// Any of several patterns (`grep -e A -e B`).
    pub fn any(pats: Vec<Regex>, icase: bool) -> Regex {
        Regex {
            node: Node::Alt(pats.into_iter().map(|r| r.node).collect()),
            icase,
        }
    }

    /// True when the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &[char]) -> bool {
        let mut budget = BUDGET;
        (0..=text.len()).any(|s| !self.ends(&self.node, text, s, &mut budget).is_empty())
    }

    /// Where the match ending farthest starts at `start` ends, every end position sorted.
    pub fn ends_at(&self, text: &[char], start: usize) -> Vec<usize> {
        let mut budget = BUDGET;
        self.ends(&self.node, text, start, &mut budget)
            .into_iter()
            .collect()
    }

    /// The leftmost-longest match at or after `from` whose span passes `accept`.
    pub fn find_from(
        &self,
        text: &[char],
        from: usize,
        accept: &dyn Fn(usize, usize) -> bool,
    ) -> Option<(usize, usize)> {
        let mut budget = BUDGET;
        for s in from..=text.len() {
            let ends = self.ends(&self.node, text, s, &mut budget);
            if let Some(e) = ends.into_iter().rev().find(|e| accept(s, *e)) {
                return Some((s, e));
            }
            if budget == 0 {
                return None;
            }
        }
        None
    }

    fn char_eq(&self, a: char, b: char) -> bool {
        a == b || (self.icase && fold(a) == fold(b))
    }

    fn in_set(&self, negate: bool, items: &[Class], c: char) -> bool {
        let test = |x: char| {
            items.iter().any(|it| match it {
                Class::Char(a) => *a == x,
                Class::Range(a, b) => *a <= x && x <= *b,
                Class::Named(n) => named(n, x),
            })
        };
        let hit =
            test(c) || (self.icase && (c.to_lowercase().any(&test) || c.to_uppercase().any(&test)));
        hit != negate
    }

    fn ends(&self, node: &Node, t: &[char], pos: usize, budget: &mut usize) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        if *budget == 0 {
            return out;
        }
        *budget -= 1;
        let at = |i: usize| t.get(i).copied();
        let word_before = pos > 0 && at(pos - 1).is_some_and(is_word);
        let word_after = at(pos).is_some_and(is_word);
        match node {
            Node::Char(c) => {
                if at(pos).is_some_and(|x| self.char_eq(*c, x)) {
                    out.insert(pos + 1);
                }
            }
            Node::Any => {
                if pos < t.len() {
                    out.insert(pos + 1);
                }
            }
            Node::Set(neg, items) => {
                if at(pos).is_some_and(|x| self.in_set(*neg, items, x)) {
                    out.insert(pos + 1);
                }
            }
            Node::Start => {
                if pos == 0 {
                    out.insert(pos);
                }
            }
            Node::End => {
                if pos == t.len() {
                    out.insert(pos);
                }
            }
            Node::WordBoundary(yes) => {
                if (word_before != word_after) == *yes {
                    out.insert(pos);
                }
            }
            Node::WordStart => {
                if !word_before && word_after {
                    out.insert(pos);
                }
            }
            Node::WordEnd => {
                if word_before && !word_after {
                    out.insert(pos);
                }
            }
            Node::Concat(items) => {
                let mut cur = BTreeSet::from([pos]);
                for n in items {
                    let mut next = BTreeSet::new();
                    for p in cur {
                        next.extend(self.ends(n, t, p, budget));
                    }
                    if next.is_empty() {
                        return next;
                    }
                    cur = next;
                }
                out = cur;
            }
            Node::Alt(alts) => {
                for n in alts {
                    out.extend(self.ends(n, t, pos, budget));
                }
            }
            Node::Repeat(inner, min, max) => {
                if *min == 0 {
                    out.insert(pos);
                }
                let mut frontier = BTreeSet::from([pos]);
                let mut k: u32 = 0;
                while !frontier.is_empty() && *budget > 0 {
                    k += 1;
                    if max.is_some_and(|m| k > m) {
                        break;
                    }
                    let mut next = BTreeSet::new();
                    for p in &frontier {
                        next.extend(self.ends(inner, t, *p, budget));
                    }
                    if k >= *min {
                        // Positions already reached need no second expansion.
                        frontier = next.difference(&out).copied().collect();
                        out.extend(next);
                    } else {
                        frontier = next;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, syntax: Syntax, t: &str) -> bool {
        let t: Vec<char> = t.chars().collect();
        Regex::new(p, syntax, false).is_ok_and(|r| r.is_match(&t))
    }

    #[test]
    fn basic_and_extended() {
        use Syntax::*;
        assert!(m("nginx", Basic, "docker.io/nginx:1"));
        assert!(m("^REPO", Basic, "REPOSITORY  TAG"));
        assert!(!m("^TAG", Basic, "REPOSITORY  TAG"));
        assert!(m("1\\.16$", Basic, "nginx:1.16"));
        assert!(m("a.*c", Basic, "abbbc"));
        assert!(m("[0-9]+MB", Extended, "size 133MB"));
        assert!(!m("[0-9]+MB", Basic, "size 133MB"));
        assert!(m("[0-9]\\+MB", Basic, "size 133MB"));
        assert!(!m("[^a-z]", Basic, "abc"));
        assert!(m("colou?r", Extended, "color"));
        assert!(m("", Basic, "anything"));
        assert!(m("^(a|b)c{2}$", Extended, "bcc"));
        assert!(m("^\\(a\\|b\\)c\\{2\\}$", Basic, "acc"));
        assert!(m("a.b", Fixed, "xa.b"));
        assert!(!m("a.b", Fixed, "axb"));
        assert!(m("\\<wo", Basic, "a word"));
        assert!(m("*a", Basic, "x*a"));
        assert!(Regex::new("[a", Basic, false).is_err());
        assert!(Regex::new("\\(a", Basic, false).is_err());
        let r = Regex::new("fo*", Basic, false).unwrap();
        let t: Vec<char> = "xfooo".chars().collect();
        assert_eq!(r.find_from(&t, 0, &|_, _| true), Some((1, 5)));
    }

    #[test]
    fn nested_and_long_patterns_stay_bounded() {
        let deep = format!("{}a{}", "\\(".repeat(5000), "\\)".repeat(5000));
        assert!(Regex::new(&deep, Syntax::Basic, false).is_err());
        let stars = "a*".repeat(5000);
        let r = Regex::new(&stars, Syntax::Basic, false).unwrap();
        let t: Vec<char> = "x".repeat(1000).chars().collect();
        let _ = r.is_match(&t);
    }
}
