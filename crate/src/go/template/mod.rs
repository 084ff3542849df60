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

mod exec;
mod funcs;
mod lex;
mod parse;
#[cfg(test)]
mod tests;

use std::fmt;

use serde_json::Value;

use exec::{At, Exec, Val};
use lex::Lexer;
use parse::{Node, Parser};

/// Deepest nesting of `if`/`range`/`with` blocks and parentheses.
const MAX_DEPTH: usize = 100;
/// Largest output, and largest string a function may return.
const MAX_OUTPUT: usize = crate::go::fmt::MAX_LEN;
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

impl From<&str> for TemplateError {
    fn from(s: &str) -> TemplateError {
        TemplateError(s.to_string())
    }
}

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
