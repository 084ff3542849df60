//! Execution: template values (a reflect.Value's worth of Go semantics over JSON data) and
//! the executor, a port of `text/template/exec.go` with its error texts.

use super::funcs::{builtin, sprint_one, FuncError};
use super::parse::{
    arg_string, node_pos, write_cmd, write_node, write_pipe, Arg, Branch, Cmd, Node, Num, Pipe,
};
use super::{Missing, TemplateError, MAX_LIST, MAX_OUTPUT, MAX_STEPS};
use crate::go::strconv::quote as go_quote;
use serde_json::Map;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::rc::Rc;

/// A value as Go's executor holds it in a reflect.Value.
#[derive(Clone, Debug)]
pub(super) enum Val<'a> {
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
pub(super) enum V<'v, 'a> {
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

pub(super) fn view_json(v: &Value) -> V<'_, '_> {
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

pub(super) fn view<'v, 'a>(v: &'v Val<'a>) -> V<'v, 'a> {
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
pub(super) fn type_name(v: &V) -> &'static str {
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
pub(super) fn truth(v: &Val) -> bool {
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
pub(super) fn indirect_interface<'a>(v: &Val<'a>) -> Val<'a> {
    match v {
        Val::Data(Value::Null) | Val::Nil => Val::Invalid,
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// Execution: a port of text/template/exec.go.

#[derive(Clone, Copy)]
pub(super) enum At<'t> {
    None,
    Node(&'t Node),
    Pipe(&'t Pipe),
    Cmd(&'t Cmd),
    Arg(&'t Arg),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
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
pub(super) struct Sig {
    fixed: &'static [Param],
    variadic: Option<Param>,
}

pub(super) fn signature(name: &str) -> Option<Sig> {
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
pub(super) struct Exec<'t, 'a> {
    pub(super) src: &'t str,
    pub(super) root: &'a Value,
    pub(super) missing: Missing,
    pub(super) vars: Vec<(&'t str, Val<'a>)>,
    pub(super) at: At<'t>,
    pub(super) out: String,
    pub(super) steps: u64,
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
    pub(super) fn err(&self, msg: impl fmt::Display) -> TemplateError {
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

    pub(super) fn walk_list(&mut self, dot: &Val<'a>, nodes: &'t [Node]) -> EResult<Flow> {
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
            Err(FuncError(match argv.first().map(indirect_interface) {
                Some(Val::Invalid) | None => "call of nil".to_string(),
                Some(v) => format!("non-function {callee} of type {}", type_name(&view(&v))),
            }))
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
