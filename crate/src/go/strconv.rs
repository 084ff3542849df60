//! Go's `strconv`, the parts layerlab needs: `Quote`, `QuoteToASCII`, `QuoteRune`,
//! `QuoteRuneToASCII`, `CanBackquote`, `IsPrint`, `Unquote`, `UnquoteChar`, and `ParseInt`,
//! `ParseUint` and `ParseFloat` as text/template's number literals call them (base 0, 64 bits).
//!
//! [`is_print`] is exactly Go's `unicode.IsPrint` (letters, marks, numbers, punctuation,
//! symbols and U+0020) over the Unicode 15.0.0 tables in `print_table.rs`, so a quoted string
//! escapes the same code points as Go's: unassigned ones, private use, format characters
//! (U+00AD, U+200B, U+FEFF...), separators (U+00A0, U+2028) and controls.

use super::print_table::PRINT;

/// `strconv.IsPrint` (and `unicode.IsPrint`): letters, marks, numbers, punctuation, symbols
/// and the ASCII space.
pub fn is_print(c: char) -> bool {
    let u = c as u32;
    if u < 0x7f {
        return u >= 0x20;
    }
    PRINT
        .binary_search_by(|&(lo, hi)| {
            if hi < u {
                std::cmp::Ordering::Less
            } else if lo > u {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Appends `c` as it appears inside a quoted literal delimited by `quote`.
/// C's one-letter escape of a control character (`\a \b \f \n \r \t \v`), which Go's
/// strconv and GNU's shell quoting both use.
pub fn c_escape(c: char) -> Option<&'static str> {
    Some(match c {
        '\x07' => "\\a",
        '\x08' => "\\b",
        '\x0c' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\x0b' => "\\v",
        _ => return None,
    })
}

fn push_escaped(out: &mut String, c: char, quote: char, ascii_only: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    let shown = if ascii_only {
        c.is_ascii() && is_print(c)
    } else {
        is_print(c)
    };
    if shown {
        out.push(c);
        return;
    }
    if let Some(e) = c_escape(c) {
        out.push_str(e);
        return;
    }
    let u = c as u32;
    if u < 0x20 || u == 0x7f {
        out.push_str(&format!("\\x{u:02x}"));
    } else if u < 0x10000 {
        out.push_str(&format!("\\u{u:04x}"));
    } else {
        out.push_str(&format!("\\U{u:08x}"));
    }
}

fn quote_with(s: &str, ascii_only: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"', ascii_only);
    }
    out.push('"');
    out
}

fn quote_rune_with(c: char, ascii_only: bool) -> String {
    let mut out = String::from("'");
    push_escaped(&mut out, c, '\'', ascii_only);
    out.push('\'');
    out
}

/// `strconv.Quote`: a double-quoted Go string literal; printable characters stay as they
/// are, the rest become `\a`-style, `\xNN`, `\uNNNN` or `\UNNNNNNNN` escapes.
pub fn quote(s: &str) -> String {
    quote_with(s, false)
}

/// `strconv.QuoteToASCII`: as [`quote`], but everything outside printable ASCII is escaped.
pub fn quote_to_ascii(s: &str) -> String {
    quote_with(s, true)
}

/// `strconv.QuoteRune`: a single-quoted Go character literal.
pub fn quote_rune(c: char) -> String {
    quote_rune_with(c, false)
}

/// `strconv.QuoteRuneToASCII`.
pub fn quote_rune_to_ascii(c: char) -> String {
    quote_rune_with(c, true)
}

/// `strconv.CanBackquote`: whether `s` can be written as a raw string literal unchanged
/// (no control characters other than tab, no backquote, no U+FEFF).
pub fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| c != '`' && c != '\u{FEFF}' && (c == '\t' || !(c < ' ' || c == '\x7f')))
}

