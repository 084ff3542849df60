//! The parse tree (Go's `parse/node.go`, reduced to what execution needs, and its
//! `String()` forms used in error messages) and the parser, a port of `parse/parse.go`.

use super::exec::signature;
use super::lex::{tok_string, Kind, Tok};
use super::{TemplateError, MAX_DEPTH};
use crate::go::strconv::{
    parse_float, parse_int, parse_uint, quote as go_quote, unquote, unquote_char,
};
use std::fmt;

#[derive(Debug, Clone)]
pub(super) enum Node {
    Text { pos: usize, text: String },
    Action(Pipe),
    If(Branch),
    With(Branch),
    Range(Branch),
    Break { pos: usize },
    Continue { pos: usize },
}

#[derive(Debug, Clone)]
pub(super) struct Branch {
    pub(super) pipe: Pipe,
    pub(super) list: Vec<Node>,
    pub(super) else_list: Option<Vec<Node>>,
}

#[derive(Debug, Clone)]
pub(super) struct Pipe {
    pub(super) pos: usize,
    pub(super) decl: Vec<String>,
    pub(super) is_assign: bool,
    pub(super) cmds: Vec<Cmd>,
}

#[derive(Debug, Clone)]
pub(super) struct Cmd {
    pub(super) pos: usize,
    pub(super) args: Vec<Arg>,
}

#[derive(Debug, Clone)]
pub(super) enum Arg {
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
pub(super) struct Num {
    pub(super) text: String,
    pub(super) int: Option<i64>,
    pub(super) uint: Option<u64>,
    pub(super) float: Option<f64>,
}

impl Arg {
    pub(super) fn pos(&self) -> usize {
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

pub(super) fn arg_string(a: &Arg) -> String {
    let mut s = String::new();
    write_arg(&mut s, a);
    s
}

pub(super) fn write_cmd(out: &mut String, c: &Cmd) {
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

pub(super) fn write_pipe(out: &mut String, p: &Pipe) {
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

pub(super) fn write_node(out: &mut String, n: &Node) {
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

pub(super) fn node_pos(n: &Node) -> usize {
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
pub(super) struct Parser {
    pub(super) toks: Vec<Tok>,
    pub(super) idx: usize,
    /// Index of the furthest token read: Go's `t.token[0]`, whose line errors report.
    seen: usize,
    pub(super) vars: Vec<String>,
    action_line: usize,
    range_depth: usize,
    pub(super) depth: usize,
}

impl Parser {
    pub(super) fn new(toks: Vec<Tok>) -> Self {
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

    pub(super) fn next(&mut self) -> Tok {
        let t = self.fetch(self.idx);
        self.idx += 1;
        t
    }

    fn backup(&mut self) {
        self.idx = self.idx.saturating_sub(1);
    }

    pub(super) fn peek(&mut self) -> Tok {
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

    pub(super) fn unexpected(&self, t: &Tok, context: &str) -> TemplateError {
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

    pub(super) fn parse(&mut self) -> PResult<Vec<Node>> {
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

    pub(super) fn pipeline(&mut self, context: &str, end: Kind) -> PResult<Pipe> {
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

    pub(super) fn command(&mut self) -> PResult<Cmd> {
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

    pub(super) fn operand(&mut self) -> PResult<Option<Arg>> {
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

    pub(super) fn term(&mut self) -> PResult<Option<Arg>> {
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

/// Why a number or character constant is not one (parse.newNumber's errors).
#[derive(Debug)]
enum NumberError {
    /// strconv's ErrSyntax from a character constant: `invalid syntax`.
    Syntax,
    MalformedChar(String),
    Complex(String),
    Overflow(String),
    Illegal(String),
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Syntax => f.write_str("invalid syntax"),
            NumberError::MalformedChar(t) => write!(f, "malformed character constant: {t}"),
            NumberError::Complex(t) => write!(f, "complex numbers are not supported: {t}"),
            NumberError::Overflow(t) => write!(f, "integer overflow: {}", go_quote(t)),
            NumberError::Illegal(t) => write!(f, "illegal number syntax: {}", go_quote(t)),
        }
    }
}

/// parse.newNumber.
fn new_number(text: &str, kind: Kind) -> Result<Num, NumberError> {
    let mut n = Num {
        text: text.to_string(),
        int: None,
        uint: None,
        float: None,
    };
    if kind == Kind::CharConst {
        let b = text.as_bytes();
        let (v, _, used) =
            unquote_char(b.get(1..).unwrap_or(&[]), b'\'').ok_or(NumberError::Syntax)?;
        if b.get(1 + used..) != Some(&b"'"[..]) {
            return Err(NumberError::MalformedChar(text.to_string()));
        }
        n.int = Some(v as i64);
        n.uint = Some(v as u64);
        n.float = Some(v as f64);
        return Ok(n);
    }
    if kind == Kind::Complex || text.ends_with('i') {
        return Err(NumberError::Complex(text.to_string()));
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
            return Err(NumberError::Overflow(text.to_string()));
        }
        n.float = Some(f);
        if f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
            n.int = Some(f as i64);
        }
        if f.fract() == 0.0 && (0.0..1.844_674_407_370_955_2e19).contains(&f) {
            n.uint = Some(f as u64);
        }
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(NumberError::Illegal(text.to_string()));
    }
    Ok(n)
}
