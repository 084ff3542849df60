//! Go's `fmt` formatting, the parts layerlab prints with: [`sprintf`], [`sprint`] and
//! [`sprintln`] (verbs, flags, width, precision, argument indexes and the `%!v(MISSING)`
//! family of errors) over any [`Operand`], and `strconv.FormatFloat` beneath its float verbs:
//! [`format_float`] (`%e %f %g` with any precision, `'g'` with -1 for the shortest form),
//! [`g`] (`%.Ng`, which go-units' HumanSize prints with) and [`sprint_float`] (`%v`).

use super::strconv::{self, can_backquote, is_print, quote_rune, quote_rune_to_ascii};

/// `fmt.Sprintf("%q", items)` of a `[]string`: `["a" "b"]`.
pub fn quote_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| strconv::quote(s.as_ref())).collect();
    format!("[{}]", quoted.join(" "))
}
// ---------------------------------------------------------------------------------------
// Sprintf: fmt's verbs, flags, width and precision over operands that know how to print
// themselves (fmt's printValue is the operand's: template values print as decoded JSON).

/// What fmt learns about an operand by reflection.
pub trait Operand {
    /// A nil interface (or the invalid reflect.Value): printed `<nil>`.
    fn is_nil(&self) -> bool;
    /// A string: Sprint puts no space beside one.
    fn is_string(&self) -> bool;
    /// The dynamic type as `%T` and `%!d(string=x)` name it.
    fn type_name(&self) -> &str;
    /// The value as a `*` width or precision (fmt's intFromArg): integers that fit an int.
    fn as_int(&self) -> Option<i64>;
    /// fmt's printValue for a non-nil operand: writes it under `verb` (see [`fmt_bool`],
    /// [`fmt_integer`], [`fmt_float`] and [`fmt_string`] for the basic kinds).
    fn format(&self, out: &mut String, verb: char, sp: &Spec);
}

/// `%#U` of a rune: `U+0041 'A'`.
pub fn sharp_u(u: u32) -> String {
    match char::from_u32(u) {
        Some(c) if is_print(c) => format!("U+{u:04X} '{c}'"),
        _ => format!("U+{u:04X}"),
    }
}

/// fmt's per-verb flags.
#[derive(Clone, Copy, Default)]
pub struct Spec {
    pub minus: bool,
    pub plus: bool,
    pub sharp: bool,
    pub space: bool,
    pub zero: bool,
    pub sharp_v: bool,
    pub wid: Option<usize>,
    pub prec: Option<usize>,
}

/// Output is never padded past this length: what is longer is cut there, one byte over,
/// so that its user sees it is too long (templates refuse results over it). Go pads a
/// map's every element to the width, and `%9551615v` of a map would take gigabytes.
pub const MAX_LEN: usize = 16 << 20;

fn write_padding(out: &mut String, n: usize, sp: &Spec) {
    let c = if sp.zero && !sp.minus { '0' } else { ' ' };
    let room = (MAX_LEN + 1).saturating_sub(out.len());
    out.extend(std::iter::repeat_n(c, n.min(room)));
}

/// Writes `s` padded to the spec's width (with zeros under the `0` flag).
pub fn pad(out: &mut String, s: &str, sp: &Spec) {
    let Some(wid) = sp.wid.filter(|&w| w > 0) else {
        out.push_str(s);
        return;
    };
    let width = wid.saturating_sub(s.chars().count());
    if sp.minus {
        out.push_str(s);
        write_padding(out, width, sp);
    } else {
        write_padding(out, width, sp);
        out.push_str(s);
    }
}

/// fmt's badVerb: `%!d(string=x)`.
pub fn bad_verb(out: &mut String, v: &dyn Operand, verb: char, sp: &Spec) {
    out.push_str("%!");
    out.push(verb);
    out.push('(');
    if v.is_nil() {
        out.push_str("<nil>");
    } else {
        out.push_str(v.type_name());
        out.push('=');
        print_arg(out, v, 'v', sp);
    }
    out.push(')');
}

