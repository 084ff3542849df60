//! `sort [-nrufb] [-t SEP] [-k F[.C][OPTS][,F[.C][OPTS]]]... [FILE]...`: the inputs'
//! lines in byte order (the C locale), by keys when given, with the whole line as the
//! last resort (not for `-u`, which keeps the first line of each run of equal keys).

use super::{lines, operands_or_stdin, parse_args, read_input, Arg, Ctx, Flavour};
use crate::sh::fs::Error;
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct KeyOpts {
    numeric: bool,
    reverse: bool,
    fold: bool,
    blanks: bool,
}

#[derive(Clone, Copy, Debug)]
struct Key {
    /// Field (1-based) and character (1-based, 0 = the field's start) where it starts.
    start: (usize, usize),
    /// Field and last character (0 = the field's end); `None` = the line's end.
    end: Option<(usize, usize)>,
    opts: KeyOpts,
}

/// Parses `F[.C][OPTS]`; the options letters are merged into `opts`.
fn key_pos(s: &str, opts: &mut KeyOpts) -> Option<(usize, usize)> {
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let field: usize = s.get(..digits_end)?.parse().ok()?;
    let mut rest = s.get(digits_end..)?;
    let mut ch = 0;
    if let Some(r) = rest.strip_prefix('.') {
        let e = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
        ch = r.get(..e)?.parse().ok()?;
        rest = r.get(e..)?;
    }
    for c in rest.chars() {
        match c {
            'n' => opts.numeric = true,
            'r' => opts.reverse = true,
            'f' => opts.fold = true,
            'b' => opts.blanks = true,
            _ => return None,
        }
    }
    Some((field, ch))
}

fn parse_key(spec: &str) -> Option<Key> {
    let mut opts = KeyOpts::default();
    let (a, b) = match spec.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (spec, None),
    };
    let start = key_pos(a, &mut opts)?;
    if start.0 == 0 {
        return None;
    }
    let end = match b {
        Some(b) => Some(key_pos(b, &mut opts)?),
        None => None,
    };
    Some(Key { start, end, opts })
}

/// The fields of a line: with a separator, split at it; without, each field starts at
/// the blanks before it (so `-k2` of `a b` is ` b`).
fn fields(line: &[u8], sep: Option<u8>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    match sep {
        Some(t) => {
            let mut start = 0;
            for (i, b) in line.iter().enumerate() {
                if *b == t {
                    out.push((start, i));
                    start = i + 1;
                }
            }
            out.push((start, line.len()));
        }
        None => {
            let blank = |b: u8| b == b' ' || b == b'\t';
            let mut i = 0;
            while i < line.len() {
                let start = i;
                while line.get(i).is_some_and(|b| blank(*b)) {
                    i += 1;
                }
                while line.get(i).is_some_and(|b| !blank(*b)) {
                    i += 1;
                }
                out.push((start, i));
            }
        }
    }
    out
}

fn skip_blanks(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| **b == b' ' || **b == b'\t').count();
    s.get(n..).unwrap_or(&[])
}

fn key_text<'a>(line: &'a [u8], key: &Key, sep: Option<u8>) -> &'a [u8] {
    let f = fields(line, sep);
    let (sf, sc) = key.start;
    let Some(&(fs, fe)) = f.get(sf - 1) else {
        return &[];
    };
    let mut start = fs;
    if sc > 0 {
        let field = line.get(fs..fe).unwrap_or(&[]);
        let skipped = if key.opts.blanks {
            field.len() - skip_blanks(field).len()
        } else {
            0
        };
        start = fs.saturating_add(skipped).saturating_add(sc - 1).min(fe);
    }
    let end = match key.end {
        None => line.len(),
        Some((ef, ec)) => match f.get(ef.saturating_sub(1)) {
            None => line.len(),
            Some(&(_, fe)) if ec == 0 => fe,
            Some(&(fs2, fe2)) => fs2.saturating_add(ec).min(fe2),
        },
    };
    let text = line.get(start..end.max(start)).unwrap_or(&[]);
    if key.opts.blanks {
        skip_blanks(text)
    } else {
        text
    }
}

/// The number at the start of `s` (after blanks), as `sort -n` reads it; 0 when none.
fn number(s: &[u8]) -> f64 {
    let t = skip_blanks(s);
    let mut end = 0;
    if t.first() == Some(&b'-') {
        end = 1;
    }
    let mut dot = false;
    while let Some(&b) = t.get(end) {
        if b.is_ascii_digit() || (b == b'.' && !dot) {
            dot |= b == b'.';
            end += 1;
        } else {
            break;
        }
    }
    std::str::from_utf8(t.get(..end).unwrap_or(&[]))
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0)
}

