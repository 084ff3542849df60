//! Go's `text/template`, the part docker/cli uses for `--format` (`docker images`,
//! `docker history`, `docker inspect`), executed against a [`serde_json::Value`].
//!
//! The lexer, parser and executor follow Go's `text/template/parse` and `exec.go` step by
//! step so that output and error messages match Docker 28 byte for byte: values print as
//! Go's `fmt` prints decoded JSON (`[a b]`, `map[k:v]`, `<nil>`, `1e+06`), `printf` is a
//! port of `fmt.Sprintf`, docker's functions (`json`, `join`, `split`, `title`, `lower`,
//! `upper`, `pad`, `truncate`) behave as in docker/cli's `templates` package, and errors
//! read `template: :1:2: executing "" at <.Foo>: ...`. Not supported: `define`,
//! `template` and `block`, complex numbers and hex float literals. Limits on nesting,
//! output size and execution steps turn runaway templates into errors instead of hangs.

use std::borrow::Cow;
use std::fmt;
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::go::fmt::{
    fmt_bool, fmt_float, fmt_integer, fmt_string, format_float, sharp_u, sprint, sprintf,
    sprintln, Operand, Spec,
};
use crate::go::strconv::{
    is_print, parse_float, parse_int, parse_uint, quote as go_quote, unquote, unquote_char,
};

/// Deepest nesting of `if`/`range`/`with` blocks and parentheses.
const MAX_DEPTH: usize = 100;
/// Largest output, and largest string a function may return.
const MAX_OUTPUT: usize = 16 << 20;
/// Most nodes visited in one execution (a `range` over a huge integer, say).
const MAX_STEPS: u64 = 10_000_000;
/// Deepest nesting of arrays and objects that printing descends into.
const MAX_FMT_DEPTH: usize = 100;
/// Most elements `split` may return.
const MAX_LIST: usize = 1 << 20;

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    src: String,
    root: Vec<Node>,
}

/// A parse or execution error, worded as Go words it (`template: :1: ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError(pub String);

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemplateError {}

/// What a field lookup does when the object has no such key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Go maps with the default option: the value is missing and prints `<no value>`.
    NoValue,
    /// Go maps with `missingkey=error`, as docker inspect's fallback over the raw JSON
    /// runs: `map has no entry for key "Foo"`.
    MapError,
    /// The top-level object is the Go struct whose type is named here, e.g.
    /// `*formatter.imageContext`: an unknown field fails with `can't evaluate field Foo in
    /// type *formatter.imageContext`. Nested objects behave as `MapError`.
    Error(&'static str),
}

impl Template {
    /// Parses `src` as Go does, with docker's functions defined.
    pub fn parse(src: &str) -> Result<Template, TemplateError> {
        let toks = Lexer::new(src).run();
        let root = Parser::new(toks).parse()?;
        Ok(Template {
            src: src.to_string(),
            root,
        })
    }

    /// Executes the template with `data` as dot and `$`.
    pub fn execute(&self, data: &Value, missing: Missing) -> Result<String, TemplateError> {
        // Go's reflect.ValueOf(nil) is the invalid value.
        let dot = if data.is_null() {
            Val::Invalid
        } else {
            Val::Data(data)
        };
        let mut ex = Exec {
            src: &self.src,
            root: data,
            missing,
            vars: vec![("$", dot.clone())],
            at: At::None,
            out: String::new(),
            steps: 0,
        };
        ex.walk_list(&dot, &self.root)?;
        Ok(ex.out)
    }
}

// ---------------------------------------------------------------------------------------
// Lexer: a port of text/template/parse/lex.go.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
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
struct Tok {
    kind: Kind,
    pos: usize,
    line: usize,
    val: String,
}

