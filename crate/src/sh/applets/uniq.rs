//! `uniq [-cdui] [FILE]`: adjacent equal lines once; `-c` counts them, `-d` keeps only
//! repeated ones, `-u` only unique ones, `-i` ignores case.

use super::{parse_args, read_input, Arg, Ctx, Flavour};

pub fn uniq(args: &[String], cx: &mut Ctx) -> i32 {
    let parsed = parse_args(args, "").unwrap_or_default();
    let mut flags = String::new();
    let mut files = Vec::new();
    for a in parsed {
        match a {
            Arg::Flag(c) if "cdui".contains(c) => flags.push(c),
            Arg::Flag(c) | Arg::Value(c, _) => {
                cx.bad_option("uniq", c);
                return 1;
            }
            Arg::Operand(o) => files.push(o),
        }
    }
    let name = files.first().cloned().unwrap_or_else(|| "-".into());
    let data = match read_input(cx, &name) {
        Ok(i) => i.data,
        Err(e) => {
            let msg = match cx.flavour {
                Flavour::Gnu => format!("uniq: {name}: {}\n", e.reason()),
                Flavour::Busybox => format!("uniq: can't open '{name}': {}\n", e.reason()),
            };
            cx.err(&msg);
            return 1;
        }
    };
    let text = String::from_utf8_lossy(&data);
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for l in text.lines() {
        match groups.last_mut() {
            Some((prev, n))
                if *prev == l
                    || (flags.contains('i') && prev.to_lowercase() == l.to_lowercase()) =>
            {
                *n += 1
            }
            _ => groups.push((l, 1)),
        }
    }
    let mut out = String::new();
    for (l, n) in groups {
        if (flags.contains('d') && n < 2) || (flags.contains('u') && n > 1) {
            continue;
        }
        if flags.contains('c') {
            out.push_str(&format!("{n:7} {l}\n"));
        } else {
            out.push_str(&format!("{l}\n"));
        }
    }
    cx.out(&out);
    0
}