/// fmt's printArg: one operand at the top level.
pub fn print_arg(out: &mut String, v: &dyn Operand, verb: char, sp: &Spec) {
    if v.is_nil() {
        if verb == 'T' || verb == 'v' {
            pad(out, "<nil>", sp);
        } else {
            bad_verb(out, v, verb, sp);
        }
        return;
    }
    match verb {
        'T' => fmt_s(out, v.type_name(), sp),
        'p' => bad_verb(out, v, verb, sp),
        _ => v.format(out, verb, sp),
    }
}

fn fmt_s(out: &mut String, s: &str, sp: &Spec) {
    match sp.prec {
        Some(p) => {
            let t: String = s.chars().take(p).collect();
            pad(out, &t, sp);
        }
        None => pad(out, s, sp),
    }
}

fn fmt_q(out: &mut String, s: &str, sp: &Spec) {
    let s: String = match sp.prec {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    let q = if sp.sharp && can_backquote(&s) {
        format!("`{s}`")
    } else {
        if sp.plus {
            strconv::quote_to_ascii(&s)
        } else {
            strconv::quote(&s)
        }
    };
    pad(out, &q, sp);
}

fn fmt_sx(out: &mut String, s: &str, upper: bool, sp: &Spec) {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let b = s.as_bytes();
    let length = sp.prec.map_or(b.len(), |p| p.min(b.len()));
    let mut width = 2 * length;
    if width == 0 {
        if let Some(w) = sp.wid {
            write_padding(out, w, sp);
        }
        return;
    }
    if sp.space {
        if sp.sharp {
            width *= 2;
        }
        width += length - 1;
    } else if sp.sharp {
        width += 2;
    }
    let wid = sp.wid.unwrap_or(0);
    if wid > width && !sp.minus {
        write_padding(out, wid - width, sp);
    }
    let prefix = if upper { "0X" } else { "0x" };
    if sp.sharp {
        out.push_str(prefix);
    }
    for (i, c) in b.iter().take(length).enumerate() {
        if sp.space && i > 0 {
            out.push(' ');
            if sp.sharp {
                out.push_str(prefix);
            }
        }
        out.push(digits[(c >> 4) as usize] as char);
        out.push(digits[(c & 0xF) as usize] as char);
    }
    if wid > width && sp.minus {
        write_padding(out, wid - width, sp);
    }
}

/// fmt's boolean verbs (`%t`, `%v`); `v` is the operand, for a bad verb.
pub fn fmt_bool(out: &mut String, b: bool, verb: char, sp: &Spec, v: &dyn Operand) {
    match verb {
        't' | 'v' => pad(out, if b { "true" } else { "false" }, sp),
        _ => bad_verb(out, v, verb, sp),
    }
}

/// fmt's string verbs (`%v %s %q %x %X`); `v` is the operand, for a bad verb.
pub fn fmt_string(out: &mut String, s: &str, verb: char, sp: &Spec, v: &dyn Operand) {
    match verb {
        'v' if sp.sharp_v => fmt_q(out, s, sp),
        'v' | 's' => fmt_s(out, s, sp),
        'x' => fmt_sx(out, s, false, sp),
        'X' => fmt_sx(out, s, true, sp),
        'q' => fmt_q(out, s, sp),
        _ => bad_verb(out, v, verb, sp),
    }
}

/// fmt's integer verbs (`%v %d %b %o %O %x %X %c %q %U`) of the integer `-mag` or `mag`;
/// `v` is the operand, for a bad verb.
pub fn fmt_integer(out: &mut String, neg: bool, mag: u64, verb: char, sp: &Spec, v: &dyn Operand) {
    let raw = if neg { 0u64.wrapping_sub(mag) } else { mag };
    match verb {
        'v' | 'd' => fmt_int(out, neg, mag, 10, verb, false, sp),
        'b' => fmt_int(out, neg, mag, 2, verb, false, sp),
        'o' | 'O' => fmt_int(out, neg, mag, 8, verb, false, sp),
        'x' => fmt_int(out, neg, mag, 16, verb, false, sp),
        'X' => fmt_int(out, neg, mag, 16, verb, true, sp),
        'c' => pad(out, &rune_of(raw).to_string(), sp),
        'q' => {
            let c = rune_of(raw);
            let q = if sp.plus {
                quote_rune_to_ascii(c)
            } else {
                quote_rune(c)
            };
            pad(out, &q, sp)
        }
        'U' => fmt_unicode(out, raw, sp),
        _ => bad_verb(out, v, verb, sp),
    }
}

fn rune_of(u: u64) -> char {
    u32::try_from(u)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}')
}

