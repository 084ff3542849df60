//! Go's `encoding/json` output: string escaping (with or without `SetEscapeHTML`), float64
//! numbers, and whole [`serde_json::Value`]s compact or indented, byte for byte as Go writes
//! them (the Value's own key order is kept, as for a Go struct).

use serde_json::Value;

use super::fmt::format_float;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `s` as a JSON string. Quotes, backslashes and control characters are escaped
/// (`\b \f \n \r \t`, else `\u00XX`), U+2028 and U+2029 always; with `escape_html` also
/// `<`, `>` and `&` (as `\u003c`, `\u003e`, `\u0026`), as Go does unless `SetEscapeHTML(false)`.
pub fn write_string(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    write_escaped(out, s, escape_html);
    out.push('"');
}

/// A JSON string literal; see [`write_string`].
pub fn string(s: &str, escape_html: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s, escape_html);
    out
}

/// As [`write_string`] for bytes that may not be UTF-8: each byte of an invalid sequence
/// becomes `\ufffd`, as Go writes a string holding invalid UTF-8.
pub fn write_bytes(out: &mut String, b: &[u8], escape_html: bool) {
    out.push('"');
    for chunk in b.utf8_chunks() {
        write_escaped(out, chunk.valid(), escape_html);
        for _ in chunk.invalid() {
            out.push_str("\\ufffd");
        }
    }
    out.push('"');
}

fn write_escaped(out: &mut String, s: &str, escape_html: bool) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if escape_html => push_u(out, c as u32),
            '\u{2028}' | '\u{2029}' => push_u(out, c as u32),
            c if (c as u32) < 0x20 => push_u(out, c as u32),
            c => out.push(c),
        }
    }
}

fn push_u(out: &mut String, u: u32) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((u >> shift) & 0xf) as usize] as char);
    }
}

/// A float64 as encoding/json writes it: the shortest digits that read back, in `%f` form
/// unless its magnitude is below 1e-6 or at least 1e21, where it is `1e-7` / `1e+21`.
/// None for NaN and infinities, which Go refuses (`UnsupportedValueError`).
pub fn float(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let s = format_float(f, 'e', -1);
        // Go writes e-07 as e-7.
        return Some(match s.rsplit_once("e-0") {
            Some((m, d)) if d.len() == 1 => format!("{m}e-{d}"),
            _ => s,
        });
    }
    Some(format_float(f, 'f', -1))
}

/// `json.Marshal(v)` (HTML-escaped with `escape_html`, as Marshal does by default).
pub fn to_string(v: &Value, escape_html: bool) -> String {
    let mut out = String::new();
    write_value(&mut out, v, escape_html, None, 0);
    out
}

/// `json.MarshalIndent(v, "", indent)`.
pub fn to_string_indent(v: &Value, indent: &str, escape_html: bool) -> String {
    let mut out = String::new();
    write_value(&mut out, v, escape_html, Some(indent), 0);
    out
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(ind) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(ind);
        }
    }
}

fn write_value(out: &mut String, v: &Value, html: bool, indent: Option<&str>, depth: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (_, Some(u), _) => out.push_str(&u.to_string()),
            (_, _, Some(f)) => out.push_str(&float(f).unwrap_or_else(|| n.to_string())),
            _ => out.push_str(&n.to_string()),
        },
        Value::String(s) => write_string(out, s, html),
        Value::Array(a) => {
            out.push('[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write_value(out, e, html, indent, depth + 1);
            }
            if !a.is_empty() {
                newline(out, indent, depth);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, e)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write_string(out, k, html);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_value(out, e, html, indent, depth + 1);
            }
            if !m.is_empty() {
                newline(out, indent, depth);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_like_go() {
        let s = "a\"b\\c\n\r\t\x08\x0c\x01\x1f\x7f <b>&é\u{2028}\u{2029}\u{1f600}";
        assert_eq!(
            string(s, true),
            r#""a\"b\\c\n\r\t\b\f\u0001\u001f"#.to_string()
                + "\x7f \\u003cb\\u003e\\u0026é\\u2028\\u2029\u{1f600}\""
        );
        assert_eq!(string("<a&b>\u{2028}", false), "\"<a&b>\\u2028\"");
        let mut out = String::new();
        write_bytes(&mut out, b"a\xffb\xe2\x82<", true);
        assert_eq!(out, r#""a\ufffdb\ufffd\ufffd\u003c""#);
    }

    #[test]
    fn floats_like_go() {
        assert_eq!(float(1.0).as_deref(), Some("1"));
        assert_eq!(float(-0.0).as_deref(), Some("-0"));
        assert_eq!(
            float(0.9844212134184309).as_deref(),
            Some("0.9844212134184309")
        );
        assert_eq!(float(1e-7).as_deref(), Some("1e-7"));
        assert_eq!(float(1.5e-10).as_deref(), Some("1.5e-10"));
        assert_eq!(float(1e21).as_deref(), Some("1e+21"));
        assert_eq!(float(1e20).as_deref(), Some("100000000000000000000"));
        assert_eq!(float(f64::NAN), None);
    }

    #[test]
    fn values_like_go() {
        let v = json!({"a": [1, -2, 2.5, "<x>"], "b": {}, "c": [], "d": {"e": null, "f": true}});
        assert_eq!(
            to_string(&v, true),
            r#"{"a":[1,-2,2.5,"\u003cx\u003e"],"b":{},"c":[],"d":{"e":null,"f":true}}"#
        );
        assert_eq!(
            to_string_indent(&v, "  ", false),
            "{\n  \"a\": [\n    1,\n    -2,\n    2.5,\n    \"<x>\"\n  ],\n  \"b\": {},\n  \"c\": [],\n  \"d\": {\n    \"e\": null,\n    \"f\": true\n  }\n}"
        );
    }
}
