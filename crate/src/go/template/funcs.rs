//! The functions: Go's builtins (`and`/`or` aside, which the executor short-circuits:
//! `not`, `len`, `index`, `slice`, comparisons, `print*`, `html`, `js`, `urlquery`),
//! docker/cli's (`json`, `split`, `join`, `title`, `lower`, `upper`, `pad`, `truncate`),
//! and fmt's printValue for template values, on which `printf` (go::fmt) calls.

use super::exec::{indirect_interface, truth, type_name, view, view_json, Val, V};
use super::{MAX_FMT_DEPTH, MAX_LIST, MAX_OUTPUT};
use crate::go::fmt::{
    fmt_bool, fmt_float, fmt_integer, fmt_string, format_float, sprint, sprintf, sprintln, Operand,
    Spec,
};
use crate::go::strconv::{is_print, quote as go_quote};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::rc::Rc;

/// A function's failure, as text/template words it after `error calling NAME: `.
#[derive(Debug)]
pub(super) struct FuncError(pub(super) String);

impl fmt::Display for FuncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for FuncError {
    fn from(s: &str) -> FuncError {
        FuncError(s.to_string())
    }
}

pub(super) fn builtin<'a>(name: &str, argv: Vec<Val<'a>>) -> Result<Val<'a>, FuncError> {
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
        "urlquery" => Val::Str(Cow::Owned(crate::go::url::query_escape(&eval_args(&views)))),
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
                return Err("strings: negative Repeat count".into());
            }
            if before.saturating_add(after) > MAX_OUTPUT as i64 {
                return Err("strings: Repeat output length overflow".into());
            }
            let mut out = " ".repeat(before as usize);
            out.push_str(text);
            out.push_str(&" ".repeat(after as usize));
            Val::Str(Cow::Owned(out))
        }
        "truncate" => {
            let (text, len) = (s(0), n(1));
            if len < 0 {
                return Err(FuncError(format!(
                    "runtime error: slice bounds out of range [:{len}]"
                )));
            }
            if (text.len() as i64) < len {
                Val::Str(Cow::Owned(text.to_string()))
            } else {
                let b = text.as_bytes().get(..len as usize).unwrap_or(&[]);
                Val::Str(Cow::Owned(String::from_utf8_lossy(b).into_owned()))
            }
        }
        _ => {
            return Err(FuncError(format!(
                "function {} not defined",
                go_quote(name)
            )))
        }
    })
}

fn str_at<'v>(views: &[V<'v, '_>], i: usize) -> &'v str {
    match views.get(i) {
        Some(V::Str(s)) => s,
        _ => "",
    }
}

fn length(v: &Val) -> Result<i64, FuncError> {
    Ok(match view(v) {
        V::Invalid => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
        V::Nil => return Err("len of nil pointer".into()),
        V::Str(s) => s.len() as i64,
        V::Arr(a) => a.len() as i64,
        V::List(l) => l.len() as i64,
        V::Map(m) => m.len() as i64,
        other => return Err(FuncError(format!("len of type {}", type_name(&other)))),
    })
}

fn index_arg(v: &Val, cap: usize) -> Result<usize, FuncError> {
    let x: i128 = match view(&indirect_interface(v)) {
        V::Int(i) => i as i128,
        V::Uint(u) => u as i128,
        V::Invalid | V::Nil => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(FuncError(format!(
                "cannot index slice/array with type {}",
                type_name(&other)
            )))
        }
    };
    if x < 0 || x > cap as i128 {
        return Err(FuncError(format!("index out of range: {x}")));
    }
    Ok(x as usize)
}

pub(super) fn index<'a>(argv: &[Val<'a>]) -> Result<Val<'a>, FuncError> {
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
                    return Err(FuncError(format!(
                        "value has type {}; should be string",
                        type_name(&other)
                    )))
                }
            },
            other => {
                return Err(FuncError(format!(
                    "can't index item of type {}",
                    type_name(&other)
                )))
            }
        };
        item = next;
    }
    Ok(item)
}

pub(super) fn slice<'a>(argv: &[Val<'a>]) -> Result<Val<'a>, FuncError> {
    let item = indirect_interface(argv.first().unwrap_or(&Val::Invalid));
    if matches!(item, Val::Invalid) {
        return Err("slice of untyped nil".into());
    }
    let idxs = argv.get(1..).unwrap_or(&[]);
    if idxs.len() > 3 {
        return Err(FuncError(format!("too many slice indexes: {}", idxs.len())));
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
        other => {
            return Err(FuncError(format!(
                "can't slice item of type {}",
                type_name(&other)
            )))
        }
    };
    let mut idx = [0, len, len];
    for (slot, x) in idx.iter_mut().zip(idxs) {
        *slot = index_arg(x, len)?;
    }
    let [i, j, k] = idx;
    if i > j {
        return Err(FuncError(format!("invalid slice index: {i} > {j}")));
    }
    if idxs.len() == 3 && j > k {
        return Err(FuncError(format!("invalid slice index: {j} > {k}")));
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

pub(super) fn eq(a: &Val, bs: &[Val]) -> Result<bool, FuncError> {
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
                        return Err(FuncError(format!(
                            "incompatible types for comparison: {} and {}",
                            type_name(&va),
                            type_name(&vb)
                        )));
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
                        return Err(FuncError(format!(
                            "non-comparable types {}: {}, {}: {}",
                            sprintf("%s", &[va]),
                            type_name(&va),
                            type_name(&vb),
                            sprint_one(&vb)
                        )));
                    }
                    return Err(FuncError(format!(
                        "non-comparable type {}: {}",
                        sprintf("%s", &[vb]),
                        type_name(&vb)
                    )));
                }
            }
        };
        if t {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(super) fn lt(a: &Val, b: &Val) -> Result<bool, FuncError> {
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
            return Err(FuncError(format!(
                "incompatible types for comparison: {} and {}",
                type_name(&va),
                type_name(&vb)
            )))
        }
    })
}

pub(super) fn le(a: &Val, b: &Val) -> Result<bool, FuncError> {
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

/// strings.Title: upper-case the first letter of each word.
pub(super) fn title(s: &str) -> String {
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

pub(super) fn sprint_one(v: &V) -> String {
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
