//! `--format` as docker/cli's formatter.Context applies it: `table` (the default layout),
//! `table TEMPLATE` (a header row, then tab-separated cells aligned by the tabwriter),
//! `json` (`{{json .}}` per row) or a bare Go template per row.

use crate::format::table;
use crate::go::template::{Missing, Template, TemplateError};
use serde_json::{Map, Value};
use std::fmt;

/// A chosen output format.
pub enum Format {
    Table(String),
    Raw(String),
}

impl Format {
    /// docker/cli's preFormat: strip `table `, map `json`, turn literal `\t` and `\n` into
    /// tab and newline.
    pub fn choose(flag: Option<&str>, default_table: &str) -> Format {
        let unescape = |s: &str| {
            s.trim_matches(' ')
                .replace("\\t", "\t")
                .replace("\\n", "\n")
        };
        let f = match flag {
            None | Some("") | Some("table") => default_table,
            Some(f) => f,
        };
        match f {
            "json" => Format::Raw("{{json .}}".into()),
            f if f.starts_with("table") => Format::Table(unescape(&f["table".len()..])),
            f => Format::Raw(unescape(f)),
        }
    }
}

/// A `--format` template that does not parse or fails on a row; renders as docker/cli
/// prints template failures (`template parsing error: template: :1: ...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError(pub TemplateError);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "template parsing error: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

/// Renders rows (objects) with the format; `headers` maps field names to column titles;
/// `context` is the Go type named in errors about unknown fields.
pub fn render(
    format: &Format,
    headers: &[(&str, &str)],
    rows: &[Value],
    context: &'static str,
) -> Result<String, FormatError> {
    let (source, is_table) = match format {
        Format::Table(t) => (t.as_str(), true),
        Format::Raw(t) => (t.as_str(), false),
    };
    if !is_table && source.trim() == "{{json .}}" {
        // A context's MarshalJSON goes through json.Marshal, which escapes <, > and &.
        return Ok(rows
            .iter()
            .map(|r| format!("{}\n", crate::go::json::to_string(r, true)))
            .collect());
    }
    let tmpl = Template::parse(source).map_err(FormatError)?;
    let mut out = String::new();
    if is_table {
        let header: Map<String, Value> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        let mut lines = Vec::new();
        let head = tmpl
            .execute(&Value::Object(header), Missing::NoValue)
            .unwrap_or_default();
        lines.push(head);
        for r in rows {
            lines.push(
                tmpl.execute(r, Missing::Error(context))
                    .map_err(FormatError)?,
            );
        }
        let cells: Vec<Vec<String>> = lines
            .iter()
            .flat_map(|l| {
                l.split('\n')
                    .map(|x| x.split('\t').map(str::to_string).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
            .collect();
        out.push_str(&table(&cells));
    } else {
        for r in rows {
            out.push_str(
                &tmpl
                    .execute(r, Missing::Error(context))
                    .map_err(FormatError)?,
            );
            out.push('\n');
        }
    }
    Ok(out)
}

/// Builds a row object with keys in sorted order, as docker/cli's JSON of a context has.
pub fn row(fields: &[(&str, String)]) -> Value {
    let mut sorted: Vec<&(&str, String)> = fields.iter().collect();
    sorted.sort_by_key(|(k, _)| *k);
    Value::Object(
        sorted
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.clone())))
            .collect(),
    )
}