/// Go's item.String(), used in "unexpected ..." messages.
fn tok_string(t: &Tok) -> String {
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
struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    start: usize,
    paren: i64,
    toks: Vec<Tok>,
    line_pos: usize,
    line: usize,
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
    fn new(src: &'s str) -> Self {
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

    fn run(mut self) -> Vec<Tok> {
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

    fn slice(&self, a: usize, b: usize) -> &'s str {
        self.src.get(a..b).unwrap_or("")
    }

    fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn push(&mut self, kind: Kind, pos: usize, val: String) {
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

    fn peek(&self) -> Option<char> {
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

// ---------------------------------------------------------------------------------------
// Parse tree: Go's parse/node.go, reduced to what execution needs.

#[derive(Debug, Clone)]
enum Node {
    Text { pos: usize, text: String },
    Action(Pipe),
    If(Branch),
    With(Branch),
    Range(Branch),
    Break { pos: usize },
    Continue { pos: usize },
}

#[derive(Debug, Clone)]
struct Branch {
    pipe: Pipe,
    list: Vec<Node>,
    else_list: Option<Vec<Node>>,
}

#[derive(Debug, Clone)]
struct Pipe {
    pos: usize,
    decl: Vec<String>,
    is_assign: bool,
    cmds: Vec<Cmd>,
}

#[derive(Debug, Clone)]
struct Cmd {
    pos: usize,
    args: Vec<Arg>,
}

#[derive(Debug, Clone)]
enum Arg {
    Field {
        pos: usize,
        idents: Vec<String>,
    },
    /// `$x.A.B`: idents[0] is the variable.
    Var {
        pos: usize,
        idents: Vec<String>,
    },
    /// `(pipeline).A.B`
    Chain {
        pos: usize,
        node: Box<Arg>,
        fields: Vec<String>,
    },
    Ident {
        pos: usize,
        name: String,
    },
    Dot {
        pos: usize,
    },
    Nil {
        pos: usize,
    },
    Bool {
        pos: usize,
        value: bool,
    },
    Number {
        pos: usize,
        num: Num,
    },
    Str {
        pos: usize,
        quoted: String,
        text: String,
    },
    Pipe(Box<Pipe>),
}

#[derive(Debug, Clone)]
struct Num {
    text: String,
    int: Option<i64>,
    uint: Option<u64>,
    float: Option<f64>,
}

impl Arg {
    fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Var { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Ident { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::Number { pos, .. }
            | Arg::Str { pos, .. } => *pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

fn write_arg(out: &mut String, a: &Arg) {
    match a {
        Arg::Field { idents, .. } => {
            for i in idents {
                out.push('.');
                out.push_str(i);
            }
        }
        Arg::Var { idents, .. } => out.push_str(&idents.join(".")),
        Arg::Chain { node, fields, .. } => {
            if let Arg::Pipe(p) = node.as_ref() {
                out.push('(');
                write_pipe(out, p);
                out.push(')');
            } else {
                write_arg(out, node);
            }
            for f in fields {
                out.push('.');
                out.push_str(f);
            }
        }
        Arg::Ident { name, .. } => out.push_str(name),
        Arg::Dot { .. } => out.push('.'),
        Arg::Nil { .. } => out.push_str("nil"),
        Arg::Bool { value, .. } => out.push_str(if *value { "true" } else { "false" }),
        Arg::Number { num, .. } => out.push_str(&num.text),
        Arg::Str { quoted, .. } => out.push_str(quoted),
        Arg::Pipe(p) => write_pipe(out, p),
    }
}

fn arg_string(a: &Arg) -> String {
    let mut s = String::new();
    write_arg(&mut s, a);
    s
}

fn write_cmd(out: &mut String, c: &Cmd) {
    for (i, a) in c.args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if let Arg::Pipe(p) = a {
            out.push('(');
            write_pipe(out, p);
            out.push(')');
        } else {
            write_arg(out, a);
        }
    }
}

fn write_pipe(out: &mut String, p: &Pipe) {
    if !p.decl.is_empty() {
        out.push_str(&p.decl.join(", "));
        out.push_str(if p.is_assign { " = " } else { " := " });
    }
    for (i, c) in p.cmds.iter().enumerate() {
        if i > 0 {
            out.push_str(" | ");
        }
        write_cmd(out, c);
    }
}

fn write_list(out: &mut String, l: &[Node]) {
    for n in l {
        write_node(out, n);
    }
}

fn write_node(out: &mut String, n: &Node) {
    match n {
        Node::Text { text, .. } => out.push_str(text),
        Node::Action(p) => {
            out.push_str("{{");
            write_pipe(out, p);
            out.push_str("}}");
        }
        Node::If(b) | Node::With(b) | Node::Range(b) => {
            let name = match n {
                Node::If(_) => "if",
                Node::With(_) => "with",
                _ => "range",
            };
            out.push_str("{{");
            out.push_str(name);
            out.push(' ');
            write_pipe(out, &b.pipe);
            out.push_str("}}");
            write_list(out, &b.list);
            if let Some(e) = &b.else_list {
                out.push_str("{{else}}");
                write_list(out, e);
            }
            out.push_str("{{end}}");
        }
        Node::Break { .. } => out.push_str("{{break}}"),
        Node::Continue { .. } => out.push_str("{{continue}}"),
    }
}

fn node_pos(n: &Node) -> usize {
    match n {
        Node::Text { pos, .. } | Node::Break { pos } | Node::Continue { pos } => *pos,
        Node::Action(p) => p.pos,
        Node::If(b) | Node::With(b) | Node::Range(b) => b.pipe.pos,
    }
}

// ---------------------------------------------------------------------------------------
// Parser: a port of text/template/parse/parse.go.

type PResult<T> = Result<T, TemplateError>;

enum Item {
    Node(Node),
    End,
    Else,
}

/// Recursive descent over the tokens, with Go's one-token backups as index rewinds.
struct Parser {
    toks: Vec<Tok>,
    idx: usize,
    /// Index of the furthest token read: Go's `t.token[0]`, whose line errors report.
    seen: usize,
    vars: Vec<String>,
    action_line: usize,
    range_depth: usize,
    depth: usize,
}

impl Parser {
    fn new(toks: Vec<Tok>) -> Self {
        Parser {
            toks,
            idx: 0,
            seen: 0,
            vars: vec!["$".to_string()],
            action_line: 0,
            range_depth: 0,
            depth: 0,
        }
    }

    fn fetch(&mut self, i: usize) -> Tok {
        let i = i.min(self.toks.len().saturating_sub(1));
        self.seen = self.seen.max(i);
        self.toks.get(i).cloned().unwrap_or(Tok {
            kind: Kind::Eof,
            pos: 0,
            line: 1,
            val: String::new(),
        })
    }

    fn next(&mut self) -> Tok {
        let t = self.fetch(self.idx);
        self.idx += 1;
        t
    }

    fn backup(&mut self) {
        self.idx = self.idx.saturating_sub(1);
    }

    fn peek(&mut self) -> Tok {
        self.fetch(self.idx)
    }

    fn next_non_space(&mut self) -> Tok {
        loop {
            let t = self.next();
            if t.kind != Kind::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Tok {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn errorf(&self, msg: impl fmt::Display) -> TemplateError {
        let line = self.toks.get(self.seen).map_or(1, |t| t.line);
        TemplateError(format!("template: :{line}: {msg}"))
    }

    fn unexpected(&self, t: &Tok, context: &str) -> TemplateError {
        if t.kind == Kind::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != t.line {
                extra = format!(" in action started at :{}", self.action_line);
                if t.val.ends_with(" action") {
                    extra = format!(" started at :{}", self.action_line);
                }
            }
            return self.errorf(format!("{}{}", t.val, extra));
        }
        self.errorf(format!("unexpected {} in {}", tok_string(t), context))
    }

    fn expect_token(&mut self, kind: Kind, context: &str) -> PResult<Tok> {
        let t = self.next_non_space();
        if t.kind != kind {
            return Err(self.unexpected(&t, context));
        }
        Ok(t)
    }

    fn parse(&mut self) -> PResult<Vec<Node>> {
        let mut root = Vec::new();
        while self.peek().kind != Kind::Eof {
            if self.peek().kind == Kind::LeftDelim {
                let mark = self.idx;
                self.next();
                if self.next_non_space().kind == Kind::Define {
                    return Err(self.errorf("{{define}} is not supported"));
                }
                self.idx = mark;
            }
            match self.text_or_action()? {
                Item::Node(n) => root.push(n),
                Item::End => return Err(self.errorf("unexpected {{end}}")),
                Item::Else => return Err(self.errorf("unexpected {{else}}")),
            }
        }
        Ok(root)
    }

    /// Nodes up to `{{end}}` (false) or `{{else}}` (true).
    fn item_list(&mut self) -> PResult<(Vec<Node>, bool)> {
        let mut list = Vec::new();
        while self.peek_non_space().kind != Kind::Eof {
            match self.text_or_action()? {
                Item::Node(n) => list.push(n),
                Item::End => return Ok((list, false)),
                Item::Else => return Ok((list, true)),
            }
        }
        Err(self.errorf("unexpected EOF"))
    }

    fn text_or_action(&mut self) -> PResult<Item> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Text => Ok(Item::Node(Node::Text {
                pos: t.pos,
                text: t.val,
            })),
            Kind::LeftDelim => {
                self.action_line = t.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => Err(self.unexpected(&t, "input")),
        }
    }

    fn action(&mut self) -> PResult<Item> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Block | Kind::Template => {
                return Err(self.errorf(format!("{{{{{}}}}} is not supported", t.val)))
            }
            Kind::Break | Kind::Continue => {
                let n = self.next_non_space();
                let name = format!("{{{{{}}}}}", t.val);
                if n.kind != Kind::RightDelim {
                    return Err(self.unexpected(&n, &name));
                }
                if self.range_depth == 0 {
                    return Err(self.errorf(format!("{name} outside {{{{range}}}}")));
                }
                return Ok(Item::Node(if t.kind == Kind::Break {
                    Node::Break { pos: t.pos }
                } else {
                    Node::Continue { pos: t.pos }
                }));
            }
            Kind::Else => {
                // `{{else if ...}}` and `{{else with ...}}` leave the keyword pending.
                let p = self.peek_non_space();
                if p.kind != Kind::If && p.kind != Kind::With {
                    self.expect_token(Kind::RightDelim, "else")?;
                }
                return Ok(Item::Else);
            }
            Kind::End => {
                self.expect_token(Kind::RightDelim, "end")?;
                return Ok(Item::End);
            }
            Kind::If => return Ok(Item::Node(Node::If(self.parse_control("if")?))),
            Kind::Range => return Ok(Item::Node(Node::Range(self.parse_control("range")?))),
            Kind::With => return Ok(Item::Node(Node::With(self.parse_control("with")?))),
            _ => {}
        }
        self.backup();
        let pipe = self.pipeline("command", Kind::RightDelim)?;
        Ok(Item::Node(Node::Action(pipe)))
    }

    fn parse_control(&mut self, context: &str) -> PResult<Branch> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.errorf("max nesting depth exceeded"));
        }
        let saved_vars = self.vars.len();
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, is_else) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        if is_else {
            let next = self.peek().kind;
            if context == "if" && next == Kind::If {
                self.next();
                else_list = Some(vec![Node::If(self.parse_control("if")?)]);
            } else if context == "with" && next == Kind::With {
                self.next();
                else_list = Some(vec![Node::With(self.parse_control("with")?)]);
            } else {
                let (l, again) = self.item_list()?;
                if again {
                    return Err(self.errorf("expected end; found {{else}}"));
                }
                else_list = Some(l);
            }
        }
        self.vars.truncate(saved_vars);
        self.depth -= 1;
        Ok(Branch {
            pipe,
            list,
            else_list,
        })
    }

    fn pipeline(&mut self, context: &str, end: Kind) -> PResult<Pipe> {
        let pos = self.peek_non_space().pos;
        let mut pipe = Pipe {
            pos,
            decl: Vec::new(),
            is_assign: false,
            cmds: Vec::new(),
        };
        // Declarations or assignments: `$x :=`, `$x =`, `$i, $e :=`.
        loop {
            let v = self.peek_non_space();
            if v.kind != Kind::Variable {
                break;
            }
            let at_var = self.idx;
            self.next();
            let next = self.peek_non_space();
            if next.kind == Kind::Assign || next.kind == Kind::Declare {
                pipe.is_assign = next.kind == Kind::Assign;
                self.next_non_space();
                self.vars.push(v.val.clone());
                pipe.decl.push(v.val);
                break;
            }
            if next.kind == Kind::Char && next.val == "," {
                self.next_non_space();
                self.vars.push(v.val.clone());
                pipe.decl.push(v.val);
                if context == "range" && pipe.decl.len() < 2 {
                    let k = self.peek_non_space().kind;
                    if matches!(k, Kind::Variable | Kind::RightDelim | Kind::RightParen) {
                        continue;
                    }
                    return Err(self.errorf("range can only initialize variables"));
                }
                return Err(self.errorf(format!("too many declarations in {context}")));
            }
            // Not a declaration: the variable is an operand.
            self.idx = at_var;
            break;
        }
        loop {
            let t = self.next_non_space();
            if t.kind == end {
                self.check_pipeline(&pipe, context)?;
                return Ok(pipe);
            }
            match t.kind {
                Kind::Bool
                | Kind::CharConst
                | Kind::Complex
                | Kind::Dot
                | Kind::Field
                | Kind::Ident
                | Kind::Number
                | Kind::Nil
                | Kind::RawString
                | Kind::Str
                | Kind::Variable
                | Kind::LeftParen => {
                    self.backup();
                    let c = self.command()?;
                    pipe.cmds.push(c);
                }
                _ => return Err(self.unexpected(&t, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(self.errorf(format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if let Some(
                Arg::Bool { .. }
                | Arg::Dot { .. }
                | Arg::Nil { .. }
                | Arg::Number { .. }
                | Arg::Str { .. },
            ) = c.args.first()
            {
                return Err(self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Cmd> {
        let pos = self.peek_non_space().pos;
        let mut args = Vec::new();
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                args.push(op);
            }
            let t = self.next();
            match t.kind {
                Kind::Space => continue,
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ => return Err(self.unexpected(&t, "operand")),
            }
            break;
        }
        if args.is_empty() {
            return Err(self.errorf("empty command"));
        }
        Ok(Cmd { pos, args })
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != Kind::Field {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == Kind::Field {
            let t = self.next();
            fields.push(t.val.get(1..).unwrap_or("").to_string());
        }
        Ok(Some(match node {
            Arg::Field { mut idents, .. } => {
                idents.extend(fields);
                Arg::Field { pos, idents }
            }
            Arg::Var { mut idents, .. } => {
                idents.extend(fields);
                Arg::Var { pos, idents }
            }
            Arg::Bool { .. }
            | Arg::Str { .. }
            | Arg::Number { .. }
            | Arg::Nil { .. }
            | Arg::Dot { .. } => {
                return Err(self.errorf(format!(
                    "unexpected . after term {}",
                    go_quote(&arg_string(&node))
                )))
            }
            other => Arg::Chain {
                pos,
                node: Box::new(other),
                fields,
            },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let t = self.next_non_space();
        let pos = t.pos;
        Ok(Some(match t.kind {
            Kind::Ident => {
                if signature(&t.val).is_none() {
                    return Err(self.errorf(format!("function {} not defined", go_quote(&t.val))));
                }
                Arg::Ident { pos, name: t.val }
            }
            Kind::Dot => Arg::Dot { pos },
            Kind::Nil => Arg::Nil { pos },
            Kind::Variable => {
                if !self.vars.contains(&t.val) {
                    return Err(self.errorf(format!("undefined variable {}", go_quote(&t.val))));
                }
                Arg::Var {
                    pos,
                    idents: vec![t.val],
                }
            }
            Kind::Field => Arg::Field {
                pos,
                idents: vec![t.val.get(1..).unwrap_or("").to_string()],
            },
            Kind::Bool => Arg::Bool {
                pos,
                value: t.val == "true",
            },
            Kind::CharConst | Kind::Complex | Kind::Number => match new_number(&t.val, t.kind) {
                Ok(num) => Arg::Number { pos, num },
                Err(e) => return Err(self.errorf(e)),
            },
            Kind::LeftParen => {
                if self.depth >= MAX_DEPTH {
                    return Err(self.errorf("max expression depth exceeded"));
                }
                self.depth += 1;
                let p = self.pipeline("parenthesized pipeline", Kind::RightParen)?;
                self.depth -= 1;
                Arg::Pipe(Box::new(p))
            }
            Kind::Str | Kind::RawString => match unquote(&t.val) {
                Some(text) => Arg::Str {
                    pos,
                    quoted: t.val,
                    text,
                },
                None => return Err(self.errorf("invalid syntax")),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

// ---------------------------------------------------------------------------------------
// Literals: strconv.Unquote, strconv.ParseInt/ParseFloat and parse.newNumber.

/// parse.newNumber.
fn new_number(text: &str, kind: Kind) -> Result<Num, String> {
    let mut n = Num {
        text: text.to_string(),
        int: None,
        uint: None,
        float: None,
    };
    if kind == Kind::CharConst {
        let b = text.as_bytes();
        let (v, _, used) = unquote_char(b.get(1..).unwrap_or(&[]), b'\'')
            .ok_or_else(|| "invalid syntax".to_string())?;
        if b.get(1 + used..) != Some(&b"'"[..]) {
            return Err(format!("malformed character constant: {text}"));
        }
        n.int = Some(v as i64);
        n.uint = Some(v as u64);
        n.float = Some(v as f64);
        return Ok(n);
    }
    if kind == Kind::Complex || text.ends_with('i') {
        return Err(format!("complex numbers are not supported: {text}"));
    }
    let u = parse_uint(text);
    n.uint = u;
    if let Some(i) = parse_int(text) {
        n.int = Some(i);
        if i == 0 {
            n.uint = Some(u.unwrap_or(0));
        }
    }
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", go_quote(text)));
        }
        n.float = Some(f);
        if f.fract() == 0.0 && f >= -9.223_372_036_854_776e18 && f < 9.223_372_036_854_776e18 {
            n.int = Some(f as i64);
        }
        if f.fract() == 0.0 && f >= 0.0 && f < 1.844_674_407_370_955_2e19 {
            n.uint = Some(f as u64);
        }
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!("illegal number syntax: {}", go_quote(text)));
    }
    Ok(n)
}

// ---------------------------------------------------------------------------------------
// Values during execution.

/// A value as Go's executor holds it in a reflect.Value.
#[derive(Clone, Debug)]
enum Val<'a> {
    /// The invalid reflect.Value: a missing map key.
    Invalid,
    /// An untyped nil (the `nil` literal, or a nil handed to an `any` parameter).
    Nil,
    /// A value read out of the data: in Go terms an `interface{}` element of a map or slice.
    Data(&'a Value),
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(Cow<'a, str>),
    /// A slice made during execution (`split`, `slice`).
    List(Rc<Vec<Val<'a>>>),
}

/// A value seen through its dynamic type.
#[derive(Clone, Copy)]
enum V<'v, 'a> {
    Invalid,
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'v str),
    Arr(&'a [Value]),
    List(&'v [Val<'a>]),
    Map(&'a Map<String, Value>),
}

fn view_json(v: &Value) -> V<'_, '_> {
    match v {
        Value::Null => V::Nil,
        Value::Bool(b) => V::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                V::Int(i)
            } else if let Some(u) = n.as_u64() {
                V::Uint(u)
            } else {
                V::Float(n.as_f64().unwrap_or(0.0))
            }
        }
        Value::String(s) => V::Str(s),
        Value::Array(a) => V::Arr(a),
        Value::Object(m) => V::Map(m),
    }
}

fn view<'v, 'a>(v: &'v Val<'a>) -> V<'v, 'a> {
    match v {
        Val::Invalid => V::Invalid,
        Val::Nil => V::Nil,
        Val::Data(d) => view_json(d),
        Val::Bool(b) => V::Bool(*b),
        Val::Int(i) => V::Int(*i),
        Val::Uint(u) => V::Uint(*u),
        Val::Float(f) => V::Float(*f),
        Val::Str(s) => V::Str(s.as_ref()),
        Val::List(l) => V::List(l.as_slice()),
    }
}

/// Go's reflect type name of a value's dynamic type.
fn type_name(v: &V) -> &'static str {
    match v {
        V::Invalid | V::Nil => "<nil>",
        V::Bool(_) => "bool",
        V::Int(_) => "int",
        V::Uint(_) => "uint8",
        V::Float(_) => "float64",
        V::Str(_) => "string",
        V::List(l) if l.iter().all(|x| matches!(view(x), V::Str(_))) => "[]string",
        V::Arr(_) | V::List(_) => "[]interface {}",
        V::Map(_) => "map[string]interface {}",
    }
}

/// The type validateType reports: a nil interface element stays `interface {}`.
fn static_type(v: &Val) -> &'static str {
    match v {
        Val::Data(Value::Null) | Val::Nil => "interface {}",
        _ => type_name(&view(v)),
    }
}

/// What evalPipeline does to each result: unwrap an interface to its dynamic value.
fn unbox(v: Val) -> Val {
    match v {
        Val::Data(Value::String(s)) => Val::Str(Cow::Borrowed(s)),
        Val::Data(Value::Bool(b)) => Val::Bool(*b),
        Val::Data(d @ Value::Number(_)) => match view_json(d) {
            V::Int(i) => Val::Int(i),
            V::Uint(u) => Val::Uint(u),
            V::Float(f) => Val::Float(f),
            _ => Val::Data(d),
        },
        other => other,
    }
}

/// Go's truth: not the zero value of its type.
fn truth(v: &Val) -> bool {
    match view(v) {
        V::Invalid | V::Nil => false,
        V::Bool(b) => b,
        V::Int(i) => i != 0,
        V::Uint(u) => u != 0,
        V::Float(f) => f != 0.0,
        V::Str(s) => !s.is_empty(),
        V::Arr(a) => !a.is_empty(),
        V::List(l) => !l.is_empty(),
        V::Map(m) => !m.is_empty(),
    }
}

/// indirectInterface: a nil interface becomes the invalid value.
fn indirect_interface<'a>(v: &Val<'a>) -> Val<'a> {
    match v {
        Val::Data(Value::Null) | Val::Nil => Val::Invalid,
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// Execution: a port of text/template/exec.go.

#[derive(Clone, Copy)]
enum At<'t> {
    None,
    Node(&'t Node),
    Pipe(&'t Pipe),
    Cmd(&'t Cmd),
    Arg(&'t Arg),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

/// Parameter types of the built-in functions, as far as argument checking goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Param {
    /// `any`
    Any,
    /// `reflect.Value`
    Refl,
    Str,
    Int,
    StrSlice,
}

/// A built-in's parameters: fixed ones, then optionally a variadic tail.
struct Sig {
    fixed: &'static [Param],
    variadic: Option<Param>,
}

fn signature(name: &str) -> Option<Sig> {
    use Param::*;
    let (fixed, variadic): (&'static [Param], Option<Param>) = match name {
        "and" | "or" | "call" | "index" | "slice" | "eq" => (&[Refl], Some(Refl)),
        "html" | "js" | "urlquery" | "print" | "println" => (&[], Some(Any)),
        "printf" => (&[Str], Some(Any)),
        "len" | "not" => (&[Refl], None),
        "ne" | "lt" | "le" | "gt" | "ge" => (&[Refl, Refl], None),
        "json" => (&[Any], None),
        "split" => (&[Str, Str], None),
        "join" => (&[StrSlice, Str], None),
        "title" | "lower" | "upper" => (&[Str], None),
        "pad" => (&[Str, Int, Int], None),
        "truncate" => (&[Str, Int], None),
        _ => return None,
    };
    Some(Sig { fixed, variadic })
}

type EResult<T> = Result<T, TemplateError>;

/// One execution: the variable stack, the node errors point at, and the output so far.
struct Exec<'t, 'a> {
    src: &'t str,
    root: &'a Value,
    missing: Missing,
    vars: Vec<(&'t str, Val<'a>)>,
    at: At<'t>,
    out: String,
    steps: u64,
}

fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let before = src.as_bytes().get(..pos).unwrap_or(src.as_bytes());
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    match before.iter().rposition(|&b| b == b'\n') {
        Some(i) => (line, pos - (i + 1)),
        None => (line, pos),
    }
}

impl<'t, 'a> Exec<'t, 'a> {
    fn err(&self, msg: impl fmt::Display) -> TemplateError {
        let (pos, ctx) = match self.at {
            At::None => return TemplateError(format!("template: : {msg}")),
            At::Node(n) => {
                let mut s = String::new();
                write_node(&mut s, n);
                (node_pos(n), s)
            }
            At::Pipe(p) => {
                let mut s = String::new();
                write_pipe(&mut s, p);
                (p.pos, s)
            }
            At::Cmd(c) => {
                let mut s = String::new();
                write_cmd(&mut s, c);
                (c.pos, s)
            }
            At::Arg(a) => (a.pos(), arg_string(a)),
        };
        let (line, col) = line_col(self.src, pos);
        TemplateError(format!(
            "template: :{line}:{col}: executing \"\" at <{ctx}>: {msg}"
        ))
    }

    fn write(&mut self, s: &str) -> EResult<()> {
        if self.out.len() + s.len() > MAX_OUTPUT {
            return Err(self.err(format!("template output exceeds {MAX_OUTPUT} bytes")));
        }
        self.out.push_str(s);
        Ok(())
    }

    fn tick(&mut self) -> EResult<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(self.err(format!("template execution exceeds {MAX_STEPS} steps")));
        }
        Ok(())
    }

    fn walk_list(&mut self, dot: &Val<'a>, nodes: &'t [Node]) -> EResult<Flow> {
        for n in nodes {
            let f = self.walk(dot, n)?;
            if f != Flow::Normal {
                return Ok(f);
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Val<'a>, node: &'t Node) -> EResult<Flow> {
        self.at = At::Node(node);
        self.tick()?;
        match node {
            Node::Text { text, .. } => self.write(text)?,
            Node::Action(pipe) => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.at = At::Node(node);
                    let s = match v {
                        Val::Invalid => "<no value>".to_string(),
                        v => sprint_one(&view(&v)),
                    };
                    self.write(&s)?;
                }
            }
            Node::If(b) => return self.walk_if_or_with(false, dot, b),
            Node::With(b) => return self.walk_if_or_with(true, dot, b),
            Node::Range(b) => return self.walk_range(dot, node, b),
            Node::Break { .. } => return Ok(Flow::Break),
            Node::Continue { .. } => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &Val<'a>, b: &'t Branch) -> EResult<Flow> {
        let mark = self.vars.len();
        let val = self.eval_pipeline(dot, &b.pipe)?;
        let flow = if truth(&val) {
            if with {
                self.walk_list(&val, &b.list)?
            } else {
                self.walk_list(dot, &b.list)?
            }
        } else if let Some(e) = &b.else_list {
            self.walk_list(dot, e)?
        } else {
            Flow::Normal
        };
        self.vars.truncate(mark);
        Ok(flow)
    }

    fn walk_range(&mut self, dot: &Val<'a>, node: &'t Node, b: &'t Branch) -> EResult<Flow> {
        self.at = At::Node(node);
        let mark = self.vars.len();
        let val = self.eval_pipeline(dot, &b.pipe)?;
        let body_mark = self.vars.len();
        let mut ran = false;
        let count = match view(&val) {
            V::Int(n) => Some(n),
            V::Uint(n) => Some(i64::try_from(n).unwrap_or(i64::MAX)),
            _ => None,
        };
        if let Some(n) = count {
            if b.pipe.decl.len() > 1 {
                return Err(self.err(format!(
                    "can't use {} to iterate over more than one variable",
                    sprint_one(&view(&val))
                )));
            }
            for i in 0..n.max(0) {
                ran = true;
                self.tick()?;
                if self.iteration(b, Val::Invalid, Val::Int(i), body_mark)? == Flow::Break {
                    break;
                }
            }
        } else {
            let items: Vec<(Val<'a>, Val<'a>)> = match view(&val) {
                V::Arr(a) => a
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (Val::Int(i as i64), Val::Data(e)))
                    .collect(),
                V::List(l) => l
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (Val::Int(i as i64), e.clone()))
                    .collect(),
                V::Map(m) => {
                    let mut entries: Vec<(&'a String, &'a Value)> = m.iter().collect();
                    entries.sort_by(|x, y| x.0.cmp(y.0));
                    entries
                        .into_iter()
                        .map(|(k, v)| (Val::Str(Cow::Borrowed(k.as_str())), Val::Data(v)))
                        .collect()
                }
                V::Invalid | V::Nil => Vec::new(),
                other => {
                    return Err(self.err(format!("range can't iterate over {}", sprint_one(&other))))
                }
            };
            for (k, e) in items {
                ran = true;
                self.tick()?;
                if self.iteration(b, k, e, body_mark)? == Flow::Break {
                    break;
                }
            }
        }
        let mut flow = Flow::Normal;
        if !ran {
            if let Some(e) = &b.else_list {
                flow = self.walk_list(dot, e)?;
            }
        }
        self.vars.truncate(mark);
        Ok(flow)
    }

    fn iteration(
        &mut self,
        b: &'t Branch,
        index: Val<'a>,
        elem: Val<'a>,
        body_mark: usize,
    ) -> EResult<Flow> {
        let decl = &b.pipe.decl;
        if let Some(first) = decl.first() {
            if b.pipe.is_assign {
                let v = if decl.len() > 1 {
                    index.clone()
                } else {
                    elem.clone()
                };
                self.set_var(first, v)?;
            } else {
                self.set_top_var(1, elem.clone());
            }
        }
        if let Some(second) = decl.get(1) {
            if b.pipe.is_assign {
                self.set_var(second, elem.clone())?;
            } else {
                self.set_top_var(2, index);
            }
        }
        let flow = self.walk_list(&elem, &b.list)?;
        self.vars.truncate(body_mark);
        Ok(if flow == Flow::Break {
            Flow::Break
        } else {
            Flow::Normal
        })
    }

    fn set_top_var(&mut self, n: usize, v: Val<'a>) {
        let len = self.vars.len();
        if let Some(slot) = len.checked_sub(n).and_then(|i| self.vars.get_mut(i)) {
            slot.1 = v;
        }
    }

    fn set_var(&mut self, name: &str, v: Val<'a>) -> EResult<()> {
        if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| *n == name) {
            slot.1 = v;
            return Ok(());
        }
        Err(self.err(format!("undefined variable: {name}")))
    }

    fn var_value(&self, name: &str) -> EResult<Val<'a>> {
        match self.vars.iter().rev().find(|(n, _)| *n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => Err(self.err(format!("undefined variable: {name}"))),
        }
    }

    fn eval_pipeline(&mut self, dot: &Val<'a>, pipe: &'t Pipe) -> EResult<Val<'a>> {
        self.at = At::Pipe(pipe);
        let mut value: Option<Val<'a>> = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value.take())?;
            value = Some(unbox(v));
        }
        let value = value.unwrap_or(Val::Invalid);
        for name in &pipe.decl {
            if pipe.is_assign {
                self.set_var(name, value.clone())?;
            } else {
                self.vars.push((name.as_str(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], fin: &Option<Val<'a>>) -> EResult<()> {
        if args.len() > 1 || fin.is_some() {
            let name = args.first().map(arg_string).unwrap_or_default();
            return Err(self.err(format!("can't give argument to non-function {name}")));
        }
        Ok(())
    }

    fn eval_command(
        &mut self,
        dot: &Val<'a>,
        cmd: &'t Cmd,
        fin: Option<Val<'a>>,
    ) -> EResult<Val<'a>> {
        let Some(first) = cmd.args.first() else {
            return Err(self.err("empty command"));
        };
        let rest = cmd.args.get(1..).unwrap_or(&[]);
        match first {
            Arg::Field { idents, .. } => {
                return self.eval_field_node(dot, first, idents, &cmd.args, fin)
            }
            Arg::Chain { node, fields, .. } => {
                return self.eval_chain_node(dot, first, node, fields, &cmd.args, fin)
            }
            Arg::Ident { name, .. } => {
                return self.eval_function(dot, first, name, At::Cmd(cmd), rest, fin)
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &fin)?;
                return self.eval_pipeline(dot, p);
            }
            Arg::Var { idents, .. } => {
                return self.eval_variable_node(first, idents, &cmd.args, fin)
            }
            _ => {}
        }
        self.at = At::Arg(first);
        self.not_a_function(&cmd.args, &fin)?;
        match first {
            Arg::Bool { value, .. } => Ok(Val::Bool(*value)),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Err(self.err("nil is not a command")),
            Arg::Number { num, .. } => self.ideal_constant(first, num),
            Arg::Str { text, .. } => Ok(Val::Str(Cow::Owned(text.clone()))),
            _ => Err(self.err(format!(
                "can't evaluate command {}",
                go_quote(&arg_string(first))
            ))),
        }
    }

    fn ideal_constant(&mut self, node: &'t Arg, num: &Num) -> EResult<Val<'a>> {
        self.at = At::Arg(node);
        let t = &num.text;
        let hex_int =
            t.len() > 2 && (t.starts_with("0x") || t.starts_with("0X")) && !t.contains(['p', 'P']);
        if let Some(f) = num.float {
            if !hex_int && !t.starts_with('\'') && t.contains(['.', 'e', 'E', 'p', 'P']) {
                return Ok(Val::Float(f));
            }
        }
        if let Some(i) = num.int {
            return Ok(Val::Int(i));
        }
        if num.uint.is_some() {
            return Err(self.err(format!("{t} overflows int")));
        }
        Ok(Val::Invalid)
    }

    fn eval_field_node(
        &mut self,
        dot: &Val<'a>,
        node: &'t Arg,
        idents: &'t [String],
        args: &'t [Arg],
        fin: Option<Val<'a>>,
    ) -> EResult<Val<'a>> {
        self.at = At::Arg(node);
        self.eval_field_chain(dot.clone(), idents, args, fin)
    }

    fn eval_chain_node(
        &mut self,
        dot: &Val<'a>,
        node: &'t Arg,
        inner: &'t Arg,
        fields: &'t [String],
        args: &'t [Arg],
        fin: Option<Val<'a>>,
    ) -> EResult<Val<'a>> {
        self.at = At::Arg(node);
        if let Arg::Nil { .. } = inner {
            return Err(self.err(format!(
                "indirection through explicit nil in {}",
                arg_string(node)
            )));
        }
        let receiver = self.eval_arg(dot, Param::Any, inner)?;
        let receiver = if matches!(receiver, Val::Nil) {
            Val::Invalid
        } else {
            receiver
        };
        self.eval_field_chain(receiver, fields, args, fin)
    }

    fn eval_variable_node(
        &mut self,
        node: &'t Arg,
        idents: &'t [String],
        args: &'t [Arg],
        fin: Option<Val<'a>>,
    ) -> EResult<Val<'a>> {
        self.at = At::Arg(node);
        let name = idents.first().map_or("", |s| s.as_str());
        let value = self.var_value(name)?;
        let fields = idents.get(1..).unwrap_or(&[]);
        if fields.is_empty() {
            self.not_a_function(args, &fin)?;
            return Ok(value);
        }
        self.eval_field_chain(value, fields, args, fin)
    }

    fn eval_field_chain(
        &mut self,
        mut receiver: Val<'a>,
        idents: &'t [String],
        args: &'t [Arg],
        fin: Option<Val<'a>>,
    ) -> EResult<Val<'a>> {
        let Some((last, init)) = idents.split_last() else {
            return Ok(receiver);
        };
        for name in init {
            receiver = self.eval_field(name, &[], None, receiver)?;
        }
        self.eval_field(last, args, fin, receiver)
    }

    fn eval_field(
        &mut self,
        name: &str,
        args: &[Arg],
        fin: Option<Val<'a>>,
        receiver: Val<'a>,
    ) -> EResult<Val<'a>> {
        let has_args = args.len() > 1 || fin.is_some();
        match receiver {
            Val::Invalid => {
                if self.missing == Missing::NoValue {
                    return Ok(Val::Invalid);
                }
                Err(self.err(format!("nil data; no entry for key {}", go_quote(name))))
            }
            Val::Nil | Val::Data(Value::Null) => {
                Err(self.err(format!("nil pointer evaluating interface {{}}.{name}")))
            }
            Val::Data(d @ Value::Object(m)) => {
                if let Missing::Error(type_name) = self.missing {
                    if std::ptr::eq(d, self.root) {
                        return match m.get(name) {
                            Some(_) if has_args => {
                                let got = args.len().saturating_sub(1) + usize::from(fin.is_some());
                                Err(self.err(format!(
                                    "wrong number of args for {name}: want 0 got {got}"
                                )))
                            }
                            Some(v) => Ok(Val::Data(v)),
                            None => Err(self
                                .err(format!("can't evaluate field {name} in type {type_name}"))),
                        };
                    }
                }
                if has_args {
                    return Err(self.err(format!("{name} is not a method but has arguments")));
                }
                match m.get(name) {
                    Some(v) => Ok(Val::Data(v)),
                    None if self.missing == Missing::NoValue => Ok(Val::Invalid),
                    None => Err(self.err(format!("map has no entry for key {}", go_quote(name)))),
                }
            }
            other => {
                let t = match (&other, self.missing) {
                    (Val::Data(_), Missing::NoValue | Missing::MapError) => "interface {}",
                    _ => type_name(&view(&other)),
                };
                Err(self.err(format!("can't evaluate field {name} in type {t}")))
            }
        }
    }

    fn eval_function(
        &mut self,
        dot: &Val<'a>,
        node: &'t Arg,
        name: &str,
        call: At<'t>,
        args: &'t [Arg],
        fin: Option<Val<'a>>,
    ) -> EResult<Val<'a>> {
        self.at = At::Arg(node);
        let Some(sig) = signature(name) else {
            return Err(self.err(format!("{} is not a defined function", go_quote(name))));
        };
        let num_in = args.len() + usize::from(fin.is_some());
        if sig.variadic.is_some() {
            if num_in < sig.fixed.len() {
                return Err(self.err(format!(
                    "wrong number of args for {name}: want at least {} got {}",
                    sig.fixed.len(),
                    args.len()
                )));
            }
        } else if num_in != sig.fixed.len() {
            return Err(self.err(format!(
                "wrong number of args for {name}: want {} got {num_in}",
                sig.fixed.len()
            )));
        }
        // `and` and `or` evaluate their arguments lazily.
        if name == "and" || name == "or" {
            let mut v = Val::Invalid;
            for a in args {
                v = self.eval_arg(dot, Param::Refl, a)?;
                if truth(&v) == (name == "or") {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }
        let param = |i: usize| -> Param {
            sig.fixed
                .get(i)
                .copied()
                .or(sig.variadic)
                .unwrap_or(Param::Any)
        };
        let mut argv = Vec::with_capacity(num_in);
        for (i, a) in args.iter().enumerate() {
            argv.push(self.eval_arg(dot, param(i), a)?);
        }
        if let Some(f) = fin {
            let v = self.validate(f, param(num_in - 1))?;
            argv.push(v);
        }
        let result = if name == "call" {
            let callee = args.first().map(arg_string).unwrap_or_default();
            Err(match argv.first().map(indirect_interface) {
                Some(Val::Invalid) | None => "call of nil".to_string(),
                Some(v) => format!("non-function {callee} of type {}", type_name(&view(&v))),
            })
        } else {
            builtin(name, argv)
        };
        match result {
            Ok(v) => {
                let too_big = match &v {
                    Val::Str(s) => s.len() > MAX_OUTPUT,
                    Val::List(l) => l.len() > MAX_LIST,
                    _ => false,
                };
                if too_big {
                    self.at = call;
                    return Err(self.err(format!("error calling {name}: result too large")));
                }
                Ok(v)
            }
            Err(e) => {
                self.at = call;
                Err(self.err(format!("error calling {name}: {e}")))
            }
        }
    }

    fn eval_arg(&mut self, dot: &Val<'a>, typ: Param, n: &'t Arg) -> EResult<Val<'a>> {
        self.at = At::Arg(n);
        let v = match n {
            Arg::Dot { .. } => dot.clone(),
            Arg::Nil { .. } => {
                return match typ {
                    Param::Any => Ok(Val::Nil),
                    Param::Refl => Ok(Val::Invalid),
                    Param::StrSlice => Ok(Val::List(Rc::new(Vec::new()))),
                    Param::Str => Err(self.err("cannot assign nil to string")),
                    Param::Int => Err(self.err("cannot assign nil to int")),
                }
            }
            Arg::Field { idents, .. } => {
                self.eval_field_node(dot, n, idents, std::slice::from_ref(n), None)?
            }
            Arg::Var { idents, .. } => self.eval_variable_node(n, idents, &[], None)?,
            Arg::Pipe(p) => self.eval_pipeline(dot, p)?,
            Arg::Ident { name, .. } => self.eval_function(dot, n, name, At::Arg(n), &[], None)?,
            Arg::Chain { node, fields, .. } => {
                self.eval_chain_node(dot, n, node, fields, &[], None)?
            }
            Arg::Bool { value, .. } => match typ {
                Param::Any | Param::Refl => return Ok(Val::Bool(*value)),
                Param::Str => return Err(self.err(format!("expected string; found {value}"))),
                Param::Int => return Err(self.err(format!("expected integer; found {value}"))),
                Param::StrSlice => {
                    return Err(self.err(format!("can't handle {value} for arg of type []string")))
                }
            },
            Arg::Number { num, .. } => match typ {
                Param::Any | Param::Refl => return self.ideal_constant(n, num),
                Param::Int => {
                    return match num.int {
                        Some(i) => Ok(Val::Int(i)),
                        None => Err(self.err(format!("expected integer; found {}", num.text))),
                    }
                }
                Param::Str => return Err(self.err(format!("expected string; found {}", num.text))),
                Param::StrSlice => {
                    return Err(self.err(format!(
                        "can't handle {} for arg of type []string",
                        num.text
                    )))
                }
            },
            Arg::Str { quoted, text, .. } => match typ {
                Param::Any | Param::Refl | Param::Str => {
                    return Ok(Val::Str(Cow::Owned(text.clone())))
                }
                Param::Int => return Err(self.err(format!("expected integer; found {quoted}"))),
                Param::StrSlice => {
                    return Err(self.err(format!("can't handle {quoted} for arg of type []string")))
                }
            },
        };
        self.validate(v, typ)
    }

    /// validateType: check a computed value against a parameter type.
    fn validate(&self, v: Val<'a>, typ: Param) -> EResult<Val<'a>> {
        match typ {
            Param::Refl => Ok(v),
            Param::Any => Ok(if matches!(v, Val::Invalid) {
                Val::Nil
            } else {
                v
            }),
            Param::Str => match v {
                Val::Invalid => Err(self.err("invalid value; expected string")),
                Val::Str(_) => Ok(v),
                Val::Data(Value::String(s)) => Ok(Val::Str(Cow::Borrowed(s))),
                other => Err(self.err(format!(
                    "wrong type for value; expected string; got {}",
                    static_type(&other)
                ))),
            },
            Param::Int => match view(&v) {
                V::Invalid => Err(self.err("invalid value; expected int")),
                V::Int(i) => Ok(Val::Int(i)),
                _ => Err(self.err(format!(
                    "wrong type for value; expected int; got {}",
                    static_type(&v)
                ))),
            },
            Param::StrSlice => {
                let ok = match view(&v) {
                    V::Invalid => return Ok(Val::List(Rc::new(Vec::new()))),
                    V::Arr(a) => a.iter().all(Value::is_string),
                    V::List(l) => l.iter().all(|x| matches!(view(x), V::Str(_))),
                    _ => false,
                };
                if ok {
                    Ok(v)
                } else {
                    Err(self.err(format!(
                        "wrong type for value; expected []string; got {}",
                        static_type(&v)
                    )))
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Built-in functions: Go's text/template funcs.go and docker/cli's templates.go.

fn builtin<'a>(name: &str, argv: Vec<Val<'a>>) -> Result<Val<'a>, String> {
    let arg = |i: usize| argv.get(i).cloned().unwrap_or(Val::Invalid);
    let views: Vec<V> = argv.iter().map(view).collect();
    let s = |i: usize| str_at(&views, i);
    let n = |i: usize| match views.get(i) {
        Some(V::Int(n)) => *n,
        _ => 0,
    };
    Ok(match name {
        "not" => Val::Bool(!truth(&arg(0))),
        "len" => Val::Int(length(&arg(0))?),
        "index" => index(&argv)?,
        "slice" => slice(&argv)?,
        "eq" => Val::Bool(eq(&arg(0), argv.get(1..).unwrap_or(&[]))?),
        "ne" => Val::Bool(!eq(&arg(0), &[arg(1)])?),
        "lt" => Val::Bool(lt(&arg(0), &arg(1))?),
        "le" => Val::Bool(le(&arg(0), &arg(1))?),
        "gt" => Val::Bool(!le(&arg(0), &arg(1))?),
        "ge" => Val::Bool(!lt(&arg(0), &arg(1))?),
        "print" => Val::Str(Cow::Owned(sprint(&views))),
        "println" => Val::Str(Cow::Owned(sprintln(&views))),
        "printf" => Val::Str(Cow::Owned(sprintf(s(0), views.get(1..).unwrap_or(&[])))),
        "html" => Val::Str(Cow::Owned(html_escape(&eval_args(&views)))),
        "js" => Val::Str(Cow::Owned(js_escape(&eval_args(&views)))),
        "urlquery" => Val::Str(Cow::Owned(query_escape(&eval_args(&views)))),
        "json" => {
            let mut out = String::new();
            go_json(&mut out, views.first().unwrap_or(&V::Nil), 0);
            Val::Str(Cow::Owned(out))
        }
        "split" => {
            let (text, sep) = (s(0), s(1));
            let parts: Vec<Val> = if sep.is_empty() {
                text.chars()
                    .take(MAX_LIST + 1)
                    .map(|c| Val::Str(Cow::Owned(c.to_string())))
                    .collect()
            } else {
                text.split(sep)
                    .take(MAX_LIST + 1)
                    .map(|p| Val::Str(Cow::Owned(p.to_string())))
                    .collect()
            };
            Val::List(Rc::new(parts))
        }
        "join" => {
            let parts: Vec<&str> = match views.first() {
                Some(V::Arr(a)) => a.iter().map(|v| v.as_str().unwrap_or("")).collect(),
                Some(V::List(l)) => l
                    .iter()
                    .map(|v| match view(v) {
                        V::Str(s) => s,
                        _ => "",
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Val::Str(Cow::Owned(parts.join(s(1))))
        }
        "title" => Val::Str(Cow::Owned(title(s(0)))),
        "lower" => Val::Str(Cow::Owned(s(0).chars().map(simple_lower).collect())),
        "upper" => Val::Str(Cow::Owned(s(0).chars().map(simple_upper).collect())),
        "pad" => {
            let (text, before, after) = (s(0), n(1), n(2));
            if text.is_empty() {
                return Ok(Val::Str(Cow::Owned(String::new())));
            }
            if before < 0 || after < 0 {
                return Err("strings: negative Repeat count".to_string());
            }
            if before.saturating_add(after) > MAX_OUTPUT as i64 {
                return Err("strings: Repeat output length overflow".to_string());
            }
            let mut out = " ".repeat(before as usize);
            out.push_str(text);
            out.push_str(&" ".repeat(after as usize));
            Val::Str(Cow::Owned(out))
        }
        "truncate" => {
            let (text, len) = (s(0), n(1));
            if len < 0 {
                return Err(format!("runtime error: slice bounds out of range [:{len}]"));
            }
            if (text.len() as i64) < len {
                Val::Str(Cow::Owned(text.to_string()))
            } else {
                let b = text.as_bytes().get(..len as usize).unwrap_or(&[]);
                Val::Str(Cow::Owned(String::from_utf8_lossy(b).into_owned()))
            }
        }
        _ => return Err(format!("function {} not defined", go_quote(name))),
    })
}

fn str_at<'v>(views: &[V<'v, '_>], i: usize) -> &'v str {
    match views.get(i) {
        Some(V::Str(s)) => s,
        _ => "",
    }
}

fn length(v: &Val) -> Result<i64, String> {
    Ok(match view(v) {
        V::Invalid => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
        V::Nil => return Err("len of nil pointer".into()),
        V::Str(s) => s.len() as i64,
        V::Arr(a) => a.len() as i64,
        V::List(l) => l.len() as i64,
        V::Map(m) => m.len() as i64,
        other => return Err(format!("len of type {}", type_name(&other))),
    })
}

fn index_arg(v: &Val, cap: usize) -> Result<usize, String> {
    let x: i128 = match view(&indirect_interface(v)) {
        V::Int(i) => i as i128,
        V::Uint(u) => u as i128,
        V::Invalid | V::Nil => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                type_name(&other)
            ))
        }
    };
    if x < 0 || x > cap as i128 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn index<'a>(argv: &[Val<'a>]) -> Result<Val<'a>, String> {
    let mut item = indirect_interface(argv.first().unwrap_or(&Val::Invalid));
    if matches!(item, Val::Invalid) {
        return Err("index of untyped nil".into());
    }
    for idx in argv.get(1..).unwrap_or(&[]) {
        let next = match view(&item) {
            V::Invalid | V::Nil => return Err("index of nil pointer".into()),
            V::Arr(a) => {
                let x = index_arg(idx, a.len())?;
                match a.get(x) {
                    Some(e) => Val::Data(e),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            V::List(l) => {
                let x = index_arg(idx, l.len())?;
                match l.get(x) {
                    Some(e) => e.clone(),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            V::Str(s) => {
                let x = index_arg(idx, s.len())?;
                match s.as_bytes().get(x) {
                    Some(b) => Val::Uint(*b as u64),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            V::Map(m) => match view(&indirect_interface(idx)) {
                V::Invalid | V::Nil => return Err("value is nil; should be of type string".into()),
                V::Str(k) => m.get(k).map_or(Val::Invalid, Val::Data),
                other => {
                    return Err(format!(
                        "value has type {}; should be string",
                        type_name(&other)
                    ))
                }
            },
            other => return Err(format!("can't index item of type {}", type_name(&other))),
        };
        item = next;
    }
    Ok(item)
}

fn slice<'a>(argv: &[Val<'a>]) -> Result<Val<'a>, String> {
    let item = indirect_interface(argv.first().unwrap_or(&Val::Invalid));
    if matches!(item, Val::Invalid) {
        return Err("slice of untyped nil".into());
    }
    let idxs = argv.get(1..).unwrap_or(&[]);
    if idxs.len() > 3 {
        return Err(format!("too many slice indexes: {}", idxs.len()));
    }
    let len = match view(&item) {
        V::Str(s) => {
            if idxs.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            s.len()
        }
        V::Arr(a) => a.len(),
        V::List(l) => l.len(),
        other => return Err(format!("can't slice item of type {}", type_name(&other))),
    };
    let mut idx = [0, len, len];
    for (slot, x) in idx.iter_mut().zip(idxs) {
        *slot = index_arg(x, len)?;
    }
    let [i, j, k] = idx;
    if i > j {
        return Err(format!("invalid slice index: {i} > {j}"));
    }
    if idxs.len() == 3 && j > k {
        return Err(format!("invalid slice index: {j} > {k}"));
    }
    Ok(match view(&item) {
        V::Str(s) => {
            let b = s.as_bytes().get(i..j).unwrap_or(&[]);
            Val::Str(Cow::Owned(String::from_utf8_lossy(b).into_owned()))
        }
        V::Arr(a) => Val::List(Rc::new(
            a.get(i..j).unwrap_or(&[]).iter().map(Val::Data).collect(),
        )),
        V::List(l) => Val::List(Rc::new(l.get(i..j).unwrap_or(&[]).to_vec())),
        _ => Val::Invalid,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BasicKind {
    Invalid,
    Bool,
    Int,
    Uint,
    Float,
    Str,
}

fn basic_kind(v: &V) -> BasicKind {
    match v {
        V::Bool(_) => BasicKind::Bool,
        V::Int(_) => BasicKind::Int,
        V::Uint(_) => BasicKind::Uint,
        V::Float(_) => BasicKind::Float,
        V::Str(_) => BasicKind::Str,
        _ => BasicKind::Invalid,
    }
}

fn eq(a: &Val, bs: &[Val]) -> Result<bool, String> {
    let a = indirect_interface(a);
    if bs.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let va = view(&a);
    let k1 = basic_kind(&va);
    for b in bs {
        let b = indirect_interface(b);
        let vb = view(&b);
        let k2 = basic_kind(&vb);
        let t = if k1 != k2 {
            match (va, vb) {
                (V::Int(x), V::Uint(y)) => x >= 0 && x as u64 == y,
                (V::Uint(x), V::Int(y)) => y >= 0 && x == y as u64,
                _ => {
                    if !matches!(va, V::Invalid) && !matches!(vb, V::Invalid) {
                        return Err(format!(
                            "incompatible types for comparison: {} and {}",
                            type_name(&va),
                            type_name(&vb)
                        ));
                    }
                    false
                }
            }
        } else {
            match (va, vb) {
                (V::Bool(x), V::Bool(y)) => x == y,
                (V::Int(x), V::Int(y)) => x == y,
                (V::Uint(x), V::Uint(y)) => x == y,
                (V::Float(x), V::Float(y)) => x == y,
                (V::Str(x), V::Str(y)) => x == y,
                (V::Invalid, V::Invalid) => true,
                (V::Invalid, _) | (_, V::Invalid) => false,
                _ => {
                    let same = matches!(
                        (va, vb),
                        (V::Arr(_) | V::List(_), V::Arr(_) | V::List(_)) | (V::Map(_), V::Map(_))
                    );
                    if !same {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            sprintf("%s", &[va]),
                            type_name(&va),
                            type_name(&vb),
                            sprint_one(&vb)
                        ));
                    }
                    return Err(format!(
                        "non-comparable type {}: {}",
                        sprintf("%s", &[vb]),
                        type_name(&vb)
                    ));
                }
            }
        };
        if t {
            return Ok(true);
        }
    }
    Ok(false)
}

fn lt(a: &Val, b: &Val) -> Result<bool, String> {
    let (a, b) = (indirect_interface(a), indirect_interface(b));
    let (va, vb) = (view(&a), view(&b));
    let (k1, k2) = (basic_kind(&va), basic_kind(&vb));
    if k1 == BasicKind::Invalid || k2 == BasicKind::Invalid {
        return Err("invalid type for comparison".into());
    }
    Ok(match (va, vb) {
        (V::Int(x), V::Uint(y)) => x < 0 || (x as u64) < y,
        (V::Uint(x), V::Int(y)) => y >= 0 && x < y as u64,
        (V::Int(x), V::Int(y)) => x < y,
        (V::Uint(x), V::Uint(y)) => x < y,
        (V::Float(x), V::Float(y)) => x < y,
        (V::Str(x), V::Str(y)) => x < y,
        (V::Bool(_), V::Bool(_)) => return Err("invalid type for comparison".into()),
        _ => {
            return Err(format!(
                "incompatible types for comparison: {} and {}",
                type_name(&va),
                type_name(&vb)
            ))
        }
    })
}

fn le(a: &Val, b: &Val) -> Result<bool, String> {
    if lt(a, b)? {
        return Ok(true);
    }
    eq(a, std::slice::from_ref(b))
}

/// text/template's evalArgs: fmt.Sprint, with nil printed as `<no value>`.
fn eval_args(args: &[V]) -> String {
    if let [V::Str(s)] = args {
        return s.to_string();
    }
    let args: Vec<V> = args
        .iter()
        .map(|a| match a {
            V::Invalid | V::Nil => V::Str("<no value>"),
            other => *other,
        })
        .collect();
    sprint(&args)
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u00{:02X}", c as u32)),
            c if (c as u32) < 0x80 || is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// strings.Title: upper-case the first letter of each word.
fn title(s: &str) -> String {
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphabetic() || c.is_numeric() {
            return false;
        }
        c.is_whitespace()
    }
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if is_separator(prev) {
                simple_title(c)
            } else {
                c
            };
            prev = c;
            out
        })
        .collect()
}

/// unicode.ToUpper: one-to-one case mapping.
fn simple_upper(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

fn simple_lower(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn simple_title(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        c => simple_upper(c),
    }
}

// ---------------------------------------------------------------------------------------
// Printing values: fmt's printValue over template values; the verbs are go::fmt's.

impl Operand for V<'_, '_> {
    fn is_nil(&self) -> bool {
        matches!(self, V::Invalid | V::Nil)
    }

    fn is_string(&self) -> bool {
        matches!(self, V::Str(_))
    }

    fn type_name(&self) -> &str {
        type_name(self)
    }

    fn as_int(&self) -> Option<i64> {
        match *self {
            V::Int(i) => Some(i),
            V::Uint(u) => i64::try_from(u).ok(),
            _ => None,
        }
    }

    fn format(&self, out: &mut String, verb: char, sp: &Spec) {
        print_value(out, self, verb, sp, 0);
    }
}

fn sprint_one(v: &V) -> String {
    sprint(std::slice::from_ref(v))
}

fn print_value(out: &mut String, v: &V, verb: char, sp: &Spec, depth: usize) {
    if depth > MAX_FMT_DEPTH {
        out.push_str("...");
        return;
    }
    match *v {
        V::Invalid | V::Nil => out.push_str(if depth == 0 {
            "<invalid reflect.Value>"
        } else {
            "<nil>"
        }),
        V::Bool(b) => fmt_bool(out, b, verb, sp, v),
        V::Int(i) => fmt_integer(out, i < 0, i.unsigned_abs(), verb, sp, v),
        V::Uint(u) => fmt_integer(out, false, u, verb, sp, v),
        V::Float(f) => fmt_float(out, f, verb, sp, v),
        V::Str(s) => fmt_string(out, s, verb, sp, v),
        V::Map(m) => {
            out.push_str("map[");
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_by(|x, y| x.0.cmp(y.0));
            for (i, (k, val)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_value(out, &V::Str(k), verb, sp, depth + 1);
                out.push(':');
                print_value(out, &view_json(val), verb, sp, depth + 1);
            }
            out.push(']');
        }
        V::Arr(a) => {
            out.push('[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_value(out, &view_json(e), verb, sp, depth + 1);
            }
            out.push(']');
        }
        V::List(l) => {
            out.push('[');
            for (i, e) in l.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_value(out, &view(e), verb, sp, depth + 1);
            }
            out.push(']');
        }
    }
}


/// encoding/json with SetEscapeHTML(false), as docker's `json` function encodes.
fn go_json(out: &mut String, v: &V, depth: usize) {
    if depth > MAX_FMT_DEPTH {
        out.push_str("null");
        return;
    }
    match *v {
        V::Invalid | V::Nil => out.push_str("null"),
        V::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        V::Int(i) => out.push_str(&i.to_string()),
        V::Uint(u) => out.push_str(&u.to_string()),
        V::Float(f) => match crate::go::json::float(f) {
            Some(n) => out.push_str(&n),
            None => out.push_str(&format_float(f, 'f', -1)),
        },
        V::Str(s) => crate::go::json::write_string(out, s, false),
        V::Arr(a) => {
            out.push('[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                go_json(out, &view_json(e), depth + 1);
            }
            out.push(']');
        }
        V::List(l) => {
            out.push('[');
            for (i, e) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                go_json(out, &view(e), depth + 1);
            }
            out.push(']');
        }
        V::Map(m) => {
            out.push('{');
            for (i, (k, e)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::go::json::write_string(out, k, false);
                out.push(':');
                go_json(out, &view_json(e), depth + 1);
            }
            out.push('}');
        }
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An image as `docker image inspect` shows it, cut down.
    fn image() -> Value {
        json!({
            "Id": "sha256:1234567890abcdef",
            "RepoTags": ["alpine:latest", "alpine:3.19"],
            "RepoDigests": [],
            "Created": "2024-01-27T00:30:48.743965523Z",
            "Size": 7383269,
            "Ratio": 0.5,
            "Big": 123456789.0,
            "Config": {
                "Env": ["PATH=/usr/local/sbin:/usr/local/bin", "LANG=C"],
                "Cmd": ["/bin/sh"],
                "Entrypoint": null,
                "Labels": {"org.b": "2", "org.a": "1"},
                "WorkingDir": "",
                "ExposedPorts": {"80/tcp": {}}
            },
            "RootFS": {"Type": "layers", "Layers": ["sha256:aaa", "sha256:bbb"]},
            "Html": "<a&b>",
            "Names": ["web", "db"],
            "Items": [{"Name": "n0"}, {"Name": "n1"}]
        })
    }

    /// A row of `docker images`, as formatter.imageContext's methods return it.
    fn image_row() -> Value {
        json!({
            "Repository": "alpine",
            "Tag": "latest",
            "ID": "05455a08881e",
            "Size": "7.38MB",
            "Digest": "<none>"
        })
    }

    const IMAGE_CONTEXT: Missing = Missing::Error("*formatter.imageContext");

    fn run_with(src: &str, data: &Value, missing: Missing) -> Result<String, String> {
        let t = Template::parse(src).map_err(|e| e.0)?;
        t.execute(data, missing).map_err(|e| e.0)
    }

    fn run(src: &str) -> String {
        match run_with(src, &image(), Missing::NoValue) {
            Ok(s) => s,
            Err(e) => panic!("{src}: {e}"),
        }
    }

    fn fails(src: &str) -> String {
        match run_with(src, &image(), Missing::NoValue) {
            Ok(s) => panic!("{src}: expected an error, got {s:?}"),
            Err(e) => e,
        }
    }

    fn parse_error(src: &str) -> String {
        match Template::parse(src) {
            Ok(_) => panic!("{src}: parsed"),
            Err(e) => e.0,
        }
    }

    #[test]
    fn docker_inspect_examples() {
        assert_eq!(run("{{.Id}}"), "sha256:1234567890abcdef");
        assert_eq!(
            run("{{json .Config}}"),
            r#"{"Env":["PATH=/usr/local/sbin:/usr/local/bin","LANG=C"],"Cmd":["/bin/sh"],"Entrypoint":null,"Labels":{"org.b":"2","org.a":"1"},"WorkingDir":"","ExposedPorts":{"80/tcp":{}}}"#
        );
        assert_eq!(run("{{index .RepoTags 0}}"), "alpine:latest");
        assert_eq!(
            run("{{range .RootFS.Layers}}{{println .}}{{end}}"),
            "sha256:aaa\nsha256:bbb\n"
        );
        assert_eq!(
            run("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}} {{end}}"),
            "org.a=1 org.b=2 "
        );
        assert_eq!(run("{{len .RootFS.Layers}}"), "2");
        assert_eq!(run("{{.RootFS.Type}}"), "layers");
        assert_eq!(run("{{index .Config.Labels \"org.b\"}}"), "2");
        assert_eq!(run("{{(index .Items 1).Name}}"), "n1");
        assert_eq!(run("{{index .Items 1 \"Name\"}}"), "n1");
        assert_eq!(run("{{range .Items}}{{.Name}},{{end}}"), "n0,n1,");
        assert_eq!(
            run("{{json .RootFS.Layers}}"),
            r#"["sha256:aaa","sha256:bbb"]"#
        );
    }

    #[test]
    fn docker_images_examples() {
        let row = image_row();
        let go = |src: &str| run_with(src, &row, IMAGE_CONTEXT).unwrap();
        assert_eq!(go("{{.Repository}}:{{.Tag}}"), "alpine:latest");
        assert_eq!(go("{{.ID}}\t{{.Size}}"), "05455a08881e\t7.38MB");
        assert_eq!(go("{{if .Tag}}{{.Tag}}{{else}}<none>{{end}}"), "latest");
        let untagged = json!({"Repository": "alpine", "Tag": ""});
        assert_eq!(
            run_with(
                "{{if .Tag}}{{.Tag}}{{else}}<none>{{end}}",
                &untagged,
                IMAGE_CONTEXT
            ),
            Ok("<none>".to_string())
        );
        assert_eq!(go("{{upper .Repository}}"), "ALPINE");
        assert_eq!(go("{{printf \"%-10s|\" .Repository}}"), "alpine    |");
        assert_eq!(go("{{json .}}"), row.to_string());
        assert_eq!(
            go("{{.}}"),
            "map[Digest:<none> ID:05455a08881e Repository:alpine Size:7.38MB Tag:latest]"
        );
    }

    #[test]
    fn missing_keys() {
        let img = image();
        assert_eq!(run("{{.Nope}}"), "<no value>");
        assert_eq!(run("{{.Nope.Deeper}}"), "<no value>");
        assert_eq!(run("{{.Config.Nope}}"), "<no value>");
        assert_eq!(run("{{index .Config.Labels \"nope\"}}"), "<no value>");
        assert_eq!(run("{{printf \"%v\" .Nope}}"), "<nil>");
        assert_eq!(run("{{if .Nope}}y{{else}}n{{end}}"), "n");
        assert_eq!(
            run_with("{{.Nope}}", &img, Missing::MapError),
            Err(
                r#"template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope""#
                    .into()
            )
        );
        assert_eq!(
            run_with("{{.Config.Nope}}", &img, Missing::MapError),
            Err(r#"template: :1:9: executing "" at <.Config.Nope>: map has no entry for key "Nope""#.into())
        );
        let row = image_row();
        assert_eq!(
            run_with("{{.Foo}}", &row, IMAGE_CONTEXT),
            Err(r#"template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.imageContext"#.into())
        );
        assert_eq!(
            run_with("x\n  {{.Repository.Foo}}", &row, IMAGE_CONTEXT),
            Err(r#"template: :2:15: executing "" at <.Repository.Foo>: can't evaluate field Foo in type string"#.into())
        );
        assert_eq!(
            run_with("{{.Repository 1}}", &row, IMAGE_CONTEXT),
            Err(r#"template: :1:2: executing "" at <.Repository>: wrong number of args for Repository: want 0 got 1"#.into())
        );
        assert_eq!(
            fails("{{.Id.Foo}}"),
            r#"template: :1:5: executing "" at <.Id.Foo>: can't evaluate field Foo in type interface {}"#
        );
        assert_eq!(
            fails("{{.Config.Entrypoint.X}}"),
            r#"template: :1:9: executing "" at <.Config.Entrypoint.X>: nil pointer evaluating interface {}.X"#
        );
        assert_eq!(
            run_with("{{.}}", &Value::Null, Missing::NoValue),
            Ok("<no value>".into())
        );
    }

    #[test]
    fn printing_values() {
        assert_eq!(run("{{.Names}}"), "[web db]");
        assert_eq!(run("{{.Config.Labels}}"), "map[org.a:1 org.b:2]");
        assert_eq!(run("{{.Config.ExposedPorts}}"), "map[80/tcp:map[]]");
        assert_eq!(run("{{.Config.Entrypoint}}"), "<nil>");
        assert_eq!(run("{{.RepoDigests}}"), "[]");
        assert_eq!(
            run("{{.Size}} {{.Ratio}} {{.Big}}"),
            "7383269 0.5 1.23456789e+08"
        );
        assert_eq!(
            run("{{1e6}} {{100000.0}} {{3}} {{-0.25}} {{true}}"),
            "1e+06 100000 3 -0.25 true"
        );
        assert_eq!(run("{{'a'}} {{0x1F}} {{0o17}} {{1_000}}"), "97 31 15 1000");
        assert_eq!(run(r#"{{"\x41\u00e9\t"}}|{{`a\n`}}"#), "Aé\t|a\\n");
        assert_eq!(run("{{.Items}}"), "[map[Name:n0] map[Name:n1]]");
        assert_eq!(run("{{slice .RepoTags 1}}"), "[alpine:3.19]");
        assert_eq!(run("{{split \"a:b:c\" \":\"}}"), "[a b c]");
        assert_eq!(run("{{json .Html}}"), r#""<a&b>""#);
        assert_eq!(
            run("{{json .Ratio}} {{json 1e21}} {{json 0.0000001}} {{json nil}}"),
            "0.5 1e+21 1e-7 null"
        );
        assert_eq!(run("{{json \"a\\u2028\\n\\x01\"}}"), r#""a\u2028\n\u0001""#);
    }

    #[test]
    fn control_structures() {
        assert_eq!(
            run("{{if eq .Size 1}}one{{else if gt .Size 1000}}big{{else}}small{{end}}"),
            "big"
        );
        assert_eq!(
            run("{{with .Config}}[{{.WorkingDir}}]{{else}}none{{end}}"),
            "[]"
        );
        assert_eq!(
            run("{{with .Config.WorkingDir}}x{{else}}empty{{end}}"),
            "empty"
        );
        assert_eq!(
            run("{{with .Nope}}a{{else with .RootFS}}{{.Type}}{{end}}"),
            "layers"
        );
        assert_eq!(run("{{range .RepoDigests}}x{{else}}none{{end}}"), "none");
        assert_eq!(run("{{range .Nope}}x{{else}}none{{end}}"), "none");
        assert_eq!(run("{{range 3}}{{.}}{{end}}"), "012");
        assert_eq!(
            run("{{range $i, $e := .Names}}{{$i}}:{{$e}} {{end}}"),
            "0:web 1:db "
        );
        assert_eq!(
            run("{{range $i, $e := .Names}}{{if eq $i 1}}{{break}}{{end}}{{$e}}{{end}}"),
            "web"
        );
        assert_eq!(
            run("{{range .Names}}{{if eq . \"web\"}}{{continue}}{{end}}{{.}}{{end}}"),
            "db"
        );
        assert_eq!(
            run("{{range .Names}}{{$.RootFS.Type}}{{end}}"),
            "layerslayers"
        );
        assert_eq!(run("{{$x := .Id}}{{$x}}"), "sha256:1234567890abcdef");
        assert_eq!(run("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}"), "2");
        assert_eq!(
            run("{{range $k, $v := .Config.Labels}}{{end}}{{if $x := .Size}}{{$x}}{{end}}"),
            "7383269"
        );
        assert_eq!(run("{{.Id | printf \"%.6s\"}}"), "sha256");
        assert_eq!(run("{{.Names | len}}"), "2");
        assert_eq!(run("{{/* a comment */}}a  {{- /* c */ -}}  b"), "ab");
        assert_eq!(run("x \n {{- .RootFS.Type -}} \n y"), "xlayersy");
        assert_eq!(run("{{- 3}}{{-3}}"), "3-3");
        assert_eq!(run("plain text"), "plain text");
        assert_eq!(run(""), "");
    }

    #[test]
    fn functions() {
        assert_eq!(run("{{join .Names \",\"}}"), "web,db");
        assert_eq!(run("{{join (split \"a b c\" \" \") \"-\"}}"), "a-b-c");
        assert_eq!(run("{{index (split .Id \":\") 1}}"), "1234567890abcdef");
        assert_eq!(
            run("{{title \"hello world-foo_bar\"}}"),
            "Hello World-Foo_bar"
        );
        assert_eq!(run("{{lower \"ABC\"}} {{upper \"straße\"}}"), "abc STRAßE");
        assert_eq!(run("{{pad \"x\" 2 3}}|{{pad \"\" 2 3}}|"), "  x   ||");
        assert_eq!(run("{{truncate .Id 6}} {{truncate \"ab\" 5}}"), "sha256 ab");
        assert_eq!(
            run("{{len .Id}} {{len .Config.Labels}} {{len \"é\"}}"),
            "23 2 2"
        );
        assert_eq!(
            run(r#"{{eq .RootFS.Type "x" "layers"}} {{ne 1 2}} {{lt "a" "b"}}"#),
            "true true true"
        );
        assert_eq!(
            run("{{le 2 2}} {{gt 2.5 1.5}} {{ge 1 2}} {{eq .Nope nil}} {{eq .Size 7383269}}"),
            "true true false true true"
        );
        assert_eq!(
            run(r#"{{and 1 0 2}} {{and 1 2}} {{or 0 "" "x"}} {{or 0 ""}}"#),
            "0 2 x "
        );
        assert_eq!(run("{{not .RepoDigests}} {{not .Names}}"), "true false");
        assert_eq!(run("{{if and .Names (not .Nope)}}ok{{end}}"), "ok");
        assert_eq!(
            run(r#"{{slice "hello" 1 3}} {{slice .Names 0 1}} {{slice .Names}}"#),
            "el [web] [web db]"
        );
        assert_eq!(run(r#"{{index "abc" 1}}"#), "98");
        assert_eq!(
            run(r#"{{html .Html}} {{html "x" 1}}"#),
            "&lt;a&amp;b&gt; x1"
        );
        assert_eq!(run(r#"{{js "a'b<c=\n"}}"#), r"a\'b\u003Cc\u003D\u000A");
        assert_eq!(run(r#"{{urlquery "a b&c/é"}}"#), "a+b%26c%2F%C3%A9");
        assert_eq!(run(r#"{{print 1 2 "a" 3 nil}}"#), "1 2a3 <nil>");
        assert_eq!(run(r#"{{println "a" 1}}"#), "a 1\n");
        assert_eq!(
            run("{{print .Nope}} {{html .Nope}}"),
            "<nil> &lt;no value&gt;"
        );
    }

    #[test]
    fn printf_verbs() {
        let cases: &[(&str, &str)] = &[
            (
                r#"{{printf "%5s|%-5d|%05d|%x|%X|%q|%t|%v" "ab" 42 -42 255 "hi" "q" true .Size}}"#,
                r#"   ab|42   |-0042|ff|6869|"q"|true|7383269"#,
            ),
            (
                r#"{{printf "%.2f|%6.2f|%e|%g" .Ratio 3.14159 1234.5678 0.000012345}}"#,
                "0.50|  3.14|1.234568e+03|1.2345e-05",
            ),
            (
                r#"{{printf "%v %v %v" 1e6 100000.0 .Big}}"#,
                "1e+06 100000 1.23456789e+08",
            ),
            (
                r#"{{printf "%.3g|%.10g|%g|%G" 1234.5678 1234.5678 100000000.0 1e-7}}"#,
                "1.23e+03|1234.5678|1e+08|1E-07",
            ),
            (
                r#"{{printf "%08.3f|%+d|% d|%x|%o|%#x|%#o|%b" -3.14159 5 5 -255 8 255 8 5}}"#,
                "-003.142|+5| 5|-ff|10|0xff|010|101",
            ),
            (
                r#"{{printf "%5t|%-6v|%6.2f%%" true false 12.3456}}"#,
                " true|false | 12.35%",
            ),
            (
                r#"{{printf "%c|%q|%U|%#U" 'x' 'y' 0x1F600 65}}"#,
                "x|'y'|U+1F600|U+0041 'A'",
            ),
            (
                r#"{{printf "%q|%5.1q|%x|% x|%#q" .Names "hello" "hi" "hi" "a"}}"#,
                r#"["web" "db"]|  "h"|6869|68 69|`a`"#,
            ),
            (
                r#"{{printf "%*d|%-*d|%.*f" 4 7 3 8 1 2.25}}"#,
                "   7|8  |2.2",
            ),
            (r#"{{printf "%[2]d %[1]d" 1 2}}"#, "2 1"),
            (r#"{{printf "%d %s"}}"#, "%!d(MISSING) %!s(MISSING)"),
            (r#"{{printf "%d" "x"}}"#, "%!d(string=x)"),
            (r#"{{printf "%s" 1 2}}"#, "%!s(int=1)%!(EXTRA int=2)"),
            (r#"{{printf "%%|%z|%" 1}}"#, "%|%!z(int=1)|%!(NOVERB)"),
            (
                r#"{{printf "%T %T %T %T %T" 1 "a" .Names .Ratio nil}}"#,
                "int string []interface {} float64 <nil>",
            ),
            (
                r#"{{printf "%s %d" .Names .Names}}"#,
                "[web db] [%!d(string=web) %!d(string=db)]",
            ),
            (
                r#"{{printf "%v|%s|%d" nil nil nil}}"#,
                "<nil>|%!s(<nil>)|%!d(<nil>)",
            ),
            (
                r#"{{printf "%6.3v|%-8q|%08.3e" 3.14159 "a" 1234.5}}"#,
                r#"  3.14|"a"     |1.234e+03"#,
            ),
            (
                r#"{{printf "%x %X %b" 1.5 1.0 1.0}}"#,
                "0x1.8p+00 0X1P+00 4503599627370496p-52",
            ),
            (r#"{{printf "%v" .Config.Labels}}"#, "map[org.a:1 org.b:2]"),
            (r#"{{printf "%5v" .Names}}"#, "[  web    db]"),
        ];
        for (src, want) in cases {
            assert_eq!(run(src), *want, "{src}");
        }
    }

    #[test]
    fn parse_errors() {
        let cases: &[(&str, &str)] = &[
            ("{{foo}}", r#"template: :1: function "foo" not defined"#),
            ("{{.Foo }", r#"template: :1: unexpected "}" in operand"#),
            ("{{.Foo}", "template: :1: bad character U+007D '}'"),
            ("{{.Foo", "template: :1: unclosed action"),
            (
                "line1\n{{.Foo\n",
                "template: :3: unclosed action started at :2",
            ),
            ("{{if .X}}abc", "template: :1: unexpected EOF"),
            ("{{end}}", "template: :1: unexpected {{end}}"),
            ("{{else}}", "template: :1: unexpected {{else}}"),
            (
                "{{range .X}}{{else if .Y}}{{end}}",
                "template: :1: unexpected <if> in input",
            ),
            (
                "{{if .X}}{{else}}{{else}}{{end}}",
                "template: :1: expected end; found {{else}}",
            ),
            ("{{$x}}", r#"template: :1: undefined variable "$x""#),
            (
                "{{if true}}{{$y := 1}}{{end}}{{$y}}",
                r#"template: :1: undefined variable "$y""#,
            ),
            ("{{}}", "template: :1: missing value for command"),
            ("{{if}}{{end}}", "template: :1: missing value for if"),
            ("{{\"abc}}", "template: :1: unterminated quoted string"),
            ("{{`abc}}", "template: :1: unterminated raw quoted string"),
            ("{{/* x }}", "template: :1: unclosed comment"),
            (
                "{{/* x */ }}",
                "template: :1: comment ends before closing delimiter",
            ),
            (
                "{{.X | 1}}",
                "template: :1: non executable command in pipeline stage 2",
            ),
            ("{{(1}}", "template: :1: unclosed left paren"),
            ("{{1)}}", "template: :1: unexpected right paren"),
            ("{{break}}", "template: :1: {{break}} outside {{range}}"),
            (
                "{{range .X}}{{continue 1}}{{end}}",
                r#"template: :1: unexpected "1" in {{continue}}"#,
            ),
            ("{{.X.}}", "template: :1: unexpected <.> in operand"),
            ("{{3x}}", r#"template: :1: bad number syntax: "3x""#),
            ("{{09}}", r#"template: :1: integer overflow: "09""#),
            (
                "{{1e400}}",
                r#"template: :1: illegal number syntax: "1e400""#,
            ),
            (
                r#"{{"a".B}}"#,
                r#"template: :1: unexpected . after term "\"a\"""#,
            ),
            (
                "{{$x, $y := 1}}",
                "template: :1: too many declarations in command",
            ),
            (
                "{{range $x, 1}}{{end}}",
                "template: :1: range can only initialize variables",
            ),
            ("{{.A:b}}", "template: :1: expected :="),
            (
                "{{\u{7}}}",
                "template: :1: unrecognized character in action: U+0007",
            ),
            (r#"{{"\q"}}"#, "template: :1: invalid syntax"),
            (
                "{{'ab'}}",
                "template: :1: malformed character constant: 'ab'",
            ),
            (
                r#"{{print "abcdefghijkl" ,}}"#,
                r#"template: :1: unexpected "," in operand"#,
            ),
            (
                r#"{{print "abc" "abcdefghijkl"|}}{{print (1 "abcdefghijkl"}}"#,
                "template: :1: unclosed left paren",
            ),
            (
                r#"{{template "x"}}"#,
                "template: :1: {{template}} is not supported",
            ),
            (
                r#"{{define "x"}}{{end}}"#,
                "template: :1: {{define}} is not supported",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(parse_error(src), *want, "{src}");
        }
    }

    #[test]
    fn execution_errors() {
        let cases: &[(&str, &str)] = &[
            (
                "{{index .RepoTags 5}}",
                r#"template: :1:2: executing "" at <index .RepoTags 5>: error calling index: index out of range: 5"#,
            ),
            (
                "{{index .RepoTags 2}}",
                r#"template: :1:2: executing "" at <index .RepoTags 2>: error calling index: reflect: slice index out of range"#,
            ),
            (
                "{{len}}",
                r#"template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 0"#,
            ),
            (
                "{{eq .Size 1.5}}",
                r#"template: :1:2: executing "" at <eq .Size 1.5>: error calling eq: incompatible types for comparison: int and float64"#,
            ),
            (
                "{{eq .Names 1}}",
                r#"template: :1:2: executing "" at <eq .Names 1>: error calling eq: incompatible types for comparison: []interface {} and int"#,
            ),
            (
                "{{lt .Names 1}}",
                r#"template: :1:2: executing "" at <lt .Names 1>: error calling lt: invalid type for comparison"#,
            ),
            (
                "{{range .Id}}{{end}}",
                r#"template: :1:8: executing "" at <.Id>: range can't iterate over sha256:1234567890abcdef"#,
            ),
            (
                "{{range $i, $e := 3}}{{end}}",
                r#"template: :1:18: executing "" at <3>: can't use 3 to iterate over more than one variable"#,
            ),
            (
                "{{upper .Names}}",
                r#"template: :1:8: executing "" at <.Names>: wrong type for value; expected string; got []interface {}"#,
            ),
            (
                "{{upper 3}}",
                r#"template: :1:8: executing "" at <3>: expected string; found 3"#,
            ),
            (
                r#"{{join .Items ","}}"#,
                r#"template: :1:7: executing "" at <.Items>: wrong type for value; expected []string; got []interface {}"#,
            ),
            (
                r#"{{pad "x" -1 0}}"#,
                r#"template: :1:2: executing "" at <pad "x" -1 0>: error calling pad: strings: negative Repeat count"#,
            ),
            (
                r#"{{truncate "x" -1}}"#,
                r#"template: :1:2: executing "" at <truncate "x" -1>: error calling truncate: runtime error: slice bounds out of range [:-1]"#,
            ),
            (
                "{{len .Config.Entrypoint}}",
                r#"template: :1:2: executing "" at <len .Config.Entrypoint>: error calling len: len of nil pointer"#,
            ),
            (
                "{{len 3}}",
                r#"template: :1:2: executing "" at <len 3>: error calling len: len of type int"#,
            ),
            (
                "{{index .Config.Labels 1}}",
                r#"template: :1:2: executing "" at <index .Config.Labels 1>: error calling index: value has type int; should be string"#,
            ),
            (
                "{{nil}}",
                r#"template: :1:2: executing "" at <nil>: nil is not a command"#,
            ),
            (
                "{{.Names 1}}",
                r#"template: :1:2: executing "" at <.Names>: Names is not a method but has arguments"#,
            ),
            (
                "{{$y = 1}}",
                r#"template: :1:7: executing "" at <1>: undefined variable: $y"#,
            ),
            (
                "{{1 2}}",
                r#"template: :1:2: executing "" at <1>: can't give argument to non-function 1"#,
            ),
            (
                "{{call .Id}}",
                r#"template: :1:2: executing "" at <call .Id>: error calling call: non-function .Id of type string"#,
            ),
            (
                "{{18446744073709551615}}",
                r#"template: :1:2: executing "" at <18446744073709551615>: 18446744073709551615 overflows int"#,
            ),
            (
                "a\n{{if .Names}}\n  {{slice .Id 3 1}}{{end}}",
                r#"template: :3:4: executing "" at <slice .Id 3 1>: error calling slice: invalid slice index: 3 > 1"#,
            ),
        ];
        for (src, want) in cases {
            assert_eq!(fails(src), *want, "{src}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let ifs = format!("{}x{}", "{{if 1}}".repeat(500), "{{end}}".repeat(500));
        assert_eq!(
            parse_error(&ifs),
            "template: :1: max nesting depth exceeded"
        );
        let parens = format!("{{{{{}1{}}}}}", "(".repeat(500), ")".repeat(500));
        assert_eq!(
            parse_error(&parens),
            "template: :1: max expression depth exceeded"
        );
        // Just inside the limit: parse and execute, natively on a 1 MiB stack (wasm's size).
        let deepest = || {
            let n = MAX_DEPTH - 1;
            let ifs = format!("{}x{}", "{{if 1}}".repeat(n), "{{end}}".repeat(n));
            let parens = format!("{{{{{}1{}}}}}", "(".repeat(n), ")".repeat(n));
            let data = image();
            (
                run_with(&ifs, &data, Missing::NoValue),
                run_with(&parens, &data, Missing::NoValue),
            )
        };
        #[cfg(not(target_arch = "wasm32"))]
        let (ifs, parens) = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(deepest)
            .unwrap()
            .join()
            .unwrap();
        #[cfg(target_arch = "wasm32")]
        let (ifs, parens) = deepest();
        assert_eq!(ifs, Ok("x".to_string()));
        assert_eq!(parens, Ok("1".to_string()));
    }

    #[test]
    fn runaway_templates_stop() {
        let err = fails("{{range 1000000000}}{{end}}");
        assert!(
            err.ends_with("template execution exceeds 10000000 steps"),
            "{err}"
        );
        let err = fails(r#"{{$x := "ab"}}{{range 40}}{{$x = print $x $x}}{{end}}"#);
        assert!(
            err.ends_with("error calling print: result too large"),
            "{err}"
        );
        // Widths and precisions stop at Go's limit of a million.
        let huge = run(r#"{{printf "%.999999e|%.999999f|%.999999g|%999999d" 1e300 1e300 0.1 1}}"#);
        assert_eq!(huge.len(), 1_000_006 + 1 + 1_000_301 + 1 + 57 + 1 + 999_999);
        assert!(huge.contains("|0.1000000000000000055511151231257827021181583404541015625|"));
        assert_eq!(
            run(r#"{{printf "%9999999999d" 1}}"#),
            "%!(NOVERB)%!(EXTRA int=1)"
        );
    }

    /// A tiny xorshift PRNG, so the fuzz cases are the same on every run.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn parse_and_run_everywhere(src: &str, data: &Value) {
        if let Ok(t) = Template::parse(src) {
            for m in [Missing::NoValue, Missing::MapError, IMAGE_CONTEXT] {
                let _ = t.execute(data, m);
            }
        }
    }

    #[test]
    fn fuzzed_templates_never_panic() {
        const PIECES: &[&str] = &[
            "{{",
            "}}",
            "{{- ",
            " -}}",
            " ",
            ".",
            ".Id",
            ".Config",
            ".Labels",
            ".Names",
            ".Nope",
            "$",
            "$x",
            "$i",
            "$e",
            " := ",
            " = ",
            ",",
            "range",
            "if",
            "else",
            "end",
            "with",
            "break",
            "continue",
            "|",
            "(",
            ")",
            "\"",
            "\"a\"",
            "\"%d %s %v %5.2f %q %x %[2]*d\"",
            "`",
            "'",
            "'a'",
            "1",
            "-1",
            "2",
            "3.5",
            "0x1F",
            "1e3",
            "nil",
            "true",
            "index",
            "len",
            "printf",
            "print",
            "println",
            "json",
            "join",
            "split",
            "eq",
            "ne",
            "lt",
            "and",
            "or",
            "not",
            "slice",
            "pad",
            "truncate",
            "upper",
            "title",
            "html",
            "js",
            "urlquery",
            "call",
            "/*",
            "*/",
            "\n",
            "x",
            "é",
            "}",
            "{",
            "\\",
            ":",
            "=",
            "-",
            "block",
            "define",
            "template",
            "$.Config.Labels",
            "(index .Items 0)",
            ".Name",
        ];
        let data = image();
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..4000 {
            let mut src = String::new();
            for _ in 0..1 + rng.below(20) {
                src.push_str(PIECES[rng.below(PIECES.len())]);
            }
            parse_and_run_everywhere(&src, &data);
        }
        // Well-formed actions with random operands, so execution gets exercised too.
        const OPERANDS: &[&str] = &[
            ".Id",
            ".Names",
            ".Config.Labels",
            ".Nope",
            ".Size",
            ".Ratio",
            ".Config.Entrypoint",
            "$",
            ".",
            "1",
            "-2",
            "2.5",
            "\"s\"",
            "nil",
            "true",
            "(index .Names 1)",
            ".Items",
            "(split .Id \":\")",
            "'c'",
        ];
        const FUNCS: &[&str] = &[
            "", "index", "len", "slice", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not",
            "print", "printf", "println", "json", "join", "split", "title", "lower", "upper",
            "pad", "truncate", "html", "js", "urlquery", "call",
        ];
        for _ in 0..4000 {
            let mut src = String::from("{{");
            src.push_str(FUNCS[rng.below(FUNCS.len())]);
            for _ in 0..rng.below(4) {
                src.push(' ');
                src.push_str(OPERANDS[rng.below(OPERANDS.len())]);
            }
            if rng.below(3) == 0 {
                src.push_str(" | ");
                src.push_str(FUNCS[1 + rng.below(FUNCS.len() - 1)]);
            }
            src.push_str("}}");
            if rng.below(3) == 0 {
                src = format!("{{{{range $i, $e := .Names}}}}{src}{{{{end}}}}");
            }
            parse_and_run_everywhere(&src, &data);
        }
        // Random characters, weighted towards template syntax.
        const CHARS: &[char] = &[
            '{', '}', '.', '$', '(', ')', '|', '"', '`', '\'', '\\', '-', ' ', '\n', 'a', 'x', '1',
            '0', 'e', '%', ':', '=', ',', '/', '*', 'é', '\u{2028}', '\0',
        ];
        for _ in 0..4000 {
            let src: String = (0..rng.below(30))
                .map(|_| CHARS[rng.below(CHARS.len())])
                .collect();
            parse_and_run_everywhere(&src, &data);
        }
        // printf with random formats.
        const VERBS: &[char] = &[
            '%', 'd', 's', '*', '.', '5', '[', ']', '2', '-', '+', '#', '0', 'v', 'x', 'q', 'U',
            'e', 'g', 'T', 'c', ' ',
        ];
        for _ in 0..4000 {
            let f: String = (0..rng.below(12))
                .map(|_| VERBS[rng.below(VERBS.len())])
                .collect();
            let src = format!(
                "{{{{printf {} 1 \"a\" 2.5 .Names nil .Config.Labels -7}}}}",
                go_quote(&f)
            );
            parse_and_run_everywhere(&src, &data);
        }
    }
}
