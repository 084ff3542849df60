//! The lexer: a port of Go's `text/template/parse/lex.go` (delimiters, trim markers,
//! comments, numbers, strings, keywords), producing the whole token list up front.

use crate::go::fmt::sharp_u;
use crate::go::strconv::quote as go_quote;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Error,
    Bool,
    Char,
    CharConst,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Ident,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    Str,
    Text,
    Variable,
    // Keywords.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl Kind {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            Kind::Block
                | Kind::Break
                | Kind::Continue
                | Kind::Dot
                | Kind::Define
                | Kind::Else
                | Kind::End
                | Kind::If
                | Kind::Nil
                | Kind::Range
                | Kind::Template
                | Kind::With
        )
    }
}

fn keyword(word: &str) -> Option<Kind> {
    Some(match word {
        "block" => Kind::Block,
        "break" => Kind::Break,
        "continue" => Kind::Continue,
        "define" => Kind::Define,
        "else" => Kind::Else,
        "end" => Kind::End,
        "if" => Kind::If,
        "nil" => Kind::Nil,
        "range" => Kind::Range,
        "template" => Kind::Template,
        "with" => Kind::With,
        _ => return None,
    })
}

#[derive(Clone, Debug)]
pub(super) struct Tok {
    pub(super) kind: Kind,
    pub(super) pos: usize,
    pub(super) line: usize,
    pub(super) val: String,
}

/// Go's item.String(), used in "unexpected ..." messages.
pub(super) fn tok_string(t: &Tok) -> String {
    match t.kind {
        Kind::Eof => "EOF".to_string(),
        Kind::Error => t.val.clone(),
        k if k.is_keyword() => format!("<{}>", t.val),
        _ if t.val.len() > 10 => {
            let head: String = t.val.chars().take(10).collect();
            format!("{}...", go_quote(&head))
        }
        _ => go_quote(&t.val),
    }
}

enum LexState {
    Text,
    Inside,
    Done,
}

/// Turns the source into tokens up to the end or the first error, as Go's lexer would
/// hand them to the parser one by one.
pub(super) struct Lexer<'s> {
    pub(super) src: &'s str,
    pub(super) pos: usize,
    start: usize,
    paren: i64,
    pub(super) toks: Vec<Tok>,
    line_pos: usize,
    pub(super) line: usize,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

fn has_left_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

fn has_right_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

fn left_trim_len(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\r', '\n']).len()
}

fn right_trim_len(s: &str) -> usize {
    s.len() - s.trim_end_matches([' ', '\t', '\r', '\n']).len()
}

impl<'s> Lexer<'s> {
    pub(super) fn new(src: &'s str) -> Self {
        Lexer {
            src,
            pos: 0,
            start: 0,
            paren: 0,
            toks: Vec::new(),
            line_pos: 0,
            line: 1,
        }
    }

    pub(super) fn run(mut self) -> Vec<Tok> {
        let mut state = LexState::Text;
        loop {
            state = match state {
                LexState::Text => self.lex_text(),
                LexState::Inside => self.lex_inside(),
                LexState::Done => break,
            };
        }
        if !matches!(self.toks.last(), Some(t) if matches!(t.kind, Kind::Eof | Kind::Error)) {
            let pos = self.src.len();
            self.push(Kind::Eof, pos, String::new());
        }
        self.toks
    }

    fn line_at(&mut self, pos: usize) -> usize {
        if pos < self.line_pos {
            self.line_pos = 0;
            self.line = 1;
        }
        let newlines = self
            .src
            .as_bytes()
            .get(self.line_pos..pos)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        self.line += newlines;
        self.line_pos = pos;
        self.line
    }

