//! Docker's text formats: tabwriter tables (minwidth 10, padding 3), HumanSize with three
//! significant digits, and `N units ago`.

/// Renders rows as Go's tabwriter does with Docker's settings: each column but the last is
/// as wide as its widest cell plus 3, and at least 10.
pub fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i + 1 < r.len() {
                widths[i] = widths[i].max((c.chars().count() + 3).max(10));
            }
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < r.len() {
                let pad = widths[i] - c.chars().count();
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// go-units HumanSizeWithPrecision(size, 3): decimal units, `%.3g`, no space.
pub fn human_size(size: u64) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut s = size as f64;
    let mut i = 0;
    while s >= 1000.0 && i < UNITS.len() - 1 {
        s /= 1000.0;
        i += 1;
    }
    format!("{}{}", go_g(s, 3), UNITS[i])
}

/// Go's `%.{prec}g` for finite non-negative values.
pub fn go_g(x: f64, prec: usize) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    let e = format!("{:.*e}", prec - 1, x);
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= prec as i32 {
        let m = trim_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (prec as i32 - 1 - exp).max(0) as usize;
        trim_zeros(&format!("{x:.decimals$}")).to_string()
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// Go's `%q`-free JSON: Docker's CLI prints JSON with HTML characters escaped.
pub fn json_indent(v: &serde_json::Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    let _ = serde::Serialize::serialize(v, &mut ser);
    escape_html(&String::from_utf8_lossy(&buf))
}

/// Go's encoding/json escapes `<`, `>` and `&` (and U+2028/9) by default.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_like_go_units() {
        assert_eq!(human_size(0), "0B");
        assert_eq!(human_size(999), "999B");
        assert_eq!(human_size(1000), "1kB");
        assert_eq!(human_size(13_300), "13.3kB");
        assert_eq!(human_size(133_000_000), "133MB");
        assert_eq!(human_size(1_220_598), "1.22MB");
        assert_eq!(human_size(1_220_000_000), "1.22GB");
        assert_eq!(human_size(999_999), "1e+03kB");
        assert_eq!(human_size(4_865), "4.87kB");
        assert_eq!(human_size(12_345), "12.3kB");
    }

    #[test]
    fn tables_like_tabwriter() {
        let t = table(&[
            vec!["REPOSITORY".into(), "TAG".into(), "SIZE".into()],
            vec!["nginx".into(), "latest".into(), "133MB".into()],
        ]);
        assert_eq!(
            t,
            "REPOSITORY   TAG       SIZE\nnginx        latest    133MB\n"
        );
    }
}