fn unhex(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// `strconv.UnquoteChar` on bytes: the first character or escape of `s`, inside a literal
/// delimited by `quote`, as (value, multibyte, bytes consumed); None where Go's is ErrSyntax.
/// `\xNN` and octal escapes give byte values (multibyte false), not code points.
pub fn unquote_char(s: &[u8], quote: u8) -> Option<(u32, bool, usize)> {
    let c = *s.first()?;
    if c == quote && (quote == b'\'' || quote == b'"') {
        return None;
    }
    if c >= 0x80 {
        let width = match c {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let ch = std::str::from_utf8(s.get(..width)?).ok()?.chars().next()?;
        return Some((ch as u32, true, width));
    }
    if c != b'\\' {
        return Some((c as u32, false, 1));
    }
    let e = *s.get(1)?;
    let simple = match e {
        b'a' => Some(7),
        b'b' => Some(8),
        b'f' => Some(12),
        b'n' => Some(10),
        b'r' => Some(13),
        b't' => Some(9),
        b'v' => Some(11),
        b'\\' => Some(b'\\' as u32),
        b'\'' | b'"' => {
            if e != quote {
                return None;
            }
            Some(e as u32)
        }
        _ => None,
    };
    if let Some(v) = simple {
        return Some((v, false, 2));
    }
    match e {
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = s.get(2..2 + n)?;
            let mut v: u32 = 0;
            for &d in digits {
                v = v.checked_mul(16)? + unhex(d)?;
            }
            if e == b'x' {
                return Some((v, false, 2 + n));
            }
            char::from_u32(v)?;
            Some((v, true, 2 + n))
        }
        b'0'..=b'7' => {
            let digits = s.get(2..4)?;
            let mut v = (e - b'0') as u32;
            for &d in digits {
                if !(b'0'..=b'7').contains(&d) {
                    return None;
                }
                v = v * 8 + (d - b'0') as u32;
            }
            if v > 255 {
                return None;
            }
            Some((v, false, 4))
        }
        _ => None,
    }
}

/// `strconv.Unquote` of a `"..."`, `` `...` `` or `'x'` literal; None where Go's is ErrSyntax.
/// Escapes that make invalid UTF-8 (`"\xff"`) come out as U+FFFD.
pub fn unquote(s: &str) -> Option<String> {
    if let Some(inner) = s.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?.as_bytes();
        let (v, multibyte, n) = unquote_char(inner, b'\'')?;
        if n != inner.len() {
            return None;
        }
        let c = if multibyte || v < 0x80 {
            char::from_u32(v)?
        } else {
            '\u{FFFD}'
        };
        return Some(c.to_string());
    }
    if let Some(raw) = s.strip_prefix('`') {
        let raw = raw.strip_suffix('`')?;
        if raw.contains('`') {
            return None;
        }
        return Some(raw.replace('\r', ""));
    }
    let inner = s.strip_prefix('"')?.strip_suffix('"')?.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner.get(i) == Some(&b'\n') {
            return None;
        }
        let (v, multibyte, n) = unquote_char(inner.get(i..)?, b'"')?;
        if v < 0x80 || !multibyte {
            out.push(v as u8);
        } else {
            let ch = char::from_u32(v)?;
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        i += n;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let mut saw = b'^';
    let mut hex = false;
    if b.len() >= i + 2
        && b[i] == b'0'
        && matches!(b[i + 1].to_ascii_lowercase(), b'b' | b'o' | b'x')
    {
        hex = b[i + 1].eq_ignore_ascii_case(&b'x');
        i += 2;
        saw = b'0';
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `strconv.ParseUint(s, 0, 64)`: decimal, `0b`, `0o`, `0` (octal) and `0x` prefixes, `_`
/// separators between digits.
pub fn parse_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let (base, digits): (u64, &[u8]) = if b[0] == b'0' && b.len() > 1 {
        match b.get(1).map(|c| c.to_ascii_lowercase()) {
            Some(b'b') if b.len() >= 3 => (2, &b[2..]),
            Some(b'o') if b.len() >= 3 => (8, &b[2..]),
            Some(b'x') if b.len() >= 3 => (16, &b[2..]),
            _ => (8, &b[1..]),
        }
    } else {
        (10, b)
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        if c == b'_' {
            underscores = true;
            continue;
        }
        let d = (c as char).to_digit(36)? as u64;
        if d >= base {
            return None;
        }
        n = n.checked_mul(base)?.checked_add(d)?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    Some(n)
}

/// `strconv.ParseInt(s, 0, 64)`.
pub fn parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let u = parse_uint(body)?;
    if neg {
        if u > i64::MAX as u64 + 1 {
            return None;
        }
        Some((u as i64).wrapping_neg())
    } else {
        i64::try_from(u).ok()
    }
}

/// `strconv.ParseFloat(s, 64)` for decimal literals (no hex floats, no Inf or NaN); None
/// where it fails or overflows.
pub fn parse_float(s: &str) -> Option<f64> {
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let body = s.replace('_', "");
    let lower = body.to_ascii_lowercase();
    if lower.contains("0x") || lower.contains("inf") || lower.contains("nan") {
        return None;
    }
    body.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_like_go_unicode_is_print() {
        // ASCII: only the controls are not printable.
        assert!(is_print(' ') && is_print('~') && is_print('a'));
        assert!(!is_print('\t') && !is_print('\0') && !is_print('\x7f'));
        // Latin-1: C1 controls, NBSP and the soft hyphen (Cf) are not.
        assert!(!is_print('\u{85}') && !is_print('\u{a0}') && !is_print('\u{ad}'));
        assert!(is_print('\u{a1}') && is_print('é') && is_print('\u{ff}'));
        // Combining marks (Mn, Mc, Me) are printable.
        assert!(is_print('\u{300}') && is_print('\u{20dd}') && is_print('\u{903}'));
        // Separators and format characters are not.
        for c in [
            '\u{2028}', '\u{2029}', '\u{3000}', '\u{200b}', '\u{200d}', '\u{feff}',
        ] {
            assert!(!is_print(c), "{:x}", c as u32);
        }
        for c in [
            '\u{180e}',
            '\u{2065}',
            '\u{110bd}',
            '\u{1bca0}',
            '\u{e0001}',
            '\u{e007f}',
        ] {
            assert!(!is_print(c), "{:x}", c as u32);
        }
        // Private use, non-characters and unassigned code points are not.
        for c in [
            '\u{e000}',
            '\u{f8ff}',
            '\u{f0000}',
            '\u{10fffd}',
            '\u{fdd0}',
            '\u{fffe}',
        ] {
            assert!(!is_print(c), "{:x}", c as u32);
        }
        for c in ['\u{378}', '\u{ffff}', '\u{1fffe}', '\u{e0000}', '\u{323b0}'] {
            assert!(!is_print(c), "{:x}", c as u32);
        }
        // Emoji, CJK, Hangul, and letters added up to Unicode 15.0 are.
        for c in [
            '\u{1f600}',
            '\u{4e00}',
            '\u{ac00}',
            '\u{fffd}',
            '\u{1faf8}',
            '\u{31350}',
        ] {
            assert!(is_print(c), "{:x}", c as u32);
        }
        // Unicode 15.1 and 16.0 additions are not yet (Go's tables are 15.0.0).
        assert!(!is_print('\u{2ebf0}') && !is_print('\u{1cc00}'));
    }

    #[test]
    fn table_is_sorted_and_disjoint() {
        for w in PRINT.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 + 1 < w[1].0, "{w:x?}");
        }
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("\t\n\0\x07\x7f"), r#""\t\n\x00\a\x7f""#);
        assert_eq!(quote("♥ ☃ 안녕"), "\"♥ ☃ 안녕\"");
        assert_eq!(quote("\u{a0}\u{ad}\u{2028}"), r#""\u00a0\u00ad\u2028""#);
        assert_eq!(quote("\u{feff}\u{e000}\u{378}"), r#""\ufeff\ue000\u0378""#);
        assert_eq!(quote("e\u{301}\u{1f600}"), "\"e\u{301}\u{1f600}\"");
        assert_eq!(quote("\u{f0000}"), r#""\U000f0000""#);
        assert_eq!(quote_to_ascii("é\u{1f600}\n"), r#""\u00e9\U0001f600\n""#);
        assert_eq!(quote_rune('\''), r"'\''");
        assert_eq!(quote_rune('"'), "'\"'");
        assert_eq!(quote_rune('\u{2028}'), r"'\u2028'");
        assert_eq!(quote_rune_to_ascii('☺'), r"'\u263a'");
        assert!(can_backquote("a\tb\"c"));
        assert!(!can_backquote("a`b") && !can_backquote("\n") && !can_backquote("\u{feff}"));
    }

    #[test]
    fn unquotes_like_go() {
        assert_eq!(
            unquote(r#""a\tb\u00e9\x41\101""#).as_deref(),
            Some("a\tbéAA")
        );
        assert_eq!(unquote("`a\\n\r`").as_deref(), Some("a\\n"));
        assert_eq!(unquote(r"'\u263a'").as_deref(), Some("☺"));
        assert_eq!(unquote("'ab'"), None);
        assert_eq!(unquote("''"), None);
        assert_eq!(unquote(r#""\'""#), None);
        assert_eq!(unquote(r#""\400""#), None);
        assert_eq!(unquote("\"a\nb\""), None);
        assert_eq!(unquote(r#""\ud800""#), None);
        assert_eq!(unquote(r#""\xff""#).as_deref(), Some("\u{fffd}"));
        assert_eq!(unquote(r#""abc"#), None);
        assert_eq!(unquote_char(b"\\x41", b'"'), Some((0x41, false, 4)));
        assert_eq!(unquote_char("é".as_bytes(), b'"'), Some((0xe9, true, 2)));
    }

    #[test]
    fn parses_numbers_like_go() {
        assert_eq!(parse_uint("0x_1F"), Some(31));
        assert_eq!(parse_uint("0o17"), Some(15));
        assert_eq!(parse_uint("017"), Some(15));
        assert_eq!(parse_uint("1__0"), None);
        assert_eq!(parse_uint("18446744073709551616"), None);
        assert_eq!(parse_int("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), None);
        assert_eq!(parse_float("1_000.5"), Some(1000.5));
        assert_eq!(parse_float("1e400"), None);
        assert_eq!(parse_float("inf"), None);
    }
}