fn fmt_int(out: &mut String, neg: bool, mag: u64, base: u32, verb: char, upper: bool, sp: &Spec) {
    let mut sp = *sp;
    let mut prec = 0usize;
    if let Some(p) = sp.prec {
        prec = p;
        if p == 0 && mag == 0 {
            sp.zero = false;
            write_padding(out, sp.wid.unwrap_or(0), &sp);
            return;
        }
    } else if let Some(w) = sp.wid.filter(|_| sp.zero && !sp.minus) {
        prec = w;
        if neg || sp.plus || sp.space {
            prec = prec.saturating_sub(1);
        }
    }
    let digits = match base {
        2 => format!("{mag:b}"),
        8 => format!("{mag:o}"),
        16 if upper => format!("{mag:X}"),
        16 => format!("{mag:x}"),
        _ => mag.to_string(),
    };
    let mut body = "0".repeat(prec.saturating_sub(digits.len()));
    body.push_str(&digits);
    if sp.sharp {
        match base {
            2 => body.insert_str(0, "0b"),
            8 if !body.starts_with('0') => body.insert(0, '0'),
            16 => body.insert_str(0, if upper { "0X" } else { "0x" }),
            _ => {}
        }
    }
    if verb == 'O' {
        body.insert_str(0, "0o");
    }
    if neg {
        body.insert(0, '-');
    } else if sp.plus {
        body.insert(0, '+');
    } else if sp.space {
        body.insert(0, ' ');
    }
    sp.zero = false;
    pad(out, &body, &sp);
}

fn fmt_unicode(out: &mut String, u: u64, sp: &Spec) {
    let prec = sp.prec.unwrap_or(4).max(4);
    let hex = format!("{u:X}");
    let mut s = format!("U+{}{hex}", "0".repeat(prec.saturating_sub(hex.len())));
    if sp.sharp {
        if let Some(c) = u32::try_from(u).ok().and_then(char::from_u32) {
            if is_print(c) {
                s.push_str(&format!(" '{c}'"));
            }
        }
    }
    let mut sp = *sp;
    sp.zero = false;
    pad(out, &s, &sp);
}

/// fmt's float verbs (`%v %b %e %E %f %F %g %G %x %X`); `v` is the operand, for a bad verb.
pub fn fmt_float(out: &mut String, f: f64, verb: char, sp: &Spec, v: &dyn Operand) {
    let (fmt, default_prec) = match verb {
        'v' => ('g', -1),
        'b' | 'g' | 'G' | 'x' | 'X' => (verb, -1),
        'f' | 'F' => ('f', 6),
        'e' | 'E' => (verb, 6),
        _ => return bad_verb(out, v, verb, sp),
    };
    let prec = sp.prec.map_or(default_prec, |p| p as i64);
    let num = format_float(f, fmt, prec);
    let (mut sign, body) = match num.strip_prefix('-') {
        Some(rest) => ('-', rest),
        None => ('+', num.strip_prefix('+').unwrap_or(&num)),
    };
    if sp.space && sign == '+' && !sp.plus {
        sign = ' ';
    }
    if body.starts_with('I') || body.starts_with('N') {
        let mut sp2 = *sp;
        sp2.zero = false;
        let s = if body.starts_with('N') && !sp.space && !sp.plus {
            body.to_string()
        } else {
            format!("{sign}{body}")
        };
        pad(out, &s, &sp2);
        return;
    }
    if sp.plus || sign != '+' {
        let len = 1 + body.len();
        if let Some(w) = sp.wid.filter(|&w| sp.zero && !sp.minus && w > len) {
            out.push(sign);
            write_padding(out, w - len, sp);
            out.push_str(body);
            return;
        }
        pad(out, &format!("{sign}{body}"), sp);
        return;
    }
    pad(out, body, sp);
}