    pub(super) fn slice(&self, a: usize, b: usize) -> &'s str {
        self.src.get(a..b).unwrap_or("")
    }

    pub(super) fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    pub(super) fn push(&mut self, kind: Kind, pos: usize, val: String) {
        let line = self.line_at(pos);
        self.toks.push(Tok {
            kind,
            pos,
            line,
            val,
        });
    }

    fn emit(&mut self, kind: Kind) {
        let val = self.slice(self.start, self.pos).to_string();
        self.push(kind, self.start, val);
        self.start = self.pos;
    }

    fn error(&mut self, msg: String) -> LexState {
        self.push(Kind::Error, self.start, msg);
        LexState::Done
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn lex_text(&mut self) -> LexState {
        match self.rest().find("{{") {
            Some(x) => {
                if x > 0 {
                    self.pos += x;
                    let after = self.src.get(self.pos + 2..).unwrap_or("");
                    let trim = if has_left_trim(after) {
                        right_trim_len(self.slice(self.start, self.pos))
                    } else {
                        0
                    };
                    let end = self.pos - trim;
                    if end > self.start {
                        let val = self.slice(self.start, end).to_string();
                        self.push(Kind::Text, self.start, val);
                    }
                    self.start = self.pos;
                }
                self.lex_left_delim()
            }
            None => {
                self.pos = self.src.len();
                if self.pos > self.start {
                    self.emit(Kind::Text);
                }
                self.emit(Kind::Eof);
                LexState::Done
            }
        }
    }

    fn lex_left_delim(&mut self) -> LexState {
        self.pos += 2;
        let after = if has_left_trim(self.rest()) { 2 } else { 0 };
        if self
            .src
            .get(self.pos + after..)
            .unwrap_or("")
            .starts_with("/*")
        {
            self.pos += after;
            self.start = self.pos;
            return self.lex_comment();
        }
        self.emit(Kind::LeftDelim);
        self.pos += after;
        self.start = self.pos;
        self.paren = 0;
        LexState::Inside
    }

    fn lex_comment(&mut self) -> LexState {
        self.pos += 2;
        let Some(x) = self.rest().find("*/") else {
            return self.error("unclosed comment".into());
        };
        self.pos += x + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.error("comment ends before closing delimiter".into());
        }
        if trim {
            self.pos += 2;
        }
        self.pos += 2;
        if trim {
            self.pos += left_trim_len(self.rest());
        }
        self.start = self.pos;
        LexState::Text
    }

    /// Whether a right delimiter starts here, and whether it has a trim marker.
    fn at_right_delim(&self) -> (bool, bool) {
        let r = self.rest();
        if has_right_trim(r) && r.get(2..).is_some_and(|s| s.starts_with("}}")) {
            return (true, true);
        }
        (r.starts_with("}}"), false)
    }

    fn lex_right_delim(&mut self) -> LexState {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += 2;
            self.start = self.pos;
        }
        self.pos += 2;
        self.emit(Kind::RightDelim);
        if trim {
            self.pos += left_trim_len(self.rest());
            self.start = self.pos;
        }
        LexState::Text
    }

    fn lex_inside(&mut self) -> LexState {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren == 0 {
                return self.lex_right_delim();
            }
            return self.error("unclosed left paren".into());
        }
        let Some(c) = self.peek() else {
            return self.error("unclosed action".into());
        };
        if is_space(c) {
            return self.lex_space();
        }
        self.pos += c.len_utf8();
        match c {
            '=' => self.emit(Kind::Assign),
            ':' => {
                if self.bump() != Some('=') {
                    return self.error("expected :=".into());
                }
                self.emit(Kind::Declare);
            }
            '|' => self.emit(Kind::Pipe),
            '"' => return self.lex_quote(),
            '`' => return self.lex_raw_quote(),
            '$' => return self.lex_variable(),
            '\'' => return self.lex_char(),
            '.' => {
                if let Some(b) = self.src.as_bytes().get(self.pos) {
                    if !b.is_ascii_digit() {
                        return self.lex_field_or_variable(Kind::Field);
                    }
                }
                self.pos -= 1;
                return self.lex_number();
            }
            '+' | '-' | '0'..='9' => {
                self.pos -= 1;
                return self.lex_number();
            }
            c if is_alnum(c) => {
                self.pos -= c.len_utf8();
                return self.lex_identifier();
            }
            '(' => {
                self.paren += 1;
                self.emit(Kind::LeftParen);
            }
            ')' => {
                self.paren -= 1;
                if self.paren < 0 {
                    return self.error("unexpected right paren".into());
                }
                self.emit(Kind::RightParen);
            }
            c if c.is_ascii() && !c.is_ascii_control() => self.emit(Kind::Char),
            c => {
                return self.error(format!(
                    "unrecognized character in action: {}",
                    sharp_u(c as u32)
                ))
            }
        }
        LexState::Inside
    }

    fn lex_space(&mut self) -> LexState {
        let mut n = 0;
        while let Some(c) = self.peek() {
            if !is_space(c) {
                break;
            }
            self.pos += 1;
            n += 1;
        }
        // A trim-marked right delimiter starts with a space: leave that space to it.
        let last = self.pos.saturating_sub(1);
        let r = self.src.get(last..).unwrap_or("");
        if has_right_trim(r) && r.get(2..).is_some_and(|s| s.starts_with("}}")) {
            self.pos = last;
            if n == 1 {
                return self.lex_right_delim();
            }
        }
        self.emit(Kind::Space);
        LexState::Inside
    }

    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with("}}"),
        }
    }

    fn bad_char(&mut self) -> LexState {
        let c = self.peek().map_or(0xFFFD, |c| c as u32);
        self.error(format!("bad character {}", sharp_u(c)))
    }

    fn skip_alnum(&mut self) {
        while let Some(c) = self.peek() {
            if !is_alnum(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn lex_identifier(&mut self) -> LexState {
        self.skip_alnum();
        if !self.at_terminator() {
            return self.bad_char();
        }
        let word = self.slice(self.start, self.pos);
        let kind = match keyword(word) {
            Some(k) => k,
            None if word == "true" || word == "false" => Kind::Bool,
            None => Kind::Ident,
        };
        self.emit(kind);
        LexState::Inside
    }

    fn lex_variable(&mut self) -> LexState {
        if self.at_terminator() {
            self.emit(Kind::Variable);
            return LexState::Inside;
        }
        self.lex_field_or_variable(Kind::Variable)
    }

    fn lex_field_or_variable(&mut self, kind: Kind) -> LexState {
        if self.at_terminator() {
            self.emit(if kind == Kind::Variable {
                Kind::Variable
            } else {
                Kind::Dot
            });
            return LexState::Inside;
        }
        self.skip_alnum();
        if !self.at_terminator() {
            return self.bad_char();
        }
        self.emit(kind);
        LexState::Inside
    }

    fn lex_quoted(&mut self, quote: char, kind: Kind, what: &str) -> LexState {
        loop {
            match self.bump() {
                Some('\\') => match self.bump() {
                    None | Some('\n') => return self.error(format!("unterminated {what}")),
                    Some(_) => {}
                },
                None | Some('\n') => return self.error(format!("unterminated {what}")),
                Some(c) if c == quote => break,
                Some(_) => {}
            }
        }
        self.emit(kind);
        LexState::Inside
    }

    fn lex_char(&mut self) -> LexState {
        self.lex_quoted('\'', Kind::CharConst, "character constant")
    }

    fn lex_quote(&mut self) -> LexState {
        self.lex_quoted('"', Kind::Str, "quoted string")
    }

    fn lex_raw_quote(&mut self) -> LexState {
        loop {
            match self.bump() {
                None => return self.error("unterminated raw quoted string".into()),
                Some('`') => break,
                Some(_) => {}
            }
        }
        self.emit(Kind::RawString);
        LexState::Inside
    }

    fn lex_number(&mut self) -> LexState {
        if !self.scan_number() {
            let text = self.slice(self.start, self.pos);
            return self.error(format!("bad number syntax: {}", go_quote(text)));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            if !self.scan_number() || !self.slice(self.start, self.pos).ends_with('i') {
                let text = self.slice(self.start, self.pos);
                return self.error(format!("bad number syntax: {}", go_quote(text)));
            }
            self.emit(Kind::Complex);
        } else {
            self.emit(Kind::Number);
        }
        LexState::Inside
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if let Some(c) = self.peek() {
            if is_alnum(c) {
                self.pos += c.len_utf8();
                return false;
            }
        }
        true
    }
}
