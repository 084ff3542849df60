//! `printf FORMAT [ARG]...`: `%s %b %c %d %i %u %x %X %o %f %e %g` with flags, width
//! and precision, the format reused while arguments remain; and the backslash escapes
//! that `echo -e`, `printf` and `tr` share. Messages follow the flavour.

use super::{Ctx, Flavour};

/// Processes backslash escapes (`echo -e`, `printf`'s format and `%b`). Returns the
/// text and whether `\c` asked to stop all output.
pub(crate) fn escapes(s: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('e') => out.push('\x1b'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('\\') => out.push('\\'),
            Some('c') => return (out, true),
            Some('0') => {
                let mut v = 0u32;
                for _ in 0..3 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\0'));
            }
            Some('x') => {
                let mut v = 0u32;
                let mut any = false;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            any = true;
                            chars.next();
                        }
                        None => break,
                    }
                }
                if any {
                    out.push(char::from_u32(v).unwrap_or('\0'));
                } else {
                    out.push_str("\\x");
                }
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

pub fn printf(args: &[String], cx: &mut Ctx) -> i32 {
    let Some((format, mut rest)) = args.split_first() else {
        return cx.usage("printf", "FORMAT [ARG]...", "missing operand");
    };
    let mut code = 0;
    loop {
        let used_before = rest.len();
        let mut out = String::new();
        let mut chars = format.chars().peekable();
        let mut stop = false;
        while let Some(c) = chars.next() {
            if c == '\\' {
                let mut esc = String::from("\\");
                if let Some(n) = chars.next() {
                    esc.push(n);
                    if n == '0' || n == 'x' {
                        while let Some(&d) = chars.peek() {
                            if d.is_ascii_hexdigit() && esc.len() < 5 {
                                esc.push(d);
                                chars.next();
                            } else {
                                break;
                            }
                        }
                    }
                }
                let (t, s) = escapes(&esc);
                out.push_str(&t);
                if s {
                    stop = true;
                    break;
                }
                continue;
            }
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut spec = String::new();
            while let Some(&d) = chars.peek() {
                if "-+ #0123456789.".contains(d) {
                    spec.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            let Some(conv) = chars.next() else {
                out.push('%');
                break;
            };
            if conv == '%' {
                out.push('%');
                continue;
            }
            let arg = rest.first().cloned();
            rest = rest.get(1..).unwrap_or(&[]);
            let arg = arg.unwrap_or_default();
            let (left, zero, width, prec) = parse_spec(&spec);
            let body = match conv {
                's' => match prec {
                    Some(p) => arg.chars().take(p).collect(),
                    None => arg,
                },
                'b' => {
                    let (t, s) = escapes(&arg);
                    if s {
                        stop = true;
                    }
                    t
                }
                'c' => arg.chars().next().map(String::from).unwrap_or_default(),
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let v = match parse_int(&arg) {
                        Some(v) => v,
                        None => {
                            let msg = match cx.flavour {
                                Flavour::Gnu => {
                                    format!("printf: '{arg}': expected a numeric value\n")
                                }
                                Flavour::Busybox => format!("printf: invalid number '{arg}'\n"),
                            };
                            cx.err(&msg);
                            code = 1;
                            0
                        }
                    };
                    match conv {
                        'x' => format!("{v:x}"),
                        'X' => format!("{v:X}"),
                        'o' => format!("{v:o}"),
                        _ => v.to_string(),
                    }
                }
                'f' | 'e' | 'g' => {
                    let v: f64 = arg.trim().parse().unwrap_or(0.0);
                    let p = prec.unwrap_or(6);
                    match conv {
                        'e' => format!("{v:.p$e}"),
                        _ => format!("{v:.p$}"),
                    }
                }
                other => {
                    let msg = match cx.flavour {
                        Flavour::Gnu => {
                            format!("printf: %{other}: invalid conversion specification\n")
                        }
                        Flavour::Busybox => format!("printf: %{other}: invalid format\n"),
                    };
                    cx.err(&msg);
                    return 1;
                }
            };
            let pad = width.saturating_sub(body.chars().count());
            if left {
                out.push_str(&body);
                out.push_str(&" ".repeat(pad));
            } else if zero && matches!(conv, 'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'f') {
                let (sign, digits) = match body.strip_prefix('-') {
                    Some(d) => ("-", d.to_string()),
                    None => ("", body.clone()),
                };
                out.push_str(sign);
                out.push_str(&"0".repeat(pad));
                out.push_str(&digits);
            } else {
                out.push_str(&" ".repeat(pad));
                out.push_str(&body);
            }
            if stop {
                break;
            }
        }
        cx.out(&out);
        if stop || rest.is_empty() || rest.len() == used_before {
            break;
        }
    }
    code
}

fn parse_spec(spec: &str) -> (bool, bool, usize, Option<usize>) {
    let left = spec.contains('-');
    let (w, p) = match spec.split_once('.') {
        Some((w, p)) => (w, Some(p.parse().unwrap_or(0))),
        None => (spec, None),
    };
    let digits: String = w.chars().skip_while(|c| "-+ #".contains(*c)).collect();
    let zero = digits.starts_with('0');
    (
        left,
        zero,
        digits.parse().unwrap_or(0).min(4096),
        p.map(|p: usize| p.min(4096)),
    )
}

fn parse_int(s: &str) -> Option<i64> {
    let t = s.trim();
    if t.is_empty() {
        return Some(0);
    }
    if let Some(c) = t.strip_prefix(['\'', '"']) {
        return c.chars().next().map(|c| c as i64);
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        i64::from_str_radix(body.get(1..)?, 8).ok()?
    } else {
        body.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_numbers() {
        assert_eq!(
            escapes("a\\tb\\n\\x41\\0101\\c rest"),
            ("a\tb\nAA".to_string(), true)
        );
        assert_eq!(parse_int("0x10"), Some(16));
        assert_eq!(parse_int("010"), Some(8));
        assert_eq!(parse_int("'A"), Some(65));
    }
}