/// fmt.Sprint.
pub fn sprint<A: Operand>(args: &[A]) -> String {
    let mut out = String::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = a.is_string();
        if i > 0 && !is_string && !prev_string {
            out.push(' ');
        }
        print_arg(&mut out, a, 'v', &Spec::default());
        prev_string = is_string;
    }
    out
}

/// fmt.Sprintln.
pub fn sprintln<A: Operand>(args: &[A]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        print_arg(&mut out, a, 'v', &Spec::default());
    }
    out.push('\n');
    out
}

fn too_large(x: i64) -> bool {
    !(-1_000_000..=1_000_000).contains(&x)
}

/// fmt's parsenum: (number, found, next index).
fn parse_num(b: &[u8], start: usize, end: usize) -> (usize, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num: i64 = 0;
    let mut found = false;
    let mut i = start;
    while i < end && b.get(i).is_some_and(u8::is_ascii_digit) {
        if too_large(num) {
            return (0, false, end);
        }
        num = num * 10 + (b[i] - b'0') as i64;
        found = true;
        i += 1;
    }
    (num as usize, found, i)
}

fn int_from_arg<A: Operand>(args: &[A], n: usize) -> (i64, bool, usize) {
    let Some(a) = args.get(n) else {
        return (0, false, n);
    };
    let (num, ok) = match a.as_int() {
        Some(i) => (i, true),
        None => (0, false),
    };
    if too_large(num) {
        return (0, false, n + 1);
    }
    (num, ok, n + 1)
}

