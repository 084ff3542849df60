//! Go's `fmt` formatting, the parts layerlab prints with, and `strconv.FormatFloat` beneath
//! its float verbs: [`format_float`] (`%e %f %g` with any precision, `'g'` with -1 for the
//! shortest form) and [`g`] (`%.Ng`, which go-units' HumanSize prints with).

use super::strconv;

/// `fmt.Sprintf("%q", items)` of a `[]string`: `["a" "b"]`.
pub fn quote_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| strconv::quote(s.as_ref())).collect();
    format!("[{}]", quoted.join(" "))
}

/// Decimal digits and decimal-point position of |x| from Rust's `{:e}` rendering.
fn decimal(e: &str) -> (Vec<u8>, i64) {
    let (mant, exp) = e.split_once('e').unwrap_or((e, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    if digits.iter().all(|&d| d == b'0') {
        return (Vec::new(), 0);
    }
    (digits, exp + 1)
}

fn fmt_e(out: &mut String, neg: bool, d: &[u8], dp: i64, prec: i64, fmt: char) {
    if neg {
        out.push('-');
    }
    out.push(d.first().map_or('0', |&c| c as char));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec as usize {
            out.push(d.get(i).map_or('0', |&c| c as char));
        }
    }
    out.push(fmt);
    let mut exp = if d.is_empty() { 0 } else { dp - 1 };
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

fn fmt_f(out: &mut String, neg: bool, d: &[u8], dp: i64, prec: i64) {
    if neg {
        out.push('-');
    }
    if dp > 0 {
        for i in 0..dp as usize {
            out.push(d.get(i).map_or('0', |&c| c as char));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = dp + i - 1;
            let c = if j >= 0 { d.get(j as usize) } else { None };
            out.push(c.map_or('0', |&c| c as char));
        }
    }
}

/// `strconv.FormatFloat(x, fmt, prec, 64)`: `fmt` is one of `b e E f g G x X`, `prec` the
/// digits after the point (`e f x`) or significant digits (`g`), -1 for the fewest digits
/// that read back as `x`. NaN is `NaN`, infinities `+Inf` and `-Inf`.
pub fn format_float(x: f64, fmt: char, prec: i64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let neg = x.is_sign_negative();
    let a = x.abs();
    let mut out = String::new();
    match fmt {
        'b' => {
            let bits = x.to_bits();
            let mut exp = ((bits >> 52) & 0x7ff) as i64;
            let mut mant = bits & ((1 << 52) - 1);
            if exp == 0 {
                exp += 1;
            } else {
                mant |= 1 << 52;
            }
            exp += -1023 - 52;
            if neg {
                out.push('-');
            }
            out.push_str(&format!("{mant}p{}{exp}", if exp >= 0 { "+" } else { "" }));
        }
        'x' | 'X' => {
            let bits = x.to_bits();
            let mut exp = ((bits >> 52) & 0x7ff) as i64;
            let mut mant = bits & ((1 << 52) - 1);
            if exp == 0 {
                exp += 1;
            } else {
                mant |= 1 << 52;
            }
            exp -= 1023;
            if mant == 0 {
                exp = 0;
            }
            mant <<= 60 - 52;
            while mant != 0 && mant & (1 << 60) == 0 {
                mant <<= 1;
                exp -= 1;
            }
            if neg {
                out.push('-');
            }
            out.push('0');
            out.push(fmt);
            out.push(if (mant >> 60) & 1 == 1 { '1' } else { '0' });
            mant <<= 4;
            if mant != 0 {
                out.push('.');
                while mant != 0 {
                    let d = ((mant >> 60) & 15) as u32;
                    let c = char::from_digit(d, 16).unwrap_or('0');
                    out.push(if fmt == 'X' {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    });
                    mant <<= 4;
                }
            }
            out.push(if fmt == 'X' { 'P' } else { 'p' });
            out.push(if exp < 0 { '-' } else { '+' });
            let e = exp.abs();
            if e < 10 {
                out.push('0');
            }
            out.push_str(&e.to_string());
        }
        'f' if prec >= 0 => {
            if neg {
                out.push('-');
            }
            // Rust caps precision at u16::MAX; past 1100 places an f64's exact decimal
            // expansion has only zeros left, so pad those by hand.
            let prec = prec as usize;
            out.push_str(&format!("{:.*}", prec.min(1100), a));
            out.extend(std::iter::repeat_n('0', prec.saturating_sub(1100)));
        }
        _ => {
            let shortest = prec < 0;
            let (d, dp) = if shortest {
                decimal(&format!("{a:e}"))
            } else {
                let digits = match fmt {
                    'e' | 'E' => prec + 1,
                    _ => prec.max(1),
                };
                // An f64 has at most 767 significant decimal digits.
                let digits = digits.min(800) as usize;
                let (mut d, dp) = decimal(&format!("{:.*e}", digits - 1, a));
                while d.last() == Some(&b'0') {
                    d.pop();
                }
                (d, dp)
            };
            let nd = d.len() as i64;
            let mut prec = if shortest {
                match fmt {
                    'e' | 'E' => (nd - 1).max(0),
                    'f' => (nd - dp).max(0),
                    _ => nd,
                }
            } else {
                prec
            };
            match fmt {
                'e' | 'E' => fmt_e(&mut out, neg, &d, dp, prec, fmt),
                'f' => fmt_f(&mut out, neg, &d, dp, prec),
                _ => {
                    if !shortest && prec == 0 {
                        prec = 1;
                    }
                    let mut eprec = prec;
                    if eprec > nd && nd >= dp {
                        eprec = nd;
                    }
                    if shortest {
                        eprec = 6;
                    }
                    let exp = dp - 1;
                    let e = if fmt == 'G' { 'E' } else { 'e' };
                    if exp < -4 || exp >= eprec {
                        if prec > nd {
                            prec = nd;
                        }
                        fmt_e(&mut out, neg, &d, dp, prec - 1, e);
                    } else {
                        if prec > dp {
                            prec = nd;
                        }
                        fmt_f(&mut out, neg, &d, dp, (prec - dp).max(0));
                    }
                }
            }
        }
    }
    out
}

/// `fmt.Sprintf("%.{prec}g", x)`: `prec` significant digits (0 counts as 1), trailing zeros
/// dropped, exponent form when the exponent is below -4 or at least `prec`.
pub fn g(x: f64, prec: usize) -> String {
    format_float(x, 'g', i64::try_from(prec).unwrap_or(i64::MAX))
}

/// `fmt.Sprint(x)` of a float64 (`%v`): the shortest digits, in exponent form when the
/// exponent is below -4 or at least 6 (`1e+06`), as `%g` with no precision.
pub fn sprint_float(x: f64) -> String {
    format_float(x, 'g', -1)
}