fn compare(a: &[u8], b: &[u8], o: KeyOpts) -> Ordering {
    let ord = if o.numeric {
        number(a).partial_cmp(&number(b)).unwrap_or(Ordering::Equal)
    } else if o.fold {
        let up = |s: &[u8]| s.to_ascii_uppercase();
        up(a).cmp(&up(b))
    } else {
        a.cmp(b)
    };
    if o.reverse {
        ord.reverse()
    } else {
        ord
    }
}

pub fn sort(args: &[String], cx: &mut Ctx) -> i32 {
    let usage_status = if cx.gnu() { 2 } else { 1 };
    let parsed = match parse_args(args, "tko") {
        Ok(p) => p,
        Err(c) => {
            cx.missing_argument("sort", c);
            return usage_status;
        }
    };
    let mut global = KeyOpts::default();
    let (mut unique, mut stable) = (false, false);
    let mut sep: Option<u8> = None;
    let mut keys: Vec<Key> = Vec::new();
    let mut files = Vec::new();
    for a in parsed {
        match a {
            Arg::Operand(f) => files.push(f),
            Arg::Flag('n') => global.numeric = true,
            Arg::Flag('r') => global.reverse = true,
            Arg::Flag('f') => global.fold = true,
            Arg::Flag('b') => global.blanks = true,
            Arg::Flag('u') => unique = true,
            Arg::Flag('s') => stable = true,
            Arg::Flag(c) => {
                cx.bad_option("sort", c);
                return usage_status;
            }
            Arg::Value('t', v) => {
                if v.len() != 1 {
                    let msg = match cx.flavour {
                        Flavour::Gnu => format!("sort: multi-character tab '{v}'\n"),
                        Flavour::Busybox => "sort: bad -t parameter\n".to_string(),
                    };
                    cx.err(&msg);
                    return usage_status;
                }
                sep = v.bytes().next();
            }
            Arg::Value('k', v) => match parse_key(&v) {
                Some(k) => keys.push(k),
                None => {
                    let msg = match cx.flavour {
                        Flavour::Gnu => format!("sort: invalid field specification '{v}'\n"),
                        Flavour::Busybox => format!("sort: bad field specification '{v}'\n"),
                    };
                    cx.err(&msg);
                    return usage_status;
                }
            },
            Arg::Value(_, _) => {}
        }
    }
    // Keys without their own options take the global ones.
    for k in &mut keys {
        if k.opts == KeyOpts::default() {
            k.opts = global;
        }
    }
    let mut all: Vec<Vec<u8>> = Vec::new();
    for f in operands_or_stdin(&files) {
        match read_input(cx, &f) {
            Ok(input) => all.extend(lines(&input.data).into_iter().map(<[u8]>::to_vec)),
            Err(e) => {
                let msg = match (cx.flavour, &e) {
                    (Flavour::Gnu, Error::IsDir) => {
                        format!("sort: read failed: {f}: Is a directory\n")
                    }
                    (Flavour::Gnu, _) => format!("sort: cannot read: {f}: {}\n", e.reason()),
                    // busybox reads a directory as empty.
                    (Flavour::Busybox, Error::IsDir) => continue,
                    (Flavour::Busybox, _) => format!("sort: {f}: {}\n", e.reason()),
                };
                cx.err(&msg);
                return 2;
            }
        }
    }
    let by_keys = |a: &[u8], b: &[u8]| -> Ordering {
        if keys.is_empty() {
            let o = KeyOpts {
                reverse: false,
                ..global
            };
            let ord = if o.numeric || o.fold || o.blanks {
                let (a, b) = if o.blanks {
                    (skip_blanks(a), skip_blanks(b))
                } else {
                    (a, b)
                };
                compare(a, b, o)
            } else {
                a.cmp(b)
            };
            return if global.reverse { ord.reverse() } else { ord };
        }
        for k in &keys {
            let ord = compare(key_text(a, k, sep), key_text(b, k, sep), k.opts);
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    };
    all.sort_by(|a, b| {
        let ord = by_keys(a, b);
        if ord != Ordering::Equal || unique || stable {
            return ord;
        }
        let last = a.as_slice().cmp(b.as_slice());
        if global.reverse {
            last.reverse()
        } else {
            last
        }
    });
    if unique {
        all.dedup_by(|b, a| by_keys(a, b) == Ordering::Equal);
    }
    let mut out = Vec::with_capacity(all.iter().map(|l| l.len() + 1).sum());
    for l in all {
        out.extend_from_slice(&l);
        out.push(b'\n');
    }
    cx.io.out(&out);
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_past_the_line_and_huge_positions_do_not_panic() {
        let k = parse_key("1.18446744073709551615,2.18446744073709551615").unwrap();
        assert_eq!(key_text(b"ab cd", &k, None), b" cd");
        let k = parse_key("9").unwrap();
        assert_eq!(key_text(b"a:b", &k, Some(b':')), b"");
        assert!(parse_key("0").is_none());
        assert!(parse_key("1x").is_none());
        assert_eq!(number(b"  -1.5x"), -1.5);
    }
}