/// fmt.Sprintf.
pub fn sprintf<A: Operand>(format: &str, args: &[A]) -> String {
    let b = format.as_bytes();
    let end = b.len();
    let mut out = String::new();
    let mut arg_num = 0usize;
    let mut reordered = false;
    let mut i = 0;
    'verbs: while i < end {
        let mut good_arg_num = true;
        let lasti = i;
        while i < end && b[i] != b'%' {
            i += 1;
        }
        if i > lasti {
            out.push_str(format.get(lasti..i).unwrap_or(""));
        }
        if i >= end {
            break;
        }
        i += 1;
        let mut sp = Spec::default();
        while i < end {
            match b[i] {
                b'#' => sp.sharp = true,
                b'0' => sp.zero = !sp.minus,
                b'+' => sp.plus = true,
                b'-' => {
                    sp.minus = true;
                    sp.zero = false;
                }
                b' ' => sp.space = true,
                c => {
                    if c.is_ascii_lowercase() && arg_num < args.len() {
                        if c == b'v' {
                            sp.sharp_v = sp.sharp;
                            sp.sharp = false;
                            sp.plus = false;
                        }
                        print_arg(&mut out, &args[arg_num], c as char, &sp);
                        arg_num += 1;
                        i += 1;
                        continue 'verbs;
                    }
                    break;
                }
            }
            i += 1;
        }
        // [n] argument index.
        let mut arg_index = |i: usize, arg_num: usize, good: &mut bool| -> (usize, usize, bool) {
            if b.get(i) != Some(&b'[') {
                return (arg_num, i, false);
            }
            reordered = true;
            let f = &b[i..];
            let (index, wid, ok) = {
                let mut r = (0i64, 1usize, false);
                if f.len() >= 3 {
                    if let Some(close) = f.iter().position(|&c| c == b']') {
                        let (w, found, newi) = parse_num(f, 1, close);
                        r = if !found || newi != close {
                            (0, close + 1, false)
                        } else {
                            (w as i64 - 1, close + 1, true)
                        };
                    }
                }
                r
            };
            if ok && index >= 0 && (index as usize) < args.len() {
                return (index as usize, i + wid, true);
            }
            *good = false;
            (arg_num, i + wid, ok)
        };
        let (n, ni, mut after_index) = arg_index(i, arg_num, &mut good_arg_num);
        arg_num = n;
        i = ni;
        if b.get(i) == Some(&b'*') {
            i += 1;
            let (w, ok, n) = int_from_arg(args, arg_num);
            arg_num = n;
            if !ok {
                out.push_str("%!(BADWIDTH)");
                sp.wid = None;
            } else if w < 0 {
                sp.wid = Some(w.unsigned_abs() as usize);
                sp.minus = true;
                sp.zero = false;
            } else {
                sp.wid = Some(w as usize);
            }
            after_index = false;
        } else {
            let (w, found, ni) = parse_num(b, i, end);
            i = ni;
            sp.wid = found.then_some(w);
            if after_index && found {
                good_arg_num = false;
            }
        }
        if i + 1 < end && b[i] == b'.' {
            i += 1;
            if after_index {
                good_arg_num = false;
            }
            let (n, ni, ai) = arg_index(i, arg_num, &mut good_arg_num);
            arg_num = n;
            i = ni;
            after_index = ai;
            if b.get(i) == Some(&b'*') {
                i += 1;
                let (p, ok, n) = int_from_arg(args, arg_num);
                arg_num = n;
                if ok && p >= 0 {
                    sp.prec = Some(p as usize);
                } else {
                    sp.prec = None;
                    out.push_str("%!(BADPREC)");
                }
                after_index = false;
            } else {
                let (p, found, ni) = parse_num(b, i, end);
                i = ni;
                sp.prec = Some(if found { p } else { 0 });
            }
        }
        if !after_index {
            let (n, ni, _) = arg_index(i, arg_num, &mut good_arg_num);
            arg_num = n;
            i = ni;
        }
        if i >= end {
            out.push_str("%!(NOVERB)");
            break;
        }
        let Some(verb) = format.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        i += verb.len_utf8();
        if verb == '%' {
            out.push('%');
        } else if !good_arg_num {
            out.push_str(&format!("%!{verb}(BADINDEX)"));
        } else if arg_num >= args.len() {
            out.push_str(&format!("%!{verb}(MISSING)"));
        } else {
            if verb == 'v' {
                sp.sharp_v = sp.sharp;
                sp.sharp = false;
                sp.plus = false;
            }
            print_arg(&mut out, &args[arg_num], verb, &sp);
            arg_num += 1;
        }
    }
    if !reordered && arg_num < args.len() {
        out.push_str("%!(EXTRA ");
        for (k, a) in args.iter().skip(arg_num).enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            if a.is_nil() {
                out.push_str("<nil>");
            } else {
                out.push_str(a.type_name());
                out.push('=');
                print_arg(&mut out, a, 'v', &Spec::default());
            }
        }
        out.push(')');
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal operand: what fmt sees of a Go int, float64, string or nil.
    enum A {
        Int(i64),
        Float(f64),
        Str(&'static str),
        Nil,
    }

    impl Operand for A {
        fn is_nil(&self) -> bool {
            matches!(self, A::Nil)
        }
        fn is_string(&self) -> bool {
            matches!(self, A::Str(_))
        }
        fn type_name(&self) -> &str {
            match self {
                A::Int(_) => "int",
                A::Float(_) => "float64",
                A::Str(_) => "string",
                A::Nil => "<nil>",
            }
        }
        fn as_int(&self) -> Option<i64> {
            match self {
                A::Int(i) => Some(*i),
                _ => None,
            }
        }
        fn format(&self, out: &mut String, verb: char, sp: &Spec) {
            match *self {
                A::Int(i) => fmt_integer(out, i < 0, i.unsigned_abs(), verb, sp, self),
                A::Float(f) => fmt_float(out, f, verb, sp, self),
                A::Str(s) => fmt_string(out, s, verb, sp, self),
                A::Nil => out.push_str("<nil>"),
            }
        }
    }

    #[test]
    fn floats_like_strconv() {
        assert_eq!(format_float(0.1, 'g', -1), "0.1");
        assert_eq!(format_float(1e6, 'g', -1), "1e+06");
        assert_eq!(format_float(123456.0, 'g', -1), "123456");
        assert_eq!(format_float(1e-5, 'g', -1), "1e-05");
        assert_eq!(format_float(1e21, 'e', -1), "1e+21");
        assert_eq!(format_float(2.5, 'f', 0), "2");
        assert_eq!(format_float(3.5, 'f', 0), "4");
        assert_eq!(format_float(1.0 / 3.0, 'e', 3), "3.333e-01");
        assert_eq!(format_float(-0.0, 'g', -1), "-0");
        assert_eq!(format_float(f64::INFINITY, 'g', -1), "+Inf");
        assert_eq!(format_float(f64::NAN, 'f', 2), "NaN");
        assert_eq!(format_float(1.0, 'x', -1), "0x1p+00");
        assert_eq!(format_float(8.0, 'b', -1), "4503599627370496p-49");
    }

    #[test]
    fn g_like_go_units() {
        assert_eq!(g(0.0, 3), "0");
        assert_eq!(g(13.3, 3), "13.3");
        assert_eq!(g(4.865, 3), "4.87");
        assert_eq!(g(999.999, 3), "1e+03");
        assert_eq!(g(1.22051, 4), "1.221");
        assert_eq!(g(1.2205, 4), "1.22");
        assert_eq!(g(0.00001234, 3), "1.23e-05");
        assert_eq!(g(7.0, 0), "7");
        assert_eq!(sprint_float(0.4834911001404049), "0.4834911001404049");
    }

    #[test]
    fn sprintf_like_go() {
        let f = |format: &str, args: &[A]| sprintf(format, args);
        assert_eq!(
            f(
                "%6.2f|%-6d|%q",
                &[A::Float(12.34567), A::Int(42), A::Str("a\"b")]
            ),
            " 12.35|42    |\"a\\\"b\""
        );
        assert_eq!(
            f("%08.3f %+d %x", &[A::Float(-3.5), A::Int(5), A::Str("hi")]),
            "-003.500 +5 6869"
        );
        assert_eq!(
            f(
                "%*d|%.*s",
                &[A::Int(4), A::Int(7), A::Int(2), A::Str("abc")]
            ),
            "   7|ab"
        );
        assert_eq!(f("%[2]d %[1]d", &[A::Int(1), A::Int(2)]), "2 1");
        assert_eq!(f("%d", &[A::Str("x")]), "%!d(string=x)");
        assert_eq!(f("%d %d", &[A::Int(1)]), "1 %!d(MISSING)");
        assert_eq!(f("%d", &[A::Int(1), A::Nil]), "1%!(EXTRA <nil>)");
        assert_eq!(f("%!", &[]), "%!!(MISSING)");
        assert_eq!(f("%", &[]), "%!(NOVERB)");
        assert_eq!(f("%v %T", &[A::Nil, A::Float(1.0)]), "<nil> float64");
        assert_eq!(
            f(
                "%U %#U %c",
                &[A::Int(0x263a), A::Int(0x41), A::Int(0x1f600)]
            ),
            "U+263A U+0041 'A' \u{1f600}"
        );
        assert_eq!(
            sprint(&[A::Int(1), A::Int(2), A::Str("a"), A::Int(3)]),
            "1 2a3"
        );
        assert_eq!(sprintln(&[A::Str("a"), A::Int(1)]), "a 1\n");
        assert_eq!(sharp_u(0x2028), "U+2028");
        assert_eq!(quote_list(&["--a=b", "c"]), r#"["--a=b" "c"]"#);
    }
}
