//! `seq [-w] [-s SEP] [FIRST [INC]] LAST`: numbers with as many decimals as FIRST and
//! INC have (`seq 1 0.5 2` prints `1.0 1.5 2.0`), `-w` pads with zeros to equal width.

use super::{parse_args, Arg, Ctx, Flavour};

/// The decimals a number was written with (`0.25` → 2).
fn decimals(s: &str) -> usize {
    let mantissa = s.split(['e', 'E']).next().unwrap_or("");
    mantissa.split_once('.').map_or(0, |(_, d)| d.len())
}

pub fn seq(args: &[String], cx: &mut Ctx) -> i32 {
    // A negative number is an operand, not an option.
    let numeric_start = args
        .iter()
        .position(|a| {
            a.starts_with('-')
                && a.get(1..2)
                    .is_some_and(|c| c.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
        .unwrap_or(args.len());
    let (opts, nums) = args.split_at(numeric_start);
    let parsed = match parse_args(opts, "s") {
        Ok(p) => p,
        Err(c) => {
            cx.missing_argument("seq", c);
            return 1;
        }
    };
    let mut sep = "\n".to_string();
    let mut width = false;
    let mut operands: Vec<String> = Vec::new();
    for a in parsed {
        match a {
            Arg::Value(_, v) => sep = v,
            Arg::Flag('w') => width = true,
            Arg::Flag(c) => {
                cx.bad_option("seq", c);
                return 1;
            }
            Arg::Operand(o) => operands.push(o),
        }
    }
    operands.extend(nums.iter().cloned());
    let mut values = Vec::new();
    for o in &operands {
        match o.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => values.push(v),
            _ => {
                return match cx.flavour {
                    Flavour::Gnu => {
                        cx.err(&format!(
                            "seq: invalid floating point argument: '{o}'\nTry 'seq --help' for more information.\n"
                        ));
                        1
                    }
                    Flavour::Busybox => cx.usage("seq", "[-w] [-s SEP] [FIRST [INC]] LAST", ""),
                };
            }
        }
    }
    let (first, step, last, prec) = match (values.as_slice(), operands.as_slice()) {
        ([l], _) => (1.0, 1.0, *l, 0),
        ([f, l], [fs, _]) => (*f, 1.0, *l, decimals(fs)),
        ([f, s, l], [fs, ss, _]) => (*f, *s, *l, decimals(fs).max(decimals(ss))),
        _ => return cx.usage("seq", "[-w] [-s SEP] [FIRST [INC]] LAST", "missing operand"),
    };
    if step == 0.0 {
        return 0;
    }
    let prec = prec.min(64);
    let fmt = |v: f64| format!("{v:.prec$}");
    let pad = if width {
        fmt(first).len().max(fmt(last).len())
    } else {
        0
    };
    let gnu = cx.gnu();
    let scale = 10f64.powi(prec as i32);
    let mut out = String::new();
    for i in 0..1_000_000u32 {
        let x = first + f64::from(i) * step;
        // GNU compares the printed values; busybox the binary ones.
        let x_cmp = if gnu { (x * scale).round() / scale } else { x };
        if (step > 0.0 && x_cmp > last) || (step < 0.0 && x_cmp < last) {
            break;
        }
        if i > 0 {
            out.push_str(&sep);
        }
        let s = fmt(x);
        let s = if s.starts_with('-') || s.len() >= pad {
            s
        } else {
            format!("{}{s}", "0".repeat(pad - s.len()))
        };
        out.push_str(&s);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    cx.out(&out);
    0
}
